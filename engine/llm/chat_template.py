"""Render a conversation into a prompt with the model's own chat template.

Templates come from the GGUF file (``tokenizer.chat_template``) and are untrusted
input: they run in Jinja2's immutable sandbox, so a hostile template can neither read
attributes it should not nor mutate the objects it is given. The sandbox alone still
lets a template loop 10^10 times or build a gigabyte string, so rendering is also
bounded in time and in the size of every text it builds (:class:`TemplateLimitError`).
A model without a template gets a clear error instead of llama-cpp-python's silent
``llama-2`` fallback, which is the wrong format for nearly every current model.

:func:`render_prompt_pieces` tells the template's own text from the messages' text, so
that only the template's markers become control tokens (see ``engine.llm.model``).
"""

from __future__ import annotations

import contextvars
import datetime
import functools
import logging
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NoReturn

from engine.common.errors import ChatTemplateError, NoChatTemplateError
from engine.llm.messages import Cancelled, ChatMessage, Role

log = logging.getLogger(__name__)

# Texts that end a turn in the common template families. Most models also mark these
# as end-of-generation tokens; matching the text as well stops a model whose
# vocabulary does not.
TURN_END_MARKERS = ("<|im_end|>", "<end_of_turn>", "<|eot_id|>", "<|end|>", "</s>")

# A real template renders a long conversation in milliseconds; these only stop hostile
# ones. Texts may grow with the conversation (a template may repeat the system prompt).
RENDER_SECONDS = 2.0
MIN_TEXT_CHARS = 1_000_000
TEXT_CHARS_PER_INPUT_CHAR = 4
# Integers a template computes stay small: 2 ** 10 ** 9 would take minutes.
MAX_INT_BITS = 4096
# One call of a built-in runs to its end before the budget can look again, so the calls
# whose work grows faster than their output are refused beforehand past these sizes
# (each a small fraction of a second).
MAX_WRAP_CHARS = 1_000_000  # textwrap handles about a million characters a second
MAX_WRAP_COPIES = 2_000_000_000  # characters textwrap copies splitting long words
MAX_SUM_COPIES = 50_000_000  # items copied adding lists one by one
# Filters no chat template needs whose single call can take minutes on a small input
# (urlize's patterns backtrack; pprint is slow pure Python); a template using one is
# refused as invalid.
REMOVED_FILTERS = ("urlize", "pprint")
# Filters that print their subject: a structure is checked before it is printed.
_PRINTING_FILTERS = frozenset(
    {
        "capitalize",
        "center",
        "e",
        "escape",
        "forceescape",
        "format",
        "indent",
        "lower",
        "replace",
        "safe",
        "string",
        "striptags",
        "title",
        "tojson",
        "trim",
        "truncate",
        "upper",
        "urlencode",
        "wordcount",
        "wordwrap",
        "xmlattr",
    }
)
# Filters that make a list of a text's characters.
_LISTING_FILTERS = frozenset(
    {"batch", "groupby", "list", "map", "reject", "select", "slice", "sort", "unique"}
)


class TemplateLimitError(ChatTemplateError):
    """A chat template ran too long or built too much text, and was stopped."""


def _raise_exception(message: str) -> NoReturn:
    raise ChatTemplateError(f"The model's chat template refused the conversation: {message}")


def _strftime_now(fmt: str) -> str:
    return datetime.datetime.now().strftime(fmt)


