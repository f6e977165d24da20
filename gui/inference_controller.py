"""The GUI thread's handle on the inference thread.

It starts the long-lived thread, hands requests to the worker through queued
signals, gives every reply a request id and its own cancel event, and re-emits the
worker's results on the GUI thread. Cancelling sets the event directly, never through
the event queue, so Stop takes effect within one token even while the worker is busy.
"""

from __future__ import annotations

import itertools
import logging
import threading

from PySide6.QtCore import QObject, QThread, Signal, Slot

from engine.messages import ChatMessage
from engine.model import ModelInfo
from engine.settings import LoadSettings, SamplingSettings
from gui.inference_worker import InferenceWorker, LoadTicket

log = logging.getLogger(__name__)


class InferenceController(QObject):
    """Owns the inference thread and its worker; lives on the GUI thread.

    Signals:
        model_loading(str): a load of this path was started.
        model_loaded(object): the :class:`ModelInfo` of the newly loaded model.
        model_load_failed(str, str): path and reason.
        load_progressed(str, int): path and percentage loaded.
        model_unloaded(): no model is loaded any more.
        token_received(int, str): request id and a new piece of text.
        reply_finished(int, str, object): request id, full text and ``ReplyStats``.
        reply_failed(int, str): request id and reason.
    """

    model_loading = Signal(str)
    model_loaded = Signal(object)
    model_load_failed = Signal(str, str)
    load_progressed = Signal(str, int)
    model_unloaded = Signal()
    token_received = Signal(int, str)
    reply_finished = Signal(int, str, object)
    reply_failed = Signal(int, str)

    # Requests to the worker (queued onto its thread).
    _load_requested = Signal(str, object, object)
    _unload_requested = Signal()
    _generate_requested = Signal(int, object, object, object, str, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids = itertools.count(1)
        self._cancels: dict[int, threading.Event] = {}
        self._model: ModelInfo | None = None
        self._loading = False
        self._load_numbers = itertools.count(1)
        self._latest_load = [0]
        self._load_ticket: LoadTicket | None = None
        self._thread = QThread()
        self._thread.setObjectName("inference")
        self._worker = InferenceWorker()
        self._worker.moveToThread(self._thread)
        self._load_requested.connect(self._worker.load_model)
        self._unload_requested.connect(self._worker.unload_model)
        self._generate_requested.connect(self._worker.generate)
        self._worker.model_loaded.connect(self._on_worker_model_loaded)
        self._worker.model_load_failed.connect(self._on_worker_model_load_failed)
        self._worker.load_progressed.connect(self._on_worker_load_progressed)
        self._worker.model_unloaded.connect(self._on_worker_model_unloaded)
        self._worker.token_received.connect(self._on_worker_token_received)
        self._worker.reply_finished.connect(self._on_worker_reply_finished)
        self._worker.reply_failed.connect(self._on_worker_reply_failed)
        self._thread.start()

    @property
    def model(self) -> ModelInfo | None:
        return self._model

    @property
    def is_loading(self) -> bool:
        return self._loading

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def load_model(self, path: str, settings: LoadSettings | None = None) -> None:
        """Load ``path`` on the worker; any reply in progress is stopped first."""
        self.cancel_all()
        self._loading = True
        self.model_loading.emit(path)
        ticket = LoadTicket(self._load_numbers, self._latest_load)
        self._load_ticket = ticket
        self._load_requested.emit(path, settings or LoadSettings(), ticket)

    def cancel_load(self) -> None:
        """Stop the load in progress (llama.cpp stops at its next progress report)."""
        if self._load_ticket is not None:
            self._load_ticket.cancelled.set()

    def unload_model(self) -> None:
        self.cancel_all()
        self._unload_requested.emit()

    def generate(
        self,
        messages: tuple[ChatMessage, ...],
        sampling: SamplingSettings,
        assistant_prefix: str = "",
        conversation: int | None = None,
    ) -> int:
        """Queue a reply to ``messages`` (continuing ``assistant_prefix``); return its id.

        ``conversation`` lets the worker keep each conversation's KV cache apart.
        """
        request_id = next(self._ids)
        cancel = threading.Event()
        self._cancels[request_id] = cancel
        self._generate_requested.emit(
            request_id, tuple(messages), sampling, cancel, assistant_prefix, conversation
        )
        return request_id

    def cancel(self, request_id: int) -> None:
        event = self._cancels.get(request_id)
        if event is not None:
            event.set()

    def cancel_all(self) -> None:
        for event in self._cancels.values():
            event.set()

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Stop replies and loads, stop the thread, then free the model. True if it all
        stopped."""
        self.cancel_all()
        self.cancel_load()
        self._thread.quit()
        stopped = self._thread.wait(timeout_ms)
        if stopped:
            self._worker.close_model()
        else:
            log.error("The inference thread did not stop within %d ms", timeout_ms)
        return bool(stopped)

    @Slot(object)
    def _on_worker_model_loaded(self, info: ModelInfo) -> None:
        self._loading = False
        self._model = info
        self.model_loaded.emit(info)

    @Slot(str, str)
    def _on_worker_model_load_failed(self, path: str, message: str) -> None:
        self._loading = False
        self.model_load_failed.emit(path, message)

    @Slot(str, int)
    def _on_worker_load_progressed(self, path: str, percent: int) -> None:
        self.load_progressed.emit(path, percent)

    @Slot()
    def _on_worker_model_unloaded(self) -> None:
        self._model = None
        self.model_unloaded.emit()

    @Slot(int, str)
    def _on_worker_token_received(self, request_id: int, text: str) -> None:
        self.token_received.emit(request_id, text)

    @Slot(int, str, object)
    def _on_worker_reply_finished(self, request_id: int, text: str, stats: object) -> None:
        self._cancels.pop(request_id, None)
        self.reply_finished.emit(request_id, text, stats)

    @Slot(int, str)
    def _on_worker_reply_failed(self, request_id: int, message: str) -> None:
        self._cancels.pop(request_id, None)
        self.reply_failed.emit(request_id, message)
