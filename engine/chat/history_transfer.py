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
from engine.common.messages import Message, msg
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
        raise HistoryStoreError(
            msg("This file is nested too deeply to be a conversation.")
        ) from None
    except ValueError as error:  # JSONDecodeError, bad UTF-8, a number too long
        raise HistoryStoreError(
            msg("This file is not valid JSON: {reason}", reason=error)
        ) from None


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
        raise HistoryStoreError(msg("This file is not a Hearth conversation export."))
    version = data.get("version", EXPORT_VERSION)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise HistoryStoreError(msg("The conversation export has no valid 'version'."))
    if version > EXPORT_VERSION:
        raise HistoryStoreError(
            msg(
                "The conversation was exported by a newer Hearth (format version {version}); "
                "update Hearth to import it.",
                version=version,
            )
        )
    messages = data.get("messages")
    if not isinstance(messages, list):
        raise HistoryStoreError(msg("The conversation export has no message list."))
    if len(messages) > MAX_IMPORT_MESSAGES:
        raise HistoryStoreError(
            msg(
                "The conversation export holds {count:,} messages; at most {limit:,} can be "
                "imported.",
                count=len(messages),
                limit=MAX_IMPORT_MESSAGES,
            )
        )
    now = time.time()
    conversation = {
        "title": _text_field(data, "title", MAX_IMPORT_TITLE, None) or "Imported chat",
        "system_prompt": _text_field(data, "system_prompt", MAX_IMPORT_TEXT, None),
        "model_path": _text_field(data, "model_path", MAX_IMPORT_PATH, None),
        "created_at": _time_field(data, "created_at", now, None),
        "updated_at": _time_field(data, "updated_at", now, None),
        "settings": _value_field(data, "settings", check_settings, None),
    }
    checked: list[dict[str, Any]] = []
    valid_roles = tuple(role.value for role in Role)
    for number, message in enumerate(messages, start=1):
        if not isinstance(message, dict) or message.get("role") not in valid_roles:
            raise HistoryStoreError(
                msg(
                    "The conversation export holds a malformed message (message {number} "
                    "needs a role of system, user or assistant).",
                    number=number,
                )
            )
        if not isinstance(message.get("content"), str):
            raise HistoryStoreError(
                msg(
                    "The conversation export holds a malformed message (message {number} "
                    "has no text content).",
                    number=number,
                )
            )
        state = message.get("state")
        if state is not None and not isinstance(state, str):
            raise HistoryStoreError(
                msg(
                    "The conversation export has a bad message {number}'s 'state': it must "
                    "be a text.",
                    number=number,
                )
            )
        checked.append(
            {
                **_place_fields(message, number, version),
                "role": message["role"],
                "content": _text_field(message, "content", MAX_IMPORT_TEXT, number),
                # Absent from older exports and from messages without reasoning.
                "reasoning": _text_field(message, "reasoning", MAX_IMPORT_TEXT, number),
                # A reply that was streaming when exported is not streaming here.
                "state": (
                    state
                    if state in MESSAGE_STATES and state != MessageState.STREAMING
                    else MessageState.COMPLETE.value
                ),
                "created_at": _time_field(message, "created_at", now, number),
                "stats": _value_field(message, "stats", check_stats, number),
                "model_path": _text_field(message, "model_path", MAX_IMPORT_PATH, number),
                "sampling": _value_field(message, "sampling", check_sampling, number),
                "error": _text_field(message, "error", MAX_IMPORT_TEXT, number),
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
            msg(
                "The conversation export has a bad message {number}'s 'parent': it must be "
                "the number of an earlier message (counted from 0), or null.",
                number=number,
            )
        )
    selected = message.get("selected", True)
    if not isinstance(selected, bool):
        raise HistoryStoreError(
            msg(
                "The conversation export has a bad message {number}'s 'selected': it must "
                "be true or false.",
                number=number,
            )
        )
    return {"parent": parent, "selected": selected}


# The field checks below name the bad field: the conversation's own (``number`` None)
# or message ``number``'s.


def _text_field(data: dict[str, Any], key: str, limit: int, number: int | None) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if is_plain_text(value, limit):
        return str(value)
    if not isinstance(value, str):
        raise HistoryStoreError(_not_text(key, number))
    if len(value) > limit:
        raise HistoryStoreError(_too_long(key, limit, number))
    raise HistoryStoreError(_not_unicode(key, number))


def _not_text(key: str, number: int | None) -> Message:
    if number is None:
        return msg("The conversation export has a bad '{key}': it must be a text.", key=key)
    return msg(
        "The conversation export has a bad message {number}'s '{key}': it must be a text.",
        number=number,
        key=key,
    )


def _too_long(key: str, limit: int, number: int | None) -> Message:
    if number is None:
        return msg(
            "The conversation export has a bad '{key}': it is longer than {limit:,} characters.",
            key=key,
            limit=limit,
        )
    return msg(
        "The conversation export has a bad message {number}'s '{key}': it is longer than "
        "{limit:,} characters.",
        number=number,
        key=key,
        limit=limit,
    )


def _not_unicode(key: str, number: int | None) -> Message:
    if number is None:
        return msg(
            "The conversation export has a bad '{key}': it holds characters that are not "
            "valid Unicode.",
            key=key,
        )
    return msg(
        "The conversation export has a bad message {number}'s '{key}': it holds "
        "characters that are not valid Unicode.",
        number=number,
        key=key,
    )


def _time_field(data: dict[str, Any], key: str, default: float, number: int | None) -> float:
    value = data.get(key)
    if value is None:
        return default
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not 0 <= value <= MAX_TIMESTAMP  # also refuses NaN
    ):
        raise HistoryStoreError(
            msg(
                "The conversation export has a bad '{key}': it must be a time in seconds "
                "since 1970, before the year 3000.",
                key=key,
            )
            if number is None
            else msg(
                "The conversation export has a bad message {number}'s '{key}': it must be a "
                "time in seconds since 1970, before the year 3000.",
                number=number,
                key=key,
            )
        )
    return float(value)


def _value_field(
    data: dict[str, Any], key: str, check: Any, number: int | None
) -> dict[str, Any] | None:
    value = data.get(key)
    if value is None:
        return None
    try:
        checked: dict[str, Any] = check(value)
    except StoredValueError as error:
        raise HistoryStoreError(
            msg("The conversation export has a bad '{key}': {reason}", key=key, reason=error)
            if number is None
            else msg(
                "The conversation export has a bad message {number}'s '{key}': {reason}",
                number=number,
                key=key,
                reason=error,
            )
        ) from None
    return checked
