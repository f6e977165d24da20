"""Ctrl+C in the terminal commands (and SIGTERM where a command asks for it): it sets the
request's cancel event, so that the engine stops at once, even in the middle of a long
prompt (llama.cpp's abort callback reads the event), instead of a KeyboardInterrupt
that only lands between tokens."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator
from types import FrameType


@contextlib.contextmanager
def cancel_on_sigint(cancel: threading.Event, *, sigterm: bool = False) -> Iterator[list[int]]:
    """Inside, Ctrl+C sets ``cancel``; a second Ctrl+C ends the process (exit 130).
    With ``sigterm``, a SIGTERM (``kill``, a service manager, ``timeout``) does the same
    (a second one exits with 143). Yields the list of the signals received.

    The previous handlers are put back on the way out. Outside the main thread (where
    Python cannot install handlers) this does nothing.
    """
    received: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield received
        return

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        received.append(signum)
        if cancel.is_set():
            # The handler can run inside llama.cpp's abort callback, where ctypes would
            # swallow a KeyboardInterrupt: a second Ctrl+C ends the process for sure.
            # Whatever was finished is already on disk (the memory commits per segment).
            sys.stderr.write("\nhearth: interrupted\n")
            sys.stderr.flush()
            os._exit(128 + signum)
        cancel.set()

    caught = [signal.SIGINT, *([signal.SIGTERM] if sigterm else [])]
    previous = {number: signal.signal(number, on_signal) for number in caught}
    try:
        yield received
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
