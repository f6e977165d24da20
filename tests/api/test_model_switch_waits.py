"""Waiting for a switch, on a server that loads on request: the requests that wait are
bounded by the queue (429), a switch whose requests in flight do not end is given up
(503), and no request slips in while a switch is under way, even one that was reading
the catalog when it began or whose client left during the load."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import httpx

from engine.common.paths import AppPaths
from engine.llm.model import LoadedModel
from engine.llm.parameters import LoadSettings
from engine.models.model_library import LibraryModel, ModelLibrary
from tests.api import test_load_on_request as on_request
from tests.api.test_load_on_request import ASK, CountingLoader, Served, ServeFolder, _models_dir

serve_folder = on_request.serve_folder  # the fixture


def _post(served: Served, model: str) -> httpx.Response:
    return httpx.post(f"{served.base}/chat/completions", json={**ASK, "model": model}, timeout=120)


def _wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 60
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        time.sleep(0.01)


def _hold(served: Served, name: str) -> tuple[threading.Event, Future[None]]:
    """A request in flight on ``name`` (a lease taken on the server's loop) until the
    returned event is set."""
    release, held = threading.Event(), threading.Event()

    async def holding() -> None:
        async with served.switcher.lease(name):
            held.set()
            while not release.is_set():
                await asyncio.sleep(0.02)

    future = asyncio.run_coroutine_threadsafe(holding(), served.loop)
    assert held.wait(30)
    return release, future


def test_requests_waiting_for_a_switch_are_bounded_by_the_queue(
    smollm2: Path, tmp_path: Path, serve_folder: ServeFolder
) -> None:
    folder = _models_dir(smollm2, tmp_path / "models")
    served = serve_folder(folder, folder / "alpha.gguf", max_waiting=1)
    release, holding = _hold(served, "alpha")
    with ThreadPoolExecutor(2) as pool:
        leader = pool.submit(_post, served, "beta")
        _wait_until(lambda: served.switcher.switching, "the switch began")
        waiter = pool.submit(_post, served, "alpha")
        _wait_until(lambda: served.switcher.waiting == 1, "a request waits")

        refused = _post(served, "alpha")
        assert refused.status_code == 429
        assert refused.headers["Retry-After"].isdigit()
        assert refused.json()["error"]["code"] == "server_busy"
        assert "changing its model" in refused.json()["error"]["message"]

        release.set()
        assert leader.result().json()["model"] == "beta"
        assert waiter.result().json()["model"] == "alpha"
    holding.result(30)


def test_a_switch_gives_up_when_the_requests_in_flight_do_not_end(
    smollm2: Path, tmp_path: Path, serve_folder: ServeFolder
) -> None:
    folder = _models_dir(smollm2, tmp_path / "models")
    served = serve_folder(folder, folder / "alpha.gguf", drain_timeout=3.0)
    release, holding = _hold(served, "alpha")
    with ThreadPoolExecutor(3) as pool:
        leader = pool.submit(_post, served, "beta")
        _wait_until(lambda: served.switcher.switching, "the switch began")
        waiter = pool.submit(_post, served, "alpha")
        follower = pool.submit(_post, served, "beta")
        _wait_until(lambda: served.switcher.waiting == 2, "two requests wait")

        gave_up = leader.result()
        assert gave_up.status_code == 503
        assert gave_up.headers["Retry-After"].isdigit()
        message = gave_up.json()["error"]["message"]
        assert "busy with 'alpha'" in message and "did not change to 'beta'" in message
        assert "Try again in" in message
        # The waiting request is let in, on the model that stayed; one that wanted the
        # other model too is told the same instead of waiting through another drain.
        assert waiter.result().json()["model"] == "alpha"
        assert follower.result().status_code == 503
    assert not release.is_set() and not served.switcher.switching
    assert httpx.get(f"{served.url}/health").json()["model"] == "alpha"
    release.set()
    holding.result(30)
    assert _post(served, "beta").json()["model"] == "beta"


class _PausingLibrary(ModelLibrary):
    """A library whose next listing waits until ``resume`` is set."""

    def __init__(self, folder: Path) -> None:
        super().__init__(AppPaths.from_environment(), folder, include_starters=False)
        self._lock = threading.Lock()
        self.pause_next = False
        self.paused = threading.Event()
        self.resume = threading.Event()

    def models(self) -> list[LibraryModel]:
        with self._lock:
            pause, self.pause_next = self.pause_next, False
        if pause:
            self.paused.set()
            assert self.resume.wait(60)
        return super().models()


def test_a_request_reading_the_catalog_when_a_switch_begins_waits_for_it(
    smollm2: Path, tmp_path: Path, serve_folder: ServeFolder
) -> None:
    folder = _models_dir(smollm2, tmp_path / "models")
    library = _PausingLibrary(folder)
    loader = CountingLoader()
    served = serve_folder(folder, folder / "alpha.gguf", library=library, loader=loader)
    release, holding = _hold(served, "alpha")
    with ThreadPoolExecutor(2) as pool:
        # Named by its file name, the loaded model is looked up in the catalog...
        library.pause_next = True
        late = pool.submit(_post, served, "alpha.gguf")
        assert library.paused.wait(30)
        # ...and meanwhile another request begins a switch, waiting for the lease.
        leader = pool.submit(_post, served, "beta")
        _wait_until(lambda: served.switcher.switching, "the switch began")
        library.resume.set()
        # The late request waits for the switch instead of taking a lease on the model
        # being given up.
        _wait_until(lambda: served.switcher.waiting == 1, "the late request waits")
        assert not late.done()
        release.set()
        assert leader.result().json()["model"] == "beta"
        assert late.result().json()["model"] == "alpha"
    holding.result(30)
    assert loader.loads == ["beta.gguf", "alpha.gguf"]


class _GatedLoader(CountingLoader):
    """Real loads; the one of ``gated`` waits until ``go`` is set. Counts the loads
    running at once."""

    def __init__(self, gated: str) -> None:
        super().__init__()
        self.gated = gated
        self.entered = threading.Event()
        self.go = threading.Event()
        self._lock = threading.Lock()
        self.running = 0
        self.most_at_once = 0

    def __call__(
        self, path: Path, settings: LoadSettings, progress: Callable[[float], bool]
    ) -> LoadedModel:
        with self._lock:
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        try:
            if path.name == self.gated:
                self.entered.set()
                assert self.go.wait(60)
            return super().__call__(path, settings, progress)
        finally:
            with self._lock:
                self.running -= 1


def test_a_client_leaving_during_a_load_does_not_let_another_load_start(
    smollm2: Path, tmp_path: Path, serve_folder: ServeFolder
) -> None:
    folder = _models_dir(smollm2, tmp_path / "models")
    loader = _GatedLoader("beta.gguf")
    served = serve_folder(folder, folder / "alpha.gguf", loader=loader)

    async def wants_beta() -> None:
        async with served.switcher.lease("beta"):
            pass

    leaving = asyncio.run_coroutine_threadsafe(wants_beta(), served.loop)
    assert loader.entered.wait(30)
    leaving.cancel()  # its client went away while beta loads
    with ThreadPoolExecutor(1) as pool:
        other = pool.submit(_post, served, "alpha")
        _wait_until(lambda: served.switcher.waiting == 1, "the other request waits")
        loader.go.set()
        assert other.result().json()["model"] == "alpha"
    assert loader.loads == ["beta.gguf", "alpha.gguf"]
    assert loader.most_at_once == 1
