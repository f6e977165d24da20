"""Everyday chat details: a reply being continued hides what no longer holds, one reply
at a time is said, the context meter follows the stream, Send before a model is loaded
waits for it, search results open at the message found, replies are signed with the
model's name, the sidebar can be hidden, and file dialogs open in the user's folders."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from engine.chat.history_records import MATCH_END, MATCH_START, MessageState, StoredMessage
from engine.chat.history_store import HistoryStore
from engine.llm.messages import Role
from engine.llm.parameters import SamplingSettings
from gui.chat.conversation_files import start_folder
from gui.chat.conversation_list_model import ConversationListModel
from gui.chat.pending_send import LOADING_NOTE
from gui.chat.workspace_transcript import context_estimate
from gui.inference.controller import InferenceController
from gui.main_window import MainWindow
from tests.gui.conftest import WindowFactory


def _send(qtbot: QtBot, window: MainWindow, text: str) -> None:
    window.workspace.input.setPlainText(text)
    qtbot.keyClick(window.workspace.input, Qt.Key.Key_Return)


def test_continue_hides_the_old_stats_and_actions_until_it_ends(
    qtbot: QtBot, loaded_window: MainWindow
) -> None:
    workspace = loaded_window.workspace
    workspace.chat.sampling = SamplingSettings(temperature=0, seed=1, max_tokens=6)
    with qtbot.waitSignal(workspace.chat.reply_ended, timeout=60_000):
        _send(qtbot, loaded_window, "List the days of the week.")
    widget = workspace.transcript.message_widget(1)
    assert "tok/s" in widget.footer.text()
    workspace.chat.sampling = SamplingSettings(temperature=0, seed=1, max_tokens=400)
    seen: list[tuple[object, list[bool], bool]] = []

    def on_started(*_args: object) -> None:
        # As the continuation starts (the transcript has just been brought up to date).
        widget.update_from(workspace.transcript_model.message(1))  # what the next paint shows
        hidden = [widget.buttons[a].isHidden() for a in ("regenerate", "continue", "delete")]
        # The earlier message keeps its place: its button is there, disabled.
        edit = workspace.transcript.message_widget(0).buttons["edit"]
        edit_locked = not edit.isHidden() and not edit.isEnabled()
        seen.append((workspace.transcript_model.message(1).stats, hidden, edit_locked))
        seen.append((widget.footer.isHidden(), [], True))

    workspace.chat.conversation_changed.connect(on_started)
    with qtbot.waitSignal(workspace.chat.reply_ended, timeout=60_000):
        widget.buttons["continue"].click()
        workspace.chat.conversation_changed.disconnect(on_started)
    assert seen[0] == (None, [True, True, True], True)
    assert seen[1][0] is True, "the old statistics line is hidden"
    assert "tok/s" in widget.footer.text()
    assert not widget.buttons["delete"].isHidden()
    assert workspace.transcript.message_widget(0).buttons["edit"].isEnabled()


class _LayoutCounter(QObject):
    """Counts the layout requests a widget gets."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def test_earlier_messages_keep_their_layout_while_a_reply_streams(
    qtbot: QtBot, loaded_window: MainWindow
) -> None:
    """A send locks the conversation's actions by disabling them, not hiding them:
    hiding laid out every message of the conversation again on each send and each
    reply's end, and the messages jumped."""
    workspace = loaded_window.workspace
    workspace.chat.sampling = SamplingSettings(temperature=0, seed=1, max_tokens=4)
    with qtbot.waitSignal(workspace.chat.reply_ended, timeout=60_000):
        _send(qtbot, loaded_window, "Name a colour.")
    first = workspace.transcript.message_widget(0)
    qtbot.waitUntil(lambda: first.height() > 0)
    layouts = _LayoutCounter()
    first.installEventFilter(layouts)
    lockable = ("edit", "delete")
    workspace.chat.sampling = SamplingSettings(temperature=0, seed=1, max_tokens=40)
    with qtbot.waitSignal(workspace.chat.reply_ended, timeout=60_000):
        _send(qtbot, loaded_window, "And another one.")
        assert workspace.chat.busy
        assert [first.buttons[a].isHidden() for a in lockable] == [False, False]
        assert [first.buttons[a].isEnabled() for a in lockable] == [False, False]
        dimmed = first.buttons["edit"].grab().toImage()
    qtbot.wait(20)
    first.removeEventFilter(layouts)
    assert layouts.count == 0, "the earlier message was not laid out again"
    assert [first.buttons[a].isEnabled() for a in lockable] == [True, True]
    assert first.buttons["copy"].isEnabled()
    assert first.buttons["edit"].grab().toImage() != dimmed, "disabled looks disabled"


