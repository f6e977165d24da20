"""Days of the week and months that a translation names and its source does not: a
small model swaps them ("on Sunday afternoon" → "le samedi après-midi", "à partir de
mardi" → "from Monday", "last autumn" → "en octobre").

Read in English, French, German, Spanish and Chinese, in the source as well as in the
translation. The source is read generously (a day inside a German compound,
"Donnerstagnachmittag"; any month its numbers may stand for in a date; Saturday and
Sunday for a weekend), so that only a name it cannot stand for counts; the translation
strictly (Chinese "周一" only where no number of weeks comes before it, "一周一次").
"""

from __future__ import annotations

import re
from typing import NamedTuple

# The languages whose day and month names are read here.
DATE_LANGUAGES = frozenset({"en", "fr", "de", "es", "zh"})

_DAYS = {
    "en": "monday tuesday wednesday thursday friday saturday sunday",
    "fr": "lundi mardi mercredi jeudi vendredi samedi dimanche",
    "de": "montag dienstag mittwoch donnerstag freitag samstag sonntag",
    "es": "lunes martes miércoles jueves viernes sábado domingo",
}
_MONTHS = {
    "en": "january february march april may june july august september october november december",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "de": "januar februar märz april mai juni juli august september oktober november dezember",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre",
}
# Words of the source that may stand for days or months in a translation: a weekend,
# Christmas, the new year.
_WEEKEND = ("weekend", "week-end", "wochenende", "fin de semana", "周末")
_CHRISTMAS = ("christmas", "noël", "weihnachten", "navidad", "圣诞")
_NEW_YEAR = ("new year", "nouvel an", "jour de l'an", "neujahr", "año nuevo", "新年", "元旦")
_CHINESE_DAY = "一二三四五六日天"
_CHINESE_NUMBERS = {"十一": 11, "十二": 12, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
                    "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}  # fmt: skip
_CHINESE_DAYS = re.compile(rf"(?:星期|礼拜|禮拜|周|週)([{_CHINESE_DAY}])")
# "一周一次", "两周二十" are weeks, not Monday or Tuesday.
_WEEKS_BEFORE = "一二两兩三四五六七八九十几幾每数數半个個"
_CHINESE_MONTHS = re.compile(r"(十[一二]|[一二三四五六七八九十]|1[0-2]|0?[1-9])月")
_WORD = re.compile(r"[^\W\d_]+")
_NUMBER = re.compile(r"\d+")


class DateName(NamedTuple):
    kind: str  # "day" or "month"
    order: int  # Monday and January are 0
    written: str  # as the text writes it


def _names(language: str, kind: str) -> dict[str, int]:
    table = _DAYS if kind == "day" else _MONTHS
    return {name: i for i, name in enumerate(table[language].split())}


def _read(text: str, language: str, *, generous: bool) -> list[DateName]:
    """The days and months ``text`` names in ``language``."""
    found: list[DateName] = []
    if language == "zh":
        for match in _CHINESE_DAYS.finditer(text):
            before = text[match.start() - 1 : match.start()]
            if generous or not before or before not in _WEEKS_BEFORE:
                found.append(
                    DateName("day", min(_CHINESE_DAY.index(match.group(1)), 6), match.group(0))
                )
        for match in _CHINESE_MONTHS.finditer(text):
            number = match.group(1)
            value = int(number) if number.isdigit() else _CHINESE_NUMBERS[number]
            found.append(DateName("month", value - 1, match.group(0)))
        return found
    days, months = _names(language, "day"), _names(language, "month")
    for match in _WORD.finditer(text):
        word = match.group(0)
        lower = word.lower()
        # English "may" and "march" in lower case are a verb.
        if language == "en" and lower in ("may", "march") and word[0].islower():
            continue
        if lower in months:
            found.append(DateName("month", months[lower], word))
            continue
        day = days.get(lower)
        if day is None:
            # "Mondays", "lundis", "montags"; a German day inside a compound
            # ("Donnerstagnachmittag"), read in the source only.
            stem = lower[:-1] if lower.endswith("s") else ""
            day = days.get(stem)
            if day is None and generous and language == "de":
                day = next((i for name, i in days.items() if lower.startswith(name)), None)
        if day is not None:
            found.append(DateName("day", day, word))
    return found


def _stands_for(source: str, language: str) -> set[tuple[str, int]]:
    """Every day and month the source may stand for."""
    found = {(n.kind, n.order) for n in _read(source, language, generous=True)}
    lower = source.lower()
    if any(word in lower for word in _WEEKEND):
        found |= {("day", 5), ("day", 6)}
    if any(word in lower for word in _CHRISTMAS):
        found.add(("month", 11))
    if any(word in lower for word in _NEW_YEAR):
        found.add(("month", 0))
    # A date in numbers ("12/03", "2024-03-15") may be any month its numbers are.
    found |= {
        ("month", int(n) - 1) for n in _NUMBER.findall(source) if len(n) <= 2 and 1 <= int(n) <= 12
    }
    return found


def added_dates(
    source: str, translation: str, source_code: str, target_code: str
) -> list[tuple[DateName, list[int]]]:
    """Each day or month ``translation`` names that ``source`` does not (nor writes as
    the translation does, a name: "Mars", "Domingo"), with the source's days (or
    months) that the translation does not name, where there are any: what it should
    have said ("Sunday" for "samedi")."""
    src, tgt = source_code.split("-")[0], target_code.split("-")[0]
    if src not in DATE_LANGUAGES or tgt not in DATE_LANGUAGES:
        return []
    allowed = _stands_for(source, src)
    source_words = {w.lower() for w in _WORD.findall(source)}
    named = _read(source, src, generous=False)
    written = _read(translation, tgt, generous=False)
    kept = {(n.kind, n.order) for n in written}
    # The source's days (or months) that the translation does not name.
    instead = {
        kind: list(
            dict.fromkeys(n.order for n in named if n.kind == kind and (kind, n.order) not in kept)
        )
        for kind in ("day", "month")
    }
    added: list[tuple[DateName, list[int]]] = []
    seen: set[str] = set()
    for name in written:
        if (name.kind, name.order) in allowed or name.written.lower() in source_words:
            continue
        if name.written not in seen:
            seen.add(name.written)
            added.append((name, instead[name.kind]))
    return added


def swapped_dates_fixed(source: str, translation: str, source_code: str, target_code: str) -> str:
    """``translation`` with a day or month the model swapped put right: where it names
    one day (or month) the source does not, once, and the source names one it does not
    ("on Sunday afternoon" → "le samedi après-midi" becomes "le dimanche après-midi";
    days and months are of one gender in French, German and Spanish). Any other
    difference stays for the check to flag."""
    added = added_dates(source, translation, source_code, target_code)
    if len(added) != 1 or len(added[0][1]) != 1:
        return translation
    name, (index,) = added[0]
    tgt = target_code.split("-")[0]
    if tgt == "zh":
        if name.kind == "day":
            right = name.written[:-1] + _CHINESE_DAY[index]
        else:
            numerals = [k for k, v in _CHINESE_NUMBERS.items() if v == index + 1]
            right = f"{index + 1}月" if name.written[0].isdigit() else f"{numerals[0]}月"
        pattern = re.escape(name.written)
    else:
        right = written_in(name.kind, index, tgt)
        base = written_in(name.kind, name.order, tgt).lower()
        if name.written.lower() != base and name.written.lower().startswith(base):
            right += name.written[len(base) :]  # "Mondays", "lundis", "montags"
        if name.written[:1].isupper():
            right = right[:1].upper() + right[1:]
        elif name.written.islower():
            right = right.lower()
        pattern = rf"(?<![^\W\d_]){re.escape(name.written)}(?![^\W\d_])"
    if len(re.findall(pattern, translation)) != 1:
        return translation
    return re.sub(pattern, lambda _match: right, translation)


def written_in(kind: str, index: int, language: str) -> str:
    """A day or month as ``language`` writes it."""
    if language == "zh":
        return f"星期{_CHINESE_DAY[index]}" if kind == "day" else f"{index + 1}月"
    name = (_DAYS if kind == "day" else _MONTHS)[language].split()[index]
    return name.capitalize() if language in ("en", "de") else name
