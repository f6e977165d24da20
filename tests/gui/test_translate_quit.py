"""With the real SmolLM2 model in the app's window: quitting with edits that are not
confirmed into the translation memory asks first. Confirm stores them all (the job's
and those of a text translated before), Quit without confirming quits, Cancel keeps the
window open with the edits, and a memory that cannot be written keeps it open too. A
shutdown without the question keeps them unconfirmed, on disk, for the next start."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from engine.llm.model import ModelInfo
from engine.translation.glossary import Glossary, GlossaryEntry
from engine.translation.job import TranslationJob
from engine.translation.memory import Draft, TranslationMemory
from engine.translation.segmenter import parse_text
from gui.app import AppParts
from gui.inference.controller import InferenceController
from gui.main_window import MainWindow, Mode
from gui.translate import edits
from gui.translate.runner import JobRequest, TranslationRunner
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
    loaded_window.show_mode(Mode.CHAT)
    ask = Asker(0)
    monkeypatch.setattr(edits, "ask_choice", ask)
    assert loaded_window.close(), "the window closes once they are confirmed"
    assert loaded_window.modes.currentWidget() is loaded_window.translate_view, "shown to ask"
    assert len(ask.asked) == 1
    text, choices = ask.asked[0]
    assert text == (
        "2 edited translations are not confirmed into the translation memory; Hearth "
        "forgets them when it quits. Confirm them first?"
    )
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
    assert len(view.runner.unconfirmed()) == 2
    assert _confirmed(loaded_window) == {}


def test_quit_without_confirming_quits_and_stores_nothing(
    qtbot: QtBot, loaded_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    _edit_two_texts(qtbot, loaded_window)
    ask = Asker(1)
    monkeypatch.setattr(edits, "ask_choice", ask)
    assert loaded_window.close()
    assert len(ask.asked) == 1
    assert _confirmed(loaded_window) == {}
    # Chosen: the shutdown that follows does not keep them either.
    assert loaded_window.translate_view.edits.keep_on_shutdown() == 0
    assert _confirmed(loaded_window) == {}


def test_a_translation_still_being_typed_counts(
    qtbot: QtBot, loaded_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded_window.show_mode(Mode.TRANSLATE)
    view = loaded_window.translate_view
    table = translate_two_paragraphs(qtbot, view)
    table.setFocus()
    table.editItem(table.item(0, TRANSLATION))
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and table.isAncestorOf(editor)
    editor.setText("Bonjour, tapé.")
    ask = Asker(0)
    monkeypatch.setattr(edits, "ask_choice", ask)
    assert loaded_window.close()
    assert len(ask.asked) == 1 and ask.asked[0][0].startswith("1 edited translation is")
    assert _confirmed(loaded_window) == {"Good morning.": "Bonjour, tapé."}


def test_an_edit_still_marked_is_named_and_a_shutdown_without_asking_keeps_edits(
    qtbot: QtBot, loaded_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded_window.show_mode(Mode.TRANSLATE)
    view = loaded_window.translate_view
    view.set_pair("en", "fr")
    view.set_glossary(Glossary((GlossaryEntry("cat", "matou"),)))
    view.source_edit.setPlainText("Good morning.\n\nThe cat sleeps.")
    run_translate(qtbot, view)
    table = view.segments_table
    table.item(1, TRANSLATION).setText("Le chat dort.")  # without the term: flagged
    assert [edit.flagged for edit in view.runner.unconfirmed()] == [True]
    ask = Asker(None)
    monkeypatch.setattr(edits, "ask_choice", ask)
    assert not loaded_window.close()
    assert ask.asked[0][0] == (
        "1 edited translation is not confirmed into the translation memory; Hearth forgets "
        "it when it quits. Confirm it first? It is still marked ⚠ (see Segments)."
    )
    # The session ends and the session manager lets no one be asked: they are kept on
    # disk, unconfirmed, for the next start.
    manager = Manager(interaction=False)
    AppParts.commit_data(cast(AppParts, loaded_window_parts(loaded_window)), manager)
    assert ask.asked[1:] == [] and not manager.cancelled
    assert _confirmed(loaded_window) == {}
    assert view.runner.memory.drafts() == [Draft("en", "fr", "The cat sleeps.", "Le chat dort.")]


def test_a_session_end_that_may_ask_cancels_the_logout_on_cancel(
    qtbot: QtBot, loaded_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    _edit_two_texts(qtbot, loaded_window)
    monkeypatch.setattr(edits, "ask_choice", Asker(None))
    manager = Manager(interaction=True)
    AppParts.commit_data(cast(AppParts, loaded_window_parts(loaded_window)), manager)
    assert manager.cancelled and not manager.released, "cancelled, not released first"
    assert _confirmed(loaded_window) == {}
    # "Quit without confirming" at the logout: the window's own close asks no more, and
    # the shutdown keeps only what was edited after.
    ask = Asker(1)
    monkeypatch.setattr(edits, "ask_choice", ask)
    manager = Manager(interaction=True)
    AppParts.commit_data(cast(AppParts, loaded_window_parts(loaded_window)), manager)
    assert manager.released and not manager.cancelled and len(ask.asked) == 1
    view = loaded_window.translate_view
    assert view.unconfirmed_edits() == 0 and loaded_window.may_quit() and len(ask.asked) == 1
    view.segments_table.item(0, TRANSLATION).setText("Merci, édité encore.")
    assert view.keep_on_shutdown() == 1
    assert _confirmed(loaded_window) == {}
    assert view.runner.memory.drafts() == [Draft("en", "fr", "Thank you.", "Merci, édité encore.")]
    # Nothing left to ask about (confirmed): a logout is not held up.
    view.confirm_edits()
    manager = Manager(interaction=True)
    AppParts.commit_data(cast(AppParts, loaded_window_parts(loaded_window)), manager)
    assert not manager.asked_interaction and not manager.released


class FakeController(QObject):
    """What TranslationRunner connects to, for a run that never reaches a model."""

    token_received = Signal(int, str, int)
    reply_finished = Signal(int, str, object)
    reply_failed = Signal(int, str)
    model_loaded = Signal(object)
    model_load_failed = Signal(str, str)
    model_load_cancelled = Signal(str)
    model = None


def test_a_refused_translate_leaves_the_edits_with_their_job(qtbot: QtBot, tmp_path: Path) -> None:
    memory = TranslationMemory(tmp_path / "translation.db")
    runner = TranslationRunner(cast(InferenceController, FakeController()), memory)
    text = "Good morning.\n\nThe cat sleeps."
    runner.job = TranslationJob(parse_text(text, "markdown"), "en", "fr", memory=memory)
    runner.job.edit(1, "Le chat dort (1).")
    info = SimpleNamespace(path="model.gguf", name="model", n_ctx=4096, architecture="local")
    refused = JobRequest("fr", "fr", text, None, Glossary())  # both French
    assert not runner.prepare(refused, cast(ModelInfo, info))
    # The row is edited again and confirmed: no older copy of it waits anywhere.
    runner.job.edit(1, "Le chat dort (2).")
    runner.job.confirm(1, "Le chat dort (2).")
    assert runner.unconfirmed() == []
    runner.confirm_edits(runner.unconfirmed())
    hit = memory.lookup("en", "fr", "The cat sleeps.")
    assert hit is not None and hit.target == "Le chat dort (2)."
    memory.close()


class Manager:
    """Stands in for Qt's QSessionManager at the end of a desktop session."""

    def __init__(self, *, interaction: bool) -> None:
        self.interaction = interaction
        self.cancelled = False
        self.released = False
        self.asked_interaction = False

    def allowsInteraction(self) -> bool:
        self.asked_interaction = True
        return self.interaction

    def release(self) -> None:
        self.released = True

    def cancel(self) -> None:
        self.cancelled = True


