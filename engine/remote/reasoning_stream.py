"""A remote reply's thinking kept apart from its answer.

Servers send a reasoning model's thinking in one of three ways: a field of its own in
each delta (``reasoning_content``: llama-server, vLLM, LM Studio, DeepSeek;
``reasoning``: Ollama, newer vLLM), or inline at the start of the content as
``<think>…</think>`` (a server that does not parse it). All three end up apart here.
The thinking choice goes out in the fields those servers read.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from engine.llm.messages import FinishReason
from engine.llm.reasoning import EFFORTS, THINK_TAGS, ReasoningSplitter, Thinking

TextCallback = Callable[[str], None]
REASONING_FIELDS = ("reasoning_content", "reasoning")


def thinking_fields(thinking: str) -> dict[str, Any]:
    """Request fields that carry ``thinking`` to a server: OpenAI's ``reasoning_effort``
    for an effort, llama-server's and vLLM's ``chat_template_kwargs.enable_thinking``
    for on or off; nothing for "auto" (the server's default)."""
    if thinking in EFFORTS:
        return {"reasoning_effort": str(thinking)}
    if thinking in (Thinking.ON, Thinking.OFF):
        return {"chat_template_kwargs": {"enable_thinking": thinking == Thinking.ON}}
    return {}


def reasoning_of(part: dict[str, Any]) -> str:
    """The thinking a delta or message carries in its own field, or ""."""
    for name in REASONING_FIELDS:
        value = part.get(name)
        if isinstance(value, str) and value:
            return value
    return ""


class RemoteReplyText:
    """One streamed reply's answer and thinking as deltas arrive, with the times and
    counts its statistics need.

    ``after_reasoning``: the reply continues an answer already begun, so a ``<think>``
    at its start is answer text."""

    def __init__(
        self,
        on_token: TextCallback | None = None,
        on_reasoning: TextCallback | None = None,
        *,
        after_reasoning: bool = False,
    ) -> None:
        self._splitter = ReasoningSplitter(THINK_TAGS, after_reasoning=after_reasoning)
        self._on_token = on_token
        self._on_reasoning = on_reasoning
        self.answer_parts: list[str] = []
        self.reasoning_parts: list[str] = []
        self.pieces = 0
        self.reasoning_pieces = 0
        self.first_at: float | None = None
        self.last_at: float | None = None
        self._thinking_from: float | None = None
        self._thinking_until: float | None = None

    @property
    def answer(self) -> str:
        return "".join(self.answer_parts)

    @property
    def reasoning(self) -> str:
        return "".join(self.reasoning_parts)

    @property
    def thinking_s(self) -> float:
        if self._thinking_from is None:
            return 0.0
        return (self._thinking_until or self.last_at or time.perf_counter()) - self._thinking_from

    def feed(self, delta: dict[str, Any]) -> None:
        """Take one delta (``choices[i].delta``) or a whole message."""
        thought = reasoning_of(delta)
        content = delta.get("content")
        if not thought and not (isinstance(content, str) and content):
            return
        now = time.perf_counter()
        self.first_at = self.first_at or now
        self.last_at = now
        self.pieces += 1
        if thought:
            self.reasoning_pieces += 1
            self._emit([(True, thought)])
        if isinstance(content, str) and content:
            if self._splitter.in_reasoning:
                self.reasoning_pieces += 1
            self._emit(self._splitter.feed(content))

    def finish(self, finish: FinishReason) -> bool:
        """Flush what the splitter held back; whether the reply stopped while still
        thinking."""
        unfinished = finish != FinishReason.STOP and (
            self._splitter.in_reasoning or (bool(self.reasoning_parts) and not self.answer_parts)
        )
        if finish == FinishReason.STOP and self._splitter.in_reasoning and not self.answer:
            # An inline block never closed, and no answer: that text was the answer.
            held = self._splitter.flush()
            self.answer_parts = [*self.reasoning_parts, *(t for _, t in held)]
            self.reasoning_parts = []
            self.reasoning_pieces = 0
            self._thinking_from = None
            return False
        self._emit(self._splitter.flush())
        if self._thinking_from is not None and self._thinking_until is None:
            self._thinking_until = self.last_at or time.perf_counter()
        return unfinished

    def _emit(self, pieces: list[tuple[bool, str]]) -> None:
        for is_reasoning, text in pieces:
            if not text:
                continue
            if is_reasoning:
                if self._thinking_from is None:
                    self._thinking_from = self.last_at or time.perf_counter()
                self.reasoning_parts.append(text)
                if self._on_reasoning is not None:
                    self._on_reasoning(text)
            else:
                if self._thinking_from is not None and self._thinking_until is None:
                    self._thinking_until = self.last_at or time.perf_counter()
                self.answer_parts.append(text)
                if self._on_token is not None:
                    self._on_token(text)
