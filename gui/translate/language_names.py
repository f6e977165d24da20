"""Language names as the window shows them: in the window's language ("法语" in a
Chinese window), with the language's own name after it where that differs
("法语（Français）"). The engine's table (``engine.translation.languages``) keeps the
English names, which the prompts use; this one is its translated twin for the pickers,
the recent pairs and the messages that name a pair."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCollator, QCoreApplication

from engine.translation.job import AUTO
from engine.translation.languages import BY_CODE, Language, language
from gui.common.ui_locale import ui_locale

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")

# Every language the engine offers, by code; the English text is the engine's name.
_MARKED = {
    "ar": QT_TRANSLATE_NOOP("Languages", "Arabic"),
    "bg": QT_TRANSLATE_NOOP("Languages", "Bulgarian"),
    "ca": QT_TRANSLATE_NOOP("Languages", "Catalan"),
    "cs": QT_TRANSLATE_NOOP("Languages", "Czech"),
    "da": QT_TRANSLATE_NOOP("Languages", "Danish"),
    "de": QT_TRANSLATE_NOOP("Languages", "German"),
    "el": QT_TRANSLATE_NOOP("Languages", "Greek"),
    "en": QT_TRANSLATE_NOOP("Languages", "English"),
    "es": QT_TRANSLATE_NOOP("Languages", "Spanish"),
    "et": QT_TRANSLATE_NOOP("Languages", "Estonian"),
    "fa": QT_TRANSLATE_NOOP("Languages", "Persian"),
    "fi": QT_TRANSLATE_NOOP("Languages", "Finnish"),
    "fr": QT_TRANSLATE_NOOP("Languages", "French"),
    "he": QT_TRANSLATE_NOOP("Languages", "Hebrew"),
    "hi": QT_TRANSLATE_NOOP("Languages", "Hindi"),
    "hr": QT_TRANSLATE_NOOP("Languages", "Croatian"),
    "hu": QT_TRANSLATE_NOOP("Languages", "Hungarian"),
    "id": QT_TRANSLATE_NOOP("Languages", "Indonesian"),
    "it": QT_TRANSLATE_NOOP("Languages", "Italian"),
    "ja": QT_TRANSLATE_NOOP("Languages", "Japanese"),
    "ko": QT_TRANSLATE_NOOP("Languages", "Korean"),
    "lt": QT_TRANSLATE_NOOP("Languages", "Lithuanian"),
    "lv": QT_TRANSLATE_NOOP("Languages", "Latvian"),
    "nl": QT_TRANSLATE_NOOP("Languages", "Dutch"),
    "no": QT_TRANSLATE_NOOP("Languages", "Norwegian"),
    "pl": QT_TRANSLATE_NOOP("Languages", "Polish"),
    "pt": QT_TRANSLATE_NOOP("Languages", "Portuguese"),
    "ro": QT_TRANSLATE_NOOP("Languages", "Romanian"),
    "ru": QT_TRANSLATE_NOOP("Languages", "Russian"),
    "sk": QT_TRANSLATE_NOOP("Languages", "Slovak"),
    "sl": QT_TRANSLATE_NOOP("Languages", "Slovenian"),
    "sr": QT_TRANSLATE_NOOP("Languages", "Serbian"),
    "sv": QT_TRANSLATE_NOOP("Languages", "Swedish"),
    "sw": QT_TRANSLATE_NOOP("Languages", "Swahili"),
    "th": QT_TRANSLATE_NOOP("Languages", "Thai"),
    "tr": QT_TRANSLATE_NOOP("Languages", "Turkish"),
    "uk": QT_TRANSLATE_NOOP("Languages", "Ukrainian"),
    "ur": QT_TRANSLATE_NOOP("Languages", "Urdu"),
    "vi": QT_TRANSLATE_NOOP("Languages", "Vietnamese"),
    "zh": QT_TRANSLATE_NOOP("Languages", "Chinese (Simplified)"),
    "zh-TW": QT_TRANSLATE_NOOP("Languages", "Chinese (Traditional)"),
}
NAMES: dict[str, str] = {code: str(name) for code, name in _MARKED.items()}


def language_name(code: str) -> str:
    """The name of the language ``code`` in the window's language (an unknown code is
    shown as it is)."""
    if code == AUTO:
        return auto_label()
    try:
        lang: Language = language(code)
    except ValueError:
        return code
    english = NAMES.get(lang.code, lang.name)
    return QCoreApplication.translate("Languages", english)


def in_name_order(languages: Sequence[Language]) -> list[Language]:
    """``languages`` sorted by their names in the window's language, the way its readers
    sort (alphabetically in English, by pinyin in Chinese)."""
    collator = QCollator(ui_locale())
    by_name = functools.cmp_to_key(collator.compare)
    return sorted(languages, key=lambda lang: by_name(language_name(lang.code)))


def name_for_english(name: str) -> str:
    """The translated name of a language given by its English name (as engine messages
    write it); any other text is returned as it is."""
    for code, english in NAMES.items():
        if english == name:
            return language_name(code)
    return name


def language_label(lang: Language) -> str:
    """The picker's label: the translated name, then the language's own name where it
    differs ("French (Français)", "法语（Français）")."""
    name = language_name(lang.code)
    if lang.native in (name, lang.name) or (_HAN.fullmatch(name) and _HAN.fullmatch(lang.native)):
        return name  # a reader of Chinese script needs no second form ("繁体中文")
    return QCoreApplication.translate(
        "Languages",
        "{name} ({native})",
        "a language: its name in the window's language, then its own",
    ).format(name=name, native=lang.native)


def auto_label(detected: str | None = None) -> str:
    """The Auto-detect item: "Auto-detect", or "Auto-detect (English)" once the text's
    language is known."""
    if detected and detected in BY_CODE:
        return QCoreApplication.translate(
            "Languages", "Auto-detect ({language})", "the source language picker, once detected"
        ).format(language=language_name(detected))
    return QCoreApplication.translate("Languages", "Auto-detect")


def pair_label(key: str) -> str:
    """ "en>fr" as "English → French" (an unknown code is shown as it is)."""
    source, _, target = key.partition(">")
    return QCoreApplication.translate("Languages", "{source} → {target}", "a language pair").format(
        source=language_name(source), target=language_name(target)
    )
