"""Switching between conversations restores each one's KV cache, with identical replies."""

from __future__ import annotations

from engine.llm.generation import generate_reply
from engine.llm.kv_state import KVStateCache
from engine.llm.messages import ChatMessage
from engine.llm.model import LoadedModel
from engine.llm.parameters import SamplingSettings

GREEDY = SamplingSettings(temperature=0, seed=1, max_tokens=24)


def _conversation(topic: str, turns: int) -> list[ChatMessage]:
    messages: list[ChatMessage] = []
    for turn in range(turns):
        messages.append(ChatMessage("user", f"Tell me fact {turn} about {topic}."))
        messages.append(ChatMessage("assistant", f"Here is fact {turn} about {topic}: it is old."))
    messages.append(ChatMessage("user", f"One more fact about {topic}, please."))
    return messages


def test_switching_back_reuses_the_saved_cache(smollm2_model: LoadedModel) -> None:
    cache = KVStateCache()
    oceans, deserts = _conversation("oceans", 6), _conversation("deserts", 6)
    cache.switch_to("oceans", smollm2_model)
    generate_reply(smollm2_model, oceans, GREEDY)
    cache.switch_to("deserts", smollm2_model)
    generate_reply(smollm2_model, deserts, GREEDY)

    assert cache.switch_to("oceans", smollm2_model) is True
    restored = generate_reply(smollm2_model, oceans, GREEDY)
    # Nearly the whole conversation comes from the restored cache.
    assert restored.stats.cached_tokens >= restored.stats.prompt_tokens - 2

    smollm2_model.llama.reset()  # the same prompt with nothing cached, for comparison
    fresh = generate_reply(smollm2_model, oceans, GREEDY)
    assert fresh.stats.cached_tokens == 0
    assert restored.text == fresh.text, "a restored cache gives the very same reply"
    assert cache.size_bytes > 0


def test_a_new_model_or_an_unknown_key_restores_nothing(smollm2_model: LoadedModel) -> None:
    cache = KVStateCache(budget_bytes=1)
    assert cache.switch_to("a", smollm2_model) is False
    generate_reply(smollm2_model, _conversation("rain", 1), GREEDY)
    assert cache.switch_to("b", smollm2_model) is False
    generate_reply(smollm2_model, _conversation("snow", 1), GREEDY)
    cache.switch_to("c", smollm2_model)
    # Over the budget only the newest snapshot is kept.
    assert cache.switch_to("a", smollm2_model) is False


def test_a_forgotten_key_is_neither_kept_nor_saved(smollm2_model: LoadedModel) -> None:
    cache = KVStateCache()
    cache.switch_to("translation:retry", smollm2_model)
    generate_reply(smollm2_model, _conversation("rivers", 2), GREEDY)
    cache.switch_to("translation:main", smollm2_model)  # saves the retries' state
    generate_reply(smollm2_model, _conversation("lakes", 2), GREEDY)
    saved = cache.size_bytes
    assert saved > 0
    cache.forget("translation:retry")
    assert cache.size_bytes == 0, "its saved state is dropped"
    # Forgotten while it holds the cache: not saved when another key takes it.
    cache.switch_to("translation:retry", smollm2_model)
    generate_reply(smollm2_model, _conversation("rivers", 2), GREEDY)
    main = cache.size_bytes
    cache.forget("translation:retry")
    assert cache.switch_to("chat", smollm2_model) is False
    assert cache.size_bytes == main
    assert cache.switch_to("translation:retry", smollm2_model) is False, "nothing to restore"
