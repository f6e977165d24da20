"""Bodies built to make validation slow (a million wrong items, well under the body cap)
get one short OpenAI error from each endpoint, and the server goes on answering: every
list and object a client sends is bounded before its items are validated."""

from __future__ import annotations

import threading
from typing import Any

import httpx
import pytest

from engine.api.body_limits import (
    MAX_CONTENT_PARTS,
    MAX_EMBEDDING_INPUT_TOKENS,
    MAX_EMBEDDING_TOKENS,
    MAX_GRAMMAR_BYTES,
    MAX_MESSAGES,
    MAX_SCHEMA_KEYS,
    MAX_SCHEMA_NODES,
    MAX_SCHEMA_REPEAT,
)
from engine.api.service import ModelService
from engine.common.errors import ContextFull
from engine.llm.messages import ChatMessage
from engine.llm.model import LoadedModel
from engine.llm.parameters import SamplingSettings
from tests.api.conftest import RunningServer, ServerFactory

MILLION = 1_000_000
# Where a million items would pass the 8 MB body cap (answered 413 unread).
MANY = 200_000
# An error is a sentence or two, whatever the body held.
MAX_ERROR_BYTES = 1024
USER = {"role": "user", "content": "Hi"}


@pytest.fixture
def server(start_server: ServerFactory) -> RunningServer:
    return start_server()


def _refused(server: RunningServer, path: str, body: dict[str, Any]) -> dict[str, Any]:
    """The error of a refused body, checked for OpenAI's shape and a short size."""
    response = httpx.post(f"{server.base}{path}", json=body, timeout=120)
    assert response.status_code == 400, response.text[:300]
    assert len(response.content) < MAX_ERROR_BYTES, response.content[:300]
    error: dict[str, Any] = response.json()["error"]
    assert error["type"] == "invalid_request_error"
    assert error["message"]
    return error


def _still_answers(server: RunningServer) -> None:
    response = httpx.post(f"{server.base}/embeddings", json={"input": "still here"}, timeout=120)
    assert response.status_code == 200
    assert len(response.json()["data"]) == 1


@pytest.mark.parametrize(
    ("body", "param", "says"),
    [
        ({"input": [{"x": 1}] * MILLION}, "input", "at most 2048 items"),
        ({"input": [[{"x": 1}]] * MANY}, "input", "at most 2048 items"),
        ({"input": ["a", 1] * MILLION}, "input", "at most 2048 items"),
        ({"input": ["a"] * MILLION}, "input", "at most 2048 items"),
        ({"input": [1] * MILLION}, "input", f"at most {MAX_EMBEDDING_INPUT_TOKENS}"),
        ({"input": [{"x": 1}] * 2048}, "input", "item 0 is not"),
        ({"input": ["a"] * 2047 + [7]}, "input", "item 2047 is not"),
        ({"input": [1, 2, "three"]}, "input", "item 2 is not"),
        ({"input": [[1], [2], [True]]}, "input", "item 2 is not"),
        ({"input": [[1]] * 2047 + [["x"] * MILLION]}, "input", "item 2047 holds"),
        (
            {"input": [[1] * MAX_EMBEDDING_INPUT_TOKENS] * 37},
            "input",
            f"more than {MAX_EMBEDDING_TOKENS}",
        ),
        ({"input": {"text": "a"}}, "input", "input must be a text"),
        ({"input": "a", "model": "m" * MILLION}, "model", "at most 4096 characters"),
    ],
)
def test_embeddings_bodies_get_one_short_error(
    server: RunningServer, body: dict[str, Any], param: str, says: str
) -> None:
    error = _refused(server, "/embeddings", body)
    assert error["param"] == param
    assert says in error["message"]


def test_a_huge_token_id_is_not_echoed_whole(server: RunningServer) -> None:
    error = _refused(server, "/embeddings", {"input": [10**4000]})
    assert error["param"] == "input" and "outside this model's vocabulary" in error["message"]


def test_an_embeddings_refusal_leaves_the_server_answering(server: RunningServer) -> None:
    _refused(server, "/embeddings", {"input": [{"x": 1}] * MILLION})
    _still_answers(server)


def _parts(count: int) -> list[dict[str, str]]:
    return [{"type": "text", "text": "a"}] * count


