"""The shared message boxes: plain text, and the answer is the button pressed."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from gui.common.dialogs import NoticeBanner, ask_choice, ask_yes_no


def _press_later(label: str, seen: list[str]) -> None:
    def press() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        assert box.textFormat() == Qt.TextFormat.PlainText
        seen.append(box.text())
        for button in box.findChildren(QPushButton):
            if button.text() == label:
                button.click()
                return
        raise AssertionError(f"no button {label!r}")

    QTimer.singleShot(0, press)


def test_ask_choice_returns_the_pressed_label_or_none(qtbot: QtBot) -> None:
    seen: list[str] = []
    _press_later("Copy", seen)
    assert ask_choice(None, "Import", "<b>x</b>.gguf?", ("Link (no copy)", "Copy")) == "Copy"
    _press_later("Cancel", seen)
    assert ask_choice(None, "Import", "again?", ("Link (no copy)", "Copy")) is None
    assert seen[0] == "<b>x</b>.gguf?"


def _press_enter_later(qtbot: QtBot) -> None:
    def press() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        qtbot.keyClick(box, Qt.Key.Key_Return)

    QTimer.singleShot(0, press)


def test_ask_yes_no_enter_answers_the_default(qtbot: QtBot) -> None:
    _press_enter_later(qtbot)
    assert ask_yes_no(None, "Delete", "Delete it? This cannot be undone.", default_no=True) is False
    _press_enter_later(qtbot)
    assert ask_yes_no(None, "Remove", "Remove it from the list?") is True


def test_notice_banner_hides_when_empty(qtbot: QtBot) -> None:
    banner = NoticeBanner("testNotice")
    qtbot.addWidget(banner)
    banner.show()
    banner.show_notice("<img src=x>")
    assert banner.isVisible() and banner.text() == "<img src=x>"
    banner.show_notice("")
    assert not banner.isVisible()
