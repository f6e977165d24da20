"""The GUI thread's handle on the inference thread.

It starts the long-lived thread, hands requests to the worker through queued
signals, gives every reply a request id and its own cancel event, and re-emits the
worker's results on the GUI thread. Cancelling sets the event directly, never through
the event queue, so Stop takes effect even while the worker is busy with a prompt.

A running QThread must never be destroyed (Qt aborts the process). Every controller
stays referenced here until its thread has stopped, and an exit hook stops any that
was never shut down, e.g. when start-up failed after the thread was started.
"""

from __future__ import annotations

import atexit
import itertools
import logging
import os
import threading
from dataclasses import replace

from PySide6.QtCore import QDeadlineTimer, QObject, QThread, Signal, Slot

from engine.llm.messages import ChatMessage
from engine.llm.model import ModelInfo
from engine.llm.parameters import LoadSettings, SamplingSettings
from engine.remote.endpoint import RemoteEndpoint
from engine.remote.engines import remote_path
from gui.common.engine_text import shown
from gui.inference.worker import InferenceWorker, LoadTicket

log = logging.getLogger(__name__)

# Controllers whose thread may still be running, kept alive until it has stopped.
_live: list[InferenceController] = []


# How long the exit hook waits for a thread that did not stop when the window closed.
EXIT_WAIT_MS = 30_000


@atexit.register
def _stop_live_controllers() -> None:
    for controller in list(_live):
        if not controller.shutdown(timeout_ms=EXIT_WAIT_MS):
            # A call that cannot be cancelled (a load that reports no progress, a hung
            # disk) would keep a windowless process alive for ever. The history is
            # closed by now, so ending here loses nothing; letting Qt destroy the
            # running thread instead would abort with a core dump.
            log.critical("The inference thread is stuck; ending the process")
            logging.shutdown()
            os._exit(1)


