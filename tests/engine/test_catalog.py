"""The shipped catalog is well formed, and fit estimates say what they should."""

from __future__ import annotations

from engine.hub.hub_names import quantization_of
from engine.llm.fit_estimate import estimate_fit, machine_memory
from engine.models.catalog import load_catalog, recommended_entry


def test_catalog_is_well_formed_and_covers_the_families() -> None:
    entries = load_catalog()
    assert len(entries) >= 12
    assert len({e.id for e in entries}) == len(entries)
    text = " ".join(e.repo.lower() for e in entries)
    for family in ("qwen", "llama", "gemma", "phi", "mistral"):
        assert family in text
    for entry in entries:
        assert entry.size > 100 * 2**20 and entry.license and entry.good_at and entry.languages
        assert quantization_of(entry.file) == entry.quantization
    recommended = recommended_entry(entries)
    assert recommended is not None and recommended.size < 2 * 2**30
    assert [e.size for e in entries] == sorted(e.size for e in entries)


def test_fit_estimate_kinds() -> None:
    gb = 2**30
    assert estimate_fit(gb, free_ram=8 * gb).kind == "fits"
    assert estimate_fit(5 * gb, free_ram=4 * gb).kind == "too_large"
    partial = estimate_fit(5 * gb, free_ram=8 * gb, free_vram=3 * gb, gpu_backend="CUDA")
    assert partial.kind == "partial" and "partial GPU offload" in partial.text
    on_gpu = estimate_fit(gb, free_ram=8 * gb, free_vram=12 * gb, gpu_backend="CUDA")
    assert on_gpu.kind == "fits" and "CUDA" in on_gpu.text
    assert "Too large" in estimate_fit(5 * gb, free_ram=gb).text
    # This machine: something is free, and a 100 GB file does not fit.
    memory = machine_memory()
    assert memory.free_ram > 0
    assert memory.fit(100 * gb).kind == "too_large"


def test_quantization_names() -> None:
    assert quantization_of("qwen2.5-7b-instruct-q4_k_m-00001-of-00002.gguf") == "Q4_K_M"
    assert quantization_of("Meta-Llama-3.1-8B-Instruct-IQ3_XS.gguf") == "IQ3_XS"
    assert quantization_of("model-f16.gguf") == "F16"
    assert quantization_of("gemma-3-270m-it-Q8_0.gguf") == "Q8_0"
    assert quantization_of("plain.gguf") == ""
