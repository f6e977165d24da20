"""Documents cut into segments to translate and the structure that must come back.

A document is a list of pieces: text to translate, and everything else kept verbatim
(Markdown markers, code blocks, SRT numbers and timecodes, HTML tags, blank lines).
Putting the translations back into the translatable pieces rebuilds the document; with
the source itself as the "translation" it rebuilds the original exactly.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

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
        raise ValueError(f"{path.name}: Hearth translates {known} files.")
    return kind


def load_document(path: Path, max_chars: int = DEFAULT_MAX_CHARS) -> Document:
    """Read and segment a file by its extension. Raises OSError or ValueError."""
    kind = kind_for(path)
    if kind == "docx":
        return _load_docx(path, max_chars)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValueError(f"{path.name} is not UTF-8 text.") from error
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    document = parse_text(text[len(bom) :], kind, max_chars)
    # A byte order mark is kept, untranslated, so the rebuilt file is the same bytes.
    document.pieces = _merge([Piece(bom, False), *document.pieces])
    document.source_path = path
    return document


def parse_text(text: str, kind: Kind = "text", max_chars: int = DEFAULT_MAX_CHARS) -> Document:
    # Line breaks are worked on as "\n" and written back as the document's own: CRLF only
    # when every line break is one, so a document that mixes both comes back unchanged.
    crlf = "\r\n" in text and text.count("\r\n") == text.count("\n")
    newline = "\r\n" if crlf else "\n"
    text = text.replace("\r\n", "\n") if crlf else text
    parser = {"text": _plain, "markdown": _markdown, "srt": _srt, "html": _html}[kind]
    pieces = _merge(parser(text, max_chars))
    return Document(kind, pieces, newline)


def _merge(pieces: list[Piece]) -> list[Piece]:
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


def _text_block(text: str, max_chars: int) -> list[Piece]:
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


def _units(text: str, max_chars: int, cuts: tuple[re.Pattern[str], ...]) -> list[str]:
    """``text`` as alternating pieces and the spaces between them (as ``re.split`` with
    one group gives), every piece at most ``max_chars`` where the cuts allow."""
    if len(text) <= max_chars:
        return [text]
    if not cuts:
        # No space at all (Chinese or Japanese without punctuation, a long token):
        # a hard cut, with empty "spaces" between the parts.
        parts: list[str] = []
        for start in range(0, len(text), max_chars):
            if parts:
                parts.append("")
            parts.append(text[start : start + max_chars])
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
    segment is too long for the model's context."""
    if len(text) <= max_chars:
        return [Piece(text, True)]
    parts = _SENTENCE_END.split(text)  # sentence, space, sentence, space, …
    units: list[str] = []
    for i in range(0, len(parts), 2):
        if units:
            units.append(parts[i - 1])
        units += _units(parts[i], max_chars, _FINER_CUTS)
    pieces: list[Piece] = []
    group = ""
    for i in range(0, len(units), 2):
        sentence = units[i]
        space = units[i + 1] if i + 1 < len(units) else ""
        if group and len(group) + len(sentence) > max_chars:
            pieces.append(Piece(group.rstrip(), True))
            pieces.append(Piece(group[len(group.rstrip()) :], False))
            group = ""
        group += sentence + space
    if group:
        pieces.append(Piece(group.rstrip(), True))
        pieces.append(Piece(group[len(group.rstrip()) :], False))
    return pieces


def _plain(text: str, max_chars: int) -> list[Piece]:
    pieces: list[Piece] = []
    for block in re.split(r"(\n\s*\n)", text):
        if re.fullmatch(r"\n\s*\n", block):
            pieces.append(Piece(block, False))
        else:
            pieces += _text_block(block, max_chars)
    return pieces


_FENCE = re.compile(r"^(\s{0,3})(`{3,}|~{3,})")
_PREFIX = re.compile(r"^(\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+(?:\[[ xX]\]\s+)?|\d{1,9}[.)]\s+)+)")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_HR = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")


