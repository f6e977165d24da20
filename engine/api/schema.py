"""The OpenAI request bodies Hearth accepts, and its error shape.

Fields Hearth does not use are ignored, as OpenAI-compatible servers do; a field it uses
with a wrong type or value is refused with OpenAI's error JSON and a 400.

Every list and object a client sends is bounded before pydantic validates its items
(:mod:`engine.api.body_limits`).
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Tag

from engine.api.body_limits import (
    MAX_CONTENT_PARTS,
    MAX_EMBEDDING_INPUTS,
    MAX_GRAMMAR_BYTES,
    MAX_MESSAGES,
    MAX_MODEL_CHARS,
    MAX_NAME_CHARS,
    MAX_SCHEMA_KEYS,
    EmbeddingInput,
    at_most,
    parts_in_all,
    schema_size_problem,
    shown,
    text_or_list,
)
from engine.common.errors import HearthError
from engine.llm.messages import ChatMessage
from engine.llm.parameters import NO_REPLY_LIMIT, SamplingSettings
from engine.llm.reasoning import Thinking

MAX_STOP_SEQUENCES = 4  # as OpenAI
# More bytes than any token of any vocabulary in use spells (the longest are runs of
# spaces or symbols, well under this).
MAX_TOKEN_BYTES = 256
# OpenAI's reasoning_effort values, and the thinking each asks for.
REASONING_EFFORTS: dict[str, str] = {
    "none": Thinking.OFF,
    "minimal": Thinking.LOW,
    "low": Thinking.LOW,
    "medium": Thinking.MEDIUM,
    "high": Thinking.HIGH,
}


class ApiError(HearthError):
    """A request refused with an HTTP status and OpenAI's error fields."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        kind: str = "invalid_request_error",
        code: str | None = None,
        param: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.kind = kind
        self.code = code
        self.param = param
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        return {
            "error": {
                "message": self.message,
                "type": self.kind,
                "param": self.param,
                "code": self.code,
            }
        }


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ContentPart(_Lenient):
    type: str = Field(max_length=MAX_NAME_CHARS)
    text: str | None = None


class MessageIn(_Lenient):
    role: str = Field(max_length=MAX_NAME_CHARS)
    content: (
        Annotated[
            Annotated[str, Tag("text")]
            | Annotated[list[ContentPart], Field(max_length=MAX_CONTENT_PARTS), Tag("list")],
            text_or_list("content parts"),
            at_most(MAX_CONTENT_PARTS, "content parts"),
        ]
        | None
    ) = None

    def to_chat_message(self, index: int) -> ChatMessage:
        role = {"developer": "system"}.get(self.role, self.role)
        if role not in ("system", "user", "assistant"):
            raise ApiError(
                400,
                f"messages[{index}].role {shown(self.role)} is not supported (system, developer, "
                "user, assistant).",
                param=f"messages[{index}].role",
            )
        if isinstance(self.content, list):
            parts = []
            for part in self.content:
                if part.type != "text" or part.text is None:
                    raise ApiError(
                        400,
                        f"messages[{index}] has a {shown(part.type)} part: this model reads "
                        "text only.",
                        param=f"messages[{index}].content",
                    )
                parts.append(part.text)
            text = "".join(parts)
        else:
            text = self.content or ""
        return ChatMessage(role, text)


class StreamOptions(_Lenient):
    include_usage: bool = False


class ResponseFormat(_Lenient):
    type: Literal["text", "json_object", "json_schema"] = "text"
    json_schema: Annotated[
        dict[str, Any] | None, at_most(MAX_SCHEMA_KEYS, "json_schema fields")
    ] = None


# A stop text's characters: the reply's text is held back while it may still become one.
MAX_STOP_CHARS = 1000
StopText = Annotated[str, Field(max_length=MAX_STOP_CHARS)]


