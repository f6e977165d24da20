"""The screenshot scripts' app: the same parts ``gui.app.run_app`` builds (history in
the data folder, the inference thread, the services and features, the main window),
through the same builder, for the folders HEARTH_HOME names."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication

from engine.chat.history_store import HistoryStore
from engine.common.paths import AppPaths
from engine.common.preferences import AppSettingsStore
from gui.app import AppParts, build_app, create_application, history_path
from gui.common.i18n import choose_language, install_translators
from gui.inference.controller import InferenceController


@dataclass
class OpenApp:
    app: QApplication
    store: HistoryStore
    parts: AppParts
    translators: list[QTranslator]


def open_app() -> OpenApp:
    app = create_application([])
    paths = AppPaths.from_environment().ensure()
    # The window's language as at start-up (HEARTH_LANG=zh_CN for a Chinese screenshot).
    language = choose_language(AppSettingsStore(paths.config_dir).load().ui_language)
    translators = install_translators(app, language, paths.cache_dir)
    controller = InferenceController()
    store = HistoryStore(history_path(paths))
    return OpenApp(app, store, build_app(controller, store, paths), translators)
