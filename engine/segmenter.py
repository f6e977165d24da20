"""Documents cut into segments to translate and the structure that must come back.

A document is a list of pieces: text to translate, and everything else kept verbatim
(Markdown markers, code blocks, SRT numbers and timecodes, HTML tags, blank lines).
Putting the translations back into the translatable pieces rebuilds the document; with
the source itself as the "translation" it rebuilds the original exactly.
"""

from __future__ import annotations

import re
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
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(f"{path.name} is not UTF-8 text.") from error
    document = parse_text(text, kind, max_chars)
    document.source_path = path
    return document


def parse_text(text: str, kind: Kind = "text", max_chars: int = DEFAULT_MAX_CHARS) -> Document:
    newline = "\r\n" if "\r\n" in text else "\n"
    text = text.replace("\r\n", "\n")
    parser = {"text": _plain, "markdown": _markdown, "srt": _srt, "html": _html}[kind]
    pieces = _merge(parser(text, max_chars))
    return Document(kind, pieces, newline)


def _merge(pieces: list[Piece]) -> list[Piece]:
    """Join neighbouring fixed pieces; drop empty ones."""
    merged: list[Piece] = []
    for piece in pieces:
        if not piece.text:
            continue
        if merged and not piece.translatable and not merged[-1].translatable:
            merged[-1] = Piece(merged[-1].text + piece.text, False)
        else:
            merged.append(piece)
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


def split_sentences(text: str, max_chars: int) -> list[Piece]:
    """Cut a long paragraph at sentence ends into groups that fit ``max_chars`` (a
    sentence longer than that stays whole: cutting mid-sentence would hurt more)."""
    if len(text) <= max_chars:
        return [Piece(text, True)]
    parts = _SENTENCE_END.split(text)  # sentence, space, sentence, space, …
    pieces: list[Piece] = []
    group = ""
    for i in range(0, len(parts), 2):
        sentence = parts[i]
        space = parts[i + 1] if i + 1 < len(parts) else ""
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


_HTML_TOKEN = re.compile(
    r"(<!--.*?-->|<!\[CDATA\[.*?\]\]>|<(script|style|pre|code|textarea)\b[^>]*>.*?</\2\s*>|<[^>]*>)",
    re.IGNORECASE | re.DOTALL,
)
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
    for match in _HTML_TOKEN.finditer(text):
        if match.start() > position:
            run.append(text[position : match.start()])
        token = match.group(0)
        if match.group(2) is None and _tag_name(token) in _INLINE_TAGS:
            run.append(token)
        else:
            flush()
            pieces.append(Piece(token, False))
        position = match.end()
    if position < len(text):
        run.append(text[position:])
    flush()
    return pieces


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
            _fill(paragraph, [item], text[start:end], before=None)
            position = end
            gap = []
        else:
            gap.append(item)
    _fill(paragraph, gap, text[position:], before=None)


def _find_link_text(text: str, link: str, start: int) -> tuple[int, int] | None:
    needle = link.strip()
    if not needle:
        return None
    match = re.compile(re.escape(needle), re.IGNORECASE).search(text, start)
    return match.span() if match else None


def _fill(paragraph: Any, items: list[Any], text: str, before: Any) -> None:
    """Put ``text`` in the first run holding text among ``items`` (hyperlinks included)
    and empty the other such runs; with no such run, add one (just before the hyperlink
    ``before``, or at the end of the paragraph)."""
    runs = [run for item in items for run in getattr(item, "runs", [item]) if run.text]
    if runs:
        runs[0].text = text
        for run in runs[1:]:
            run.text = ""
    elif text:
        run = paragraph.add_run(text)
        if before is not None:
            before._hyperlink.addprevious(run._r)


def max_segment_chars(n_ctx: int) -> int:
    """Characters per segment so that the instructions, the previous segment as
    context, the segment and its translation fit ``n_ctx`` tokens (about 3 characters
    a token; other scripts use more tokens, hence the margin), at most 1200."""
    return max(200, min(DEFAULT_MAX_CHARS, (n_ctx - 600) * 3 // 4))
