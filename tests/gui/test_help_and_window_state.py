"""The Help menu (manual, shortcuts, folders) and the window's size kept between starts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QMainWindow, QMenu
from pytestqt.qtbot import QtBot

from engine.common.paths import AppPaths
from engine.common.preferences import AppSettingsStore
from gui.help_menu import HelpMenu, ManualDialog, ShortcutsDialog, manual_text
from tests.gui.conftest import WindowFactory


def _menus(window: QMainWindow) -> list[QMenu]:
    return [menu for a in window.menuBar().actions() if isinstance(menu := a.menu(), QMenu)]


def _opened(into: list[QUrl]) -> Callable[[QUrl], bool]:
    def open_url(url: QUrl) -> bool:
        into.append(url)
        return True

    return open_url


def test_help_lists_the_manual_shortcuts_folders_and_about(
    qtbot: QtBot, make_window: WindowFactory, hearth_home: Path
) -> None:
    window = make_window()
    menus = _menus(window)
    assert menus[-1].objectName() == "helpMenu", "Help is the last menu"
    labels = [a.text().replace("&", "") for a in menus[-1].actions() if a.text()]
    assert labels == [
        "User manual",
        "Keyboard shortcuts",
        "Open the data folder",
        "Open the log folder",
        "About Hearth",
    ]

    opened: list[QUrl] = []
    paths = AppPaths.from_environment()
    help_menu = HelpMenu(window, paths, open_url=_opened(opened))
    help_menu.data_folder_action.trigger()
    help_menu.log_folder_action.trigger()
    assert [Path(url.toLocalFile()) for url in opened] == [paths.data_dir, paths.log_dir]

    listed = help_menu.shortcut_rows()
    rows = dict((action, keys) for keys, action in listed)
    ctrl_n = [action for keys, action in listed if keys == "Ctrl+N"]
    assert ctrl_n == ["File → New chat"], "an action in two menus is listed once"
    assert rows["File → Open model"] == "Ctrl+O"
    assert rows["Chat → Stop"] == "Esc"
    assert rows["View → Translate"] == "Ctrl+T, Ctrl+2"
    assert rows["View → Chat"] == "Ctrl+1"
    assert rows["Help → Keyboard shortcuts"] == "Ctrl+/"
    assert "Send the message (in the message box and in a message being edited)" in rows
    assert rows["View → Show sidebar"] == "Ctrl+Shift+B"
    dialog = ShortcutsDialog(help_menu.shortcut_rows(), window)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == len(rows)


def test_the_manual_follows_the_window_language() -> None:
    chinese = manual_text("zh_CN")
    assert chinese.startswith("# Hearth")
    assert "模型" in chinese and "make run" in chinese
    english = manual_text("en_US")
    assert english.startswith("# Hearth") and "Quick start" in english
    assert manual_text("fr_FR") == english  # no French manual: the English one


def test_the_manual_is_the_readme_rendered_without_loading_files(qtbot: QtBot) -> None:
    text = manual_text("en_US")
    assert text.startswith("# Hearth")
    dialog = ManualDialog(text, None)
    qtbot.addWidget(dialog)
    rendered = dialog.browser.toPlainText()
    assert "make run" in rendered and "<img" not in rendered
    # The README is hard-wrapped: its lines join into paragraphs, not one line each.
    assert "Hearth runs GGUF language models locally" in rendered
    assert dialog.browser.textCursor().position() == 0, "it opens at the top"
    # Its screenshots are not read from disk (the document loads no resource).
    assert dialog.browser.loadResource(2, QUrl("docs/screenshot.png")) is None


def test_the_window_size_is_kept_for_the_next_start(
    qtbot: QtBot, make_window: WindowFactory, hearth_home: Path
) -> None:
    from gui.window_state import save_window_state

    first = make_window()
    assert first.width() <= 1100 and first.height() <= 720
    first.resize(780, 560)  # within the offscreen 800×600 screen
    store = AppSettingsStore(AppPaths.from_environment().config_dir)
    assert save_window_state(first, store).window_geometry
    second = make_window()
    assert (second.width(), second.height()) == (780, 560)


def test_ctrl_2_opens_translate_and_ctrl_1_goes_back_to_chat(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    from PySide6.QtCore import Qt

    from gui.main_window import Mode

    window = make_window()
    qtbot.waitExposed(window)
    ctrl = Qt.KeyboardModifier.ControlModifier

    def press(key: Qt.Key) -> None:
        """The key where the keyboard focus is (a window's shortcut is heard there)."""
        focus = window.modes.currentWidget().nextInFocusChain()
        focus.setFocus()
        qtbot.waitUntil(focus.hasFocus)
        qtbot.keyClick(focus, key, ctrl)

    press(Qt.Key.Key_2)
    assert window.modes.currentWidget() is window.translate_view
    press(Qt.Key.Key_1)
    assert window.modes.currentWidget() is window.workspace
    press(Qt.Key.Key_T)
    assert window.modes.currentWidget() is window.translate_view
    window.show_mode(Mode.CHAT)
