"""Several replies decoded together: continuous batching on one llama.cpp context.

A :class:`SequenceScheduler` runs up to ``model.n_sequences`` requests at once (the
``parallel`` load setting), each in its own llama.cpp sequence with its own sampler
chain. Every :meth:`~SequenceScheduler.step` is one ``llama_decode``: the next token of
each request that is generating, plus as much of the joining requests' prompts as the
batch has room for. A request submitted meanwhile joins at the next step; a finished or
cancelled one leaves and its cells are freed (``llama_memory_seq_rm``).

Plain Python, no Qt: :meth:`submit` may be called from any thread; :meth:`step` (and so
every callback) runs on the thread that owns the model. Sequence 0 is the one that
:func:`engine.llm.generation.generate_reply` uses for its prefix cache; the scheduler takes
it last and then invalidates that cache.
"""

from __future__ import annotations

import itertools
import logging
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.common.errors import HearthError
from engine.common.messages import msg, text_of
from engine.llm.generation import Reply, ReplyStats, banned_tokens, prepare_prompt
from engine.llm.llama_binding import (
    context_handle,
    import_llama_cpp,
    set_logits_stale,
    vocab_handle,
)
from engine.llm.messages import Cancelled, ChatMessage, FinishReason
from engine.llm.model import LoadedModel
from engine.llm.native_core import NativeSampler
from engine.llm.parameters import SamplingSettings, reply_room
from engine.llm.reasoning import ReplyStart
from engine.llm.reply_stream import ReplyAssembler

log = logging.getLogger(__name__)

_request_ids = itertools.count(1)


@dataclass
class SequenceRequest:
    """One reply in the scheduler. Read ``done`` / ``reply`` from any thread."""

    messages: tuple[ChatMessage, ...] | None
    prompt: tuple[int, ...] | None
    sampling: SamplingSettings
    cancel: threading.Event
    on_token: Callable[[str], None] | None
    # GBNF the reply must follow (rule "root"), or None.
    grammar: str | None = None
    # Called with each piece of the model's thinking (chat requests only).
    on_reasoning: Callable[[str], None] | None = None
    # Where ready prompt tokens leave the reply (None: raw text, nothing split).
    start: ReplyStart | None = None
    request_id: int = field(default_factory=lambda: next(_request_ids))
    done: threading.Event = field(default_factory=threading.Event)
    reply: Reply | None = None
    error: str | None = None

    def wait(self, timeout: float | None = None) -> Reply | None:
        self.done.wait(timeout)
        return self.reply


@dataclass
class _Slot:
    """A request while it holds a sequence."""

    request: SequenceRequest
    seq_id: int
    sampler: NativeSampler
    prompt_len: int
    max_new_tokens: int
    pending: list[int]
    text: ReplyAssembler
    seed: int
    submitted_at: float
    n_past: int = 0
    next_token: int | None = None
    output_index: int = -1
    first_at: float | None = None
    last_at: float = 0.0
    sampled: int = 0
    completion: int = 0


