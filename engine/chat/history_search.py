"""Full-text search over the chat history: conversations whose title or any message
(every version of it) holds the words, each with a snippet around its first match."""

from __future__ import annotations

import sqlite3

from engine.chat.history_records import (
    MATCH_END,
    MATCH_START,
    SearchHit,
    conversation_from_row,
)

# Words of context on each side of a match in a snippet.
SNIPPET_WORDS = 12


def search_history(db: sqlite3.Connection, text: str, limit: int) -> list[SearchHit]:
    """Conversations whose title or messages contain every word of ``text``, the most
    recently active first; a message match wins over a title match (it has a place to
    show), and the earliest matching message of a conversation is the one named."""
    words = [w for w in text.replace('"', " ").split() if w]
    if not words:
        return []
    match = " ".join(f'"{w}"*' for w in words)
    like = "%" + text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    like += "%"
    rows = db.execute(
        f"""
        SELECT c.*, '' AS snippet, NULL AS hit_message, c.updated_at AS rank_time,
               -1 AS hit_position
        FROM conversations c WHERE c.title LIKE ? ESCAPE '\\'
        UNION ALL
        SELECT c.*, snippet(messages_fts, 0, ?, ?, '…', {SNIPPET_WORDS}) AS snippet,
               m.id AS hit_message, c.updated_at AS rank_time, m.position AS hit_position
        FROM messages_fts
        JOIN messages m ON m.id = messages_fts.rowid
        JOIN conversations c ON c.id = m.conversation_id
        WHERE messages_fts MATCH ?
        ORDER BY rank_time DESC, hit_position, hit_message
        """,
        (like, MATCH_START, MATCH_END, match),
    ).fetchall()
    hits: dict[int, SearchHit] = {}
    for row in rows:
        conversation = conversation_from_row(row)
        existing = hits.get(conversation.id)
        if existing is None or (existing.message_id is None and row["hit_message"] is not None):
            message = row["hit_message"]
            hits[conversation.id] = SearchHit(
                conversation, str(row["snippet"]), None if message is None else int(message)
            )
    ordered = sorted(hits.values(), key=lambda h: h.conversation.updated_at, reverse=True)
    return ordered[:limit]
