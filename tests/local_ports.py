"""A port on 127.0.0.1 that nothing listens on (just freed), for the tests' servers and
for the tests of what happens when nothing answers; and waiting for a server a test
started to answer."""

from __future__ import annotations

import socket
import subprocess
import time
from typing import Any

import httpx


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_serving(process: subprocess.Popen[Any], url: str, timeout_s: float = 60) -> None:
    """Poll ``url`` until it answers 200, failing if ``process`` ends or time runs out."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            if httpx.get(url).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline and process.poll() is None, "did not start"
        time.sleep(0.1)
