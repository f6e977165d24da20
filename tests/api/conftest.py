"""A real Hearth API server on 127.0.0.1 (a free port), over the real SmolLM2 with two
slots, for the tests of this folder."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from engine.api.server_app import create_app
from engine.api.service import ModelService
from engine.llm.model import LoadedModel, load_model
from engine.llm.parameters import LoadSettings

SLOT_CTX = 1024


@dataclass
class RunningServer:
    url: str
    service: ModelService

    @property
    def base(self) -> str:
        return f"{self.url}/v1"


ServerFactory = Callable[..., RunningServer]


@pytest.fixture(scope="module")
def parallel_model(smollm2: Path) -> Iterator[LoadedModel]:
    model = load_model(smollm2, LoadSettings(n_ctx=2 * SLOT_CTX, n_threads=2, parallel=2))
    yield model
    model.close()


@pytest.fixture
def start_server(parallel_model: LoadedModel) -> Iterator[ServerFactory]:
    """Starts uvicorn on a free local port in a thread (over ``model``, by default the
    starter model with two slots); stopped at the test's end."""
    import uvicorn

    running: list[tuple[uvicorn.Server, threading.Thread, ModelService]] = []

    def start(
        *,
        api_key: str | None = None,
        max_waiting: int = 16,
        model: LoadedModel | None = None,
        cors_origins: tuple[str, ...] = (),
    ) -> RunningServer:
        service = ModelService(model or parallel_model, max_waiting=max_waiting).start()
        config = uvicorn.Config(
            create_app(service, api_key=api_key, cors_origins=cors_origins),
            host="127.0.0.1",
            port=0,
            log_level="warning",
            access_log=False,
            timeout_graceful_shutdown=2,
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("the API server did not start")
            time.sleep(0.02)
        port = server.servers[0].sockets[0].getsockname()[1]
        running.append((server, thread, service))
        return RunningServer(f"http://127.0.0.1:{port}", service)

    yield start
    for server, thread, service in running:
        service.close()
        server.should_exit = True
        thread.join(10)
        assert not thread.is_alive(), "the API server did not stop"


@pytest.fixture(scope="module")
def thinking_model(smollm2: Path) -> Iterator[LoadedModel]:
    """The starter model as a reasoning model: its template opens ``<think>``."""
    from tests.reasoning_templates import THINKING_TEMPLATE

    settings = LoadSettings(
        n_ctx=2 * SLOT_CTX, n_threads=2, parallel=2, chat_template=THINKING_TEMPLATE
    )
    model = load_model(smollm2, settings)
    yield model
    model.close()
