"""A reasoning model behind Hearth's API, with the official openai client on 127.0.0.1:
the starter model under a template that opens ``<think>`` (so it really thinks), its
thinking in ``reasoning_content`` apart from ``content``, plain and streamed, the
count in ``usage``, and the thinking switch through ``reasoning_effort`` and
``chat_template_kwargs``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest

from engine.llm.chat_template import render_prompt
from engine.llm.messages import ChatMessage
from engine.llm.model import LoadedModel, load_model
from engine.llm.parameters import LoadSettings, SamplingSettings
from engine.remote.endpoint import RemoteEndpoint
from engine.remote.openai_client import stream_chat
from tests.api.conftest import ServerFactory
from tests.reasoning_templates import SUM_QUESTION, SWITCHABLE_TEMPLATE, THINKING_TEMPLATE

GREEDY: dict[str, Any] = {"temperature": 0, "max_tokens": 60, "seed": 1}
ASK = [{"role": "user", "content": SUM_QUESTION}]


def _client(url: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=url, api_key="unused", max_retries=0, timeout=60)


def _extra(part: Any, name: str) -> Any:
    return (part.model_extra or {}).get(name)


def test_a_reply_carries_its_thinking_apart_plain_and_streamed(
    start_server: ServerFactory, thinking_model: LoadedModel
) -> None:
    server = start_server(model=thinking_model)
    client = _client(server.base)
    whole = client.chat.completions.create(model="", messages=ASK, **GREEDY)
    message = whole.choices[0].message
    reasoning = _extra(message, "reasoning_content")
    answer = message.content or ""
    assert "sum" in reasoning and "6" in answer
    assert "<think>" not in answer + reasoning and "</think>" not in answer + reasoning
    usage = whole.usage
    assert usage is not None and usage.completion_tokens_details is not None
    thought = usage.completion_tokens_details.reasoning_tokens or 0
    assert 0 < thought < usage.completion_tokens

    thoughts: list[str] = []
    pieces: list[str] = []
    order: list[str] = []
    final_usage = None
    stream = client.chat.completions.create(
        model="", messages=ASK, stream=True, stream_options={"include_usage": True}, **GREEDY
    )
    for chunk in stream:
        if chunk.usage is not None:
            final_usage = chunk.usage
        for choice in chunk.choices:
            delta = choice.delta
            if _extra(delta, "reasoning_content"):
                thoughts.append(_extra(delta, "reasoning_content"))
                order.append("thinking")
            if delta.content:
                pieces.append(delta.content)
                order.append("answer")
    assert "".join(thoughts) == reasoning and "".join(pieces) == answer
    assert order == sorted(order, key=lambda kind: kind == "answer")  # thinking first
    assert final_usage is not None and final_usage.completion_tokens_details is not None
    assert final_usage.completion_tokens_details.reasoning_tokens == thought


def test_earlier_thinking_sent_back_is_not_read(
    start_server: ServerFactory, thinking_model: LoadedModel
) -> None:
    server = start_server(model=thinking_model)
    client = _client(server.base)
    turns = [
        {"role": "user", "content": "Hi."},
        {"role": "assistant", "content": "Hello!"},
        {"role": "user", "content": SUM_QUESTION},
    ]
    plain = client.chat.completions.create(model="", messages=turns, **GREEDY)
    turns[1]["reasoning_content"] = "A long secret deliberation. " * 20
    with_thought = client.chat.completions.create(model="", messages=turns, **GREEDY)
    assert plain.usage is not None and with_thought.usage is not None
    assert with_thought.usage.prompt_tokens == plain.usage.prompt_tokens
    assert with_thought.choices[0].message.content == plain.choices[0].message.content


def test_a_raw_completion_stays_unsplit(
    start_server: ServerFactory, thinking_model: LoadedModel
) -> None:
    server = start_server(model=thinking_model)
    prompt = render_prompt(THINKING_TEMPLATE, [ChatMessage("user", SUM_QUESTION)])
    assert prompt.endswith("<think>\n")
    text = _client(server.base).completions.create(model="", prompt=prompt, **GREEDY)
    assert "</think>" in text.choices[0].text
    usage = text.usage
    assert usage is not None and usage.completion_tokens_details is not None
    assert usage.completion_tokens_details.reasoning_tokens == 0


@pytest.mark.parametrize(
    ("field", "value", "param"),
    [
        ("reasoning_effort", "extreme", "reasoning_effort"),
        ("reasoning_effort", 3, "reasoning_effort"),
        ("chat_template_kwargs", {"enable_thinking": "no"}, "chat_template_kwargs.enable_thinking"),
        ("chat_template_kwargs", ["enable_thinking"], "chat_template_kwargs"),
    ],
)
def test_an_unknown_thinking_value_is_refused(
    start_server: ServerFactory, field: str, value: Any, param: str
) -> None:
    server = start_server()
    body = {"messages": ASK, field: value, "max_tokens": 4}
    response = httpx.post(f"{server.base}/chat/completions", json=body, timeout=30)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["type"] == "invalid_request_error" and error["param"] == param
    with pytest.raises(openai.BadRequestError):
        _client(server.base).chat.completions.create(
            model="", messages=ASK, max_tokens=4, extra_body={field: value}
        )


@pytest.fixture(scope="module")
def switchable_model(smollm2: Path) -> Iterator[LoadedModel]:
    settings = LoadSettings(n_ctx=1024, n_threads=2, chat_template=SWITCHABLE_TEMPLATE)
    model = load_model(smollm2, settings)
    yield model
    model.close()


@pytest.mark.parametrize(
    "off",
    [
        {"chat_template_kwargs": {"enable_thinking": False}},
        {"reasoning_effort": "none"},
        # enable_thinking false wins over an effort.
        {"chat_template_kwargs": {"enable_thinking": False}, "reasoning_effort": "high"},
    ],
)
def test_thinking_turned_off_through_the_request(
    start_server: ServerFactory, switchable_model: LoadedModel, off: dict[str, Any]
) -> None:
    server = start_server(model=switchable_model)
    client = _client(server.base)
    thinking = client.chat.completions.create(model="", messages=ASK, **GREEDY)
    assert _extra(thinking.choices[0].message, "reasoning_content")
    quiet = client.chat.completions.create(model="", messages=ASK, extra_body=off, **GREEDY)
    message = quiet.choices[0].message
    assert not _extra(message, "reasoning_content") and (message.content or "").strip()
    assert "<think>" not in (message.content or "")
    assert quiet.usage is not None and quiet.usage.completion_tokens_details is not None
    assert quiet.usage.completion_tokens_details.reasoning_tokens == 0
    # The closed empty block is in the prompt: a few tokens more than with thinking on.
    assert thinking.usage is not None and quiet.usage.prompt_tokens > thinking.usage.prompt_tokens


def test_hearth_s_server_as_a_remote_engine_keeps_the_thinking_apart(
    start_server: ServerFactory, thinking_model: LoadedModel
) -> None:
    server = start_server(model=thinking_model)
    whole = _client(server.base).chat.completions.create(model="", messages=ASK, **GREEDY)
    expected = _extra(whole.choices[0].message, "reasoning_content")
    answer: list[str] = []
    thought: list[str] = []
    reply = stream_chat(
        RemoteEndpoint("Hearth", server.base),
        server.service.model_id,
        [ChatMessage("user", SUM_QUESTION)],
        SamplingSettings(temperature=0, max_tokens=60, seed=1, repeat_penalty=1.0),
        on_token=answer.append,
        on_reasoning=thought.append,
    )
    assert (reply.reasoning, reply.text) == (expected, whole.choices[0].message.content)
    assert "".join(thought) == reply.reasoning and "".join(answer) == reply.text
    usage = whole.usage
    assert usage is not None and usage.completion_tokens_details is not None
    assert reply.stats.reasoning_tokens == usage.completion_tokens_details.reasoning_tokens
    assert reply.stats.thinking_s > 0 and not reply.stats.thinking_unfinished


def test_ask_on_an_endpoint_shows_the_thinking_apart(
    start_server: ServerFactory, thinking_model: LoadedModel, tmp_path: Path
) -> None:
    server = start_server(model=thinking_model)
    root = Path(__file__).resolve().parents[2]
    command = [sys.executable, "main.py", "ask", "--endpoint", server.base]
    args = ["--temperature", "0", "--seed", "1", "--max-tokens", "60", SUM_QUESTION]

    def ask(*extra: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "HEARTH_HOME": str(tmp_path)}
        return subprocess.run(
            [*command, *extra, *args],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    as_json = ask("--json")
    assert as_json.returncode == 0, as_json.stderr
    data = json.loads(as_json.stdout)
    assert "sum" in data["reasoning"] and "6" in data["text"]
    assert data["reasoning_tokens"] > 0 and data["thinking_unfinished"] is False
    shown = ask("--show-reasoning")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == data["text"].strip()
    assert data["reasoning"].strip() in shown.stderr
    plain = ask()
    assert plain.stdout.strip() == data["text"].strip()
    assert data["reasoning"].strip() not in plain.stdout + plain.stderr
