"""Where a model runs: which GPU backend this build has, how many layers fit, and an
honest account when a load has to fall back.

Nothing falls back silently: every load returns a :class:`Placement` whose ``summary``
says what happened ("30/30 layers on CUDA", "12/30 layers on GPU: not enough VRAM",
"CPU only: this build has no GPU backend").
"""

from __future__ import annotations

import ctypes
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from engine.common.errors import LoadCancelledError, ModelLoadError
from engine.common.messages import Message, msg, text_of
from engine.llm.gguf_metadata import GGUFMetadata, read_gguf_metadata
from engine.llm.llama_binding import import_llama_cpp
from engine.llm.model import LoadedModel, load_model
from engine.llm.parameters import GPU_LAYERS_ALL, LoadSettings

log = logging.getLogger(__name__)

# Room left on the GPU for llama.cpp's compute buffers and the driver.
GPU_RESERVE_BYTES = 512 * 1024 * 1024
_LAYER_TENSOR = re.compile(r"^blk\.(\d+)\.")
# ggml_backend_dev_type: CPU 0, GPU 1, IGPU 2, ACCEL 3.
_GPU_DEVICE_TYPES = (1, 2)
_BACKEND_NAMES = (
    ("CUDA", "CUDA"),
    ("ROCM", "ROCm"),
    ("HIP", "ROCm"),
    ("METAL", "Metal"),
    ("MTL", "Metal"),
    ("VULKAN", "Vulkan"),
    ("SYCL", "SYCL"),
    ("OPENCL", "OpenCL"),
)


@dataclass(frozen=True)
class GpuDevice:
    name: str
    description: str
    free_bytes: int

    @property
    def backend(self) -> str:
        upper = self.name.upper()
        for prefix, label in _BACKEND_NAMES:
            if upper.startswith(prefix):
                return label
        return re.sub(r"\d+$", "", self.name) or "GPU"


@dataclass(frozen=True)
class LayerSizes:
    """Bytes of each repeating block of the model, and of everything else."""

    per_layer: tuple[int, ...]
    other: int

    @property
    def n_layers(self) -> int:
        return len(self.per_layer)


@dataclass(frozen=True)
class Placement:
    """Where a loaded model runs, and why."""

    backend: str
    gpu_layers: int
    total_layers: int
    summary: str
    fell_back: bool = False


def gpu_devices() -> list[GpuDevice]:
    """The GPUs this llama.cpp build can use, with their free memory (none: CPU build)."""
    llama_cpp = import_llama_cpp()
    if not llama_cpp.llama_supports_gpu_offload():
        return []
    lib_dir = Path(llama_cpp.__file__).parent / "lib"
    try:
        registry = ctypes.CDLL(str(next(lib_dir.glob("libggml.so*"))))
        base = ctypes.CDLL(str(next(lib_dir.glob("libggml-base.so*"))))
    except (OSError, StopIteration):
        log.warning("Cannot query the GPU devices of this llama.cpp build")
        return []
    registry.ggml_backend_dev_count.restype = ctypes.c_size_t
    registry.ggml_backend_dev_get.restype = ctypes.c_void_p
    registry.ggml_backend_dev_get.argtypes = [ctypes.c_size_t]
    base.ggml_backend_dev_name.restype = ctypes.c_char_p
    base.ggml_backend_dev_name.argtypes = [ctypes.c_void_p]
    base.ggml_backend_dev_description.restype = ctypes.c_char_p
    base.ggml_backend_dev_description.argtypes = [ctypes.c_void_p]
    base.ggml_backend_dev_type.restype = ctypes.c_int
    base.ggml_backend_dev_type.argtypes = [ctypes.c_void_p]
    base.ggml_backend_dev_memory.argtypes = [
        ctypes.c_void_p,
        ctypes.POINTER(ctypes.c_size_t),
        ctypes.POINTER(ctypes.c_size_t),
    ]
    devices = []
    for index in range(registry.ggml_backend_dev_count()):
        device = registry.ggml_backend_dev_get(index)
        if base.ggml_backend_dev_type(device) not in _GPU_DEVICE_TYPES:
            continue
        free, total = ctypes.c_size_t(0), ctypes.c_size_t(0)  # the call writes both
        base.ggml_backend_dev_memory(device, ctypes.byref(free), ctypes.byref(total))
        devices.append(
            GpuDevice(
                name=(base.ggml_backend_dev_name(device) or b"GPU").decode(),
                description=(base.ggml_backend_dev_description(device) or b"").decode(),
                free_bytes=free.value,
            )
        )
    return devices


