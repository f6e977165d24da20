"""Settings → Local API server: the window serves its loaded model through the same
worker, to the official openai client on 127.0.0.1, while it keeps chatting."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

import httpx
import openai
from pytestqt.qtbot import QtBot

from engine.common.paths import AppPaths
from engine.common.preferences import AppSettingsStore
from engine.llm.parameters import SamplingSettings
from gui.api.api_controller import ApiController
from gui.api.api_settings_dialog import ApiSettingsDialog
from gui.inference.controller import InferenceController
from gui.main_window import MainWindow
from tests.local_ports import free_port

T = TypeVar("T")


def _in_thread(qtbot: QtBot, work: Callable[[], T], timeout: int = 60_000) -> T:
    """Run ``work()`` on a thread while the Qt event loop keeps running; its result."""
    result: list[T] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            result.append(work())
        except BaseException as error:  # noqa: BLE001 - re-raised on the test's thread
            errors.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=timeout)
    if errors:
        raise errors[0]
    return result[0]


def _api(window: MainWindow) -> ApiController:
    api = window.findChild(ApiController)
    assert isinstance(api, ApiController)
    return api


def _serve(qtbot: QtBot, window: MainWindow, controller: InferenceController, port: int) -> None:
    store = AppSettingsStore(AppPaths.from_environment().config_dir)
    chosen = replace(store.load(), api_enabled=True, api_port=port, api_parallel=2)
    with qtbot.waitSignal(controller.model_loaded, timeout=60_000):
        _api(window).apply(chosen, model_loaded=controller.model is not None)
    qtbot.waitUntil(lambda: "API at" in window.status.api_label.text(), timeout=10_000)
    qtbot.waitUntil(lambda: "no model" not in window.status.api_label.text(), timeout=30_000)


def test_the_window_serves_its_model_and_keeps_chatting(
    qtbot: QtBot, loaded_window: MainWindow, controller: InferenceController
) -> None:
    port = free_port()
    _serve(qtbot, loaded_window, controller, port)
    status = loaded_window.status.api_label.text()
    assert status == f"API at 127.0.0.1:{port}"
    assert f"http://127.0.0.1:{port}/v1" in loaded_window.status.api_label.toolTip()
    base = f"http://127.0.0.1:{port}/v1"
    client = openai.OpenAI(base_url=base, api_key="none", max_retries=0, timeout=60)
    ids = _in_thread(qtbot, lambda: [m.id for m in client.models.list().data])
    assert ids == ["SmolLM2-135M-Instruct.Q4_1"]
    health = _in_thread(qtbot, lambda: httpx.get(f"http://127.0.0.1:{port}/health").json())
    assert health["slots"] == 2, "reloaded with the API's two slots"

    # A long API stream and a chat message in the window at the same time.
    streamed: list[str] = []

    def api_stream() -> str:
        stream = client.completions.create(
            model="",
            prompt="1, 2, 3, 4, 5, 6, 7, 8, 9, 10,",
            temperature=0,
            max_tokens=300,
            stream=True,
        )
        for chunk in stream:
            streamed.append(chunk.choices[0].text)
        return "".join(streamed)

    api_thread_result: list[str] = []
    api_thread = threading.Thread(target=lambda: api_thread_result.append(api_stream()))
    api_thread.start()
    qtbot.waitUntil(lambda: len(streamed) > 3, timeout=30_000)
    workspace = loaded_window.workspace
    workspace.chat.sampling = SamplingSettings(temperature=0, seed=1, max_tokens=24)
    with qtbot.waitSignal(workspace.chat.reply_ended, timeout=60_000):
        workspace.input.setPlainText("What is the capital of France?")
        workspace.send_button.click()
    # The window's reply ended while the API's was still being written.
    assert api_thread.is_alive(), "the window waited for the API stream to finish"
    messages = workspace.store.messages(workspace.conversation_id or 0)
    assert messages[-1].state == "complete" and messages[-1].content.strip()
    qtbot.waitUntil(lambda: not api_thread.is_alive(), timeout=60_000)
    assert len(api_thread_result[0]) > 100

    # Off again: the port closes and the worker owns the model; chat still works.
    store = AppSettingsStore(AppPaths.from_environment().config_dir)
    with qtbot.waitSignal(controller.model_loaded, timeout=60_000):
        _api(loaded_window).apply(replace(store.load(), api_enabled=False), model_loaded=True)
    assert not loaded_window.status.api_label.isVisible()
    qtbot.waitUntil(lambda: not _api(loaded_window).server.running, timeout=10_000)
    with qtbot.waitSignal(workspace.chat.reply_ended, timeout=60_000):
        workspace.input.setPlainText("And of Italy?")
        workspace.send_button.click()
    assert workspace.store.messages(workspace.conversation_id or 0)[-1].state == "complete"


def test_a_port_in_use_is_told_at_once(
    qtbot: QtBot, loaded_window: MainWindow, controller: InferenceController
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = int(taken.getsockname()[1])
        store = AppSettingsStore(AppPaths.from_environment().config_dir)
        chosen = replace(store.load(), api_enabled=True, api_port=port, api_parallel=1)
        _api(loaded_window).apply(chosen, model_loaded=True)
        assert f"cannot listen on port {port}" in loaded_window.notice.text()
        assert not _api(loaded_window).server.running
        assert not loaded_window.status.api_label.isVisible()


def test_the_network_needs_a_key(qtbot: QtBot, loaded_window: MainWindow) -> None:
    store = AppSettingsStore(AppPaths.from_environment().config_dir)
    dialog = ApiSettingsDialog(store.load(), loaded_window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.enabled.setChecked(True)
    dialog.network.setChecked(True)
    assert dialog.warning.isVisible()
    dialog.accept()
    assert dialog.result() != ApiSettingsDialog.DialogCode.Accepted
    assert "needs an API key" in dialog.error.text()
    dialog.cors.setText("localhost:3000")
    dialog.key.setText("k")
    dialog.accept()
    assert "http://" in dialog.error.text()
    dialog.cors.setText("http://localhost:3000")
    dialog.accept()
    assert dialog.result() == ApiSettingsDialog.DialogCode.Accepted
    chosen = dialog.chosen()
    assert (chosen.api_network, chosen.api_key, chosen.api_cors) == (
        True,
        "k",
        ("http://localhost:3000",),
    )
    menus = [a.text() for a in loaded_window.menuBar().actions()]
    assert "&Settings" in menus
