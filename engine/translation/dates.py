"""Days of the week and months that a translation names and its source does not: a
small model swaps them ("on Sunday afternoon" → "le samedi après-midi", "à partir de
mardi" → "from Monday", "last autumn" → "en octobre").

Read in English, French, German, Spanish and Chinese, in the source as well as in the
translation. The source is read generously (abbreviations, "Mon–Fri", "Jan. 31",
"lun.-ven."; a day inside a German compound, "Donnerstagnachmittag", "Karfreitag";
holidays, a weekend; any month a number may stand for), so that only a name it cannot
stand for counts; the translation strictly (English "May" and "March" only in a date,
not "May I come in?"; Chinese "星期一", "礼拜一", and "周一" only where a weekday reads,
not "上周一直下雨").
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
MONTHS = {
    "en": "january february march april may june july august september october november december",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "de": "januar februar märz april mai juni juli august september oktober november dezember",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre",
}
# Other spellings, read in the source and the translation: Spanish without its accents,
# German's "Sonnabend", Swiss "Jänner".
_OTHER_NAMES = {"miercoles": ("day", 2), "sabado": ("day", 5), "sonnabend": ("day", 5),
                "jänner": ("month", 0)}  # fmt: skip
# Abbreviations, read in the source only (generous): English's with a capital, the
# others' before a full stop or a dash ("lun.-ven.", "Mo–Fr", "sáb.").
_ENGLISH_SHORT = {
    **{d: ("day", i) for i, ds in enumerate(
        ("Mon", "Tue Tues", "Wed", "Thu Thur Thurs", "Fri", "Sat", "Sun")) for d in ds.split()},
    **{m: ("month", i) for i, ms in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "", "Jun", "Jul", "Aug", "Sep Sept", "Oct", "Nov", "Dec"))
       for m in ms.split()},
}  # fmt: skip
_MARKED_SHORT = {
    **{d: ("day", i) for i, ds in enumerate(
        ("lun mo", "mar di", "mer mié mie mi", "jeu jue do", "ven vie fr", "sam sáb sab sa",
         "dim dom so")) for d in ds.split()},
    **{m: ("month", i) for i, ms in enumerate(
        ("janv ene jan", "févr fév feb", "mär mar", "avr abr apr", "", "", "juil", "ago aug",
         "sept sep", "okt oct", "nov", "déc dic dez dec")) for m in ms.split()},
}  # fmt: skip
_SHORT = re.compile(
    r"(?:(?<=[\-–—/])|(?<=[\-–—/]\s))([^\W\d_]{2,5})(?![^\W\d_])"
    r"|([^\W\d_]{2,5})(?=\s*[.\-–—/]|\s*\Z)"
)
# Words of the source that stand for days, months and dates: (words, days, months,
# numbers of the month). Easter's day and month move; a weekend is Friday (its evening,
# "le week-end commence vendredi soir") to Sunday.
_HOLIDAYS: tuple[tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...], tuple[int, ...]], ...] = (
    (("weekend", "week-end", "wochenende", "fin de semana", "周末"), (4, 5, 6), (), ()),
    (("weekday", "week day", "en semaine", "jours ouvr", "werktag", "wochentag", "entre semana",
      "laborable", "工作日", "平日"), (0, 1, 2, 3, 4), (), ()),
    (("every day", "daily", "tous les jours", "7j/7", "7/7", "täglich", "jeden tag",
      "todos los días", "a diario", "每天", "每日", "天天"), (0, 1, 2, 3, 4, 5, 6), (), ()),
    (("christmas", "noël", "weihnacht", "navidad", "heiligabend", "nochebuena", "réveillon",
      "圣诞", "聖誕"), (), (11,), (24, 25, 26)),
    (("new year", "nouvel an", "jour de l'an", "neujahr", "año nuevo", "silvester",
      "nochevieja", "sylvestre", "新年", "元旦", "跨年"), (), (0, 11), (1, 31)),
    (("春节", "春節", "正月", "农历", "農曆"), (), (0, 1, 2), ()),
    (("halloween",), (), (9,), (31,)),
    (("valentin", "valentine", "情人节"), (), (1,), (14,)),
    (("bastille", "fête nationale"), (), (6,), (14,)),
    (("thanksgiving",), (3,), (10,), ()),
    (("easter", "pâques", "ostern", "oster", "pascua", "semana santa", "复活节", "復活節",
      "good friday", "karfreitag", "viernes santo", "vendredi saint"), (4, 6, 0), (2, 3), ()),
    (("labour day", "labor day", "may day", "fête du travail", "tag der arbeit",
      "día del trabajo", "劳动节", "勞動節"), (0,), (4, 8), (1,)),
    (("mardi gras", "fasching", "karneval", "carnaval", "carnival", "rosenmontag",
      "aschermittwoch", "ash wednesday"), (0, 1, 2), (1, 2), ()),
)  # fmt: skip
# A day written with the source's own name inside a German word ("Ostermontag",
# "Sonn- und Feiertage").
_GERMAN_DAY_PARTS = {"montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3,
                     "freitag": 4, "samstag": 5, "sonntag": 6}  # fmt: skip
_GERMAN_DAY_PART = re.compile("|".join(_GERMAN_DAY_PARTS) + r"|sonn(?=-)")
# A German word that is a day and a time of it ("Donnerstagnachmittag", "sonntagabends"):
# it names the day as surely as the day alone. And a holiday named by its day
# ("Karfreitag"). No other language writes either. Not any word with a day inside:
# "Montage", "Freitagstraße", "Sonntagszeitung" and "Montagnier" are words and names a
# translation may keep.
_GERMAN_DAY_TIME = re.compile(
    r"(montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag)"
    r"(früh|morgen|vormittag|mittag|nachmittag|abend|nacht)s?"
)
_GERMAN_DAY_HOLIDAY = re.compile(
    r"karfreitag|karsamstag|gründonnerstag|aschermittwoch|palmsonntag|ostersonntag"
    r"|ostermontag|pfingstsonntag|pfingstmontag|rosenmontag|totensonntag|faschingsdienstag"
)
_CHINESE_DAY = "一二三四五六日天"
_CHINESE_NUMBERS = {"十一": 11, "十二": 12, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
                    "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}  # fmt: skip
_CHINESE_DAYS = re.compile(rf"(星期|礼拜|禮拜|周|週)([{_CHINESE_DAY}])")
# "一周一次", "两周二十" are weeks; "上周一直", "本周三人" are a week and what follows.
_WEEKS_BEFORE = "一二两兩三四五六七八九十几幾每数數半个個"
# After "周一", what a weekday goes on with; anything else (a Chinese letter) reads as a
# week and a word ("这周一共", "工作周五天").
_DAY_GOES_ON = "上下早晚中午前后後的见見到开開举舉起至和与與或及、，。！？；：）)"
_CHINESE_MONTHS = re.compile(r"(十[一二]|[一二三四五六七八九十]|1[0-2]|0?[1-9])月")
_WORD = re.compile(r"[^\W\d_]+")
_NUMBER = re.compile(r"\d+")
# English "May" and "March" are months only in a date: after one of these words, or
# beside a number ("May 5", "5 March"); else a verb or a name ("May I come in?").
_DATE_BEFORE = frozenset(
    ("in", "on", "of", "since", "until", "till", "by", "from", "early", "late", "mid", "next",
     "last", "this", "every", "each", "during", "before", "after", "through", "to", "and", "or")
)  # fmt: skip
_AMBIGUOUS_MONTHS = frozenset({"may", "march"})


class DateName(NamedTuple):
    kind: str  # "day" or "month"
    order: int  # Monday and January are 0
    written: str  # as the text writes it


def _names(language: str, kind: str) -> dict[str, int]:
    table = _DAYS if kind == "day" else MONTHS
    return {name: i for i, name in enumerate(table[language].split())}


def _in_date(text: str, match: re.Match[str]) -> bool:
    """Whether the word ``match`` stands in a date: after a word that puts a month in
    one, or beside a number."""
    before = text[max(0, match.start() - 20) : match.start()]
    words = _WORD.findall(before)
    after = text[match.end() : match.end() + 4]
    return (
        bool(words and words[-1].lower() in _DATE_BEFORE and before.rstrip().endswith(words[-1]))
        or bool(re.search(r"\d[.,]?\s*$", before))
        or bool(re.match(r"\s*\d", after))
    )


def _read(text: str, language: str, *, generous: bool) -> list[DateName]:
    """The days and months ``text`` names in ``language``."""
    found: list[DateName] = []
    if language == "zh":
        for match in _CHINESE_DAYS.finditer(text):
            before = text[match.start() - 1 : match.start()]
            after = text[match.end() : match.end() + 1]
            weekday = match.group(1) != "周" and match.group(1) != "週"
            if (
                generous
                or weekday
                or (
                    (not before or before not in _WEEKS_BEFORE)
                    and (not after or after in _DAY_GOES_ON or not _is_cjk(after))
                )
            ):
                order = min(_CHINESE_DAY.index(match.group(2)), 6)
                found.append(DateName("day", order, match.group(0)))
        for match in _CHINESE_MONTHS.finditer(text):
            number = match.group(1)
            value = int(number) if number.isdigit() else _CHINESE_NUMBERS[number]
            found.append(DateName("month", value - 1, match.group(0)))
        return found
    days, months = _names(language, "day"), _names(language, "month")
    for match in _WORD.finditer(text):
        word = match.group(0)
        lower = word.lower()
        if language == "en" and lower in _AMBIGUOUS_MONTHS:
            # In lower case a verb ("this may take a while"); with a capital a month
            # only in a date ("May 5", not "May I come in?").
            if generous or (word[0].isupper() and _in_date(text, match)):
                found.append(DateName("month", months[lower], word))
            continue
        if lower in months:
            # French and Spanish write their months in lower case: "Mars" where no
            # sentence begins is the planet, "Marte" in Spanish.
            if (
                generous
                or language not in ("fr", "es")
                or not word[0].isupper()
                or _opens(text, match)
            ):
                found.append(DateName("month", months[lower], word))
            continue
        if lower in _OTHER_NAMES:
            found.append(DateName(*_OTHER_NAMES[lower], word))
            continue
        day = days.get(lower)
        if day is None and lower.endswith("s"):
            day = days.get(lower[:-1])  # "Mondays", "lundis", "montags"
        if day is not None:
            found.append(DateName("day", day, word))
        elif (
            language == "de"
            and (time := _GERMAN_DAY_TIME.fullmatch(lower))
            and time.group(2) != "nacht"
        ):
            # A day and a time of it ("Donnerstagnachmittag"), read strictly too; not a
            # night, whose small hours a translation may give the next day ("Sonntagnacht
            # um 2 Uhr" → "at 2 a.m. on Monday").
            # (Not among the parts: "Sonnabend", Saturday.)
            found.append(DateName("day", _GERMAN_DAY_PARTS.get(time.group(1), 5), word))
        elif generous and language == "de":
            # A day inside a German word ("Donnerstagnachmittag", "Karfreitag").
            parts = _GERMAN_DAY_PART.findall(lower + text[match.end() : match.end() + 1])
            for part in parts:
                found.append(DateName("day", _GERMAN_DAY_PARTS.get(part, 6), word))
    if generous:
        found += _abbreviations(text, language)
    return found


def _opens(text: str, match: re.Match[str]) -> bool:
    """Whether the word ``match`` begins the text, a line or a sentence."""
    start = match.start()
    before = text[max(0, start - 20) : start].rstrip(" \t«“\"'¡¿(")
    return not before or before[-1] in ".!?…:\n"


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff"


def _abbreviations(text: str, language: str) -> list[DateName]:
    """Days and months ``text`` writes short ("Mon–Fri", "Jan. 31", "lun.-ven.")."""
    found: list[DateName] = []
    for match in _WORD.finditer(text):
        word = match.group(0)
        if language == "en" and word in _ENGLISH_SHORT:
            kind, order = _ENGLISH_SHORT[word]
            found.append(DateName(kind, order, word))
    for match in _SHORT.finditer(text):
        written = match.group(1) or match.group(2)
        short = written.lower()
        if short in _MARKED_SHORT and (match.start() == 0 or not text[match.start() - 1].isalpha()):
            kind, order = _MARKED_SHORT[short]
            found.append(DateName(kind, order, written))
    return found


def _holidays(source: str) -> list[tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]]:
    lower = source.lower()
    return [(d, m, n) for words, d, m, n in _HOLIDAYS if any(w in lower for w in words)]


def holiday_numbers(source: str) -> set[int]:
    """The days of the month the source's holidays fall on (Christmas Eve is the 24th)."""
    return {number for _, _, numbers in _holidays(source) for number in numbers}


