"""The local API server inside the window: uvicorn on a thread of its own, serving the
model loaded in the window through the inference worker's decoding service.

The GUI thread binds the socket (so a port in use is told at once, never by a thread
dying later), then uvicorn runs on a plain Python thread; stopping asks it to exit and
never waits on the GUI thread.
"""

from __future__ import annotations

import logging
import socket
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from engine.common.preferences import AppSettings
from gui.inference.controller import InferenceController

if TYPE_CHECKING:  # the API's libraries are imported when the server first starts
    from engine.api.service import ModelService

log = logging.getLogger(__name__)

STOP_WAIT_S = 5.0


@dataclass(frozen=True)
class ServerPlan:
    """Where and how the server listens, from the settings."""

    host: str
    port: int
    api_key: str | None
    cors: tuple[str, ...]

    @classmethod
    def from_settings(cls, settings: AppSettings) -> ServerPlan:
        return cls(
            host="0.0.0.0" if settings.api_network else "127.0.0.1",
            port=int(settings.api_port),
            api_key=settings.api_key or None,
            cors=tuple(settings.api_cors),
        )

    @property
    def address(self) -> str:
        host = "127.0.0.1" if self.host == "0.0.0.0" else self.host
        return f"http://{host}:{self.port}/v1"


class _CurrentService:
    """What the ASGI app serves: the service the worker handed over last (set on the
    GUI thread, read by the server's thread; one reference, so no lock is needed)."""

    def __init__(self) -> None:
        self.service: ModelService | None = None

    def current(self) -> ModelService | None:
        return self.service


class ApiServer(QObject):
    """Signals:
    state_changed(str): the status bar's text ("" when the server is off).
    failed(str): the server could not start (the port is taken, …).
    """

    state_changed = Signal(str)
    failed = Signal(str)

    def __init__(self, controller: InferenceController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self._source = _CurrentService()
        self._server: object | None = None
        self._thread: threading.Thread | None = None
        self.plan: ServerPlan | None = None
        controller.service_changed.connect(self._on_controller_service_changed)

    def controller_model_loaded(self) -> bool:
        return self._controller.model is not None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def status_text(self) -> str:
        if self.plan is None:
            return ""
        # Short: the status bar's other texts need the room. The base URL adds /v1.
        text = f"API at {self.plan.address.removeprefix('http://').removesuffix('/v1')}"
        if self.plan.host == "0.0.0.0":
            text += " (network)"
        if self._source.service is None:
            text += " · no model loaded"
        return text

    def apply(self, settings: AppSettings) -> bool:
        """Start, restart or stop the server to match ``settings``. False (and
        ``failed``) when it cannot listen where asked."""
        self.stop()
        if not settings.api_enabled:
            return True
        plan = ServerPlan.from_settings(settings)
        if plan.host != "127.0.0.1" and not plan.api_key:
            self.failed.emit("Serving to the network needs an API key: nothing was started.")
            return False
        try:
            listening = socket.create_server((plan.host, plan.port), reuse_port=False)
        except OSError as error:
            reason = error.strerror or str(error)
            self.failed.emit(
                f"The local API server cannot listen on port {plan.port}: {reason}. "
                "Choose another port in Settings → Local API server."
            )
            return False
        self._start(plan, listening)
        return True

    def _start(self, plan: ServerPlan, listening: socket.socket) -> None:
        import uvicorn

        from engine.api.server_app import create_app

        app = create_app(self._source, api_key=plan.api_key, cors_origins=plan.cors)
        config = uvicorn.Config(
            app, log_level="warning", access_log=False, timeout_graceful_shutdown=1
        )
        server = uvicorn.Server(config)

        def serve() -> None:
            try:
                server.run(sockets=[listening])
            except Exception:  # a bug in the server must not take the window down
                log.exception("The local API server stopped")
            finally:
                listening.close()

        self._server = server
        self._thread = threading.Thread(target=serve, name="hearth-api-server", daemon=True)
        self.plan = plan
        self._thread.start()
        self._controller.set_serving(True)
        log.info("Local API server on %s", plan.address)
        self.state_changed.emit(self.status_text())

    def stop(self, wait: float = 0.0) -> None:
        """Ask the server to exit (replies it is streaming end), give the model back to
        the worker; ``wait`` seconds at most for the thread (0 on the GUI thread)."""
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if self.plan is not None:
            self._controller.set_serving(False)
        self.plan = None
        if server is not None:
            server.should_exit = True  # type: ignore[attr-defined]
        if thread is not None and wait:
            thread.join(wait)
        self.state_changed.emit("")

    def shutdown(self) -> None:
        """At exit: stop and wait a little for the thread."""
        self.stop(wait=STOP_WAIT_S)

    @Slot(object)
    def _on_controller_service_changed(self, service: object) -> None:
        from engine.api.service import ModelService

        self._source.service = service if isinstance(service, ModelService) else None
        if self.plan is not None:
            self.state_changed.emit(self.status_text())
