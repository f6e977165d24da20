"""The chat history's files: the schema and its migrations, opening (WAL, integrity
check, upgrade with a backup), moving a corrupt file aside, and scrubbing the traces of
deleted messages."""

from __future__ import annotations

import logging
import shutil
import sqlite3
import time
from pathlib import Path

from engine.chat.history_records import HistoryLockedError, HistoryStoreError
from engine.common.messages import msg

log = logging.getLogger(__name__)

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
    # 3: versions. Each message hangs under the message before it (parent_id); a
    # regenerated reply or an edited message is a sibling of the one it replaces, so
    # nothing is lost. In each group of siblings exactly one is ``selected``; the
    # conversation shown (and sent to the model) follows the selected messages from the
    # first one down, and those rows are marked ``active``. Existing conversations
    # become one chain, every message selected and active.
    """
    ALTER TABLE messages ADD COLUMN parent_id INTEGER;
    ALTER TABLE messages ADD COLUMN selected INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE messages ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
    UPDATE messages SET parent_id = (
        SELECT p.id FROM messages p
        WHERE p.conversation_id = messages.conversation_id AND p.position < messages.position
        ORDER BY p.position DESC, p.id DESC LIMIT 1
    );
    CREATE INDEX messages_by_parent ON messages(conversation_id, parent_id);
    """,
    # 4: a reply's reasoning (a reasoning model's thinking before its answer), stored
    # apart from the answer. The full-text index gets it as a second column, so a
    # search looks at it only when asked to; the index is rebuilt from the rows (the
    # old one's pages are zeroed by secure_delete), and existing messages have none.
    """
    ALTER TABLE messages ADD COLUMN reasoning TEXT NOT NULL DEFAULT '';
    DROP TRIGGER messages_fts_insert;
    DROP TRIGGER messages_fts_delete;
    DROP TRIGGER messages_fts_update;
    DROP TABLE messages_fts;
    CREATE VIRTUAL TABLE messages_fts USING fts5(
        content, reasoning, content='messages', content_rowid='id', tokenize='unicode61'
    );
    INSERT INTO messages_fts(messages_fts) VALUES ('rebuild');
    CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts(rowid, content, reasoning)
        VALUES (new.id, new.content, new.reasoning);
    END;
    CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts(messages_fts, rowid, content, reasoning)
        VALUES ('delete', old.id, old.content, old.reasoning);
    END;
    CREATE TRIGGER messages_fts_update AFTER UPDATE OF content, reasoning ON messages BEGIN
        INSERT INTO messages_fts(messages_fts, rowid, content, reasoning)
        VALUES ('delete', old.id, old.content, old.reasoning);
        INSERT INTO messages_fts(rowid, content, reasoning)
        VALUES (new.id, new.content, new.reasoning);
    END;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

# How long opening waits for another connection (another program) to let go.
BUSY_TIMEOUT_S = 5.0
# Copies of corrupt databases kept beside the history; older ones are deleted.
KEEP_CORRUPT_COPIES = 3


class _CorruptionFound(sqlite3.DatabaseError):
    """``PRAGMA quick_check`` found damage SQLite did not raise on by itself."""


def is_corruption(error: sqlite3.Error) -> bool:
    """True only for errors that mean the file itself is damaged."""
    if isinstance(error, _CorruptionFound):
        return True
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def open_error(path: Path, error: sqlite3.Error, busy_timeout: float) -> HistoryStoreError:
    """The error to show for a database that could not be opened but is not corrupt."""
    code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in str(error):
        return HistoryLockedError(
            msg(
                "The chat history {path} is in use by another program and stayed locked for "
                "{seconds:g} s. Close the other program (or the other Hearth) and try "
                "again. Nothing was changed.",
                path=path,
                seconds=busy_timeout,
            )
        )
    if code == sqlite3.SQLITE_FULL or "full" in str(error):
        return HistoryStoreError(
            msg(
                "The disk holding the chat history {path} is full. Free some space and start "
                "Hearth again; nothing was changed.",
                path=path,
            )
        )
    if code == sqlite3.SQLITE_IOERR or "I/O" in str(error):
        return HistoryStoreError(
            msg(
                "The chat history {path} could not be read because of a disk error "
                "({reason}). Nothing was changed or moved; check the disk and start Hearth "
                "again.",
                path=path,
                reason=error,
            )
        )
    return HistoryStoreError(
        msg(
            "The chat history {path} could not be opened: {reason}. Nothing was changed or moved.",
            path=path,
            reason=error,
        )
    )


def connect(path: Path, busy_timeout: float) -> sqlite3.Connection:
    """Open the database in WAL mode, check it and bring its schema up to date.

    Raises:
        sqlite3.DatabaseError: The file is damaged (see :func:`is_corruption`), locked,
            or on a failing disk.
        HistoryStoreError: A newer Hearth wrote it.
    """
    db = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None, check_same_thread=False)
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
        migrate(db, path)
    except BaseException:
        db.close()
        raise
    return db


def migrate(db: sqlite3.Connection, path: Path, target: int = SCHEMA_VERSION) -> None:
    """Upgrade the schema to ``target``, backing the file up first (the backup is
    removed once the upgrade succeeded)."""
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise HistoryStoreError(
            msg(
                "The chat history at {path} was written by a newer Hearth "
                "(schema {version}, this version knows {known}). Update Hearth.",
                path=path,
                version=version,
                known=SCHEMA_VERSION,
            )
        )
    if version >= target:
        return
    if version > 0:
        backup = path.with_name(f"{path.name}.v{version}.bak")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        with sqlite3.connect(backup) as copy:
            db.backup(copy)
        copy.close()
        log.info("Backed up the chat history to %s before upgrading", backup)
    for number in range(version, target):
        db.execute("BEGIN IMMEDIATE")
        try:
            for statement in split_sql(MIGRATIONS[number]):
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


def move_aside(path: Path) -> tuple[Path, list[Path]]:
    """Move a corrupt database (and its WAL) aside; return where it went and every
    corrupt copy still kept."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    number = 1
    while target.exists():  # twice in one second: never overwrite a copy
        number += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{number}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(str(path) + suffix)
        if source.exists():
            shutil.move(source, Path(str(target) + suffix))
    log.error("Moved the corrupt chat history to %s", target)
    kept = _prune_corrupt_copies(path, target)
    log.error("Copies of corrupt chat histories kept: %s", ", ".join(str(p) for p in kept))
    return target, kept


def _prune_corrupt_copies(path: Path, newest: Path) -> list[Path]:
    """Keep the newest copies (they may be all the user has), delete older ones."""
    pattern = f"{path.name}.corrupt-*"
    copies = [p for p in path.parent.glob(pattern) if not p.name.endswith(("-wal", "-shm"))]
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


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def split_sql(script: str) -> list[str]:
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
