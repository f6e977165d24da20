"""Regression tests for the parsers of untrusted input: hub names, GGUF headers, TMX
files and documents. Each case is one a review or a property test (tests/property/)
found; the property tests keep searching for more."""

from __future__ import annotations

import struct
import tracemalloc
from pathlib import Path

import pytest

from engine.common.errors import HearthError, InvalidModelFileError, UnsafeNameError
from engine.hub.hub_names import SPLIT_FILE, check_file_name, check_repo_id, quantization_of
from engine.llm.gguf_metadata import read_gguf_metadata
from engine.translation.docx_document import xml_element
from engine.translation.languages import language
from engine.translation.memory import TranslationMemory
from engine.translation.segmenter import (
    Kind,
    load_document,
    parse_text,
    split_sentences,
    write_docx,
)

# -- hub names -----------------------------------------------------------------------------


@pytest.mark.parametrize("repo_id", ["org/model\n", "org\n/model", "org/model\r\n"])
def test_repo_id_with_a_line_break_is_refused(repo_id: str) -> None:
    with pytest.raises(UnsafeNameError):
        check_repo_id(repo_id)


@pytest.mark.parametrize("file_name", ["dir\n/model.gguf", "sub\n/model-Q4_K_M.gguf"])
def test_file_name_with_a_line_break_is_refused(file_name: str) -> None:
    with pytest.raises(UnsafeNameError):
        check_file_name(file_name)


def test_split_and_quantization_patterns_stop_at_the_real_end() -> None:
    assert SPLIT_FILE.match("model-00001-of-00002.gguf\n") is None
    assert SPLIT_FILE.match("model-00001-of-00002.gguf") is not None
    assert quantization_of("model-F16\n.gguf") == ""
    assert quantization_of("model-Q4_K_M.gguf") == "Q4_K_M"


# -- .docx ---------------------------------------------------------------------------------


