"""A reply caught in a loop: the same words written over and over to the length limit
("de la maison de la maison de la maison…"), which small models do. A translation
whose source repeats nothing stops there (``SamplingSettings.stop_loops``) and its
checks flag it; what a loop would have added is nothing but time."""

from __future__ import annotations

import re

# A loop is a unit at least SHORTEST wide, a CJK character counting as three, written
# REPEATS times in a row at the end of the text ("non, " five times is not one; "de la
# maison " four times is; so is "安装软件" four times).
REPEATS = 4
SHORTEST = 6
LONGEST = 80


def _width(text: str) -> int:
    return len(text) + 2 * sum(
        1 for c in text if "\u2e80" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af"
    )


def looping_unit(text: str, repeats: int = REPEATS) -> str:
    """The unit that ``text`` ends by repeating ``repeats`` times or more in a row,
    shortest first; "" where it does not."""
    for size in range(2, LONGEST + 1):
        if size * repeats > len(text):
            break
        unit = text[-size:]
        if not all(text[-size * (k + 1) : len(text) - size * k] == unit for k in range(1, repeats)):
            continue
        if unit.strip() and _width(unit) >= SHORTEST:
            return unit
    return ""


# Something written twice or more in a row, this wide in all ("ha ha ha ha", "哈哈哈哈",
# ".........", "Come on! Come on! Come on!"): a translation may rightly repeat it.
_REPEATED = re.compile(r"(.{1,80}?)\1+", re.DOTALL)
REPEATED_WIDTH = 8


def has_repetition(text: str) -> bool:
    """Whether ``text`` repeats something in a row, at least REPEATED_WIDTH wide in
    all: its translation may then repeat itself too, so it is not stopped or flagged
    as a loop."""
    return any(_width(m.group(0)) >= REPEATED_WIDTH for m in _REPEATED.finditer(text))