def test_a_second_reply_while_one_streams_says_why_not(
    qtbot: QtBot, loaded_window: MainWindow
) -> None:
    workspace = loaded_window.workspace
    workspace.chat.sampling = SamplingSettings(temperature=0.8, seed=5, max_tokens=30)
    with qtbot.waitSignal(workspace.chat.reply_ended, timeout=60_000):
        _send(qtbot, loaded_window, "Say hi.")
    other = workspace.conversation_id or 0
    workspace.new_chat()
    workspace.chat.sampling = SamplingSettings(temperature=0.8, seed=5, max_tokens=1500)
    with qtbot.waitSignal(workspace.chat.reply_text_added, timeout=60_000):
        _send(qtbot, loaded_window, "Write a very long story about a dragon.")
    busy_title = workspace.store.conversation(workspace.conversation_id or 0).title
    workspace.open_conversation(other)
    notices: list[str] = []
    workspace.notice.connect(notices.append)
    _send(qtbot, loaded_window, "And another thing?")
    assert notices and busy_title in notices[-1] and "one reply at a time" in notices[-1]
    assert workspace.input.toPlainText() == "And another thing?"  # nothing lost
    notices.clear()
    workspace.transcript.message_widget(1).buttons["regenerate"].click()
    assert notices and "one reply at a time" in notices[-1]
    assert len(workspace.store.messages(other)) == 2
    assert loaded_window.notice.text() == notices[-1]
    with qtbot.waitSignal(workspace.chat.reply_ended, timeout=10_000):
        workspace.chat.stop()
    assert loaded_window.notice.isHidden(), "taken back once the reply has ended"
    loaded_window.show_notice("Something else.")
    workspace.notice_withdrawn.emit(notices[-1])
    assert loaded_window.notice.text() == "Something else.", "a later notice stays"


def test_the_context_meter_counts_the_whole_prompt_while_a_first_reply_streams(
    qtbot: QtBot, loaded_window: MainWindow
) -> None:
    # The first reply of a chat has no earlier count to start from: the meter used to
    # guess from the message alone, leaving out the template and the system prompt.
    workspace = loaded_window.workspace
    workspace.chat.sampling = SamplingSettings(temperature=0, seed=1, max_tokens=24)
    seen: list[tuple[int | None, int | None]] = []
    workspace.chat.reply_text_added.connect(
        lambda c, *_a: seen.append((workspace.context_used(), workspace.chat.streamed_tokens(c)))
    )
    with qtbot.waitSignal(workspace.chat.reply_ended, timeout=60_000):
        _send(qtbot, loaded_window, "Name three colours.")
    stats = workspace.store.messages(workspace.conversation_id or 0)[-1].stats or {}
    prompt = int(stats["prompt_tokens"])
    assert prompt > len("Name three colours.") // 4 + 1  # more than the message alone
    assert seen and all(used == prompt + (streamed or 0) for used, streamed in seen)


def test_the_context_meter_follows_the_stream_and_the_open_conversation(
    qtbot: QtBot, loaded_window: MainWindow
) -> None:
    workspace, meter = loaded_window.workspace, loaded_window.status.context_meter
    workspace.chat.sampling = SamplingSettings(temperature=0.8, seed=5, max_tokens=1500)
    estimates: list[int | None] = []
    workspace.chat.reply_text_added.connect(lambda *_a: estimates.append(workspace.context_used()))
    with qtbot.waitSignal(workspace.chat.reply_text_added, timeout=60_000):
        _send(qtbot, loaded_window, "Write a very long story about a dragon.")
    # The meter moves while the reply streams, not only when it ends.
    qtbot.waitUntil(lambda: meter.value() > 0, timeout=10_000)
    moving = meter.value()
    qtbot.waitUntil(lambda: meter.value() > moving, timeout=10_000)
    assert workspace.is_streaming
    with qtbot.waitSignal(workspace.chat.reply_ended, timeout=10_000):
        workspace.stop_button.click()
    counted = [e for e in estimates if e is not None]
    assert counted == sorted(counted) and counted[-1] > counted[0]
    final = meter.value()
    assert final >= counted[-1] - 8  # the real count replaces the estimate
    first = workspace.conversation_id or 0
    workspace.new_chat()
    assert meter.value() == 0
    workspace.open_conversation(first)
    assert meter.value() == final


