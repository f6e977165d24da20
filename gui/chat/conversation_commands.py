"""What the chat workspace does with a whole conversation: rename, delete (asked
first), export to a file and import one. The questions go through the workspace's own
``ask_*`` methods (tests replace them); the answers land in its notice and status bar."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QCoreApplication, SignalInstance

from engine.chat.history_store import HistoryStore
from gui.chat.chat_controller import ChatController
from gui.chat.conversation_files import (
    ExportFormat,
    export_conversation,
    export_target,
    import_conversation,
    import_filter,
)
from gui.chat.conversation_list_model import shown_title


class WorkspaceLike(Protocol):
    """What these commands use of the chat workspace."""

    store: HistoryStore
    chat: ChatController
    conversation_id: int | None

    @property
    def notice(self) -> SignalInstance: ...

    @property
    def status_message(self) -> SignalInstance: ...

    def ask_confirmation(self, title: str, text: str) -> bool: ...

    def ask_text(
        self, title: str, label: str, text: str, multiline: bool = False
    ) -> str | None: ...

    def ask_save_path(self, title: str, suggested: str, filters: str) -> str: ...

    def ask_open_path(self, title: str, filters: str) -> str: ...

    def refresh_sidebar(self) -> None: ...

    def open_conversation(self, conversation_id: int, message_id: int | None = None) -> None: ...

    def new_chat(self) -> None: ...


def rename(workspace: WorkspaceLike, conversation_id: int) -> bool:
    """Ask for a new title; True when the conversation was renamed."""
    title = workspace.store.conversation(conversation_id).title
    new = workspace.ask_text(
        QCoreApplication.translate("ChatWorkspace", "Rename conversation"),
        QCoreApplication.translate("ChatWorkspace", "Title:"),
        shown_title(title),
    )
    if new is None or not new.strip():
        return False
    workspace.store.rename_conversation(conversation_id, new)
    return True


def delete(workspace: WorkspaceLike, conversation_id: int) -> None:
    """Delete a conversation once the user confirms; a reply streaming in it is
    stopped first (and the user asked to choose Delete again)."""
    title = workspace.store.conversation(conversation_id).title
    if not workspace.ask_confirmation(
        QCoreApplication.translate("ChatWorkspace", "Delete conversation"),
        QCoreApplication.translate(
            "ChatWorkspace", "Delete “{title}” and all its messages? This cannot be undone."
        ).format(title=shown_title(title)),
    ):
        return
    if workspace.chat.streaming_message(conversation_id) is not None:
        workspace.chat.stop()
        workspace.notice.emit(
            QCoreApplication.translate(
                "ChatWorkspace",
                "A reply was being written in this conversation; it has been stopped. "
                "Choose Delete again to delete the conversation.",
            )
        )
        return
    workspace.store.delete_conversation(conversation_id)
    workspace.refresh_sidebar()
    if conversation_id == workspace.conversation_id:
        workspace.conversation_id = None
        remaining = workspace.store.conversations()
        if remaining:
            workspace.open_conversation(remaining[0].id)
        else:
            workspace.new_chat()


def export(workspace: WorkspaceLike, conversation_id: int, kind: ExportFormat) -> None:
    """Ask where to, then write the conversation as Markdown or JSON."""
    title = workspace.store.conversation(conversation_id).title
    suggested, filters = export_target(title, kind)
    path = workspace.ask_save_path(
        QCoreApplication.translate("ChatWorkspace", "Export conversation"), suggested, filters
    )
    if not path:
        return
    problem = export_conversation(workspace.store, conversation_id, kind, path)
    if problem:
        workspace.notice.emit(problem)
    else:
        workspace.status_message.emit(
            QCoreApplication.translate("ChatWorkspace", "Exported to {path}").format(path=path)
        )


def import_one(workspace: WorkspaceLike) -> None:
    """Ask for a Hearth conversation file, add it to the history and open it."""
    path = workspace.ask_open_path(
        QCoreApplication.translate("ChatWorkspace", "Import conversation"), import_filter()
    )
    if not path:
        return
    conversation = import_conversation(workspace.store, path)
    if isinstance(conversation, str):
        workspace.notice.emit(conversation)
        return
    workspace.refresh_sidebar()
    workspace.open_conversation(conversation.id)
