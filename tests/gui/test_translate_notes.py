"""With the real SmolLM2 model: what the Translate view's status says follows what the
user does after a run. The summary follows edits that fix or break a flag, a note after
a pair change follows the next pair change, a save during a run says the run goes on,
and Retranslate asks about exactly the edits it discards and the confirmed segments it
replaces (edits of paragraphs no longer in the text wait on)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from engine.translation.glossary import Glossary, GlossaryEntry
from engine.translation.memory import TranslationMemory
from gui.inference.controller import InferenceController
from gui.translate import edits
from gui.translate.segments_panel import STATUS, TRANSLATION
from gui.translate.translate_view import TranslateView
from tests.gui.conftest import open_translate_view, run_translate, translate_two_paragraphs

EDITED = "Edited (not confirmed)"


@pytest.fixture
def view(
    qtbot: QtBot, controller: InferenceController, memory: TranslationMemory, smollm2: Path
) -> TranslateView:
    """The view on its own, over SmolLM2 loaded."""
    return open_translate_view(qtbot, controller, memory, load=smollm2)


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The questions Retranslate asks (each answered No, the default)."""
    questions: list[str] = []

    def ask(_parent: object, _title: str, text: str, *, default_no: bool = False) -> bool:
        assert default_no
        questions.append(text)
        return False

    monkeypatch.setattr(edits, "ask_yes_no", ask)
    return questions


_run = run_translate
_translate_two_paragraphs = translate_two_paragraphs


def _flagged(view: TranslateView) -> int:
    table = view.segments_table
    return sum(table.item(row, STATUS).text().startswith("⚠") for row in range(table.rowCount()))


def _summary_matches_the_table(view: TranslateView) -> None:
    flagged = _flagged(view)
    status = view.status.text()
    assert status.startswith("Done: 2/2 segments")
    if flagged:
        assert f"{flagged} flagged (see Segments)" in status
    else:
        assert "flagged" not in status


def test_the_summary_follows_edits_that_break_or_fix_a_flag(
    qtbot: QtBot, view: TranslateView
) -> None:
    view.set_pair("en", "fr")
    view.set_glossary(Glossary((GlossaryEntry("cat", "chat"),)))
    view.source_edit.setPlainText("Good morning.\n\nThe cat sleeps.")
    _run(qtbot, view)
    _summary_matches_the_table(view)
    table = view.segments_table
    table.item(1, TRANSLATION).setText("Le matou dort.")  # without the glossary's "chat"
    assert table.item(1, STATUS).text() == f"⚠ {EDITED}"
    _summary_matches_the_table(view)
    table.item(1, TRANSLATION).setText("Le chat dort.")
    assert table.item(1, STATUS).text() == EDITED
    _summary_matches_the_table(view)
    table.item(0, TRANSLATION).setText("Bonjour.")
    _summary_matches_the_table(view)
    assert _flagged(view) == 0


def test_a_save_during_a_run_says_the_run_goes_on(
    qtbot: QtBot, view: TranslateView, tmp_path: Path
) -> None:
    view.set_pair("en", "fr")
    view.source_edit.setPlainText(
        "\n\n".join(f"Paragraph number {n} is about the weather." for n in range(1, 5))
    )
    said: list[str] = []
    started: set[int] = set()

    def save_during_the_run(index: int) -> None:
        if index in started:  # a retry of the segment
            return
        started.add(index)
        if index == 0:  # nothing done yet: the Save button says the run goes on
            qtbot.mouseClick(view.action_bar.save_button, Qt.MouseButton.LeftButton)
            said.append(view.status.text())
        if index == 2:  # the first two are done, the third is with the model
            view.save_translation(tmp_path / "during.txt")
            said.append(view.status.text())

    view.runner.segment_started.connect(save_during_the_run)
    qtbot.mouseClick(view.translate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.running, timeout=120_000)
    assert said == [
        "Nothing translated yet. The translation is running; save when a segment is done.",
        "Saved during.txt: 2 of 4 segments are not translated yet, marked [not translated]. "
        "The translation is still running; save again when it is done.",
    ]
    assert view.status.text().startswith("Done: 4/4 segments")


def test_a_pair_note_follows_the_next_pair_change(qtbot: QtBot, view: TranslateView) -> None:
    _translate_two_paragraphs(qtbot, view)
    view.segments_table.item(1, TRANSLATION).setText("LE CHAT DORT")
    view.set_pair("en", "de")
    changed = "The language pair changed: Translate (Ctrl+Enter) to translate into"
    assert view.status.text() == f"{changed} German; your unconfirmed edits wait for their pair."
    view.set_pair("en", "fr")
    assert view.status.text() == (
        f"{changed} French; your unconfirmed edits come back with their paragraphs."
    )
    view.set_pair("en", "es")
    assert view.status.text() == f"{changed} Spanish; your unconfirmed edits wait for their pair."
    view.source_edit.setPlainText("Good morning.")  # the edited paragraph is gone
    assert view.status.text() == f"{changed} Spanish."
    view.source_edit.setPlainText("Good morning.\n\nThe cat sleeps.")
    view.set_pair("en", "fr")
    assert "come back with their paragraphs" in view.status.text()
    _run(qtbot, view)
    assert view.segments_table.item(1, TRANSLATION).text() == "LE CHAT DORT"


