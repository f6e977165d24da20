"""Load on request: a server over a models folder (two copies of the starter model under
other names, and broken files) loads the model each request names, one at a time, with
the official openai client on 127.0.0.1; and ``main.py serve --load-on-request`` as a
user runs it."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import openai
import pytest
from gguf import GGUFWriter

from engine.api.model_switch import ModelSwitcher, ServeSettings
from engine.api.server_app import create_app
from engine.common.paths import AppPaths
from engine.llm.model import LoadedModel, load_model
from engine.llm.parameters import LoadSettings
from engine.models.model_library import ModelLibrary
from engine.models.model_profile import ModelProfileStore
from tests.local_ports import free_port

ROOT = Path(__file__).resolve().parents[2]
ASK = {"messages": [{"role": "user", "content": "Say hello."}], "temperature": 0, "max_tokens": 8}


@dataclass
class Served:
    url: str
    switcher: ModelSwitcher
    client: openai.OpenAI
    loop: asyncio.AbstractEventLoop

    @property
    def base(self) -> str:
        return f"{self.url}/v1"


ServeFolder = Callable[..., Served]


def _models_dir(smollm2: Path, folder: Path) -> Path:
    folder.mkdir()
    shutil.copy(smollm2, folder / "alpha.gguf")
    (folder / "beta").mkdir()
    shutil.copy(smollm2, folder / "beta" / "beta.gguf")
    return folder


def _unloadable(path: Path) -> None:
    """A GGUF whose header passes Hearth's checks but that llama.cpp cannot load."""
    writer = GGUFWriter(str(path), "llama")  # no hyperparameters
    writer.add_context_length(128)
    writer.add_tensor("weight", np.ones((4, 8), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


@pytest.fixture
def serve_folder() -> Iterator[ServeFolder]:
    """Starts uvicorn on a free local port, on an event loop of its own (tests may run
    coroutines on it), over a switcher on a models folder, ``first`` loaded first."""
    import uvicorn

    running: list[tuple[Served, uvicorn.Server, threading.Thread]] = []

    def serve(
        folder: Path,
        first: Path,
        *,
        library: ModelLibrary | None = None,
        max_waiting: int = 16,
        **switcher_options: Any,
    ) -> Served:
        paths = AppPaths.from_environment()
        library = library or ModelLibrary(paths, folder, include_starters=False)
        settings = ServeSettings(slot_ctx=512, parallel=2, threads=2, max_waiting=max_waiting)
        switcher = ModelSwitcher(
            library, ModelProfileStore(paths.config_dir), settings, **switcher_options
        )
        switcher.start(load_model(first, switcher.load_settings(first)))
        config = uvicorn.Config(
            create_app(switcher), host="127.0.0.1", port=0, log_level="warning", access_log=False
        )
        server = uvicorn.Server(config)
        loop = asyncio.new_event_loop()
        thread = threading.Thread(
            target=loop.run_until_complete, args=(server.serve(),), daemon=True
        )
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started:
            assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
            time.sleep(0.02)
        port = server.servers[0].sockets[0].getsockname()[1]
        url = f"http://127.0.0.1:{port}"
        client = openai.OpenAI(base_url=f"{url}/v1", api_key="-", max_retries=0, timeout=120)
        served = Served(url, switcher, client, loop)
        running.append((served, server, thread))
        return served

    yield serve
    for served, server, thread in running:
        served.client.close()
        served.switcher.close()
        server.should_exit = True
        thread.join(10)
        served.switcher.shutdown()
        assert not thread.is_alive()
        served.loop.close()


@pytest.fixture
def served(smollm2: Path, tmp_path: Path, serve_folder: ServeFolder) -> Served:
    """A server over ``alpha.gguf`` and ``beta/beta.gguf``, ``alpha`` loaded first."""
    folder = _models_dir(smollm2, tmp_path / "models")
    return serve_folder(folder, folder / "alpha.gguf")


def _listed(served: Served) -> list[tuple[str, bool]]:
    data = httpx.get(f"{served.base}/models").json()["data"]
    return [(card["id"], card["loaded"]) for card in data]


def test_a_request_naming_another_model_is_served_by_it(served: Served) -> None:
    assert _listed(served) == [("alpha", True), ("beta", False)]
    reply = served.client.chat.completions.create(model="beta", **ASK)  # type: ignore[call-overload]
    assert reply.model == "beta" and reply.choices[0].message.content
    assert _listed(served) == [("beta", True), ("alpha", False)]
    assert httpx.get(f"{served.url}/health").json()["model"] == "beta"
    # The model's embeddings come from the model loaded now, too.
    vectors = served.client.embeddings.create(model="alpha", input="hello")
    assert vectors.model == "alpha" and len(vectors.data[0].embedding) == 576
    assert _listed(served)[0] == ("alpha", True)


def test_replies_in_flight_finish_before_the_switch(served: Served) -> None:
    count = {
        "model": "alpha",
        "prompt": "1, 2, 3, 4, 5, 6, 7, 8, 9, 10,",
        "temperature": 0,
        "max_tokens": 120,
    }
    alone = served.client.completions.create(**count).choices[0].text  # type: ignore[call-overload]
    pieces: list[str] = []
    finish: list[str | None] = []
    started = threading.Event()

    def stream() -> None:
        for chunk in served.client.completions.create(stream=True, **count):  # type: ignore[call-overload]
            pieces.append(chunk.choices[0].text)
            started.set()
            if chunk.choices[0].finish_reason:
                finish.append(chunk.choices[0].finish_reason)

    thread = threading.Thread(target=stream)
    thread.start()
    assert started.wait(60)
    reply = served.client.chat.completions.create(model="beta", **ASK)  # type: ignore[call-overload]
    # The switch waited for the stream: it ended whole, not cut short.
    thread.join(60)
    assert finish == ["length"] and "".join(pieces) == alone
    assert reply.model == "beta"


def test_a_name_not_in_the_library_is_not_found(served: Served) -> None:
    with pytest.raises(openai.NotFoundError) as caught:
        served.client.chat.completions.create(model="no-such-model", **ASK)  # type: ignore[call-overload]
    assert caught.value.code == "model_not_found"
    # Not a path on disk either: only the library's models are loaded.
    with pytest.raises(openai.NotFoundError):
        served.client.chat.completions.create(model=str(ROOT / "README.md"), **ASK)  # type: ignore[call-overload]
    assert _listed(served)[0] == ("alpha", True)


def test_a_broken_file_gets_a_clear_error_and_the_model_stays(
    served: Served, tmp_path: Path
) -> None:
    folder = served.switcher.models_dir
    (folder / "garbage.gguf").write_bytes(b"GGUF" + os.urandom(200))
    _unloadable(folder / "hollow.gguf")
    listed = dict(_listed(served))
    assert listed["garbage"] is False and listed["hollow"] is False

    refused = httpx.post(f"{served.base}/chat/completions", json={**ASK, "model": "garbage"})
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "model_load_failed"
    assert "garbage" in refused.json()["error"]["message"]

    with pytest.raises(openai.UnprocessableEntityError) as caught:
        served.client.chat.completions.create(model="hollow", **ASK)  # type: ignore[call-overload]
    assert caught.value.code == "model_load_failed"
    message = str(caught.value)
    assert "could not be loaded" in message and "still serves 'alpha'" in message
    # llama.cpp's own reason is quoted.
    assert "key not found" in message

    assert _listed(served)[0] == ("alpha", True)
    reply = served.client.chat.completions.create(model="alpha", **ASK)  # type: ignore[call-overload]
    assert reply.model == "alpha" and reply.choices[0].message.content


def test_files_with_the_same_name_are_named_by_their_path(
    smollm2: Path, tmp_path: Path, serve_folder: ServeFolder
) -> None:
    folder = tmp_path / "models"
    for owner in ("a", "b"):
        (folder / owner).mkdir(parents=True)
        shutil.copy(smollm2, folder / owner / "x.gguf")
    shutil.copy(smollm2, folder / "solo.gguf")
    served = serve_folder(folder, folder / "a" / "x.gguf")
    assert _listed(served)[0] == ("a/x", True)
    assert dict(_listed(served)) == {"a/x": True, "b/x": False, "solo": False}

    reply = served.client.chat.completions.create(model="b/x", **ASK)  # type: ignore[call-overload]
    assert reply.model == "b/x"
    # The ids stay as they were: they do not depend on the model loaded.
    assert dict(_listed(served)) == {"a/x": False, "b/x": True, "solo": False}
    # A file name several models share names none of them.
    for name in ("x.gguf", "x"):
        refused = httpx.post(f"{served.base}/chat/completions", json={**ASK, "model": name})
        assert refused.status_code == 404, name
        assert refused.json()["error"]["code"] == "model_not_found"
    ambiguous = httpx.post(f"{served.base}/chat/completions", json={**ASK, "model": "x.gguf"})
    assert "'a/x', 'b/x'" in ambiguous.json()["error"]["message"]
    # A file name only one model has still names it.
    reply = served.client.chat.completions.create(model="solo.gguf", **ASK)  # type: ignore[call-overload]
    assert reply.model == "solo"
    assert httpx.get(f"{served.url}/health").json()["model"] == "solo"


class CountingLoader:
    """Real loads, counted: which files the switcher loaded, in order."""

    def __init__(self) -> None:
        self.loads: list[str] = []

    def __call__(
        self, path: Path, settings: LoadSettings, progress: Callable[[float], bool]
    ) -> LoadedModel:
        self.loads.append(path.name)
        return load_model(path, settings, on_progress=progress)


def test_a_file_that_failed_to_load_is_refused_until_it_changes(
    smollm2: Path, tmp_path: Path, serve_folder: ServeFolder
) -> None:
    folder = _models_dir(smollm2, tmp_path / "models")
    _unloadable(folder / "hollow.gguf")
    loader = CountingLoader()
    served = serve_folder(folder, folder / "alpha.gguf", loader=loader)

    with pytest.raises(openai.UnprocessableEntityError) as first:
        served.client.chat.completions.create(model="hollow", **ASK)  # type: ignore[call-overload]
    assert "key not found" in str(first.value)
    assert loader.loads == ["hollow.gguf", "alpha.gguf"]  # tried, then alpha again
    serving = served.switcher.current()

    # A client retrying gets the same answer at once; the model is not touched.
    for _ in range(3):
        again = httpx.post(f"{served.base}/chat/completions", json={**ASK, "model": "hollow"})
        assert again.status_code == 422
        error = again.json()["error"]
        assert error["code"] == "model_load_failed"
        assert "key not found" in error["message"] and "has not changed" in error["message"]
        assert "still serves 'alpha'" in error["message"]
    assert loader.loads == ["hollow.gguf", "alpha.gguf"]
    assert served.switcher.current() is serving
    reply = served.client.chat.completions.create(model="alpha", **ASK)  # type: ignore[call-overload]
    assert reply.model == "alpha"

    # Requests for a broken file that arrive together try it once between them.
    _unloadable(folder / "empty.gguf")
    with ThreadPoolExecutor(3) as pool:
        answers = list(
            pool.map(
                lambda _: httpx.post(
                    f"{served.base}/chat/completions", json={**ASK, "model": "empty"}, timeout=120
                ),
                range(3),
            )
        )
    assert [answer.status_code for answer in answers] == [422, 422, 422]
    assert loader.loads.count("empty.gguf") == 1

    # Once the file changes, it is tried again.
    shutil.copy(smollm2, folder / "hollow.gguf")
    reply = served.client.chat.completions.create(model="hollow", **ASK)  # type: ignore[call-overload]
    assert reply.model == "hollow" and reply.choices[0].message.content
    assert loader.loads[-1] == "hollow.gguf"


def test_serve_load_on_request_from_the_command_line(smollm2: Path, tmp_path: Path) -> None:
    folder = _models_dir(smollm2, tmp_path / "models")
    port = free_port()
    command = [sys.executable, "main.py", "serve", "--load-on-request", "--models-dir"]
    process = subprocess.Popen(
        [*command, str(folder), "--port", str(port), "--ctx", "512", "--threads", "2"],
        cwd=ROOT,
        env={**os.environ, "HEARTH_HOME": str(tmp_path / "home")},
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/health")
                break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline and process.poll() is None, "did not start"
            time.sleep(0.1)
        assert health.json()["status"] == "no model"
        with openai.OpenAI(
            base_url=f"http://127.0.0.1:{port}/v1", api_key="-", max_retries=0
        ) as client:
            ids = {m.id: getattr(m, "loaded", None) for m in client.models.list().data}
            assert ids["alpha"] is False and ids["beta"] is False
            for name in ("beta", "alpha"):
                reply = client.chat.completions.create(model=name, **ASK)  # type: ignore[call-overload]
                assert reply.model == name
        process.send_signal(signal.SIGINT)
        assert process.wait(15) == 0
        log = process.stderr.read() if process.stderr else ""
    finally:
        if process.poll() is None:
            process.kill()
        if process.stderr:
            process.stderr.close()
    assert "loaded on request" in log
    assert "Loaded beta in" in log and "Loaded alpha in" in log and "instead of beta" in log
