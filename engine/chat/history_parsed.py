"""Messages parsed from their database rows, reused while their rows are unchanged."""

from __future__ import annotations

import sqlite3
from collections.abc import Hashable, Iterable

from engine.chat.history_records import StoredMessage, message_from_row

_Kept = tuple[tuple[object, ...], StoredMessage]


class ParsedMessages:
    """The conversation read last: its messages by id, each with the row values it was
    parsed from, and what the reader said the database was at (``version``).

    A row that did not change gives the same :class:`StoredMessage` (not checked and
    decoded again), so a reader can tell what changed by identity: each send reads a
    conversation whose older messages are as they were. Only one conversation is
    kept, however long: the one the window shows.
    """

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self._by_id: dict[int, _Kept] = {}
        self._last: tuple[int, Hashable, tuple[StoredMessage, ...]] | None = None

    def last(self, conversation_id: int, version: Hashable) -> tuple[StoredMessage, ...] | None:
        """The conversation as read last, if it is ``conversation_id`` read at
        ``version`` (None: read it again)."""
        last = self._last
        if last is not None and last[0] == conversation_id and last[1] == version:
            return last[2]
        return None

    def parse(self, row: sqlite3.Row) -> StoredMessage:
        """One message: the kept one if its row is unchanged (nothing is kept)."""
        return self._kept(row, tuple(row))[1]

    def conversation(
        self, conversation_id: int, version: Hashable, rows: Iterable[sqlite3.Row]
    ) -> tuple[StoredMessage, ...]:
        """A conversation's messages, read at ``version``; they replace those kept."""
        kept = {int(row["id"]): self._kept(row, tuple(row)) for row in rows}
        messages = tuple(message for _, message in kept.values())
        self._by_id = kept
        self._last = (conversation_id, version, messages)
        return messages

    def _kept(self, row: sqlite3.Row, values: tuple[object, ...]) -> _Kept:
        known = self._by_id.get(int(row["id"]))
        if known is not None and known[0] == values:
            return known
        return values, message_from_row(row)