# A day (or month) the source names from another: "the day after Friday" is Saturday,
# "la veille du lundi" Sunday, "we arrive on Friday and leave the next day" names
# Saturday too. Each phrase (kind, its offset, and whether the name follows it) is read
# only where it anchors one: the name right after it ("day after Friday"), else the
# last one named before it. Not "day after day", "the day after tomorrow", "jeden Tag
# nach der Arbeit", standby ("mode veille") or "next month" (from today).
_ARTICLES = r"(?:(?:the|le|la|de|du|dem|des|von|del|al|el)\s+|[ld]['’]\s*)*"
_RELATIONS: dict[str, tuple[tuple[str, str, int], ...]] = {
    "en": (
        ("day", r"\b(?:day|night|evening|morning|afternoon)\s+before\s+{name}", -1),
        ("day", r"\b(?:day|night|evening|morning|afternoon)\s+after\s+{name}", 1),
        ("day", r"\beve\s+of\s+{name}", -1),
        ("day", r"\b(?:next|following)\s+day\b", 1),
        ("day", r"\bthe\s+day\s+after\b(?!\s+(?:the\s+)?(?:day|tomorrow|next|{names}))", 1),
        ("day", r"\b(?:previous|preceding|prior)\s+day\b", -1),
        ("day", r"\bthe\s+day\s+before\b(?!\s+(?:the\s+)?(?:yesterday|last|{names}))", -1),
        ("month", r"\bmonth\s+before\s+{name}", -1),
        ("month", r"\bmonth\s+after\s+{name}", 1),
        ("month", r"\b(?:the\s+)?following\s+month\b", 1),
        ("month", r"\bthe\s+month\s+after\b(?!\s+(?:the\s+)?(?:next|{names}))", 1),
        ("month", r"\b(?:the\s+)?(?:previous|preceding)\s+month\b", -1),
        ("month", r"\bthe\s+month\s+before\b(?!\s+(?:the\s+)?(?:last|{names}))", -1),
    ),
    "fr": (
        ("day", r"\bveille\s+(?:de|du|d['’])\s*{name}", -1),
        ("day", r"\blendemain\s+(?:de|du|d['’])\s*{name}", 1),
        ("day", r"\ble\s+lendemain\b(?!\s+(?:de|du|d['’]))", 1),
        ("day", r"\ble\s+jour\s+(?:suivant|d['’]après)\b", 1),
        ("day", r"\bla\s+veille\b(?!\s+(?:de|du|d['’]))", -1),
        ("day", r"\ble\s+jour\s+(?:précédent|d['’]avant)\b", -1),
        ("month", r"\ble\s+mois\s+(?:suivant|d['’]après)\b", 1),
        ("month", r"\ble\s+mois\s+(?:précédent|d['’]avant)\b", -1),
    ),
    "de": (
        ("day", r"\btag\s+vor\s+{name}", -1),
        ("day", r"\btag\s+nach\s+{name}", 1),
        ("day", r"\b(?:nächsten|folgenden|darauffolgenden)\s+tag\b", 1),
        ("day", r"\btags?\s+(?:danach|darauf)\b|\bfolgetag\b", 1),
        ("day", r"\btags?\s+(?:davor|zuvor)\b|\bvortag\b", -1),
        ("month", r"\b(?:folgenden|darauffolgenden)\s+monats?\b|\bfolgemonat\b", 1),
        ("month", r"\bmonats?\s+(?:danach|darauf)\b", 1),
        ("month", r"\bmonats?\s+(?:davor|zuvor)\b|\bvormonat\b", -1),
    ),
    "es": (
        ("day", r"\bd[ií]a\s+(?:antes|anterior)\s+{name}", -1),
        ("day", r"\bv[ií]spera\s+{name}", -1),
        ("day", r"\bd[ií]a\s+(?:despu[eé]s|siguiente)\s+{name}", 1),
        ("day", r"\bd[ií]a\s+siguiente\b|\bal\s+otro\s+d[ií]a\b", 1),
        ("day", r"\bel\s+d[ií]a\s+(?:anterior|antes)\b(?!\s+(?:de|del|al|a)\b)", -1),
        ("month", r"\bmes\s+siguiente\b", 1),
        ("month", r"\bmes\s+anterior\b(?!\s+(?:de|del|al|a)\b)", -1),
    ),
    "zh": (
        ("day", r"前一[天日]|前一晚", -1),
        ("day", r"[后後]一[天日]|第二[天日]|次日|翌日|隔天|隔日", 1),
        ("month", r"前一[个個]月", -1),
        ("month", r"[后後]一[个個]月|第二[个個]月|次月", 1),
    ),
}


