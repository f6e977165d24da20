"""Numbers of the source that a translation left out ("founded in 1998" → "fondée en").

Only numbers of two digits or more are looked for: a translation often spells a small
one out ("3 children" → "trois enfants"); a two-digit one is not looked for either where
the translation spells out a number ("douze", "二十五"). A number may come back written
another way, so numbers are compared by value: other separators (1,000 → 1 000 or
1.000; 3.5 → 3,5; $10.00 → 10 $), other digits (١٩٩٨, ２０２４), Chinese numerals
(一九九八, 二十五), a magnitude (10,000 → 1万, 2,500,000 → 2.5 million), a clock time
by its hour in 12 or 24 hours and its minutes (17:00 → 5 pm, 18h45 → 6:45 p.m.), a
date by its year (12/03/2024 → 12 mars 2024), a decade by its last two digits (1990s
→ années 90). Not looked for: a number before a word of magnitude, which a translation
rewrites (3000万 → 30 million), an ordinal (19th → XIXe), the short end of a range
(2019-20 → 2019-2020), a number inside a name (MP3, IPv6), and what the segment keeps
as it is (links, code), which the placeholder check covers.
"""

from __future__ import annotations

import contextlib
import itertools
import re
import unicodedata
from collections.abc import Iterator, Sequence

from engine.translation.dates import MONTHS, holiday_numbers

MIN_DIGITS = 2
# The source languages whose number words added_numbers knows (English, French, German,
# Spanish; Chinese numerals).
NUMBER_WORD_LANGUAGES = frozenset({"en", "fr", "de", "es", "zh"})
# How many numbers a flag's reason names.
SHOWN_NUMBERS = 5

