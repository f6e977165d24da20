"""KV cache reuse past the common prefix (``SamplingSettings.cache_reuse``), on the real
SmolLM2 model: a translation's earlier exchange that slid out of the prompt is dropped
from the cache and the exchange the prompt keeps is shifted into place, not read again;
the token record then matches the cache, and with reuse off (chat) nothing moves."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bench.kv_shift import pipeline_job
from engine.llm.generation import Reply, generate_reply, prepare_prompt, reusable_prefix
from engine.llm.llama_binding import context_handle, import_llama_cpp, shifted_from
from engine.llm.messages import ChatMessage
from engine.llm.model import LoadedModel
from engine.llm.native_core import SHIFT_MAX_KEY_ELEMENTS, shift_pays
from engine.llm.parameters import SamplingSettings
from engine.translation.job import SegmentTask, run_job
from engine.translation.model_io import TRANSLATION_CACHE_REUSE, translation_sampling

INSTRUCTION = "Translate the following English text into French. Reply with the translation only."
DOG = "The old dog barks loudly in the garden behind the little house when the moon is full."
GREEDY = SamplingSettings(temperature=0, repeat_penalty=1.0, max_tokens=24, seed=1)


def _ask(text: str) -> ChatMessage:
    return ChatMessage("user", f"{INSTRUCTION}\n\n{text}")


def _two_segments(model: LoadedModel, reuse: int) -> tuple[list[int], int, Reply, Reply]:
    """Two segments in a row from an empty cache, as a translation asks them: the second
    prompt shows the first segment's exchange, not the one before it. Returns the
    second prompt's tokens, the prefix it shared with what the cache held (reuse aside)
    and both replies."""
    sampling = replace(GREEDY, cache_reuse=reuse)
    model.llama.reset()
    earlier = [_ask("The cat sleeps."), ChatMessage("assistant", "Le chat dort.")]
    first = generate_reply(model, [*earlier, _ask(DOG)], sampling)
    assert first.text.strip()
    second = [_ask(DOG), ChatMessage("assistant", first.text), _ask("The bird sings.")]
    tokens = list(prepare_prompt(model, second, GREEDY.max_tokens).tokens)
    common = reusable_prefix(model.llama, tokens)
    reply = generate_reply(model, second, sampling)
    assert reply.text.strip()
    return tokens, common, first, reply


@pytest.mark.parametrize("reuse", [0, TRANSLATION_CACHE_REUSE])
def test_the_kept_exchange_is_shifted_into_place_only_when_asked(
    smollm2_model: LoadedModel, reuse: int
) -> None:
    model = smollm2_model
    tokens, common, _first, reply = _two_segments(model, reuse)
    llama = model.llama
    if reuse:
        # The dog's exchange came from the cache: more than the common prefix (the
        # instruction) was reused, and more than one chunk of it.
        assert reply.stats.cached_tokens > common + reuse
    else:
        assert reply.stats.cached_tokens == common
    # The record is the prompt, then the reply, and the cache holds exactly as many
    # positions, with no hole where the block was dropped.
    n_tokens = int(llama.n_tokens)
    assert list(llama.input_ids[: len(tokens)]) == tokens
    lc = import_llama_cpp()
    memory = lc.llama_get_memory(context_handle(llama))
    assert lc.llama_memory_seq_pos_min(memory, 0) == 0
    assert lc.llama_memory_seq_pos_max(memory, 0) == n_tokens - 1


def test_shift_pays_only_below_the_cache_size_measured_to_pay() -> None:
    # Qwen2.5 0.5B has 3,072 key elements a cell (24 layers, 2 KV heads of 64).
    assert shift_pays(4096, 3072, "f16")
    assert shift_pays(32768, 3072, "f16")
    assert not shift_pays(65536, 3072, "f16")
    # A quantized cache costs more to rotate: a quarter of the size.
    assert shift_pays(8192, 3072, "q8_0")
    assert not shift_pays(16384, 3072, "q8_0")
    assert not shift_pays(32768, 3072, "q5_1"), "a type not measured: the smallest limit"


def test_no_shift_where_the_cache_is_too_large_for_it_to_pay(
    smollm2_model: LoadedModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As for a cache larger than the limit: the prompt is read, nothing moved.
    monkeypatch.setitem(SHIFT_MAX_KEY_ELEMENTS, smollm2_model.settings.kv_cache_type, 1000)
    _tokens, common, _first, reply = _two_segments(smollm2_model, TRANSLATION_CACHE_REUSE)
    assert reply.stats.cached_tokens == common
    assert shifted_from(smollm2_model.llama) is None


def _translate(
    model: LoadedModel, paragraphs: list[str], seen: list[tuple[bool, int]]
) -> list[str]:
    """``paragraphs`` through the pipeline with Hearth's own prompt (which shows the
    previous segment), no memory, no checks (a reply that copies the prompt is still
    asked again); ``seen`` gets each request's
    ``reuse_cache`` and how many of its prompt tokens came from the cache."""
    job = pipeline_job(model.name, paragraphs)

    def generate(task: SegmentTask) -> Reply:
        reply = generate_reply(model, task.messages, translation_sampling(task))
        seen.append((task.reuse_cache, reply.stats.cached_tokens))
        return reply

    run_job(job, generate)
    return [job.results[i].target for i in range(job.total)]


def test_a_text_translates_the_same_whatever_the_cache_held_before(
    smollm2_model: LoadedModel,
) -> None:
    model = smollm2_model
    text = [
        "The little bird sings in the tall tree beside the old church every single morning.",
        "The grey cat sleeps on the warm chair by the kitchen window for most of the day.",
        DOG,
    ]
    model.llama.reset()
    _translate(model, ["Good morning to all of you."], [])
    fresh = _translate(model, text, [])
    # Another text that ends with this one: its requests shift their earlier exchange
    # into place, and leave the cache holding states computed with "Good morning" and
    # the bird's exchange in front of them.
    seen: list[tuple[bool, int]] = []
    _translate(model, ["Good morning to all of you.", *text], seen)
    assert not seen[0][0] and any(reuse for reuse, _ in seen)
    mark = shifted_from(model.llama)
    assert mark is not None
    seen.clear()
    again = _translate(model, text, seen)
    assert again == fresh
    # The job's first request read afresh what the shift had left; the next ones reused.
    assert not seen[0][0] and any(reuse for reuse, _ in seen)
    assert seen[0][1] <= mark


def test_cache_reuse_cannot_be_negative() -> None:
    with pytest.raises(Exception, match="Cache reuse cannot be negative"):
        SamplingSettings(cache_reuse=-1).validate()
