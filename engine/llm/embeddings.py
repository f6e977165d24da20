"""Embeddings from a loaded model: a second llama.cpp context on the same weights.

The chat context cannot give embeddings without changing how every reply is decoded,
so an :class:`Embedder` opens its own ``llama_context`` (``embeddings`` on, a pooling
type set) over the ``llama_model`` the chat context already uses: no second copy of the
weights, only its own small KV cache and compute buffers. It is not thread-safe: like
the model, it belongs to the one thread that decodes, and it must be closed before the
model is.

Pooling: an embedding model says how its vectors are pooled (``<arch>.pooling_type`` in
its GGUF: CLS for bge, mean for nomic-embed); a chat model says nothing and gets mean
pooling, as llama-server gives it. A sequence's pooled vector comes from one micro-batch
only, and an encoder (non-causal) model sees its whole batch at once, so a micro-batch
here holds a whole context: every input fits in one decode, and several short ones
share a decode (each its own sequence) up to ``max_sequences``.

The thread that embeds also decodes the chat replies, which wait while it embeds: the
inputs are tokenized a few at a time (:data:`TOKENIZE_TEXTS`, :data:`TOKENIZE_BYTES`)
and decoded at most ``EmbedderInfo.batch_tokens`` tokens at a time
(:data:`EMBEDDING_BATCH_TOKENS` with the model on a GPU,
:data:`CPU_EMBEDDING_BATCH_TOKENS` on the CPU; see :func:`pack`), so that the replies go
on between two short pieces of work.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from engine.common.errors import HearthError
from engine.common.messages import msg
from engine.llm.llama_binding import import_llama_cpp
from engine.llm.model import LoadedModel

log = logging.getLogger(__name__)

# The most tokens one input may have: the embedding context's size, and so its
# micro-batch. The compute buffers grow with it (attention over a whole micro-batch).
EMBEDDING_CONTEXT_CAP = 2048
# Inputs embedded together in one decode, each its own sequence.
MAX_SEQUENCES = 32
# The most tokens of one decode, unless a single input is longer (it then goes alone):
# llama-server's default micro-batch. A decode's time grows faster than its tokens
# (each attends to all the others), and replies streaming meanwhile wait for it.
EMBEDDING_BATCH_TOKENS = 512
# On the CPU a decode costs about the same per token from 64 tokens up, so smaller
# decodes lose no throughput and keep the pause of a streaming reply short.
CPU_EMBEDDING_BATCH_TOKENS = 128
# The most texts, and of their UTF-8 bytes (unless one text is longer), tokenized in one
# piece of work on the decoding thread.
TOKENIZE_TEXTS = 64
TOKENIZE_BYTES = 16 * 1024

# llama_pooling_type (llama.h).
POOLING_NAMES = {-1: "unspecified", 0: "none", 1: "mean", 2: "cls", 3: "last", 4: "rank"}
_POOLING_NONE = 0
_POOLING_MEAN = 1
_POOLING_RANK = 4
_POOLING_KNOWN = (1, 2, 3, 4)  # mean, cls, last, rank
# llama.cpp rounds a context up to this; the batch must match what it really opens.
_CONTEXT_STEP = 256

Vector = npt.NDArray[np.float32]


class EmbeddingError(HearthError):
    """The model cannot make embeddings, or llama.cpp failed to make them."""


def model_handle(model: LoadedModel) -> Any:
    """The ``llama_model`` pointer under a loaded model, for the C API."""
    return model.llama._model.model  # noqa: SLF001 - llama-cpp-python has no public handle


def declared_pooling(model: LoadedModel) -> int | None:
    """The pooling type the GGUF declares (``<arch>.pooling_type``); None when it says
    nothing or says "none" (a chat model)."""
    meta = model.metadata
    value = meta.values.get(f"{meta.architecture}.pooling_type")
    # Only the types llama.cpp knows: any other value would make it abort the process.
    if isinstance(value, int) and not isinstance(value, bool) and value in _POOLING_KNOWN:
        return value
    return None


def fill(sizes: Sequence[int], budget: int, max_items: int) -> list[list[int]]:
    """The items (by index, in order) that share each piece of work: together at most
    ``budget`` in size and ``max_items`` items; an item larger than ``budget`` goes alone."""
    groups: list[list[int]] = []
    used = 0
    for index, size in enumerate(sizes):
        if not groups or used + size > budget or len(groups[-1]) >= max_items:
            groups.append([])
            used = 0
        groups[-1].append(index)
        used += size
    return groups


def pack(
    lengths: Sequence[int],
    room: int,
    max_sequences: int = MAX_SEQUENCES,
    batch_tokens: int = EMBEDDING_BATCH_TOKENS,
) -> list[list[int]]:
    """The inputs (by index, in order) that share each decode: together at most
    ``batch_tokens`` tokens and ``max_sequences`` inputs; an input longer than
    ``batch_tokens`` goes alone. Each length must be 1…``room`` (the context)."""
    for index, length in enumerate(lengths):
        if not 0 < length <= room:
            raise ValueError(f"input {index} has {length} tokens; 1…{room} fit")
    return fill(lengths, min(batch_tokens, room), max_sequences)


def normalized(vector: Vector) -> Vector:
    """``vector`` scaled to length 1 (OpenAI's vectors are); a zero vector stays zero."""
    norm = float(np.linalg.norm(vector))
    return vector / np.float32(norm) if norm > 0 else vector


@dataclass(frozen=True)
class EmbedderInfo:
    """What a request is checked against; a plain value, safe on any thread."""

    n_ctx: int
    dimensions: int
    pooling: str
    max_sequences: int
    n_vocab: int
    # The most tokens of one decode (see pack): more on a GPU, fewer on the CPU.
    batch_tokens: int = EMBEDDING_BATCH_TOKENS


class Embedder:
    """An embeddings context over ``model``'s weights. Use on the model's thread."""

    def __init__(
        self,
        model: LoadedModel,
        *,
        n_ctx: int | None = None,
        max_sequences: int = MAX_SEQUENCES,
    ) -> None:
        """``n_ctx``: the most tokens of one input (default: the model's context of one
        sequence, at most its trained context and :data:`EMBEDDING_CONTEXT_CAP`).

        Raises:
            EmbeddingError: The model cannot embed (a reranker, an encoder-decoder), or
                llama.cpp could not open the context (not enough memory).
        """
        lc = import_llama_cpp()
        self._lc = lc
        self._model = model
        handle = model_handle(model)
        if bool(lc.llama_model_has_encoder(handle)) and bool(lc.llama_model_has_decoder(handle)):
            raise EmbeddingError(
                msg("{name} is an encoder-decoder model: it makes no embeddings.", name=model.name)
            )
        pooling = declared_pooling(model)
        if pooling == _POOLING_RANK:
            raise EmbeddingError(
                msg(
                    "{name} is a reranker: it scores pairs of texts and makes no embeddings.",
                    name=model.name,
                )
            )
        trained = int(lc.llama_model_n_ctx_train(handle)) or EMBEDDING_CONTEXT_CAP
        size = n_ctx if n_ctx is not None else min(model.n_ctx, trained, EMBEDDING_CONTEXT_CAP)
        if size < 1:
            raise ValueError("n_ctx must be at least 1")
        # Rounded down to llama.cpp's step (it would round up, past the batch).
        size = max(_CONTEXT_STEP, size - size % _CONTEXT_STEP)
        params = lc.llama_context_default_params()
        params.n_ctx = size
        # A sequence's vector is pooled within one micro-batch, and an encoder attends
        # over the whole batch: the micro-batch is the whole context.
        params.n_batch = size
        params.n_ubatch = size
        params.n_seq_max = max_sequences
        # All sequences share the cells (one decode's inputs fill them together).
        params.kv_unified = True
        params.embeddings = True
        params.pooling_type = _POOLING_MEAN if pooling is None else pooling
        threads = model.settings.resolved_threads()
        params.n_threads = threads
        params.n_threads_batch = threads
        params.no_perf = True
        # As the chat context: llama.cpp's "auto" would turn it on, and its CPU kernel
        # then gives an input a vector that depends on what shares its decode (6e-3 off
        # with ~70 tokens together, measured on SmolLM2).
        params.flash_attn_type = 1 if model.settings.flash_attention else 0
        self._ctx: Any = lc.llama_init_from_model(handle, params)
        if not self._ctx:
            raise EmbeddingError(
                msg(
                    "llama.cpp could not open an embeddings context of {size} tokens for "
                    "{name} (not enough memory?).",
                    size=size,
                    name=model.name,
                )
            )
        self._batch: Any = lc.llama_batch_init(size, 0, 1)
        self._closed = False
        dims = getattr(lc, "llama_model_n_embd_out", lc.llama_model_n_embd)(handle)
        self.info = EmbedderInfo(
            n_ctx=min(size, int(lc.llama_n_ctx(self._ctx))),
            dimensions=int(dims),
            pooling=POOLING_NAMES.get(int(lc.llama_pooling_type(self._ctx)), "unknown"),
            max_sequences=max_sequences,
            n_vocab=model.n_vocab,
            batch_tokens=(
                EMBEDDING_BATCH_TOKENS
                if model.settings.n_gpu_layers != 0 and bool(lc.llama_supports_gpu_offload())
                else CPU_EMBEDDING_BATCH_TOKENS
            ),
        )
        log.info(
            "Embeddings for %s: %d dimensions, %s pooling, up to %d tokens an input",
            model.name,
            self.info.dimensions,
            self.info.pooling,
            self.info.n_ctx,
        )

    def tokenize(self, text: str) -> list[int]:
        """The tokens of one input text, with the model's own BOS/EOS (``[CLS]`` …
        ``[SEP]`` for BERT-like models), as llama-server adds them. Marker texts in it
        stay text: an input is untrusted."""
        tokens: list[int] = self._model.llama.tokenize(
            text.encode("utf-8"), add_bos=True, special=False
        )
        return tokens

    def embed(self, inputs: Sequence[Sequence[int]]) -> list[Vector]:
        """One decode: the L2-normalised vector of each input (all of them together at
        most ``info.n_ctx`` tokens and ``info.max_sequences`` inputs; see :func:`pack`).

        Raises:
            EmbeddingError: llama.cpp failed to decode them.
            ValueError: The inputs do not fit one decode, or one is empty.
        """
        if self._closed:
            raise EmbeddingError(msg("The embeddings context is closed."))
        total = sum(len(tokens) for tokens in inputs)
        if not inputs or total > self.info.n_ctx or len(inputs) > self.info.max_sequences:
            raise ValueError("these inputs do not fit one decode")
        if any(not tokens for tokens in inputs):
            raise ValueError("an input has no tokens")
        lc = self._lc
        memory = lc.llama_get_memory(self._ctx)
        if memory:  # an encoder-only model keeps no cache
            lc.llama_memory_clear(memory, True)
        batch = self._batch
        n = 0
        for seq_id, tokens in enumerate(inputs):
            for pos, token in enumerate(tokens):
                batch.token[n] = token
                batch.pos[n] = pos
                batch.n_seq_id[n] = 1
                batch.seq_id[n][0] = seq_id
                batch.logits[n] = True  # embeddings read every token's output
                n += 1
        batch.n_tokens = n
        status = int(lc.llama_decode(self._ctx, batch))
        if status != 0:
            raise EmbeddingError(
                msg("llama.cpp could not compute the embeddings (status {status}).", status=status)
            )
        dims = self.info.dimensions
        vectors = []
        for seq_id in range(len(inputs)):
            pointer = lc.llama_get_embeddings_seq(self._ctx, seq_id)
            if not pointer:
                raise EmbeddingError(msg("llama.cpp returned no embedding for an input."))
            raw = np.ctypeslib.as_array(pointer, shape=(dims,)).astype(np.float32, copy=True)
            vectors.append(normalized(raw))
        return vectors

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        """Free the context (before the model it reads from is freed)."""
        if not self._closed:
            self._closed = True
            self._lc.llama_batch_free(self._batch)
            self._lc.llama_free(self._ctx)
            self._ctx = None
