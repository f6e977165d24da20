"""Turning the API server on hands the model to the service's decoding thread: the
window's worker gives its llama.cpp CPU workers back there and then (see
engine/llm/compute_threads.py), and replies keep streaming through the service."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from engine.llm import compute_threads
from engine.llm.parameters import SamplingSettings
from gui.inference import worker as worker_module
from gui.main_window import MainWindow


def test_serving_releases_the_workers_threads_on_its_own_thread(
    qtbot: QtBot, loaded_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = loaded_window.workspace
    controller = workspace.chat.inference
    workspace.chat.sampling = SamplingSettings(temperature=0.0, seed=1, max_tokens=8)
    with qtbot.waitSignal(workspace.chat.reply_ended, timeout=60_000):
        workspace.input.setPlainText("Say hello.")  # decoded on the worker's thread
        qtbot.keyClick(workspace.input, Qt.Key.Key_Return)
    calls: list[tuple[str, bool]] = []

    def release() -> bool:
        released = compute_threads.release_compute_threads()
        calls.append((threading.current_thread().name, released))
        return released

    monkeypatch.setattr(worker_module, "release_compute_threads", release)
    with qtbot.waitSignal(controller.service_changed, timeout=30_000):
        controller.set_serving(True)
    try:
        assert len(calls) == 1
        name, released = calls[0]
        assert name != threading.main_thread().name, "on the worker's thread, not the GUI's"
        assert released == (compute_threads.loaded_libgomp() is not None)
        _ask(qtbot, loaded_window, "Say goodbye.")  # through the service
    finally:
        if controller.serving:
            with qtbot.waitSignal(controller.service_changed, timeout=30_000):
                controller.set_serving(False)
    # The worker decodes again once the server is off (new workers, same model).
    _ask(qtbot, loaded_window, "Say hello again.")
    assert len(calls) == 1


def _ask(qtbot: QtBot, window: MainWindow, text: str) -> None:
    workspace = window.workspace
    with qtbot.waitSignal(workspace.chat.reply_ended, timeout=60_000):
        workspace.input.setPlainText(text)
        qtbot.keyClick(workspace.input, Qt.Key.Key_Return)
    reply = workspace.store.messages(workspace.conversation_id or 0)[-1]
    assert reply.state == "complete" and reply.content.strip(), reply
