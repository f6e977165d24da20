"""Run a blocking call (a hub request, a folder scan) off the GUI thread and get its
result back on the GUI thread as a signal."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from engine.errors import HearthError

log = logging.getLogger(__name__)


class BackgroundCall(QObject):
    """One call on a daemon thread. ``succeeded(result)`` or ``failed(message)`` arrives
    on the thread that owns this object (the GUI thread)."""

    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, function: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._function = function
        self._thread = threading.Thread(target=self._run, daemon=True, name="hearth-background")

    def start(self) -> BackgroundCall:
        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            result = self._function()
        except HearthError as error:
            self.failed.emit(str(error))
            return
        except Exception as error:  # a bug must reach the user as a message, not a crash
            log.exception("Background call failed")
            self.failed.emit(f"Unexpected error: {error}")
            return
        self.succeeded.emit(result)


def run_in_background(
    parent: QObject,
    function: Callable[[], Any],
    on_success: Callable[[Any], None],
    on_failure: Callable[[str], None],
) -> BackgroundCall:
    call = BackgroundCall(function, parent)
    call.succeeded.connect(on_success)
    call.failed.connect(on_failure)
    call.succeeded.connect(call.deleteLater)
    call.failed.connect(call.deleteLater)
    return call.start()
