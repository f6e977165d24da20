"""Removing the traces deleted messages leave in the chat history's files, on a
thread of its own so that deleting never waits for it."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from pathlib import Path

from engine.chat.history_schema import BUSY_TIMEOUT_S

log = logging.getLogger(__name__)

# Index pages one step of the background scrub merges (about 4 KB each): a few
# milliseconds of work, the longest a save waits for the scrub.
SCRUB_STEP_PAGES = 32


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


class BackgroundScrub:
    """Runs :func:`scrub_history` on a thread; requests while one runs add one more
    pass, not one each."""

    def __init__(self, path: Path, busy_timeout: float, write_lock: threading.Lock) -> None:
        self._path = path
        self._busy_timeout = busy_timeout
        self._write_lock = write_lock
        self._lock = threading.Lock()
        self._pending = False
        self._thread: threading.Thread | None = None

    def request(self) -> None:
        with self._lock:
            self._pending = True
            if self._thread is not None:
                return  # the running scrub sees the flag and goes once more
            self._thread = threading.Thread(target=self._loop, name="history-scrub", daemon=False)
            self._thread.start()

    def _loop(self) -> None:
        while True:
            with self._lock:
                if not self._pending:
                    self._thread = None
                    return
                self._pending = False
            try:
                scrub_history(self._path, self._busy_timeout, write_lock=self._write_lock)
            except sqlite3.Error as error:
                log.warning("Could not scrub deleted text from the chat history: %s", error)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for a running scrub; False if it is still running after ``timeout``."""
        with self._lock:
            thread = self._thread
        if thread is None:
            return True
        thread.join(timeout)
        return not thread.is_alive()
