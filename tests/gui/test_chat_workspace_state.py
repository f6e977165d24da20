"""What the workspace keeps in step: a returning user's conversation is shown, not the
welcome panel; the version control never moves the actions; the context meter follows
version switches and deletions; clearing the search takes the highlight off."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from engine.chat.history_store import HistoryStore
from engine.llm.messages import Role
from gui.chat.message_widget import MessageWidget
from gui.chat.transcript_model import TranscriptMessage
from tests.gui.conftest import WindowFactory


def test_a_conversation_with_messages_is_shown_instead_of_the_welcome_panel(
    qtbot: QtBot, make_window: WindowFactory, store: HistoryStore
) -> None:
    chat = store.create_conversation("Birds")
    store.add_message(chat.id, "user", "Tell me about herons.")
    store.add_message(chat.id, "assistant", "Herons wait by the water.")
    window = make_window(include_starters=True)  # no model loaded, only the starter
    workspace = window.workspace
    welcome = window.models.welcome
    assert workspace.conversation_id == chat.id
    assert workspace.transcript.isVisible() and not welcome.isVisible()
    workspace.new_chat()  # an empty conversation: the welcome panel says what to do
    assert welcome.isVisible() and not workspace.transcript.isVisible()
    workspace.open_conversation(chat.id)
    assert workspace.transcript.isVisible() and not welcome.isVisible()


def test_the_version_control_does_not_move_the_actions(qtbot: QtBot) -> None:
    one = TranscriptMessage(role=Role.ASSISTANT, text="A reply.", message_id=1)
    two = TranscriptMessage(role=Role.ASSISTANT, text="A reply.", message_id=1, versions=2)
    widget = MessageWidget(one)
    qtbot.addWidget(widget)
    widget.resize(600, 200)
    widget.set_actions(one, is_last_reply=True, is_last_row=True, locked=False)
    widget.show()
    qtbot.waitExposed(widget)
    before = {action: button.x() for action, button in widget.buttons.items()}
    widget.set_actions(two, is_last_reply=True, is_last_row=True, locked=False)
    widget.update_from(two)
    qtbot.waitUntil(lambda: widget.version_label.isVisible())
    layout = widget.layout()
    assert layout is not None
    layout.activate()
    after = {action: button.x() for action, button in widget.buttons.items()}
    assert after["regenerate"] == before["regenerate"]
    assert after["edit"] == before["edit"]
    assert widget.version_label.x() > widget.buttons["delete"].x()


def test_the_context_meter_follows_version_switches_and_deletions(
    qtbot: QtBot, make_window: WindowFactory, store: HistoryStore
) -> None:
    chat = store.create_conversation("Versions")
    store.add_message(chat.id, "user", "Tell me about birds.")
    reply = store.add_message(chat.id, "assistant", "A heron.")
    store.finish_message(
        reply.id,
        content="A heron.",
        state="complete",
        stats={"prompt_tokens": 10, "completion_tokens": 5},
        error="",
    )
    second = store.add_version(reply.id, "Sparrows are small.")
    store.finish_message(
        second.id,
        content="Sparrows are small.",
        state="complete",
        stats={"prompt_tokens": 10, "completion_tokens": 50},
        error="",
    )
    window = make_window()
    workspace = window.workspace
    workspace.open_conversation(chat.id)
    assert workspace.context_used() == 60
    with qtbot.waitSignal(workspace.context_changed, timeout=1_000):
        workspace.transcript.message_widget(1).version_buttons["previous_version"].click()
    assert workspace.context_used() == 15
    workspace.ask_confirmation = lambda *_args: True  # type: ignore[method-assign]
    with qtbot.waitSignal(workspace.context_changed, timeout=1_000):
        workspace.transcript.message_widget(1).buttons["delete"].click()


def test_clearing_the_search_takes_the_highlight_off(
    qtbot: QtBot, make_window: WindowFactory, store: HistoryStore
) -> None:
    chat = store.create_conversation("Birds")
    store.add_message(chat.id, "user", "Tell me about the kingfisher.")
    store.add_message(chat.id, "assistant", "It dives for fish.")
    window = make_window()
    workspace = window.workspace
    workspace.new_chat()
    qtbot.keyClicks(workspace.sidebar.search, "kingfisher")
    model = workspace.conversation_model
    qtbot.waitUntil(lambda: model.hit_message(chat.id) is not None, timeout=3_000)
    row = model.row_of(chat.id)
    assert row is not None
    workspace.sidebar.list.clicked.emit(model.index(row))
    widget = workspace.transcript.message_widget(0)
    assert widget.highlighted
    qtbot.keyClick(workspace.sidebar.search, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not widget.highlighted, timeout=3_000)
