"""The chat workspace in Simplified Chinese, for the keyboard and for screen readers:
its .ts file complete, no English left on screen, every focusable widget named, input
methods not cut by Enter, finished replies announced once, messages reached one by one."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from engine.chat.history_store import HistoryStore
from engine.llm.messages import Role
from engine.llm.reasoning import ThinkingSwitch, describe_switch
from gui.chat import conversation_commands
from gui.chat.announce import reply_announcement
from gui.chat.conversation_list_model import ConversationListModel, day_heading
from gui.chat.message_input import MessageInput
from gui.chat.message_widget import MessageWidget
from gui.chat.sampling_dialog import SamplingDialog
from gui.chat.thinking_switch import SWITCH_TIPS
from gui.chat.transcript_model import CANCELLED, COMPLETE, TranscriptMessage
from gui.main_window import MainWindow
from tests.gui.conftest import TEST_SAMPLING, WindowFactory
from tests.gui.i18n_check import ROOT, accessible_name, unnamed_focusable, visible_english

CHAT_TS = ROOT / "assets" / "i18n" / "zh_CN" / "hearth.ts"
MODEL_PATH = "/models/SmolLM2-135M-Instruct-Q8_0.gguf"
DAY = 24 * 3600
STATS = {
    "prompt_tokens": 30,
    "cached_tokens": 12,
    "completion_tokens": 40,
    "ttft_s": 0.25,
    "prefill_tps": 400.0,
    "decode_tps": 55.5,
    "finish_reason": "length",
    "reasoning_tokens": 10,
    "thinking_s": 3.2,
}


def _fill_history(store: HistoryStore) -> int:
    """Three conversations (today, yesterday, two months ago); the newest has a
    question, a reply with thinking and statistics, and a stopped reply. Returns it."""
    now = time.time()
    old = store.create_conversation(title="旧的对话", created_at=now - 60 * DAY)
    store.add_message(old.id, Role.USER, "很久以前的问题", created_at=now - 60 * DAY)
    older = store.create_conversation(title="昨天的对话", created_at=now - DAY)
    store.add_message(older.id, Role.USER, "昨天的问题", created_at=now - DAY)
    chat = store.create_conversation()  # "New chat": shown in the window's language
    store.add_message(chat.id, Role.USER, "天空为什么是蓝色的？")
    reply = store.add_message(chat.id, Role.ASSISTANT, "", state="streaming", model_path=MODEL_PATH)
    store.finish_message(
        reply.id,
        content="因为瑞利散射。",
        state="complete",
        stats=STATS,
        reasoning="光的波长……",
    )
    store.add_message(chat.id, Role.USER, "再详细一点。")
    stopped = store.add_message(
        chat.id, Role.ASSISTANT, "", state="streaming", model_path=MODEL_PATH
    )
    store.finish_message(stopped.id, content="散射", state="cancelled", stats=STATS)
    return chat.id


def test_chat_translation_file_is_complete() -> None:
    root = ET.parse(CHAT_TS).getroot()
    assert root.get("language") == "zh_CN"
    messages = root.findall("context/message")
    assert len(messages) > 150
    for message in messages:
        translation = message.find("translation")
        source = message.findtext("source")
        assert translation is not None, source
        assert translation.get("type") is None, source  # not unfinished, vanished, obsolete
        forms = [f.text for f in translation.findall("numerusform")] or [translation.text]
        assert all(form and form.strip() for form in forms), source
        # Placeholders survive translation whole.
        for name in ("{title}", "{path}", "{count}", "{author}", "{error}", "%n", "%Ln"):
            if source and name in source:
                assert all(name in (form or "") for form in forms), source


@pytest.mark.usefixtures("zh_cn")
def test_chat_workspace_shows_no_english_in_chinese(
    qtbot: QtBot,
    make_window: WindowFactory,
    store: HistoryStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    chat_id = _fill_history(store)
    window = make_window()
    workspace = window.workspace
    assert workspace.conversation_id == chat_id  # the newest conversation opens
    window.resize(1200, 800)
    qtbot.waitExposed(window)
    transcript = workspace.transcript
    qtbot.waitUntil(transcript.message_widget(3).isVisible, timeout=3_000)
    # A reply's thinking open, as the user would open it.
    transcript.message_widget(1).thought.toggle.click()
    for _ in range(3):  # the transcript settles its layout
        QApplication.processEvents()

    assert visible_english(workspace) == []
    assert unnamed_focusable(workspace) == []
    # What the chat says in the window's language, beyond its widgets' own texts.
    assert workspace.send_button.text() == "发送"
    assert workspace.header.title_label.text() == "新对话"
    reply = transcript.message_widget(1)
    assert reply.author.text() == "SmolLM2-135M-Instruct"
    assert "词元" in reply.footer.text() and "tok/s" not in reply.footer.text()
    assert reply.thought.heading == "思考了 3.2 秒"
    assert transcript.message_widget(3).footer.text().startswith("已停止")
    assert transcript.message_widget(0).author.text() == "你"
    model = workspace.conversation_model
    headings = [
        model.index(row).data()
        for row in range(model.rowCount())
        if model.index(row).data(ConversationListModel.IsHeaderRole)
    ]
    assert headings[:2] == ["今天", "昨天"] and "年" in headings[2]
    assert "New chat" not in [model.index(row).data() for row in range(model.rowCount())]
    # The window in Chinese, looked at.
    assert window.grab().save(str(tmp_path / "chat_zh_CN.png"))


@pytest.mark.usefixtures("zh_cn")
def test_sampling_dialog_and_menus_in_chinese(
    qtbot: QtBot, make_window: WindowFactory, store: HistoryStore
) -> None:
    dialog = SamplingDialog(TEST_SAMPLING)
    qtbot.addWidget(dialog)
    dialog.show()
    assert visible_english(dialog) == []
    assert unnamed_focusable(dialog) == []
    assert dialog.preset.itemText(0) == "精确"
    window = make_window()
    actions = (
        window.workspace.new_chat_action,
        window.workspace.import_action,
        window.workspace.export_json_action,
        window.workspace.stop_action,
        window.workspace.show_sidebar_action,
    )
    assert [a.text() for a in actions] == [
        "新对话(&N)",
        "导入对话(&I)…",
        "将对话导出为 JSON(&J)…",
        "停止(&S)",
        "显示侧边栏(&S)",
    ]


def test_day_headings_follow_the_window_language() -> None:
    now = time.mktime((2025, 5, 20, 12, 0, 0, 0, 0, -1))
    march = time.mktime((2025, 3, 1, 12, 0, 0, 0, 0, -1))
    assert day_heading(now, now) == "Today"
    assert day_heading(now - DAY, now) == "Yesterday"
    assert day_heading(march, now) == "March 2025"


@pytest.mark.usefixtures("zh_cn")
def test_day_headings_in_chinese() -> None:
    now = time.mktime((2025, 5, 20, 12, 0, 0, 0, 0, -1))
    march = time.mktime((2025, 3, 1, 12, 0, 0, 0, 0, -1))
    assert day_heading(now - 3 * DAY, now) == "过去 7 天"
    assert day_heading(march, now) == "2025年3月"


def _compose(box: MessageInput, preedit: str, commit: str = "") -> None:
    event = QInputMethodEvent(preedit, [])
    if commit:
        event.setCommitString(commit)
    QCoreApplication.sendEvent(box, event)


def test_enter_during_an_input_method_composition_does_not_send(qtbot: QtBot) -> None:
    box = MessageInput()
    qtbot.addWidget(box)
    box.show()
    box.setFocus()
    sent: list[str] = []
    box.submitted.connect(lambda: sent.append(box.message_text()))
    _compose(box, "ni")  # pinyin being typed: not text yet
    assert box.composing
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert sent == []
    _compose(box, "", commit="你")  # the input method commits the character
    assert not box.composing
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert sent == ["你"]


def test_transcript_messages_are_reached_one_by_one_with_tab(
    qtbot: QtBot, make_window: WindowFactory, store: HistoryStore
) -> None:
    chat_id = _fill_history(store)
    window = make_window()
    workspace = window.workspace
    assert workspace.conversation_id == chat_id
    window.activateWindow()
    qtbot.waitActive(window)
    widgets = [workspace.transcript.message_widget(row) for row in range(4)]
    names = [accessible_name(widget) for widget in widgets]
    assert names == [
        "You: 天空为什么是蓝色的？",
        "SmolLM2-135M-Instruct: 因为瑞利散射。",
        "You: 再详细一点。",
        "SmolLM2-135M-Instruct: 散射",
    ]
    assert "因为瑞利散射。" in widgets[1].accessibleDescription()
    qtbot.waitUntil(widgets[-1].isVisible, timeout=3_000)  # shown once laid out
    widgets[0].setFocus()
    qtbot.waitUntil(widgets[0].hasFocus, timeout=3_000)
    reached = [widgets[0]]
    for _ in range(60):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        if isinstance(focused, MessageWidget) and focused not in reached:
            reached.append(focused)
        if len(reached) == len(widgets):
            break
    assert reached == widgets


def test_tab_into_the_transcript_lands_on_the_newest_message(
    qtbot: QtBot, make_window: WindowFactory, store: HistoryStore
) -> None:
    _fill_history(store)
    window = make_window()
    transcript = window.workspace.transcript
    window.activateWindow()
    qtbot.waitActive(window)
    widgets = [transcript.message_widget(row) for row in range(4)]
    qtbot.waitUntil(widgets[-1].isVisible, timeout=3_000)
    conversations = window.workspace.sidebar.list
    conversations.setFocus()
    qtbot.waitUntil(conversations.hasFocus, timeout=3_000)
    qtbot.keyClick(conversations, Qt.Key.Key_Tab)  # from the list, as a user goes
    assert QApplication.focusWidget() is widgets[-1]
    # Shift+Tab then reads back through the older messages (past their buttons).
    for _ in range(20):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
        if isinstance(QApplication.focusWidget(), MessageWidget):
            break
    assert QApplication.focusWidget() is widgets[-2]
    # Forward from the newest message: its buttons, then on to the message box.
    widgets[-1].setFocus(Qt.FocusReason.TabFocusReason)
    for _ in range(20):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if QApplication.focusWidget() is window.workspace.input:
            break
        assert not isinstance(QApplication.focusWidget(), MessageWidget)
    assert QApplication.focusWidget() is window.workspace.input


def test_reply_announcement_texts() -> None:
    done = TranscriptMessage(Role.ASSISTANT, "  Blue\n because  of scattering. ", COMPLETE)
    assert reply_announcement(done, "SmolLM2") == "SmolLM2 replied: Blue because of scattering."
    stopped = TranscriptMessage(Role.ASSISTANT, "Blue", CANCELLED)
    assert reply_announcement(stopped, "SmolLM2") == "The reply was stopped."
    long = TranscriptMessage(Role.ASSISTANT, "word " * 1000, COMPLETE)
    assert len(reply_announcement(long, "M")) < 1_100


def test_a_finished_reply_is_announced_once(
    qtbot: QtBot, loaded_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = loaded_window.workspace
    said: list[tuple[object, str]] = []
    monkeypatch.setattr(
        "gui.chat.workspace.announce", lambda source, text: said.append((source, text))
    )
    tokens: list[str] = []
    workspace.chat.reply_text_added.connect(lambda _c, _m, text: tokens.append(text))
    with qtbot.waitSignal(workspace.chat.reply_ended, timeout=60_000):
        workspace.input.setPlainText("Name three colours.")
        qtbot.keyClick(workspace.input, Qt.Key.Key_Return)
    reply = workspace.transcript_model.message(1)
    assert len(tokens) > 1  # it streamed in pieces, and was said once
    assert said == [
        (workspace.transcript, f"SmolLM2-135M-Instruct replied: {' '.join(reply.text.split())}")
    ]


@pytest.mark.usefixtures("zh_cn")
def test_rename_dialog_is_chinese_and_its_field_named(
    qtbot: QtBot, make_window: WindowFactory, store: HistoryStore
) -> None:
    chat_id = _fill_history(store)
    window = make_window()
    seen: list[tuple[str, list[str], list[str], str]] = []

    def look_and_cancel() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        field = dialog.findChild(QLineEdit)
        assert field is not None
        seen.append(
            (
                dialog.windowTitle(),
                visible_english(dialog),
                unnamed_focusable(dialog),
                accessible_name(field),
            )
        )
        dialog.close()

    QTimer.singleShot(100, look_and_cancel)
    assert not conversation_commands.rename(window.workspace, chat_id)
    assert seen == [("重命名对话", [], [], "标题")]


def test_every_thinking_switch_sentence_is_listed_for_translation() -> None:
    # The engine's sentences are the source texts: a changed one would show untranslated.
    for switch in ThinkingSwitch:
        assert SWITCH_TIPS[switch] == describe_switch(switch)


def test_the_sampling_tooltip_says_no_limit_rather_than_max_0_tokens() -> None:
    from dataclasses import replace

    from engine.llm.parameters import SamplingSettings
    from gui.chat.workspace_header import sampling_summary

    unlimited = sampling_summary(replace(SamplingSettings(), max_tokens=0))
    assert "until the context is full" in unlimited and "max 0" not in unlimited
    assert "max 256 tokens" in sampling_summary(replace(SamplingSettings(), max_tokens=256))


def test_tab_reaches_the_newest_message_of_a_long_conversation_too(
    qtbot: QtBot, make_window: WindowFactory, store: HistoryStore
) -> None:
    """Past 100 messages "Show earlier messages" is shown first; Tab still goes to the
    newest, and a new message joins the chain at its end."""
    chat = store.create_conversation(title="长对话")
    for number in range(110):
        store.add_message(
            chat.id, Role.USER if number % 2 == 0 else Role.ASSISTANT, f"第 {number} 条"
        )
    window = make_window()
    transcript = window.workspace.transcript
    window.activateWindow()
    qtbot.waitActive(window)
    assert transcript.first_shown_row == 10
    newest = transcript.message_widget(109)
    qtbot.waitUntil(newest.isVisible, timeout=3_000)
    conversations = window.workspace.sidebar.list
    conversations.setFocus()
    qtbot.waitUntil(conversations.hasFocus, timeout=3_000)
    qtbot.keyClick(conversations, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is newest
    window.workspace.transcript_model.append_message(
        TranscriptMessage(Role.USER, "新的一条", COMPLETE)
    )
    added = transcript.message_widget(110)
    qtbot.waitUntil(added.isVisible, timeout=3_000)
    conversations.setFocus()
    qtbot.keyClick(conversations, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is added
    qtbot.keyClick(added, Qt.Key.Key_Backtab)  # back into the one before, past nothing else
    assert transcript.message_widget(109).isAncestorOf(QApplication.focusWidget())
