"""The earlier segments a translation prompt shows: the one before (Hearth's prompt), or
a window that grows by one segment per request and starts again from one, so that each
request begins with the one before it and its reply (what the model's KV cache still
holds; measured and not kept, README.md, Translating). No test asserts a quality score
or a speed."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

from engine.llm.messages import ChatMessage, Role
from engine.translation.glossary import Glossary, GlossaryEntry
from engine.translation.job import CONTEXT_CHARS, SegmentTask, TranslationJob
from engine.translation.languages import language
from engine.translation.prompt import DEFAULT_STYLE, PLAIN_STYLE, example_pairs
from engine.translation.segmenter import parse_text
from tests.engine.fake_replies import run_answering

SENTENCES = [
    "The train leaves at noon.",
    "My sister works in a bakery.",
    "We walked along the river.",
    "The museum is closed on Mondays.",
    "He forgot his umbrella again.",
    "The soup needs more salt.",
    "Our neighbours have a new dog.",
]
FRENCH = [
    "Le train part à midi.",
    "Ma sœur travaille dans une boulangerie.",
    "Nous avons marché le long de la rivière.",
    "Le musée est fermé le lundi.",
    "Il a encore oublié son parapluie.",
    "La soupe manque de sel.",
    "Nos voisins ont un nouveau chien.",
]
EXAMPLES = len(example_pairs(language("en"), language("fr"), DEFAULT_STYLE))
WINDOW = replace(DEFAULT_STYLE, context_window=3)


_run = run_answering


def _shown(task: SegmentTask) -> int:
    """Earlier segments shown: user turns less the examples and the segment's own."""
    return sum(1 for m in task.messages if m.role == Role.USER) - EXAMPLES - 1


def _job(sentences: list[str], style=WINDOW, glossary=None) -> TranslationJob:  # type: ignore[no-untyped-def]
    return TranslationJob(
        parse_text("\n\n".join(sentences), "text"),
        "en",
        "fr",
        glossary=glossary,
        style=style,
        checks=False,
    )


def test_the_window_grows_to_three_segments_then_starts_again_from_one() -> None:
    assert EXAMPLES == 2
    job = _job(SENTENCES)
    calls = _run(job, lambda task: FRENCH[task.index])
    assert [t.index for t in calls] == list(range(7))
    assert [_shown(t) for t in calls] == [0, 1, 2, 3, 1, 2, 3]
    # Oldest first, each with the translation that came back.
    last = calls[3].messages
    assert [m.content for m in last if m.role == Role.ASSISTANT][EXAMPLES:] == FRENCH[:3]
    assert last[-1].content.endswith("\n\n" + SENTENCES[3])
    # Hearth's prompt: the segment before alone.
    assert DEFAULT_STYLE.context_window == 1
    default = _run(_job(SENTENCES, DEFAULT_STYLE), lambda task: FRENCH[task.index])
    assert [_shown(t) for t in default] == [0, 1, 1, 1, 1, 1, 1]
    assert [m.content for m in default[4].messages][-3:-1] == [
        default[3].messages[-1].content,
        FRENCH[3],
    ]


def test_a_request_in_a_growing_window_begins_with_the_one_before_and_its_reply() -> None:
    """The prefix the KV cache holds: the request before, then the reply it got; also
    for a segment asked with the glossary's rule and one with a placeholder."""
    sentences = [
        "Meet me at the lighthouse.",
        "Read the `README` first.",
        *SENTENCES[:4],
    ]
    answers = ["Retrouve-moi au phare.", "Lisez d'abord ⟦1⟧.", *FRENCH[:4]]
    glossary = Glossary((GlossaryEntry("lighthouse", "phare"),))
    calls = _run(_job(sentences, glossary=glossary), lambda task: answers[task.index])
    assert "lighthouse → phare" in calls[0].messages[-1].content
    assert "⟦1⟧" in calls[1].messages[-1].content
    grown = 0
    for before, after in pairwise(calls):
        if _shown(after) == _shown(before) + 1:
            reply = ChatMessage(Role.ASSISTANT, answers[before.index])
            assert list(after.messages[: len(before.messages) + 1]) == [*before.messages, reply]
            grown += 1
        else:
            assert _shown(after) == 1  # the window started again
    assert grown == 4


