"""Load on request: a server over a models folder (two copies of the starter model under
other names, and broken files) loads the model each request names, one at a time, with
the official openai client on 127.0.0.1; and ``main.py serve --load-on-request`` as a
user runs it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import numpy as np
import openai
import pytest
from gguf import GGUFWriter

from engine.api.model_switch import ModelSwitcher, ServeSettings
from engine.api.server_app import create_app
from engine.common.paths import AppPaths
from engine.llm.model import load_model
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

    @property
    def base(self) -> str:
        return f"{self.url}/v1"


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
def served(smollm2: Path, tmp_path: Path) -> Iterator[Served]:
    """uvicorn on a free local port over a switcher, ``alpha`` loaded first."""
    import uvicorn

    folder = _models_dir(smollm2, tmp_path / "models")
    paths = AppPaths.from_environment()
    library = ModelLibrary(paths, folder, include_starters=False)
    settings = ServeSettings(slot_ctx=512, parallel=2, threads=2)
    switcher = ModelSwitcher(library, ModelProfileStore(paths.config_dir), settings)
    first = load_model(folder / "alpha.gguf", switcher.load_settings(folder / "alpha.gguf"))
    switcher.start(first)
    config = uvicorn.Config(
        create_app(switcher), host="127.0.0.1", port=0, log_level="warning", access_log=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    with openai.OpenAI(base_url=f"{url}/v1", api_key="-", max_retries=0, timeout=120) as client:
        yield Served(url, switcher, client)
    switcher.close()
    server.should_exit = True
    thread.join(10)
    switcher.shutdown()
    assert not thread.is_alive()


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
