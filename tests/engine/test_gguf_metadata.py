"""The GGUF header reader: real models read right, broken files refused before llama.cpp."""

from __future__ import annotations

import contextlib
import struct
from pathlib import Path

import numpy as np
import pytest

from engine.common.errors import InvalidModelFileError
from engine.llm.gguf_metadata import GGML_BLOCK_SIZES, read_gguf_metadata
from engine.llm.model import load_model


def test_smollm2_metadata(smollm2: Path) -> None:
    meta = read_gguf_metadata(smollm2)
    assert meta.architecture == "llama"
    assert meta.quantization == "Q4_1"
    assert meta.context_length == 8192
    assert meta.block_count == 30
    assert meta.has_chat_template
    assert "<|im_start|>" in (meta.chat_template or "")
    assert meta.file_size == smollm2.stat().st_size
    assert 130e6 < meta.parameter_count < 140e6
    assert meta.size_label == "135M"
    assert meta.eos_token == "<|im_end|>"


def test_gemma3_metadata(gemma3: Path) -> None:
    meta = read_gguf_metadata(gemma3)
    assert meta.architecture == "gemma3"
    assert meta.quantization == "Q4_K_M"
    assert meta.context_length == 32768
    assert meta.block_count == 18
    assert not meta.has_chat_template
    assert 260e6 < meta.parameter_count < 275e6
    assert meta.bos_token == "<bos>"


def test_block_sizes_match_gguf_reference() -> None:
    from gguf.constants import GGML_QUANT_SIZES

    for ggml_type, sizes in GGML_QUANT_SIZES.items():
        if int(ggml_type) in GGML_BLOCK_SIZES:
            assert GGML_BLOCK_SIZES[int(ggml_type)] == sizes, ggml_type.name


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _valid_small_gguf(path: Path, **kv: str) -> Path:
    """A real, tiny GGUF file written by the reference writer."""
    from gguf import GGUFWriter

    writer = GGUFWriter(str(path), "llama")
    writer.add_name("tiny")
    writer.add_context_length(128)
    for key, value in kv.items():
        writer.add_string(key, value)
    writer.add_tensor("weight", np.ones((4, 8), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def test_reference_writer_file_reads(tmp_path: Path) -> None:
    meta = read_gguf_metadata(_valid_small_gguf(tmp_path / "ok.gguf"))
    assert meta.name == "tiny"
    assert meta.context_length == 128
    assert meta.parameter_count == 32
    assert meta.quantization == "F32"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "only 0 bytes"),
        (b"GGML" + b"\0" * 40, "instead of b'GGUF'"),
        (b"\x7fELF" + b"\0" * 60, "instead of b'GGUF'"),
        (b"GGUF" + struct.pack("<I", 99) + b"\0" * 40, "version 99"),
        (b"GGUF" + struct.pack(">I", 3) + b"\0" * 40, "big-endian"),
        (b"GGUF" + struct.pack("<IQQ", 3, 2**40, 0) + b"\0" * 40, "more than"),
        (b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + struct.pack("<Q", 2**50), "truncated"),
    ],
)
def test_malformed_headers_rejected(tmp_path: Path, data: bytes, message: str) -> None:
    path = _write(tmp_path / "bad.gguf", data)
    with pytest.raises(InvalidModelFileError, match=message):
        read_gguf_metadata(path)


