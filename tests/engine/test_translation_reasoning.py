"""Translations with a reasoning model: asked not to think where the model allows it,
and its thinking never in a segment (a model that thinks anyway, an engine that sends
the thinking inline in the text). The starter model plays the reasoning model through
the chat templates of tests/reasoning_templates.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.llm.generation import Reply, render_conversation
from engine.llm.model import LoadedModel, load_model
from engine.llm.parameters import LoadSettings
from engine.translation.job import SegmentTask, TranslationJob, model_generator, run_job
from engine.translation.model_io import translation_sampling, without_reasoning
from engine.translation.segmenter import parse_text
from tests.reasoning_templates import SWITCHABLE_TEMPLATE, THINKING_TEMPLATE

TEXT = "Good morning.\n\nThe weather is nice today.\n"
# THINKING_TEMPLATE's model answers the translation prompt's worked examples (answers
# with no thinking) without a thought; this one shows those answers after a thought, so
# the model really thinks before each translation.
TRANSLATING_THINKER = (
    "{% for m in messages %}<|im_start|>{{ m.role }}\n{% if m.role == 'assistant' %}"
    "<think>\nThe user wants a translation.\n</think>\n{% endif %}{{ m.content }}"
    "<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n<think>\n{% endif %}"
)


def _load(smollm2: Path, template: str) -> Iterator[LoadedModel]:
    model = load_model(smollm2, LoadSettings(n_ctx=1024, n_threads=2, chat_template=template))
    yield model
    model.close()


@pytest.fixture(scope="module", params=[THINKING_TEMPLATE, TRANSLATING_THINKER])
def thinker(smollm2: Path, request: pytest.FixtureRequest) -> Iterator[LoadedModel]:
    """Thinks whatever it is asked: its template opens <think> and has no switch."""
    yield from _load(smollm2, request.param)


@pytest.fixture(scope="module")
def switchable(smollm2: Path) -> Iterator[LoadedModel]:
    """Thinks unless its template's enable_thinking is false (as Qwen3)."""
    yield from _load(smollm2, SWITCHABLE_TEMPLATE)


def _translate(model: LoadedModel) -> tuple[TranslationJob, list[Reply]]:
    job = TranslationJob(parse_text(TEXT, "text"), "en", "fr", checks=False)
    generate = model_generator(model)
    replies: list[Reply] = []

    def kept(task: SegmentTask) -> Reply:
        replies.append(generate(task))
        return replies[-1]

    assert run_job(job, kept) is True
    return job, replies


def test_every_translation_request_asks_for_no_thinking() -> None:
    job = TranslationJob(parse_text(TEXT, "text"), "en", "fr")
    task = job.next_task()
    assert task is not None
    assert translation_sampling(task).thinking == "off"
    assert translation_sampling(task, reproducible=False).thinking == "off"


def test_a_model_that_always_thinks_leaves_no_thinking_in_the_segments(
    thinker: LoadedModel,
) -> None:
    # Off for a model with no switch: an empty thought is written for it, so it
    # answers at once (with chat's "Model default" this model does think: below).
    job, replies = _translate(thinker)
    assert replies and all(reply.reasoning == "" for reply in replies)
    thoughts = [t for t in (_thought(thinker),) if t]
    if thinker.chat_template == TRANSLATING_THINKER:
        assert thoughts, "the model really thinks when not told otherwise"
    for result in job.results.values():
        assert "<think>" not in result.target and "</think>" not in result.target
        for thought in thoughts:
            assert thought not in result.target
    assert "<think>" not in job.output()


def _thought(model: LoadedModel) -> str:
    """What the model thinks about the first segment when thinking is left to it."""
    from dataclasses import replace

    from engine.llm.generation import generate_reply

    job = TranslationJob(parse_text(TEXT, "text"), "en", "fr", checks=False)
    task = job.next_task()
    assert task is not None
    sampling = replace(translation_sampling(task), thinking="auto")
    return generate_reply(model, task.messages, sampling).reasoning.strip()


def test_thinking_is_switched_off_where_the_template_allows(switchable: LoadedModel) -> None:
    job = TranslationJob(parse_text(TEXT, "text"), "en", "fr", checks=False)
    task = job.next_task()
    assert task is not None
    thinking = translation_sampling(task).thinking
    prompt = "".join(
        p.text for p in render_conversation(switchable, task.messages, thinking=thinking)
    )
    assert prompt.endswith("<think>\n\n</think>\n\n"), "the closed empty block"
    job, replies = _translate(switchable)
    assert all(reply.reasoning == "" and reply.stats.reasoning_tokens == 0 for reply in replies)
    assert job.output().strip() and "<think>" not in job.output()


def test_thinking_sent_inline_is_cut_before_the_checks() -> None:
    job = TranslationJob(parse_text("Good morning.\n", "text"), "en", "fr")
    task = job.next_task()
    assert task is not None
    inline = "<think>\nThe user wants French. Good morning is Bonjour.\n</think>\n\nBonjour."
    result = job.complete(task, inline)
    assert result is not None and result.target == "Bonjour." and not result.issues


def test_without_reasoning() -> None:
    assert without_reasoning("<think>a</think>\n\nBonjour.") == "Bonjour."
    assert without_reasoning("Bonjour <think> x") == "Bonjour <think> x"
    # A block cut off at the length limit was all thinking.
    assert without_reasoning("<think>The user wants", cut=True) == ""
    # A block never closed in a finished reply is the model's text (it did not think).
    assert without_reasoning("<think>Bonjour.") == "Bonjour."
