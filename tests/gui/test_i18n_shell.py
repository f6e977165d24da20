"""The shell in Simplified Chinese, from the keyboard and for screen readers."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from gui.common.announce import announce, observe_announcements


def test_announce_is_observed_and_ignores_empty_text(qtbot: QtBot) -> None:
    label = QLabel("status")
    qtbot.addWidget(label)
    with observe_announcements() as heard:
        announce(label, "Model loaded")
        announce(label, "")
        announce(label, "The model could not be loaded", assertive=True)
    announce(label, "not recorded: outside the block")
    assert [(a.source, a.text, a.assertive) for a in heard] == [
        (label, "Model loaded", False),
        (label, "The model could not be loaded", True),
    ]
