"""A web page the user visits cannot make the local server act: a request that names a
web origin other than this computer's (or one the user allowed) is refused, and so is a
request that reached 127.0.0.1 under another host name (DNS rebinding). Clients outside
a browser send no ``Origin`` and are not affected."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from fastapi.middleware.cors import CORSMiddleware

from engine.api.gate import Gate, Message, Receive, Scope, Send
from tests.api.conftest import RunningServer, ServerFactory

PROMPT = {"prompt": "Hi", "max_tokens": 1, "temperature": 0}
PAGE = "https://evil.example"


@pytest.fixture
def server(start_server: ServerFactory) -> RunningServer:
    return start_server()


def _forbidden(response: httpx.Response, says: str) -> dict[str, Any]:
    assert response.status_code == 403, response.text[:300]
    assert response.headers["content-type"] == "application/json"
    error: dict[str, Any] = response.json()["error"]
    assert error["type"] == "invalid_request_error"
    assert says in error["message"], error["message"]
    return error


def test_a_page_from_another_site_is_refused_before_anything_runs(
    server: RunningServer,
) -> None:
    """What a page's ``fetch(..., {mode: "no-cors", method: "POST"})`` sends: a text
    body, the page's origin. Nothing is generated for it."""
    response = httpx.post(
        f"{server.base}/completions",
        content=json.dumps(PROMPT),
        headers={"Origin": PAGE, "Content-Type": "text/plain;charset=UTF-8"},
        timeout=60,
    )
    error = _forbidden(response, "'https://evil.example'")
    assert "Settings → Local API server" in error["message"] and "--cors" in error["message"]
    assert error["code"] == "origin_not_allowed"


@pytest.mark.parametrize(
    "origin",
    [PAGE, "null", "http://localhost.evil.example", "http://127.0.0.1.evil.example:8080"],
)
def test_other_origins_are_refused_on_every_endpoint(server: RunningServer, origin: str) -> None:
    for method, path in [
        ("GET", "/v1/models"),
        ("GET", "/health"),
        ("POST", "/v1/chat/completions"),
    ]:
        response = httpx.request(
            method, f"{server.url}{path}", json={}, headers={"Origin": origin}, timeout=60
        )
        _forbidden(response, "may not use this server")


@pytest.mark.parametrize(
    "origin",
    ["http://localhost:5173", "https://localhost", "http://127.0.0.1:8080", "http://[::1]:3000"],
)
def test_pages_on_this_computer_are_answered(server: RunningServer, origin: str) -> None:
    response = httpx.post(
        f"{server.base}/completions", json=PROMPT, headers={"Origin": origin}, timeout=120
    )
    assert response.status_code == 200, response.text[:300]
    assert response.json()["choices"][0]["text"] is not None


def test_a_client_without_an_origin_is_answered(server: RunningServer) -> None:
    response = httpx.post(f"{server.base}/completions", json=PROMPT, timeout=120)
    assert response.status_code == 200, response.text[:300]


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8080", "[2001:db8::1]:80"])
def test_another_host_name_on_a_loopback_server_is_refused(
    server: RunningServer, host: str
) -> None:
    """DNS rebinding: a page's own name, resolved to 127.0.0.1; the browser sends no
    foreign Origin (the page is same-origin with itself) but names its host."""
    response = httpx.post(
        f"{server.base}/completions", json=PROMPT, headers={"Host": host}, timeout=60
    )
    assert _forbidden(response, "127.0.0.1 and localhost only")["code"] == "host_not_allowed"


@pytest.mark.parametrize(
    "host", ["localhost:1234", "127.0.0.1", "[::1]:8080", "LOCALHOST.", "0.0.0.0:8080"]
)
def test_loopback_host_names_are_answered(server: RunningServer, host: str) -> None:
    response = httpx.get(f"{server.url}/health", headers={"Host": host}, timeout=60)
    assert response.status_code == 200, response.text[:300]


def test_the_key_and_the_body_cap_are_checked_as_before(start_server: ServerFactory) -> None:
    keyed = start_server(api_key="secret")
    response = httpx.post(f"{keyed.base}/completions", json=PROMPT, timeout=60)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_api_key"
    response = httpx.post(
        f"{keyed.base}/completions",
        content=b"x" * (9 * 2**20),
        headers={"Authorization": "Bearer secret", "Origin": "http://localhost:3000"},
        timeout=60,
    )
    assert response.status_code == 413
    # A foreign page learns nothing about the key: it is refused for its origin first.
    response = httpx.post(
        f"{keyed.base}/completions", json=PROMPT, headers={"Origin": PAGE}, timeout=60
    )
    _forbidden(response, "may not use this server")