_SEPARATORS = ".,'\u00a0\u202f\u2009 "
# A number of the source: digits, with groups of three after a separator (1,000 or
# 1 000), or a decimal or version part (3.5, 2.6.32).
_SOURCE_NUMBER = re.compile(r"(?<![\d.,])\d+(?:(?:[,'\u00a0\u202f\u2009 ]\d{3})+(?!\d)|[.,]\d+)*")
# A run of digits in the translation, with the separators a language may put in it
# (also a comma and a space: "8, 849" for "8 849").
_TARGET_NUMBER = re.compile(r"\d+(?:(?:[.,'\u00a0\u202f\u2009 ]|, )?\d+)*")
_DIGITS = re.compile(r"\d+")
# A date (its year is looked for) and a clock time (its hour, in 12 or 24 hours).
_DATE = re.compile(
    r"(?<![\d.,])(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}([/-])\d{1,2}\1\d{2,4}|\d{1,2}\.\d{1,2}\.\d{4})"
    r"(?![\d])"
)
_TIME = re.compile(
    r"(?<![\d.,])([01]?\d|2[0-4]) ?(?::|h|H|\.(?=\d\d ?(?:Uhr|h\b)))(?: ?)([0-5]\d)(?!\d)"
)
_HOUR_ONLY = re.compile(r"(?<![\d.,])(1[0-9]|2[0-4])(?= ?(?:h\b|Uhr\b|heures?\b|o'clock))")
# Words of magnitude, and what they multiply a number by: in the translation a number
# before one is read at its value (1万 is 10,000); in the source such a number is not
# looked for, with those of _OTHER_MAGNITUDES below.
_SCALE_WORDS = (
    (r"[万萬만]", 10**4),
    (r"[亿億억]", 10**8),
    (r"[千천]|(?i:thousand|mille|tausend|mil\b|mila|тысяч|тыс)", 10**3),
    (
        r"(?i:millions?|mio\b|millionen|mill[oó]n|millones|milioni?|milhões|milhão"
        r"|миллион\w*|млн)",
        10**6,
    ),
    (r"(?i:billions?|milliards?|milliarden?|mrd\b|miliardi|миллиард\w*|млрд)", 10**9),
)
_SCALES = tuple((re.compile(rf"\s*(?:{words})"), factor) for words, factor in _SCALE_WORDS)
# What else may follow a number that a translation rewrites rather than copies: other
# magnitudes (case-insensitive), "k", "M", "bn" (case as written), and a.m./p.m.
_OTHER_MAGNITUDES = (
    r"[百兆]|(?i:hundred|trillion|milliers?|mil|bilh[õo]es)"
    r"|(?:k|K|M|B|bn|Bn)\b"
    r"|(?i:a\.?m\.?|p\.?m\.?)(?![A-Za-z])"
    r"|:\d\d ?(?i:a\.?m\.?|p\.?m\.?)(?![A-Za-z])"
)
_MAGNITUDE = re.compile(
    r"\s*(?:" + "|".join(words for words, _ in _SCALE_WORDS) + "|" + _OTHER_MAGNITUDES + ")"
)
# An ordinal's ending, written right after its number (19th, 19e, 2º); a decade's s.
_ORDINAL = re.compile(r"(?:st|nd|rd|th|e|er|ème|eme|º|ª)\b", re.IGNORECASE)
_DECADE = re.compile(r"'?s\b")
# The short end of a range: "2019-20", "1914–18".
_RANGE_END = re.compile(r"\d{3,}\s?[-–]\s?$")
# A letter of an alphabet: a number right after one is part of a name (MP3, IPv6).
_ALPHABET_LETTER = re.compile(r"[^\W\d_\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]")
# A number spelled out (its stem) in the languages Hearth most often translates into:
# a two-digit number is not looked for where the translation has one.
_NUMBER_WORD = re.compile(
    r"(?i:\b(?:ten|eleven|twelve|\w+teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    r"|dix|onze|douze|treize|quatorze|quinze|seize|vingt|trente|quarante|cinquante|soixante"
    r"|zehn|elf|zwölf|\w+zehn|\w*zwanzig|\w*dreißig|\w*(?:vier|fünf|sech|sieb|acht|neun)zig"
    r"|diez|once|doce|trece|catorce|quince|dieci\w*|veint\w*|treinta|cuarenta|cincuenta"
    r"|sesenta|setenta|ochenta|noventa|dieci|undici|dodici|tredici|quattordici|quindici"
    r"|sedici|venti\w*|trenta|quaranta|cinquanta|sessanta|settanta|ottanta|novanta"
    r"|dez|doze|treze|quatorze|dezes\w+|dezoito|dezenove|vinte|trinta|quarenta|sessenta"
    r"|oitenta|tien|twaalf|\w+tien|\w*twintig|\w*dertig|\w*veertig|\w*tig"
    r"|\w*надцать|двадцать|тридцать|сорок|пятьдесят|шестьдесят|семьдесят|восемьдесят"
    r"|девяносто|десять)\b)"
    r"|[十拾]"
)
_CHINESE_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "萬": 10**4, "亿": 10**8,
                  "億": 10**8}  # fmt: skip
_CHINESE_NUMBER = re.compile("[零〇一二两兩三四五六七八九十百千万萬亿億]+")
# A longer run of Chinese numerals is no number to compare (and past Python's limit of
# digits for int()).
_LONGEST_CHINESE_NUMBER = 24


def _ascii_digits(text: str) -> str:
    """Every decimal digit as its ASCII digit (١٩٩٨ and ２０２４ are 1998 and 2024)."""
    return "".join(
        str(digit) if (digit := unicodedata.decimal(c, None)) is not None else c for c in text
    )


def _value(digits: str) -> str:
    return digits.lstrip("0") or "0"


def _candidates(written: str) -> Iterator[str]:
    """The values a number as written may stand for: its digits, and without a
    decimal part of zeros or the zeros ending it ($10.00 is 10; 2.50 is 2.5)."""
    digits = re.sub(r"\D", "", written)
    yield _value(digits)
    match = re.search(r"[.,](\d+)$", written)
    if match:
        whole = re.sub(r"\D", "", written[: match.start()])
        fraction = match.group(1).rstrip("0")
        yield _value(whole + fraction)


def _chinese_values(run: str) -> Iterator[int]:
    """一九九八 as 1998 (digit by digit) and 二十五 as 25 (with units)."""
    if all(c in _CHINESE_DIGITS for c in run):
        yield int("".join(str(_CHINESE_DIGITS[c]) for c in run))
        return
    total, section, digit = 0, 0, 0
    for c in run:
        if c in _CHINESE_DIGITS:
            digit = _CHINESE_DIGITS[c]
        elif _CHINESE_UNITS.get(c, 0) >= 10**4:
            total += (section + digit) * _CHINESE_UNITS[c]
            section, digit = 0, 0
        else:
            section += (digit or 1) * _CHINESE_UNITS[c]
            digit = 0
    yield total + section + digit


