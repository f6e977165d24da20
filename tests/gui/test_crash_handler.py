"""Start-up and crash safety: the crash dialog, one window per data folder, a locked
history, and the inference thread stopped when start-up fails."""

from __future__ import annotations

import logging
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, Signal, Slot
from pytestqt.qtbot import QtBot

import gui.app
from engine.chat.history_store import HistoryStore
from engine.common.instance_lock import acquire_instance_lock
from engine.common.paths import AppPaths
from gui.app import open_history, run_app
from gui.common.crash_handler import CrashHandler
from gui.inference.controller import InferenceController

REPO = Path(__file__).resolve().parents[2]


class _Faulty(QObject):
    poked = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0
        self.poked.connect(self._on_poked)

    @Slot(int)
    def _on_poked(self, value: int) -> None:
        self.calls += 1
        if value < 0:
            raise ValueError(f"<b>bad value</b> {value}")


def test_an_exception_in_a_slot_is_logged_and_shown_and_the_app_lives_on(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    before = sys.excepthook
    faulty = _Faulty()
    handler = CrashHandler(log_hint="/logs/hearth.log")
    with caplog.at_level(logging.ERROR), handler:
        assert sys.excepthook is not before
        faulty.poked.emit(-1)
        qtbot.waitUntil(lambda: handler.dialog is not None and handler.dialog.isVisible())
        faulty.poked.emit(-2)  # a second failure while the dialog is open: logged only
        faulty.poked.emit(3)  # the app still answers
    assert sys.excepthook is before
    assert faulty.calls == 3
    assert handler.caught == 2
    records = [r for r in caplog.records if r.name == "gui.common.crash_handler"]
    assert len(records) == 2 and records[0].exc_info is not None
    assert "Traceback" in caplog.text and "bad value" in caplog.text
    dialog = handler.dialog
    assert dialog is not None
    assert dialog.textFormat() == Qt.TextFormat.PlainText
    assert "<b>bad value</b> -1" in dialog.text()
    assert "/logs/hearth.log" in dialog.text()
    assert "ValueError" in dialog.detailedText()
    dialog.close()


# -- one window per data folder --------------------------------------------------------

HOLDER = """
import sys, time
from pathlib import Path
from engine.common.instance_lock import acquire_instance_lock
lock = acquire_instance_lock(Path(sys.argv[1]))
print("locked", flush=True)
time.sleep(120)
"""


@pytest.fixture
def paths(hearth_home: Path) -> AppPaths:
    return AppPaths.from_environment().ensure()


@pytest.fixture
def errors_shown(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(gui.app, "show_error", lambda _parent, t, m: shown.append((t, m)))
    return shown


@pytest.fixture
def other_window(paths: AppPaths) -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(paths.data_dir)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "locked"
    yield process
    process.kill()
    process.wait(10)
    process.stdout.close()


def test_a_second_window_says_so_and_leaves_the_history_alone(
    qtbot: QtBot,
    paths: AppPaths,
    other_window: subprocess.Popen[str],
    errors_shown: list[tuple[str, str]],
) -> None:
    assert run_app(paths) == 1
    [(title, text)] = errors_shown
    assert title == "Hearth is already running"
    assert f"Hearth is already running (pid {other_window.pid})" in text
    assert not (paths.data_dir / "history.db").exists()


# -- a locked history: Retry or Quit ---------------------------------------------------


@pytest.fixture
def held_history(paths: AppPaths) -> Iterator[sqlite3.Connection]:
    path = paths.data_dir / "history.db"
    store = HistoryStore(path)
    store.add_message(store.create_conversation("Kept").id, "user", "precious")
    store.close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("UPDATE conversations SET title = title")
    holder.execute("COMMIT")
    yield holder
    holder.close()


def test_locked_history_asks_retry_or_quit_and_moves_nothing(
    qtbot: QtBot,
    paths: AppPaths,
    held_history: sqlite3.Connection,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answers = [True, False]  # Retry (still locked), then Quit
    asked: list[str] = []

    def ask(_parent: object, title: str, text: str) -> bool:
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(gui.app, "ask_retry_or_quit", ask)
    assert open_history(paths, busy_timeout=0.1) is None
    assert len(asked) == 2 and "in use by another program" in asked[0]
    assert not list(paths.data_dir.glob("*.corrupt-*"))


def test_retry_after_the_other_program_let_go_opens_the_history(
    qtbot: QtBot,
    paths: AppPaths,
    held_history: sqlite3.Connection,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def ask(_parent: object, title: str, text: str) -> bool:
        held_history.close()
        return True

    monkeypatch.setattr(gui.app, "ask_retry_or_quit", ask)
    store = open_history(paths, busy_timeout=0.1)
    assert store is not None
    assert [c.title for c in store.conversations()] == ["Kept"]
    store.close()


# -- start-up failing after the inference thread started --------------------------------


def test_start_up_failure_stops_the_inference_thread_and_releases_everything(
    qtbot: QtBot, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    controllers: list[InferenceController] = []

    class Recording(InferenceController):
        def __init__(self) -> None:
            super().__init__()
            controllers.append(self)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the window could not be built")

    monkeypatch.setattr(gui.app, "InferenceController", Recording)
    monkeypatch.setattr(gui.app, "build_app", broken)
    before = sys.excepthook
    with pytest.raises(RuntimeError, match="could not be built"):
        run_app(paths)
    [controller] = controllers
    assert not controller.is_running()
    assert sys.excepthook is before
    acquire_instance_lock(paths.data_dir).release()  # the lock was let go
