"""The OpenAI-compatible HTTP API, as an ASGI application (FastAPI, with sse-starlette
for streams) over a :class:`~engine.api.service.ModelService`.

Endpoints: ``GET /health``, ``GET /v1/models``, ``GET /v1/models/{id}``,
``POST /v1/chat/completions`` and ``POST /v1/completions`` (both plain and
``stream: true``), ``POST /v1/embeddings``. Over a :class:`LibrarySource` (a
:class:`ModelSwitcher`, or the window's load on request), the models are the whole
library and a request naming one loads it. Every error is OpenAI's JSON
(``{"error": {"message", "type", "param", "code"}}``) with a 4xx or 5xx status. A
client that goes away cancels its reply at the next token and frees its slot.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol, runtime_checkable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response
from sse_starlette import EventSourceResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from engine.api.chunks import (
    ChatChunks,
    End,
    Item,
    TextChunks,
    Thought,
    chat_message,
    coalesce,
    finish_reason,
    usage,
)
from engine.api.embeddings_route import add_embeddings
from engine.api.gate import Gate
from engine.api.lease import ServiceSource, fixed_lease, not_found, not_loaded
from engine.api.model_switch import CatalogEntry
from engine.api.schema import (
    MAX_TOKEN_BYTES,
    ApiError,
    ChatCompletionRequest,
    CompletionRequest,
    response_grammar,
)
from engine.api.service import ModelService
from engine.common.errors import HearthError
from engine.llm.generation import Reply
from engine.llm.parameters import NO_REPLY_LIMIT, SamplingSettings
from engine.llm.reasoning import ReplyStart

log = logging.getLogger(__name__)

__all__ = ["MAX_BODY_BYTES", "MAX_TOKEN_BYTES", "LibrarySource", "ServiceSource", "create_app"]

# Bodies are parsed and validated on the event loop (json and pydantic-core hold the GIL,
# so a thread would not free it): 8 MB parse in about a quarter of a second here, and a
# conversation that fills a 128k-token context is well under 1 MB.
MAX_BODY_BYTES = 8 * 2**20
# How often a plain (not streamed) request checks that its client is still there.
DISCONNECT_POLL_S = 0.25
# How long a stream in progress may take to send its last event when the server stops.
SHUTDOWN_GRACE_S = 1.0


@runtime_checkable
class LibrarySource(ServiceSource, Protocol):
    """A source serving the whole library (load on request): :meth:`lease` loads the
    model a request names when it is another one; :meth:`catalog` gives every model a
    request may name and whether it is loaded, the loaded one first. Both are called on
    the server's event loop."""

    def lease(self, requested: str | None) -> AbstractAsyncContextManager[ModelService]: ...

    async def catalog(self) -> list[tuple[CatalogEntry, bool]]: ...