def _relation_patterns(language: str) -> tuple[tuple[str, re.Pattern[str], int], ...]:
    compiled = []
    for kind, pattern, offset in _RELATIONS.get(language, ()):
        names = "|".join(
            re.escape(name) + "s?" for name in (_names(language, kind) if language != "zh" else {})
        )
        filled = pattern.replace("{name}", f"{_ARTICLES}(?P<name>{names or '(?!)'})\\b")
        filled = filled.replace("{names}", names or "(?!)")
        compiled.append((kind, re.compile(filled, re.IGNORECASE), offset))
    return tuple(compiled)


_RELATION_PATTERNS = {language: _relation_patterns(language) for language in _RELATIONS}
# At most this many phrases a segment are read (each reads the text before it again).
_MOST_RELATIONS = 16


def _relatives(source: str, language: str) -> dict[tuple[str, int], set[tuple[str, int]]]:
    """The days (and months) ``source`` names from one it names, by that one: "the day
    after Friday" gives {("day", 4): {("day", 5)}}."""
    related: dict[tuple[str, int], set[tuple[str, int]]] = {}
    seen = 0
    for kind, pattern, offset in _RELATION_PATTERNS.get(language, ()):
        for match in pattern.finditer(source):
            seen += 1
            if seen > _MOST_RELATIONS:
                return related
            named = match.groupdict().get("name")
            if named is not None:
                order = _names(language, kind).get(named.lower().removesuffix("s"))
                if order is None:
                    order = _names(language, kind).get(named.lower())
            else:
                before = _read(source[: match.start()], language, generous=True)
                orders = [n.order for n in before if n.kind == kind]
                order = orders[-1] if orders else None
            if order is not None:
                size = 7 if kind == "day" else 12
                related.setdefault((kind, order), set()).add((kind, (order + offset) % size))
    return related


