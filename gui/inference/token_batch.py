"""Hands a streaming reply's pieces to the window in batches of one frame.

A fast model writes a token every few milliseconds (SmolLM2 on two cores: about 130 a
second). Handing each one over on its own costs a queued call across threads and a pass
through the chat controller, the transcript model and its view per token, on the GUI
thread that shares the cores with llama.cpp. The window cannot show more than one
change per frame anyway, so the worker joins the pieces that arrive within one frame
(16 ms) and hands them over together, with how many tokens they are.

The first piece goes at once (the time to first token is not delayed), and so does any
piece that comes a frame or more after the last hand-over: a model slower than 60
tokens a second streams token by token as before. Answer and thinking are never joined
into one batch, so their order is kept. ``flush`` hands over what is held; the worker
calls it before it reports the reply's end or failure.

A held piece waits for the next piece or the end: right for tokens that come steadily
until the reply ends (generation in this process). Where pieces may pause (a remote
engine's bursts, a decoding service busy with another request's prompt), the worker
uses ``interval_s=0``: each piece at once.

Used from one thread at a time (the thread that generates), without a lock.
"""

from __future__ import annotations

import time
from collections.abc import Callable

__all__ = ["FRAME_S", "PieceBatcher"]

FRAME_S = 0.016

Emit = Callable[[str, int], None]


class PieceBatcher:
    """Joins pieces of text that arrive within ``interval_s`` of the last hand-over.

    ``emit_text`` and ``emit_reasoning`` get the joined text and the number of pieces
    in it (a piece is about one token: the text a generated token completed)."""

    def __init__(
        self,
        emit_text: Emit,
        emit_reasoning: Emit,
        *,
        interval_s: float = FRAME_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._emits = (emit_text, emit_reasoning)
        self._interval = interval_s
        self._clock = clock
        self._parts: list[str] = []
        self._kind = 0  # which of the two the held pieces are
        self._last: float | None = None  # when pieces were last handed over

    def text(self, piece: str) -> None:
        self._add(0, piece)

    def reasoning(self, piece: str) -> None:
        self._add(1, piece)

    def _add(self, kind: int, piece: str) -> None:
        if self._parts and kind != self._kind:
            self.flush()
        self._kind = kind
        self._parts.append(piece)
        if self._last is None or self._clock() - self._last >= self._interval:
            self.flush()

    def flush(self) -> None:
        """Hand over what is held (nothing when nothing is)."""
        if not self._parts:
            return
        parts, self._parts = self._parts, []
        self._emits[self._kind]("".join(parts), len(parts))
        self._last = self._clock()
