"""The unconfirmed translation edits on disk (the memory's drafts), written off the GUI
thread: a write can wait up to the memory's busy timeout behind a long background write
(a TMX import), and the window must not. One write at a time; the newest set wins, and
a set older than one already written (or tried) is never written after it."""

from __future__ import annotations

import logging
import sqlite3
import threading

from PySide6.QtCore import QObject, Signal

from engine.translation.memory import Draft, TranslationMemory
from gui.common.background import BackgroundTask, TaskContext, run_in_background

log = logging.getLogger(__name__)

# How long the last write (at shutdown) waits for the one in flight to end.
LAST_WRITE_WAIT_S = 5.0


class DraftSaver(QObject):
    """Signals (on the GUI thread, while the saver lives): ``saved()`` after the sets
    asked for were written, ``failed(error)`` when the last of them could not be (the
    next ``save`` tries again)."""

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
        self._task: BackgroundTask[str | None] | None = None
        self._write_lock = threading.Lock()  # one write at a time
        self._floor = 0  # no version up to this one is written any more

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
        self._task = run_in_background(
            self,
            self._write_wanted,
            on_success=self._on_written,
            on_failure=self.failed.emit,
            name="hearth-drafts",
        )

    def save_now(self, drafts: list[Draft], *, last: bool = False) -> None:
        """Write ``drafts`` on this thread, after any write in flight; the sets waiting
        (older) are dropped, written or not. ``last``: nothing is written after this
        one, and the thread is joined (the memory closes next). Raises sqlite3.Error
        or OSError."""
        with self._lock:
            self._version += 1
            version = self._version
            self._wanted = None
            self._closed = self._closed or last
        try:
            with self._write_lock:
                self._memory.save_drafts(drafts)
        finally:
            with self._write_lock:
                self._floor = max(self._floor, version)
            if last and self._task is not None:
                self._task.wait(LAST_WRITE_WAIT_S)

    def idle(self) -> bool:
        """Whether no set waits or is being written."""
        with self._lock:
            return not self._writing

    def _write_wanted(self, _task: TaskContext) -> str | None:
        """The sets asked for, the newest each time, until none waits: the error of the
        last one written, or None."""
        error: str | None = None
        while True:
            with self._lock:
                if self._wanted is None:
                    self._writing = False
                    return error
                version, drafts = self._wanted
                self._wanted = None
            with self._write_lock:
                if version <= self._floor:
                    continue
                self._floor = version
                try:
                    self._memory.save_drafts(drafts)
                    error = None
                except (sqlite3.Error, OSError) as failure:
                    log.exception("The unconfirmed translation edits could not be kept on disk")
                    error = str(failure)

    def _on_written(self, error: str | None) -> None:
        if error is None:
            self.saved.emit()
        else:
            self.failed.emit(error)
