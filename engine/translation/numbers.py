"""Numbers of the source that a translation left out ("founded in 1998" → "fondée en").

Only numbers of two digits or more are looked for: a human translation often spells a
small one out ("3 children" → "trois enfants"). A number may come back with other
separators (1,000 → 1 000 or 1.000; 3.5 → 3,5), so numbers are compared by their
digits. Not looked for: a number before a word of magnitude, which a translation
rightly rewrites (3000万 → 30 million, 2.5 million → 250万), an ordinal (19th →
XIXe), a clock time with a.m. or p.m. where the translation may use 24 hours, and what
the segment keeps as it is (links, code), which the placeholder check covers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# A number of the source: digits, with groups of three after a separator (1,000 or
# 1 000), or a decimal or version part (3.5, 2.6.32).
_SOURCE_NUMBER = re.compile(r"(?<![\d.,])\d+(?:(?:[,'\u00a0\u202f\u2009 ]\d{3})+(?![\d])|[.,]\d+)*")
# Any run of digits in the translation, with the separators a language may put in it
# (also a comma and a space: "8, 849" for "8 849").
_TARGET_NUMBER = re.compile(r"\d+(?:(?:[.,'\u00a0\u202f\u2009 ]|, )?\d+)*")
_DIGITS = re.compile(r"\d+")
# What may follow a number that a translation rewrites rather than copies.
_MAGNITUDE = re.compile(
    r"\s*(?:"
    r"[万萬亿億千百兆]"
    r"|(?:hundred|thousand|million|billion|trillion|mille|milliers?|millions?|milliards?"
    r"|tausend|millionen|milliarden?|mil|mill[oó]n|millones|mil millones|miliardi"
    r"|milioni?|milhões|milhão|bilh[õo]es)\b"
    r"|[kKMB](?:b|n)?\b"
    r"|\s*(?:a\.?m\.?|p\.?m\.?)(?![A-Za-z])"
    r"|:\d\d\s*(?:a\.?m\.?|p\.?m\.?)(?![A-Za-z])"
    r")",
    re.IGNORECASE,
)
# An ordinal's ending, written right after its number (19th, 19e, 2º).
_ORDINAL = re.compile(r"(?:st|nd|rd|th|e|er|ème|eme|º|ª)\b", re.IGNORECASE)
# A letter of an alphabet: a number right after one is part of a name (MP3, IPv6).
_ALPHABET_LETTER = re.compile(r"[^\W\d_\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]")
MIN_DIGITS = 2


def _value(digits: str) -> str:
    return digits.lstrip("0") or "0"


def dropped_numbers(source: str, translation: str, verbatim: Sequence[str] = ()) -> list[str]:
    """The numbers of ``source`` (as written there) that ``translation`` does not have,
    compared by their digits; ``verbatim``: what the segment keeps as it is."""
    for kept in verbatim:
        source = source.replace(kept, " ")
        translation = translation.replace(kept, " ")
    found = {_value(re.sub(r"\D", "", m.group(0))) for m in _TARGET_NUMBER.finditer(translation)}
    found |= {_value(run) for run in _DIGITS.findall(translation)}
    missing: list[str] = []
    for match in _SOURCE_NUMBER.finditer(source):
        digits = re.sub(r"\D", "", match.group(0))
        before = source[match.start() - 1 : match.start()]
        if (
            len(digits) < MIN_DIGITS
            or _ALPHABET_LETTER.match(before)
            or _MAGNITUDE.match(source, match.end())
            or _ORDINAL.match(source, match.end())
        ):
            continue
        if _value(digits) not in found and match.group(0) not in missing:
            missing.append(match.group(0))
    return missing
