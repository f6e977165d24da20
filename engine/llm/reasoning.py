"""Reasoning ("thinking") in a reply: the form a model writes it in, and splitting it
from the answer as the text streams.

Forms in use:

- ``<think>…</think>`` (Qwen3, DeepSeek-R1 and its distills, QwQ, Phi-4-reasoning).
  The block counts only at the very start of a reply, so a ``<think>`` later in an
  answer (in code, say) stays answer text. Some templates open the block in the prompt
  itself; then the reply starts inside it and only ``</think>`` appears.
- gpt-oss's channels: ``<|channel|>analysis<|message|>…<|end|>`` then
  ``<|start|>assistant<|channel|>final<|message|>…``. Only ``final`` is the answer.
- A tag pair set in the model's load settings, handled like ``<think>``.

The switch that turns thinking off is the template's (:func:`thinking_switch`):
``enable_thinking`` (Qwen3, SmolLM3), ``reasoning_effort`` (gpt-oss: low, medium,
high; it cannot be turned off) or ``/no_think`` written in the prompt.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from engine.common.errors import HearthError
from engine.common.messages import msg

MAX_TAG_CHARS = 64


@dataclass(frozen=True)
class ReasoningFormat:
    """How a model marks its reasoning: a tag pair, or gpt-oss's channels."""

    open_tag: str = "<think>"
    close_tag: str = "</think>"
    channels: bool = False

    @property
    def name(self) -> str:
        if self.channels:
            return "gpt-oss channels"
        return f"{self.open_tag}…{self.close_tag}"


THINK_TAGS = ReasoningFormat()
CHANNELS = ReasoningFormat("", "", channels=True)

# gpt-oss's markers (control tokens, so generation renders them only for this form).
_CHANNEL = "<|channel|>"
_MESSAGE = "<|message|>"
_END = "<|end|>"
_START = "<|start|>"
_ENDS_REPLY = ("<|return|>", "<|call|>")
_CHANNEL_MARKERS = (_CHANNEL, _MESSAGE, _END, _START, "<|constrain|>", *_ENDS_REPLY)


def check_reasoning_tags(open_tag: str, close_tag: str) -> tuple[str, str]:
    """A custom tag pair as given, or a clear error."""
    if not open_tag.strip():
        raise HearthError(msg("The opening reasoning tag is empty."))
    if len(open_tag) > MAX_TAG_CHARS:
        raise HearthError(
            msg("The opening reasoning tag is longer than {most}.", most=MAX_TAG_CHARS)
        )
    if not close_tag.strip():
        raise HearthError(msg("The closing reasoning tag is empty."))
    if len(close_tag) > MAX_TAG_CHARS:
        raise HearthError(
            msg("The closing reasoning tag is longer than {most}.", most=MAX_TAG_CHARS)
        )
    if open_tag == close_tag:
        raise HearthError(msg("The reasoning tags must differ."))
    return open_tag, close_tag


def reasoning_format_for(
    template: str | None, custom_tags: Sequence[str] | None = None
) -> ReasoningFormat:
    """The form of reasoning to expect from a model with this chat template.

    Tags from the load settings win; a template that speaks gpt-oss's channels gets
    those; every other model gets ``<think>`` tags, which only count at the start of a
    reply, so a model that never thinks loses nothing.
    """
    if custom_tags and len(custom_tags) == 2 and custom_tags[0] and custom_tags[1]:
        return ReasoningFormat(custom_tags[0], custom_tags[1])
    if template and _CHANNEL in template and "<|start|>" in template:
        return CHANNELS
    return THINK_TAGS


def opened_by_prompt(fmt: ReasoningFormat, prompt_end: str) -> bool:
    """Whether a prompt ending with ``prompt_end`` leaves the model inside a reasoning
    block (DeepSeek-R1 distills' templates end with ``<think>\\n``)."""
    tail = prompt_end.rstrip()
    if fmt.channels:
        if not tail.endswith(_MESSAGE):
            return False
        channel = tail[: -len(_MESSAGE)].rpartition(_CHANNEL)[2].strip()
        return bool(channel) and not channel.startswith("final")
    return bool(fmt.open_tag) and tail.endswith(fmt.open_tag)


