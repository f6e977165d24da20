"""From sampled tokens to a reply's text: whole pieces, complete characters, stop
markers held back, and reasoning kept apart from the answer.

Shared by the single-reply loop (engine/llm/generation.py) and the scheduler that
decodes several replies together (engine/llm/sequence_scheduler.py).
"""

from __future__ import annotations

import codecs
import time
from collections.abc import Callable, Sequence

from engine.llm.chat_template import TURN_END_MARKERS
from engine.llm.loops import LONGEST, REPEATS, looping_unit
from engine.llm.messages import FinishReason
from engine.llm.model import LoadedModel
from engine.llm.reasoning import ReasoningFormat, ReasoningSplitter

TextCallback = Callable[[str], None]


class TokenTextStream:
    """Turns generated tokens into text as they come: every token's whole piece (however
    long), and a character split over several tokens only once it is complete.

    ``special``: control tokens are written out (gpt-oss's channel markers)."""

    def __init__(self, model: LoadedModel, *, special: bool = False) -> None:
        self._model = model
        self._special = special
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    def feed(self, token: int) -> str:
        data = self._model.token_bytes(token, special=self._special)
        return str(self._decoder.decode(data))

    def flush(self) -> str:
        """What is left at the end (a cut-off character shows as U+FFFD)."""
        return str(self._decoder.decode(b"", final=True))


class StopTextFilter:
    """Holds back text that may be the start of a turn-end marker, and stops at one."""

    def __init__(self, markers: Sequence[str]) -> None:
        self.markers = tuple(m for m in markers if m)
        self.pending = ""
        self.reached = False

    def feed(self, text: str) -> tuple[str, bool]:
        """Return the text that is safe to show, and whether a marker was reached."""
        self.pending += text
        for marker in self.markers:
            index = self.pending.find(marker)
            if index >= 0:
                out = self.pending[:index]
                self.pending = ""
                self.reached = True
                return out, True
        keep = 0
        for marker in self.markers:
            for length in range(min(len(marker) - 1, len(self.pending)), 0, -1):
                if self.pending.endswith(marker[:length]):
                    keep = max(keep, length)
                    break
        out = self.pending[: len(self.pending) - keep]
        self.pending = self.pending[len(self.pending) - keep :]
        return out, False

    def flush(self) -> str:
        out, self.pending = self.pending, ""
        return out


def stop_markers(
    model: LoadedModel, fmt: ReasoningFormat | None, extra: Sequence[str]
) -> tuple[str, ...]:
    """Texts that end a reply. gpt-oss ends each message with ``<|end|>`` and carries
    on with the next, so there it is not a turn end."""
    channels = fmt is not None and fmt.channels
    turn_ends = tuple(m for m in TURN_END_MARKERS if not (channels and m == "<|end|>"))
    return (*turn_ends, model.eos_token, *extra)


