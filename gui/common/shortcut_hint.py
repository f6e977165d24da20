"""Tooltips that name the keys: "Chat (Ctrl+1)", so a mouse user learns the shortcut."""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence

# "文件(&F)": a translation puts the accelerator in brackets after the text.
_ACCELERATOR_AFTER = re.compile(r"\s*[(（]&[^)）][)）]")


def plain_label(text: str) -> str:
    """A menu text as words: without its ``&`` accelerator (also a translation's "(&F)")
    and without a trailing "…"."""
    text = _ACCELERATOR_AFTER.sub("", text)
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(".…")


def tooltip_with_shortcut(text: str, shortcut: QKeySequence) -> str:
    """``text`` (as :func:`plain_label` gives it) followed by the keys of ``shortcut`` as
    the platform writes them; the label alone when there is no shortcut."""
    label = plain_label(text)
    keys = shortcut.toString(QKeySequence.SequenceFormat.NativeText)
    if not keys:
        return label
    #: a tooltip: {action} is a command's name, {keys} its keyboard shortcut
    return QCoreApplication.translate("ShortcutHint", "{action} ({keys})").format(
        action=label, keys=keys
    )


def show_shortcut_in_tooltip(action: QAction) -> None:
    """Give ``action`` (shown as a toolbar button) a tooltip naming its shortcut."""
    action.setToolTip(tooltip_with_shortcut(action.text(), action.shortcut()))