def _stands_for(source: str, language: str) -> set[tuple[str, int]]:
    """Every day and month the source may stand for."""
    found = {(n.kind, n.order) for n in _read(source, language, generous=True)}
    for days, months, _ in _holidays(source):
        found |= {("day", d) for d in days} | {("month", m) for m in months}
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
    allowed |= {other for others in _relatives(source, src).values() for other in others}
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


class Swap(NamedTuple):
    wrong: str
    right: str
    kind: str


def swapped_dates_fixed(
    source: str, translation: str, source_code: str, target_code: str
) -> tuple[str, Swap | None]:
    """``translation`` with a day or month the model swapped put right, and what was
    changed: only where the swap is clear. The source names its days (or months) in
    full and nothing else that may stand for one (no abbreviation, holiday, "May"
    outside a date, name kept as it is); the translation names one the source does
    not, once, as a word of its own, and leaves out one of the source's ("on Sunday
    afternoon" → "le samedi après-midi" becomes "le dimanche après-midi"; days and
    months are of one gender in French, German and Spanish); the two begin alike, with
    a vowel or not ("d'août" is not made "d'juin"); into Chinese, 星期 or 礼拜 is
    written. Any other difference stays for the check to flag."""
    added = added_dates(source, translation, source_code, target_code)
    if len(added) != 1 or len(added[0][1]) != 1:
        return translation, None
    name, (order,) = added[0]
    src, tgt = source_code.split("-")[0], target_code.split("-")[0]
    read = _read(source, src, generous=True)
    in_source = {n.order for n in read if n.kind == name.kind}
    named = {n.order for n in _read(source, src, generous=False) if n.kind == name.kind}
    translation_words = {w.lower() for w in _WORD.findall(translation)}
    kept_as_written = any(n.written.lower() in translation_words for n in read)
    if in_source != named or _holidays(source) or kept_as_written:
        return translation, None
    if tgt == "zh":
        if name.kind == "day":
            if name.written[:-1] in ("周", "週"):
                return translation, None
            right = name.written[:-1] + _CHINESE_DAY[order]
        else:
            numerals = [k for k, v in _CHINESE_NUMBERS.items() if v == order + 1]
            right = f"{order + 1}月" if name.written[0].isdigit() else f"{numerals[0]}月"
        pattern = re.escape(name.written)
    else:
        right = written_in(name.kind, order, tgt)
        base = written_in(name.kind, name.order, tgt).lower()
        if name.written.lower() != base and name.written.lower().startswith(base):
            right += name.written[len(base) :]  # "Mondays", "lundis", "montags"
        if name.written.isupper() and len(name.written) > 1:
            right = right.upper()
        elif name.written[:1].isupper():
            right = right[:1].upper() + right[1:]
        elif name.written.islower():
            right = right.lower()
        vowels = "aeiouáéíóúàâäèêëîïôöûüAEIOUÁÉÍÓÚÀÂÄÈÊËÎÏÔÖÛÜ"
        if (right[:1] in vowels) != (name.written[:1] in vowels):
            return translation, None
        pattern = rf"(?<![^\W\d_'’]){re.escape(name.written)}(?![^\W\d_])"
    if len(re.findall(pattern, translation)) != 1:
        return translation, None
    fixed = re.sub(pattern, lambda _match: right, translation)
    return fixed, Swap(name.written, right, name.kind)


