"""Beam search: the likeliest reply rather than the greedy one, for a translation.

Greedy decoding takes the likeliest next token at every step, and a small model's first
likely word can lead it into a worse sentence. Beam search keeps the ``beams`` likeliest
partial replies at each step and returns the finished one with the best mean log
probability per token (so that a short reply does not win merely by being short). On the
translation benchmark (README.md, Translating) four beams raised chrF over greedy
decoding on the same prompt.

The beams live in a second llama.cpp context on the model's weights (the weights are
not loaded twice): one unified KV cache of the model's context size, in which a beam's
copy of its parent is a list of sequence ids on the same cells, not a copy of the cache.
Sequence 0 keeps the last prompt so that the next reuses their common prefix (the
example exchanges a translation prompt starts with). Where the prompt and ``beams``
replies of the longest allowed length would not fit that cache, or the context cannot
be made, :func:`search` returns None and the caller decodes greedily.
"""

from __future__ import annotations

import ctypes
import logging
import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.common.errors import HearthError
from engine.common.messages import msg
from engine.llm.llama_binding import DECODE_ABORTED, WATCH_STEPS_OVER_S, import_llama_cpp

log = logging.getLogger(__name__)

# llama_decode's return values: no room left in the KV cache; stopped by the abort callback.
_NO_KV_SLOT = 1
_PROMPT_SEQ = 0
# The reply length the fit check allows for where more is allowed (tokens per beam).
_ROOM = 512
# Context settings the beams' context does not take from the model's.
_NOT_COPIED = frozenset(
    {
        "cb_eval",
        "cb_eval_user_data",
        "abort_callback",
        "abort_callback_data",
        "samplers",
        "n_samplers",
        "ctx_other",
        "n_seq_max",
        "n_rs_seq",
        "n_outputs_max",
        "n_outputs_max_per_seq",
        "kv_unified",
        "n_ctx",
    }
)


class BeamsAborted(Exception):
    """The abort callback stopped a decode (the user's Stop)."""


@dataclass
class _Hypothesis:
    tokens: tuple[int, ...]
    score: float  # the sum of the tokens' log probabilities
    seq: int
    text: bytes = b""


@dataclass(frozen=True)
class BeamResult:
    """The best finished reply: its tokens (without the end-of-generation token),
    whether it ended by itself (else it reached ``max_new`` or was cancelled), the sum
    of its tokens' log probabilities, and how many prompt tokens were taken from the
    cache and how many steps were decoded."""

    tokens: tuple[int, ...]
    ended: bool
    log_prob: float
    cached_tokens: int
    steps: int
    cancelled: bool = False
    first_step_at: float | None = field(default=None, compare=False)