def layer_sizes(metadata: GGUFMetadata) -> LayerSizes:
    """Split the model's weights into its repeating blocks and the rest."""
    blocks: dict[int, int] = {}
    other = 0
    for tensor in metadata.tensors:
        size = tensor.n_bytes or 0
        match = _LAYER_TENSOR.match(tensor.name)
        if match:
            blocks[int(match.group(1))] = blocks.get(int(match.group(1)), 0) + size
        else:
            other += size
    count = max(blocks) + 1 if blocks else 0
    return LayerSizes(tuple(blocks.get(i, 0) for i in range(count)), other)


def _largest(value: object) -> int:
    """A count stored as one number or as one per layer; 0 when absent or unreadable."""
    if isinstance(value, list | tuple):
        numbers = [int(v) for v in value if isinstance(v, int | float)]
        return max(numbers, default=0)
    return int(value) if isinstance(value, int | float) else 0


def _heads_and_key_length(metadata: GGUFMetadata) -> tuple[int, int]:
    """The attention heads (the largest count, where one is given per layer) and the
    size of a key head (the header's, else the embedding split over the heads)."""
    arch = metadata.architecture
    values = metadata.values
    n_embd = int(values.get(f"{arch}.embedding_length") or 0)
    n_head = _largest(values.get(f"{arch}.attention.head_count")) or 1
    head_k = int(values.get(f"{arch}.attention.key_length") or (n_embd // max(1, n_head)))
    return n_head, head_k


def kv_cache_bytes_per_layer(metadata: GGUFMetadata, n_ctx: int, bytes_per_value: int = 2) -> int:
    """Size of one layer's K and V cache for ``n_ctx`` tokens (f16 by default)."""
    values = metadata.values
    n_head, head_k = _heads_and_key_length(metadata)
    # Hybrid models list a count per layer (0 for layers without attention): the
    # largest one bounds every layer's cache.
    n_head_kv = _largest(values.get(f"{metadata.architecture}.attention.head_count_kv")) or n_head
    head_v = int(values.get(f"{metadata.architecture}.attention.value_length") or head_k)
    return n_ctx * n_head_kv * (head_k + head_v) * bytes_per_value


def key_elements_per_cell(metadata: GGUFMetadata) -> int:
    """The key elements one cell of the KV cache holds over every layer (a hybrid
    model's layers without attention hold none); 0 when the header does not say."""
    n_head, head_k = _heads_and_key_length(metadata)
    kv_heads = metadata.values.get(f"{metadata.architecture}.attention.head_count_kv")
    if isinstance(kv_heads, list | tuple):
        return head_k * sum(int(v) for v in kv_heads if isinstance(v, int | float))
    per_layer = int(kv_heads) if isinstance(kv_heads, int | float) else n_head
    return head_k * per_layer * int(metadata.block_count or 0)


def fit_gpu_layers(sizes: LayerSizes, kv_per_layer: int, free_bytes: int) -> int:
    """How many layers fit in ``free_bytes`` of GPU memory (all layers: ``n_layers``).

    Layers are offloaded from the first; with every layer on the GPU, the output and
    embedding tensors go too, so they must fit as well.
    """
    budget = free_bytes - GPU_RESERVE_BYTES
    used = 0
    layers = 0
    for size in sizes.per_layer:
        if used + size + kv_per_layer > budget:
            return layers
        used += size + kv_per_layer
        layers += 1
    if used + sizes.other > budget:
        return max(0, layers - 1)
    return layers


def plan_gpu_layers(
    metadata: GGUFMetadata, settings: LoadSettings, devices: list[GpuDevice]
) -> tuple[int, str]:
    """The number of layers to request, and why, for the settings' GPU mode."""
    total = layer_sizes(metadata).n_layers or (metadata.block_count or 0)
    if not devices:
        return 0, msg("CPU only: this build of llama.cpp has no GPU backend (see README)")
    backend = devices[0].backend
    requested = settings.n_gpu_layers
    if requested == 0:
        return 0, msg("CPU only (as set for this model)")
    if requested == GPU_LAYERS_ALL:
        return total, msg("all {total} layers on {backend} (as set)", total=total, backend=backend)
    if requested > 0:
        layers = min(requested, total)
        return layers, _on_gpu(layers, total, backend)
    # Auto: what fits the free memory of the first GPU.
    free = devices[0].free_bytes
    kv = kv_cache_bytes_per_layer(metadata, settings.n_ctx)
    layers = fit_gpu_layers(layer_sizes(metadata), kv, free)
    hint = settings.gpu_layers_hint
    if hint is not None and 0 <= hint < layers:
        return hint, msg(
            "{gpu}/{total} layers on {backend} (what fitted last time)",
            gpu=hint,
            total=total,
            backend=backend,
        )
    if layers >= total:
        return total, _on_gpu(total, total, backend)
    return layers, msg(
        "{gpu}/{total} layers on {backend}: {free:.1f} GiB of VRAM free",
        gpu=layers,
        total=total,
        backend=backend,
        free=free / 2**30,
    )


def _on_gpu(layers: int, total: int, backend: str) -> str:
    return msg("{gpu}/{total} layers on {backend}", gpu=layers, total=total, backend=backend)


def load_with_placement(
    path: str | Path,
    settings: LoadSettings,
    *,
    devices: list[GpuDevice] | None = None,
    loader: Callable[..., LoadedModel] = load_model,
    on_progress: Callable[[float], bool] | None = None,
    metadata: GGUFMetadata | None = None,
) -> tuple[LoadedModel, Placement]:
    """Load a model where it fits, retrying with fewer GPU layers, then on the CPU.

    Every retry is reported in the returned placement; if even the CPU load fails, the
    error lists each attempt. ``metadata``: the file's header, if the caller has it.
    """
    if metadata is None:
        metadata = read_gguf_metadata(path, read_tokens=False)
    devices = gpu_devices() if devices is None else devices
    total = layer_sizes(metadata).n_layers or (metadata.block_count or 0)
    backend = devices[0].backend if devices else "CPU"
    layers, why = plan_gpu_layers(metadata, settings, devices)
    attempts: list[Message] = []
    candidates = _fallback_ladder(layers)
    for attempt in candidates:
        try:
            model = loader(
                path,
                replace(settings, n_gpu_layers=_llama_layers(attempt, total)),
                metadata=metadata,
                **({"on_progress": on_progress} if on_progress is not None else {}),
            )
        except LoadCancelledError:
            raise
        except ModelLoadError as error:
            attempts.append(
                msg(
                    "{gpu}/{total} layers on {backend}: {reason}",
                    gpu=attempt,
                    total=total,
                    backend=backend,
                    reason=text_of(error),
                )
            )
            log.warning("Load with %d GPU layers failed: %s", attempt, error)
            continue
        if attempt == layers:
            summary = why
        elif attempt == 0:
            summary = msg(
                "CPU only: the model did not fit on {backend} ({tried} layers tried)",
                backend=backend,
                tried=layers,
            )
        else:
            summary = msg(
                "{gpu}/{total} layers on {backend}: not enough VRAM for {wanted}",
                gpu=attempt,
                total=total,
                backend=backend,
                wanted=layers,
            )
        placement = Placement(
            backend=backend if attempt else "CPU",
            gpu_layers=attempt,
            total_layers=total,
            summary=summary,
            fell_back=attempt != layers,
        )
        return model, placement
    raise ModelLoadError(
        msg(
            "The model could not be loaded anywhere. Tried: {attempts}",
            attempts=_listed(attempts),
        )
    )


def _fallback_ladder(layers: int) -> list[int]:
    """``layers``, then half as many, and so on, then the CPU."""
    ladder = [layers]
    while layers > 1:
        layers //= 2
        ladder.append(layers)
    if ladder[-1] != 0:
        ladder.append(0)
    return ladder


def _llama_layers(layers: int, total: int) -> int:
    # llama.cpp puts the output layer on the GPU only beyond the repeating layers.
    return -1 if total and layers >= total else layers


def _listed(attempts: list[Message]) -> Message:
    """The attempts one after another ("…; …"), each still translatable."""
    listed = attempts[0] if attempts else msg("none")
    for attempt in attempts[1:]:
        listed = msg("{earlier}; {attempt}", earlier=listed, attempt=attempt)
    return listed
