"""``POST /v1/embeddings``: OpenAI's embeddings endpoint over the loaded model.

Inputs are texts or token ids (one, or a list); each becomes one L2-normalised vector
(see :mod:`engine.llm.embeddings`), as a list of floats or, with
``encoding_format: "base64"``, as the base64 of its little-endian float32 bytes (what
the official client asks for by default). The texts are tokenized a few at a time and
the inputs embedded several to a decode of at most ``EmbedderInfo.batch_tokens`` tokens
(512 with the model on a GPU, 128 on the CPU): the replies decoding meanwhile go on
between two of these short pieces of work.
"""

from __future__ import annotations

import asyncio
import base64
import logging
from concurrent.futures import Future
from typing import Any, TypeVar

import numpy as np
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from engine.api.body_limits import MAX_EMBEDDING_TOKENS
from engine.api.lease import Lease
from engine.api.schema import MAX_TOKEN_BYTES, ApiError, EmbeddingRequest
from engine.api.service import ModelService
from engine.llm.embeddings import (
    TOKENIZE_BYTES,
    TOKENIZE_TEXTS,
    EmbedderInfo,
    EmbeddingError,
    Vector,
    fill,
    pack,
)

log = logging.getLogger("engine.api")

T = TypeVar("T")


async def _result(future: Future[T], status: int, code: str | None = None) -> T:
    """The future's result; an :class:`EmbeddingError` becomes an API error."""
    try:
        return await asyncio.wrap_future(future)
    except EmbeddingError as error:
        kind = "server_error" if status >= 500 else "invalid_request_error"
        raise ApiError(status, str(error), kind=kind, code=code) from None


def _too_long(index: int, tokens: int, limit: int, single: bool) -> ApiError:
    where = "input" if single else f"input[{index}]"
    return ApiError(
        400,
        f"{where} takes {tokens:,} tokens; this model embeds at most {limit:,} tokens "
        "an input. Shorten it or split it.",
        code="context_length_exceeded",
        param=where,
    )


async def _stop_if_gone(request: Request) -> None:
    """Raises when the client left: the rest of its work would be for nobody."""
    if await request.is_disconnected():
        log.info("POST /v1/embeddings · the client left: stopped")
        raise ApiError(499, "The client left.")


def _checked(index: int, ids: list[int], info: EmbedderInfo, single: bool) -> list[int]:
    if not ids:
        raise ApiError(400, "An input makes no tokens: there is nothing to embed.")
    if len(ids) > info.n_ctx:
        raise _too_long(index, len(ids), info.n_ctx, single)
    return ids


async def _text_tokens(
    service: ModelService, texts: list[str], info: EmbedderInfo, single: bool, request: Request
) -> list[list[int]]:
    """Each text's tokens, tokenized a few texts at a time on the decoding thread (the
    replies decoding meanwhile step between two); refused at the first input too long."""
    sizes = [len(text.encode()) for text in texts]
    # A token is never longer than MAX_TOKEN_BYTES: a text this long cannot fit, and
    # tokenizing it would hold the decoding thread for seconds.
    for index, size in enumerate(sizes):
        if size > info.n_ctx * MAX_TOKEN_BYTES:
            raise _too_long(index, size // MAX_TOKEN_BYTES, info.n_ctx, single)
    tokens: list[list[int]] = []
    total = 0
    for group in fill(sizes, TOKENIZE_BYTES, TOKENIZE_TEXTS):
        if tokens:
            await _stop_if_gone(request)
        found = await _result(service.embedding_tokens([texts[i] for i in group]), 500)
        for index, ids in zip(group, found, strict=True):
            tokens.append(_checked(index, ids, info, single))
            total += len(ids)
        if total > MAX_EMBEDDING_TOKENS:
            raise ApiError(
                400,
                f"The inputs take more than {MAX_EMBEDDING_TOKENS:,} tokens together; "
                "send them in several requests.",
                code="max_tokens_per_request",
                param="input",
            )
    return tokens


async def _tokens(
    service: ModelService, body: EmbeddingRequest, info: EmbedderInfo, request: Request
) -> list[list[int]]:
    """Each input's tokens, checked against the model's vocabulary and context."""
    inputs = body.inputs()
    single = isinstance(body.input, str) or (bool(body.input) and isinstance(body.input[0], int))
    if isinstance(inputs[0], str):
        texts = [str(item) for item in inputs]
        return await _text_tokens(service, texts, info, single, request)
    tokens = [list(item) for item in inputs if not isinstance(item, str)]
    for index, ids in enumerate(tokens):
        bad = next((t for t in ids if not 0 <= t < info.n_vocab), None)
        if bad is not None:
            where = "input" if single else f"input[{index}]"
            raise ApiError(
                400,
                f"{where} holds the token id {_shown_id(bad)}, outside this model's "
                f"vocabulary (0…{info.n_vocab - 1}).",
                param=where,
            )
        _checked(index, ids, info, single)
    return tokens


def _shown_id(token: int) -> str:
    """A token id for a message: a huge one is cut (JSON allows thousands of digits)."""
    text = str(token)
    return text if len(text) <= 20 else text[:19] + "…"


def _encoded(vector: Vector, encoding: str) -> list[float] | str:
    if encoding == "base64":
        return base64.b64encode(vector.astype("<f4").tobytes()).decode("ascii")
    floats: list[float] = vector.tolist()
    return floats


def add_embeddings(app: FastAPI, lease: Lease) -> None:
    """Route ``POST /v1/embeddings`` to the model each request leases."""

    @app.post("/v1/embeddings")
    async def embeddings(body: EmbeddingRequest, request: Request) -> Response:
        body.inputs()  # an empty input is refused before any model is loaded for it
        async with lease(body.model) as service:
            info = await _result(service.embedder_info(), 400, "embeddings_not_supported")
            if body.dimensions is not None and body.dimensions != info.dimensions:
                raise ApiError(
                    400,
                    f"This model's embeddings have {info.dimensions} dimensions; "
                    f"dimensions={body.dimensions} is not supported.",
                    param="dimensions",
                )
            tokens = await _tokens(service, body, info, request)
            vectors: list[Vector | None] = [None] * len(tokens)
            groups = pack(
                [len(t) for t in tokens], info.n_ctx, info.max_sequences, info.batch_tokens
            )
            for group in groups:
                await _stop_if_gone(request)
                found = await _result(service.embed([tokens[i] for i in group]), 500)
                for index, vector in zip(group, found, strict=True):
                    vectors[index] = vector
            model = service.model_id
        total = sum(len(t) for t in tokens)
        data: list[dict[str, Any]] = [
            {
                "object": "embedding",
                "index": index,
                "embedding": _encoded(
                    vector if vector is not None else np.zeros(0, np.float32),
                    body.encoding_format,
                ),
            }
            for index, vector in enumerate(vectors)
        ]
        log.info(
            "POST /v1/embeddings 200 · %d input(s), %d tokens, %d decode(s)",
            len(tokens),
            total,
            len(groups),
        )
        return JSONResponse(
            {
                "object": "list",
                "data": data,
                "model": model,
                "usage": {"prompt_tokens": total, "total_tokens": total},
            }
        )
