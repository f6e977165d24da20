"""Which language a text is in, offline, with lingua (``lingua-language-detector``).

Measured on the translation benchmark's 1,200 sentences (README.md, Translating): lingua in
its low-accuracy mode named 98.2 % right against 90.9 % for the script-and-stopword
guess Hearth had before; its high-accuracy mode (99.3 %) was left out because it
takes 7 s and 650 MB to load its models, the low-accuracy one 0.3 s and 40 MB.
The detector is built on first use, for Hearth's languages only.
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


@functools.cache
def _detector() -> Any:
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = []
    for code in sorted({lang.code.split("-")[0] for lang in LANGUAGES}):
        name = _LINGUA_NAMES.get(code, code.upper())
        iso = getattr(IsoCode639_1, name, None)
        if iso is not None:
            codes.append(iso)
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_low_accuracy_mode().build()


def _hearth_code(language: Any) -> str:
    code = str(language.iso_code_639_1.name).lower()
    return "no" if code == "nb" else code


def detect_language(text: str) -> str | None:
    """The language code of ``text`` (base code: "zh", not "zh-TW"), or None when there
    are too few letters to tell or no language stands out."""
    sample = text[:4000]
    if len(_LETTER.findall(sample)) < 3:
        return None
    found = _detector().detect_language_of(sample)
    if found is None:
        return None
    code = _hearth_code(found)
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