class _SamplingFields(_Lenient):
    model: str | None = Field(default=None, max_length=MAX_MODEL_CHARS)
    temperature: float | None = Field(default=None, ge=0, le=2)
    top_p: float | None = Field(default=None, gt=0, le=1)
    max_tokens: int | None = Field(default=None, ge=1)
    stop: (
        Annotated[
            Annotated[StopText, Tag("text")]
            | Annotated[list[StopText], Field(max_length=MAX_STOP_SEQUENCES), Tag("list")],
            text_or_list("stop sequences"),
            at_most(MAX_STOP_SEQUENCES, "stop sequences"),
        ]
        | None
    ) = None
    seed: int | None = None
    presence_penalty: float | None = Field(default=None, ge=-2, le=2)
    frequency_penalty: float | None = Field(default=None, ge=-2, le=2)
    stream: bool = False
    stream_options: StreamOptions | None = None
    n: int = Field(default=1, ge=1)

    def sampling(self, max_tokens: int | None = None) -> SamplingSettings:
        stops = [self.stop] if isinstance(self.stop, str) else list(self.stop or [])
        if self.n != 1:
            raise ApiError(400, "Only n=1 is supported.", param="n")
        defaults = SamplingSettings()
        limit = max_tokens if max_tokens is not None else self.max_tokens
        settings = SamplingSettings(
            temperature=defaults.temperature if self.temperature is None else self.temperature,
            top_p=defaults.top_p if self.top_p is None else self.top_p,
            max_tokens=NO_REPLY_LIMIT if limit is None else limit,
            # Unsigned 32 bits in llama.cpp: a negative or larger seed is folded in.
            seed=None if self.seed is None else self.seed % (2**32 - 1),
            frequency_penalty=self.frequency_penalty or 0.0,
            presence_penalty=self.presence_penalty or 0.0,
            # OpenAI has no repeat penalty: off unless asked through the penalties.
            repeat_penalty=1.0,
            stop=tuple(s for s in stops if s),
        )
        try:
            return settings.validate()
        except HearthError as error:
            raise ApiError(400, str(error)) from None

    @property
    def include_usage(self) -> bool:
        return self.stream_options is not None and self.stream_options.include_usage


class ChatCompletionRequest(_SamplingFields):
    messages: Annotated[
        Annotated[list[MessageIn], Field(max_length=MAX_MESSAGES)],
        at_most(MAX_MESSAGES, "messages"),
        BeforeValidator(parts_in_all),
    ]
    max_completion_tokens: int | None = Field(default=None, ge=1)
    response_format: ResponseFormat | None = None
    # OpenAI's effort for reasoning models, and llama-server's template variables
    # (of which Hearth reads enable_thinking).
    reasoning_effort: Any = None
    chat_template_kwargs: Any = None

    def chat_messages(self) -> list[ChatMessage]:
        if not self.messages:
            raise ApiError(400, "messages must hold at least one message.", param="messages")
        return [message.to_chat_message(i) for i, message in enumerate(self.messages)]

    def chat_sampling(self) -> SamplingSettings:
        return replace(self.sampling(self.max_completion_tokens), thinking=self.thinking())

    def thinking(self) -> str:
        """The thinking asked for (:class:`~engine.llm.reasoning.Thinking`):
        ``chat_template_kwargs.enable_thinking`` false turns it off whatever the
        effort; ``reasoning_effort`` low/medium/high sets the effort ("minimal" reads
        as low, "none" as off); ``enable_thinking`` true turns it on.

        Raises:
            ApiError: a value Hearth does not know (400).
        """
        enable: bool | None = None
        kwargs = self.chat_template_kwargs
        if kwargs is not None:
            if not isinstance(kwargs, dict):
                raise ApiError(
                    400, "chat_template_kwargs must be an object.", param="chat_template_kwargs"
                )
            value = kwargs.get("enable_thinking")
            if value is not None and not isinstance(value, bool):
                raise ApiError(
                    400,
                    "chat_template_kwargs.enable_thinking must be true or false.",
                    param="chat_template_kwargs.enable_thinking",
                )
            enable = value
        effort = self.reasoning_effort
        if effort is not None and (not isinstance(effort, str) or effort not in REASONING_EFFORTS):
            raise ApiError(
                400,
                f"reasoning_effort {shown(effort)} is not supported ("
                + ", ".join(REASONING_EFFORTS)
                + ").",
                param="reasoning_effort",
            )
        if enable is False:
            return str(Thinking.OFF)
        if effort is not None:
            return str(REASONING_EFFORTS[effort])
        return str(Thinking.ON) if enable else str(Thinking.AUTO)


