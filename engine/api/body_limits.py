"""Bounds on what a client sends, checked before pydantic validates the items.

Request bodies are validated on the event loop: a list of a million wrong items (well
under the body cap) would hold it for seconds while pydantic builds a million errors,
and a long value echoed in an error would make a megabyte error. Each list and object is
refused past its bound with one short error, before its items are looked at.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Discriminator, Field, Tag
from pydantic_core import PydanticCustomError

# A conversation's messages, and its content parts all messages together.
MAX_MESSAGES = 2048
MAX_CONTENT_PARTS = 2048
# Role, part type and model names: echoed in error messages, so kept short.
MAX_NAME_CHARS = 64
MAX_MODEL_CHARS = 4096  # a model may be named by its path
# A JSON schema for response_format: the grammar built from it grows with the square of
# an object's optional properties, on the event loop.
MAX_SCHEMA_NODES = 1024
MAX_SCHEMA_KEYS = 64
# The grammar writes a repetition out in full (``minItems: 1000`` is a thousand copies
# of the item's rule), so each bound is capped, under llama.cpp's own limit of 2000
# repetitions in a grammar rule, and so is the grammar they make together.
MAX_SCHEMA_REPEAT = 1000
MAX_GRAMMAR_BYTES = 256 * 1024
REPEAT_FIELDS = (
    "minItems",
    "maxItems",
    "minLength",
    "maxLength",
    "minProperties",
    "maxProperties",
    "minContains",
    "maxContains",
)
# Values that are data, not schema: a "minItems" inside them bounds nothing.
_DATA_KEYS = frozenset({"const", "enum", "default", "examples"})
# Bytes a repetition writes besides the rule's name (separators, suffixes as "-item").
_RULE_OVERHEAD = 24
# A {…} in a pattern, read as the grammar builder does: up to the next "}".
_QUANTIFIER = re.compile(r"\{[^}]*\}")


def shown(value: object, limit: int = 40) -> str:
    """``value``'s repr for an error message, cut to ``limit`` characters."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def at_most(
    limit: int, noun: str, message: str = "at most {limit} {noun} are allowed, not {count}."
) -> BeforeValidator:
    """Refuses a list (or object) of more than ``limit`` items before its items are
    validated, with one short error."""

    def check(value: object) -> object:
        if isinstance(value, list | dict) and len(value) > limit:
            raise PydanticCustomError(
                "too_many_items", message, {"limit": limit, "noun": noun, "count": len(value)}
            )
        return value

    return BeforeValidator(check)


def _text_or_list_kind(value: object) -> str | None:
    if isinstance(value, str):
        return "text"
    return "list" if isinstance(value, list) else None


def text_or_list(noun: str) -> Discriminator:
    """For a field that is a text or a list: only the arm the value's type names is
    validated, so that a wrong item gets its own error rather than the text arm's."""
    return Discriminator(
        _text_or_list_kind,
        custom_error_type="text_or_list",
        custom_error_message=f"must be a text or a list of {noun}",
    )


def parts_in_all(value: object) -> object:
    """Refuses a conversation whose messages hold too many content parts together (each
    message's own list is bounded too, but not their sum)."""
    if isinstance(value, list) and len(value) <= MAX_MESSAGES:
        parts = 0
        for message in value:
            content = message.get("content") if isinstance(message, dict) else None
            if isinstance(content, list):
                parts += len(content)
        if parts > MAX_CONTENT_PARTS:
            raise PydanticCustomError(
                "too_many_items",
                "the messages hold {count} content parts together; at most {limit} are allowed.",
                {"count": parts, "limit": MAX_CONTENT_PARTS},
            )
    return value


def schema_size_problem(schema: dict[str, Any]) -> str | None:
    """Why a JSON schema is too large to make a grammar of (None: it is not): more than
    :data:`MAX_SCHEMA_NODES` values, an object of more than :data:`MAX_SCHEMA_KEYS`
    keys, or a repetition bound (:data:`REPEAT_FIELDS`, a ``{n,m}`` in a ``pattern``)
    over :data:`MAX_SCHEMA_REPEAT` or that together would write a grammar over
    :data:`MAX_GRAMMAR_BYTES`. Looks at no more than that many values."""
    # Each entry: a value, the keys that lead to it, whether it is data (const, enum,
    # default, examples) rather than schema.
    pending: list[tuple[object, tuple[str, ...], bool]] = [(schema, (), False)]
    seen = 0
    written = 0.0  # an estimate of the grammar's bytes that repetitions write out
    while pending:
        node, path, data = pending.pop()
        seen += 1
        if seen > MAX_SCHEMA_NODES:
            return f"This JSON schema is too large: at most {MAX_SCHEMA_NODES} values."
        if isinstance(node, dict):
            if len(node) > MAX_SCHEMA_KEYS:
                return (
                    f"This JSON schema has an object of {len(node)} keys; at most "
                    f"{MAX_SCHEMA_KEYS} are supported."
                )
            if not data:
                bounds = _repeat_bounds(node)
                if isinstance(bounds, tuple):
                    return _at(bounds[0], path, bounds[1])
                # Each repetition writes the repeated rule's name, which the grammar
                # builds from the keys that lead to it.
                written += sum(bounds) * (sum(map(len, path)) + _RULE_OVERHEAD)
                if written > MAX_GRAMMAR_BYTES:
                    return _at(
                        "repetitions (minItems, maxLength, pattern quantifiers…)",
                        path,
                        f"with those before them make a grammar over {MAX_GRAMMAR_BYTES // 1024} "
                        "KB; ask for fewer",
                    )
            for key, value in node.items():
                inner = data or (key in _DATA_KEYS and path[-1:] != ("properties",))
                pending.append((value, (*path, str(key)), inner))
        elif isinstance(node, list):
            pending.extend((item, path, data) for item in node[: MAX_SCHEMA_NODES + 1])
    return None


