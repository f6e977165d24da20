"""TMX import on random and hostile documents: it imports the pair's units or refuses
with HearthError; never another exception, a hang, or a half-done import."""

from __future__ import annotations

import tempfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.common.errors import HearthError
from engine.translation.memory import TranslationMemory
from tests.property import share_of_examples

pytestmark = pytest.mark.property

_LANGS = st.sampled_from(
    ["en", "EN-us", "en_GB", "fr", "fr-CA", "de", "zh", "zh-CN", "zh-TW", "zh-Hant-HK", "zh_Hans",
     "", "x", "*all*", "\u00e9", "en-" + "a" * 300]
)  # fmt: skip
# XML text: anything XML 1.0 allows, and numbers written as character references.
_TEXT = st.text(
    st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00\ufffe\uffff"),
    max_size=30,
).map(lambda t: escape("".join(c for c in t if c in "\t\n\r" or ord(c) >= 0x20)))
_RAW = st.sampled_from(
    ["&amp;", "&lt;", "&#65;", "&#x1F600;", "&#0;", "&#99999999999;", "&#xD800;", "&nosuch;",
     "<", "&", "]]>", "<![CDATA[x]]>", "<!-- c -->", "<?pi x?>", "\x00", "\ufeff"]
)  # fmt: skip
_INLINE = st.sampled_from(["bpt", "ept", "ph", "it", "ut", "hi", "sub", "seg", "tu", "x"])


@st.composite
def _seg(draw: st.DrawFn) -> str:
    """A segment: text, character references and inline elements nested to some depth."""
    parts = draw(st.lists(_TEXT | _RAW, max_size=4))
    depth = draw(st.integers(0, 30))
    tag = draw(_INLINE)
    return f"<{tag}>" * depth + "".join(parts) + f"</{tag}>" * depth


@st.composite
def _unit(draw: st.DrawFn) -> str:
    variants = []
    for _ in range(draw(st.integers(0, 4))):
        lang = draw(_LANGS)
        attr = draw(st.sampled_from(["xml:lang", "lang", "xml:lang", "other"]))
        seg = draw(_seg())
        body = draw(st.sampled_from(["<seg>{}</seg>", "{}", "<seg>{}</seg><seg>x</seg>"]))
        variants.append(f"<tuv {attr}={quoteattr(lang)}>{body.format(seg)}</tuv>")
    return "<tu>" + "".join(variants) + "</tu>"


_PROLOGS = st.sampled_from(
    [
        "",
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?xml version="1.0" encoding="x-nonexistent"?>',
        '<?xml version="1.1"?>',
        '<!DOCTYPE tmx SYSTEM "tmx14.dtd">',
        '<!DOCTYPE tmx [<!ENTITY e "x">]>',
        '<!DOCTYPE tmx [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE tmx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    ]
)


@st.composite
def _document(draw: st.DrawFn) -> bytes:
    units = "".join(draw(st.lists(_unit(), max_size=6)))
    root = draw(st.sampled_from(["tmx", "tmx", "tmx", "html", "TMX", "x:tmx"]))
    header = draw(st.sampled_from(["<header/>", "", '<header srclang="en"/>', "<header>"]))
    text = (f'{draw(_PROLOGS)}<{root} version="1.4">{header}<body>{units}</body></{root}>').encode()
    for _ in range(draw(st.integers(0, 2))):  # now and then, damage the bytes
        cut = draw(st.integers(0, len(text)))
        text = draw(
            st.sampled_from(
                [text[:cut], text[:cut] + text[cut + 1 :], text[:cut] + b"\xff" + text[cut:]]
            )
        )
    return text


@share_of_examples(0.3)
@given(_document(), st.sampled_from([("en", "fr"), ("en", "zh"), ("en", "zh-TW"), ("zh", "en")]))
def test_tmx_imports_or_refuses_cleanly(document: bytes, pair: tuple[str, str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "in.tmx"
        path.write_bytes(document)
        memory = TranslationMemory(Path(folder) / "tm.db")
        try:
            count = memory.import_tmx(path, *pair)
        except HearthError as error:
            message = str(error)
            assert message and len(message) < 1000
            assert memory.count() == 0  # a refused file imports nothing
        else:
            assert count > 0
            assert b"<!DOCTYPE" not in document
            entries = memory.entries(*pair)
            assert 0 < len(entries) <= count
            assert all(e.source and e.target and e.origin == "confirmed" for e in entries)
        finally:
            memory.close()