async def _answer(scope: Scope, receive: Receive, send: Send) -> None:
    """An endpoint that says it was reached."""
    body = b'{"reached": true}'
    start: Message = {
        "type": "http.response.start",
        "status": 200,
        "headers": [(b"content-type", b"application/json")],
    }
    await send(start)
    await send({"type": "http.response.body", "body": body})


ALLOWED = "https://notes.example"


def _gated(
    *, cors: bool = True, loopback_only_hosts: bool = True, origins: tuple[str, ...] = (ALLOWED,)
) -> httpx.AsyncClient:
    """The middleware in the order the server stacks them: CORS outermost (answering
    preflights), then the gate, over an endpoint."""
    gate = Gate(
        _answer,
        api_key="secret",
        max_body=1024,
        allowed_origins=origins,
        loopback_only_hosts=loopback_only_hosts,
    )
    app: Any = gate
    if cors:
        app = CORSMiddleware(
            gate,
            allow_origins=list(origins),
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Authorization", "Content-Type"],
        )
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1:8080"
    )


@pytest.mark.anyio
async def test_a_configured_origin_is_answered_and_its_preflight_too() -> None:
    async with _gated() as client:
        preflight = await client.options(
            "/v1/chat/completions",
            headers={
                "Origin": ALLOWED,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "authorization, content-type",
            },
        )
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == ALLOWED
        response = await client.post(
            "/v1/chat/completions",
            json={},
            headers={"Origin": ALLOWED, "Authorization": "Bearer secret"},
        )
        assert response.status_code == 200 and response.json() == {"reached": True}
        assert response.headers["access-control-allow-origin"] == ALLOWED
        other = await client.post(
            "/v1/chat/completions",
            json={},
            headers={"Origin": PAGE, "Authorization": "Bearer secret"},
        )
        _forbidden(other, "may not use this server")


@pytest.mark.anyio
async def test_a_configured_origin_matches_whatever_its_case_or_final_slash() -> None:
    async with _gated(cors=False, origins=("https://Notes.example/",)) as client:
        response = await client.get("/health", headers={"Origin": ALLOWED})
        assert response.status_code == 200


@pytest.mark.anyio
async def test_every_origin_passes_when_the_user_allows_all() -> None:
    async with _gated(cors=False, origins=("*",)) as client:
        response = await client.get("/health", headers={"Origin": PAGE})
        assert response.status_code == 200


@pytest.mark.anyio
async def test_a_preflight_from_a_page_not_allowed_gets_no_access() -> None:
    async with _gated(cors=False, origins=()) as client:
        preflight = await client.options(
            "/v1/chat/completions",
            headers={"Origin": PAGE, "Access-Control-Request-Method": "POST"},
        )
        _forbidden(preflight, "may not use this server")
        assert "access-control-allow-origin" not in preflight.headers


@pytest.mark.anyio
async def test_a_request_from_the_network_may_name_any_host() -> None:
    """A server bound to 0.0.0.0 (which needs a key) is reached by other computers
    under any name; only requests that arrived on a loopback address are checked."""
    transport = httpx.ASGITransport(
        app=Gate(_answer, api_key=None, max_body=1024), client=("192.168.1.7", 5000)
    )
    async with httpx.AsyncClient(transport=transport, base_url="http://192.168.1.2:8080") as client:
        response = await client.get("/health", headers={"Host": "mybox.lan:8080"})
        assert response.status_code == 200
    async with _gated(cors=False, loopback_only_hosts=False) as client:
        response = await client.get("/health", headers={"Host": "evil.example"})
        assert response.status_code == 200


def test_a_web_origin_set_in_the_settings_is_served(start_server: ServerFactory) -> None:
    """The origins given to the server (Settings → Local API server, ``--cors``) pass the
    gate on real requests, with CORS headers; others are still refused."""
    server = start_server(cors_origins=("http://app.example:3000",))
    body = {"prompt": "Hi", "max_tokens": 1}
    allowed = httpx.post(
        f"{server.base}/completions",
        json=body,
        headers={"Origin": "http://app.example:3000"},
        timeout=60,
    )
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "http://app.example:3000"
    other = httpx.post(
        f"{server.base}/completions",
        json=body,
        headers={"Origin": "http://elsewhere.example"},
        timeout=60,
    )
    assert other.status_code == 403
