"""Moving a conversation in and out of the history: the JSON export (checked field by
field on import, since an imported file is untrusted) and the Markdown export."""

from __future__ import annotations

import json
import re
import sqlite3
import time
from typing import Any

from engine.chat.history_records import (
    MESSAGE_STATES,
    Conversation,
    HistoryStoreError,
    MessageState,
    StoredMessage,
    model_label,
)
from engine.chat.history_versions import refresh_active
from engine.chat.stored_values import (
    StoredValueError,
    check_sampling,
    check_settings,
    check_stats,
    is_plain_text,
)
from engine.llm.messages import Role

EXPORT_FORMAT = "hearth-conversation"
# 2: every version of every message, each naming the message it follows ("parent", an
# index into the list) and whether it is the version shown ("selected").
EXPORT_VERSION = 2
# Import limits: far above anything Hearth writes, low enough to refuse a hostile file.
MAX_IMPORT_MESSAGES = 100_000
MAX_IMPORT_TEXT = 4_000_000
MAX_IMPORT_TITLE = 10_000
MAX_IMPORT_PATH = 4096
# Timestamps a date can be made of on every platform (1970 to the year 3000).
MAX_TIMESTAMP = 32_503_680_000.0
_ROLE_NAMES = {Role.USER: "You", Role.ASSISTANT: "Assistant", Role.SYSTEM: "System"}


def export_document(conversation: Conversation, messages: list[StoredMessage]) -> dict[str, Any]:
    """A conversation as the JSON document :func:`checked_export` reads back; ``messages``
    are all versions, each after the one it follows."""
    index = {m.id: number for number, m in enumerate(messages)}
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "title": conversation.title,
        "created_at": conversation.created_at,
        "updated_at": conversation.updated_at,
        "system_prompt": conversation.system_prompt,
        "model_path": conversation.model_path,
        "model_name": model_label(conversation.model_path),
        "settings": conversation.settings,
        "messages": [
            {
                "role": m.role.value,
                "content": m.content,
                **({"reasoning": m.reasoning} if m.reasoning else {}),
                "state": m.state.value,
                "created_at": m.created_at,
                "stats": m.stats,
                "model_path": m.model_path,
                **({"model_name": model_label(m.model_path)} if m.role == Role.ASSISTANT else {}),
                "sampling": m.sampling,
                "error": m.error,
                "parent": index.get(m.parent_id) if m.parent_id is not None else None,
                "selected": m.selected,
            }
            for m in messages
        ],
    }


def export_markdown(conversation: Conversation, messages: list[StoredMessage]) -> str:
    """A conversation as shown (``messages``: the selected versions) in Markdown: a
    heading per message naming the model of each reply, its state when not complete and
    its version when it has others."""
    lines = [f"# {conversation.title}", ""]
    if conversation.system_prompt:
        lines += [f"*System prompt:* {conversation.system_prompt}", ""]
    for message in messages:
        author = _ROLE_NAMES[message.role]
        if message.role == Role.ASSISTANT and message.model_path:
            author += f" ({model_label(message.model_path)})"
        notes = [] if message.state == MessageState.COMPLETE else [str(message.state)]
        if message.versions > 1:
            notes.append(f"version {message.version} of {message.versions}")
        note = f" ({', '.join(notes)})" if notes else ""
        lines += [f"## {author}{note}", ""]
        if message.reasoning:
            lines += [*_fenced_reasoning(message), ""]
        lines += [message.content, ""]
    return "\n".join(lines).rstrip() + "\n"


def thought_heading(stats: dict[str, Any] | None) -> str:
    """ "Thought for 12 s" from a reply's statistics ("Thought" without a time), noting a
    reply that stopped while still thinking."""
    seconds = (stats or {}).get("thinking_s")
    heading = "Thought"
    if isinstance(seconds, int | float) and not isinstance(seconds, bool) and seconds > 0:
        shown = f"{seconds:.0f}" if seconds >= 10 else f"{seconds:.1f}".removesuffix(".0")
        # A few tokens of thinking take less than a tenth of a second, not "0 s".
        heading += f" for {shown} s" if shown != "0" else " for under 0.1 s"
    if (stats or {}).get("thinking_unfinished") is True:
        heading += " (stopped while thinking)"
    return heading


