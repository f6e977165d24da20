"""Quitting the real app after a conversation ends the process cleanly (exit 0): the
window is deleted while the application still exists. Left to the end of the process, a
label with a buddy and an accelerator outlived Qt's shortcut map and the process died
with a segmentation fault on quit. SIGTERM ends it cleanly too, keeping the translation
edits that were not confirmed on disk (unconfirmed) for the next start."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# Runs main() with the starter model; once it is loaded, sends one message and quits
# when the reply has ended (the Stop button goes back to disabled).
DRIVER = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QPushButton

import main

_exec = QApplication.exec
state = {"sent": False, "seen_streaming": False}


def find(cls, name):
    return next((w for w in QApplication.allWidgets()
                 if isinstance(w, cls) and w.objectName() == name), None)


def tick():
    send, stop = find(QPushButton, "sendButton"), find(QPushButton, "stopButton")
    box = find(QPlainTextEdit, "messageInput")
    if send is None or stop is None or box is None:
        return
    if not state["sent"]:
        box.setPlainText("Hi there")
        if send.isEnabled():
            send.click()
            state["sent"] = True
        return
    if stop.isEnabled():
        state["seen_streaming"] = True
    elif state["seen_streaming"]:
        print("replied", flush=True)
        QApplication.quit()


def exec_(*_self):
    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(100)
    QTimer.singleShot(90_000, QApplication.quit)
    return _exec()


QApplication.exec = exec_
sys.exit(main.main(["--starter"]))
"""


def run_driver(driver: str, home: Path, timeout: int) -> subprocess.CompletedProcess[str]:
    """Run ``driver`` in a process of its own, offscreen, offline, in ``home``."""
    env = {
        **os.environ,
        "HEARTH_HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "HF_HUB_OFFLINE": "1",
        "PYTHONPATH": str(REPO),
    }
    return subprocess.run(
        [sys.executable, "-c", driver],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_quitting_after_a_reply_exits_cleanly(tmp_path: Path) -> None:
    done = run_driver(DRIVER, tmp_path, 180)
    assert "replied" in done.stdout, done.stderr[-2000:]
    assert done.returncode == 0, done.stderr[-2000:]


# Starts main() without a model; once the window is up, gives the Translate view a job
# of one segment ("Good morning.", en→fr), makes EDIT (Python, with view, runner and job
# at hand) and prints "edited", then runs THEN.
EDIT_DRIVER = r"""
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
poll = QTimer()


def edit_then():
    view = next(w for w in QApplication.allWidgets() if isinstance(w, TranslateView))
    runner = view.runner
    job = TranslationJob(parse_text("Good morning.", "text"), "en", "fr", memory=runner.memory)
    EDIT
    print("edited", flush=True)
    THEN


def exec_(*_self):
    QTimer.singleShot(500, edit_then)
    QTimer.singleShot(60_000, lambda: os._exit(3))
    return _exec()


QApplication.exec = exec_
sys.exit(main.main([]))
"""


def edit_driver(edit: str, then: str) -> str:
    """:data:`EDIT_DRIVER` with its EDIT and THEN steps."""

    def step(code: str) -> str:
        return textwrap.indent(textwrap.dedent(code).strip(), "    ")

    return EDIT_DRIVER.replace("    EDIT", step(edit)).replace("    THEN", step(then))


# The edit made on the job (no window signal, so nothing is written yet), then SIGTERM
# (as `kill` or a logout without session management sends).
SIGTERM_DRIVER = edit_driver(
    """
    job.edit(0, "Bonjour, gardé.")
    runner.job = job
    """,
    "os.kill(os.getpid(), signal.SIGTERM)",
)


def test_sigterm_quits_cleanly_and_keeps_unconfirmed_edits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from engine.common.paths import AppPaths
    from engine.translation.memory import Draft, TranslationMemory

    done = run_driver(SIGTERM_DRIVER, tmp_path, 120)
    assert "edited" in done.stdout, done.stderr[-2000:]
    assert done.returncode == 0, done.stderr[-2000:]
    monkeypatch.setenv("HEARTH_HOME", str(tmp_path))  # as the process had it
    memory = TranslationMemory(AppPaths.from_environment().data_dir / "translation.db")
    try:
        entries, drafts = memory.entries("en", "fr"), memory.drafts()
    finally:
        memory.close()
    # Kept for the next start, not confirmed without the user's answer.
    assert entries == []
    assert drafts == [Draft("en", "fr", "Good morning.", "Bonjour, gardé.")]
