"""``SingleSequence``'s KV cache bookkeeping around a shift (``cache_reuse``), against a
stand-in for llama.cpp's memory that records which token sits at which position: the
cache and the token record agree after every path (a block dropped and the rest moved,
no shift possible, a removal refused, a decode stopped before the shift was applied),
and a request without reuse never reads the states a shift left."""

from __future__ import annotations

import ctypes
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from engine.llm.llama_binding import DECODE_ABORTED, shifted_from
from engine.llm.native_core import DecodeAborted, SingleSequence


class FakeMemory:
    """llama.cpp's memory API over ``{position: token}``; ``llama_decode`` stores the
    batch's tokens after the last position, or fails with ``decode_status``."""

    def __init__(self, can_shift: bool = True, removes_middle: bool = True) -> None:
        self.cells: dict[int, int] = {}
        self.can_shift = can_shift
        self.removes_middle = removes_middle
        self.decode_status = 0
        self.shifts = 0

    def llama_get_memory(self, _ctx: object) -> FakeMemory:
        return self

    def llama_memory_can_shift(self, _memory: object) -> bool:
        return self.can_shift

    def llama_memory_seq_rm(self, _memory: object, _seq: int, p0: int, p1: int) -> bool:
        if p0 < 0 and p1 < 0:
            self.cells.clear()
            return True
        if p1 >= 0 and not self.removes_middle:
            return False
        high = p1 if p1 >= 0 else 1 << 30
        self.cells = {p: t for p, t in self.cells.items() if not p0 <= p < high}
        return True

    def llama_memory_seq_add(
        self, _memory: object, _seq: int, p0: int, p1: int, delta: int
    ) -> None:
        high = p1 if p1 >= 0 else 1 << 30
        moved = {p + delta: t for p, t in self.cells.items() if p0 <= p < high}
        kept = {p: t for p, t in self.cells.items() if not p0 <= p < high}
        assert not set(moved) & set(kept), "a shift onto cells still in use"
        self.cells = {**kept, **moved}
        self.shifts += 1

    def llama_decode(self, _ctx: object, batch: list[int]) -> int:
        if self.decode_status:
            return self.decode_status
        start = max(self.cells, default=-1) + 1
        self.cells.update({start + i: t for i, t in enumerate(batch)})
        return 0

    def llama_batch_get_one(self, array: Any, count: int) -> list[int]:
        return list(array)[:count]

    llama_token = ctypes.c_int


def _sequence(past: list[int], memory: FakeMemory) -> tuple[SingleSequence, Any]:
    llama = SimpleNamespace(
        input_ids=np.zeros(256, dtype=np.intc), n_tokens=len(past), _requires_eval=True
    )
    llama.input_ids[: len(past)] = past
    memory.cells = dict(enumerate(past))
    sequence = SingleSequence.__new__(SingleSequence)
    sequence._llama = llama  # noqa: SLF001 - the stand-in in place of a loaded model
    sequence._lc = memory  # noqa: SLF001
    sequence._ctx = memory  # noqa: SLF001
    sequence._n_batch = 64  # noqa: SLF001
    sequence._shift_pending = None  # noqa: SLF001
    sequence._shift_pays = True  # noqa: SLF001 - a cache small enough for moving to pay
    sequence.cached = 0
    return sequence, llama


def _agrees(llama: Any, memory: FakeMemory) -> list[int]:
    """The record; it is what the cache holds, at positions 0…n-1."""
    n = int(llama.n_tokens)
    record = [int(t) for t in llama.input_ids[:n]]
    assert sorted(memory.cells) == list(range(n))
    assert [memory.cells[p] for p in range(n)] == record
    return record


SYSTEM = [1, 2, 3]
OLD = [10, 11, 12, 13, 14, 15]  # the exchange that slid out of the prompt
KEPT = [20, 21, 22, 23, 24, 25]  # the exchange the prompt keeps
NEW = [30, 31, 32, 33]


def test_the_block_is_dropped_and_the_rest_moved_into_place() -> None:
    memory = FakeMemory()
    sequence, llama = _sequence([*SYSTEM, *OLD, *KEPT, 99, 98], memory)
    prompt = [*SYSTEM, *KEPT, *NEW]
    remaining = sequence.start(prompt, reuse=4)
    assert remaining == NEW
    assert _agrees(llama, memory) == [*SYSTEM, *KEPT]
    assert memory.shifts == 1
    assert shifted_from(llama) == len(SYSTEM)
    sequence.evaluate(remaining)
    assert _agrees(llama, memory) == prompt


@pytest.mark.parametrize(
    "memory",
    [FakeMemory(can_shift=False), FakeMemory(removes_middle=False)],
    ids=["cannot shift", "removal refused"],
)
def test_nothing_moves_where_llama_cpp_cannot_shift(memory: FakeMemory) -> None:
    sequence, llama = _sequence([*SYSTEM, *OLD, *KEPT], memory)
    remaining = sequence.start([*SYSTEM, *KEPT, *NEW], reuse=4)
    assert remaining == [*KEPT, *NEW]
    assert memory.shifts == 0 and shifted_from(llama) is None
    assert _agrees(llama, memory) == SYSTEM


def test_too_short_a_match_or_no_reuse_moves_nothing() -> None:
    memory = FakeMemory()
    sequence, llama = _sequence([*SYSTEM, *OLD, *KEPT[:3]], memory)
    assert sequence.start([*SYSTEM, *KEPT], reuse=4) == KEPT
    sequence, llama = _sequence([*SYSTEM, *OLD, *KEPT], memory)
    assert sequence.start([*SYSTEM, *KEPT], reuse=0) == KEPT
    assert memory.shifts == 0
    assert _agrees(llama, memory) == SYSTEM


def test_a_request_without_reuse_does_not_read_shifted_states() -> None:
    memory = FakeMemory()
    sequence, llama = _sequence([*SYSTEM, *OLD, *KEPT], memory)
    sequence.evaluate(sequence.start([*SYSTEM, *KEPT, *NEW], reuse=4))
    assert shifted_from(llama) == len(SYSTEM)
    # The same prompt again, as a chat or a job's first segment would send it: the
    # moved cells are evaluated afresh, the prefix before them is reused.
    assert sequence.start([*SYSTEM, *KEPT, *NEW], reuse=0) == [*KEPT, *NEW]
    assert shifted_from(llama) is None
    assert _agrees(llama, memory) == SYSTEM


def test_a_decode_stopped_before_the_shift_was_applied_drops_the_moved_cells() -> None:
    memory = FakeMemory()
    sequence, llama = _sequence([*SYSTEM, *OLD, *KEPT, 99], memory)
    remaining = sequence.start([*SYSTEM, *KEPT, *NEW], reuse=4)
    memory.decode_status = DECODE_ABORTED
    with pytest.raises(DecodeAborted):
        sequence.evaluate(remaining)
    # The K-shift may have been half applied: what was moved is gone, not kept as read.
    assert _agrees(llama, memory) == SYSTEM
    memory.decode_status = 0
    assert sequence.start([*SYSTEM, *KEPT, *NEW], reuse=4) == [*KEPT, *NEW]
