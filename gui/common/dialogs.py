"""Every message box and the notice banner, built in one place. They show their text
exactly as written (plain text): what they quote (titles, file names, addresses, model
metadata) can come from an import, a reply or a model file."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QWidget

from gui.common.announce import announce


def _box(
    icon: QMessageBox.Icon,
    parent: QWidget | None,
    title: str,
    text: str,
    buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.NoButton,
) -> QMessageBox:
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def ask_yes_no(parent: QWidget | None, title: str, text: str, *, default_no: bool = False) -> bool:
    """A Yes/No question; True for Yes. With ``default_no`` Enter answers No (for a
    question whose Yes cannot be undone, so that a stray Enter does no harm)."""
    box = _box(
        QMessageBox.Icon.Question,
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
    )
    box.setDefaultButton(
        QMessageBox.StandardButton.No if default_no else QMessageBox.StandardButton.Yes
    )
    return box.exec() == QMessageBox.StandardButton.Yes


def ask_open(parent: QWidget | None, title: str, text: str) -> bool:
    """An Open/Cancel question with Cancel as the default; True for Open."""
    box = _box(
        QMessageBox.Icon.Question,
        parent,
        title,
        text,
        QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
    )
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box.exec() == QMessageBox.StandardButton.Open


def ask_retry_or_quit(parent: QWidget | None, title: str, text: str) -> bool:
    """A warning with Retry (the default) and Quit; True for Retry."""
    box = _box(QMessageBox.Icon.Warning, parent, title, text)
    retry = box.addButton(
        QCoreApplication.translate("Dialogs", "Retry"), QMessageBox.ButtonRole.AcceptRole
    )
    #: a button: quit Hearth
    box.addButton(QCoreApplication.translate("Dialogs", "Quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(retry)
    box.exec()
    return box.clickedButton() is retry


def ask_choice(parent: QWidget | None, title: str, text: str, choices: Sequence[str]) -> str | None:
    """A question with one button per choice (the first is the default) and Cancel;
    the chosen label, or None for Cancel."""
    box = _box(QMessageBox.Icon.Question, parent, title, text)
    buttons = [box.addButton(choice, QMessageBox.ButtonRole.AcceptRole) for choice in choices]
    box.addButton(QMessageBox.StandardButton.Cancel)
    if buttons:
        box.setDefaultButton(buttons[0])
    box.exec()
    clicked = box.clickedButton()
    return next((c for c, b in zip(choices, buttons, strict=True) if b is clicked), None)


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    """A blocking error message."""
    _box(QMessageBox.Icon.Critical, parent, title, text, QMessageBox.StandardButton.Ok).exec()


def error_box(parent: QWidget | None, title: str, text: str, details: str) -> QMessageBox:
    """A non-blocking error box with the details folded away: the caller shows it
    (``open()``/``show()``); it deletes itself when closed."""
    box = _box(QMessageBox.Icon.Critical, parent, title, text, QMessageBox.StandardButton.Ok)
    box.setDetailedText(details)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return box


def show_about(parent: QWidget | None, title: str, text: str) -> None:
    """An information box (About)."""
    _box(QMessageBox.Icon.Information, parent, title, text, QMessageBox.StandardButton.Ok).exec()


def ask_open_path(parent: QWidget | None, title: str, filters: str) -> str:
    """A file to open, starting in the home folder; "" when cancelled."""
    return QFileDialog.getOpenFileName(parent, title, str(Path.home()), filters)[0]


def ask_save_path(parent: QWidget | None, title: str, suggested: str, filters: str) -> str:
    """Where to save, starting at ``suggested``; "" when cancelled."""
    return QFileDialog.getSaveFileName(parent, title, suggested, filters)[0]


class NoticeBanner(QLabel):
    """A one-line (wrapping) message strip above a view: hidden while empty, selectable,
    plain text. ``show_notice("")`` hides it; a new notice is read out by screen
    readers."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_notice(self, text: str) -> None:
        changed = text != self.text() or not self.isVisible()
        self.setText(text)
        self.setVisible(bool(text))
        if text and changed:
            announce(self, text)
