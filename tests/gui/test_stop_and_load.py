"""Stop, a model switch and closing the window reach a reply even while its prompt is
being processed; every load ends in exactly one of loaded, failed or cancelled; and the
inference thread is never destroyed while it runs."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from pytestqt.qtbot import QtBot

from engine.chat.history_store import HistoryStore
from engine.llm.parameters import SamplingSettings
from gui.inference.controller import InferenceController
from gui.main_window import MainWindow
from tests.gui.conftest import WindowFactory

REPO = Path(__file__).resolve().parents[2]
# About 2,500 SmolLM2 tokens: seconds of prompt processing on a CPU.
LONG_MESSAGE = "The quick brown fox jumps over the lazy dog near the quiet river. " * 170
# Long enough for the request to reach the worker and be inside prompt processing.
STOP_AFTER_MS = 300


@pytest.fixture
def chat_window(
    qtbot: QtBot, make_window: WindowFactory, controller: InferenceController, smollm2: Path
) -> MainWindow:
    window = make_window(
        n_ctx=4096, sampling=SamplingSettings(temperature=0.0, seed=7, max_tokens=8)
    )
    with qtbot.waitSignal(controller.model_loaded, timeout=60_000):
        window.model_menu.load_model(str(smollm2))
    return window


def _send(qtbot: QtBot, window: MainWindow, text: str) -> int:
    """Send ``text``; return the id of the reply being written."""
    window.workspace.input.setPlainText(text)
    with qtbot.waitSignal(window.workspace.chat.reply_started, timeout=5_000) as started:
        qtbot.mouseClick(window.workspace.send_button, Qt.MouseButton.LeftButton)
    return int(started.args[1])


def _a_short_exchange_works(qtbot: QtBot, window: MainWindow, store: HistoryStore) -> None:
    """The worker takes the next request (in a new chat: not the long prompt again)."""
    window.workspace.new_chat()
    with qtbot.waitSignal(window.workspace.chat.reply_ended, timeout=120_000):
        reply = _send(qtbot, window, "Say hello.")
    message = store.message(reply)
    assert message.state == "complete" and message.content


def test_stop_during_a_long_prompt_stops_the_reply(
    qtbot: QtBot, chat_window: MainWindow, store: HistoryStore
) -> None:
    window = chat_window
    with qtbot.waitSignal(window.workspace.chat.reply_ended, timeout=300_000):
        reply = _send(qtbot, window, LONG_MESSAGE)
        assert window.workspace.stop_button.isEnabled()
        QTimer.singleShot(
            STOP_AFTER_MS,
            lambda: qtbot.mouseClick(window.workspace.stop_button, Qt.MouseButton.LeftButton),
        )
    message = store.message(reply)
    assert message.state == "cancelled"
    assert message.stats is not None and message.stats["finish_reason"] == "cancelled"
    assert not window.workspace.chat.busy and not window.workspace.stop_button.isEnabled()
    _a_short_exchange_works(qtbot, window, store)


def test_a_model_switch_during_a_long_prompt_stops_the_reply_then_loads(
    qtbot: QtBot,
    chat_window: MainWindow,
    store: HistoryStore,
    controller: InferenceController,
    smollm2: Path,
) -> None:
    window = chat_window
    reply = _send(qtbot, window, LONG_MESSAGE)
    with qtbot.waitSignals(
        [window.workspace.chat.reply_ended, controller.model_loaded],
        timeout=300_000,
        order="strict",
    ):
        QTimer.singleShot(STOP_AFTER_MS, lambda: window.model_menu.load_model(str(smollm2)))
    assert store.message(reply).state == "cancelled"
    assert not controller.is_loading and controller.model is not None
    _a_short_exchange_works(qtbot, window, store)


def test_closing_the_window_during_a_long_prompt_stops_and_keeps_the_reply(
    qtbot: QtBot, chat_window: MainWindow, store: HistoryStore, controller: InferenceController
) -> None:
    window = chat_window
    reply = _send(qtbot, window, LONG_MESSAGE)
    with qtbot.waitSignal(window.workspace.chat.reply_ended, timeout=300_000):
        QTimer.singleShot(STOP_AFTER_MS, window.close)
    assert store.message(reply).state == "cancelled"
    assert controller.shutdown(5_000)
    assert not controller.is_running()


def test_an_error_at_start_up_does_not_destroy_a_running_thread(smollm2: Path) -> None:
    # The app's start-up fails while a reply is processing a long prompt: the process
    # must end with the error, not with Qt aborting on a running QThread.
    script = textwrap.dedent(
        """
        import os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        sys.path.insert(0, sys.argv[1])
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        from engine.llm.messages import ChatMessage
        from engine.llm.parameters import LoadSettings, SamplingSettings
        from gui.inference.controller import InferenceController

        app = QApplication([])
        controller = InferenceController()
        controller.model_loaded.connect(lambda _info: app.quit())
        controller.model_load_failed.connect(lambda *_args: app.exit(3))
        controller.load_model(sys.argv[2], LoadSettings(n_ctx=4096, n_threads=2))
        if app.exec() != 0:
            sys.exit("the model did not load")
        controller.generate(
            (ChatMessage("user", "The quick brown fox. " * 600),),
            SamplingSettings(max_tokens=8),
        )
        QTimer.singleShot(300, app.quit)
        app.exec()
        raise RuntimeError("start-up failed")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(REPO), str(smollm2)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert "RuntimeError: start-up failed" in result.stderr, result.stderr[-2000:]
    assert "QThread: Destroyed while thread" not in result.stderr
    assert result.returncode == 1, result.stderr[-2000:]


