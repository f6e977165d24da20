"""Switching models from the Model menu and the toolbar picker, with real models."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from gguf import GGUFWriter
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from engine.chat.history_store import HistoryStore
from engine.common.paths import AppPaths
from engine.llm.parameters import SamplingSettings
from gui.inference.controller import InferenceController
from gui.main_window import MainWindow
from tests.gui.conftest import WindowFactory


def _window(make_window: WindowFactory) -> MainWindow:
    return make_window(
        n_ctx=4096, sampling=SamplingSettings(temperature=0.8, seed=7, max_tokens=400)
    )


def _load(qtbot: QtBot, controller: InferenceController, window: MainWindow, path: Path) -> None:
    with qtbot.waitSignal(controller.model_loaded, timeout=60_000):
        window.model_menu.load_model(str(path))


def _send(qtbot: QtBot, window: MainWindow, text: str) -> None:
    with qtbot.waitSignal(window.workspace.chat.reply_ended, timeout=60_000):
        window.workspace.input.setPlainText(text)
        window.workspace.send_button.click()


def _menu_action(window: MainWindow, path: Path) -> QAction:
    window.model_menu.rebuild()
    for action in window.model_menu.menu.actions():
        if action.data() and Path(action.data()).resolve() == path.resolve():
            return action
    raise AssertionError(f"{path} is not in the Model menu")


def test_switch_models_from_the_menu_while_a_reply_streams(
    qtbot: QtBot,
    make_window: WindowFactory,
    controller: InferenceController,
    store: HistoryStore,
    hearth_home: Path,
    smollm2: Path,
    gemma3: Path,
) -> None:
    window = _window(make_window)
    with qtbot.waitSignal(controller.model_loaded, timeout=60_000):
        _menu_action(window, smollm2).trigger()
    assert _menu_action(window, smollm2).isChecked()
    assert "Q4_1" in window.status.model_label.text() and "CPU" in window.status.model_label.text()
    info = controller.model
    assert info is not None and info.placement
    assert info.placement in window.status.stats_label.text(), "where it runs, and why, is shown"
    assert info.placement in window.status.model_label.toolTip()
    assert window.model_menu.picker.currentData() is not None
    assert Path(window.model_menu.picker.currentData()).resolve() == smollm2.resolve()

    # A reply is streaming when the user picks another model.
    with qtbot.waitSignal(window.workspace.chat.reply_text_added, timeout=60_000):
        window.workspace.input.setPlainText("Write a long story about a river.")
        window.workspace.send_button.click()
    window.model_menu.library.remember(gemma3)
    with qtbot.waitSignal(controller.model_loaded, timeout=60_000) as loaded:
        _menu_action(window, gemma3).trigger()
    assert loaded.args[0].architecture == "gemma3"
    reply = store.messages(window.workspace.conversation_id or 0)[1]
    assert reply.state == "cancelled" and reply.content, "the reply was stopped and saved"
    assert _menu_action(window, gemma3).isChecked()
    assert not _menu_action(window, smollm2).isChecked()
    assert "Q4_K_M" in window.status.model_label.text()

    # And back, from the toolbar picker.
    index = window.model_menu.picker.findData(str(smollm2.resolve()))
    assert index >= 0
    with qtbot.waitSignal(controller.model_loaded, timeout=60_000):
        window.model_menu.picker.setCurrentIndex(index)
        window.model_menu.picker.activated.emit(index)
    assert _menu_action(window, smollm2).isChecked()
    window.workspace.chat.sampling = SamplingSettings(temperature=0, seed=1, max_tokens=16)
    _send(qtbot, window, "Hello")
    assert "tok/s" in window.status.stats_label.text()
    assert window.status.context_meter.value() > 0
    assert "ctx" in window.status.context_meter.format()


def test_corrupt_model_in_the_list_leaves_the_loaded_one_working(
    qtbot: QtBot,
    make_window: WindowFactory,
    controller: InferenceController,
    store: HistoryStore,
    hearth_home: Path,
    smollm2: Path,
) -> None:
    window = _window(make_window)
    models_dir = AppPaths.from_environment({"HEARTH_HOME": str(hearth_home)}).models_dir
    broken = models_dir / "half.gguf"
    with smollm2.open("rb") as source, broken.open("wb") as target:
        shutil.copyfileobj(source, target, 1_000_000)
        target.truncate(3_000_000)
    with qtbot.waitSignal(controller.model_loaded, timeout=60_000):
        _menu_action(window, smollm2).trigger()
    action = _menu_action(window, broken)
    assert not action.isEnabled(), "a file that fails validation cannot be chosen"
    assert "cannot be used" in action.text()
    with qtbot.waitSignal(controller.model_load_failed, timeout=30_000):
        window.model_menu.load_model(str(broken))
    assert "not a valid GGUF" in window.notice.text()
    assert _menu_action(window, smollm2).isChecked()
    window.workspace.chat.sampling = SamplingSettings(temperature=0, seed=1, max_tokens=8)
    _send(qtbot, window, "Hi")
    assert store.messages(window.workspace.conversation_id or 0)[1].state == "complete"


def test_unload_and_model_information(
    qtbot: QtBot,
    make_window: WindowFactory,
    controller: InferenceController,
    store: HistoryStore,
    hearth_home: Path,
    smollm2: Path,
) -> None:
    from gui.models.model_info_dialog import ModelInfoDialog

    window = _window(make_window)
    _load(qtbot, controller, window, smollm2)
    info = controller.model
    assert info is not None
    dialog = ModelInfoDialog(info.path, info, window)
    qtbot.addWidget(dialog)
    texts = " ".join(label.text() for label in dialog.findChildren(type(window.status.model_label)))
    assert "llama" in texts and "Q4_1" in texts and "8,192" in texts and info.path in texts
    import hashlib

    digest = hashlib.sha256(smollm2.read_bytes()).hexdigest()
    dialog.sha_button.click()
    qtbot.waitUntil(lambda: dialog.sha_label.text() == digest, timeout=30_000)
    with qtbot.waitSignal(controller.model_unloaded, timeout=30_000):
        window.model_menu.unload_action.trigger()
    assert window.status.model_label.text() == "No model loaded"
    assert controller.model is None
    assert window.model_menu.picker.currentData() is None


def test_load_settings_dialog_lets_a_base_model_chat(
    qtbot: QtBot,
    make_window: WindowFactory,
    controller: InferenceController,
    store: HistoryStore,
    hearth_home: Path,
    gemma3: Path,
) -> None:
    from gui.models.load_settings_dialog import LoadSettingsDialog

    window = _window(make_window)
    settings_store = window.model_menu.profiles
    _load(qtbot, controller, window, gemma3)
    window.workspace.chat.sampling = SamplingSettings(temperature=0, seed=1, max_tokens=12)
    _send(qtbot, window, "Name a colour.")
    assert "no chat template" in window.notice.text()
    assert "Load settings" in window.notice.text()

    dialog = LoadSettingsDialog(str(gemma3), settings_store, window)
    qtbot.addWidget(dialog)
    dialog.template.setCurrentText("Custom…")
    dialog.custom.setPlainText("{{ messages[0]['content'] }}")
    dialog.accept()
    assert dialog.error.isVisibleTo(dialog) and "drops part" in dialog.error.text()
    assert dialog.result() != LoadSettingsDialog.DialogCode.Accepted
    dialog.template.setCurrentText("Gemma")
    dialog.context.setValue(2048)
    dialog.gpu_mode.setCurrentIndex(2)  # CPU only
    dialog.accept()
    assert dialog.result() == LoadSettingsDialog.DialogCode.Accepted
    saved = settings_store.get(gemma3)
    assert (saved.template_mode, saved.template_name, saved.n_ctx) == ("named", "Gemma", 2048)
    assert saved.n_gpu_layers == 0

    with qtbot.waitSignal(controller.model_loaded, timeout=60_000) as loaded:
        window.model_menu.load_model(str(gemma3))
    assert loaded.args[0].n_ctx == 2048
    _send(qtbot, window, "Name a colour.")
    reply = store.messages(window.workspace.conversation_id or 0)[-1]
    assert reply.state == "complete" and reply.content.strip()


def test_last_model_loads_at_start_up_only_when_chosen(
    qtbot: QtBot,
    make_window: WindowFactory,
    controller: InferenceController,
    store: HistoryStore,
    hearth_home: Path,
    smollm2: Path,
) -> None:
    from gui.app import last_model_to_load

    window = _window(make_window)
    paths = AppPaths.from_environment({"HEARTH_HOME": str(hearth_home)})
    settings = window.model_menu.app_settings
    _load(qtbot, controller, window, smollm2)
    assert Path(settings.load().last_model).resolve() == smollm2.resolve()
    assert settings.load().load_last_model is False
    assert last_model_to_load(paths) is None, "not chosen: start-up loads nothing"
    window.model_menu.startup_action.setChecked(True)
    assert settings.load().load_last_model is True
    assert Path(last_model_to_load(paths) or "").resolve() == smollm2.resolve()
    window.model_menu.startup_action.setChecked(False)
    assert last_model_to_load(paths) is None


def test_loading_shows_progress_and_can_be_cancelled(
    qtbot: QtBot,
    make_window: WindowFactory,
    controller: InferenceController,
    store: HistoryStore,
    hearth_home: Path,
    gemma3: Path,
    smollm2: Path,
) -> None:
    window = _window(make_window)
    _load(qtbot, controller, window, smollm2)
    percents: list[int] = []
    controller.load_progressed.connect(lambda _path, percent: percents.append(percent))

    def cancel_once_started(_path: str, percent: int) -> None:
        if percent > 0:
            window.model_menu.cancel_load_action.trigger()

    controller.load_progressed.connect(cancel_once_started)
    with qtbot.waitSignal(controller.model_load_cancelled, timeout=60_000):
        window.model_menu.load_model(str(gemma3))
        assert window.model_menu.cancel_load_action.isEnabled()
    assert percents and max(percents) < 100
    assert "cancelled" in window.status.stats_label.text()
    qtbot.waitUntil(lambda: controller.model is None, timeout=10_000)
    assert not window.model_menu.cancel_load_action.isEnabled()
    controller.load_progressed.disconnect(cancel_once_started)
    _load(qtbot, controller, window, smollm2)
    assert percents[-1] == 100


def test_open_model_starts_in_the_models_folder(
    make_window: WindowFactory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # not the folder Hearth was started from
    window = _window(make_window)
    menu = window.model_menu
    menu.library.models_dir.mkdir(parents=True, exist_ok=True)
    assert menu.open_folder() == menu.library.models_dir
    menu.library.models_dir.rmdir()
    assert menu.open_folder() == Path.home()


def test_load_settings_are_bounded_by_the_model_and_the_memory(
    qtbot: QtBot, make_window: WindowFactory, smollm2: Path
) -> None:
    from engine.llm.fit_estimate import MachineMemory
    from gui.models.load_settings_dialog import LoadSettingsDialog

    window = _window(make_window)
    profiles = window.model_menu.profiles
    small = MachineMemory(free_ram=2 * 2**30)
    dialog = LoadSettingsDialog(str(smollm2), profiles, window, memory=small)
    qtbot.addWidget(dialog)
    dialog.context.setValue(999_999)  # a typo: clamped to the trained context
    assert dialog.context.value() == 8192
    assert "8,192" in dialog.context_note.text()
    assert dialog.estimate.text().startswith("Fits in memory")

    tiny = MachineMemory(free_ram=200 * 2**20)  # less than the weights and the cache need
    refused = LoadSettingsDialog(str(smollm2), profiles, window, memory=tiny)
    qtbot.addWidget(refused)
    assert refused.estimate.text().startswith("Will not fit")
    refused.accept()
    assert refused.result() != LoadSettingsDialog.DialogCode.Accepted
    assert "nothing was saved" in refused.error.text()
    assert not profiles.has_saved(smollm2)


def test_a_model_whose_saved_settings_fail_can_be_reset_and_retried(
    qtbot: QtBot,
    make_window: WindowFactory,
    controller: InferenceController,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gui.models.model_menu as model_menu_module
    from engine.models.model_profile import ModelProfile

    broken = tmp_path / "broken.gguf"
    writer = GGUFWriter(str(broken), "llama")  # a header without hyperparameters
    writer.add_context_length(128)
    writer.add_tensor("weight", np.ones((4, 8), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    window = _window(make_window)
    menu = window.model_menu
    menu.profiles.set(broken, ModelProfile(n_ctx=512, n_threads=1))
    with qtbot.waitSignal(controller.model_load_failed, timeout=60_000):
        menu.load_model(str(broken))
    assert "key not found in model" in window.notice.text()  # llama.cpp's own reason
    assert "Reset load settings and retry" in window.notice.text()
    # No model is loaded, yet the settings that failed can be reached and reset.
    assert menu.settings_target() == str(broken)
    assert menu.settings_action.isEnabled()
    assert menu.reset_action.isVisible() and menu.reset_action.isEnabled()
    asked: list[str] = []

    def say_yes(_parent: object, _title: str, text: str) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(model_menu_module, "ask_yes_no", say_yes)
    with qtbot.waitSignal(controller.model_load_failed, timeout=60_000):
        menu.reset_action.trigger()
    assert "custom template" in asked[0]  # forgetting settings is asked first
    assert not menu.profiles.has_saved(broken)  # the retry used the defaults
    assert not menu.reset_action.isVisible()  # nothing left to reset


def test_the_estimate_counts_what_the_loaded_model_gives_back_and_cpu_only(
    qtbot: QtBot, make_window: WindowFactory, smollm2: Path
) -> None:
    from engine.llm.fit_estimate import MachineMemory
    from gui.models.load_settings_dialog import LoadSettingsDialog

    window = _window(make_window)
    profiles = window.model_menu.profiles
    tight = MachineMemory(free_ram=200 * 2**20)
    # The reload frees the loaded model first: what it holds counts as free.
    freed = LoadSettingsDialog(
        str(smollm2), profiles, window, memory=tight, reclaimable_bytes=2 * 2**30
    )
    qtbot.addWidget(freed)
    assert freed.estimate.text().startswith("Fits in memory")
    # CPU only: a GPU's free memory does not make it fit.
    gpu = MachineMemory(free_ram=200 * 2**20, free_vram=8 * 2**30, gpu_backend="CUDA")
    cpu_only = LoadSettingsDialog(str(smollm2), profiles, window, memory=gpu)
    qtbot.addWidget(cpu_only)
    assert cpu_only.estimate.text().startswith("Fits on the CUDA GPU")
    cpu_only.gpu_mode.setCurrentIndex(cpu_only.gpu_mode.findData(0))
    assert cpu_only.estimate.text().startswith("Will not fit")


def test_the_gpu_layer_count_has_a_label_and_shows_only_when_chosen(
    qtbot: QtBot, make_window: WindowFactory, smollm2: Path
) -> None:
    from PySide6.QtWidgets import QFormLayout, QLabel

    from gui.models.load_settings_dialog import LoadSettingsDialog

    window = _window(make_window)
    dialog = LoadSettingsDialog(str(smollm2), window.model_menu.profiles, window)
    qtbot.addWidget(dialog)
    dialog.show()
    form = dialog.gpu_layers.parentWidget().findChild(QFormLayout)
    assert form is not None
    label = form.labelForField(dialog.gpu_layers)
    assert isinstance(label, QLabel) and label.text() == "GPU layers"
    assert not dialog.gpu_layers.isVisible(), "no bare number box while Auto is chosen"
    dialog.gpu_mode.setCurrentIndex(dialog.gpu_mode.count() - 1)  # This many layers
    assert dialog.gpu_layers.isVisible() and label.isVisible()
    assert dialog.gpu_layers.maximum() == 31  # SmolLM2 135M: 30 layers + the output layer
    assert "30 layers" in dialog.gpu_layers.toolTip()
    assert dialog.gpu_layers.text() == "1 of 31 layers"
    from engine.llm.gpu_offload import gpu_devices

    # This machine's build has no GPU backend (CI never has one): the dialog says so.
    assert dialog.gpu_note.isVisible() == (not gpu_devices())


def test_a_message_waiting_for_a_model_loads_the_remembered_one(
    qtbot: QtBot,
    make_window: WindowFactory,
    controller: InferenceController,
    hearth_home: Path,
    smollm2: Path,
    gemma3: Path,
    tmp_path: Path,
) -> None:
    window = _window(make_window)
    menu = window.model_menu
    menu.app_settings.update(last_model=str(smollm2))
    with qtbot.waitSignal(controller.model_loaded, timeout=60_000) as loaded:
        menu.load_remembered_model()
    assert Path(loaded.args[0].path).resolve() == smollm2.resolve()
    menu.load_remembered_model()  # one is loaded: nothing happens
    assert not controller.is_loading

    with qtbot.waitSignal(controller.model_unloaded, timeout=30_000):
        controller.unload_model()
    menu.app_settings.update(last_model=str(tmp_path / "moved-away.gguf"))
    menu.library.remember(gemma3)
    menu.library.remember(smollm2)
    assert menu.remembered_model() is None, "two models and no last one: the user picks"
    menu.load_remembered_model()
    assert not controller.is_loading
    assert "Choose one in the Model menu" in window.notice.text()


def test_the_picker_keeps_the_size_of_a_long_model_name() -> None:
    from gui.models.model_menu import PICKER_CHARS, picker_label

    long_label = "Qwen2.5 Coder 0.5B Instruct AWQ Extra Long Fine Tune · Q4_K_M · 468.6 MB"
    short = picker_label(long_label)
    assert len(short) == PICKER_CHARS and short.endswith(" · Q4_K_M · 468.6 MB")
    assert short.startswith("Qwen2.5") and "…" in short
    assert picker_label("SmolLM2 135M Instruct (starter) · Q4_1 · 94.6 MB").startswith(
        "SmolLM2 135M Instruct (starter)"
    )