def written_in(kind: str, index: int, language: str) -> str:
    """A day or month as ``language`` writes it."""
    if language == "zh":
        return f"星期{_CHINESE_DAY[index]}" if kind == "day" else f"{index + 1}月"
    name = (_DAYS if kind == "day" else MONTHS)[language].split()[index]
    return name.capitalize() if language in ("en", "de") else name


def day_words_kept(source: str, translation: str, source_code: str, target_code: str) -> list[str]:
    """The German words of a day and a time of it, or of a holiday named by its day
    ("Donnerstagnachmittag", "sonntagabends", "Karfreitag"), that a translation out of
    German keeps as the source writes them: the day went untranslated ("The meeting
    was moved to Donnerstagnachmittag."). The check of words left in the source language
    leaves German nouns alone, since a capitalised German word may be a name; these
    are not names."""
    if source_code.split("-")[0] != "de" or target_code.split("-")[0] == "de":
        return []
    kept: list[str] = []
    for word in dict.fromkeys(_WORD.findall(source)):
        # Not inside a longer word; beside Chinese letters it still counts.
        lower = word.lower()
        day_word = _GERMAN_DAY_TIME.fullmatch(lower) or _GERMAN_DAY_HOLIDAY.fullmatch(lower)
        if day_word and re.search(
            rf"(?<![A-Za-zÀ-ɏ]){re.escape(word)}(?![A-Za-zÀ-ɏ])", translation
        ):
            kept.append(word)
    return kept


