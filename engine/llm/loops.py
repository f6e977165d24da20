"""A reply caught in a loop: the same words written over and over to the length limit
("de la maison de la maison de la maison…"), which small models do. A translation
stops there (``SamplingSettings.stop_loops``) and its checks flag it; what a loop would
have added is nothing but time."""

from __future__ import annotations

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
        if not unit.strip() or _width(unit) < SHORTEST:
            continue
        if all(text[-size * (k + 1) : len(text) - size * k] == unit for k in range(1, repeats)):
            return unit
    return ""
