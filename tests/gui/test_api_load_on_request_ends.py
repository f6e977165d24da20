"""How a switch the window's server asked for ends when something else happens first:
the server stops, the user chooses another model, or a load never reports back. The
requests are answered (never left waiting) and the window loads nothing the user did
not choose."""

from __future__ import annotations

import asyncio
import shutil
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from engine.common.paths import AppPaths
from engine.common.preferences import AppSettingsStore
from gui.api import window_models
from gui.api.window_models import SwitchFailure, SwitchRequest, WindowModelLoader
from gui.inference.controller import InferenceController
from gui.main_window import MainWindow
from tests.gui.test_api_load_on_request import (
    STARTER,
    _in_thread,
    _loaded,
    _models_dir,
    _second_model,
    _serve,
    write_a_long_reply,
)
from tests.gui.test_api_load_on_request_lease import (  # noqa: F401
    _Recorded,
    leader_and_waiter,
    recorded,
)
from tests.gui.test_api_server_window import _api


def test_stopping_the_server_ends_its_switches_and_the_window_keeps_its_model(
    qtbot: QtBot,
    smollm2: Path,
    loaded_window: MainWindow,
    controller: InferenceController,
    recorded: list[_Recorded],  # noqa: F811
) -> None:
    _second_model(smollm2)
    served = _serve(qtbot, loaded_window, controller, load_on_request=True)
    (switcher,) = recorded
    workspace = write_a_long_reply(qtbot, loaded_window, controller)
    loads: list[str] = []
    controller.model_loading.connect(lambda path: loads.append(Path(path).name))
    with ThreadPoolExecutor(2) as pool:
        leader, follower = leader_and_waiter(qtbot, pool, served, switcher)
        assert workspace.is_streaming, "the reply ended before the requests were made"
        assert not switcher.closed

        # The user turns the server off in Settings while the requests wait.
        store = AppSettingsStore(AppPaths.from_environment().config_dir)
        _api(loaded_window).apply(
            replace(store.load(), api_enabled=False), model_loaded=controller.model is not None
        )
        assert switcher.closed
        qtbot.waitUntil(lambda: leader.done() and follower.done(), timeout=30_000)
    stopping = leader.result()
    assert stopping.status_code == 503 and stopping.headers["Retry-After"].isdigit()
    assert stopping.json()["error"]["code"] == "server_stopping"
    assert follower.result().status_code == 503, follower.result().text
    if workspace.is_streaming:
        with qtbot.waitSignal(workspace.chat.reply_ended, timeout=60_000):
            workspace.stop_button.click()
    qtbot.waitUntil(lambda: not controller.is_loading, timeout=60_000)
    # The window is idle now: a switch still asked would load within a poll or two.
    qtbot.wait(1_000)
    assert "second.gguf" not in loads
    assert _loaded(controller) == f"{STARTER}.gguf"


def test_a_model_the_user_chooses_ends_the_switch_waiting(
    qtbot: QtBot,
    smollm2: Path,
    loaded_window: MainWindow,
    controller: InferenceController,
    recorded: list[_Recorded],  # noqa: F811
) -> None:
    _second_model(smollm2)
    third = _models_dir() / "third.gguf"
    shutil.copyfile(smollm2, third)
    served = _serve(qtbot, loaded_window, controller, load_on_request=True)
    (switcher,) = recorded
    write_a_long_reply(qtbot, loaded_window, controller)
    loads: list[str] = []
    controller.model_loading.connect(lambda path: loads.append(Path(path).name))
    with ThreadPoolExecutor(2) as pool:
        leader, follower = leader_and_waiter(qtbot, pool, served, switcher)

        # While they wait, the user chooses another model in the Model menu.
        with qtbot.waitSignal(controller.model_loaded, timeout=60_000):
            loaded_window.model_menu.load_model(str(third))
        qtbot.waitUntil(lambda: leader.done() and follower.done(), timeout=30_000)
    for response in (leader.result(), follower.result()):
        assert response.status_code == 409
        error = response.json()["error"]
        assert error["code"] == "model_changed" and error["param"] == "model"
        assert error["message"] == "The model was changed in Hearth; ask again to load 'second'."
    qtbot.wait(1_000)  # a switch still asked would load within a poll or two
    assert loads == ["third.gguf"]
    assert _loaded(controller) == "third.gguf"
    # Asked again, it is loaded.
    again = _in_thread(qtbot, lambda: served.chat("second"))
    assert again.status_code == 200 and again.json()["model"] == "second"


class _Nothing:
    """No API service, no file (a window whose worker serves nothing)."""

    def current(self) -> None:
        return None

    def loaded_path(self) -> None:
        return None


@pytest.fixture
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    """An event loop on a thread of its own (the server's, in the app)."""
    running = asyncio.new_event_loop()
    thread = threading.Thread(target=running.run_forever, daemon=True)
    thread.start()
    yield running
    running.call_soon_threadsafe(running.stop)
    thread.join(10)
    running.close()


def _ask(
    loader: WindowModelLoader, loop: asyncio.AbstractEventLoop, path: Path
) -> Future[SwitchFailure | None]:
    async def switch() -> SwitchFailure | None:
        future: asyncio.Future[SwitchFailure | None] = loop.create_future()
        deadline = time.monotonic() + 60
        loader.request(SwitchRequest(path.stem, str(path), deadline, loop, future))
        return await future

    return asyncio.run_coroutine_threadsafe(switch(), loop)


def test_a_load_whose_service_never_comes_ends_at_its_deadline(
    qtbot: QtBot,
    smollm2: Path,
    controller: InferenceController,
    loop: asyncio.AbstractEventLoop,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The worker serves nothing (no service is ever handed over): the switch waits
    for it no longer than ``LOAD_WAIT_S``, then the request gets 503."""
    monkeypatch.setattr(window_models, "LOAD_WAIT_S", 2.0)
    loader = WindowModelLoader(controller, _Nothing(), controller.load_model, lambda: False)
    notices: list[str] = []
    loader.notice.connect(notices.append)
    with qtbot.waitSignal(controller.model_loaded, timeout=60_000):
        asked = _ask(loader, loop, smollm2)
    qtbot.waitUntil(asked.done, timeout=30_000)
    failure = asked.result()
    assert failure is not None
    assert (failure.status, failure.code) == (503, "model_load_timeout")
    assert failure.message == (
        f"Hearth did not finish loading {smollm2.stem!r} within 2 s; try again later."
    )
    assert notices[-1].endswith("the request was answered with an error.")
    # The next switch is taken up (and ends the same way).
    again = _ask(loader, loop, smollm2)
    qtbot.waitUntil(again.done, timeout=30_000)
    assert again.result() is not None
