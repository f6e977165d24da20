"""Several replies decoded in one batch (engine/llm/sequence_scheduler.py) on the real SmolLM2:
each gives the text it gives alone, one can stop while the others go on, and a request
that leaves frees its sequence's cells."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.common.errors import HearthError
from engine.llm.generation import generate_reply
from engine.llm.messages import ChatMessage
from engine.llm.model import LoadedModel, load_model
from engine.llm.parameters import LoadSettings, SamplingSettings
from engine.llm.sequence_scheduler import SequenceScheduler

GREEDY = SamplingSettings(temperature=0, seed=1, max_tokens=32)
QUESTIONS = [
    "What is the capital of France?",
    "Name three colours of the rainbow.",
    "Write one sentence about the sea.",
    "What do bees make?",
]


@pytest.fixture(scope="module")
def parallel_model(smollm2: Path) -> Iterator[LoadedModel]:
    model = load_model(smollm2, LoadSettings(n_ctx=4096, n_threads=2, parallel=4))
    yield model
    model.close()


def _ask(question: str) -> list[ChatMessage]:
    return [ChatMessage("user", question)]


def _together(model: LoadedModel, questions: list[str]) -> list[str]:
    scheduler = SequenceScheduler(model)
    try:
        requests = [scheduler.submit(_ask(q), GREEDY) for q in questions]
        scheduler.run_until_idle()
        replies = [r.reply for r in requests]
        assert all(r is not None and r.stats.finish_reason != "error" for r in replies)
        return [r.text for r in replies if r is not None]
    finally:
        scheduler.close()


@pytest.fixture(scope="module")
def alone(parallel_model: LoadedModel) -> list[str]:
    return [_together(parallel_model, [q])[0] for q in QUESTIONS]


def test_each_slot_gets_its_share_of_the_context(parallel_model: LoadedModel) -> None:
    assert parallel_model.n_sequences == 4
    assert parallel_model.n_ctx == 1024


def test_two_parallel_sequences_give_the_text_of_each_alone(
    parallel_model: LoadedModel, alone: list[str]
) -> None:
    assert all(text.strip() for text in alone)
    assert _together(parallel_model, QUESTIONS[:2]) == alone[:2]


def test_four_parallel_sequences_give_the_text_of_each_alone(
    parallel_model: LoadedModel, alone: list[str]
) -> None:
    assert _together(parallel_model, QUESTIONS) == alone


def test_more_requests_than_sequences_wait_for_a_free_one(
    parallel_model: LoadedModel, alone: list[str]
) -> None:
    assert _together(parallel_model, QUESTIONS + QUESTIONS[:2]) == alone + alone[:2]


def test_a_request_joins_at_the_next_step(parallel_model: LoadedModel, alone: list[str]) -> None:
    scheduler = SequenceScheduler(parallel_model)
    try:
        first = scheduler.submit(_ask(QUESTIONS[0]), GREEDY)
        for _ in range(5):
            scheduler.step()
        assert scheduler.active == 1
        second = scheduler.submit(_ask(QUESTIONS[1]), GREEDY)
        scheduler.step()
        assert scheduler.active == 2
        scheduler.run_until_idle()
    finally:
        scheduler.close()
    assert first.reply is not None and second.reply is not None
    assert [first.reply.text, second.reply.text] == alone[:2]


def test_cancel_one_mid_reply_while_another_continues(
    parallel_model: LoadedModel, alone: list[str]
) -> None:
    scheduler = SequenceScheduler(parallel_model)
    cancel = threading.Event()
    pieces: list[str] = []

    def on_token(text: str) -> None:
        pieces.append(text)
        if len(pieces) == 4:
            cancel.set()

    try:
        stopped = scheduler.submit(
            _ask("Write a long story about a dragon."),
            SamplingSettings(temperature=0, max_tokens=200),
            cancel=cancel,
            on_token=on_token,
        )
        going_on = scheduler.submit(_ask(QUESTIONS[2]), GREEDY)
        scheduler.run_until_idle()
        cells = [scheduler.sequence_cells(s) for s in range(scheduler.capacity)]
    finally:
        scheduler.close()
    assert stopped.reply is not None and going_on.reply is not None
    assert stopped.reply.stats.finish_reason == "cancelled"
    assert stopped.reply.stats.completion_tokens == 4
    assert stopped.reply.text == "".join(pieces)
    assert going_on.reply.text == alone[2]
    assert cells == [0, 0, 0, 0], "finished and cancelled sequences free their cells"


def test_cancel_mid_prompt_frees_the_cells(parallel_model: LoadedModel) -> None:
    scheduler = SequenceScheduler(parallel_model)
    try:
        long_question = " ".join(["lighthouse"] * 900) + "\nHow many words?"
        request = scheduler.submit(_ask(long_question), GREEDY)
        scheduler.step()  # the first batch of the prompt
        (seq_id,) = [s for s in range(scheduler.capacity) if scheduler.sequence_cells(s)]
        assert 0 < scheduler.sequence_cells(seq_id) < 900
        request.cancel.set()
        assert scheduler.step() is False
        assert scheduler.sequence_cells(seq_id) == 0
    finally:
        scheduler.close()
    assert request.reply is not None
    assert request.reply.stats.finish_reason == "cancelled"
    assert request.reply.text == ""


def test_generate_reply_still_works_beside_the_scheduler(
    parallel_model: LoadedModel, alone: list[str]
) -> None:
    before = generate_reply(parallel_model, _ask(QUESTIONS[0]), GREEDY)
    # Four at once take sequence 0 too; generate_reply then evaluates its prompt again.
    assert _together(parallel_model, QUESTIONS) == alone
    after = generate_reply(parallel_model, _ask(QUESTIONS[0]), GREEDY)
    assert after.stats.cached_tokens == 0
    assert after.text == before.text


def test_parallel_setting_is_checked() -> None:
    with pytest.raises(HearthError):
        LoadSettings(parallel=0).validate()
    with pytest.raises(HearthError):
        LoadSettings(n_ctx=256, parallel=8).validate()


@pytest.mark.parametrize(
    "sampling",
    [GREEDY, SamplingSettings(temperature=0.9, seed=5, max_tokens=32)],
    ids=["greedy", "seeded"],
)
def test_a_sequence_beside_another_equals_generate_reply(
    parallel_model: LoadedModel, sampling: SamplingSettings
) -> None:
    parallel_model.llama.reset()
    expected = generate_reply(parallel_model, _ask(QUESTIONS[3]), sampling).text
    scheduler = SequenceScheduler(parallel_model)
    try:
        request = scheduler.submit(_ask(QUESTIONS[3]), sampling)
        scheduler.submit(_ask("Name a fruit."), sampling)  # a neighbour in every step
        scheduler.run_until_idle()
    finally:
        scheduler.close()
    assert request.reply is not None
    assert request.reply.text == expected and expected.strip()


def test_a_smaller_prompt_step_keeps_the_others_streaming(parallel_model: LoadedModel) -> None:
    scheduler = SequenceScheduler(parallel_model, prompt_tokens_per_step=64)
    streamed: list[str] = []
    try:
        streaming = scheduler.submit(_ask(QUESTIONS[1]), GREEDY, on_token=streamed.append)
        scheduler.step()
        long_question = " ".join(["lighthouse"] * 400) + "\nHow many words?"
        reading = scheduler.submit(_ask(long_question), GREEDY)
        before = len(streamed)
        for _ in range(3):
            scheduler.step()
        # The long prompt is read 64 tokens a step while the other reply goes on.
        holding = [scheduler.sequence_cells(s) for s in range(scheduler.capacity)]
        assert max(holding) == 3 * 64
        assert len(streamed) >= before + 3 or streaming.done.is_set()
        reading.cancel.set()
        scheduler.run_until_idle()
    finally:
        scheduler.close()
    assert reading.reply is not None and reading.reply.stats.finish_reason == "cancelled"
    assert streaming.reply is not None and streaming.reply.stats.finish_reason != "error"


def test_each_step_lists_its_sequences_in_order_of_id(parallel_model: LoadedModel) -> None:
    """llama.cpp decodes the sequences of a step in one go only where their ids come one
    after another in the batch: a step's tokens go in order of sequence id."""
    scheduler = SequenceScheduler(parallel_model)
    seen: list[list[int]] = []
    # What llama.cpp receives is the point: the batch each step fills.
    fill = scheduler._fill_batch  # noqa: SLF001

    def recording_fill() -> int:
        n = fill()
        batch = scheduler._batch  # noqa: SLF001
        seen.append([int(batch.seq_id[i][0]) for i in range(n)])
        return n

    scheduler._fill_batch = recording_fill  # type: ignore[method-assign]  # noqa: SLF001
    try:
        for question in QUESTIONS[:3]:
            scheduler.submit(_ask(question), GREEDY)
        for _ in range(4):
            scheduler.step()
    finally:
        scheduler.close()
    steps_of_three = [ids for ids in seen if len(set(ids)) == 3]
    assert steps_of_three
    for ids in seen:
        assert ids == sorted(ids)


def test_prompt_room_goes_to_the_request_admitted_first(parallel_model: LoadedModel) -> None:
    """Prompts share each step's room in the order their requests were admitted (the
    window's own reply goes first), whatever their sequence ids."""
    scheduler = SequenceScheduler(parallel_model, prompt_tokens_per_step=8)
    first_step: list[int] = []
    fill = scheduler._fill_batch  # noqa: SLF001

    def recording_fill() -> int:
        n = fill()
        if not first_step:
            batch = scheduler._batch  # noqa: SLF001
            first_step.extend(int(batch.seq_id[i][0]) for i in range(n))
        return n

    scheduler._fill_batch = recording_fill  # type: ignore[method-assign]  # noqa: SLF001
    try:
        first = scheduler.submit(_ask(QUESTIONS[0]), GREEDY)
        scheduler.submit(_ask(QUESTIONS[1]), GREEDY, first=False)
        scheduler.step()
        first_seq = scheduler._slots[first.request_id].seq_id  # noqa: SLF001
    finally:
        scheduler.close()
    assert first_step == [first_seq] * 8
