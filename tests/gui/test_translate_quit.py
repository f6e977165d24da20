"""With the real SmolLM2 model in the app's window: quitting with edits that are not
confirmed into the translation memory asks first. Confirm stores them all (the job's
and those of a text translated before), Quit without confirming quits, Cancel keeps the
window open with the edits, and a memory that cannot be written keeps it open too."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

import pytest
from pytestqt.qtbot import QtBot

from gui.main_window import MainWindow, Mode
from gui.translate import edits
from gui.translate.segments_panel import STATUS, TRANSLATION
from tests.gui.conftest import run_translate, translate_two_paragraphs

EDITED = "Edited (not confirmed)"


class Asker:
    """Stands in for the quit question: answers with the choice at ``index`` (None:
    Cancel) and records what was asked."""

    def __init__(self, index: int | None) -> None:
        self.index = index
        self.asked: list[tuple[str, Sequence[str]]] = []

    def __call__(
        self, _parent: object, _title: str, text: str, choices: Sequence[str]
    ) -> str | None:
        self.asked.append((text, choices))
        return None if self.index is None else choices[self.index]


def _edit_two_texts(qtbot: QtBot, window: MainWindow) -> None:
    """An edit in a text translated before (carried, as the view keeps it) and one in
    the text open now."""
    window.show_mode(Mode.TRANSLATE)
    view = window.translate_view
    table = translate_two_paragraphs(qtbot, view)
    table.item(1, TRANSLATION).setText("Le chat dort, édité.")
    view.source_edit.setPlainText("Thank you.")
    run_translate(qtbot, view)
    view.segments_table.item(0, TRANSLATION).setText("Merci, édité.")
    assert view.segments_table.item(0, STATUS).text() == EDITED


def _confirmed(window: MainWindow) -> dict[str, str]:
    memory = window.translate_view.runner.memory
    return {e.source: e.target for e in memory.entries("en", "fr") if e.origin == "confirmed"}


def test_confirm_and_quit_stores_every_edit(
    qtbot: QtBot, loaded_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    _edit_two_texts(qtbot, loaded_window)
    ask = Asker(0)
    monkeypatch.setattr(edits, "ask_choice", ask)
    assert loaded_window.close(), "the window closes once they are confirmed"
    assert len(ask.asked) == 1
    text, choices = ask.asked[0]
    assert text.startswith("2 edited translations are not confirmed")
    assert choices == ["Confirm and quit", "Quit without confirming"]
    assert _confirmed(loaded_window) == {
        "The cat sleeps.": "Le chat dort, édité.",
        "Thank you.": "Merci, édité.",
    }


def test_cancel_keeps_the_window_and_the_edits(
    qtbot: QtBot, loaded_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    _edit_two_texts(qtbot, loaded_window)
    monkeypatch.setattr(edits, "ask_choice", Asker(None))
    assert not loaded_window.close()
    assert loaded_window.isVisible()
    view = loaded_window.translate_view
    assert view.segments_table.item(0, STATUS).text() == EDITED
    assert view.runner.unconfirmed_edits() == 2
    assert _confirmed(loaded_window) == {}


def test_quit_without_confirming_quits_and_stores_nothing(
    qtbot: QtBot, loaded_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    _edit_two_texts(qtbot, loaded_window)
    monkeypatch.setattr(edits, "ask_choice", Asker(1))
    assert loaded_window.close()
    assert _confirmed(loaded_window) == {}


def test_a_memory_that_cannot_be_written_keeps_the_window_open(
    qtbot: QtBot, loaded_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    _edit_two_texts(qtbot, loaded_window)
    view = loaded_window.translate_view
    monkeypatch.setattr(edits, "ask_choice", Asker(0))
    errors: list[str] = []
    monkeypatch.setattr(edits, "show_error", lambda _p, _t, text: errors.append(text))

    def full(*_args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(view.runner.memory, "store", full)
    assert not loaded_window.close()
    assert loaded_window.isVisible()
    assert errors and errors[0].endswith("database or disk is full")
    assert view.runner.unconfirmed_edits() == 2, "nothing is marked confirmed"
    assert view.segments_table.item(0, STATUS).text() == EDITED


def test_no_edits_no_question(
    qtbot: QtBot, loaded_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded_window.show_mode(Mode.TRANSLATE)
    view = loaded_window.translate_view
    translate_two_paragraphs(qtbot, view)
    ask = Asker(None)
    monkeypatch.setattr(edits, "ask_choice", ask)
    assert loaded_window.close()
    assert ask.asked == []
