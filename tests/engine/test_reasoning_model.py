"""Reasoning with a real model: the starter model under a template that opens <think>."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.llm.generation import generate_reply, prepare_prompt
from engine.llm.messages import ChatMessage, FinishReason
from engine.llm.model import LoadedModel, load_model
from engine.llm.parameters import LoadSettings, SamplingSettings
from engine.llm.sequence_scheduler import SequenceScheduler
from tests.reasoning_templates import SUM_QUESTION, SWITCHABLE_TEMPLATE, THINKING_TEMPLATE

GREEDY = SamplingSettings(temperature=0, seed=1, max_tokens=60)
ASK = [ChatMessage("user", SUM_QUESTION)]


@pytest.fixture(scope="module")
def thinker(smollm2: Path) -> Iterator[LoadedModel]:
    model = load_model(
        smollm2, LoadSettings(n_ctx=1024, n_threads=2, chat_template=THINKING_TEMPLATE)
    )
    yield model
    model.close()


def test_reply_streams_its_thinking_apart_from_its_answer(thinker: LoadedModel) -> None:
    answer: list[str] = []
    thought: list[str] = []
    reply = generate_reply(
        thinker, ASK, GREEDY, on_token=answer.append, on_reasoning=thought.append
    )
    assert reply.reasoning.strip() and reply.text.strip()
    assert "".join(thought) == reply.reasoning and "".join(answer) == reply.text
    assert "<think>" not in reply.text and "</think>" not in reply.text + reply.reasoning
    assert 0 < reply.stats.reasoning_tokens < reply.stats.completion_tokens
    assert reply.stats.thinking_s > 0 and not reply.stats.thinking_unfinished


def test_stopped_while_thinking_then_continued(thinker: LoadedModel) -> None:
    full = generate_reply(thinker, ASK, GREEDY)
    cut = generate_reply(thinker, ASK, SamplingSettings(temperature=0, seed=1, max_tokens=3))
    assert cut.stats.finish_reason == FinishReason.LENGTH
    assert cut.stats.thinking_unfinished and cut.text == "" and cut.reasoning
    rest = generate_reply(
        thinker, ASK, GREEDY, reasoning_prefix=cut.reasoning, continue_thinking=True
    )
    assert cut.reasoning + rest.reasoning == full.reasoning
    assert rest.text == full.text


def test_continue_an_answer_after_its_thinking(thinker: LoadedModel) -> None:
    full = generate_reply(thinker, ASK, GREEDY)
    head = full.text[:3]
    rest = generate_reply(
        thinker, ASK, GREEDY, assistant_prefix=head, reasoning_prefix=full.reasoning
    )
    assert rest.reasoning == "" and head + rest.text == full.text


def test_the_scheduler_splits_the_same_way(thinker: LoadedModel) -> None:
    alone = generate_reply(thinker, ASK, GREEDY)
    scheduler = SequenceScheduler(thinker)
    thought: list[str] = []
    try:
        request = scheduler.submit(ASK, GREEDY, on_reasoning=thought.append)
        scheduler.run_until_idle()
    finally:
        scheduler.close()
    reply = request.reply
    assert reply is not None
    assert (reply.reasoning, reply.text) == (alone.reasoning, alone.text)
    assert "".join(thought) == reply.reasoning and reply.stats.reasoning_tokens > 0


def test_thinking_off_through_the_template_switch(smollm2: Path) -> None:
    model = load_model(
        smollm2, LoadSettings(n_ctx=1024, n_threads=2, chat_template=SWITCHABLE_TEMPLATE)
    )
    try:
        assert model.info().thinking_switch == "enable_thinking"
        on = generate_reply(model, ASK, GREEDY)
        off = generate_reply(
            model, ASK, SamplingSettings(temperature=0, seed=1, max_tokens=60, thinking="off")
        )
        assert on.reasoning and off.reasoning == "" and off.text.strip()
        prompt = prepare_prompt(model, ASK, 60, thinking="off")
        assert model.llama.detokenize(list(prompt.tokens)).decode().endswith("</think>\n\n")
        assert not prompt.opens_reasoning
    finally:
        model.close()


def test_scheduler_splits_ready_prompt_tokens_when_told_where_the_reply_starts(
    thinker: LoadedModel,
) -> None:
    alone = generate_reply(thinker, ASK, GREEDY)
    prepared = prepare_prompt(thinker, ASK, 60)
    scheduler = SequenceScheduler(thinker)
    try:
        split = scheduler.submit(
            prompt_tokens=prepared.tokens, sampling=GREEDY, start=prepared.reply_start
        )
        raw = scheduler.submit(prompt_tokens=prepared.tokens, sampling=GREEDY)
        scheduler.run_until_idle()
    finally:
        scheduler.close()
    assert split.reply is not None and raw.reply is not None
    assert (split.reply.reasoning, split.reply.text) == (alone.reasoning, alone.text)
    assert raw.reply.reasoning == "" and alone.reasoning in raw.reply.text


def test_thinking_off_for_a_model_without_a_switch_writes_an_empty_thought(
    thinker: LoadedModel, smollm2_model: LoadedModel
) -> None:
    assert thinker.info().thinking_switch == "empty_thought"
    off = SamplingSettings(temperature=0, seed=1, max_tokens=60, thinking="off")
    prompt = prepare_prompt(thinker, ASK, 60, thinking="off")
    text = thinker.llama.detokenize(list(prompt.tokens), special=True).decode()
    assert text.endswith("assistant\n<think>\n\n</think>\n\n") and not prompt.opens_reasoning
    reply = generate_reply(thinker, ASK, off)
    assert reply.reasoning == "" and reply.text.strip()
    # A model that does not think is left alone.
    plain = prepare_prompt(smollm2_model, ASK, 60, thinking="off")
    assert plain.tokens == prepare_prompt(smollm2_model, ASK, 60).tokens