class _Budget:
    """The limits of one render: a deadline, a text size and the request's cancel."""

    def __init__(self, max_chars: int, seconds: float, cancel: threading.Event | None) -> None:
        self.max_chars = max_chars
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.cancel = cancel

    def tick(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled
        if time.monotonic() > self.deadline:
            raise TemplateLimitError(
                f"The chat template was stopped: it ran longer than the limit of "
                f"{self.seconds:g} seconds."
            )

    def refuse_time(self, what: str) -> NoReturn:
        raise TemplateLimitError(
            f"The chat template was stopped: {what} would run longer than the limit of "
            f"{self.seconds:g} seconds."
        )

    def refuse_size(self, size: int) -> NoReturn:
        raise TemplateLimitError(
            f"The chat template was stopped: it tried to build a text of about {size:,} "
            f"characters, over the limit of {self.max_chars:,} characters."
        )

    def check_size(self, size: int) -> None:
        if size > self.max_chars:
            self.refuse_size(size)

    def check(self, value: Any) -> Any:
        """Refuse ``value`` if it is (or would print as) more text than allowed."""
        if isinstance(value, (str, bytes, bytearray)):
            self.check_size(len(value))
        elif isinstance(value, int) and not isinstance(value, bool):
            if value.bit_length() > MAX_INT_BITS:
                raise TemplateLimitError(
                    f"The chat template was stopped: it computed a number of more than "
                    f"{MAX_INT_BITS} bits, over the limit."
                )
        elif isinstance(value, (list, tuple, dict, set, frozenset)):
            self.check_size(_expanded_size(value, self.max_chars))
        return value


def _expanded_size(value: Any, limit: int) -> int:
    """About how many characters ``value`` prints as, counting shared parts each time
    they appear (``[x, x]`` nested 60 deep is tiny in memory but not as text); stops
    counting past ``limit``."""
    total = 0
    stack = [value]
    while stack and total <= limit:
        item = stack.pop()
        if isinstance(item, (str, bytes, bytearray)):
            total += len(item) + 2
        elif isinstance(item, dict):
            total += 2 + 2 * len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += 2 + 2 * len(item)
            stack.extend(item)
        else:
            total += 8
    return total


_current_budget: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar(
    "hearth_template_budget", default=None
)


def _budget() -> _Budget:
    budget = _current_budget.get()
    if budget is None:  # rendered outside render_prompt: the default limits
        budget = _Budget(MIN_TEXT_CHARS, RENDER_SECONDS, None)
        _current_budget.set(budget)
    return budget


def _format_widths_ok(fmt: str, values: Sequence[Any], budget: _Budget) -> None:
    """Refuse a format string whose field widths (literal or taken from the values,
    ``%*d`` / ``{:{w}}``) would pad a text past the limit."""
    for digits in re.findall(r"\d+", fmt):
        if len(digits) > 12 or int(digits) > budget.max_chars:
            budget.refuse_size(int(digits[:18]))
    if "*" in fmt or re.search(r"\{[^{}]*\{", fmt):
        for value in values:
            if isinstance(value, int) and abs(value) > budget.max_chars:
                budget.refuse_size(abs(value))


def _format_size_ok(fmt: str, values: Sequence[Any], budget: _Budget) -> None:
    """Refuse a format string that prints its values more often than the limit allows
    (``('%(a)s' * 10**5) % {'a': text}``): each field may print the widest value."""
    fields = fmt.count("%") + fmt.count("{")
    if not fields:
        return
    candidates: list[Any] = []
    for value in values:
        candidates.extend(value.values() if isinstance(value, Mapping) else (value,))
    total = sum(_expanded_size(v, budget.max_chars) for v in values)
    widest = max((_expanded_size(v, budget.max_chars) for v in candidates), default=0)
    # A value printed once each (``'%s: %s' % (a, b)``) counts once; named or numbered
    # fields may print one value many times.
    repeats = len(re.findall(r"%\(|\{\s*[\w\[]", fmt))
    # repr() and ascii() may print a character as up to 10 (\U0001f600).
    factor = 10 if re.search(r"![ra]|%(?:\([^)]*\))?[-#0 +*.\d]*[ra]", fmt) else 1
    budget.check_size(len(fmt) + (total + repeats * widest) * factor)


def _joined_size(separator: str | bytes | bytearray, items: list[Any], limit: int) -> int:
    total = len(separator) * max(len(items) - 1, 0)
    for item in items:
        if total > limit:
            break
        total += len(item) if isinstance(item, (str, bytes)) else _expanded_size(item, limit)
    return total


def _largest_mapped(table: Any) -> int:
    """The longest text ``str.translate(table)`` may put in place of one character."""
    if isinstance(table, Mapping):
        values: Any = table.values()
    elif isinstance(table, (list, tuple)):
        values = table
    else:
        return 1
    return max((len(v) for v in values if isinstance(v, (str, bytes))), default=1)


def _precheck_str_method(
    text: str | bytes | bytearray, name: str, args: list[Any], kwargs: dict[str, Any]
) -> None:
    """Refuse the str (and bytes) methods that turn a small text into a huge one,
    before they run."""
    budget = _budget()
    if name == "join" and args:
        args[0] = list(args[0])
        budget.check_size(_joined_size(text, args[0], budget.max_chars))
    elif name == "replace" and len(args) >= 2:
        old, new = args[0], args[1]
        if not (isinstance(old, (str, bytes)) and isinstance(new, (str, bytes))):
            return
        try:
            count = text.count(old) if old else len(text) + 1  # type: ignore[arg-type]
        except TypeError:
            return  # the call itself refuses the mix of str and bytes
        if len(args) > 2 and isinstance(args[2], int) and args[2] >= 0:
            count = min(count, args[2])
        budget.check_size(len(text) + count * max(len(new) - len(old), 0))
    elif name in ("ljust", "rjust", "center", "zfill") and args and isinstance(args[0], int):
        budget.check_size(args[0])
    elif name == "expandtabs":
        size = args[0] if args and isinstance(args[0], int) else kwargs.get("tabsize", 8)
        budget.check_size(len(text) * max(int(size), 1))
    elif name == "translate" and args:
        budget.check_size(len(text) * max(_largest_mapped(args[0]), 1))
    elif name in ("format", "format_map") and isinstance(text, str):
        values = [*args, *kwargs.values()]
        _format_widths_ok(text, values, budget)
        _format_size_ok(text, values, budget)


def _precheck_int_method(name: str, args: list[Any], kwargs: dict[str, Any]) -> None:
    """``(1).to_bytes(10**9)`` would build a gigabyte in one call."""
    if name == "to_bytes":
        length = args[0] if args else kwargs.get("length", 1)
        if isinstance(length, int):
            _budget().check_size(length)


def _json_size(value: Any, indent: Any, limit: int) -> int:
    """About how many characters ``tojson(value, indent)`` prints: every item on a line
    of its own, indented by its depth."""
    pad = indent if isinstance(indent, int) else len(indent) if isinstance(indent, str) else 0
    pad = max(pad, 0)
    total = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack and total <= limit:
        item, depth = stack.pop()
        total += pad * depth + (1 if pad or indent is not None else 0)
        if isinstance(item, str):
            total += len(item) + 2
        elif isinstance(item, Mapping):
            total += 4 + 2 * len(item)
            stack.extend((key, depth + 1) for key in item)
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, (list, tuple)):
            total += 2 + 2 * len(item)
            stack.extend((v, depth + 1) for v in item)
        else:
            total += 8
    return total


