"""The messages of the conversation on screen, as a Qt list model.

The model is the single source of truth the transcript view renders from. Streaming
text is appended here as each token arrives (kept as pieces, joined when the row is
read: a long thinking grows by tens of thousands of them); the view decides when to
repaint.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from engine.chat.history_store import MessageState, StoredMessage
from engine.llm.generation import ReplyStats
from engine.llm.messages import Role

# The message states under shorter names (the stored values: MessageState is a StrEnum).
COMPLETE = MessageState.COMPLETE
STREAMING = MessageState.STREAMING
CANCELLED = MessageState.CANCELLED
ERROR = MessageState.ERROR
INTERRUPTED = MessageState.INTERRUPTED

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class TranscriptMessage:
    role: Role
    text: str
    state: MessageState = MessageState.COMPLETE
    stats: ReplyStats | None = None
    error: str = ""
    message_id: int = 0
    # Which version of the message this is, of how many (‹ 1/2 › when more than one).
    version: int = 1
    versions: int = 1
    # Who wrote it: "You", or the name of the model a reply came from.
    author: str = ""
    # A reasoning model's thinking, apart from the answer (``text``); untrusted.
    reasoning: str = ""
    # A streaming reply: when it began thinking (``time.monotonic()``), and how long
    # it thought once its answer began (None: not yet, or not known).
    thinking_since: float | None = None
    thought_for: float | None = None
    # The stored message this was made from (None: none, or it was streaming): a
    # conversation read again is compared by it first (see workspace_transcript).
    source: StoredMessage | None = field(default=None, compare=False, repr=False)


class TranscriptModel(QAbstractListModel):
    """One row per message. ``Qt.DisplayRole`` is the text (a reply's answer); custom
    roles below (``ReasoningRole``: a reasoning model's thinking)."""

    RoleRole = Qt.ItemDataRole.UserRole + 1
    StateRole = Qt.ItemDataRole.UserRole + 2
    StatsRole = Qt.ItemDataRole.UserRole + 3
    ErrorRole = Qt.ItemDataRole.UserRole + 4
    ReasoningRole = Qt.ItemDataRole.UserRole + 5
    # The roles a streamed piece changes: the text, or the thinking.
    _TEXT_ROLES: ClassVar[list[int]] = [Qt.ItemDataRole.DisplayRole]
    _REASONING_ROLES: ClassVar[list[int]] = [ReasoningRole]

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[TranscriptMessage] = []
        self._last_lookup: tuple[int, int] | None = None
        # Streamed pieces not joined into their row yet: row -> (text, thinking).
        self._pieces: dict[int, tuple[list[str], list[str]]] = {}
        self._streamed: QModelIndex | None = None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        message = self.message(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return message.text
        if role == self.RoleRole:
            return message.role
        if role == self.StateRole:
            return message.state
        if role == self.StatsRole:
            return message.stats
        if role == self.ErrorRole:
            return message.error
        if role == self.ReasoningRole:
            return message.reasoning
        return None

    def roleNames(self) -> dict[int, QByteArray]:
        names = dict(super().roleNames())
        names.update(
            {
                self.RoleRole: QByteArray(b"role"),
                self.StateRole: QByteArray(b"state"),
                self.StatsRole: QByteArray(b"stats"),
                self.ErrorRole: QByteArray(b"error"),
                self.ReasoningRole: QByteArray(b"reasoning"),
            }
        )
        return names

    def message(self, row: int) -> TranscriptMessage:
        pieces = self._pieces.pop(row, None)
        if pieces is not None:
            current = self._rows[row]
            text, reasoning = pieces
            self._rows[row] = replace(
                current,
                text=current.text + "".join(text),
                reasoning=current.reasoning + "".join(reasoning),
                source=None,
            )
        return self._rows[row]

    def append_message(self, message: TranscriptMessage) -> int:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(message)
        self.endInsertRows()
        return row

    def append_text(self, row: int, text: str) -> None:
        """Add streamed text to a message; emits one ``dataChanged`` for the row."""
        self._pieces.setdefault(row, ([], []))[0].append(text)
        index = self._streamed_index(row)
        self.dataChanged.emit(index, index, self._TEXT_ROLES)

    def append_reasoning(self, row: int, text: str) -> None:
        """Add streamed thinking to a reply; emits one ``dataChanged`` for the row."""
        self._pieces.setdefault(row, ([], []))[1].append(text)
        index = self._streamed_index(row)
        self.dataChanged.emit(index, index, self._REASONING_ROLES)

    def _streamed_index(self, row: int) -> QModelIndex:
        """The index of the row being streamed into, made once, not once per token."""
        cached = self._streamed
        if cached is None or cached.row() != row or not cached.isValid():
            cached = self._streamed = self.index(row)
        return cached

    def finish(
        self,
        row: int,
        state: MessageState,
        *,
        text: str | None = None,
        stats: ReplyStats | None = None,
        error: str = "",
        reasoning: str | None = None,
    ) -> None:
        """A reply ended: its final state, and its text and thinking where given."""
        current = self.message(row)
        self._rows[row] = replace(
            current,
            state=state,
            text=current.text if text is None else text,
            stats=stats,
            error=error,
            reasoning=current.reasoning if reasoning is None else reasoning,
            source=None,
        )
        index = self.index(row)
        self.dataChanged.emit(index, index)

    def replace(self, row: int, message: TranscriptMessage) -> None:
        self._pieces.pop(row, None)
        self._rows[row] = message
        index = self.index(row)
        self.dataChanged.emit(index, index)

    def set_source(self, row: int, source: StoredMessage) -> None:
        """Note the stored message a row, unchanged, now shows (no signal: nothing on
        screen changes)."""
        self._rows[row] = replace(self.message(row), source=source)

    def set_messages(self, messages: list[TranscriptMessage]) -> None:
        self.beginResetModel()
        self._rows = list(messages)
        self._pieces.clear()
        self.endResetModel()

    def row_of(self, message_id: int) -> int | None:
        """The row showing a stored message. Called for every streamed token, so the
        last answer is kept: the streaming message is nearly always the last row."""
        cached = self._last_lookup
        if (
            cached is not None
            and cached[0] == message_id
            and cached[1] < len(self._rows)
            and self._rows[cached[1]].message_id == message_id
        ):
            return cached[1]
        for row in range(len(self._rows) - 1, -1, -1):
            if self._rows[row].message_id == message_id:
                self._last_lookup = (message_id, row)
                return row
        return None

    def clear(self) -> None:
        self.beginResetModel()
        self._rows.clear()
        self._pieces.clear()
        self.endResetModel()
