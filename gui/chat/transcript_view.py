"""The transcript: one widget per message, bound to a :class:`TranscriptModel`.

Tokens land in the model as they arrive; here a message only re-renders on a ~50 ms
timer, and only the messages that changed, so a long reply does not make each new
token repaint the whole conversation. The view follows the stream while the user is
at the bottom and stays put once they scroll up.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSize, Qt, QTimer, QUrl, QUrlQuery, Signal, Slot
from PySide6.QtGui import QCursor, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTextBrowser,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from engine.llm.generation import ReplyStats
from gui.chat.transcript_model import (
    CANCELLED,
    ERROR,
    INTERRUPTED,
    STREAMING,
    TranscriptMessage,
    TranscriptModel,
)
from gui.common.markdown_render import (
    COPY_SCHEME,
    WEB_SCHEMES,
    CodeBlock,
    InertDocument,
    plain_tooltip,
    render_markdown,
)

RENDER_INTERVAL_MS = 50
# Links a reply may open, in the user's own programs; never file:, smb:, javascript:
# or a relative path.
OPENABLE_SCHEMES = (*WEB_SCHEMES, "mailto")
MAIL_FIELDS = ("subject", "body", "cc")
# A user message longer than this shows its beginning only: laying out megabytes of
# pasted text would freeze the window, and the full text is still what the model gets.
DISPLAY_LIMIT_CHARS = 20_000


def format_stats(stats: ReplyStats) -> str:
    """The line under a reply: speed, time to first token, token count."""
    parts = [
        f"{stats.decode_tps:.1f} tok/s",
        f"first token {stats.ttft_s:.2f} s",
        f"{stats.completion_tokens} tokens",
        f"prompt {stats.prefill_tps:.0f} tok/s",
    ]
    if stats.cached_tokens:
        parts.append(f"{stats.cached_tokens}/{stats.prompt_tokens} prompt tokens cached")
    if stats.dropped_messages:
        parts.append(f"{stats.dropped_messages} oldest messages left out to fit the context")
    if stats.finish_reason == "length":
        parts.append("stopped at the token limit")
    return " · ".join(parts)


def link_address(url: QUrl) -> str:
    """The whole address a link leads to, as the user should see it before opening it
    (fully encoded: an international host shows as punycode, not as a look-alike)."""
    return url.toString(QUrl.ComponentFormattingOption.FullyEncoded)


def confirm_open_link(parent: QWidget, address: str) -> bool:
    """Ask before a reply's link opens; the question shows the full address."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Open link",
        f"Open this address in your browser?\n\n{address}",
        QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box.exec() == QMessageBox.StandardButton.Open


