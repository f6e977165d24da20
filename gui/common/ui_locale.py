"""Numbers, dates, durations and sentences as the window's language writes them.

The default locale is the UI language (set at start-up); a process left in the C locale
(scripts, tests) writes numbers as English does, with thousands separators.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale


def ui_locale() -> QLocale:
    """The locale of the window's language (English for the C locale)."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return QLocale("en_US")
    return locale


def join_sentences(sentences: list[str]) -> str:
    """Whole sentences as one message: a space after a Latin full stop, none after a
    Chinese or Japanese one ("。")."""
    joined = ""
    for sentence in sentences:
        if joined and not joined.endswith(("。", "！", "？")):
            joined += " "
        joined += sentence
    return joined


def number(value: int) -> str:
    """A count with the language's thousands separators ("5,000,000")."""
    return ui_locale().toString(value)


def data_size(n: float) -> str:
    """Bytes as B, kB, MB or GB (powers of 1024, one decimal), in the UI's locale."""
    return ui_locale().formattedDataSize(
        int(n), 1, QLocale.DataSizeFormat.DataSizeTraditionalFormat
    )


def decimal(value: float, places: int) -> str:
    """A decimal with ``places`` digits after the language's decimal mark."""
    return ui_locale().toString(float(value), "f", places)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for translation in ``context`` where it is defined (a table or a
    constant), and give it back unchanged: it is translated where it is shown. Qt's own
    is typed as returning ``object``; lupdate finds either by its name."""
    del context
    return text
