"""Term pairs a translation must respect, and do-not-translate terms.

Two columns, source and target (CSV as spreadsheets save it, header line optional); an
empty target means "keep the term as it is".
Every segment's prompt lists the entries that occur in it; afterwards a segment whose
translation lacks an expected term is flagged.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from dataclasses import dataclass, replace
from typing import Any

from engine.common.messages import msg


@dataclass(frozen=True)
class GlossaryEntry:
    source: str
    target: str = ""  # empty: do not translate

    @property
    def keep(self) -> bool:
        return not self.target

    @property
    def expected(self) -> str:
        return self.target or self.source


@dataclass(frozen=True)
class Glossary:
    entries: tuple[GlossaryEntry, ...] = ()
    # The language of the source terms (a code), when known: a term then also applies
    # inflected ("lighthouses" for "lighthouse"; :meth:`for_source`).
    source_language: str | None = None

    def for_source(self, language: str | None) -> Glossary:
        """This glossary with its terms read as ``language`` (None: as written only)."""
        return replace(self, source_language=language)

    def applicable(self, text: str) -> list[GlossaryEntry]:
        """Entries whose source term occurs in ``text``: whole words, any case, and, where
        the source language is known, with an inflectional ending of that language
        (:func:`_source_pattern`: "lighthouses" for "lighthouse", not "meaning" for
        "mean")."""
        language = self.source_language
        text = _folded(text)
        return [
            entry
            for entry in self.entries
            if _source_pattern(entry.source, entry.target, language).search(text) is not None
        ]

    def check(self, source: str, translation: str, language: str | None = None) -> list[str]:
        """Why the translation does not honour the glossary (empty when it does).
        ``language``, the translation's language code, lets a term count inflected or
        in a compound (:class:`_Stemmed`)."""
        problems = []
        translation = _folded(translation)
        stemmed = _Stemmed(translation, language)
        for entry in self.applicable(source):
            # A term kept as it is (a name) counts only as written.
            if not _occurs(entry.expected, translation) and (
                entry.keep or not stemmed.has(entry.expected)
            ):
                if entry.keep:
                    problems.append(f"“{entry.source}” should stay untranslated")
                else:
                    problems.append(f"“{entry.source}” should be “{entry.target}”")
        return problems

    def merged(self, other: Glossary) -> tuple[Glossary, int, int]:
        """This glossary with ``other``'s entries added: a term already here (any case)
        takes ``other``'s translation in its place, a new one comes at the end. An empty
        translation in ``other`` does not erase one here (in a spreadsheet it is more
        often a cell not filled in yet than "do not translate"). Also says how many
        terms were new and how many changed."""
        incoming = {entry.source.lower(): entry for entry in other.entries}
        changed = 0
        entries: list[GlossaryEntry] = []
        for entry in self.entries:
            replacement = incoming.pop(entry.source.lower(), None)
            if replacement is None or (replacement.keep and not entry.keep):
                entries.append(entry)
                continue
            if replacement != entry:
                changed += 1
            entries.append(replacement)
        entries.extend(incoming.values())
        return Glossary(tuple(entries), self.source_language), len(incoming), changed

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["source", "target"])
        for entry in self.entries:
            writer.writerow([entry.source, entry.target])
        return out.getvalue()

    @classmethod
    def from_csv(cls, text: str) -> Glossary:
        """Parse a two-column glossary: comma-, semicolon- or tab-separated (as
        spreadsheets save them), with or without a ``source,target`` header line.
        Raises ValueError with the line."""
        body = text.lstrip("\ufeff")
        rows, delimiter = _rows(body)
        if not rows:
            return cls()
        first = 2 if _is_header(rows[0]) else 1
        entries: dict[str, GlossaryEntry] = {}
        for number, row in enumerate(rows[first - 1 :], start=first):
            if not row or not any(cell.strip() for cell in row):
                continue
            if len(row) > 2 and any(cell.strip() for cell in row[2:]):
                raise ValueError(
                    msg("Line {number}: expected two columns, source and target.", number=number)
                )
            source = row[0].strip()
            if not source:
                raise ValueError(msg("Line {number}: the source term is empty.", number=number))
            if len(row) == 1 and any(d in source for d in _DELIMITERS if d != delimiter):
                # "invoice;facture" among comma-separated lines: not a term to keep.
                raise ValueError(
                    msg(
                        "Line {number}: separate the term and its translation as on the "
                        "other lines (a term to keep as it is: end it with the separator).",
                        number=number,
                    )
                )
            entries[source.lower()] = GlossaryEntry(source, row[1].strip() if len(row) > 1 else "")
        return cls(tuple(entries.values()))


_HEADERS = (["source", "target"], ["term", "translation"])
# Tab, semicolon (spreadsheets in languages that write decimal commas), comma.
_DELIMITERS = ("\t", ";", ",")


def _rows(text: str) -> tuple[list[list[str]], str]:
    """A glossary file's rows, split by the separator that makes the most lines two
    filled columns (then: the most lines split at all, "Hearth," included; then tab,
    semicolon, comma), and that separator.

    Raises:
        ValueError: Two separators read the file equally well and differently (every
            line holds both), and no header line says which: a guess could import
            every term wrong.
    """
    readings: list[tuple[tuple[int, int], list[list[str]], str]] = []
    for delimiter in _DELIMITERS:
        try:
            rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        except csv.Error:  # a field beyond the csv module's limit
            raise ValueError(
                msg(
                    "The file has a field longer than {limit:,} characters.",
                    limit=csv.field_size_limit(),
                )
            ) from None
        filled = [len([c for c in row if c.strip()]) for row in rows]
        score = (filled.count(2), sum(1 for row in rows if len(row) >= 2))
        readings.append((score, rows, delimiter))
    best = max(readings, key=lambda reading: reading[0])  # the first of equals: tab, ;, ","
    rivals = [r for r in readings if r[0] == best[0] and r[1] != best[1] and best[0][0]]
    if rivals:
        headed = [r for r in (best, *rivals) if r[1] and _is_header(r[1][0])]
        if len(headed) != 1:
            raise ValueError(
                msg(
                    "Each line could be split at more than one separator: add a first "
                    "line source,target written with the separator the file uses."
                )
            )
        best = headed[0]
    return best[1], best[2]


def _is_header(row: list[str]) -> bool:
    return [cell.strip().lower() for cell in row][:2] in _HEADERS


def with_terms(text: str, entries: list[GlossaryEntry], language: str | None = None) -> str:
    """``text`` with each entry's source term replaced by its translation (where the
    glossary gives one): a retry after a missed term gets the term already in place,
    which a small model copies where it ignored the rule. One pass, longer terms first:
    a translation is never itself replaced. Where ``language``, the source's, is known, a
    term inflected as :meth:`Glossary.applicable` finds it ("kernels") is replaced too,
    by the translation as the glossary gives it (the model inflects it). Nothing inside a
    term kept as it is changes ("Debian kernels" kept: not "Debian noyau")."""
    # A kept term's span holds itself: nothing replaces any part of it. Terms are found
    # in the text with full-width letters read as the usual ones (the same length).
    folded = _folded(text)
    kept = [
        (m.start(), m.end(), text[m.start() : m.end()])
        for entry in entries
        if entry.keep and entry.source
        for m in _term_pattern(entry.source).finditer(folded)
    ]
    spans: list[tuple[int, int, str]] = list(kept)
    for entry in sorted(entries, key=lambda e: -len(e.source)):
        if entry.keep or not entry.source:
            continue
        for match in _source_pattern(entry.source, entry.target, language).finditer(folded):
            start, end = match.span()
            if all(end <= s or start >= e for s, e, _ in spans):
                target = entry.target
                found = match.group(0)
                if found.isupper() and len(found) > 1:
                    target = target.upper()  # "SERVER" → "SERVEUR"
                elif found[:1].isupper() and target[:1].islower():
                    target = target[:1].upper() + target[1:]  # "Server" → "Serveur"
                spans.append((start, end, target))
    for start, end, target in sorted(spans, reverse=True):
        text = text[:start] + target + text[end:]
    return text


_UNSPACED_RANGES = r"\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
_UNSPACED = re.compile(f"[{_UNSPACED_RANGES}]")
# A letter or digit that makes a term part of a longer word when it touches it: not one
# of the scripts above, nor Hangul, which write a term from another script right against
# their own letters ("使用Debian的", "Debian을").
_HANGUL_RANGES = r"\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
_WORD = rf"[^\W{_UNSPACED_RANGES}\uf900-\ufaff{_HANGUL_RANGES}]"
_VERSIONED = 4
_WORD_NOT_DIGIT = rf"[^\W\d{_UNSPACED_RANGES}\uf900-\ufaff{_HANGUL_RANGES}]"
_HANGUL = re.compile(f"[{_HANGUL_RANGES}]")
# Before a Korean term, any letter but Chinese, Japanese or Thai ones: a Korean word
# that holds the term inside it ("리소스" for "소스") is another word.
_BEFORE_HANGUL = rf"[^\W{_UNSPACED_RANGES}\uf900-\ufaff]"


def _occurs(term: str, text: str) -> bool:
    """Whether ``term`` is in ``text``, a text already _folded."""
    return bool(term) and _term_pattern(term).search(text) is not None


# Full-width Latin letters, digits and punctuation (U+FF01–U+FF5E), which Chinese,
# Japanese and Korean text often uses ("ＡＰＴ"), and the usual ones they stand for; and
# the hyphens and spaces that do not break a line ("Wi‑Fi", "machine learning").
_FULLWIDTH = {
    **{code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)},
    **dict.fromkeys((0x2010, 0x2011), ord("-")),
    **dict.fromkeys((0xA0, 0x202F), ord(" ")),
}


def _folded(text: str) -> str:
    """``text`` with full-width Latin letters, digits and punctuation, and hyphens and
    spaces that do not break a line, read as the usual ones: a term matches either
    ("ＡＰＴ" for *APT*, "Wi‑Fi" for *Wi-Fi*). One character for one, so that a
    match's place is the same in ``text``."""
    return text.translate(_FULLWIDTH)