def loaded_window_parts(window: MainWindow) -> SimpleNamespace:
    """What AppParts.commit_data uses of the app's parts."""
    return SimpleNamespace(window=window, translate_view=window.translate_view)


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
    assert len(view.runner.unconfirmed()) == 2, "nothing is marked confirmed"
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


def test_edits_of_a_text_cut_otherwise_wait_for_their_paragraph(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """The same text after a model with another context: its long paragraph is cut into
    other segments, and an edit of a piece that is gone waits for it by its text (it
    was dropped before)."""
    memory = TranslationMemory(tmp_path / "translation.db")
    controller = FakeController()
    controller.model = SimpleNamespace(n_ctx=800)  # type: ignore[assignment]
    runner = TranslationRunner(cast(InferenceController, controller), memory)
    long = " ".join(f"Sentence number {n} of a long paragraph goes on here." for n in range(8))
    text = f"{long}\n\nThe cat sleeps."
    request = JobRequest("en", "fr", text, None, Glossary())
    small = SimpleNamespace(path="small.gguf", name="model", n_ctx=800, architecture="local")
    assert runner.prepare(request, cast(ModelInfo, small))
    assert runner.job is not None and len(runner.job.segments) > 2
    piece = runner.job.segments[0]
    runner.job.edit(0, "Un morceau, édité.")
    controller.model = SimpleNamespace(n_ctx=4096)  # type: ignore[assignment]
    large = SimpleNamespace(path="large.gguf", name="model", n_ctx=4096, architecture="local")
    assert runner.prepare(request, cast(ModelInfo, large))
    assert piece not in runner.job.segments
    assert [(e.source, e.target, e.index) for e in runner.unconfirmed()] == [
        (piece, "Un morceau, édité.", None)
    ]
    memory.close()
