"""Read a GGUF file's header without loading its weights, and refuse broken files.

Some malformed GGUF files make llama.cpp ``abort()`` the whole process, which would
take the user's open chats with it. Every file is therefore parsed here first, with
every count, length and offset checked against the file's real size, and only a file
that passes is handed to llama.cpp.
"""

from __future__ import annotations

import mmap
import struct
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.common.errors import InvalidModelFileError
from engine.common.messages import Message, lazy_msg, msg
from engine.llm.ggml_types import FILE_TYPE_NAMES, GGML_BLOCK_SIZES, GGML_TYPE_NAMES

__all__ = ["GGML_BLOCK_SIZES", "GGUFMetadata", "TensorInfo", "read_gguf_metadata"]

GGUF_MAGIC = b"GGUF"
SUPPORTED_VERSIONS = (2, 3)
DEFAULT_ALIGNMENT = 32
MAX_DIMS = 8

# Value types of the GGUF key/value section.
_UINT8, _INT8, _UINT16, _INT16, _UINT32, _INT32, _FLOAT32, _BOOL = range(8)
_STRING, _ARRAY, _UINT64, _INT64, _FLOAT64 = 8, 9, 10, 11, 12
_SCALAR_FORMATS: dict[int, str] = {
    _UINT8: "<B",
    _INT8: "<b",
    _UINT16: "<H",
    _INT16: "<h",
    _UINT32: "<I",
    _INT32: "<i",
    _FLOAT32: "<f",
    _BOOL: "<?",
    _UINT64: "<Q",
    _INT64: "<q",
    _FLOAT64: "<d",
}

# Big arrays (the tokenizer's vocabulary) are walked but not kept.
_KEEP_ARRAY_MAX = 64
# Limits no real model comes near, so that a hostile header cannot make the reader
# build millions of Python objects. Keys: the GGUF specification's own limit. Tensor
# names: llama.cpp's GGML_MAX_NAME (it refuses longer ones too). Token texts: the
# largest vocabularies hold about 260,000.
MAX_KEY_BYTES = 65_535
MAX_TENSOR_NAME_BYTES = 63
MAX_METADATA_ENTRIES = 65_536
MAX_TENSORS = 262_144
_KEEP_TOKENS_MAX = 4_194_304
# Longer metadata strings are walked but not kept (a few files embed a whole
# tokenizer.json of several MB; nothing Hearth reads is that long). A token text that
# long is refused: none is.
_KEEP_STRING_MAX = 4 << 20


@dataclass(frozen=True)
class TensorInfo:
    """One tensor's description from the header."""

    name: str
    shape: tuple[int, ...]
    ggml_type: int
    offset: int
    n_bytes: int | None

    @property
    def n_elements(self) -> int:
        count = 1
        for dim in self.shape:
            count *= dim
        return count


@dataclass(frozen=True)
class GGUFMetadata:
    """What the header of a GGUF file says about the model inside."""

    path: Path
    file_size: int
    version: int
    name: str
    architecture: str
    parameter_count: int
    quantization: str
    context_length: int | None
    block_count: int | None
    chat_template: str | None
    tensor_count: int
    values: dict[str, Any] = field(repr=False)
    tensors: tuple[TensorInfo, ...] = field(repr=False)

    @property
    def has_chat_template(self) -> bool:
        return bool(self.chat_template)

    @property
    def size_label(self) -> str:
        """Parameter count the way model cards write it (135M, 2.7B)."""
        count = self.parameter_count
        if count >= 1_000_000_000:
            return f"{count / 1e9:.1f}B"
        return f"{round(count / 1e6)}M"

    @property
    def bos_token(self) -> str:
        return self._token_text("tokenizer.ggml.bos_token_id")

    @property
    def eos_token(self) -> str:
        return self._token_text("tokenizer.ggml.eos_token_id")

    def _token_text(self, key: str) -> str:
        token_id = self.values.get(key)
        tokens = self.values.get("tokenizer.ggml.tokens")
        if isinstance(token_id, int) and isinstance(tokens, list) and token_id < len(tokens):
            return str(tokens[token_id])
        return ""


# Where in the file a read happens (lazy_msg): made into a sentence only if the read
# fails; a header has thousands of reads, and a Message costs microseconds to build.
Where = Callable[[], Message]


