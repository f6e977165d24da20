"""The languages the translation view offers and which of them are written right to
left. Guessing a text's language (Auto-detect) is engine.translation.language_detect."""

from __future__ import annotations

from dataclasses import dataclass

from engine.common.messages import msg


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1 (BCP 47 for the few that need a region)
    name: str  # English name, used in prompts
    native: str
    rtl: bool = False

    @property
    def label(self) -> str:
        return self.name if self.native == self.name else f"{self.name} ({self.native})"


_LISTED = (
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
# Sorted by the English name the language pickers show ("German" after "French", not
# after "Danish" as its code "de" would put it).
LANGUAGES: tuple[Language, ...] = tuple(sorted(_LISTED, key=lambda lang: lang.name.casefold()))

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
    raise ValueError(
        msg("Unknown language {code!r}; known codes: {known}.", code=code, known=known)
    )
