"""The beam search's rules on a stand-in for llama.cpp (no model): when it stops, what a
cache without room does, and the order of its cache operations."""

from __future__ import annotations

import ctypes
import itertools
import math
from collections.abc import Callable, Sequence
from typing import Any

import engine.llm.beam_search as beam_search

END = 7
PROMPT = [3, 4, 5]
# By the number of reply tokens so far and the last token read.
Logits = Callable[[int, int], list[float]]


def _dist(probs: dict[int, float]) -> list[float]:
    logits = [math.log(1e-4)] * 8
    for token, p in probs.items():
        logits[token] = math.log(p)
    return logits


class FakeLlama:
    """What BeamContext calls of llama_cpp, with logits from a function of the step."""

    def __init__(self, logits: Logits, statuses: Sequence[int] = ()) -> None:
        self.logits = logits
        self.statuses = list(statuses)
        self.ops: list[tuple[Any, ...]] = []
        self._last: list[tuple[int, int, int]] = []
        # The logits handed out, kept alive while the search reads them through numpy.
        self.rows: list[Any] = []

    def llama_memory_seq_rm(self, _memory: Any, seq: int, p0: int, p1: int) -> bool:
        self.ops.append(("rm", seq, p0, p1))
        return True

    def llama_memory_seq_cp(self, _memory: Any, src: int, dst: int, _p0: int, _p1: int) -> None:
        self.ops.append(("cp", src, dst))

    def llama_memory_clear(self, _memory: Any, _data: bool) -> None:
        self.ops.append(("clear",))

    def llama_set_abort_callback(self, *_args: Any) -> None:
        pass

    def llama_decode(self, _ctx: Any, batch: Any) -> int:
        status = self.statuses.pop(0) if self.statuses else 0
        self._last = [
            (batch.token[i], batch.pos[i], batch.seq_id[i][0]) for i in range(batch.n_tokens)
        ]
        self.ops.append(("decode", status, tuple(self._last)))
        return status

    def llama_get_logits_ith(self, _ctx: Any, row: int) -> Any:
        token, position, _seq = self._last[row]
        array = (ctypes.c_float * 8)(*self.logits(position - len(PROMPT) + 1, token))
        self.rows.append(array)
        return ctypes.cast(array, ctypes.POINTER(ctypes.c_float))


class _Batch:
    def __init__(self, n: int) -> None:
        self.token = [0] * n
        self.pos = [0] * n
        self.seq_id = [[0] for _ in range(n)]
        self.n_seq_id = [0] * n
        self.logits = [0] * n
        self.n_tokens = 0


def _context(fake: FakeLlama, beams: int) -> beam_search.BeamContext:
    context = object.__new__(beam_search.BeamContext)
    context.__dict__.update(
        _lc=fake, beams=beams, n_ctx=4096, _n_batch=16, _ctx=None, _memory=None,
        _n_vocab=8, _n_swa=0, _batch=_Batch(16), _abort_callback=None, _no_abort=None, _prompt=[],
        _closed=False,
    )  # fmt: skip
    return context


def _search(fake: FakeLlama, beams: int, max_new: int = 30) -> beam_search.BeamResult:
    result = _context(fake, beams).search(
        PROMPT, max_new, is_end=lambda t: t == END, token_bytes=lambda t: bytes([48 + t])
    )
    assert result is not None
    return result


def test_an_unlikely_end_does_not_cut_a_confident_reply() -> None:
    # Ten confident tokens, the end less likely than the other continuations at every
    # step: an end that does not rank among the k best continuations finishes nothing.
    def logits(done: int, _token: int) -> list[float]:
        if done < 10:
            return _dist({1: 0.97, 4: 0.01, 5: 0.01, END: 0.005})
        return _dist({END: 0.99, 4: 0.005, 5: 0.005})

    greedy = _search(FakeLlama(logits), 1)
    beams = _search(FakeLlama(logits), 4)
    assert greedy.tokens == beams.tokens == (1,) * 10
    assert beams.ended


def test_beams_find_a_likelier_reply_than_greedy() -> None:
    # Greedy takes 1 (0.5) and must then go on unsure (0.25 each); 2 (0.45) leads to a
    # sure end: the beams find it.
    def logits(done: int, token: int) -> list[float]:
        if done == 0:
            return _dist({1: 0.5, 2: 0.45, 4: 0.05})
        if done == 1 and token == 1:
            return _dist({4: 0.25, 5: 0.25, 6: 0.25, END: 0.25})
        return _dist({END: 0.9, 4: 0.1})

    greedy = _search(FakeLlama(logits), 1, max_new=3)
    beams = _search(FakeLlama(logits), 4, max_new=3)
    assert greedy.tokens[0] == 1
    assert beams.tokens == (2,) and beams.ended


def test_a_cache_without_room_for_the_prompt_gives_greedy_decoding() -> None:
    fake = FakeLlama(lambda _done, _token: _dist({1: 1.0}), statuses=[1])
    context = _context(fake, 2)
    result = context.search(
        list(range(10)), 3, is_end=lambda t: t == END, token_bytes=lambda _t: b"x"
    )
    assert result is None
    assert context.__dict__["_prompt"] == []  # the record matches the emptied cache


def test_each_step_copies_the_parents_before_dropping_the_old_beams() -> None:
    fake = FakeLlama(
        lambda done, _token: _dist({1: 0.6, 2: 0.3, END: 0.1}) if done < 3 else _dist({END: 1.0})
    )
    _search(fake, 2, max_new=5)
    decodes = [i for i, op in enumerate(fake.ops) if op[0] == "decode"]
    # After the prompt, each step: the new half filled from the parents, the old half
    # emptied, then one batch with a token per beam at the same position.
    for before, at in itertools.pairwise(decodes):
        step = fake.ops[before + 1 : at]
        copies = [i for i, op in enumerate(step) if op[0] == "cp"]
        drops = [i for i, op in enumerate(step) if op[0] == "rm" and op[2] == -1]
        assert copies and max(copies) < max(drops)
        positions = {entry[1] for entry in fake.ops[at][2]}
        assert len(positions) == 1
    # The prompt's sequence is never dropped: the next search reuses it.
    assert ("rm", 0, -1, -1) not in fake.ops
