"""Showing a stored conversation in the transcript model: all of it, or only what
changed since it was last shown."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from engine.chat.history_store import StoredMessage
from engine.llm.generation import ReplyStats
from gui.chat.transcript_model import TranscriptMessage, TranscriptModel
from gui.chat.transcript_view import format_stats

# The text a streaming reply has so far (None: the message is not streaming).
LiveText = Callable[[int], str | None]


def transcript_message(message: StoredMessage, live_text: str | None) -> TranscriptMessage:
    stats = ReplyStats.from_dict(message.stats) if message.stats else None
    return TranscriptMessage(
        role=message.role,
        text=live_text if live_text is not None else message.content,
        state=message.state,
        stats=stats,
        error=message.error,
        message_id=message.id,
    )


def status_text(stored: Sequence[StoredMessage], streaming: bool) -> str:
    """The status bar's line for a conversation: "Generating…" while it streams, else
    its last reply's statistics ("" when it has none)."""
    if streaming:
        return "Generating…"
    for message in reversed(stored):
        stats = ReplyStats.from_dict(message.stats) if message.stats else None
        if stats is not None:
            return format_stats(stats)
    return ""


def show_all(model: TranscriptModel, stored: Sequence[StoredMessage], live: LiveText) -> None:
    model.set_messages([transcript_message(m, live(m.id)) for m in stored])


def show_changes(model: TranscriptModel, stored: Sequence[StoredMessage], live: LiveText) -> None:
    """Bring ``model`` up to date with ``stored``, touching only what changed.

    Rebuilding every message widget on each send would make each turn of a long
    conversation slower than the last.
    """
    shown = [model.message(row).message_id for row in range(model.rowCount())]
    if [m.id for m in stored[: len(shown)]] != shown:
        show_all(model, stored, live)
        return
    for row, message in enumerate(stored):
        current = transcript_message(message, live(message.id))
        if row >= len(shown):
            model.append_message(current)
        elif model.message(row) != current:
            model.replace(row, current)
