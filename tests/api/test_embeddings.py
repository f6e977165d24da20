"""``POST /v1/embeddings`` over HTTP on 127.0.0.1 with the real SmolLM2 (mean pooling,
576 dimensions): the official openai client, raw HTTP for base64 and the error shapes,
and a chat stream decoding meanwhile."""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterator

import httpx
import numpy as np
import openai
import pytest

from engine.api.body_limits import MAX_EMBEDDING_TOKENS
from engine.llm.embeddings import (
    CPU_EMBEDDING_BATCH_TOKENS,
    EMBEDDING_BATCH_TOKENS,
    TOKENIZE_BYTES,
    TOKENIZE_TEXTS,
    fill,
    pack,
)
from engine.llm.model import LoadedModel
from tests.api.conftest import SLOT_CTX, RunningServer, ServerFactory

TEXTS = [
    "The cat sat on the mat.",
    "Quarterly revenue grew by four percent.",
    "Photosynthesis turns light into chemical energy.",
]
DIMENSIONS = 576  # SmolLM2-135M's embedding size


@pytest.fixture
def served(start_server: ServerFactory) -> Iterator[tuple[RunningServer, openai.OpenAI]]:
    """A server over the starter model with two slots, and an official client to it."""
    server = start_server()
    with openai.OpenAI(base_url=server.base, api_key="unused", max_retries=0, timeout=60) as client:
        yield server, client


def _vectors(client: openai.OpenAI, given: object) -> list[np.ndarray]:
    answer = client.embeddings.create(
        model="",
        input=given,  # type: ignore[arg-type]
        encoding_format="float",
    )
    assert [d.index for d in answer.data] == list(range(len(answer.data)))
    return [np.asarray(d.embedding, dtype=np.float64) for d in answer.data]


def test_texts_alone_and_batched_give_the_same_unit_vectors(
    served: tuple[RunningServer, openai.OpenAI], parallel_model: LoadedModel
) -> None:
    server, client = served
    alone = [_vectors(client, text)[0] for text in TEXTS]
    for vector in alone:
        assert vector.shape == (DIMENSIONS,)
        assert abs(np.linalg.norm(vector) - 1) < 1e-5

    answer = client.embeddings.create(model=server.service.model_id, input=TEXTS)
    assert answer.model == server.service.model_id and answer.object == "list"
    batched = [np.asarray(d.embedding) for d in answer.data]
    for one, together in zip(alone, batched, strict=True):
        assert np.max(np.abs(one - together)) < 1e-4
    tokens = sum(len(parallel_model.llama.tokenize(t.encode(), add_bos=True)) for t in TEXTS)
    assert answer.usage.prompt_tokens == tokens == answer.usage.total_tokens

    again = _vectors(client, TEXTS[0])[0]
    assert np.array_equal(again, alone[0])
    assert float(alone[0] @ alone[1]) < 0.999


def test_more_inputs_than_one_decode_holds_keep_their_order(
    served: tuple[RunningServer, openai.OpenAI],
) -> None:
    _server, client = served
    texts = [f"Item number {i} is a {'red' if i % 2 else 'blue'} box." for i in range(40)]
    batched = _vectors(client, texts)
    assert len(batched) == 40
    for i in (0, 17, 39):
        alone = _vectors(client, texts[i])[0]
        # A batch of another size is computed by other kernels on some CPUs (AVX2: max
        # 1.1e-3 apart, AVX-512: under 1e-4); the order holds where each input's vector
        # is the batch's nearest to it.
        assert np.max(np.abs(alone - batched[i])) < 1e-2
        assert int(np.argmax(batched @ alone)) == i


def test_token_ids_embed_as_their_text_does(
    served: tuple[RunningServer, openai.OpenAI], parallel_model: LoadedModel
) -> None:
    _server, client = served
    ids = [parallel_model.llama.tokenize(t.encode(), add_bos=True) for t in TEXTS[:2]]
    from_text = _vectors(client, TEXTS[:2])
    single = _vectors(client, ids[0])
    several = _vectors(client, ids)
    assert len(single) == 1 and np.max(np.abs(single[0] - from_text[0])) < 1e-6
    for a, b in zip(several, from_text, strict=True):
        assert np.max(np.abs(a - b)) < 1e-6


def test_base64_holds_the_same_floats(served: tuple[RunningServer, openai.OpenAI]) -> None:
    server, client = served
    floats = _vectors(client, TEXTS[:2])
    answer = httpx.post(
        f"{server.base}/embeddings",
        json={"input": TEXTS[:2], "encoding_format": "base64"},
        timeout=60,
    ).json()
    for item, expected in zip(answer["data"], floats, strict=True):
        decoded = np.frombuffer(base64.b64decode(item["embedding"]), dtype="<f4")
        assert decoded.shape == (DIMENSIONS,)
        assert np.array_equal(decoded.astype(np.float64), expected)
    # The official client asks for base64 unless told otherwise, and decodes it.
    default = client.embeddings.create(model="", input=TEXTS[0])
    assert np.allclose(default.data[0].embedding, floats[0], atol=1e-7)


