"""Quitting the real app after a conversation ends the process cleanly (exit 0): the
window is deleted while the application still exists. Left to the end of the process, a
label with a buddy and an accelerator outlived Qt's shortcut map and the process died
with a segmentation fault on quit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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


def test_quitting_after_a_reply_exits_cleanly(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "HEARTH_HOME": str(tmp_path),
        "QT_QPA_PLATFORM": "offscreen",
        "HF_HUB_OFFLINE": "1",
        "PYTHONPATH": str(REPO),
    }
    done = subprocess.run(
        [sys.executable, "-c", DRIVER],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert "replied" in done.stdout, done.stderr[-2000:]
    assert done.returncode == 0, done.stderr[-2000:]
