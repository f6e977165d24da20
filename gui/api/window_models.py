"""Load on request in the window (LM Studio's "just-in-time model loading"): with
Settings → Local API server → "Load the model a request names", the window's API server
lists every model of the library, and a request naming one that is not loaded makes the
window load it as the Model menu does (its saved load settings, the API's slots), then
serves the request with it.

Two halves, one per thread, and neither ever waits on the other: the server's event
loop half (:mod:`gui.api.window_switcher`) posts a :class:`SwitchRequest` and awaits its
asyncio future; :class:`WindowModelLoader`, on the GUI thread, waits (on a timer) until
the window writes no reply and the API has no reply running, for :data:`SWITCH_WAIT_S`
at most, loads the model, and settles the future with ``loop.call_soon_threadsafe``
once the worker reports the model loaded (and serving) or failed. A model that fails
to load is replaced by the one the window had (and the server refuses its file until
it changes: :class:`SwitchFailure` says why it failed). Every stage has a deadline
(:data:`LOAD_WAIT_S` once loading begins): a load that never reports back ends the
request with 503. A model the user chooses meanwhile ends the switches asked (409): the
window loads nothing the user did not choose after it. A switch asked by a server that
has stopped is refused (503).

This half imports none of the API's libraries (start-up stays fast): how a switch ended
is a plain :class:`SwitchFailure`, made an HTTP error on the event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from engine.llm.model import ModelInfo
from engine.models.model_library import same_file
from engine.remote.engines import parse_remote_path
from gui.common.engine_text import shown
from gui.inference.controller import InferenceController

if TYPE_CHECKING:
    from engine.api.service import ModelService

log = logging.getLogger(__name__)

# How long a switch waits for the replies running (the window's and the API's) to end.
SWITCH_WAIT_S = 120.0
# How long loading the model (and loading the previous one back after a failure) may
# take before the request is answered 503 (the load itself goes on).
LOAD_WAIT_S = 120.0
# How often the waits look again.
_POLL_MS = 50


@dataclass(frozen=True)
class SwitchFailure:
    """Why a switch did not happen: the HTTP status, the message, OpenAI's code, and,
    when the file could not be loaded, why (the server refuses it until it changes)."""

    status: int
    message: str
    code: str
    reason: str = ""


BUSY = SwitchFailure(503, "Hearth is busy with its current model; try again later.", "model_busy")
STOPPING = SwitchFailure(503, "The server is stopping.", "server_stopping")


def _file_id(path: str) -> str:
    """The id the API names a model file by (engine.api.service.model_id_for, which
    this module does not import)."""
    name = Path(path).name
    return name[: -len(".gguf")] if name.lower().endswith(".gguf") else name


class ServedModel(Protocol):
    """What the window serves now: the decoding service and its model's file."""

    def current(self) -> ModelService | None: ...

    def loaded_path(self) -> Path | None: ...


@dataclass(frozen=True, eq=False)
class SwitchRequest:
    """A switch asked from the event loop: the model to load, until when the replies
    running may be waited for, the future that tells the loop how it ended, and the
    event its server sets when it stops (a switch asked by a stopped server is
    refused)."""

    model_id: str
    path: str
    deadline: float
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[SwitchFailure | None]
    stopped: threading.Event = field(default_factory=threading.Event)

    def answer(self, failure: SwitchFailure | None) -> None:
        """Settle the future on its loop (from any thread): None, the model is served."""
        # RuntimeError: the loop is closed (the server stopped): nobody waits.
        with contextlib.suppress(RuntimeError):
            self.loop.call_soon_threadsafe(_settle, self.future, failure)


def _settle(future: asyncio.Future[SwitchFailure | None], failure: SwitchFailure | None) -> None:
    if not future.done():  # done: the request was cancelled (its client went away)
        future.set_result(failure)