def _add_hyperlink(paragraph: object, text: str, url: str) -> None:
    """python-docx has no API for a hyperlink: build the w:hyperlink element."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    r_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)  # type: ignore[attr-defined]
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    text_element = OxmlElement("w:t")
    text_element.text = text
    text_element.set(qn("xml:space"), "preserve")
    run.append(text_element)
    link.append(run)
    xml_element(paragraph).append(link)


def _docx_with_links(path: Path) -> Path:
    import docx

    word = docx.Document()
    first = word.add_paragraph("Read the ")
    _add_hyperlink(first, "user guide", "https://example.com/guide")
    first.add_run(" before you start.")
    second = word.add_paragraph()
    _add_hyperlink(second, "Hearth", "https://example.com/")
    second.add_run(" runs offline.")
    word.save(str(path))
    return path


def test_docx_hyperlink_text_appears_once_and_the_link_is_kept(tmp_path: Path) -> None:
    import docx

    document = load_document(_docx_with_links(tmp_path / "links.docx"))
    assert document.segments() == ["Read the user guide before you start.", "Hearth runs offline."]
    out = tmp_path / "links.upper.docx"
    write_docx(document, [s.upper() for s in document.segments()], out)
    result = docx.Document(str(out))
    first, second = result.paragraphs
    assert first.text == "READ THE USER GUIDE BEFORE YOU START."
    assert [(link.text, link.address) for link in first.hyperlinks] == [
        ("USER GUIDE", "https://example.com/guide")
    ]
    assert second.text == "HEARTH RUNS OFFLINE."
    assert [(link.text, link.address) for link in second.hyperlinks] == [
        ("HEARTH", "https://example.com/")
    ]


def test_docx_translation_that_moves_or_drops_the_link_text(tmp_path: Path) -> None:
    import docx

    document = load_document(_docx_with_links(tmp_path / "links.docx"))
    out = tmp_path / "links.fr.docx"
    write_docx(
        document, ["Lisez le guide de l'utilisateur avant de commencer.", "Hearth marche."], out
    )
    first, second = docx.Document(str(out)).paragraphs
    # The link text is nowhere in the translation: the text is written once, unlinked.
    assert first.text == "Lisez le guide de l'utilisateur avant de commencer."
    # The link text is found again: it stays linked.
    assert second.text == "Hearth marche."
    assert [link.text for link in second.hyperlinks] == ["Hearth"]


def test_docx_identity_translation_keeps_every_paragraph(tmp_path: Path) -> None:
    import docx

    source = _docx_with_links(tmp_path / "links.docx")
    document = load_document(source)
    out = tmp_path / "same.docx"
    write_docx(document, list(document.segments()), out)
    before = [p.text for p in docx.Document(str(source)).paragraphs]
    assert [p.text for p in docx.Document(str(out)).paragraphs] == before


# -- TMX -----------------------------------------------------------------------------------


def _tmx(units: str, prolog: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}<tmx version="1.4">'
        '<header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en" '
        f'o-tmf="x" creationtool="x" creationtoolversion="1"/><body>{units}</body></tmx>'
    )


def _tu(**variants: str) -> str:
    tuvs = "".join(
        f'<tuv xml:lang="{lang.replace("_", "-")}"><seg>{text}</seg></tuv>'
        for lang, text in variants.items()
    )
    return f"<tu>{tuvs}</tu>"


def test_tmx_keeps_simplified_and_traditional_chinese_apart(tmp_path: Path) -> None:
    tmx = tmp_path / "zh.tmx"
    tmx.write_text(
        _tmx(
            '<tu><tuv xml:lang="en"><seg>Software</seg></tuv>'
            '<tuv xml:lang="zh-CN"><seg>软件</seg></tuv>'
            '<tuv xml:lang="zh-TW"><seg>軟體</seg></tuv></tu>'
            '<tu><tuv xml:lang="EN-us"><seg>Network</seg></tuv>'
            '<tuv xml:lang="zh-Hant-HK"><seg>網絡</seg></tuv>'
            '<tuv xml:lang="zh-Hans"><seg>网络</seg></tuv></tu>'
        ),
        encoding="utf-8",
    )
    memory = TranslationMemory(tmp_path / "tm.db")
    assert memory.import_tmx(tmx, "en", "zh") == 2
    assert memory.import_tmx(tmx, "en", "zh-TW") == 2
    simplified = {(e.source, e.target) for e in memory.entries("en", "zh")}
    traditional = {(e.source, e.target) for e in memory.entries("en", "zh-TW")}
    assert simplified == {("Software", "软件"), ("Network", "网络")}
    assert traditional == {("Software", "軟體"), ("Network", "網絡")}
    # The export names each variety with its own code, so the round trip keeps them.
    out = tmp_path / "out.tmx"
    memory.export_tmx("en", "zh-TW", out)
    other = TranslationMemory(tmp_path / "other.db")
    assert other.import_tmx(out, "en", "zh-TW") == 2
    assert {(e.source, e.target) for e in other.entries("en", "zh-TW")} == traditional


BILLION_LAUGHS = (
    '<!DOCTYPE tmx [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
    '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
    '<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">'
    '<!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">]>\n'
)


@pytest.mark.parametrize(
    ("prolog", "seg"),
    [
        (BILLION_LAUGHS, "&i;"),
        ('<!DOCTYPE tmx [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n', "&secret;"),
        ('<!DOCTYPE tmx SYSTEM "http://127.0.0.1:9/tmx14.dtd">\n', "Hello"),
        ('<!DOCTYPE tmx [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>\n', "Hello"),
        ('<!DOCTYPE tmx [<!ENTITY name "Hearth">]>\n', "&name;"),
    ],
)
def test_tmx_with_a_dtd_or_entities_is_refused(tmp_path: Path, prolog: str, seg: str) -> None:
    tmx = tmp_path / "bomb.tmx"
    tmx.write_text(_tmx(_tu(en=seg, fr="Bonjour") + _tu(en="Hi", fr="Salut"), prolog), "utf-8")
    memory = TranslationMemory(tmp_path / "tm.db")
    with pytest.raises(HearthError, match="DTD"):
        memory.import_tmx(tmx, "en", "fr")
    assert memory.count() == 0


def test_tmx_that_is_not_tmx_or_not_xml_is_refused(tmp_path: Path) -> None:
    memory = TranslationMemory(tmp_path / "tm.db")
    html = tmp_path / "page.tmx"
    html.write_text("<html><body><tu><tuv lang='en'><seg>x</seg></tuv></tu></body></html>")
    with pytest.raises(HearthError, match="not a TMX file"):
        memory.import_tmx(html, "en", "fr")
    binary = tmp_path / "binary.tmx"
    binary.write_bytes(b"\x00\xff\xfe" * 100)
    with pytest.raises(HearthError, match="not a readable TMX file"):
        memory.import_tmx(binary, "en", "fr")
    with pytest.raises(HearthError, match="not a readable TMX file"):
        memory.import_tmx(tmp_path / "missing.tmx", "en", "fr")


def test_tmx_cut_off_midway_imports_nothing(tmp_path: Path) -> None:
    text = _tmx("".join(_tu(en=f"Line {i}", fr=f"Ligne {i}") for i in range(50)))
    tmx = tmp_path / "cut.tmx"
    tmx.write_text(text[: len(text) * 2 // 3], "utf-8")
    memory = TranslationMemory(tmp_path / "tm.db")
    with pytest.raises(HearthError, match="not a readable TMX file"):
        memory.import_tmx(tmx, "en", "fr")
    assert memory.count() == 0


def test_tmx_without_the_pair_says_which_languages_it_has(tmp_path: Path) -> None:
    tmx = tmp_path / "de.tmx"
    tmx.write_text(_tmx(_tu(en="Hello", de="Hallo")), "utf-8")
    memory = TranslationMemory(tmp_path / "tm.db")
    with pytest.raises(HearthError, match=r"no segment in both English and French.*: de, en"):
        memory.import_tmx(tmx, "en", "fr")
    with pytest.raises(HearthError, match="source language"):
        memory.import_tmx(tmx, "auto", "fr")


def test_tmx_deeply_nested_inline_markup_is_read_as_text(tmp_path: Path) -> None:
    depth = 200_000
    seg = "<hi>" * depth + "deep" + "</hi>" * depth
    tmx = tmp_path / "deep.tmx"
    tmx.write_text(_tmx(_tu(en=seg, fr="profond") + _tu(en="Hi", fr="Salut")), "utf-8")
    memory = TranslationMemory(tmp_path / "tm.db")
    assert memory.import_tmx(tmx, "en", "fr") == 2
    hit = memory.lookup("en", "fr", "deep")
    assert hit is not None and hit.target == "profond"


def test_tmx_inline_codes_are_not_text_and_language_tags_any_case(tmp_path: Path) -> None:
    tmx = tmp_path / "codes.tmx"
    tmx.write_text(
        _tmx(
            '<tu><tuv lang="EN"><seg>Click <bpt i="1">&lt;b&gt;</bpt>here<ept i="1">'
            '&lt;/b&gt;</ept>.</seg></tuv><tuv xml:lang="zh_tw"><seg>按<ph>{1}</ph>這裡。'
            "</seg></tuv></tu>"
        ),
        "utf-8",
    )
    memory = TranslationMemory(tmp_path / "tm.db")
    assert memory.import_tmx(tmx, "en", "zh-TW") == 1
    assert [(e.source, e.target) for e in memory.entries("en", "zh-TW")] == [
        ("Click here.", "按這裡。")
    ]
    assert language("zh-tw").code == "zh-TW"
    assert language("zh-CN").code == "zh"


# -- documents (counterexamples found by tests/property/test_segmenter.py) -----------------


@pytest.mark.parametrize("kind", ["text", "markdown", "srt", "html"])
@pytest.mark.parametrize("text", ["\r\n\n", "One.\r\nTwo.\nThree.\r\n", "a\nb\r\n"])
def test_mixed_line_endings_come_back_as_they_were(text: str, kind: Kind) -> None:
    document = parse_text(text, kind)
    assert document.rebuild(document.segments()) == text


def test_crlf_document_translations_get_crlf_line_breaks() -> None:
    document = parse_text("One.\r\n\r\nTwo.\r\n", "text")
    assert document.rebuild(["Un.", "Deux\nlignes."]) == "Un.\r\n\r\nDeux\r\nlignes.\r\n"


@pytest.mark.parametrize(
    ("text", "segments"), [("", []), ("Hello.\n", ["Hello."]), ("\ufeffHi.", ["\ufeffHi."])]
)
def test_a_byte_order_mark_is_kept(tmp_path: Path, text: str, segments: list[str]) -> None:
    raw = b"\xef\xbb\xbf" + text.encode("utf-8")
    path = tmp_path / "bom.md"
    path.write_bytes(raw)
    document = load_document(path)
    assert document.segments() == segments  # the mark itself is never sent to a model
    assert document.rebuild(document.segments()).encode("utf-8") == raw


def test_docx_hyperlink_keeps_its_own_trailing_space(tmp_path: Path) -> None:
    import docx

    word = docx.Document()
    _add_hyperlink(word.add_paragraph(), "Read ", "https://example.com/")
    source = tmp_path / "space.docx"
    word.save(str(source))
    document = load_document(source)
    out = tmp_path / "out.docx"
    write_docx(document, list(document.segments()), out)
    (paragraph,) = docx.Document(str(out)).paragraphs
    assert [link.text for link in paragraph.hyperlinks] == ["Read "]
    assert paragraph.text == "Read "


def test_docx_text_never_moves_into_a_hyperlink_whose_text_is_gone(tmp_path: Path) -> None:
    import docx

    word = docx.Document()
    paragraph = word.add_paragraph()
    _add_hyperlink(paragraph, " ", "https://example.com/")
    paragraph.add_run("Read")
    source = tmp_path / "blank-link.docx"
    word.save(str(source))
    document = load_document(source)
    out = tmp_path / "out.docx"
    write_docx(document, list(document.segments()), out)
    (result,) = docx.Document(str(out)).paragraphs
    assert result.text == " Read"
    assert [link.text for link in result.hyperlinks if link.text.strip()] == []


@pytest.mark.parametrize("unit", ["<script>", "<pre>", "<!--", "<![CDATA[", "<", "a < b. "])
def test_html_with_unclosed_markup_is_segmented_in_one_pass(unit: str) -> None:
    """Each unclosed tag used to make the tokenizer scan the rest of the document, so a
    1.6 MB page of them took about 20 minutes; pytest's timeout catches a return of that."""
    text = "<p>Start.</p>" + unit * 200_000 + "<p>End.</p>"
    document = parse_text(text, "html")
    assert document.rebuild(document.segments()) == text
    assert document.segments()[0] == "Start."