def test_send_without_a_model_loads_one_and_sends_when_ready(
    qtbot: QtBot, window: MainWindow, controller: InferenceController, smollm2: Path
) -> None:
    workspace = window.workspace
    wanted: list[bool] = []
    notices: list[str] = []
    workspace.notice.connect(notices.append)

    def load() -> None:
        wanted.append(True)
        controller.load_model(str(smollm2))

    workspace.model_wanted.connect(load)
    with qtbot.waitSignal(workspace.chat.reply_ended, timeout=120_000):
        _send(qtbot, window, "Hello there!")
        assert wanted == [True]
        assert workspace.input.toPlainText() == "Hello there!"
        assert notices[-1] == LOADING_NOTE
    messages = workspace.store.messages(workspace.conversation_id or 0)
    assert [m.content for m in messages[:1]] == ["Hello there!"]
    assert workspace.input.toPlainText() == ""


def test_send_while_a_load_runs_waits_for_it(
    qtbot: QtBot, window: MainWindow, controller: InferenceController, smollm2: Path
) -> None:
    workspace = window.workspace
    wanted: list[bool] = []
    workspace.model_wanted.connect(lambda: wanted.append(True))
    with qtbot.waitSignal(workspace.chat.reply_ended, timeout=120_000):
        controller.load_model(str(smollm2))
        _send(qtbot, window, "Hello again!")
    assert wanted == []  # a load was already under way
    assert workspace.store.messages(workspace.conversation_id or 0)[0].content == "Hello again!"


def test_a_failed_load_leaves_the_message_unsent(
    qtbot: QtBot, window: MainWindow, controller: InferenceController, tmp_path: Path
) -> None:
    workspace = window.workspace
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + b"\0" * 64)
    workspace.model_wanted.connect(lambda: controller.load_model(str(broken)))
    with qtbot.waitSignal(controller.model_load_failed, timeout=60_000):
        _send(qtbot, window, "Keep me.")
    assert workspace.input.toPlainText() == "Keep me."
    assert workspace.store.messages(workspace.conversation_id or 0) == []


def _long_conversation(store: HistoryStore) -> tuple[int, int]:
    chat = store.create_conversation("Birds")
    found = 0
    for number in range(30):
        role = "user" if number % 2 == 0 else "assistant"
        text = f"Message {number}. " + "Some filler text about nothing. " * 12
        if number == 3:
            text = "The <b>kingfisher</b> dives for fish. " + text
        message = store.add_message(chat.id, role, text)
        if number == 3:
            found = message.id
    return chat.id, found


def test_a_search_result_opens_at_the_message_found_with_a_snippet(
    qtbot: QtBot, make_window: WindowFactory, store: HistoryStore
) -> None:
    chat, found = _long_conversation(store)
    store.create_conversation("Other")
    window = make_window()
    qtbot.waitExposed(window)
    workspace = window.workspace
    workspace.show_placeholder(False)  # the transcript, not the welcome (no model loaded)
    workspace.new_chat()
    qtbot.keyClicks(workspace.sidebar.search, "kingfisher")
    model = workspace.conversation_model
    qtbot.waitUntil(lambda: model.hit_message(chat) is not None, timeout=3_000)
    row = model.row_of(chat)
    assert row is not None
    snippet = model.index(row).data(ConversationListModel.SnippetRole)
    assert f"<b>{MATCH_START}kingfisher{MATCH_END}</b>" in snippet  # literal, marked
    assert model.index(row).data(Qt.ItemDataRole.ToolTipRole).startswith("The <b>kingfisher")
    assert workspace.sidebar.list.sizeHintForRow(row) > workspace.sidebar.list.sizeHintForRow(0)
    window.grab()  # paints the result with its snippet
    rect = workspace.sidebar.list.visualRect(model.index(row))
    qtbot.mouseClick(
        workspace.sidebar.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center()
    )
    assert workspace.conversation_id == chat
    transcript_row = workspace.transcript_model.row_of(found)
    assert transcript_row == 3
    widget = workspace.transcript.message_widget(transcript_row)
    assert widget.highlighted
    assert not workspace.transcript.message_widget(29).highlighted
    bar = workspace.transcript.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)  # laid out
    qtbot.wait(100)  # the layout settles; the view stays on the message, not the end
    assert bar.value() < bar.maximum()
    viewport = workspace.transcript.viewport()
    top = widget.mapTo(viewport, widget.rect().topLeft()).y()
    assert 0 <= top < viewport.height()
    # Esc clears the search (and the list shows every conversation again).
    qtbot.keyClick(workspace.sidebar.search, Qt.Key.Key_Escape)
    assert workspace.sidebar.search.text() == ""


