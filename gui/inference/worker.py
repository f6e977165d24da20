"""The one object that owns the loaded model, living on the inference thread.

Load, unload and generate are queued slots, so they run one after another on that
thread by construction; nothing else ever touches the ``Llama`` object. Results leave
as signals carrying immutable values; errors leave as ``*_failed`` signals.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from engine.common.errors import HearthError, LoadCancelledError
from engine.common.messages import msg, text_of
from engine.llm.compute_threads import release_compute_threads
from engine.llm.generation import Reply, ReplyStats, generate_reply
from engine.llm.gguf_metadata import read_gguf_metadata
from engine.llm.gpu_offload import load_with_placement
from engine.llm.kv_state import KVStateCache
from engine.llm.messages import ChatMessage, FinishReason
from engine.llm.model import LoadedModel, ModelInfo
from engine.llm.parameters import LoadSettings, SamplingSettings
from engine.remote.endpoint import RemoteEndpoint
from engine.remote.engines import remote_path
from gui.inference.token_batch import FRAME_S, PieceBatcher

if TYPE_CHECKING:  # imported when first used: the API's and the network's libraries
    from engine.api.service import ModelService

log = logging.getLogger(__name__)


class LoadTicket:
    """One load request, shared by the controller (GUI thread) and the worker.

    Every ticket ends in exactly one of loaded, failed or cancelled. A ticket cancelled
    before the worker reached it is settled at once by the controller, so the window
    does not wait for whatever the worker is busy with; the worker then skips it.
    """

    def __init__(self, source: itertools.count[int], path: str) -> None:
        self.number = next(source)
        self.path = path
        self.cancelled = threading.Event()
        self._lock = threading.Lock()
        self._started = False
        self._settled = False

    def is_current(self) -> bool:
        """False once cancelled (by the user, or by a newer load): a load stops early."""
        return not self.cancelled.is_set()

    def begin(self) -> bool:
        """On the worker: claim the load. False if it was settled before it started."""
        with self._lock:
            if self._settled:
                return False
            self._started = True
            return True

    def cancel(self) -> bool:
        """On the GUI thread: stop this load. True when it had not started, so the
        caller reports it cancelled now; False when the worker will report how it ended
        (a load in progress stops at llama.cpp's next progress report)."""
        self.cancelled.set()
        with self._lock:
            if self._started or self._settled:
                return False
            self._settled = True
            return True


class InferenceWorker(QObject):
    """Owns the :class:`LoadedModel`; moved onto the inference QThread.

    Signals:
        model_loaded(object, int): the new model's :class:`engine.llm.model.ModelInfo` and
            the load's ticket number.
        model_load_failed(str, object, int): the path, why it failed (a ``str``: an
            engine :class:`~engine.common.messages.Message` where the engine said why,
            English for the API, translated by the window), the ticket number.
        model_load_cancelled(str, int): the path and the ticket number.
        load_progressed(str, int): the path and the percentage of weights loaded.
        model_unloaded(): the model was freed.
        token_received(int, str, int): request id, new text of the answer and how many
            pieces it joins, each about one token (an in-process reply's pieces that came
            within one frame are handed over together: gui/inference/token_batch.py).
        reasoning_received(int, str, int): the same for a reasoning model's thinking
            (never part of the answer).
        prompt_counted(int, int): request id and the length of its prompt in tokens,
            before the first token (replies generated in this process only).
        reply_completed(int, object): request id and the whole
            :class:`engine.llm.generation.Reply` (answer, thinking, statistics);
            emitted just before ``reply_finished``, for the same replies.
        reply_finished(int, str, object): request id, full text, ``ReplyStats``.
        reply_failed(int, object): request id and why (a ``str``, a Message as above).
        service_changed(object): the :class:`engine.api.service.ModelService` that now
            owns the model for the local API server (replies then go through it too),
            or None when the worker owns it again.
    """

    model_loaded = Signal(object, int)
    model_load_failed = Signal(str, object, int)
    model_load_cancelled = Signal(str, int)
    load_progressed = Signal(str, int)
    model_unloaded = Signal()
    token_received = Signal(int, str, int)
    reasoning_received = Signal(int, str, int)
    prompt_counted = Signal(int, int)
    reply_completed = Signal(int, object)
    reply_finished = Signal(int, str, object)
    reply_failed = Signal(int, object)
    service_changed = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self._model: LoadedModel | None = None
        self._kv_states = KVStateCache()
        # While the local API server is on, a ModelService's decoding thread owns the
        # model and runs the window's replies beside the API's (continuous batching).
        self._serving = False
        self._service: ModelService | None = None
        # A model on a remote engine instead of a local one: (endpoint, model id).
        self._remote: tuple[RemoteEndpoint, str] | None = None

    @Slot(bool)
    def set_serving(self, serving: bool) -> None:
        """Hand the model to a decoding service for the API (or take it back)."""
        self._serving = serving
        if serving and self._model is not None and self._service is None:
            self._start_service()
        elif not serving and self._service is not None:
            self._stop_service("The local API server was turned off.")

    def _start_service(self) -> None:
        assert self._model is not None
        from engine.api.service import ModelService

        # The service writes the context's cells: the conversations' saved states
        # would no longer match it.
        self._kv_states.clear()
        self._service = ModelService(self._model).start()
        # The service's thread decodes from now on: this one's CPU workers would make
        # llama.cpp's runtime stop spinning for both (engine/llm/compute_threads.py).
        release_compute_threads()
        self.service_changed.emit(self._service)

    def _stop_service(self, reason: str) -> None:
        service, self._service = self._service, None
        if service is not None:
            service.close(reason)
            self._kv_states.clear()
            self.service_changed.emit(None)

    @Slot(str, object, object)
    def load_model(self, path: str, settings: LoadSettings, ticket: LoadTicket) -> None:
        """Free the current model first (never hold two), then load ``path`` where it
        fits. Ends in exactly one of model_loaded, model_load_failed or
        model_load_cancelled, unless the controller already reported it cancelled."""
        if not ticket.begin():
            return
        if not ticket.is_current():
            self.model_load_cancelled.emit(path, ticket.number)
            return
        previous = self._model
        had_remote = self._remote is not None
        try:
            # Check the new file before giving up the old model.
            metadata = read_gguf_metadata(path, read_tokens=False)
            self._stop_service("Hearth is changing its model.")
            self.close_model()
            reported = [-1]

            def on_progress(progress: float) -> bool:
                percent = int(progress * 100)
                if percent != reported[0]:
                    reported[0] = percent
                    self.load_progressed.emit(path, percent)
                return ticket.is_current()

            self._model, placement = load_with_placement(
                path, settings, on_progress=on_progress, metadata=metadata
            )
        except Exception as error:  # every failure is told; a bug must not end the thread
            if (previous is not None and previous.closed) or (had_remote and not self._remote):
                self.model_unloaded.emit()
            if isinstance(error, LoadCancelledError):
                self.model_load_cancelled.emit(path, ticket.number)
            elif isinstance(error, HearthError):
                log.warning("Could not load %s: %s", path, error)
                self.model_load_failed.emit(path, text_of(error), ticket.number)
            else:  # an unexpected bug must not kill the thread
                log.exception("Unexpected error loading %s", path)
                self.model_load_failed.emit(
                    path, msg("Unexpected error: {error}", error=str(error)), ticket.number
                )
            return
        info = replace(
            self._model.info(),
            backend=placement.backend,
            gpu_layers=placement.gpu_layers,
            total_layers=placement.total_layers,
            placement=placement.summary,
            placement_fell_back=placement.fell_back,
        )
        self.model_loaded.emit(info, ticket.number)
        if self._serving:
            self._start_service()

    @Slot(object, str, object)
    def load_remote(self, endpoint: RemoteEndpoint, model_id: str, ticket: LoadTicket) -> None:
        """Chat with ``model_id`` on a remote engine: nothing is loaded here; the local
        model is freed, and the engine is asked once that it serves that model."""
        from engine.remote.openai_client import RemoteError, list_models

        path = remote_path(endpoint.name, model_id)
        if not ticket.begin():
            return
        if not ticket.is_current():
            self.model_load_cancelled.emit(path, ticket.number)
            return
        try:
            served = list_models(endpoint)
        except RemoteError as error:
            self.model_load_failed.emit(path, text_of(error), ticket.number)
            return
        if model_id not in served:
            message = (
                msg(
                    "{engine} ({host}) no longer serves {model}; it serves: {models}",
                    engine=endpoint.name,
                    host=endpoint.host,
                    model=model_id,
                    models=", ".join(served[:10]),
                )
                if served
                else msg(
                    "{engine} ({host}) no longer serves {model}; it serves nothing",
                    engine=endpoint.name,
                    host=endpoint.host,
                    model=model_id,
                )
            )
            self.model_load_failed.emit(path, message, ticket.number)
            return
        if not ticket.is_current():
            self.model_load_cancelled.emit(path, ticket.number)
            return
        self._stop_service("Hearth switched to a remote model.")
        self.close_model()
        self._remote = (endpoint, model_id)
        info = ModelInfo(
            name=model_id,
            path=path,
            architecture="remote",
            quantization="",
            size_label="",
            n_ctx=0,
            load_seconds=0.0,
            backend=endpoint.name,
            placement=f"on {endpoint.name} ({endpoint.host})",
        )
        self.model_loaded.emit(info, ticket.number)

    @Slot(object)
    def forget_state(self, conversation: object) -> None:
        """Drop the KV cache state kept for ``conversation`` (InferenceController)."""
        self._kv_states.forget(conversation)

    @Slot()
    def unload_model(self) -> None:
        if self._remote is not None:
            self._remote = None
            self.model_unloaded.emit()
            return
        if self._model is not None:
            self._stop_service("The model was unloaded in Hearth.")
            self.close_model()
            self.model_unloaded.emit()

    @Slot(int, object, object, object, str, object, str, bool)
    def generate(
        self,
        request_id: int,
        messages: tuple[ChatMessage, ...],
        sampling: SamplingSettings,
        cancel: threading.Event,
        assistant_prefix: str = "",
        conversation: int | str | None = None,
        reasoning_prefix: str = "",
        continue_thinking: bool = False,
    ) -> None:
        """Write a reply to ``messages``. ``assistant_prefix`` and ``reasoning_prefix``
        are the answer and the thinking of a reply being continued;
        ``continue_thinking``: it stopped inside its thinking, which goes on."""
        remote = self._remote
        model = self._model
        if remote is None and model is None:
            self.reply_failed.emit(request_id, msg("No model is loaded. Open a model first."))
            return
        if self._service is not None:
            self._generate_in_service(
                self._service,
                request_id,
                messages,
                sampling,
                cancel,
                assistant_prefix,
                reasoning_prefix,
                continue_thinking,
            )
            return

        # In-process tokens come steadily until the reply ends: they are handed over a
        # frame at a time. A remote engine's come in bursts with pauses between: each
        # goes at once, or the end of a burst would wait for the next.
        batcher = self._batcher(request_id, batched=remote is None)
        on_token, on_reasoning = batcher.text, batcher.reasoning
        try:
            if remote is not None:  # the reply comes from the remote engine
                from engine.remote.openai_client import stream_chat

                reply = stream_chat(
                    *remote,
                    messages,
                    sampling,
                    cancel=cancel,
                    on_token=on_token,
                    assistant_prefix=assistant_prefix,
                    on_reasoning=on_reasoning,
                )
            else:
                assert model is not None
                if conversation is not None:
                    self._kv_states.switch_to(conversation, model)
                reply = generate_reply(
                    model,
                    messages,
                    sampling,
                    cancel=cancel,
                    on_token=on_token,
                    assistant_prefix=assistant_prefix,
                    on_reasoning=on_reasoning,
                    reasoning_prefix=reasoning_prefix,
                    continue_thinking=continue_thinking,
                    on_prompt=lambda tokens: self.prompt_counted.emit(request_id, tokens),
                )
        except HearthError as error:  # RemoteError among them
            batcher.flush()
            self.reply_failed.emit(request_id, text_of(error))
            return
        except Exception as error:  # a bug fails this reply and is logged; the thread lives
            log.exception("Unexpected error while generating")
            batcher.flush()
            self.reply_failed.emit(request_id, msg("Unexpected error: {error}", error=str(error)))
            return
        batcher.flush()
        self._finished(request_id, reply)

    def _batcher(self, request_id: int, *, batched: bool) -> PieceBatcher:
        """Hands one reply's pieces over, a frame at a time where ``batched``, else
        each at once."""

        def text(joined: str, count: int) -> None:
            self.token_received.emit(request_id, joined, count)

        def reasoning(joined: str, count: int) -> None:
            self.reasoning_received.emit(request_id, joined, count)

        return PieceBatcher(text, reasoning, interval_s=FRAME_S if batched else 0.0)

    def _finished(self, request_id: int, reply: Reply) -> None:
        self.reply_completed.emit(request_id, reply)
        self.reply_finished.emit(request_id, reply.text, reply.stats)

    def _generate_in_service(
        self,
        service: ModelService,
        request_id: int,
        messages: tuple[ChatMessage, ...],
        sampling: SamplingSettings,
        cancel: threading.Event,
        assistant_prefix: str,
        reasoning_prefix: str = "",
        continue_thinking: bool = False,
    ) -> None:
        """The reply through the API's decoding service; its signals are emitted from
        that thread (Qt queues them to the receivers' threads)."""
        parts: list[str] = []
        thought: list[str] = []
        started = time.perf_counter()
        # The decoding service may spend a step on another request's prompt between two
        # of this reply's tokens: each piece goes at once, never held through that.
        batcher = self._batcher(request_id, batched=False)

        def on_piece(text: str) -> None:
            parts.append(text)
            batcher.text(text)

        def on_reasoning(text: str) -> None:
            thought.append(text)
            batcher.reasoning(text)

        def on_end(reply: Reply | None, error: str | None) -> None:
            batcher.flush()
            if reply is not None:
                self._finished(request_id, reply)
            elif cancel.is_set():  # stopped while the service closed: a stopped reply
                stats = ReplyStats(
                    prompt_tokens=0,
                    cached_tokens=0,
                    completion_tokens=len(parts) + len(thought),
                    ttft_s=time.perf_counter() - started,
                    prefill_tps=0.0,
                    decode_tps=0.0,
                    finish_reason=FinishReason.CANCELLED,
                    thinking_unfinished=not parts and (continue_thinking or bool(thought)),
                )
                self._finished(request_id, Reply("".join(parts), stats, "".join(thought)))
            else:
                self.reply_failed.emit(request_id, error or msg("The reply failed."))

        service.submit_conversation(
            messages,
            sampling,
            on_piece=on_piece,
            on_end=on_end,
            cancel=cancel,
            assistant_prefix=assistant_prefix,
            on_reasoning=on_reasoning,
            reasoning_prefix=reasoning_prefix,
            continue_thinking=continue_thinking,
        )

    def close_model(self) -> None:
        """Free the model. Called on the worker thread, or after it has stopped."""
        self._stop_service("Hearth is closing.")
        self._remote = None
        model, self._model = self._model, None
        self._kv_states.clear()
        if model is not None:
            model.close()
