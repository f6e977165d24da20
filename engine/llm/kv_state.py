"""Keep each conversation's KV cache when another conversation takes the model, so that
switching back does not evaluate the whole conversation again.

Only llama.cpp's sequence state (the KV cache of sequence 0) and the tokens it holds are
kept, in memory, least recently used first out when over the byte budget.
"""

from __future__ import annotations

import ctypes
import logging
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from engine.llm.llama_binding import (
    context_handle,
    import_llama_cpp,
    set_logits_stale,
    set_shifted_from,
    shifted_from,
)
from engine.llm.model import LoadedModel

log = logging.getLogger(__name__)

DEFAULT_BUDGET_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class _Saved:
    # The ctypes buffer itself is kept: copying tens of megabytes into bytes would
    # hold the GIL, and stall the GUI thread, for as long as the copy takes.
    tokens: Any
    buffer: Any
    size: int
    # native_core's mark of shifted states (llama_binding.shifted_from).
    shifted_from: int | None = None


class KVStateCache:
    """Per-key snapshots of one model's KV cache. Use on the thread that owns the model."""

    def __init__(self, budget_bytes: int = DEFAULT_BUDGET_BYTES) -> None:
        self.budget_bytes = budget_bytes
        self._saved: OrderedDict[Hashable, _Saved] = OrderedDict()
        self._owner: Hashable | None = None
        self._model: LoadedModel | None = None

    def clear(self) -> None:
        """Forget every snapshot (the model is being unloaded)."""
        self._saved.clear()
        self._owner = None
        self._model = None

    @property
    def size_bytes(self) -> int:
        return sum(ctypes.sizeof(s.buffer) for s in self._saved.values())

    def switch_to(self, key: Hashable, model: LoadedModel) -> bool:
        """Make ``model``'s KV cache hold ``key``'s conversation before it generates.

        Saves the current owner's state, then restores ``key``'s if one was saved.
        Returns True if a state was restored.
        """
        if self._model is not model:
            # A different (re)loaded model: nothing saved applies to it.
            self._saved.clear()
            self._model = model
            self._owner = None
        if key == self._owner:
            return False
        if self._owner is not None:
            self._save(self._owner, model)
        self._owner = key
        saved = self._saved.get(key)
        if saved is None:
            return False
        self._saved.move_to_end(key)
        return self._restore(saved, model)

    def forget(self, key: Hashable) -> None:
        """Drop ``key``'s saved state (its requests are over); where ``key`` holds the
        model's cache now, that stays, but is not saved when another key takes it."""
        self._saved.pop(key, None)
        if self._owner == key:
            self._owner = None

    def _save(self, key: Hashable, model: LoadedModel) -> None:
        llama = model.llama
        n_tokens = int(llama.n_tokens)
        if n_tokens == 0:
            return
        llama_cpp = import_llama_cpp()
        ctx = context_handle(llama)
        size = int(llama_cpp.llama_state_seq_get_size(ctx, 0))
        buffer = (ctypes.c_uint8 * size)()
        written = int(llama_cpp.llama_state_seq_get_data(ctx, buffer, size, 0))
        if written == 0 or written > size:
            log.warning("Could not save the KV state of conversation %s", key)
            return
        tokens = llama.input_ids[:n_tokens].copy()
        self._saved[key] = _Saved(tokens, buffer, written, shifted_from(llama))
        self._saved.move_to_end(key)
        while self.size_bytes > self.budget_bytes and len(self._saved) > 1:
            dropped, _ = self._saved.popitem(last=False)
            log.debug("Dropped the saved KV state of conversation %s", dropped)

    def _restore(self, saved: _Saved, model: LoadedModel) -> bool:
        llama: Any = model.llama
        llama_cpp = import_llama_cpp()
        ctx = context_handle(llama)
        memory = llama_cpp.llama_get_memory(ctx)
        if memory is not None:
            llama_cpp.llama_memory_seq_rm(memory, 0, -1, -1)
        read = int(llama_cpp.llama_state_seq_set_data(ctx, saved.buffer, saved.size, 0))
        if read != saved.size:
            log.warning("Could not restore a saved KV state; it will be recomputed")
            llama.reset()
            set_shifted_from(llama, None)
            return False
        count = len(saved.tokens)
        llama.input_ids[:count] = saved.tokens
        llama.n_tokens = count
        set_shifted_from(llama, saved.shifted_from)
        # The logits are not part of the snapshot: the next generate() replays a token.
        set_logits_stale(llama, True)
        return True
