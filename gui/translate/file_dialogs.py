"""The file pickers of the Translate view (an empty string when the user cancels)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget


def ask_open_path(parent: QWidget | None, title: str, filters: str) -> str:
    return QFileDialog.getOpenFileName(parent, title, str(Path.home()), filters)[0]


def ask_save_path(parent: QWidget | None, title: str, suggested: str, filters: str) -> str:
    return QFileDialog.getSaveFileName(parent, title, suggested, filters)[0]