def continuation_text(
    fmt: ReasoningFormat, reasoning: str, answer: str, *, opened: bool, thinking: bool
) -> tuple[tuple[str, bool], ...]:
    """The reply written so far as prompt text, to continue it: pairs of (text, is
    the format's own markup). ``thinking``: the reply stopped inside its reasoning."""
    parts: list[tuple[str, bool]] = []
    if fmt.channels:
        if reasoning or thinking:
            if not opened:
                parts.append((f"{_CHANNEL}analysis{_MESSAGE}", True))
            parts.append((reasoning, False))
            if not thinking:
                parts.append((f"{_END}{_START}assistant{_CHANNEL}final{_MESSAGE}", True))
        elif answer:  # an answer without reasoning still goes in the final channel
            final = f"{_CHANNEL}final{_MESSAGE}"
            parts.append((f"{_END}{_START}assistant{final}" if opened else final, True))
        parts.append((answer, False))
    else:
        if reasoning or thinking:
            if not opened:
                parts.append((fmt.open_tag, True))
            parts.append((reasoning, False))
            if not thinking:
                parts.append((fmt.close_tag, True))
        parts.append((answer, False))
    return tuple(p for p in parts if p[0])


def _partial_suffix(text: str, markers: Sequence[str]) -> int:
    """The length of the longest end of ``text`` that may begin one of ``markers``."""
    keep = 0
    for marker in markers:
        for length in range(min(len(marker) - 1, len(text)), 0, -1):
            if text.endswith(marker[:length]):
                keep = max(keep, length)
                break
    return keep


class ReplyStart(StrEnum):
    """Where a prompt leaves the reply that follows it."""

    FRESH = "fresh"  # a new reply: a reasoning block may open at its start
    INSIDE = "inside"  # inside a block the template opened
    THOUGHT = "thought"  # inside the thinking of a reply being continued
    ANSWER = "answer"  # in the answer of a reply being continued

    @property
    def inside(self) -> bool:
        return self in (ReplyStart.INSIDE, ReplyStart.THOUGHT)


def reply_start(*, opened: bool, continuing: bool, continue_thinking: bool) -> ReplyStart:
    """Where a reply starts: ``opened`` by the prompt's template, ``continuing`` a reply
    written earlier (``continue_thinking``: one that stopped inside its thinking)."""
    if continue_thinking:
        return ReplyStart.THOUGHT
    if continuing:
        return ReplyStart.ANSWER
    return ReplyStart.INSIDE if opened else ReplyStart.FRESH


class _State(StrEnum):
    START = "start"  # nothing but white space yet: a block may still open
    REASONING = "reasoning"
    ANSWER_START = "answer-start"  # just after the block: white space is dropped
    ANSWER = "answer"
    HEADER = "header"  # gpt-oss: between messages, reading a channel header
    DONE = "done"