def dropped_dates(
    source: str, translation: str, source_code: str, target_code: str
) -> list[DateName]:
    """The days and months ``source`` names (read strictly: "May I…" names none) that
    ``translation`` does not, read generously (short, inside a German word, by a
    holiday or a number, or written as the source writes it, a name: "Black Friday")."""
    src, tgt = source_code.split("-")[0], target_code.split("-")[0]
    if src not in DATE_LANGUAGES or tgt not in DATE_LANGUAGES:
        return []
    kept = _stands_for(translation, tgt)
    # A range names the days (or months) between its ends ("du lundi au mercredi" for
    # "Monday, Tuesday and Wednesday", "juin-août").
    for kind in ("day", "month"):
        orders = [order for k, order in kept if k == kind]
        if len(orders) >= 2:
            kept |= {(kind, order) for order in range(min(orders), max(orders) + 1)}
    words = {w.lower() for w in _WORD.findall(translation)}
    # "The day after Friday" may come back as the day it is ("le samedi").
    related = _relatives(source, src)
    dropped: list[DateName] = []
    seen: set[tuple[str, int]] = set()
    for name in _read(source, src, generous=False):
        key = (name.kind, name.order)
        if (
            key in kept
            or key in seen
            or name.written.lower() in words
            or related.get(key, set()) & kept
        ):
            continue
        if src == "zh" and name.written in translation:
            continue
        seen.add(key)
        dropped.append(name)
    return dropped


