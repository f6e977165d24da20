"""The main window's size and place, and the chat sidebar's, kept between sessions."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QByteArray, QSize
from PySide6.QtWidgets import QMainWindow

from engine.common.preferences import AppSettings, AppSettingsStore
from gui.common.screen_fit import fit_to_screen

DEFAULT_SIZE = QSize(1100, 720)


def restore_window_state(window: QMainWindow, settings: AppSettings) -> bool:
    """Put ``window`` where it was; the first time (or when the saved state is not
    usable) give it the default size, within the screen. True when restored."""
    saved = settings.window_geometry
    if saved and window.restoreGeometry(QByteArray.fromBase64(saved.encode("ascii"))):
        return True
    fit_to_screen(window, DEFAULT_SIZE)
    return False


def save_window_state(window: QMainWindow, store: AppSettingsStore) -> AppSettings:
    geometry = bytes(window.saveGeometry().toBase64().data()).decode("ascii")
    settings = replace(store.load(), window_geometry=geometry)
    store.save(settings)
    return settings
