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
import shutil
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from engine.chat.stored_values import (
    StoredValueError,
    check_sampling,
    check_settings,
    check_stats,
    clean_sampling,
    clean_settings,
    clean_stats,
    is_plain_text,
)
from engine.common.errors import HearthError

log = logging.getLogger(__name__)

MessageState = Literal["complete", "streaming", "interrupted", "error", "cancelled"]
MESSAGE_STATES: tuple[str, ...] = ("complete", "streaming", "interrupted", "error", "cancelled")
EXPORT_FORMAT = "hearth-conversation"
EXPORT_VERSION = 1

# Each entry upgrades the schema by one version. Never edit a released entry: add one.
MIGRATIONS: tuple[str, ...] = (
    # 1: conversations and messages. AUTOINCREMENT: an id is never reused, so a late
    # signal about a deleted message can never land on a new one.
    """
    CREATE TABLE conversations (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        title TEXT NOT NULL,
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL,
        system_prompt TEXT NOT NULL DEFAULT '',
        model_path TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
        content TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'complete',
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL
    );
    CREATE INDEX messages_by_conversation ON messages(conversation_id, position);
    """,
    # 2: what produced each reply, per-conversation settings, full-text search.
    """
    ALTER TABLE conversations ADD COLUMN settings_json TEXT NOT NULL DEFAULT '{}';
    ALTER TABLE messages ADD COLUMN stats_json TEXT NOT NULL DEFAULT '';
    ALTER TABLE messages ADD COLUMN model_path TEXT NOT NULL DEFAULT '';
    ALTER TABLE messages ADD COLUMN sampling_json TEXT NOT NULL DEFAULT '';
    ALTER TABLE messages ADD COLUMN error TEXT NOT NULL DEFAULT '';
    CREATE VIRTUAL TABLE messages_fts USING fts5(
        content, content='messages', content_rowid='id', tokenize='unicode61'
    );
    INSERT INTO messages_fts(rowid, content) SELECT id, content FROM messages;
    CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
    END;
    CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts(messages_fts, rowid, content)
        VALUES ('delete', old.id, old.content);
    END;
    CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages BEGIN
        INSERT INTO messages_fts(messages_fts, rowid, content)
        VALUES ('delete', old.id, old.content);
        INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
    END;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

# How long opening waits for another connection (another program) to let go.
BUSY_TIMEOUT_S = 5.0
# Copies of corrupt databases kept beside the history; older ones are deleted.
KEEP_CORRUPT_COPIES = 3
# Import limits: far above anything Hearth writes, low enough to refuse a hostile file.
MAX_IMPORT_MESSAGES = 100_000
MAX_IMPORT_TEXT = 4_000_000
MAX_IMPORT_TITLE = 10_000
MAX_IMPORT_PATH = 4096
# Index pages one step of the background scrub merges (about 4 KB each): a few
# milliseconds of work, the longest a save waits for the scrub.
SCRUB_STEP_PAGES = 32
# Timestamps a date can be made of on every platform (1970 to the year 3000).
MAX_TIMESTAMP = 32_503_680_000.0


class HistoryStoreError(HearthError):
    """The history could not be read or written."""


class HistoryLockedError(HistoryStoreError):
    """Another connection held the database locked for longer than the busy timeout."""


class _CorruptionFound(sqlite3.DatabaseError):
    """``PRAGMA quick_check`` found damage SQLite did not raise on by itself."""


def is_corruption(error: sqlite3.Error) -> bool:
    """True only for errors that mean the file itself is damaged."""
    if isinstance(error, _CorruptionFound):
        return True
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def _open_error(path: Path, error: sqlite3.Error, busy_timeout: float) -> HistoryStoreError:
    """The error to show for a database that could not be opened but is not corrupt."""
    code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in str(error):
        return HistoryLockedError(
            f"The chat history {path} is in use by another program and stayed locked for "
            f"{busy_timeout:g} s. Close the other program (or the other Hearth) and try "
            "again. Nothing was changed."
        )
    if code == sqlite3.SQLITE_FULL or "full" in str(error):
        return HistoryStoreError(
            f"The disk holding the chat history {path} is full. Free some space and start "
            "Hearth again; nothing was changed."
        )
    if code == sqlite3.SQLITE_IOERR or "I/O" in str(error):
        return HistoryStoreError(
            f"The chat history {path} could not be read because of a disk error ({error}). "
            "Nothing was changed or moved; check the disk and start Hearth again."
        )
    return HistoryStoreError(
        f"The chat history {path} could not be opened: {error}. Nothing was changed or moved."
    )


def scrub_history(
    path: Path,
    busy_timeout: float = BUSY_TIMEOUT_S,
    *,
    write_lock: threading.Lock | None = None,
    step_pages: int = SCRUB_STEP_PAGES,
) -> None:
    """Remove the traces deleted messages leave in the files, on a connection of its own
    (call it from any thread).

    secure_delete zeroes the pages freed here; the FTS index is merged so that no
    segment still holds the deleted words; the checkpoint empties the WAL file, which
    would otherwise keep the old pages.

    The merge runs in steps of about ``step_pages`` index pages, each its own short
    transaction (FTS5's ``merge`` command: negative for the first step, which puts every
    segment on one level, positive after it, until a step changes nothing; together
    they do what ``optimize`` does), so a writer waits one step at most, never the
    whole merge. ``write_lock`` is held for each step and for the final checkpoint:
    :class:`HistoryStore` holds the same lock for its own transactions, so its writes
    get their turn between steps instead of polling for SQLite's lock.
    """
    lock = write_lock if write_lock is not None else threading.Lock()
    db = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None)
    try:
        db.execute("PRAGMA secure_delete = ON")
        # A step lost to an OS crash is merely redone: no fsync per step (the
        # checkpoints sync the database file).
        db.execute("PRAGMA synchronous = NORMAL")
        # Checkpoints run here between steps, outside the lock, not inside a step's commit.
        db.execute("PRAGMA wal_autocheckpoint = 0")
        pages = -abs(step_pages)
        while True:
            started = time.perf_counter()
            with lock:
                db.execute("BEGIN IMMEDIATE")
                try:
                    before = db.total_changes
                    db.execute(
                        "INSERT INTO messages_fts(messages_fts, rank) VALUES ('merge', ?)",
                        (pages,),
                    )
                    changed = db.total_changes - before
                    db.execute("COMMIT")
                except BaseException:
                    db.execute("ROLLBACK")
                    raise
            if changed < 2:  # FTS5: a step that merged nothing changes fewer than 2 rows
                break
            pages = abs(step_pages)
            # Copy the step's pages from the WAL into the database without blocking
            # writers (so the WAL does not grow), then leave the database free for about
            # as long as the step held it: other programs' waits poll.
            db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            time.sleep(min(0.05, max(0.001, time.perf_counter() - started)))
        # Empty the WAL (short: the passive checkpoints left little to copy).
        with lock:
            busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        if busy:
            log.info("The chat history's WAL is in use; it is emptied at the next checkpoint")
    finally:
        db.close()


@dataclass(frozen=True)
class Conversation:
    id: int
    title: str
    created_at: float
    updated_at: float
    system_prompt: str
    model_path: str
    settings: dict[str, Any]


@dataclass(frozen=True)
class StoredMessage:
    id: int
    conversation_id: int
    position: int
    role: str
    content: str
    state: str
    created_at: float
    updated_at: float
    stats: dict[str, Any] | None
    model_path: str
    sampling: dict[str, Any] | None
    error: str


@dataclass(frozen=True)
class SearchHit:
    conversation: Conversation
    snippet: str


def day_group(timestamp: float, now: float | None = None) -> str:
    """The sidebar group of a conversation last active at ``timestamp`` (local time)."""
    import datetime

    today = datetime.date.fromtimestamp(time.time() if now is None else now)
    day = datetime.date.fromtimestamp(timestamp)
    age = (today - day).days
    if age <= 0:
        return "Today"
    if age == 1:
        return "Yesterday"
    if age < 7:
        return "Previous 7 days"
    if age < 30:
        return "Previous 30 days"
    return day.strftime("%B %Y")


def auto_title(text: str, limit: int = 48) -> str:
    """A conversation title from its first message: the first line, shortened."""
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    if not line:
        return "New chat"
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _json_or_none(text: str) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        log.warning("Ignoring unreadable JSON in the chat history: %.60r", text)
        return None


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
            self._db = self._connect_and_migrate()
        except sqlite3.DatabaseError as error:
            if not is_corruption(error):
                log.error("The chat history %s cannot be opened: %s", path, error)
                raise _open_error(path, error, busy_timeout) from error
            log.error("The chat history %s is corrupt: %s", path, error)
            self.recovered_from = self._move_aside()
            try:
                self._db = self._connect_and_migrate()
            except sqlite3.DatabaseError as again:
                raise _open_error(path, again, busy_timeout) from again
        self.interrupted_count = self.mark_interrupted()

    # -- opening ---------------------------------------------------------------------

    def _connect_and_migrate(self) -> sqlite3.Connection:
        db = sqlite3.connect(
            self.path, timeout=self._busy_timeout, isolation_level=None, check_same_thread=False
        )
        try:
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("PRAGMA secure_delete = ON")
            mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise sqlite3.DatabaseError(f"cannot enable WAL (journal mode {mode})")
            db.execute("PRAGMA synchronous = FULL")
            check = db.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise _CorruptionFound(f"integrity check failed: {check}")
            self._migrate(db)
        except BaseException:
            db.close()
            raise
        return db

    def _migrate(self, db: sqlite3.Connection, target: int = SCHEMA_VERSION) -> None:
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise HistoryStoreError(
                f"The chat history at {self.path} was written by a newer Hearth "
                f"(schema {version}, this version knows {SCHEMA_VERSION}). Update Hearth."
            )
        if version >= target:
            return
        if version > 0:
            backup = self.path.with_name(f"{self.path.name}.v{version}.bak")
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            with sqlite3.connect(backup) as copy:
                db.backup(copy)
            copy.close()
            log.info("Backed up the chat history to %s before upgrading", backup)
        for number in range(version, target):
            db.execute("BEGIN IMMEDIATE")
            try:
                for statement in _split_sql(MIGRATIONS[number]):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {number + 1}")
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
            log.info("Chat history upgraded to schema %d", number + 1)
        if version > 0:
            # The upgrade succeeded: the backup would only keep deleted conversations.
            try:
                backup.unlink()
                log.info("Upgrade done; removed the backup %s", backup)
            except OSError as error:
                log.warning("Could not remove the backup %s: %s", backup, error)

    def _move_aside(self) -> Path:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        number = 1
        while target.exists():  # twice in one second: never overwrite a copy
            number += 1
            target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{number}")
        for suffix in ("", "-wal", "-shm"):
            source = Path(str(self.path) + suffix)
            if source.exists():
                shutil.move(source, Path(str(target) + suffix))
        log.error("Moved the corrupt chat history to %s", target)
        self.corrupt_copies = self._prune_corrupt_copies(target)
        log.error(
            "Copies of corrupt chat histories kept: %s",
            ", ".join(str(p) for p in self.corrupt_copies),
        )
        return target

    def _prune_corrupt_copies(self, newest: Path) -> list[Path]:
        """Keep the newest copies (they may be all the user has), delete older ones."""
        pattern = f"{self.path.name}.corrupt-*"
        copies = [
            p for p in self.path.parent.glob(pattern) if not p.name.endswith(("-wal", "-shm"))
        ]
        copies.sort(key=lambda p: (p == newest, _mtime(p), p.name), reverse=True)
        for old in copies[KEEP_CORRUPT_COPIES:]:
            for suffix in ("", "-wal", "-shm"):
                extra = Path(str(old) + suffix)
                try:
                    extra.unlink(missing_ok=True)
                except OSError as error:
                    log.warning("Could not delete the old copy %s: %s", extra, error)
            log.warning("Deleted the old copy of a corrupt chat history %s", old)
        return copies[:KEEP_CORRUPT_COPIES]

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
            conversation_id = _insert_conversation(
                db, title, system_prompt, model_path, settings, now
            )
        return self.conversation(conversation_id)

    def conversation(self, conversation_id: int) -> Conversation:
        row = self._db.execute(
            "SELECT * FROM conversations WHERE id = ?", (conversation_id,)
        ).fetchone()
        if row is None:
            raise HistoryStoreError(f"There is no conversation {conversation_id}.")
        return _conversation(row)

    def conversations(self) -> list[Conversation]:
        """Every conversation, the most recently active first."""
        rows = self._db.execute(
            "SELECT * FROM conversations ORDER BY updated_at DESC, id DESC"
        ).fetchall()
        return [_conversation(row) for row in rows]

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
        role: str,
        content: str,
        *,
        state: str = "complete",
        model_path: str = "",
        sampling: dict[str, Any] | None = None,
        created_at: float | None = None,
    ) -> StoredMessage:
        """Append a message, durably committed before this returns."""
        if state not in MESSAGE_STATES:
            raise ValueError(f"unknown message state {state!r}")
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
        return _message(row)

    def messages(self, conversation_id: int) -> list[StoredMessage]:
        rows = self._db.execute(
            "SELECT * FROM messages WHERE conversation_id = ? ORDER BY position",
            (conversation_id,),
        ).fetchall()
        return [_message(row) for row in rows]

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
        state: str,
        stats: dict[str, Any] | None = None,
        error: str = "",
    ) -> StoredMessage:
        if state not in MESSAGE_STATES:
            raise ValueError(f"unknown message state {state!r}")
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

    def set_state(self, message_id: int, state: str) -> None:
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
                "UPDATE messages SET state = 'interrupted' WHERE state = 'streaming'"
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
            conversation = _conversation(row)
            existing = hits.get(conversation.id)
            if existing is None or (not existing.snippet and row["snippet"]):
                hits[conversation.id] = SearchHit(conversation, str(row["snippet"]))
        ordered = sorted(hits.values(), key=lambda h: h.conversation.updated_at, reverse=True)
        return ordered[:limit]

    def export_json(self, conversation_id: int) -> dict[str, Any]:
        conversation = self.conversation(conversation_id)
        return {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "title": conversation.title,
            "created_at": conversation.created_at,
            "updated_at": conversation.updated_at,
            "system_prompt": conversation.system_prompt,
            "model_path": conversation.model_path,
            "settings": conversation.settings,
            "messages": [
                {
                    "role": m.role,
                    "content": m.content,
                    "state": m.state,
                    "created_at": m.created_at,
                    "stats": m.stats,
                    "model_path": m.model_path,
                    "sampling": m.sampling,
                    "error": m.error,
                }
                for m in self.messages(conversation_id)
            ],
        }

    def export_markdown(self, conversation_id: int) -> str:
        conversation = self.conversation(conversation_id)
        lines = [f"# {conversation.title}", ""]
        if conversation.system_prompt:
            lines += [f"*System prompt:* {conversation.system_prompt}", ""]
        names = {"user": "You", "assistant": "Assistant", "system": "System"}
        for message in self.messages(conversation_id):
            note = "" if message.state == "complete" else f" ({message.state})"
            lines += [f"## {names.get(message.role, message.role)}{note}", "", message.content, ""]
        return "\n".join(lines).rstrip() + "\n"

    def import_json_text(self, text: str | bytes) -> Conversation:
        """Create a conversation from the text of an exported JSON file.

        Raises:
            HistoryStoreError: The text is not JSON, or not a valid Hearth export.
        """
        try:
            data = json.loads(text)
        except RecursionError:
            raise HistoryStoreError(
                "This file is nested too deeply to be a conversation."
            ) from None
        except ValueError as error:  # JSONDecodeError, bad UTF-8, a number too long
            raise HistoryStoreError(f"This file is not valid JSON: {error}") from None
        return self.import_json(data)

    def import_json(self, data: Any) -> Conversation:
        """Create a conversation from :meth:`export_json` output, checked field by field
        before anything is written.

        Raises:
            HistoryStoreError: The data is not a Hearth conversation export, or a field
                has a wrong type or value (the message names it).
        """
        conversation, messages = _checked_export(data)
        # One transaction: a full disk or a lock half-way leaves no empty conversation.
        with self._transaction() as db:
            conversation_id = _insert_conversation(
                db,
                conversation["title"],
                conversation["system_prompt"],
                conversation["model_path"],
                conversation["settings"],
                conversation["created_at"],
            )
            for position, message in enumerate(messages):
                db.execute(
                    "INSERT INTO messages (conversation_id, position, role, content, state, "
                    "created_at, updated_at, stats_json, model_path, sampling_json, error) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        conversation_id,
                        position,
                        message["role"],
                        message["content"],
                        message["state"],
                        message["created_at"],
                        message["created_at"],
                        json.dumps(message["stats"]) if message["stats"] else "",
                        message["model_path"],
                        json.dumps(message["sampling"]) if message["sampling"] else "",
                        message["error"],
                    ),
                )
            db.execute(
                "UPDATE conversations SET updated_at = ? WHERE id = ?",
                (conversation["updated_at"], conversation_id),
            )
        return self.conversation(conversation_id)


def _insert_conversation(
    db: sqlite3.Connection,
    title: str,
    system_prompt: str,
    model_path: str,
    settings: dict[str, Any] | None,
    created_at: float,
) -> int:
    """Insert a conversation row inside the caller's transaction; return its id."""
    cursor = db.execute(
        "INSERT INTO conversations (title, created_at, updated_at, system_prompt, "
        "model_path, settings_json) VALUES (?, ?, ?, ?, ?, ?)",
        (title, created_at, created_at, system_prompt, model_path, json.dumps(settings or {})),
    )
    return int(cursor.lastrowid or 0)


def _checked_export(data: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The conversation's fields and its messages from an export, every value checked.

    Raises:
        HistoryStoreError: Naming the first field that is missing, of the wrong type or
            out of range.
    """
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise HistoryStoreError("This file is not a Hearth conversation export.")
    version = data.get("version", EXPORT_VERSION)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise HistoryStoreError("The conversation export has no valid 'version'.")
    if version > EXPORT_VERSION:
        raise HistoryStoreError(
            f"The conversation was exported by a newer Hearth (format version {version}); "
            "update Hearth to import it."
        )
    messages = data.get("messages")
    if not isinstance(messages, list):
        raise HistoryStoreError("The conversation export has no message list.")
    if len(messages) > MAX_IMPORT_MESSAGES:
        raise HistoryStoreError(
            f"The conversation export holds {len(messages):,} messages; at most "
            f"{MAX_IMPORT_MESSAGES:,} can be imported."
        )
    now = time.time()
    conversation = {
        "title": _text_field(data, "title", MAX_IMPORT_TITLE, "") or "Imported chat",
        "system_prompt": _text_field(data, "system_prompt", MAX_IMPORT_TEXT, ""),
        "model_path": _text_field(data, "model_path", MAX_IMPORT_PATH, ""),
        "created_at": _time_field(data, "created_at", now, ""),
        "updated_at": _time_field(data, "updated_at", now, ""),
        "settings": _value_field(data, "settings", check_settings, ""),
    }
    checked: list[dict[str, Any]] = []
    valid_roles = ("system", "user", "assistant")
    for number, message in enumerate(messages, start=1):
        where = f"message {number}'s "
        if not isinstance(message, dict) or message.get("role") not in valid_roles:
            raise HistoryStoreError(
                f"The conversation export holds a malformed message (message {number} "
                "needs a role of system, user or assistant)."
            )
        if not isinstance(message.get("content"), str):
            raise HistoryStoreError(
                f"The conversation export holds a malformed message (message {number} "
                "has no text content)."
            )
        state = message.get("state")
        if state is not None and not isinstance(state, str):
            raise HistoryStoreError(
                f"The conversation export has a bad {where}'state': it must be a text."
            )
        checked.append(
            {
                "role": message["role"],
                "content": _text_field(message, "content", MAX_IMPORT_TEXT, where),
                # A reply that was streaming when exported is not streaming here.
                "state": state if state in MESSAGE_STATES and state != "streaming" else "complete",
                "created_at": _time_field(message, "created_at", now, where),
                "stats": _value_field(message, "stats", check_stats, where),
                "model_path": _text_field(message, "model_path", MAX_IMPORT_PATH, where),
                "sampling": _value_field(message, "sampling", check_sampling, where),
                "error": _text_field(message, "error", MAX_IMPORT_TEXT, where),
            }
        )
    return conversation, checked


def _text_field(data: dict[str, Any], key: str, limit: int, where: str) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if not is_plain_text(value, limit):
        why = (
            "it must be a text"
            if not isinstance(value, str)
            else f"it is longer than {limit:,} characters"
            if len(value) > limit
            else "it holds characters that are not valid Unicode"
        )
        raise HistoryStoreError(f"The conversation export has a bad {where}'{key}': {why}.")
    return str(value)


def _time_field(data: dict[str, Any], key: str, default: float, where: str) -> float:
    value = data.get(key)
    if value is None:
        return default
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not 0 <= value <= MAX_TIMESTAMP  # also refuses NaN
    ):
        raise HistoryStoreError(
            f"The conversation export has a bad {where}'{key}': it must be a time in "
            "seconds since 1970, before the year 3000."
        )
    return float(value)


def _value_field(data: dict[str, Any], key: str, check: Any, where: str) -> dict[str, Any] | None:
    value = data.get(key)
    if value is None:
        return None
    try:
        checked: dict[str, Any] = check(value)
    except StoredValueError as error:
        raise HistoryStoreError(
            f"The conversation export has a bad {where}'{key}': {error}"
        ) from None
    return checked


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _split_sql(script: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies whole."""
    statements: list[str] = []
    current: list[str] = []
    for line in script.strip().splitlines():
        current.append(line)
        joined = "\n".join(current).strip()
        if joined.endswith(";") and sqlite3.complete_statement(joined):
            statements.append(joined)
            current = []
    if "\n".join(current).strip():
        statements.append("\n".join(current).strip())
    return statements


def _conversation(row: sqlite3.Row) -> Conversation:
    keys = row.keys()
    where = f"Conversation {row['id']}"
    stored = _json_or_none(str(row["settings_json"])) if "settings_json" in keys else {}
    return Conversation(
        id=int(row["id"]),
        title=str(row["title"]),
        created_at=float(row["created_at"]),
        updated_at=float(row["updated_at"]),
        system_prompt=str(row["system_prompt"]),
        model_path=str(row["model_path"]),
        settings=clean_settings(stored if stored is not None else {}, where),
    )


def _message(row: sqlite3.Row) -> StoredMessage:
    where = f"Message {row['id']}"
    return StoredMessage(
        id=int(row["id"]),
        conversation_id=int(row["conversation_id"]),
        position=int(row["position"]),
        role=str(row["role"]),
        content=str(row["content"]),
        state=str(row["state"]),
        created_at=float(row["created_at"]),
        updated_at=float(row["updated_at"]),
        stats=clean_stats(_json_or_none(str(row["stats_json"])), where),
        model_path=str(row["model_path"]),
        sampling=clean_sampling(_json_or_none(str(row["sampling_json"])), where),
        error=str(row["error"]),
    )
