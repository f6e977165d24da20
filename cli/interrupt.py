"""Ctrl+C in the terminal commands: it sets the request's cancel event, so that the
engine stops at once, even in the middle of a long prompt (llama.cpp's abort callback
reads the event), instead of a KeyboardInterrupt that only lands between tokens."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator
from types import FrameType


@contextlib.contextmanager
def cancel_on_sigint(cancel: threading.Event) -> Iterator[None]:
    """Inside, Ctrl+C sets ``cancel``; a second Ctrl+C ends the process (exit 130).

    The previous handler is put back on the way out. Outside the main thread (where
    Python cannot install handlers) this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_sigint(_signum: int, _frame: FrameType | None) -> None:
        if cancel.is_set():
            # The handler can run inside llama.cpp's abort callback, where ctypes would
            # swallow a KeyboardInterrupt: a second Ctrl+C ends the process for sure.
            # Whatever was finished is already on disk (the memory commits per segment).
            sys.stderr.write("\nhearth: interrupted\n")
            sys.stderr.flush()
            os._exit(130)
        cancel.set()

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
