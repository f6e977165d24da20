"""The sidebar's list: conversations under day headings, or search results."""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from engine.chat.history_records import MATCH_END, MATCH_START
from engine.chat.history_store import Conversation, SearchHit
from gui.common.ui_locale import QT_TRANSLATE_NOOP, ui_locale

_Index = QModelIndex | QPersistentModelIndex
# Before the snippet of a hit found in a reply's thinking rather than its answer.
THINKING_LABEL = QT_TRANSLATE_NOOP("ConversationListModel", "in thinking: ")
# The title the history gives a conversation nobody has named yet.
DEFAULT_TITLE = "New chat"


def thinking_label() -> str:
    """:data:`THINKING_LABEL` in the window's language."""
    return QCoreApplication.translate("ConversationListModel", THINKING_LABEL)


def shown_title(title: str) -> str:
    """A conversation's title as the window shows it: the history's default title in
    the window's language, any other as written."""
    if title == DEFAULT_TITLE:
        return QCoreApplication.translate("ConversationListModel", "New chat")
    return title


def day_heading(timestamp: float, now: float | None = None) -> str:
    """The sidebar heading of a conversation last active at ``timestamp`` (local time):
    Today, Yesterday, Previous 7 days, Previous 30 days, else its month and year."""
    today = datetime.date.fromtimestamp(time.time() if now is None else now)
    day = datetime.date.fromtimestamp(timestamp)
    age = (today - day).days
    if age <= 0:
        return QCoreApplication.translate("ConversationListModel", "Today")
    if age == 1:
        return QCoreApplication.translate("ConversationListModel", "Yesterday")
    if age < 7:
        return QCoreApplication.translate("ConversationListModel", "Previous 7 days")
    if age < 30:
        return QCoreApplication.translate("ConversationListModel", "Previous 30 days")
    #: a Qt date format for a month heading in the sidebar: MMMM the month's name, yyyy the year
    month_format = QCoreApplication.translate("ConversationListModel", "MMMM yyyy")
    return ui_locale().toString(QDate(day.year, day.month, day.day), month_format)


@dataclass(frozen=True)
class _Row:
    text: str
    conversation: Conversation | None = None
    snippet: str = ""
    message_id: int | None = None
    in_reasoning: bool = False


def unmarked(snippet: str) -> str:
    """A search snippet without its match marks."""
    return snippet.replace(MATCH_START, "").replace(MATCH_END, "")


class ConversationListModel(QAbstractListModel):
    """Rows are day headings (not selectable) and conversations.

    ``ConversationIdRole`` gives a conversation row's id (None for headings);
    ``SnippetRole`` a search result's snippet, its matches between
    :data:`~engine.chat.history_records.MATCH_START` and ``MATCH_END`` (plain text);
    ``InReasoningRole`` whether the snippet comes from a reply's thinking.
    """

    ConversationIdRole = Qt.ItemDataRole.UserRole + 1
    IsHeaderRole = Qt.ItemDataRole.UserRole + 2
    SnippetRole = Qt.ItemDataRole.UserRole + 3
    InReasoningRole = Qt.ItemDataRole.UserRole + 4

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.text
        if role == Qt.ItemDataRole.ToolTipRole:
            if row.snippet:
                where = thinking_label() if row.in_reasoning else ""
                return where + unmarked(row.snippet)
            return shown_title(row.conversation.title) if row.conversation else None
        if role == self.ConversationIdRole:
            return row.conversation.id if row.conversation else None
        if role == self.IsHeaderRole:
            return row.conversation is None
        if role == self.SnippetRole:
            return row.snippet
        if role == self.InReasoningRole:
            return row.in_reasoning
        if role == Qt.ItemDataRole.FontRole and row.conversation is None:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            font.setPointSizeF(max(6.0, font.pointSizeF() * 0.85))
            return font
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return Qt.ItemFlag.NoItemFlags
        if self._rows[index.row()].conversation is None:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def show_conversations(
        self, conversations: list[Conversation], now: float | None = None
    ) -> None:
        """Newest first, under Today / Yesterday / Previous 7 days / … headings."""
        now = time.time() if now is None else now
        rows: list[_Row] = []
        group = None
        for conversation in conversations:
            label = day_heading(conversation.updated_at, now)
            if label != group:
                rows.append(_Row(label))
                group = label
            rows.append(_Row(shown_title(conversation.title), conversation))
        self._reset(rows)

    def show_search_results(self, hits: list[SearchHit]) -> None:
        count = len(hits)
        heading = (
            QCoreApplication.translate("ConversationListModel", "%Ln found", "", count)
            if hits
            else QCoreApplication.translate("ConversationListModel", "Nothing found")
        )
        rows = [_Row(heading)]
        rows += [
            _Row(
                shown_title(h.conversation.title),
                h.conversation,
                h.snippet,
                h.message_id,
                h.in_reasoning,
            )
            for h in hits
        ]
        self._reset(rows)

    def hit_message(self, conversation_id: int) -> int | None:
        """The message a shown search result found in the conversation (None: no result
        names one)."""
        row = self.row_of(conversation_id)
        return None if row is None else self._rows[row].message_id

    def row_of(self, conversation_id: int) -> int | None:
        for row, item in enumerate(self._rows):
            if item.conversation is not None and item.conversation.id == conversation_id:
                return row
        return None

    def _reset(self, rows: list[_Row]) -> None:
        if [_shown(row) for row in rows] == [_shown(row) for row in self._rows]:
            # Every send and every reply's end lists the conversations again, nearly
            # always as they are shown already: a reset would lay out every row and
            # lose the selection for nothing.
            self._rows = rows
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()


def _shown(row: _Row) -> tuple[object, ...]:
    """What a row shows (its text, tooltip, snippet) and which conversation it opens."""
    conversation = row.conversation
    return (
        row.text,
        None if conversation is None else (conversation.id, conversation.title),
        row.snippet,
        row.message_id,
        row.in_reasoning,
    )
