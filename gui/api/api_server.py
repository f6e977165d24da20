"""The local API server inside the window: uvicorn on a thread of its own, serving the
model loaded in the window through the inference worker's decoding service (and, with
load on request, loading the library model a request names: :mod:`gui.api.window_models`).

The GUI thread binds the socket (so a port in use is told at once, never by a thread
dying later), then uvicorn runs on a plain Python thread; stopping asks it to exit and
never waits on the GUI thread.
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from engine.common.preferences import AppSettings
from engine.models.model_library import ModelLibrary
from gui.api.window_models import WindowModelLoader
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
    load_on_request: bool = False

    @classmethod
    def from_settings(cls, settings: AppSettings) -> ServerPlan:
        return cls(
            host="0.0.0.0" if settings.api_network else "127.0.0.1",
            port=int(settings.api_port),
            api_key=settings.api_key or None,
            cors=tuple(settings.api_cors),
            load_on_request=settings.api_load_on_request,
        )

    @property
    def address(self) -> str:
        host = "127.0.0.1" if self.host == "0.0.0.0" else self.host
        return f"http://{host}:{self.port}/v1"


class _CurrentService:
    """What the ASGI app serves: the service the worker handed over last and its
    model's file (set on the GUI thread, read by the server's thread; single
    references, so no lock is needed)."""

    def __init__(self) -> None:
        self.service: ModelService | None = None
        self.path: Path | None = None

    def current(self) -> ModelService | None:
        return self.service

    def loaded_path(self) -> Path | None:
        return self.path if self.service is not None else None


class ApiServer(QObject):
    """Signals:
    state_changed(str): the status bar's text ("" when the server is off).
    failed(str): the server could not start (the port is taken, …).
    notice(str): a message for the notice banner (a request loaded a model).
    """

    state_changed = Signal(str)
    failed = Signal(str)
    notice = Signal(str)

    def __init__(self, controller: InferenceController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self._source = _CurrentService()
        self._server: object | None = None
        self._thread: threading.Thread | None = None
        self.plan: ServerPlan | None = None
        self._library: ModelLibrary | None = None
        self._loader: WindowModelLoader | None = None
        # Set when the server started last stops: its load on request ends with it.
        self._stopped = threading.Event()
        controller.service_changed.connect(self._on_controller_service_changed)
        controller.model_loading.connect(self._on_controller_model_loading)
        controller.model_loaded.connect(self._on_controller_model_loaded)
        controller.model_load_failed.connect(self._on_controller_model_load_failed)
        # What the user is told once the model the API replies were cut for has loaded.
        self._cut_notice = ""

    def offer_library(
        self,
        library: ModelLibrary,
        load: Callable[[str], None],
        window_busy: Callable[[], bool],
    ) -> None:
        """Let requests load ``library``'s models when the settings say so:
        ``load(path)`` loads one as the Model menu does; ``window_busy()`` tells whether
        the window is writing a reply."""
        self._library = library
        self._loader = WindowModelLoader(self._controller, self._source, load, window_busy, self)
        self._loader.notice.connect(self.notice)

    def controller_model_loaded(self) -> bool:
        return self._controller.model is not None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def status_text(self) -> str:
        if self.plan is None:
            return ""
        # Short: the status bar's other texts need the room. The base URL adds /v1.
        where = self.plan.address.removeprefix("http://").removesuffix("/v1")
        if self.plan.host == "0.0.0.0":
            text = self.tr("API at {address} (network)").format(address=where)
        else:
            text = self.tr("API at {address}").format(address=where)
        if self._source.service is None:
            text = self.tr("{status} · no model loaded").format(status=text)
        return text

    def apply(self, settings: AppSettings) -> bool:
        """Start, restart or stop the server to match ``settings``. False (and
        ``failed``) when it cannot listen where asked."""
        self.stop()
        if not settings.api_enabled:
            return True
        plan = ServerPlan.from_settings(settings)
        if plan.host != "127.0.0.1" and not plan.api_key:
            self.failed.emit(
                self.tr("Serving to the network needs an API key: nothing was started.")
            )
            return False
        try:
            listening = socket.create_server((plan.host, plan.port), reuse_port=False)
        except OSError as error:
            reason = error.strerror or str(error)
            self.failed.emit(
                self.tr(
                    "The local API server cannot listen on port {port}: {reason}. "
                    "Choose another port in Settings → Local API server."
                ).format(port=plan.port, reason=reason)
            )
            return False
        self._start(plan, listening)
        return True

    def _start(self, plan: ServerPlan, listening: socket.socket) -> None:
        import uvicorn

        from engine.api.server_app import ServiceSource, create_app

        source: ServiceSource = self._source
        if plan.load_on_request and self._library is not None and self._loader is not None:
            from gui.api.window_switcher import WindowSwitcher

            self._stopped = threading.Event()
            source = WindowSwitcher(self._source, self._library, self._loader, self._stopped)
        app = create_app(source, api_key=plan.api_key, cors_origins=plan.cors)
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
        # Before anything else: a request of this server asks the window for no model
        # from now on (its waiting requests get 503).
        self._stopped.set()
        if self._loader is not None:
            self._loader.abandon()
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

    @Slot(str)
    def _on_controller_model_loading(self, _path: str) -> None:
        # Loading a model ends the API replies on the one loaded (a switch an API request
        # asked for waits until there are none): their clients are told, and so is the user.
        service = self._source.service
        cut = service.api_busy if service is not None else 0
        if cut == 1:
            self._cut_notice = self.tr(
                "Changing the model ended 1 API request being answered; its client was "
                "told the model changed."
            )
        elif cut:
            self._cut_notice = self.tr(
                "Changing the model ended %Ln API requests being answered; their clients "
                "were told the model changed.",
                "",
                cut,
            )

    @Slot(object)
    def _on_controller_model_loaded(self, _info: object) -> None:
        notice, self._cut_notice = self._cut_notice, ""
        if notice:
            # After the window has cleared its banner for the model that loaded.
            QTimer.singleShot(0, lambda: self.notice.emit(notice))

    @Slot(str, object)
    def _on_controller_model_load_failed(self, _path: str, _message: str) -> None:
        self._cut_notice = ""  # the banner tells the failure

    @Slot(object)
    def _on_controller_service_changed(self, service: object) -> None:
        from engine.api.service import ModelService

        model = self._controller.model
        served = service if isinstance(service, ModelService) else None
        if served is None:
            self._source.service = None
        # The file first: the server's thread reads the service, then its file.
        self._source.path = Path(model.path) if served is not None and model else None
        self._source.service = served
        if self.plan is not None:
            self.state_changed.emit(self.status_text())