class InferenceController(QObject):
    """Owns the inference thread and its worker; lives on the GUI thread.

    Signals:
        model_loading(str): a load of this path was started.
        model_loaded(object): the :class:`ModelInfo` of the newly loaded model.
        model_load_failed(str, object): path and reason (a ``str``; an engine Message
            where the engine said why: show it with ``gui.common.engine_text.shown``).
        model_load_cancelled(str): the load of this path was cancelled, by the user or
            by a newer load. Every load ends in exactly one of these three.
        load_progressed(str, int): path and percentage loaded.
        model_unloaded(): no model is loaded any more.
        token_received(int, str, int): request id, new text of the answer and how many
            pieces it joins, each about one token (one frame's pieces come together).
        reasoning_received(int, str, int): the same for a reasoning model's thinking
            (never part of the answer).
        prompt_counted(int, int): request id and its prompt's length in tokens, before
            the first token (replies generated in this process only).
        reply_completed(int, object): request id and the whole
            :class:`engine.llm.generation.Reply` (answer, thinking, statistics); just
            before ``reply_finished``, for the same replies. What streamed may differ
            from it: a model that never closed its thinking and wrote no answer has
            that text as its answer.
        reply_finished(int, str, object): request id, full text and ``ReplyStats``.
        reply_failed(int, object): request id and reason (as above).
        service_changed(object): the :class:`engine.api.service.ModelService` that
            serves the loaded model to the local API server, or None (no model, or the
            server is off).
    """

    model_loading = Signal(str)
    model_loaded = Signal(object)
    model_load_failed = Signal(str, object)
    model_load_cancelled = Signal(str)
    load_progressed = Signal(str, int)
    model_unloaded = Signal()
    token_received = Signal(int, str, int)
    reasoning_received = Signal(int, str, int)
    prompt_counted = Signal(int, int)
    reply_completed = Signal(int, object)
    reply_finished = Signal(int, str, object)
    reply_failed = Signal(int, object)
    service_changed = Signal(object)

    # Requests to the worker (queued onto its thread).
    _load_requested = Signal(str, object, object)
    _unload_requested = Signal()
    _generate_requested = Signal(int, object, object, object, str, object, str, bool)
    _serving_requested = Signal(bool)
    _forget_requested = Signal(object)
    _remote_requested = Signal(object, str, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids = itertools.count(1)
        self._cancels: dict[int, threading.Event] = {}
        self._model: ModelInfo | None = None
        self._serving = False
        self._load_numbers = itertools.count(1)
        # Loads requested and not yet ended, oldest first.
        self._loads: dict[int, LoadTicket] = {}
        self._thread = QThread()
        self._thread.setObjectName("inference")
        self._worker = InferenceWorker()
        self._worker.moveToThread(self._thread)
        self._load_requested.connect(self._worker.load_model)
        self._unload_requested.connect(self._worker.unload_model)
        self._generate_requested.connect(self._worker.generate)
        self._serving_requested.connect(self._worker.set_serving)
        self._forget_requested.connect(self._worker.forget_state)
        self._remote_requested.connect(self._worker.load_remote)
        self._worker.service_changed.connect(self._on_worker_service_changed)
        self._worker.model_loaded.connect(self._on_worker_model_loaded)
        self._worker.model_load_failed.connect(self._on_worker_model_load_failed)
        self._worker.model_load_cancelled.connect(self._on_worker_model_load_cancelled)
        self._worker.load_progressed.connect(self._on_worker_load_progressed)
        self._worker.model_unloaded.connect(self._on_worker_model_unloaded)
        # Forwarded by Qt itself (queued to this thread, in order with the slots below):
        # a Python slot per token cost about a tenth of a millisecond each.
        self._worker.token_received.connect(self.token_received)
        self._worker.reasoning_received.connect(self.reasoning_received)
        self._worker.prompt_counted.connect(self.prompt_counted)
        self._worker.reply_completed.connect(self._on_worker_reply_completed)
        self._worker.reply_finished.connect(self._on_worker_reply_finished)
        self._worker.reply_failed.connect(self._on_worker_reply_failed)
        self._thread.start()
        _live.append(self)

    @property
    def model(self) -> ModelInfo | None:
        return self._model

    @property
    def serving(self) -> bool:
        """Replies go through the local API server's decoding service (it is on)."""
        return self._serving

    @property
    def continues_thinking(self) -> bool:
        """A reply stopped while thinking can think on: the model is local (a remote
        engine starts a reply afresh or after an answer)."""
        model = self._model
        return model is not None and model.architecture != "remote"

    @property
    def is_loading(self) -> bool:
        return bool(self._loads)

    def is_running(self) -> bool:
        return self._thread.isRunning()

    @property
    def worker_thread(self) -> QThread:
        """The thread the model lives on (objects moved there run beside the worker)."""
        return self._thread

    def load_model(self, path: str, settings: LoadSettings | None = None) -> None:
        """Load ``path`` on the worker. Any reply in progress is cancelled first (its
        event is set here, so the worker drops it before it reaches this load), and so
        is any earlier load still pending."""
        self.cancel_all()
        ticket = LoadTicket(self._load_numbers, path)
        superseded = list(self._loads.values())
        # Registered first, so that while the older ones report their end the
        # controller already counts as loading.
        self._loads[ticket.number] = ticket
        for older in superseded:
            self._cancel_ticket(older)
        self.model_loading.emit(path)
        self._load_requested.emit(path, settings or LoadSettings(), ticket)

    def load_remote(self, endpoint: RemoteEndpoint, model_id: str) -> None:
        """Chat with ``model_id`` on a remote engine (the local model is freed). Ends
        like a load: loaded (nothing is loaded here; the engine was reached), failed or
        cancelled, under the path :func:`engine.remote.engines.remote_path` gives."""
        self.cancel_all()
        ticket = LoadTicket(self._load_numbers, remote_path(endpoint.name, model_id))
        superseded = list(self._loads.values())
        self._loads[ticket.number] = ticket
        for older in superseded:
            self._cancel_ticket(older)
        self.model_loading.emit(ticket.path)
        self._remote_requested.emit(endpoint, model_id, ticket)

    def cancel_load(self) -> None:
        """Stop the loads not yet ended: one the worker has not reached is reported
        cancelled at once; one in progress stops at llama.cpp's next progress report."""
        self._cancel_loads()

    def _cancel_loads(self) -> None:
        for ticket in list(self._loads.values()):
            self._cancel_ticket(ticket)

    def _cancel_ticket(self, ticket: LoadTicket) -> None:
        if ticket.cancel():
            self._loads.pop(ticket.number, None)
            self.model_load_cancelled.emit(ticket.path)

    def unload_model(self) -> None:
        self.cancel_all()
        self._unload_requested.emit()

    def generate(
        self,
        messages: tuple[ChatMessage, ...],
        sampling: SamplingSettings,
        assistant_prefix: str = "",
        conversation: int | str | None = None,
        *,
        reasoning_prefix: str = "",
        continue_thinking: bool = False,
    ) -> int:
        """Queue a reply to ``messages`` (continuing ``assistant_prefix``); return its id.

        ``conversation`` (a chat id, or a feature's own key) keeps its KV cache apart.
        ``reasoning_prefix`` is the thinking of the reply being continued;
        ``continue_thinking``: that reply stopped while thinking, and thinks on.
        """
        request_id = next(self._ids)
        cancel = threading.Event()
        self._cancels[request_id] = cancel
        self._generate_requested.emit(
            request_id,
            tuple(messages),
            sampling,
            cancel,
            assistant_prefix,
            conversation,
            reasoning_prefix,
            continue_thinking,
        )
        return request_id

    def set_serving(self, serving: bool) -> None:
        """Serve the loaded model (and each one loaded later) to the local API server,
        through the same worker: no second copy of the weights. ``service_changed``
        tells when the service is ready."""
        self._serving_requested.emit(serving)

    def forget_state(self, conversation: int | str) -> None:
        """Drop the KV cache state kept for ``conversation`` (a feature's requests under
        that key are over), on the worker's thread."""
        self._forget_requested.emit(conversation)

    def cancel(self, request_id: int) -> None:
        event = self._cancels.get(request_id)
        if event is not None:
            event.set()

    def cancel_all(self) -> None:
        for event in self._cancels.values():
            event.set()

    def shutdown(self, timeout_ms: int | None = 5000) -> bool:
        """Stop replies and loads, stop the thread, then free the model (in that order,
        never the model while the thread may use it). True if it all stopped within
        ``timeout_ms`` (None: wait as long as it takes)."""
        self.cancel_all()
        self._cancel_loads()
        self._thread.quit()
        deadline = QDeadlineTimer(QDeadlineTimer.ForeverConstant.Forever)
        if timeout_ms is not None:
            deadline = QDeadlineTimer(timeout_ms)
        stopped = bool(self._thread.wait(deadline))
        if stopped:
            self._worker.close_model()
            if self in _live:
                _live.remove(self)
        else:
            # Still referenced from _live: the exit hook waits for it rather than let
            # Qt destroy a running thread.
            log.error("The inference thread did not stop within %d ms", timeout_ms)
        return stopped

    @Slot(object, int)
    def _on_worker_model_loaded(self, info: ModelInfo, number: int) -> None:
        self._loads.pop(number, None)
        # A known model's name ("… (starter)") in the window's language.
        info = replace(info, name=shown(info.name))
        self._model = info
        self.model_loaded.emit(info)

    @Slot(str, object, int)
    def _on_worker_model_load_failed(self, path: str, message: str, number: int) -> None:
        self._loads.pop(number, None)
        self.model_load_failed.emit(path, message)

    @Slot(str, int)
    def _on_worker_model_load_cancelled(self, path: str, number: int) -> None:
        self._loads.pop(number, None)
        self.model_load_cancelled.emit(path)

    @Slot(str, int)
    def _on_worker_load_progressed(self, path: str, percent: int) -> None:
        self.load_progressed.emit(path, percent)

    @Slot()
    def _on_worker_model_unloaded(self) -> None:
        self._model = None
        self.model_unloaded.emit()

    @Slot(object)
    def _on_worker_service_changed(self, service: object) -> None:
        self._serving = service is not None
        self.service_changed.emit(service)

    @Slot(int, object)
    def _on_worker_reply_completed(self, request_id: int, reply: object) -> None:
        self.reply_completed.emit(request_id, reply)

    @Slot(int, str, object)
    def _on_worker_reply_finished(self, request_id: int, text: str, stats: object) -> None:
        self._cancels.pop(request_id, None)
        self.reply_finished.emit(request_id, text, stats)

    @Slot(int, object)
    def _on_worker_reply_failed(self, request_id: int, message: str) -> None:
        self._cancels.pop(request_id, None)
        self.reply_failed.emit(request_id, message)
