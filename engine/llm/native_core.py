"""Token generation on llama.cpp's C API: ``llama_decode`` on batches, a native
``llama_sampler`` chain, pieces from ``llama_token_to_piece``.

``Llama.generate`` copies nothing it does not need either, but it runs its bookkeeping
in Python per token and samples through wrappers; here each step is one
``llama_decode`` and one ``llama_sampler_sample`` call. ``llama_cpp.Llama`` still loads
the model and owns the context: its token record (``input_ids``, ``n_tokens``,
``_requires_eval``) is kept up to date, so that KV prefix reuse and the per-conversation
snapshots (engine/llm/kv_state.py) work as with ``Llama.generate``.
"""

from __future__ import annotations

import functools
import logging
import math
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from typing import Any

from engine.common.errors import HearthError
from engine.common.messages import msg
from engine.llm.gpu_offload import key_elements_per_cell
from engine.llm.llama_binding import (
    DECODE_ABORTED,
    context_handle,
    import_llama_cpp,
    logits_stale,
    set_logits_stale,
    set_shifted_from,
    shifted_from,
)
from engine.llm.model import LoadedModel
from engine.llm.parameters import SamplingSettings

log = logging.getLogger(__name__)

# Llama.generate penalizes repeats among the last 64 tokens (its last_n_tokens_size).
PENALTY_LAST_N = 64


@dataclass(frozen=True)
class SamplerStage:
    """One sampler of the chain: its llama.cpp name and its arguments."""

    name: str
    args: tuple[float | int, ...] = ()


def sampler_stages(sampling: SamplingSettings, seed: int) -> tuple[SamplerStage, ...]:
    """The native chain for ``sampling``, in the order ``Llama.generate`` builds it.

    Temperature 0 is greedy (the seed plays no part). Stages that cannot change the
    result are left out (penalties of 1.0, typical-p 1.0) so they cost nothing.
    """
    stages: list[SamplerStage] = []
    if (sampling.repeat_penalty, sampling.frequency_penalty, sampling.presence_penalty) != (
        1.0,
        0.0,
        0.0,
    ):
        stages.append(
            SamplerStage(
                "penalties",
                (
                    PENALTY_LAST_N,
                    sampling.repeat_penalty,
                    sampling.frequency_penalty,
                    sampling.presence_penalty,
                ),
            )
        )
    if sampling.temperature == 0:
        stages.append(SamplerStage("greedy"))
        return tuple(stages)
    stages += [
        SamplerStage("top-k", (sampling.top_k,)),
        SamplerStage("top-p", (sampling.top_p, 1)),
        SamplerStage("min-p", (sampling.min_p, 1)),
        SamplerStage("temp", (sampling.temperature,)),
        SamplerStage("dist", (seed,)),
    ]
    return tuple(stages)


@functools.lru_cache(maxsize=4)
def _ban_array(banned: tuple[int, ...]) -> Any:
    """``banned`` as llama.cpp's logit biases of minus infinity, made once per list (a
    model's list of 30,000 tokens took 17 ms to build; llama.cpp copies it)."""
    llama_cpp = import_llama_cpp()
    biases = (llama_cpp.llama_logit_bias * len(banned))()
    for entry, token in zip(biases, banned, strict=True):
        entry.token = token
        entry.bias = -math.inf
    return biases


