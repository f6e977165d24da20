"""The chat history: conversations and messages in SQLite, safe through crashes.

The database runs in WAL mode. A user's message is committed with
``synchronous=FULL`` before its reply starts; a streaming reply is saved four times a
second with ``synchronous=NORMAL`` (in WAL mode that survives a killed process, and
only an OS crash could lose those last saves), and again with FULL when it ends.
Replies left ``streaming`` by a crash become ``interrupted`` when the store next opens.
Schema upgrades back the file up first and delete the backup once the upgrade has
succeeded (it would keep deleted conversations). Only a database SQLite reports as
corrupt (or that fails ``PRAGMA quick_check``) is moved aside, never deleted, and a
fresh one started; the newest three such copies are kept. A locked database, a disk
error or a full disk raise a clear error and leave the file as it is.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from engine.chat.history_records import (
    MESSAGE_STATES,
    Conversation,
    HistoryLockedError,
    HistoryStoreError,
    MessageState,
    SearchHit,
    StoredMessage,
    auto_title,
    conversation_from_row,
    day_group,
    message_from_row,
    message_state,
)
from engine.chat.history_schema import (
    BUSY_TIMEOUT_S,
    MIGRATIONS,
    SCHEMA_VERSION,
    connect,
    is_corruption,
    move_aside,
    open_error,
    scrub_history,
)
from engine.chat.history_transfer import (
    MAX_IMPORT_TEXT,
    checked_export,
    export_document,
    export_markdown,
    insert_conversation,
    insert_imported,
    parse_export_text,
)
from engine.llm.messages import Role

__all__ = [
    "BUSY_TIMEOUT_S",
    "MAX_IMPORT_TEXT",
    "MESSAGE_STATES",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "Conversation",
    "HistoryLockedError",
    "HistoryStore",
    "HistoryStoreError",
    "MessageState",
    "SearchHit",
    "StoredMessage",
    "auto_title",
    "day_group",
    "scrub_history",
]

log = logging.getLogger(__name__)


class HistoryStore:
    """All access to the chat database. Use from one thread at a time."""

    def __init__(self, path: Path, *, busy_timeout: float = BUSY_TIMEOUT_S) -> None:
        """Open (or create) the database at ``path``, recovering from a corrupt file.

        After opening, :attr:`recovered_from` is the path a corrupt database was moved
        to (show it to the user), :attr:`corrupt_copies` every such copy still kept,
        and :attr:`interrupted_count` the number of replies a crash had left streaming.

        Raises:
            HistoryLockedError: Another program kept the database locked for longer
                than ``busy_timeout`` seconds (nothing was changed: try again later).
            HistoryStoreError: A disk error, a full disk or a newer schema (nothing
                was changed or moved).
        """
        self.path = path
        self.recovered_from: Path | None = None
        self.corrupt_copies: list[Path] = []
        self._busy_timeout = busy_timeout
        # Held for every write transaction here and for each step of the scrub thread.
        self._write_lock = threading.Lock()
        self._scrub_lock = threading.Lock()
        self._scrub_pending = False
        self._scrub_thread: threading.Thread | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise HistoryStoreError(
                f"Cannot create the folder for the chat history {path.parent}: "
                f"{error.strerror or error}."
            ) from error
        try:
            self._db = connect(path, busy_timeout)
        except sqlite3.DatabaseError as error:
            if not is_corruption(error):
                log.error("The chat history %s cannot be opened: %s", path, error)
                raise open_error(path, error, busy_timeout) from error
            log.error("The chat history %s is corrupt: %s", path, error)
            self.recovered_from, self.corrupt_copies = move_aside(path)
            try:
                self._db = connect(path, busy_timeout)
            except sqlite3.DatabaseError as again:
                raise open_error(path, again, busy_timeout) from again
        self.interrupted_count = self.mark_interrupted()

    def close(self) -> None:
        """Finish a running scrub, then close the database."""
        self.wait_for_scrub()
        self._db.close()

    @contextmanager
    def _transaction(self, durable: bool = True) -> Iterator[sqlite3.Connection]:
        db = self._db
        with self._write_lock:  # a scrub step in progress finishes first
            if not durable:
                db.execute("PRAGMA synchronous = NORMAL")
            try:
                db.execute("BEGIN IMMEDIATE")
                try:
                    yield db
                    db.execute("COMMIT")
                except BaseException:
                    db.execute("ROLLBACK")
                    raise
            except sqlite3.Error as error:
                raise HistoryStoreError(f"Could not save the chat history: {error}") from error
            finally:
                if not durable:
                    db.execute("PRAGMA synchronous = FULL")

    # -- conversations ---------------------------------------------------------------

    def create_conversation(
        self,
        title: str = "New chat",
        system_prompt: str = "",
        model_path: str = "",
        settings: dict[str, Any] | None = None,
        created_at: float | None = None,
    ) -> Conversation:
        now = time.time() if created_at is None else created_at
        with self._transaction() as db:
            conversation_id = insert_conversation(
                db, title, system_prompt, model_path, settings, now
            )
        return self.conversation(conversation_id)

    def conversation(self, conversation_id: int) -> Conversation:
        row = self._db.execute(
            "SELECT * FROM conversations WHERE id = ?", (conversation_id,)
        ).fetchone()
        if row is None:
            raise HistoryStoreError(f"There is no conversation {conversation_id}.")
        return conversation_from_row(row)

    def conversations(self) -> list[Conversation]:
        """Every conversation, the most recently active first."""
        rows = self._db.execute(
            "SELECT * FROM conversations ORDER BY updated_at DESC, id DESC"
        ).fetchall()
        return [conversation_from_row(row) for row in rows]

    def rename_conversation(self, conversation_id: int, title: str) -> None:
        title = title.strip() or "New chat"
        with self._transaction() as db:
            db.execute("UPDATE conversations SET title = ? WHERE id = ?", (title, conversation_id))

    def set_system_prompt(self, conversation_id: int, system_prompt: str) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE conversations SET system_prompt = ? WHERE id = ?",
                (system_prompt, conversation_id),
            )

    def set_conversation_settings(self, conversation_id: int, settings: dict[str, Any]) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE conversations SET settings_json = ? WHERE id = ?",
                (json.dumps(settings), conversation_id),
            )

    def set_conversation_model(self, conversation_id: int, model_path: str) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE conversations SET model_path = ? WHERE id = ?",
                (model_path, conversation_id),
            )

    def delete_conversation(self, conversation_id: int) -> None:
        """Delete a conversation so that its text is gone from the files on disk.

        The rows go at once; scrubbing their traces from the full-text index and the
        WAL (:func:`scrub_history`) runs on a background thread with its own
        connection, so the caller (the GUI thread) does not wait for it.
        :meth:`close` waits for it to finish.
        """
        with self._transaction() as db:
            db.execute("DELETE FROM messages WHERE conversation_id = ?", (conversation_id,))
            db.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,))
        self._request_scrub()

    def _request_scrub(self) -> None:
        with self._scrub_lock:
            self._scrub_pending = True
            if self._scrub_thread is not None:
                return  # the running scrub sees the flag and goes once more
            self._scrub_thread = threading.Thread(
                target=self._scrub_loop, name="history-scrub", daemon=False
            )
            self._scrub_thread.start()

    def _scrub_loop(self) -> None:
        while True:
            with self._scrub_lock:
                if not self._scrub_pending:
                    self._scrub_thread = None
                    return
                self._scrub_pending = False
            try:
                scrub_history(self.path, self._busy_timeout, write_lock=self._write_lock)
            except sqlite3.Error as error:
                log.warning("Could not scrub deleted text from the chat history: %s", error)

    def wait_for_scrub(self, timeout: float | None = None) -> bool:
        """Wait for a running scrub; False if it is still running after ``timeout``."""
        with self._scrub_lock:
            thread = self._scrub_thread
        if thread is None:
            return True
        thread.join(timeout)
        return not thread.is_alive()

    # -- messages --------------------------------------------------------------------

    def add_message(
        self,
        conversation_id: int,
        role: Role | str,
        content: str,
        *,
        state: MessageState | str = MessageState.COMPLETE,
        model_path: str = "",
        sampling: dict[str, Any] | None = None,
        created_at: float | None = None,
    ) -> StoredMessage:
        """Append a message, durably committed before this returns.

        Raises:
            ValueError: ``role`` or ``state`` is not one of its kind.
        """
        role = Role(role)
        state = message_state(state)
        now = time.time() if created_at is None else created_at
        with self._transaction() as db:
            position = int(
                db.execute(
                    "SELECT COALESCE(MAX(position), -1) + 1 FROM messages "
                    "WHERE conversation_id = ?",
                    (conversation_id,),
                ).fetchone()[0]
            )
            cursor = db.execute(
                "INSERT INTO messages (conversation_id, position, role, content, state, "
                "created_at, updated_at, model_path, sampling_json) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    conversation_id,
                    position,
                    role,
                    content,
                    state,
                    now,
                    now,
                    model_path,
                    json.dumps(sampling) if sampling is not None else "",
                ),
            )
            db.execute(
                "UPDATE conversations SET updated_at = ? WHERE id = ?", (now, conversation_id)
            )
        return self.message(int(cursor.lastrowid or 0))

    def message(self, message_id: int) -> StoredMessage:
        row = self._db.execute("SELECT * FROM messages WHERE id = ?", (message_id,)).fetchone()
        if row is None:
            raise HistoryStoreError(f"There is no message {message_id}.")
        return message_from_row(row)

    def messages(self, conversation_id: int) -> list[StoredMessage]:
        rows = self._db.execute(
            "SELECT * FROM messages WHERE conversation_id = ? ORDER BY position",
            (conversation_id,),
        ).fetchall()
        return [message_from_row(row) for row in rows]

    def save_partial(self, message_id: int, content: str) -> None:
        """Save a streaming reply's text so far (cheap: no fsync of the WAL)."""
        with self._transaction(durable=False) as db:
            db.execute(
                "UPDATE messages SET content = ?, updated_at = ? WHERE id = ?",
                (content, time.time(), message_id),
            )

    def finish_message(
        self,
        message_id: int,
        *,
        content: str,
        state: MessageState | str,
        stats: dict[str, Any] | None = None,
        error: str = "",
    ) -> StoredMessage:
        state = message_state(state)
        with self._transaction() as db:
            db.execute(
                "UPDATE messages SET content = ?, state = ?, stats_json = ?, error = ?, "
                "updated_at = ? WHERE id = ?",
                (
                    content,
                    state,
                    json.dumps(stats) if stats is not None else "",
                    error,
                    time.time(),
                    message_id,
                ),
            )
        return self.message(message_id)

    def set_state(self, message_id: int, state: MessageState | str) -> None:
        state = message_state(state)
        with self._transaction() as db:
            db.execute("UPDATE messages SET state = ? WHERE id = ?", (state, message_id))

    def update_content(self, message_id: int, content: str) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE messages SET content = ?, updated_at = ? WHERE id = ?",
                (content, time.time(), message_id),
            )

    def delete_message(self, message_id: int) -> None:
        """Delete one message; its text is scrubbed in the background, as for
        :meth:`delete_conversation`."""
        with self._transaction() as db:
            cursor = db.execute("DELETE FROM messages WHERE id = ?", (message_id,))
        if cursor.rowcount:
            self._request_scrub()

    def delete_messages_after(self, conversation_id: int, position: int) -> int:
        """Delete the messages after ``position`` (edit-and-resend, regenerate); their
        text is scrubbed in the background, as for :meth:`delete_conversation`."""
        with self._transaction() as db:
            cursor = db.execute(
                "DELETE FROM messages WHERE conversation_id = ? AND position > ?",
                (conversation_id, position),
            )
        count = int(cursor.rowcount)
        if count:
            self._request_scrub()
        return count

    def mark_interrupted(self) -> int:
        """Mark replies a crash left ``streaming`` as ``interrupted``; return how many."""
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE messages SET state = ? WHERE state = ?",
                (MessageState.INTERRUPTED.value, MessageState.STREAMING.value),
            )
        count = int(cursor.rowcount)
        if count:
            log.warning("%d replies were interrupted by a crash and are marked so", count)
        return count

    # -- search, export, import ------------------------------------------------------

    def search(self, text: str, limit: int = 200) -> list[SearchHit]:
        """Conversations whose title or messages contain every word of ``text``."""
        words = [w for w in text.replace('"', " ").split() if w]
        if not words:
            return []
        match = " ".join(f'"{w}"*' for w in words)
        like = "%" + text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        like += "%"
        rows = self._db.execute(
            """
            SELECT c.*, '' AS snippet, c.updated_at AS rank_time
            FROM conversations c WHERE c.title LIKE ? ESCAPE '\\'
            UNION ALL
            SELECT c.*, snippet(messages_fts, 0, '[', ']', '…', 12) AS snippet,
                   c.updated_at AS rank_time
            FROM messages_fts
            JOIN messages m ON m.id = messages_fts.rowid
            JOIN conversations c ON c.id = m.conversation_id
            WHERE messages_fts MATCH ?
            ORDER BY rank_time DESC
            """,
            (like, match),
        ).fetchall()
        hits: dict[int, SearchHit] = {}
        for row in rows:
            conversation = conversation_from_row(row)
            existing = hits.get(conversation.id)
            if existing is None or (not existing.snippet and row["snippet"]):
                hits[conversation.id] = SearchHit(conversation, str(row["snippet"]))
        ordered = sorted(hits.values(), key=lambda h: h.conversation.updated_at, reverse=True)
        return ordered[:limit]

    def export_json(self, conversation_id: int) -> dict[str, Any]:
        return export_document(self.conversation(conversation_id), self.messages(conversation_id))

    def export_markdown(self, conversation_id: int) -> str:
        return export_markdown(self.conversation(conversation_id), self.messages(conversation_id))

    def import_json_text(self, text: str | bytes) -> Conversation:
        """Create a conversation from the text of an exported JSON file.

        Raises:
            HistoryStoreError: The text is not JSON, or not a valid Hearth export.
        """
        return self.import_json(parse_export_text(text))

    def import_json(self, data: Any) -> Conversation:
        """Create a conversation from :meth:`export_json` output, checked field by field
        before anything is written.

        Raises:
            HistoryStoreError: The data is not a Hearth conversation export, or a field
                has a wrong type or value (the message names it).
        """
        conversation, messages = checked_export(data)
        # One transaction: a full disk or a lock half-way leaves no empty conversation.
        with self._transaction() as db:
            conversation_id = insert_imported(db, conversation, messages)
        return self.conversation(conversation_id)
