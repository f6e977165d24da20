"""The knobs of a model load and of a reply, as immutable values."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from typing import Any

from engine.errors import HearthError

# KV cache element types and their ggml type numbers.
KV_CACHE_TYPES = {"f16": 1, "q8_0": 8, "q4_0": 2}

# Values of ``LoadSettings.n_gpu_layers`` besides a layer count (0 is CPU only).
GPU_LAYERS_ALL = -1
GPU_LAYERS_AUTO = -2


@dataclass(frozen=True)
class LoadSettings:
    """How llama.cpp loads a model.

    ``n_gpu_layers``: 0 keeps everything on the CPU, ``GPU_LAYERS_ALL`` offloads every
    layer, ``GPU_LAYERS_AUTO`` as many as fit the free VRAM, a number that many.
    ``n_threads``: None uses every core.
    """

    n_ctx: int = 4096
    n_gpu_layers: int = GPU_LAYERS_AUTO
    n_threads: int | None = None
    n_batch: int = 512
    seed: int = 0
    # A Jinja chat template used instead of the file's own (None: the file's).
    chat_template: str | None = None
    flash_attention: bool = False
    # The KV cache's element type: "f16" (llama.cpp's default), "q8_0" or "q4_0"
    # (smaller caches for long contexts; quantized V needs flash attention).
    kv_cache_type: str = "f16"
    use_mmap: bool = True
    use_mlock: bool = False
    # Auto only: the layers that fit when this model was last loaded; Auto starts
    # there instead of retrying what failed before.
    gpu_layers_hint: int | None = None

    def validate(self) -> LoadSettings:
        """Return self, or raise a clear error for a setting llama.cpp would reject."""
        if self.n_ctx < 64:
            raise HearthError(f"Context length {self.n_ctx} is too small (at least 64).")
        if self.n_ctx > 1_048_576:
            raise HearthError(f"Context length {self.n_ctx} is too large (at most 1048576).")
        if self.n_gpu_layers < GPU_LAYERS_AUTO:
            raise HearthError("GPU layers must be Auto, All, 0 (CPU only) or a layer count.")
        if self.n_threads is not None and self.n_threads < 1:
            raise HearthError("CPU threads must be at least 1.")
        if self.n_batch < 1:
            raise HearthError("Batch size must be at least 1.")
        if self.kv_cache_type not in KV_CACHE_TYPES:
            raise HearthError(f"KV cache type must be one of {', '.join(KV_CACHE_TYPES)}.")
        if self.kv_cache_type != "f16" and not self.flash_attention:
            raise HearthError("A quantized KV cache needs flash attention turned on.")
        return self

    def resolved_threads(self) -> int:
        if self.n_threads is not None:
            return self.n_threads
        return max(1, (os.cpu_count() or 2))


@dataclass(frozen=True)
class SamplingSettings:
    """How a reply is sampled. ``temperature == 0`` is greedy decoding.

    ``seed`` None draws a fresh seed per reply; a number makes the reply reproducible.
    """

    temperature: float = 0.7
    top_p: float = 0.95
    top_k: int = 40
    min_p: float = 0.05
    repeat_penalty: float = 1.1
    max_tokens: int = 1024
    seed: int | None = None
    # Extra texts that end the reply when the model writes them (not included).
    stop: tuple[str, ...] = ()

    def validate(self) -> SamplingSettings:
        """Return self, or raise a clear error for an impossible setting."""
        if self.temperature < 0:
            raise HearthError("Temperature cannot be negative.")
        if not 0 < self.top_p <= 1:
            raise HearthError("top_p must be in (0, 1].")
        if self.top_k < 0:
            raise HearthError("top_k cannot be negative.")
        if not 0 <= self.min_p <= 1:
            raise HearthError("min_p must be in [0, 1].")
        if self.repeat_penalty <= 0:
            raise HearthError("Repeat penalty must be positive.")
        if self.max_tokens < 1:
            raise HearthError("Max tokens must be at least 1.")
        if self.seed is not None and not 0 <= self.seed < 2**32 - 1:
            raise HearthError("Seed must be between 0 and 4294967294.")
        return self

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SamplingSettings:
        """Settings saved by :meth:`as_dict`; unknown keys are ignored, then validated."""
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        if "stop" in known:
            known["stop"] = tuple(str(s) for s in known["stop"] or ())
        try:
            return cls(**known).validate()
        except TypeError as error:
            raise HearthError(f"Unreadable sampling settings: {error}") from None


# Starting points users pick by name; each can then be adjusted.
SAMPLING_PRESETS: dict[str, SamplingSettings] = {
    "Precise": SamplingSettings(temperature=0.2, top_p=0.9, top_k=20, min_p=0.1),
    "Balanced": SamplingSettings(),
    "Creative": SamplingSettings(
        temperature=1.0, top_p=0.98, top_k=100, min_p=0.02, repeat_penalty=1.05
    ),
}
