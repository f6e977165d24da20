"""The loaded model behind the API: one thread owns it and runs the sequence scheduler.

HTTP handlers never touch the model. They ask this thread to tokenize (:meth:`call`),
then :meth:`submit` a reply, which joins the scheduler's next step; its pieces and its
end come back through callbacks that run on the decoding thread. Up to ``capacity``
replies decode together (the model's ``parallel`` load setting); ``max_waiting`` more
may queue, and beyond that a request is refused (429) instead of waiting without end.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from engine.api.schema import ApiError
from engine.common.errors import ContextFull, HearthError
from engine.common.messages import msg, text_of
from engine.llm.chat_template import PromptPiece
from engine.llm.embeddings import Embedder, EmbedderInfo, Vector
from engine.llm.generation import Reply, chat_prompt_tokens, prepare_prompt, tokenize_prompt
from engine.llm.messages import Cancelled, ChatMessage, FinishReason
from engine.llm.model import LoadedModel
from engine.llm.parameters import SamplingSettings
from engine.llm.reasoning import ReplyStart, Thinking
from engine.llm.sequence_scheduler import SequenceRequest, SequenceScheduler

log = logging.getLogger(__name__)

T = TypeVar("T")
PieceCallback = Callable[[str], None]
EndCallback = Callable[[Reply | None, str | None], None]
DEFAULT_MAX_WAITING = 16


@dataclass(eq=False)
class _Tracked:
    request: SequenceRequest
    on_end: EndCallback
    # Older turns left out to fit the context (the window's replies say how many).
    dropped: int = 0
    # A reply the window asked for (submit_conversation), not an API request.
    window: bool = False


def model_id_for(path: str | Path) -> str:
    """The id clients name the model by: its file name without ``.gguf``."""
    name = Path(path).name
    return name[: -len(".gguf")] if name.lower().endswith(".gguf") else name


class ModelService:
    """Owns ``model`` once started: only its thread uses it until :meth:`close`."""

    def __init__(
        self,
        model: LoadedModel,
        *,
        max_waiting: int = DEFAULT_MAX_WAITING,
        prompt_tokens_per_step: int | None = None,
    ) -> None:
        self._model = model
        self.model_id = model_id_for(model.path)
        self.n_ctx = model.n_ctx
        self.created = int(time.time())
        self._scheduler = SequenceScheduler(model, prompt_tokens_per_step)
        self.capacity = self._scheduler.capacity
        self.max_waiting = max_waiting
        self._condition = threading.Condition()
        self._jobs: list[tuple[Callable[[], Any], Future[Any]]] = []
        self._tracked: list[_Tracked] = []
        self._closing: str | None = None
        # Opened on the first embeddings request; freed when the thread ends.
        self._embedder: Embedder | None = None
        self._thread = threading.Thread(target=self._run, name="hearth-api-decode", daemon=True)

    def start(self) -> ModelService:
        self._thread.start()
        return self

    def current(self) -> ModelService | None:
        """The service itself: a fixed :class:`~engine.api.server_app.ServiceSource`."""
        return None if self._closing is not None else self

    # -- any thread ----------------------------------------------------------------------

    def names(self, requested: str | None) -> bool:
        """Whether ``requested`` (a request's ``model``) is this model: its id, its file
        name; an empty name means "the loaded one"."""
        if not requested:
            return True
        return requested in (self.model_id, self._model.path.name, str(self._model.path))

    def call(self, work: Callable[[LoadedModel], T]) -> Future[T]:
        """Run ``work(model)`` on the decoding thread, between two steps."""
        future: Future[T] = Future()
        with self._condition:
            if self._closing is not None:
                future.set_exception(ApiError(503, self._closing, kind="server_error"))
                return future
            self._jobs.append((lambda: work(self._model), future))
            self._condition.notify()
        return future

    def chat_prompt(
        self, messages: Sequence[ChatMessage], thinking: str = Thinking.AUTO
    ) -> Future[tuple[list[int], ReplyStart]]:
        """The prompt tokens of a conversation, rendered with the model's template
        (``thinking`` set through its switch, as the reply will be), and where the reply
        starts in it (for :meth:`submit`)."""
        return self.call(lambda model: chat_prompt_tokens(model, messages, thinking))

    def text_prompt(self, text: str) -> Future[list[int]]:
        """The tokens of a raw prompt; its control-token markers count as such, as
        llama-server reads them."""
        return self.call(lambda model: tokenize_prompt(model, (PromptPiece(text, True),)))

    def embedder_info(self) -> Future[EmbedderInfo]:
        """The embeddings context's limits, opening it on the first call.

        The future fails with :class:`~engine.llm.embeddings.EmbeddingError` when the
        model cannot embed."""
        return self.call(lambda model: self._embedding_context(model).info)

    def embedding_tokens(self, texts: Sequence[str]) -> Future[list[list[int]]]:
        """The tokens of each input text, as the embeddings context reads them."""
        return self.call(lambda model: [self._embedding_context(model).tokenize(t) for t in texts])

    def embed(self, inputs: Sequence[Sequence[int]]) -> Future[list[Vector]]:
        """The normalised vectors of ``inputs``, in one decode (see
        :func:`engine.llm.embeddings.pack`); the replies decoding meanwhile wait one step."""
        return self.call(lambda model: self._embedding_context(model).embed(inputs))

    def _embedding_context(self, model: LoadedModel) -> Embedder:
        if self._embedder is None:
            self._embedder = Embedder(model)
        return self._embedder

    def submit(
        self,
        tokens: Sequence[int],
        sampling: SamplingSettings,
        *,
        on_piece: PieceCallback,
        on_end: EndCallback,
        cancel: threading.Event,
        grammar: str | None = None,
        start: ReplyStart | None = None,
        on_reasoning: PieceCallback | None = None,
    ) -> None:
        """Queue a reply to ``tokens``. ``on_piece`` gets its text as it comes, then
        ``on_end`` once: the reply (``None`` and why, when it failed); both run on the
        decoding thread.

        ``start``: where a chat prompt from :meth:`chat_prompt` leaves the reply, so
        that a reasoning model's thinking goes to ``on_reasoning`` apart from the
        answer; None for raw text (nothing split).

        Raises:
            ApiError: 429 when the queue is full, 503 while shutting down.
        """
        with self._condition:
            if self._closing is not None:
                raise ApiError(503, self._closing, kind="server_error")
            if len(self._tracked) >= self.capacity + self.max_waiting:
                raise ApiError(
                    429,
                    f"All {self.capacity} slot(s) are busy and {self.max_waiting} request(s) "
                    "are waiting; try again shortly.",
                    kind="rate_limit_exceeded",
                    code="server_busy",
                    headers={"Retry-After": "1"},
                )
            request = self._scheduler.submit(
                prompt_tokens=tokens,
                sampling=sampling,
                cancel=cancel,
                on_token=on_piece,
                grammar=grammar,
                start=start,
                on_reasoning=on_reasoning,
            )
            self._tracked.append(_Tracked(request, on_end))
            self._condition.notify()

    def submit_conversation(
        self,
        messages: Sequence[ChatMessage],
        sampling: SamplingSettings,
        *,
        on_piece: PieceCallback,
        on_end: EndCallback,
        cancel: threading.Event,
        assistant_prefix: str = "",
        on_reasoning: PieceCallback | None = None,
        reasoning_prefix: str = "",
        continue_thinking: bool = False,
    ) -> None:
        """A reply as the window asks for one: the oldest turns are left out when the
        conversation does not fit (as :func:`engine.llm.generation.prepare_prompt` does
        for the window's own replies), it goes ahead of the API requests waiting, and it
        is never refused for a full queue. Every outcome reaches ``on_end``.

        The thinking goes to ``on_reasoning``, apart from the answer
        (``sampling.thinking`` turns it on or off). A reply being continued passes its
        answer and thinking so far (``continue_thinking``: it stopped inside its
        thinking, which goes on), as :func:`engine.llm.generation.generate_reply`."""

        def prepare_and_queue(model: LoadedModel) -> None:
            try:
                prepared = prepare_prompt(
                    model,
                    messages,
                    sampling.max_tokens,
                    assistant_prefix,
                    cancel=cancel,
                    thinking=sampling.thinking,
                    reasoning_prefix=reasoning_prefix,
                    continue_thinking=continue_thinking,
                )
            except Cancelled:
                on_end(None, msg("The reply was cancelled."))
                return
            except HearthError as error:
                on_end(None, text_of(error))
                return
            if prepared.max_new_tokens < 1:
                full = msg("The context is full: there is no room left for a reply.")
                on_end(None, ContextFull.of(full))
                return
            limited = replace(sampling, max_tokens=prepared.max_new_tokens)
            with self._condition:
                request = self._scheduler.submit(
                    prompt_tokens=prepared.tokens,
                    sampling=limited,
                    cancel=cancel,
                    on_token=on_piece,
                    first=True,
                    start=prepared.reply_start,
                    on_reasoning=on_reasoning,
                )
                self._tracked.append(
                    _Tracked(request, on_end, prepared.conversation.dropped_messages, window=True)
                )

        def told_if_failed(future: Future[None]) -> None:
            error = future.exception()
            if error is not None:
                on_end(None, text_of(error))

        self.call(prepare_and_queue).add_done_callback(told_if_failed)

    @property
    def busy(self) -> int:
        """Replies running or waiting."""
        with self._condition:
            return len(self._tracked)

    @property
    def api_busy(self) -> int:
        """API requests running or waiting (the window's own replies left out)."""
        with self._condition:
            return sum(1 for tracked in self._tracked if not tracked.window)

    def close(
        self, reason: str = "The server is shutting down.", timeout: float | None = None
    ) -> bool:
        """Cancel every reply (each ends with ``reason``), stop the thread, and free the
        scheduler; True once the thread has stopped. The model stays the caller's to
        close, and only after this returned True: the thread may still be using it.
        ``timeout`` 0 only asks (a signal handler must not wait); the thread ends after
        the step or job it is in."""
        with self._condition:
            if self._closing is None:
                self._closing = reason
            for tracked in self._tracked:
                tracked.request.cancel.set()
            self._condition.notify()
        if self._thread.is_alive() and timeout != 0:
            self._thread.join(timeout)
        return not self._thread.is_alive()

    # -- the decoding thread ---------------------------------------------------------------

    def _run(self) -> None:
        try:
            while True:
                with self._condition:
                    while not self._jobs and not self._scheduler.has_work and self._closing is None:
                        self._condition.wait()
                    if self._scheduler.has_work and self._closing is None:
                        # One piece of work between two steps: the replies decoding
                        # pause for one (an embeddings piece, a prompt), not for all.
                        jobs, self._jobs = self._jobs[:1], self._jobs[1:]
                    else:
                        jobs, self._jobs = self._jobs, []
                    closing = self._closing
                for work, future in jobs:
                    if future.set_running_or_notify_cancel():
                        try:
                            future.set_result(work())
                        except BaseException as error:  # noqa: BLE001 - handed to the caller
                            future.set_exception(error)
                if closing is not None:
                    break
                if self._scheduler.has_work:
                    self._scheduler.step()
                self._report_ended(None)
        except Exception:  # a bug: every request still gets its end, the thread logs
            log.exception("The API's decoding thread failed")
            with self._condition:
                self._closing = self._closing or "The server's decoding thread failed."
        finally:
            self._scheduler.close()
            if self._embedder is not None:
                self._embedder.close()
            with self._condition:
                reason = self._closing
                jobs, self._jobs = self._jobs, []
            for _work, future in jobs:
                future.set_exception(ApiError(503, reason or "", kind="server_error"))
            self._report_ended(reason)

    def _report_ended(self, reason: str | None) -> None:
        ended: list[_Tracked] = []
        kept: list[_Tracked] = []
        with self._condition:
            for tracked in self._tracked:
                done = tracked.request.done.is_set() or reason is not None
                (ended if done else kept).append(tracked)
            self._tracked = kept
            closing = self._closing
        for tracked in ended:
            request = tracked.request
            reply = request.reply if request.done.is_set() else None
            if request.error is not None:
                tracked.on_end(None, request.error)
            elif reply is None or (
                closing is not None and reply.stats.finish_reason == FinishReason.CANCELLED
            ):
                # Cut short by the shutdown, not by its client: say so.
                tracked.on_end(None, closing or reason or "The reply was cancelled.")
            else:
                if tracked.dropped:
                    reply = replace(
                        reply, stats=replace(reply.stats, dropped_messages=tracked.dropped)
                    )
                tracked.on_end(reply, None)
