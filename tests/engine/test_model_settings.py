"""Per-model load settings survive a restart and are validated before they are kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.common.errors import ChatTemplateError, HearthError
from engine.llm.chat_formats import NAMED_FORMATS
from engine.llm.parameters import GPU_LAYERS_AUTO
from engine.models.model_profile import ModelProfile, ModelProfileStore


def test_settings_are_remembered_per_model(tmp_path: Path) -> None:
    store = ModelProfileStore(tmp_path)
    a, b = tmp_path / "a.gguf", tmp_path / "b.gguf"
    assert store.get(a) == ModelProfile()
    store.set(
        a, ModelProfile(n_ctx=2048, n_gpu_layers=0, template_mode="named", template_name="Gemma")
    )
    store.set(b, ModelProfile(n_threads=3))
    again = ModelProfileStore(tmp_path)
    assert again.get(a).n_ctx == 2048
    assert again.get(a).load_settings().chat_template == NAMED_FORMATS["Gemma"]
    assert again.get(a).load_settings().n_gpu_layers == 0
    assert again.get(b).n_threads == 3 and again.get(b).n_gpu_layers == GPU_LAYERS_AUTO
    assert again.get(b).load_settings().chat_template is None


def test_invalid_settings_are_refused_and_not_saved(tmp_path: Path) -> None:
    store = ModelProfileStore(tmp_path)
    model = tmp_path / "m.gguf"
    with pytest.raises(ChatTemplateError):
        store.set(model, ModelProfile(template_mode="custom", custom_template="{{ 1 }}"))
    with pytest.raises(HearthError):
        store.set(model, ModelProfile(n_ctx=8))
    assert store.get(model) == ModelProfile()


def test_unreadable_file_falls_back_to_defaults(tmp_path: Path) -> None:
    (tmp_path / "model-settings.json").write_text("[1, 2", encoding="utf-8")
    assert ModelProfileStore(tmp_path).get(tmp_path / "x.gguf") == ModelProfile()


def test_flash_attention_and_quantized_kv_cache_load_for_real(
    tmp_path: Path, smollm2: Path
) -> None:
    from engine.llm.generation import generate_reply
    from engine.llm.messages import ChatMessage
    from engine.llm.model import load_model
    from engine.llm.parameters import SamplingSettings

    settings = ModelProfile(
        n_ctx=512, n_threads=2, flash_attention=True, kv_cache_type="q8_0", use_mmap=False
    )
    store = ModelProfileStore(tmp_path)
    store.set(smollm2, settings)
    model = load_model(smollm2, store.get(smollm2).load_settings())
    try:
        reply = generate_reply(
            model, [ChatMessage("user", "Hi")], SamplingSettings(temperature=0, max_tokens=8)
        )
        assert reply.text.strip()
    finally:
        model.close()
    with pytest.raises(HearthError, match="needs flash attention"):
        store.set(smollm2, ModelProfile(kv_cache_type="q4_0"))


def test_default_context_is_trained_context_unless_memory_is_short(
    tmp_path: Path, smollm2: Path, gemma3: Path
) -> None:
    from engine.llm.gguf_metadata import read_gguf_metadata
    from engine.models.model_profile import default_context

    smol = read_gguf_metadata(smollm2, read_tokens=False)
    gemma = read_gguf_metadata(gemma3, read_tokens=False)
    assert default_context(smol, 64 * 2**30) == 8192
    assert default_context(gemma, 64 * 2**30) == 32768
    # SmolLM2's cache takes 23 KB a token: 300 MB free leaves room for about 6,400.
    short = default_context(smol, 300 * 2**20)
    assert 4096 < short < 8192 and short % 256 == 0
    assert default_context(smol, 10 * 2**20) == 512
    store = ModelProfileStore(tmp_path, fit_context=True)
    assert store.get(smollm2).n_ctx <= 8192
    store.set(smollm2, ModelProfile(n_ctx=1024))
    assert store.get(smollm2).n_ctx == 1024, "saved settings win"
    assert ModelProfileStore(tmp_path, fit_context=True).get(tmp_path / "x.gguf") == ModelProfile()


def test_reset_forgets_a_models_saved_settings(tmp_path: Path) -> None:
    store = ModelProfileStore(tmp_path, ModelProfile(n_ctx=2048))
    a, b = tmp_path / "a.gguf", tmp_path / "b.gguf"
    store.set(a, ModelProfile(n_ctx=999_999))
    store.set(b, ModelProfile(n_ctx=4096))
    store.reset(a)
    store.reset(tmp_path / "never-saved.gguf")  # nothing to forget: no error
    assert store.get(a).n_ctx == 2048
    assert ModelProfileStore(tmp_path).get(b).n_ctx == 4096


def test_the_load_estimate_counts_the_kv_cache_for_the_chosen_context(smollm2: Path) -> None:
    from engine.llm.fit_estimate import MachineMemory, estimate_load, load_need_bytes
    from engine.llm.gguf_metadata import read_gguf_metadata

    meta = read_gguf_metadata(smollm2, read_tokens=False)
    small = load_need_bytes(meta, 8192)
    huge = load_need_bytes(meta, 999_999)
    assert meta.file_size < small < huge
    # SmolLM2-135M: 30 layers × 3 KV heads × (64 + 64) values × 2 bytes per token.
    assert huge - small == (999_999 - 8192) * 30 * 3 * 128 * 2
    assert load_need_bytes(meta, 999_999, "q4_0") < load_need_bytes(meta, 999_999, "q8_0") < huge
    machine = MachineMemory(free_ram=4 * 2**30)
    assert estimate_load(meta, 8192, "f16", machine).kind == "fits"
    assert estimate_load(meta, 999_999, "f16", machine).kind == "too_large"
