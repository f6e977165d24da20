"""With the real SmolLM2 model: the edits not confirmed into the translation memory are
kept on disk as they change (the memory's drafts), so that a crash or ``kill -9`` loses
none. The next start carries them on: each comes back with its paragraph, and quitting
asks about them. Confirmed, emptied or quit-without edits leave the drafts."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from engine.translation.memory import Draft, TranslationMemory
from gui.inference.controller import InferenceController
from gui.translate import edits
from gui.translate.segments_panel import STATUS, TRANSLATION
from gui.translate.translate_view import TranslateView
from tests.gui.conftest import open_translate_view, run_translate, translate_two_paragraphs

REPO = Path(__file__).resolve().parents[2]
EDITED = "Edited (not confirmed)"
CAT = Draft("en", "fr", "The cat sleeps.", "Le chat dort, édité.")


@pytest.fixture
def view(
    qtbot: QtBot, controller: InferenceController, memory: TranslationMemory, smollm2: Path
) -> TranslateView:
    return open_translate_view(qtbot, controller, memory, load=smollm2)


def test_an_edit_is_on_disk_at_once_and_leaves_when_confirmed_or_emptied(
    qtbot: QtBot, view: TranslateView, memory: TranslationMemory
) -> None:
    table = translate_two_paragraphs(qtbot, view)
    assert memory.drafts() == []
    table.item(1, TRANSLATION).setText(CAT.target)
    assert memory.drafts() == [CAT]
    table.item(1, TRANSLATION).setText("Le chat dort.")
    assert memory.drafts() == [Draft("en", "fr", "The cat sleeps.", "Le chat dort.")]
    view.confirm_edits()
    assert memory.drafts() == []
    table.item(0, TRANSLATION).setText("Bonjour, édité.")
    assert [d.source for d in memory.drafts()] == ["Good morning."]
    table.item(0, TRANSLATION).setText("")  # back to the model: no edit any more
    assert memory.drafts() == []


def test_an_edit_of_a_text_translated_before_stays_on_disk(
    qtbot: QtBot, view: TranslateView, memory: TranslationMemory
) -> None:
    table = translate_two_paragraphs(qtbot, view)
    table.item(1, TRANSLATION).setText(CAT.target)
    view.source_edit.setPlainText("Thank you.")
    run_translate(qtbot, view)
    assert memory.drafts() == [CAT], "carried with the dropped job"


def test_quit_without_confirming_and_a_shutdown_leave_no_drafts(
    qtbot: QtBot, view: TranslateView, memory: TranslationMemory, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = translate_two_paragraphs(qtbot, view)
    table.item(1, TRANSLATION).setText(CAT.target)
    monkeypatch.setattr(edits, "ask_choice", lambda _p, _t, _x, choices: choices[1])
    assert view.may_close()
    assert memory.drafts() == []
    assert view.keep_on_shutdown() == 0  # chosen: not stored either
    assert [e for e in memory.entries("en", "fr") if e.origin == "confirmed"] == []


def test_a_shutdown_without_asking_confirms_them_and_empties_the_drafts(
    qtbot: QtBot, view: TranslateView, memory: TranslationMemory
) -> None:
    table = translate_two_paragraphs(qtbot, view)
    table.item(1, TRANSLATION).setText(CAT.target)
    assert view.keep_on_shutdown() == 1
    assert memory.drafts() == []
    assert memory.lookup("en", "fr", CAT.source) is not None


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
        "Hearth kept 1 translation edit that was not confirmed when it last stopped: it "
        "comes back when its paragraph is translated again, and Hearth asks about it when "
        "it quits."
    )
    assert [(e.source, e.target, e.index) for e in view.runner.unconfirmed()] == [
        (CAT.source, CAT.target, None)
    ]
    table = translate_two_paragraphs(qtbot, view)
    assert table.item(1, TRANSLATION).text() == CAT.target
    assert table.item(1, STATUS).text() == EDITED
    assert CAT.target in view.output_edit.toPlainText()
    assert memory.drafts() == [CAT], "still unconfirmed"
    asked: list[str] = []

    def confirm(_parent: object, _title: str, text: str, choices: list[str]) -> str:
        asked.append(text)
        return choices[0]

    monkeypatch.setattr(edits, "ask_choice", confirm)
    assert view.may_close()
    assert asked and asked[0].startswith("1 edited translation is not confirmed")
    entry = memory.lookup("en", "fr", CAT.source)
    assert entry is not None and (entry.target, entry.origin) == (CAT.target, "confirmed")
    assert memory.drafts() == []


def test_a_draft_that_cannot_be_written_is_said_once(
    qtbot: QtBot, view: TranslateView, memory: TranslationMemory, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = translate_two_paragraphs(qtbot, view)
    writes: list[int] = []

    def full(_drafts: object) -> None:
        writes.append(1)
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(memory, "save_drafts", full)
    table.item(1, TRANSLATION).setText(CAT.target)
    said = view.status.text()
    assert said == (
        "Your unconfirmed edits cannot be kept on disk (database or disk is full): confirm "
        "them, or they are lost if Hearth stops unexpectedly."
    )
    view.status.setText("")
    table.item(0, TRANSLATION).setText("Bonjour, édité.")
    assert len(writes) == 2 and view.status.text() == "", "tried again, said once"
    assert table.item(1, STATUS).text() == EDITED, "the edit stays in the window"


# Starts main() without a model; once the window is up, gives the Translate view a job,
# edits its translation in the Segments table as a user does, and kills the process
# with SIGKILL (nothing runs after it: no shutdown, no question).
KILL_DRIVER = r"""
import os
import signal
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

import main
from engine.translation.job import TranslationJob
from engine.translation.segmenter import parse_text
from gui.translate.segments_panel import TRANSLATION
from gui.translate.translate_view import TranslateView

_exec = QApplication.exec


def edit_then_kill():
    view = next(w for w in QApplication.allWidgets() if isinstance(w, TranslateView))
    runner = view.runner
    job = TranslationJob(parse_text("Good morning.", "text"), "en", "fr", memory=runner.memory)
    runner.job = job
    runner.job_created.emit(job)
    view.segments_table.item(0, TRANSLATION).setText("Bonjour, gardé.")
    print("edited", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)


def exec_(*_self):
    QTimer.singleShot(500, edit_then_kill)
    QTimer.singleShot(60_000, lambda: os._exit(3))
    return _exec()


QApplication.exec = exec_
sys.exit(main.main([]))
"""


def test_kill_9_after_an_edit_leaves_it_on_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from engine.common.paths import AppPaths

    env = {
        **os.environ,
        "HEARTH_HOME": str(tmp_path),
        "QT_QPA_PLATFORM": "offscreen",
        "HF_HUB_OFFLINE": "1",
        "PYTHONPATH": str(REPO),
    }
    done = subprocess.run(
        [sys.executable, "-c", KILL_DRIVER],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert "edited" in done.stdout, done.stderr[-2000:]
    assert done.returncode == -9, done.stderr[-2000:]
    monkeypatch.setenv("HEARTH_HOME", str(tmp_path))  # as the process had it
    memory = TranslationMemory(AppPaths.from_environment().data_dir / "translation.db")
    try:
        assert memory.drafts() == [Draft("en", "fr", "Good morning.", "Bonjour, gardé.")]
        assert memory.entries("en", "fr") == []
    finally:
        memory.close()
