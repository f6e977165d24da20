"""Editing a message where it stands in the transcript: a box like the main one (Enter
sends, Shift+Enter breaks the line, Esc cancels), with a line saying what sending does."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from gui.chat.message_input import MessageInput


class MessageEditor(QWidget):
    """Signals:
    submitted(str): Enter or the Send button, with the (non-empty) edited text.
    cancelled(): Esc or the Cancel button.
    """

    submitted = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageEditor")
        self.note = QLabel(self)
        self.note.setObjectName("editNote")
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.input = MessageInput(self)
        self.input.setObjectName("editInput")
        self.input.setAccessibleName(self.tr("Edit message"))
        self.input.setAccessibleDescription(
            self.tr("Enter sends the edited text, Shift+Enter starts a new line, Esc cancels.")
        )
        self.input.setPlaceholderText("")
        self.input.setMinimumHeight(80)
        self.input.setMaximumHeight(160)
        #: a button that sends the edited message
        self.send_button = QPushButton(self.tr("Send"), self)
        self.send_button.setObjectName("editSendButton")
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setObjectName("editCancelButton")
        self.cancel_button.setToolTip(self.tr("Cancel editing (Esc)"))
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.note, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.input)
        layout.addLayout(buttons)
        self.input.submitted.connect(self._on_input_submitted)
        self.input.stop_requested.connect(self.cancelled)
        self.send_button.clicked.connect(self._on_input_submitted)
        self.cancel_button.clicked.connect(self.cancelled)

    def start(self, text: str, note: str, send_label: str) -> None:
        """Show ``text`` for editing, with the cursor at its end."""
        self.note.setText(note)
        self.send_button.setText(send_label)
        self.send_button.setToolTip(self.tr("{action} (Enter)").format(action=send_label))
        self.input.clear_message()
        self.input.setPlainText(text)
        self.input.moveCursor(self.input.textCursor().MoveOperation.End)
        self.input.setFocus()

    @Slot()
    def _on_input_submitted(self) -> None:
        text = self.input.message_text().strip()
        if text:
            self.submitted.emit(text)
