"""The multi-line box where the user types: Enter sends, Shift+Enter breaks the line.

A very large paste is held aside and shown as a one-line marker: Qt lays out a long
line in time that grows with its square, so a few megabytes pasted as they are would
freeze the window. The held text is put back in place of its marker when sending.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QFocusEvent, QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.common.ui_locale import number

LARGE_PASTE_CHARS = 50_000


class MessageInput(QPlainTextEdit):
    """Signals:
    submitted(): Enter was pressed (without Shift, and with no input-method
        composition under way: Enter then commits the composition instead).
    stop_requested(): Esc was pressed.
    """

    submitted = Signal()
    stop_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageInput")
        self.setAccessibleName(self.tr("Message"))
        self.setAccessibleDescription(
            self.tr("Type your message. Enter sends it, Shift+Enter starts a new line.")
        )
        self.setPlaceholderText(
            self.tr("Message Hearth… (Enter sends, Shift+Enter for a new line)")
        )
        self.setTabChangesFocus(True)
        # Held pastes: the marker shown in the box, and the text it stands for.
        self._pastes: list[tuple[str, str]] = []
        # An input method (Chinese, Japanese, Korean…) is composing text: its
        # preedit is not text yet, and Enter belongs to the input method.
        self._composing = False

    @property
    def composing(self) -> bool:
        """True while an input method shows uncommitted (preedit) text."""
        return self._composing

    def message_text(self) -> str:
        """The text to send: what is typed, with held pastes put back in place."""

        text = self.toPlainText()
        for marker, pasted in self._pastes:
            text = text.replace(marker, pasted, 1)
        return text

    def clear_message(self) -> None:
        self.clear()
        self._pastes.clear()

    def insertFromMimeData(self, source: QMimeData) -> None:
        if source.hasText():
            text = source.text()
            if len(text) > LARGE_PASTE_CHARS:
                marker = self.tr("[Pasted text #{number}: {count} characters]").format(
                    number=len(self._pastes) + 1, count=number(len(text))
                )
                self._pastes.append((marker, text))
                self.insertPlainText(marker)
                return
        super().insertFromMimeData(source)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        # A composition starts, goes on or ends (committed or dropped: empty preedit).
        self._composing = bool(event.preeditString())
        super().inputMethodEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        # Qt commits or drops a composition when focus leaves; none is under way after.
        self._composing = False
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if self._composing:
            # Enter and Esc belong to the input method while it composes: they commit or
            # drop its text, and neither send, break the line nor stop a reply.
            if enter or key == Qt.Key.Key_Escape:
                event.accept()
            else:
                super().keyPressEvent(event)
            return
        if enter and not (event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
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
        #: a button that sends the typed message
        self.send_button = QPushButton(self.tr("Send"), self)
        self.send_button.setObjectName("sendButton")
        self.send_button.setAccessibleName(self.tr("Send message"))
        self.send_button.setToolTip(self.tr("Send the message (Enter)"))
        self.send_button.setDefault(True)
        #: a button that stops the reply being written
        self.stop_button = QPushButton(self.tr("Stop"), self)
        self.stop_button.setObjectName("stopButton")
        self.stop_button.setAccessibleName(self.tr("Stop the reply"))
        self.stop_button.setToolTip(self.tr("Stop the reply (Esc)"))
        buttons = QVBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.input, 1)
        row.addLayout(buttons)