class _Run:
    """One reply in flight, seen from the event loop: its pieces and its end arrive on a
    queue filled from the decoding thread."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self.queue: asyncio.Queue[Item] = asyncio.Queue()
        self.cancel = threading.Event()

    def _put(self, item: Item) -> None:
        try:
            self._loop.call_soon_threadsafe(self.queue.put_nowait, item)
        except RuntimeError:  # the event loop is gone (shutdown): nobody is listening
            self.cancel.set()

    def on_piece(self, text: str) -> None:
        self._put(text)

    def on_reasoning(self, text: str) -> None:
        self._put(Thought(text))

    def on_end(self, reply: Reply | None, error: str | None) -> None:
        self._put(End(reply, error))


def _server_error(message: str) -> ApiError:
    return ApiError(500, message, kind="server_error")


def create_app(
    source: ServiceSource,
    *,
    api_key: str | None = None,
    cors_origins: Sequence[str] = (),
) -> FastAPI:
    """The API over the model ``source`` holds when each request comes (a
    :class:`ModelService` serves itself; a :class:`LibrarySource` loads the model each
    request names). With ``api_key``, every ``/v1`` request needs
    ``Authorization: Bearer <api_key>``; ``cors_origins`` are the web pages' origins
    allowed to call it (none by default)."""
    app = FastAPI(title="Hearth API", docs_url=None, redoc_url=None, openapi_url=None)
    # The key and the body's size are checked before anything reads the body.
    app.add_middleware(
        Gate, api_key=api_key, max_body=MAX_BODY_BYTES, allowed_origins=tuple(cors_origins)
    )
    if cors_origins:  # added last, so outermost: a preflight needs no key
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(cors_origins),
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Authorization", "Content-Type"],
        )

    @app.exception_handler(ApiError)
    async def api_error(request: Request, error: ApiError) -> Response:
        return _error_response(request, error)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        return _error_response(request, _validation_error(error))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        message = "Unknown endpoint." if error.status_code == 404 else str(error.detail)
        return _error_response(request, ApiError(error.status_code, message))

    switcher = source if isinstance(source, LibrarySource) else None
    lease = switcher.lease if switcher is not None else fixed_lease(source)
    add_embeddings(app, lease)

    def model_card(service: ModelService) -> dict[str, Any]:
        card: dict[str, Any] = {
            "id": service.model_id,
            "object": "model",
            "created": service.created,
            "owned_by": "hearth",
            "meta": {"n_ctx": service.n_ctx, "parallel": service.capacity},
        }
        if switcher is not None:
            card["loaded"] = True
        return card

    def library_card(entry: CatalogEntry) -> dict[str, Any]:
        card: dict[str, Any] = {
            "id": entry.id,
            "object": "model",
            "created": int(entry.path.stat().st_mtime) if entry.path.exists() else 0,
            "owned_by": "hearth",
            "loaded": False,
        }
        if entry.problem:
            card["problem"] = entry.problem
        return card

    async def cards() -> list[dict[str, Any]]:
        service = source.current()
        if switcher is None:
            return [model_card(service)] if service else []
        listed: list[dict[str, Any]] = []
        for entry, loaded in await switcher.catalog():
            if loaded and service is not None:
                listed.insert(0, {**model_card(service), "id": entry.id})
            else:
                listed.append(library_card(entry))
        return listed

    @app.get("/health")
    async def health() -> dict[str, Any]:
        service = source.current()
        if service is None:
            return {"status": "no model", "model": None, "slots": 0, "busy": 0}
        return {
            "status": "ok",
            "model": service.model_id,
            "slots": service.capacity,
            "busy": service.busy,
        }

    @app.get("/v1/models")
    async def models() -> dict[str, Any]:
        return {"object": "list", "data": await cards()}

    @app.get("/v1/models/{model_id:path}")
    async def model(model_id: str) -> dict[str, Any]:
        service = source.current()
        if switcher is not None:
            for card in await cards():
                if card["id"] == model_id or (
                    card.get("loaded") and service is not None and service.names(model_id)
                ):
                    return card
        elif service is None:
            raise not_loaded()
        elif service.names(model_id):
            return model_card(service)
        raise not_found(model_id, service.model_id if service else None)

    def refuse_sure_overflow(service: ModelService, text_bytes: int) -> None:
        # A token is never longer than MAX_TOKEN_BYTES: a text this long cannot fit,
        # and tokenizing it would hold the decoding thread (every reply) for seconds.
        if text_bytes > service.n_ctx * MAX_TOKEN_BYTES:
            raise ApiError(
                400,
                f"This model's context holds {service.n_ctx} tokens; the text is "
                f"{text_bytes:,} bytes, far more than that. Shorten the messages.",
                code="context_length_exceeded",
                param="messages",
            )

    async def prompt_tokens(
        service: ModelService, tokens: Awaitable[list[int]], sampling: SamplingSettings
    ) -> list[int]:
        try:
            prompt = await tokens
        except HearthError as error:  # the template failed on these messages
            if isinstance(error, ApiError):
                raise
            raise ApiError(400, str(error)) from None
        wanted = 0 if sampling.max_tokens == NO_REPLY_LIMIT else sampling.max_tokens
        if len(prompt) + max(wanted, 1) > service.n_ctx:
            asked = f" and {wanted} for the reply" if wanted else ""
            raise ApiError(
                400,
                f"This model's context holds {service.n_ctx} tokens; the prompt takes "
                f"{len(prompt)}{asked}. Shorten the messages"
                + (" or lower max_tokens." if wanted else "."),
                code="context_length_exceeded",
                param="messages",
            )
        return prompt

    async def start(
        service: ModelService,
        prompt: list[int],
        sampling: SamplingSettings,
        grammar: str | None,
        reply_start: ReplyStart | None = None,
    ) -> _Run:
        run = _Run(asyncio.get_running_loop())
        service.submit(
            prompt,
            sampling,
            on_piece=run.on_piece,
            on_end=run.on_end,
            cancel=run.cancel,
            grammar=grammar,
            start=reply_start,
            on_reasoning=run.on_reasoning,
        )
        return run

    @app.post("/v1/chat/completions")
    async def chat_completions(body: ChatCompletionRequest, request: Request) -> Response:
        messages = body.chat_messages()
        sampling = body.chat_sampling()
        # A schema's grammar is built in Python: on a thread, the loop gets the GIL back
        # every few milliseconds while it is built.
        grammar = await asyncio.to_thread(response_grammar, body.response_format)
        async with lease(body.model) as service:
            refuse_sure_overflow(service, sum(len(m.content.encode()) for m in messages))
            rendered = asyncio.wrap_future(service.chat_prompt(messages, sampling.thinking))
            prompt = await prompt_tokens(service, _tokens_of(rendered), sampling)
            run = await start(service, prompt, sampling, grammar, rendered.result()[1])
        ident = f"chatcmpl-{uuid.uuid4().hex}"
        if body.stream:
            return _stream(request, run, ChatChunks(ident, service.model_id, body.include_usage))
        reply = await _wait(request, run)
        _log(request, 200, reply, service.model_id)
        message = {"message": chat_message(reply)}
        return _whole(ident, "chat.completion", service.model_id, reply, message)

    @app.post("/v1/completions")
    async def completions(body: CompletionRequest, request: Request) -> Response:
        text = body.prompt_text()
        sampling = body.sampling()
        async with lease(body.model) as service:
            refuse_sure_overflow(service, len(text.encode()))
            prompt = await prompt_tokens(
                service, asyncio.wrap_future(service.text_prompt(text)), sampling
            )
            run = await start(service, prompt, sampling, None)
        ident = f"cmpl-{uuid.uuid4().hex}"
        if body.stream:
            return _stream(request, run, TextChunks(ident, service.model_id, body.include_usage))
        reply = await _wait(request, run)
        _log(request, 200, reply, service.model_id)
        return _whole(ident, "text_completion", service.model_id, reply, {"text": reply.text})

    return app


async def _tokens_of(rendered: Awaitable[tuple[list[int], ReplyStart]]) -> list[int]:
    return (await rendered)[0]


def _whole(
    ident: str, kind: str, model: str, reply: Reply, content: dict[str, Any]
) -> JSONResponse:
    """A reply that was not streamed, in OpenAI's shape; ``content`` is the choice's
    text or message."""
    choice = {"index": 0, **content, "logprobs": None, "finish_reason": finish_reason(reply)}
    return JSONResponse(
        {
            "id": ident,
            "object": kind,
            "created": int(time.time()),
            "model": model,
            "choices": [choice],
            "usage": usage(reply),
        }
    )


def _validation_error(error: RequestValidationError) -> ApiError:
    problems = error.errors()
    first = problems[0] if problems else {}
    if first.get("type") == "json_invalid":
        return ApiError(400, "The request body is not valid JSON.")
    where = ".".join(str(part) for part in first.get("loc", ()) if part != "body")
    if first.get("type") == "missing":
        return ApiError(400, f"{where} is required.", param=where or None)
    message = str(first.get("msg", "invalid request"))
    return ApiError(400, f"{where}: {message}" if where else message, param=where or None)


def _error_response(request: Request, error: ApiError) -> Response:
    log.info("%s %s %d · %s", request.method, request.url.path, error.status, error.message)
    return JSONResponse(error.body(), status_code=error.status, headers=error.headers)


def _log(request: Request, status: int, reply: Reply, model: str) -> None:
    stats = reply.stats
    log.info(
        "%s %s %d · %s · %d prompt + %d completion tokens · %s · %.2f s to the first token",
        request.method,
        request.url.path,
        status,
        model,
        stats.prompt_tokens,
        stats.completion_tokens,
        stats.finish_reason,
        stats.ttft_s,
    )


async def _wait(request: Request, run: _Run) -> Reply:
    """The whole reply; the client leaving cancels it (checked every
    ``DISCONNECT_POLL_S``, whether pieces keep coming or not)."""
    checked = time.monotonic()
    while True:
        try:
            item: Item | None = await asyncio.wait_for(run.queue.get(), DISCONNECT_POLL_S)
        except TimeoutError:
            item = None
        now = time.monotonic()
        if now - checked >= DISCONNECT_POLL_S and not run.cancel.is_set():
            checked = now
            if await request.is_disconnected():
                where = (request.method, request.url.path)
                log.info("%s %s · the client left: reply cancelled", *where)
                run.cancel.set()
        if isinstance(item, End):
            if item.reply is None:
                raise _server_error(item.error or "The reply failed.")
            return item.reply


def _stream(request: Request, run: _Run, chunks: ChatChunks) -> EventSourceResponse:
    """Server-sent events in OpenAI's order: the pieces (thinking in
    ``reasoning_content`` deltas, the answer in ``content`` ones), the finish reason,
    the usage when asked, then ``[DONE]``; a failure ends the stream with an error
    event."""

    async def events() -> AsyncIterator[str]:
        ended = False
        where = (request.method, request.url.path)
        try:
            opening = chunks.opening()
            if opening is not None:
                yield json.dumps(opening, ensure_ascii=False)
            following: Item | None = None
            while True:
                item = following if following is not None else await run.queue.get()
                following = None
                if not isinstance(item, End):
                    # Pieces that arrived while the last chunk was being sent go out as
                    # one chunk: a client that reads slower than tokens come (a busy
                    # machine) parses fewer events; otherwise one piece per chunk.
                    piece, following = coalesce(run.queue, item)
                    if isinstance(piece, Thought):
                        yield json.dumps(chunks.thought(piece.text), ensure_ascii=False)
                    else:
                        yield json.dumps(chunks.piece(piece), ensure_ascii=False)
                    continue
                end = item
                ended = True
                if end.reply is None:
                    error = _server_error(end.error or "The reply failed.")
                    log.info("%s %s stream ended · %s", request.method, request.url.path, error)
                    yield json.dumps(error.body(), ensure_ascii=False)
                    return
                _log(request, 200, end.reply, chunks.model)
                yield json.dumps(chunks.ending(end.reply), ensure_ascii=False)
                if chunks.include_usage:
                    yield json.dumps(chunks.usage(end.reply), ensure_ascii=False)
                yield "[DONE]"
                return
        finally:
            if not ended:  # the client went away (or the server is stopping)
                run.cancel.set()
                log.info("%s %s · the client left: reply cancelled", *where)

    # On shutdown (Ctrl+C), sse-starlette cancels a stream as soon as it sees the exit
    # signal, which raced the error event the closing model service queues: the grace
    # period lets the stream send it and end (uvicorn's own grace is 3 s).
    return EventSourceResponse(events(), ping=15, shutdown_grace_period=SHUTDOWN_GRACE_S)
