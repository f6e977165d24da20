"""Chat actions over the history store and the inference thread, on the GUI thread.

Every reply is written to the store as it happens: the user's message is committed
before the request leaves, the streaming reply (its answer and a reasoning model's
thinking, kept apart) is saved four times a second, and its final text, thinking, state
and statistics when it ends. Only answers go back to the model in later turns. Replies
are routed by request id to the conversation and message they belong to, whatever
conversation is on screen.
"""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, replace

from PySide6.QtCore import QObject, Signal, Slot

from engine.chat.history_store import (
    HistoryStore,
    HistoryStoreError,
    MessageState,
    StoredMessage,
    auto_title,
)
from engine.common.errors import HearthError
from engine.llm.generation import Reply, ReplyStats
from engine.llm.messages import ChatMessage, FinishReason, Role
from engine.llm.parameters import SamplingSettings
from engine.llm.reasoning import Thinking, ThinkingSwitch
from gui.chat.continued_stats import combined_stats
from gui.chat.reply_job import ReplyJob
from gui.common.engine_text import shown
from gui.common.throttle import Throttle
from gui.common.ui_locale import QT_TRANSLATE_NOOP
from gui.inference.controller import InferenceController

log = logging.getLogger(__name__)

SAVE_INTERVAL_MS = 250
NO_THINKING_CONTINUED = QT_TRANSLATE_NOOP(
    "ChatController",
    "This reply stopped while the model was thinking. Its thinking can be continued "
    "only with a model loaded here (a remote engine would start the reply afresh); "
    "regenerate it instead, or continue it with a local model.",
)
# Messages in these states are not shown to the model again.
_EXCLUDED_FROM_PROMPT = (MessageState.ERROR, MessageState.STREAMING)