def test_a_search_hit_in_an_earlier_version_shows_that_version(
    qtbot: QtBot, make_window: WindowFactory, store: HistoryStore
) -> None:
    chat = store.create_conversation("Versions")
    store.add_message(chat.id, "user", "Tell me about birds.")
    first = store.add_message(chat.id, "assistant", "A heron waits by the water.")
    store.add_version(first.id, "Sparrows are small.")
    window = make_window()
    workspace = window.workspace
    workspace.sidebar.search.setText("heron")
    qtbot.waitUntil(lambda: workspace.conversation_model.hit_message(chat.id) == first.id)
    row = workspace.conversation_model.row_of(chat.id)
    assert row is not None
    workspace.sidebar.list.clicked.emit(workspace.conversation_model.index(row))
    assert workspace.transcript_model.message(1).text == "A heron waits by the water."
    assert workspace.transcript.message_widget(1).version_label.text() == "1/2"


def test_replies_are_signed_with_the_models_name(
    qtbot: QtBot, make_window: WindowFactory, store: HistoryStore
) -> None:
    chat = store.create_conversation("Names")
    store.add_message(chat.id, "user", "Hi")
    store.add_message(
        chat.id, "assistant", "Hello", model_path="/m/SmolLM2-135M-Instruct.Q4_1.gguf"
    )
    store.add_message(chat.id, "user", "Again")
    store.add_message(chat.id, "assistant", "Imported hello")
    window = make_window()
    window.workspace.open_conversation(chat.id)
    authors = [window.workspace.transcript.message_widget(r).author.text() for r in range(4)]
    assert authors == ["You", "SmolLM2-135M-Instruct", "You", "Assistant"]


def test_the_sidebar_can_be_hidden_and_its_state_restored(qtbot: QtBot, window: MainWindow) -> None:
    workspace = window.workspace
    action = workspace.show_sidebar_action
    assert action.isCheckable() and action.isChecked()
    assert action.shortcut().toString() == "Ctrl+Shift+B"
    workspace.restore_sidebar_state(True, 230)
    qtbot.waitUntil(lambda: abs(workspace.sidebar.width() - 230) <= 2)
    action.trigger()
    assert workspace.sidebar.isHidden()
    visible, width = workspace.sidebar_state()
    assert not visible and abs(width - 230) <= 2
    action.trigger()
    assert not workspace.sidebar.isHidden()
    workspace.restore_sidebar_state(False, 200)
    assert workspace.sidebar.isHidden() and not action.isChecked()
    assert workspace.sidebar_state() == (False, 200)


def test_file_dialogs_start_in_the_users_folder(
    qtbot: QtBot,
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.chdir(tmp_path)
    opened: list[str] = []
    saved: list[str] = []

    def open_name(_parent: object, _title: str, folder: str, _filters: str) -> tuple[str, str]:
        opened.append(folder)
        return "", ""

    def save_path(_title: str, path: str, _filters: str) -> str:
        saved.append(path)
        return ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", open_name)
    monkeypatch.setattr(window.workspace, "ask_save_path", save_path)
    window.workspace.import_action.trigger()
    window.workspace.export_json_action.trigger()
    folder = start_folder()
    assert folder.is_absolute() and folder != tmp_path
    assert folder in (Path.home(), Path.home() / "Documents") or folder.is_dir()
    assert opened == [str(folder)]
    assert Path(saved[0]).parent == folder and saved[0].endswith(".json")


def _message(
    position: int, role: Role, content: str, stats: dict[str, int] | None = None
) -> StoredMessage:
    state = MessageState.CANCELLED if stats == {"prompt_tokens": 0} else MessageState.COMPLETE
    return StoredMessage(position, 1, position, role, content, state, 0.0, 0.0, stats, "", None, "")


def test_context_estimate_from_the_prompt_count_and_past_a_reply_stopped_before_it() -> None:
    stored = [
        _message(0, Role.USER, "Hello there"),
        _message(1, Role.ASSISTANT, "Hi!", {"prompt_tokens": 30, "completion_tokens": 5}),
        _message(2, Role.USER, "x" * 40),
        _message(3, Role.ASSISTANT, "", {"prompt_tokens": 0}),  # stopped before its prompt
        _message(4, Role.USER, "y" * 40),
    ]
    assert context_estimate(stored, None) == 35  # not 0: the stopped reply is passed over
    assert context_estimate(stored, 3) == 35 + 11 + 11 + 3  # guessed until counted
    assert context_estimate(stored, 3, prompt=70) == 73  # the engine's count, once known
