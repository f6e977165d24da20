"""A port on 127.0.0.1 that nothing listens on (just freed), for the tests' servers and
for the tests of what happens when nothing answers."""

from __future__ import annotations

import socket


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
