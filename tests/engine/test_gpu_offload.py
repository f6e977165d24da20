"""GPU placement: layer fit from GGUF metadata, and the fallback policy, on real files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from engine.common.errors import ModelLoadError
from engine.llm.gguf_metadata import read_gguf_metadata
from engine.llm.gpu_offload import (
    GPU_RESERVE_BYTES,
    GpuDevice,
    fit_gpu_layers,
    gpu_devices,
    kv_cache_bytes_per_layer,
    layer_sizes,
    load_with_placement,
    plan_gpu_layers,
)
from engine.llm.model import LoadedModel, load_model
from engine.llm.parameters import GPU_LAYERS_ALL, GPU_LAYERS_AUTO, LoadSettings

MIB = 1024 * 1024


def _gpu(free_mib: int) -> GpuDevice:
    return GpuDevice("CUDA0", "Test GPU", free_mib * MIB)


def test_layer_sizes_add_up_to_the_weights(smollm2: Path) -> None:
    meta = read_gguf_metadata(smollm2, read_tokens=False)
    sizes = layer_sizes(meta)
    assert sizes.n_layers == meta.block_count == 30
    assert len(set(sizes.per_layer)) == 1, "SmolLM2's blocks are all alike"
    total = sum(sizes.per_layer) + sizes.other
    assert total == sum(t.n_bytes or 0 for t in meta.tensors)
    assert 0.8 * meta.file_size < total <= meta.file_size


def test_kv_cache_size_from_metadata(smollm2: Path) -> None:
    meta = read_gguf_metadata(smollm2, read_tokens=False)
    # SmolLM2-135M: 3 KV heads of 64 dimensions; f16 K and V.
    assert kv_cache_bytes_per_layer(meta, 1024) == 1024 * 3 * (64 + 64) * 2


def test_fit_counts_layers_against_a_budget() -> None:
    from engine.llm.gpu_offload import LayerSizes

    sizes = LayerSizes(per_layer=(100 * MIB,) * 10, other=50 * MIB)
    kv = 10 * MIB
    assert fit_gpu_layers(sizes, kv, GPU_RESERVE_BYTES + 10_000 * MIB) == 10
    assert fit_gpu_layers(sizes, kv, GPU_RESERVE_BYTES + 330 * MIB) == 3
    assert fit_gpu_layers(sizes, kv, GPU_RESERVE_BYTES + 50 * MIB) == 0
    # Every layer fits but not the output tensors: one layer stays on the CPU.
    assert fit_gpu_layers(sizes, kv, GPU_RESERVE_BYTES + 1_120 * MIB) == 9


def test_plan_follows_the_mode(gemma3: Path) -> None:
    meta = read_gguf_metadata(gemma3, read_tokens=False)
    auto = LoadSettings(n_ctx=2048, n_gpu_layers=GPU_LAYERS_AUTO)
    assert plan_gpu_layers(meta, auto, []) == (
        0,
        "CPU only: this build of llama.cpp has no GPU backend (see README)",
    )
    layers, why = plan_gpu_layers(meta, auto, [_gpu(24_000)])
    assert (layers, why) == (18, "18/18 layers on CUDA")
    layers, why = plan_gpu_layers(meta, auto, [_gpu(600)])
    assert 0 < layers < 18 and why.startswith(f"{layers}/18 layers on CUDA: 0.6 GiB")
    assert plan_gpu_layers(meta, LoadSettings(n_gpu_layers=0), [_gpu(9000)])[0] == 0
    assert plan_gpu_layers(meta, LoadSettings(n_gpu_layers=GPU_LAYERS_ALL), [_gpu(1)])[0] == 18
    assert plan_gpu_layers(meta, LoadSettings(n_gpu_layers=7), [_gpu(9000)])[0] == 7


def test_retry_with_fewer_layers_then_cpu_says_so(smollm2: Path) -> None:
    """The loader fails above 7 GPU layers, as llama.cpp does when VRAM runs out."""
    requested: list[int] = []

    def loader(path: Any, settings: LoadSettings, **kwargs: Any) -> LoadedModel:
        requested.append(settings.n_gpu_layers)
        if settings.n_gpu_layers == -1 or settings.n_gpu_layers > 7:
            raise ModelLoadError("cudaMalloc failed: out of memory")
        return load_model(path, LoadSettings(n_ctx=256, n_gpu_layers=0), **kwargs)

    model, placement = load_with_placement(
        smollm2, LoadSettings(n_ctx=256), devices=[_gpu(24_000)], loader=loader
    )
    try:
        assert requested == [-1, 15, 7]
        assert placement.gpu_layers == 7 and placement.fell_back
        assert placement.summary == "7/30 layers on CUDA: not enough VRAM for 30"
        assert model.info().n_ctx == 256
    finally:
        model.close()


def test_cpu_fallback_and_total_failure(smollm2: Path) -> None:
    def gpu_fails(path: Any, settings: LoadSettings, **kwargs: Any) -> LoadedModel:
        if settings.n_gpu_layers != 0:
            raise ModelLoadError("out of memory")
        return load_model(path, LoadSettings(n_ctx=256, n_gpu_layers=0), **kwargs)

    model, placement = load_with_placement(
        smollm2, LoadSettings(n_ctx=256), devices=[_gpu(24_000)], loader=gpu_fails
    )
    model.close()
    assert placement.backend == "CPU" and placement.gpu_layers == 0
    assert placement.summary == "CPU only: the model did not fit on CUDA (30 layers tried)"

    def always_fails(*_args: Any, **_kwargs: Any) -> LoadedModel:
        raise ModelLoadError("unknown model architecture: 'novel'")

    with pytest.raises(ModelLoadError, match="Tried: 30/30 layers on CUDA") as caught:
        load_with_placement(smollm2, LoadSettings(), devices=[_gpu(24_000)], loader=always_fails)
    assert "0/30 layers" in str(caught.value)


def test_this_cpu_build_reports_cpu_only(smollm2: Path) -> None:
    """On a CPU build (as in CI) the real load says so instead of pretending."""
    devices = gpu_devices()
    model, placement = load_with_placement(smollm2, LoadSettings(n_ctx=256, n_threads=2))
    try:
        if not devices:
            assert placement.summary.startswith("CPU only: this build of llama.cpp has no GPU")
            assert placement.gpu_layers == 0
        else:  # a GPU build: Auto placed what fits
            assert placement.gpu_layers > 0
    finally:
        model.close()


def test_auto_starts_from_the_remembered_placement(gemma3: Path, tmp_path: Path) -> None:
    from engine.models.model_profile import ModelProfile, ModelProfileStore

    meta = read_gguf_metadata(gemma3, read_tokens=False)
    store = ModelProfileStore(tmp_path)
    store.remember_placement(gemma3, 5)
    settings = store.get(gemma3).load_settings()
    assert settings.gpu_layers_hint == 5
    assert plan_gpu_layers(meta, settings, [_gpu(24_000)]) == (
        5,
        "5/18 layers on CUDA (what fitted last time)",
    )
    # A hint never raises the count above what fits now, and a fresh choice clears it.
    assert plan_gpu_layers(meta, settings, [_gpu(600)])[0] <= 5
    store.set(gemma3, ModelProfile())
    assert store.get(gemma3).load_settings().gpu_layers_hint is None
