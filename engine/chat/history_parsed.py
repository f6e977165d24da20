"""Messages parsed from their database rows, reused while their rows are unchanged."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from engine.chat.history_records import StoredMessage, message_from_row


class ParsedMessages:
    """The messages of the conversation read last, by id, with the row values each was
    parsed from.

    A row that did not change gives the same :class:`StoredMessage` (not checked and
    decoded again), so a reader can tell what changed by identity: each send reads a
    conversation whose older messages are as they were. Only one conversation is
    kept, however long: the one the window shows.
    """

    def __init__(self) -> None:
        self._by_id: dict[int, tuple[tuple[object, ...], StoredMessage]] = {}

    def parse(self, row: sqlite3.Row) -> StoredMessage:
        """One message: the kept one if its row is unchanged (nothing is kept)."""
        known = self._by_id.get(int(row["id"]))
        if known is not None and known[0] == tuple(row):
            return known[1]
        return message_from_row(row)

    def conversation(self, rows: Iterable[sqlite3.Row]) -> tuple[StoredMessage, ...]:
        """A conversation's messages; they replace those kept."""
        kept: dict[int, tuple[tuple[object, ...], StoredMessage]] = {}
        for row in rows:
            values = tuple(row)
            known = self._by_id.get(int(row["id"]))
            if known is not None and known[0] == values:
                kept[int(row["id"])] = known
            else:
                kept[int(row["id"])] = (values, message_from_row(row))
        self._by_id = kept
        return tuple(message for _, message in kept.values())

    def clear(self) -> None:
        self._by_id = {}
