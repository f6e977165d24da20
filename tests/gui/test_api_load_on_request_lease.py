"""Load on request in the window, as ``serve --load-on-request`` does it (one lease for
both): models are named by their unique ids, a file that failed to load is refused
until it changes, the requests waiting for a switch are bounded (429), and a client
that leaves during a switch lets no other request in while the window still loads."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import ClassVar

import httpx
import pytest
from pytestqt.qtbot import QtBot

from engine.api.catalog import CatalogEntry
from gui.api import window_switcher
from gui.inference.controller import InferenceController
from gui.main_window import MainWindow
from tests.api.test_load_on_request import _unloadable
from tests.gui.test_api_load_on_request import (
    STARTER,
    Served,
    _in_thread,
    _loaded,
    _models_dir,
    _second_model,
    _serve,
    write_a_long_reply,
)


class _Recorded(window_switcher.WindowSwitcher):
    """The window's switcher, kept where the test can reach it, with the event loop it
    serves on (known once a client lists the models)."""

    made: ClassVar[list[_Recorded]] = []

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.loop: asyncio.AbstractEventLoop | None = None
        _Recorded.made.append(self)

    async def catalog(self) -> list[tuple[CatalogEntry, bool]]:
        self.loop = asyncio.get_running_loop()
        return await super().catalog()


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[_Recorded]]:
    """The switchers the window's server makes from now on."""
    _Recorded.made = []
    monkeypatch.setattr(window_switcher, "WindowSwitcher", _Recorded)
    yield _Recorded.made


def leader_and_waiter(
    qtbot: QtBot,
    pool: ThreadPoolExecutor,
    served: Served,
    switcher: _Recorded,
    waiter_model: str = "second",
) -> tuple[Future[httpx.Response], Future[httpx.Response]]:
    """A request naming "second" starts a switch; another (naming ``waiter_model``)
    then waits for it. Both run on ``pool``."""
    leader = pool.submit(served.chat, "second")
    qtbot.waitUntil(lambda: switcher.switching, timeout=30_000)
    waiter = pool.submit(served.chat, waiter_model)
    qtbot.waitUntil(lambda: switcher.waiting == 1, timeout=30_000)
    return leader, waiter


def test_models_are_named_by_their_ids(
    qtbot: QtBot, smollm2: Path, loaded_window: MainWindow, controller: InferenceController
) -> None:
    folder = _models_dir()
    for owner in ("a", "b"):
        (folder / owner).mkdir()
        shutil.copyfile(smollm2, folder / owner / "x.gguf")
    served = _serve(qtbot, loaded_window, controller, load_on_request=True)
    assert dict(_in_thread(qtbot, served.listed)) == {STARTER: True, "a/x": False, "b/x": False}

    # A file name two models share names neither: the ids are listed instead.
    loads: list[str] = []
    controller.model_loading.connect(loads.append)
    ambiguous = _in_thread(qtbot, lambda: served.chat("x.gguf"))
    assert ambiguous.status_code == 404
    assert ambiguous.json()["error"]["code"] == "model_not_found"
    assert "'a/x', 'b/x'" in ambiguous.json()["error"]["message"]
    assert loads == []

    # Named by its id, it is loaded, and replies name it so.
    reply = _in_thread(qtbot, lambda: served.chat("b/x"))
    assert reply.status_code == 200 and reply.json()["model"] == "b/x"
    assert controller.model is not None and Path(controller.model.path) == folder / "b/x.gguf"
    health = _in_thread(qtbot, lambda: httpx.get(f"{served.url}/health").json())
    assert health["model"] == "b/x"


def test_a_model_that_failed_is_refused_until_its_file_changes(
    qtbot: QtBot, smollm2: Path, loaded_window: MainWindow, controller: InferenceController
) -> None:
    hollow = _models_dir() / "hollow.gguf"
    _unloadable(hollow)
    served = _serve(qtbot, loaded_window, controller, load_on_request=True)
    loads: list[str] = []
    controller.model_loading.connect(loads.append)
    first = _in_thread(qtbot, lambda: served.chat("hollow"))
    assert first.status_code == 422
    assert [Path(p).name for p in loads] == ["hollow.gguf", f"{STARTER}.gguf"]
    serving = controller.model

    # Asked again, it is refused at once: the window's model is not touched.
    for _ in range(2):
        again = _in_thread(qtbot, lambda: served.chat("hollow"))
        assert again.status_code == 422
        error = again.json()["error"]
        assert error["code"] == "model_load_failed" and error["param"] == "model"
        assert "has not changed" in error["message"]
        assert f"Hearth still serves {STARTER!r}" in error["message"]
    assert len(loads) == 2 and controller.model is serving
    assert _in_thread(qtbot, lambda: served.chat(STARTER)).status_code == 200

    # Once the file changes, it is tried again.
    shutil.copyfile(smollm2, hollow)
    reply = _in_thread(qtbot, lambda: served.chat("hollow"))
    assert reply.status_code == 200 and reply.json()["model"] == "hollow"
    assert _loaded(controller) == "hollow.gguf"


