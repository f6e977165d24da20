"""The chat workspace with the real worker and SmolLM2: history, actions, sidebar."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from engine.chat.history_store import HistoryStore, StoredMessage
from engine.llm.parameters import SamplingSettings
from gui.chat import workspace_transcript
from gui.chat.conversation_list_model import ConversationListModel
from gui.inference.controller import InferenceController
from gui.main_window import MainWindow
from tests.gui.conftest import WindowFactory


def _send_and_wait(qtbot: QtBot, window: MainWindow, text: str) -> None:
    with qtbot.waitSignal(window.workspace.chat.reply_ended, timeout=60_000):
        window.workspace.input.setPlainText(text)
        qtbot.keyClick(window.workspace.input, Qt.Key.Key_Return)


def _visible_titles(window: MainWindow) -> list[str]:
    model = window.workspace.conversation_model
    return [
        model.index(row).data()
        for row in range(model.rowCount())
        if not model.index(row).data(ConversationListModel.IsHeaderRole)
    ]


def test_user_message_is_committed_before_the_reply_and_reply_saved(
    qtbot: QtBot, loaded_window: MainWindow, store: HistoryStore
) -> None:
    conversation = loaded_window.workspace.conversation_id
    assert conversation is not None
    seen_at_first_token: list[list[str]] = []

    def on_text(*_args: object) -> None:
        if not seen_at_first_token:
            seen_at_first_token.append([m.role for m in store.messages(conversation)])

    loaded_window.workspace.chat.reply_text_added.connect(on_text)
    _send_and_wait(qtbot, loaded_window, "Name three colours.")
    assert seen_at_first_token == [["user", "assistant"]]
    user, reply = store.messages(conversation)
    assert user.content == "Name three colours."
    assert reply.state == "complete" and reply.content.strip()
    assert reply.stats is not None and reply.stats["completion_tokens"] > 0
    assert reply.model_path.endswith(".gguf")
    assert reply.sampling is not None and reply.sampling["seed"] == 7
    # The conversation took its title from the first message.
    assert store.conversation(conversation).title == "Name three colours."
    assert loaded_window.workspace.header.title_label.text() == "Name three colours."


def test_streaming_reply_is_saved_while_it_streams(
    qtbot: QtBot, loaded_window: MainWindow, store: HistoryStore
) -> None:
    loaded_window.workspace.chat.sampling = SamplingSettings(
        temperature=0.8, seed=5, max_tokens=1500
    )
    with qtbot.waitSignal(loaded_window.workspace.chat.reply_started, timeout=10_000) as started:
        loaded_window.workspace.input.setPlainText("Write a very long story about a dragon.")
        qtbot.keyClick(loaded_window.workspace.input, Qt.Key.Key_Return)
    message_id = started.args[1]
    qtbot.waitUntil(lambda: len(store.message(message_id).content) > 20, timeout=10_000)
    assert store.message(message_id).state == "streaming"
    with qtbot.waitSignal(loaded_window.workspace.chat.reply_ended, timeout=10_000):
        loaded_window.workspace.stop_button.click()
    saved = store.message(message_id)
    assert saved.state == "cancelled"
    assert saved.content == loaded_window.workspace.transcript_model.message(1).text


def test_regenerate_replaces_the_last_reply(
    qtbot: QtBot, loaded_window: MainWindow, store: HistoryStore
) -> None:
    loaded_window.workspace.chat.sampling = SamplingSettings(temperature=1.0, seed=1, max_tokens=30)
    _send_and_wait(qtbot, loaded_window, "Say something surprising.")
    first = loaded_window.workspace.transcript_model.message(1)
    loaded_window.workspace.chat.sampling = SamplingSettings(
        temperature=1.0, seed=99, max_tokens=30
    )
    widget = loaded_window.workspace.transcript.message_widget(1)
    assert not widget.buttons["regenerate"].isHidden()
    with qtbot.waitSignal(loaded_window.workspace.chat.reply_ended, timeout=60_000):
        widget.buttons["regenerate"].click()
    messages = store.messages(loaded_window.workspace.conversation_id or 0)
    assert [m.role for m in messages] == ["user", "assistant"]
    assert messages[1].id != first.message_id
    assert messages[1].content != first.text
    assert loaded_window.workspace.transcript_model.rowCount() == 2
    # The first reply is kept as a version: ‹ 2/2 › switches back to it.
    widget = loaded_window.workspace.transcript.message_widget(1)
    assert widget.version_label.text() == "2/2" and not widget.version_label.isHidden()
    widget.version_buttons["previous_version"].click()
    assert loaded_window.workspace.transcript_model.message(1).text == first.text
    shown = loaded_window.workspace.transcript.message_widget(1)
    assert shown.version_label.text() == "1/2"
    assert not shown.version_buttons["previous_version"].isEnabled()


def test_edit_in_place_sends_a_new_branch_and_keeps_the_old_one(
    qtbot: QtBot, loaded_window: MainWindow, store: HistoryStore
) -> None:
    _send_and_wait(qtbot, loaded_window, "What is the capital of France?")
    _send_and_wait(qtbot, loaded_window, "And of Spain?")
    workspace = loaded_window.workspace
    old = [workspace.transcript_model.message(row).text for row in range(4)]
    widget = workspace.transcript.message_widget(0)
    widget.buttons["edit"].click()
    # The message turns into a box of its own, saying what sending does.
    assert widget.editing and widget.editor.input.toPlainText() == old[0]
    assert "3 later messages are replaced" in widget.editor.note.text()
    widget.editor.input.clear()
    qtbot.keyClicks(widget.editor.input, "What is the capital of")
    qtbot.keyClick(widget.editor.input, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(widget.editor.input, "Italy?")
    with qtbot.waitSignal(workspace.chat.reply_ended, timeout=60_000):
        qtbot.keyClick(widget.editor.input, Qt.Key.Key_Return)
    messages = store.messages(workspace.conversation_id or 0)
    assert [m.content for m in messages[:1]] == ["What is the capital of\nItaly?"]
    assert len(messages) == 2 and messages[1].state == "complete"
    assert workspace.transcript_model.rowCount() == 2
    # ‹ on the edited message brings the old branch back, nothing lost.
    edited = workspace.transcript.message_widget(0)
    assert edited.version_label.text() == "2/2"
    edited.version_buttons["previous_version"].click()
    assert [workspace.transcript_model.message(row).text for row in range(4)] == old


def test_esc_cancels_an_edit_and_a_reply_edit_is_saved_without_generating(
    qtbot: QtBot, loaded_window: MainWindow, store: HistoryStore
) -> None:
    _send_and_wait(qtbot, loaded_window, "Say hello.")
    workspace = loaded_window.workspace
    reply = workspace.transcript.message_widget(1)
    reply.buttons["edit"].click()
    qtbot.keyClick(reply.editor.input, Qt.Key.Key_Escape)
    assert not reply.editing and not reply.body.isHidden()
    reply.buttons["edit"].click()
    assert "no new reply is written" in reply.editor.note.text()
    reply.editor.input.setPlainText("Hello, edited by hand.")
    qtbot.keyClick(reply.editor.input, Qt.Key.Key_Return)
    assert not workspace.chat.busy  # saved as it is: nothing generates
    messages = store.messages(workspace.conversation_id or 0)
    assert messages[1].content == "Hello, edited by hand."
    assert (messages[1].version, messages[1].versions) == (2, 2)
    assert messages[1].model_path.endswith(".gguf")
    assert workspace.transcript_model.message(1).text == "Hello, edited by hand."


def test_continue_extends_a_length_cut_reply(
    qtbot: QtBot, loaded_window: MainWindow, store: HistoryStore
) -> None:
    loaded_window.workspace.chat.sampling = SamplingSettings(temperature=0, seed=1, max_tokens=6)
    _send_and_wait(qtbot, loaded_window, "List the days of the week.")
    cut = loaded_window.workspace.transcript_model.message(1)
    assert cut.stats is not None and cut.stats.finish_reason == "length"
    button = loaded_window.workspace.transcript.message_widget(1).buttons["continue"]
    assert not button.isHidden()
    with qtbot.waitSignal(loaded_window.workspace.chat.reply_ended, timeout=60_000):
        button.click()
    continued = store.message(cut.message_id)
    assert continued.content.startswith(cut.text)
    assert len(continued.content) > len(cut.text)
    assert loaded_window.workspace.transcript_model.rowCount() == 2


def test_delete_message_and_copy(
    qtbot: QtBot, loaded_window: MainWindow, store: HistoryStore
) -> None:
    from PySide6.QtGui import QGuiApplication

    _send_and_wait(qtbot, loaded_window, "Hello!")
    reply = loaded_window.workspace.transcript_model.message(1)
    with qtbot.waitSignal(loaded_window.workspace.status_message) as said:
        loaded_window.workspace.transcript.message_widget(1).buttons["copy"].click()
    assert QGuiApplication.clipboard().text() == reply.text
    assert said.args == ["Message copied to the clipboard"]  # the user is told
    asked: list[str] = []
    answers = iter([False, True])

    def answer(_title: str, text: str) -> bool:
        asked.append(text)
        return next(answers)

    loaded_window.workspace.ask_confirmation = answer  # type: ignore[method-assign]
    loaded_window.workspace.transcript.message_widget(1).buttons["delete"].click()
    assert loaded_window.workspace.transcript_model.rowCount() == 2  # No: nothing deleted
    loaded_window.workspace.transcript.message_widget(1).buttons["delete"].click()
    assert "cannot be undone" in asked[0]
    assert [m.role for m in store.messages(loaded_window.workspace.conversation_id or 0)] == [
        "user"
    ]
    assert loaded_window.workspace.transcript_model.rowCount() == 1
    # The user message left without a reply offers one.
    button = loaded_window.workspace.transcript.message_widget(0).buttons["reply"]
    assert not button.isHidden()
    with qtbot.waitSignal(loaded_window.workspace.chat.reply_ended, timeout=60_000):
        button.click()
    assert [m.role for m in store.messages(loaded_window.workspace.conversation_id or 0)] == [
        "user",
        "assistant",
    ]
    assert loaded_window.workspace.transcript.message_widget(0).buttons["reply"].isHidden()


def test_switching_conversations_mid_reply_neither_stops_nor_corrupts_it(
    qtbot: QtBot, loaded_window: MainWindow, store: HistoryStore
) -> None:
    loaded_window.workspace.chat.sampling = SamplingSettings(
        temperature=0.8, seed=5, max_tokens=150
    )
    first_chat = loaded_window.workspace.conversation_id
    streamed: list[str] = []
    loaded_window.workspace.chat.reply_text_added.connect(
        lambda _c, _m, text: streamed.append(text)
    )
    with qtbot.waitSignal(loaded_window.workspace.chat.reply_text_added, timeout=60_000):
        loaded_window.workspace.input.setPlainText("Write a poem about autumn leaves.")
        qtbot.keyClick(loaded_window.workspace.input, Qt.Key.Key_Return)
    with qtbot.waitSignal(loaded_window.workspace.chat.reply_ended, timeout=60_000) as ended:
        qtbot.keyClick(loaded_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        second_chat = loaded_window.workspace.conversation_id
        assert second_chat != first_chat
        assert loaded_window.workspace.transcript_model.rowCount() == 0
    assert ended.args[0] == first_chat
    assert loaded_window.workspace.transcript_model.rowCount() == 0, "the other chat stays empty"
    reply = store.messages(first_chat or 0)[1]
    assert reply.state == "complete"
    assert reply.content == "".join(streamed)
    loaded_window.workspace.open_conversation(first_chat or 0)
    assert loaded_window.workspace.transcript_model.message(1).text == reply.content


def test_switching_back_mid_reply_shows_the_live_text(
    qtbot: QtBot, loaded_window: MainWindow, store: HistoryStore
) -> None:
    loaded_window.workspace.chat.sampling = SamplingSettings(
        temperature=0.8, seed=5, max_tokens=400
    )
    first_chat = loaded_window.workspace.conversation_id or 0
    with qtbot.waitSignal(loaded_window.workspace.chat.reply_text_added, timeout=60_000):
        loaded_window.workspace.input.setPlainText("Write a long story about a fox.")
        qtbot.keyClick(loaded_window.workspace.input, Qt.Key.Key_Return)
    loaded_window.workspace.new_chat()
    with qtbot.waitSignal(loaded_window.workspace.chat.reply_text_added, timeout=10_000):
        pass
    loaded_window.workspace.open_conversation(first_chat)
    with qtbot.waitSignal(loaded_window.workspace.chat.reply_ended, timeout=60_000):
        pass
    assert (
        loaded_window.workspace.transcript_model.message(1).text
        == store.messages(first_chat)[1].content
    )


def test_search_filters_by_title_and_content(
    qtbot: QtBot, loaded_window: MainWindow, store: HistoryStore
) -> None:
    a = store.create_conversation("Gardening tips")
    store.add_message(a.id, "user", "When should I plant tulips?")
    b = store.create_conversation("Holiday")
    store.add_message(b.id, "user", "Ideas for a trip to Lisbon")
    loaded_window.workspace.refresh_sidebar()
    assert {"Gardening tips", "Holiday"} <= set(_visible_titles(loaded_window))
    qtbot.keyClicks(loaded_window.workspace.sidebar.search, "lisbon")
    qtbot.waitUntil(lambda: _visible_titles(loaded_window) == ["Holiday"], timeout=3000)
    loaded_window.workspace.sidebar.search.clear()
    loaded_window.workspace.sidebar.search.setText("garden")
    qtbot.waitUntil(lambda: _visible_titles(loaded_window) == ["Gardening tips"], timeout=3000)
    loaded_window.workspace.sidebar.search.clear()
    qtbot.waitUntil(lambda: len(_visible_titles(loaded_window)) >= 3, timeout=3000)
    # Picking a result opens it.
    row = loaded_window.workspace.conversation_model.row_of(b.id)
    assert row is not None
    index = loaded_window.workspace.conversation_model.index(row)
    rect = loaded_window.workspace.sidebar.list.visualRect(index)
    qtbot.mouseClick(
        loaded_window.workspace.sidebar.list.viewport(),
        Qt.MouseButton.LeftButton,
        pos=rect.center(),
    )
    assert loaded_window.workspace.conversation_id == b.id
    assert loaded_window.workspace.transcript_model.message(0).text == "Ideas for a trip to Lisbon"


def test_sidebar_groups_by_day(loaded_window: MainWindow, store: HistoryStore) -> None:
    import time

    store.create_conversation("Long ago", created_at=time.time() - 400 * 86400)
    loaded_window.workspace.refresh_sidebar()
    model = loaded_window.workspace.conversation_model
    headers = [
        model.index(r).data()
        for r in range(model.rowCount())
        if model.index(r).data(ConversationListModel.IsHeaderRole)
    ]
    assert headers[0] == "Today"
    assert len(headers) == 2
    assert not model.flags(model.index(0)) & Qt.ItemFlag.ItemIsSelectable


def test_delete_conversation_asks_and_removes(
    qtbot: QtBot, loaded_window: MainWindow, store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    _send_and_wait(qtbot, loaded_window, "Remember the word pineapple.")
    doomed = loaded_window.workspace.conversation_id or 0
    monkeypatch.setattr(loaded_window.workspace, "ask_confirmation", lambda *_a: False)
    loaded_window.workspace.delete_conversation(doomed)
    assert store.conversation(doomed)
    monkeypatch.setattr(loaded_window.workspace, "ask_confirmation", lambda *_a: True)
    loaded_window.workspace.delete_conversation(doomed)
    assert doomed not in [c.id for c in store.conversations()]
    assert store.search("pineapple") == []
    assert loaded_window.workspace.conversation_id is not None
    assert loaded_window.workspace.conversation_id != doomed


def test_rename_system_prompt_export_and_import(
    qtbot: QtBot,
    loaded_window: MainWindow,
    store: HistoryStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    conversation = loaded_window.workspace.conversation_id or 0
    monkeypatch.setattr(loaded_window.workspace, "ask_text", lambda *_a, **_k: "Answer in French.")
    loaded_window.workspace.header.system_prompt_button.click()
    assert store.conversation(conversation).system_prompt == "Answer in French."
    assert "✓" in loaded_window.workspace.header.system_prompt_button.text()
    _send_and_wait(qtbot, loaded_window, "Hello")
    monkeypatch.setattr(loaded_window.workspace, "ask_text", lambda *_a, **_k: "My French chat")
    loaded_window.workspace.sidebar.action_requested.emit("rename", conversation)
    assert store.conversation(conversation).title == "My French chat"
    assert "My French chat" in _visible_titles(loaded_window)

    md = tmp_path / "chat.md"
    monkeypatch.setattr(loaded_window.workspace, "ask_save_path", lambda *_a: str(md))
    loaded_window.workspace.sidebar.action_requested.emit("export_markdown", conversation)
    assert md.read_text(encoding="utf-8").startswith("# My French chat")
    exported = tmp_path / "chat.json"
    monkeypatch.setattr(loaded_window.workspace, "ask_save_path", lambda *_a: str(exported))
    loaded_window.workspace.sidebar.action_requested.emit("export_json", conversation)
    assert json.loads(exported.read_text(encoding="utf-8"))["title"] == "My French chat"

    monkeypatch.setattr(loaded_window.workspace, "ask_open_path", lambda *_a: str(exported))
    loaded_window.workspace.import_action.trigger()
    assert loaded_window.workspace.conversation_id != conversation
    assert loaded_window.workspace.transcript_model.rowCount() == 2
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(loaded_window.workspace, "ask_open_path", lambda *_a: str(bad))
    loaded_window.workspace.import_action.trigger()
    assert "Could not read" in loaded_window.notice.text()
    # Nested deeper than Python's recursion limit: refused, not an uncaught error.
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    monkeypatch.setattr(loaded_window.workspace, "ask_open_path", lambda *_a: str(deep))
    loaded_window.workspace.import_action.trigger()
    assert "nested too deeply" in loaded_window.notice.text()


def test_history_survives_a_restart(
    qtbot: QtBot, loaded_window: MainWindow, make_window: WindowFactory
) -> None:
    _send_and_wait(qtbot, loaded_window, "Remember me")
    conversation = loaded_window.workspace.conversation_id
    second = make_window(controller=InferenceController(), n_ctx=512)
    assert second.workspace.conversation_id == conversation
    assert second.workspace.transcript_model.message(0).text == "Remember me"
    assert "tok/s" in second.workspace.transcript.message_widget(1).footer.text()


def test_corrupt_history_is_reported(make_window: WindowFactory, tmp_path: Path) -> None:
    path = tmp_path / "broken.db"
    path.write_bytes(b"garbage" * 1000)
    store = HistoryStore(path)
    try:
        window = make_window(store=store)
        assert "could not be read" in window.notice.text()
        assert str(store.recovered_from) in window.notice.text()
    finally:
        store.close()


def test_conversation_list_model_passes_qt_model_tester(
    qtmodeltester: object, store: HistoryStore
) -> None:
    for title in ("a", "b", "c"):
        store.create_conversation(title)
    model = ConversationListModel()
    model.show_conversations(store.conversations())
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    model.show_search_results(store.search("b"))
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_a_send_touches_only_the_transcript_rows_that_changed(
    qtbot: QtBot, loaded_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each send brought the whole conversation up to date row by row; rows shown
    from an unchanged stored message are now skipped, and a changed one still shows."""
    workspace = loaded_window.workspace
    workspace.chat.sampling = SamplingSettings(temperature=0, seed=1, max_tokens=4)
    for text in ("One.", "Two."):
        workspace.input.setPlainText(text)
        with qtbot.waitSignal(workspace.chat.reply_ended, timeout=60_000):
            qtbot.keyClick(workspace.input, Qt.Key.Key_Return)
    model = workspace.transcript_model
    changed: list[int] = []
    model.dataChanged.connect(lambda top, *_: changed.append(top.row()))
    built: list[int] = []
    original = workspace_transcript.transcript_message

    def counting(message: StoredMessage, *args: Any) -> Any:
        built.append(message.position)
        return original(message, *args)

    monkeypatch.setattr(workspace_transcript, "transcript_message", counting)
    workspace.input.setPlainText("Three.")
    with qtbot.waitSignal(workspace.chat.reply_ended, timeout=60_000):
        qtbot.keyClick(workspace.input, Qt.Key.Key_Return)
    assert changed and min(changed) >= 4, "rows 0-3 were not touched"
    assert built and min(built) >= 4, "nor built again"
    first = workspace.store.messages(workspace.conversation_id or 0)[0]
    workspace.store.update_content(first.id, "One, edited.")
    workspace.chat.conversation_changed.emit(workspace.conversation_id)
    assert model.message(0).text == "One, edited."


