"""Where a loaded model runs, in the window's language.

The engine describes a model's placement in English (``ModelInfo.placement``: "CPU only
(as set for this model)", "20/28 layers on CUDA: 3.1 GiB of VRAM free" …). These are its
known forms; each is matched and told again through the translator, keeping its numbers
and names. A form not listed here is shown as the engine wrote it.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

_CONTEXT = "PlacementText"

# (the engine's form as a pattern, the same sentence with named placeholders)
# QT_TRANSLATE_NOOP is typed as returning object: the sentences are str() where used.
_FORMS: tuple[tuple[re.Pattern[str], object], ...] = (
    (
        re.compile(r"CPU only: this build of llama\.cpp has no GPU backend \(see README\)"),
        QT_TRANSLATE_NOOP(
            "PlacementText", "CPU only: this build of llama.cpp has no GPU backend (see README)"
        ),
    ),
    (
        re.compile(r"CPU only \(as set for this model\)"),
        QT_TRANSLATE_NOOP("PlacementText", "CPU only (as set for this model)"),
    ),
    (
        re.compile(
            r"CPU only: the model did not fit on (?P<backend>.+) \((?P<tried>\d+) layers tried\)"
        ),
        QT_TRANSLATE_NOOP(
            "PlacementText", "CPU only: the model did not fit on {backend} ({tried} layers tried)"
        ),
    ),
    (
        re.compile(r"all (?P<total>\d+) layers on (?P<backend>.+) \(as set\)"),
        QT_TRANSLATE_NOOP("PlacementText", "all {total} layers on {backend} (as set)"),
    ),
    (
        re.compile(
            r"(?P<gpu>\d+)/(?P<total>\d+) layers on (?P<backend>.+) \(what fitted last time\)"
        ),
        QT_TRANSLATE_NOOP(
            "PlacementText", "{gpu}/{total} layers on {backend} (what fitted last time)"
        ),
    ),
    (
        re.compile(
            r"(?P<gpu>\d+)/(?P<total>\d+) layers on (?P<backend>.+): "
            r"(?P<free>[\d.]+) GiB of VRAM free"
        ),
        QT_TRANSLATE_NOOP(
            "PlacementText", "{gpu}/{total} layers on {backend}: {free} GiB of VRAM free"
        ),
    ),
    (
        re.compile(
            r"(?P<gpu>\d+)/(?P<total>\d+) layers on (?P<backend>.+): "
            r"not enough VRAM for (?P<wanted>\d+)"
        ),
        QT_TRANSLATE_NOOP(
            "PlacementText", "{gpu}/{total} layers on {backend}: not enough VRAM for {wanted}"
        ),
    ),
    (
        re.compile(r"(?P<gpu>\d+)/(?P<total>\d+) layers on (?P<backend>.+)"),
        QT_TRANSLATE_NOOP("PlacementText", "{gpu}/{total} layers on {backend}"),
    ),
)


def placement_text(summary: str) -> str:
    """The engine's placement ``summary`` in the window's language (unchanged in English)."""
    for pattern, sentence in _FORMS:
        match = pattern.fullmatch(summary)
        if match is not None:
            return QCoreApplication.translate(_CONTEXT, str(sentence)).format(**match.groupdict())
    return summary
