"""A remote engine's thinking, apart from its answer, from a small local stub that
speaks each server's way of sending it: ``reasoning_content`` (llama-server, vLLM,
LM Studio, DeepSeek), ``reasoning`` (Ollama, newer vLLM), inline ``<think>`` in the
content (a server that does not parse it); and the thinking choice sent along."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from typing import Any, ClassVar

import pytest

from engine.llm.messages import ChatMessage, FinishReason
from engine.llm.parameters import SamplingSettings
from engine.remote.endpoint import RemoteEndpoint
from engine.remote.openai_client import chat_body, stream_chat

ASK = [ChatMessage("user", "What is 3+3?")]


def _delta(finish: str | None = None, **fields: str) -> dict[str, Any]:
    return {"choices": [{"index": 0, "delta": fields, "finish_reason": finish}]}


USAGE = {
    "choices": [],
    "usage": {
        "prompt_tokens": 9,
        "completion_tokens": 12,
        "completion_tokens_details": {"reasoning_tokens": 7},
    },
}
SCRIPTS: dict[str, list[dict[str, Any]]] = {
    "reasoning_content": [
        _delta(role="assistant", content=""),
        _delta(reasoning_content="The user "),
        _delta(reasoning_content="asks a sum."),
        _delta(content="3 + 3 = "),
        _delta(content="6"),
        _delta("stop"),
        USAGE,
    ],
    "reasoning": [
        _delta(reasoning="The user "),
        _delta(reasoning="asks a sum."),
        _delta(content="3 + 3 = 6"),
        _delta("stop"),
    ],
    "inline": [
        _delta(content="<thi"),
        _delta(content="nk>\nThe user "),
        _delta(content="asks a sum.\n</th"),
        _delta(content="ink>\n\n3 + 3 = "),
        _delta(content="6"),
        _delta("stop"),
    ],
    # A later <think> is answer text: only a block at the start is thinking.
    "later-tag": [
        _delta(content="  Use <think> tags"),
        _delta(content=" like </think> this."),
        _delta("stop"),
    ],
    # A block never closed, and no answer: its text was the answer.
    "unclosed": [_delta(content="<think>Just text."), _delta("stop")],
    "cut-while-thinking": [
        _delta(reasoning_content="The user asks"),
        _delta("length"),
    ],
    "inline-cut": [_delta(content="<think>The user asks"), _delta("length")],
}


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    bodies: ClassVar[list[dict[str, Any]]] = []

    def log_message(self, *_args: object) -> None:
        return

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length", "0"))
        type(self).bodies.append(json.loads(self.rfile.read(length)))
        script = SCRIPTS[self.path.split("/")[1]]
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "close")
        self.end_headers()
        for chunk in script:
            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            self.wfile.flush()
        self.wfile.write(b"data: [DONE]\n\n")
        self.close_connection = True


@pytest.fixture
def stub() -> Iterator[str]:
    _Handler.bodies = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _ask(url: str, mode: str, sampling: SamplingSettings | None = None) -> tuple[Any, str, str]:
    answer: list[str] = []
    thought: list[str] = []
    reply = stream_chat(
        RemoteEndpoint("Stub", f"{url}/{mode}"),
        "m",
        ASK,
        sampling or SamplingSettings(),
        on_token=answer.append,
        on_reasoning=thought.append,
    )
    return reply, "".join(answer), "".join(thought)


@pytest.mark.parametrize("mode", ["reasoning_content", "reasoning", "inline"])
def test_each_server_s_way_of_sending_thinking(stub: str, mode: str) -> None:
    reply, answer, thought = _ask(stub, mode)
    assert reply.text == answer == "3 + 3 = 6"
    assert reply.reasoning.strip() == thought.strip() == "The user asks a sum."
    assert reply.stats.reasoning_tokens > 0 and reply.stats.thinking_s >= 0
    assert not reply.stats.thinking_unfinished
    assert reply.stats.finish_reason == FinishReason.STOP


def test_the_server_s_count_of_thinking_tokens_is_used(stub: str) -> None:
    reply, _, _ = _ask(stub, "reasoning_content")
    assert (reply.stats.reasoning_tokens, reply.stats.completion_tokens) == (7, 12)


def test_a_tag_later_in_the_answer_is_answer_text(stub: str) -> None:
    reply, answer, thought = _ask(stub, "later-tag")
    assert reply.text == answer == "  Use <think> tags like </think> this."
    assert reply.reasoning == thought == "" and reply.stats.reasoning_tokens == 0


def test_an_unclosed_block_with_no_answer_is_the_answer(stub: str) -> None:
    reply, _, _ = _ask(stub, "unclosed")
    assert (reply.text, reply.reasoning) == ("Just text.", "")
    assert reply.stats.reasoning_tokens == 0


@pytest.mark.parametrize("mode", ["cut-while-thinking", "inline-cut"])
def test_a_reply_cut_while_thinking_says_so(stub: str, mode: str) -> None:
    reply, answer, _ = _ask(stub, mode)
    assert reply.stats.finish_reason == FinishReason.LENGTH
    assert reply.stats.thinking_unfinished and reply.text == answer == ""
    assert reply.reasoning == "The user asks"


@pytest.mark.parametrize(
    ("thinking", "fields"),
    [
        ("auto", {}),
        ("on", {"chat_template_kwargs": {"enable_thinking": True}}),
        ("off", {"chat_template_kwargs": {"enable_thinking": False}}),
        ("low", {"reasoning_effort": "low"}),
        ("high", {"reasoning_effort": "high"}),
    ],
)
def test_the_thinking_choice_is_sent_along(
    stub: str, thinking: str, fields: dict[str, Any]
) -> None:
    _ask(stub, "reasoning", SamplingSettings(thinking=thinking))
    sent = _Handler.bodies[-1]
    assert {k: sent[k] for k in ("reasoning_effort", "chat_template_kwargs") if k in sent} == fields
    assert sent == chat_body("m", ASK, SamplingSettings(thinking=thinking))
