"""Showing and hiding the conversation list (View → Show sidebar, or dragging the
splitter shut), and its width, which the window saves and restores."""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QSplitter, QWidget

DEFAULT_WIDTH = 260
MIN_WIDTH = 120
MAX_WIDTH = 800


class SidebarToggle(QObject):
    """``action`` is the checkable "Show sidebar" (Ctrl+Shift+B) for a menu."""

    def __init__(self, splitter: QSplitter, sidebar: QWidget, parent: QObject | None = None):
        super().__init__(parent)
        self._splitter = splitter
        self._sidebar = sidebar
        self._width = DEFAULT_WIDTH
        self.action = QAction(self.tr("Show &sidebar"), self)
        self.action.setObjectName("showSidebarAction")
        self.action.setShortcut(QKeySequence("Ctrl+Shift+B"))
        self.action.setCheckable(True)
        self.action.setChecked(True)
        self.action.toggled.connect(self._on_action_toggled)
        splitter.splitterMoved.connect(self._on_splitter_moved)

    def state(self) -> tuple[bool, int]:
        shown = self.action.isChecked()
        return shown, self._sidebar.width() if shown and self._sidebar.width() else self._width

    def restore(self, visible: bool, width: int) -> None:
        self._width = max(MIN_WIDTH, min(int(width), MAX_WIDTH))
        total = max(self._splitter.width(), self._width + 400)
        self._splitter.setSizes([self._width, total - self._width])
        self.action.setChecked(visible)
        self._sidebar.setVisible(visible)

    @Slot(bool)
    def _on_action_toggled(self, shown: bool) -> None:
        if not shown and self._sidebar.isVisible() and self._sidebar.width():
            self._width = self._sidebar.width()
        self._sidebar.setVisible(shown)
        if shown:
            total = self._splitter.width()
            self._splitter.setSizes([self._width, max(1, total - self._width)])

    @Slot(int, int)
    def _on_splitter_moved(self, _position: int, _index: int) -> None:
        # Dragged shut: hidden as if by Show sidebar, and reopened at its last width.
        if self._splitter.sizes()[0] == 0 and self.action.isChecked():
            self.action.setChecked(False)