def _markdown(text: str, max_chars: int) -> list[Piece]:
    """Line by line: fenced and indented code, rules, HTML lines and front matter are
    kept; heading, list and quote markers are kept and their text translated; table
    cells are translated one by one; consecutive plain lines form one paragraph."""
    lines = text.split("\n")
    last = len(lines) - 1
    pieces: list[Piece] = []
    paragraph: list[str] = []
    paragraph_end = 0
    fence: str | None = None
    previous_blank = True

    def end_of(i: int) -> Piece:
        return Piece("\n" if i < last else "", False)

    def flush() -> None:
        if paragraph:
            pieces.extend(_text_block("\n".join(paragraph), max_chars))
            pieces.append(end_of(paragraph_end))
            paragraph.clear()

    front_end = lines.index("---", 1) if lines[:1] == ["---"] and "---" in lines[1:] else -1
    for i, line in enumerate(lines):
        if i <= front_end or fence is not None:
            pieces += [Piece(line, False), end_of(i)]
            if fence is not None and line.strip().startswith(fence):
                fence = None
            continue
        match = _FENCE.match(line)
        blank = not line.strip()
        indented_code = previous_blank and not paragraph and line.startswith(("    ", "\t"))
        stripped = line.lstrip()
        prefix = _PREFIX.match(line)
        plain = not (
            match
            or blank
            or indented_code
            or _HR.match(line)
            or _TABLE_RULE.match(line)
            or stripped.startswith(("<", "|"))
            or prefix
        )
        if plain:
            paragraph.append(line)
            paragraph_end = i
            previous_blank = False
            continue
        flush()
        if match:
            fence = match.group(2)[0] * 3
            pieces.append(Piece(line, False))
        elif blank or indented_code or _HR.match(line) or _TABLE_RULE.match(line):
            pieces.append(Piece(line, False))
        elif stripped.startswith("<"):
            pieces.extend(_html(line, max_chars))
        elif stripped.startswith("|"):
            for cell in re.split(r"(\|)", line):
                pieces.extend([Piece(cell, False)] if cell == "|" else _text_block(cell, max_chars))
        elif prefix:
            pieces.append(Piece(prefix.group(1), False))
            pieces.extend(_text_block(line[len(prefix.group(1)) :], max_chars))
        pieces.append(end_of(i))
        previous_blank = blank
    flush()
    return pieces


def _srt(text: str, max_chars: int) -> list[Piece]:
    pieces: list[Piece] = []
    for block in re.split(r"(\n\s*\n)", text):
        if not block.strip() or re.fullmatch(r"\n\s*\n", block):
            pieces.append(Piece(block, False))
            continue
        lines = block.split("\n")
        timecode = next((i for i, line in enumerate(lines[:3]) if "-->" in line), None)
        if timecode is None:
            pieces += _text_block(block, max_chars)
            continue
        head = "\n".join(lines[: timecode + 1]) + ("\n" if timecode + 1 < len(lines) else "")
        pieces.append(Piece(head, False))
        body = "\n".join(lines[timecode + 1 :])
        pieces += _text_block(body, 10**9)  # one subtitle stays one segment
    return pieces


_RAW_OPEN = re.compile(r"<(script|style|pre|code|textarea)\b", re.IGNORECASE)
_INLINE_TAGS = {
    "a", "abbr", "b", "bdi", "bdo", "cite", "dfn", "em", "i", "kbd", "mark", "q", "s",
    "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "font", "wbr",
}  # fmt: skip


def _tag_name(token: str) -> str:
    match = re.match(r"</?\s*([A-Za-z][A-Za-z0-9-]*)", token)
    return match.group(1).lower() if match else ""


def _html(text: str, max_chars: int) -> list[Piece]:
    """Block tags, comments, scripts, styles and code are kept; a run of text with its
    inline tags (``<b>``, ``<a href>``…) is one segment, so a sentence stays whole."""
    pieces: list[Piece] = []
    run: list[str] = []

    def flush() -> None:
        if not run:
            return
        joined = "".join(run)
        run.clear()
        if re.sub(r"<[^>]*>", "", joined).strip():
            pieces.extend(_text_block(joined, 10**9))
        else:
            pieces.append(Piece(joined, False))

    position = 0
    for start, end, raw in _html_tokens(text):
        if start > position:
            run.append(text[position:start])
        token = text[start:end]
        if not raw and _tag_name(token) in _INLINE_TAGS:
            run.append(token)
        else:
            flush()
            pieces.append(Piece(token, False))
        position = end
    if position < len(text):
        run.append(text[position:])
    flush()
    return pieces


