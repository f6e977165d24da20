"""A translation job's two KV streams (engine.translation.model_io.kv_stream) on the real
starter model: a retry continues from the retry before it and reads only its own text,
the first attempt after a retry still finds its earlier exchange in the cache, and
(without an earlier exchange) the translations are the ones a single state gives."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from types import SimpleNamespace

from engine.llm.generation import Reply, generate_reply
from engine.llm.model import LoadedModel
from engine.translation.job import SegmentTask, TranslationJob, model_generator, run_job
from engine.translation.model_io import MAIN_STREAM, RETRY_STREAM, kv_stream
from engine.translation.prompt import DEFAULT_STYLE, PromptStyle
from engine.translation.segmenter import parse_text

# SmolLM2-135M writes most of these into Chinese too short or in a loop: retried.
SENTENCES = (
    "The one drawback is that it had to go through a rather difficult transition phase.",
    "LXC containers do not provide the level of isolation achieved by heavier emulators.",
    "Finally, you can create logical volumes within this volume group.",
    "The standard means to do so is to use the init system.",
    "What follows is a short review of possible consequences.",
    "The cat sleeps on the sofa.",
)


@dataclass(frozen=True)
class Request:
    attempt: int
    prompt_tokens: int
    cached_tokens: int
    avoid: bool = False


def _run(
    model: LoadedModel, style: PromptStyle | None, *, streams: bool
) -> tuple[list[str], list[Request]]:
    job = TranslationJob(
        parse_text("\n\n".join(SENTENCES), "text"),
        "en",
        "zh",
        use_memory=False,
        model_name=model.name,
        style=style,
    )
    if streams:
        generate = model_generator(model)
    else:  # one KV state for every request, as before the streams

        def generate(task: SegmentTask) -> Reply:
            from engine.translation.job import translation_sampling

            return generate_reply(
                model, task.messages, translation_sampling(task), assistant_prefix=task.prefix
            )

    requests: list[Request] = []

    def recorded(task: SegmentTask) -> Reply:
        reply = generate(task)
        stats = reply.stats
        requests.append(
            Request(task.attempt, stats.prompt_tokens, stats.cached_tokens, bool(task.avoid_words))
        )
        return reply

    model.llama.reset()
    assert run_job(job, recorded) is True
    return [job.results[i].target for i in range(job.total)], requests


def test_each_task_says_its_stream() -> None:
    assert kv_stream(SimpleNamespace(attempt=0, avoid_words=())) == MAIN_STREAM
    assert kv_stream(SimpleNamespace(attempt=1, avoid_words=())) == RETRY_STREAM
    # A retry with words ruled out asks the first attempt's prompt again, which the
    # first attempts' state holds.
    assert kv_stream(SimpleNamespace(attempt=1, avoid_words=("kitchen",))) == MAIN_STREAM


def test_a_retry_reads_only_its_own_text_with_the_same_translations(
    smollm2_model: LoadedModel,
) -> None:
    """The starter model's retry shows two example exchanges before the text: read
    again for every retry before, now once per job."""
    with_streams, requests = _run(smollm2_model, None, streams=True)
    # The stricter retries (one with words ruled out asks the first attempt's prompt
    # again, on the first attempts' state).
    retries = [r for r in requests if r.attempt and not r.avoid]
    assert len(retries) >= 2, "the sentences no longer fail a check on this model"
    # The first retry reads its examples; every later one finds them in the cache.
    assert retries[0].prompt_tokens - retries[0].cached_tokens > 100
    for request in retries[1:]:
        assert request.prompt_tokens - request.cached_tokens < 60, request
    one_state, before = _run(smollm2_model, None, streams=False)
    assert with_streams == one_state
    later = [r.prompt_tokens - r.cached_tokens for r in before if r.attempt and not r.avoid][1:]
    assert min(later) > 100, "with one state each retry read its examples again"


def test_the_first_attempt_after_a_retry_finds_its_earlier_exchange(
    smollm2_model: LoadedModel,
) -> None:
    """With the examples and the previous segment (the prompt larger models get), the
    stricter retry shares only the system prompt with a first attempt: after it, the
    next first attempt read its examples and earlier exchange again."""
    with_streams, requests = _run(smollm2_model, DEFAULT_STYLE, streams=True)
    after = [
        b for a, b in itertools.pairwise(requests) if a.attempt and not a.avoid and not b.attempt
    ]
    assert after, "no first attempt followed a retry"
    for request in after:
        assert request.prompt_tokens - request.cached_tokens < 70, request
    one_state, before = _run(smollm2_model, DEFAULT_STYLE, streams=False)
    read_again = [
        b.prompt_tokens - b.cached_tokens
        for a, b in itertools.pairwise(before)
        if a.attempt and not a.avoid and not b.attempt
    ]
    assert min(read_again) > 100
    assert len(with_streams) == len(one_state) == len(SENTENCES)