class ReasoningSplitter:
    """Splits streamed reply text into reasoning and answer.

    :meth:`feed` returns the pieces safe to show now as ``(is_reasoning, text)``; text
    that may be the start of a tag is held until the next feed or :meth:`flush`.
    """

    def __init__(
        self, fmt: ReasoningFormat, *, inside: bool = False, after_reasoning: bool = False
    ) -> None:
        """``inside``: the prompt opened the block (or a reply is continued inside it).
        ``after_reasoning``: a reply is continued in its answer."""
        self.format = fmt
        self._pending = ""
        self.saw_reasoning = inside
        self.closed = False
        # gpt-oss: the channel of the message being read, and whether it is the answer.
        self._header = ""
        if inside:
            self._state = _State.REASONING
        elif after_reasoning:
            self._state = _State.ANSWER
        elif fmt.channels:
            self._state = _State.HEADER
        else:
            self._state = _State.START

    @property
    def in_reasoning(self) -> bool:
        return self._state == _State.REASONING

    @property
    def ended(self) -> bool:
        """gpt-oss wrote ``<|return|>`` or ``<|call|>``: the reply is over."""
        return self._state == _State.DONE

    def feed(self, text: str) -> list[tuple[bool, str]]:
        self._pending += text
        out: list[tuple[bool, str]] = []
        if self.format.channels:
            self._feed_channels(out)
        else:
            self._feed_tags(out)
        return [(kind, piece) for kind, piece in out if piece]

    def flush(self) -> list[tuple[bool, str]]:
        """The text held back, at the end of the reply."""
        pending, self._pending = self._pending, ""
        if not pending or self._state == _State.DONE:
            return []
        if self._state == _State.HEADER:
            # A header that never reached its message: if it is not markup, it is text.
            if pending.lstrip().startswith("<|"):
                return []
            return [(False, pending)]
        if self._state in (_State.START, _State.ANSWER_START):
            pending = pending.lstrip() if self._state == _State.ANSWER_START else pending
        return [(self._state == _State.REASONING, pending)] if pending else []

    def _feed_tags(self, out: list[tuple[bool, str]]) -> None:
        fmt = self.format
        while self._pending:
            if self._state == _State.START:
                stripped = self._pending.lstrip()
                if stripped.startswith(fmt.open_tag):
                    self._pending = stripped[len(fmt.open_tag) :]
                    self._state = _State.REASONING
                    self.saw_reasoning = True
                    continue
                if not stripped or fmt.open_tag.startswith(stripped):
                    return  # may still become the tag
                self._state = _State.ANSWER
                continue
            if self._state == _State.REASONING:
                index = self._pending.find(fmt.close_tag)
                if index >= 0:
                    out.append((True, self._pending[:index]))
                    self._pending = self._pending[index + len(fmt.close_tag) :]
                    self._state = _State.ANSWER_START
                    self.closed = True
                    continue
                keep = _partial_suffix(self._pending, (fmt.close_tag,))
                out.append((True, self._pending[: len(self._pending) - keep]))
                self._pending = self._pending[len(self._pending) - keep :]
                return
            if self._state == _State.ANSWER_START:
                self._pending = self._pending.lstrip()
                if not self._pending:
                    return
                self._state = _State.ANSWER
                continue
            out.append((False, self._pending))
            self._pending = ""

    def _feed_channels(self, out: list[tuple[bool, str]]) -> None:
        while self._pending and self._state != _State.DONE:
            if self._state == _State.HEADER:
                stripped = self._pending.lstrip()
                markup = stripped.startswith("<|") or "<|".startswith(stripped)
                if not self._header and not markup:
                    # Plain text with no header at all: the model answers directly.
                    self._state = _State.ANSWER
                    continue
                index = self._pending.find(_MESSAGE)
                if index < 0:
                    return
                header = self._header + self._pending[:index]
                self._pending = self._pending[index + len(_MESSAGE) :]
                self._header = ""
                channel = header.rpartition(_CHANNEL)[2].split("<|")[0].strip()
                if channel and not channel.startswith("final"):
                    self._state = _State.REASONING
                    self.saw_reasoning = True
                else:
                    if self.saw_reasoning:
                        self.closed = True
                    self._state = _State.ANSWER
                continue
            # Inside a message: up to its end marker.
            reasoning = self._state == _State.REASONING
            found = [(self._pending.find(m), m) for m in (_END, *_ENDS_REPLY, _START)]
            hits = [(i, m) for i, m in found if i >= 0]
            if hits:
                index, marker = min(hits)
                out.append((reasoning, self._pending[:index]))
                self._pending = self._pending[index + len(marker) :]
                if marker in _ENDS_REPLY:
                    self._state = _State.DONE
                    self._pending = ""
                else:
                    if reasoning:
                        self.closed = True
                    self._state = _State.HEADER
                    self._header = marker if marker == _START else ""
                continue
            keep = _partial_suffix(self._pending, _CHANNEL_MARKERS)
            out.append((reasoning, self._pending[: len(self._pending) - keep]))
            self._pending = self._pending[len(self._pending) - keep :]
            return


def split_reasoning(text: str, fmt: ReasoningFormat = THINK_TAGS) -> tuple[str, str]:
    """``(reasoning, answer)`` of a whole reply text (from a remote engine that sends
    its thinking inline, say)."""
    splitter = ReasoningSplitter(fmt)
    pieces = splitter.feed(text) + splitter.flush()
    reasoning = "".join(t for kind, t in pieces if kind)
    answer = "".join(t for kind, t in pieces if not kind)
    if splitter.saw_reasoning and not splitter.closed and not answer:
        return "", reasoning  # a block never closed holds the answer
    return reasoning, answer


# -- turning thinking on and off ---------------------------------------------------------


class Thinking(StrEnum):
    """What the user asked of a reasoning model. AUTO leaves the model's default."""

    AUTO = "auto"
    ON = "on"
    OFF = "off"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


THINKING_VALUES: tuple[str, ...] = tuple(t.value for t in Thinking)
EFFORTS = (Thinking.LOW, Thinking.MEDIUM, Thinking.HIGH)