# Days named from today ("yesterday", "demain", "明天"): the days each name may stand
# for (offsets from today), read in each language of DATE_LANGUAGES; the longer names
# first, so that "the day after tomorrow" is not also read as "tomorrow". A name stands
# for a day only where it does: German "morgen" in lower case, or opening a sentence,
# and not after another such day ("heute morgen" is this morning, "von heute auf
# morgen" overnight); Spanish "mañana" not after an article or a determiner ("por la
# mañana", "esa mañana" are mornings, "el mañana" the future); "the last night of the
# trip" is no yesterday, "ce soir-là" no today; Chinese names not inside other words
# (然后天气, 目前天气, 说明晚上, 聪明天才, 如今日益). "Cette nuit" is tonight or last night.
_DE_BEFORE_MORGEN = "".join(f"(?<!{w} )" for w in ("heute", "gestern", "vorgestern", "auf"))
_ES_BEFORE_MANANA = "".join(
    f"(?<!{w} )"
    for w in ("la", "una", "cada", "media", "esa", "aquella", "esta", "mi", "tu", "su",
              "nuestra", "el", "del", "buena", "de", "las", "toda")
)  # fmt: skip
_EN_BEFORE_LAST_NIGHT = "".join(
    f"(?<!{w} )" for w in ("the", "a", "our", "my", "his", "her", "their", "your", "its")
)
_RELATIVE_DAYS: dict[str, tuple[tuple[str, tuple[int, ...]], ...]] = {
    "en": (
        (r"the\s+day\s+before\s+yesterday|the\s+night\s+before\s+last|two\s+days\s+ago",
         (-2,)),
        (r"the\s+day\s+after\s+tomorrow|in\s+two\s+days", (2,)),
        (r"the\s+(?:next|following)\s+day", (1,)),
        (r"the\s+(?:day\s+before|previous\s+day)", (-1,)),
        (r"yesterday(?:['’]s)?", (-1,)), (rf"{_EN_BEFORE_LAST_NIGHT}last\s+night", (-1,)),
        (r"today(?:['’]s)?", (0,)), (r"tonight(?:['’]s)?", (0,)),
        (r"this\s+(?:morning|afternoon|evening)", (0,)), (r"tomorrow(?:['’]s)?", (1,)),
    ),
    "fr": (
        (r"avant-hier|il\s+y\s+a\s+deux\s+jours", (-2,)),
        (r"après-demain|dans\s+deux\s+jours", (2,)), (r"le\s+lendemain", (1,)),
        (r"la\s+veille", (-1,)), (r"hier", (-1,)),
        (r"aujourd['’]hui", (0,)), (r"(?:ce\s+(?:matin|soir)|cet\s+après-midi)(?!-là)", (0,)),
        (r"cette\s+nuit(?!-là)", (-1, 0)), (r"demain", (1,)),
    ),
    "de": (
        (r"vorgestern|vorgestrig\w*|vor\s+zwei\s+tagen", (-2,)),
        (r"übermorgen|übermorgig\w*|in\s+zwei\s+tagen", (2,)),
        (r"am\s+(?:nächsten|folgenden)\s+tag|tags\s+darauf", (1,)),
        (r"am\s+vortag|am\s+tag\s+davor|tags\s+zuvor", (-1,)),
        (r"gestern|gestrig\w*|letzte\s+nacht", (-1,)), (r"heute|heutig\w*", (0,)),
        (rf"{_DE_BEFORE_MORGEN}(?:(?-i:morgen)|morgig\w*|(?-i:MORGEN))", (1,)),
        (r"(?:^|(?<=[.!?:;]\s)|(?<=\n)|(?<=[\"„“«»]))(?-i:Morgen)(?=\s)", (1,)),
    ),
    "es": (
        (r"anteayer|antier|antes\s+de\s+ayer|anteanoche|hace\s+dos\s+días", (-2,)),
        (r"pasado\s+ma[ñn]ana|dentro\s+de\s+dos\s+días", (2,)),
        (r"(?:al|el)\s+día\s+siguiente", (1,)), (r"el\s+día\s+anterior|la\s+víspera", (-1,)),
        (r"ayer", (-1,)), (r"anoche", (-1,)),
        (r"hoy", (0,)), (r"esta\s+(?:mañana|tarde|noche)", (0,)),
        (rf"{_ES_BEFORE_MANANA}ma[ñn]ana(?!\s+y\s+tarde)", (1,)),
    ),
    "zh": (
        (r"大前天", (-3,)), (r"大[后後]天", (3,)), (r"两天前|兩天前", (-2,)),
        (r"两天后|兩天後", (2,)), (r"第二天|次日|翌日", (1,)), (r"前一天", (-1,)),
        (r"(?<![目提之以眼从])前天", (-2,)),
        (r"(?<![然之以此最落午背雨先])[后後]天(?!形成|性|培养|培養|习得|習得|因素|努力|环境|環境)",
         (2,)),
        (r"昨[天日晚夜]", (-1,)), (r"(?<![如至当現现])今[天日晚早晨夜]", (0,)),
        (r"(?<![聪聰光表说說])明[天日晚早晨夜]", (1,)),
    ),
}  # fmt: skip


def _relative_pattern(pattern: str, language: str) -> re.Pattern[str]:
    """A whole word (in Chinese, which writes none apart, as it is), in any case."""
    return re.compile(
        pattern if language == "zh" else rf"(?<![^\W\d_])(?:{pattern})(?![^\W\d_])", re.I
    )


