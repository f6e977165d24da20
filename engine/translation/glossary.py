"""Term pairs a translation must respect, and do-not-translate terms.

CSV with the header ``source,target``; an empty target means "keep the term as it is".
Every segment's prompt lists the entries that occur in it; afterwards a segment whose
translation lacks an expected term is flagged.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

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

    def applicable(self, text: str) -> list[GlossaryEntry]:
        """Entries whose source term occurs in ``text`` (whole words, any case)."""
        return [entry for entry in self.entries if _occurs(entry.source, text)]

    def check(self, source: str, translation: str) -> list[str]:
        """Why the translation does not honour the glossary (empty when it does)."""
        problems = []
        for entry in self.applicable(source):
            if not _appears(entry.expected, translation):
                if entry.keep:
                    problems.append(f"“{entry.source}” should stay untranslated")
                else:
                    problems.append(f"“{entry.source}” should be “{entry.target}”")
        return problems

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["source", "target"])
        for entry in self.entries:
            writer.writerow([entry.source, entry.target])
        return out.getvalue()

    @classmethod
    def from_csv(cls, text: str) -> Glossary:
        """Parse CSV with a ``source,target`` header. Raises ValueError with the line."""
        reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
        rows = list(reader)
        if not rows:
            return cls()
        header = [cell.strip().lower() for cell in rows[0]]
        if header[:2] != ["source", "target"]:
            raise ValueError(msg("A glossary CSV starts with the header line: source,target"))
        entries: dict[str, GlossaryEntry] = {}
        for number, row in enumerate(rows[1:], start=2):
            if not row or not any(cell.strip() for cell in row):
                continue
            if len(row) > 2 and any(cell.strip() for cell in row[2:]):
                raise ValueError(
                    msg("Line {number}: expected two columns, source and target.", number=number)
                )
            source = row[0].strip()
            if not source:
                raise ValueError(msg("Line {number}: the source term is empty.", number=number))
            entries[source.lower()] = GlossaryEntry(source, row[1].strip() if len(row) > 1 else "")
        return cls(tuple(entries.values()))


def with_terms(text: str, entries: list[GlossaryEntry]) -> str:
    """``text`` with each entry's source term replaced by its translation (where the
    glossary gives one): a retry after a missed term gets the term already in place,
    which a small model copies where it ignored the rule. One pass, longer terms first:
    a translation is never itself replaced."""
    spans: list[tuple[int, int, str]] = []
    for entry in sorted(entries, key=lambda e: -len(e.source)):
        if entry.keep or not entry.source:
            continue
        for match in _term_pattern(entry.source).finditer(text):
            start, end = match.span()
            if all(end <= s or start >= e for s, e, _ in spans):
                spans.append((start, end, entry.target))
    for start, end, target in sorted(spans, reverse=True):
        text = text[:start] + target + text[end:]
    return text


_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


def _occurs(term: str, text: str) -> bool:
    return bool(term) and _term_pattern(term).search(text) is not None


def _appears(term: str, translation: str) -> bool:
    """Whether a translation uses ``term``, inflected or in a compound: a term of five
    letters or more anywhere in a word ("Sicherheit" in "Sicherheitskontext",
    "logiciel" in "logiciels"), a shorter one as a word or with up to two more letters
    ("user" in "users", "red" in "redes", not in "reduce")."""
    if not term:
        return False
    if _UNSPACED.match(term[0]) or not term[-1].isalnum() or len(term) >= 5:
        return _occurs(term, translation) or (
            term[-1].isalnum() and term.casefold() in translation.casefold()
        )
    left = r"(?<!\w)" if term[0].isalnum() else ""
    suffix = r"[^\W\d_]{0,2}(?!\w)"
    return re.search(left + re.escape(term) + suffix, translation, re.IGNORECASE) is not None


def _term_pattern(term: str) -> re.Pattern[str]:
    # Whole words, except in scripts written without spaces (Chinese, Japanese, Thai),
    # where a term sits between other letters.
    left = r"(?<!\w)" if term[0].isalnum() and not _UNSPACED.match(term[0]) else ""
    right = r"(?!\w)" if term[-1].isalnum() and not _UNSPACED.match(term[-1]) else ""
    return re.compile(left + re.escape(term) + right, re.IGNORECASE)
