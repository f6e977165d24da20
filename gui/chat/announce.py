"""What screen readers are told when a reply ends (finished, stopped or failed): said
once, through gui.common.announce, never per streamed token."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from engine.llm.messages import Role
from gui.chat.transcript_model import CANCELLED, ERROR, INTERRUPTED, TranscriptMessage

# A reply longer than this is announced by its beginning; the message itself (Tab
# reaches it) holds the rest.
ANNOUNCED_CHARS = 1_000


def reply_announcement(message: TranscriptMessage, author: str) -> str:
    """What a screen reader says when the reply ``message`` by ``author`` has ended."""
    if message.state == CANCELLED:
        return QCoreApplication.translate("ChatWorkspace", "The reply was stopped.")
    if message.state in (ERROR, INTERRUPTED):
        return QCoreApplication.translate("ChatWorkspace", "The reply failed: {error}").format(
            error=message.error
        )
    text = " ".join(message.text.split())
    if len(text) > ANNOUNCED_CHARS:
        text = text[:ANNOUNCED_CHARS].rstrip() + "…"
    if message.role != Role.ASSISTANT or not text:
        return QCoreApplication.translate("ChatWorkspace", "Reply finished.")
    return QCoreApplication.translate("ChatWorkspace", "{author} replied: {text}").format(
        author=author, text=text
    )