class _Reader:
    """Bounds-checked little-endian reads over a memory-mapped file."""

    def __init__(self, buffer: mmap.mmap | bytes, path: Path) -> None:
        self.buffer = buffer
        self.size = len(buffer)
        self.pos = 0
        self.path = path

    def fail(self, why: Message) -> InvalidModelFileError:
        return InvalidModelFileError(
            msg("{name} is not a valid GGUF model: {reason}.", name=self.path.name, reason=why)
        )

    def key(self, index: int) -> str:
        key = self.string(lazy_msg("metadata key {index}", index=index), limit=MAX_KEY_BYTES)
        return key if key.isprintable() and len(key) <= 200 else _shown(key)

    def take(self, n: int, what: Where) -> int:
        """Reserve ``n`` bytes and return where they start."""
        if n < 0 or self.pos + n > self.size:
            raise self.fail(
                msg("the file ends inside {what} (it is truncated or corrupt)", what=what())
            )
        start = self.pos
        self.pos += n
        return start

    def scalar(self, fmt: str, what: Where) -> Any:
        start = self.take(struct.calcsize(fmt), what)
        return struct.unpack_from(fmt, self.buffer, start)[0]

    def u32(self, what: Where) -> int:
        return int(self.scalar("<I", what))

    def u64(self, what: Where) -> int:
        return int(self.scalar("<Q", what))

    def string(self, what: Where, keep: bool = True, limit: int | None = None) -> str:
        length = self.u64(what)
        start = self.take(length, what)
        if limit is not None and length > limit:
            raise self.fail(
                msg(
                    "{what} is {length} bytes long (at most {limit})",
                    what=what(),
                    length=length,
                    limit=limit,
                )
            )
        if not keep:
            return ""
        raw = bytes(self.buffer[start : start + length])
        return raw.decode("utf-8", errors="replace")

    def value_string(self, what: Where) -> str | None:
        """A metadata string, or None when it is too long to keep."""
        length = self.u64(what)
        start = self.take(length, what)
        if length > _KEEP_STRING_MAX:
            return None
        return bytes(self.buffer[start : start + length]).decode("utf-8", errors="replace")

    def value(
        self, value_type: int, key: str, depth: int = 0, keep_long_arrays: bool = True
    ) -> Any:
        if value_type in _SCALAR_FORMATS:
            return self.scalar(_SCALAR_FORMATS[value_type], lazy_msg("the value of {key}", key=key))
        if value_type == _STRING:
            return self.value_string(lazy_msg("the value of {key}", key=key))
        if value_type == _ARRAY:
            if depth > 2:
                raise self.fail(msg("{key} nests arrays too deeply", key=key))
            item_type = self.u32(lazy_msg("the array type of {key}", key=key))
            count = self.u64(lazy_msg("the array length of {key}", key=key))
            if item_type == _STRING:
                min_size = 8
            elif item_type in _SCALAR_FORMATS:
                min_size = struct.calcsize(_SCALAR_FORMATS[item_type])
            elif item_type == _ARRAY:
                min_size = 12
            else:
                raise self.fail(
                    msg("{key} has an unknown array item type {type}", key=key, type=item_type)
                )
            if count * min_size > self.size - self.pos:
                raise self.fail(
                    msg(
                        "{key} claims {count} items, more than the file holds "
                        "(it is truncated or corrupt)",
                        key=key,
                        count=count,
                    )
                )
            # Only texts are kept when long: the same key holding millions of numbers
            # would become a list of millions of ints.
            keep = count <= _KEEP_ARRAY_MAX or (
                key in _KEPT_ARRAYS
                and keep_long_arrays
                and item_type == _STRING
                and count <= _KEEP_TOKENS_MAX
            )
            items_of = lazy_msg("the items of {key}", key=key)
            if item_type in _SCALAR_FORMATS:
                start = self.take(count * min_size, items_of)
                if not keep:
                    return None
                fmt = "<" + _SCALAR_FORMATS[item_type][1:] * count
                return list(struct.unpack_from(fmt, self.buffer, start))
            if item_type == _STRING and not keep:
                _skip_strings(self, count, key)
                return None
            items: list[Any] = []
            for _ in range(count):
                if item_type == _STRING:
                    text = self.string(items_of, keep=keep, limit=_KEEP_STRING_MAX)
                    if keep:
                        items.append(text)
                else:
                    item = self.value(item_type, key, depth + 1)
                    if keep:
                        items.append(item)
            return items if keep else None
        raise self.fail(msg("{key} has an unknown value type {type}", key=key, type=value_type))


