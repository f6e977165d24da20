"""What every request passes before the API reads its body: the key, the body's size
(declared or streamed in chunks), and the body's type.

A pure ASGI middleware, not Starlette's ``BaseHTTPMiddleware``: that one hides a
client's disconnect from the endpoint (``Request.is_disconnected`` never turns true), so
a plain request whose client left would decode on for nobody.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

log = logging.getLogger("engine.api")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]


# Endpoints that log their own line (with token counts) when the reply ends.
SELF_LOGGED = frozenset({"/v1/chat/completions", "/v1/completions", "/v1/embeddings"})


def _error_body(message: str, code: str | None) -> bytes:
    body = {
        "error": {
            "message": message,
            "type": "invalid_request_error",
            "param": None,
            "code": code,
        }
    }
    return json.dumps(body).encode()


async def _respond(send: Send, status: int, message: str, code: str | None = None) -> None:
    body = _error_body(message, code)
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class Gate:
    """Refuses, before the body is read: a wrong or missing key on ``/v1`` (401), a
    body over ``max_body`` bytes however it is sent (413). A POST without a JSON
    content type is read as JSON anyway, as llama-server does."""

    def __init__(self, app: App, *, api_key: str | None, max_body: int) -> None:
        self.app = app
        self.api_key = api_key
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        method, path = scope.get("method", ""), scope.get("path", "")
        if self.api_key is not None and path.startswith("/v1") and method != "OPTIONS":
            scheme, _, token = headers.get(b"authorization", b"").decode("latin-1").partition(" ")
            if scheme.lower() != "bearer" or not hmac.compare_digest(
                token.strip().encode("utf-8", "replace"), self.api_key.encode()
            ):
                log.info("%s %s 401 · wrong or missing API key", method, path)
                await _respond(send, 401, "Incorrect or missing API key.", "invalid_api_key")
                return
        length = headers.get(b"content-length", b"")
        if length.isdigit() and int(length) > self.max_body:
            log.info("%s %s 413 · body of %s bytes", method, path, length.decode())
            await _respond(send, 413, self._too_large())
            return
        if method == "POST" and b"json" not in headers.get(b"content-type", b""):
            scope["headers"] = [
                (k, v) for k, v in scope.get("headers", []) if k.lower() != b"content-type"
            ] + [(b"content-type", b"application/json")]
        if path in SELF_LOGGED:
            await self._guarded(scope, receive, send)
            return
        status = [0]

        async def noting_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = int(message["status"])
            await send(message)

        await self._guarded(scope, receive, noting_send)
        log.info("%s %s %d", method, path, status[0])

    def _too_large(self) -> str:
        return f"The request body is over {self.max_body // 2**20} MB."

    async def _guarded(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Count the body as it arrives; past the limit, answer 413 and let the app see
        a disconnect (whatever it sends after that is dropped)."""
        received = 0
        refused = False
        started = False

        async def counting_receive() -> Message:
            nonlocal received, refused
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body and not refused:
                    refused = True
                    if not started:
                        where = (scope["method"], scope["path"])
                        log.info("%s %s 413 · chunked body too large", *where)
                        await _respond(send, 413, self._too_large())
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if refused:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        await self.app(scope, counting_receive, guarded_send)
