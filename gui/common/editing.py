"""Item views' editors: what is being typed in one is entered before the window acts."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget


def commit_open_editor(container: QWidget) -> None:
    """Enter the text being typed in an item view's editor inside ``container``, as
    leaving the cell does (the editor commits as it loses the focus)."""
    focus = QApplication.focusWidget()
    if focus is not None and container.isAncestorOf(focus):
        focus.clearFocus()
