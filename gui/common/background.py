"""The one way Hearth runs work off the GUI thread (everything but the long-lived
inference worker, which owns llama.cpp on its own QThread).

``run_in_background(parent, work, on_success=…, on_failure=…)`` runs ``work(task)`` on a
daemon thread and delivers its result, its error message, its progress reports and its
cancellation on the GUI thread, through queued signals of a relay object that lives
there. ``work`` gets a ``TaskContext`` to report progress and to see a cancel request;
the returned ``BackgroundTask`` cancels it and waits for it at shutdown. A ``HearthError``
reaches ``on_failure`` as its message; any other exception is logged with its traceback
and reaches ``on_failure`` as "Unexpected error: …", never the excepthook.

The callbacks run only while ``parent`` is alive, so closing a dialog mid-task drops the
late result instead of touching deleted widgets; the relay itself outlives the parent
until the thread has ended, so the thread never signals a deleted object."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Signal

from engine.common.errors import HearthError
from engine.common.messages import msg, text_of
from gui.common.engine_text import shown

log = logging.getLogger(__name__)

T = TypeVar("T")


class TaskCancelled(Exception):
    """Raised by ``TaskContext.check_cancelled`` inside ``work``; ends the task quietly."""


class TaskContext:
    """What the background function sees of its task."""

    def __init__(self, cancel_event: threading.Event, relay: _Relay) -> None:
        self._cancel_event = cancel_event
        self._relay = relay

    @property
    def cancel_event(self) -> threading.Event:
        """Set when the task is cancelled: pass it to engine calls that take one."""
        return self._cancel_event

    @property
    def cancelled(self) -> bool:
        return self._cancel_event.is_set()

    def check_cancelled(self) -> None:
        if self._cancel_event.is_set():
            raise TaskCancelled

    def report(self, progress: object) -> None:
        """Send ``progress`` to ``on_progress`` on the GUI thread (queued, in order)."""
        _emit(self._relay.progress, progress)


class _Relay(QObject):
    """Lives on the GUI thread, without a parent: it must stay alive until the worker
    thread has sent its last signal, even when the caller's parent (a dialog) is deleted
    first. Signals emitted from the worker thread are queued; the callbacks run only
    while the parent is alive. Deleted once the thread has ended."""

    succeeded = Signal(object)
    failed = Signal(object)
    progress = Signal(object)
    cancelled = Signal()

    def __init__(
        self,
        parent: QObject,
        on_success: Callable[[Any], None],
        on_failure: Callable[[str], None],
        on_progress: Callable[[Any], None] | None,
        on_cancelled: Callable[[], None] | None,
    ) -> None:
        super().__init__()
        self.thread_handle: threading.Thread | None = None
        self._parent_alive = True
        self._on_success = on_success
        self._on_failure = on_failure
        self._on_progress = on_progress
        self._on_cancelled = on_cancelled
        parent.destroyed.connect(self._forget_parent)
        self.succeeded.connect(self._deliver_success)
        self.failed.connect(self._deliver_failure)
        self.progress.connect(self._deliver_progress)
        self.cancelled.connect(self._deliver_cancelled)
        _LIVE_RELAYS.add(self)

    def _forget_parent(self) -> None:
        self._parent_alive = False

    def _deliver_success(self, result: object) -> None:
        if self._parent_alive:
            self._on_success(result)
        self._end()

    def _deliver_failure(self, message: object) -> None:
        if self._parent_alive:
            # An engine Message is translated here, on the GUI thread.
            self._on_failure(shown(message))
        self._end()

    def _deliver_progress(self, progress: object) -> None:
        if self._parent_alive and self._on_progress is not None:
            self._on_progress(progress)

    def _deliver_cancelled(self) -> None:
        if self._parent_alive and self._on_cancelled is not None:
            self._on_cancelled()
        self._end()

    def _end(self) -> None:
        # The terminal signal was the thread's last act: joining takes microseconds, and
        # afterwards no thread can touch this object while it is deleted.
        if self.thread_handle is not None:
            self.thread_handle.join(5.0)
        _LIVE_RELAYS.discard(self)
        self.deleteLater()


# Relays whose thread may still report; touched on the GUI thread only.
_LIVE_RELAYS: set[_Relay] = set()


def _emit(signal: Any, *args: object) -> None:
    # RuntimeError: only if Qt itself is being torn down at exit.
    with contextlib.suppress(RuntimeError):
        signal.emit(*args)


class BackgroundTask(Generic[T]):
    """A started background call: ``cancel()`` asks it to stop, ``wait()`` joins it."""

    def __init__(
        self, work: Callable[[TaskContext], T], relay: _Relay, name: str = "hearth-background"
    ) -> None:
        self._work = work
        self._relay = relay
        self._cancel_event = threading.Event()
        self._context = TaskContext(self._cancel_event, relay)
        self._thread = threading.Thread(target=self._run, daemon=True, name=name)

    def start(self) -> BackgroundTask[T]:
        self._thread.start()
        return self

    def cancel(self) -> None:
        self._cancel_event.set()

    def is_running(self) -> bool:
        return self._thread.is_alive()

    @property
    def thread_handle(self) -> threading.Thread:
        return self._thread

    def wait(self, timeout: float | None = None) -> bool:
        """Join the thread; True when it has ended."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        try:
            result = self._work(self._context)
        except TaskCancelled:
            _emit(self._relay.cancelled)
            return
        except HearthError as error:
            _emit(self._relay.failed, text_of(error))
            return
        except Exception as error:  # a bug reaches the user as a message, and the log
            log.exception("Background call failed")
            _emit(self._relay.failed, msg("Unexpected error: {error}", error=error))
            return
        if self._cancel_event.is_set():
            _emit(self._relay.cancelled)
        else:
            _emit(self._relay.succeeded, result)


def run_in_background(
    parent: QObject,
    work: Callable[[TaskContext], T],
    *,
    on_success: Callable[[T], None],
    on_failure: Callable[[str], None],
    on_progress: Callable[[Any], None] | None = None,
    on_cancelled: Callable[[], None] | None = None,
    name: str = "hearth-background",
) -> BackgroundTask[T]:
    """Start ``work`` on a daemon thread; every callback runs on ``parent``'s thread,
    and none runs once ``parent`` has been deleted."""
    relay = _Relay(parent, on_success, on_failure, on_progress, on_cancelled)
    task = BackgroundTask(work, relay, name)
    relay.thread_handle = task.thread_handle
    return task.start()
