"""Sizes and durations as people read them ("1.1 GB", "4 min 05 s"), said the same way
in the window and the terminal."""

from __future__ import annotations


def human_size(n: float) -> str:
    """Bytes as B, KB, MB or GB (powers of 1024); one decimal from MB up."""
    for unit in ("B", "KB", "MB"):
        if abs(n) < 1024:
            return f"{n:.0f} {unit}" if unit != "MB" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


def human_duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"
    if seconds >= 60:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds} s"