@pytest.mark.parametrize(
    ("body", "param", "says"),
    [
        ({"messages": [{"x": 1}] * MILLION}, "messages", f"at most {MAX_MESSAGES} messages"),
        ({"messages": [USER] * MANY}, "messages", f"at most {MAX_MESSAGES} messages"),
        (
            {"messages": [{"role": "user", "content": [{"x": 1}] * MILLION}]},
            "messages",
            "content parts",
        ),
        (
            {"messages": [{"role": "user", "content": _parts(2)}] * (MAX_CONTENT_PARTS // 2 + 1)},
            "messages",
            f"at most {MAX_CONTENT_PARTS} are allowed",
        ),
        ({"messages": [USER], "stop": [1] * MILLION}, "stop", "at most 4 stop sequences"),
        ({"messages": [USER], "stop": ["a"] * 5}, "stop", "at most 4 stop sequences"),
        ({"messages": [{"role": "r" * MILLION, "content": "a"}]}, "messages.0.role", "at most"),
        (
            {"messages": [{"role": "user", "content": [{"type": "t" * MILLION}]}]},
            "messages.0.content.list.0.type",
            "at most",
        ),
        ({"messages": [USER], "reasoning_effort": "x" * MILLION}, "reasoning_effort", "not"),
        (
            {
                "messages": [USER],
                "response_format": {
                    "type": "json_schema",
                    "json_schema": {str(i): i for i in range(MANY)},
                },
            },
            "response_format.json_schema",
            "at most 64 json_schema fields",
        ),
        (
            {
                "messages": [USER],
                "response_format": {
                    "type": "json_schema",
                    "json_schema": {
                        "schema": {
                            "type": "object",
                            "properties": {f"p{i}": {"type": "string"} for i in range(900)},
                        }
                    },
                },
            },
            "response_format",
            f"at most {MAX_SCHEMA_KEYS} are supported",
        ),
        (
            {
                "messages": [USER],
                "response_format": {
                    "type": "json_schema",
                    "json_schema": {"schema": {"type": "array", "items": [[1] * 8] * MANY}},
                },
            },
            "response_format",
            f"at most {MAX_SCHEMA_NODES} values",
        ),
        ({"messages": [USER], "model": "m" * MILLION}, "model", "at most 4096 characters"),
    ],
)
def test_chat_bodies_get_one_short_error(
    server: RunningServer, body: dict[str, Any], param: str, says: str
) -> None:
    error = _refused(server, "/chat/completions", body)
    assert error["param"] == param
    assert says in error["message"]


def test_a_conversation_at_the_limits_is_accepted(server: RunningServer) -> None:
    """As many messages and parts as allowed pass validation (and an ignored field of a
    few hundred thousand entries is not validated at all)."""
    messages = [{"role": "user", "content": _parts(1)}] * MAX_MESSAGES
    body = {
        "messages": messages,
        "max_tokens": 1,
        "temperature": 0,
        "logit_bias": {str(i): 1 for i in range(MANY)},
    }
    response = httpx.post(f"{server.base}/chat/completions", json=body, timeout=120)
    # Past validation: the conversation is refused only for the starter model's context.
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "context_length_exceeded"
    assert len(response.content) < MAX_ERROR_BYTES


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({"prompt": [1] * MILLION}, "send one prompt per request"),
        ({"prompt": ["a"] * MILLION}, "send one prompt per request"),
        ({"prompt": ["a", "b"]}, "send one prompt per request, not 2"),
        ({"prompt": "a", "stop": [{"x": 1}] * MILLION}, "at most 4 stop sequences"),
    ],
)
def test_completion_bodies_get_one_short_error(
    server: RunningServer, body: dict[str, Any], says: str
) -> None:
    error = _refused(server, "/completions", body)
    assert says in error["message"]