def _numbers_in(translation: str) -> set[str]:
    """Every value the translation writes, by its digits and as it may scale them."""
    found: set[str] = set()
    for match in _TARGET_NUMBER.finditer(translation):
        found |= _run_values(translation, match)
    found |= {_value(run) for run in _DIGITS.findall(translation)}
    for run in _CHINESE_NUMBER.finditer(translation):
        if len(run.group(0)) <= _LONGEST_CHINESE_NUMBER:
            found.update(str(value) for value in _chinese_values(run.group(0)))
    return found


def _run_values(text: str, match: re.Match[str]) -> set[str]:
    """The values a number of ``text`` (a match of _TARGET_NUMBER) may stand for: as
    written (_candidates), and scaled by a word of magnitude after it (1万 is 10,000)."""
    found = set(_candidates(match.group(0)))
    for scale, factor in _SCALES:
        if scale.match(text, match.end()):
            number = match.group(0).replace(" ", "").replace("'", "")
            for decimal in (",", "."):
                digits = number.replace("." if decimal == "," else ",", "").replace(decimal, ".")
                # (A number of hundreds of digits scales to infinity.)
                with contextlib.suppress(ValueError, OverflowError):
                    found.add(str(round(float(digits) * factor)))
    return found


def _without(text: str, verbatim: Sequence[str]) -> str:
    """``text`` with what the segment keeps as it is put out of the way as a space."""
    for kept in verbatim:
        text = text.replace(kept, " ")
    return text


def dropped_numbers(source: str, translation: str, verbatim: Sequence[str] = ()) -> list[str]:
    """The numbers of ``source`` (as written there) that ``translation`` does not have;
    ``verbatim``: what the segment keeps as it is."""
    source, translation = _without(source, verbatim), _without(translation, verbatim)
    source, translation = _ascii_digits(source), _ascii_digits(translation)
    found = _numbers_in(translation)
    spelled = _NUMBER_WORD.search(translation) is not None
    missing: list[str] = []

    def lose(written: str) -> None:
        if written not in missing:
            missing.append(written)

    def blank(match: re.Match[str]) -> str:
        return " " * len(match.group(0))

    for date in _DATE.finditer(source):
        years = [part for part in re.split(r"\D", date.group(0)) if len(part) == 4]
        if any(_value(year) not in found for year in years):
            lose(date.group(0))
    source = _DATE.sub(blank, source)
    without_times = _TIME.sub(blank, source)
    for time in (*_TIME.finditer(source), *_HOUR_ONLY.finditer(without_times)):
        hour = int(time.group(1))
        hours = {str(hour), str(hour - 12), str(hour + 12)}
        minutes = _value(time.group(2)) if time.re is _TIME else "0"
        if minutes != "0":
            # 06:15 → 6 h 15, 6:15 a.m., 18 h 15: the hour either way, and the minutes.
            if not hours & found or minutes not in found:
                lose(time.group(0))
        elif hour >= 10 and hour % 12 and not hours & found:
            # 17:00 → 5 pm, 17 h; not 9:00 → neuf heures, nor noon or midnight.
            lose(time.group(0))
    source = _HOUR_ONLY.sub(blank, without_times)
    for match in _SOURCE_NUMBER.finditer(source):
        written = match.group(0)
        digits = re.sub(r"\D", "", written)
        before = source[max(0, match.start() - 8) : match.start()]
        if (
            len(digits) < MIN_DIGITS
            or (len(digits) == 2 and spelled)
            or _ALPHABET_LETTER.match(before[-1:])
            or _MAGNITUDE.match(source, match.end())
            or _ORDINAL.match(source, match.end())
            or _RANGE_END.search(before)
        ):
            continue
        if any(value in found for value in _candidates(written)):
            continue
        # A decade by its last two digits, or written out in full ("the 90s": "1990").
        if _DECADE.match(source, match.end()) and (
            digits[-2:] in found
            or (len(digits) == 2 and any(len(v) == 4 and v.endswith(digits) for v in found))
        ):
            continue
        # Two numbers a space apart read as one ("In 2023 150 people"), or a list
        # ("10,11,12"): each of them written in the translation will do.
        parts = [part for part in re.split(r"[^\d]", written) if part]
        if len(parts) > 1 and all(_value(part) in found for part in parts):
            continue
        lose(written)
    return missing


