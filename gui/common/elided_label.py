"""Plain-text labels that never make the window wider. ``ElidedLabel`` is one line: its
minimum width does not depend on its text (a file name, a summary); when the text does
not fit, it is drawn elided with "…" and shown whole in the tooltip. ``text()`` stays
the whole text. ``WrappingLabel`` (a status message) wraps onto a few lines instead."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent, QTextLayout, QTextOption
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from gui.common.markdown_render import plain_tooltip

MIN_CHARS = 6  # the narrowest the label gets, in average characters
# Pixels added to the text's advance: elidedText() can elide a text given exactly its
# rounded advance (fractional glyph widths), which would cut a text that fits.
SLACK = 2


def one_line(text: str) -> str:
    """``text`` with its line breaks and runs of spaces shown as single spaces."""
    return " ".join(text.split())


class _WholeInTooltip(QLabel):
    """A plain-text label whose tooltip holds the whole text, exactly as written, while
    the label cannot show it all (``_cut``)."""

    def setText(self, text: str) -> None:
        super().setText(text)
        self._update_tooltip()

    def _cut(self) -> bool:
        raise NotImplementedError

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_tooltip()

    def _update_tooltip(self) -> None:
        self.setToolTip(plain_tooltip(self.text()) if self._cut() else "")


class ElidedLabel(_WholeInTooltip):
    def __init__(
        self,
        text: str = "",
        parent: QWidget | None = None,
        *,
        mode: Qt.TextElideMode = Qt.TextElideMode.ElideRight,
    ) -> None:
        super().__init__(parent)
        self._mode = mode
        # File names and error messages are shown as written, never as HTML.
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def shown_text(self) -> str:
        """The text as drawn at the current width (elided when it does not fit)."""
        width = self.contentsRect().width()
        return self.fontMetrics().elidedText(one_line(self.text()), self._mode, max(0, width))

    def is_elided(self) -> bool:
        return self.shown_text() != one_line(self.text())

    def _cut(self) -> bool:
        return self.is_elided()

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        margins = self.contentsMargins()
        narrow = (
            self.fontMetrics().averageCharWidth() * MIN_CHARS + margins.left() + margins.right()
        )
        return QSize(min(hint.width(), narrow), hint.height())

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        margins = self.contentsMargins()
        width = self.fontMetrics().horizontalAdvance(one_line(self.text()))
        return QSize(width + SLACK + margins.left() + margins.right(), hint.height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        self.style().drawItemText(
            painter,
            self.contentsRect(),
            int(self.alignment()),
            self.palette(),
            self.isEnabled(),
            self.shown_text(),
            self.foregroundRole(),
        )
        painter.end()


# A message longer than this many lines is cut, and shown whole in the tooltip.
MAX_LINES = 4


class WrappingLabel(_WholeInTooltip):
    """A plain-text label for messages: it wraps to as many lines as the message needs,
    up to MAX_LINES, keeps room for two (a message of one or two lines does not move
    what is below it) and never makes the window wider. What does not fit (a word wider
    than the label, such as a long file name, or more lines) is cut, and the whole text
    is shown in the tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # Ignored: the layout gives it the width there is, whatever its longest word.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        self._fit_height()

    def _fit_height(self) -> None:
        margins = self.contentsMargins()
        extra = margins.top() + margins.bottom()
        # Lines as tall as they are drawn with a CJK fallback font too (taller than the
        # Latin font's own lines), so that Chinese messages move nothing either.
        metrics = self.fontMetrics()
        flags = int(Qt.TextFlag.TextWordWrap)

        def lines(count: int) -> int:
            sample = "\n".join(["Ag国"] * count)
            return metrics.boundingRect(QRect(0, 0, 10_000, 10_000), flags, sample).height()

        self.setMinimumHeight(lines(2) + extra)
        self.setMaximumHeight(lines(MAX_LINES) + extra)

    def clear(self) -> None:
        self.setText("")

    def is_cut(self) -> bool:
        """Whether part of the text is not shown: a line wider than the label (a word
        that cannot wrap), or more lines than MAX_LINES."""
        width = self.contentsRect().width()
        # A line break starts a line, as QLabel draws it.
        layout = QTextLayout(self.text().replace("\n", "\u2028"), self.font())
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
        layout.setTextOption(option)
        layout.beginLayout()
        widths = []
        while (line := layout.createLine()).isValid():
            line.setLineWidth(width)
            widths.append(line.naturalTextWidth())
        layout.endLayout()
        return len(widths) > MAX_LINES or any(w > width for w in widths)

    def _cut(self) -> bool:
        return self.is_cut()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_height()
