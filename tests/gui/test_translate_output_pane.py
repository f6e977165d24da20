"""The Translate view's output pane changes in place: only the part of the text that
differs from what it shows, so that the reader's place and the rest's layout stay."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QPlainTextEdit
from pytestqt.qtbot import QtBot

from gui.translate.output_text import (
    common_prefix,
    common_suffix,
    in_view,
    pane_text,
    scroll_into_view,
    show_text,
)

# Letters, an accent, a no-break space, emoji (two UTF-16 units each) and line breaks.
_TEXT = st.text(alphabet=st.sampled_from("ab é\u00a0\n🦜😀中"), max_size=40)


def _pane() -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setReadOnly(True)
    edit.setUndoRedoEnabled(False)
    return edit


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(_TEXT, min_size=1, max_size=6))
def test_the_pane_shows_each_text_exactly(qapp: QApplication, texts: list[str]) -> None:
    edit, shown = _pane(), ""
    for text in texts:
        shown = show_text(edit, shown, text)
        assert pane_text(edit, shown) == shown == text
        assert edit.toPlainText() == text.replace("\u00a0", " ")  # Qt's own copy
    edit.deleteLater()


def test_line_breaks_written_otherwise_are_shown_as_one(qtbot: QtBot) -> None:
    edit = _pane()
    qtbot.addWidget(edit)
    shown = show_text(edit, "", "Un.\r\nDeux.\r")
    assert shown == edit.toPlainText() == "Un.\nDeux.\n"
    shown = show_text(edit, shown, "Un.\r\nDeux.\r\nTrois.")
    assert shown == edit.toPlainText() == "Un.\nDeux.\nTrois."


def test_a_change_below_leaves_the_reader_where_they_are(qtbot: QtBot) -> None:
    edit = _pane()
    qtbot.addWidget(edit)
    edit.resize(300, 200)
    edit.show()
    lines = [f"Line {i}, long enough to wrap in a narrow pane, twice over." for i in range(200)]
    shown = show_text(edit, "", "\n".join(lines))
    qtbot.wait(20)
    bar = edit.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    qtbot.wait(20)
    place, first = bar.value(), edit.firstVisibleBlock().blockNumber()
    for i in range(150, 160):  # the run goes on below
        lines[i] = f"Ligne {i} : traduite."
        shown = show_text(edit, shown, "\n".join(lines))
        qtbot.wait(10)
        assert (bar.value(), edit.firstVisibleBlock().blockNumber()) == (place, first)
    assert edit.toPlainText() == "\n".join(lines)
    # Cleared by another path: the next text is set whole.
    edit.clear()
    assert show_text(edit, shown, "Bonjour.") == "Bonjour." == edit.toPlainText()


def test_the_common_ends_are_found() -> None:
    assert common_prefix("abcdef", "abcxyz") == 3
    assert common_prefix("", "abc") == 0
    assert common_prefix("abc", "abc") == 3
    assert common_suffix("xyzdef", "abcdef") == 3
    assert common_suffix("a🦜", "b🦜") == 1


def test_following_scrolls_without_moving_the_reader_s_selection(qtbot: QtBot) -> None:
    edit = _pane()
    qtbot.addWidget(edit)
    edit.resize(300, 200)
    edit.show()
    text = "\n".join(
        f"Line {i}, long enough to wrap in a narrow pane, twice over." for i in range(300)
    )
    show_text(edit, "", text)
    qtbot.wait(20)
    cursor = edit.textCursor()
    cursor.setPosition(5)
    cursor.setPosition(20, QTextCursor.MoveMode.KeepAnchor)
    edit.setTextCursor(cursor)
    for position in (len(text) // 3, len(text), 10, len(text) // 2):
        scroll_into_view(edit, position)
        assert in_view(edit, position)
        assert edit.textCursor().selectedText() == text[5:20]
    assert not in_view(edit, len(text))


def test_a_pane_lower_than_a_line_is_not_scrolled_back_and_forth(qtbot: QtBot) -> None:
    edit = _pane()
    qtbot.addWidget(edit)
    edit.resize(300, 200)
    edit.show()
    text = "\n".join(f"Line {i}" for i in range(20_000))
    show_text(edit, "", text)
    qtbot.wait(20)
    edit.setFixedHeight(edit.height() - edit.viewport().height() + 4)  # 4 px of text
    qtbot.wait(20)
    bar = edit.verticalScrollBar()
    before = bar.value()
    moves: list[int] = []
    bar.valueChanged.connect(moves.append)
    scroll_into_view(edit, len(text) // 2)
    assert bar.value() == before and moves == [], "no back-and-forth over 20,000 lines"
