"""Conversations as files: export as Markdown or JSON, import Hearth's JSON."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

from engine.chat.history_store import Conversation, HistoryStore


class ExportFormat(StrEnum):
    MARKDOWN = "markdown"
    JSON = "json"


IMPORT_FILTER = "Hearth conversation (*.json)"


def export_target(title: str, kind: ExportFormat) -> tuple[str, str]:
    """A file name suggested for the conversation ``title``, and the dialog's filter."""
    safe = "".join(c if c.isalnum() or c in " -_" else "_" for c in title).strip() or "chat"
    if kind is ExportFormat.MARKDOWN:
        return safe + ".md", "Markdown (*.md)"
    return safe + ".json", "JSON (*.json)"


def export_conversation(
    store: HistoryStore, conversation_id: int, kind: ExportFormat, path: str
) -> None:
    """Write the conversation to ``path``; raises OSError when it cannot be written."""
    if kind is ExportFormat.MARKDOWN:
        content = store.export_markdown(conversation_id)
    else:
        content = json.dumps(store.export_json(conversation_id), ensure_ascii=False, indent=2)
    Path(path).write_text(content, encoding="utf-8")


def import_conversation(store: HistoryStore, path: str) -> Conversation:
    """Add the conversation in ``path`` to the history; raises OSError when the file
    cannot be read and HistoryStoreError when it is not a Hearth conversation."""
    return store.import_json_text(Path(path).read_bytes())