class ChatController(QObject):
    """Sends, regenerates, edits, continues and stops replies; keeps the store current.

    Signals:
        reply_started(int, int): conversation id, assistant message id.
        reply_text_added(int, int, str): conversation id, message id, new text.
        reply_reasoning_added(int, int, str): conversation id, message id, a new piece
            of a reasoning model's thinking (apart from the answer).
        reply_prompt_counted(int): conversation id: the engine counted the prompt of the
            reply streaming there (the context it fills is known before the first token).
        reply_ended(int, int): conversation id, message id (the store has its final state).
        conversation_changed(int): the conversation's messages or title changed.
        conversations_changed(): the list of conversations changed.
        error_occurred(str): something the user should read.
    """

    reply_started = Signal(int, int)
    reply_text_added = Signal(int, int, str)
    reply_reasoning_added = Signal(int, int, str)
    reply_prompt_counted = Signal(int)
    reply_ended = Signal(int, int)
    conversation_changed = Signal(int)
    conversations_changed = Signal()
    error_occurred = Signal(str)

    def __init__(
        self,
        store: HistoryStore,
        inference: InferenceController,
        sampling: SamplingSettings | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.inference = inference
        self.sampling = sampling or SamplingSettings()
        self._jobs: dict[int, ReplyJob] = {}
        # A streaming reply is saved at most every SAVE_INTERVAL_MS, once text arrived.
        self._save_throttle = Throttle(SAVE_INTERVAL_MS, self.save_streaming, self)
        inference.token_received.connect(self._on_inference_token_received)
        inference.reasoning_received.connect(self._on_inference_reasoning_received)
        inference.prompt_counted.connect(self._on_inference_prompt_counted)
        inference.reply_completed.connect(self._on_inference_reply_completed)
        inference.reply_failed.connect(self._on_inference_reply_failed)

    # -- state -----------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """True while a reply is being written (one at a time: there is one model)."""
        return bool(self._jobs)

    def sampling_for(self, conversation_id: int) -> SamplingSettings:
        """The conversation's own sampling settings, else the default ones."""
        saved = self.store.conversation(conversation_id).settings.get("sampling")
        if isinstance(saved, dict):
            try:
                return SamplingSettings.from_dict(saved)
            except HearthError as error:
                log.warning("Conversation %d: %s", conversation_id, error)
        return self.sampling

    def _job_in(self, conversation_id: int) -> ReplyJob | None:
        """The reply streaming in the conversation (None: none is)."""
        return next((j for j in self._jobs.values() if j.conversation_id == conversation_id), None)

    def _job_of(self, message_id: int) -> ReplyJob | None:
        """The reply streaming into the message (None: it is not streaming)."""
        return next((j for j in self._jobs.values() if j.message_id == message_id), None)

    def streaming_message(self, conversation_id: int) -> int | None:
        job = self._job_in(conversation_id)
        return None if job is None else job.message_id

    def streaming_conversation(self) -> int | None:
        """The conversation a reply is being written in (None: none is)."""
        return next((job.conversation_id for job in self._jobs.values()), None)

    def streamed_tokens(self, conversation_id: int) -> int | None:
        """Tokens the reply streaming in the conversation has written so far, thinking
        included (None: none streams there)."""
        job = self._job_in(conversation_id)
        return None if job is None else job.tokens

    def streaming_prompt_tokens(self, conversation_id: int) -> int | None:
        """The prompt's length in tokens of the reply streaming in the conversation
        (None: none streams there, or its length is not known)."""
        job = self._job_in(conversation_id)
        return None if job is None else job.prompt_tokens

    def streaming_text(self, message_id: int) -> str | None:
        job = self._job_of(message_id)
        return None if job is None else job.prefix + job.text

    def streaming_reasoning(self, message_id: int) -> str | None:
        """The thinking a streaming reply has so far (None: it is not streaming)."""
        job = self._job_of(message_id)
        return None if job is None else job.full_reasoning

    def thinking_times(self, message_id: int) -> tuple[float, float | None] | None:
        """When a streaming reply began thinking, on ``time.monotonic()``'s clock (a
        continued thought's earlier thinking time included), and how long it thought
        once its answer began (None: still thinking); None: it is not streaming."""
        job = self._job_of(message_id)
        return None if job is None else (job.thinking_since, job.thought_for)

    # -- actions ---------------------------------------------------------------------

    def send(self, conversation_id: int, text: str) -> bool:
        """Commit the user's message, then ask for a reply. False if nothing was sent."""
        if self.busy or not text.strip():
            return False
        try:
            conversation = self.store.conversation(conversation_id)
            # Titled after its first message (a long chat is not read for this).
            untitled = conversation.title == "New chat"
            first = untitled and not self.store.messages(conversation_id)
            self.store.add_message(conversation_id, Role.USER, text)
            if first:
                self.store.rename_conversation(conversation_id, auto_title(text))
                self.conversations_changed.emit()
        except HistoryStoreError as error:
            self.error_occurred.emit(shown(error))
            return False
        self._start_reply(conversation_id)
        return True

    def regenerate(self, conversation_id: int) -> bool:
        """Write a new version of the last reply (the earlier one is kept), or the
        reply a last user message never got."""
        if self.busy:
            return False
        messages = self.store.messages(conversation_id)
        if not messages or messages[-1].role == Role.SYSTEM:
            return False
        last = messages[-1]
        if last.role == Role.USER:
            self._start_reply(conversation_id)
            return True
        if len(messages) < 2 or messages[-2].role != Role.USER:
            return False
        self._start_reply(conversation_id, replacing=last.id)
        return True

    def edit_and_resend(self, message_id: int, text: str) -> bool:
        """Send an edited user message as a new version of it, answered anew; the old
        version keeps the turns that followed it (a branch the user can switch back to)."""
        if self.busy or not text.strip():
            return False
        message = self.store.message(message_id)
        if message.role != Role.USER:
            return False
        try:
            self.store.add_version(message_id, text)
        except HistoryStoreError as error:
            self.error_occurred.emit(shown(error))
            return False
        self._start_reply(message.conversation_id)
        return True

    def edit_reply(self, message_id: int, text: str) -> bool:
        """Save an edited reply as it is (no generation), as a new version of it; a
        reasoning model's thinking stays with it (only the answer is edited)."""
        if self.streaming_in(message_id) or not text.strip():
            return False
        message = self.store.message(message_id)
        if message.role != Role.ASSISTANT:
            return False
        try:
            # The edited answer keeps the thinking that led to it.
            self.store.add_version(
                message_id, text, model_path=message.model_path, reasoning=message.reasoning
            )
        except HistoryStoreError as error:
            self.error_occurred.emit(shown(error))
            return False
        self.conversation_changed.emit(message.conversation_id)
        return True

    def switch_version(self, message_id: int, step: int) -> bool:
        """Show another version of a message (and the turns that followed it)."""
        if self.streaming_in(message_id):
            return False
        try:
            message = self.store.select_version(message_id, step)
        except HistoryStoreError as error:
            self.error_occurred.emit(shown(error))
            return False
        self.conversation_changed.emit(message.conversation_id)
        return True

    def streaming_in(self, message_id: int) -> bool:
        """True while a reply streams in the conversation of ``message_id``: its
        messages are not edited, switched or deleted under the reply."""
        conversation_id = self.store.message(message_id).conversation_id
        return self.streaming_message(conversation_id) is not None

    def continue_reply(self, message_id: int) -> bool:
        """Carry on writing an interrupted, stopped or length-cut reply: inside its
        thinking when it stopped while thinking, else after its answer so far."""
        if self.busy:
            return False
        message = self.store.message(message_id)
        if message.role != Role.ASSISTANT or not (message.content or message.reasoning):
            return False
        history = self._history(message.conversation_id, before=message.position)
        if not history or history[-1].role != Role.USER:
            return False
        earlier = ReplyStats.from_dict(message.stats) if message.stats else None
        # Stopped while thinking: its statistics say so (a continuation that failed
        # keeps them, though it may have got to the answer), or, cut off by a crash with
        # none, it has thinking and no answer yet.
        thinking = (
            bool(message.reasoning)
            and not message.content
            and (earlier is None or earlier.thinking_unfinished)
        )
        if thinking and self.inference.model is not None and not self.inference.continues_thinking:
            self.error_occurred.emit(self.tr(NO_THINKING_CONTINUED))
            return False
        self.store.set_state(message_id, MessageState.STREAMING)
        sampling = self.sampling_for(message.conversation_id)
        self._request(
            message.conversation_id,
            message,
            history,
            sampling,
            message.content,
            reasoning_prefix=message.reasoning,
            continue_thinking=thinking,
            earlier=earlier,
            before=(message.state, message.error),
        )
        return True

    def delete_message(self, message_id: int) -> bool:
        if self.streaming_in(message_id):
            return False
        message = self.store.message(message_id)
        self.store.delete_message(message_id)
        self.conversation_changed.emit(message.conversation_id)
        return True

    def stop(self) -> None:
        for request_id in list(self._jobs):
            self.inference.cancel(request_id)

    def shutdown(self) -> None:
        """Save what is streaming now (the app is closing)."""
        self.stop()
        self._save_throttle.cancel()
        self.save_streaming()

    # -- internals -------------------------------------------------------------------

    def _history(self, conversation_id: int, before: int | None = None) -> list[ChatMessage]:
        conversation = self.store.conversation(conversation_id)
        history: list[ChatMessage] = []
        if conversation.system_prompt.strip():
            history.append(ChatMessage(Role.SYSTEM, conversation.system_prompt))
        for message in self.store.messages(conversation_id):
            if before is not None and message.position >= before:
                break
            if message.state in _EXCLUDED_FROM_PROMPT or not message.content:
                continue
            if message.role in (Role.USER, Role.ASSISTANT):
                history.append(ChatMessage(message.role, message.content))
        return history

    def _start_reply(self, conversation_id: int, replacing: int | None = None) -> None:
        """Add the (empty) reply, or a new version of the reply ``replacing``, and queue
        it. Announces the conversation's change once, for the message that led here and
        the reply together."""
        sampling = self.sampling_for(conversation_id)
        model = self.inference.model
        model_path = str(model.path) if model else ""
        try:
            if replacing is None:
                reply = self.store.add_message(
                    conversation_id,
                    Role.ASSISTANT,
                    "",
                    state=MessageState.STREAMING,
                    model_path=model_path,
                    sampling=asdict(sampling),
                )
            else:
                reply = self.store.add_version(
                    replacing,
                    "",
                    state=MessageState.STREAMING,
                    model_path=model_path,
                    sampling=asdict(sampling),
                )
        except HistoryStoreError as error:
            self.error_occurred.emit(shown(error))
            self.conversation_changed.emit(conversation_id)
            return
        # The history as shown now: the selected versions, without the streaming reply.
        history = self._history(conversation_id)
        self._request(conversation_id, reply, history, sampling, prefix="")

    def _request(
        self,
        conversation_id: int,
        reply: StoredMessage,
        history: list[ChatMessage],
        sampling: SamplingSettings,
        prefix: str,
        *,
        reasoning_prefix: str = "",
        continue_thinking: bool = False,
        earlier: ReplyStats | None = None,
        before: tuple[str, str] | None = None,
    ) -> None:
        info = self.inference.model
        if info is None or info.thinking_switch == ThinkingSwitch.NONE:
            # The header's switch says "No switch" for this model (a remote one too):
            # a choice saved under another model must not act unseen.
            sampling = replace(sampling, thinking=Thinking.AUTO)
        request_id = self.inference.generate(
            tuple(history),
            sampling,
            prefix,
            conversation=conversation_id,
            reasoning_prefix=reasoning_prefix,
            continue_thinking=continue_thinking,
        )
        thought_before = earlier.thinking_s if earlier is not None and continue_thinking else 0.0
        self._jobs[request_id] = ReplyJob(
            conversation_id,
            reply.id,
            prefix,
            reasoning_prefix=reasoning_prefix,
            earlier=earlier,
            before=before,
            thinking_since=time.monotonic() - thought_before,
        )
        model = self.inference.model
        if model is not None and self.store.conversation(conversation_id).model_path != model.path:
            self.store.set_conversation_model(conversation_id, model.path)
        self.reply_started.emit(conversation_id, reply.id)
        self.conversation_changed.emit(conversation_id)

    @Slot(int, str, int)
    def _on_inference_token_received(self, request_id: int, text: str, count: int) -> None:
        job = self._jobs.get(request_id)
        if job is None:
            return  # a reply from a request that no longer exists
        if job.thought_for is None and (job.reasoning_parts or job.reasoning_prefix):
            job.thought_for = time.monotonic() - job.thinking_since
        job.text_parts.append(text)
        job.tokens += count
        job.dirty = True
        self._save_throttle.request()
        self.reply_text_added.emit(job.conversation_id, job.message_id, text)

    @Slot(int, int)
    def _on_inference_prompt_counted(self, request_id: int, tokens: int) -> None:
        job = self._jobs.get(request_id)
        if job is not None:
            job.prompt_tokens = tokens
            # A long prompt takes a while to read: the meter shows it meanwhile.
            self.reply_prompt_counted.emit(job.conversation_id)

    @Slot(int, str, int)
    def _on_inference_reasoning_received(self, request_id: int, text: str, count: int) -> None:
        job = self._jobs.get(request_id)
        if job is None:
            return
        job.reasoning_parts.append(text)
        job.tokens += count  # thinking fills the context as the answer does
        job.dirty = job.reasoning_dirty = True
        self._save_throttle.request()
        self.reply_reasoning_added.emit(job.conversation_id, job.message_id, text)

    def save_streaming(self) -> None:
        """Save what streams now (the timer's work; the app closing does it at once)."""
        for job in self._jobs.values():
            if job.dirty:
                # A long thinking is written again only when it grew.
                reasoning = job.full_reasoning if job.reasoning_dirty else None
                try:
                    self.store.save_partial(job.message_id, job.prefix + job.text, reasoning)
                    job.dirty = job.reasoning_dirty = False
                except HistoryStoreError as error:
                    log.error("Could not save the streaming reply: %s", error)

    @Slot(int, object)
    def _on_inference_reply_completed(self, request_id: int, reply: Reply) -> None:
        job = self._jobs.pop(request_id, None)
        if job is None:
            return
        stats = reply.stats
        state = (
            MessageState.CANCELLED
            if stats.finish_reason == FinishReason.CANCELLED
            else MessageState.COMPLETE
        )
        if job.earlier is not None:
            # A continued reply: both parts are one reply (tokens, thinking, its rate).
            stats = combined_stats(job.earlier, stats)
        # The final reply, not what streamed: a model that never closed its thinking
        # and wrote no answer has that text as its answer.
        job.reasoning_parts[:] = [reply.reasoning]
        self._end(job, job.prefix + reply.text, state, stats.as_dict(), "")

    @Slot(int, object)
    def _on_inference_reply_failed(self, request_id: int, message: str) -> None:
        job = self._jobs.pop(request_id, None)
        if job is None:
            return
        # A reply that fails after some text or thinking (a continuation, or a remote
        # engine that dropped the connection) keeps it, to be continued or regenerated,
        # with the statistics of the part written before the continuation.
        kept = job.prefix + job.text
        stats = job.earlier.as_dict() if job.earlier is not None else None
        if job.before is not None and not job.text and not job.reasoning_parts:
            # A continuation that wrote nothing (its prompt did not fit, the model went
            # away): the reply stays as it was, and the failure is said, not stored.
            state, error = job.before
            said = self.tr("The reply could not be continued: {error}").format(error=shown(message))
            self._end(job, kept, state, stats, error, said=said)
            return
        state = MessageState.INTERRUPTED if kept or job.full_reasoning else MessageState.ERROR
        # Kept with the message in the user's language: it is shown from the history.
        self._end(job, kept, state, stats, shown(message))

    def _end(
        self,
        job: ReplyJob,
        text: str,
        state: str,
        stats: dict[str, object] | None,
        error: str,
        *,
        said: str | None = None,
    ) -> None:
        """Store the reply's end; say ``said`` (default: the stored ``error``)."""
        try:
            self.store.finish_message(
                job.message_id,
                content=text,
                state=state,
                stats=stats,
                error=error,
                reasoning=job.full_reasoning,
            )
        except HistoryStoreError as store_error:
            self.error_occurred.emit(shown(store_error))
        if not self._jobs:
            self._save_throttle.cancel()
        self.reply_ended.emit(job.conversation_id, job.message_id)
        self.conversation_changed.emit(job.conversation_id)
        said = error if said is None else said
        if said:
            self.error_occurred.emit(said)