def test_long_segments_keep_only_the_one_before() -> None:
    long = [f"Paragraph {n}: " + "the quick brown fox jumps over the dog. " * 20 for n in range(4)]
    assert len(long[0]) * 2 > CONTEXT_CHARS / 2
    calls = _run(_job(long), lambda task: "Le renard saute. " * 20 + str(task.index))
    assert [_shown(t) for t in calls] == [0, 1, 1, 1]


def test_a_segment_not_translated_cuts_the_window() -> None:
    # Also for Hearth's prompt: the segment after one left untranslated is asked alone.
    alone = _run(_job(SENTENCES[:3], DEFAULT_STYLE), lambda t: "" if t.index == 1 else "Bon.")
    assert [_shown(t) for t in alone] == [0, 1, 0]
    job = _job(SENTENCES[:4])
    # The second segment comes back empty, so its source is kept, flagged: the context
    # stops there (shown as an exchange, the copy would teach the model to copy).
    calls = _run(job, lambda task: "" if task.index == 1 else FRENCH[task.index])
    shown = {t.index: _shown(t) for t in calls}
    assert shown[2] == 0 and shown[3] == 1 and job.results[1].target == SENTENCES[1]


def test_a_copy_of_any_shown_translation_is_asked_again_without_context() -> None:
    job = _job(SENTENCES[:4])
    asked: list[tuple[int, int]] = []

    def answer(task: SegmentTask) -> str:
        asked.append((task.index, _shown(task)))
        # The fourth segment first copies the first segment's translation, shown to it.
        if task.index == 3 and _shown(task) == 3:
            return FRENCH[0]
        return FRENCH[task.index]

    _run(job, answer)
    assert asked == [(0, 0), (1, 1), (2, 2), (3, 3), (3, 0)]
    assert job.results[3].target == FRENCH[3]


def test_a_style_without_context_shows_none_and_takes_a_like_reply_at_once() -> None:
    assert not PLAIN_STYLE.context
    job = TranslationJob(
        parse_text("\n\n".join(SENTENCES[:3]), "text"),
        "en",
        "fr",
        style=PLAIN_STYLE,
        checks=False,
    )
    # The third reply is the second's: with nothing shown, asking again without context
    # would be the same request.
    calls = _run(job, lambda task: FRENCH[min(task.index, 1)])
    assert [(t.index, len(t.messages)) for t in calls] == [(0, 1), (1, 1), (2, 1)]
    assert job.results[2].target == FRENCH[1]


def test_the_segment_before_goes_without_its_rules_a_window_with_them() -> None:
    sentences = ["Meet me at the lighthouse.", "The weather is fine."]
    answers = ["Retrouve-moi au phare.", "Il fait beau."]
    glossary = Glossary((GlossaryEntry("lighthouse", "phare"),))
    for style, ruled in ((DEFAULT_STYLE, False), (WINDOW, True)):
        calls = _run(_job(sentences, style, glossary), lambda task: answers[task.index])
        turn = calls[1].messages[-3]
        assert turn.content.endswith("\n\n" + sentences[0])
        assert ("lighthouse → phare" in turn.content) is ruled
        assert "lighthouse" not in calls[1].messages[-1].content


def test_only_first_attempts_that_show_context_reuse_the_cache_once_the_model_answered() -> None:
    """``SegmentTask.reuse_cache``: not a job's first request, nor one asked again
    without the context it copied, nor a segment whose style shows no context."""
    job = _job(SENTENCES[:4], style=DEFAULT_STYLE)
    asked: list[tuple[int, int, bool]] = []

    def answer(task: SegmentTask) -> str:
        asked.append((task.index, _shown(task), task.reuse_cache))
        if task.index == 2 and _shown(task) == 1:
            return FRENCH[1]  # a copy of the translation shown: asked again without it
        return FRENCH[task.index]

    _run(job, answer)
    assert asked == [(0, 0, False), (1, 1, True), (2, 1, True), (2, 0, False), (3, 1, True)]
    # A job whose first request was never answered (stopped before the model began)
    # does not reuse on its next one either.
    job = _job(SENTENCES[:2], style=DEFAULT_STYLE)
    first = job.next_task()
    assert first is not None and not first.reuse_cache
    again = job.next_task()
    assert again is not None and again.index == 0 and not again.reuse_cache
    plain = _job(SENTENCES[:3], style=PLAIN_STYLE)
    assert not any(task.reuse_cache for task in _run(plain, lambda t: FRENCH[t.index]))
