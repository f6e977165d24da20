"""The replies kept by request (engine.translation.replies): what a reply's key holds,
the bound, and a replayed reply in the job (no time, nothing in the KV cache)."""

from __future__ import annotations

from dataclasses import replace

from engine.translation.job import TranslationJob, translation_sampling
from engine.translation.prompt import DEFAULT_STYLE
from engine.translation.replies import KeptReply, ReplyCache, reply_key
from engine.translation.segmenter import parse_text

MODEL = ("/models/m.gguf", "m.gguf:1", 4096)


def _job(text: str = "The train leaves at noon.\n\nThe soup needs more salt.") -> TranslationJob:
    return TranslationJob(parse_text(text, "text"), "en", "fr", style=DEFAULT_STYLE, checks=False)


def test_the_same_request_has_the_same_key_and_what_a_reply_depends_on_changes_it() -> None:
    task = _job().next_task()
    assert task is not None
    sampling = translation_sampling(task)
    key = reply_key(MODEL, task, sampling)
    assert key is not None and hash(key) == hash(reply_key(MODEL, task, sampling))
    other = _job("The train leaves at one.\n\nThe soup needs more salt.").next_task()
    assert other is not None
    assert reply_key(MODEL, other, translation_sampling(other)) != key
    assert reply_key(("/models/n.gguf", "n.gguf:1", 4096), task, sampling) != key
    assert reply_key(MODEL, replace(task, prefix="Le "), sampling) != key
    assert reply_key(MODEL, task, replace(sampling, avoid_words=("noon",))) != key
    assert reply_key(MODEL, task, translation_sampling(task, best=True)) != key
    # Reusing the KV cache past the common prefix may change a reply slightly: the
    # reply it gave answers the request as well.
    assert reply_key(MODEL, task, replace(sampling, cache_reuse=256)) == key


def test_a_sampled_request_is_not_kept() -> None:
    task = _job().next_task()
    assert task is not None
    assert reply_key(MODEL, task, translation_sampling(task, reproducible=False)) is None
    assert reply_key(MODEL, task, replace(translation_sampling(task), seed=None)) is None
    cache = ReplyCache()
    cache.put(None, KeptReply("x", False))
    assert len(cache) == 0 and cache.get(None) is None


def test_the_least_recently_used_reply_goes_first() -> None:
    cache = ReplyCache(limit=2)
    cache.put("a", KeptReply("A", False))
    cache.put("b", KeptReply("B", True))
    assert cache.get("a") == KeptReply("A", False)  # now the most recent
    cache.put("c", KeptReply("C", False))
    assert cache.get("b") is None and cache.get("a") is not None and len(cache) == 2


def test_a_replayed_reply_takes_no_time_and_leaves_the_kv_cache_unused() -> None:
    for replayed in (False, True):
        job = _job()
        task = job.next_task()
        assert task is not None
        result = job.complete(task, "Le train part à midi.", replayed=replayed)
        assert result is not None and result.origin == "model"
        assert result.replayed is replayed, "the window says which are earlier replies"
        after = job.next_task()
        assert after is not None and after.context, "the segment before is shown"
        # A request may reuse the cache past its prefix only once the model has read
        # one of this job's: a replayed reply put nothing of the job there.
        assert after.reuse_cache is not replayed
        assert (job.eta_seconds() is None) is replayed


def test_a_result_is_an_earlier_reply_where_the_text_it_keeps_is_one() -> None:
    """``replayed`` follows the attempt whose text is kept, not the last request."""
    # The first attempt asked now fails a check; its retry, replayed, comes back empty:
    # the first attempt's text is kept, and the model wrote it now.
    job = TranslationJob(parse_text("The soup needs more salt.", "text"), "en", "fr")
    task = job.next_task()
    assert task is not None
    assert job.complete(task, "Soup needs more salt, s'il vous plaît.") is None
    retry = job.next_task()
    assert retry is not None and retry.attempt == 1
    result = job.complete(retry, "", replayed=True)
    assert result is not None and result.target.startswith("Soup")
    assert not result.replayed

    # The reverse: a first attempt replayed, its retry asked of the model and empty.
    job = TranslationJob(parse_text("The soup needs more salt.", "text"), "en", "fr")
    task = job.next_task()
    assert task is not None
    assert job.complete(task, "Soup needs more salt, s'il vous plaît.", replayed=True) is None
    retry = job.next_task()
    assert retry is not None
    result = job.complete(retry, "")
    assert result is not None and result.replayed

    # A run stopped between a replayed stricter retry and its retry with words ruled
    # out keeps the stricter retry's text (settle): an earlier reply.
    source = "Turn left at the second traffic light."
    job = TranslationJob(parse_text(source, "text"), "en", "fr")
    task = job.next_task()
    assert task is not None
    assert job.complete(task, source, replayed=True) is None
    retry = job.next_task()
    assert retry is not None
    reply = "Tourne à gauche au deuxième traffic light."
    assert job.complete(retry, reply, replayed=True) is None, "asked again, the words ruled out"
    [kept] = job.settle()
    assert kept.target == reply and kept.replayed
