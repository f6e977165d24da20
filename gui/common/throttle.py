"""One rate limiter for the GUI thread: many requests, one call per interval.

``Throttle(interval_ms, callback)``: ``request()`` schedules ``callback`` to run once,
``interval_ms`` after the first request that found nothing pending; requests meanwhile
are merged into that one call (streaming renders, periodic saves of a streaming reply).
With ``restart=True`` every request pushes the call back (a debounce: search-as-you-type
runs once the typing pauses). ``flush()`` runs a pending call now; ``cancel()`` drops it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


class Throttle(QObject):
    def __init__(
        self,
        interval_ms: int,
        callback: Callable[[], None],
        parent: QObject | None = None,
        *,
        restart: bool = False,
    ) -> None:
        super().__init__(parent)
        self._callback = callback
        self._restart = restart
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._callback)

    @property
    def interval_ms(self) -> int:
        return self._timer.interval()

    def set_interval(self, interval_ms: int) -> None:
        """Applies from the next scheduled call."""
        self._timer.setInterval(interval_ms)

    def request(self) -> None:
        if self._restart or not self._timer.isActive():
            self._timer.start()

    def pending(self) -> bool:
        return self._timer.isActive()

    def flush(self) -> None:
        """Run the pending call now (nothing happens when none is pending)."""
        if self._timer.isActive():
            self._timer.stop()
            self._callback()

    def cancel(self) -> None:
        self._timer.stop()
