"""A reasoning model's thinking above its answer: one line that says how long it
thought ("Thinking… 4 s" while it does, then "Thought for 12 s"), which opens the
thinking itself as plain text.

The thinking is the model's own text and untrusted: it is shown as written, never read
as Markdown or HTML, and it loads nothing. A very long thinking shows its beginning
only (laying out a megabyte of text would freeze the window); the conversation's
export holds all of it.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent, QPalette, QTextCursor
from PySide6.QtWidgets import QFrame, QHBoxLayout, QToolButton, QVBoxLayout, QWidget

from engine.llm.generation import ReplyStats
from gui.chat.markdown_browser import DISPLAY_LIMIT_CHARS, MarkdownBrowser
from gui.common.ui_locale import decimal, number

# The live count of seconds while the model thinks.
TICK_MS = 1000
# Quieter than the answer: grey text, the thinking set off by a rule on its left (see
# ThoughtSection), and the heading a plain line (not a pressed button) when open.
_STYLE = (
    "QToolButton#thoughtToggle { color: palette(placeholder-text); border: none;"
    " background: transparent; padding: 1px 2px; }"
    " QToolButton#thoughtToggle:focus { border: 1px dotted palette(highlight); }"
    " QTextBrowser#thoughtBody { color: palette(placeholder-text); }"
)


def cut_note(hidden: int | None) -> str:
    """What follows the beginning of a thinking too long to show (``hidden``: the
    characters left out; None while it still grows)."""
    if hidden is None:
        note = QCoreApplication.translate(
            "ThoughtSection",
            "(The thinking goes on: too long to show here. Export the conversation "
            "(Markdown or JSON) to read all of it.)",
        )
    else:
        note = QCoreApplication.translate(
            "ThoughtSection",
            "({count} more characters: too long to show here. Export the conversation "
            "(Markdown or JSON) to read all of it.)",
        ).format(count=number(hidden))
    return f"\n\n… {note}"


def thought_heading(stats: dict[str, Any] | None) -> str:
    """ "Thought for 12 s" from a reply's statistics ("Thought" without a time), noting
    a reply that stopped while still thinking (the export's heading, in the window's
    language)."""
    seconds = (stats or {}).get("thinking_s")
    unfinished = (stats or {}).get("thinking_unfinished") is True
    if isinstance(seconds, int | float) and not isinstance(seconds, bool) and seconds > 0:
        shown = decimal(seconds, 0) if seconds >= 10 else decimal(seconds, 1)
        if shown in (decimal(0, 1), decimal(0, 0)):
            # A few tokens of thinking take less than a tenth of a second, not "0 s".
            heading = (
                QCoreApplication.translate(
                    "ThoughtSection", "Thought for under 0.1 s (stopped while thinking)"
                )
                if unfinished
                else QCoreApplication.translate("ThoughtSection", "Thought for under 0.1 s")
            )
            return heading
        shown = shown.removesuffix(decimal(0, 1)[1:])  # "2.0" is said "2"
        heading = (
            QCoreApplication.translate(
                "ThoughtSection", "Thought for {seconds} s (stopped while thinking)"
            )
            if unfinished
            else QCoreApplication.translate("ThoughtSection", "Thought for {seconds} s")
        )
        return heading.format(seconds=shown)
    return (
        QCoreApplication.translate("ThoughtSection", "Thought (stopped while thinking)")
        if unfinished
        else QCoreApplication.translate("ThoughtSection", "Thought")
    )


def live_heading(seconds: float, answering: bool) -> str:
    """The line while the reply streams: still thinking, or thinking done."""
    if answering:
        return thought_heading({"thinking_s": seconds})
    if seconds >= 1:
        return QCoreApplication.translate("ThoughtSection", "Thinking… {seconds} s").format(
            seconds=decimal(seconds, 0)
        )
    return QCoreApplication.translate("ThoughtSection", "Thinking…")


class ThoughtToggle(QToolButton):
    """The heading: a click, Space or Enter opens or closes the thinking."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.click()
            return
        super().keyPressEvent(event)


