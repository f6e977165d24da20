"""Text zoom: the transcript's and the translation panes' text size, in one-point steps
from the default (View → Zoom In / Zoom Out / Actual Size).

The size is a style-sheet rule, so it reaches every text view and the Translate
view's tables, including those created after the change (a new conversation's
messages), without any of them knowing about zoom.
"""

from __future__ import annotations

# Steps of one point from the application font's size; the smallest text stays
# readable, the largest still fits a few words on a line.
ZOOM_MIN = -4
ZOOM_MAX = 16
MIN_POINT_SIZE = 6.0

# What zoom scales: every text view and text box (QTextBrowser is a QTextEdit; the
# type selector matches subclasses) and the Translate view's tables.
ZOOMED_SELECTORS = (
    "QTextEdit",
    "QPlainTextEdit",
    "QTableView#segmentsTable",
    "QTableView#glossaryTable",
    "QTableView#memoryTable",
)


def clamp_zoom(step: int) -> int:
    return max(ZOOM_MIN, min(ZOOM_MAX, step))


def zoomed_point_size(base_point_size: float, step: int) -> float:
    """The text size at ``step`` when the default is ``base_point_size``."""
    return max(MIN_POINT_SIZE, base_point_size + clamp_zoom(step))


def zoom_rule(base_point_size: float, step: int) -> str:
    """The style-sheet rule for ``step``; empty at 0, where each widget keeps the
    application font's size."""
    if clamp_zoom(step) == 0:
        return ""
    size = zoomed_point_size(base_point_size, step)
    return f"{', '.join(ZOOMED_SELECTORS)} {{ font-size: {size:g}pt; }}\n"