class NativeSampler:
    """A ``llama_sampler`` chain owned by one request; :meth:`close` frees it."""

    def __init__(
        self,
        sampling: SamplingSettings,
        seed: int,
        n_vocab: int,
        *,
        grammar: str | None = None,
        vocab: Any = None,
        banned: Sequence[int] = (),
    ) -> None:
        """``grammar`` (GBNF, rule ``root``; needs the model's ``vocab`` handle) limits
        the tokens to those that keep the text inside it. ``banned`` tokens are never
        chosen (a logit bias of minus infinity). The two come first in the chain, the
        bias before the grammar.

        Raises:
            HearthError: llama.cpp refused the grammar.
        """
        llama_cpp = import_llama_cpp()
        self._llama_cpp = llama_cpp
        self._n_vocab = n_vocab
        self.stages = sampler_stages(sampling, seed)
        params = llama_cpp.llama_sampler_chain_default_params()
        # The chain's own timing is not read; no need to pay for it per token.
        params.no_perf = True
        self._chain: Any = llama_cpp.llama_sampler_chain_init(params)
        if banned:
            biases = _ban_array(tuple(banned))
            llama_cpp.llama_sampler_chain_add(
                self._chain, llama_cpp.llama_sampler_init_logit_bias(n_vocab, len(banned), biases)
            )
        if grammar is not None:
            constraint = llama_cpp.llama_sampler_init_grammar(
                vocab, grammar.encode("utf-8"), b"root"
            )
            if not constraint:
                self.close()
                raise HearthError(msg("llama.cpp could not parse the grammar for this request."))
            llama_cpp.llama_sampler_chain_add(self._chain, constraint)
        for stage in self.stages:
            llama_cpp.llama_sampler_chain_add(self._chain, self._init(stage))

    def _init(self, stage: SamplerStage) -> Any:
        lc = self._llama_cpp
        a = stage.args
        if stage.name == "penalties":
            return lc.llama_sampler_init_penalties(
                self._n_vocab, int(a[0]), float(a[1]), float(a[2]), float(a[3])
            )
        if stage.name == "greedy":
            return lc.llama_sampler_init_greedy()
        if stage.name == "top-k":
            return lc.llama_sampler_init_top_k(int(a[0]))
        if stage.name == "top-p":
            return lc.llama_sampler_init_top_p(float(a[0]), int(a[1]))
        if stage.name == "min-p":
            return lc.llama_sampler_init_min_p(float(a[0]), int(a[1]))
        if stage.name == "temp":
            return lc.llama_sampler_init_temp(float(a[0]))
        if stage.name == "dist":
            return lc.llama_sampler_init_dist(int(a[0]) & 0xFFFFFFFF)
        raise ValueError(f"unknown sampler {stage.name}")

    def names(self) -> tuple[str, ...]:
        """The names llama.cpp gives the samplers in the chain, in order."""
        lc = self._llama_cpp
        count = int(lc.llama_sampler_chain_n(self._chain))
        return tuple(
            lc.llama_sampler_name(lc.llama_sampler_chain_get(self._chain, i)).decode()
            for i in range(count)
        )

    def sample(self, ctx: Any, index: int) -> int:
        """Sample from the logits of output ``index`` of the last decode (-1: the last);
        llama.cpp also records the token for the penalties."""
        return int(self._llama_cpp.llama_sampler_sample(self._chain, ctx, index))

    def close(self) -> None:
        if self._chain is not None:
            self._llama_cpp.llama_sampler_free(self._chain)
            self._chain = None


class DecodeAborted(Exception):
    """``llama_decode`` was stopped by the abort callback (the user's Stop)."""


# llama.cpp's K-shift rotates the keys of every cell of the cache, used or not (a
# quantized cache is dequantized and quantized again), so what moving cells costs grows
# with the whole cache's keys, while what it saves, reading the tokens it reuses (about
# 30 a segment), does not. `python -m bench.kv_shift` on two CPU cores (bench/QUALITY.md,
# the round after adb7c75) measured the reuse faster up to 100 M key elements with an f16
# cache (Qwen2.5 0.5B at n_ctx 32768: 1.13×; SmolLM2 at 8192, 47 M: 1.22×) and slower
# from 189 M (SmolLM2 at 32768: 0.93×; Qwen at 65536, 201 M: 0.96×); with q8_0, faster
# at 25 M (Qwen at 8192: 1.17×) and slower from 47 M (SmolLM2 at 8192: 0.95×; Qwen at
# 16384, 50 M, was 1.09×, at 32768 0.94×). Cells move only below these sizes. A larger
# model saves more by each token not read again, so for it the limits are on the safe
# side.
SHIFT_MAX_KEY_ELEMENTS = {"f16": 128_000_000, "q8_0": 32_000_000, "q4_0": 32_000_000}