class ThoughtSection(QFrame):
    """The thinking of one reply: collapsed to its heading until opened.

    Signals:
        toggled(bool): the user opened (True) or closed the thinking.
    """

    toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("thoughtSection")
        self.setStyleSheet(_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 2)
        layout.setSpacing(0)
        self.toggle = ThoughtToggle(self)
        self.toggle.setObjectName("thoughtToggle")
        self.toggle.setCheckable(True)
        self.toggle.setAutoRaise(True)
        self.toggle.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.toggled.connect(self._on_toggle_toggled)
        self.body = MarkdownBrowser(self)
        self.body.setObjectName("thoughtBody")
        self.body.setAccessibleName(self.tr("Thinking"))
        self.body.hide()
        # A line down the left of the open thinking, in the palette's mid tone.
        self.rule = QFrame(self)
        self.rule.setFrameShape(QFrame.Shape.VLine)
        self.rule.setFrameShadow(QFrame.Shadow.Plain)
        self.rule.setLineWidth(2)
        # A role, not a copied colour: it follows a theme switch.
        self.rule.setForegroundRole(QPalette.ColorRole.Mid)
        self.rule.hide()
        details = QHBoxLayout()
        details.setContentsMargins(6, 0, 0, 0)
        details.setSpacing(6)
        details.addWidget(self.rule)
        details.addWidget(self.body, 1)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(details)
        self._text = ""
        self._shown = ""  # the thinking the body holds (filled only while open)
        self._note = ""  # and after it, the note on what it leaves out
        self._streaming = False
        self._answering = False
        self._stats: ReplyStats | None = None
        self._started: float | None = None
        self._thought_s = 0.0
        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self._update_heading)

    @property
    def expanded(self) -> bool:
        return self.toggle.isChecked()

    @property
    def heading(self) -> str:
        return self.toggle.text()

    @property
    def text(self) -> str:
        return self._text

    def set_expanded(self, expanded: bool) -> None:
        """Open or close the thinking (as the user's click does, without ``toggled``)."""
        self.toggle.blockSignals(True)
        self.toggle.setChecked(expanded)
        self.toggle.blockSignals(False)
        self._apply_expanded()

    def show_thought(
        self,
        text: str,
        *,
        streaming: bool,
        answering: bool,
        stats: ReplyStats | None,
        since: float | None = None,
        thought_for: float | None = None,
    ) -> None:
        """Show ``text`` (the thinking so far); ``answering``: the answer has begun.
        While it streams, ``since`` is when it began thinking (``time.monotonic()``;
        None: now) and ``thought_for`` how long it thought, once known: a section made
        again mid-reply (another conversation and back) goes on counting from there."""
        self._text = text
        self._stats = stats
        if streaming and self._started is None:
            self._started = since if since is not None else time.monotonic()
        if streaming and answering and not self._answering and self._started is not None:
            self._thought_s = (
                thought_for if thought_for is not None else time.monotonic() - self._started
            )
        self._streaming, self._answering = streaming, answering
        if streaming and not answering:
            self._ticker.start()
        else:
            self._ticker.stop()
        if not streaming:
            self._started = None
        self._update_heading()
        if self.expanded:
            self._fill_body()

    @Slot()
    def _update_heading(self) -> None:
        if self._streaming:
            seconds = (
                self._thought_s
                if self._answering
                else time.monotonic() - (self._started or time.monotonic())
            )
            heading = live_heading(seconds, self._answering)
        else:
            heading = thought_heading(self._stats.as_dict() if self._stats else None)
        self.toggle.setText(heading)
        action = self.tr("Hide the thinking") if self.expanded else self.tr("Show the thinking")
        self.toggle.setAccessibleName(
            self.tr("{heading}: {action}").format(heading=heading, action=action)
        )
        self.toggle.setToolTip(action)

    @Slot(bool)
    def _on_toggle_toggled(self, checked: bool) -> None:
        self._apply_expanded()
        self.toggled.emit(checked)

    def _apply_expanded(self) -> None:
        open_ = self.expanded
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if open_ else Qt.ArrowType.RightArrow)
        if open_:
            self._fill_body()
        self.body.setVisible(open_)
        self.rule.setVisible(open_)
        self._update_heading()

    def _fill_body(self) -> None:
        """Bring the body up to the text: streamed thinking is appended, not laid out
        again from the start; anything else replaces it. Past DISPLAY_LIMIT_CHARS a
        note says what is left out."""
        text = self._text.strip()  # the blank lines around the thinking are markup's
        shown = text[:DISPLAY_LIMIT_CHARS]
        hidden = len(text) - len(shown)
        note = "" if not hidden else cut_note(None if self._streaming else hidden)
        if (shown, note) == (self._shown, self._note):
            return
        if self._shown and not self._note and shown.startswith(self._shown):
            cursor = QTextCursor(self.body.document())
            cursor.movePosition(QTextCursor.MoveOperation.End)
            cursor.insertText(shown[len(self._shown) :] + note)  # plain text, never markup
        else:
            self.body.set_plain(shown + note)
        self._shown, self._note = shown, note
