"""With the real SmolLM2 model: the edits not confirmed into the translation memory are
kept on disk as they change (the memory's drafts), so that a crash or ``kill -9`` loses
none. The next start carries them on: each comes back with its paragraph, and quitting
asks about them. Confirmed, emptied or quit-without edits leave the drafts."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QTableWidget
from pytestqt.qtbot import QtBot

from engine.translation.memory import Draft, TranslationMemory
from gui.inference.controller import InferenceController
from gui.translate import edits
from gui.translate.segments_panel import STATUS, TRANSLATION
from gui.translate.translate_view import TranslateView
from tests.gui.conftest import (
    WindowFactory,
    open_translate_view,
    run_translate,
    translate_two_paragraphs,
)
from tests.gui.test_app_quit import edit_driver, run_driver

EDITED = "Edited (not confirmed)"
CAT = Draft("en", "fr", "The cat sleeps.", "Le chat dort, édité.")


@pytest.fixture
def view(
    qtbot: QtBot, controller: InferenceController, memory: TranslationMemory, smollm2: Path
) -> TranslateView:
    return open_translate_view(qtbot, controller, memory, load=smollm2)


def _on_disk(qtbot: QtBot, memory: TranslationMemory, drafts: list[Draft]) -> None:
    """Wait for the drafts on disk to be ``drafts`` (written off the GUI thread)."""
    qtbot.waitUntil(lambda: memory.drafts() == drafts, timeout=10_000)


def _confirmed(memory: TranslationMemory) -> dict[str, str]:
    return {e.source: e.target for e in memory.entries("en", "fr") if e.origin == "confirmed"}


def test_an_edit_is_on_disk_at_once_and_leaves_when_confirmed_or_emptied(
    qtbot: QtBot, view: TranslateView, memory: TranslationMemory
) -> None:
    table = translate_two_paragraphs(qtbot, view)
    assert memory.drafts() == []
    table.item(1, TRANSLATION).setText(CAT.target)
    # The user's own edit is asked for at once (not with the next burst of results).
    assert not view.edits.drafts.idle() or memory.drafts() == [CAT]
    _on_disk(qtbot, memory, [CAT])
    table.item(1, TRANSLATION).setText("Le chat dort, revu.")
    _on_disk(qtbot, memory, [Draft("en", "fr", "The cat sleeps.", "Le chat dort, revu.")])
    view.confirm_edits()
    _on_disk(qtbot, memory, [])
    table.item(0, TRANSLATION).setText("Bonjour, édité.")
    _on_disk(qtbot, memory, [Draft("en", "fr", "Good morning.", "Bonjour, édité.")])
    table.item(0, TRANSLATION).setText("")  # back to the model: no edit any more
    _on_disk(qtbot, memory, [])


def test_an_edit_of_a_text_translated_before_stays_on_disk(
    qtbot: QtBot, view: TranslateView, memory: TranslationMemory
) -> None:
    table = translate_two_paragraphs(qtbot, view)
    table.item(1, TRANSLATION).setText(CAT.target)
    view.source_edit.setPlainText("Thank you.")
    run_translate(qtbot, view)
    _on_disk(qtbot, memory, [CAT])  # carried with the dropped job
    assert view.edits.drafts.idle()
    assert memory.drafts() == [CAT]


def test_retranslate_takes_the_edits_it_discards_off_the_disk(
    qtbot: QtBot, view: TranslateView, memory: TranslationMemory, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = translate_two_paragraphs(qtbot, view)
    table.item(1, TRANSLATION).setText(CAT.target)
    _on_disk(qtbot, memory, [CAT])
    monkeypatch.setattr(edits, "ask_yes_no", lambda *_args, **_kw: True)
    run_translate(qtbot, view, retranslate=True)
    _on_disk(qtbot, memory, [])


def test_quit_without_confirming_forgets_them_only_once_hearth_has_quit(
    qtbot: QtBot, view: TranslateView, memory: TranslationMemory, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = translate_two_paragraphs(qtbot, view)
    table.item(1, TRANSLATION).setText(CAT.target)
    _on_disk(qtbot, memory, [CAT])
    monkeypatch.setattr(edits, "ask_choice", lambda _p, _t, _x, choices: choices[1])
    assert view.may_close()
    # A logout another program cancels goes on with them: still on disk meanwhile.
    qtbot.wait(500)
    assert memory.drafts() == [CAT]
    assert view.keep_on_shutdown() == 0  # chosen: not kept
    assert memory.drafts() == []
    assert _confirmed(memory) == {}


def test_a_shutdown_without_asking_keeps_them_as_drafts_not_confirmed(
    qtbot: QtBot, view: TranslateView, memory: TranslationMemory
) -> None:
    table = translate_two_paragraphs(qtbot, view)
    table.item(1, TRANSLATION).setText(CAT.target)
    assert view.keep_on_shutdown() == 1  # before the delayed write: written at once
    assert memory.drafts() == [CAT]
    assert _confirmed(memory) == {}
    table.item(0, TRANSLATION).setText("Bonjour, édité.")  # after the last write
    qtbot.wait(500)
    assert memory.drafts() == [CAT], "nothing written after the shutdown's write"


def test_drafts_left_by_a_crash_come_back_with_their_paragraph(
    qtbot: QtBot,
    controller: InferenceController,
    memory: TranslationMemory,
    smollm2: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    memory.save_drafts([CAT])
    view = open_translate_view(qtbot, controller, memory, load=smollm2)
    assert view.status.text() == (
        "Hearth kept 1 translation edit that was not confirmed when it last stopped "
        "(English → French: “The cat sleeps.”): it comes back in Segments when its "
        "paragraph is translated again between the same languages, and Hearth asks about it "
        "when it quits."
    )
    # Confirm has nothing to show yet: it says where the edit waits.
    view.confirm_edits()
    assert view.status.text() == (
        "1 unconfirmed edit waits for its paragraph (English → French: “The cat sleeps.”): "
        "translate that text again between the same languages to see and confirm it."
    )
    assert _confirmed(memory) == {}
    assert [(e.source, e.target, e.index) for e in view.runner.unconfirmed()] == [
        (CAT.source, CAT.target, None)
    ]
    table = translate_two_paragraphs(qtbot, view)
    assert table.item(1, TRANSLATION).text() == CAT.target
    assert table.item(1, STATUS).text() == EDITED
    assert CAT.target in view.output_edit.toPlainText()
    qtbot.wait(500)
    assert memory.drafts() == [CAT], "still unconfirmed"
    asked: list[str] = []

    def confirm(_parent: object, _title: str, text: str, choices: list[str]) -> str:
        asked.append(text)
        return choices[0]

    monkeypatch.setattr(edits, "ask_choice", confirm)
    assert view.may_close()
    assert asked and asked[0].startswith("1 edited translation is not confirmed")
    assert _confirmed(memory) == {CAT.source: CAT.target}
    _on_disk(qtbot, memory, [])


def test_drafts_that_cannot_be_read_are_not_written_over(
    qtbot: QtBot,
    controller: InferenceController,
    memory: TranslationMemory,
    smollm2: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    memory.save_drafts([CAT])

    def unreadable() -> list[Draft]:
        raise sqlite3.DatabaseError("database disk image is malformed")

    with monkeypatch.context() as patch:
        patch.setattr(memory, "drafts", unreadable)
        view = open_translate_view(qtbot, controller, memory, load=smollm2)
    assert view.status.text() == (
        "Hearth cannot read the unconfirmed edits it kept on disk (database disk image is "
        "malformed): it leaves them there and keeps no new ones this time, so confirm the "
        "edits you want to keep."
    )
    table = translate_two_paragraphs(qtbot, view)
    table.item(0, TRANSLATION).setText("Bonjour, édité.")
    assert view.keep_on_shutdown() == 0
    qtbot.wait(500)
    assert memory.drafts() == [CAT]


class Boxes:
    """Stands in for the error box that does not wait (error_box(...).open())."""

    def __init__(self) -> None:
        self.opened: list[tuple[str, str]] = []

    def __call__(self, _parent: object, _title: str, text: str, details: str) -> Boxes:
        self._shown = (text, details)
        return self

    def open(self) -> None:
        self.opened.append(self._shown)


def test_a_draft_that_cannot_be_written_is_said_once_and_after_a_run(
    qtbot: QtBot, view: TranslateView, memory: TranslationMemory, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = translate_two_paragraphs(qtbot, view)
    boxes = Boxes()
    monkeypatch.setattr(edits, "error_box", boxes)
    writes: list[int] = []

    def full(_drafts: object) -> None:
        writes.append(1)
        raise sqlite3.OperationalError("database or disk is full")

    with monkeypatch.context() as patch:
        patch.setattr(memory, "save_drafts", full)
        table.item(1, TRANSLATION).setText(CAT.target)
        qtbot.waitUntil(lambda: len(boxes.opened) == 1, timeout=10_000)
        assert boxes.opened[0] == (
            "Hearth cannot keep your unconfirmed edits on disk: they are lost if it stops "
            "unexpectedly. It tries again with your next edit; confirming them needs the "
            "same file.",
            "database or disk is full",
        )
        table.item(0, TRANSLATION).setText("Bonjour, édité.")
        qtbot.waitUntil(lambda: len(writes) == 2, timeout=10_000)
        qtbot.waitUntil(view.edits.drafts.idle, timeout=10_000)
        qtbot.wait(100)
        assert len(boxes.opened) == 1, "tried again, said once"
        assert table.item(1, STATUS).text() == EDITED, "the edit stays in the window"
    # A write that works again: the set is on disk, and the failure is forgotten.
    with qtbot.waitSignal(view.edits.drafts.saved, timeout=10_000):
        table.item(0, TRANSLATION).setText("Bonjour, revu.")
    assert len(memory.drafts()) == 2
    # A failure during a run is shown once the run has ended (its progress would cover
    # a line in the status bar), unless a write worked meanwhile.
    with monkeypatch.context() as patch:
        patch.setattr(memory, "save_drafts", full)
        view.source_edit.setPlainText("Thank you very much.\n\nSee you tomorrow.")
        qtbot.mouseClick(view.translate_button, Qt.MouseButton.LeftButton)
        assert view.running
        # As the write of a set asked for during the run reports it (each write after
        # it, with the run's results, fails too).
        view.edits.drafts.failed.emit("database or disk is full")
        assert len(boxes.opened) == 1
        qtbot.waitUntil(lambda: not view.running, timeout=120_000)
        assert len(boxes.opened) == 2


def test_a_logout_that_may_not_ask_keeps_them_and_hearth_goes_on_saving(
    qtbot: QtBot, view: TranslateView, memory: TranslationMemory
) -> None:
    table = translate_two_paragraphs(qtbot, view)
    table.item(1, TRANSLATION).setText(CAT.target)
    assert view.keep_on_shutdown(last=False) == 1  # another program may cancel the logout
    assert memory.drafts() == [CAT]
    table.item(0, TRANSLATION).setText("Bonjour, édité.")
    _on_disk(qtbot, memory, [Draft("en", "fr", "Good morning.", "Bonjour, édité."), CAT])


# The edit made in the Segments table as a user does; the process is killed with
# SIGKILL (nothing runs after it: no shutdown, no question) as soon as the edit is on
# disk, a fraction of a second after it.
KILL_DRIVER = edit_driver(
    """
    runner.job = job
    runner.job_created.emit(job)
    view.segments_table.item(0, TRANSLATION).setText("Bonjour, gardé.")
    """,
    """
    poll.timeout.connect(lambda: runner.memory.drafts() and os.kill(os.getpid(), signal.SIGKILL))
    poll.start(20)
    """,
)


# The translation typed in a cell (as the cell's editor says it), not entered, then
# SIGKILL as soon as it is on disk (TYPING_SAVE_DELAY_MS later).
KILL_TYPING_DRIVER = edit_driver(
    """
    runner.job = job
    runner.job_created.emit(job)
    view.segments.translation_typed.emit(0, "Bonjour, en cours")
    """,
    """
    poll.timeout.connect(lambda: runner.memory.drafts() and os.kill(os.getpid(), signal.SIGKILL))
    poll.start(20)
    """,
)


@pytest.mark.parametrize(
    ("driver", "kept"),
    [(KILL_DRIVER, "Bonjour, gardé."), (KILL_TYPING_DRIVER, "Bonjour, en cours")],
    ids=["entered", "being-typed"],
)
def test_kill_9_leaves_the_edit_on_disk(
    driver: str, kept: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from engine.common.paths import AppPaths

    done = run_driver(driver, tmp_path, 120)
    assert "edited" in done.stdout, done.stderr[-2000:]
    assert done.returncode == -9, done.stderr[-2000:]
    monkeypatch.setenv("HEARTH_HOME", str(tmp_path))  # as the process had it
    memory = TranslationMemory(AppPaths.from_environment().data_dir / "translation.db")
    try:
        assert memory.drafts() == [Draft("en", "fr", "Good morning.", kept)]
        assert memory.entries("en", "fr") == [], "none confirmed"
    finally:
        memory.close()


def _cell_editor(qtbot: QtBot, table: QTableWidget, row: int) -> QLineEdit:
    """Open the translation cell's editor, as a double-click does, its text selected."""
    item = table.item(row, TRANSLATION)
    table.setCurrentItem(item)
    table.editItem(item)
    qtbot.waitUntil(lambda: table.viewport().findChild(QLineEdit) is not None)
    editor = table.viewport().findChild(QLineEdit)
    assert editor is not None
    editor.setFocus()
    editor.selectAll()
    return editor


