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

from engine.chat.history_parsed import ParsedMessages
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
)
from engine.chat.history_scrub import BackgroundScrub, scrub_history
from engine.chat.history_search import search_history
from engine.chat.history_transfer import (
    MAX_IMPORT_TEXT,
    checked_export,
    export_document,
    export_markdown,
    insert_conversation,
    insert_imported,
    parse_export_text,
)
from engine.chat.history_versions import (
    MESSAGE_SELECT,
    add_sibling,
    append_message,
    branch_ids,
    delete_version,
    select_branch,
    select_version,
)
from engine.common.messages import Message, msg
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


def _no_message(message_id: int) -> Message:
    return msg("There is no message {id}.", id=message_id)


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
        self._scrub = BackgroundScrub(path, busy_timeout, self._write_lock)
        # The last conversation read by messages(), with the writes it was read after:
        # one send reads it several times (the prompt, the transcript, the context).
        self._writes = 0
        self._parsed = ParsedMessages()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise HistoryStoreError(
                msg(
                    "Cannot create the folder for the chat history {path}: {reason}.",
                    path=path.parent,
                    reason=error.strerror or error,
                )
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
                finally:
                    self._writes += 1
            except sqlite3.Error as error:
                raise HistoryStoreError(
                    msg("Could not save the chat history: {reason}", reason=error)
                ) from error
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
            raise HistoryStoreError(msg("There is no conversation {id}.", id=conversation_id))
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
        # Nor kept in memory here (the scrub clears the files).
        self._parsed.clear()
        self._scrub.request()

    def wait_for_scrub(self, timeout: float | None = None) -> bool:
        """Wait for a running scrub; False if it is still running after ``timeout``."""
        return self._scrub.wait(timeout)

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
        reasoning: str = "",
    ) -> StoredMessage:
        """Append a message, durably committed before this returns; ``reasoning`` is a
        reply's thinking, kept apart from ``content``.

        Raises:
            ValueError: ``role`` or ``state`` is not one of its kind.
        """
        role = Role(role)
        state = message_state(state)
        now = time.time() if created_at is None else created_at
        with self._transaction() as db:
            new_id = append_message(
                db,
                conversation_id,
                {
                    "role": role.value,
                    "content": content,
                    "reasoning": reasoning,
                    "state": state.value,
                    "created_at": now,
                    "updated_at": now,
                    "model_path": model_path,
                    "sampling_json": json.dumps(sampling) if sampling is not None else "",
                },
            )
            db.execute(
                "UPDATE conversations SET updated_at = ? WHERE id = ?", (now, conversation_id)
            )
        return self.message(new_id)

    def message(self, message_id: int) -> StoredMessage:
        row = self._db.execute(MESSAGE_SELECT + " WHERE m.id = ?", (message_id,)).fetchone()
        if row is None:
            raise HistoryStoreError(_no_message(message_id))
        return self._parsed.parse(row)

    def messages(self, conversation_id: int) -> list[StoredMessage]:
        """The conversation as shown and sent to the model: the selected version of
        each message, in order.

        Read again only after a write, here or by another connection (SQLite's
        ``data_version``: the scrub, another program): a send reads it several times.
        """
        version = (self._writes, int(self._db.execute("PRAGMA data_version").fetchone()[0]))
        last = self._parsed.last(conversation_id, version)
        if last is not None:
            return list(last)
        rows = self._db.execute(
            MESSAGE_SELECT + " WHERE m.conversation_id = ? AND m.active = 1 ORDER BY m.position",
            (conversation_id,),
        ).fetchall()
        return list(self._parsed.conversation(conversation_id, version, rows))

    def all_messages(self, conversation_id: int) -> list[StoredMessage]:
        """Every version of every message, each after the message it follows."""
        rows = self._db.execute(
            MESSAGE_SELECT + " WHERE m.conversation_id = ? ORDER BY m.position, m.id",
            (conversation_id,),
        ).fetchall()
        return [self._parsed.parse(row) for row in rows]

    # -- versions ----------------------------------------------------------------------

    def add_version(
        self,
        message_id: int,
        content: str,
        *,
        state: MessageState | str = MessageState.COMPLETE,
        model_path: str = "",
        sampling: dict[str, Any] | None = None,
        reasoning: str = "",
    ) -> StoredMessage:
        """A new version of a message (a regenerated reply, an edited message), selected
        at once; the earlier version keeps the turns that followed it. Durable before
        this returns."""
        state = message_state(state)
        now = time.time()
        with self._transaction() as db:
            try:
                new_id = add_sibling(
                    db,
                    message_id,
                    {
                        "content": content,
                        "reasoning": reasoning,
                        "state": state.value,
                        "created_at": now,
                        "updated_at": now,
                        "model_path": model_path,
                        "sampling_json": json.dumps(sampling) if sampling is not None else "",
                    },
                )
            except KeyError:
                raise HistoryStoreError(_no_message(message_id)) from None
            db.execute(
                "UPDATE conversations SET updated_at = ? WHERE id = "
                "(SELECT conversation_id FROM messages WHERE id = ?)",
                (now, new_id),
            )
        return self.message(new_id)

    def select_version(self, message_id: int, step: int) -> StoredMessage:
        """Show the version ``step`` places after (negative: before) ``message_id``,
        with the turns that followed it; return the version shown."""
        with self._transaction() as db:
            try:
                chosen = select_version(db, message_id, step)
            except KeyError:
                raise HistoryStoreError(_no_message(message_id)) from None
        return self.message(chosen)

    def show_message(self, message_id: int) -> None:
        """Select the versions that lead to ``message_id`` (a search hit in an earlier
        version), so that the conversation shows it."""
        with self._transaction() as db:
            try:
                select_branch(db, message_id)
            except KeyError:
                raise HistoryStoreError(_no_message(message_id)) from None

    def deletion_size(self, message_id: int) -> int:
        """How many messages :meth:`delete_message` would remove."""
        if self.message(message_id).versions == 1:
            return 1
        return len(branch_ids(self._db, message_id))

    def save_partial(self, message_id: int, content: str, reasoning: str | None = None) -> None:
        """Save a streaming reply's text so far, and its reasoning so far unless
        ``reasoning`` is None (cheap: no fsync of the WAL)."""
        with self._transaction(durable=False) as db:
            db.execute(
                "UPDATE messages SET content = ?, reasoning = COALESCE(?, reasoning), "
                "updated_at = ? WHERE id = ?",
                (content, reasoning, time.time(), message_id),
            )

    def finish_message(
        self,
        message_id: int,
        *,
        content: str,
        state: MessageState | str,
        stats: dict[str, Any] | None = None,
        error: str = "",
        reasoning: str | None = None,
    ) -> StoredMessage:
        """Store a reply's final text, state and statistics, durably; its reasoning too
        unless ``reasoning`` is None (then what :meth:`save_partial` saved stays)."""
        state = message_state(state)
        with self._transaction() as db:
            db.execute(
                "UPDATE messages SET content = ?, reasoning = COALESCE(?, reasoning), "
                "state = ?, stats_json = ?, error = ?, updated_at = ? WHERE id = ?",
                (
                    content,
                    reasoning,
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
        """Replace a message's text (its reasoning stays)."""
        with self._transaction() as db:
            db.execute(
                "UPDATE messages SET content = ?, updated_at = ? WHERE id = ?",
                (content, time.time(), message_id),
            )

    def delete_message(self, message_id: int) -> int:
        """Delete a message and return how many messages went: a message that is the
        only version at its place goes alone (the later turns stay); one of several
        versions goes with the turns of its branch, and a neighbouring version is shown.
        The text is scrubbed in the background, as for :meth:`delete_conversation`."""
        with self._transaction() as db:
            try:
                count = delete_version(db, message_id)
            except KeyError:
                return 0
        if count:
            self._scrub.request()
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

    def search(
        self, text: str, limit: int = 200, include_reasoning: bool = False
    ) -> list[SearchHit]:
        """Conversations whose title or messages (any version) contain every word of
        ``text``, each with a snippet around its first matching message; with
        ``include_reasoning`` a reply whose reasoning holds every word matches too
        (:attr:`SearchHit.in_reasoning`)."""
        return search_history(self._db, text, limit, include_reasoning)

    def export_json(self, conversation_id: int) -> dict[str, Any]:
        return export_document(
            self.conversation(conversation_id), self.all_messages(conversation_id)
        )

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
