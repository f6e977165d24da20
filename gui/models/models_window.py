"""The Models window: Installed, Catalog and Search hub tabs over the model library, with
the downloads panel underneath. Downloads belong to the DownloadManager, so closing
this window (Esc, Ctrl+W) does not stop them. Each tab has its own notice: switching tabs
shows that tab's, never another tab's error."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from engine.hub.hub_config import HubConfig
from engine.llm.fit_estimate import MachineMemory, machine_memory
from engine.models.catalog import load_catalog
from engine.models.model_library import ModelLibrary
from gui.common.buttons import push_button
from gui.common.dialogs import NoticeBanner
from gui.models.catalog_tab import CatalogTab
from gui.models.download_manager import DownloadManager
from gui.models.download_row import DownloadRow
from gui.models.downloads_panel import DownloadsPanel
from gui.models.installed_tab import InstalledTab
from gui.models.search_tab import SearchTab


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
        self.setWindowTitle("Models — Hearth")
        self.resize(980, 680)
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
        self.tabs.addTab(self.installed_tab, "Installed")
        self.tabs.addTab(self.catalog_tab, "Catalog")
        self.tabs.addTab(self.search_tab, "Search hub")
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
        settings_button = push_button(
            self, "Settings…", self.settings_requested.emit, "modelsSettingsButton"
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
        self.hub_label.setText(
            f"Models folder: {self.library.models_dir}  ·  Hub: {config.describe()}"
        )
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
        self.show_notice(f"Asking {self.hub_config().describe()} about {file_name}…")
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