class ThinkingSwitch(StrEnum):
    """How a model's template lets thinking be turned off or tuned."""

    NONE = "none"  # no switch: the model thinks as it was trained to
    FLAG = "enable_thinking"  # Qwen3, SmolLM3: a template variable
    EFFORT = "reasoning_effort"  # gpt-oss: low / medium / high, never off
    SOFT = "no_think"  # "/no_think" written in the prompt
    # A model that thinks in tags and has no switch of its own (DeepSeek-R1 and its
    # distills): Off writes an empty thought for it, as Qwen3's own switch does.
    EMPTY_THOUGHT = "empty_thought"


def thinking_switch(
    template: str | None, custom_tags: Sequence[str] | None = None
) -> ThinkingSwitch:
    text = template or ""
    if "reasoning_effort" in text:
        return ThinkingSwitch.EFFORT
    if "enable_thinking" in text:
        return ThinkingSwitch.FLAG
    if "/no_think" in text:
        return ThinkingSwitch.SOFT
    if thinks_unasked(reasoning_format_for(template, custom_tags), template, custom_tags):
        return ThinkingSwitch.EMPTY_THOUGHT
    return ThinkingSwitch.NONE


def thinks_unasked(
    fmt: ReasoningFormat, template: str | None, custom_tags: Sequence[str] | None
) -> bool:
    """A model that thinks in tags whatever it is asked: its template writes the tag
    (DeepSeek-R1's opens ``<think>`` in every prompt), or tags were set for it."""
    if fmt.channels:
        return False
    return bool(custom_tags) or bool(template and fmt.open_tag in template)


def can_turn_off(switch: ThinkingSwitch) -> bool:
    return switch in (ThinkingSwitch.FLAG, ThinkingSwitch.SOFT, ThinkingSwitch.EMPTY_THOUGHT)


def template_variables(switch: ThinkingSwitch, thinking: str) -> Mapping[str, Any]:
    """Extra variables for the chat template that carry out ``thinking``."""
    if switch == ThinkingSwitch.FLAG:
        # Always set: Qwen3 thinks when it is undefined, but llama.cpp's own templates
        # (QwQ, R1 distills) read undefined as false, and llama-server always passes it.
        return {"enable_thinking": thinking != Thinking.OFF}
    if switch == ThinkingSwitch.EFFORT:
        if thinking in EFFORTS:
            return {"reasoning_effort": str(thinking)}
        if thinking == Thinking.OFF:
            return {"reasoning_effort": str(Thinking.LOW)}  # the least it allows
    return {}


def soft_switch(switch: ThinkingSwitch, thinking: str) -> str:
    """Text to add to the last user message (``" /no_think"``), or ""."""
    if switch != ThinkingSwitch.SOFT or thinking == Thinking.AUTO:
        return ""
    return " /no_think" if thinking == Thinking.OFF else " /think"


def thinking_note(switch: ThinkingSwitch, thinking: str) -> str:
    """What asking ``thinking`` of this model really does, when it is not just that
    ("" when it is)."""
    if thinking == Thinking.AUTO:
        return ""
    if switch == ThinkingSwitch.NONE:
        return "this model has no thinking switch; the choice changes nothing."
    if switch == ThinkingSwitch.EFFORT:
        if thinking == Thinking.OFF:
            return "this model cannot stop reasoning; off means low effort."
        if thinking == Thinking.ON:
            return "this model reasons with medium effort unless told low or high."
        return ""
    if thinking in EFFORTS:
        return f"this model's thinking is only on or off; {thinking} means on."
    return ""


def describe_switch(switch: ThinkingSwitch) -> str:
    """What the Thinking control can do for this model, in a sentence."""
    return {
        ThinkingSwitch.NONE: "This model has no thinking switch: it thinks, or not, "
        "as it was trained to.",
        ThinkingSwitch.FLAG: "Thinking can be turned on or off for this model.",
        ThinkingSwitch.EFFORT: "This model always reasons; its effort can be low, medium or high.",
        ThinkingSwitch.SOFT: "Thinking is turned on or off by a /think or /no_think "
        "note in the prompt.",
        ThinkingSwitch.EMPTY_THOUGHT: "This model always thinks; Off writes an empty "
        "thought for it, so that it answers at once.",
    }[switch]
