"""The model library's commands: Model → Manage models… (Ctrl+Shift+M), the welcome
panel shown while no model is installed (or only the starter, until dismissed), and the
models settings."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence

from engine.common.paths import AppPaths
from engine.common.preferences import AppSettings, AppSettingsStore, models_folder
from engine.hub.hub_config import HubConfig
from engine.models.catalog import load_catalog, recommended_entry
from engine.models.model_library import ModelLibrary
from gui.common.announce import announce
from gui.inference.controller import InferenceController
from gui.models.display import hub_text, progress_text
from gui.models.download_manager import DownloadManager
from gui.models.models_settings_dialog import ModelsSettingsDialog
from gui.models.models_window import ModelsWindow
from gui.models.welcome_panel import WelcomePanel

log = logging.getLogger(__name__)


class ModelsController(QObject):
    """Signals:
    load_requested(str): the user wants this model loaded (a finished welcome download,
        Load in the Models window).
    notice(str): a message for the notice banner.
    library_changed(): a model was installed, imported or removed, or the folder moved.
    welcome_visibility_changed(bool): the welcome panel is shown (True) instead of the
        chat, or hidden again.
    """

    load_requested = Signal(str)
    notice = Signal(str)
    library_changed = Signal()
    welcome_visibility_changed = Signal(bool)

    def __init__(
        self,
        controller: InferenceController,
        library: ModelLibrary,
        downloads: DownloadManager,
        app_settings: AppSettingsStore,
        paths: AppPaths,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._controller = controller
        self.library = library
        self.downloads = downloads
        self.app_settings = app_settings
        self.paths = paths
        self.models_window: ModelsWindow | None = None
        self.manage_action = QAction(self.tr("&Manage models…"), self)
        self.manage_action.setObjectName("manageModelsAction")
        self.manage_action.setShortcut(QKeySequence("Ctrl+Shift+M"))
        self.manage_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.manage_action.triggered.connect(self.open_window)

        self.recommended = recommended_entry(load_catalog())
        self.welcome = WelcomePanel(self.recommended)
        self.welcome.download_requested.connect(self.download_recommended)
        self.welcome.import_requested.connect(self._import_from_welcome)
        self.welcome.browse_requested.connect(self.open_window)
        self.welcome.starter_requested.connect(self._on_welcome_starter)
        self.welcome.dismissed.connect(self._on_welcome_dismissed)
        self._welcome_key: str | None = None
        # "Not now", "Try the starter" or any model loaded while only the starter is
        # installed: the panel is not offered for it again in this session.
        self._welcome_dismissed = False
        downloads.task_changed.connect(self._on_task_changed)
        downloads.model_installed.connect(self._on_model_installed)
        downloads.download_failed.connect(self._on_download_failed)
        downloads.planning_failed.connect(self._on_planning_failed)
        controller.model_loaded.connect(self.update_welcome)
        controller.model_unloaded.connect(self.update_welcome)

    def hub_config(self) -> HubConfig:
        return HubConfig.resolve(self.app_settings.load())

    # -- the Models window --------------------------------------------------------------

    @Slot()
    def open_window(self) -> ModelsWindow:
        if self.models_window is None:
            self.models_window = ModelsWindow(self.library, self.downloads, self.hub_config)
            self.models_window.load_requested.connect(self.load_requested)
            self.models_window.library_changed.connect(self._on_library_changed)
            self.models_window.settings_requested.connect(self.edit_settings)
        else:
            self.models_window.refresh()  # a new window has just read everything
        self.models_window.show()
        self.models_window.raise_()
        self.models_window.activateWindow()
        return self.models_window

    def close_window(self) -> None:
        if self.models_window is not None:
            self.models_window.close()
            self.models_window.deleteLater()
            self.models_window = None

    # -- settings -------------------------------------------------------------------------

    def ask_models_settings(self, current: AppSettings) -> AppSettings | None:
        # Over the Models window when it is open, else over the window showing the panel.
        parent = self.models_window or self.welcome.window()
        dialog = ModelsSettingsDialog(current, str(self.paths.models_dir), parent)
        if dialog.exec() != ModelsSettingsDialog.DialogCode.Accepted:
            return None
        return dialog.result_settings()

    def edit_settings(self) -> None:
        updated = self.ask_models_settings(self.app_settings.load())
        if updated is None:
            return
        self.apply_settings(updated)

    def apply_settings(self, settings: AppSettings) -> None:
        self.app_settings.save(settings)
        folder = models_folder(self.paths, settings)
        self.library.models_dir = folder
        self.downloads.set_config(HubConfig.resolve(settings), folder)
        self._on_library_changed()
        if self.models_window is not None:
            self.models_window.refresh()

    # -- welcome panel --------------------------------------------------------------------

    @Slot()
    def update_welcome(self) -> None:
        """Shown while nothing is loaded and nothing is installed, or only the starter
        until the panel is dismissed (or while its download runs)."""
        if self._controller.model is not None:
            self._welcome_dismissed = True  # a model was chosen: the nudge has done its job
        starter_only = not self._welcome_dismissed and self.library.has_only_starters()
        wanted = self._welcome_key is not None or (
            self._controller.model is None and (starter_only or self.library.is_empty())
        )
        self.welcome.set_starter_only(starter_only)
        self.welcome.setVisible(wanted)
        self.welcome_visibility_changed.emit(wanted)

    def _on_welcome_starter(self) -> None:
        starter = next((m for m in self.library.models() if m.is_starter and not m.problem), None)
        self._on_welcome_dismissed()
        if starter is not None:
            self.load_requested.emit(str(starter.path))

    def _on_welcome_dismissed(self) -> None:
        self._welcome_dismissed = True
        self.update_welcome()

    def download_recommended(self) -> None:
        entry = self.recommended
        if entry is None:
            return
        self.welcome.download_button.setEnabled(False)
        self.welcome.show_progress(
            0.0,
            self.tr("Asking {hub} about {file}…").format(
                hub=hub_text(self.hub_config()), file=entry.file
            ),
        )
        self._welcome_key = f"{entry.repo}/{entry.file}"
        self.downloads.request_download(entry.repo, entry.file)

    def _is_welcome_task(self, key: str) -> bool:
        task = self.downloads.task(key)
        entry = self.recommended
        return (
            task is not None
            and entry is not None
            and self._welcome_key is not None
            and task.request.repo_id == entry.repo
            and entry.file in (p.path for p in task.request.parts)
        )

    def _on_task_changed(self, key: str) -> None:
        if not self._is_welcome_task(key):
            return
        task = self.downloads.task(key)
        assert task is not None
        fraction = task.done / task.total if task.total else 0.0
        text = progress_text(task.done, task.total, task.speed, message=task.message)
        if task.state == "paused":
            self.welcome.download_button.setEnabled(True)
            self.welcome.download_button.setText(self.tr("Resume download"))
            self._welcome_key = None
        self.welcome.show_progress(fraction, text)

    def _announce(self, text: str, *, assertive: bool = False) -> None:
        """Say a download's end to screen readers (its row and the welcome panel's
        status are labels, which are not read out when they change)."""
        announce(self.models_window or self.welcome, text, assertive)

    def _on_download_failed(self, key: str, message: str) -> None:
        task = self.downloads.task(key)
        name = task.request.name if task is not None else key
        failed = self.tr("The download of {file} failed: {reason}")
        self._announce(failed.format(file=name, reason=message), assertive=True)
        if self._is_welcome_task(key):
            self._welcome_failed(message)

    def _on_planning_failed(self, name: str, message: str) -> None:
        # Not the window's: it says so in its notice banner, which is read out.
        if name == self._welcome_key:
            failed = self.tr("The download of {file} failed: {reason}")
            self._announce(failed.format(file=name, reason=message), assertive=True)
            self._welcome_failed(message)

    def _welcome_failed(self, message: str) -> None:
        self._welcome_key = None
        self.welcome.download_button.setEnabled(True)
        self.welcome.download_button.setText(self.tr("Retry download"))
        self.welcome.status.setText(message)

    def _on_model_installed(self, path: str) -> None:
        entry = self.recommended
        was_welcome = (
            self._welcome_key is not None and entry is not None and Path(path).name == entry.file
        )
        self._on_library_changed()
        name = Path(path).name
        if was_welcome:
            # No notice: the model loads at once (its loading is said by the window).
            finished = self.tr("Download finished: {file} is installed and verified.")
            self._announce(finished.format(file=name))
            self._welcome_key = None
            self.load_requested.emit(path)
            self.update_welcome()
        else:  # the notice banner reads it out
            self.notice.emit(
                self.tr("{file} is installed and verified: pick it in the Model menu.").format(
                    file=name
                )
            )

    def _import_from_welcome(self) -> None:
        self.open_window().start_import()

    def _on_library_changed(self) -> None:
        self.library_changed.emit()
        self.update_welcome()

    def shutdown(self) -> None:
        self.downloads.shutdown()
        if self.models_window is not None:
            self.models_window.stop_imports()
        self.close_window()
