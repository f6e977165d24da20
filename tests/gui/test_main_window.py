"""The chat window with the real worker thread and the real SmolLM2."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from engine.chat.history_store import HistoryStore
from engine.llm.generation import ReplyStats
from engine.llm.parameters import SamplingSettings
from gui.chat.transcript_model import CANCELLED, COMPLETE, ERROR, TranscriptMessage, TranscriptModel
from gui.inference.controller import InferenceController
from gui.main_window import MainWindow
from tests.gui.conftest import WindowFactory


def _send(qtbot: QtBot, window: MainWindow, text: str) -> None:
    window.workspace.input.setFocus()
    qtbot.keyClicks(window.workspace.input, text)
    qtbot.keyClick(window.workspace.input, Qt.Key.Key_Return)


def test_model_loads_on_the_worker_thread(
    qtbot: QtBot, window: MainWindow, controller: InferenceController
) -> None:
    with qtbot.waitSignal(controller.model_loading, timeout=5000):
        window.model_menu.starter_action.trigger()
    # The trigger returned before the model loaded: the GUI thread is free meanwhile.
    assert controller.is_loading and controller.model is None
    assert window.status.model_label.text().startswith("Loading")
    assert not window.model_menu.picker.isEnabled()
    with qtbot.waitSignal(controller.model_loaded, timeout=60_000):
        pass
    assert window.model_menu.picker.isEnabled()
    assert "135M" in window.status.model_label.text()
    assert "Q4_1" in window.status.model_label.text()


def test_typed_message_streams_a_reply(
    qtbot: QtBot, loaded_window: MainWindow, controller: InferenceController
) -> None:
    tokens: list[str] = []
    counts: list[int] = []

    def on_token(_rid: int, text: str, count: int) -> None:
        tokens.append(text)
        counts.append(count)

    controller.token_received.connect(on_token)
    with qtbot.waitSignal(controller.reply_finished, timeout=60_000) as blocker:
        _send(qtbot, loaded_window, "What is the capital of France?")
        assert loaded_window.workspace.is_streaming
        assert not loaded_window.workspace.send_button.isEnabled()
        assert loaded_window.workspace.stop_button.isEnabled()
    stats: ReplyStats = blocker.args[2]
    model = loaded_window.workspace.transcript_model
    assert model.rowCount() == 2
    assert model.message(0).role == "user"
    assert model.message(0).text == "What is the capital of France?"
    reply = model.message(1)
    assert reply.role == "assistant" and reply.state == COMPLETE
    assert reply.text.strip() and reply.text == "".join(tokens)
    # The tokens of one frame come together, each batch with its count.
    assert len(tokens) >= 2 and all(count >= 1 for count in counts)  # not all at the end
    assert len(tokens) <= sum(counts) <= stats.completion_tokens
    assert sum(counts) > 2
    assert "tok/s" in loaded_window.status.stats_label.text()
    assert "first token" in loaded_window.status.stats_label.text()
    assert loaded_window.workspace.input.toPlainText() == ""
    # The view shows the rendered reply and its statistics.
    widget = loaded_window.workspace.transcript.message_widget(1)
    assert widget.body.toPlainText().strip()
    assert "tok/s" in widget.footer.text()


def test_shift_enter_adds_a_line_instead_of_sending(
    loaded_window: MainWindow, qtbot: QtBot
) -> None:
    qtbot.keyClicks(loaded_window.workspace.input, "line one")
    qtbot.keyClick(
        loaded_window.workspace.input, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.keyClicks(loaded_window.workspace.input, "line two")
    assert loaded_window.workspace.input.toPlainText() == "line one\nline two"
    assert loaded_window.workspace.transcript_model.rowCount() == 0


def test_stop_ends_the_reply(
    qtbot: QtBot, loaded_window: MainWindow, controller: InferenceController
) -> None:
    loaded_window.workspace.chat.sampling = SamplingSettings(
        temperature=0.8, seed=5, max_tokens=600
    )
    with qtbot.waitSignal(controller.token_received, timeout=60_000):
        _send(qtbot, loaded_window, "Write a very long story about a dragon.")
    with qtbot.waitSignal(controller.reply_finished, timeout=10_000) as blocker:
        qtbot.mouseClick(loaded_window.workspace.stop_button, Qt.MouseButton.LeftButton)
    stats: ReplyStats = blocker.args[2]
    assert stats.finish_reason == "cancelled"
    assert stats.completion_tokens < 600
    assert loaded_window.workspace.transcript_model.message(1).state == CANCELLED
    assert "Stopped" in loaded_window.workspace.transcript.message_widget(1).footer.text()
    assert not loaded_window.workspace.is_streaming


def test_escape_stops_too(
    qtbot: QtBot, loaded_window: MainWindow, controller: InferenceController
) -> None:
    loaded_window.workspace.chat.sampling = SamplingSettings(
        temperature=0.8, seed=5, max_tokens=600
    )
    with qtbot.waitSignal(controller.token_received, timeout=60_000):
        _send(qtbot, loaded_window, "Write a very long poem about the sea.")
    with qtbot.waitSignal(controller.reply_finished, timeout=10_000) as blocker:
        qtbot.keyClick(loaded_window.workspace.input, Qt.Key.Key_Escape)
    assert blocker.args[2].finish_reason == "cancelled"


def test_closing_mid_reply_exits_cleanly_and_keeps_the_partial_reply(
    qtbot: QtBot, loaded_window: MainWindow, controller: InferenceController, store: HistoryStore
) -> None:
    loaded_window.workspace.chat.sampling = SamplingSettings(
        temperature=0.8, seed=5, max_tokens=2000
    )
    with qtbot.waitSignal(controller.token_received, timeout=60_000):
        _send(qtbot, loaded_window, "Write a very long story about a castle.")
    transcript = loaded_window.workspace.transcript_model
    qtbot.waitUntil(lambda: len(transcript.message(1).text) > 40, timeout=60_000)
    loaded_window.close()
    assert controller.shutdown(2000), "quitting mid-reply must finish within 2 s"
    assert not controller.is_running()
    QApplication.processEvents()  # the stopped reply's last text reaches the history
    conversation = loaded_window.workspace.conversation_id
    assert conversation is not None
    reply = store.messages(conversation)[-1]
    assert reply.role == "assistant" and reply.state == "cancelled"
    assert len(reply.content) > 40
    assert reply.content == transcript.message(1).text


def test_send_without_model_explains(qtbot: QtBot, make_window: WindowFactory) -> None:
    # No model used before and none in the library: nothing to load for the message.
    window = make_window(include_starters=False)
    _send(qtbot, window, "hello")
    assert window.notice.isVisible()
    assert "No model is loaded" in window.notice.text()
    assert "Choose one with File → Open model" in window.notice.text()
    assert window.workspace.transcript_model.rowCount() == 0
    assert window.workspace.input.toPlainText() == "hello", "nothing the user typed is lost"


def test_message_too_long_for_context_gets_clear_error(
    qtbot: QtBot, loaded_window: MainWindow, controller: InferenceController
) -> None:
    loaded_window.workspace.input.setPlainText("lorem ipsum dolor " * 3000)
    with qtbot.waitSignal(controller.reply_failed, timeout=60_000) as blocker:
        qtbot.mouseClick(loaded_window.workspace.send_button, Qt.MouseButton.LeftButton)
    assert "too long" in blocker.args[1]
    reply = loaded_window.workspace.transcript_model.message(1)
    assert reply.state == ERROR
    assert "too long" in loaded_window.workspace.transcript.message_widget(1).footer.text()
    # The user's message is kept, and the app still answers afterwards.
    assert loaded_window.workspace.transcript_model.message(0).text.startswith("lorem")
    with qtbot.waitSignal(controller.reply_finished, timeout=60_000):
        _send(qtbot, loaded_window, "Hi")


def _paste(window: MainWindow, text: str) -> None:
    QGuiApplication.clipboard().setText(text)
    window.workspace.input.setFocus()
    window.workspace.input.paste()


def test_huge_paste_is_held_and_refused_without_freezing(
    qtbot: QtBot, loaded_window: MainWindow
) -> None:
    _paste(loaded_window, "x" * 5_000_000)
    assert loaded_window.workspace.input.toPlainText() == "[Pasted text #1: 5,000,000 characters]"
    qtbot.mouseClick(loaded_window.workspace.send_button, Qt.MouseButton.LeftButton)
    assert loaded_window.notice.isVisible()
    assert "5,000,000 characters long" in loaded_window.notice.text()
    assert loaded_window.workspace.transcript_model.rowCount() == 0
    assert len(loaded_window.workspace.input.message_text()) == 5_000_000, "the paste is not lost"


def test_large_paste_that_cannot_fit_gets_context_error(
    qtbot: QtBot, loaded_window: MainWindow, controller: InferenceController
) -> None:
    qtbot.keyClicks(loaded_window.workspace.input, "Summarise: ")
    _paste(loaded_window, "word " * 120_000)
    with qtbot.waitSignal(controller.reply_failed, timeout=60_000) as blocker:
        qtbot.mouseClick(loaded_window.workspace.send_button, Qt.MouseButton.LeftButton)
    assert "too long" in blocker.args[1]
    sent = loaded_window.workspace.transcript_model.message(0).text
    assert sent.startswith("Summarise: word word") and len(sent) > 500_000
    shown = loaded_window.workspace.transcript.message_widget(0).body.toPlainText()
    assert "more characters not shown" in shown


def test_corrupt_model_shows_message_and_keeps_loaded_model(
    qtbot: QtBot,
    loaded_window: MainWindow,
    controller: InferenceController,
    tmp_path: Path,
    smollm2: Path,
) -> None:
    bad = tmp_path / "broken.gguf"
    bad.write_bytes(smollm2.read_bytes()[:5_000_000])
    with qtbot.waitSignal(controller.model_load_failed, timeout=30_000):
        loaded_window.model_menu.load_model(str(bad))
    assert "not a valid GGUF" in loaded_window.notice.text()
    assert controller.model is not None
    with qtbot.waitSignal(controller.reply_finished, timeout=60_000):
        _send(qtbot, loaded_window, "Hi")
    assert loaded_window.workspace.transcript_model.message(1).state == COMPLETE


def test_stale_request_tokens_are_dropped(
    loaded_window: MainWindow, controller: InferenceController
) -> None:
    controller.token_received.emit(999, "stray", 1)
    assert loaded_window.workspace.transcript_model.rowCount() == 0


def test_transcript_model_passes_qt_model_tester(qtmodeltester: object) -> None:
    model = TranscriptModel()
    model.append_message(TranscriptMessage("user", "hi"))
    row = model.append_message(TranscriptMessage("assistant", "", "streaming"))
    model.append_text(row, "hello")
    model.finish(row, COMPLETE)
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_worker_thread_is_not_a_python_thread_leak(controller: InferenceController) -> None:
    before = threading.active_count()
    assert controller.is_running()
    assert threading.active_count() == before
