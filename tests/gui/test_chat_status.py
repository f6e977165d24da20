"""The status bar tells the truth about the open conversation and the model: another
conversation's reply does not put its statistics there, and Unload says so."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStatusBar
from pytestqt.qtbot import QtBot

from engine.llm.parameters import SamplingSettings
from gui.inference.controller import InferenceController
from gui.main_window import MainWindow, Mode
from gui.status_line import StatusLine


def test_status_bar_shows_the_open_conversations_stats(
    qtbot: QtBot, loaded_window: MainWindow
) -> None:
    workspace, stats = loaded_window.workspace, loaded_window.status.stats_label
    workspace.chat.sampling = SamplingSettings(temperature=0.8, seed=5, max_tokens=150)
    first = workspace.conversation_id or 0
    with qtbot.waitSignal(workspace.chat.reply_text_added, timeout=60_000):
        workspace.input.setPlainText("Write a poem about the moon.")
        qtbot.keyClick(workspace.input, Qt.Key.Key_Return)
    assert stats.text() == "Generating…"
    with qtbot.waitSignal(workspace.chat.reply_ended, timeout=60_000) as ended:
        workspace.new_chat()
        assert "Generating" not in stats.text(), "the new chat is not generating"
    assert ended.args[0] == first
    assert "tok/s" not in stats.text(), "the first chat's stats are not the open one's"
    workspace.open_conversation(first)
    assert "tok/s" in stats.text()
    workspace.new_chat()
    assert stats.text() == ""


def test_switching_chats_keeps_a_model_event_in_the_status_bar(
    qtbot: QtBot, loaded_window: MainWindow
) -> None:
    stats = loaded_window.status.stats_label
    assert stats.text().startswith("Model loaded")
    loaded_window.workspace.new_chat()
    loaded_window.workspace.open_conversation(loaded_window.workspace.conversation_id or 0)
    assert stats.text().startswith("Model loaded")


def test_unload_says_no_model_is_loaded(
    qtbot: QtBot, loaded_window: MainWindow, controller: InferenceController
) -> None:
    with qtbot.waitSignal(controller.model_unloaded, timeout=10_000):
        loaded_window.model_menu.unload_action.trigger()
    assert "Model loaded" not in loaded_window.status.stats_label.text()
    assert "no model is loaded" in loaded_window.status.stats_label.text()
    assert loaded_window.status.model_label.text() == "No model loaded"


def test_translate_mode_hides_the_chats_stats_and_context_meter(
    qtbot: QtBot, loaded_window: MainWindow
) -> None:
    workspace, status = loaded_window.workspace, loaded_window.status
    workspace.chat.sampling = SamplingSettings(temperature=0.0, seed=1, max_tokens=8)
    with qtbot.waitSignal(workspace.chat.reply_ended, timeout=60_000):
        workspace.input.setPlainText("Say hello.")
        qtbot.keyClick(workspace.input, Qt.Key.Key_Return)
    assert "tok/s" in status.stats_label.text()
    loaded_window.show_mode(Mode.TRANSLATE)
    assert "tok/s" not in status.stats_label.text(), "a chat reply's stats, not a translation's"
    assert status.context_meter.isHidden(), "the meter measures the conversation"
    loaded_window.show_mode(Mode.CHAT)
    assert "tok/s" in status.stats_label.text()
    assert not status.context_meter.isHidden()


def test_a_model_event_stays_shown_in_translate_mode(
    qtbot: QtBot, loaded_window: MainWindow
) -> None:
    stats = loaded_window.status.stats_label
    loaded_window.show_mode(Mode.TRANSLATE)
    loaded_window.show_mode(Mode.TRANSLATE)  # Ctrl+T again changes nothing
    assert stats.text().startswith("Model loaded")
    loaded_window.show_mode(Mode.CHAT)
    assert stats.text().startswith("Model loaded")


def test_news_in_translate_mode_is_shown_and_kept_for_chat_mode(
    qtbot: QtBot, loaded_window: MainWindow
) -> None:
    workspace, stats = loaded_window.workspace, loaded_window.status.stats_label
    loaded_window.show_mode(Mode.TRANSLATE)
    # An export (File menu) or Stop (Esc) works in Translate mode: its line is news.
    workspace.status_message.emit("Exported to notes.md")
    assert stats.text() == "Exported to notes.md"
    loaded_window.show_mode(Mode.CHAT)
    assert stats.text() == "Exported to notes.md"
    loaded_window.show_mode(Mode.TRANSLATE)
    assert stats.text() == ""


def test_the_meter_warns_while_the_conversation_nearly_fills_the_context(
    qtbot: QtBot, loaded_window: MainWindow, controller: InferenceController
) -> None:
    model = controller.model
    assert model is not None
    used = [20]
    bar = QStatusBar()
    qtbot.addWidget(bar)
    status = StatusLine(bar, controller, lambda: used[0])
    meter = status.context_meter
    status.refresh_context()
    assert meter.property("warning") is False
    assert meter.format().startswith("ctx 20/")
    used[0] = int(model.n_ctx * 0.9)
    status.refresh_context()
    assert meter.property("warning") is True
    assert "nearly fills" in meter.toolTip()
    assert "nearly fills" in meter.accessibleDescription()
    status.refresh_context()  # the same reading again changes nothing
    assert meter.property("warning") is True
    used[0] = 21
    status.refresh_context()
    assert meter.property("warning") is False
    assert "nearly fills" not in meter.toolTip()
    assert meter.format().startswith("ctx 21/")
    used[0] = int(model.n_ctx * 0.9)
    status.refresh_context()
    with qtbot.waitSignal(controller.model_unloaded, timeout=10_000):
        loaded_window.model_menu.unload_action.trigger()
    assert meter.format() == "ctx –"
    assert meter.property("warning") is False, "no model: nothing to warn about"


def test_a_long_status_line_is_cut_with_an_ellipsis_and_whole_in_its_tooltip(
    qtbot: QtBot, controller: InferenceController
) -> None:
    bar = QStatusBar()
    qtbot.addWidget(bar)
    status = StatusLine(bar, controller, lambda: None)
    line = "Model loaded in 0.3 s · CPU only: this build of llama.cpp has no GPU backend (see…)"
    status.show_message(line)
    bar.resize(260, 30)
    bar.show()
    qtbot.waitExposed(bar)
    label = status.stats_label
    assert label.width() < label.fontMetrics().horizontalAdvance(line)
    assert label.text() == line and label.shown_text().endswith("…")
    assert label.toolTip() and line in label.toolTip()
    bar.resize(1600, 30)
    qtbot.waitUntil(lambda: label.shown_text() == line)
    assert label.toolTip() == ""