# Arrays we need even when they are long: token texts give the BOS/EOS strings that
# chat templates use.
_KEPT_ARRAYS = frozenset({"tokenizer.ggml.tokens"})


def read_gguf_metadata(path: str | Path, *, read_tokens: bool = True) -> GGUFMetadata:
    """Parse and validate the header of the GGUF file at ``path``.

    Args:
        path: The file to read.
        read_tokens: Keep the tokenizer's token texts (needed to render chat templates
            that use ``bos_token``); skipping them makes listing many files faster.

    Raises:
        InvalidModelFileError: The file is missing, unreadable, not GGUF, of an
            unsupported version, or inconsistent with its own size.
    """
    file_path = Path(path)
    try:
        size = file_path.stat().st_size
    except FileNotFoundError:
        raise InvalidModelFileError(msg("No model file at {path}.", path=file_path)) from None
    except OSError as error:
        raise InvalidModelFileError(
            msg("Cannot read {path}: {reason}.", path=file_path, reason=error.strerror)
        ) from None
    if file_path.is_dir():
        raise InvalidModelFileError(
            msg("{path} is a folder, not a GGUF model file.", path=file_path)
        )
    if size < 24:
        raise InvalidModelFileError(
            msg(
                "{name} is not a valid GGUF model: {reason}.",
                name=file_path.name,
                reason=msg("it is only {size} bytes long", size=size),
            )
        )
    try:
        with (
            file_path.open("rb") as handle,
            mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as buffer,
        ):
            return _parse(_Reader(buffer, file_path), file_path, size, read_tokens)
    except OSError as error:
        raise InvalidModelFileError(
            msg("Cannot read {path}: {reason}.", path=file_path, reason=error)
        ) from None