class ReplyAssembler:
    """One reply's text as tokens arrive: the answer to ``on_text``, the reasoning to
    ``on_reasoning``, with token counts and the time spent thinking.

    The thinking is split off first; then the answer stops at the stop texts and turn
    ends, the thinking only at turn ends (a blank line in a thought must not end a
    reply that stops at blank lines, nor ``</s>`` written in a thought about HTML).
    """

    def __init__(
        self,
        model: LoadedModel,
        fmt: ReasoningFormat | None,
        stop: Sequence[str],
        *,
        inside: bool = False,
        after_reasoning: bool = False,
        on_text: TextCallback | None = None,
        on_reasoning: TextCallback | None = None,
        move_unclosed: bool = True,
        stop_loops: bool = False,
        loop_allowance: int = 0,
    ) -> None:
        """``fmt`` None: raw text, nothing split (a plain completion).
        ``move_unclosed``: a block the model never closes, with no answer after it, is
        its answer (False when continuing a thought: the block opened earlier).
        ``stop_loops``: the answer ends where it repeats itself over and over, the
        repeats wider than ``loop_allowance`` (:func:`engine.llm.loops.looping_unit`)."""
        self._text = TokenTextStream(model, special=fmt is not None and fmt.channels)
        turn_ends = stop_markers(model, fmt, ())
        self._answer_stop = StopTextFilter((*turn_ends, *stop))
        self._thought_stop = StopTextFilter(tuple(m for m in turn_ends if m != "</s>"))
        self._splitter = (
            ReasoningSplitter(fmt, inside=inside, after_reasoning=after_reasoning)
            if fmt is not None
            else None
        )
        self._on_text = on_text
        self._on_reasoning = on_reasoning
        self._move_unclosed = move_unclosed
        self._stop_loops = stop_loops
        self._loop_allowance = loop_allowance
        self.looped = False  # the answer ended in a loop (stop_loops)
        self.answer_parts: list[str] = []
        self.reasoning_parts: list[str] = []
        self.reasoning_tokens = 0
        self._thinking_from: float | None = None
        self._thinking_until: float | None = None
        self.reached = False  # a stop text or turn end ended the reply
        self.moved_to_answer = False

    @property
    def in_reasoning(self) -> bool:
        return self._splitter is not None and self._splitter.in_reasoning

    @property
    def thinking_s(self) -> float:
        start = self._thinking_from
        if start is None:
            return 0.0
        return (self._thinking_until or time.perf_counter()) - start

    def feed(self, token: int) -> bool:
        """Take one token (not an end-of-generation one); True when the reply ends
        here (a stop marker, or gpt-oss's end of reply)."""
        was_reasoning = self.in_reasoning
        if was_reasoning and self._thinking_from is None:
            self._thinking_from = time.perf_counter()  # the prompt opened the block
        self._route(self._split(self._text.feed(token)))
        if was_reasoning or self.in_reasoning:
            self.reasoning_tokens += 1
        elif self._stop_loops and looping_unit(
            self._answer_tail(), wider_than=self._loop_allowance
        ):
            self.looped = True
            return True
        return self.reached or (self._splitter is not None and self._splitter.ended)

    def _answer_tail(self) -> str:
        """The last characters of the answer so far, enough to hold a loop (and the
        repeats that its allowance lets pass)."""
        keep = LONGEST * REPEATS + self._loop_allowance
        tail: list[str] = []
        size = 0
        for part in reversed(self.answer_parts):
            tail.append(part)
            size += len(part)
            if size >= keep:
                break
        return "".join(reversed(tail))[-keep:]

    def finish(self, finish: FinishReason) -> None:
        """Flush what was held back once the reply has ended for ``finish``."""
        if not self.reached:
            self._route(self._split(self._text.flush()))
        if not self.reached and self._splitter is not None:
            self._route(self._splitter.flush())
        if not self.reached:
            # Text held back as the possible start of a stop marker is part of the
            # reply unless the marker came (the model may end on its end token).
            self._emit_reasoning(self._thought_stop.flush())
            self._emit_answer(self._answer_stop.flush())
        if self._thinking_from is not None and self._thinking_until is None:
            self._thinking_until = time.perf_counter()
        if (
            self._move_unclosed
            and finish == FinishReason.STOP
            and self._splitter is not None
            and self._splitter.in_reasoning
            and not self._splitter.closed
            and not "".join(self.answer_parts).strip()
        ):
            # The model ended without closing its block and wrote no answer: what it
            # wrote in the block is its answer (a model that does not really think).
            # It streamed as thinking: the answer goes to on_text now, whole.
            moved = "".join(self.reasoning_parts).lstrip()
            self.answer_parts, self.reasoning_parts = ([moved] if moved else []), []
            self.reasoning_tokens = 0
            self._thinking_from = None
            self.moved_to_answer = True
            if self._on_text is not None and self.answer_parts:
                self._on_text("".join(self.answer_parts))

    def thinking_unfinished(self, finish: FinishReason) -> bool:
        """The reply stopped while still thinking (limit reached, or Stop)."""
        return finish != FinishReason.STOP and self.in_reasoning

    @property
    def answer(self) -> str:
        return "".join(self.answer_parts)

    @property
    def reasoning(self) -> str:
        return "".join(self.reasoning_parts)

    def _split(self, text: str) -> list[tuple[bool, str]]:
        if self._splitter is None:
            return [(False, text)] if text else []
        return self._splitter.feed(text)

    def _route(self, pieces: list[tuple[bool, str]]) -> None:
        for is_reasoning, text in pieces:
            if self.reached:
                return
            if is_reasoning:
                out, self.reached = self._thought_stop.feed(text)
                self._emit_reasoning(out)
            else:
                # The thought ended: what it held back is thinking, not a marker.
                self._emit_reasoning(self._thought_stop.flush())
                out, self.reached = self._answer_stop.feed(text)
                self._emit_answer(out)

    def _emit_reasoning(self, text: str) -> None:
        if not text:
            return
        if self._thinking_from is None:
            self._thinking_from = time.perf_counter()
        self.reasoning_parts.append(text)
        if self._on_reasoning is not None:
            self._on_reasoning(text)

    def _emit_answer(self, text: str) -> None:
        if not text:
            return
        if self._thinking_from is not None and self._thinking_until is None:
            self._thinking_until = time.perf_counter()
        self.answer_parts.append(text)
        if self._on_text is not None:
            self._on_text(text)