def _precheck_filter(
    name: str, subject: Any, rest: list[Any], kwargs: dict[str, Any], budget: _Budget
) -> Any:
    """Refuse a filter call whose one run would go far past the limits, before it runs.
    Returns the subject, made a list where it had to be read to check it."""

    def arg(position: int, key: str, default: Any = None) -> Any:
        return rest[position] if len(rest) > position else kwargs.get(key, default)

    if name in _PRINTING_FILTERS and not isinstance(subject, str):
        budget.check(subject)
    if name in _LISTING_FILTERS and isinstance(subject, str):
        budget.check_size(3 * len(subject))  # as checked once it is a list
    if name == "join" and subject is not None:
        subject = list(subject)
        separator = arg(0, "d", "")
        budget.check_size(_joined_size(str(separator), subject, budget.max_chars))
    elif name == "center" and isinstance(arg(0, "width"), int):
        budget.check_size(arg(0, "width"))
    elif name == "indent" and isinstance(subject, str):
        width = arg(0, "width", 4)
        pad = width if isinstance(width, int) else len(str(width))
        budget.check_size(len(subject) + (subject.count("\n") + 1) * max(pad, 0))
    elif name == "replace" and isinstance(subject, str) and len(rest) >= 2:
        _precheck_str_method(subject, "replace", [*rest], {})
    elif name == "format" and isinstance(subject, str):
        values = [*rest, *kwargs.values()]
        _format_widths_ok(subject, values, budget)
        _format_size_ok(subject, values, budget)
    elif name in ("batch", "slice"):
        # batch(n, fill) pads its last row to n items, slice(n) yields n rows: both
        # in one call, however short the subject.
        count, fill = arg(0, "linecount" if name == "batch" else "slices"), arg(1, "fill_with")
        if isinstance(count, int):
            each = 2 if fill is None else 2 + _expanded_size(fill, budget.max_chars)
            budget.check_size(count * each if name == "slice" or fill is not None else 0)
    elif name == "wordwrap" and isinstance(subject, str):
        width = arg(0, "width", 79)
        width = max(width, 1) if isinstance(width, int) else 79
        wrapstring = arg(2, "wrapstring", "\n")
        wrap = len(wrapstring) if isinstance(wrapstring, str) else 1
        lines = subject.count("\n") + 1 + len(subject) // width
        budget.check_size(len(subject) + lines * max(wrap, 1))
        if len(subject) > MAX_WRAP_CHARS:
            budget.refuse_time(f"wrapping a text of {len(subject):,} characters")
        longest = max((len(word) for word in subject.split()), default=0)
        # Breaking a word longer than the line copies the rest of it for every line.
        if longest > width and (longest // width) * longest // 2 > MAX_WRAP_COPIES:
            budget.refuse_time(f"wrapping a word of {longest:,} characters")
    elif name == "tojson":
        budget.check_size(_json_size(subject, arg(0, "indent"), budget.max_chars))
    elif name == "sum":
        start = arg(1, "start", 0)
        if not isinstance(start, (int, float)):
            # Adding lists one by one copies the sum so far each time: quadratic.
            subject = list(subject)
            items = [i for i in subject if isinstance(i, (list, tuple, str))]
            size = sum(len(i) for i in items) + (len(start) if hasattr(start, "__len__") else 0)
            if len(items) * size // 2 > MAX_SUM_COPIES:
                budget.refuse_time(f"adding up {len(items):,} lists")
    return subject


def _sized_iter(iterator: Iterator[Any]) -> Iterator[Any]:
    """What a filter that yields (map, select, batch…) gives: the items, with a time
    check per item and the size of all of them counted, as a list of them would be."""
    budget = _budget()
    size = 2
    for item in iterator:
        budget.tick()
        size += 2 + _expanded_size(item, budget.max_chars)
        budget.check_size(size)
        yield item


def _checked_concat(parts: Any) -> str:
    """``environment.concat``: a macro's, block's or ``{% set %}`` block's output,
    refused before it is joined if it would be too long."""
    budget = _budget()
    budget.tick()
    parts = list(parts)
    total = 0
    for part in parts:
        total += len(part) if isinstance(part, str) else 16
        budget.check_size(total)
    return "".join(parts)


def _checked_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a Jinja filter: check the time, refuse amplifying arguments, check the result."""

    @functools.wraps(function)
    def checked(*args: Any, **kwargs: Any) -> Any:
        budget = _budget()
        budget.tick()
        values = list(args)
        # Filters marked pass_context/eval_context/environment get that first.
        offset = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0
        if len(values) > offset:
            subject = values[offset]
            values[offset] = _precheck_filter(name, subject, values[offset + 1 :], kwargs, budget)
        result = function(*values, **kwargs)
        if isinstance(result, Iterator) and not isinstance(result, (str, bytes)):
            return _sized_iter(result)
        return budget.check(result)

    return checked


def _bounded_iter(iterable: Any) -> Iterator[Any]:
    """What every ``{% for %}`` loop iterates: the loop, with a time check per item."""
    budget = _budget()
    for item in iterable:
        budget.tick()
        yield item


_LOOP_GUARD = "hearth_bounded_iter_"
_TEXT_GUARD = "hearth_checked_text_"


def _checked_text(value: Any) -> Any:
    budget = _budget()
    budget.tick()
    return budget.check(value)


class _BoundedEnvironment:
    """Builds the sandbox class lazily (jinja2 is imported only when a template runs)."""

    @staticmethod
    @lru_cache(maxsize=1)
    def cls() -> type[Any]:
        from jinja2 import nodes
        from jinja2.sandbox import ImmutableSandboxedEnvironment
        from jinja2.utils import Namespace
        from jinja2.visitor import NodeTransformer

        class _Guards(NodeTransformer):
            """Routes every loop and every ``~`` through the budget's checks."""

            def visit_For(self, node: nodes.For) -> nodes.Node:
                self.generic_visit(node)
                node.iter = nodes.Call(
                    nodes.Name(_LOOP_GUARD, "load", lineno=node.lineno),
                    [node.iter],
                    [],
                    None,
                    None,
                    lineno=node.lineno,
                )
                return node

            def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
                self.generic_visit(node)
                # Each operand is checked before it is printed (a list that shares its
                # parts is small in memory but not as text), and the joined text after.
                node.nodes = [self._guard(operand) for operand in node.nodes]
                return self._guard(node)

            def visit_List(self, node: nodes.List) -> nodes.Node:
                self.generic_visit(node)
                return self._guard(node)

            def visit_Dict(self, node: nodes.Dict) -> nodes.Node:
                self.generic_visit(node)
                return self._guard(node)

            def visit_Tuple(self, node: nodes.Tuple) -> nodes.Node:
                self.generic_visit(node)
                return self._guard(node) if node.ctx == "load" else node

            @staticmethod
            def _guard(node: nodes.Expr) -> nodes.Expr:
                """``[a, a]`` nested 40 deep would print as a terabyte: literals are
                checked as they are built."""
                return nodes.Call(
                    nodes.Name(_TEXT_GUARD, "load", lineno=node.lineno),
                    [node],
                    [],
                    None,
                    None,
                    lineno=node.lineno,
                )

        class _CheckedNamespace(Namespace):
            """``namespace()``: values kept across loop iterations are checked, so that
            ``{% set ns.s = ns.s ~ ns.s %}`` cannot double a text 60 times."""

            def __setitem__(self, name: str, value: Any) -> None:
                budget = _budget()
                budget.tick()
                super().__setitem__(name, budget.check(value))

        class Environment(ImmutableSandboxedEnvironment):
            intercepted_binops = frozenset({"*", "+", "%", "**"})
            concat = staticmethod(_checked_concat)

            def __init__(self) -> None:
                super().__init__(trim_blocks=True, lstrip_blocks=True, finalize=_checked_text)
                # lipsum() writes any amount of text in one call, and no chat template
                # uses it, cycler or joiner.
                for name in ("lipsum", "cycler", "joiner"):
                    self.globals.pop(name, None)
                for name in REMOVED_FILTERS:
                    self.filters.pop(name, None)
                self.globals["raise_exception"] = _raise_exception
                self.globals["strftime_now"] = _strftime_now
                self.globals["namespace"] = _CheckedNamespace
                self.globals[_LOOP_GUARD] = _bounded_iter
                self.globals[_TEXT_GUARD] = _checked_text
                self.filters = {
                    name: _checked_filter(name, function) for name, function in self.filters.items()
                }

            def _parse(self, source: str, name: str | None, filename: str | None) -> Any:
                return _Guards().visit(super()._parse(source, name, filename))

            def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
                budget = _budget()
                budget.tick()
                sized = (str, list, tuple)
                if operator == "*":
                    for seq, times in ((left, right), (right, left)):
                        if isinstance(seq, sized) and isinstance(times, int):
                            budget.check_size(len(seq) * times)
                    if (
                        isinstance(left, int)
                        and isinstance(right, int)
                        and left.bit_length() + right.bit_length() > MAX_INT_BITS
                    ):
                        budget.check(1 << (MAX_INT_BITS + 1))
                elif operator == "+" and isinstance(left, sized) and isinstance(right, sized):
                    budget.check_size(len(left) + len(right))
                elif operator == "%" and isinstance(left, str):
                    values = right if isinstance(right, tuple) else (right,)
                    _format_widths_ok(left, values, budget)
                    _format_size_ok(left, values, budget)
                elif (
                    operator == "**"
                    and isinstance(left, int)
                    and isinstance(right, int)
                    and abs(left) > 1
                    and right * abs(left).bit_length() > MAX_INT_BITS
                ):
                    budget.check(1 << (MAX_INT_BITS + 1))
                return budget.check(super().call_binop(context, operator, left, right))

            def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
                budget = _budget()
                budget.tick()
                target = getattr(__obj, "__wrapped__", __obj)
                owner = getattr(target, "__self__", None)
                arguments = list(args)
                method = getattr(target, "__name__", "")
                if isinstance(owner, (str, bytes, bytearray)):
                    _precheck_str_method(owner, method, arguments, kwargs)
                elif isinstance(owner, int):
                    _precheck_int_method(method, arguments, kwargs)
                for value in (*arguments, *kwargs.values()):
                    budget.check(value)
                result = super().call(__context, __obj, *arguments, **kwargs)
                return budget.check(result)

            def getattr(self, obj: Any, attribute: str) -> Any:
                _budget().tick()
                return super().getattr(obj, attribute)

            def getitem(self, obj: Any, argument: Any) -> Any:
                _budget().tick()
                return super().getitem(obj, argument)

        return Environment


@lru_cache(maxsize=8)
def _compile(source: str) -> Any:
    from jinja2 import TemplateError

    env = _BoundedEnvironment.cls()()
    try:
        return env.from_string(source)
    except TemplateError as error:
        raise ChatTemplateError(f"The chat template is not valid Jinja: {error}") from None
    except (RecursionError, MemoryError):
        raise ChatTemplateError("The chat template is too deeply nested to compile.") from None


def render_prompt(
    template: str | None,
    messages: Sequence[ChatMessage],
    *,
    bos_token: str = "",
    eos_token: str = "",
    add_generation_prompt: bool = True,
    model_name: str = "this model",
    cancel: threading.Event | None = None,
) -> str:
    """Render ``messages`` into the text the model expects.

    Raises:
        NoChatTemplateError: The model has no chat template.
        TemplateLimitError: The template ran too long or built too much text.
        ChatTemplateError: The template is broken, hostile, or rejects the messages.
        Cancelled: ``cancel`` was set meanwhile.
    """
    if not template:
        raise NoChatTemplateError(
            f"{model_name} has no chat template in its GGUF file, so Hearth cannot "
            "format a conversation for it. It is probably a base (non-chat) model: "
            "choose a chat format for it in the model's load settings (Model → Load "
            "settings…), or use an instruct/chat model."
        )
    compiled = _compile(template)
    from jinja2 import TemplateError
    from jinja2.exceptions import SecurityError

    input_chars = sum(len(m.content) for m in messages) + len(bos_token) + len(eos_token)
    budget = _Budget(
        max(MIN_TEXT_CHARS, TEXT_CHARS_PER_INPUT_CHAR * input_chars), RENDER_SECONDS, cancel
    )
    token = _current_budget.set(budget)
    try:
        parts: list[str] = []
        size = 0
        # generate() hands the output over as it is produced, so a loop printing
        # forever is stopped by the size check here even if nothing else catches it.
        for part in compiled.generate(
            messages=[m.as_dict() for m in messages],
            add_generation_prompt=add_generation_prompt,
            bos_token=bos_token,
            eos_token=eos_token,
        ):
            size += len(part)
            budget.check_size(size)
            budget.tick()
            parts.append(part)
        return "".join(parts)
    except (ChatTemplateError, Cancelled):
        raise
    except SecurityError as error:
        raise ChatTemplateError(
            f"The chat template tried something unsafe and was stopped: {error}"
        ) from None
    except (OverflowError, MemoryError, RecursionError) as error:
        raise TemplateLimitError(
            f"The chat template was stopped: it went over a limit ({type(error).__name__}: "
            f"{error})."
        ) from None
    except (TemplateError, TypeError, ValueError, KeyError, AttributeError) as error:
        raise ChatTemplateError(f"The chat template failed to render: {error}") from None
    finally:
        _current_budget.reset(token)


def check_template_limits(template: str | None) -> None:
    """Refuse a template that goes over the time or size limits on a test conversation.

    Other failures are left for the chat to report (a template may rightly refuse a
    system message, for example).

    Raises:
        TemplateLimitError: The template ran too long or built too much text.
    """
    if not template:
        return
    probes = (
        (ChatMessage(Role.USER, "Hello."),),
        (
            ChatMessage(Role.SYSTEM, "Be brief."),
            ChatMessage(Role.USER, "Hello."),
            ChatMessage(Role.ASSISTANT, "Hi."),
            ChatMessage(Role.USER, "Bye."),
        ),
    )
    for probe in probes:
        try:
            render_prompt(template, probe, bos_token="<s>", eos_token="</s>")
        except TemplateLimitError:
            raise
        except ChatTemplateError as error:
            log.debug("The chat template refused a test conversation: %s", error)


@dataclass(frozen=True)
class PromptPiece:
    """A stretch of a rendered prompt: the template's own text (whose markers become
    control tokens) or text from a message (always plain text)."""

    text: str
    from_template: bool


def render_prompt_pieces(
    template: str | None,
    messages: Sequence[ChatMessage],
    *,
    bos_token: str = "",
    eos_token: str = "",
    add_generation_prompt: bool = True,
    model_name: str = "this model",
    cancel: threading.Event | None = None,
) -> tuple[PromptPiece, ...]:
    """Render the prompt, and tell which of its text came from the messages.

    The template renders twice: once as is, once with every message's content replaced
    by a unique mark. The marks show where each content goes; the real rendering must
    then read as the template's text with each content (or the content trimmed, as
    many templates do) in place of its mark. A template that changes content in other
    ways, or decides by it, gets its own text from the marked rendering and each
    content as given: never a control token from message text. A template that prints
    a mark changed (``|tojson``, ``|upper``, a slice) is refused: its own text cannot
    be told from the message's, and the message must never be left out.

    Raises: as :func:`render_prompt`.
    """
    options: dict[str, Any] = {
        "bos_token": bos_token,
        "eos_token": eos_token,
        "add_generation_prompt": add_generation_prompt,
        "model_name": model_name,
        "cancel": cancel,
    }
    real = render_prompt(template, messages, **options)
    nonce = secrets.token_hex(6)
    marks = [ChatMessage(m.role, f"\ue000{nonce}.{i}\ue001") for i, m in enumerate(messages)]
    marked = render_prompt(template, marks, **options)
    split = re.split(f"\ue000{nonce}\\.(\\d+)\ue001", marked)
    texts = split[0::2]
    order = [int(i) for i in split[1::2]]
    if any(_has_trace(text, nonce) for text in texts):
        # The template printed a mark changed (|tojson, |upper, content[:3]): what it
        # prints of a message cannot be told from its own text, so neither the marked
        # rendering (it would leave the message out) nor the real one (its markers
        # could come from the message) can be used.
        raise ChatTemplateError(
            "This chat template changes message text in a way Hearth cannot check; "
            "choose a named chat format in Load settings."
        )
    contents = _place_contents(real, texts, [messages[i].content for i in order])
    if contents is None:
        log.debug("The chat template changes message text; using it as given")
        contents = [messages[i].content for i in order]
    pieces: list[PromptPiece] = []
    for index, text in enumerate(texts):
        if text:
            pieces.append(PromptPiece(text, True))
        if index < len(contents) and contents[index]:
            pieces.append(PromptPiece(contents[index], False))
    return tuple(pieces)


def _has_trace(text: str, nonce: str) -> bool:
    """Whether ``text`` holds any part or form of a mark: its private-use delimiters,
    escaped (JSON, Python, URL) or not, or its nonce in any case or backwards."""
    lowered = text.lower()
    traces = (
        "\ue000",
        "\ue001",
        nonce,
        nonce[::-1],
        "\\ue000",
        "\\ue001",
        "%ee%80%80",
        "%ee%80%81",
        "\\xee\\x80\\x80",
        "\\xee\\x80\\x81",
    )
    return any(trace in lowered for trace in traces)


def _place_contents(real: str, texts: list[str], contents: list[str]) -> list[str] | None:
    """The content as it appears in ``real`` at each mark, or None if ``real`` is not
    ``texts`` joined by the contents (as they are, or trimmed)."""
    if not real.startswith(texts[0]):
        return None
    pos = len(texts[0])
    placed: list[str] = []
    for content, after in zip(contents, texts[1:], strict=True):
        variants = (content, content.strip(), content.lstrip(), content.rstrip())
        for variant in dict.fromkeys(variants):
            end = pos + len(variant)
            if real.startswith(variant, pos) and real.startswith(after, end):
                placed.append(variant)
                pos = end + len(after)
                break
        else:
            return None
    return placed if pos == len(real) else None
