"""Simplified or Traditional: which script a Chinese text is written in.

lingua names both "Chinese". Here the characters that only one script uses tell them
apart, by wordfreq's table of Traditional characters and their Simplified forms (3,275
pairs, a data file of wordfreq's: tests/engine fail if it moves): 們, 長, 這 only in
Traditional; 们, 长, 这 only in Simplified. A text shows the script whose characters it
has more of; one with none of either (它很好。) shows neither.
"""

from __future__ import annotations

import functools
import gzip
from importlib import resources
from typing import Any, Literal

Script = Literal["zh", "zh-TW"]


@functools.cache
def _marks() -> tuple[frozenset[str], frozenset[str]]:
    """(characters only Traditional uses, characters only Simplified uses)."""
    import msgpack  # type: ignore[import-untyped]

    data = resources.files("wordfreq") / "data" / "_chinese_mapping.msgpack.gz"
    with data.open("rb") as raw, gzip.open(raw) as unpacked:
        table = msgpack.load(unpacked, raw=False, strict_map_key=False)
    pairs = [(chr(key), value) for key, value in table.items() if chr(key) != value]
    # A Simplified form Traditional also writes (只, 台, 里, 后: in Big5, the Traditional
    # character set) is no mark of Simplified; a Traditional character in GB 2312 (the
    # Simplified set) no mark of Traditional.
    traditional = frozenset(key for key, _ in pairs if not _in_charset(key, "gb2312"))
    simplified = frozenset(
        value
        for _, value in pairs
        if len(value) == 1 and value not in traditional and not _in_charset(value, "big5")
    )
    return traditional, simplified


def _in_charset(char: str, codec: str) -> bool:
    try:
        char.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def script_marks(text: str) -> tuple[int, int]:
    """How many of ``text``'s characters only Traditional uses, and only Simplified."""
    traditional, simplified = _marks()
    return sum(c in traditional for c in text), sum(c in simplified for c in text)


def chinese_script(text: str) -> Script | None:
    """ "zh-TW" for a text in Traditional characters, "zh" for Simplified, None where it
    shows neither (more of neither script's own characters)."""
    traditional, simplified = script_marks(text)
    if traditional > simplified:
        return "zh-TW"
    if simplified > traditional:
        return "zh"
    return None


# OpenCC's conversions into each script: into Traditional with the words Taiwan writes
# (软件 → 軟體, 打印机 → 印表機; the target zh-TW), into Simplified as mainland China
# writes. OpenCC converts by phrase tables, not character by character (后来 → 後來 but
# 皇后 stays), which a table of single characters cannot do.
_CONVERSIONS: dict[Script, str] = {"zh-TW": "s2twp.json", "zh": "t2s.json"}


def in_target_script(text: str, target: str) -> str:
    """``text`` in the script of a Chinese ``target`` ("zh" Simplified, "zh-TW"
    Traditional) where it is written in the other one (small models often write
    Simplified whatever they are asked). Other targets, and a text that shows neither
    script, are left as they are."""
    if target not in _CONVERSIONS:
        return text
    script = chinese_script(text)
    if script is None or script == target:
        return text
    return converted(text, target)


def converted(text: str, target: str) -> str:
    """``text`` through OpenCC's conversion into a Chinese ``target``'s script, whatever
    script it shows (in_target_script converts only a text that shows the other one);
    other targets' text as it is."""
    if target not in _CONVERSIONS:
        return text
    return str(_converter(_CONVERSIONS[target]).convert(text))


def to_simplified(text: str) -> str:
    """``text`` with its Japanese and Traditional letters in their Simplified forms
    ("東京" → "东京", "福満園" → "福满园"), for comparing letters across the scripts."""
    return str(_converter("t2s.json").convert(_converter("jp2t.json").convert(text)))


@functools.cache
def _converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)