def shift_pays(cells: int, key_elements: int, kv_type: str) -> bool:
    """Whether moving cached cells (``cache_reuse``) measured faster than reading the
    tokens again, for a cache of ``cells`` with ``key_elements`` per cell (every
    layer's) of ``kv_type``."""
    limit = SHIFT_MAX_KEY_ELEMENTS.get(kv_type, min(SHIFT_MAX_KEY_ELEMENTS.values()))
    return cells * key_elements <= limit


class SingleSequence:
    """Sequence 0 of a model's context, driven token by token.

    Keeps ``Llama``'s token record so that the next request reuses the longest common
    prefix, as ``Llama.generate`` does. Use on the thread that owns the model.
    """

    def __init__(self, model: LoadedModel) -> None:
        self._model = model
        self._llama: Any = model.llama
        self._lc = import_llama_cpp()
        self._ctx = context_handle(self._llama)
        self._n_batch = int(self._llama.n_batch)
        # One token per step: its batch is built once and its token slot rewritten.
        self._one = (self._lc.llama_token * 1)()
        self._one_batch = self._lc.llama_batch_get_one(self._one, 1)
        self.cached = 0  # how many of the last prompt's tokens came from the cache
        # Where this request shifted cells, until a decode has applied the shift.
        self._shift_pending: int | None = None
        # The header's key length and per-layer KV heads (n_embd / n_head is not the key
        # size of every architecture); a header without them never moves cells.
        keys = key_elements_per_cell(model.metadata)
        self._shift_pays = bool(keys) and shift_pays(
            int(self._lc.llama_n_ctx(self._ctx)), keys, model.settings.kv_cache_type
        )

    def start(self, tokens: Sequence[int], reuse: int = 0) -> list[int]:
        """Drop what the cache holds beyond the common prefix with ``tokens``; return the
        tokens still to evaluate (empty when the logits of the whole prompt are live).
        With ``reuse`` (:attr:`SamplingSettings.cache_reuse`), a block of the cache right
        after the common prefix is dropped first where the next ``reuse`` tokens of the
        prompt follow it there (:meth:`_shift_into_place`). Without it, cells whose
        states a shift left (``shifted_from``) are not reused: a request that did not
        ask for reuse gets what a fresh evaluation of its prompt gives."""
        llama = self._llama
        n_past = int(llama.n_tokens)
        shifted = shifted_from(llama)
        if shifted is not None and shifted >= n_past:
            set_shifted_from(llama, shifted := None)
        common = 0
        if n_past and tokens:
            import numpy as np

            limit = min(n_past, len(tokens))
            same = llama.input_ids[:limit] == np.asarray(tokens[:limit], dtype=np.intc)
            common = limit if bool(same.all()) else int(np.argmin(same))
            if reuse and common < min(n_past, len(tokens)):
                common = self._shift_into_place(tokens, common, reuse)
                n_past = int(llama.n_tokens)
            elif not reuse and shifted is not None:
                common = min(common, shifted)
        if common == len(tokens) and n_past == len(tokens) and not logits_stale(llama):
            return []
        # A fully cached prompt replays its last token: the logits are not kept.
        keep = common - 1 if common == len(tokens) else common
        memory = self._lc.llama_get_memory(self._ctx)
        if keep > 0 and self._lc.llama_memory_seq_rm(memory, 0, keep, -1):
            llama.n_tokens = keep
            if (shifted := shifted_from(llama)) is not None and shifted >= keep:
                set_shifted_from(llama, None)
        else:
            # Recurrent models cannot drop a tail: start over, as Llama.reset() does
            # (sequence 0 only: a SequenceScheduler may hold the others).
            llama.n_tokens = 0
            keep = 0
            self._lc.llama_memory_seq_rm(memory, 0, -1, -1)
            set_shifted_from(llama, None)
            self._shift_pending = None
        set_logits_stale(llama, True)
        return list(tokens[keep:])

    def _shift_into_place(self, tokens: Sequence[int], common: int, reuse: int) -> int:
        """Where the cache holds, after the ``common`` prefix, a block the prompt lacks
        and then at least ``reuse`` of the prompt's next tokens (a translation's earlier
        exchange that slid out of its context, then the exchange it keeps), drop the
        block and shift the rest back onto the prompt's positions (llama.cpp's K-shift).
        Returns the new common prefix (``common`` where nothing was moved)."""
        import numpy as np

        llama = self._llama
        n_past = int(llama.n_tokens)
        wanted = np.asarray(tokens[common : common + reuse], dtype=np.intc)
        past = np.array(llama.input_ids[:n_past], dtype=np.intc)
        rest = past[common + 1 :]
        memory = self._lc.llama_get_memory(self._ctx)
        if len(wanted) < reuse or len(rest) < reuse or not self._lc.llama_memory_can_shift(memory):
            return common
        if not self._shift_pays:  # the cache is too large for moving it to pay
            return common
        windows = np.lib.stride_tricks.sliding_window_view(rest, reuse)
        hits = np.flatnonzero((windows == wanted).all(axis=1))
        if not len(hits):
            return common
        start = common + 1 + int(hits[0])
        dropped = start - common
        moved = past[start:]
        limit = min(len(moved), len(tokens) - common)
        same = moved[:limit] == np.asarray(tokens[common : common + limit], dtype=np.intc)
        matched = limit if bool(same.all()) else int(np.argmin(same))
        if not self._lc.llama_memory_seq_rm(memory, 0, common, start):
            return common
        self._lc.llama_memory_seq_add(memory, 0, start, -1, -dropped)
        llama.input_ids[common : n_past - dropped] = moved
        llama.n_tokens = n_past - dropped
        set_logits_stale(llama, True)
        earlier = shifted_from(llama)
        set_shifted_from(llama, common if earlier is None else min(earlier, common))
        # llama.cpp rotates the moved keys at the next decode (its K-shift).
        self._shift_pending = common
        log.debug("Cache reuse: %d tokens shifted back by %d", matched, dropped)
        return common + matched

    def evaluate(self, tokens: Sequence[int]) -> None:
        """Evaluate ``tokens`` after the cached ones, ``n_batch`` at a time.

        Raises:
            DecodeAborted: The abort callback stopped it; the tokens of the batches
                finished before stay evaluated (and recorded), the rest are dropped.
            HearthError: llama.cpp could not evaluate them.
        """
        lc = self._lc
        if len(tokens) == 1:
            self._one[0] = tokens[0]
            self._decode(self._one_batch, tokens)
            return
        for start in range(0, len(tokens), self._n_batch):
            chunk = tokens[start : start + self._n_batch]
            array = (lc.llama_token * len(chunk))(*chunk)
            self._decode(lc.llama_batch_get_one(array, len(chunk)), chunk)

    def _decode(self, batch: Any, tokens: Sequence[int]) -> None:
        llama = self._llama
        status = int(self._lc.llama_decode(self._ctx, batch))
        if status != 0:
            # An aborted or failed decode may leave some of its micro-batches in the
            # cache: drop them, so the cache holds exactly the recorded tokens. A shift
            # it was to apply first may be half done: the moved cells go too.
            memory = self._lc.llama_get_memory(self._ctx)
            if self._shift_pending is not None:
                llama.n_tokens = self._shift_pending
                self._shift_pending = None
            self._lc.llama_memory_seq_rm(memory, 0, int(llama.n_tokens), -1)
            set_logits_stale(llama, True)
            if status == DECODE_ABORTED:
                raise DecodeAborted()
            raise HearthError(msg("llama_decode failed with status {status}", status=status))
        self._shift_pending = None
        n_past = int(llama.n_tokens)
        llama.input_ids[n_past : n_past + len(tokens)] = tokens
        llama.n_tokens = n_past + len(tokens)
        set_logits_stale(llama, False)

    def tokens(
        self, prompt: Sequence[int], sampler: NativeSampler, reuse: int = 0
    ) -> Generator[int, None, None]:
        """Evaluate ``prompt`` (what is not cached), then yield sampled tokens; each is
        evaluated only when the next one is asked for, as ``Llama.generate`` does.
        :attr:`cached` is then how many of the prompt's tokens came from the cache."""
        remaining = self.start(prompt, reuse)
        self.cached = len(prompt) - len(remaining)
        self.evaluate(remaining)
        while True:
            token = sampler.sample(self._ctx, -1)
            yield token
            self.evaluate((token,))
