"""kill -9 the real app mid-reply, restart it, and find everything that was shown."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from pytestqt.qtbot import QtBot

from engine.chat.history_store import HistoryStore
from engine.common.paths import AppPaths
from gui.app import build_app
from gui.inference.controller import InferenceController

DRIVER = Path(__file__).resolve().parent / "app_driver.py"
# What a SIGKILL may cost: the last save interval (250 ms) plus event-loop latency.
MAX_LOSS_S = 0.5


def test_sigkill_mid_reply_loses_at_most_half_a_second(
    qtbot: QtBot, smollm2: Path, hearth_home: Path
) -> None:
    prompt = "Write a very long story about a lighthouse keeper and a storm."
    env = {**os.environ, "HEARTH_HOME": str(hearth_home), "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen(
        [sys.executable, str(DRIVER), str(smollm2), prompt],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    pieces: list[tuple[float, str]] = []
    message_id = None
    try:
        for line in process.stdout:
            event = json.loads(line)
            assert "ended" not in event, "the reply ended before the kill; make it longer"
            pieces.append((event["t"], event["text"]))
            message_id = event["message_id"]
            if event["t"] - pieces[0][0] > 1.5:
                break
        killed_at = time.time()
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.kill()
        process.wait(10)
        process.stdout.close()
    assert process.returncode == -signal.SIGKILL
    assert message_id is not None

    store = HistoryStore(hearth_home / "data" / "history.db")
    assert store.interrupted_count == 1
    [conversation] = store.conversations()
    user, reply = store.messages(conversation.id)
    assert user.role == "user" and user.content == prompt and user.state == "complete"
    assert reply.id == message_id
    assert reply.state == "interrupted"
    shown = "".join(text for _, text in pieces)
    shown_before_cutoff = "".join(text for t, text in pieces if t <= killed_at - MAX_LOSS_S)
    assert shown_before_cutoff, "the test must stream for longer than the allowed loss"
    assert shown.startswith(reply.content), "the saved text is what was shown"
    assert reply.content.startswith(shown_before_cutoff), (
        f"lost more than {MAX_LOSS_S}s: saved {len(reply.content)} chars, "
        f"{len(shown_before_cutoff)} were shown by then"
    )
    store.close()

    # Restarting the app shows the conversation with the reply marked Interrupted.
    controller = InferenceController()
    reopened = HistoryStore(hearth_home / "data" / "history.db")
    parts = None
    try:
        parts = build_app(controller, reopened, AppPaths.from_environment(), n_ctx=512)
        workspace = parts.workspace
        qtbot.addWidget(parts.window)
        parts.window.show()
        assert workspace.conversation_id == conversation.id
        assert workspace.transcript_model.rowCount() == 2
        widget = workspace.transcript.message_widget(1)
        assert "Interrupted" in widget.footer.text()
        assert not widget.buttons["continue"].isHidden()
        assert not widget.buttons["regenerate"].isHidden()
    finally:
        assert parts.shutdown(5000) if parts is not None else controller.shutdown(5000)
        reopened.close()
