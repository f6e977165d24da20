"""Word (.docx) documents: each paragraph (tables included) read as one block of
segments, and the translation written back keeping styles, hyperlinks and the first
run's formatting."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from engine.common.messages import msg
from engine.translation.document import Document, Piece, merge_pieces, text_block


def xml_element(item: Any) -> Any:
    """The XML element behind a python-docx paragraph, run or hyperlink."""
    from docx.text.hyperlink import Hyperlink
    from docx.text.paragraph import Paragraph

    # python-docx has no public accessor for the element of these proxies.
    if isinstance(item, Hyperlink):
        return item._hyperlink  # noqa: SLF001
    if isinstance(item, Paragraph):
        return item._p  # noqa: SLF001
    return item._r  # noqa: SLF001


def load_docx(path: Path, max_chars: int) -> Document:
    import docx

    try:
        word = docx.Document(str(path))
    except Exception as error:  # python-docx raises several types for a bad file
        raise ValueError(
            msg("{name} is not a readable .docx file: {reason}", name=path.name, reason=error)
        ) from error
    pieces: list[Piece] = []
    counts: list[int] = []
    for paragraph in docx_paragraphs(word):
        text = paragraph.text
        block = merge_pieces(text_block(text, max_chars)) if text.strip() else []
        counts.append(sum(1 for p in block if p.translatable))
        pieces.extend(block)
        pieces.append(Piece("\n", False))
    return Document("docx", merge_pieces(pieces), "\n", path, counts)


def docx_paragraphs(word: Any) -> list[Any]:
    # python-docx ships no type hints: its documents and paragraphs are Any here.
    paragraphs = list(word.paragraphs)
    for table in word.tables:
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
    for paragraph, count in zip(docx_paragraphs(word), document.docx_paragraphs, strict=True):
        if count == 0:
            continue
        parts = []
        text = paragraph.text
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
        xml_element(anchor).addprevious(xml_element(run))


def _write_runs(runs: list[Any], text: str) -> None:
    """``text`` into the first of ``runs`` that holds text, the others with text emptied."""
    with_text = [run for run in runs if run.text]
    if with_text:
        with_text[0].text = text
        for run in with_text[1:]:
            run.text = ""
