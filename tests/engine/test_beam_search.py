"""Beam search on the real SmolLM2 (engine/llm/beam_search.py): one beam is greedy
decoding, more beams give a finished reply whose score is the model's own, the prompt's
prefix is reused, Stop and a reply that would not fit fall back or end cleanly, and the
model's own context is left as it was."""

from __future__ import annotations

import math
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from engine.llm.beam_search import BeamResult
from engine.llm.generation import PreparedPrompt, generate_reply, prepare_prompt, uses_beams
from engine.llm.messages import ChatMessage, FinishReason, Role
from engine.llm.model import LoadedModel
from engine.llm.parameters import SamplingSettings
from engine.translation.job import TranslationJob, model_generator, run_job
from engine.translation.languages import language
from engine.translation.prompt import DEFAULT_STYLE, beams_help, build_messages

GREEDY = SamplingSettings(temperature=0.0, seed=7, max_tokens=40, repeat_penalty=1.0)
BEAMS = replace(GREEDY, beams=4)


def _messages(text: str) -> list[ChatMessage]:
    return build_messages(
        text, language("en"), language("fr"), style=DEFAULT_STYLE, model_name="SmolLM2"
    )


def _log_prob(model: LoadedModel, prompt: list[int], reply: list[int]) -> float:
    """The model's own log probability of ``reply`` after ``prompt``, scored on its main
    context one token at a time (independent of the beam search's bookkeeping)."""
    import numpy as np

    from engine.llm.llama_binding import context_handle, import_llama_cpp

    lc = import_llama_cpp()
    llama = model.llama
    llama.reset()
    llama.eval(prompt)
    total = 0.0
    for token in reply:
        pointer = lc.llama_get_logits_ith(context_handle(llama), -1)
        logits = np.ctypeslib.as_array(pointer, shape=(model.n_vocab,)).astype(np.float64)
        top = logits.max()
        total += float(logits[token] - (top + math.log(np.exp(logits - top).sum())))
        llama.eval([token])
    llama.reset()
    return total


def _search(
    model: LoadedModel, messages: list[ChatMessage], beams: int
) -> tuple[PreparedPrompt, BeamResult]:
    """The beam search's own result for ``messages`` (40 tokens at most)."""
    prepared = prepare_prompt(model, messages, GREEDY.max_tokens)
    context = model.beam_context(beams)
    assert context is not None
    result = context.search(
        prepared.tokens,
        prepared.max_new_tokens,
        is_end=model.is_end_of_generation,
        token_bytes=model.token_bytes,
    )
    assert result is not None
    return prepared, result


def test_one_beam_is_greedy_decoding(smollm2_model: LoadedModel) -> None:
    model = smollm2_model
    messages = _messages("The cat sleeps on the warm windowsill.")
    greedy = generate_reply(model, messages, GREEDY)
    _prepared, result = _search(model, messages, 1)
    text = b"".join(model.token_bytes(t) for t in result.tokens).decode("utf-8", "replace")
    assert text.strip() == greedy.text.strip()


def test_beams_return_a_finished_reply_the_model_scores_as_beam_search_did(
    smollm2_model: LoadedModel,
) -> None:
    model = smollm2_model
    messages = _messages("Where is the nearest pharmacy?")
    prepared, result = _search(model, messages, 4)
    assert result.tokens and result.steps >= len(result.tokens)
    # The beams' copies of one another's cache gave the probabilities of a plain
    # evaluation of the chosen reply: the search scored what the model would. (A batch
    # of four rows goes through other kernels than one row, which moves a quantized
    # model's log probabilities by a few hundredths a token; a beam reading another
    # beam's cache is off by tens.)
    scored = _log_prob(model, list(prepared.tokens), list(result.tokens))
    assert abs(scored - result.log_prob) <= 0.05 * len(result.tokens) + 0.05
    assert result.log_prob < 0


def test_beam_reply_through_generate_reply(smollm2_model: LoadedModel) -> None:
    model = smollm2_model
    assert uses_beams(BEAMS) and not uses_beams(GREEDY)
    assert not uses_beams(replace(BEAMS, temperature=0.7))
    assert not uses_beams(replace(BEAMS, repeat_penalty=1.1))
    messages = _messages("The train leaves at eight.")
    greedy_before = generate_reply(model, messages, GREEDY).text
    streamed: list[str] = []
    first = generate_reply(model, messages, BEAMS, on_token=streamed.append)
    assert first.text and "".join(streamed) == first.text
    assert first.stats.beams == 4
    assert first.stats.finish_reason in (FinishReason.STOP, FinishReason.LENGTH)
    assert first.stats.completion_tokens > 0
    # The same request again: the same reply, the prompt taken from the beams' cache.
    again = generate_reply(model, messages, BEAMS)
    assert again.text == first.text and again.stats.beams == 4
    assert again.stats.cached_tokens == again.stats.prompt_tokens - 1
    # The model's own context is untouched by the beams: greedy is as before.
    assert generate_reply(model, messages, GREEDY).text == greedy_before


def test_a_stop_text_ends_a_beam_and_is_cut(smollm2_model: LoadedModel) -> None:
    model = smollm2_model
    messages = [ChatMessage(Role.USER, "Write three short lines about the sea, one per line.")]
    reply = generate_reply(model, messages, replace(BEAMS, max_tokens=60, stop=("\n",)))
    assert "\n" not in reply.text
    assert reply.stats.finish_reason == FinishReason.STOP and reply.stats.beams == 4


