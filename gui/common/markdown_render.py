"""Turn Markdown into a QTextDocument, with highlighted code blocks and Copy links.

Qt's own importer does CommonMark + GitHub tables; code blocks are then coloured with
Pygments. Each fenced block gets a "Copy code" link above it whose URL names the
block, so the view can copy exactly that block's source.

The Markdown comes from a model, so it is untrusted: raw HTML in it stays text, and no
image is ever loaded (Qt would read any local path an image names, even
``/dev/zero``); an image is shown as its alt text, a link when it points to the web.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPalette,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFragment,
)

if TYPE_CHECKING:  # Pygments is imported when the first code block is highlighted.
    from pygments.lexer import Lexer
    from pygments.token import _TokenType

COPY_SCHEME = "hearth-copy"
# GitHub's dialect (tables, strikethrough, task lists, autolinks) without raw HTML.
MARKDOWN_FEATURES = (
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub
    | QTextDocument.MarkdownFeature.MarkdownNoHTML
)
WEB_SCHEMES = ("http", "https")
# An image with empty alt text, or an inline code span (left as it is).
_UNNAMED_IMAGE = re.compile(r"(`+)(?:.|\n)*?\1|!\[\s*\]\(")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([\w+#.-]*)")


@dataclass(frozen=True)
class CodeBlock:
    language: str
    code: str


# Lines that must not end in a hard break: table rows, and the line above a setext
# heading's underline or a thematic break.
_TABLE_ROW = re.compile(r"^\s*\|")
_UNDERLINE = re.compile(r"^ {0,3}(=+|-+|\*{3,}|_{3,})\s*$")


def _hard_break(line: str, following: str) -> bool:
    """Whether ``line`` (outside code) ends in a Markdown hard break: a single line break
    stays one, as chat apps show it (a poem, an address, a list typed without markers),
    where Markdown would join the lines into one paragraph."""
    return bool(
        line.strip()
        and following.strip()
        and not line.endswith(("  ", "\\"))
        and not _TABLE_ROW.match(line)
        and not _UNDERLINE.match(following)
        and not _FENCE.match(following)
    )


def split_code_blocks(text: str, *, hard_breaks: bool = True) -> tuple[str, list[CodeBlock]]:
    """Return the Markdown with a Copy link before each fenced block and (with
    ``hard_breaks``) the single line breaks outside code kept, and the blocks."""
    lines = text.split("\n")
    out: list[str] = []
    blocks: list[CodeBlock] = []
    fence: str | None = None
    language = ""
    body: list[str] = []
    for i, line in enumerate(lines):
        if fence is None:
            match = _FENCE.match(line)
            if match:
                fence, language, body = match.group(1), match.group(2), []
                label = QCoreApplication.translate("MarkdownRender", "Copy code")
                # Brackets would end the link's text early.
                label = label.replace("[", "(").replace("]", ")")
                out.append(f"[{label}]({COPY_SCHEME}:{len(blocks)})")
                out.append("")
                out.append(line)
            else:
                following = lines[i + 1] if i + 1 < len(lines) else ""
                kept = hard_breaks and _hard_break(line, following)
                out.append(line + "  " if kept else line)
            continue
        out.append(line)
        if line.strip().startswith(fence[0] * len(fence)) and not line.strip().strip(fence[0]):
            blocks.append(CodeBlock(language, "\n".join(body)))
            fence = None
        else:
            body.append(line)
    if fence is not None:  # still streaming: the block is not closed yet
        blocks.append(CodeBlock(language, "\n".join(body)))
    return "\n".join(out), blocks


@lru_cache(maxsize=64)
def _lexer(language: str) -> Lexer:
    from pygments.lexers import get_lexer_by_name
    from pygments.lexers.special import TextLexer
    from pygments.util import ClassNotFound

    try:
        return get_lexer_by_name(language, stripnl=False) if language else TextLexer(stripnl=False)
    except ClassNotFound:
        return TextLexer(stripnl=False)


# A Pygments style per colour scheme, each with every token colour at least 4.5:1
# against its own background (tests/gui/test_theme.py checks): a reply rendered while
# the window is dark gets dark code blocks. Replies already shown keep the colours
# they were rendered with (a code block's background and all of its text, so they
# stay readable) until they are rendered again.
LIGHT_CODE_STYLE = "default"
DARK_CODE_STYLE = "github-dark"


def code_style_name() -> str:
    """The Pygments style for the application palette in effect: dark when its
    base (the background of text views) is dark."""
    base = QGuiApplication.palette().color(QPalette.ColorRole.Base)
    return DARK_CODE_STYLE if base.lightnessF() < 0.5 else LIGHT_CODE_STYLE


@lru_cache(maxsize=512)
def _token_format(style_name: str, token_type: _TokenType) -> QTextCharFormat | None:
    from pygments.styles import get_style_by_name

    style = get_style_by_name(style_name).style_for_token(token_type)
    if not style.get("color") and not style.get("bold") and not style.get("italic"):
        return None
    fmt = QTextCharFormat()
    if style.get("color"):
        fmt.setForeground(QColor(f"#{style['color']}"))
    if style.get("bold"):
        fmt.setFontWeight(QFont.Weight.Bold)
    if style.get("italic"):
        fmt.setFontItalic(True)
    return fmt


@lru_cache(maxsize=4)
def code_colours(style_name: str) -> tuple[QColor, QColor]:
    """A code block's background and its plain text's colour in ``style_name``."""
    from pygments.styles import get_style_by_name
    from pygments.token import Text

    style = get_style_by_name(style_name)
    background = QColor(style.background_color)
    text = style.style_for_token(Text).get("color")
    if text:
        return background, QColor(f"#{text}")
    return background, QColor("#1d1d1f" if background.lightnessF() >= 0.5 else "#e6edf3")


@lru_cache(maxsize=4)
def _code_formats(style_name: str) -> tuple[QTextBlockFormat, QTextCharFormat]:
    background, text = code_colours(style_name)
    block = QTextBlockFormat()
    block.setBackground(background)
    block.setLeftMargin(4)
    char = QTextCharFormat()
    char.setForeground(text)
    return block, char


class InertDocument(QTextDocument):
    """A document that reads nothing from disk.

    QTextDocument's own loadResource reads any local file or relative path an image
    names, and when a resource comes back empty Qt's image handler loads the file
    itself; so every image resource is answered with one blank pixel.
    """

    def loadResource(self, kind: int, _name: QUrl | str) -> QImage | None:
        if kind == QTextDocument.ResourceType.ImageResource.value:
            return _blank_image()
        return None


@lru_cache(maxsize=1)
def _blank_image() -> QImage:
    image = QImage(1, 1, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    return image


def plain_tooltip(text: str) -> str:
    """``text`` as a tooltip shown exactly as written. Qt guesses whether a tooltip is
    rich text from its first tag, so untrusted text is escaped inside a known one."""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>" if text else ""


def render_markdown(
    document: QTextDocument, text: str, *, hard_breaks: bool = True
) -> list[CodeBlock]:
    """Replace ``document``'s content with ``text`` rendered; return its code blocks.

    ``hard_breaks`` keeps single line breaks (a reply, as chat apps show it); off, lines
    join into paragraphs as Markdown has them (a hard-wrapped document).
    """
    markdown, blocks = split_code_blocks(text, hard_breaks=hard_breaks)
    document.setMarkdown(_name_unnamed_images(markdown), MARKDOWN_FEATURES)
    _replace_images(document)
    _highlight_code(document)
    return blocks


def _name_unnamed_images(markdown: str) -> str:
    """Give images without alt text one: Qt's Markdown reader drops them silently,
    and a reply should still show that an image was there."""
    if "![" not in markdown:
        return markdown
    return _UNNAMED_IMAGE.sub(
        lambda match: match.group(0) if match.group(1) else "![\u00a0](", markdown
    )


def text_fragments(document: QTextDocument) -> Iterator[QTextFragment]:
    """Every run of same-format text in ``document``, block by block."""
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            yield fragments.fragment()
            fragments += 1
        block = block.next()


def _replace_images(document: QTextDocument) -> None:
    """Put each image's alt text where the image was, before anything lays it out."""
    images: list[tuple[int, str, str]] = []
    for fragment in text_fragments(document):
        fmt = fragment.charFormat()
        if fmt.isImageFormat():
            image = fmt.toImageFormat()
            alt = image.stringProperty(QTextFormat.Property.ImageAltText)
            for offset in range(fragment.length()):
                images.append((fragment.position() + offset, image.name(), alt))
    cursor = QTextCursor(document)
    for position, source, alt in reversed(images):
        cursor.setPosition(position)
        cursor.setPosition(position + 1, QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        url = QUrl(source)
        if url.scheme().lower() in WEB_SCHEMES and url.host():
            # A web image stays reachable as a link (opened only after a confirmation).
            fmt.setAnchor(True)
            fmt.setAnchorHref(url.toString())
            fmt.setFontUnderline(True)
            fmt.setForeground(QGuiApplication.palette().link())
        cursor.insertText(f"[image: {alt}]" if alt.strip() else "[image]", fmt)


def _highlight_code(document: QTextDocument) -> None:
    _unpin_font_sizes(document)
    style_name = code_style_name()
    block_format, text_format = _code_formats(style_name)
    block = document.begin()
    while block.isValid():
        fmt = block.blockFormat()
        if not fmt.hasProperty(QTextFormat.Property.BlockCodeFence):
            block = block.next()
            continue
        # "" when the fence names no language.
        language = fmt.stringProperty(QTextFormat.Property.BlockCodeLanguage)
        start = block.position()
        lines = []
        cursor = QTextCursor(document)
        while block.isValid() and block.blockFormat().hasProperty(
            QTextFormat.Property.BlockCodeFence
        ):
            lines.append(block.text())
            cursor.setPosition(block.position())
            cursor.mergeBlockFormat(block_format)
            end = block.position() + block.length() - 1
            block = block.next()
        # The block's own text colour, so that it stays readable on its background
        # when the window's scheme changes later.
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(text_format)
        _apply_highlight(document, start, "\n".join(lines), language, style_name)


def _unpin_font_sizes(document: QTextDocument) -> None:
    """Let code follow the view's font size. Qt's Markdown reader gives code spans and
    blocks the point size the document had when it read them, so zooming the text
    (gui/common/zoom.py) would leave them behind."""
    cursor = QTextCursor(document)
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        pinned: list[tuple[int, int, QTextCharFormat]] = []
        while not fragments.atEnd():
            fragment = fragments.fragment()
            fmt = fragment.charFormat()
            if fmt.hasProperty(QTextFormat.Property.FontPointSize):
                fmt.clearProperty(QTextFormat.Property.FontPointSize)
                pinned.append((fragment.position(), fragment.length(), fmt))
            fragments += 1
        for position, length, fmt in pinned:
            cursor.setPosition(position)
            cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
            cursor.setCharFormat(fmt)
        block = block.next()


def _apply_highlight(
    document: QTextDocument, start: int, code: str, language: str, style_name: str
) -> None:
    from pygments import lex

    cursor = QTextCursor(document)
    offset = 0
    for token_type, value in lex(code, _lexer(language)):
        length = len(value)
        fmt = _token_format(style_name, token_type)
        if fmt is not None and value.strip():
            cursor.setPosition(start + offset)
            cursor.setPosition(start + offset + length, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)
        offset += length
