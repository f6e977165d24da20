"""GUI fixtures: a real window over a real inference thread, always shut down."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from engine.chat.history_store import HistoryStore
from engine.llm.parameters import LoadSettings, SamplingSettings
from gui.inference.controller import InferenceController
from gui.main_window import MainWindow


@pytest.fixture
def controller() -> Iterator[InferenceController]:
    ctrl = InferenceController()
    yield ctrl
    assert ctrl.shutdown(5000), "the inference thread did not stop"
    assert not ctrl.is_running(), "a test left the inference thread running"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    history = HistoryStore(tmp_path / "history.db")
    yield history
    history.close()


@pytest.fixture
def window(
    qtbot: QtBot, controller: InferenceController, store: HistoryStore, smollm2: Path
) -> MainWindow:
    win = MainWindow(
        controller,
        store,
        load_settings=LoadSettings(n_ctx=1024, n_threads=2),
        sampling=SamplingSettings(temperature=0.0, seed=7, max_tokens=64),
        starter_path=str(smollm2),
    )
    qtbot.addWidget(win)
    win.show()
    return win


@pytest.fixture
def loaded_window(qtbot: QtBot, window: MainWindow, controller: InferenceController) -> MainWindow:
    with qtbot.waitSignal(controller.model_loaded, timeout=60_000):
        window.starter_action.trigger()
    return window