def _schema_body(schema: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {
        "messages": [USER],
        "response_format": {"type": "json_schema", "json_schema": {"name": "s", "schema": schema}},
        **more,
    }


_TAGS = {"type": "array", "items": {"type": "string"}}
_HUGE = 100_000_000


@pytest.mark.parametrize(
    ("schema", "says"),
    [
        ({**_TAGS, "minItems": _HUGE}, f"minItems is {_HUGE}"),
        ({**_TAGS, "maxItems": _HUGE}, f"maxItems is {_HUGE}"),
        ({**_TAGS, "minItems": 1e9}, "minItems is 1000000000.0"),
        ({"type": "string", "minLength": _HUGE}, f"minLength is {_HUGE}"),
        ({"type": "string", "maxLength": MAX_SCHEMA_REPEAT + 1}, "maxLength is 1001"),
        ({"type": "object", "minProperties": _HUGE}, f"minProperties is {_HUGE}"),
        ({"type": "object", "maxProperties": _HUGE}, f"maxProperties is {_HUGE}"),
        (
            {"type": "object", "properties": {"tags": {**_TAGS, "minItems": _HUGE}}},
            "minItems at 'properties.tags' is",
        ),
        ({"type": "string", "pattern": "^a{100000000}$"}, "pattern quantifier '{100000000}'"),
        ({"type": "string", "pattern": "^a{2,5000}$"}, "pattern quantifier '{2,5000}'"),
        ({"type": "string", "pattern": "^a{1_000_000}$"}, "pattern quantifier '{1_000_000}'"),
        (
            {"type": "string", "pattern": "^" + "(ab){1000}" * 300 + "$"},
            f"make a grammar over {MAX_GRAMMAR_BYTES // 1024} KB",
        ),
        (
            {"type": "object", "properties": {"k" * 5000: {**_TAGS, "maxItems": 1000}}},
            f"make a grammar over {MAX_GRAMMAR_BYTES // 1024} KB",
        ),
        ({"enum": ["x" * 300_000]}, f"at most {MAX_GRAMMAR_BYTES // 1024} KB are supported"),
        ({"type": "no such type"}, "This JSON schema is not supported"),
        ({"type": "string", "pattern": "a+"}, "This JSON schema is not supported"),
    ],
)
def test_a_schema_that_would_make_a_huge_grammar_is_refused(
    server: RunningServer, schema: dict[str, Any], says: str
) -> None:
    """A small schema asking for many repetitions (or one the grammar builder cannot
    read) gets a short 400 naming what is wrong, before a grammar is built."""
    error = _refused(server, "/chat/completions", _schema_body(schema))
    assert error["param"] == "response_format"
    assert says in error["message"], error["message"]


def test_the_reviewed_schema_leaves_the_server_answering(server: RunningServer) -> None:
    _refused(server, "/chat/completions", _schema_body({**_TAGS, "minItems": 100_000_000}))
    _still_answers(server)


def test_a_large_schema_within_the_bounds_is_answered(server: RunningServer) -> None:
    """Bounds at the cap, data that happens to hold a large "minItems", and a long
    pattern quantifier are all accepted, and the reply holds to the schema."""
    import json

    schema = {
        "type": "object",
        "properties": {
            "tags": {**_TAGS, "minItems": 1, "maxItems": MAX_SCHEMA_REPEAT},
            "name": {"type": "string", "minLength": 1, "maxLength": MAX_SCHEMA_REPEAT},
            "code": {"type": "string", "pattern": "^[a-z]{1,1000}$"},
            "kind": {"enum": ["a", {"minItems": _HUGE}]},
        },
        "required": ["tags"],
    }
    body = _schema_body(schema, max_tokens=40, temperature=0)
    response = httpx.post(f"{server.base}/chat/completions", json=body, timeout=120)
    assert response.status_code == 200, response.text[:300]
    text = response.json()["choices"][0]["message"]["content"]
    assert text.startswith('{ "tags"') or text.startswith('{"tags"'), text
    if response.json()["choices"][0]["finish_reason"] == "stop":
        assert json.loads(text)["tags"]


@pytest.mark.parametrize("stop", ["x" * 5000, ["ok", "x" * 5000]])
def test_a_stop_text_is_at_most_a_thousand_characters(server: RunningServer, stop: object) -> None:
    """The reply's text is held back while it may still become a stop text: one of a
    megabyte would hold the whole reply back."""
    error = _refused(server, "/completions", {"prompt": "Hi", "stop": stop})
    assert "1000" in error["message"]


def test_a_window_reply_too_long_for_the_context_says_so_by_its_kind(
    parallel_model: LoadedModel,
) -> None:
    # The window tells a reply whose prompt does not fit (a translation keeps the
    # segment and goes on) from other failures by the message's kind.
    service = ModelService(parallel_model).start()
    ended: list[tuple[object, object]] = []
    done = threading.Event()

    def on_end(reply: object, error: object) -> None:
        ended.append((reply, error))
        done.set()

    try:
        service.submit_conversation(
            [ChatMessage("user", "word " * 5000)],
            SamplingSettings(temperature=0.0, max_tokens=16),
            on_piece=lambda _text: None,
            on_end=on_end,
            cancel=threading.Event(),
        )
        assert done.wait(60)
    finally:
        service.close()
    [(reply, error)] = ended
    assert reply is None and isinstance(error, ContextFull)
    assert "too long for this model's context" in error
