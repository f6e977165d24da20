"""Progress of a running download: byte counts turned into throttled reports with a
speed over the last few seconds and an ETA."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from engine.common.messages import msg
from engine.hub.download_staging import DownloadProgress, DownloadRequest, DownloadState
from engine.hub.hub_client import HubFile

# Reports come at least every CHUNK bytes (or every 0.5 % of a big download).
CHUNK = 1024 * 1024


@dataclass
class _Speed:
    window: float = 5.0
    samples: deque[tuple[float, int]] = field(default_factory=deque)

    def add(self, now: float, done: int) -> float:
        self.samples.append((now, done))
        while len(self.samples) > 2 and now - self.samples[0][0] > self.window:
            self.samples.popleft()
        first_time, first_done = self.samples[0]
        elapsed = now - first_time
        return (done - first_done) / elapsed if elapsed > 0.2 else 0.0


class ProgressReporter:
    """Turns byte counts into throttled progress reports."""

    def __init__(
        self,
        request: DownloadRequest,
        callback: Callable[[DownloadProgress], None] | None,
        clock: Callable[[], float],
    ) -> None:
        self.request = request
        self.callback = callback
        self.clock = clock
        self.part = 1
        self.done = 0
        self._finished_parts = 0
        self._speed = _Speed()
        self._last = 0.0
        self._last_done = 0
        self.last_byte = 0.0

    def set_part_done(self, part: HubFile, done_in_part: int) -> None:
        index = self.request.parts.index(part)
        self._finished_parts = sum(p.size for p in self.request.parts[:index])
        self.done = self._finished_parts + done_in_part
        self._speed = _Speed()
        self.emit(DownloadState.DOWNLOADING, force=True)

    def stalled(self, silent: float) -> None:
        self._speed = _Speed()  # no speed, so no ETA, while nothing arrives
        self.emit(
            DownloadState.DOWNLOADING,
            force=True,
            message=msg("No data for {seconds:.0f} s…", seconds=silent),
        )

    def add(self, n: int) -> None:
        self.done += n
        self.emit(DownloadState.DOWNLOADING)

    def emit(self, state: DownloadState, *, force: bool = False, message: str = "") -> None:
        if self.callback is None:
            return
        now = self.clock()
        speed = self._speed.add(now, self.done)
        step = max(CHUNK, self.request.total // 200)
        if not force and now - self._last < 0.1 and self.done - self._last_done < step:
            return
        self._last, self._last_done = now, self.done
        remaining = self.request.total - self.done
        eta = remaining / speed if speed > 0 else None
        self.callback(
            DownloadProgress(
                self.done,
                self.request.total,
                speed,
                eta,
                state,
                self.part,
                len(self.request.parts),
                message,
            )
        )