# What a number a translation writes may stand for in its source's words (added_numbers):
# numbers spelled out, parts of a day, of an hour and of a hundred, months, ordinals.
# Lower case; one word may stand for several (a quarter: 15 minutes, 25 %, a quarter to).
_HALF = (30, 50)
_QUARTER = (15, 25, 45)
_NOON = (12,)
_MIDNIGHT = (0, 12, 24)
_SPELLED: dict[str, tuple[int, ...]] = {}


def _spell(values: tuple[int, ...], *words: str) -> None:
    for word in words:
        _SPELLED[word] = tuple(dict.fromkeys((*_SPELLED.get(word, ()), *values)))


for _number, _words in enumerate(
    (
        "zero null cero zéro zero",
        "one a an un ún une uno una ein eine eins einen einem einer once first premier première "
        "primero primer primera erste ersten erster",
        "two twice both couple pair double deux dos dós zwei zwo second deuxième seconde segundo "
        "segunda zweite zweiten",
        "three triple thrice trois tres trés drei third troisième tercero tercer tercera dritte",
        "four quatre cuatro vier fourth quatrième cuarto cuarta vierte",
        "five cinq cinco fünf fifth cinquième quinto quinta fünfte",
        "six seis séis sechs sixth sixième sexto sexta sechste",
        "seven sept siete sieben seventh septième séptimo séptima siebte",
        "eight huit ocho acht eighth huitième octavo octava achte",
        "nine neuf nueve neun ninth neuvième noveno novena neunte",
        "ten dix diez zehn tenth dixième décimo décima zehnte decade décennie",
        "eleven onze once elf eleventh onzième",
        "twelve douze doce zwölf twelfth douzième dozen douzaine docena dutzend",
        "thirteen treize trece dreizehn",
        "fourteen quatorze catorce vierzehn fortnight",
        "fifteen quinze quince fünfzehn quinzaine quincena",
        "sixteen seize sechzehn dieciséis",
        "seventeen siebzehn diecisiete",
        "eighteen achtzehn dieciocho",
        "nineteen neunzehn diecinueve",
    )
):
    _spell((_number,), *_words.split())
for _number, _words in (
    (20, "twenty twenties vingt vingts veinte zwanzig twentieth vingtième"),
    (30, "thirty thirties trente treinta dreißig dreissig thirtieth trentième"),
    (40, "forty forties quarante cuarenta vierzig"),
    (50, "fifty fifties cinquante cincuenta fünfzig"),
    (60, "sixty sixties soixante sesenta sechzig hour hours heure heures hora horas stunde"),
    (70, "seventy seventies septante setenta siebzig"),
    (80, "eighty eighties huitante ochenta achtzig"),
    (90, "ninety nineties nonante noventa neunzig"),
    (100, "hundred hundreds cent cents cien ciento cientos hundert century siècle siglo"),
    (1000, "thousand thousands mille mil tausend"),
    (10**6, "million millions millón millones millionen"),
    (10**9, "billion billions milliard milliards milliarde milliarden"),
    (7, "week weeks semaine semaines semana semanas woche wochen"),
    (8, "semaine semaines"),  # "huit jours"
    (14, "fortnight"),
    (15, "fortnight"),  # "quinze jours"
    (33, "third thirds"),  # "a third": 33 %
    *(
        (100 * n, f"{w}cientos")
        for n, w in ((2, "dos"), (3, "tres"), (4, "cuatro"), (6, "seis"), (8, "ocho"))
    ),
    (500, "quinientos"),
    (700, "setecientos"),
    (900, "novecientos"),
):
    _spell((_number,), *_words.split())
_spell(_HALF, "half", "demi", "demie", "moitié", "medio", "media", "mitad", "halb", "halbe",
       "halben", "hälfte")  # fmt: skip