def test_truncated_model_rejected(tmp_path: Path, smollm2: Path) -> None:
    data = smollm2.read_bytes()
    path = _write(tmp_path / "truncated.gguf", data[: len(data) // 2])
    with pytest.raises(InvalidModelFileError, match="truncated"):
        read_gguf_metadata(path)


def test_truncated_inside_metadata_rejected(tmp_path: Path, smollm2: Path) -> None:
    with smollm2.open("rb") as handle:
        head = handle.read(200_000)
    with pytest.raises(InvalidModelFileError, match="truncated or corrupt"):
        read_gguf_metadata(_write(tmp_path / "head.gguf", head))


def test_string_length_past_end_rejected(tmp_path: Path) -> None:
    good = _valid_small_gguf(tmp_path / "ok.gguf").read_bytes()
    # The first key's length field sits right after the 24-byte header.
    hostile = good[:24] + struct.pack("<Q", 2**62) + good[32:]
    with pytest.raises(InvalidModelFileError, match="truncated or corrupt"):
        read_gguf_metadata(_write(tmp_path / "hostile.gguf", hostile))


def test_tensor_offset_past_end_rejected(tmp_path: Path) -> None:
    good = _valid_small_gguf(tmp_path / "ok.gguf").read_bytes()
    # Drop the tensor data: the header now points past the end of the file.
    with pytest.raises(InvalidModelFileError, match="past the end"):
        read_gguf_metadata(_write(tmp_path / "nodata.gguf", good[: len(good) - 64]))


def test_bit_flips_never_crash(tmp_path: Path) -> None:
    """Flipping bytes in the header gives either a valid read or a clean refusal."""
    good = _valid_small_gguf(tmp_path / "ok.gguf").read_bytes()
    rng = np.random.default_rng(7)
    for trial in range(200):
        data = bytearray(good)
        for position in rng.integers(4, 200, size=3):
            data[int(position)] ^= 1 << int(rng.integers(0, 8))
        path = _write(tmp_path / f"flip{trial}.gguf", bytes(data))
        with contextlib.suppress(InvalidModelFileError):
            read_gguf_metadata(path)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InvalidModelFileError, match="No model file"):
        read_gguf_metadata(tmp_path / "nothing.gguf")
    with pytest.raises(InvalidModelFileError, match="folder"):
        read_gguf_metadata(tmp_path)


def test_load_refuses_corrupt_file_before_llama_cpp(tmp_path: Path, smollm2: Path) -> None:
    data = smollm2.read_bytes()
    path = _write(tmp_path / "cut.gguf", data[: len(data) - 1000])
    with pytest.raises(InvalidModelFileError):
        load_model(path)


def test_a_failed_load_quotes_llama_cpps_own_reason(tmp_path: Path) -> None:
    """llama-cpp-python only says the load failed; llama.cpp's log says why."""
    from engine.common.errors import ModelLoadError
    from engine.llm.model import load_model
    from engine.llm.parameters import LoadSettings

    path = _valid_small_gguf(tmp_path / "tiny.gguf")  # a header without hyperparameters
    with pytest.raises(ModelLoadError) as raised:
        load_model(path, LoadSettings(n_ctx=128, n_threads=1))
    assert "key not found in model: llama.embedding_length" in str(raised.value)
    assert "context 128 tokens" in str(raised.value)


def test_the_memory_estimate_declines_caches_it_cannot_size(tmp_path: Path) -> None:
    """Per-layer head counts (hybrid models), DeepSeek's compressed cache and recurrent
    state: no estimate (so nothing is refused for it) and no crash."""
    from gguf import GGUFWriter

    from engine.llm.fit_estimate import load_need_bytes
    from engine.llm.gpu_offload import kv_cache_bytes_per_layer

    def written(name: str, extra: dict[str, object]) -> Path:
        path = tmp_path / name
        writer = GGUFWriter(str(path), "llama")
        writer.add_context_length(4096)
        writer.add_embedding_length(64)
        writer.add_head_count(4)
        for key, value in extra.items():
            if isinstance(value, list):
                writer.add_array(key, value)
            else:
                writer.add_uint32(key, int(str(value)))
        writer.add_tensor("blk.0.attn_q.weight", np.ones((4, 8), dtype=np.float32))
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_tensors_to_file()
        writer.close()
        return path

    plain = read_gguf_metadata(written("plain.gguf", {"llama.attention.head_count_kv": 2}))
    assert load_need_bytes(plain, 1024) == load_need_bytes(plain, 0) + 1024 * 2 * 32 * 2
    for name, extra in (
        ("hybrid.gguf", {"llama.attention.head_count_kv": [0, 2, 0, 2]}),
        ("mla.gguf", {"llama.attention.kv_lora_rank": 512}),
        ("ssm.gguf", {"llama.ssm.state_size": 16}),
    ):
        meta = read_gguf_metadata(written(name, extra))
        assert load_need_bytes(meta, 1024) is None, name
        assert kv_cache_bytes_per_layer(meta, 1024) >= 0


def test_the_longest_context_follows_the_rope_scaling_factor(tmp_path: Path) -> None:
    from gguf import GGUFWriter

    from engine.models.model_profile import longest_context

    def context_of(name: str, factor: float | None) -> int | None:
        path = tmp_path / name
        writer = GGUFWriter(str(path), "llama")
        writer.add_context_length(32768)
        if factor is not None:
            writer.add_float32("llama.rope.scaling.factor", factor)
        writer.add_tensor("weight", np.ones((4, 8), dtype=np.float32))
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_tensors_to_file()
        writer.close()
        return longest_context(read_gguf_metadata(path))

    assert context_of("plain.gguf", None) == 32768
    assert context_of("yarn.gguf", 4.0) == 131072
    assert context_of("huge.gguf", 64.0) == 1_048_576  # never above what a load accepts
