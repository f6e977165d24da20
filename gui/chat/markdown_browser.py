"""A read-only Markdown body for untrusted text, and the rules for its links.

A reply is written by a model: the browser loads no resource, shows where a link goes
on hover, and opens only web and mail links, after the user has seen the address.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, QUrl, QUrlQuery, Slot
from PySide6.QtGui import QCursor, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QFrame, QSizePolicy, QTextBrowser, QToolTip, QWidget

from gui.common.dialogs import ask_open
from gui.common.markdown_render import (
    COPY_SCHEME,
    WEB_SCHEMES,
    CodeBlock,
    InertDocument,
    code_style_name,
    plain_tooltip,
    render_markdown,
)

# Links a reply may open, in the user's own programs; never file:, smb:, javascript:
# or a relative path.
OPENABLE_SCHEMES = (*WEB_SCHEMES, "mailto")
MAIL_FIELDS = ("subject", "body", "cc")
# A text longer than this (a pasted document, a model's very long thinking) shows its
# beginning only: laying out megabytes of text would freeze the window.
DISPLAY_LIMIT_CHARS = 20_000


def link_address(url: QUrl) -> str:
    """The whole address a link leads to, as the user should see it before opening it
    (fully encoded: an international host shows as punycode, not as a look-alike)."""
    return url.toString(QUrl.ComponentFormattingOption.FullyEncoded)


def confirm_open_link(parent: QWidget, address: str) -> bool:
    """Ask before a reply's link opens; the question shows the full address."""
    return ask_open(
        parent,
        QCoreApplication.translate("MarkdownBrowser", "Open link"),
        QCoreApplication.translate(
            "MarkdownBrowser", "Open this address in your browser?\n\n{address}"
        ).format(address=address),
    )


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
        # The Markdown shown (None for plain text): rendered again when the colour scheme
        # changes, so its code blocks take the new scheme's highlighting.
        self._markdown: str | None = None
        self._code_style = ""
        self.anchorClicked.connect(self._on_anchor_clicked)
        self.highlighted.connect(self._on_link_highlighted)

    def loadResource(self, _type: int, _name: QUrl | str) -> None:
        # QTextBrowser's own version reads local files; nothing here is ever loaded.
        return None

    def set_markdown(self, text: str) -> None:
        self._markdown = text
        self._code_style = code_style_name()
        self.code_blocks = render_markdown(self.document(), text)
        self._fit_height()

    def set_plain(self, text: str) -> None:
        self._markdown = None
        self.code_blocks = []
        self.setPlainText(text)
        self._fit_height()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        palette_events = (QEvent.Type.ApplicationPaletteChange, QEvent.Type.PaletteChange)
        if (
            event.type() in palette_events
            and self._markdown is not None
            and self.code_blocks
            and code_style_name() != self._code_style
        ):
            self.set_markdown(self._markdown)

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
            note = QCoreApplication.translate("MarkdownBrowser", "(Hearth does not open this)")
            self.setToolTip(plain_tooltip(f"{link_address(url)}\n{note}"))

    @Slot(QUrl)
    def _on_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == COPY_SCHEME:
            index = int(url.path() or -1) if url.path().isdigit() else -1
            if 0 <= index < len(self.code_blocks):
                QGuiApplication.clipboard().setText(self.code_blocks[index].code)
                QToolTip.showText(
                    QCursor.pos(),
                    QCoreApplication.translate("MarkdownBrowser", "Code copied"),
                    self,
                )
            return
        url = without_mail_attachments(url)
        address = link_address(url)
        if url.scheme().lower() not in OPENABLE_SCHEMES or (
            url.scheme().lower() in WEB_SCHEMES and not url.host()
        ):
            QToolTip.showText(
                QCursor.pos(),
                plain_tooltip(
                    QCoreApplication.translate(
                        "MarkdownBrowser",
                        "Not opened: Hearth opens only web and mail links.\n{address}",
                    ).format(address=address)
                ),
                self,
            )
            return
        # A link's text can name another place than it leads to: open it only once
        # the user has seen the real address.
        if confirm_open_link(self, address):
            QDesktopServices.openUrl(url)
