"""Hearth as a client of remote OpenAI-compatible engines: llama-cpp-python's own server
and Hearth's server, both on 127.0.0.1 with the starter model, and a small local stub
for the faults a real server cannot be made to produce on demand."""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from engine.llm.messages import ChatMessage
from engine.llm.parameters import SamplingSettings
from engine.remote.endpoint import RemoteEndpoint
from engine.remote.openai_client import RemoteError, list_models, stream_chat
from tests.api.conftest import ServerFactory
from tests.local_ports import free_port

QUESTION = [ChatMessage("user", "What is the capital of France? Answer in one sentence.")]
GREEDY = SamplingSettings(temperature=0, max_tokens=24, seed=1, repeat_penalty=1.0)


@pytest.fixture(scope="module")
def llama_cpp_server(smollm2: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """llama-cpp-python's OpenAI-compatible server, as a user would start it."""
    port = free_port()
    log = (tmp_path_factory.mktemp("llama-server") / "server.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model",
            str(smollm2),
            "--port",
            str(port),
            "--n_ctx",
            "2048",
            "--n_threads",
            "2",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    base = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{base}/models").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("llama-cpp-python's server did not start")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def test_chat_through_llama_cpp_python_s_own_server(llama_cpp_server: str) -> None:
    endpoint = RemoteEndpoint("GPU box", llama_cpp_server)
    models = list_models(endpoint)
    assert len(models) == 1
    pieces: list[str] = []
    reply = stream_chat(endpoint, models[0], QUESTION, GREEDY, on_token=pieces.append)
    assert "Paris" in reply.text and "".join(pieces) == reply.text and len(pieces) > 3
    assert reply.stats.finish_reason in ("stop", "length")
    assert reply.stats.completion_tokens > 3 and reply.stats.ttft_s > 0


def test_chat_through_hearth_s_server_matches_its_own_reply(start_server: ServerFactory) -> None:
    server = start_server()
    endpoint = RemoteEndpoint("Hearth", server.base)
    assert list_models(endpoint) == [server.service.model_id]
    reply = stream_chat(endpoint, server.service.model_id, QUESTION, GREEDY)
    direct = httpx.post(
        f"{server.base}/chat/completions",
        json={
            "messages": [{"role": "user", "content": QUESTION[0].content}],
            "temperature": 0,
            "max_tokens": 24,
            "seed": 1,
        },
        timeout=60,
    ).json()
    assert reply.text == direct["choices"][0]["message"]["content"]
    assert reply.stats.prompt_tokens == direct["usage"]["prompt_tokens"]
    assert reply.stats.completion_tokens == direct["usage"]["completion_tokens"]

    with pytest.raises(RemoteError, match="no such model"):
        stream_chat(endpoint, "not-served", QUESTION, GREEDY)
    keyed = start_server(api_key="k")
    with pytest.raises(RemoteError, match="refused the API key"):
        list_models(RemoteEndpoint("Hearth", keyed.base, api_key="wrong"))
    assert list_models(RemoteEndpoint("Hearth", keyed.base, api_key="k"))


def test_stop_closes_the_stream_and_frees_the_server_s_slot(start_server: ServerFactory) -> None:
    server = start_server()
    endpoint = RemoteEndpoint("Hearth", server.base)
    cancel = threading.Event()
    seen: list[str] = []

    def on_token(text: str) -> None:
        seen.append(text)
        if len(seen) == 5:
            cancel.set()

    long = SamplingSettings(temperature=0.8, seed=3, max_tokens=900)
    story = [ChatMessage("user", "Write a very long story about a lighthouse.")]
    reply = stream_chat(endpoint, "", story, long, cancel=cancel, on_token=on_token)
    assert reply.stats.finish_reason == "cancelled" and reply.text == "".join(seen)
    deadline = time.monotonic() + 3
    while server.service.busy and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.service.busy == 0


class _FaultyHandler(http.server.BaseHTTPRequestHandler):
    """Modes by path prefix: /stall (one piece, then silence), /drop (one piece, then the
    connection closes), /busy (429 once with Retry-After, then a reply)."""

    protocol_version = "HTTP/1.1"
    busy_answered = False

    def log_message(self, *_args: object) -> None:
        return

    def _chunk(self, text: str) -> bytes:
        data = {"choices": [{"index": 0, "delta": {"content": text}, "finish_reason": None}]}
        return f"data: {json.dumps(data)}\n\n".encode()

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length", "0"))
        self.rfile.read(length)
        mode = self.path.split("/")[1]
        if mode == "busy" and not type(self).busy_answered:
            type(self).busy_answered = True
            body = b'{"error": {"message": "slots full"}}'
            self.send_response(429)
            self.send_header("Retry-After", "0.2")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(self._chunk("Hello"))
        self.wfile.flush()
        if mode == "stall":
            time.sleep(3)
        elif mode == "drop":
            self.close_connection = True
        else:
            done = {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
            self.wfile.write(f"data: {json.dumps(done)}\n\ndata: [DONE]\n\n".encode())


@pytest.fixture
def faulty_server() -> Iterator[str]:
    _FaultyHandler.busy_answered = False
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FaultyHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_faults_are_told_and_keep_the_partial_reply(faulty_server: str) -> None:
    stalled = RemoteEndpoint("Stub", f"{faulty_server}/stall")
    with pytest.raises(RemoteError, match="stopped sending") as raised:
        stream_chat(stalled, "m", QUESTION, GREEDY, stall_timeout=0.5)
    assert raised.value.partial == "Hello"

    dropped = RemoteEndpoint("Stub", f"{faulty_server}/drop")
    with pytest.raises(RemoteError, match="without finishing") as raised:
        stream_chat(dropped, "m", QUESTION, GREEDY)
    assert raised.value.partial == "Hello"

    busy = RemoteEndpoint("Stub", f"{faulty_server}/busy")
    reply = stream_chat(busy, "m", QUESTION, GREEDY)  # waits the stated 0.2 s, then retries
    assert reply.text == "Hello" and reply.stats.finish_reason == "stop"

    closed = RemoteEndpoint("Nowhere", f"http://127.0.0.1:{free_port()}/v1")
    with pytest.raises(RemoteError, match="cannot be reached") as raised:
        list_models(closed)
    assert "nothing is listening" in str(raised.value) and "Errno" not in str(raised.value)
    with pytest.raises(RemoteError, match="host name is unknown"):
        list_models(RemoteEndpoint("Nowhere", "http://no-such-host.invalid:8080/v1"))
    assert "key" not in repr(RemoteEndpoint("x", "http://h/v1", api_key="key"))


def test_ask_on_an_endpoint_from_the_command_line(
    start_server: ServerFactory, tmp_path: Path
) -> None:
    server = start_server(api_key="k")
    command = [sys.executable, "main.py", "ask", "--endpoint", server.base, "--json"]
    env = {**os.environ, "HEARTH_HOME": str(tmp_path), "HEARTH_REMOTE_API_KEY": "k"}
    root = Path(__file__).resolve().parents[2]
    args = ["--temperature", "0", "--seed", "1", "--max-tokens", "24", QUESTION[0].content]
    done = subprocess.run(
        [*command, *args], cwd=root, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["model"] == server.service.model_id and "Paris" in answer["text"]
    assert answer["completion_tokens"] > 3 and answer["finish_reason"] in ("stop", "length")

    refused = subprocess.run(
        [*command, *args],
        cwd=root,
        env={**env, "HEARTH_REMOTE_API_KEY": "wrong"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode == 1 and "refused the API key" in refused.stderr


def test_translate_on_an_endpoint_says_the_text_leaves(
    start_server: ServerFactory, tmp_path: Path
) -> None:
    server = start_server()
    root = Path(__file__).resolve().parents[2]
    command = [sys.executable, "main.py", "translate", "--endpoint", server.base]
    done = subprocess.run(
        [*command, "--to", "fr", "--from", "en", "-"],
        cwd=root,
        env={**os.environ, "HEARTH_HOME": str(tmp_path)},
        input="Good morning.",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    host = server.url.removeprefix("http://")
    assert f"Not offline: the text is sent to {host}" in done.stderr
    assert done.stdout.strip() and done.stdout.strip() != "Good morning."


def test_a_command_line_endpoint_that_is_not_a_url_is_refused_plainly(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    for command in (
        ["ask", "--endpoint", "gpu-box:8080", "hi"],
        ["translate", "--endpoint", "gpu-box:8080", "--to", "fr", "-"],
    ):
        done = subprocess.run(
            [sys.executable, "main.py", *command],
            cwd=root,
            env={**os.environ, "HEARTH_HOME": str(tmp_path)},
            input="Hello.",
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 1 and "http://" in done.stderr, done.stderr
        assert "Traceback" not in done.stderr
