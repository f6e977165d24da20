"""A reasoning model's replies that end early and are carried on: a reply that fails
while thinking, a Continue that fails, the live thinking time across a conversation
switch, the partial saves of a long thinking, and a thinking too long to show."""

from __future__ import annotations

import time
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from engine.chat.history_store import HistoryStore, MessageState
from engine.llm.generation import ReplyStats
from gui.chat.markdown_browser import DISPLAY_LIMIT_CHARS
from gui.chat.thought_section import ThoughtSection
from gui.inference.controller import InferenceController
from gui.main_window import MainWindow
from tests.gui.test_reasoning_transcript import (  # noqa: F401 (thinker_window: a fixture)
    ANSWER,
    THOUGHT,
    _conversation_sampling,
    _reply_widget,
    _send,
    thinker_window,
)
from tests.reasoning_templates import SUM_QUESTION

FAILURE = "The server closed the connection"


def _fail_at_first_thought(controller: InferenceController) -> Any:
    """Make the next reply fail at its first piece of thinking, as the inference thread
    says when a remote engine drops the connection; returns the handler to disconnect."""
    failed: list[int] = []

    def drop_connection(request_id: int, _text: str, _count: int) -> None:
        if not failed:
            failed.append(request_id)
            controller.reply_failed.emit(request_id, FAILURE)
            controller.cancel(request_id)

    controller.reasoning_received.connect(drop_connection)
    return drop_connection


def test_a_reply_that_fails_while_thinking_can_be_continued(
    qtbot: QtBot,
    thinker_window: MainWindow,  # noqa: F811
) -> None:
    workspace = thinker_window.workspace
    controller = workspace.chat.inference
    handler = _fail_at_first_thought(controller)
    _send(qtbot, workspace, SUM_QUESTION)
    controller.reasoning_received.disconnect(handler)
    reply = workspace.store.messages(workspace.conversation_id or 0)[1]
    # Thinking and no answer: interrupted (not an error), to be continued.
    assert reply.reasoning and not reply.content
    assert reply.state == MessageState.INTERRUPTED
    widget = _reply_widget(workspace)
    assert FAILURE in widget.footer.text()
    assert widget.buttons["continue"].isVisible()

    with qtbot.waitSignal(workspace.chat.reply_ended, timeout=60_000):
        widget.buttons["continue"].click()
    done = workspace.store.message(reply.id)
    assert done.state == MessageState.COMPLETE and done.content.strip()
    assert done.reasoning.startswith(reply.reasoning)


def test_a_continue_that_fails_keeps_the_earlier_statistics(
    qtbot: QtBot,
    thinker_window: MainWindow,  # noqa: F811
) -> None:
    workspace = thinker_window.workspace
    controller = workspace.chat.inference
    _conversation_sampling(workspace, max_tokens=3)
    _send(qtbot, workspace, SUM_QUESTION)
    cut = workspace.store.messages(workspace.conversation_id or 0)[1]
    earlier = ReplyStats.from_dict(cut.stats or {})
    assert earlier is not None and earlier.thinking_unfinished and not cut.content

    _conversation_sampling(workspace, max_tokens=64)
    times: list[tuple[float, float | None] | None] = []
    workspace.chat.reply_started.connect(
        lambda _c, message_id: times.append(workspace.chat.thinking_times(message_id))
    )
    handler = _fail_at_first_thought(controller)
    with qtbot.waitSignal(workspace.chat.reply_ended, timeout=60_000):
        _reply_widget(workspace).buttons["continue"].click()
    controller.reasoning_received.disconnect(handler)
    # The live count of a continued thought goes on from the earlier thinking time.
    assert times and times[0] is not None
    assert times[0][0] <= time.monotonic() - earlier.thinking_s

    failed = workspace.store.message(cut.id)
    assert failed.state == MessageState.INTERRUPTED
    assert failed.stats == cut.stats  # the part written before keeps its statistics
    assert failed.reasoning.startswith(cut.reasoning)
    widget = _reply_widget(workspace)
    assert widget.buttons["continue"].isVisible()
    assert "stopped while thinking" in widget.thought.heading

    # Continued again, it carries on inside the thinking, to the answer.
    with qtbot.waitSignal(workspace.chat.reply_ended, timeout=60_000):
        widget.buttons["continue"].click()
    done = workspace.store.message(cut.id)
    assert done.state == MessageState.COMPLETE and done.content.strip()
    final = ReplyStats.from_dict(done.stats or {})
    assert final is not None and final.completion_tokens > earlier.completion_tokens


