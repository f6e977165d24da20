"""Segmenting a document and putting the same text back gives the input back byte for
byte, whatever the document: Markdown, SRT, HTML, plain text or .docx."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.translation.segmenter import Kind, html_tokens, load_document, parse_text, write_docx
from tests.property import share_of_examples

pytestmark = pytest.mark.property

# Fragments of the syntax each parser looks for, mixed with words, sentence ends and odd
# whitespace, so that generated documents hit the parsers' branches and not only plain
# text.
_FRAGMENTS = st.sampled_from(
    [
        "\n", "\r\n", "\r", "\n\n", " ", "  ", "\t", "    ", "\u00a0", "\u2028", "\x85",
        "\x1c", "\ufeff", "\x00",
        "# ", "### ", "> ", "- ", "* ", "+ ", "1. ", "2) ", "- [ ] ", "- [x] ", "```", "```py",
        "~~~", "---", "***", "___", "|", " | ", "|---|---|", ":---:", "`code`",
        "[link](https://example.com)", "![alt](/etc/passwd)",
        "<", ">", "</", "<p>", "</p>", "<b>", "</b>", "<a href='/x'>", "</a>", "<br/>",
        "<!--", "-->", "<script>", "</script>", "<pre>", "</pre>", "<code>", "<![CDATA[",
        "]]>", "<!DOCTYPE html>", "&amp;", "&#x41;",
        "1", "12", "00:00:01,000 --> 00:00:02,500", "-->",
        "Hello", "world", "Ünïcödé", "日本語", "مرحبا", "😀",
        ".", "!", "?", "。", "…", ". ", "! ",
    ]
)  # fmt: skip
_DOCUMENTS = st.one_of(
    st.text(),
    st.lists(st.one_of(_FRAGMENTS, st.text(max_size=4)), max_size=80).map("".join),
)
_KINDS = st.sampled_from(["text", "markdown", "srt", "html"])


@share_of_examples(0.5)
@given(text=_DOCUMENTS, kind=_KINDS, max_chars=st.integers(1, 300))
def test_identity_translation_rebuilds_the_text(text: str, kind: Kind, max_chars: int) -> None:
    document = parse_text(text, kind, max_chars)
    assert document.rebuild(document.segments()) == text
    assert document.rebuild([None] * len(document.segments())) == text
    assert all(segment.strip() for segment in document.segments())


@share_of_examples(0.2)
@given(text=_DOCUMENTS, kind=_KINDS, bom=st.booleans())
def test_identity_translation_rebuilds_the_file_bytes(text: str, kind: Kind, bom: bool) -> None:
    raw = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    suffix = {"text": ".txt", "markdown": ".md", "srt": ".srt", "html": ".html"}[kind]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"doc{suffix}"
        path.write_bytes(raw)
        document = load_document(path)
    # The app and the CLI write the result as UTF-8 with newline="".
    assert document.rebuild(document.segments()).encode("utf-8") == raw


_WORDS = st.lists(
    st.sampled_from(["Read", "the", "user", "guide", "Hearth", "now", ".", " ", "  ", "\t"]),
    min_size=1,
    max_size=6,
).map("".join)


@share_of_examples(0.04)
@given(
    paragraphs=st.lists(
        st.lists(st.tuples(st.booleans(), _WORDS), min_size=1, max_size=5), min_size=1, max_size=4
    ),
    upper=st.booleans(),
)
def test_docx_with_hyperlinks_keeps_text_and_links(
    paragraphs: list[list[tuple[bool, str]]], upper: bool
) -> None:
    """Each paragraph is runs and hyperlinks; an identity (or upper-case) translation gives
    the same paragraph texts (upper-cased), with every hyperlink whose text is found."""
    import docx

    from tests.engine.test_parsers_hardening import _add_hyperlink

    word = docx.Document()
    for items in paragraphs:
        paragraph = word.add_paragraph()
        for is_link, text in items:
            if is_link:
                _add_hyperlink(paragraph, text, "https://example.com/")
            else:
                paragraph.add_run(text)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.docx"
        word.save(str(source))
        document = load_document(source)
        change = str.upper if upper else str
        out = Path(folder) / "out.docx"
        write_docx(document, [change(s) for s in document.segments()], out)
        before = docx.Document(str(source)).paragraphs
        after = docx.Document(str(out)).paragraphs
    assert [p.text for p in after] == [change(p.text) if p.text.strip() else p.text for p in before]
    if not upper:
        for old, new in zip(before, after, strict=True):
            if old.text.strip():
                kept = [link.text for link in old.hyperlinks if link.text.strip()]
                assert [link.text for link in new.hyperlinks if link.text.strip()] == kept


# The tokenizer the HTML parser used before it became a single pass: the reference for
# what counts as markup (it is quadratic on unclosed tags, fine for short inputs).
_REFERENCE_TOKEN = re.compile(
    r"(<!--.*?-->|<!\[CDATA\[.*?\]\]>|<(script|style|pre|code|textarea)\b[^>]*>.*?</\2\s*>|<[^>]*>)",
    re.IGNORECASE | re.DOTALL,
)
_HTML_FRAGMENTS = st.sampled_from(
    ["<", ">", "<!--", "-->", "<![CDATA[", "]]>", "<pre>", "</pre>", "</PRE >", "<script a=1>",
     "</script>", "<style>", "</style\n>", "<code>", "</code>", "<textarea>", "</textarea>",
     "<preview>", "<b>", "</b>", "<p>", "x", " ", "\n", "-", "]"]
)  # fmt: skip


@given(st.lists(_HTML_FRAGMENTS, max_size=40).map("".join))
def test_html_tokens_match_the_reference_regex(text: str) -> None:
    expected = [
        (m.start(), m.end(), m.group(2) is not None) for m in _REFERENCE_TOKEN.finditer(text)
    ]
    assert list(html_tokens(text)) == expected