# -- GGUF headers ----------------------------------------------------------------------------


def _gguf(kv: bytes, kv_count: int, tensor_count: int = 0, size: int = 0) -> bytes:
    """A GGUF v3 header followed by ``kv``, padded with zeros to ``size`` bytes."""
    data = b"GGUF" + struct.pack("<IQQ", 3, tensor_count, kv_count) + kv
    return data + b"\0" * max(0, size - len(data))


def _key(name: str | bytes) -> bytes:
    raw = name.encode() if isinstance(name, str) else name
    return struct.pack("<Q", len(raw)) + raw


def test_gguf_number_array_under_the_token_key_is_not_kept(tmp_path: Path) -> None:
    """The token texts are kept however many there are; a hostile file that stores
    millions of numbers under that key used to become a list of millions of ints."""
    count = 8_000_000
    kv = _key("tokenizer.ggml.tokens") + struct.pack("<IIQ", 9, 0, count) + b"\1" * count
    path = tmp_path / "numbers.gguf"
    path.write_bytes(_gguf(kv, 1))
    tracemalloc.start()
    try:
        meta = read_gguf_metadata(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert meta.values["tokenizer.ggml.tokens"] is None
    assert peak < 4_000_000


def test_gguf_error_message_shows_a_hostile_key_short_and_on_one_line(tmp_path: Path) -> None:
    kv = _key("\n\x1b[2J" * 2000) + struct.pack("<I", 8) + struct.pack("<Q", 2**40)
    path = tmp_path / "key.gguf"
    path.write_bytes(_gguf(kv, 1))
    with pytest.raises(InvalidModelFileError) as caught:
        read_gguf_metadata(path)
    message = str(caught.value)
    assert len(message) < 300 and message.isprintable()


def test_gguf_over_long_key_and_tensor_name_are_refused(tmp_path: Path) -> None:
    long_key = _key("k" * 70_000) + struct.pack("<IB", 0, 1)
    path = tmp_path / "long-key.gguf"
    path.write_bytes(_gguf(long_key, 1, size=100_000))
    with pytest.raises(InvalidModelFileError, match="key 0 is 70000 bytes long"):
        read_gguf_metadata(path)
    tensor = _key("t" * 64) + struct.pack("<IQIQ", 1, 32, 0, 0)
    path = tmp_path / "long-name.gguf"
    path.write_bytes(_gguf(tensor, 0, tensor_count=1, size=4096))
    with pytest.raises(InvalidModelFileError, match="name of tensor 0 is 64 bytes long"):
        read_gguf_metadata(path)


def test_gguf_claiming_a_million_entries_is_refused(tmp_path: Path) -> None:
    """Zeros read as empty keys holding a byte: a header can claim a million of them in
    13 MB, and a sparse file costs nothing on disk."""
    path = tmp_path / "many.gguf"
    with path.open("wb") as handle:
        handle.write(_gguf(b"", 1_000_000))
        handle.truncate(16_000_000)
    with pytest.raises(InvalidModelFileError, match="1000000 metadata entries"):
        read_gguf_metadata(path)


def test_tmx_with_an_unknown_encoding_is_refused(tmp_path: Path) -> None:
    """Found by tests/property/test_tmx_import.py: expat's LookupError escaped."""
    tmx = tmp_path / "encoding.tmx"
    tmx.write_bytes(
        b'<?xml version="1.0" encoding="x-nonexistent"?><tmx version="1.4"><header/>'
        b"<body></body></tmx>"
    )
    with pytest.raises(HearthError, match=r"not a readable TMX file.*unknown encoding"):
        TranslationMemory(tmp_path / "tm.db").import_tmx(tmx, "en", "fr")


def test_gguf_hostile_tensor_name_length_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """Found by tests/property/test_gguf_header.py: one length field of SmolLM2's header
    set to a 32 MB name made the reader decode it (160 MB) before refusing."""
    tensor = struct.pack("<Q", 32_000_000) + b"\0" * 8
    path = tmp_path / "name.gguf"
    with path.open("wb") as handle:
        handle.write(_gguf(tensor, 0, tensor_count=1))
        handle.truncate(40_000_000)
    tracemalloc.start()
    try:
        with pytest.raises(InvalidModelFileError, match="32000000 bytes long"):
            read_gguf_metadata(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4_000_000


def test_gguf_very_long_metadata_string_is_walked_not_kept(tmp_path: Path) -> None:
    text = b"x" * (5 << 20)
    kv = _key("tokenizer.huggingface.json") + struct.pack("<IQ", 8, len(text)) + text
    kv += _key("general.name") + struct.pack("<IQ", 8, 0)
    path = tmp_path / "long-value.gguf"
    path.write_bytes(_gguf(kv, 2))
    meta = read_gguf_metadata(path)
    assert meta.values["tokenizer.huggingface.json"] is None
    assert meta.values["general.name"] == ""


def test_a_long_paragraph_without_full_stops_is_cut_to_fit() -> None:
    words = [f"word{i}" + ("," if i % 40 == 39 else "") for i in range(6000)]
    paragraph = " ".join(words)  # about 40,000 characters and no sentence end
    pieces = split_sentences(paragraph, 2000)
    assert "".join(piece.text for piece in pieces) == paragraph
    translated = [piece.text for piece in pieces if piece.translatable]
    assert len(translated) > 15 and all(len(text) <= 2000 for text in translated)
    # Cut after a clause mark where there is one.
    assert all(text.endswith(",") for text in translated[:-1])
    # Text without any space is still cut.
    chinese = "文字" * 5000
    pieces = split_sentences(chinese, 2000)
    assert "".join(piece.text for piece in pieces) == chinese
    assert all(len(piece.text) <= 2000 for piece in pieces)
