"""The Help menu: the user manual, the keyboard shortcuts, the data and log folders,
About."""

from __future__ import annotations

import importlib.metadata
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSize, QUrl, Slot
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMainWindow,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from engine import __version__
from engine.common.paths import AppPaths
from gui.common.dialogs import show_about, show_error
from gui.common.markdown_render import InertDocument, render_markdown
from gui.common.screen_fit import fit_to_screen

log = logging.getLogger(__name__)

# Keys that belong to a widget rather than to an action, so no menu lists them.
WIDGET_KEYS: tuple[tuple[str, str], ...] = (
    ("Enter", "Send the message (in the message box and in a message being edited)"),
    ("Shift+Enter", "New line in the message box (and in a message being edited)"),
    ("Esc", "Cancel editing a message (in the message being edited)"),
    ("Esc", "Clear the chat search (in the search box)"),
    ("Del", "Delete the selected conversation (in the chat list)"),
    ("F2", "Rename the selected conversation (in the chat list)"),
)


def manual_text() -> str:
    """The user manual: the README beside the source tree, or the copy installed with
    the package's metadata."""
    source = Path(__file__).resolve().parents[1] / "README.md"
    try:
        text = source.read_text(encoding="utf-8")
    except OSError:
        text = ""
    # Installed, the folder above gui/ is site-packages: its README may be another's.
    if text.startswith("# Hearth"):
        return text
    try:
        installed = importlib.metadata.metadata("hearth").json.get("description", "")
    except importlib.metadata.PackageNotFoundError:
        return ""
    return installed if isinstance(installed, str) else ""


def action_shortcuts(window: QMainWindow) -> list[tuple[str, str]]:
    """(keys, what they do) for every action of ``window`` that has a shortcut: those in
    its menus (submenus included) and those added to the window itself."""
    found: dict[tuple[str, str], None] = {}
    seen: set[int] = set()  # an action in two menus (New chat) is listed once

    def visit(actions: list[QAction], prefix: str) -> None:
        for action in actions:
            if id(action) in seen:
                continue
            submenu = action.menu()
            label = action.text().replace("&", "").rstrip(".…")
            if isinstance(submenu, QMenu):
                submenu.aboutToShow.emit()  # menus rebuilt on opening fill themselves
                visit(submenu.actions(), f"{prefix}{label} → ")
                continue
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if keys and label:
                seen.add(id(action))
                found.setdefault((keys, f"{prefix}{label}"), None)

    visit(window.menuBar().actions(), "")
    visit(window.actions(), "")
    return list(found)


class ShortcutsDialog(QDialog):
    def __init__(self, rows: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        fit_to_screen(self, QSize(520, 460), parent)
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setHorizontalHeaderLabels(["Keys", "Action"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for row, (keys, action) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            self.table.setItem(row, 1, QTableWidgetItem(action))
        self.table.resizeColumnToContents(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)


class ManualDialog(QDialog):
    """The README, rendered without loading anything (no images, no local files);
    web links open in the browser."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("manualDialog")
        self.setWindowTitle("Hearth user manual")
        fit_to_screen(self, QSize(820, 640), parent)
        self.browser = QTextBrowser(self)
        self.browser.setDocument(InertDocument(self.browser))
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._on_browser_anchor_clicked)
        # The README is hard-wrapped: its lines join into paragraphs and list items.
        render_markdown(self.browser.document(), text, hard_breaks=False)
        self.browser.moveCursor(QTextCursor.MoveOperation.Start)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)

    @Slot(QUrl)
    def _on_browser_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)
        elif url.hasFragment() and not url.path():
            self.browser.scrollToAnchor(url.fragment())


class HelpMenu(QObject):
    """Owns the Help menu of ``window``. ``open_url`` opens a folder or page in the
    desktop's own application (replaceable for tests)."""

    def __init__(
        self,
        window: QMainWindow,
        paths: AppPaths,
        *,
        open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._paths = paths
        self._open_url = open_url
        self.manual_action = QAction("User &manual", self)
        self.manual_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.manual_action.triggered.connect(self._on_manual_triggered)
        self.shortcuts_action = QAction("&Keyboard shortcuts", self)
        self.shortcuts_action.setShortcut(QKeySequence("Ctrl+/"))
        self.shortcuts_action.triggered.connect(self._on_shortcuts_triggered)
        self.data_folder_action = QAction("Open the &data folder", self)
        self.data_folder_action.setToolTip(str(paths.data_dir))
        self.data_folder_action.triggered.connect(self._on_data_folder_triggered)
        self.log_folder_action = QAction("Open the &log folder", self)
        self.log_folder_action.setToolTip(str(paths.log_dir))
        self.log_folder_action.triggered.connect(self._on_log_folder_triggered)
        self.about_action = QAction("&About Hearth", self)
        self.about_action.triggered.connect(self._on_about_triggered)

        self.menu = window.menuBar().addMenu("&Help")
        self.menu.setObjectName("helpMenu")
        self.menu.setToolTipsVisible(True)
        for action in (self.manual_action, self.shortcuts_action):
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.menu.addAction(self.data_folder_action)
        self.menu.addAction(self.log_folder_action)
        self.menu.addSeparator()
        self.menu.addAction(self.about_action)

    def shortcut_rows(self) -> list[tuple[str, str]]:
        return action_shortcuts(self._window) + list(WIDGET_KEYS)

    def _open_folder(self, folder: Path) -> None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            show_error(self._window, "Cannot open the folder", f"{folder}: {error}")
            return
        if not self._open_url(QUrl.fromLocalFile(str(folder))):
            show_error(
                self._window,
                "Cannot open the folder",
                f"No application opened {folder}. It is where Hearth keeps these files.",
            )

    @Slot()
    def _on_data_folder_triggered(self) -> None:
        self._open_folder(self._paths.data_dir)

    @Slot()
    def _on_log_folder_triggered(self) -> None:
        self._open_folder(self._paths.log_dir)

    @Slot()
    def _on_manual_triggered(self) -> None:
        text = manual_text()
        if not text:
            show_error(self._window, "User manual", "The manual is not installed here.")
            return
        ManualDialog(text, self._window).exec()

    @Slot()
    def _on_shortcuts_triggered(self) -> None:
        ShortcutsDialog(self.shortcut_rows(), self._window).exec()

    @Slot()
    def _on_about_triggered(self) -> None:
        from engine.llm.model import llama_cpp_version

        show_about(
            self._window,
            "About Hearth",
            f"Hearth {__version__}\nPrivate AI chat and offline translation with local "
            f"models.\nllama-cpp-python {llama_cpp_version()}\n\n"
            f"Data: {self._paths.data_dir}\nLogs: {self._paths.log_dir}",
        )