def test_retranslate_asks_only_about_the_edits_of_the_text(
    qtbot: QtBot, view: TranslateView, asked: list[str]
) -> None:
    _translate_two_paragraphs(qtbot, view)
    table = view.segments_table
    table.item(1, TRANSLATION).setText("LE CHAT DORT")
    # The edited paragraph goes: Retranslate of the rest has nothing of the user's to
    # discard, and the edit waits for its paragraph.
    view.source_edit.setPlainText("Good morning.")
    _run(qtbot, view, retranslate=True)
    assert asked == []
    assert table.rowCount() == 1
    view.source_edit.setPlainText("Good morning.\n\nThe cat sleeps.")
    assert "come back with their paragraphs" in view.status.text()
    _run(qtbot, view, retranslate=True)
    assert asked == [
        "Retranslate discards your 1 edited segment that is not confirmed into the "
        "memory. Retranslate anyway?"
    ]
    assert table.rowCount() == 0 and view.job is None, "No: nothing ran"
    _run(qtbot, view)
    assert table.item(1, TRANSLATION).text() == "LE CHAT DORT"
    assert table.item(1, STATUS).text() == EDITED


def test_retranslate_asks_before_it_replaces_a_confirmed_segment(
    qtbot: QtBot, view: TranslateView, asked: list[str]
) -> None:
    _translate_two_paragraphs(qtbot, view)
    table = view.segments_table
    table.item(0, TRANSLATION).setText("Salut tout le monde.")
    table.item(1, TRANSLATION).setText("LE CHAT DORT")
    assert view.confirm_edits() == 2
    table.item(1, TRANSLATION).setText("Le chat dort.")  # edited again, not confirmed
    _run(qtbot, view, retranslate=True)
    assert asked == [
        "Retranslate discards your 1 edited segment that is not confirmed into the "
        "memory. It also replaces 1 confirmed segment in Segments with the model's "
        "translation; the memory keeps your confirmed translations. Retranslate anyway?"
    ]
    assert table.item(0, TRANSLATION).text() == "Salut tout le monde."
    assert table.item(0, STATUS).text() == "Confirmed"


def test_retranslate_counts_the_edits_of_the_language_auto_detect_will_find(
    qtbot: QtBot, view: TranslateView, asked: list[str]
) -> None:
    english = "Good morning, my friends.\n\nThe cat sleeps on the warm chair all day."
    view.set_pair("auto", "fr")
    view.source_edit.setPlainText(english)
    _run(qtbot, view)
    assert view.job is not None and view.job.source_lang == "en"
    view.segments_table.item(1, TRANSLATION).setText("LE CHAT DORT")
    view.source_edit.setPlainText("Die Katze schläft den ganzen Tag auf dem warmen Stuhl.")
    qtbot.waitUntil(lambda: view.pair_bar.effective_source == "de", timeout=20_000)
    # The English text back, and Retranslate before Auto-detect has read it again: the
    # new job will find English, whose edit it would discard.
    view.source_edit.setPlainText(english)
    _run(qtbot, view, retranslate=True)
    assert asked == [
        "Retranslate discards your 1 edited segment that is not confirmed into the "
        "memory. Retranslate anyway?"
    ]
    _run(qtbot, view)
    assert view.segments_table.item(1, TRANSLATION).text() == "LE CHAT DORT"


def test_the_notes_of_an_open_document_follow_its_own_segments(
    qtbot: QtBot, view: TranslateView, tmp_path: Path
) -> None:
    subtitles = tmp_path / "film.srt"
    subtitles.write_text(
        "1\n00:00:01,000 --> 00:00:02,000\nThe cat sleeps.\n\n"
        "2\n00:00:03,000 --> 00:00:04,000\nGood night.\n",
        encoding="utf-8",
    )
    view.set_pair("en", "fr")
    assert view.open_document(subtitles)
    _run(qtbot, view)
    view.segments_table.item(0, TRANSLATION).setText("LE CHAT DORT")
    view.set_pair("en", "de")
    assert view.status.text().endswith("German; your unconfirmed edits wait for their pair.")
    view.set_pair("en", "fr")
    assert view.status.text().endswith(
        "French; your unconfirmed edits come back with their paragraphs."
    )
    _run(qtbot, view)
    assert view.segments_table.item(0, TRANSLATION).text() == "LE CHAT DORT"
