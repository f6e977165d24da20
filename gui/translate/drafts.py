"""The unconfirmed translation edits on disk (the memory's drafts), written off the GUI
thread: a write can wait up to the memory's busy timeout behind a long background write
(a TMX import), and the window must not. One write at a time; the newest set wins, and
a set older than one already written is never written over it."""

from __future__ import annotations

import logging
import sqlite3
import threading

from PySide6.QtCore import QObject, Signal

from engine.translation.memory import Draft, TranslationMemory

log = logging.getLogger(__name__)


class DraftSaver(QObject):
    """Signals (queued to the GUI thread): ``saved()`` after a write, ``failed(error)``
    when one raised (the next ``save`` tries again)."""

    saved = Signal()
    failed = Signal(str)

    def __init__(self, memory: TranslationMemory, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._memory = memory
        self._lock = threading.Lock()  # guards what follows, never held while writing
        self._wanted: tuple[int, list[Draft]] | None = None
        self._version = 0
        self._writing = False
        self._closed = False
        self._write_lock = threading.Lock()  # one write at a time
        self._written = 0  # the version on disk

    def save(self, drafts: list[Draft]) -> None:
        """Write ``drafts`` (all of them: the set on disk becomes this one) soon, on a
        thread of its own."""
        with self._lock:
            if self._closed:
                return
            self._version += 1
            self._wanted = (self._version, list(drafts))
            if self._writing:
                return  # the thread writing takes the newest set next
            self._writing = True
        threading.Thread(target=self._write_wanted, name="hearth-drafts", daemon=True).start()

    def save_now(self, drafts: list[Draft], *, last: bool = False) -> None:
        """Write ``drafts`` on this thread, after any write in flight, and drop the sets
        waiting (older); ``last``: nothing is written after this one (the memory closes).
        Raises sqlite3.Error or OSError."""
        with self._lock:
            self._version += 1
            version = self._version
            self._wanted = None
            self._closed = self._closed or last
        with self._write_lock:
            self._memory.save_drafts(drafts)
            self._written = version

    def idle(self) -> bool:
        """Whether no set waits or is being written."""
        with self._lock:
            return not self._writing

    def _write_wanted(self) -> None:
        while True:
            with self._lock:
                if self._wanted is None:
                    self._writing = False
                    return
                version, drafts = self._wanted
                self._wanted = None
            with self._write_lock:
                if version <= self._written:
                    continue
                try:
                    self._memory.save_drafts(drafts)
                except (sqlite3.Error, OSError) as error:
                    log.exception("The unconfirmed translation edits could not be kept on disk")
                    self.failed.emit(str(error))
                    continue
                self._written = version
            self.saved.emit()