def test_a_translation_being_typed_is_on_disk_and_leaves_when_given_up(
    qtbot: QtBot, view: TranslateView, memory: TranslationMemory
) -> None:
    table = translate_two_paragraphs(qtbot, view)
    job = view.runner.job
    assert job is not None
    before = job.results[1].target
    editor = _cell_editor(qtbot, table, 1)
    qtbot.keyClicks(editor, "Le chat dort, en cours")
    # Written within TYPING_SAVE_DELAY_MS, before it is entered: the row is as it was.
    _on_disk(qtbot, memory, [Draft("en", "fr", "The cat sleeps.", "Le chat dort, en cours")])
    assert job.results[1].target == before
    assert table.item(1, TRANSLATION).text() == before
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # given up: off the disk
    _on_disk(qtbot, memory, [])
    assert job.results[1].target == before
    # Typed over an edit entered before: that one, whole, stays on disk until the new
    # text is entered (half a word must not replace it).
    entered = Draft("en", "fr", "Good morning.", "Bonjour, édité.")
    table.item(0, TRANSLATION).setText(entered.target)
    _on_disk(qtbot, memory, [entered])
    editor = _cell_editor(qtbot, table, 0)
    qtbot.keyClicks(editor, "Bonjour, revu")
    qtbot.wait(edits.TYPING_SAVE_DELAY_MS + 300)
    _on_disk(qtbot, memory, [entered])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: job.results[0].target == "Bonjour, revu")
    _on_disk(qtbot, memory, [Draft("en", "fr", "Good morning.", "Bonjour, revu")])


