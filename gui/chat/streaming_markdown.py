"""A reply while it is being written: each finished Markdown block renders once, and
only the unfinished tail renders again as text arrives."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from gui.chat.markdown_browser import MarkdownBrowser


def stable_boundary(text: str, start: int = 0) -> int:
    """The end of the last complete Markdown block in ``text`` (a blank line outside a
    code fence), searching from ``start``, which must itself be such a boundary."""
    boundary = start
    fence: str | None = None
    position = start
    for line in text[start:].splitlines(keepends=True):
        position += len(line)
        if not line.endswith("\n"):
            break  # the last line is still being written
        stripped = line.strip()
        if fence is None:
            if stripped.startswith(("```", "~~~")):
                fence = stripped[:3]
            elif not stripped:
                boundary = position
        elif stripped.startswith(fence) and not stripped.strip(fence[0]):
            fence = None
    return boundary


class StreamingMarkdown(QWidget):
    """A reply being written: finished blocks are rendered once, each in its own
    browser (``chunks``), and only the unfinished ``tail`` is rendered again as text
    arrives, so the cost of an update does not grow with the length of the reply."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self.chunks: list[MarkdownBrowser] = []
        self.tail = MarkdownBrowser(self)
        self.tail.setAccessibleName(self.tr("Reply being written"))
        self._layout.addWidget(self.tail)
        self._text = ""
        self._stable = 0

    def update_text(self, text: str) -> None:
        if not text.startswith(self._text[: self._stable]):
            self.reset()
        boundary = stable_boundary(text, self._stable)
        if boundary > self._stable:
            chunk = MarkdownBrowser(self)
            chunk.setAccessibleName(self.tr("Reply being written"))
            chunk.set_markdown(text[self._stable : boundary])
            self._layout.insertWidget(len(self.chunks), chunk)
            self.chunks.append(chunk)
            self._stable = boundary
        self.tail.set_markdown(text[self._stable :] or ("…" if not text else ""))
        self._text = text

    def reset(self) -> None:
        for chunk in self.chunks:
            chunk.deleteLater()
        self.chunks = []
        self._text = ""
        self._stable = 0
        self.tail.set_markdown("")

    def toPlainText(self) -> str:
        return "\n".join(b.toPlainText() for b in (*self.chunks, self.tail))
