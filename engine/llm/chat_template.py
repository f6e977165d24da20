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

import logging
import re
import secrets
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from engine.common.errors import ChatTemplateError, NoChatTemplateError
from engine.common.messages import msg
from engine.llm.messages import Cancelled, ChatMessage, Role
from engine.llm.template_limits import (
    MIN_TEXT_CHARS,
    RENDER_SECONDS,
    TEXT_CHARS_PER_INPUT_CHAR,
    RenderBudget,
    TemplateLimitError,
    budget_scope,
)
from engine.llm.template_sandbox import compile_template

__all__ = [
    "TURN_END_MARKERS",
    "PromptPiece",
    "TemplateLimitError",
    "check_template_limits",
    "render_prompt",
    "render_prompt_pieces",
]

log = logging.getLogger(__name__)

# Texts that end a turn in the common template families. Most models also mark these
# as end-of-generation tokens; matching the text as well stops a model whose
# vocabulary does not.
TURN_END_MARKERS = ("<|im_end|>", "<end_of_turn>", "<|eot_id|>", "<|end|>", "</s>")


def render_prompt(
    template: str | None,
    messages: Sequence[ChatMessage],
    *,
    bos_token: str = "",
    eos_token: str = "",
    add_generation_prompt: bool = True,
    model_name: str = "this model",
    cancel: threading.Event | None = None,
    variables: Mapping[str, Any] | None = None,
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
            msg(
                "{name} has no chat template in its GGUF file, so Hearth cannot format a "
                "conversation for it. It is probably a base (non-chat) model: choose a "
                "chat format for it in the model's load settings (Model → Load "
                "settings…), or use an instruct/chat model.",
                name=model_name,
            )
        )
    compiled = compile_template(template)
    from jinja2 import TemplateError
    from jinja2.exceptions import SecurityError

    input_chars = sum(len(m.content) for m in messages) + len(bos_token) + len(eos_token)
    budget = RenderBudget(
        max(MIN_TEXT_CHARS, TEXT_CHARS_PER_INPUT_CHAR * input_chars), RENDER_SECONDS, cancel
    )
    try:
        with budget_scope(budget):
            parts: list[str] = []
            size = 0
            # generate() hands the output over as it is produced, so a loop printing
            # forever is stopped by the size check here even if nothing else catches it.
            for part in compiled.generate(
                messages=[m.as_dict() for m in messages],
                add_generation_prompt=add_generation_prompt,
                bos_token=bos_token,
                eos_token=eos_token,
                **_extra(variables),
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
            msg("The chat template tried something unsafe and was stopped: {reason}", reason=error)
        ) from None
    except (OverflowError, MemoryError, RecursionError) as error:
        raise TemplateLimitError(
            msg(
                "The chat template was stopped: it went over a limit ({kind}: {reason}).",
                kind=type(error).__name__,
                reason=error,
            )
        ) from None
    except (TemplateError, TypeError, ValueError, KeyError, AttributeError) as error:
        raise ChatTemplateError(
            msg("The chat template failed to render: {reason}", reason=error)
        ) from None


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
    variables: Mapping[str, Any] | None = None,
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
        "variables": variables,
    }
    real = render_prompt(template, messages, **options)
    # A letter first: |upper changes every mark (random hex alone may be all digits,
    # which no case filter changes). |lower leaves it as it is, as it leaves the hex.
    nonce = f"k{secrets.token_hex(6)}"
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
            msg(
                "This chat template changes message text in a way Hearth cannot check; "
                "choose a named chat format in Load settings."
            )
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


# Names the renderer sets itself; extra variables never replace them.
_RESERVED = frozenset({"messages", "add_generation_prompt", "bos_token", "eos_token"})


def _extra(variables: Mapping[str, Any] | None) -> dict[str, Any]:
    """Extra template variables (``enable_thinking``), without the reserved names."""
    return {k: v for k, v in (variables or {}).items() if k not in _RESERVED}


def _has_trace(text: str, nonce: str) -> bool:
    """Whether ``text`` holds any part or form of a mark: its private-use delimiters,
    escaped (JSON, Python, URL) or not, or its nonce in any case or backwards."""
    lowered = text.lower()
    digits = nonce[1:]  # the random hex, whole and in halves (a slice of the mark)
    traces = (
        "\ue000",
        "\ue001",
        nonce,
        nonce[::-1],
        digits[: len(digits) // 2],
        digits[len(digits) // 2 :],
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
