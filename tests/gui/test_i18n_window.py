"""The whole window in Simplified Chinese: the main window in both modes, the Models
window and every dialog show no English a user would have to read, and every control
that takes focus has a name a screen reader can say."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from engine.chat.history_store import HistoryStore
from engine.common.paths import AppPaths
from engine.common.preferences import AppSettings
from engine.llm.known_models import GEMMA3_NAME, SMOLLM2_NAME
from engine.llm.parameters import SamplingSettings
from gui.api.api_settings_dialog import ApiSettingsDialog
from gui.api.engines_dialog import EnginesDialog
from gui.app import AppParts, build_app
from gui.chat.sampling_dialog import SamplingDialog
from gui.help_menu import ManualDialog, ShortcutsDialog
from gui.inference.controller import InferenceController
from gui.main_window import Mode
from gui.models.load_settings_dialog import LoadSettingsDialog
from gui.models.models_settings_dialog import ModelsSettingsDialog
from tests.gui.i18n_check import unnamed_focusable, visible_english


@pytest.fixture
def parts(
    zh_cn: None, qtbot: QtBot, controller: InferenceController, store: HistoryStore
) -> Iterator[AppParts]:
    """The app's window built after the zh_CN translations were installed, as at
    start-up."""
    built = build_app(
        controller, store, AppPaths.from_environment().ensure(), n_ctx=1024, n_threads=2
    )
    qtbot.addWidget(built.window)
    built.window.show()
    qtbot.waitExposed(built.window)
    yield built
    assert built.shutdown(5000)
    built.window.close()
    built.window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _check(widget: QWidget, *allowed: str) -> None:
    assert visible_english(widget, allowed) == []
    assert unnamed_focusable(widget) == []


def test_main_window_in_both_modes(parts: AppParts) -> None:
    window = parts.window
    # The starter models' names are theirs, as every model's.
    _check(window, SMOLLM2_NAME, GEMMA3_NAME)
    window.show_mode(Mode.TRANSLATE)
    _check(window, SMOLLM2_NAME, GEMMA3_NAME)
    assert "文件" in window.menuBar().actions()[0].text()


def test_models_window(parts: AppParts, qtbot: QtBot) -> None:
    models_window = parts.models.open_window()
    qtbot.waitExposed(models_window)
    _check(models_window, SMOLLM2_NAME, GEMMA3_NAME)
    parts.models.close_window()


def test_dialogs(parts: AppParts, qtbot: QtBot, smollm2: Path) -> None:
    window = parts.window
    dialogs: list[QWidget] = [
        LoadSettingsDialog(str(smollm2), parts.model_menu.profiles, window),
        SamplingDialog(SamplingSettings(), window),
        ApiSettingsDialog(AppSettings(), window),
        EnginesDialog(parts.api.engines, window),
        ModelsSettingsDialog(AppSettings(), "/models"),
        ShortcutsDialog(parts.help_menu.shortcut_rows(), window),
        ManualDialog("# Hearth", window),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        # The model's file name is the model's, not a translatable word.
        _check(dialog, smollm2.name, "/models", "Hearth")
        dialog.close()
