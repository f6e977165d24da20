"""Status changes spoken by screen readers: one function every area calls, one hook tests use.

`announce(widget, text)` posts a `QAccessibleAnnouncementEvent` (Qt 6.8+) for `widget`, so an
assistive technology reads `text` without moving the focus ("Model loaded: …", "Download
finished"). Announce finished things, never every token of a streaming reply.

Tests observe what was announced with `observe_announcements()`, which records every call made
while it is active (the accessibility bridge is off in headless runs, so the event itself cannot
be caught there).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent


@dataclass(frozen=True)
class Announcement:
    """One announcement: the object it was made for, the text, and whether it interrupts."""

    source: QObject
    text: str
    assertive: bool


_recorders: list[list[Announcement]] = []


def announce(widget: QObject, text: str, assertive: bool = False) -> None:
    """Ask screen readers to read `text` on behalf of `widget`.

    Args:
        widget: The widget (or other accessible object) the status belongs to.
        text: The whole message, already translated.
        assertive: True interrupts what the reader is saying (use for failures);
            False waits for a pause (successes, progress that finished).
    """
    if not text:
        return
    for log in _recorders:
        log.append(Announcement(widget, text, assertive))
    event = QAccessibleAnnouncementEvent(widget, text)
    event.setPoliteness(
        QAccessible.AnnouncementPoliteness.Assertive
        if assertive
        else QAccessible.AnnouncementPoliteness.Polite
    )
    QAccessible.updateAccessibility(event)


@contextmanager
def observe_announcements() -> Iterator[list[Announcement]]:
    """Collect every announcement made inside the `with` block, in order (for tests)."""
    log: list[Announcement] = []
    _recorders.append(log)
    try:
        yield log
    finally:
        _recorders.remove(log)
