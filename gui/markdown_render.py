"""Turn Markdown into a QTextDocument, with highlighted code blocks and Copy links.

Qt's own importer does CommonMark + GitHub tables; code blocks are then coloured with
Pygments. Each fenced block gets a "Copy code" link above it whose URL names the
block, so the view can copy exactly that block's source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtGui import (
    QColor,
    QFont,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

COPY_SCHEME = "hearth-copy"
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([\w+#.-]*)")


@dataclass(frozen=True)
class CodeBlock:
    language: str
    code: str


def split_code_blocks(text: str) -> tuple[str, list[CodeBlock]]:
    """Return the Markdown with a Copy link before each fenced block, and the blocks."""
    lines = text.split("\n")
    out: list[str] = []
    blocks: list[CodeBlock] = []
    fence: str | None = None
    language = ""
    body: list[str] = []
    for line in lines:
        if fence is None:
            match = _FENCE.match(line)
            if match:
                fence, language, body = match.group(1), match.group(2), []
                out.append(f"[Copy code]({COPY_SCHEME}:{len(blocks)})")
                out.append("")
            out.append(line)
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
def _lexer(language: str) -> object:
    from pygments.lexers import get_lexer_by_name
    from pygments.lexers.special import TextLexer
    from pygments.util import ClassNotFound

    try:
        return get_lexer_by_name(language, stripnl=False) if language else TextLexer(stripnl=False)
    except ClassNotFound:
        return TextLexer(stripnl=False)


@lru_cache(maxsize=256)
def _token_format(token_type: object) -> QTextCharFormat | None:
    from pygments.styles import get_style_by_name

    style = get_style_by_name("default").style_for_token(token_type)
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


def _code_block_format() -> QTextBlockFormat:
    fmt = QTextBlockFormat()
    fmt.setBackground(QColor("#f3f4f6"))
    fmt.setLeftMargin(4)
    return fmt


_CODE_BLOCK_FORMAT = _code_block_format()


def render_markdown(document: QTextDocument, text: str) -> list[CodeBlock]:
    """Replace ``document``'s content with ``text`` rendered; return its code blocks."""
    markdown, blocks = split_code_blocks(text)
    document.setMarkdown(markdown)
    _highlight_code(document)
    return blocks


def _highlight_code(document: QTextDocument) -> None:
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
            cursor.mergeBlockFormat(_CODE_BLOCK_FORMAT)
            block = block.next()
        _apply_highlight(document, start, "\n".join(lines), language)


def _apply_highlight(document: QTextDocument, start: int, code: str, language: str) -> None:
    from pygments import lex

    cursor = QTextCursor(document)
    offset = 0
    for token_type, value in lex(code, _lexer(language)):  # type: ignore[arg-type]
        length = len(value)
        fmt = _token_format(token_type)
        if fmt is not None and value.strip():
            cursor.setPosition(start + offset)
            cursor.setPosition(start + offset + length, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)
        offset += length