def test_conversation_list_resets_only_when_what_it_shows_changes(
    qtbot: QtBot, store: HistoryStore
) -> None:
    """Each send lists the conversations again; the list is laid out again only when
    a title, the order or a heading changed, not because a time stamp moved."""
    chats = [store.create_conversation(title) for title in ("a", "b")]
    model = ConversationListModel()
    model.show_conversations(store.conversations())
    store.add_message(chats[1].id, "user", "newest already first")
    with qtbot.assertNotEmitted(model.modelReset):
        model.show_conversations(store.conversations())
    store.rename_conversation(chats[1].id, "renamed")
    with qtbot.waitSignal(model.modelReset, timeout=1000):
        model.show_conversations(store.conversations())
    assert model.data(model.index(1)) == "renamed"
    store.add_message(chats[0].id, "user", "moves to the top")
    with qtbot.waitSignal(model.modelReset, timeout=1000):
        model.show_conversations(store.conversations())
    assert model.row_of(chats[0].id) == 1


def test_main_controls_have_stable_names_for_tests_and_screen_readers(
    window: MainWindow,
) -> None:
    from PySide6.QtWidgets import QWidget

    for name in (
        "conversationList",
        "conversationSearch",
        "transcript",
        "messageInput",
        "sendButton",
        "stopButton",
        "newChatButton",
    ):
        widget = window.findChild(QWidget, name)
        assert widget is not None, name
        assert widget.accessibleName(), name


