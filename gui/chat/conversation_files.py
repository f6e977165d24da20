"""Conversations as files: export as Markdown or JSON, import Hearth's JSON. The file
dialogs start in the user's Documents folder (else home), never the process's own."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths

from engine.chat.history_store import Conversation, HistoryStore, HistoryStoreError
from gui.common.engine_text import shown
from gui.common.ui_locale import QT_TRANSLATE_NOOP


class ExportFormat(StrEnum):
    MARKDOWN = "markdown"
    JSON = "json"


IMPORT_FILTER = QT_TRANSLATE_NOOP("ConversationFiles", "Hearth conversation (*.json)")


def import_filter() -> str:
    """The import dialog's filter, in the window's language."""
    return QCoreApplication.translate("ConversationFiles", IMPORT_FILTER)


def start_folder() -> Path:
    """Where the export and import dialogs open: Documents, else the home folder."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path.home()


def export_target(title: str, kind: ExportFormat) -> tuple[str, str]:
    """The path suggested for exporting the conversation ``title`` (in
    :func:`start_folder`), and the dialog's filter."""
    safe = "".join(c if c.isalnum() or c in " -_" else "_" for c in title).strip() or "chat"
    if kind is ExportFormat.MARKDOWN:
        return str(start_folder() / (safe + ".md")), "Markdown (*.md)"
    return str(start_folder() / (safe + ".json")), "JSON (*.json)"


def export_conversation(
    store: HistoryStore, conversation_id: int, kind: ExportFormat, path: str
) -> str:
    """Write the conversation to ``path``; return why it could not be ("" when done)."""
    if kind is ExportFormat.MARKDOWN:
        content = store.export_markdown(conversation_id)
    else:
        content = json.dumps(store.export_json(conversation_id), ensure_ascii=False, indent=2)
    try:
        Path(path).write_text(content, encoding="utf-8")
    except OSError as error:
        return QCoreApplication.translate(
            "ConversationFiles", "Could not export to {path}: {reason}"
        ).format(path=path, reason=error.strerror or error)
    return ""


def import_conversation(store: HistoryStore, path: str) -> Conversation | str:
    """Add the conversation in ``path`` to the history; return it, or why it could not
    be read (the file is unreadable or not a Hearth conversation)."""
    try:
        return store.import_json_text(Path(path).read_bytes())
    except OSError as error:
        reason: object = error.strerror or error
    except HistoryStoreError as error:
        reason = shown(error)
    return QCoreApplication.translate(
        "ConversationFiles", "Could not read {path}: {reason}"
    ).format(path=path, reason=reason)