def _html_tokens(text: str) -> Iterator[tuple[int, int, bool]]:
    """The markup in ``text``: (start, end, whether it is a whole script/style/pre/code/
    textarea block) for each comment, CDATA section, such block and tag, in order.

    One pass: a search for a closer is reused while what it found lies ahead, and one
    that found nothing is not repeated. (A regex tried at every ``<`` rescans the rest of
    the document for each unclosed one: quadratic, minutes for a page of them.)
    """
    missing: set[str] = set()
    ahead: dict[str, tuple[int, int]] = {}

    def find(closer: str, start: int) -> tuple[int, int] | None:
        """Where the first ``closer`` at or after ``start`` is (``</pre`` also matches
        ``</PRE >``)."""
        if closer in missing:
            return None
        span = ahead.get(closer)
        if span is None or span[0] < start:
            match = _closer(closer).search(text, start)
            if match is None:
                missing.add(closer)
                return None
            span = ahead[closer] = match.span()
        return span

    position = 0
    next_gt = -2  # the first ">" at or after the last "<" seen; -2: not looked for yet
    while (lt := text.find("<", position)) >= 0:
        for opener, closer in (("<!--", "-->"), ("<![CDATA[", "]]>")):
            if text.startswith(opener, lt) and (span := find(closer, lt + len(opener))):
                break
        else:
            span = None
        if span is not None:
            yield lt, span[1], False
            position = span[1]
            continue
        if next_gt != -1 and next_gt < lt:
            next_gt = text.find(">", lt)
        if next_gt < 0:
            return  # no ">" after this point: the rest is text
        raw = _RAW_OPEN.match(text, lt)
        span = find("</" + raw.group(1).lower(), next_gt + 1) if raw else None
        if span is not None:
            yield lt, span[1], True
            position = span[1]
        else:
            yield lt, next_gt + 1, False
            position = next_gt + 1


@functools.cache
def _closer(closer: str) -> re.Pattern[str]:
    if closer.startswith("</"):
        return re.compile(re.escape(closer) + r"\s*>", re.IGNORECASE)
    return re.compile(re.escape(closer))


def _load_docx(path: Path, max_chars: int) -> Document:
    import docx

    try:
        word = docx.Document(str(path))
    except Exception as error:  # python-docx raises several types for a bad file
        raise ValueError(f"{path.name} is not a readable .docx file: {error}") from error
    pieces: list[Piece] = []
    counts: list[int] = []
    for paragraph in _docx_paragraphs(word):
        text = paragraph.text  # type: ignore[attr-defined]
        block = _merge(_text_block(text, max_chars)) if text.strip() else []
        counts.append(sum(1 for p in block if p.translatable))
        pieces.extend(block)
        pieces.append(Piece("\n", False))
    return Document("docx", _merge(pieces), "\n", path, counts)


def _docx_paragraphs(word: object) -> list[object]:
    paragraphs = list(word.paragraphs)  # type: ignore[attr-defined]
    for table in word.tables:  # type: ignore[attr-defined]
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    return paragraphs


def write_docx(document: Document, translations: list[str | None], out: Path) -> None:
    """Write the translated .docx: each paragraph keeps its style, its hyperlinks and its
    first run's formatting (mixed formatting inside one paragraph becomes the first
    run's)."""
    import docx

    if document.source_path is None:
        raise ValueError("the .docx source is needed to write its translation")
    word = docx.Document(str(document.source_path))
    sources = document.segments()
    index = 0
    for paragraph, count in zip(_docx_paragraphs(word), document.docx_paragraphs, strict=True):
        if count == 0:
            continue
        parts = []
        text = paragraph.text  # type: ignore[attr-defined]
        for offset in range(count):
            translated = translations[index + offset]
            parts.append(sources[index + offset] if translated is None else translated)
        rebuilt = _rebuild_paragraph(text, sources[index : index + count], parts)
        index += count
        _set_paragraph_text(paragraph, rebuilt)
    word.save(str(out))