_FENCE_RUNS = re.compile(r"`+|~+")


def _fenced_reasoning(message: StoredMessage) -> list[str]:
    """A reply's reasoning under its heading, as a fenced block: plain text from the
    model, never read as Markdown (no link, image or HTML in it is live). The fence is
    longer than any run of backticks or tildes in the text, so none can close it."""
    text = message.reasoning.strip("\n")
    longest = max((len(run) for run in _FENCE_RUNS.findall(text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"> **{thought_heading(message.stats)}**", "", fence, *text.splitlines(), fence]


def parse_export_text(text: str | bytes) -> Any:
    """The JSON value of an exported file's text.

    Raises:
        HistoryStoreError: The text is not JSON (or nested too deeply to read).
    """
    try:
        return json.loads(text)
    except RecursionError:
        raise HistoryStoreError("This file is nested too deeply to be a conversation.") from None
    except ValueError as error:  # JSONDecodeError, bad UTF-8, a number too long
        raise HistoryStoreError(f"This file is not valid JSON: {error}") from None


def insert_imported(
    db: sqlite3.Connection, conversation: dict[str, Any], messages: list[dict[str, Any]]
) -> int:
    """Write a :func:`checked_export` result inside the caller's transaction; return the
    new conversation's id."""
    conversation_id = insert_conversation(
        db,
        conversation["title"],
        conversation["system_prompt"],
        conversation["model_path"],
        conversation["settings"],
        conversation["created_at"],
    )
    ids: list[int] = []
    positions: list[int] = []
    for message in messages:
        parent = message["parent"]
        position = 0 if parent is None else positions[parent] + 1
        cursor = db.execute(
            "INSERT INTO messages (conversation_id, parent_id, position, role, content, "
            "reasoning, state, created_at, updated_at, stats_json, model_path, "
            "sampling_json, error, selected) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                conversation_id,
                None if parent is None else ids[parent],
                position,
                message["role"],
                message["content"],
                message["reasoning"],
                message["state"],
                message["created_at"],
                message["created_at"],
                json.dumps(message["stats"]) if message["stats"] else "",
                message["model_path"],
                json.dumps(message["sampling"]) if message["sampling"] else "",
                message["error"],
                1 if message["selected"] else 0,
            ),
        )
        ids.append(int(cursor.lastrowid or 0))
        positions.append(position)
    refresh_active(db, conversation_id)
    db.execute(
        "UPDATE conversations SET updated_at = ? WHERE id = ?",
        (conversation["updated_at"], conversation_id),
    )
    return conversation_id


def insert_conversation(
    db: sqlite3.Connection,
    title: str,
    system_prompt: str,
    model_path: str,
    settings: dict[str, Any] | None,
    created_at: float,
) -> int:
    """Insert a conversation row inside the caller's transaction; return its id."""
    cursor = db.execute(
        "INSERT INTO conversations (title, created_at, updated_at, system_prompt, "
        "model_path, settings_json) VALUES (?, ?, ?, ?, ?, ?)",
        (title, created_at, created_at, system_prompt, model_path, json.dumps(settings or {})),
    )
    return int(cursor.lastrowid or 0)


def checked_export(data: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The conversation's fields and its messages from an export, every value checked.

    Raises:
        HistoryStoreError: Naming the first field that is missing, of the wrong type or
            out of range.
    """
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise HistoryStoreError("This file is not a Hearth conversation export.")
    version = data.get("version", EXPORT_VERSION)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise HistoryStoreError("The conversation export has no valid 'version'.")
    if version > EXPORT_VERSION:
        raise HistoryStoreError(
            f"The conversation was exported by a newer Hearth (format version {version}); "
            "update Hearth to import it."
        )
    messages = data.get("messages")
    if not isinstance(messages, list):
        raise HistoryStoreError("The conversation export has no message list.")
    if len(messages) > MAX_IMPORT_MESSAGES:
        raise HistoryStoreError(
            f"The conversation export holds {len(messages):,} messages; at most "
            f"{MAX_IMPORT_MESSAGES:,} can be imported."
        )
    now = time.time()
    conversation = {
        "title": _text_field(data, "title", MAX_IMPORT_TITLE, "") or "Imported chat",
        "system_prompt": _text_field(data, "system_prompt", MAX_IMPORT_TEXT, ""),
        "model_path": _text_field(data, "model_path", MAX_IMPORT_PATH, ""),
        "created_at": _time_field(data, "created_at", now, ""),
        "updated_at": _time_field(data, "updated_at", now, ""),
        "settings": _value_field(data, "settings", check_settings, ""),
    }
    checked: list[dict[str, Any]] = []
    valid_roles = tuple(role.value for role in Role)
    for number, message in enumerate(messages, start=1):
        where = f"message {number}'s "
        if not isinstance(message, dict) or message.get("role") not in valid_roles:
            raise HistoryStoreError(
                f"The conversation export holds a malformed message (message {number} "
                "needs a role of system, user or assistant)."
            )
        if not isinstance(message.get("content"), str):
            raise HistoryStoreError(
                f"The conversation export holds a malformed message (message {number} "
                "has no text content)."
            )
        state = message.get("state")
        if state is not None and not isinstance(state, str):
            raise HistoryStoreError(
                f"The conversation export has a bad {where}'state': it must be a text."
            )
        checked.append(
            {
                **_place_fields(message, number, version),
                "role": message["role"],
                "content": _text_field(message, "content", MAX_IMPORT_TEXT, where),
                # Absent from older exports and from messages without reasoning.
                "reasoning": _text_field(message, "reasoning", MAX_IMPORT_TEXT, where),
                # A reply that was streaming when exported is not streaming here.
                "state": (
                    state
                    if state in MESSAGE_STATES and state != MessageState.STREAMING
                    else MessageState.COMPLETE.value
                ),
                "created_at": _time_field(message, "created_at", now, where),
                "stats": _value_field(message, "stats", check_stats, where),
                "model_path": _text_field(message, "model_path", MAX_IMPORT_PATH, where),
                "sampling": _value_field(message, "sampling", check_sampling, where),
                "error": _text_field(message, "error", MAX_IMPORT_TEXT, where),
            }
        )
    return conversation, checked


def _place_fields(message: dict[str, Any], number: int, version: int) -> dict[str, Any]:
    """Which message a message follows (an index of an earlier one; None: the first) and
    whether it is the version shown. A version 1 export is one chain."""
    if version < 2:
        return {"parent": number - 2 if number > 1 else None, "selected": True}
    parent = message.get("parent")
    if parent is not None and (
        isinstance(parent, bool) or not isinstance(parent, int) or not 0 <= parent < number - 1
    ):
        raise HistoryStoreError(
            f"The conversation export has a bad message {number}'s 'parent': it must be "
            "the number of an earlier message (counted from 0), or null."
        )
    selected = message.get("selected", True)
    if not isinstance(selected, bool):
        raise HistoryStoreError(
            f"The conversation export has a bad message {number}'s 'selected': it must be "
            "true or false."
        )
    return {"parent": parent, "selected": selected}


def _text_field(data: dict[str, Any], key: str, limit: int, where: str) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if not is_plain_text(value, limit):
        why = (
            "it must be a text"
            if not isinstance(value, str)
            else f"it is longer than {limit:,} characters"
            if len(value) > limit
            else "it holds characters that are not valid Unicode"
        )
        raise HistoryStoreError(f"The conversation export has a bad {where}'{key}': {why}.")
    return str(value)


def _time_field(data: dict[str, Any], key: str, default: float, where: str) -> float:
    value = data.get(key)
    if value is None:
        return default
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not 0 <= value <= MAX_TIMESTAMP  # also refuses NaN
    ):
        raise HistoryStoreError(
            f"The conversation export has a bad {where}'{key}': it must be a time in "
            "seconds since 1970, before the year 3000."
        )
    return float(value)


def _value_field(data: dict[str, Any], key: str, check: Any, where: str) -> dict[str, Any] | None:
    value = data.get(key)
    if value is None:
        return None
    try:
        checked: dict[str, Any] = check(value)
    except StoredValueError as error:
        raise HistoryStoreError(
            f"The conversation export has a bad {where}'{key}': {error}"
        ) from None
    return checked
