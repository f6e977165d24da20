"""Windows and dialogs no larger than the screen they open on."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Room left for the window's frame and title bar, which the window manager adds.
FRAME_ALLOWANCE = QSize(16, 48)


def available_size(near: QWidget | None = None) -> QSize | None:
    """The usable size of the screen ``near`` is on (else the primary one), less room
    for a window frame; None without a screen."""
    screen = near.screen() if near is not None else QGuiApplication.primaryScreen()
    if screen is None:
        return None
    area = screen.availableGeometry().size()
    return QSize(
        max(200, area.width() - FRAME_ALLOWANCE.width()),
        max(200, area.height() - FRAME_ALLOWANCE.height()),
    )


def fit_to_screen(window: QWidget, wanted: QSize, near: QWidget | None = None) -> None:
    """Resize ``window`` to ``wanted``, or less where the screen is smaller."""
    room = available_size(near or window)
    window.resize(wanted.boundedTo(room) if room is not None else wanted)
