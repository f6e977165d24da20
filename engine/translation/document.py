"""A document as pieces (text to translate and everything kept verbatim), and the
cutting of a text block into segments: by sentence, then finer, within a size limit."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from engine.common.messages import msg

Kind = Literal["text", "markdown", "srt", "html", "docx"]

SUFFIXES: dict[str, Kind] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".srt": "srt",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
}
DEFAULT_MAX_CHARS = 1200


@dataclass(frozen=True)
class Piece:
    text: str
    translatable: bool


@dataclass
class Document:
    kind: Kind
    pieces: list[Piece]
    newline: str = "\n"
    source_path: Path | None = None
    # For .docx: how many segments each paragraph holds, in document order.
    docx_paragraphs: list[int] = field(default_factory=list)

    def segments(self) -> list[str]:
        return [p.text for p in self.pieces if p.translatable]

    def rebuild(self, translations: list[str | None]) -> str:
        """The document with each segment replaced (None keeps the source)."""
        out = []
        index = 0
        for piece in self.pieces:
            if piece.translatable:
                translated = translations[index] if index < len(translations) else None
                out.append(piece.text if translated is None else translated)
                index += 1
            else:
                out.append(piece.text)
        text = "".join(out)
        return text.replace("\n", self.newline) if self.newline != "\n" else text


def kind_for(path: Path) -> Kind:
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        known = ", ".join(sorted(SUFFIXES))
        raise ValueError(
            msg("{name}: Hearth translates {known} files.", name=path.name, known=known)
        )
    return kind


def merge_pieces(pieces: list[Piece]) -> list[Piece]:
    """Join neighbouring fixed pieces (joined once: adding to a growing string is
    quadratic on a page of 100,000 tags); drop empty ones."""
    merged: list[Piece] = []
    fixed: list[str] = []
    for piece in pieces:
        if piece.translatable and piece.text:
            if fixed:
                merged.append(Piece("".join(fixed), False))
                fixed.clear()
            merged.append(piece)
        elif piece.text:
            fixed.append(piece.text)
    if fixed:
        merged.append(Piece("".join(fixed), False))
    return merged


def text_block(text: str, max_chars: int) -> list[Piece]:
    """Leading/trailing whitespace kept; the core translated, in sentence groups of at
    most ``max_chars`` when it is longer."""
    core = text.strip()
    if not core:
        return [Piece(text, False)]
    start = text.index(core[0])
    pieces = [Piece(text[:start], False)]
    pieces += split_sentences(core, max_chars)
    pieces.append(Piece(text[start + len(core) :], False))
    return pieces


_SENTENCE_END = re.compile(r"(?<=[.!?。！？…])(\s+)")


# Where a sentence too long for the model is cut: after a clause mark, else at a space.
_FINER_CUTS = (re.compile(r"(?<=[,;:，；：、—])(\s+)"), re.compile(r"(\s+)"))


# How much of the starter model's context a character takes, in thirds of a token (its
# tokenizer, SmolLM2's, is the least thrifty Hearth ships; measured on everyday
# sentences): English about 0.22 tokens a character, Russian 0.89 and Arabic 0.93 (3),
# Hindi 1.18 (4), Chinese 1.74, Japanese 1.76, Thai 1.85 and Korean 2.0 (6), an emoji
# 3.0 (9). A digit is a token of its own (3).
# Emoji and the like: characters beyond the first 65,536 (most emoji, mathematical
# letters) and the symbol blocks emoji come from below them (⌚, ☕, ★, ✔, ⭐), with the
# joiner and the variation selector that build emoji sequences.
_EMOJI_LIKE = re.compile(
    "[\U00010000-\U0010ffff\u2300-\u23ff\u2600-\u27bf\u2b00-\u2bff\u200d\ufe0f]"
)
_SCRIPT_WEIGHTS = (
    # Latin letters beyond Western Europe's (ł, ŋ, ɛ), Greek, Cyrillic, Armenian, Hebrew,
    # Arabic and the other scripts written in two bytes.
    (re.compile("[\u0100-\u02ff\u0370-\u08ff]"), 3),
    # The scripts of India and Sri Lanka.
    (re.compile("[\u0900-\u0dff]"), 4),
    # Thai and the scripts after it below the symbols (Latin and Greek with stacked
    # accents among them), Chinese, Japanese, Korean and full-width forms.
    (re.compile("[\u0e00-\u1fff\u3000-\ud7ff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]"), 6),
    (_EMOJI_LIKE, 9),
)
_HEAVY = re.compile("[0-9]|" + "|".join(pattern.pattern for pattern, _ in _SCRIPT_WEIGHTS))
_WITHOUT_DIGITS = str.maketrans("", "", "0123456789")


def _count(pattern: re.Pattern[str], text: str) -> int:
    if pattern.search(text) is None:
        return 0
    return len(text) - len(pattern.sub("", text))


def emoji_like(text: str) -> int:
    """How many characters of ``text`` are emoji or the like (_EMOJI_LIKE): the starter
    model reads each in three tokens, its bytes."""
    return _count(_EMOJI_LIKE, text)


def weight(text: str) -> int:
    """How much of a segment's budget ``text`` takes, in thirds of a token: a character
    of English each (a model reads about three letters a token), a digit three (each
    digit is a token of its own: a line of 1,200 digits did not fit a 4,096-token
    context), a character of another script as the starter model reads it
    (_SCRIPT_WEIGHTS: a paragraph of 1,079 Korean letters did not fit its 2,048-token
    context), an emoji nine."""
    if _HEAVY.search(text) is None:
        return len(text)
    total = len(text) + 2 * (len(text) - len(text.translate(_WITHOUT_DIGITS)))
    for pattern, heavy in _SCRIPT_WEIGHTS:
        total += (heavy - 1) * _count(pattern, text)
    return total


def _units(text: str, max_chars: int, cuts: tuple[re.Pattern[str], ...]) -> list[str]:
    """``text`` as alternating pieces and the spaces between them (as ``re.split`` with
    one group gives), every piece at most ``max_chars`` (by weight) where the cuts allow."""
    if weight(text) <= max_chars:
        return [text]
    if not cuts:
        # No space at all (Chinese or Japanese without punctuation, a long token):
        # a hard cut, with empty "spaces" between the parts.
        parts: list[str] = []
        start = 0
        while start < len(text):
            size = max_chars
            # Shorter where digits weigh more (a few passes over at most max_chars).
            while size > 1 and (heavy := weight(text[start : start + size])) > max_chars:
                size = max(1, size * max_chars // heavy)
            if parts:
                parts.append("")
            parts.append(text[start : start + size])
            start += size
        return parts
    split = cuts[0].split(text)
    units: list[str] = []
    for i in range(0, len(split), 2):
        if units:
            units.append(split[i - 1])
        units += _units(split[i], max_chars, cuts[1:])
    return units


def split_sentences(text: str, max_chars: int) -> list[Piece]:
    """Cut a long paragraph at sentence ends into groups that fit ``max_chars``; a
    sentence longer than that is cut after a clause mark, else at a space, so that no
    segment is too long for the model's context (lengths by ``weight``)."""
    if weight(text) <= max_chars:
        return [Piece(text, True)]
    parts = _SENTENCE_END.split(text)  # sentence, space, sentence, space, …
    units: list[str] = []
    for i in range(0, len(parts), 2):
        if units:
            units.append(parts[i - 1])
        units += _units(parts[i], max_chars, _FINER_CUTS)
    pieces: list[Piece] = []
    group = ""
    group_weight = 0
    for i in range(0, len(units), 2):
        sentence = units[i]
        space = units[i + 1] if i + 1 < len(units) else ""
        if group and group_weight + weight(sentence) > max_chars:
            pieces.append(Piece(group.rstrip(), True))
            pieces.append(Piece(group[len(group.rstrip()) :], False))
            group, group_weight = "", 0
        group += sentence + space
        group_weight += weight(sentence) + len(space)
    if group:
        pieces.append(Piece(group.rstrip(), True))
        pieces.append(Piece(group[len(group.rstrip()) :], False))
    return pieces


def plain_text(text: str, max_chars: int) -> list[Piece]:
    pieces: list[Piece] = []
    for block in re.split(r"(\n\s*\n)", text):
        if re.fullmatch(r"\n\s*\n", block):
            pieces.append(Piece(block, False))
        else:
            pieces += text_block(block, max_chars)
    return pieces
