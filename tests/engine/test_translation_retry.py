"""A retry after a missed glossary term gets the term already in place, and a
translation that copies a phrase of the prompt's examples or previous segment is asked
again without them. No test asserts a quality score."""

from __future__ import annotations

from engine.llm.generation import Reply, ReplyStats
from engine.translation.glossary import Glossary, GlossaryEntry, with_terms
from engine.translation.job import SegmentTask, TranslationJob, run_job
from engine.translation.prompt import DEFAULT_STYLE
from engine.translation.segmenter import parse_text


def _reply(text: str) -> Reply:
    return Reply(text, ReplyStats(0, 0, 1, 0.0, 0.0, 0.0, "stop"))


def test_glossary_terms_are_put_in_place_once_longest_first() -> None:
    entries = [
        GlossaryEntry("server", "serveur"),
        GlossaryEntry("web server", "serveur web"),
        GlossaryEntry("serveur", "X"),  # never applied to a translation put in
        GlossaryEntry("root"),  # kept as it is
        GlossaryEntry("服务器", "server"),
    ]
    text = "The Server and the web server; servers, root. 服务器很快。"
    assert with_terms(text, entries) == (
        "The serveur and the serveur web; servers, root. server很快。"
    )
    assert with_terms("a kernel", [GlossaryEntry("kernel", r"n\1oyau")]) == r"a n\1oyau"


def test_a_retry_after_a_missed_term_has_the_term_in_the_text() -> None:
    glossary = Glossary((GlossaryEntry("lighthouse", "phare"),))
    job = TranslationJob(
        parse_text("Meet me at the lighthouse tomorrow morning.", "text"),
        "en",
        "fr",
        glossary=glossary,
    )
    answers = iter(["Retrouve-moi à la tour demain matin.", "Retrouve-moi au phare demain matin."])
    calls: list[SegmentTask] = []

    def generate(task: SegmentTask) -> Reply:
        calls.append(task)
        return _reply(next(answers))

    assert run_job(job, generate) is True
    first, retry = calls[0].messages[-1].content, calls[1].messages[-1].content
    assert first.endswith("\n\nMeet me at the lighthouse tomorrow morning.")
    assert retry.endswith("\n\nMeet me at the phare tomorrow morning.")
    assert "already has these terms in French" in retry
    assert job.results[0].issues == ()


def test_a_phrase_copied_from_an_earlier_exchange_is_caught() -> None:
    from engine.translation.checks import check_translation, copies_context
    from engine.translation.languages import language

    station = [("Où est la gare la plus proche ?", "Where is the nearest train station?")]
    source = "Chacune correspond à un stade différent du développement."
    assert copies_context(source, "Each has a different train station.", station) == (
        "train station"
    )
    right = "Each one corresponds to a different stage of development."
    assert copies_context(source, right, station) is None
    # A paragraph that shares words with the one before may share its phrases.
    previous = [("Le serveur Debian démarre vite.", "The Debian server starts quickly.")]
    assert (
        copies_context("Le serveur Debian s'arrête.", "The Debian server stops.", previous) is None
    )
    # A phrase the source itself has (a name) is no leak.
    named = [("Il habite à New York.", "He lives in New York City.")]
    assert copies_context("York City est loin.", "York City is far away.", named) is None
    # Into Chinese: a run of three characters.
    chinese = [("Where is the nearest train station?", "最近的火车站在哪里？")]
    assert copies_context("The stage differs.", "阶段在火车站不同。", chinese) == "火车站"
    failures = check_translation(
        source, "Each has a different train station.", language("fr"), language("en"),
        context=station,
    )  # fmt: skip
    assert [f.kind for f in failures] == ["context"]
    assert "train station" in failures[0].reason


def test_a_translation_copying_an_example_is_asked_again_without_them() -> None:
    job = TranslationJob(
        parse_text("Chacune correspond à un stade différent du développement.", "text"),
        "fr",
        "en",
        style=DEFAULT_STYLE,
    )
    answers = iter(
        ["Each has a different train station.", "Each one corresponds to a different stage."]
    )
    calls: list[SegmentTask] = []

    def generate(task: SegmentTask) -> Reply:
        calls.append(task)
        return _reply(next(answers))

    assert run_job(job, generate) is True
    assert len(calls[0].messages) == 5, "two examples, then the text"
    assert [t.attempt for t in calls] == [0, 1] and len(calls[1].messages) == 1
    assert "repeats “train station”" in calls[1].messages[0].content
    assert job.results[0].target == "Each one corresponds to a different stage."
    assert job.results[0].issues == ()


def test_an_inflected_or_compound_glossary_term_counts_as_used() -> None:
    glossary = Glossary(
        (
            GlossaryEntry("software", "logiciel"),
            GlossaryEntry("security", "Sicherheit"),
            GlossaryEntry("user", "用户"),
            GlossaryEntry("network", "red"),
        )
    )
    assert glossary.check("Free software.", "Des logiciels libres.") == []
    assert glossary.check("The security context.", "Der Sicherheitskontext.") == []
    assert glossary.check("Each user.", "每个用户。") == []
    assert glossary.check("The network.", "Las redes.") == []
    # Not any word that starts with a short term, nor a different word.
    assert glossary.check("The network.", "Reducir.") == ["“network” should be “red”"]
    assert glossary.check("Free software.", "Des programmes libres.") == [
        "“software” should be “logiciel”"
    ]
