"""Settings → Local API server → "Load the model a request names": the window's API
server lists the whole library and a request naming another model makes the window load
it (as the Model menu does), once no reply is being written; off, it is refused."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import httpx
import openai
import pytest
from pytestqt.qtbot import QtBot

from engine.common.paths import AppPaths
from engine.common.preferences import AppSettings, AppSettingsStore
from engine.llm.parameters import SamplingSettings
from engine.models.model_library import same_file
from gui.api import window_models
from gui.api.api_settings_dialog import ApiSettingsDialog
from gui.chat.workspace import ChatWorkspace
from gui.inference.controller import InferenceController
from gui.main_window import MainWindow
from tests.api.test_load_on_request import _unloadable
from tests.gui.test_api_server_window import _api
from tests.gui.test_api_server_window import _in_thread as in_thread
from tests.local_ports import free_port

T = TypeVar("T")

STARTER = "SmolLM2-135M-Instruct.Q4_1"
ASK: dict[str, Any] = {
    "messages": [{"role": "user", "content": "Say hello."}],
    "temperature": 0,
    "max_tokens": 8,
}


def _in_thread(qtbot: QtBot, work: Callable[[], T], timeout: int = 120_000) -> T:
    """Run ``work()`` on a thread while the Qt event loop keeps running (loads take
    longer than the window server's requests); its result."""
    return in_thread(qtbot, work, timeout)


def _models_dir() -> Path:
    folder = AppPaths.from_environment().models_dir
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _second_model(smollm2: Path) -> Path:
    """A second model in the window's models folder: a copy of the starter."""
    copy = _models_dir() / "second.gguf"
    shutil.copyfile(smollm2, copy)
    return copy


class Served:
    """The window's server, on a free port, and clients for it."""

    def __init__(self, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.client = openai.OpenAI(
            base_url=f"{self.url}/v1", api_key="none", max_retries=0, timeout=180
        )

    def listed(self) -> list[tuple[str, bool]]:
        data = httpx.get(f"{self.url}/v1/models", timeout=30).json()["data"]
        return [(card["id"], card.get("loaded", True)) for card in data]

    def chat(self, model: str) -> httpx.Response:
        return httpx.post(
            f"{self.url}/v1/chat/completions", json={**ASK, "model": model}, timeout=180
        )


def _serve(
    qtbot: QtBot, window: MainWindow, controller: InferenceController, *, load_on_request: bool
) -> Served:
    """Turn the window's server on (two slots: the model is reloaded with them)."""
    port = free_port()
    store = AppSettingsStore(AppPaths.from_environment().config_dir)
    chosen = replace(
        store.load(),
        api_enabled=True,
        api_port=port,
        api_parallel=2,
        api_load_on_request=load_on_request,
    )
    with qtbot.waitSignal(controller.model_loaded, timeout=60_000):
        _api(window).apply(chosen, model_loaded=controller.model is not None)
    qtbot.waitUntil(lambda: "API at" in window.status.api_label.text(), timeout=10_000)
    qtbot.waitUntil(lambda: "no model" not in window.status.api_label.text(), timeout=30_000)
    return Served(port)


def write_a_long_reply(
    qtbot: QtBot, window: MainWindow, controller: InferenceController
) -> ChatWorkspace:
    """The window writes a long reply (a switch waits for it to end)."""
    workspace = window.workspace
    workspace.chat.sampling = SamplingSettings(temperature=0, seed=1, max_tokens=900)
    with qtbot.waitSignal(controller.token_received, timeout=60_000):
        workspace.input.setPlainText("Write a long story about a dragon and a knight.")
        workspace.send_button.click()
    return workspace


def _loaded(controller: InferenceController) -> str:
    model = controller.model
    assert model is not None
    return Path(model.path).name


def test_a_request_naming_another_model_loads_it_in_the_window(
    qtbot: QtBot, smollm2: Path, loaded_window: MainWindow, controller: InferenceController
) -> None:
    second = _second_model(smollm2)
    served = _serve(qtbot, loaded_window, controller, load_on_request=True)
    assert _in_thread(qtbot, served.listed) == [(STARTER, True), ("second", False)]

    reply = _in_thread(
        qtbot,
        lambda: served.client.chat.completions.create(model="second", **ASK),
    )
    assert reply.model == "second" and reply.choices[0].message.content
    # The window loaded it as the Model menu does: picker, API slots, banner.
    assert controller.model is not None and same_file(controller.model.path, second)
    assert loaded_window.model_menu.is_loaded(str(second))
    assert same_file(str(loaded_window.model_menu.picker.currentData()), second)
    qtbot.waitUntil(lambda: loaded_window.notice.isVisible(), timeout=5_000)
    # The banner names the model as the API and the window do, and what it replaced.
    notice = loaded_window.notice.text()
    assert notice.startswith("An API request loaded second (")
    assert " in place of " in notice and notice.endswith("your next messages go to it.")
    health = _in_thread(qtbot, lambda: httpx.get(f"{served.url}/health").json())
    assert (health["model"], health["slots"]) == ("second", 2)
    assert _in_thread(qtbot, served.listed) == [("second", True), (STARTER, False)]

    # Several requests naming the starter share one load.
    loads: list[str] = []
    controller.model_loading.connect(loads.append)
    answers: list[str] = []

    def ask_starter() -> None:
        answers.append(served.client.chat.completions.create(model=STARTER, **ASK).model)

    threads = [threading.Thread(target=ask_starter) for _ in range(3)]
    for thread in threads:
        thread.start()
    qtbot.waitUntil(lambda: not any(t.is_alive() for t in threads), timeout=180_000)
    assert answers == [STARTER] * 3
    assert len(loads) == 1 and _loaded(controller) == f"{STARTER}.gguf"

    # Requests naming two other models: each is served by its own, one switch at a
    # time (a load starts only after the one before it ended).
    shutil.copyfile(smollm2, _models_dir() / "third.gguf")
    steps: list[str] = []
    controller.model_loading.connect(lambda path: steps.append("loading"))
    controller.model_loaded.connect(lambda info: steps.append("loaded"))
    served_by: list[tuple[str, str]] = []

    def ask(model: str) -> None:
        reply = served.client.chat.completions.create(model=model, **ASK)
        served_by.append((model, reply.model))

    threads = [threading.Thread(target=ask, args=(m,)) for m in ("second", "third", "second")]
    for thread in threads:
        thread.start()
    qtbot.waitUntil(lambda: not any(t.is_alive() for t in threads), timeout=300_000)
    assert sorted(served_by) == [("second", "second"), ("second", "second"), ("third", "third")]
    assert steps and steps == ["loading", "loaded"] * (len(steps) // 2)


def test_off_a_request_naming_another_model_is_not_found(
    qtbot: QtBot, smollm2: Path, loaded_window: MainWindow, controller: InferenceController
) -> None:
    _second_model(smollm2)
    served = _serve(qtbot, loaded_window, controller, load_on_request=False)
    assert _in_thread(qtbot, served.listed) == [(STARTER, True)]
    refused = _in_thread(qtbot, lambda: served.chat("second"))
    assert refused.status_code == 404
    assert refused.json()["error"]["code"] == "model_not_found"
    assert STARTER in refused.json()["error"]["message"]
    assert _loaded(controller) == f"{STARTER}.gguf"


def test_unknown_and_broken_models_are_refused_and_the_model_stays(
    qtbot: QtBot, smollm2: Path, loaded_window: MainWindow, controller: InferenceController
) -> None:
    folder = _models_dir()
    truncated = folder / "truncated.gguf"
    truncated.write_bytes(smollm2.read_bytes()[: 3 * 2**20])
    _unloadable(folder / "hollow.gguf")
    served = _serve(qtbot, loaded_window, controller, load_on_request=True)
    listed = dict(_in_thread(qtbot, served.listed))
    assert listed == {STARTER: True, "truncated": False, "hollow": False}

    unknown = _in_thread(qtbot, lambda: served.chat("no-such-model"))
    assert unknown.status_code == 404

    # The library already knows the truncated copy is broken: refused, nothing loaded.
    loads: list[str] = []
    controller.model_loading.connect(loads.append)
    broken = _in_thread(qtbot, lambda: served.chat("truncated"))
    assert broken.status_code == 422
    assert broken.json()["error"]["code"] == "model_load_failed"
    assert "truncated" in broken.json()["error"]["message"]
    assert loads == []

    # One only llama.cpp refuses: the window tries it, then loads its model back.
    hollow = _in_thread(qtbot, lambda: served.chat("hollow"))
    assert hollow.status_code == 422
    error = hollow.json()["error"]
    assert error["code"] == "model_load_failed" and error["param"] == "model"
    assert "could not be loaded" in error["message"]
    assert f"Hearth still serves {STARTER!r}" in error["message"]
    assert [Path(p).name for p in loads] == ["hollow.gguf", f"{STARTER}.gguf"]
    assert _loaded(controller) == f"{STARTER}.gguf"
    notice = loaded_window.notice.text()
    assert "An API request asked for hollow, which could not be loaded" in notice
    assert notice.endswith(f"{STARTER} is loaded again.")
    # And it serves again.
    assert _in_thread(qtbot, lambda: served.chat(STARTER)).status_code == 200


def test_the_switch_waits_for_the_reply_the_window_is_writing(
    qtbot: QtBot, smollm2: Path, loaded_window: MainWindow, controller: InferenceController
) -> None:
    _second_model(smollm2)
    served = _serve(qtbot, loaded_window, controller, load_on_request=True)
    workspace = loaded_window.workspace
    workspace.chat.sampling = SamplingSettings(temperature=0, seed=1, max_tokens=48)
    events: list[str] = []
    workspace.chat.reply_ended.connect(lambda *_: events.append("reply ended"))
    controller.model_loading.connect(lambda path: events.append(f"loading {Path(path).name}"))
    with qtbot.waitSignal(controller.token_received, timeout=60_000):
        workspace.input.setPlainText("Count from one to twenty in words.")
        workspace.send_button.click()
    assert workspace.is_streaming

    notices: list[str] = []
    _api(loaded_window).server.notice.connect(notices.append)
    status = _in_thread(qtbot, lambda: served.chat("second").status_code)
    assert status == 200
    assert events == ["reply ended", "loading second.gguf"]
    # The user is told while the switch waits, and again when it is done.
    assert len(notices) == 2
    assert notices[0].startswith("An API request is waiting to load second in place of ")
    assert notices[1].startswith("An API request loaded second (")
    messages = workspace.store.messages(workspace.conversation_id or 0)
    assert messages[-1].state == "complete" and messages[-1].content.strip()
    assert _loaded(controller) == "second.gguf"


def test_still_busy_after_the_wait_the_request_gets_503(
    qtbot: QtBot,
    smollm2: Path,
    loaded_window: MainWindow,
    controller: InferenceController,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _second_model(smollm2)
    served = _serve(qtbot, loaded_window, controller, load_on_request=True)
    # No waiting at all: a request that comes while the window writes is refused.
    monkeypatch.setattr(window_models, "SWITCH_WAIT_S", 0.0)
    workspace = write_a_long_reply(qtbot, loaded_window, controller)

    refused = _in_thread(qtbot, lambda: served.chat("second"))
    assert workspace.is_streaming, "the reply ended before the wait did"
    assert refused.status_code == 503
    assert refused.headers["Retry-After"].isdigit()
    assert refused.json()["error"]["message"] == (
        "Hearth is busy with its current model; try again later."
    )
    assert _loaded(controller) == f"{STARTER}.gguf"
    with qtbot.waitSignal(workspace.chat.reply_ended, timeout=60_000):
        workspace.stop_button.click()


def test_the_setting_is_off_by_default_and_saved(qtbot: QtBot, tmp_path: Path) -> None:
    store = AppSettingsStore(tmp_path)
    # A settings file from before the setting existed still loads.
    (tmp_path / "settings.json").write_text('{"api_enabled": true, "api_port": 9001}')
    old = store.load()
    assert (old.api_enabled, old.api_port, old.api_load_on_request) == (True, 9001, False)
    assert not AppSettings().api_load_on_request

    dialog = ApiSettingsDialog(old)
    qtbot.addWidget(dialog)
    dialog.show()
    box = dialog.load_on_request
    assert box.text() == "Load the model a request names (just in time)"
    assert not box.isChecked()
    assert "replaces the model loaded in the window" in box.toolTip()
    box.setChecked(True)
    store.save(dialog.chosen())
    assert store.load().api_load_on_request
    assert ApiSettingsDialog(store.load()).load_on_request.isChecked()


def test_choosing_a_model_in_the_window_says_it_ended_the_api_replies(
    qtbot: QtBot, smollm2: Path, loaded_window: MainWindow, controller: InferenceController
) -> None:
    """A model chosen in the Model menu ends the API replies being written (a request
    waits for the window, the window does not wait for requests): the client gets an
    error event, and the banner says how many were ended."""
    second = _second_model(smollm2)
    served = _serve(qtbot, loaded_window, controller, load_on_request=False)
    events: list[str] = []

    def stream() -> None:
        body = {"prompt": "Once upon a time", "max_tokens": 1000, "stream": True}
        with httpx.stream(
            "POST", f"{served.url}/v1/completions", json=body, timeout=120
        ) as response:
            events.extend(line for line in response.iter_lines() if line.startswith("data:"))

    client = threading.Thread(target=stream)
    client.start()
    qtbot.waitUntil(
        lambda: httpx.get(f"{served.url}/health", timeout=10).json()["busy"] == 1,
        timeout=30_000,
    )
    with qtbot.waitSignal(controller.model_loaded, timeout=60_000):
        loaded_window.model_menu.load_model(str(second))
    qtbot.waitUntil(
        lambda: "ended 1 API request being answered" in loaded_window.notice.text(),
        timeout=10_000,
    )
    client.join(30)
    assert not client.is_alive()
    assert any("Hearth is changing its model." in event for event in events)
