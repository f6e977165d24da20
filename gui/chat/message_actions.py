"""What the buttons under a message do: copy (a reply's answer, never its thinking,
but the thinking of a reply that has only that), edit in place, regenerate, continue,
get a reply, delete (asked first), and ‹ › between versions. One reply is written at a
time: an action that would start another while one streams says why nothing happened.
A reply's thinking streams into its message here."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot
from PySide6.QtGui import QGuiApplication

from engine.chat.history_store import HistoryStore
from engine.llm.messages import Role
from gui.chat.chat_controller import ChatController
from gui.chat.transcript_model import TranscriptModel
from gui.chat.transcript_view import TranscriptView

# Actions that start a reply.
_GENERATING = ("regenerate", "continue", "reply")


def busy_reason(chat: ChatController, store: HistoryStore) -> str:
    """Why no reply can start now ("" when one can)."""
    conversation_id = chat.streaming_conversation()
    if conversation_id is None:
        return ""
    title = store.conversation(conversation_id).title
    return QCoreApplication.translate(
        "MessageActions",
        "A reply is being written in “{title}”, and Hearth writes one reply at a time: "
        "wait for it to finish, or stop it (Esc), then try again. Nothing was sent.",
    ).format(title=title)


def edit_note(role: Role, later: int) -> str:
    """What sending an edited message does, shown above its box."""
    if role == Role.USER:
        if not later:
            return QCoreApplication.translate(
                "MessageActions",
                "Enter sends this as a new version of your message (Esc cancels).",
            )
        return QCoreApplication.translate(
            "MessageActions",
            "Enter sends this as a new version: the %Ln later message(s) are replaced "
            "by a new reply. They are kept as the earlier version (‹ › switches back).",
            "",
            later,
        )
    if not later:
        return QCoreApplication.translate(
            "MessageActions",
            "Enter saves your text as a new version of this reply; no new reply is written, "
            "and the earlier version is kept (‹ › switches).",
        )
    return QCoreApplication.translate(
        "MessageActions",
        "Enter saves your text as a new version of this reply; no new reply is written, "
        "and the earlier version is kept (‹ › switches). The %Ln later message(s) stay "
        "with the earlier version.",
        "",
        later,
    )


class MessageActions(QObject):
    """Carries out the transcript's message actions for the open conversation, and
    adds a reasoning model's thinking to the reply it belongs to as it streams (routed
    by message id: a reply in a conversation not on screen has no row here).

    Signals:
        notice(str): something the user must read (why an action did nothing).
        status_message(str): a short line for the status bar.
    """

    notice = Signal(str)
    # A notice that holds only while a reply is being written ("wait for it").
    busy_notice = Signal(str)
    status_message = Signal(str)

    def __init__(
        self,
        chat: ChatController,
        store: HistoryStore,
        transcript: TranscriptView,
        transcript_model: TranscriptModel,
        ask_confirmation: Callable[[str, str], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._chat = chat
        self._store = store
        self._transcript = transcript
        self._model = transcript_model
        self._ask_confirmation = ask_confirmation
        transcript.action_requested.connect(self._on_transcript_action_requested)
        transcript.edit_submitted.connect(self._on_transcript_edit_submitted)
        chat.reply_reasoning_added.connect(self._on_chat_reply_reasoning_added)

    @Slot(int, int, str)
    def _on_chat_reply_reasoning_added(
        self, _conversation: int, message_id: int, text: str
    ) -> None:
        row = self._model.row_of(message_id)
        if row is not None:
            self._model.append_reasoning(row, text)

    @Slot(str, int)
    def _on_transcript_action_requested(self, action: str, row: int) -> None:
        message = self._model.message(row)
        if action == "copy":
            thinking_only = message.role == Role.ASSISTANT and not message.text
            QGuiApplication.clipboard().setText(
                message.reasoning if thinking_only else message.text
            )
            self.status_message.emit(
                self.tr("Thinking copied to the clipboard")
                if thinking_only
                else self.tr("Message copied to the clipboard")
            )
            return
        if self._chat.streaming_in(message.message_id):
            self.busy_notice.emit(
                self.tr("Wait for the reply to finish (or stop it with Esc) first.")
            )
            return
        if action in _GENERATING and self._refused():
            return
        conversation_id = self._store.message(message.message_id).conversation_id
        if action == "edit":
            later = self._model.rowCount() - row - 1
            self._transcript.start_editing(row, edit_note(message.role, later))
        elif action in ("regenerate", "reply"):
            if self._chat.regenerate(conversation_id):
                self.status_message.emit(self.tr("Generating…"))
        elif action == "continue":
            if self._chat.continue_reply(message.message_id):
                self.status_message.emit(self.tr("Generating…"))
        elif action == "delete":
            self._delete(message.message_id)
        elif action in ("previous_version", "next_version"):
            step = -1 if action == "previous_version" else 1
            self._chat.switch_version(message.message_id, step)

    @Slot(int, str)
    def _on_transcript_edit_submitted(self, row: int, text: str) -> None:
        message = self._model.message(row)
        if message.role == Role.USER:
            if self._refused():
                return
            if self._chat.edit_and_resend(message.message_id, text):
                self.status_message.emit(self.tr("Generating…"))
        elif self._chat.edit_reply(message.message_id, text):
            self.status_message.emit(self.tr("Saved the edited reply as a new version"))

    def _refused(self) -> bool:
        reason = busy_reason(self._chat, self._store)
        if reason:
            self.busy_notice.emit(reason)
        return bool(reason)

    def _delete(self, message_id: int) -> None:
        stored = self._store.message(message_id)
        size = self._store.deletion_size(message_id)
        later = size - 1
        if stored.versions > 1 and later > 0:
            text = self.tr(
                "Delete version {version} of {count} of this message and the %Ln later "
                "message(s) of its branch? This cannot be undone.",
                "",
                later,
            ).format(version=stored.version, count=stored.versions)
        elif stored.versions > 1:
            text = self.tr(
                "Delete version {version} of {count} of this message? This cannot be undone."
            ).format(version=stored.version, count=stored.versions)
        else:
            text = self.tr("Delete this message? The later messages stay. This cannot be undone.")
        if self._ask_confirmation(self.tr("Delete message"), text) and self._chat.delete_message(
            message_id
        ):
            self.status_message.emit(self.tr("Message deleted"))
