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
from pathlib import Path

from engine.common.messages import msg
from engine.translation.document import (
    DEFAULT_MAX_CHARS,
    SUFFIXES,
    Document,
    Kind,
    Piece,
    kind_for,
    merge_pieces,
    plain_text,
    split_sentences,
    text_block,
)
from engine.translation.docx_document import load_docx, write_docx

__all__ = [
    "DEFAULT_MAX_CHARS",
    "SUFFIXES",
    "Document",
    "Kind",
    "Piece",
    "html_tokens",
    "kind_for",
    "load_document",
    "max_segment_chars",
    "parse_text",
    "split_sentences",
    "write_docx",
]

_FENCE = re.compile(r"^(\s{0,3})(`{3,}|~{3,})")
_PREFIX = re.compile(r"^(\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+(?:\[[ xX]\]\s+)?|\d{1,9}[.)]\s+)+)")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_HR = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")


def load_document(path: Path, max_chars: int = DEFAULT_MAX_CHARS) -> Document:
    """Read and segment a file by its extension. Raises OSError or ValueError."""
    kind = kind_for(path)
    if kind == "docx":
        return load_docx(path, max_chars)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValueError(msg("{name} is not UTF-8 text.", name=path.name)) from error
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    document = parse_text(text[len(bom) :], kind, max_chars)
    # A byte order mark is kept, untranslated, so the rebuilt file is the same bytes.
    document.pieces = merge_pieces([Piece(bom, False), *document.pieces])
    document.source_path = path
    return document


def parse_text(text: str, kind: Kind = "text", max_chars: int = DEFAULT_MAX_CHARS) -> Document:
    # Line breaks are worked on as "\n" and written back as the document's own: CRLF only
    # when every line break is one, so a document that mixes both comes back unchanged.
    crlf = "\r\n" in text and text.count("\r\n") == text.count("\n")
    newline = "\r\n" if crlf else "\n"
    text = text.replace("\r\n", "\n") if crlf else text
    parser = {"text": plain_text, "markdown": _markdown, "srt": _srt, "html": _html}[kind]
    pieces = merge_pieces(parser(text, max_chars))
    return Document(kind, pieces, newline)


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
            pieces.extend(text_block("\n".join(paragraph), max_chars))
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
                pieces.extend([Piece(cell, False)] if cell == "|" else text_block(cell, max_chars))
        elif prefix:
            pieces.append(Piece(prefix.group(1), False))
            pieces.extend(text_block(line[len(prefix.group(1)) :], max_chars))
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
            pieces += text_block(block, max_chars)
            continue
        head = "\n".join(lines[: timecode + 1]) + ("\n" if timecode + 1 < len(lines) else "")
        pieces.append(Piece(head, False))
        body = "\n".join(lines[timecode + 1 :])
        pieces += text_block(body, 10**9)  # one subtitle stays one segment
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
            pieces.extend(text_block(joined, 10**9))
        else:
            pieces.append(Piece(joined, False))

    position = 0
    for start, end, raw in html_tokens(text):
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


def html_tokens(text: str) -> Iterator[tuple[int, int, bool]]:
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


def max_segment_chars(n_ctx: int) -> int:
    """Characters per segment so that the instructions, the previous segment as
    context, the segment and its translation fit ``n_ctx`` tokens (about 3 characters
    a token; other scripts use more tokens, hence the margin), at most 1200."""
    return max(200, min(DEFAULT_MAX_CHARS, (n_ctx - 600) * 3 // 4))