def test_translate_pressed_while_typing_enters_the_text_first(
    qtbot: QtBot, view: TranslateView, memory: TranslationMemory
) -> None:
    """Ctrl+Return reaches the window's Translate while a cell's editor is open: the
    text typed there is entered first, not lost to the next run."""
    table = translate_two_paragraphs(qtbot, view)
    editor = _cell_editor(qtbot, table, 1)
    qtbot.keyClicks(editor, "Le chat dort, tape")
    view.translate()  # what Ctrl+Return does
    qtbot.waitUntil(lambda: not view.running, timeout=120_000)
    job = view.runner.job
    assert job is not None and job.results[1].target == "Le chat dort, tape"
    assert job.results[1].origin == "edited"
    _on_disk(qtbot, memory, [Draft("en", "fr", "The cat sleeps.", "Le chat dort, tape")])


def test_a_result_replacing_the_row_being_typed_takes_its_text_off_the_disk(
    qtbot: QtBot, view: TranslateView, memory: TranslationMemory
) -> None:
    table = translate_two_paragraphs(qtbot, view)
    job = view.runner.job
    assert job is not None
    editor = _cell_editor(qtbot, table, 1)
    qtbot.keyClicks(editor, "Le chat dort, en cours")
    _on_disk(qtbot, memory, [Draft("en", "fr", "The cat sleeps.", "Le chat dort, en cours")])
    view.segments.show_result(job.results[1])  # as a result or a memory correction does
    _on_disk(qtbot, memory, [])


