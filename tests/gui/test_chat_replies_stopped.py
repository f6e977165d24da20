"""Replies that end early: stopped before the first token, or failed after some text;
and the statistics line leaves out what was not measured."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from engine.chat.history_store import HistoryStore, MessageState
from engine.llm.generation import ReplyStats
from engine.llm.messages import FinishReason
from engine.llm.parameters import SamplingSettings
from gui.chat.transcript_view import format_stats
from gui.inference.controller import InferenceController
from gui.main_window import MainWindow


def _send(qtbot: QtBot, window: MainWindow, text: str) -> None:
    window.workspace.input.setPlainText(text)
    qtbot.keyClick(window.workspace.input, Qt.Key.Key_Return)


def _shown(window: MainWindow, row: int) -> set[str]:
    widget = window.workspace.transcript.message_widget(row)
    return {action for action, button in widget.buttons.items() if not button.isHidden()}


def test_a_reply_stopped_before_its_first_token_says_so_and_can_be_regenerated(
    qtbot: QtBot, loaded_window: MainWindow
) -> None:
    workspace = loaded_window.workspace
    with qtbot.waitSignal(workspace.chat.reply_ended, timeout=60_000):
        _send(qtbot, loaded_window, "Hello")
        workspace.chat.stop()
    row = workspace.transcript_model.rowCount() - 1
    assert workspace.transcript_model.message(row).text == ""
    footer = workspace.transcript.message_widget(row).footer.text()
    assert footer == "Stopped before the first token"
    assert "regenerate" in _shown(loaded_window, row)


def test_a_reply_that_fails_after_some_text_can_be_continued(
    qtbot: QtBot, loaded_window: MainWindow, controller: InferenceController, store: HistoryStore
) -> None:
    workspace = loaded_window.workspace
    workspace.chat.sampling = SamplingSettings(temperature=0, seed=1, max_tokens=40)
    failed: list[int] = []

    def drop_connection(request_id: int, _text: str, _count: int) -> None:
        # What the inference thread says when a remote engine drops the connection.
        if not failed:
            failed.append(request_id)
            controller.reply_failed.emit(request_id, "The server closed the connection")
            controller.cancel(request_id)

    controller.token_received.connect(drop_connection)
    with qtbot.waitSignal(workspace.chat.reply_ended, timeout=60_000):
        _send(qtbot, loaded_window, "List the days of the week.")
    controller.token_received.disconnect(drop_connection)
    row = workspace.transcript_model.rowCount() - 1
    reply = store.message(workspace.transcript_model.message(row).message_id)
    assert reply.content and reply.state == MessageState.INTERRUPTED
    footer = workspace.transcript.message_widget(row).footer.text()
    assert "The server closed the connection" in footer
    assert {"continue", "regenerate"} <= _shown(loaded_window, row)
    qtbot.waitUntil(lambda: not workspace.is_streaming, timeout=30_000)


def test_the_statistics_leave_out_rates_that_are_zero() -> None:
    remote = ReplyStats(
        prompt_tokens=20,
        cached_tokens=0,
        completion_tokens=12,
        ttft_s=0.5,
        prefill_tps=0.0,
        decode_tps=30.0,
        finish_reason=FinishReason.STOP,
    )
    assert format_stats(remote) == "30.0 tok/s · first token 0.50 s · 12 tokens"
    stopped = ReplyStats(
        prompt_tokens=20,
        cached_tokens=0,
        completion_tokens=0,
        ttft_s=8.06,
        prefill_tps=0.0,
        decode_tps=0.0,
        finish_reason=FinishReason.CANCELLED,
    )
    assert format_stats(stopped) == "stopped before the first token"
