"""Searching chats in the thinking of replies, as the user chooses: off by default,
a hit found there says so, and opens at its message like any other."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from engine.chat.history_records import MATCH_END, MATCH_START
from engine.chat.history_store import HistoryStore
from gui.chat.conversation_list_model import THINKING_LABEL, ConversationListModel
from tests.gui.conftest import WindowFactory


def _snippet(model: ConversationListModel, conversation_id: int) -> str:
    row = model.row_of(conversation_id)
    return "" if row is None else str(model.index(row).data(ConversationListModel.SnippetRole))


def _in_thinking(model: ConversationListModel, conversation_id: int) -> bool:
    row = model.row_of(conversation_id)
    return row is not None and bool(model.index(row).data(ConversationListModel.InReasoningRole))


def test_include_thinking_finds_words_only_the_thinking_holds(
    qtbot: QtBot, make_window: WindowFactory, store: HistoryStore
) -> None:
    chat = store.create_conversation("Birds")
    store.add_message(chat.id, "user", "Which bird dives for fish?")
    reply = store.add_message(
        chat.id,
        "assistant",
        "The kingfisher dives for fish.",
        reasoning="A bird that dives: the osprey does, but the kingfisher is smaller.",
    )
    store.create_conversation("Other")
    window = make_window()
    workspace = window.workspace
    workspace.show_placeholder(False)
    sidebar = workspace.sidebar
    model = workspace.conversation_model
    box = sidebar.include_thinking
    assert not box.isChecked() and box.text() == "Include thinking"
    assert box.accessibleName()

    # Off: the word only the thinking holds finds nothing.
    sidebar.search.setText("osprey")
    qtbot.waitUntil(lambda: model.index(0).data() == "Nothing found", timeout=3_000)
    assert model.row_of(chat.id) is None

    # On: found, and the row says where.
    box.click()
    qtbot.waitUntil(lambda: model.hit_message(chat.id) == reply.id, timeout=3_000)
    snippet = _snippet(model, chat.id)
    assert _in_thinking(model, chat.id) and not snippet.startswith(THINKING_LABEL)
    assert f"{MATCH_START}osprey{MATCH_END}" in snippet
    row = model.row_of(chat.id)
    assert row is not None
    tooltip = str(model.index(row).data(Qt.ItemDataRole.ToolTipRole))
    assert tooltip.startswith(THINKING_LABEL)
    window.grab()  # paints the row with its prefix

    # A word in the answer is an answer hit, not labelled, with the box on as well.
    sidebar.search.setText("kingfisher")
    qtbot.waitUntil(lambda: f"{MATCH_START}kingfisher" in _snippet(model, chat.id), timeout=3_000)
    assert not _in_thinking(model, chat.id)

    # Jumping to a thinking hit opens the conversation at that reply, highlighted.
    sidebar.search.setText("osprey")
    qtbot.waitUntil(lambda: f"{MATCH_START}osprey" in _snippet(model, chat.id), timeout=3_000)
    row = model.row_of(chat.id)
    assert row is not None
    sidebar.list.clicked.emit(model.index(row))
    assert workspace.conversation_id == chat.id
    found = workspace.transcript_model.row_of(reply.id)
    assert found is not None and workspace.transcript.message_widget(found).highlighted

    # The choice is kept for the session: a new chat clears the text, not the box.
    workspace.new_chat()
    assert sidebar.search.text() == "" and box.isChecked()

    # Off again: the thinking is left out at once.
    sidebar.search.setText("osprey")
    qtbot.waitUntil(lambda: model.hit_message(chat.id) == reply.id, timeout=3_000)
    box.click()
    assert model.row_of(chat.id) is None


def test_an_answer_that_starts_like_the_label_is_not_a_thinking_hit(
    qtbot: QtBot, make_window: WindowFactory, store: HistoryStore
) -> None:
    chat = store.create_conversation("Labels")
    store.add_message(chat.id, "user", "Where was it?")
    store.add_message(chat.id, "assistant", "in thinking: the heron waits.", reasoning="Hm.")
    window = make_window()
    workspace = window.workspace
    workspace.show_placeholder(False)
    model = workspace.conversation_model
    workspace.sidebar.include_thinking.click()
    workspace.sidebar.search.setText("heron")
    qtbot.waitUntil(lambda: f"{MATCH_START}heron" in _snippet(model, chat.id), timeout=3_000)
    # Found in the answer: no label, though the answer's words are the label's.
    assert not _in_thinking(model, chat.id)
    row = model.row_of(chat.id)
    assert row is not None
    tooltip = str(model.index(row).data(Qt.ItemDataRole.ToolTipRole))
    assert tooltip.startswith("in thinking: the heron") and tooltip.count(THINKING_LABEL) == 1
    window.grab()
