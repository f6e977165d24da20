"""Which language a text is in, offline, with lingua (``lingua-language-detector``).

Measured on the translation benchmark's 1,200 sentences (README.md, Translating): lingua in
its low-accuracy mode named 98.2 % right against 90.9 % for the script-and-stopword
guess Hearth had before. Its high-accuracy mode over every language takes about 5 s and
650 MB to load, so Auto-detect asks the fast mode first and the high-accuracy models of
the few languages it finds plausible only where it is unsure (bench/language_id.py).
The detectors are built on first use, for Hearth's languages only.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from engine.translation.languages import LANGUAGES

# Hearth's codes that lingua spells differently.
_LINGUA_NAMES = {"no": "NB"}
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_UKRAINIAN = re.compile(r"[іїєґІЇЄҐ]")


# Where the fast mode is less sure than this of its first choice, the languages it gives
# at least _PLAUSIBLE (three at most) and English are told apart by lingua's
# high-accuracy models of those languages alone (bench/language_id.py; README.md,
# Translating).
_SURE = 0.9
_PLAUSIBLE = 0.05
_CANDIDATES = 3


@functools.cache
def _lingua_codes() -> tuple[str, ...]:
    """lingua's names of Hearth's languages (base codes)."""
    from lingua import IsoCode639_1

    names = []
    for code in sorted({lang.code.split("-")[0] for lang in LANGUAGES}):
        name = _LINGUA_NAMES.get(code, code.upper())
        if getattr(IsoCode639_1, name, None) is not None:
            names.append(name)
    return tuple(names)


@functools.cache
def _detector() -> Any:
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, name) for name in _lingua_codes()]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_low_accuracy_mode().build()


@functools.lru_cache(maxsize=64)
def _precise_detector(languages: frozenset[Any]) -> Any:
    """lingua's high-accuracy mode for a few languages (their models load on first use,
    0.1–0.4 s and a few tens of MB each, and stay loaded)."""
    from lingua import LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(*languages).build()


def _hearth_code(language: Any) -> str:
    code = str(language.iso_code_639_1.name).lower()
    return "no" if code == "nb" else code


def detect_language(text: str) -> str | None:
    """Auto-detect: the language code of ``text`` (base code: "zh", not "zh-TW"), or None
    when there are too few letters to tell or no language stands out. The fast mode
    decides where it is sure; elsewhere the high-accuracy models of the languages it
    found plausible, and English's, do (0.1–0.4 s to load each on first use)."""
    sample = text[:4000]
    if len(_LETTER.findall(sample)) < 3:
        return None
    values = _detector().compute_language_confidence_values(sample)
    if not values or values[0].value <= 0:
        return None
    found = values[0].language
    if values[0].value < _SURE:
        from lingua import Language

        # English always competes: the fast mode misses short English most ("Hello.
        # Thank you." is 0.45 Norwegian and 0.35 Finnish to it, English under 0.04).
        plausible = {v.language for v in values[:_CANDIDATES] if v.value >= _PLAUSIBLE}
        plausible.add(Language.ENGLISH)
        found = _precise_detector(frozenset(plausible)).detect_language_of(sample)
        if found is None:  # no language stands out among them
            return None
    return _told_apart(_hearth_code(found), sample)


def fast_language(text: str) -> str | None:
    """The fast (low-accuracy) mode's language for ``text`` alone: what the checks read
    a translation with, their thresholds having been measured with it."""
    sample = text[:4000]
    if len(_LETTER.findall(sample)) < 3:
        return None
    found = _detector().detect_language_of(sample)
    return None if found is None else _told_apart(_hearth_code(found), sample)


def _told_apart(code: str, sample: str) -> str:
    if code in ("ru", "uk"):
        # The low-accuracy mode confuses short Russian and Ukrainian texts; only
        # Ukrainian has і, ї, є and ґ.
        return "uk" if _UKRAINIAN.search(sample) else "ru"
    return code


def confidence(text: str, code: str) -> float:
    """How likely (0–1) ``text`` is in the language ``code``, among Hearth's languages."""
    base = code.split("-")[0].lower()
    for value in _detector().compute_language_confidence_values(text[:4000]):
        if _hearth_code(value.language) == base:
            return float(value.value)
    return 0.0
