"""A reply that stops after a line announcing the translation ("German text:") goes on
from there once, and the announcing line never reaches the document; a model's Chinese
words left in an English translation are caught. No test asserts a quality score."""

from __future__ import annotations

from pathlib import Path

from engine.llm.generation import Reply, ReplyStats
from engine.llm.model import LoadedModel
from engine.translation.job import SegmentTask, TranslationJob, model_generator, run_job
from engine.translation.prompt import clean_output, fit_shape, is_lead_in
from engine.translation.segmenter import parse_text

SOURCE = "We only focus on software RAID in this book."


def _reply(text: str, finish: str = "stop") -> Reply:
    return Reply(text, ReplyStats(0, 0, 1, 0.0, 0.0, 0.0, finish))


def test_a_lead_in_is_a_line_ending_with_a_colon_the_source_lacks() -> None:
    assert is_lead_in("Die Text:", SOURCE)
    assert is_lead_in("  深入范围：", SOURCE)
    assert is_lead_in("The translation of the given French text into English is:", SOURCE)
    assert not is_lead_in("Wir betrachten nur Software-RAID.", SOURCE)
    assert not is_lead_in("", SOURCE)
    # The source ends with a colon: so may its translation.
    assert not is_lead_in("Les options sont :", "The options are:")
    # A source with blank lines is not cut at one, so nothing stopped after a lead-in.
    assert not is_lead_in("Texte :", "First paragraph.\n\nSecond one.")


def test_the_lead_in_line_is_cleaned_away_where_a_translation_follows() -> None:
    for reply in (
        "Die Text:\n\nWir betrachten nur Software-RAID.",
        'Die Text:\n"Wir betrachten nur Software-RAID."',
        "The translation of the given French text into English is:\n\n"
        "Wir betrachten nur Software-RAID.",
    ):
        cleaned = clean_output(reply, SOURCE)
        assert fit_shape(cleaned, SOURCE) == ("Wir betrachten nur Software-RAID.", False)
    # Nothing after it: the line stays (and the checks judge it).
    assert clean_output("Die Text:", SOURCE) == "Die Text:"
    # The source's own first line ends with a colon: it is translated, not a lead-in.
    source = "Options:\nuse -a for all"
    assert clean_output("Options :\nutilisez -a pour tout", source).startswith("Options :")


def test_a_reply_stopped_after_a_lead_in_goes_on_from_it_once() -> None:
    job = TranslationJob(parse_text(f"{SOURCE}\n\nThe disk is full.", "text"), "en", "de")
    answers = iter(
        [
            _reply("Die Text:"),  # stopped at the blank line after it
            _reply("Wir betrachten in diesem Buch nur Software-RAID."),
            _reply("Die Festplatte ist voll."),
        ]
    )
    calls: list[SegmentTask] = []

    def generate(task: SegmentTask) -> Reply:
        calls.append(task)
        return next(answers)

    assert run_job(job, generate) is True
    assert [c.index for c in calls] == [0, 0, 1]
    assert calls[1].prefix == "Die Text:\n\n"
    assert calls[1].messages == calls[0].messages  # the same request, continued
    assert calls[2].prefix == ""
    assert job.results[0].target == "Wir betrachten in diesem Buch nur Software-RAID."
    assert job.results[0].issues == ()
    assert job.continued == 1 and job.retried == 0


def test_a_lead_in_with_nothing_after_it_is_retried_and_flagged() -> None:
    job = TranslationJob(parse_text(SOURCE, "text"), "en", "de")
    calls: list[SegmentTask] = []

    def generate(task: SegmentTask) -> Reply:
        calls.append(task)
        return _reply("" if task.prefix else "Die Text:")

    assert run_job(job, generate) is True
    # Went on once (nothing came), then the stricter retry, which went on once too.
    assert [(c.attempt, c.prefix) for c in calls] == [
        (0, ""),
        (0, "Die Text:\n\n"),
        (1, ""),
        (1, "Die Text:\n\n"),
    ]
    result = job.results[0]
    assert result.target == "Die Text:"
    assert any("shorter than the source" in issue for issue in result.issues)


def test_the_model_goes_on_from_the_lead_in(smollm2: Path, smollm2_model: LoadedModel) -> None:
    """The real starter model continues the reply from the prefix the task carries:
    what it returns is only what follows the lead-in."""
    job = TranslationJob(parse_text(SOURCE, "text"), "en", "de", model_name=smollm2_model.name)
    task = job.next_task()
    assert task is not None
    generate = model_generator(smollm2_model)
    first = generate(task)
    continued = generate(
        SegmentTask(
            task.index, task.source, task.protected, task.messages, task.max_tokens,
            prefix="Die Text:\n\n",
        )
    )  # fmt: skip
    # The lead-in went to the model as the start of its reply: the prompt grew by it,
    # and the reply is only what follows.
    assert continued.stats.prompt_tokens > first.stats.prompt_tokens
    assert not continued.text.startswith("Die Text:")
