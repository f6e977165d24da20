"""Showing a stored conversation in the transcript model: all of it, or only what
changed since it was last shown."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

from PySide6.QtCore import QCoreApplication

from engine.chat.history_records import model_label
from engine.chat.history_store import HistoryStore, MessageState, StoredMessage
from engine.llm.generation import ReplyStats
from engine.llm.messages import Role
from gui.chat.transcript_model import TranscriptMessage, TranscriptModel
from gui.chat.transcript_view import format_stats


class LiveReplies(Protocol):
    """The text and the thinking a streaming reply has so far, and when it began and
    stopped thinking (None: not streaming); the chat controller is one."""

    def streaming_text(self, message_id: int) -> str | None: ...

    def streaming_reasoning(self, message_id: int) -> str | None: ...

    def thinking_times(self, message_id: int) -> tuple[float, float | None] | None: ...


def transcript_message(
    message: StoredMessage,
    live_text: str | None,
    live_reasoning: str | None = None,
    thinking_times: tuple[float, float | None] | None = None,
) -> TranscriptMessage:
    # A reply being continued keeps its old statistics in the store until it ends:
    # they describe the text before the continuation, so they are not shown meanwhile.
    streaming = message.state == MessageState.STREAMING
    stats = ReplyStats.from_dict(message.stats) if message.stats and not streaming else None
    # The user and the system prompt are named in the window's language when shown; a
    # reply by the model it came from, "Assistant" (translated there too) when unknown.
    author = model_label(message.model_path)
    if author == model_label(""):
        author = ""
    return TranscriptMessage(
        role=message.role,
        text=live_text if live_text is not None else message.content,
        state=message.state,
        stats=stats,
        error=message.error,
        message_id=message.id,
        version=message.version,
        versions=message.versions,
        author=author if message.role == Role.ASSISTANT else "",
        reasoning=live_reasoning if live_reasoning is not None else message.reasoning,
        thinking_since=thinking_times[0] if thinking_times else None,
        thought_for=thinking_times[1] if thinking_times else None,
    )


def status_text(stored: Sequence[StoredMessage], streaming: bool) -> str:
    """The status bar's line for a conversation: "Generating…" while it streams, else
    its last reply's statistics ("" when it has none)."""
    if streaming:
        return QCoreApplication.translate("ChatWorkspace", "Generating…")
    for message in reversed(stored):
        stats = ReplyStats.from_dict(message.stats) if message.stats else None
        if stats is not None:
            return format_stats(stats)
    return ""


# Characters per token when guessing the size of text the model has not counted yet.
CHARS_PER_TOKEN = 4


def context_estimate(
    stored: Sequence[StoredMessage], streamed: int | None, prompt: int | None = None
) -> int:
    """Tokens a conversation fills: its last reply's prompt and reply; while a reply
    streams (``streamed``: its tokens so far), its prompt (``prompt``, once the engine
    has counted it) and the streamed tokens, else the count of the reply before it plus
    the messages since (guessed from their length) and the streamed tokens. The
    streamed count is of pieces of text, about one token each: the real count at the
    end may be a few tokens more (markers that show no text).

    A reply stopped before its prompt was read records no tokens: it is passed over."""
    if streamed is not None and prompt is not None:
        return prompt + streamed
    pending = 0
    for message in reversed(stored):
        stats = message.stats if message.state != MessageState.STREAMING else None
        prompt_tokens = int(stats.get("prompt_tokens", 0)) if stats else 0
        if stats and prompt_tokens:
            used = prompt_tokens + int(stats.get("completion_tokens", 0))
            return used + (pending + streamed if streamed is not None else 0)
        if message.role == Role.USER:
            pending += len(message.content) // CHARS_PER_TOKEN + 1
    return pending + streamed if streamed is not None else 0


def _shown(message: StoredMessage, live: LiveReplies) -> TranscriptMessage:
    text = live.streaming_text(message.id)
    reasoning = live.streaming_reasoning(message.id)
    times = live.thinking_times(message.id)
    shown = transcript_message(message, text, reasoning, times)
    if text is None and reasoning is None and times is None:
        shown = replace(shown, source=message)
    return shown


def show_all(model: TranscriptModel, stored: Sequence[StoredMessage], live: LiveReplies) -> None:
    """Show ``stored``; a streaming reply with its text and thinking so far."""
    model.set_messages([_shown(m, live) for m in stored])


def show_changes(
    model: TranscriptModel, stored: Sequence[StoredMessage], live: LiveReplies
) -> None:
    """Bring ``model`` up to date with ``stored``, touching only what changed.

    Rebuilding every message widget on each send would make each turn of a long
    conversation slower than the last.
    """
    shown = [model.message(row).message_id for row in range(model.rowCount())]
    if [m.id for m in stored[: len(shown)]] != shown:
        show_all(model, stored, live)
        return
    for row, message in enumerate(stored):
        if (
            row < len(shown)
            and model.message(row).source is message
            and live.streaming_text(message.id) is None
        ):
            continue  # shown from this very row, unchanged, and not streaming
        current = _shown(message, live)
        if row >= len(shown):
            model.append_message(current)
        elif model.message(row) != current:
            model.replace(row, current)
        elif current.source is not None:
            model.set_source(row, current.source)  # the same, from this row from now on


def history_notes(store: HistoryStore) -> str:
    """What the user should know about the history as it was opened (empty: nothing)."""
    notes = []
    if store.recovered_from is not None:
        notes.append(
            QCoreApplication.translate(
                "ChatWorkspace",
                "The chat history could not be read, so a new one was started. The old "
                "file was kept as {path}.",
            ).format(path=store.recovered_from)
        )
    interrupted = store.interrupted_count
    if interrupted:
        notes.append(
            QCoreApplication.translate(
                "ChatWorkspace",
                "%Ln reply(s) were cut off when Hearth last closed unexpectedly; they are "
                "marked Interrupted and can be continued.",
                "",
                interrupted,
            )
        )
    return " ".join(notes)
