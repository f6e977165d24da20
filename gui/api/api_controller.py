"""Settings → Local API server: the dialog, the server it starts, and the slots the
loaded model needs for it."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from engine.common.preferences import AppSettings, AppSettingsStore
from engine.llm.parameters import MAX_CONTEXT, LoadSettings
from engine.remote.engines import EngineStore
from gui.api.api_server import ApiServer


def wanted_slots(settings: AppSettings) -> int:
    """Sequences a model is loaded with: the API's slots while the server is on."""
    return max(1, settings.api_parallel) if settings.api_enabled else 1


class ApiController(QObject):
    """Settings → Local API server and Settings → Remote engines.

    Signals:
    notice(str): a message for the notice banner.
    reload_wanted(): the loaded model needs reloading (its slots changed).
    engines_changed(): remote engines were added, tested or removed.
    """

    notice = Signal(str)
    reload_wanted = Signal()
    engines_changed = Signal()

    def __init__(
        self,
        server: ApiServer,
        app_settings: AppSettingsStore,
        engines: EngineStore,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.server = server
        self.engines = engines
        self._app_settings = app_settings
        self.settings_action = QAction(self.tr("Local API &server…"), self)
        self.settings_action.setObjectName("apiSettingsAction")
        self.settings_action.triggered.connect(self._on_settings_triggered)
        self.engines_action = QAction(self.tr("Remote &engines…"), self)
        self.engines_action.setObjectName("enginesAction")
        self.engines_action.triggered.connect(self._on_engines_triggered)
        server.failed.connect(self.notice)
        server.notice.connect(self.notice)

    def start(self) -> None:
        """Start the server if the settings say so (at start-up)."""
        self.server.apply(self._app_settings.load())

    def adjust_load(self, settings: LoadSettings) -> LoadSettings:
        """A model's load settings with the API's slots, each with the context the
        window would give the model alone."""
        slots = wanted_slots(self._app_settings.load())
        if slots == 1:
            return settings
        per_slot = min(settings.n_ctx, MAX_CONTEXT // slots)
        return replace(settings, parallel=slots, n_ctx=per_slot * slots)

    def apply(self, chosen: AppSettings, *, model_loaded: bool) -> None:
        """Save ``chosen``, (re)start or stop the server, reload the model when its
        slots change."""
        before = self._app_settings.load()
        self._app_settings.save(chosen)
        started = self.server.apply(chosen)
        if model_loaded and wanted_slots(before) != wanted_slots(chosen):
            self.reload_wanted.emit()
        if started and chosen.api_enabled and not before.api_enabled:
            self.notice.emit("")

    @Slot()
    def _on_engines_triggered(self) -> None:
        from gui.api.engines_dialog import EnginesDialog

        parent = self.parent()
        dialog = EnginesDialog(self.engines, parent if isinstance(parent, QWidget) else None)
        dialog.engines_changed.connect(self.engines_changed)
        dialog.exec()

    @Slot()
    def _on_settings_triggered(self) -> None:
        from gui.api.api_settings_dialog import ApiSettingsDialog

        parent = self.parent()
        dialog = ApiSettingsDialog(
            self._app_settings.load(), parent if isinstance(parent, QWidget) else None
        )
        if dialog.exec() == ApiSettingsDialog.DialogCode.Accepted:
            loaded = self.server.controller_model_loaded()
            self.apply(dialog.chosen(), model_loaded=loaded)