# Languages that write compounds as one word ("Sicherheitskontext").
_COMPOUNDING = frozenset({"de", "nl", "sv", "da", "nb", "nn", "no", "fi", "is"})
_TOKENS = re.compile(r"[^\W_]+")  # letters and digits: "IPv6" is not "IPv4"
_COMPOUND_PART = 4  # letters at least, for a term found as a compound's first or last part


class _Stemmed:
    """A translation's words as the Snowball stemmer of its language gives them, made
    on the first term not found as written, once for all the terms checked."""

    def __init__(self, translation: str, language: str | None) -> None:
        self.translation = translation
        self.language = (language or "").split("-")[0].lower()
        self.algorithm = _stemmer_name(language)
        self.stemmer: Any = None
        self.words: list[str] = []
        self.stems: list[str] = []

    def _stem(self) -> None:
        import snowballstemmer

        self.stemmer = snowballstemmer.stemmer(self.algorithm)  # its own: it keeps state
        self.words = [w.lower() for w in _TOKENS.findall(self.translation)]
        self.stems = [self.stemmer.stemWord(w) for w in self.words]

    def has(self, term: str) -> bool:
        """Whether the translation has ``term`` inflected ("logiciels" for "logiciel",
        "users" for "user", not "tableau" for "table"), or, where compounds are one
        word, as a compound's first or last part ("Dateinamen" for "Datei",
        "Benutzerkonto" for "Konto")."""
        if self.algorithm is None or not term or _UNSPACED.match(term[0]):
            return False
        if self.stemmer is None:
            self._stem()
        words = [w.lower() for w in _TOKENS.findall(term)]
        wanted = [self.stemmer.stemWord(w) for w in words]
        n = len(wanted)
        stems = self.stems
        if n and any(stems[i : i + n] == wanted for i in range(len(stems) - n + 1)):
            return True
        # The term's plural as written, whose stem a stemmer may give apart (Snowball's
        # French has "noyal" for "noyaux", "noyau" for "noyau"). As written, not its stem:
        # stemmed, a made-up "commissions" is "comm", and "comme" would count.
        plurals = [
            [*words[:-1], words[-1] + ending]
            for ending in _SOURCE_ENDINGS.get(self.language, ())
            if n
            and ending.isalpha()
            and len(words[-1]) >= _INFLECTED_MIN
            and not (ending in ("s", "x") and words[-1].endswith(("s", "x", "z")))
        ]
        if any(self.words[i : i + n] in plurals for i in range(len(self.words) - n + 1)):
            return True
        whole = term.lower()
        return (
            self.language in _COMPOUNDING
            and n == 1
            and len(whole) >= _COMPOUND_PART
            and whole.isalpha()
            and any(w != whole and (w.startswith(whole) or w.endswith(whole)) for w in self.words)
        )