def test_the_window_opens_on_translate_when_edits_were_kept(
    make_window: WindowFactory,
) -> None:
    from engine.common.paths import AppPaths

    memory = TranslationMemory(AppPaths.from_environment().ensure().data_dir / "translation.db")
    long = "A paragraph long enough to be named by its start only, as it goes on and on."
    memory.save_drafts(
        [CAT, Draft("en", "de", long, "Ein Absatz."), Draft("fr", "en", "Oui.", "Yes!")]
    )
    memory.close()
    window = make_window()
    assert window.modes.currentWidget() is window.translate_view
    assert window.translate_view.status.text().startswith(
        "Hearth kept 3 translation edits that were not confirmed when it last stopped "
        "(English → French: “The cat sleeps.”; English → German: “A paragraph long enough to "
        "be named by…”; …): each comes back"
    )


def test_kept_edits_of_one_pair_name_the_pair_once(make_window: WindowFactory) -> None:
    from engine.common.paths import AppPaths

    memory = TranslationMemory(AppPaths.from_environment().ensure().data_dir / "translation.db")
    dog = Draft("en", "fr", "The dog barks.", "Le chien aboie, édité.")
    memory.save_drafts([CAT, dog, Draft("fr", "en", "Oui.", "Yes!")])
    memory.close()
    window = make_window()
    assert window.translate_view.status.text().startswith(
        "Hearth kept 3 translation edits that were not confirmed when it last stopped "
        "(English → French: “The cat sleeps.”, “The dog barks.”; …): each comes back"
    )


def test_the_window_opens_on_chat_without_kept_edits(make_window: WindowFactory) -> None:
    window = make_window()
    assert window.modes.currentWidget() is window.workspace
