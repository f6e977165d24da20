"""View → Zoom: Ctrl+= / Ctrl++ / Ctrl+- / Ctrl+0 scale the text of the transcript and
the translation panes one point at a time, for widgets made later too, remembered."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot
from shiboken6 import Shiboken

from engine.common.preferences import AppSettingsStore
from engine.llm.messages import Role
from gui.chat.message_widget import MessageWidget
from gui.chat.transcript_model import TranscriptMessage
from gui.common.appearance import AppearanceController
from gui.common.zoom import ZOOM_MAX, ZOOM_MIN


@pytest.fixture
def appearance(qapp: QApplication, tmp_path: Path) -> Iterator[AppearanceController]:
    palette, sheet = qapp.palette(), qapp.styleSheet()
    controller = AppearanceController(
        qapp, AppSettingsStore(tmp_path), system_scheme=lambda: Qt.ColorScheme.Light
    )
    yield controller
    Shiboken.delete(controller)
    qapp.setPalette(palette)
    qapp.setStyleSheet(sheet)


class ZoomWindow(QMainWindow):
    """A window as the app builds it for zoom: the actions in its View menu, a reply
    in the transcript, the translation's source pane and segments table."""

    def __init__(self, appearance: AppearanceController) -> None:
        super().__init__()
        view = self.menuBar().addMenu("&View")
        for action in appearance.view_actions:
            view.addAction(action)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        self.reply = MessageWidget(
            TranscriptMessage(Role.ASSISTANT, "Use `len(x)`:\n\n```python\nlen(x)\n```")
        )
        self.source = QPlainTextEdit("源文本 source")
        self.source.setObjectName("sourceText")
        self.segments = QTableView()
        self.segments.setObjectName("segmentsTable")
        for widget in (self.reply, self.source, self.segments):
            layout.addWidget(widget)
        self.setCentralWidget(central)


def _size(widget: QWidget) -> float:
    widget.ensurePolished()
    return widget.font().pointSizeF()


def _code_sizes(reply: MessageWidget) -> set[float]:
    """The point sizes the reply's code (the inline span and the block) is drawn at."""
    sizes = set()
    block = reply.body.document().begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            if fragment.text() == "len(x)" or fragment.text() == "len":
                sizes.add(fragment.charFormat().font().pointSizeF())
            fragments += 1
        block = block.next()
    assert sizes, "no code in the reply"
    return sizes


def test_zoom_keys_scale_the_transcript_and_panes_and_are_remembered(
    qtbot: QtBot, qapp: QApplication, appearance: AppearanceController, tmp_path: Path
) -> None:
    window = ZoomWindow(appearance)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    base = qapp.font().pointSizeF()
    widgets = (window.reply.body, window.source, window.segments)
    assert [_size(w) for w in widgets] == [base] * 3
    window.source.setFocus()

    with qtbot.waitSignal(appearance.text_zoom_changed) as changed:
        QTest.keyClick(window.source, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert changed.args == [1]
    QTest.keyClick(window.source, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert appearance.text_zoom == 2
    assert [_size(w) for w in widgets] == [base + 2] * 3
    # The reply's code grows with its text.
    assert _code_sizes(window.reply) == {base + 2}
    # A message shown later (another conversation) is zoomed as well.
    later = MessageWidget(TranscriptMessage(Role.USER, "later"))
    qtbot.addWidget(later)
    later.show()
    assert _size(later.body) == base + 2
    assert AppSettingsStore(tmp_path).load().text_zoom == 2

    QTest.keyClick(window.source, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert appearance.text_zoom == 1 and _size(window.source) == base + 1
    assert AppSettingsStore(tmp_path).load().text_zoom == 1

    # Restarted, the zoom is back.
    again = AppearanceController(qapp, AppSettingsStore(tmp_path))
    try:
        assert again.text_zoom == 1
        assert _size(window.source) == base + 1
    finally:
        Shiboken.delete(again)
    QTest.keyClick(window.source, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert appearance.text_zoom == 0
    assert [_size(w) for w in widgets] == [base] * 3
    assert not appearance.zoom_reset_action.isEnabled()


def test_zoom_stays_within_its_bounds(qapp: QApplication, appearance: AppearanceController) -> None:
    for _ in range(ZOOM_MAX + 3):
        appearance.zoom_in()
    assert appearance.text_zoom == ZOOM_MAX
    assert not appearance.zoom_in_action.isEnabled()
    for _ in range(ZOOM_MAX - ZOOM_MIN + 3):
        appearance.zoom_out()
    assert appearance.text_zoom == ZOOM_MIN
    assert not appearance.zoom_out_action.isEnabled()
    assert appearance.zoom_in_action.isEnabled()
    edit = QPlainTextEdit()
    edit.ensurePolished()
    assert edit.font().pointSizeF() >= 6
    edit.deleteLater()


def test_a_hand_edited_zoom_is_brought_within_bounds(qapp: QApplication, tmp_path: Path) -> None:
    palette, sheet = qapp.palette(), qapp.styleSheet()
    store = AppSettingsStore(tmp_path)
    store.update(text_zoom=500)
    controller = AppearanceController(qapp, store)
    try:
        assert controller.text_zoom == ZOOM_MAX
    finally:
        Shiboken.delete(controller)
        qapp.setPalette(palette)
        qapp.setStyleSheet(sheet)