def _parse(reader: _Reader, path: Path, size: int, read_tokens: bool) -> GGUFMetadata:
    magic = bytes(reader.buffer[0:4])
    reader.take(4, lazy_msg("the magic number"))
    if magic != GGUF_MAGIC:
        raise reader.fail(msg("it starts with {magic} instead of b'GGUF'", magic=repr(magic)))
    version = reader.u32(lazy_msg("the version"))
    if version not in SUPPORTED_VERSIONS:
        if struct.unpack("<I", struct.pack(">I", version))[0] in SUPPORTED_VERSIONS:
            raise reader.fail(msg("it is a big-endian GGUF file, which this build cannot load"))
        raise reader.fail(
            msg("GGUF version {version} is not supported (only 2 and 3)", version=version)
        )
    tensor_count = reader.u64(lazy_msg("the tensor count"))
    kv_count = reader.u64(lazy_msg("the metadata count"))
    # Each tensor description takes at least 8+1+4+8+4+8 bytes, each key/value 8+1+4+1.
    if tensor_count * 33 > size or kv_count * 14 > size:
        raise reader.fail(
            msg(
                "it claims {tensors} tensors and {entries} metadata entries, "
                "more than {size} bytes can hold",
                tensors=tensor_count,
                entries=kv_count,
                size=size,
            )
        )
    if tensor_count > MAX_TENSORS or kv_count > MAX_METADATA_ENTRIES:
        raise reader.fail(
            msg(
                "it claims {tensors} tensors and {entries} metadata entries "
                "(a model has at most {most_tensors} and {most_entries})",
                tensors=tensor_count,
                entries=kv_count,
                most_tensors=MAX_TENSORS,
                most_entries=MAX_METADATA_ENTRIES,
            )
        )
    values: dict[str, Any] = {}
    for index in range(kv_count):
        key = reader.key(index)
        value_type = reader.u32(lazy_msg("the type of {key}", key=key))
        keep_tokens = read_tokens or key != "tokenizer.ggml.tokens"
        values[key] = reader.value(value_type, key, keep_long_arrays=keep_tokens)

    tensors: list[TensorInfo] = []
    for index in range(tensor_count):
        name = reader.string(
            lazy_msg("the name of tensor {index}", index=index),
            limit=MAX_TENSOR_NAME_BYTES,
        )
        if not name.isprintable():
            raise reader.fail(
                msg("tensor {index} has a name that is not a tensor name", index=index)
            )
        n_dims = reader.u32(lazy_msg("the dimensions of {name}", name=name))
        if not 1 <= n_dims <= MAX_DIMS:
            raise reader.fail(msg("tensor {name} has {count} dimensions", name=name, count=n_dims))
        shape = tuple(reader.u64(lazy_msg("the shape of {name}", name=name)) for _ in range(n_dims))
        ggml_type = reader.u32(lazy_msg("the type of {key}", key=name))
        offset = reader.u64(lazy_msg("the offset of {name}", name=name))
        tensors.append(TensorInfo(name, shape, ggml_type, offset, _tensor_bytes(shape, ggml_type)))

    alignment = values.get("general.alignment", DEFAULT_ALIGNMENT)
    if not isinstance(alignment, int) or alignment <= 0 or alignment & (alignment - 1):
        raise reader.fail(
            msg("general.alignment {alignment} is not a power of two", alignment=repr(alignment))
        )
    data_start = -(-reader.pos // alignment) * alignment
    data_size = size - data_start
    if tensor_count and data_size <= 0:
        raise reader.fail(msg("the file ends before its tensor data (it is truncated)"))
    for tensor in tensors:
        if tensor.offset % alignment:
            raise reader.fail(
                msg(
                    "tensor {name} is not aligned to {alignment} bytes",
                    name=tensor.name,
                    alignment=alignment,
                )
            )
        end = tensor.offset + (tensor.n_bytes or 0)
        if tensor.offset >= data_size or end > data_size:
            raise reader.fail(
                msg(
                    "tensor {name} lies past the end of the file "
                    "(needs {needed} bytes, the file has {size}; it is truncated)",
                    name=tensor.name,
                    needed=data_start + end,
                    size=size,
                )
            )

    return _describe(path, size, version, values, tuple(tensors))


def _skip_strings(reader: _Reader, count: int, key: str) -> None:
    """Walk ``count`` strings without decoding them (vocabularies hold 100k+)."""
    buffer, size, pos = reader.buffer, reader.size, reader.pos
    unpack = _U64.unpack_from
    for _ in range(count):
        if pos + 8 > size:
            raise _truncated_items(reader, key)
        pos += 8 + unpack(buffer, pos)[0]
        if pos > size:
            raise _truncated_items(reader, key)
    reader.pos = pos


def _truncated_items(reader: _Reader, key: str) -> InvalidModelFileError:
    return reader.fail(msg("the file ends inside the items of {key} (it is truncated)", key=key))


_U64 = struct.Struct("<Q")


def _tensor_bytes(shape: tuple[int, ...], ggml_type: int) -> int | None:
    block = GGML_BLOCK_SIZES.get(ggml_type)
    if block is None:
        return None
    elements = 1
    for dim in shape:
        elements *= dim
    block_elems, block_bytes = block
    return -(-elements // block_elems) * block_bytes


def _describe(
    path: Path,
    size: int,
    version: int,
    values: dict[str, Any],
    tensors: tuple[TensorInfo, ...],
) -> GGUFMetadata:
    architecture = str(values.get("general.architecture") or "unknown")

    def arch_int(suffix: str) -> int | None:
        value = values.get(f"{architecture}.{suffix}")
        return value if isinstance(value, int) else None

    file_type = values.get("general.file_type")
    if isinstance(file_type, int) and file_type in FILE_TYPE_NAMES:
        quantization = FILE_TYPE_NAMES[file_type]
    else:
        quantization = _dominant_type(tensors, lambda t: GGML_TYPE_NAMES.get(t, f"type {t}"))
    template = values.get("tokenizer.chat_template")
    name = values.get("general.name") or values.get("general.basename") or path.stem
    return GGUFMetadata(
        path=path,
        file_size=size,
        version=version,
        name=str(name),
        architecture=architecture,
        parameter_count=sum(t.n_elements for t in tensors),
        quantization=quantization,
        context_length=arch_int("context_length"),
        block_count=arch_int("block_count"),
        chat_template=template if isinstance(template, str) and template.strip() else None,
        tensor_count=len(tensors),
        values=values,
        tensors=tensors,
    )


def _dominant_type(tensors: tuple[TensorInfo, ...], label: Callable[[int], str]) -> str:
    """The tensor type holding most of the weights, for files without general.file_type."""
    weights: Counter[int] = Counter()
    for tensor in tensors:
        weights[tensor.ggml_type] += tensor.n_elements
    if not weights:
        return "unknown"
    return label(weights.most_common(1)[0][0])


def _shown(text: str, limit: int = 60) -> str:
    """A key from the file as a message can show it: control characters escaped, cut
    short (keys and names come from a file that may be hostile)."""
    shown = text[:limit].encode("unicode_escape").decode("ascii")
    return shown + ("…" if len(text) > limit else "")
