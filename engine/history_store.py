"""The chat history: conversations and messages in SQLite, safe through crashes.

The database runs in WAL mode. A user's message is committed with
``synchronous=FULL`` before its reply starts; a streaming reply is saved four times a
second with ``synchronous=NORMAL`` (in WAL mode that survives a killed process, and
only an OS crash could lose those last saves), and again with FULL when it ends.
Replies left ``streaming`` by a crash become ``interrupted`` when the store next opens.
Schema upgrades back the file up first; a database that cannot be read is moved aside,
never deleted, and a fresh one is started.
"""

from __future__ import annotations

import json
import logging
import shutil
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from engine.errors import HearthError

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


class HistoryStoreError(HearthError):
    """The history could not be read or written."""


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


def _json_or_none(text: str) -> dict[str, Any] | None:
    if not text:
        return None
    value = json.loads(text)
    return value if isinstance(value, dict) else None


class HistoryStore:
    """All access to the chat database. Use from one thread at a time."""

    def __init__(self, path: Path) -> None:
        """Open (or create) the database at ``path``, recovering from a corrupt file.

        After opening, :attr:`recovered_from` is the path a broken database was moved
        to (show it to the user), and :attr:`interrupted_count` the number of replies a
        crash had left streaming.
        """
        self.path = path
        self.recovered_from: Path | None = None
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = self._connect_and_migrate()
        except sqlite3.DatabaseError as error:
            log.error("The chat database %s cannot be read: %s", path, error)
            self.recovered_from = self._move_aside()
            self._db = self._connect_and_migrate()
        self.interrupted_count = self.mark_interrupted()

    # -- opening ---------------------------------------------------------------------

    def _connect_and_migrate(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
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
                raise sqlite3.DatabaseError(f"integrity check failed: {check}")
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

    def _move_aside(self) -> Path:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            source = Path(str(self.path) + suffix)
            if source.exists():
                shutil.move(source, Path(str(target) + suffix))
        log.error("Moved the unreadable chat history to %s", target)
        return target

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _transaction(self, durable: bool = True) -> Iterator[sqlite3.Connection]:
        db = self._db
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
            cursor = db.execute(
                "INSERT INTO conversations (title, created_at, updated_at, system_prompt, "
                "model_path, settings_json) VALUES (?, ?, ?, ?, ?, ?)",
                (title, now, now, system_prompt, model_path, json.dumps(settings or {})),
            )
        return self.conversation(int(cursor.lastrowid or 0))

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
        """Delete a conversation so that its text is gone from the files on disk."""
        with self._transaction() as db:
            db.execute("DELETE FROM messages WHERE conversation_id = ?", (conversation_id,))
            db.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,))
        self._scrub()

    def _scrub(self) -> None:
        # secure_delete zeroes freed pages in the database; the FTS index is merged so
        # that no segment still holds the words; the checkpoint empties the WAL file,
        # which would otherwise keep the old pages.
        self._db.execute("INSERT INTO messages_fts(messages_fts) VALUES ('optimize')")
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

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
        with self._transaction() as db:
            db.execute("DELETE FROM messages WHERE id = ?", (message_id,))
        self._scrub()

    def delete_messages_after(self, conversation_id: int, position: int) -> int:
        """Delete the messages after ``position`` (edit-and-resend, regenerate)."""
        with self._transaction() as db:
            cursor = db.execute(
                "DELETE FROM messages WHERE conversation_id = ? AND position > ?",
                (conversation_id, position),
            )
        self._scrub()
        return int(cursor.rowcount)

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

    def import_json(self, data: dict[str, Any]) -> Conversation:
        """Create a conversation from :meth:`export_json` output.

        Raises:
            HistoryStoreError: The data is not a Hearth conversation export.
        """
        if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
            raise HistoryStoreError("This file is not a Hearth conversation export.")
        messages = data.get("messages")
        if not isinstance(messages, list):
            raise HistoryStoreError("The conversation export has no message list.")
        valid_roles = {"system", "user", "assistant"}
        for message in messages:
            if not isinstance(message, dict) or message.get("role") not in valid_roles:
                raise HistoryStoreError("The conversation export holds a malformed message.")
            if not isinstance(message.get("content"), str):
                raise HistoryStoreError("The conversation export holds a malformed message.")
        conversation = self.create_conversation(
            title=str(data.get("title") or "Imported chat"),
            system_prompt=str(data.get("system_prompt") or ""),
            model_path=str(data.get("model_path") or ""),
            settings=data.get("settings") if isinstance(data.get("settings"), dict) else None,
            created_at=float(data.get("created_at") or time.time()),
        )
        with self._transaction() as db:
            for position, message in enumerate(messages):
                state = message.get("state")
                stamp = float(message.get("created_at") or time.time())
                db.execute(
                    "INSERT INTO messages (conversation_id, position, role, content, state, "
                    "created_at, updated_at, stats_json, model_path, sampling_json, error) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        conversation.id,
                        position,
                        message["role"],
                        message["content"],
                        state if state in MESSAGE_STATES and state != "streaming" else "complete",
                        stamp,
                        stamp,
                        json.dumps(message["stats"]) if message.get("stats") else "",
                        str(message.get("model_path") or ""),
                        json.dumps(message["sampling"]) if message.get("sampling") else "",
                        str(message.get("error") or ""),
                    ),
                )
            db.execute(
                "UPDATE conversations SET updated_at = ? WHERE id = ?",
                (float(data.get("updated_at") or time.time()), conversation.id),
            )
        return self.conversation(conversation.id)


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
    settings = json.loads(row["settings_json"]) if "settings_json" in keys else {}
    return Conversation(
        id=int(row["id"]),
        title=str(row["title"]),
        created_at=float(row["created_at"]),
        updated_at=float(row["updated_at"]),
        system_prompt=str(row["system_prompt"]),
        model_path=str(row["model_path"]),
        settings=settings if isinstance(settings, dict) else {},
    )


def _message(row: sqlite3.Row) -> StoredMessage:
    return StoredMessage(
        id=int(row["id"]),
        conversation_id=int(row["conversation_id"]),
        position=int(row["position"]),
        role=str(row["role"]),
        content=str(row["content"]),
        state=str(row["state"]),
        created_at=float(row["created_at"]),
        updated_at=float(row["updated_at"]),
        stats=_json_or_none(str(row["stats_json"])),
        model_path=str(row["model_path"]),
        sampling=_json_or_none(str(row["sampling_json"])),
        error=str(row["error"]),
    )
