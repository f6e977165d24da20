"""A reply caught in a loop: the same words written over and over to the length limit
("de la maison de la maison de la maison…"), which small models do. A translation
stops there (``SamplingSettings.stop_loops``) and its checks flag it; what a loop would
have added is nothing but time. What the source itself repeats ("ha ha ha ha", dot
leaders) its translation may repeat as much, twice over, before that counts."""

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


def looping_unit(text: str, repeats: int = REPEATS, wider_than: int = 0) -> str:
    """The unit that ``text`` ends by repeating ``repeats`` times or more in a row, the
    repeats together wider than ``wider_than``, shortest first; "" where it does not."""
    for size in range(2, LONGEST + 1):
        if size * repeats > len(text):
            break
        unit = text[-size:]
        if not all(text[-size * (k + 1) : len(text) - size * k] == unit for k in range(1, repeats)):
            continue
        if not unit.strip() or _width(unit) < SHORTEST:
            continue
        # Counted only as far as the allowance: a long run of dots stays cheap.
        count, width = repeats, _width(unit)
        while width * count <= wider_than and (
            text[-size * (count + 1) : len(text) - size * count] == unit
        ):
            count += 1
        if width * count > wider_than:
            return unit
    return ""


# Something written twice or more in a row ("ha ha ha ha", "哈哈哈哈", "........").
_REPEATED = re.compile(r"(.{1,80}?)\1+", re.DOTALL)


def repeated_width(text: str) -> int:
    """How wide the widest run of something repeated in a row in ``text`` is (0: none).
    Its translation may rightly repeat as much: a loop must be wider than twice it
    (``loop_allowance``) to count."""
    return max((_width(m.group(0)) for m in _REPEATED.finditer(text)), default=0)


def loop_allowance(source: str) -> int:
    """How wide repeats in a translation of ``source`` may run before they are a loop."""
    return 2 * repeated_width(source)
