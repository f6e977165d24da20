"""The multi-line box where the user types: Enter sends, Shift+Enter breaks the line.

A very large paste is held aside and shown as a one-line marker: Qt lays out a long
line in time that grows with its square, so a few megabytes pasted as they are would
freeze the window. The held text is put back in place of its marker when sending.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

LARGE_PASTE_CHARS = 50_000
_MARKER = re.compile(r"\[Pasted text #(\d+): [\d,]+ characters\]")


class MessageInput(QPlainTextEdit):
    """Signals:
    submitted(): Enter was pressed (without Shift).
    stop_requested(): Esc was pressed.
    """

    submitted = Signal()
    stop_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageInput")
        self.setAccessibleName("Message")
        self.setPlaceholderText("Message Hearth… (Enter sends, Shift+Enter for a new line)")
        self.setTabChangesFocus(True)
        self._pastes: list[str] = []

    def message_text(self) -> str:
        """The text to send: what is typed, with held pastes put back in place."""

        def expand(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            return self._pastes[index] if 0 <= index < len(self._pastes) else match.group(0)

        return _MARKER.sub(expand, self.toPlainText())

    def clear_message(self) -> None:
        self.clear()
        self._pastes.clear()

    def insertFromMimeData(self, source: QMimeData) -> None:
        if source.hasText():
            text = source.text()
            if len(text) > LARGE_PASTE_CHARS:
                self._pastes.append(text)
                self.insertPlainText(
                    f"[Pasted text #{len(self._pastes)}: {len(text):,} characters]"
                )
                return
        super().insertFromMimeData(source)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.submitted.emit()
            event.accept()
            return
        if key == Qt.Key.Key_Escape:
            self.stop_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class InputRow(QWidget):
    """The message box with its Send and Stop buttons beside it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.input = MessageInput(self)
        self.input.setFixedHeight(90)
        self.send_button = QPushButton("Send", self)
        self.send_button.setObjectName("sendButton")
        self.send_button.setAccessibleName("Send message")
        self.send_button.setDefault(True)
        self.stop_button = QPushButton("Stop", self)
        self.stop_button.setObjectName("stopButton")
        self.stop_button.setAccessibleName("Stop the reply")
        buttons = QVBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.input, 1)
        row.addLayout(buttons)