@functools.cache
def _stemmer_name(language: str | None) -> str | None:
    """The Snowball stemmer's name for a language code, or None."""
    if not language:
        return None
    import snowballstemmer

    from engine.translation.languages import LANGUAGES

    base = language.split("-")[0].lower()
    names = [lang.name.split(" (")[0].lower() for lang in LANGUAGES if lang.code.lower() == base]
    names += {"nb": ["norwegian"], "nn": ["norwegian"], "no": ["norwegian"]}.get(base, [])
    available = set(snowballstemmer.algorithms())
    for name in names:
        if name in available:
            return name
    return None


# The endings a source term may take and still be the term, by source language: plural
# and possessive endings only. A stemmer also joins derivations and homographs ("mean"
# and "meaning", Spanish "puerto" and "puerta"), which would put a wrong rule in the
# prompt and flag a right translation. The translation's language's endings (added as
# written, not stemmed) also let a plural count as the glossary's term (_Stemmed.has).
_SOURCE_ENDINGS: dict[str, tuple[str, ...]] = {
    "en": ("s", "'s", "’s", "s'", "s’"),  # "es" after s, x, z, ch, sh, o: _english_forms
    "fr": ("s", "x"),
    "es": ("s", "es"),
    "pt": ("s", "es"),
    "ca": ("s", "es"),
    "nl": ("s", "en", "'s"),
    "de": ("s", "es", "n", "en", "e", "er", "ern"),
    "sv": ("er", "ar", "or", "en", "et", "na", "s"),
    "da": ("er", "e", "en", "et", "ene", "s"),
    "no": ("er", "en", "et", "ene", "s"),
}
# Letters in the term's last word at least ("Rat" is not "Rate"; "new" not "news").
_INFLECTED_MIN = 4
_VOWELS = frozenset("aeiou")


