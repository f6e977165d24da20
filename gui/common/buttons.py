"""A push button wired in one call: its text, what it does, and the object name tests
and style sheets find it by."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QPushButton, QWidget


def push_button(
    parent: QWidget, text: str, slot: Callable[[], object] | None = None, name: str = ""
) -> QPushButton:
    button = QPushButton(text, parent)
    if name:
        button.setObjectName(name)
    if slot is not None:
        button.clicked.connect(lambda _checked=False: slot())
    return button