class WindowModelLoader(QObject):
    """Loads the models API requests name, on the GUI thread, one at a time.

    Signals:
        notice(str): a message for the notice banner (a switch happened, or failed).
    """

    notice = Signal(str)
    # Posted from the server's event loop thread (queued onto the GUI thread).
    _requested = Signal(object)

    def __init__(
        self,
        controller: InferenceController,
        served: ServedModel,
        load: Callable[[str], None],
        window_busy: Callable[[], bool],
        parent: QObject | None = None,
    ) -> None:
        """``load(path)`` loads a model as the Model menu does; ``window_busy()`` says
        whether the window is writing a reply (a chat or a translation)."""
        super().__init__(parent)
        self._controller = controller
        self._served = served
        self._load = load
        self._window_busy = window_busy
        self._queue: deque[SwitchRequest] = deque()
        self._active: SwitchRequest | None = None
        # "waiting" (for the replies to end), "loading", "loaded" (waiting for its
        # service), "restoring" (the previous model, after a failure), "restored".
        self._stage = ""
        self._previous: str | None = None
        self._previous_name = ""
        self._asked_at = 0.0
        self._failure = ""
        # When the stage under way ("loading" … "restored") is given up.
        self._stage_deadline = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(_POLL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._requested.connect(self._on_requested, Qt.ConnectionType.QueuedConnection)
        controller.model_loading.connect(self._on_controller_model_loading)
        controller.model_loaded.connect(self._on_controller_model_loaded)
        controller.model_load_failed.connect(self._on_controller_model_load_failed)
        controller.model_load_cancelled.connect(self._on_controller_model_load_cancelled)
        controller.service_changed.connect(self._on_controller_service_changed)

    def request(self, switch: SwitchRequest) -> None:
        """Ask for ``switch`` (from the server's thread): it is handled on the GUI thread."""
        self._requested.emit(switch)

    def abandon(self) -> None:
        """The server stops: every switch asked for ends with 503 (a load in progress
        goes on, as one chosen in the Model menu would)."""
        self._end_all(lambda _switch: STOPPING)

    def _reset(self) -> SwitchRequest | None:
        """Forget the switch under way (its stage, the model it replaced); it is
        returned, to be answered."""
        switch, self._active = self._active, None
        self._stage = ""
        self._previous = None
        self._previous_name = ""
        self._failure = ""
        self._timer.stop()
        return switch

    def _end_all(self, failure: Callable[[SwitchRequest], SwitchFailure]) -> None:
        """End the switch under way and every one queued, each with ``failure(it)``."""
        active = self._reset()
        pending = [s for s in (active, *self._queue) if s is not None]
        self._queue.clear()
        for switch in pending:
            switch.answer(failure(switch))

    def _idle(self) -> bool:
        service = self._served.current()
        return not (
            self._window_busy()
            or self._controller.is_loading
            or (service is not None and service.busy > 0)
        )

    def _is_loaded(self, path: str) -> bool:
        model = self._controller.model
        return model is not None and same_file(model.path, path)

    def _next(self) -> None:
        while self._queue and self._queue[0].stopped.is_set():
            _refuse_stopped(self._queue.popleft())
        if self._active is not None or not self._queue:
            return
        switch = self._active = self._queue.popleft()
        if self._is_loaded(switch.path) and self._served.current() is not None:
            self._finish(None)  # an earlier switch, or the user, loaded it meanwhile
            return
        self._stage = "waiting"
        self._asked_at = time.monotonic()
        self._try_switch()
        if self._active is not switch:
            return  # it ended at once (the load was refused)
        self._timer.start()  # every stage has a deadline
        if self._stage == "waiting":
            # The user is told now: the reply being written ends, then the model changes.
            model = self._controller.model
            if model is not None:
                waiting = self.tr(
                    "An API request is waiting to load {model} in place of {current}: it "
                    "loads once the replies being written have ended, and later messages go "
                    "to it."
                ).format(model=switch.model_id, current=model.name)
            else:
                waiting = self.tr(
                    "An API request is waiting to load {model}: it loads once the replies "
                    "being written have ended, and later messages go to it."
                ).format(model=switch.model_id)
            self.notice.emit(waiting)

    def _try_switch(self) -> None:
        switch = self._active
        if switch is None:
            self._timer.stop()
            return
        if self._stage != "waiting":
            if time.monotonic() >= self._stage_deadline:
                self._time_out(switch)
            return
        if self._idle():
            model = self._controller.model
            self._previous = model.path if model is not None else None
            self._previous_name = model.name if model is not None else ""
            self._stage = "loading"
            self._stage_deadline = time.monotonic() + LOAD_WAIT_S
            log.info(
                "An API request loads %s after waiting %.1f s for the replies running",
                switch.model_id,
                time.monotonic() - self._asked_at,
            )
            self._load(switch.path)
        elif time.monotonic() >= switch.deadline:
            self._finish(BUSY)

    def _time_out(self, switch: SwitchRequest) -> None:
        """A stage ran past its deadline (no signal came): the request gets 503 and
        the next switch may begin."""
        stage = self._stage
        loading = "loading it again" if stage in ("restoring", "restored") else "loading"
        log.warning("An API request's switch to %s gave up while %s", switch.model_id, stage)
        self._finish(
            SwitchFailure(
                503,
                f"Hearth did not finish {loading} {switch.model_id!r} within "
                f"{LOAD_WAIT_S:g} s; try again later.",
                "model_load_timeout",
            ),
            self.tr(
                "An API request asked for {model}, which did not finish loading within "
                "{seconds} s; the request was answered with an error."
            ).format(model=switch.model_id, seconds=f"{LOAD_WAIT_S:g}"),
        )

    def _finish(self, failure: SwitchFailure | None, notice: str = "") -> None:
        switch = self._reset()
        if switch is not None:
            switch.answer(failure)
        if notice:
            self.notice.emit(notice)
        self._next()

    def _failed(self, reason: str, serving: str | None = None) -> SwitchFailure:
        """The request's 422: why the model could not be loaded, and the model Hearth
        serves instead (``serving``), if any."""
        switch = self._active
        name = switch.model_id if switch is not None else "?"
        still = f" Hearth still serves {serving!r}." if serving else ""
        message = f"The model {name!r} could not be loaded: {reason}{still}"
        return SwitchFailure(
            422, message, "model_load_failed", reason.strip() or "The load failed."
        )

    def _fail(self, outcome: str, serving: str | None = None) -> None:
        """End the switch with the load's failure; the banner says so, then ``outcome``
        (what the window holds now)."""
        switch = self._active
        name = switch.model_id if switch is not None else "?"
        reason = shown(self._failure).rstrip(".。")  # the API's body keeps the English
        notice = self.tr(
            "An API request asked for {model}, which could not be loaded: {reason}."
        ).format(model=name, reason=reason)
        self._finish(self._failed(self._failure, serving), f"{notice} {outcome}".strip())

    # -- slots ---------------------------------------------------------------------------

    @Slot(object)
    def _on_requested(self, switch: SwitchRequest) -> None:
        if switch.stopped.is_set():  # asked just before its server stopped
            _refuse_stopped(switch)
            return
        self._queue.append(switch)
        self._next()

    @Slot(str)
    def _on_controller_model_loading(self, path: str) -> None:
        switch = self._active
        if switch is None:
            return
        expected = {"loading": switch.path, "restoring": self._previous}.get(self._stage)
        if expected is not None and _same(path, expected):
            return  # the load this switch asked for
        # The user chose another model: it stays their choice, nothing more is loaded.
        log.info("A model chosen in the window ends the API requests' switches")
        self._end_all(
            lambda asked: SwitchFailure(
                409,
                f"The model was changed in Hearth; ask again to load {asked.model_id!r}.",
                "model_changed",
            )
        )

    @Slot()
    def _on_timer_timeout(self) -> None:
        self._try_switch()

    @Slot(object)
    def _on_controller_model_loaded(self, info: ModelInfo) -> None:
        switch, previous = self._active, self._previous
        if switch is None:
            return
        if self._stage == "loading" and same_file(info.path, switch.path):
            self._stage = "loaded"  # served once its service is there
        elif self._stage == "restoring" and previous and _same(info.path, previous):
            if parse_remote_path(previous) is not None:  # a remote model has no service
                self._fail(self.tr("{model} is chosen again.").format(model=info.name))
            else:
                self._stage = "restored"

    @Slot(object)
    def _on_controller_service_changed(self, service: object) -> None:
        switch, previous = self._active, self._previous
        if service is None or switch is None:
            return
        if self._stage == "loaded":
            model = self._controller.model
            named = model is not None and model.name != switch.model_id
            loaded = f"{switch.model_id} ({model.name})" if model is not None and named else ""
            loaded = loaded or switch.model_id
            log.info("An API request loaded %s (before: %s)", loaded, self._previous_name or "none")
            if self._previous_name:
                text = self.tr(
                    "An API request loaded {model} in place of {previous}; your next messages "
                    "go to it."
                ).format(model=loaded, previous=self._previous_name)
            else:
                text = self.tr(
                    "An API request loaded {model}; your next messages go to it."
                ).format(model=loaded)
            self._finish(None, text)
        elif self._stage == "restored" and previous is not None:
            self._fail(
                self.tr("{model} is loaded again.").format(model=_file_id(previous)),
                _file_id(previous),
            )

    @Slot(str, object)
    def _on_controller_model_load_failed(self, path: str, message: str) -> None:
        switch, previous = self._active, self._previous
        if switch is None:
            return
        if self._stage == "loading" and same_file(path, switch.path):
            self._failure = message
            model = self._controller.model
            if previous is None:
                self._fail("")
            elif model is not None and _same(model.path, previous):
                # Refused before the model was given up (a bad header): nothing changed.
                self._fail(
                    self.tr("{model} stays loaded.").format(model=_file_id(previous)),
                    _file_id(previous),
                )
            else:
                self._stage = "restoring"
                self._stage_deadline = time.monotonic() + LOAD_WAIT_S
                self._load(previous)
        elif self._stage == "restoring" and previous and _same(path, previous):
            self._fail(
                self.tr("{model} could not be loaded again either: {reason}").format(
                    model=_file_id(previous), reason=shown(message)
                )
            )

    @Slot(str)
    def _on_controller_model_load_cancelled(self, path: str) -> None:
        switch, previous = self._active, self._previous
        if switch is None:
            return
        if self._stage == "loading" and same_file(path, switch.path):
            stopped = f"The load of {switch.model_id!r} was stopped in Hearth."
            self._finish(SwitchFailure(503, stopped, "model_load_cancelled"))
        elif self._stage == "restoring" and previous and _same(path, previous):
            self._fail(
                self.tr("Loading {model} again was stopped.").format(model=_file_id(previous))
            )


def _refuse_stopped(switch: SwitchRequest) -> None:
    switch.answer(STOPPING)


def _same(a: str, b: str) -> bool:
    """The same model: the same file, or the same remote engine's model."""
    if parse_remote_path(a) is not None or parse_remote_path(b) is not None:
        return a == b
    return same_file(a, b)