def test_partial_saves_write_the_thinking_only_when_it_grew(
    qtbot: QtBot,
    thinker_window: MainWindow,  # noqa: F811
    store: HistoryStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    workspace = thinker_window.workspace
    saves: list[str | None] = []
    real = store.save_partial

    def save_partial(message_id: int, content: str, reasoning: str | None = None) -> None:
        saves.append(reasoning)
        real(message_id, content, reasoning)

    monkeypatch.setattr(store, "save_partial", save_partial)
    # A save after every piece, as the timer does on a slower machine.
    save_now = workspace.chat.save_streaming
    workspace.chat.reply_reasoning_added.connect(lambda *_: save_now())
    workspace.chat.reply_text_added.connect(lambda *_: save_now())
    _send(qtbot, workspace, SUM_QUESTION)
    written = [reasoning for reasoning in saves if reasoning is not None]
    # Each piece of thinking is saved as it comes; the answer's saves leave it be.
    assert written and written[-1].strip() == THOUGHT
    assert saves[len(written) :] and all(r is None for r in saves[len(written) :])
    reply = workspace.store.messages(workspace.conversation_id or 0)[1]
    assert reply.reasoning.strip() == THOUGHT and reply.content.strip() == ANSWER


def test_the_live_thinking_time_survives_a_conversation_switch(
    qtbot: QtBot,
    thinker_window: MainWindow,  # noqa: F811
) -> None:
    workspace = thinker_window.workspace
    store = workspace.store
    seen: list[tuple[float | None, tuple[float, float | None] | None]] = []

    def switch_away_and_back(conversation_id: int, message_id: int, _text: str) -> None:
        if seen:
            return
        store.add_message(store.create_conversation("Other").id, "user", "Hi")
        other = store.conversations()[0].id
        workspace.open_conversation(other)
        workspace.open_conversation(conversation_id)
        row = workspace.transcript_model.row_of(message_id)
        assert row is not None
        shown = workspace.transcript_model.message(row)
        seen.append((shown.thinking_since, workspace.chat.thinking_times(message_id)))

    workspace.chat.reply_reasoning_added.connect(switch_away_and_back)
    _send(qtbot, workspace, SUM_QUESTION)
    (since, times), *_ = seen
    assert times is not None and since == times[0]  # not the moment it was shown again

    # A section shown again goes on counting from that moment, not from 0.
    section = ThoughtSection()
    qtbot.addWidget(section)
    section.show_thought(
        "Hm", streaming=True, answering=False, stats=None, since=time.monotonic() - 7.2
    )
    assert section.heading == "Thinking… 7 s"
    section.show_thought(
        "Hm", streaming=True, answering=True, stats=None, since=time.monotonic() - 9, thought_for=4
    )
    assert section.heading == "Thought for 4 s"


def test_a_very_long_thinking_shows_its_beginning_and_says_where_the_rest_is(
    qtbot: QtBot,
) -> None:
    line = "Consider each case in turn, and check the sum once more. "
    thought = line * (1_000_000 // len(line))
    section = ThoughtSection()
    qtbot.addWidget(section)
    section.show_thought(thought[:5_000], streaming=True, answering=False, stats=None)
    section.set_expanded(True)
    assert section.body.toPlainText() == thought[:5_000].strip()
    # Streaming past the limit: the beginning, and a note that it goes on.
    section.show_thought(thought[:500_000], streaming=True, answering=False, stats=None)
    shown = section.body.toPlainText()
    assert shown.startswith(thought[:5_000])
    assert len(shown) < DISPLAY_LIMIT_CHARS + 300 and "goes on" in shown
    section.show_thought(thought, streaming=True, answering=False, stats=None)
    assert section.body.toPlainText() == shown  # nothing more is laid out
    # Finished: the note says how much is left out, and where to read it all.
    section.show_thought(thought, streaming=False, answering=True, stats=None)
    final = section.body.toPlainText()
    hidden = len(thought.strip()) - DISPLAY_LIMIT_CHARS
    assert final.startswith(thought.strip()[:DISPLAY_LIMIT_CHARS])
    assert f"{hidden:,} more characters" in final and "Export the conversation" in final
    assert section.text == thought  # the whole thinking stays the section's text
