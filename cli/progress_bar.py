"""One progress line on stderr, redrawn at most ten times a second: a bar, the percentage,
how much of how much, and a note (speed, time left, where segments came from)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from engine.common.units import human_size


class ProgressBar:
    def __init__(self, label: str, amount: Callable[[int], str] = human_size) -> None:
        self.label = label[-40:]
        self.amount = amount
        self._last = 0.0
        self._drawn = False

    def show(self, done: int, total: int, note: str = "") -> None:
        now = time.monotonic()
        if now - self._last < 0.1 and done < total:
            return
        self._last = now
        fraction = done / total if total else 0.0
        filled = int(fraction * 30)
        line = (
            f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] {fraction * 100:5.1f}% "
            f"{self.amount(done)}/{self.amount(total)} {note}"
        )
        sys.stderr.write(line.ljust(110)[:140])
        sys.stderr.flush()
        self._drawn = True

    def finish(self) -> None:
        if self._drawn:
            sys.stderr.write("\n")
            sys.stderr.flush()
            self._drawn = False