class _Gate(QObject):
    """Holds the inference thread busy until released, so that a load queued behind it
    is certain not to have started."""

    block_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.blocking = threading.Event()
        self.release = threading.Event()

    @Slot()
    def block(self) -> None:
        self.blocking.set()
        self.release.wait(60)


@pytest.fixture
def gate(controller: InferenceController) -> Iterator[_Gate]:
    blocker = _Gate()
    # No public handle on the inference thread yet (asked of gui/inference).
    blocker.moveToThread(controller.worker_thread)
    blocker.block_requested.connect(blocker.block)
    yield blocker
    blocker.release.set()


def test_a_load_cancelled_before_it_starts_ends_as_cancelled(
    qtbot: QtBot,
    chat_window: MainWindow,
    controller: InferenceController,
    gate: _Gate,
    gemma3: Path,
    smollm2: Path,
) -> None:
    window = chat_window
    ended: list[str] = []
    controller.model_loaded.connect(lambda _info: ended.append("loaded"))
    controller.model_load_failed.connect(lambda *_args: ended.append("failed"))
    controller.model_load_cancelled.connect(lambda _path: ended.append("cancelled"))
    gate.block_requested.emit()
    assert gate.blocking.wait(10)
    window.model_menu.load_model(str(gemma3))
    assert controller.is_loading and not window.model_menu.picker.isEnabled()
    with qtbot.waitSignal(controller.model_load_cancelled, timeout=5_000) as cancelled:
        window.model_menu.cancel_load_action.trigger()
    assert cancelled.args == [str(gemma3)]
    assert not controller.is_loading
    assert window.model_menu.picker.isEnabled()
    assert not window.model_menu.cancel_load_action.isEnabled()
    window.model_menu.rebuild()
    model_actions = [a for a in window.model_menu.menu.actions() if a.data()]
    assert model_actions and all(a.isEnabled() for a in model_actions)
    assert "cancelled" in window.status.stats_label.text()
    assert controller.model is not None, "the model already loaded stays loaded"
    # The worker skips the cancelled load when it gets to it, and takes the next one.
    gate.release.set()
    with qtbot.waitSignal(controller.model_loaded, timeout=60_000):
        window.model_menu.load_model(str(smollm2))
    assert ended == ["cancelled", "loaded"]


def test_a_superseded_load_ends_as_cancelled(
    qtbot: QtBot,
    chat_window: MainWindow,
    controller: InferenceController,
    gemma3: Path,
    smollm2: Path,
) -> None:
    ended: list[tuple[str, str]] = []
    controller.model_loaded.connect(lambda info: ended.append(("loaded", info.path)))
    controller.model_load_failed.connect(lambda path, _m: ended.append(("failed", path)))
    controller.model_load_cancelled.connect(lambda path: ended.append(("cancelled", path)))
    chat_window.model_menu.load_model(str(gemma3))
    chat_window.model_menu.load_model(str(smollm2))
    qtbot.waitUntil(lambda: ("loaded", str(smollm2)) in ended, timeout=120_000)
    assert ended[-1] == ("loaded", str(smollm2))
    # The first choice ended too, once: as cancelled (or loaded, had it finished first).
    first = [kind for kind, path in ended if path == str(gemma3)]
    assert first in (["cancelled"], ["loaded"])
    assert not controller.is_loading and chat_window.model_menu.picker.isEnabled()
