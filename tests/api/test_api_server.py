"""Hearth's OpenAI-compatible API, over HTTP on 127.0.0.1, with the real SmolLM2: the
official openai client, raw HTTP for the error shapes, streams, cancellation on
disconnect, the queue limit and the key."""

from __future__ import annotations

import json
import threading
import time

import httpx
import openai
import pytest

from engine.llm.generation import generate_reply
from engine.llm.messages import ChatMessage
from engine.llm.model import LoadedModel
from engine.llm.parameters import SamplingSettings
from tests.api.conftest import SLOT_CTX, ServerFactory

QUESTION = "What is the capital of France? Answer in one sentence."
GREEDY = {"temperature": 0, "max_tokens": 32, "seed": 1}
# A raw completion that goes on counting rather than ending.
COUNTING = {"prompt": "1, 2, 3, 4, 5, 6, 7, 8, 9, 10,", "temperature": 0, "max_tokens": 900}


def _client(url: str, key: str = "unused") -> openai.OpenAI:
    return openai.OpenAI(base_url=url, api_key=key, max_retries=0, timeout=60)


def _wait_idle(server_busy: object, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not server_busy():  # type: ignore[operator]
            return
        time.sleep(0.05)
    raise AssertionError("the reply still holds its slot")


def test_models_health_and_a_greedy_reply_equal_to_the_app_s(
    start_server: ServerFactory, smollm2_model: LoadedModel
) -> None:
    server = start_server()
    client = _client(server.base)
    models = client.models.list().data
    assert [m.id for m in models] == [server.service.model_id]
    health = httpx.get(f"{server.url}/health").json()
    assert health == {"status": "ok", "model": server.service.model_id, "slots": 2, "busy": 0}

    reply = client.chat.completions.create(
        model=server.service.model_id,
        messages=[{"role": "user", "content": QUESTION}],
        **GREEDY,
    )
    text = reply.choices[0].message.content or ""
    app = generate_reply(
        smollm2_model,
        [ChatMessage("user", QUESTION)],
        SamplingSettings(temperature=0, max_tokens=32, seed=1, repeat_penalty=1.0),
    )
    assert text == app.text and "Paris" in text
    assert reply.usage is not None
    assert reply.usage.prompt_tokens == app.stats.prompt_tokens
    assert reply.usage.completion_tokens == app.stats.completion_tokens
    assert reply.choices[0].finish_reason in ("stop", "length")


def test_a_stream_carries_the_same_text_then_the_usage(start_server: ServerFactory) -> None:
    server = start_server()
    client = _client(server.base)
    messages = [{"role": "user", "content": QUESTION}]
    whole = client.chat.completions.create(model="", messages=messages, **GREEDY)
    chunks = list(
        client.chat.completions.create(
            model=server.service.model_id,
            messages=messages,
            stream=True,
            stream_options={"include_usage": True},
            **GREEDY,
        )
    )
    pieces = [c.choices[0].delta.content or "" for c in chunks if c.choices]
    assert len([p for p in pieces if p]) > 3, "the reply arrives in pieces"
    assert "".join(pieces) == whole.choices[0].message.content
    finishes = [c.choices[0].finish_reason for c in chunks if c.choices]
    assert finishes[-1] == whole.choices[0].finish_reason and set(finishes[:-1]) == {None}
    assert not chunks[-1].choices and chunks[-1].usage is not None
    assert chunks[-1].usage.total_tokens == whole.usage.total_tokens  # type: ignore[union-attr]

    completion = client.completions.create(
        model=server.service.model_id, prompt="The capital of France is", **GREEDY
    )
    assert completion.choices[0].text.strip() and completion.usage is not None


def test_bad_requests_get_openai_s_error_shape(start_server: ServerFactory) -> None:
    server = start_server()
    url = f"{server.base}/chat/completions"
    user = [{"role": "user", "content": "Hi"}]
    cases: list[tuple[dict[str, object] | str, int, str | None]] = [
        ("{not json", 400, None),
        ({}, 400, None),
        ({"messages": []}, 400, None),
        ({"messages": [{"role": "wizard", "content": "Hi"}]}, 400, None),
        ({"messages": user, "n": 2}, 400, None),
        ({"messages": user, "temperature": 7}, 400, None),
        ({"messages": user, "model": "gpt-4o"}, 404, "model_not_found"),
        (
            {"messages": [{"role": "user", "content": "word " * 3000}]},
            400,
            "context_length_exceeded",
        ),
        ({"messages": user, "max_tokens": SLOT_CTX}, 400, "context_length_exceeded"),
    ]
    for body, status, code in cases:
        content = body if isinstance(body, str) else json.dumps(body)
        answer = httpx.post(url, content=content, headers={"content-type": "application/json"})
        assert answer.status_code == status, (body, answer.text)
        error = answer.json()["error"]
        assert error["message"] and error["type"], answer.text
        assert error["code"] == code
    assert httpx.get(f"{server.base}/nothing-here").json()["error"]["message"]
    # Unknown fields are ignored, as OpenAI-compatible servers do.
    ok = httpx.post(url, json={"messages": user, "max_tokens": 2, "logit_bias": {}, "user": "x"})
    assert ok.status_code == 200, ok.text


def test_a_key_is_required_when_set(start_server: ServerFactory) -> None:
    server = start_server(api_key="s3cret")
    with pytest.raises(openai.AuthenticationError):
        _client(server.base, "wrong").models.list()
    assert _client(server.base, "s3cret").models.list().data
    assert httpx.get(f"{server.url}/health").status_code == 200


def test_json_schema_replies_follow_the_schema(start_server: ServerFactory) -> None:
    server = start_server()
    schema = {
        "type": "object",
        "properties": {"answer": {"enum": ["yes", "no"]}},
        "required": ["answer"],
    }
    reply = _client(server.base).chat.completions.create(
        model="",
        messages=[{"role": "user", "content": "Is Paris in France? Reply in JSON."}],
        response_format={"type": "json_schema", "json_schema": {"name": "a", "schema": schema}},
        temperature=0,
        max_tokens=40,
    )
    assert json.loads(reply.choices[0].message.content or "")["answer"] in ("yes", "no")


def test_a_client_that_leaves_mid_stream_frees_its_slot(start_server: ServerFactory) -> None:
    server = start_server()
    body = {**COUNTING, "stream": True}
    with httpx.stream("POST", f"{server.base}/completions", json=body) as stream:
        lines = stream.iter_lines()
        seen = [next(lines) for _ in range(12)]
        assert server.service.busy == 1
    assert any(line.startswith("data: ") for line in seen)
    # 900 tokens would take several seconds more: the slot is freed at the next token.
    _wait_idle(lambda: server.service.busy, timeout=2.0)


def test_a_full_queue_answers_429_with_retry_after(start_server: ServerFactory) -> None:
    server = start_server(max_waiting=0)
    endless = 'root ::= "x" root'  # only the length limit ends it
    cancel = threading.Event()
    ended: list[object] = []
    prompt = server.service.text_prompt("Say x.").result(10)
    for _ in range(2):  # both slots
        server.service.submit(
            prompt,
            SamplingSettings(temperature=0, max_tokens=1000),
            on_piece=lambda _text: None,
            on_end=lambda reply, error: ended.append(reply or error),
            cancel=cancel,
            grammar=endless,
        )
    refused = httpx.post(
        f"{server.base}/chat/completions", json={"messages": [{"role": "user", "content": "Hi"}]}
    )
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "1"
    assert refused.json()["error"]["code"] == "server_busy"
    cancel.set()
    _wait_idle(lambda: server.service.busy)
    assert len(ended) == 2


def test_two_clients_at_once_get_the_replies_they_get_alone(start_server: ServerFactory) -> None:
    server = start_server()
    client = _client(server.base)
    questions = ["Name three colours.", "What is two plus two?"]

    def ask(question: str) -> str:
        reply = client.chat.completions.create(
            model="", messages=[{"role": "user", "content": question}], **GREEDY
        )
        return reply.choices[0].message.content or ""

    alone = [ask(q) for q in questions]
    together: list[str] = ["", ""]
    threads = [
        threading.Thread(target=lambda i=i: together.__setitem__(i, ask(questions[i])))
        for i in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert together == alone


def test_a_plain_request_whose_client_leaves_stops_decoding(start_server: ServerFactory) -> None:
    server = start_server()
    body = {**COUNTING}
    with pytest.raises(httpx.ReadTimeout):
        httpx.post(f"{server.base}/completions", json=body, timeout=1.0)
    # 900 tokens would take several seconds more: the reply is cancelled once the
    # server sees the client gone.
    _wait_idle(lambda: server.service.busy, timeout=3.0)


def test_oversized_bodies_are_refused_before_they_are_read(start_server: ServerFactory) -> None:
    import socket

    server = start_server(api_key="k")
    host, port = server.url.removeprefix("http://").split(":")

    def post(key: str, *, chunks: int = 0, declared: int | None = None) -> bytes:
        with socket.create_connection((host, int(port)), timeout=10) as connection:
            framing = (
                f"Content-Length: {declared}"
                if declared is not None
                else "Transfer-Encoding: chunked"
            )
            connection.sendall(
                b"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + f"Authorization: Bearer {key}\r\n{framing}\r\n".encode()
                + b"Content-Type: application/json\r\n\r\n"
            )
            chunk = b"x" * 2**20
            try:
                for _ in range(chunks):
                    connection.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
            except OSError:
                pass  # the server answered and closed: the rest is not read
            return connection.recv(4096)

    assert post("k", chunks=40).startswith(b"HTTP/1.1 413"), "chunked, past the limit"
    assert post("wrong", chunks=40).startswith(b"HTTP/1.1 401"), "no key: nothing is read"
    assert post("k", declared=40 * 2**20).startswith(b"HTTP/1.1 413"), "declared too large"


def test_a_text_that_cannot_fit_is_refused_without_tokenizing(
    start_server: ServerFactory,
) -> None:
    server = start_server()
    huge = "word " * (SLOT_CTX * 60)  # about 300 kB: more bytes than any fitting prompt
    started = time.monotonic()
    answer = httpx.post(
        f"{server.base}/chat/completions",
        json={"messages": [{"role": "user", "content": huge}]},
        timeout=30,
    )
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "context_length_exceeded"
    assert "bytes" in answer.json()["error"]["message"]
    assert time.monotonic() - started < 5
    # curl -d sends a form content type: the body is still read as JSON.
    plain = httpx.post(
        f"{server.base}/chat/completions",
        content=json.dumps({"messages": [{"role": "user", "content": "Hi"}], "max_tokens": 2}),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        timeout=30,
    )
    assert plain.status_code == 200, plain.text


def test_each_reply_is_logged_with_the_model_that_answered(
    start_server: ServerFactory, caplog: pytest.LogCaptureFixture
) -> None:
    server = start_server()
    caplog.set_level("INFO", logger="engine.api.server_app")
    client = _client(server.base)
    client.chat.completions.create(
        model="", messages=[{"role": "user", "content": "Hi"}], max_tokens=2
    )
    list(client.completions.create(model="", prompt="Hi", max_tokens=2, stream=True))
    lines = [r.getMessage() for r in caplog.records if "completion tokens" in r.getMessage()]
    assert len(lines) == 2
    assert all(f"200 · {server.service.model_id} · " in line for line in lines)


def test_work_between_steps_is_one_piece_at_a_time(start_server: ServerFactory) -> None:
    """While replies decode, the decoding thread runs one queued piece of work (a prompt,
    an embeddings piece) between two steps, so a reply pauses for one piece, not for
    every piece queued."""
    server = start_server()
    service = server.service
    steps = 0
    step = service._scheduler.step  # noqa: SLF001 - the steps are what is counted

    def counting_step() -> bool:
        nonlocal steps
        steps += 1
        return step()

    service._scheduler.step = counting_step  # type: ignore[method-assign]  # noqa: SLF001
    client = _client(server.base)
    streamed = threading.Event()

    def stream() -> None:
        for _chunk in client.completions.create(
            model="", prompt="Once upon a time", max_tokens=300, stream=True
        ):
            streamed.set()

    reader = threading.Thread(target=stream)
    reader.start()
    assert streamed.wait(60)
    futures = [service.call(lambda _model: steps) for _ in range(5)]
    seen = [future.result(timeout=60) for future in futures]
    reader.join(120)
    assert seen == sorted(seen) and len(set(seen)) == 5, seen