def _rebuild_paragraph(text: str, sources: list[str], targets: list[str]) -> str:
    """``text`` with each source segment replaced, in order: a search from where the last
    segment ended, so a translation that contains a later segment's source text is never
    replaced again."""
    out = []
    position = 0
    for source, target in zip(sources, targets, strict=True):
        start = text.find(source, position)
        if start < 0:  # not in this paragraph (cannot happen for its own segments)
            continue
        out += [text[position:start], target]
        position = start + len(source)
    out.append(text[position:])
    return "".join(out)


def _set_paragraph_text(paragraph: Any, text: str) -> None:
    """Write ``text`` over a paragraph's runs and hyperlinks.

    ``paragraph.text`` includes the text inside hyperlinks but ``paragraph.runs`` does not
    hold their runs, so the content is walked with ``iter_inner_content()``. A hyperlink
    whose text is found again in ``text`` (a name, a URL, the same words in another case)
    keeps that part, still linked; the text between hyperlinks goes into the first run
    that had text there. A hyperlink whose text is gone is emptied, so no word is written
    twice. Runs without text (pictures, fields, bookmarks) are left as they are.
    """
    from docx.text.hyperlink import Hyperlink

    items = list(paragraph.iter_inner_content())
    found: dict[int, tuple[int, int]] = {}
    cursor = 0
    for number, item in enumerate(items):
        if isinstance(item, Hyperlink):
            span = _find_link_text(text, item.text, cursor)
            if span is not None:
                found[number] = span
                cursor = span[1]
    position = 0
    gap: list[Any] = []
    for number, item in enumerate(items):
        if number in found:
            start, end = found[number]
            _fill(paragraph, gap, text[position:start], before=item)
            _write_runs(item.runs, text[start:end])
            position = end
            gap = []
        else:
            gap.append(item)
    _fill(paragraph, gap, text[position:], before=None)


def _find_link_text(text: str, link: str, start: int) -> tuple[int, int] | None:
    """Where the hyperlink's text is in ``text`` (any case), with its spaces if they are
    still there."""
    if not link.strip():
        return None
    for needle in dict.fromkeys((link, link.strip())):
        match = re.compile(re.escape(needle), re.IGNORECASE).search(text, start)
        if match:
            return match.span()
    return None


def _fill(paragraph: Any, items: list[Any], text: str, before: Any) -> None:
    """Put ``text`` in the first run with text among ``items``; empty the other runs with
    text, those of hyperlinks whose text is gone included. With no such run, add one where
    ``items`` start (or just before the hyperlink ``before``, or at the end)."""
    from docx.text.hyperlink import Hyperlink

    runs = [item for item in items if not isinstance(item, Hyperlink) and item.text]
    _write_runs(runs, text)
    for link in (item for item in items if isinstance(item, Hyperlink)):
        _write_runs(link.runs, "")
    if runs or not text:
        return
    run = paragraph.add_run(text)
    anchor = items[0] if items else before
    if anchor is not None:
        element = anchor._hyperlink if isinstance(anchor, Hyperlink) else anchor._r
        element.addprevious(run._r)


def _write_runs(runs: list[Any], text: str) -> None:
    """``text`` into the first of ``runs`` that holds text, the others with text emptied."""
    with_text = [run for run in runs if run.text]
    if with_text:
        with_text[0].text = text
        for run in with_text[1:]:
            run.text = ""


def max_segment_chars(n_ctx: int) -> int:
    """Characters per segment so that the instructions, the previous segment as
    context, the segment and its translation fit ``n_ctx`` tokens (about 3 characters
    a token; other scripts use more tokens, hence the margin), at most 1200."""
    return max(200, min(DEFAULT_MAX_CHARS, (n_ctx - 600) * 3 // 4))
