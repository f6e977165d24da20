"""A reply being written, as the chat controller keeps track of it."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from engine.llm.generation import ReplyStats


@dataclass
class ReplyJob:
    """A reply being written. Streamed pieces are kept in lists and joined when read:
    a long thinking grows by tens of thousands of pieces."""

    conversation_id: int
    message_id: int
    prefix: str
    text_parts: list[str] = field(default_factory=list)
    dirty: bool = False
    tokens: int = 0
    # The prompt's length in tokens, once the engine has counted it (None: not yet, or
    # a remote engine's or the API service's reply, which do not say).
    prompt_tokens: int | None = None
    # A reasoning model's thinking: that of the reply being continued, and the new.
    reasoning_prefix: str = ""
    reasoning_parts: list[str] = field(default_factory=list)
    # The thinking changed since the last partial save (else that save leaves it be).
    reasoning_dirty: bool = False
    # The statistics of the reply being continued (its thinking time adds up).
    earlier: ReplyStats | None = None
    # The state and error of the reply being continued, which a continuation that
    # fails before writing anything gives back (None: not a continuation).
    before: tuple[str, str] | None = None
    # When the reply began thinking (time.monotonic()), counting a continued thought's
    # earlier thinking time: the live "Thinking… N s" goes on from there.
    thinking_since: float = field(default_factory=time.monotonic)
    # How long it thought, once its answer began after some thinking.
    thought_for: float | None = None

    @property
    def text(self) -> str:
        if len(self.text_parts) > 1:
            self.text_parts[:] = ["".join(self.text_parts)]
        return self.text_parts[0] if self.text_parts else ""

    @property
    def full_reasoning(self) -> str:
        if len(self.reasoning_parts) > 1:
            self.reasoning_parts[:] = ["".join(self.reasoning_parts)]
        return self.reasoning_prefix + (self.reasoning_parts[0] if self.reasoning_parts else "")