def _at(subject: str, path: tuple[str, ...], problem: str) -> str:
    where = f" at {shown('.'.join(path))}" if path else ""
    return f"This JSON schema's {subject}{where} {problem}."


def _repeat_bounds(node: dict[str, Any]) -> list[float] | tuple[str, str]:
    """The repetition counts a schema object asks for, or the one that is too large and
    what is wrong with it."""
    bounds: list[float] = []
    for field in REPEAT_FIELDS:
        value = node.get(field)
        if isinstance(value, int | float) and not isinstance(value, bool):
            if not value <= MAX_SCHEMA_REPEAT:  # also NaN and infinity
                return field, f"is {shown(value)}; at most {MAX_SCHEMA_REPEAT} is supported"
            bounds.append(max(value, 0))
    pattern = node.get("pattern")
    if isinstance(pattern, str):
        for quantifier in _QUANTIFIER.findall(pattern):
            for number in quantifier[1:-1].split(","):
                count = _count(number)
                if count is None:
                    continue
                if count > MAX_SCHEMA_REPEAT:
                    return (
                        f"pattern quantifier {shown(quantifier, 24)}",
                        f"repeats more than {MAX_SCHEMA_REPEAT} times",
                    )
                bounds.append(count)
    return bounds


def _count(text: str) -> int | None:
    """A pattern quantifier's number as the grammar builder reads it (``int()``: spaces,
    underscores and a sign pass); None where it reads none. A number too long to read
    counts as too large."""
    text = text.strip()
    if len(text) > 16:
        return MAX_SCHEMA_REPEAT + 1
    try:
        return int(text)
    except ValueError:
        return None


MAX_EMBEDDING_INPUTS = 2048  # as OpenAI
# As OpenAI: the most tokens of one input given as token ids (a model embeds fewer: the
# request is then refused for its context), and of all inputs of one request together.
MAX_EMBEDDING_INPUT_TOKENS = 8192
MAX_EMBEDDING_TOKENS = 300_000
_EMBEDDING_INPUT_KINDS = (
    "input must be a text, a list of texts, a list of token ids, or a list of lists of token ids"
)


def _is_token(item: object) -> bool:
    return type(item) is int  # not a bool, which JSON's true would be


def _first_not(kind: type, items: list[Any]) -> int | None:
    """The index of the first item not exactly of ``kind`` (None: all are); the common
    case, all of them, is checked at C speed."""
    if set(map(type, items)) <= {kind}:
        return None
    return next(i for i, item in enumerate(items) if type(item) is not kind)


def _input_kind(value: object) -> str | None:
    """Which of OpenAI's four shapes ``input`` has, by its first item; the items are
    checked by :func:`_embedding_input` first."""
    if isinstance(value, str):
        return "text"
    if not isinstance(value, list):
        return None
    if not value or isinstance(value[0], str):
        return "texts"
    return "tokens" if _is_token(value[0]) else "token_lists"


def _wrong_item(index: int) -> PydanticCustomError:
    return PydanticCustomError(
        "input_item",
        "item {index} is not of the list's kind ({kinds}).",
        {"index": index, "kinds": _EMBEDDING_INPUT_KINDS},
    )


def _embedding_input(value: object) -> object:
    """Checks ``input``'s shape, sizes and item types in one pass, before pydantic reads
    it, so that a wrong body gets one short error however many items it has."""
    if isinstance(value, str):
        return value
    if not isinstance(value, list):
        raise PydanticCustomError("input_type", _EMBEDDING_INPUT_KINDS + ".")
    kind = _input_kind(value)
    limit = MAX_EMBEDDING_INPUT_TOKENS if kind == "tokens" else MAX_EMBEDDING_INPUTS
    if len(value) > limit:
        raise PydanticCustomError(
            "too_many_items",
            "at most {limit} items are allowed, not {count}.",
            {"limit": limit, "count": len(value)},
        )
    if kind == "texts":
        wrong = _first_not(str, value)
    elif kind == "tokens":
        wrong = _first_not(int, value)
    else:
        wrong = None
        total = 0
        for index, item in enumerate(value):
            if not isinstance(item, list):
                wrong = index
                break
            if len(item) > MAX_EMBEDDING_INPUT_TOKENS:
                raise PydanticCustomError(
                    "too_many_items",
                    "item {index} holds {count} token ids; at most {limit} are allowed.",
                    {"index": index, "count": len(item), "limit": MAX_EMBEDDING_INPUT_TOKENS},
                )
            total += len(item)
            if total > MAX_EMBEDDING_TOKENS:
                raise PydanticCustomError(
                    "too_many_items",
                    "the inputs hold more than {limit} token ids together.",
                    {"limit": MAX_EMBEDDING_TOKENS},
                )
            if _first_not(int, item) is not None:
                wrong = index
                break
    if wrong is not None:
        raise _wrong_item(wrong)
    return value


_TokenIds = Annotated[list[int], Field(max_length=MAX_EMBEDDING_INPUT_TOKENS)]
EmbeddingInput = Annotated[
    Annotated[str, Tag("text")]
    | Annotated[list[str], Field(max_length=MAX_EMBEDDING_INPUTS), Tag("texts")]
    | Annotated[_TokenIds, Tag("tokens")]
    | Annotated[list[_TokenIds], Field(max_length=MAX_EMBEDDING_INPUTS), Tag("token_lists")],
    Discriminator(_input_kind),
    BeforeValidator(_embedding_input),
]
