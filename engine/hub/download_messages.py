"""The longer sentences a download ends with, kept translatable (see
:mod:`engine.common.messages`)."""

from __future__ import annotations

from pathlib import Path

from engine.common.messages import Message, msg
from engine.common.units import human_size


def in_use(name: str, holder_pid: int | None) -> Message:
    """Another Hearth (process ``holder_pid`` when known) is downloading ``name``."""
    if holder_pid:
        return msg(
            "{name} is already being downloaded by another Hearth (process {pid}), the "
            "window or `hearth models download`. Let that one finish, or pause it there "
            "and try again.",
            name=name,
            pid=holder_pid,
        )
    return msg(
        "{name} is already being downloaded by another Hearth, the "
        "window or `hearth models download`. Let that one finish, or pause it there "
        "and try again.",
        name=name,
    )


def unwritable(models_dir: Path, error: OSError) -> Message:
    return msg(
        "Cannot write to the models folder {folder}: "
        "{reason}. Choose another folder in Models → Settings.",
        folder=models_dir,
        reason=error.strerror or error,
    )


def stopped(
    name: str, where: str, *, stalled: float | None, reason: str, failures: int, done: int
) -> Message:
    """Why a download gave up after ``failures`` dropped connections, or connections
    silent for ``stalled`` seconds."""
    if stalled is not None:
        return msg(
            "The download of {name} stopped: no data from {where} for {seconds:g} s; "
            "tried {failures} times. The {size} downloaded are kept: Retry continues "
            "from there.",
            name=name,
            where=where,
            seconds=stalled,
            failures=failures,
            size=human_size(done),
        )
    return msg(
        "The download of {name} stopped: the connection to {where} keeps dropping "
        "({reason}); tried {failures} times. The {size} downloaded are kept: Retry "
        "continues from there.",
        name=name,
        where=where,
        reason=reason,
        failures=failures,
        size=human_size(done),
    )


def no_space(name: str, needed: int, free: int, models_dir: Path) -> Message:
    return msg(
        "Not enough disk space for {name}: it needs {needed} more "
        "and {free} is free in {folder}. "
        "Free some space or choose another models folder.",
        name=name,
        needed=human_size(needed),
        free=human_size(free),
        folder=models_dir,
    )


def ended_early(name: str, have: int, size: int) -> Message:
    return msg(
        "The download of {name} keeps ending early ({have} of {size}); "
        "the bytes are kept: Retry continues from there.",
        name=name,
        have=human_size(have),
        size=human_size(size),
    )
