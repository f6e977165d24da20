"""The Models window fits the screen it opens on: an 800×600 screen, and a 1400×900 one
with room to spare, its frame included; a long models folder never widens it."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from gui.main_window import MainWindow
from gui.models.models_window import FRAME_ALLOWANCE, PREFERRED, fitted_geometry
from tests.gui.conftest import WindowFactory


def with_frame(rect: QRect) -> QRect:
    """``rect`` (a client area) with the room the window manager's frame takes."""
    side = FRAME_ALLOWANCE.width() // 2
    top = FRAME_ALLOWANCE.height() - side
    return rect.adjusted(-side, -top, side, side)


def test_the_geometry_keeps_the_window_and_its_frame_on_the_screen() -> None:
    small = QRect(0, 0, 800, 600)
    rect = fitted_geometry(small, QRect(0, 0, 800, 600))
    assert small.contains(with_frame(rect)), rect
    assert rect.width() >= 760 and rect.height() >= 540, "as much of the screen as fits"

    # A large screen with a panel on top: the preferred size, centred on the parent.
    large = QRect(0, 27, 1400, 873)
    parent = QRect(200, 100, 1000, 700)
    rect = fitted_geometry(large, parent)
    assert rect.size() == PREFERRED
    assert large.contains(with_frame(rect)), rect
    assert abs(rect.center().x() - parent.center().x()) <= 1

    # A parent near the bottom right corner: the window is moved back inside.
    rect = fitted_geometry(large, QRect(1200, 800, 400, 300))
    assert large.contains(with_frame(rect)), rect


def test_the_window_opens_inside_the_screen_with_its_buttons_usable(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    window: MainWindow = make_window(include_starters=True)
    window.resize(780, 560)
    window.models.library.models_dir = window.models.library.models_dir / ("long folder " * 20)
    models = window.models.open_window()
    qtbot.waitExposed(models)
    area = models.screen().availableGeometry()
    assert area.contains(models.frameGeometry()), (models.frameGeometry(), area)
    hint = models.minimumSizeHint()
    assert hint.width() <= 800 and hint.height() <= 600, hint
    assert "long folder" in models.hub_label.toolTip()
    # Every button and the table (it scrolls) lie inside the window, none cut off.
    shown: list[QWidget] = [b for b in models.findChildren(QPushButton) if b.isVisible()]
    shown.append(models.installed_tab.installed_table)
    for widget in shown:
        place = QRect(widget.mapTo(models, QPoint(0, 0)), widget.size())
        assert models.rect().contains(place), widget.objectName()
        assert widget.width() >= widget.minimumSizeHint().width(), widget.objectName()
