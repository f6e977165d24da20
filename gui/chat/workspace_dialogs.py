"""The questions the chat workspace asks the user, each a method that tests replace."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QPlainTextEdit, QWidget

from engine.llm.parameters import SamplingSettings
from gui.chat.conversation_files import start_folder
from gui.common.dialogs import ask_yes_no


class WorkspaceDialogs(QWidget):
    """Confirmation, text, file and sampling dialogs, parented to the workspace."""

    def ask_confirmation(self, title: str, text: str) -> bool:
        return ask_yes_no(self, title, text, default_no=True)

    def ask_text(self, title: str, label: str, text: str, multiline: bool = False) -> str | None:
        dialog = QInputDialog(self)
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setTextValue(text)
        dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
        dialog.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput, multiline)
        # The field is named by the question, for screen readers.
        for field in dialog.findChildren(QLineEdit) + dialog.findChildren(QPlainTextEdit):
            field.setAccessibleName(label.rstrip(":：").strip())
        accepted = dialog.exec() == QInputDialog.DialogCode.Accepted
        value = dialog.textValue()
        dialog.deleteLater()
        return value if accepted else None

    def ask_save_path(self, title: str, suggested: str, filters: str) -> str:
        return QFileDialog.getSaveFileName(self, title, suggested, filters)[0]

    def ask_open_path(self, title: str, filters: str) -> str:
        return QFileDialog.getOpenFileName(self, title, str(start_folder()), filters)[0]

    def ask_sampling(self, current: SamplingSettings) -> SamplingSettings | None:
        from gui.chat.sampling_dialog import SamplingDialog

        dialog = SamplingDialog(current, self)
        if dialog.exec() != SamplingDialog.DialogCode.Accepted:
            return None
        return dialog.settings()