def test_requests_waiting_for_a_window_switch_are_bounded(
    qtbot: QtBot,
    smollm2: Path,
    loaded_window: MainWindow,
    controller: InferenceController,
    recorded: list[_Recorded],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _second_model(smollm2)
    monkeypatch.setattr(window_switcher, "MAX_WAITING", 1)
    served = _serve(qtbot, loaded_window, controller, load_on_request=True)
    (switcher,) = recorded
    workspace = write_a_long_reply(qtbot, loaded_window, controller)
    with ThreadPoolExecutor(2) as pool:
        leader, waiter = leader_and_waiter(qtbot, pool, served, switcher, STARTER)

        refused = _in_thread(qtbot, lambda: served.chat(STARTER))
        assert workspace.is_streaming, "the reply ended before the requests were made"
        assert refused.status_code == 429
        assert refused.headers["Retry-After"].isdigit()
        assert refused.json()["error"]["code"] == "server_busy"
        assert "Hearth is changing its model" in refused.json()["error"]["message"]

        with qtbot.waitSignal(workspace.chat.reply_ended, timeout=60_000):
            workspace.stop_button.click()
        qtbot.waitUntil(lambda: leader.done() and waiter.done(), timeout=120_000)
    assert leader.result().json()["model"] == "second"
    assert waiter.result().json()["model"] == STARTER


def test_a_client_leaving_during_a_window_switch_lets_no_request_in(
    qtbot: QtBot,
    smollm2: Path,
    loaded_window: MainWindow,
    controller: InferenceController,
    recorded: list[_Recorded],
) -> None:
    _second_model(smollm2)
    served = _serve(qtbot, loaded_window, controller, load_on_request=True)
    _in_thread(qtbot, served.listed)
    (switcher,) = recorded
    assert switcher.loop is not None
    workspace = write_a_long_reply(qtbot, loaded_window, controller)
    loads: list[str] = []
    controller.model_loading.connect(lambda path: loads.append(Path(path).name))

    async def wants_second() -> None:
        async with switcher.lease("second"):
            pass

    leaving = asyncio.run_coroutine_threadsafe(wants_second(), switcher.loop)
    qtbot.waitUntil(lambda: switcher.switching, timeout=30_000)
    leaving.cancel()  # its client went away while the window still has to load it
    qtbot.waitUntil(leaving.done, timeout=10_000)
    with ThreadPoolExecutor(1) as pool:
        other = pool.submit(served.chat, STARTER)
        # It waits for the switch instead of leasing the model about to be replaced.
        qtbot.waitUntil(lambda: switcher.waiting == 1, timeout=30_000)
        assert workspace.is_streaming, "the reply ended before the request was made"
        assert switcher.switching and not other.done() and loads == []

        with qtbot.waitSignal(workspace.chat.reply_ended, timeout=60_000):
            workspace.stop_button.click()
        qtbot.waitUntil(other.done, timeout=120_000)
    assert other.result().json()["model"] == STARTER
    assert loads == ["second.gguf", f"{STARTER}.gguf"]


def test_requests_that_waited_for_a_stopped_load_are_told_so_and_nothing_reloads(
    qtbot: QtBot,
    smollm2: Path,
    loaded_window: MainWindow,
    controller: InferenceController,
    recorded: list[_Recorded],
) -> None:
    """The user stops a load an API request started: every request that waited for it
    gets its 503, and the window does not start loading the same model again."""
    _second_model(smollm2)
    served = _serve(qtbot, loaded_window, controller, load_on_request=True)
    (switcher,) = recorded
    workspace = write_a_long_reply(qtbot, loaded_window, controller)
    loads: list[str] = []
    controller.model_loading.connect(lambda path: loads.append(Path(path).name))
    with ThreadPoolExecutor(2) as pool:
        leader, follower = leader_and_waiter(qtbot, pool, served, switcher)
        assert workspace.is_streaming, "the reply ended before the requests were made"

        # The user clicks Cancel as soon as the load begins.
        controller.model_loading.connect(lambda _path: controller.cancel_load())
        with qtbot.waitSignal(workspace.chat.reply_ended, timeout=60_000):
            workspace.stop_button.click()
        qtbot.waitUntil(lambda: leader.done() and follower.done(), timeout=60_000)
    for response in (leader.result(), follower.result()):
        assert response.status_code == 503
        assert response.headers["Retry-After"].isdigit()
        error = response.json()["error"]
        assert error["code"] == "model_load_cancelled"
        assert error["message"] == "The load of 'second' was stopped in Hearth."
    assert loads == ["second.gguf"]
    assert not switcher.switching