def test_a_reply_the_beams_cannot_hold_is_decoded_greedily(smollm2_model: LoadedModel) -> None:
    model = smollm2_model
    # About 1,400 prompt tokens and room for 300 more: four beams of 300 do not fit the
    # 2,048 cells, so the reply is decoded greedily.
    text = "The committee met again on Tuesday to discuss the budget. " * 110
    messages = [ChatMessage(Role.USER, "Summarise this text in one sentence.\n\n" + text)]
    sampling = replace(BEAMS, max_tokens=300)
    beamed = generate_reply(model, messages, sampling)
    greedy = generate_reply(model, messages, replace(sampling, beams=1))
    assert beamed.text == greedy.text
    assert beamed.stats.beams == greedy.stats.beams == 1


def test_stop_during_a_beam_search(smollm2_model: LoadedModel) -> None:
    model = smollm2_model
    cancel = threading.Event()
    cancel.set()
    reply = generate_reply(model, _messages("Good morning."), BEAMS, cancel=cancel)
    assert reply.stats.finish_reason == FinishReason.CANCELLED

    # Set from another thread while a long prompt is being read: back within a second.
    cancel = threading.Event()
    text = "A long and winding sentence about nothing in particular. " * 100
    messages = [ChatMessage(Role.USER, "Translate into French.\n\n" + text)]
    timer = threading.Timer(0.05, cancel.set)
    started = time.perf_counter()
    timer.start()
    try:
        reply = generate_reply(model, messages, replace(BEAMS, max_tokens=200), cancel=cancel)
    finally:
        timer.cancel()
    assert reply.stats.finish_reason == FinishReason.CANCELLED
    assert time.perf_counter() - started < 5
    # And the next request still works.
    assert generate_reply(model, _messages("Good night."), BEAMS).text


@pytest.mark.parametrize("beams", [0, 9])
def test_beams_out_of_range_are_refused(beams: int) -> None:
    from engine.common.errors import HearthError

    with pytest.raises(HearthError, match="Beams"):
        replace(GREEDY, beams=beams).validate()


def test_best_quality_asks_for_beams_and_translates(
    smollm2_model: LoadedModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    import engine.translation.job as job_module
    from engine.translation.model_io import TRANSLATION_BEAMS, translation_sampling
    from engine.translation.segmenter import parse_text

    def new_job() -> TranslationJob:
        return TranslationJob(
            parse_text("Good morning.\n\nThe shop is closed today.", "text", 2000),
            "en",
            "fr",
            use_memory=False,
            model_name=smollm2_model.name,
        )

    task = new_job().next_task()
    assert task is not None
    assert translation_sampling(task).beams == 1
    assert translation_sampling(task, reproducible=False).beams == 1
    best = translation_sampling(task, best=True)
    assert best.beams == TRANSLATION_BEAMS and best.temperature == 0
    # Best quality is reproducible even where the text was to be sampled.
    assert translation_sampling(task, reproducible=False, best=True) == best
    assert uses_beams(best)

    asked: list[int] = []
    real = job_module.generate_reply

    def spy(
        model: LoadedModel, messages: object, sampling: SamplingSettings, **kw: object
    ) -> object:
        asked.append(sampling.beams)
        return real(model, messages, sampling, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(job_module, "generate_reply", spy)

    def translate() -> TranslationJob:
        job = new_job()
        assert run_job(job, model_generator(smollm2_model, best=True))
        assert all(job.results[i].target.strip() for i in range(job.total))
        return job

    # The starter's family measured worse with beams: Best quality translates as usual.
    assert not beams_help(smollm2_model.name) and beams_help("Qwen2.5 7B Instruct")
    translate()
    assert asked and set(asked) == {1}
    # A family the beams help gets them for every segment.
    asked.clear()
    monkeypatch.setattr(job_module, "beams_help", lambda _name: True)
    translate()
    assert asked and set(asked) == {TRANSLATION_BEAMS}


def test_beams_on_a_sliding_window_cache(gemma3: Path) -> None:
    """Gemma 3 keeps most layers' cache in a sliding window (another kind of cache):
    one beam is still greedy decoding, and four finish."""
    from engine.llm.model import load_model
    from engine.llm.parameters import LoadSettings

    model = load_model(gemma3, LoadSettings(n_ctx=1024, n_threads=2))
    try:
        prompt = model.tokenize("The capital of France is", add_bos=True)
        greedy = model.llama.create_completion(
            "The capital of France is", max_tokens=12, temperature=0.0
        )
        context = model.beam_context(1)
        assert context is not None
        one = context.search(
            prompt, 12, is_end=model.is_end_of_generation, token_bytes=model.token_bytes
        )
        assert one is not None
        text = b"".join(model.token_bytes(t) for t in one.tokens).decode("utf-8")
        assert text == greedy["choices"][0]["text"]  # type: ignore[index]
        four = model.beam_context(4)
        assert four is not None
        result = four.search(
            prompt, 12, is_end=model.is_end_of_generation, token_bytes=model.token_bytes
        )
        assert result is not None and len(result.tokens) == 12 and not result.ended
    finally:
        model.close()
