"""Choosing the model to chat with: the Model menu, the toolbar's picker and the
model actions of the File menu; loading with each model's remembered settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QFileDialog, QMenu, QWidget

from engine.common.errors import HearthError, InvalidModelFileError
from engine.common.preferences import AppSettingsStore
from engine.llm.fit_estimate import load_need_bytes
from engine.llm.gguf_metadata import read_gguf_metadata
from engine.llm.model import ModelInfo
from engine.llm.parameters import LoadSettings
from engine.models.model_library import ModelLibrary, same_file
from engine.models.model_profile import ModelProfileStore
from engine.remote.endpoint import RemoteEndpoint
from engine.remote.engines import EngineStore, parse_remote_path, remote_path
from gui.common.dialogs import ask_yes_no
from gui.common.engine_text import library_label, shown
from gui.inference.controller import InferenceController

PICKER_CHARS = 52


def picker_label(label: str, limit: int = PICKER_CHARS) -> str:
    """``label`` ("name · quantization · size") short enough for the toolbar: the name
    loses its middle, so the quantization and the size stay in view."""
    if len(label) <= limit:
        return label
    name, sep, rest = label.partition(" · ")
    room = limit - len(sep) - len(rest) - 1
    if room < 8:
        return label[: limit - 1] + "…"
    head = (room + 1) // 2
    return f"{name[:head]}…{name[len(name) - (room - head) :]}{sep}{rest}"


@dataclass(frozen=True)
class ModelChoice:
    path: str
    label: str
    usable: bool


class ModelMenu(QObject):
    """Owns the Model menu (rebuilt each time it opens), the picker and the actions.

    Signals:
        notice(str): a message for the notice banner.
    """

    notice = Signal(str)

    def __init__(
        self,
        controller: InferenceController,
        library: ModelLibrary,
        profiles: ModelProfileStore,
        app_settings: AppSettingsStore,
        *,
        starter_path: str | None,
        extra_actions: tuple[QAction, ...] = (),
        adjust_load: Callable[[LoadSettings], LoadSettings] | None = None,
        engines: EngineStore | None = None,
        parent: QObject | None = None,
    ) -> None:
        """``adjust_load`` changes every load's settings last (the API's slots);
        ``engines``' models (remote engines) are listed after the library's."""
        super().__init__(parent)
        self._controller = controller
        self.library = library
        self.profiles = profiles
        self.app_settings = app_settings
        self._starter_path = starter_path
        self._extra_actions = extra_actions
        self._adjust_load = adjust_load
        self.engines = engines
        # The engine the remote model was chosen with (its address and key then).
        self._remote_endpoint: RemoteEndpoint | None = None

        self.open_action = QAction(self.tr("&Open model…"), self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self._on_open_triggered)
        self.starter_action = QAction(self.tr("Load the &starter model"), self)
        self.starter_action.triggered.connect(self._on_starter_triggered)
        self.starter_action.setVisible(starter_path is not None)
        self.unload_action = QAction(self.tr("&Unload model"), self)
        self.unload_action.triggered.connect(controller.unload_model)
        self.info_action = QAction(self.tr("Model &information…"), self)
        self.info_action.triggered.connect(self._on_info_triggered)
        self.settings_action = QAction(self.tr("Load &settings…"), self)
        self.settings_action.triggered.connect(self._on_load_settings_triggered)
        self.reset_action = QAction(self.tr("&Reset load settings and retry"), self)
        self.reset_action.setObjectName("resetLoadSettingsAction")
        self.reset_action.triggered.connect(self._on_reset_triggered)
        # The model whose last load failed: its settings stay reachable (they may be the
        # reason) while no model is loaded.
        self.failed_path: str | None = None
        self.cancel_load_action = QAction(self.tr("&Cancel loading"), self)
        self.cancel_load_action.setEnabled(False)
        self.cancel_load_action.triggered.connect(controller.cancel_load)
        self.startup_action = QAction(self.tr("Load the last model at start-up"), self)
        self.startup_action.setCheckable(True)
        self.startup_action.setChecked(app_settings.load().load_last_model)
        self.startup_action.toggled.connect(self._on_startup_toggled)

        self.menu = QMenu(self.tr("&Model"))
        self.menu.setObjectName("modelMenu")
        self.menu.aboutToShow.connect(self.rebuild)
        self.picker = QComboBox()
        self.picker.setObjectName("modelPicker")
        self.picker.setAccessibleName(self.tr("Model"))
        self.picker.setAccessibleDescription(
            self.tr("The model to chat with; choosing one loads it")
        )
        self.picker.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.picker.setMinimumContentsLength(PICKER_CHARS)
        self.picker.activated.connect(self._on_picker_activated)

        controller.model_loading.connect(self.refresh)
        controller.model_loaded.connect(self._on_controller_model_loaded)
        controller.model_load_failed.connect(self._on_controller_model_load_failed)
        controller.model_load_cancelled.connect(self._on_controller_model_load_cancelled)
        controller.model_unloaded.connect(self.refresh)
        self.rebuild()
        self.refresh()

    def _dialog_parent(self) -> QWidget | None:
        return self.picker.window()

    # -- public API --------------------------------------------------------------------

    def load_model(self, path: str) -> None:
        """Load ``path`` with its remembered settings (or the defaults); a remote
        model's pseudo path chooses that engine's model."""
        remote = parse_remote_path(path)
        if remote is not None:
            engine = self.engines.get(remote[0]) if self.engines is not None else None
            if engine is None:
                self.notice.emit(
                    self.tr(
                        "The engine {engine!r} is no longer in Settings → Engines; add it "
                        "again to use its models."
                    ).format(engine=remote[0])
                )
                return
            self._remote_endpoint = engine.endpoint
            self._controller.load_remote(engine.endpoint, remote[1])
            return
        try:
            settings = self.profiles.get(path).load_settings()
        except HearthError as error:
            self.notice.emit(
                self.tr("The saved load settings cannot be used: {reason}").format(
                    reason=shown(error)
                )
            )
            settings = self.profiles.defaults.load_settings()
        if self._adjust_load is not None:
            settings = self._adjust_load(settings)
        self._controller.load_model(path, settings)

    @Slot()
    def engines_changed(self) -> None:
        """Remote engines were edited: the loaded remote model follows its engine (a new
        address or key is used from now on), or is unloaded with a removed engine."""
        self.refresh()
        model = self._controller.model
        if model is None or self.engines is None:
            return
        remote = parse_remote_path(model.path)
        if remote is None:
            return
        engine = self.engines.get(remote[0])
        if engine is None:
            self._remote_endpoint = None
            self._controller.unload_model()
            self.notice.emit(
                self.tr("{engine} was removed: its model {model} is unloaded.").format(
                    engine=remote[0], model=remote[1]
                )
            )
        elif engine.endpoint != self._remote_endpoint:
            self.load_model(model.path)

    @Slot()
    def reload(self) -> None:
        """Load the loaded model again (its settings, or the slots it needs, changed)."""
        model = self._controller.model
        if model is not None:
            self.load_model(model.path)

    def remembered_model(self) -> str | None:
        """The model to load when a message waits for one: the last one loaded, if its
        file is still there, else the library's only usable model."""
        last = self.app_settings.load().last_model
        remote = parse_remote_path(last)
        if remote is not None and self.engines is not None and self.engines.get(remote[0]):
            return last
        if last and remote is None and Path(last).is_file():
            return last
        usable = [m for m in self.library.models() if not m.problem]
        return str(usable[0].path) if len(usable) == 1 else None

    @Slot()
    def load_remembered_model(self) -> None:
        """Load :meth:`remembered_model` unless a model is loaded or loading; with none to
        choose from, say how to pick one."""
        if self._controller.is_loading or self._controller.model is not None:
            return
        path = self.remembered_model()
        if path is None:
            self.notice.emit(
                self.tr(
                    "No model is loaded yet. Choose one in the Model menu, or open a GGUF file "
                    "with File → Open model… (Ctrl+O)."
                )
            )
            return
        self.load_model(path)

    def choices(self) -> list[ModelChoice]:
        """Every model the menu and the picker offer, the loaded one included."""
        entries = [
            ModelChoice(str(m.path), library_label(m), not m.problem) for m in self.library.models()
        ]
        for engine in self.engines.load() if self.engines is not None else []:
            entries += [
                ModelChoice(
                    remote_path(engine.name, m),
                    self.tr("{model} · on {engine}").format(model=m, engine=engine.name),
                    True,
                )
                for m in engine.models
            ]
        loaded = self._controller.model
        if loaded is not None and not any(self.is_loaded(c.path) for c in entries):
            entries.append(ModelChoice(loaded.path, loaded.name, True))
        return entries

    def is_loaded(self, path: str) -> bool:
        loaded = self._controller.model
        if loaded is None:
            return False
        if parse_remote_path(path) is not None or parse_remote_path(loaded.path) is not None:
            return path == loaded.path
        return same_file(path, loaded.path)

    def loaded_is_remote(self) -> bool:
        model = self._controller.model
        return model is not None and parse_remote_path(model.path) is not None

    @Slot()
    def rebuild(self) -> None:
        """Fill the Model menu from the library (it is rebuilt each time it opens)."""
        menu = self.menu
        menu.clear()
        for choice in self.choices():
            action = QAction(choice.label, menu)
            action.setCheckable(True)
            action.setChecked(self.is_loaded(choice.path))
            action.setEnabled(choice.usable and not self._controller.is_loading)
            action.setData(choice.path)
            action.triggered.connect(self._on_model_action_triggered)
            menu.addAction(action)
        if not menu.actions():
            empty = menu.addAction(self.tr("No models yet: open a .gguf file"))
            empty.setEnabled(False)
        menu.addSeparator()
        for extra in self._extra_actions:
            menu.addAction(extra)
        menu.addAction(self.open_action)
        menu.addAction(self.cancel_load_action)
        menu.addAction(self.unload_action)
        menu.addAction(self.settings_action)
        menu.addAction(self.reset_action)
        menu.addAction(self.info_action)
        menu.addSeparator()
        menu.addAction(self.startup_action)

    @Slot()
    def refresh(self) -> None:
        """Fill the picker again and update the actions (the library or the load changed)."""
        picker = self.picker
        picker.blockSignals(True)
        picker.clear()
        if self._controller.model is None:
            picker.addItem(self.tr("No model loaded"), None)
        items = picker.model()
        for choice in self.choices():
            picker.addItem(picker_label(choice.label), choice.path)
            picker.setItemData(picker.count() - 1, choice.label, Qt.ItemDataRole.ToolTipRole)
            if not choice.usable and isinstance(items, QStandardItemModel):
                items.item(picker.count() - 1).setEnabled(False)
            if self.is_loaded(choice.path):
                picker.setCurrentIndex(picker.count() - 1)
        picker.setEnabled(not self._controller.is_loading)
        picker.blockSignals(False)
        has_model = self._controller.model is not None
        self.cancel_load_action.setEnabled(self._controller.is_loading)
        self.unload_action.setEnabled(has_model)
        self.info_action.setEnabled(has_model and not self.loaded_is_remote())
        idle = not self._controller.is_loading
        self.settings_action.setEnabled(idle and self.settings_target() is not None)
        resettable = self.failed_path is not None and self.profiles.has_saved(self.failed_path)
        self.reset_action.setVisible(resettable)
        self.reset_action.setEnabled(idle and resettable)

    def settings_target(self) -> str | None:
        """The model Load settings… edits: the loaded one, else the one that failed."""
        model = self._controller.model
        if model is not None:
            return None if self.loaded_is_remote() else model.path
        return self.failed_path

    # -- dialogs (replaced in tests) ---------------------------------------------------

    def ask_open_path(self) -> str:
        return QFileDialog.getOpenFileName(
            self._dialog_parent(),
            self.tr("Open a GGUF model"),
            str(self.open_folder()),
            self.tr("GGUF models (*.gguf);;All files (*)"),
        )[0]

    def open_folder(self) -> Path:
        """Where File → Open model… starts: the models folder, else the home folder
        (not the folder Hearth happened to be started from)."""
        folder = self.library.models_dir
        return folder if folder.is_dir() else Path.home()

    # -- events ------------------------------------------------------------------------

    @Slot()
    def _on_open_triggered(self) -> None:
        path = self.ask_open_path()
        if path:
            self.load_model(path)

    @Slot()
    def _on_starter_triggered(self) -> None:
        if self._starter_path is not None:
            self.load_model(self._starter_path)

    @Slot()
    def _on_model_action_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction) and action.data():
            self.load_model(str(action.data()))

    @Slot(int)
    def _on_picker_activated(self, index: int) -> None:
        path = self.picker.itemData(index)
        if path and not self.is_loaded(str(path)):
            self.load_model(str(path))

    @Slot()
    def _on_info_triggered(self) -> None:
        from gui.models.model_info_dialog import ModelInfoDialog

        model = self._controller.model
        if model is not None:
            ModelInfoDialog(model.path, model, self._dialog_parent()).exec()

    @Slot(bool)
    def _on_startup_toggled(self, checked: bool) -> None:
        self.app_settings.update(load_last_model=checked)

    @Slot()
    def _on_load_settings_triggered(self) -> None:
        from gui.models.load_settings_dialog import LoadSettingsDialog

        path = self.settings_target()
        if path is None:
            return
        dialog = LoadSettingsDialog(
            path, self.profiles, self._dialog_parent(), reclaimable_bytes=self.loaded_bytes()
        )
        if dialog.exec() == LoadSettingsDialog.DialogCode.Accepted:
            self.load_model(path)

    def loaded_bytes(self) -> int:
        """About how much memory the loaded model frees when another load starts (the
        worker unloads it first): its weights and KV cache, from its header."""
        model = self._controller.model
        if model is None:
            return 0
        try:
            metadata = read_gguf_metadata(model.path, read_tokens=False)
        except InvalidModelFileError:
            return 0
        kv_type = self.profiles.get(model.path).kv_cache_type
        return load_need_bytes(metadata, model.n_ctx, kv_type) or 0

    @Slot()
    def _on_reset_triggered(self) -> None:
        path = self.failed_path
        if path is None:
            return
        # A hand-written chat template is among what is forgotten: ask first.
        if not ask_yes_no(
            self._dialog_parent(),
            self.tr("Reset load settings"),
            self.tr(
                "Forget the load settings saved for {file} (context, GPU offload, "
                "chat format, custom template…) and load it with the defaults?"
            ).format(file=Path(path).name),
        ):
            return
        self.profiles.reset(path)
        self.load_model(path)

    @Slot(object)
    def _on_controller_model_loaded(self, info: ModelInfo) -> None:
        self.failed_path = None
        if parse_remote_path(info.path) is None:
            self.library.remember(info.path)
        self.app_settings.update(last_model=info.path)
        if info.placement_fell_back:
            # More layers failed to load: start from what worked next time.
            self.profiles.remember_placement(info.path, info.gpu_layers)
        self.refresh()

    @Slot(str, object)
    def _on_controller_model_load_failed(self, path: str, message: str) -> None:
        # A remote engine has no load settings to change.
        self.failed_path = path if parse_remote_path(path) is None else None
        message = shown(message)
        if self.profiles.has_saved(path):
            # The settings saved for this file may be the cause: say how to undo them.
            message += "\n" + self.tr(
                "Model → Load settings… changes how it is loaded; Model → Reset load "
                "settings and retry goes back to the defaults."
            )
        self.notice.emit(message)
        self.refresh()

    @Slot(str)
    def _on_controller_model_load_cancelled(self, _path: str) -> None:
        if not self._controller.is_loading:
            self.refresh()