_spell(_QUARTER, "quarter", "quarters", "quart", "quarts", "cuarto", "viertel")
# Values a word stands for alone, never added to or multiplied by another, nor read as
# a clock time: a month is its number ("8 June" → "6月8日", not "July 14" → 19 or 21),
# noon and midnight.
_STANDALONE: dict[str, tuple[int, ...]] = {
    **{name: (month,) for names in MONTHS.values() for month, name in enumerate(names.split(), 1)},
    **{short: (month,) for month, shorts in enumerate(
        ("jan janv ene", "feb févr", "mar mär", "apr avr abr", "", "jun", "jul juil", "aug ago",
         "sep sept", "oct okt", "nov", "dec déc dic dez"), 1) for short in shorts.split()},
    **{word: _NOON for word in ("noon", "midday", "midi", "mediodía", "mittag")},
    **{word: _MIDNIGHT for word in ("midnight", "minuit", "medianoche", "mitternacht")},
}  # fmt: skip
# In Chinese: half (an hour), a quarter (of an hour); noon and midnight (alone).
_CHINESE_SPELLED = (("半", _HALF), ("刻", _QUARTER))
_CHINESE_STANDALONE = (("中午", _NOON), ("正午", _NOON), ("午夜", _MIDNIGHT), ("半夜", _MIDNIGHT))
_WORD = re.compile(r"[^\W\d_]+")
# A word made of number words alone, as German and Spanish write them
# ("fünfundzwanzig", "veinticinco", "doscientos"): each part counts.
# The stems of number words that German and Spanish write inside others.
_STEMS = {"veinti": (20,), "dieci": (10,), "cientos": (100,), "sieb": (7,), "sech": (6,),
          "ún": (1,), "zig": (), "ßig": (), "und": (), "y": ()}  # fmt: skip
_COMPOUND_PARTS = re.compile(
    "|".join(
        sorted(
            {*(w for w, v in _SPELLED.items() if len(w) > 2 and max(v) <= 1000), *_STEMS},
            key=len,
            reverse=True,
        )
    )
)
_COMPOUND = re.compile(f"(?:{_COMPOUND_PARTS.pattern})+")
_LONGEST_COMPOUND = 40
# A Roman numeral, also as an ordinal ("XIXe siècle", "XIX. Jahrhundert").
_ROMAN = re.compile(r"\b([MDCLXVI]+)(?:e|er|re|ème|th)?(?![^\W\d_])")
_ROMAN_NUMERAL = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1}
# A number right after a letter of an alphabet, or after one and a hyphen, is part of a
# name ("MP3", "COVID-19", "Windows-11").
_IN_NAME = re.compile(r"[^\W\d_\u3000-\u9fff\uac00-\ud7af\uff00-\uffef][-_]?$")
_PLACEHOLDER_NUMBER = re.compile(r"⟦\s*\d+\s*⟧?|(?<!\d)\d+\s*⟧")
# Beyond this many different values spelled out in a source, any number up to 100 may
# be made of them.
_MOST_SPELLED = 8


