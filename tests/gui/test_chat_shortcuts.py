"""Chat keyboard use: Esc stops a reply wherever the focus is in the window (Chat →
Stop), but leaves Esc to dialogs and to the search box; Delete and F2 in the chat list;
the delete question defaults to No."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from engine.chat.history_store import HistoryStore
from engine.llm.parameters import SamplingSettings
from gui.inference.controller import InferenceController
from gui.main_window import MainWindow

LONG_REPLY = SamplingSettings(temperature=0.8, seed=5, max_tokens=600)


def _start_long_reply(qtbot: QtBot, window: MainWindow, text: str) -> int:
    """Send ``text`` and wait for the reply's first words; the reply's message id."""
    workspace = window.workspace
    workspace.chat.sampling = LONG_REPLY
    with qtbot.waitSignal(workspace.chat.reply_text_added, timeout=60_000) as added:
        workspace.input.setPlainText(text)
        qtbot.keyClick(workspace.input, Qt.Key.Key_Return)
    return int(added.args[1])


def _focus(qtbot: QtBot, widget: QWidget) -> None:
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus, timeout=5_000)


def test_chat_menu_has_stop_on_escape_enabled_only_while_streaming(
    qtbot: QtBot, loaded_window: MainWindow, controller: InferenceController
) -> None:
    menu = loaded_window.findChild(QMenu, "chatMenu")
    assert menu is not None
    stop = loaded_window.workspace.stop_action
    assert stop in menu.actions() and loaded_window.workspace.new_chat_action in menu.actions()
    assert stop.shortcut() == QKeySequence(Qt.Key.Key_Escape)
    assert not stop.isEnabled()
    _start_long_reply(qtbot, loaded_window, "Write a very long story about a lighthouse.")
    assert stop.isEnabled()
    with qtbot.waitSignal(controller.reply_finished, timeout=10_000):
        stop.trigger()
    assert not stop.isEnabled()


@pytest.mark.parametrize("where", ["sidebar", "picker", "transcript"])
def test_escape_stops_the_reply_wherever_the_focus_is(
    qtbot: QtBot,
    loaded_window: MainWindow,
    controller: InferenceController,
    store: HistoryStore,
    where: str,
) -> None:
    loaded_window.activateWindow()
    qtbot.waitUntil(loaded_window.isActiveWindow, timeout=5_000)
    reply = _start_long_reply(qtbot, loaded_window, "Write a very long poem about the sea.")
    target: QWidget = {
        "sidebar": loaded_window.workspace.sidebar.list,
        "picker": loaded_window.model_menu.picker,
        "transcript": loaded_window.workspace.transcript,
    }[where]
    _focus(qtbot, target)
    with qtbot.waitSignal(controller.reply_finished, timeout=10_000) as finished:
        qtbot.keyClick(target, Qt.Key.Key_Escape)
    assert finished.args[2].finish_reason == "cancelled"
    qtbot.waitUntil(lambda: not loaded_window.workspace.is_streaming, timeout=5_000)
    assert store.message(reply).state == "cancelled"


def test_escape_clears_the_search_first_and_then_stops(
    qtbot: QtBot, loaded_window: MainWindow, controller: InferenceController
) -> None:
    loaded_window.activateWindow()
    qtbot.waitUntil(loaded_window.isActiveWindow, timeout=5_000)
    _start_long_reply(qtbot, loaded_window, "Write a very long story about a river.")
    search = loaded_window.workspace.sidebar.search
    _focus(qtbot, search)
    qtbot.keyClicks(search, "river")
    qtbot.keyClick(search, Qt.Key.Key_Escape)
    assert search.text() == ""
    assert loaded_window.workspace.is_streaming, "clearing the search does not stop the reply"
    with qtbot.waitSignal(controller.reply_finished, timeout=10_000) as finished:
        qtbot.keyClick(search, Qt.Key.Key_Escape)
    assert finished.args[2].finish_reason == "cancelled"


def test_escape_in_a_dialog_closes_the_dialog_not_the_reply(
    qtbot: QtBot, loaded_window: MainWindow, controller: InferenceController
) -> None:
    _start_long_reply(qtbot, loaded_window, "Write a very long story about a mountain.")
    still_streaming: list[bool] = []

    def press_escape() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)
        still_streaming.append(loaded_window.workspace.is_streaming)

    QTimer.singleShot(100, press_escape)
    assert loaded_window.workspace.ask_text("Rename conversation", "Title:", "x") is None
    assert still_streaming == [True]
    with qtbot.waitSignal(controller.reply_finished, timeout=10_000):
        loaded_window.workspace.stop_action.trigger()


def test_delete_and_f2_in_the_chat_list(
    qtbot: QtBot, window: MainWindow, store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = window.workspace
    first = workspace.conversation_id or 0
    store.rename_conversation(first, "Keep me")
    doomed = store.create_conversation("Delete me").id
    workspace.refresh_sidebar()
    workspace.open_conversation(doomed)
    asked: list[str] = []

    def confirm(_title: str, text: str) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(workspace, "ask_confirmation", confirm)
    monkeypatch.setattr(workspace, "ask_text", lambda *_a, **_k: "Renamed")
    _focus(qtbot, workspace.sidebar.list)
    qtbot.keyClick(workspace.sidebar.list, Qt.Key.Key_F2)
    assert store.conversation(doomed).title == "Renamed"
    qtbot.keyClick(workspace.sidebar.list, Qt.Key.Key_Delete)
    assert asked and "Renamed" in asked[0]
    assert [c.id for c in store.conversations()] == [first]
    assert workspace.conversation_id == first


def test_delete_question_defaults_to_no(
    qtbot: QtBot, window: MainWindow, store: HistoryStore
) -> None:
    kept = store.create_conversation("Stray Enter").id
    window.workspace.refresh_sidebar()
    shown: list[QMessageBox.StandardButton] = []

    def press_enter() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        shown.append(box.standardButton(box.defaultButton()))
        qtbot.keyClick(box, Qt.Key.Key_Return)

    QTimer.singleShot(100, press_enter)
    window.workspace.delete_conversation(kept)
    assert shown == [QMessageBox.StandardButton.No]
    assert store.conversation(kept).title == "Stray Enter"


def test_esc_in_the_translate_view_leaves_a_chat_reply_running(
    qtbot: QtBot, loaded_window: MainWindow, controller: InferenceController
) -> None:
    from gui.main_window import Mode

    workspace = loaded_window.workspace
    workspace.chat.sampling = SamplingSettings(temperature=0.8, seed=3, max_tokens=400)
    with qtbot.waitSignal(controller.token_received, timeout=60_000):
        workspace.input.setPlainText("Write a long story about a lighthouse.")
        workspace.send_button.click()
    loaded_window.show_mode(Mode.TRANSLATE)
    workspace.stop_action.trigger()  # what Esc does
    assert workspace.is_streaming
    loaded_window.show_mode(Mode.CHAT)
    workspace.stop_action.trigger()
    qtbot.waitUntil(lambda: not workspace.is_streaming, timeout=10_000)