class SequenceScheduler:
    """Decodes up to ``model.n_sequences`` requests together. See the module docstring."""

    def __init__(self, model: LoadedModel, prompt_tokens_per_step: int | None = None) -> None:
        """``prompt_tokens_per_step``: at most this many prompt tokens join a step
        (default ``n_batch``). Smaller keeps the other replies streaming, and a Stop
        seen sooner, while a long prompt is read, at some cost in prefill speed."""
        self._model = model
        self._lc: Any = import_llama_cpp()
        self._ctx = context_handle(model.llama)
        self._memory = self._lc.llama_get_memory(self._ctx)
        self.capacity = model.n_sequences
        self._n_batch = int(model.llama.n_batch)
        self._prompt_budget = min(self._n_batch, prompt_tokens_per_step or self._n_batch)
        if self._prompt_budget < 1:
            raise ValueError("prompt_tokens_per_step must be at least 1")
        self._batch: Any = self._lc.llama_batch_init(self._n_batch, 0, 1)
        self._waiting: deque[SequenceRequest] = deque()
        self._lock = threading.Lock()
        self._slots: dict[int, _Slot] = {}
        # Sequence 0 last: generate_reply keeps its prefix cache there while it can.
        self._free = list(range(self.capacity))
        self._closed = False

    # -- any thread ----------------------------------------------------------------------

    def submit(
        self,
        messages: Sequence[ChatMessage] | None = None,
        sampling: SamplingSettings | None = None,
        *,
        prompt_tokens: Sequence[int] | None = None,
        cancel: threading.Event | None = None,
        on_token: Callable[[str], None] | None = None,
        grammar: str | None = None,
        first: bool = False,
        on_reasoning: Callable[[str], None] | None = None,
        start: ReplyStart | None = None,
    ) -> SequenceRequest:
        """Queue a reply to ``messages`` (or to ready ``prompt_tokens``); it joins at the
        next step with a free sequence. ``on_token`` (the answer) and ``on_reasoning``
        (a reasoning model's thinking) run on the stepping thread;
        ``grammar`` (GBNF) constrains the reply; ``first`` puts it ahead of the requests
        already waiting (the window's own replies, ahead of API traffic). ``start``:
        where ready ``prompt_tokens`` of a chat leave the reply (see ReplyStart), so its
        thinking is split from its answer; None reads them as raw text."""
        if (messages is None) == (prompt_tokens is None):
            raise ValueError("pass either messages or prompt_tokens")
        request = SequenceRequest(
            messages=tuple(messages) if messages is not None else None,
            prompt=tuple(prompt_tokens) if prompt_tokens is not None else None,
            sampling=(sampling or SamplingSettings()).validate(),
            cancel=cancel or threading.Event(),
            on_token=on_token,
            grammar=grammar,
            on_reasoning=on_reasoning,
            start=start,
        )
        with self._lock:
            if first:
                self._waiting.appendleft(request)
            else:
                self._waiting.append(request)
        return request

    @property
    def has_work(self) -> bool:
        with self._lock:
            return bool(self._slots or self._waiting)

    @property
    def active(self) -> int:
        """Requests holding a sequence now."""
        return len(self._slots)

    # -- the owning thread ---------------------------------------------------------------

    def run_until_idle(self) -> None:
        while self.step():
            pass

    def step(self) -> bool:
        """Admit waiting requests, run one ``llama_decode``, sample; True while there is
        work left."""
        self._admit()
        for slot in list(self._slots.values()):
            if slot.request.cancel.is_set():
                self._finish(slot, FinishReason.CANCELLED)
        n = self._fill_batch()
        if n:
            set_logits_stale(self._model.llama, True)  # sequence 0's logits are not its own
            status = int(self._lc.llama_decode(self._ctx, self._batch))
            if status != 0:
                for slot in list(self._slots.values()):
                    if slot.output_index >= 0 or slot.pending:
                        slot.request.error = msg(
                            "llama_decode failed with status {status}", status=status
                        )
                        self._finish(slot, FinishReason.ERROR)
            else:
                self._sample_all()
        return self.has_work

    def _admit(self) -> None:
        while self._free:
            with self._lock:
                if not self._waiting:
                    return
                request = self._waiting.popleft()
            if request.cancel.is_set():
                self._done(request, _empty_reply(FinishReason.CANCELLED, 0))
                continue
            try:
                self._start(request, self._free.pop())
            except Cancelled:
                self._done(request, _empty_reply(FinishReason.CANCELLED, 0))
            except HearthError as error:
                request.error = text_of(error)
                self._done(request, _empty_reply(FinishReason.ERROR, 0))

    def _start(self, request: SequenceRequest, seq_id: int) -> None:
        model = self._model
        sampling = request.sampling
        started = time.perf_counter()
        try:
            if request.messages is not None:
                prepared = prepare_prompt(
                    model,
                    request.messages,
                    sampling.max_tokens,
                    cancel=request.cancel,
                    thinking=sampling.thinking,
                )
                prompt = list(prepared.tokens)
                max_new = prepared.max_new_tokens
                start: ReplyStart | None = prepared.reply_start
            else:
                assert request.prompt is not None
                prompt = list(request.prompt)
                max_new = reply_room(sampling.max_tokens, model.n_ctx - len(prompt))
                # None: a raw completion, text as written, nothing split from it.
                start = request.start
            if max_new < 1 or not prompt:
                raise HearthError(msg("The context is full: there is no room left for a reply."))
            seed = sampling.seed if sampling.seed is not None else secrets.randbelow(2**31)
            sampler = NativeSampler(
                sampling,
                seed,
                model.n_vocab,
                grammar=request.grammar,
                vocab=vocab_handle(model.llama) if request.grammar is not None else None,
                banned=banned_tokens(model, sampling),
            )
        except BaseException:
            self._free.append(seq_id)
            raise
        if seq_id == 0:
            # generate_reply's record of sequence 0 no longer holds.
            model.llama.n_tokens = 0
        self._lc.llama_memory_seq_rm(self._memory, seq_id, -1, -1)
        self._slots[request.request_id] = _Slot(
            request=request,
            seq_id=seq_id,
            sampler=sampler,
            prompt_len=len(prompt),
            max_new_tokens=max_new,
            pending=prompt,
            text=ReplyAssembler(
                model,
                model.reasoning_format if start is not None else None,
                sampling.stop,
                inside=start is not None and start.inside,
                after_reasoning=start == ReplyStart.ANSWER,
                move_unclosed=start != ReplyStart.THOUGHT,
                on_text=request.on_token,
                on_reasoning=request.on_reasoning,
                stop_loops=sampling.stop_loops,
                loop_allowance=sampling.loop_allowance,
            ),
            seed=seed,
            submitted_at=started,
        )

    def _fill_batch(self) -> int:
        """Generating sequences first (one token each), then prompts in the room left."""
        batch = self._batch
        n = 0

        def add(token: int, pos: int, seq_id: int, logits: bool) -> None:
            nonlocal n
            batch.token[n] = token
            batch.pos[n] = pos
            batch.n_seq_id[n] = 1
            batch.seq_id[n][0] = seq_id
            batch.logits[n] = logits
            n += 1

        # In order of sequence id: llama.cpp decodes the sequences of a step together
        # only where their ids come one after another in the batch (with a KV cache of
        # one stream per sequence); out of order, each is a decode of its own (measured:
        # 4 sequences at 0.75 of llama-batched-bench out of order, 1.06 in order).
        slots = sorted(self._slots.values(), key=lambda slot: slot.seq_id)
        for slot in slots:
            slot.output_index = -1
            if slot.next_token is not None and n < self._n_batch:
                slot.output_index = n
                add(slot.next_token, slot.n_past, slot.seq_id, True)
                slot.n_past += 1
                slot.next_token = None
        # The room for prompts goes to the requests in the order they were admitted
        # (the window's own reply first); their tokens then go in order of sequence id.
        room = min(self._n_batch - n, self._prompt_budget)
        chunks: list[tuple[_Slot, list[int]]] = []
        for slot in self._slots.values():
            if not slot.pending or room <= 0:
                continue
            chunk, slot.pending = slot.pending[:room], slot.pending[room:]
            chunks.append((slot, chunk))
            room -= len(chunk)
        for slot, chunk in sorted(chunks, key=lambda item: item[0].seq_id):
            for i, token in enumerate(chunk):
                last = not slot.pending and i == len(chunk) - 1
                if last:
                    slot.output_index = n
                add(token, slot.n_past + i, slot.seq_id, last)
            slot.n_past += len(chunk)
        batch.n_tokens = n
        return n

    def _sample_all(self) -> None:
        now = time.perf_counter()
        for slot in list(self._slots.values()):
            if slot.output_index < 0:
                continue
            token = slot.sampler.sample(self._ctx, slot.output_index)
            if slot.first_at is None:
                slot.first_at = now
            slot.last_at = now
            slot.sampled += 1
            finish = self._take(slot, token)
            if finish is not None:
                self._finish(slot, finish)
            else:
                slot.next_token = token

    def _take(self, slot: _Slot, token: int) -> FinishReason | None:
        """Handle one sampled token as generate_reply does; a reason if the reply ends."""
        if self._model.is_end_of_generation(token):
            return FinishReason.STOP
        slot.completion += 1
        if slot.text.feed(token):
            return FinishReason.STOP
        if slot.request.cancel.is_set():
            return FinishReason.CANCELLED
        if slot.completion >= slot.max_new_tokens:
            return FinishReason.LENGTH
        return None

    def _finish(self, slot: _Slot, finish: FinishReason) -> None:
        """The request leaves: its sequence's cells are freed for the next one."""
        slot.text.finish(finish)
        del self._slots[slot.request.request_id]
        self._lc.llama_memory_seq_rm(self._memory, slot.seq_id, -1, -1)
        self._free.append(slot.seq_id)
        slot.sampler.close()
        first = slot.first_at
        end = slot.last_at if first is not None else time.perf_counter()
        ttft = (first or end) - slot.submitted_at
        decode_time = end - (first or end)
        stats = ReplyStats(
            prompt_tokens=slot.prompt_len,
            cached_tokens=0,
            completion_tokens=slot.completion,
            ttft_s=ttft,
            prefill_tps=slot.prompt_len / ttft if ttft > 0 and first is not None else 0.0,
            decode_tps=(slot.sampled - 1) / decode_time if decode_time > 0 else 0.0,
            finish_reason=finish,
            seed=slot.seed,
            reasoning_tokens=slot.text.reasoning_tokens,
            thinking_s=slot.text.thinking_s,
            thinking_unfinished=slot.text.thinking_unfinished(finish),
        )
        self._done(slot.request, Reply(slot.text.answer, stats, slot.text.reasoning))

    @staticmethod
    def _done(request: SequenceRequest, reply: Reply) -> None:
        request.reply = reply
        request.done.set()

    def sequence_cells(self, seq_id: int) -> int:
        """How many positions sequence ``seq_id`` holds in the KV cache (0 when free)."""
        top = int(self._lc.llama_memory_seq_pos_max(self._memory, seq_id))
        bottom = int(self._lc.llama_memory_seq_pos_min(self._memory, seq_id))
        return 0 if top < 0 else top - bottom + 1

    def close(self) -> None:
        """Cancel everything still running or waiting, free the cells and the batch."""
        if self._closed:
            return
        for slot in list(self._slots.values()):
            self._finish(slot, FinishReason.CANCELLED)
        with self._lock:
            waiting, self._waiting = list(self._waiting), deque()
        for request in waiting:
            self._done(request, _empty_reply(FinishReason.CANCELLED, 0))
        self._lc.llama_batch_free(self._batch)
        self._closed = True


def _empty_reply(finish: FinishReason, seed: int) -> Reply:
    stats = ReplyStats(
        prompt_tokens=0,
        cached_tokens=0,
        completion_tokens=0,
        ttft_s=0.0,
        prefill_tps=0.0,
        decode_tps=0.0,
        finish_reason=finish,
        seed=seed,
    )
    return Reply("", stats)