class BeamContext:
    """A context for beam search beside a model's own (use on the model's thread)."""

    def __init__(self, llama: Any, beams: int, n_ctx: int, abort_callback: Any) -> None:
        lc = import_llama_cpp()
        self._lc = lc
        self.beams = beams
        self.n_ctx = n_ctx
        own = llama.context_params
        params = lc.llama_context_default_params()
        # The model's own settings (threads, KV cache type, flash attention, RoPE…), with
        # room for the prompt's sequence and two sets of beams; no pointer is shared
        # (callbacks, samplers, another context) and no limit on outputs carried over.
        for name, _kind in params._fields_:
            if name not in _NOT_COPIED:
                setattr(params, name, getattr(own, name))
        params.n_ctx = n_ctx
        params.n_seq_max = 2 * beams + 1
        params.kv_unified = True
        self._n_batch = int(min(params.n_batch, n_ctx))
        params.n_batch = self._n_batch
        params.n_ubatch = min(int(params.n_ubatch), self._n_batch)
        self._ctx = lc.llama_init_from_model(llama.model, params)
        if not self._ctx:
            raise HearthError(msg("llama.cpp could not make a context for beam search."))
        self._memory = lc.llama_get_memory(self._ctx)
        self._n_vocab = int(lc.llama_vocab_n_tokens(lc.llama_model_get_vocab(llama.model)))
        # A sliding-window model's cache may drop cells of the prompt's sequence that fell
        # out of the window: a prefix is reused only while the window is all there.
        self._n_swa = int(lc.llama_model_n_swa(llama.model))
        self._batch = lc.llama_batch_init(max(self._n_batch, beams), 0, 1)
        self._abort_callback = abort_callback
        self._no_abort = lc.ggml_abort_callback()
        self._prompt: list[int] = []  # what sequence 0 holds
        self._banned: Any = None  # the tokens the search in progress never chooses
        self._closed = False

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._lc.llama_batch_free(self._batch)
            self._lc.llama_free(self._ctx)

    # -- decoding ---------------------------------------------------------------------

    def _decode(self, entries: Sequence[tuple[int, int, int, bool]]) -> int:
        """Decode (token, position, sequence, wants logits) entries as one batch."""
        batch = self._batch
        batch.n_tokens = len(entries)
        for i, (token, pos, seq, logits) in enumerate(entries):
            batch.token[i] = token
            batch.pos[i] = pos
            batch.n_seq_id[i] = 1
            batch.seq_id[i][0] = seq
            batch.logits[i] = 1 if logits else 0
        return int(self._lc.llama_decode(self._ctx, batch))

    def _check(self, status: int) -> bool:
        """True when decoded; False when the cache had no room. Raises on the rest."""
        if status == 0:
            return True
        if status == _NO_KV_SLOT:
            return False
        if status == DECODE_ABORTED:
            raise BeamsAborted()
        raise HearthError(msg("llama_decode failed with status {status}", status=status))

    def _log_probs(self, row: int) -> Any:
        import numpy as np

        pointer = self._lc.llama_get_logits_ith(self._ctx, row)
        logits = np.ctypeslib.as_array(pointer, shape=(self._n_vocab,)).astype(np.float64)
        if self._banned is not None and self._banned.size:
            logits[self._banned] = -np.inf
        top = float(logits.max())
        return logits - (top + math.log(float(np.exp(logits - top).sum())))

    def _forget(self) -> None:
        self._lc.llama_memory_clear(self._memory, False)
        self._prompt = []

    def _watch(self, on: bool) -> None:
        """Have llama.cpp ask for Stop between the nodes of its graph (the model's own
        abort callback), or not: the call back costs per node, so only while it pays."""
        callback = self._abort_callback if on else self._no_abort
        self._lc.llama_set_abort_callback(self._ctx, callback, ctypes.c_void_p(0))

    def _window_kept(self, common: int) -> bool:
        """Whether sequence 0 still holds the sliding window before position ``common``."""
        oldest = int(self._lc.llama_memory_seq_pos_min(self._memory, _PROMPT_SEQ))
        return 0 <= oldest <= max(0, common - self._n_swa)

    def _evaluate_prompt(self, prompt: Sequence[int], cancel: threading.Event | None) -> int | None:
        """Sequence 0 holds ``prompt`` with its last token's logits live; returns how
        many tokens came from the cache (None: the cache had no room). Beams of the last
        search are dropped."""
        lc = self._lc
        for seq in range(1, 2 * self.beams + 1):
            lc.llama_memory_seq_rm(self._memory, seq, -1, -1)
        common = 0
        for old, new in zip(self._prompt, prompt, strict=False):
            if old != new:
                break
            common += 1
        # The last token is always evaluated again: its logits are not kept.
        common = min(common, len(prompt) - 1)
        if not lc.llama_memory_seq_rm(self._memory, _PROMPT_SEQ, common, -1) or (
            common and self._n_swa and not self._window_kept(common)
        ):
            self._forget()
            common = 0
        self._prompt = list(prompt[:common])
        self._watch(True)
        try:
            for start in range(common, len(prompt), self._n_batch):
                if cancel is not None and cancel.is_set():
                    raise BeamsAborted()
                chunk = prompt[start : start + self._n_batch]
                last = start + len(chunk) == len(prompt)
                entries = [
                    (token, start + i, _PROMPT_SEQ, last and i == len(chunk) - 1)
                    for i, token in enumerate(chunk)
                ]
                status = self._decode(entries)
                if status != 0:
                    self._forget()
                if not self._check(status):
                    return None  # no room for the prompt: decode greedily
                self._prompt.extend(chunk)
        finally:
            self._watch(False)
        return common

    def search(
        self,
        prompt: Sequence[int],
        max_new: int,
        *,
        is_end: Callable[[int], bool],
        token_bytes: Callable[[int], bytes],
        banned: Sequence[int] = (),
        stops: Sequence[str] = (),
        abandon: Sequence[str] = (),
        cancel: threading.Event | None = None,
        clock: Callable[[], float] | None = None,
    ) -> BeamResult | None:
        """The best reply to ``prompt`` of at most ``max_new`` tokens; None where the
        beams would not fit the cache (decode greedily instead).

        A reply ends at an end-of-generation token (not part of it) or once its text
        holds one of ``stops`` (the token that completed it kept: the caller cuts the
        text). A beam whose text holds one of ``abandon`` (a reasoning block's opening
        tag) ends the search with None. Setting ``cancel`` ends the search within one
        step with the best reply so far. ``banned`` tokens are never chosen.

        Raises:
            BeamsAborted: ``cancel`` stopped the prompt's evaluation.
            HearthError: llama.cpp failed.
        """
        k = self.beams
        # Replies rarely need the whole allowance (a translation's is generous): beams
        # that would not fit in the end give up and the reply is decoded greedily.
        if not prompt or max_new < 1 or len(prompt) + k * min(max_new, _ROOM) > self.n_ctx:
            return None
        import numpy as np

        self._banned = np.array(banned, dtype=np.int64)
        cached = self._evaluate_prompt(prompt, cancel)
        if cached is None:
            return None
        rows = {_PROMPT_SEQ: self._log_probs(-1)}
        beams = [_Hypothesis((), 0.0, _PROMPT_SEQ)]
        # The k best finished replies: (mean log probability, hypothesis, ended by itself).
        finished: list[tuple[float, _Hypothesis, bool]] = []
        stop_bytes = [s.encode("utf-8") for s in stops if s]
        abandon_bytes = [s.encode("utf-8") for s in abandon if s]
        halves = (list(range(1, k + 1)), list(range(k + 1, 2 * k + 1)))
        half = 1
        first_step_at = None
        step = 0
        cancelled = False
        watching = False

        def finish(mean: float, hypothesis: _Hypothesis, ended: bool) -> None:
            finished.append((mean, hypothesis, ended))
            finished.sort(key=lambda f: -f[0])
            del finished[k:]

        while True:
            if cancel is not None and cancel.is_set():
                cancelled = True
                break
            candidates: list[tuple[float, _Hypothesis, int]] = []
            for beam in beams:
                row = rows[beam.seq]
                for token in np.argpartition(-row, k)[:k]:
                    candidates.append((beam.score + float(row[token]), beam, int(token)))
            candidates.sort(key=lambda c: -c[0])
            live: list[tuple[float, _Hypothesis, int, bytes]] = []
            for rank, (score, beam, token) in enumerate(candidates):
                if len(live) == k:
                    break
                if is_end(token):
                    # An end counts where it ranks among the k best continuations, and
                    # a reply of nothing is no reply. Its mean counts the end's
                    # probability; its score is its tokens'.
                    if rank < k and beam.tokens:
                        finish(score / (len(beam.tokens) + 1), beam, True)
                    continue
                text = beam.text + token_bytes(token)
                if any(mark in text for mark in abandon_bytes):
                    self._watch(False)
                    return None
                if any(stop in text for stop in stop_bytes):
                    if rank < k:
                        done = _Hypothesis((*beam.tokens, token), score, beam.seq, text)
                        finish(score / len(done.tokens), done, True)
                    continue
                live.append((score, beam, token, text))
            if not live or len(finished) == k:
                # Done once k replies have ended, as translation beam search usually is
                # (early stopping): going on while a live beam's mean is higher let a
                # reply that repeats a phrase win ("…de l'expéditeur de l'expéditeur…"),
                # each repeat being likelier than the last (bench/QUALITY.md).
                break
            if step + 1 == max_new:
                # The length limit: the beams' replies as they are compete too.
                for score, beam, token, text in live:
                    cut = _Hypothesis((*beam.tokens, token), score, beam.seq, text)
                    finish(score / len(cut.tokens), cut, False)
                step += 1
                break
            targets = halves[half]
            for (_score, beam, _token, _text), seq in zip(live, targets, strict=False):
                self._lc.llama_memory_seq_rm(self._memory, seq, -1, -1)
                self._lc.llama_memory_seq_cp(self._memory, beam.seq, seq, -1, -1)
            for seq in halves[1 - half]:
                self._lc.llama_memory_seq_rm(self._memory, seq, -1, -1)
            position = len(prompt) + step
            entries = [
                (token, position, seq, True)
                for (_s, _b, token, _t), seq in zip(live, targets, strict=False)
            ]
            began = clock() if clock is not None else 0.0
            status = self._decode(entries)
            if status == _NO_KV_SLOT:
                self._watch(False)
                return None
            if status == DECODE_ABORTED:  # Stop, mid-step: the beams before it stand
                cancelled = True
                break
            if status != 0:
                self._watch(False)
            self._check(status)
            if clock is not None:
                now = clock()
                if first_step_at is None:
                    first_step_at = now
                # Slow steps (a large model on a CPU) have llama.cpp ask for Stop
                # mid-step, as greedy decoding does.
                slow = now - began > WATCH_STEPS_OVER_S
                if slow != watching:
                    watching = slow
                    self._watch(slow)
            rows = {seq: self._log_probs(i) for i, seq in enumerate(targets[: len(live)])}
            beams = [
                _Hypothesis((*beam.tokens, token), score, seq, text)
                for (score, beam, token, text), seq in zip(live, targets, strict=False)
            ]
            half = 1 - half
            step += 1
        self._watch(False)
        if not finished:
            unfinished = [(b.score / max(len(b.tokens), 1), b, False) for b in beams if b.tokens]
            if not unfinished:
                return BeamResult((), not cancelled, 0.0, cached, step, cancelled, first_step_at)
            finished = unfinished
        _mean, best, ended = max(finished, key=lambda f: f[0])
        return BeamResult(best.tokens, ended, best.score, cached, step, cancelled, first_step_at)
