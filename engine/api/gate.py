"""What every request passes before the API reads its body: where it comes from (a web
page's origin, the host it names), the key, the body's size (declared or streamed in
chunks), and the body's type.

A server on 127.0.0.1 without a key is open to every web page the user visits: a page
can send a "simple" POST (no preflight) and the browser delivers it even though the page
cannot read the reply, and DNS rebinding lets a page reach it under its own host name.
Browsers say who is asking in ``Origin``, and a rebound page still names its own host in
``Host``; clients outside a browser (curl, SDKs, editors) send no ``Origin``.

A pure ASGI middleware, not Starlette's ``BaseHTTPMiddleware``: that one hides a
client's disconnect from the endpoint (``Request.is_disconnected`` never turns true), so
a plain request whose client left would decode on for nobody.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import logging
import socket
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from typing import Any
from urllib.parse import urlsplit

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


def _is_loopback_name(host: str) -> bool:
    """Whether ``host`` (a name or an address, without port or brackets) is this
    computer through its loopback interface (browsers send 0.0.0.0 there too)."""
    host = host.lower().rstrip(".")
    if host == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def _is_loopback_origin(origin: str) -> bool:
    """``http(s)://localhost``, ``127.0.0.1`` or ``[::1]``, on any port."""
    try:
        parts = urlsplit(origin)
        parts.port  # noqa: B018  # raises ValueError for a port that is not a number
    except ValueError:
        return False
    return (
        parts.scheme in ("http", "https")
        and parts.hostname is not None
        and _is_loopback_name(parts.hostname)
        and not parts.username
        and parts.path in ("", "/")
    )


def _host_name(host: str) -> str:
    """The name in a ``Host`` header, without its port or an address's brackets."""
    if host.startswith("["):
        return host[1:].partition("]")[0]
    name, colon, port = host.rpartition(":")
    return name if colon and port.isdigit() else host


def _normal_origin(origin: str) -> str:
    return origin.strip().rstrip("/").lower()


class Gate:
    """Refuses, before the body is read: a web page whose ``Origin`` is neither
    loopback nor one of ``allowed_origins`` (403); with ``loopback_only_hosts``, a
    request that arrived on a loopback address but names another host (403: DNS
    rebinding); a wrong or missing key on ``/v1`` (401); a body over ``max_body``
    bytes however it is sent (413). A POST without a JSON content type is read as JSON
    anyway, as llama-server does.

    ``allowed_origins`` should be the CORS origins the server is configured with (a
    ``"*"`` among them allows every page); the CORS middleware answers their
    preflights before this gate."""

    def __init__(
        self,
        app: App,
        *,
        api_key: str | None,
        max_body: int,
        allowed_origins: Sequence[str] = (),
        loopback_only_hosts: bool = True,
    ) -> None:
        self.app = app
        self.api_key = api_key
        self.max_body = max_body
        self.allowed_origins = frozenset(_normal_origin(o) for o in allowed_origins)
        self.loopback_only_hosts = loopback_only_hosts
        # This computer's own name reaches it too (Debian maps it to 127.0.1.1); a
        # rebinding page cannot make the browser use it.
        self._own_name = socket.gethostname().lower().rstrip(".")

    def _origin_allowed(self, origin: str) -> bool:
        return (
            "*" in self.allowed_origins
            or _normal_origin(origin) in self.allowed_origins
            or _is_loopback_origin(origin)
        )

    def _host_allowed(self, scope: Scope, host: str) -> bool:
        """Whether the ``Host`` header may name this server. Only a request that came
        in on a loopback address is checked: one from the network (a server bound to
        0.0.0.0, which needs a key) may know this computer by any name."""
        server = scope.get("server")
        arrived = server[0] if server else None
        if not self.loopback_only_hosts or (
            isinstance(arrived, str) and not _is_loopback_name(arrived)
        ):
            return True
        name = _host_name(host).lower().rstrip(".")
        return _is_loopback_name(name) or (bool(name) and name == self._own_name)

    async def _refused_origin(self, scope: Scope, send: Send, headers: dict[bytes, bytes]) -> bool:
        """Answers 403 to a request from a web page or a host name that may not use
        this server; True when it did."""
        method, path = scope.get("method", ""), scope.get("path", "")
        host = headers.get(b"host")
        if host is not None and not self._host_allowed(scope, host.decode("latin-1")):
            shown = repr(host.decode("latin-1"))[:80]
            log.info("%s %s 403 · host %s is not this computer", method, path, shown)
            message = (
                f"This server answers on 127.0.0.1 and localhost only, not the host {shown} "
                "(a web page can point its own name at this computer)."
            )
            await _respond(send, 403, message, "host_not_allowed")
            return True
        origin = headers.get(b"origin")
        if origin is not None and not self._origin_allowed(origin.decode("latin-1")):
            shown = repr(origin.decode("latin-1"))[:80]
            log.info("%s %s 403 · web page %s is not an allowed origin", method, path, shown)
            message = (
                f"Web pages from {shown} may not use this server. To allow them, add the "
                "origin under Settings → Local API server (web origins), or start "
                "`main.py serve` with --cors ORIGIN."
            )
            await _respond(send, 403, message, "origin_not_allowed")
            return True
        return False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        method, path = scope.get("method", ""), scope.get("path", "")
        if await self._refused_origin(scope, send, headers):
            return
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