_RELATIVE_PATTERNS = {
    language: tuple((_relative_pattern(pattern, language), days) for pattern, days in names)
    for language, names in _RELATIVE_DAYS.items()
}
# How each language names a day from today, for a reason: what the text has.
_RELATIVE_WRITTEN = {
    "en": {-3: "three days ago", -2: "the day before yesterday", -1: "yesterday", 0: "today",
           1: "tomorrow", 2: "the day after tomorrow", 3: "in three days"},
    "fr": {-3: "il y a trois jours", -2: "avant-hier", -1: "hier", 0: "aujourd'hui",
           1: "demain", 2: "après-demain", 3: "dans trois jours"},
    "de": {-3: "vor drei Tagen", -2: "vorgestern", -1: "gestern", 0: "heute", 1: "morgen",
           2: "übermorgen", 3: "in drei Tagen"},
    "es": {-3: "hace tres días", -2: "anteayer", -1: "ayer", 0: "hoy", 1: "mañana",
           2: "pasado mañana", 3: "dentro de tres días"},
    "zh": {-3: "大前天", -2: "前天", -1: "昨天", 0: "今天", 1: "明天", 2: "后天", 3: "大后天"},
}  # fmt: skip


class _DayNamed(NamedTuple):
    written: str
    days: tuple[int, ...]


def _relative_days(text: str, language: str) -> list[_DayNamed]:
    """The days ``text`` names from today, as written, each once (by its letters), with
    the days it may stand for."""
    found: dict[str, _DayNamed] = {}
    # Where names were read: "the day after tomorrow" is no "tomorrow" as well. (Not
    # blanked out: "heute morgen" must still read "heute" before "morgen".)
    taken = bytearray(len(text))
    for pattern, days in _RELATIVE_PATTERNS[language]:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(taken[start:end]):
                continue
            taken[start:end] = b"\x01" * (end - start)
            key = " ".join(match.group(0).casefold().split())
            found.setdefault(key, _DayNamed(match.group(0), days))
    return list(found.values())


def _as_written(word: str, text: str) -> bool:
    """Whether ``text`` writes ``word`` as it is (a name or a title kept: « Yesterday »,
    USA Today; a word left untranslated, which the copied-word check names)."""
    folded = " ".join(word.casefold().split())
    return bool(re.search(rf"(?<![^\W\d_]){re.escape(folded)}(?![^\W\d_])", text.casefold()))


class RelativeDays(NamedTuple):
    """What a translation does with the days its source names from today."""

    # Each day the translation names in place of the source's ("Thank you for your help
    # yesterday." → "Merci pour votre aide aujourd'hui."), with what the source has
    # instead, written in the target language.
    swapped: list[tuple[str, list[str]]]
    # Each day the source names that the translation leaves out, naming none in its
    # place ("… along the coast tomorrow night." → "… dans la soirée."), as the source
    # writes it.
    dropped: list[str]


def relative_days_changed(
    source: str, translation: str, source_code: str, target_code: str
) -> RelativeDays:
    """The days named from today that ``translation`` swaps or leaves out. Only the
    source's days other than today count (today may be "nowadays": "Les jeunes
    d'aujourd'hui", "hoy en día", "Today is Monday." → "Nous sommes lundi."), so that a
    translation that says "today" for "nowadays" or "the next day" for "tomorrow" is left
    alone; so are names and words kept as written ("USA Today"; "appelé-moi
    yesterday", which the check of words left in the source language names)."""
    nothing = RelativeDays([], [])
    src, tgt = source_code.split("-")[0], target_code.split("-")[0]
    if src not in _RELATIVE_PATTERNS or tgt not in _RELATIVE_PATTERNS:
        return nothing
    named = _relative_days(source, src)
    written = _relative_days(translation, tgt)
    in_translation = {day for name in written for day in name.days}
    unmet = [
        name
        for name in named
        if 0 not in name.days
        and not set(name.days) & in_translation
        and not _as_written(name.written, translation)
    ]
    if not unmet:
        return nothing
    in_source = {day for name in named for day in name.days}
    added = [
        name
        for name in written
        if not set(name.days) & in_source and not _as_written(name.written, source)
    ]
    if not added:
        return RelativeDays([], [name.written for name in unmet])
    instead = list(dict.fromkeys(_RELATIVE_WRITTEN[tgt][name.days[0]] for name in unmet))
    return RelativeDays([(name.written, instead) for name in added], [])
