"""Streaming replies from the real SmolLM2 through the real llama-cpp-python."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from engine.common.errors import ContextOverflowError, NoChatTemplateError
from engine.llm.generation import generate_reply, prepare_prompt
from engine.llm.messages import ChatMessage
from engine.llm.model import LoadedModel, load_model
from engine.llm.parameters import LoadSettings, SamplingSettings

GREEDY = SamplingSettings(temperature=0.0, seed=42, max_tokens=48)
QUESTION = [ChatMessage("user", "What is the capital of France? Answer in one sentence.")]


def test_greedy_reply_is_real_and_reproducible(smollm2_model: LoadedModel) -> None:
    pieces: list[str] = []
    first = generate_reply(smollm2_model, QUESTION, GREEDY, on_token=pieces.append)
    second = generate_reply(smollm2_model, QUESTION, GREEDY)
    assert first.text.strip()
    assert "Paris" in first.text
    assert "".join(pieces) == first.text
    assert len(pieces) > 3, "the reply must arrive in pieces, not at once"
    assert second.text == first.text
    assert "<|im_end|>" not in first.text and "<|im_start|>" not in first.text


def test_sampled_reply_reproducible_with_seed(smollm2_model: LoadedModel) -> None:
    sampling = SamplingSettings(temperature=0.9, seed=1234, max_tokens=24)
    prompt = [ChatMessage("user", "Tell me a fun fact about cats.")]
    a = generate_reply(smollm2_model, prompt, sampling)
    b = generate_reply(smollm2_model, prompt, sampling)
    assert a.text == b.text
    assert a.stats.seed == 1234


def test_statistics_are_consistent(smollm2_model: LoadedModel) -> None:
    sampling = SamplingSettings(temperature=0.0, seed=1, max_tokens=5)
    prompt = [ChatMessage("user", "Count from one to twenty in words.")]
    prepared = prepare_prompt(smollm2_model, prompt, sampling.max_tokens)
    reply = generate_reply(smollm2_model, prompt, sampling)
    stats = reply.stats
    assert stats.prompt_tokens == len(prepared.tokens)
    assert stats.completion_tokens == 5
    assert stats.finish_reason == "length"
    assert 0 <= stats.cached_tokens < stats.prompt_tokens
    assert stats.ttft_s > 0
    assert stats.prefill_tps > 0
    assert stats.decode_tps > 0
    assert stats.dropped_messages == 0


def test_stop_reason_is_stop_when_model_ends(smollm2_model: LoadedModel) -> None:
    reply = generate_reply(smollm2_model, QUESTION, SamplingSettings(temperature=0, max_tokens=200))
    assert reply.stats.finish_reason == "stop"
    assert reply.stats.completion_tokens < 200


def test_second_turn_reuses_the_kv_cache(smollm2_model: LoadedModel) -> None:
    # Start from an unrelated conversation so nothing of this one is cached.
    generate_reply(smollm2_model, [ChatMessage("user", "Hello there")], GREEDY)
    first = generate_reply(smollm2_model, QUESTION, GREEDY)
    turn_two = [
        *QUESTION,
        ChatMessage("assistant", first.text),
        ChatMessage("user", "And of Germany?"),
    ]
    second = generate_reply(smollm2_model, turn_two, GREEDY)
    new_tokens = second.stats.prompt_tokens - second.stats.cached_tokens
    # Everything up to the end of the first reply comes from the cache; only the
    # closing of that reply and the new user turn are evaluated.
    assert second.stats.cached_tokens >= first.stats.prompt_tokens
    assert new_tokens < 20
    assert second.text.strip()


def test_cancel_from_another_thread(smollm2_model: LoadedModel) -> None:
    cancel = threading.Event()
    first_token = threading.Event()
    received: list[str] = []

    def on_token(text: str) -> None:
        received.append(text)
        first_token.set()

    def canceller() -> None:
        first_token.wait(30)
        cancel.set()

    thread = threading.Thread(target=canceller)
    thread.start()
    reply = generate_reply(
        smollm2_model,
        [ChatMessage("user", "Write a very long story about a dragon and a knight.")],
        SamplingSettings(temperature=0.8, max_tokens=400, seed=3),
        cancel=cancel,
        on_token=on_token,
    )
    thread.join()
    assert reply.stats.finish_reason == "cancelled"
    # The flag is checked after every token: at most one more token after it was set.
    assert reply.stats.completion_tokens <= 3
    assert reply.text == "".join(received)


def test_cancel_before_start(smollm2_model: LoadedModel) -> None:
    cancel = threading.Event()
    cancel.set()
    reply = generate_reply(smollm2_model, QUESTION, GREEDY, cancel=cancel)
    assert reply.stats.finish_reason == "cancelled"
    assert reply.stats.completion_tokens == 0


def test_context_budget_drops_oldest_turns_keeps_system(smollm2: Path) -> None:
    model = load_model(smollm2, LoadSettings(n_ctx=256, n_threads=2))
    try:
        system = ChatMessage("system", "You are a terse assistant. SYSTEM-MARKER.")
        history: list[ChatMessage] = [system]
        for turn in range(8):
            history.append(ChatMessage("user", f"Question number {turn}: " + "tell me more " * 8))
            history.append(ChatMessage("assistant", f"Answer {turn}: " + "here is more " * 8))
        history.append(ChatMessage("user", "Final question: what is two plus two?"))
        sampling = SamplingSettings(temperature=0, seed=1, max_tokens=32)
        prepared = prepare_prompt(model, history, sampling.max_tokens)
        kept = prepared.conversation.messages
        assert kept[0] == system
        assert kept[-1] == history[-1]
        assert prepared.conversation.dropped_messages > 0
        assert len(kept) + prepared.conversation.dropped_messages == len(history)
        assert len(prepared.tokens) <= 256 - 32
        reply = generate_reply(model, history, sampling)
        assert reply.stats.dropped_messages == prepared.conversation.dropped_messages
        assert reply.stats.prompt_tokens + reply.stats.completion_tokens <= 256
    finally:
        model.close()


def test_message_too_long_for_context_is_a_clear_error(smollm2: Path) -> None:
    model = load_model(smollm2, LoadSettings(n_ctx=128, n_threads=2))
    try:
        with pytest.raises(ContextOverflowError, match="too long"):
            generate_reply(model, [ChatMessage("user", "word " * 2000)], GREEDY)
        # The model still works afterwards.
        assert generate_reply(model, [ChatMessage("user", "Hi")], GREEDY).text
    finally:
        model.close()


def test_model_without_chat_template_says_so(gemma3: Path) -> None:
    model = load_model(gemma3, LoadSettings(n_ctx=512, n_threads=2))
    try:
        with pytest.raises(NoChatTemplateError, match="no chat template"):
            generate_reply(model, QUESTION, GREEDY)
    finally:
        model.close()


def test_unload_frees_the_model(smollm2: Path) -> None:
    model = load_model(smollm2, LoadSettings(n_ctx=256, n_threads=2))
    assert model.info().n_ctx == 256
    model.close()
    assert model.closed
    model.close()  # twice is harmless


def test_continue_carries_on_from_a_cut_reply(smollm2_model: LoadedModel) -> None:
    prompt = [ChatMessage("user", "List the days of the week, comma separated.")]
    full = generate_reply(smollm2_model, prompt, SamplingSettings(temperature=0, max_tokens=40))
    cut = generate_reply(smollm2_model, prompt, SamplingSettings(temperature=0, max_tokens=4))
    assert cut.stats.finish_reason == "length"
    rest = generate_reply(
        smollm2_model,
        prompt,
        SamplingSettings(temperature=0, max_tokens=36),
        assistant_prefix=cut.text,
    )
    assert rest.text.strip()
    assert (cut.text + rest.text).startswith(cut.text)
    # Greedy decoding from the same prefix writes the same continuation.
    assert full.text.startswith((cut.text + rest.text)[: len(cut.text) + 5])


def test_load_reports_progress_and_can_be_cancelled(gemma3: Path) -> None:
    from engine.common.errors import LoadCancelledError

    seen: list[float] = []
    model = load_model(
        gemma3, LoadSettings(n_ctx=256, n_threads=2), on_progress=lambda p: seen.append(p) or True
    )
    model.close()
    assert seen and seen[-1] == 1.0 and seen == sorted(seen)

    def stop_early(progress: float) -> bool:
        return progress < 0.2

    with pytest.raises(LoadCancelledError, match="cancelled"):
        load_model(gemma3, LoadSettings(n_ctx=256, n_threads=2), on_progress=stop_early)
    # Nothing is left patched: the next load works and reports nothing unasked.
    load_model(gemma3, LoadSettings(n_ctx=256, n_threads=2)).close()


def test_a_reply_without_a_limit_may_fill_the_context(smollm2_model: LoadedModel) -> None:
    from engine.llm.context_budget import UNLIMITED_REPLY_RESERVE, reply_reserve
    from engine.llm.parameters import NO_REPLY_LIMIT

    assert SamplingSettings().max_tokens == NO_REPLY_LIMIT, "the default is no limit"
    n_ctx = smollm2_model.n_ctx
    unlimited = prepare_prompt(smollm2_model, QUESTION, NO_REPLY_LIMIT)
    assert unlimited.max_new_tokens == n_ctx - len(unlimited.tokens)
    capped = prepare_prompt(smollm2_model, QUESTION, 48)
    assert capped.max_new_tokens == 48
    # Older turns are still dropped early enough to leave a reply room to start.
    assert reply_reserve(n_ctx, NO_REPLY_LIMIT) == min(UNLIMITED_REPLY_RESERVE, n_ctx // 2)
    assert reply_reserve(n_ctx, 48) == 48
