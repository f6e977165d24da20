"""Settings → Remote engines: add an OpenAI-compatible server (here Hearth's own, on
127.0.0.1 with the starter model), choose its model in the Model menu, chat and stop."""

from __future__ import annotations

from unittest import mock

from pytestqt.qtbot import QtBot

from engine.llm.parameters import SamplingSettings
from engine.remote.engines import remote_path
from gui.api.api_controller import ApiController
from gui.api.engines_dialog import EnginesDialog
from gui.inference.controller import InferenceController
from gui.main_window import MainWindow
from tests.api.conftest import ServerFactory, parallel_model, start_server  # noqa: F401
from tests.gui.conftest import WindowFactory
from tests.local_ports import free_port


def _add_engine(qtbot: QtBot, window: MainWindow, name: str, url: str) -> EnginesDialog:
    api = window.findChild(ApiController)
    assert isinstance(api, ApiController)
    dialog = EnginesDialog(api.engines, window)
    qtbot.addWidget(dialog)
    dialog.engines_changed.connect(api.engines_changed)
    dialog.name.setText(name)
    dialog.url.setText(url)
    dialog.test_button.click()
    qtbot.waitUntil(lambda: not dialog.testing(), timeout=30_000)
    return dialog


def test_chat_with_a_model_on_a_remote_engine(
    qtbot: QtBot,
    make_window: WindowFactory,
    controller: InferenceController,
    start_server: ServerFactory,  # noqa: F811
) -> None:
    server = start_server()
    window = make_window()
    dialog = _add_engine(qtbot, window, "GPU box", server.base)
    assert dialog.test_result.text().startswith("Connected: 1 model.")
    path = remote_path("GPU box", server.service.model_id)
    choices = {c.path: c.label for c in window.model_menu.choices()}
    assert choices[path] == f"{server.service.model_id} · on GPU box"

    with qtbot.waitSignal(controller.model_loaded, timeout=30_000) as loaded:
        window.model_menu.load_model(path)
    assert loaded.args[0].path == path
    assert "on GPU box (127.0.0.1:" in window.status.model_label.text()
    assert not window.model_menu.info_action.isEnabled(), "no GGUF header to show"
    assert window.model_menu.settings_target() is None, "no load settings for a remote model"

    workspace = window.workspace
    workspace.chat.sampling = SamplingSettings(temperature=0, seed=1, max_tokens=24)
    with qtbot.waitSignal(workspace.chat.reply_ended, timeout=60_000):
        workspace.input.setPlainText("What is the capital of France?")
        workspace.send_button.click()
    reply = workspace.store.messages(workspace.conversation_id or 0)[-1]
    assert reply.state == "complete" and reply.content.strip()
    assert reply.stats and reply.stats["completion_tokens"] > 3, "the server's usage counts"

    # Stop closes the stream; the server frees its slot.
    workspace.chat.sampling = SamplingSettings(temperature=0.8, seed=3, max_tokens=600)
    with qtbot.waitSignal(workspace.chat.reply_ended, timeout=60_000):
        workspace.input.setPlainText("Write a very long story about a lighthouse.")
        workspace.send_button.click()
        qtbot.waitUntil(lambda: server.service.busy == 1, timeout=30_000)
        workspace.stop_button.click()
    qtbot.waitUntil(lambda: server.service.busy == 0, timeout=5_000)
    stopped = workspace.store.messages(workspace.conversation_id or 0)[-1]
    assert stopped.state == "cancelled"

    # Translating with it is not offline, and the view says so before anything is sent.
    view = window.translate_view
    picker = view.model_picker
    assert picker.remote_note.isVisibleTo(view) and picker.remote_note.text() == "Not offline"
    assert "127.0.0.1:" in picker.remote_note.toolTip()
    view.set_pair("en", "fr")
    view.source_edit.setPlainText("Good morning.")
    statuses: list[str] = []
    view.runner.status_changed.connect(statuses.append)
    view.translate()
    assert "not offline: sent to GPU box (127.0.0.1:" in view.status.text()
    qtbot.waitUntil(lambda: not view.running, timeout=60_000)
    job = view.job
    assert job is not None and job.done == job.total == 1
    assert job.model_id == path, "the memory names a remote model by engine and model"

    # Removing the engine unloads its model: nothing more is sent there.
    dialog.engine_list.setCurrentRow(0)
    with (
        mock.patch("gui.api.engines_dialog.ask_yes_no", return_value=True),
        qtbot.waitSignal(controller.model_unloaded, timeout=10_000),
    ):
        dialog.remove_button.click()
    assert controller.model is None
    assert "GPU box was removed" in window.notice.text()
    assert not picker.remote_note.isVisibleTo(view)


def test_an_unreachable_engine_is_told_and_can_be_removed(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    window = make_window()
    dialog = _add_engine(qtbot, window, "Nowhere", f"http://127.0.0.1:{free_port()}/v1")
    assert dialog.test_result.text().startswith("Not connected:")
    assert "cannot be reached" in dialog.test_result.text()
    assert dialog.engine_list.count() == 1
    dialog.new_button.click()
    assert not dialog.name.text() and not dialog.url.text() and not dialog.remove_button.isEnabled()
    dialog.engine_list.setCurrentRow(0)
    assert dialog.name.text() == "Nowhere"
    dialog.url.setText("ftp://example")
    dialog.test_button.click()
    assert "http://" in dialog.test_result.text()

    dialog.engine_list.setCurrentRow(0)
    with mock.patch("gui.api.engines_dialog.ask_yes_no", return_value=True):
        dialog.remove_button.click()
    assert dialog.engine_list.count() == 0
    assert not any(c.path.startswith("remote://") for c in window.model_menu.choices())
