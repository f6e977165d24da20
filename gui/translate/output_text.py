"""The Translate view's output pane changes in place: only the part of the text that
differs from what it shows, so that the rest keeps its layout and the reader their
place in it. Set whole at each update (every 50 ms during a run), a pane the reader had
scrolled away from a run crept back down a few lines each time: its lines are laid out
again lazily and the scroll position counts them."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit


def utf16_length(text: str) -> int:
    """``text``'s length as Qt counts it, in UTF-16 units (an emoji is two)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def show_text(edit: QPlainTextEdit, shown: str, text: str) -> str:
    """Make ``edit`` (read-only, without undo) show ``text``, where it shows ``shown``
    (what this function last put there): the part between their common start and end
    is replaced. Where the pane holds something else (cleared since), ``text`` is set
    whole. Returns what it shows now, the new ``shown``: ``text``, its line breaks
    written "\n" (Qt keeps "\r\n" as one character, which would throw the positions
    off)."""
    text = as_shown(text)
    document = edit.document()
    if document.characterCount() - 1 != utf16_length(shown):
        edit.setPlainText(text)
        return text
    start = common_prefix(shown, text)
    end = common_suffix(shown[start:], text[start:])
    if start + end == len(shown) == len(text):
        return text  # nothing changed
    cursor = QTextCursor(document)
    cursor.setPosition(utf16_length(shown[:start]))
    cursor.setPosition(utf16_length(shown[: len(shown) - end]), QTextCursor.MoveMode.KeepAnchor)
    cursor.insertText(text[start : len(text) - end])
    return text


def as_shown(text: str) -> str:
    """``text`` as ``show_text`` shows it: its line breaks written "\n"."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def pane_text(edit: QPlainTextEdit, shown: str) -> str:
    """The text ``edit`` shows, as ``show_text`` put it there (``shown``), where it
    still holds it: Qt's own copy writes a no-break space as a space (French "1 000",
    "vendredi :")."""
    if edit.document().characterCount() - 1 == utf16_length(shown):
        return shown
    return edit.toPlainText()


def in_view(edit: QPlainTextEdit, position: int) -> bool:
    """Whether ``position`` (in UTF-16 units) of ``edit``'s text is in sight."""
    return edit.viewport().rect().intersects(edit.cursorRect(_cursor_at(edit, position)))


def scroll_into_view(edit: QPlainTextEdit, position: int) -> None:
    """Scroll ``edit`` so that ``position`` is in sight (at its bottom, coming from
    above, as the pane follows a run), without moving the text cursor: a selection the
    reader is making stays (ensureCursorVisible would need the cursor there)."""
    cursor = _cursor_at(edit, position)
    bar = edit.verticalScrollBar()
    height = edit.viewport().height()
    if height < edit.cursorRect(cursor).height():
        return  # a pane collapsed, or lower than a line: nothing to bring into sight
    # A line at a time where it is close, more where it is far (Qt measures a far
    # line only roughly); every step moves the bar, so it ends within its range, and
    # a step back after a step forth ends it (a line taller than the rest).
    went = 0
    for _ in range(bar.maximum() + 1):
        rect = edit.cursorRect(cursor)
        lines = max(rect.height(), 1)
        if rect.bottom() > height and bar.value() < bar.maximum() and went >= 0:
            bar.setValue(bar.value() + max(1, (rect.bottom() - height) // lines))
            went = 1
        elif rect.top() < 0 and bar.value() > 0 and went <= 0:
            bar.setValue(bar.value() - max(1, -rect.top() // lines))
            went = -1
        else:
            return


def _cursor_at(edit: QPlainTextEdit, position: int) -> QTextCursor:
    document = edit.document()
    cursor = QTextCursor(document)
    cursor.setPosition(max(0, min(position, document.characterCount() - 1)))
    return cursor


def common_prefix(a: str, b: str) -> int:
    """How many characters ``a`` and ``b`` begin with alike (compared a slice at a time,
    so that a long text takes a few dozen comparisons, not one per character)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def common_suffix(a: str, b: str) -> int:
    """How many characters ``a`` and ``b`` end with alike."""
    return common_prefix(a[::-1], b[::-1])
