"""Will a model file fit this machine? Answered before downloading, from its size alone.

After download the GGUF header gives exact layer and cache sizes (see gpu_offload and
model_settings); before it, only the file size is known, so the context cache is
estimated from it: about 24 KB per token and per GB of weights at f16, which is within
a factor of two for the Llama, Qwen, Gemma and Mistral families at 4096 tokens.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from engine.common.messages import msg

if TYPE_CHECKING:
    from engine.llm.gguf_metadata import GGUFMetadata

FitKind = Literal["fits", "partial", "too_large"]

KV_BYTES_PER_TOKEN_PER_GB = 24 * 1024
RUNTIME_OVERHEAD = 300 * 1024 * 1024  # compute buffers, llama.cpp itself, Hearth
DEFAULT_CONTEXT = 4096


@dataclass(frozen=True)
class Fit:
    kind: FitKind
    needed_bytes: int
    text: str


def needed_bytes(file_size: int, n_ctx: int = DEFAULT_CONTEXT) -> int:
    gigabytes = max(file_size / 2**30, 0.25)
    return int(file_size + n_ctx * KV_BYTES_PER_TOKEN_PER_GB * gigabytes + RUNTIME_OVERHEAD)


def estimate_fit(
    file_size: int,
    *,
    free_ram: int,
    free_vram: int = 0,
    gpu_backend: str = "",
    n_ctx: int = DEFAULT_CONTEXT,
    need: int | None = None,
) -> Fit:
    """``free_vram`` is the free memory of the largest GPU (0 without a GPU backend);
    ``need`` replaces the estimate from the file size when it is known exactly."""
    need = needed_bytes(file_size, n_ctx) if need is None else need
    gib = need / 2**30
    if free_vram and need <= free_vram:
        if gpu_backend:
            text = msg("Fits on the {backend} GPU (≈{need:.1f} GB)", backend=gpu_backend, need=gib)
        else:
            text = msg("Fits on the GPU (≈{need:.1f} GB)", need=gib)
        return Fit("fits", need, text)
    if free_vram and need <= free_vram + free_ram:
        return Fit(
            "partial",
            need,
            msg(
                "Fits with partial GPU offload (≈{need:.1f} GB; {vram:.1f} GB on the GPU)",
                need=gib,
                vram=free_vram / 2**30,
            ),
        )
    if need <= free_ram:
        text = msg(
            "Fits in memory (≈{need:.1f} GB of {free:.1f} GB free)", need=gib, free=free_ram / 2**30
        )
        return Fit("fits", need, text)
    text = msg(
        "Too large (≈{need:.1f} GB; {free:.1f} GB free)",
        need=gib,
        free=(free_ram + free_vram) / 2**30,
    )
    return Fit("too_large", need, text)


@dataclass(frozen=True)
class MachineMemory:
    """Free memory now; read once per listing (reading GPU memory is not free)."""

    free_ram: int
    free_vram: int = 0
    gpu_backend: str = ""

    def fit(self, file_size: int, n_ctx: int = DEFAULT_CONTEXT) -> Fit:
        return estimate_fit(
            file_size,
            free_ram=self.free_ram,
            free_vram=self.free_vram,
            gpu_backend=self.gpu_backend,
            n_ctx=n_ctx,
        )


# Bytes per cached value, relative to f16's two: q8_0 keeps 32 values in 34 bytes,
# q4_0 in 18.
_KV_TYPE_SCALE = {"f16": 1.0, "q8_0": 34 / 64, "q4_0": 18 / 64}


def load_need_bytes(metadata: GGUFMetadata, n_ctx: int, kv_cache_type: str = "f16") -> int | None:
    """Memory a load of ``metadata``'s file with ``n_ctx`` tokens of context takes: the
    weights, the KV cache from the header's attention shape, and the runtime's buffers.
    None where the plain attention formula does not hold (compressed caches as in
    DeepSeek's MLA, recurrent state-space models, per-layer head counts, split files):
    an unknown need is never a reason to refuse."""
    from engine.llm.gpu_offload import kv_cache_bytes_per_layer, layer_sizes

    arch = metadata.architecture
    if (
        any(key.startswith((f"{arch}.ssm.", f"{arch}.wkv.")) for key in metadata.values)
        or f"{arch}.attention.kv_lora_rank" in metadata.values
        or isinstance(metadata.values.get(f"{arch}.attention.head_count_kv"), list | tuple)
        or int(metadata.values.get("split.count") or 1) > 1
    ):
        return None

    layers = layer_sizes(metadata).n_layers or (metadata.block_count or 1)
    kv = kv_cache_bytes_per_layer(metadata, n_ctx) * layers
    scale = _KV_TYPE_SCALE.get(kv_cache_type, 1.0)
    return int(metadata.file_size + kv * scale + RUNTIME_OVERHEAD)


def estimate_load(
    metadata: GGUFMetadata, n_ctx: int, kv_cache_type: str, memory: MachineMemory
) -> Fit | None:
    """Will this load fit the memory free now? Said before trying it; None when the
    need cannot be worked out from the header."""
    need = load_need_bytes(metadata, n_ctx, kv_cache_type)
    if need is None:
        return None
    return estimate_fit(
        metadata.file_size,
        free_ram=memory.free_ram,
        free_vram=memory.free_vram,
        gpu_backend=memory.gpu_backend,
        need=need,
    )


def machine_memory() -> MachineMemory:
    from engine.common.system_memory import available_memory_bytes
    from engine.llm.gpu_offload import gpu_devices

    best = max(gpu_devices(), key=lambda d: d.free_bytes, default=None)
    return MachineMemory(
        available_memory_bytes(), best.free_bytes if best else 0, best.backend if best else ""
    )