class MarkdownBrowser(QTextBrowser):
    """A read-only Markdown body that is exactly as tall as its text.

    It shows untrusted text: it loads no resource (see :class:`InertDocument`), shows
    where a link goes on hover, and opens only web and mail links, after asking.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocument(InertDocument(self))
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.viewport().setAutoFillBackground(False)
        self.document().setDocumentMargin(2)
        self.document().documentLayout().documentSizeChanged.connect(self._fit_height)
        self.code_blocks: list[CodeBlock] = []
        self.anchorClicked.connect(self._on_anchor_clicked)
        self.highlighted.connect(self._on_link_highlighted)

    def loadResource(self, _type: int, _name: QUrl | str) -> None:
        # QTextBrowser's own version reads local files; nothing here is ever loaded.
        return None

    def set_markdown(self, text: str) -> None:
        self.code_blocks = render_markdown(self.document(), text)
        self._fit_height()

    def set_plain(self, text: str) -> None:
        self.code_blocks = []
        self.setPlainText(text)
        self._fit_height()

    def _fit_height(self, *_args: object) -> None:
        height = int(self.document().size().height()) + 2 * self.frameWidth() + 2
        if self.height() != height:
            self.setFixedHeight(height)

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.height())

    @Slot(QUrl)
    def _on_link_highlighted(self, url: QUrl) -> None:
        if url.isEmpty() or url.scheme() == COPY_SCHEME:
            self.setToolTip("")
        elif url.scheme().lower() in OPENABLE_SCHEMES:
            self.setToolTip(plain_tooltip(link_address(without_mail_attachments(url))))
        else:
            self.setToolTip(plain_tooltip(f"{link_address(url)}\n(Hearth does not open this)"))

    @Slot(QUrl)
    def _on_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == COPY_SCHEME:
            index = int(url.path() or -1) if url.path().isdigit() else -1
            if 0 <= index < len(self.code_blocks):
                QGuiApplication.clipboard().setText(self.code_blocks[index].code)
            return
        url = without_mail_attachments(url)
        address = link_address(url)
        if url.scheme().lower() not in OPENABLE_SCHEMES or (
            url.scheme().lower() in WEB_SCHEMES and not url.host()
        ):
            QToolTip.showText(
                QCursor.pos(),
                plain_tooltip(f"Not opened: Hearth opens only web and mail links.\n{address}"),
                self,
            )
            return
        # A link's text can name another place than it leads to: open it only once
        # the user has seen the real address.
        if confirm_open_link(self, address):
            QDesktopServices.openUrl(url)


def without_mail_attachments(url: QUrl) -> QUrl:
    """A mailto link with only the fields a message needs: some mail programs honour
    ``attach=`` or ``from=``, which would let a reply attach a local file."""
    if url.scheme().lower() != "mailto" or not url.hasQuery():
        return url
    kept = QUrlQuery()
    for key, value in QUrlQuery(url).queryItems(QUrl.ComponentFormattingOption.FullyEncoded):
        if key.lower() in MAIL_FIELDS:
            kept.addQueryItem(key, value)
    clean = QUrl(url)
    clean.setQuery(kept)
    return clean


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
    browser, and only the unfinished tail is rendered again as text arrives, so the
    cost of an update does not grow with the length of the reply."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self._chunks: list[MarkdownBrowser] = []
        self._tail = MarkdownBrowser(self)
        self._layout.addWidget(self._tail)
        self._text = ""
        self._stable = 0

    def update_text(self, text: str) -> None:
        if not text.startswith(self._text[: self._stable]):
            self.reset()
        boundary = stable_boundary(text, self._stable)
        if boundary > self._stable:
            chunk = MarkdownBrowser(self)
            chunk.set_markdown(text[self._stable : boundary])
            self._layout.insertWidget(len(self._chunks), chunk)
            self._chunks.append(chunk)
            self._stable = boundary
        self._tail.set_markdown(text[self._stable :] or ("…" if not text else ""))
        self._text = text

    def reset(self) -> None:
        for chunk in self._chunks:
            chunk.deleteLater()
        self._chunks = []
        self._text = ""
        self._stable = 0
        self._tail.set_markdown("")

    def toPlainText(self) -> str:
        return "\n".join(b.toPlainText() for b in (*self._chunks, self._tail))


ACTIONS = ("copy", "edit", "regenerate", "continue", "delete")
_ACTION_LABELS = {
    "copy": "Copy",
    "edit": "Edit",
    "regenerate": "Regenerate",
    "continue": "Continue",
    "delete": "Delete",
}


class MessageWidget(QFrame):
    """One message: who said it, the rendered text, a status line and its actions.

    Signals:
        action_triggered(str): one of :data:`ACTIONS` was clicked.
    """

    action_triggered = Signal(str)

    def __init__(self, message: TranscriptMessage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("userMessage" if message.role == "user" else "assistantMessage")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(2)
        self.author = QLabel(self)
        self.author.setObjectName("messageAuthor")
        self.author.setTextFormat(Qt.TextFormat.PlainText)
        self.body = MarkdownBrowser(self)
        self.body.setObjectName("messageBody")
        self.footer = QLabel(self)
        self.footer.setObjectName("messageFooter")
        # Errors quote templates and model files: shown as written, never as HTML.
        self.footer.setTextFormat(Qt.TextFormat.PlainText)
        self.footer.setWordWrap(True)
        self.buttons: dict[str, QToolButton] = {}
        actions_row = QHBoxLayout()
        actions_row.setContentsMargins(0, 0, 0, 0)
        actions_row.setSpacing(4)
        for action in ACTIONS:
            button = QToolButton(self)
            button.setText(_ACTION_LABELS[action])
            button.setObjectName(f"{action}MessageButton")
            button.setAccessibleName(f"{_ACTION_LABELS[action]} this message")
            button.setAutoRaise(True)
            button.setProperty("messageAction", action)
            button.clicked.connect(self._on_action_button_clicked)
            actions_row.addWidget(button)
            self.buttons[action] = button
        actions_row.addStretch(1)
        self.stream = StreamingMarkdown(self)
        self.stream.setObjectName("streamingBody")
        self.stream.hide()
        layout.addWidget(self.author)
        layout.addWidget(self.body)
        layout.addWidget(self.stream)
        layout.addWidget(self.footer)
        layout.addLayout(actions_row)
        self._rendered_text: tuple[str, bool] | None = None
        self._message = message
        self.update_from(message)

    @Slot()
    def _on_action_button_clicked(self) -> None:
        button = self.sender()
        if isinstance(button, QToolButton):
            self.action_triggered.emit(str(button.property("messageAction")))

    def set_actions(self, *, is_last_reply: bool) -> None:
        """Show the actions that make sense for this message now."""
        message = self._message
        streaming = message.state == STREAMING
        assistant = message.role == "assistant"
        cut = message.state in (INTERRUPTED, CANCELLED) or (
            message.stats is not None and message.stats.finish_reason == "length"
        )
        visible = {
            "copy": not streaming and bool(message.text),
            "edit": message.role == "user",
            "regenerate": assistant and is_last_reply and not streaming,
            "continue": assistant and cut and bool(message.text) and is_last_reply,
            "delete": not streaming,
        }
        for action, button in self.buttons.items():
            button.setVisible(visible[action])

    def update_from(self, message: TranscriptMessage) -> None:
        self._message = message
        self.author.setText(
            {"user": "You", "assistant": "Hearth", "system": "System"}[message.role]
        )
        text = message.text
        streaming = message.state == STREAMING
        if (text, streaming) != self._rendered_text:
            self._rendered_text = (text, streaming)
            self.stream.setVisible(streaming)
            self.body.setVisible(not streaming)
            if streaming:
                self.stream.update_text(text)
            elif message.role == "user":
                if len(text) > DISPLAY_LIMIT_CHARS:
                    hidden = len(text) - DISPLAY_LIMIT_CHARS
                    text = (
                        f"{text[:DISPLAY_LIMIT_CHARS]}\n\n… ({hidden:,} more characters not shown)"
                    )
                # What the user typed is shown as typed, not reinterpreted as Markdown.
                self.body.set_plain(text)
            else:
                self.stream.reset()
                self.body.set_markdown(text)
        footer = ""
        if message.state == ERROR:
            footer = f"⚠ {message.error}"
        elif message.state == CANCELLED:
            footer = "Stopped"
            if message.stats is not None:
                footer += " · " + format_stats(message.stats)
        elif message.state == INTERRUPTED:
            footer = "Interrupted (the app closed while this reply was being written)"
        elif message.stats is not None:
            footer = format_stats(message.stats)
        self.footer.setText(footer)
        self.footer.setVisible(bool(footer))


# How many of the newest messages a conversation opens with, and how many more each
# "Show earlier messages" adds.
SHOWN_MESSAGES = 100


class TranscriptView(QScrollArea):
    """Shows a :class:`TranscriptModel`; repaints streaming text at most every 50 ms.

    Signals:
        action_requested(str, int): a message action (see :data:`ACTIONS`) and its row.
    """

    action_requested = Signal(str, int)

    def __init__(self, model: TranscriptModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transcript")
        self.setAccessibleName("Conversation transcript")
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._model = model
        self._container = QWidget(self)
        self._container.setObjectName("transcriptContainer")
        self._layout = QVBoxLayout(self._container)
        self._layout.setContentsMargins(12, 12, 12, 12)
        self._layout.setSpacing(8)
        self._layout.addStretch(1)
        # A long conversation shows its newest messages; older ones on request (a
        # widget per message: 100,000 of them would take minutes and gigabytes).
        self._earlier = QPushButton(self._container)
        self._earlier.setObjectName("earlierMessagesButton")
        self._earlier.clicked.connect(self._on_earlier_clicked)
        self._layout.insertWidget(0, self._earlier)
        self.setWidget(self._container)
        self._first = 0  # the model row of the first message with a widget
        self._widgets: list[MessageWidget] = []
        self._dirty: set[int] = set()
        self._follow = True
        self._timer = QTimer(self)
        self._timer.setInterval(RENDER_INTERVAL_MS)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._render_dirty)
        bar = self.verticalScrollBar()
        bar.valueChanged.connect(self._on_scrolled)
        bar.rangeChanged.connect(self._on_range_changed)
        model.rowsInserted.connect(self._on_rows_inserted)
        model.rowsRemoved.connect(self._rebuild)
        model.modelReset.connect(self._rebuild)
        model.dataChanged.connect(self._on_data_changed)
        self.render_count = 0
        self._rebuild()

    def message_widget(self, row: int) -> MessageWidget:
        """The widget of model row ``row`` (IndexError for an earlier, hidden one)."""
        if row < self._first:
            raise IndexError(f"message {row} is not shown")
        return self._widgets[row - self._first]

    @property
    def first_shown_row(self) -> int:
        return self._first

    @property
    def following(self) -> bool:
        return self._follow

    @Slot()
    def _rebuild(self) -> None:
        for widget in self._widgets:
            widget.deleteLater()
        self._widgets = []
        self._dirty.clear()
        self._first = max(0, self._model.rowCount() - SHOWN_MESSAGES)
        for row in range(self._first, self._model.rowCount()):
            self._insert_widget(row)
        self._update_earlier_button()
        self._refresh_actions()
        self._follow = True

    def _insert_widget(self, row: int) -> None:
        widget = MessageWidget(self._model.message(row), self._container)
        widget.action_triggered.connect(self._on_message_action_triggered)
        self._widgets.insert(row - self._first, widget)
        # Layout item 0 is the "earlier messages" button.
        self._layout.insertWidget(row - self._first + 1, widget)

    def _update_earlier_button(self) -> None:
        self._earlier.setText(f"Show earlier messages ({self._first:,} more)")
        self._earlier.setVisible(self._first > 0)

    @Slot()
    def _on_earlier_clicked(self) -> None:
        start = max(0, self._first - SHOWN_MESSAGES)
        bar = self.verticalScrollBar()
        from_bottom = bar.maximum() - bar.value()
        for row in range(self._first - 1, start - 1, -1):
            self._first = row
            self._insert_widget(row)
        self._update_earlier_button()
        self._refresh_actions()
        self._follow = False
        # Keep the message the user was reading where it was.
        self._container.adjustSize()
        bar.setValue(bar.maximum() - from_bottom)

    @Slot(str)
    def _on_message_action_triggered(self, action: str) -> None:
        sender = self.sender()
        if isinstance(sender, MessageWidget) and sender in self._widgets:
            self.action_requested.emit(action, self._first + self._widgets.index(sender))

    def _refresh_actions(self) -> None:
        last_reply = next(
            (
                row
                for row in range(self._model.rowCount() - 1, -1, -1)
                if self._model.message(row).role == "assistant"
            ),
            None,
        )
        last_row = self._model.rowCount() - 1
        for row, widget in enumerate(self._widgets, start=self._first):
            widget.set_actions(is_last_reply=row == last_reply and row == last_row)

    @Slot(QModelIndex, int, int)
    def _on_rows_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        if first < self._first:  # rows only ever arrive at the end; otherwise start over
            self._rebuild()
            return
        for row in range(first, last + 1):
            self._insert_widget(row)
        self._refresh_actions()
        self._follow = True

    @Slot(QModelIndex, QModelIndex, list)
    def _on_data_changed(self, top: QModelIndex, bottom: QModelIndex, _roles: list[int]) -> None:
        finished = False
        for row in range(top.row(), bottom.row() + 1):
            message = self._model.message(row)
            if message.state == STREAMING:
                self._dirty.add(row)
            else:
                # A finished message is shown at once, in full.
                self._dirty.discard(row)
                self._render_row(row)
                finished = True
        if finished:
            self._refresh_actions()
        if self._dirty and not self._timer.isActive():
            self._timer.start()

    @Slot()
    def _render_dirty(self) -> None:
        rows, self._dirty = self._dirty, set()
        for row in sorted(rows):
            self._render_row(row)

    def _render_row(self, row: int) -> None:
        if 0 <= row - self._first < len(self._widgets):
            self._widgets[row - self._first].update_from(self._model.message(row))
            self.render_count += 1

    @Slot(int)
    def _on_scrolled(self, value: int) -> None:
        bar = self.verticalScrollBar()
        self._follow = value >= bar.maximum() - 4

    @Slot(int, int)
    def _on_range_changed(self, _minimum: int, maximum: int) -> None:
        if self._follow:
            self.verticalScrollBar().setValue(maximum)
