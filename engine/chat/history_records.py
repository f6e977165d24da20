"""What the chat history holds: conversations, messages, their states, and the errors
its store raises."""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import time
from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePath
from typing import Any

from engine.chat.stored_values import clean_sampling, clean_settings, clean_stats
from engine.common.errors import HearthError
from engine.llm.messages import Role

log = logging.getLogger(__name__)


class MessageState(StrEnum):
    """Where a stored message stands; the values are the strings stored in the history."""

    COMPLETE = "complete"
    STREAMING = "streaming"
    INTERRUPTED = "interrupted"
    ERROR = "error"
    CANCELLED = "cancelled"


MESSAGE_STATES: tuple[str, ...] = tuple(state.value for state in MessageState)


def message_state(value: MessageState | str) -> MessageState:
    """``value`` as a :class:`MessageState`.

    Raises:
        ValueError: ``value`` is not one of the states.
    """
    if value not in MESSAGE_STATES:
        raise ValueError(f"unknown message state {value!r}")
    return MessageState(value)


class HistoryStoreError(HearthError):
    """The history could not be read or written."""


class HistoryLockedError(HistoryStoreError):
    """Another connection held the database locked for longer than the busy timeout."""


@dataclass(frozen=True)
class Conversation:
    id: int
    title: str
    created_at: float
    updated_at: float
    system_prompt: str
    model_path: str
    settings: dict[str, Any]


@dataclass(frozen=True)
class StoredMessage:
    id: int
    conversation_id: int
    position: int
    role: Role
    content: str
    state: MessageState
    created_at: float
    updated_at: float
    stats: dict[str, Any] | None
    model_path: str
    sampling: dict[str, Any] | None
    error: str
    # The message this one answers or follows (None: the first), and which of the
    # versions at this place it is (1-based) of how many.
    parent_id: int | None = None
    version: int = 1
    versions: int = 1
    # The version chosen at its place (shown when the message above it is).
    selected: bool = True
    # A reasoning model's thinking before this reply's answer ("" when none); never
    # part of ``content``, never sent back to the model.
    reasoning: str = ""


@dataclass(frozen=True)
class SearchHit:
    """A conversation that matches; ``snippet`` is plain text around the first match in
    a message, the matched words between :data:`MATCH_START` and :data:`MATCH_END`
    ("" for a title match), and ``message_id`` that message (None: the title matched).
    ``in_reasoning``: the words were found in the reply's reasoning, not its answer
    (only when the search included reasoning), and the snippet comes from there."""

    conversation: Conversation
    snippet: str
    message_id: int | None = None
    in_reasoning: bool = False


# Around the matched words of a search snippet: control characters, which no message
# shows, so a bracket in the text is never taken for a mark.
MATCH_START = "\x02"
MATCH_END = "\x03"

# Quantization tags at the end of a model file's stem ("….Q4_K_M", "-q8_0", "-F16").
_QUANT_TAG = re.compile(r"[._-](?:I?Q\d\w*|B?F16|F32)$", re.IGNORECASE)
_SPLIT_TAG = re.compile(r"-\d{5}-of-\d{5}$")


def model_label(model_path: str) -> str:
    """The name a reply is signed with: the model file's stem without its split-file
    and quantization tags ("SmolLM2-135M-Instruct"); "Assistant" when unknown."""
    stem = PurePath(model_path.replace("\\", "/")).name if model_path.strip() else ""
    if stem.lower().endswith(".gguf"):
        stem = stem[:-5]
    stem = _QUANT_TAG.sub("", _SPLIT_TAG.sub("", stem)).strip(" ._-")
    return stem or "Assistant"


def day_group(timestamp: float, now: float | None = None) -> str:
    """The sidebar group of a conversation last active at ``timestamp`` (local time)."""
    import datetime

    today = datetime.date.fromtimestamp(time.time() if now is None else now)
    day = datetime.date.fromtimestamp(timestamp)
    age = (today - day).days
    if age <= 0:
        return "Today"
    if age == 1:
        return "Yesterday"
    if age < 7:
        return "Previous 7 days"
    if age < 30:
        return "Previous 30 days"
    return day.strftime("%B %Y")


# A first message longer than this is taken for pasted material with a request around it.
PASTE_CHARS = 400
_REQUEST_CHARS = 160


def auto_title(text: str, limit: int = 48) -> str:
    """A conversation title from its first message: its first line, shortened; for a long
    paste, the request around it ("Summarize this:", a question, a last short line)."""
    lines = [part.strip() for part in text.splitlines() if part.strip()]
    if not lines:
        return "New chat"
    line = lines[0]
    if len(text) > PASTE_CHARS and len(lines) > 1:
        line = _request_line(lines) or line
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _request_line(lines: list[str]) -> str | None:
    def short(line: str) -> bool:
        return len(line) <= _REQUEST_CHARS and not line.startswith(("```", "~~~"))

    if short(lines[0]) and lines[0].endswith((":", "?", "？", "：")):
        return lines[0]  # "Translate this:" above the pasted text
    questions = [line for line in lines if short(line) and line.endswith(("?", "？"))]
    if questions:
        return questions[-1]
    return lines[-1] if short(lines[-1]) else None  # "Summarize it." below the paste


def json_or_none(text: str) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        log.warning("Ignoring unreadable JSON in the chat history: %.60r", text)
        return None


def conversation_from_row(row: sqlite3.Row) -> Conversation:
    keys = row.keys()
    where = f"Conversation {row['id']}"
    stored = json_or_none(str(row["settings_json"])) if "settings_json" in keys else {}
    return Conversation(
        id=int(row["id"]),
        title=str(row["title"]),
        created_at=float(row["created_at"]),
        updated_at=float(row["updated_at"]),
        system_prompt=str(row["system_prompt"]),
        model_path=str(row["model_path"]),
        settings=clean_settings(stored if stored is not None else {}, where),
    )


def message_from_row(row: sqlite3.Row) -> StoredMessage:
    where = f"Message {row['id']}"
    return StoredMessage(
        id=int(row["id"]),
        conversation_id=int(row["conversation_id"]),
        position=int(row["position"]),
        role=Role(str(row["role"])),
        content=str(row["content"]),
        state=_stored_state(row),
        created_at=float(row["created_at"]),
        updated_at=float(row["updated_at"]),
        stats=clean_stats(json_or_none(str(row["stats_json"])), where),
        model_path=str(row["model_path"]),
        sampling=clean_sampling(json_or_none(str(row["sampling_json"])), where),
        error=str(row["error"]),
        parent_id=_optional_id(row, "parent_id"),
        version=_count_column(row, "version"),
        versions=_count_column(row, "versions"),
        selected=_optional_id(row, "selected") != 0,
        reasoning=_optional_text(row, "reasoning"),
    )


def _optional_id(row: sqlite3.Row, key: str) -> int | None:
    keys = row.keys()
    value = row[key] if key in keys else None
    return None if value is None else int(value)


def _optional_text(row: sqlite3.Row, key: str) -> str:
    keys = row.keys()  # "in row" would look among the values
    return str(row[key]) if key in keys else ""


def _count_column(row: sqlite3.Row, key: str) -> int:
    keys = row.keys()
    value = row[key] if key in keys else None
    return max(1, int(value)) if value is not None else 1


def _stored_state(row: sqlite3.Row) -> MessageState:
    """A stored state; one this version does not know reads as complete."""
    text = str(row["state"])
    if text in MESSAGE_STATES:
        return MessageState(text)
    log.warning("Message %s has an unknown state %.40r; shown as complete", row["id"], text)
    return MessageState.COMPLETE