def test_per_conversation_sampling_with_reproducible_seed(
    qtbot: QtBot, loaded_window: MainWindow, store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from engine.llm.parameters import SAMPLING_PRESETS
    from gui.chat.sampling_dialog import SamplingDialog

    dialog = SamplingDialog(
        loaded_window.workspace.chat.sampling_for(loaded_window.workspace.conversation_id or 0)
    )
    qtbot.addWidget(dialog)
    dialog.preset.setCurrentText("Creative")
    assert dialog.temperature.value() == SAMPLING_PRESETS["Creative"].temperature
    dialog.reproducible.setChecked(True)
    dialog.seed.setValue(1234)
    dialog.max_tokens.setValue(20)
    chosen = dialog.settings()
    assert chosen.seed == 1234 and chosen.temperature == 1.0

    monkeypatch.setattr(loaded_window.workspace, "ask_sampling", lambda _current: chosen)
    loaded_window.workspace.header.sampling_button.click()
    first_chat = loaded_window.workspace.conversation_id or 0
    assert loaded_window.workspace.chat.sampling_for(first_chat) == chosen
    assert "seed 1234" in loaded_window.workspace.header.sampling_button.toolTip()
    _send_and_wait(qtbot, loaded_window, "Tell me about cats.")
    first = store.messages(first_chat)[1]
    assert first.sampling is not None and first.sampling["seed"] == 1234
    # Regenerating with the same seed writes the very same reply.
    with qtbot.waitSignal(loaded_window.workspace.chat.reply_ended, timeout=60_000):
        loaded_window.workspace.transcript.message_widget(1).buttons["regenerate"].click()
    assert store.messages(first_chat)[1].content == first.content
    # Another conversation keeps the window's defaults.
    loaded_window.workspace.new_chat()
    other = loaded_window.workspace.conversation_id or 0
    assert loaded_window.workspace.chat.sampling_for(other) == loaded_window.workspace.chat.sampling


def test_switching_back_to_a_conversation_reuses_its_cache(
    qtbot: QtBot, loaded_window: MainWindow, store: HistoryStore
) -> None:
    loaded_window.workspace.chat.sampling = SamplingSettings(temperature=0, seed=1, max_tokens=16)
    _send_and_wait(qtbot, loaded_window, "Tell me about oceans.")
    first = loaded_window.workspace.conversation_id or 0
    loaded_window.workspace.new_chat()
    _send_and_wait(qtbot, loaded_window, "Tell me about deserts, in a different way.")
    loaded_window.workspace.open_conversation(first)
    _send_and_wait(qtbot, loaded_window, "And about rivers?")
    earlier, latest = store.messages(first)[1], store.messages(first)[3]
    assert earlier.stats is not None and latest.stats is not None
    # The first exchange comes back from the saved cache instead of being recomputed.
    assert latest.stats["cached_tokens"] >= earlier.stats["prompt_tokens"]


def test_a_continue_that_fails_before_writing_leaves_the_reply_as_it_was(
    qtbot: QtBot, loaded_window: MainWindow, store: HistoryStore, controller: InferenceController
) -> None:
    workspace = loaded_window.workspace
    workspace.chat.sampling = SamplingSettings(temperature=0, seed=1, max_tokens=6)
    _send_and_wait(qtbot, loaded_window, "List the days of the week.")
    cut = store.messages(workspace.conversation_id or 0)[1]
    assert cut.state == "complete" and (cut.stats or {}).get("finish_reason") == "length"
    with qtbot.waitSignal(controller.model_unloaded, timeout=10_000):
        loaded_window.model_menu.unload_action.trigger()  # the model goes away
    with qtbot.waitSignal(workspace.chat.error_occurred, timeout=60_000) as said:
        assert workspace.chat.continue_reply(cut.id)
    assert said.args[0].startswith("The reply could not be continued: ")
    after = store.message(cut.id)
    assert (after.state, after.error, after.stats, after.content) == (
        cut.state,
        cut.error,
        cut.stats,
        cut.content,
    ), "a finished reply does not turn into an interrupted one"
