"""A reasoning model's replies in the chat window: the starter model under a template
whose assistant turn opens <think> (so every reply really starts inside its thinking),
through the real window, worker thread, history and transcript."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from engine.llm.generation import ReplyStats
from engine.llm.messages import FinishReason, Role
from engine.llm.parameters import SamplingSettings
from gui.chat.message_widget import STOPPED_THINKING, MessageWidget
from gui.chat.workspace import ChatWorkspace
from gui.inference.controller import InferenceController
from gui.main_window import MainWindow
from tests.gui.conftest import WindowFactory
from tests.reasoning_templates import SUM_QUESTION, THINKING_TEMPLATE

THOUGHT = "The user asks a sum."
ANSWER = "3 + 3 = 6"


@pytest.fixture
def thinker_window(
    qtbot: QtBot, make_window: WindowFactory, controller: InferenceController, smollm2: Path
) -> MainWindow:
    """The window with the starter model loaded as a thinker (its load settings carry
    the custom template, as the user sets one in the model's load settings)."""
    window = make_window()
    profiles = window.model_menu.profiles
    profile = replace(
        profiles.get(smollm2), template_mode="custom", custom_template=THINKING_TEMPLATE
    )
    profiles.set(smollm2, profile)
    with qtbot.waitSignal(controller.model_loaded, timeout=60_000):
        window.model_menu.starter_action.trigger()
    return window


class GenerateSpy:
    """Records what the chat asks the inference thread for (the call still goes on)."""

    def __init__(self, controller: InferenceController, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[dict[str, Any]] = []
        real = controller.generate

        def generate(messages: Any, sampling: Any, *args: Any, **kwargs: Any) -> int:
            self.calls.append({"messages": messages, "sampling": sampling, **kwargs})
            return real(messages, sampling, *args, **kwargs)

        monkeypatch.setattr(controller, "generate", generate)


def _send(qtbot: QtBot, workspace: ChatWorkspace, text: str) -> None:
    with qtbot.waitSignal(workspace.chat.reply_ended, timeout=60_000):
        workspace.input.setPlainText(text)
        qtbot.keyClick(workspace.input, Qt.Key.Key_Return)


def _conversation_sampling(workspace: ChatWorkspace, **changes: Any) -> None:
    conversation_id = workspace.conversation_id or 0
    sampling = replace(workspace.chat.sampling_for(conversation_id), **changes)
    settings = dict(workspace.store.conversation(conversation_id).settings)
    settings["sampling"] = sampling.as_dict()
    workspace.store.set_conversation_settings(conversation_id, settings)


def _reply_widget(workspace: ChatWorkspace, row: int = 1) -> MessageWidget:
    return workspace.transcript.message_widget(row)


def test_thinking_streams_apart_from_the_answer_and_folds_away(
    qtbot: QtBot, thinker_window: MainWindow
) -> None:
    workspace = thinker_window.workspace
    thought: list[str] = []
    answer: list[str] = []
    headings: list[str] = []

    def on_thought(_conversation: int, message_id: int, text: str) -> None:
        thought.append(text)
        row = workspace.transcript_model.row_of(message_id)
        assert row is not None
        widget = _reply_widget(workspace, row)
        widget.update_from(workspace.transcript_model.message(row))  # what the next paint shows
        headings.append(widget.thought.heading)

    workspace.chat.reply_reasoning_added.connect(on_thought)
    workspace.chat.reply_text_added.connect(lambda _c, _m, text: answer.append(text))
    _send(qtbot, workspace, SUM_QUESTION)

    assert "".join(thought).strip() == THOUGHT
    assert "".join(answer).strip() == ANSWER
    assert headings and all(h.startswith("Thinking…") for h in headings)
    widget = _reply_widget(workspace)
    section = widget.thought
    assert section.isVisible() and section.heading.startswith("Thought for ")
    assert not section.expanded and section.body.isHidden()
    assert widget.body.toPlainText().strip() == ANSWER
    assert THOUGHT not in widget.body.toPlainText()
    assert "thinking)" in widget.footer.text()  # "12 tokens (6 thinking)"

    # Click, Space and Enter open and close it; open, it shows the thinking as written.
    qtbot.mouseClick(section.toggle, Qt.MouseButton.LeftButton)
    assert section.expanded and section.body.isVisible()
    assert section.body.toPlainText().strip() == THOUGHT
    section.toggle.setFocus()
    qtbot.keyClick(section.toggle, Qt.Key.Key_Space)
    assert not section.expanded and section.body.isHidden()
    qtbot.keyClick(section.toggle, Qt.Key.Key_Return)
    assert section.expanded

    # Copy copies the answer, never the thinking.
    widget.buttons["copy"].click()
    assert QGuiApplication.clipboard().text().strip() == ANSWER

    # The history keeps the two apart.
    stored = workspace.store.messages(workspace.conversation_id or 0)[1]
    assert stored.content.strip() == ANSWER and stored.reasoning.strip() == THOUGHT
    stats = ReplyStats.from_dict(stored.stats or {})
    assert stats is not None and 0 < stats.reasoning_tokens < stats.completion_tokens
    assert stats.thinking_s > 0 and not stats.thinking_unfinished

    # Opened stays opened when the transcript is built again (another chat and back).
    conversation_id = workspace.conversation_id or 0
    workspace.new_chat()
    workspace.open_conversation(conversation_id)
    rebuilt = _reply_widget(workspace).thought
    assert rebuilt is not section and rebuilt.expanded and not rebuilt.body.isHidden()

    # Editing the answer keeps the thinking that led to it.
    assert workspace.chat.edit_reply(stored.id, "Six.")
    edited = workspace.store.messages(conversation_id)[1]
    assert edited.version == 2 and edited.content == "Six."
    assert edited.reasoning.strip() == THOUGHT


def test_thinking_streams_into_an_open_section_and_is_not_sent_back(
    qtbot: QtBot, thinker_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = thinker_window.workspace
    spy = GenerateSpy(workspace.chat.inference, monkeypatch)
    opened: list[str] = []

    def open_at_first_thought(_conversation: int, message_id: int, _text: str) -> None:
        row = workspace.transcript_model.row_of(message_id)
        assert row is not None
        widget = _reply_widget(workspace, row)
        if not opened:
            widget.update_from(workspace.transcript_model.message(row))
            qtbot.mouseClick(widget.thought.toggle, Qt.MouseButton.LeftButton)
            opened.append(widget.thought.body.toPlainText())

    workspace.chat.reply_reasoning_added.connect(open_at_first_thought)
    _send(qtbot, workspace, SUM_QUESTION)
    workspace.chat.reply_reasoning_added.disconnect(open_at_first_thought)
    section = _reply_widget(workspace).thought
    assert opened and len(opened[0]) < len(THOUGHT)  # opened while it was thinking
    assert section.expanded and section.body.toPlainText().strip() == THOUGHT

    _send(qtbot, workspace, "And 4+4?")
    sent = spy.calls[-1]["messages"]
    assert [m.role for m in sent] == [Role.USER, Role.ASSISTANT, Role.USER]
    assert sent[1].content.strip() == ANSWER
    assert all(THOUGHT not in m.content and "<think>" not in m.content for m in sent)
    assert spy.calls[-1]["reasoning_prefix"] == ""
    assert spy.calls[-1]["continue_thinking"] is False


def test_stopped_while_thinking_then_continued(
    qtbot: QtBot, thinker_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = thinker_window.workspace
    spy = GenerateSpy(workspace.chat.inference, monkeypatch)
    workspace.new_chat()
    _conversation_sampling(workspace, max_tokens=3)
    _send(qtbot, workspace, SUM_QUESTION)
    assert spy.calls[-1]["sampling"].max_tokens == 3  # the conversation's own settings

    widget = _reply_widget(workspace)
    stored = workspace.store.messages(workspace.conversation_id or 0)[1]
    stats = ReplyStats.from_dict(stored.stats or {})
    assert stats is not None and stats.thinking_unfinished
    assert stats.finish_reason == FinishReason.LENGTH
    assert stored.content == "" and stored.reasoning and THOUGHT.startswith(stored.reasoning)
    assert "stopped while thinking" in widget.thought.heading
    assert " 0 s" not in widget.thought.heading  # a few tokens: "under 0.1 s"
    # Said once, not "stopped at the token limit · stopped while thinking — …".
    footer = widget.footer.text()
    assert footer.endswith(STOPPED_THINKING) and "token limit" not in footer
    assert footer.count("stopped") == 1
    # No empty answer under the thinking.
    assert widget.body.isHidden() and widget.stream.isHidden()
    assert widget.buttons["continue"].isVisible()
    # No answer yet: Copy copies the thinking, and says so.
    copy = widget.buttons["copy"]
    assert copy.isVisible() and "thinking" in copy.toolTip()
    copy.click()
    assert QGuiApplication.clipboard().text() == stored.reasoning

    _conversation_sampling(workspace, max_tokens=64)
    parts: list[ReplyStats] = []
    workspace.chat.inference.reply_completed.connect(lambda _id, reply: parts.append(reply.stats))
    with qtbot.waitSignal(workspace.chat.reply_ended, timeout=60_000):
        widget.buttons["continue"].click()
    call = spy.calls[-1]
    assert call["continue_thinking"] is True and call["reasoning_prefix"] == stored.reasoning
    done = workspace.store.messages(workspace.conversation_id or 0)[1]
    assert done.reasoning.strip() == THOUGHT and done.content.strip() == ANSWER
    final = ReplyStats.from_dict(done.stats or {})
    assert final is not None and not final.thinking_unfinished
    # Both parts count, in every total: tokens written, thinking tokens, thinking time.
    (later,) = parts
    assert final.completion_tokens == stats.completion_tokens + later.completion_tokens
    assert final.reasoning_tokens == stats.reasoning_tokens + later.reasoning_tokens
    assert final.reasoning_tokens < final.completion_tokens
    assert final.thinking_s == stats.thinking_s + later.thinking_s
    assert final.prompt_tokens + final.completion_tokens == (
        later.prompt_tokens + later.completion_tokens
    )
    widget = _reply_widget(workspace)
    assert widget.thought.heading.startswith("Thought")
    assert "stopped while thinking" not in widget.thought.heading
    assert STOPPED_THINKING not in widget.footer.text()
    assert f"{final.completion_tokens} tokens ({final.reasoning_tokens} thinking)" in (
        widget.footer.text()
    )
    assert widget.body.toPlainText().strip() == ANSWER and widget.body.isVisible()
    copy.click()
    assert QGuiApplication.clipboard().text().strip() == ANSWER

    # Regenerate starts afresh: no earlier thinking is carried into it.
    with qtbot.waitSignal(workspace.chat.reply_ended, timeout=60_000):
        widget.buttons["regenerate"].click()
    assert spy.calls[-1]["reasoning_prefix"] == "" and not spy.calls[-1]["continue_thinking"]
    latest = workspace.store.messages(workspace.conversation_id or 0)[1]
    assert latest.version == 2 and latest.reasoning.strip() == THOUGHT


def test_through_the_api_servers_service_the_thinking_stays_apart(
    qtbot: QtBot, thinker_window: MainWindow
) -> None:
    workspace = thinker_window.workspace
    controller = workspace.chat.inference
    with qtbot.waitSignal(controller.service_changed, timeout=30_000):
        controller.set_serving(True)
    assert controller.serving and controller.continues_thinking
    _send(qtbot, workspace, SUM_QUESTION)
    stored = workspace.store.messages(workspace.conversation_id or 0)[1]
    assert stored.content.strip() == ANSWER and stored.reasoning.strip() == THOUGHT
    widget = _reply_widget(workspace)
    assert widget.thought.heading.startswith("Thought")
    assert widget.body.toPlainText().strip() == ANSWER

    # A reply stopped while thinking is continued there, through the service too.
    workspace.new_chat()
    _conversation_sampling(workspace, max_tokens=3)
    _send(qtbot, workspace, SUM_QUESTION)
    cut = workspace.store.messages(workspace.conversation_id or 0)[1]
    assert cut.reasoning and not cut.content
    _conversation_sampling(workspace, max_tokens=64)
    with qtbot.waitSignal(workspace.chat.reply_ended, timeout=60_000):
        _reply_widget(workspace).buttons["continue"].click()
    done = workspace.store.message(cut.id)
    assert done.reasoning.strip() == THOUGHT and done.content.strip() == ANSWER
    with qtbot.waitSignal(controller.service_changed, timeout=30_000):
        controller.set_serving(False)


def test_a_reply_without_thinking_has_no_thought_section(
    qtbot: QtBot, loaded_window: MainWindow
) -> None:
    workspace = loaded_window.workspace
    workspace.chat.sampling = SamplingSettings(temperature=0, seed=1, max_tokens=12)
    _send(qtbot, workspace, "Say hi.")
    widget = _reply_widget(workspace)
    assert widget.thought.isHidden()
    assert workspace.transcript_model.message(1).reasoning == ""
    stored = workspace.store.messages(workspace.conversation_id or 0)[1]
    assert stored.reasoning == "" and stored.content
    assert "thinking" not in widget.footer.text()
