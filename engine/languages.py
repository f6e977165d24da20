"""The languages the translation view offers, which of them are written right to left,
and an offline guess of the language of a text (for Auto-detect)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1 (BCP 47 for the few that need a region)
    name: str  # English name, used in prompts
    native: str
    rtl: bool = False

    @property
    def label(self) -> str:
        return self.name if self.native == self.name else f"{self.name} ({self.native})"


LANGUAGES: tuple[Language, ...] = (
    Language("ar", "Arabic", "العربية", rtl=True),
    Language("bg", "Bulgarian", "Български"),
    Language("ca", "Catalan", "Català"),
    Language("cs", "Czech", "Čeština"),
    Language("da", "Danish", "Dansk"),
    Language("de", "German", "Deutsch"),
    Language("el", "Greek", "Ελληνικά"),
    Language("en", "English", "English"),
    Language("es", "Spanish", "Español"),
    Language("et", "Estonian", "Eesti"),
    Language("fa", "Persian", "فارسی", rtl=True),
    Language("fi", "Finnish", "Suomi"),
    Language("fr", "French", "Français"),
    Language("he", "Hebrew", "עברית", rtl=True),
    Language("hi", "Hindi", "हिन्दी"),
    Language("hr", "Croatian", "Hrvatski"),
    Language("hu", "Hungarian", "Magyar"),
    Language("id", "Indonesian", "Bahasa Indonesia"),
    Language("it", "Italian", "Italiano"),
    Language("ja", "Japanese", "日本語"),
    Language("ko", "Korean", "한국어"),
    Language("lt", "Lithuanian", "Lietuvių"),
    Language("lv", "Latvian", "Latviešu"),
    Language("nl", "Dutch", "Nederlands"),
    Language("no", "Norwegian", "Norsk"),
    Language("pl", "Polish", "Polski"),
    Language("pt", "Portuguese", "Português"),
    Language("ro", "Romanian", "Română"),
    Language("ru", "Russian", "Русский"),
    Language("sk", "Slovak", "Slovenčina"),
    Language("sl", "Slovenian", "Slovenščina"),
    Language("sr", "Serbian", "Српски"),
    Language("sv", "Swedish", "Svenska"),
    Language("sw", "Swahili", "Kiswahili"),
    Language("th", "Thai", "ไทย"),
    Language("tr", "Turkish", "Türkçe"),
    Language("uk", "Ukrainian", "Українська"),
    Language("ur", "Urdu", "اردو", rtl=True),
    Language("vi", "Vietnamese", "Tiếng Việt"),
    Language("zh", "Chinese (Simplified)", "简体中文"),
    Language("zh-TW", "Chinese (Traditional)", "繁體中文"),
)

BY_CODE = {language.code: language for language in LANGUAGES}


# Chinese is listed twice, by script: these subtags name the traditional one.
_TRADITIONAL_CHINESE = frozenset({"hant", "tw", "hk", "mo"})


def code_for_tag(tag: str) -> str:
    """The code in LANGUAGES that a BCP 47 tag names: ``zh-Hant-HK``, ``zh_TW`` →
    ``zh-TW``; ``zh-CN``, ``zh-Hans`` → ``zh``; ``EN-us`` → ``en``. A tag the list does
    not have gives its language subtag, lowercased."""
    subtags = tag.strip().replace("_", "-").lower().split("-")
    if subtags[0] == "zh":
        return "zh-TW" if _TRADITIONAL_CHINESE.intersection(subtags[1:]) else "zh"
    return subtags[0]


def language(code: str) -> Language:
    """The language for ``code`` (case-insensitive); a clear error for an unknown one."""
    for candidate in (code, code.lower(), code_for_tag(code)):
        if candidate in BY_CODE:
            return BY_CODE[candidate]
    by_name = {lang.name.lower(): lang for lang in LANGUAGES}
    if code.lower() in by_name:
        return by_name[code.lower()]
    known = ", ".join(lang.code for lang in LANGUAGES)
    raise ValueError(f"Unknown language {code!r}; known codes: {known}.")


# Scripts that name (nearly) one language.
_SCRIPTS: tuple[tuple[str, str], ...] = (
    ("he", r"[\u0590-\u05FF]"),
    ("el", r"[\u0370-\u03FF]"),
    ("th", r"[\u0E00-\u0E7F]"),
    ("hi", r"[\u0900-\u097F]"),
    ("ko", r"[\uAC00-\uD7AF]"),
    ("ja", r"[\u3040-\u30FF]"),
)
_STOPWORDS: dict[str, set[str]] = {
    "en": {"the", "and", "is", "of", "to", "in", "that", "it", "with", "for", "this", "are"},
    "fr": {"le", "la", "les", "et", "est", "des", "une", "que", "dans", "pour", "pas", "du"},
    "de": {"der", "die", "das", "und", "ist", "nicht", "ein", "eine", "mit", "zu", "den", "ich"},
    "es": {"el", "la", "los", "las", "y", "es", "que", "una", "por", "para", "con", "del"},
    "it": {"il", "lo", "gli", "e", "è", "che", "una", "per", "con", "non", "della", "sono"},
    "pt": {"o", "os", "as", "e", "é", "que", "uma", "para", "com", "não", "do", "da"},
    "nl": {"de", "het", "een", "en", "is", "van", "niet", "dat", "met", "voor", "zijn", "ik"},
    "pl": {"i", "w", "nie", "się", "na", "jest", "że", "do", "to", "z", "jak", "co"},
    "sv": {"och", "är", "att", "det", "som", "en", "på", "för", "med", "inte", "jag", "av"},
    "tr": {"ve", "bir", "bu", "da", "de", "için", "ile", "değil", "çok", "ne", "gibi", "ama"},
    "ru": {"и", "в", "не", "на", "что", "это", "с", "как", "он", "по", "я", "но"},
    "uk": {"і", "в", "не", "на", "що", "це", "з", "як", "та", "до", "я", "але"},
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def detect_language(text: str) -> str | None:
    """A best guess of ``text``'s language code from its script and common words, or
    None when there is too little to tell. Offline and instant; never a network call."""
    sample = text[:4000]
    letters = [c for c in sample if c.isalpha()]
    if len(letters) < 3:
        return None
    for code, pattern in _SCRIPTS:
        if len(re.findall(pattern, sample)) > len(letters) * 0.2:
            return code
    if len(re.findall(r"[\u0600-\u06FF]", sample)) > len(letters) * 0.3:
        return "fa" if re.search(r"[پچژگ]", sample) else "ar"
    if len(re.findall(r"[\u4E00-\u9FFF]", sample)) > len(letters) * 0.3:
        return "zh"
    words = [w.lower() for w in _WORD.findall(sample)]
    if not words:
        return None
    cyrillic = len(re.findall(r"[\u0400-\u04FF]", sample)) > len(letters) * 0.3
    candidates = ("ru", "uk") if cyrillic else tuple(c for c in _STOPWORDS if c not in ("ru", "uk"))
    scores = {code: sum(1 for w in words if w in _STOPWORDS[code]) for code in candidates}
    best = max(scores, key=lambda code: scores[code])
    if scores[best] == 0:
        return "ru" if cyrillic else None
    return best
