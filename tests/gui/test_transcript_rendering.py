"""Streaming rendering: finished blocks render once; only the tail renders per update."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from engine.llm.messages import Role
from gui.chat.streaming_markdown import StreamingMarkdown, stable_boundary
from gui.chat.transcript_model import COMPLETE, STREAMING, TranscriptMessage, TranscriptModel
from gui.chat.transcript_view import SHOWN_MESSAGES, TranscriptView
from gui.common.markdown_render import split_code_blocks

REPLY = (
    "# Plan\n\nFirst, a paragraph with **bold** text.\n\n"
    "```python\ndef f():\n\n    return 1\n```\n\n"
    "- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nLast words"
)


def test_stable_boundary_ignores_blank_lines_inside_code() -> None:
    assert stable_boundary("para\n\nmore") == len("para\n\n")
    text = "intro\n\n```py\nx = 1\n\ny = 2\n"
    assert stable_boundary(text) == len("intro\n\n"), "the open fence is not a boundary"
    closed = text + "```\n\nafter"
    assert stable_boundary(closed) == len(text + "```\n\n")
    assert stable_boundary("no newline yet") == 0


def test_split_code_blocks_numbers_copy_links() -> None:
    markdown, blocks = split_code_blocks("a\n```py\nx\n```\nb\n~~~\ny\n~~~\n```\nopen")
    assert [b.code for b in blocks] == ["x", "y", "open"]
    assert "(hearth-copy:0)" in markdown and "(hearth-copy:2)" in markdown


def test_streaming_render_cost_does_not_grow_with_the_reply(qtbot: QtBot) -> None:
    widget = StreamingMarkdown()
    qtbot.addWidget(widget)
    paragraph = "A sentence of a long reply that keeps going. " * 4
    text = ""
    tail_sizes = []
    for _ in range(200):
        for word in (paragraph + "\n\n").split(" "):
            text += word + " "
        widget.update_text(text)
        tail_sizes.append(len(widget.tail.toPlainText()))
    assert len(widget.chunks) >= 150
    # The re-rendered part stays one paragraph long, at the end as at the start.
    assert max(tail_sizes[-20:]) <= max(tail_sizes[:20]) + 10
    assert widget.toPlainText().count("A sentence") == 800


def test_finished_reply_is_rendered_whole(qtbot: QtBot) -> None:
    model = TranscriptModel()
    view = TranscriptView(model)
    qtbot.addWidget(view)
    row = model.append_message(TranscriptMessage(Role.ASSISTANT, "", STREAMING))
    for piece in REPLY.split(" "):
        model.append_text(row, piece + " ")
    qtbot.waitUntil(lambda: "Last" in view.message_widget(row).stream.toPlainText(), timeout=2000)
    widget = view.message_widget(row)
    assert widget.stream.isVisibleTo(view) and not widget.body.isVisibleTo(view)
    model.finish(row, COMPLETE, text=REPLY)
    assert widget.body.isVisibleTo(view) and not widget.stream.isVisibleTo(view)
    plain = widget.body.toPlainText()
    assert "Plan" in plain and "return 1" in plain and "Last words" in plain
    assert len(widget.body.code_blocks) == 1
    assert widget.body.code_blocks[0].code == "def f():\n\n    return 1"


def test_updates_are_throttled(qtbot: QtBot) -> None:
    model = TranscriptModel()
    view = TranscriptView(model)
    qtbot.addWidget(view)
    row = model.append_message(TranscriptMessage(Role.ASSISTANT, "", STREAMING))
    before = view.render_count
    for _ in range(500):
        model.append_text(row, "tok ")
    assert view.render_count == before, "no render happens synchronously per token"
    qtbot.waitUntil(lambda: view.render_count > before, timeout=2000)
    assert view.render_count - before <= 2


def test_row_of_follows_resets_and_inserts() -> None:
    model = TranscriptModel()
    model.set_messages([TranscriptMessage(Role.USER, "a", message_id=1)])
    assert model.row_of(1) == 0
    model.append_message(TranscriptMessage(Role.ASSISTANT, "", STREAMING, message_id=2))
    assert model.row_of(2) == 1 and model.row_of(2) == 1
    model.set_messages([TranscriptMessage(Role.ASSISTANT, "x", message_id=2)])
    assert model.row_of(2) == 0, "a cached row is checked before it is trusted"
    assert model.row_of(1) is None
    model.clear()
    assert model.row_of(2) is None


def test_a_long_conversation_opens_with_its_newest_messages(qtbot: QtBot) -> None:
    model = TranscriptModel()
    roles = (Role.USER, Role.ASSISTANT)
    model.set_messages([TranscriptMessage(roles[i % 2], f"message {i}") for i in range(301)])
    view = TranscriptView(model)
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.show()
    qtbot.waitExposed(view)
    first = 301 - SHOWN_MESSAGES
    assert view.first_shown_row == first
    assert view.message_widget(first).body.toPlainText() == f"message {first}"
    with pytest.raises(IndexError):
        view.message_widget(first - 1)
    button = view.findChild(QPushButton, "earlierMessagesButton")
    assert button is not None and button.isVisible() and f"{first:,} more" in button.text()

    button.click()
    assert view.first_shown_row == first - SHOWN_MESSAGES
    assert view.message_widget(first - 1).body.toPlainText() == f"message {first - 1}"
    # Actions and streaming still reach the right rows.
    with qtbot.waitSignal(view.action_requested) as blocker:
        view.message_widget(first - 1).buttons["copy"].click()
    assert blocker.args == ["copy", first - 1]
    row = model.append_message(TranscriptMessage(Role.ASSISTANT, "", STREAMING))
    model.append_text(row, "new text")
    model.finish(row, COMPLETE)
    assert view.message_widget(row).body.toPlainText() == "new text"
    while view.first_shown_row:
        button.click()
    assert not button.isVisible()


def test_single_line_breaks_in_a_reply_are_kept_outside_code(qtbot: QtBot) -> None:
    from PySide6.QtGui import QTextDocument

    from gui.common.markdown_render import render_markdown

    document = QTextDocument()
    poem = "Roses are red,\nViolets are blue.\n\n```python\nx = 1\ny = 2\n```\n| a | b |\n|---|---|"
    blocks = render_markdown(document, poem)
    text = document.toPlainText()
    assert "Roses are red,\nViolets are blue." in text  # not joined into one line
    assert blocks[0].code == "x = 1\ny = 2"  # code is untouched
    assert "a\nb" in text  # the table still renders as a table


def test_view_follows_the_stream_unless_the_user_scrolls_up(qtbot: QtBot) -> None:
    model = TranscriptModel()
    view = TranscriptView(model)
    view.resize(500, 300)
    qtbot.addWidget(view)
    view.show()
    for i in range(6):
        model.append_message(TranscriptMessage("user", f"question {i}\n\n" + "line\n\n" * 5))
    row = model.append_message(TranscriptMessage("assistant", "", STREAMING))
    bar = view.verticalScrollBar()
    for _ in range(20):
        model.append_text(row, "more text in the reply\n\n")
    qtbot.waitUntil(lambda: bar.maximum() > 0 and bar.value() == bar.maximum(), timeout=3000)
    bar.setValue(0)  # the user scrolls up to read
    assert not view.following
    renders = view.render_count
    for _ in range(20):
        model.append_text(row, "even more text\n\n")
    qtbot.waitUntil(lambda: view.render_count > renders, timeout=3000)
    assert bar.value() == 0, "the view stays where the user put it"
    bar.setValue(bar.maximum())  # back at the bottom: follow again
    model.finish(row, COMPLETE, text=model.message(row).text + "the end")
    qtbot.waitUntil(lambda: bar.value() == bar.maximum(), timeout=3000)
    assert view.following