def _roman(numeral: str) -> int:
    values = [_ROMAN_VALUES[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _spelled_values(source: str) -> set[int]:
    """The values ``source`` writes in words: each number word, each part of a word made
    of number words, Roman numerals, Chinese words for parts of an hour and a day."""
    found: set[int] = set()
    for match in _WORD.finditer(source):
        word = match.group(0)
        lower = word.lower()
        if lower in _SPELLED:
            found.update(_SPELLED[lower])
        # (A long word is none: its parts could be read many ways over.)
        elif len(lower) <= _LONGEST_COMPOUND and _COMPOUND.fullmatch(lower):
            for part in _COMPOUND_PARTS.findall(lower):
                found.update(_SPELLED.get(part, _STEMS.get(part, ())))
    for match in _ROMAN.finditer(source):
        if _ROMAN_NUMERAL.fullmatch(match.group(1)):
            found.add(_roman(match.group(1)))
    for word, values in _CHINESE_SPELLED:
        if word in source:
            found.update(values)
    return found


def _combined(values: set[int]) -> set[int]:
    """What spelled-out values may make together: "twenty-five", "quatre-vingt-dix-sept",
    "three hundred and twenty", "an hour and a half" (sums of up to four, and a product
    of two with up to two more added)."""
    if len(values) > _MOST_SPELLED:
        return values | set(range(101))
    parts = sorted(values)
    # Sums of up to four different values; a product of two different ones (or one
    # value) with up to two more added, which may repeat a factor ("cinq cent
    # cinquante-cinq").
    sums: set[int] = set()
    for size in range(1, 5):
        sums |= {sum(c) for c in itertools.combinations(parts, size)}
    products = set(parts) | {a * b for a, b in itertools.combinations(parts, 2)}
    added = {0, *parts} | {a + b for a, b in itertools.combinations_with_replacement(parts, 2)}
    return sums | {p + a for p in products for a in added}


def _source_values(source: str) -> set[int]:
    """Every value a number of the translation may rightly have, from ``source``: its
    numbers (as dropped_numbers reads them), those it spells out and what they make
    together; a clock time in 12 or 24 hours, the hour before ("halb sieben" is 6:30,
    "ten to five" 4:50) and the minutes to the hour; a half as a decimal ("seven and a
    half": 7,5); a year's century and decade ("the 1990s": "20世纪90年代") and a decade's
    years ("the 90s": "les années 1990"), the long end of a range ("2019-20":
    "2019-2020"); months, noon, midnight and the days holidays fall on, alone."""
    written = {int(v) for v in _numbers_in(source) if v.isdigit() and len(v) < 16}
    written |= {int(run) for run in _DIGITS.findall(source) if len(run) < 16}
    spelled = _spelled_values(source)
    values = written | _combined(spelled)
    hours = {v for v in values if v <= 24}
    hours |= {h - 1 for h in hours if h}
    values |= hours | {h + 12 for h in hours} | {h - 12 for h in hours if h >= 12}
    values |= {60 - v for v in values if 0 < v <= 30}
    if spelled & set(_HALF):
        values |= {10 * v + 5 for v in values if v < 1000}
    small = {v for v in written | spelled if v < 100}
    values |= {century + v for v in small if v % 10 == 0 for century in (1900, 2000)}
    for year in (v for v in written if 1000 <= v <= 2999):
        values |= {year // 100, year // 100 + 1, year % 100, year // 10 % 10 * 10}
        values |= {year // 100 * 100 + v for v in small}
    lower = source.lower()
    values |= {v for match in _WORD.finditer(lower) for v in _STANDALONE.get(match.group(0), ())}
    for word, standalone in _CHINESE_STANDALONE:
        if word in source:
            values.update(standalone)
    return values | holiday_numbers(source) | {0, 1}


def added_numbers(
    source: str, translation: str, verbatim: Sequence[str] = (), placeholders: Sequence[str] = ()
) -> list[str]:
    """The numbers ``translation`` writes in digits (as written there) that nothing in
    ``source`` stands for ("by Friday" → "d'ici le 5 juillet", "forty minutes" → "45
    minutes", "下午三点" → "3:30"): not its numbers, read as dropped_numbers reads them,
    nor the numbers it spells out in English, French, German or Spanish, Chinese
    numerals, months, parts of an hour or a day, ordinals, Roman numerals. Not looked
    at: a number inside a name ("MP3", "COVID-19") or a placeholder (⟦1⟧), 0 and 1,
    numbers the translation writes in words or in Chinese numerals, ``verbatim`` (what
    the segment keeps as it is) and ``placeholders``, those the model made up ("⟦3⟧"),
    which are put back as their bare numbers and flagged as such."""
    source, translation = _without(source, verbatim), _without(translation, verbatim)
    # A placeholder the model made up or broke ("⟦3⟧", "⟦2") is the placeholder
    # check's to name.
    translation = _PLACEHOLDER_NUMBER.sub(" ", translation)
    source, translation = _ascii_digits(source), _ascii_digits(translation)
    allowed = {str(v) for v in _source_values(source)}
    allowed |= {_value(re.sub(r"\D", "", made_up)) for made_up in placeholders}
    added: list[str] = []
    for match in _TARGET_NUMBER.finditer(translation):
        written = match.group(0)
        if _IN_NAME.search(translation[max(0, match.start() - 2) : match.start()]):
            continue
        values = _run_values(translation, match)
        if values & allowed:
            continue
        # A list or numbers a space apart ("12, 2018"): each part not in the source.
        for part in re.findall(r"\d+", written):
            if _value(part) not in allowed and part not in added:
                added.append(part)
    return added