@pytest.mark.parametrize(
    ("body", "code", "param"),
    [
        ({"input": "word " * (SLOT_CTX + 10)}, "context_length_exceeded", "input"),
        ({"input": ["short", "word " * (SLOT_CTX + 10)]}, "context_length_exceeded", "input[1]"),
        ({"input": list(range(SLOT_CTX + 1))}, "context_length_exceeded", "input"),
        ({"input": ""}, None, "input"),
        ({"input": []}, None, "input"),
        ({"input": ["fine", ""]}, None, "input[1]"),
        ({"input": [[1, 2], []]}, None, "input[1]"),
        ({"input": [10**9]}, None, "input"),
        ({"input": "fine", "dimensions": 8}, None, "dimensions"),
        ({"input": "fine", "encoding_format": "hex"}, None, "encoding_format"),
        ({"input": "fine", "model": "no-such-model"}, "model_not_found", "model"),
    ],
)
def test_bad_inputs_get_openai_s_error(
    start_server: ServerFactory, body: dict[str, object], code: str | None, param: str
) -> None:
    server = start_server()
    response = httpx.post(f"{server.base}/embeddings", json=body, timeout=60)
    assert response.status_code == (404 if code == "model_not_found" else 400)
    error = response.json()["error"]
    assert error["type"] == "invalid_request_error"
    assert error["code"] == code and error["param"] == param
    assert error["message"]


def test_the_official_client_sees_a_too_long_input_as_a_bad_request(
    served: tuple[RunningServer, openai.OpenAI],
) -> None:
    _server, client = served
    with pytest.raises(openai.BadRequestError) as caught:
        client.embeddings.create(model="", input="word " * (SLOT_CTX + 10))
    assert caught.value.code == "context_length_exceeded"
    # The server goes on embedding.
    assert len(_vectors(client, "still here")) == 1


def test_a_chat_stream_decoding_meanwhile_completes_undisturbed(
    served: tuple[RunningServer, openai.OpenAI],
) -> None:
    _server, client = served
    ask = {
        "model": "",
        "messages": [{"role": "user", "content": "Count from one to thirty in words."}],
        "temperature": 0,
        "max_tokens": 120,
        "seed": 1,
    }
    alone = client.chat.completions.create(**ask).choices[0].message.content  # type: ignore[call-overload]
    pieces: list[str] = []
    finished: list[str | None] = []
    first_piece = threading.Event()

    def stream() -> None:
        for chunk in client.chat.completions.create(stream=True, **ask):  # type: ignore[call-overload]
            if chunk.choices:
                pieces.append(chunk.choices[0].delta.content or "")
                first_piece.set()
                if chunk.choices[0].finish_reason:
                    finished.append(chunk.choices[0].finish_reason)

    thread = threading.Thread(target=stream)
    thread.start()
    assert first_piece.wait(60)
    for _ in range(5):
        assert len(_vectors(client, TEXTS)) == 3
    thread.join(120)
    assert not thread.is_alive()
    assert finished and "".join(pieces) == alone


def test_pack_fills_each_decode_in_order() -> None:
    assert pack([3, 3, 3], room=6) == [[0, 1], [2]]
    assert pack([6, 1, 5], room=6) == [[0], [1, 2]]
    assert pack([1] * 5, room=100, max_sequences=2) == [[0, 1], [2, 3], [4]]
    with pytest.raises(ValueError):
        pack([7], room=6)
    with pytest.raises(ValueError):
        pack([0], room=6)


def test_pack_keeps_decodes_to_a_micro_batch_unless_one_input_is_longer() -> None:
    assert EMBEDDING_BATCH_TOKENS == 512
    assert pack([600, 100, 300, 200, 100], room=2048) == [[0], [1, 2], [3, 4]]
    assert pack([300, 300, 2048, 512, 1], room=2048) == [[0], [1], [2], [3], [4]]
    assert pack([256, 256, 1], room=2048) == [[0, 1], [2]]
    assert pack([5, 5, 5], room=2048, batch_tokens=10) == [[0, 1], [2]]


def test_fill_bounds_each_piece_of_work_by_size_and_count() -> None:
    assert fill([10, 10, 10], budget=20, max_items=5) == [[0, 1], [2]]
    assert fill([50, 1, 1], budget=20, max_items=5) == [[0], [1, 2]]
    assert fill([1] * 5, budget=100, max_items=2) == [[0, 1], [2, 3], [4]]
    assert fill([], budget=1, max_items=1) == []


