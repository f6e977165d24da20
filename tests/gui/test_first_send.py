"""What the app wires between the features: the first Send, or Translate, loads the
remembered model, and the sidebar's state is kept with the window's."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from engine.common.paths import AppPaths
from engine.common.preferences import AppSettingsStore
from gui.inference.controller import InferenceController
from tests.gui.conftest import WindowFactory


def test_the_first_send_loads_the_remembered_model_and_sends(
    qtbot: QtBot, make_window: WindowFactory, controller: InferenceController, smollm2: Path
) -> None:
    AppSettingsStore(AppPaths.from_environment().config_dir).update(last_model=str(smollm2))
    window = make_window()
    workspace = window.workspace
    assert controller.model is None
    with qtbot.waitSignal(workspace.chat.reply_ended, timeout=90_000):
        workspace.input.setPlainText("Hello there!")
        workspace.send_button.click()
        assert controller.is_loading, "Send started loading the model used last"
    assert controller.model is not None and Path(controller.model.path) == smollm2
    messages = workspace.store.messages(workspace.conversation_id or 0)
    assert [m.content for m in messages][:1] == ["Hello there!"]
    assert messages[-1].state == "complete"


def test_translate_with_no_model_loaded_loads_the_remembered_model_and_translates(
    qtbot: QtBot, make_window: WindowFactory, controller: InferenceController, smollm2: Path
) -> None:
    AppSettingsStore(AppPaths.from_environment().config_dir).update(last_model=str(smollm2))
    window = make_window()
    view = window.translate_view
    window.show_mode("translate")
    view.set_pair("en", "fr")
    view.source_edit.setPlainText("Good morning.")
    assert controller.model is None
    view.translate_button.click()
    assert controller.is_loading, "Translate started loading the model used last"
    qtbot.waitUntil(lambda: not view.running, timeout=90_000)
    assert controller.model is not None and Path(controller.model.path) == smollm2
    assert view.output_edit.toPlainText().strip()


def test_translate_with_no_model_to_remember_says_how_to_choose_one(
    make_window: WindowFactory, controller: InferenceController
) -> None:
    window = make_window(include_starters=False)
    view = window.translate_view
    view.source_edit.setPlainText("Good morning.")
    view.translate_button.click()
    assert controller.model is None and not controller.is_loading
    assert view.status.text() == "Load a model first (Model menu), or choose one above."


def test_the_sidebar_is_kept_as_it_was_left(make_window: WindowFactory) -> None:
    first = make_window()
    first.workspace.restore_sidebar_state(True, 200)
    shown_width = first.workspace.sidebar_state()[1]
    assert shown_width != 260, "not the default width"
    first.workspace.show_sidebar_action.trigger()  # hide it
    assert first.workspace.sidebar_state()[0] is False
    first.close()  # the app keeps the window's and the sidebar's state on close
    second = make_window()
    assert second.workspace.sidebar_state()[0] is False
    second.workspace.show_sidebar_action.trigger()
    assert second.workspace.sidebar_state() == (True, shown_width)
    view = next(a.menu() for a in second.menuBar().actions() if a.text() == "&View")
    assert second.workspace.show_sidebar_action in view.actions()


def test_an_unreadable_translation_memory_does_not_stop_the_window(
    make_window: WindowFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = AppPaths.from_environment().ensure()
    broken = paths.data_dir / "translation.db"
    broken.write_bytes(b"this is not a database" * 100)
    told: list[str] = []
    monkeypatch.setattr("gui.app.show_error", lambda _parent, title, _text: told.append(title))
    window = make_window()
    assert told == ["Hearth cannot open its translation memory"]
    assert window.translate_view.isEnabled()
    assert broken.read_bytes().startswith(b"this is not a database"), "the file is left alone"
