"""The screenshot scripts' app: the same objects ``gui.app.run_app`` builds (history in
the data folder, the inference thread, the main window), for the folders HEARTH_HOME
names."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QApplication

from engine.chat.history_store import HistoryStore
from engine.common.paths import AppPaths
from gui.app import build_main_window, create_application, history_path
from gui.inference.controller import InferenceController
from gui.main_window import MainWindow


@dataclass
class OpenApp:
    app: QApplication
    controller: InferenceController
    store: HistoryStore
    window: MainWindow


def open_app() -> OpenApp:
    app = create_application([])
    controller = InferenceController()
    store = HistoryStore(history_path(AppPaths.from_environment().ensure()))
    return OpenApp(app, controller, store, build_main_window(controller, store))