def test_a_pooling_type_llama_cpp_does_not_know_is_not_passed_to_it() -> None:
    """llama.cpp aborts the whole process on an unknown pooling type."""
    from types import SimpleNamespace
    from typing import Any

    from engine.llm.embeddings import declared_pooling

    def model(value: object) -> Any:
        meta = SimpleNamespace(architecture="llama", values={"llama.pooling_type": value})
        return SimpleNamespace(metadata=meta)

    assert [declared_pooling(model(v)) for v in (99, 5, -1, 0, True)] == [None] * 5
    assert [declared_pooling(model(v)) for v in (1, 2, 3)] == [1, 2, 3]


def _mixed_texts() -> list[str]:
    """Texts of 3 to ~600 tokens, then many short ones: more than one piece of
    tokenizing and several decodes, some of one input longer than a micro-batch."""
    words = ["river", "stone", "lantern", "harvest", "quiet", "orbit", "paper", "violet"]
    texts = []
    for i in range(10):
        n = [3, 30, 120, 300, 600][i % 5]
        texts.append(" ".join(words[(i + k) % len(words)] for k in range(n)))
    return texts + [f"note {i}" for i in range(TOKENIZE_TEXTS + 6)]


def test_embedding_work_comes_to_the_decoding_thread_in_short_pieces(
    served: tuple[RunningServer, openai.OpenAI], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Streaming replies wait while the decoding thread tokenizes or embeds: each piece
    of that work is bounded, and the vectors and their order are those of each input
    embedded alone."""
    server, client = served
    service = server.service
    tokenized: list[list[str]] = []
    decoded: list[list[int]] = []
    real_tokens, real_embed = service.embedding_tokens, service.embed

    def embedding_tokens(texts: list[str]) -> object:
        tokenized.append(list(texts))
        return real_tokens(texts)

    def embed(inputs: list[list[int]]) -> object:
        decoded.append([len(tokens) for tokens in inputs])
        return real_embed(inputs)

    monkeypatch.setattr(service, "embedding_tokens", embedding_tokens)
    monkeypatch.setattr(service, "embed", embed)
    texts = _mixed_texts()
    batched = _vectors(client, texts)

    assert len(batched) == len(texts)
    assert len(tokenized) >= 2 and [t for piece in tokenized for t in piece] == texts
    for piece in tokenized:
        assert len(piece) <= TOKENIZE_TEXTS
        assert len(piece) == 1 or sum(len(t.encode()) for t in piece) <= TOKENIZE_BYTES
    # On the CPU (as here) a decode holds at most CPU_EMBEDDING_BATCH_TOKENS.
    assert any(len(d) == 1 and d[0] > CPU_EMBEDDING_BATCH_TOKENS for d in decoded)
    for lengths in decoded:
        assert len(lengths) == 1 or sum(lengths) <= CPU_EMBEDDING_BATCH_TOKENS
    # Inputs of a few hundred tokens sharing a decode differ from alone by up to ~1e-3 a
    # component (llama.cpp's float32 sums in another order), as they did when decodes
    # were packed to the whole context.
    for i in (0, 3, 4, len(texts) - 1):
        alone = _vectors(client, texts[i])[0]
        assert np.max(np.abs(alone - batched[i])) < 3e-3
        assert float(alone @ batched[i]) > 0.9999


def test_a_too_long_input_is_refused_before_the_rest_is_tokenized(
    served: tuple[RunningServer, openai.OpenAI], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, _client = served
    tokenized: list[str] = []
    real_tokens = server.service.embedding_tokens

    def embedding_tokens(texts: list[str]) -> object:
        tokenized.extend(texts)
        return real_tokens(texts)

    monkeypatch.setattr(server.service, "embedding_tokens", embedding_tokens)
    texts = ["short", "word " * (SLOT_CTX + 10)] + [f"note {i}" for i in range(500)]
    response = httpx.post(f"{server.base}/embeddings", json={"input": texts}, timeout=60)
    assert response.status_code == 400
    assert response.json()["error"]["param"] == "input[1]"
    assert len(tokenized) <= TOKENIZE_TEXTS


def test_more_tokens_than_a_request_may_hold_are_refused_before_any_decode(
    served: tuple[RunningServer, openai.OpenAI], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, _client = served
    decoded: list[int] = []
    real_embed = server.service.embed

    def embed(inputs: list[list[int]]) -> object:
        decoded.append(len(inputs))
        return real_embed(inputs)

    monkeypatch.setattr(server.service, "embed", embed)
    per_text = SLOT_CTX - 24  # words, each one token
    texts = ["word " * per_text] * (MAX_EMBEDDING_TOKENS // per_text + 1)
    response = httpx.post(f"{server.base}/embeddings", json={"input": texts}, timeout=120)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "max_tokens_per_request" and error["param"] == "input"
    assert decoded == []
