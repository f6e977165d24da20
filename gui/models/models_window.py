"""The Models window: Installed, Catalog and Search hub tabs over the model library, with
the downloads panel underneath. Downloads belong to the DownloadManager, so closing
this window (Esc, Ctrl+W) does not stop them. Each tab has its own notice: switching tabs
shows that tab's, never another tab's error."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QScreen, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from engine.hub.hub_config import HubConfig
from engine.llm.fit_estimate import MachineMemory, machine_memory
from engine.models.catalog import load_catalog
from engine.models.model_library import ModelLibrary
from gui.common.buttons import push_button
from gui.common.dialogs import NoticeBanner
from gui.common.markdown_render import plain_tooltip
from gui.models.catalog_tab import CatalogTab
from gui.models.display import hub_text
from gui.models.download_manager import DownloadManager
from gui.models.download_row import DownloadRow
from gui.models.downloads_panel import DownloadsPanel
from gui.models.installed_tab import InstalledTab
from gui.models.search_tab import SearchTab

PREFERRED = QSize(980, 680)  # the window's size where the screen has room for it
# Room kept for the window manager's title bar and borders, which are not known before
# the window is first shown (the frame is checked again once it is).
FRAME_ALLOWANCE = QSize(16, 40)


def fitted_geometry(screen_area: QRect, anchor: QRect | None) -> QRect:
    """The window's geometry (its client area): the preferred size, smaller where the
    screen's available area is, centred on ``anchor`` (the parent window) and moved
    so that the window with its frame stays inside ``screen_area``."""
    width = min(PREFERRED.width(), screen_area.width() - FRAME_ALLOWANCE.width())
    height = min(PREFERRED.height(), screen_area.height() - FRAME_ALLOWANCE.height())
    rect = QRect(0, 0, max(width, 1), max(height, 1))
    rect.moveCenter((anchor or screen_area).center())
    top_frame = FRAME_ALLOWANCE.height() - FRAME_ALLOWANCE.width() // 2
    side = FRAME_ALLOWANCE.width() // 2
    left = max(screen_area.left() + side, min(rect.left(), screen_area.right() - side - width))
    top = max(screen_area.top() + top_frame, min(rect.top(), screen_area.bottom() - side - height))
    rect.moveTo(left, top)
    return rect


class ModelsWindow(QWidget):
    """Signals:
    load_requested(str): the path of a model to load.
    settings_requested(): the Settings… button.
    library_changed(): a model was installed, imported, linked or removed.
    """

    load_requested = Signal(str)
    settings_requested = Signal()
    library_changed = Signal()

    def __init__(
        self,
        library: ModelLibrary,
        downloads: DownloadManager,
        hub_config: Callable[[], HubConfig],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("modelsWindow")
        self.setWindowTitle(self.tr("Models — Hearth"))
        self.resize(PREFERRED)
        self._fitted = False  # sized and placed for its screen on the first show
        self.library = library
        self.downloads = downloads
        self.hub_config = hub_config
        self._memory: MachineMemory | None = None

        # Notices quote file names, hub names and error messages: plain text only.
        self.notice = NoticeBanner("modelsNotice", self)
        self.installed_tab = InstalledTab(library, self)
        self.catalog_tab = CatalogTab(load_catalog(), self)
        self.search_tab = SearchTab(
            downloads, hub_config, self.installed_tab.installed_names, self.memory, self
        )
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Models"))
        self.tabs.addTab(self.installed_tab, self.tr("Installed"))
        self.tabs.addTab(self.catalog_tab, self.tr("Catalog"))
        self.tabs.addTab(self.search_tab, self.tr("Search hub"))
        # The notice each tab last gave ("" for none); the banner shows the current one's.
        self._notices: dict[QWidget, str] = {}
        # The tab a download by name was started from: its answer is that tab's notice.
        self._download_tab: QWidget = self.catalog_tab
        for tab in (self.installed_tab, self.catalog_tab, self.search_tab):
            tab.notice.connect(lambda text, tab=tab: self.show_notice(text, tab))
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.search_tab.settings_requested.connect(self.settings_requested)
        self.installed_tab.load_requested.connect(self.load_requested)
        self.installed_tab.library_changed.connect(self._changed)
        self.catalog_tab.download_requested.connect(self.download)
        self.downloads_panel = DownloadsPanel(downloads, self)

        self.hub_label = QLabel(self)
        self.hub_label.setObjectName("hubLabel")
        self.hub_label.setTextFormat(Qt.TextFormat.PlainText)
        # A long models folder is cut, never widens the window; the tooltip shows it all.
        self.hub_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        settings_button = push_button(
            self, self.tr("Settings…"), self.settings_requested.emit, "modelsSettingsButton"
        )
        settings_button.setAccessibleDescription(
            self.tr("The models folder, the hub or a mirror, an access token, offline mode")
        )
        footer = QHBoxLayout()
        footer.addWidget(self.hub_label, 1)
        footer.addWidget(settings_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.downloads_panel)
        layout.addLayout(footer)
        QShortcut(QKeySequence.StandardKey.Close, self, self.close)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)

        downloads.model_installed.connect(self._on_model_installed)
        downloads.planning_failed.connect(self._on_planning_failed)
        downloads.task_added.connect(self._on_task_added)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        if not self._fitted:
            self._fitted = True
            self.fit_to_screen()
            QTimer.singleShot(0, self._keep_frame_on_screen)
        super().showEvent(event)

    def placement(self) -> tuple[QScreen, QRect | None]:
        """The screen to open on and the window to centre on: the parent window's, else
        the active window's (the one Models was opened from), else this window's."""
        anchor = self.parentWidget() or QApplication.activeWindow()
        if anchor is not None and anchor.window() is not self:
            window = anchor.window()
            return window.screen(), window.frameGeometry()
        return self.screen(), None

    def fit_to_screen(self) -> None:
        """Size and place the window inside its screen's available area."""
        screen, anchor = self.placement()
        self.setGeometry(fitted_geometry(screen.availableGeometry(), anchor))

    def _keep_frame_on_screen(self) -> None:
        # Once shown, the real frame is known: move the window back inside the screen
        # where its title bar or borders stick out.
        area = self.placement()[0].availableGeometry()
        frame = self.frameGeometry()
        if area.contains(frame):
            return
        too_wide = max(0, frame.width() - area.width())
        too_tall = max(0, frame.height() - area.height())
        if too_wide or too_tall:
            self.resize(self.width() - too_wide, self.height() - too_tall)
            frame = self.frameGeometry()
        dx = max(area.left() - frame.left(), min(0, area.right() - frame.right()))
        dy = max(area.top() - frame.top(), min(0, area.bottom() - frame.bottom()))
        self.move(self.x() + dx, self.y() + dy)

    def show_notice(self, text: str, tab: QWidget | None = None) -> None:
        """Set ``tab``'s notice (the current tab's by default); shown while it is the
        current tab. ``""`` clears it."""
        tab = tab or self.tabs.currentWidget()
        self._notices[tab] = text
        if tab is self.tabs.currentWidget():
            self.notice.show_notice(text)

    def _on_tab_changed(self, _index: int) -> None:
        self.notice.show_notice(self._notices.get(self.tabs.currentWidget(), ""))

    def memory(self) -> MachineMemory:
        """The machine's memory, read once per refresh."""
        if self._memory is None:
            self._memory = machine_memory()
        return self._memory

    def refresh(self) -> None:
        """Re-read the library, the free memory, the catalog's installed marks and the hub
        settings."""
        self._memory = None
        config = self.hub_config()
        text = self.tr("Models folder: {folder}  ·  Hub: {hub}").format(
            folder=self.library.models_dir, hub=hub_text(config)
        )
        self.hub_label.setText(text)
        self.hub_label.setToolTip(plain_tooltip(text))
        self.installed_tab.fill()
        self.catalog_tab.fill(self.installed_tab.installed_names(), self.memory)

    def start_import(self) -> None:
        """Ask for a .gguf file, check it, then ask whether to copy it (else link it)."""
        self.tabs.setCurrentWidget(self.installed_tab)
        self.installed_tab.start_import()

    def import_model(self, path: str, copy: bool) -> None:
        """Link at once; copy on a background thread (it can take minutes)."""
        self.installed_tab.import_model(path, copy)

    def stop_imports(self) -> None:
        """Cancel the imports being copied (their partial files are removed)."""
        self.installed_tab.stop_imports()

    def download(self, repo_id: str, file_name: str) -> None:
        """Start a download by name; the hub is asked for its parts off the GUI thread."""
        self._download_tab = self.tabs.currentWidget()
        self.show_notice(
            self.tr("Asking {hub} about {file}…").format(
                hub=hub_text(self.hub_config()), file=file_name
            )
        )
        self.downloads.request_download(repo_id, file_name)

    def download_row(self, key: str) -> DownloadRow | None:
        return self.downloads_panel.row(key)

    def _on_planning_failed(self, _name: str, message: str) -> None:
        self.show_notice(message, self._download_tab)

    def _on_task_added(self, _key: str) -> None:
        self.show_notice("", self._download_tab)

    def _on_model_installed(self, _path: str) -> None:
        self._changed()

    def _changed(self) -> None:
        self.refresh()
        self.library_changed.emit()
