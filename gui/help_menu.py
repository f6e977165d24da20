"""The Help menu: the user manual, the keyboard shortcuts, the data and log folders,
About."""

from __future__ import annotations

import importlib.metadata
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLocale,
    QObject,
    QSize,
    QUrl,
    Slot,
)
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

from assets import asset
from engine import __version__
from engine.common.paths import AppPaths
from gui.common.dialogs import show_about, show_error
from gui.common.markdown_render import InertDocument, render_markdown
from gui.common.screen_fit import fit_to_screen
from gui.common.shortcut_hint import plain_label

log = logging.getLogger(__name__)

# Keys that belong to a widget rather than to an action, so no menu lists them.
# QT_TRANSLATE_NOOP is typed as returning object: the descriptions are str() where used.
WIDGET_KEYS: tuple[tuple[str, object], ...] = (
    (
        "Enter",
        QT_TRANSLATE_NOOP(
            "HelpMenu", "Send the message (in the message box and in a message being edited)"
        ),
    ),
    (
        "Shift+Enter",
        QT_TRANSLATE_NOOP(
            "HelpMenu", "New line in the message box (and in a message being edited)"
        ),
    ),
    (
        "Esc",
        QT_TRANSLATE_NOOP("HelpMenu", "Cancel editing a message (in the message being edited)"),
    ),
    ("Esc", QT_TRANSLATE_NOOP("HelpMenu", "Clear the chat search (in the search box)")),
    ("Del", QT_TRANSLATE_NOOP("HelpMenu", "Delete the selected conversation (in the chat list)")),
    ("F2", QT_TRANSLATE_NOOP("HelpMenu", "Rename the selected conversation (in the chat list)")),
)


def widget_keys() -> list[tuple[str, str]]:
    """:data:`WIDGET_KEYS` with the keys as the platform writes them and the descriptions
    in the window's language."""
    return [
        (
            QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText),
            QCoreApplication.translate("HelpMenu", str(what)),
        )
        for keys, what in WIDGET_KEYS
    ]


def manual_text(language: str | None = None) -> str:
    """The user manual in ``language`` (default: the window's) where Hearth ships one
    (``assets/manual/<code>.md``), else the README beside the source tree, or the copy
    installed with the package's metadata."""
    code = QLocale().name() if language is None else language
    try:
        translated = asset("manual").joinpath(f"{code}.md").read_text(encoding="utf-8")
    except OSError:
        translated = ""
    if translated.startswith("# Hearth"):
        return translated
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
            label = plain_label(action.text())
            if isinstance(submenu, QMenu):
                submenu.aboutToShow.emit()  # menus rebuilt on opening fill themselves
                #: the path to a command in the menus: "File → Quit"
                visit(
                    submenu.actions(),
                    QCoreApplication.translate("HelpMenu", "{menu} → ").format(
                        menu=f"{prefix}{label}"
                    ),
                )
                continue
            #: separates two keys that do the same: "Ctrl+T, Ctrl+2"
            separator = QCoreApplication.translate("HelpMenu", ", ")
            keys = separator.join(
                key.toString(QKeySequence.SequenceFormat.NativeText) for key in action.shortcuts()
            )
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
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        fit_to_screen(self, QSize(520, 460), parent)
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setObjectName("shortcutsTable")
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        #: the column of key combinations (Ctrl+N…)
        keys_header = self.tr("Keys")
        #: the column saying what a key combination does
        action_header = self.tr("Action")
        self.table.setHorizontalHeaderLabels([keys_header, action_header])
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
        self.setWindowTitle(self.tr("Hearth user manual"))
        fit_to_screen(self, QSize(820, 640), parent)
        self.browser = QTextBrowser(self)
        self.browser.setDocument(InertDocument(self.browser))
        self.browser.setObjectName("manualBrowser")
        self.browser.setAccessibleName(self.tr("User manual"))
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
        self.manual_action = QAction(self.tr("User &manual"), self)
        self.manual_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.manual_action.triggered.connect(self._on_manual_triggered)
        self.shortcuts_action = QAction(self.tr("&Keyboard shortcuts"), self)
        self.shortcuts_action.setShortcut(QKeySequence("Ctrl+/"))
        self.shortcuts_action.triggered.connect(self._on_shortcuts_triggered)
        self.data_folder_action = QAction(self.tr("Open the &data folder"), self)
        self.data_folder_action.setToolTip(str(paths.data_dir))
        self.data_folder_action.triggered.connect(self._on_data_folder_triggered)
        self.log_folder_action = QAction(self.tr("Open the &log folder"), self)
        self.log_folder_action.setToolTip(str(paths.log_dir))
        self.log_folder_action.triggered.connect(self._on_log_folder_triggered)
        self.about_action = QAction(self.tr("&About Hearth"), self)
        self.about_action.triggered.connect(self._on_about_triggered)

        self.menu = window.menuBar().addMenu(self.tr("&Help"))
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
        return action_shortcuts(self._window) + widget_keys()

    def _open_folder(self, folder: Path) -> None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            show_error(
                self._window,
                self.tr("Cannot open the folder"),
                self.tr("{folder}: {error}").format(folder=folder, error=error),
            )
            return
        if not self._open_url(QUrl.fromLocalFile(str(folder))):
            show_error(
                self._window,
                self.tr("Cannot open the folder"),
                self.tr(
                    "No application opened {folder}. It is where Hearth keeps these files."
                ).format(folder=folder),
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
            show_error(
                self._window, self.tr("User manual"), self.tr("The manual is not installed here.")
            )
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
            self.tr("About Hearth"),
            self.tr(
                "Hearth {version}\nPrivate AI chat and offline translation with local models.\n"
                "llama-cpp-python {llama_cpp}\n\nData: {data}\nLogs: {logs}"
            ).format(
                version=__version__,
                llama_cpp=llama_cpp_version(),
                data=self._paths.data_dir,
                logs=self._paths.log_dir,
            ),
        )
