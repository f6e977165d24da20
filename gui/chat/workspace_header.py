"""The open conversation's header: its title, its Thinking switch, and buttons for its
sampling settings and system prompt (their tooltips say what is set)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from engine.chat.history_store import Conversation
from engine.llm.parameters import NO_REPLY_LIMIT, SamplingSettings
from gui.chat.conversation_list_model import shown_title
from gui.chat.thinking_switch import ThinkingSwitchBox
from gui.common.markdown_render import plain_tooltip
from gui.common.ui_locale import QT_TRANSLATE_NOOP, decimal

# Pixels between the title and the controls beside it.
TITLE_GAP = 16


# The thinking values as the Sampling tooltip names them ("thinking off").
_THINKING_WORDS = {
    "auto": QT_TRANSLATE_NOOP("ConversationHeader", "auto"),
    #: thinking is turned on
    "on": QT_TRANSLATE_NOOP("ConversationHeader", "on"),
    #: thinking is turned off
    "off": QT_TRANSLATE_NOOP("ConversationHeader", "off"),
    #: low reasoning effort
    "low": QT_TRANSLATE_NOOP("ConversationHeader", "low"),
    #: medium reasoning effort
    "medium": QT_TRANSLATE_NOOP("ConversationHeader", "medium"),
    #: high reasoning effort
    "high": QT_TRANSLATE_NOOP("ConversationHeader", "high"),
}


def _short(value: float) -> str:
    """A setting's value without trailing zeros ("0.7", "1")."""
    return decimal(value, 2).rstrip("0").rstrip(".,")


def sampling_summary(sampling: SamplingSettings) -> str:
    """The Sampling button's tooltip: every value the conversation uses."""
    if sampling.seed is not None:
        summary = QCoreApplication.translate(
            "ConversationHeader",
            "temperature {temperature} · top_p {top_p} · top_k {top_k} · min_p {min_p} · "
            "{limit} · seed {seed} · thinking {thinking}",
        )
    else:
        summary = QCoreApplication.translate(
            "ConversationHeader",
            "temperature {temperature} · top_p {top_p} · top_k {top_k} · min_p {min_p} · "
            "{limit} · random seed · thinking {thinking}",
        )
    return summary.format(
        temperature=_short(sampling.temperature),
        top_p=_short(sampling.top_p),
        top_k=sampling.top_k,
        min_p=_short(sampling.min_p),
        limit=(
            QCoreApplication.translate("ConversationHeader", "max {count} tokens").format(
                count=sampling.max_tokens
            )
            if sampling.max_tokens != NO_REPLY_LIMIT
            # No limit of its own: the reply runs until the context is full.
            else QCoreApplication.translate("ConversationHeader", "until the context is full")
        ),
        seed=sampling.seed,
        thinking=QCoreApplication.translate(
            "ConversationHeader", _THINKING_WORDS.get(sampling.thinking, sampling.thinking)
        ),
    )


class TitleLabel(QLabel):
    """A title that gives way to the buttons beside it: cut short with "…" when the
    header is narrow (``text()`` stays whole), never widening the window."""

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        return QSize(0, super().sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, rect.width()
        )
        painter = QPainter(self)
        self.style().drawItemText(
            painter,
            rect,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            self.palette(),
            self.isEnabled(),
            shown,
            QPalette.ColorRole.WindowText,
        )


class ConversationHeader(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Titles can come from an import: Qt would render them as HTML (loading the
        # images they name) unless told they are plain text.
        self.title_label = TitleLabel(self)
        self.title_label.setObjectName("conversationTitle")
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.system_prompt_button = QPushButton(self.tr("System prompt…"), self)
        self.system_prompt_button.setObjectName("systemPromptButton")
        self.system_prompt_button.setAccessibleName(
            self.tr("Edit this conversation's system prompt")
        )
        self.sampling_button = QPushButton(self.tr("Sampling…"), self)
        self.sampling_button.setObjectName("samplingButton")
        self.sampling_button.setAccessibleName(
            self.tr("Edit this conversation's sampling settings")
        )
        # The thinking_chosen signal of this box: the user's choice for the conversation.
        self.thinking = ThinkingSwitchBox(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title_label, 1)
        # A long title, cut short with "…", stays clear of the Thinking label.
        layout.addSpacing(TITLE_GAP)
        layout.addWidget(self.thinking)
        layout.addSpacing(8)
        layout.addWidget(self.sampling_button)
        layout.addWidget(self.system_prompt_button)

    def show_conversation(
        self, conversation: Conversation | None, sampling: SamplingSettings
    ) -> None:
        if conversation is None:
            self.title_label.setText("")
            self.title_label.setToolTip("")
            return
        title = shown_title(conversation.title)
        self.title_label.setText(title)
        self.title_label.setToolTip(plain_tooltip(title))
        prompt = conversation.system_prompt
        self.system_prompt_button.setToolTip(plain_tooltip(prompt or self.tr("No system prompt")))
        self.system_prompt_button.setText(
            self.tr("System prompt ✓") if prompt else self.tr("System prompt…")
        )
        self.sampling_button.setToolTip(sampling_summary(sampling))
        self.thinking.show_thinking(sampling.thinking)
