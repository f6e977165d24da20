"""Messages parsed from their database rows, kept by the rows' values."""

from __future__ import annotations

import sqlite3
from collections import OrderedDict

from engine.chat.history_records import StoredMessage, message_from_row

# Parsed messages kept, and the text a row may hold and still be kept: at most about
# 16 MB of text.
PARSED_KEPT = 512
PARSED_TEXT_LIMIT = 32_000


class ParsedMessages:
    """The last messages parsed, by their row's values.

    A row that did not change gives the same :class:`StoredMessage` (not checked and
    decoded again), so a reader can tell what changed by identity: each send reads a
    conversation whose older messages are as they were.
    """

    def __init__(self, kept: int = PARSED_KEPT, text_limit: int = PARSED_TEXT_LIMIT) -> None:
        self._kept = kept
        self._text_limit = text_limit
        self._parsed: OrderedDict[tuple[object, ...], StoredMessage] = OrderedDict()

    def parse(self, row: sqlite3.Row) -> StoredMessage:
        if len(row["content"]) + len(_reasoning(row)) > self._text_limit:
            return message_from_row(row)  # not kept: a long paste stays in the database
        values = tuple(row)
        parsed = self._parsed.get(values)
        if parsed is None:
            parsed = self._parsed[values] = message_from_row(row)
            if len(self._parsed) > self._kept:
                self._parsed.popitem(last=False)
        else:
            self._parsed.move_to_end(values)
        return parsed


def _reasoning(row: sqlite3.Row) -> str:
    try:
        return str(row["reasoning"] or "")
    except IndexError:  # a row without the column
        return ""
