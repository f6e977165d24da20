"""Full-text search over the chat history: conversations whose title or any message
(every version of it) holds the words, each with a snippet around its first match.

A reply's reasoning is indexed in a column of its own and searched only when the user
asks for it; a hit there says so, with a snippet from the reasoning."""

from __future__ import annotations

import re
import sqlite3

from engine.chat.history_records import (
    MATCH_END,
    MATCH_START,
    SearchHit,
    conversation_from_row,
)

# Words of context on each side of a match in a snippet.
SNIPPET_WORDS = 12

# The full-text index's columns (schema 4): a message's text, then its reasoning.
_COLUMNS = ("content", "reasoning")


def _message_hits(column: int) -> str:
    """The part of the search that finds messages whose ``column`` holds every word."""
    return f"""
        SELECT c.*, snippet(messages_fts, {column}, :start, :end, '…', {SNIPPET_WORDS})
                   AS snippet,
               m.id AS hit_message, c.updated_at AS rank_time, m.position AS hit_position,
               {column} AS in_reasoning
        FROM messages_fts
        JOIN messages m ON m.id = messages_fts.rowid
        JOIN conversations c ON c.id = m.conversation_id
        WHERE messages_fts MATCH '{{{_COLUMNS[column]}}} : (' || :match || ')'
    """


# Han, kana and hangul: scripts written without spaces, which the full-text index
# (unicode61) keeps as one token per run of characters, so a word inside a sentence is
# never a token of its own. Words in them are found as substrings instead.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
# Characters of context on each side of a substring match in its snippet.
_SNIPPET_CHARS = 40


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _message_substring_hits(column: int, count: int) -> str:
    """Like :func:`_message_hits`, for words matched as substrings (``:w0`` … the LIKE
    patterns, ``:raw0`` the first word as typed, which the snippet is cut around)."""
    name = _COLUMNS[column]
    where = " AND ".join(f"m.{name} LIKE :w{i} ESCAPE '\\'" for i in range(count))
    cut = f"max(1, instr(m.{name}, :raw0) - {_SNIPPET_CHARS})"
    excerpt = f"substr(m.{name}, {cut}, length(:raw0) + {2 * _SNIPPET_CHARS})"
    return f"""
        SELECT c.*,
               CASE WHEN {cut} > 1 THEN '…' ELSE '' END
               || replace({excerpt}, :raw0, :start || :raw0 || :end)
               || CASE WHEN {cut} + length(:raw0) + {2 * _SNIPPET_CHARS} <= length(m.{name})
                  THEN '…' ELSE '' END AS snippet,
               m.id AS hit_message, c.updated_at AS rank_time, m.position AS hit_position,
               {column} AS in_reasoning
        FROM messages m
        JOIN conversations c ON c.id = m.conversation_id
        WHERE {where}
    """


def search_history(
    db: sqlite3.Connection, text: str, limit: int, include_reasoning: bool = False
) -> list[SearchHit]:
    """Conversations whose title or messages contain every word of ``text``, the most
    recently active first; a message match wins over a title match (it has a place to
    show), and the earliest matching message of a conversation is the one named (its
    answer before its reasoning). With ``include_reasoning``, a message whose reasoning
    holds every word matches too."""
    words = [w for w in text.replace('"', " ").split() if w]
    if not words:
        return []
    match = " ".join(f'"{w}"*' for w in words)
    like = "%" + _escape_like(text.strip()) + "%"
    params: dict[str, object] = {
        "like": like,
        "start": MATCH_START,
        "end": MATCH_END,
        "match": match,
    }
    # A word in a script without spaces is looked for inside the text (all words are
    # then, the others case-insensitively as LIKE does for ASCII).
    substrings = any(_UNSPACED.search(w) for w in words)
    if substrings:
        params["raw0"] = next(w for w in words if _UNSPACED.search(w))
        params.update({f"w{i}": "%" + _escape_like(w) + "%" for i, w in enumerate(words)})
    hits_of = (
        (lambda column: _message_substring_hits(column, len(words)))
        if substrings
        else _message_hits
    )
    parts = [
        """
        SELECT c.*, '' AS snippet, NULL AS hit_message, c.updated_at AS rank_time,
               -1 AS hit_position, 0 AS in_reasoning
        FROM conversations c WHERE c.title LIKE :like ESCAPE '\\'
        """,
        hits_of(0),
    ]
    if include_reasoning:
        parts.append(hits_of(1))
    query = " UNION ALL ".join(parts)
    query += " ORDER BY rank_time DESC, hit_position, hit_message, in_reasoning"
    rows = db.execute(query, params).fetchall()
    hits: dict[int, SearchHit] = {}
    for row in rows:
        conversation = conversation_from_row(row)
        existing = hits.get(conversation.id)
        if existing is None or (existing.message_id is None and row["hit_message"] is not None):
            message = row["hit_message"]
            hits[conversation.id] = SearchHit(
                conversation,
                str(row["snippet"]),
                None if message is None else int(message),
                in_reasoning=bool(row["in_reasoning"]),
            )
    ordered = sorted(hits.values(), key=lambda h: h.conversation.updated_at, reverse=True)
    return ordered[:limit]