_ONE_PROMPT = "send one {noun} per request, not {count}."


class CompletionRequest(_SamplingFields):
    # One prompt a request: a longer list is refused before its items are read.
    prompt: Annotated[
        str | Annotated[list[str], Field(max_length=1)], at_most(1, "prompt", _ONE_PROMPT)
    ]

    def prompt_text(self) -> str:
        if isinstance(self.prompt, list):
            if len(self.prompt) != 1:
                raise ApiError(400, "Send one prompt per request, not none.", param="prompt")
            return self.prompt[0]
        return self.prompt


def response_grammar(response_format: ResponseFormat | None) -> str | None:
    """The GBNF grammar that holds a reply to ``response_format`` (None: free text).

    Raises:
        ApiError: The JSON schema cannot be turned into a grammar.
    """
    if response_format is None or response_format.type == "text":
        return None
    from llama_cpp import llama_grammar

    if response_format.type == "json_object":
        return str(llama_grammar.JSON_GBNF)
    spec = response_format.json_schema or {}
    schema = spec.get("schema")
    if not isinstance(schema, dict):
        raise ApiError(
            400,
            "response_format.json_schema.schema must be a JSON schema object.",
            param="response_format",
        )
    too_large = schema_size_problem(schema)
    if too_large is not None:
        raise ApiError(400, too_large, param="response_format")
    try:
        grammar = str(llama_grammar.json_schema_to_gbnf(json.dumps(schema)))
    except MemoryError:
        raise ApiError(
            400, "This JSON schema makes a grammar too large to build.", param="response_format"
        ) from None
    except RecursionError:
        raise ApiError(
            400,
            "This JSON schema is nested too deeply to make a grammar of.",
            param="response_format",
        ) from None
    except (ValueError, KeyError, TypeError, AssertionError) as error:
        # The builder says what it cannot read with an assert (an unknown type, a
        # pattern without ^…$); its message may quote the schema, so it is cut short.
        raise ApiError(
            400,
            f"This JSON schema is not supported: {str(error)[:200]}",
            param="response_format",
        ) from None
    if len(grammar) > MAX_GRAMMAR_BYTES:
        raise ApiError(
            400,
            f"This JSON schema makes a grammar of {len(grammar) // 1024} KB; at most "
            f"{MAX_GRAMMAR_BYTES // 1024} KB are supported.",
            param="response_format",
        )
    return grammar


class EmbeddingRequest(_Lenient):
    input: EmbeddingInput
    model: str | None = Field(default=None, max_length=MAX_MODEL_CHARS)
    encoding_format: Literal["float", "base64"] = "float"
    dimensions: int | None = None

    def inputs(self) -> list[str] | list[list[int]]:
        """The inputs, each a text or a list of token ids (as OpenAI reads ``input``).

        Raises:
            ApiError: No input, an empty one, or more than OpenAI allows (400).
        """
        given = self.input
        if isinstance(given, str):
            found: list[str] | list[list[int]] = [given]
        elif given and isinstance(given[0], int):
            found = [[token for token in given if isinstance(token, int)]]
        else:
            found = given  # type: ignore[assignment]  # list[str] or list[list[int]]
        if not found:
            raise ApiError(400, "input must hold at least one text.", param="input")
        if len(found) > MAX_EMBEDDING_INPUTS:
            raise ApiError(400, f"input holds at most {MAX_EMBEDDING_INPUTS} items.", param="input")
        for index, item in enumerate(found):
            if len(item) == 0:
                where = "input" if isinstance(given, str) else f"input[{index}]"
                raise ApiError(400, f"{where} is empty: there is nothing to embed.", param=where)
        return found