@functools.lru_cache(maxsize=4096)
def _source_pattern(term: str, target: str, language: str | None) -> re.Pattern[str]:
    """How ``term`` is found in a source text of ``language``: as written (any case), or,
    for a term of words alone that the glossary translates (a term kept as it is, or
    given itself as translation, such as "Windows", is a name), also with one of the
    language's inflectional endings ("lighthouses", "lighthouse's")."""
    term = _folded(term)
    base = (language or "").split("-")[0].lower()
    endings = _SOURCE_ENDINGS.get(base, ())
    last = term.split()[-1] if term.split() else ""
    if (
        not endings
        or not target
        or target.casefold() == term.casefold()
        or not all(part.isalpha() for part in re.split(r"[\s-]+", term.strip()))
        or len(last) < (3 if base == "en" else _INFLECTED_MIN)
    ):
        return _term_pattern(term)
    forms = [re.escape(term)]
    if base == "en":
        forms += _english_forms(term, last)
    if base != "en" or len(last) >= _INFLECTED_MIN:
        alternatives = "|".join(re.escape(e) for e in sorted(endings, key=len, reverse=True))
        forms[0] += f"(?:{alternatives})?"
    return re.compile(rf"(?<!{_WORD})(?:" + "|".join(forms) + rf")(?!{_WORD})", re.I)


def _english_forms(term: str, last: str) -> list[str]:
    """English plurals that are not the term and an "s": "boxes", "churches", "heroes"
    (from three letters: "box"), "cities" for "city" (not "rates" for "rat")."""
    low = last.lower()
    if low.endswith(("s", "x", "z", "ch", "sh", "o")):
        return [re.escape(term) + "es(?:'|’)?"]
    if low.endswith("y") and len(low) > 1 and low[-2] not in _VOWELS:
        return [re.escape(term[:-1]) + "ies(?:'|’)?"]
    return []


@functools.lru_cache(maxsize=4096)
def _term_pattern(term: str) -> re.Pattern[str]:
    # Whole words, except in scripts written without spaces (Chinese, Japanese, Thai),
    # where a term sits between other letters, and at a Korean term's end, where a
    # particle follows it ("서버를"). A term in another script may touch theirs (_WORD).
    # A name of four letters or more that ends in a small letter may be followed by a
    # version number ("Debian12", "Python3"); an abbreviation may not ("MP" is not in
    # "MP3", "PM" not in "PM2.5"), nor a term that ends in a digit ("IPv4" in "IPv46").
    term = _folded(term)
    before = _BEFORE_HANGUL if _HANGUL.match(term[0]) else _WORD
    left = rf"(?<!{before})" if term[0].isalnum() and not _UNSPACED.match(term[0]) else ""
    versioned = len(term) >= _VERSIONED and term[-1].islower()
    after = _WORD_NOT_DIGIT if versioned else _WORD
    right = (
        rf"(?!{after})"
        if term[-1].isalnum() and not _UNSPACED.match(term[-1]) and not _HANGUL.match(term[-1])
        else ""
    )
    return re.compile(left + re.escape(term) + right, re.IGNORECASE)
