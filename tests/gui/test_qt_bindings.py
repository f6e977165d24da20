"""The installed Qt bindings must not leak references to None (PySide6 6.12.0 did)."""

from __future__ import annotations

import sys

from PySide6.QtGui import QTextCursor, QTextDocument
from pytestqt.qtbot import QtBot


def test_calls_with_default_arguments_keep_none_alive(qtbot: QtBot) -> None:
    document = QTextDocument()
    cursor = QTextCursor(document)
    before = sys.getrefcount(None)
    for _ in range(300):
        document.setMarkdown("some *text*")
        cursor.setPosition(0)
    # Other code may hold or drop a few references meanwhile; a leak is one per call.
    assert abs(sys.getrefcount(None) - before) < 100
