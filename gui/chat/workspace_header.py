"""The open conversation's header: its title, its Thinking switch, and buttons for its
sampling settings and system prompt (their tooltips say what is set)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from engine.chat.history_store import Conversation
from engine.llm.parameters import SamplingSettings
from gui.chat.thinking_switch import ThinkingSwitchBox
from gui.common.markdown_render import plain_tooltip


def sampling_summary(sampling: SamplingSettings) -> str:
    return (
        f"temperature {sampling.temperature:g} · top_p {sampling.top_p:g} · "
        f"top_k {sampling.top_k} · min_p {sampling.min_p:g} · "
        f"max {sampling.max_tokens} tokens · "
        + ("seed " + str(sampling.seed) if sampling.seed is not None else "random seed")
        + f" · thinking {sampling.thinking}"
    )


class ConversationHeader(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Titles can come from an import: Qt would render them as HTML (loading the
        # images they name) unless told they are plain text.
        self.title_label = QLabel(self)
        self.title_label.setObjectName("conversationTitle")
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.system_prompt_button = QPushButton("System prompt…", self)
        self.system_prompt_button.setObjectName("systemPromptButton")
        self.system_prompt_button.setAccessibleName("Edit this conversation's system prompt")
        self.sampling_button = QPushButton("Sampling…", self)
        self.sampling_button.setObjectName("samplingButton")
        self.sampling_button.setAccessibleName("Edit this conversation's sampling settings")
        # The thinking_chosen signal of this box: the user's choice for the conversation.
        self.thinking = ThinkingSwitchBox(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title_label, 1)
        layout.addWidget(self.thinking)
        layout.addSpacing(8)
        layout.addWidget(self.sampling_button)
        layout.addWidget(self.system_prompt_button)

    def show_conversation(
        self, conversation: Conversation | None, sampling: SamplingSettings
    ) -> None:
        if conversation is None:
            self.title_label.setText("")
            return
        self.title_label.setText(conversation.title)
        prompt = conversation.system_prompt
        self.system_prompt_button.setToolTip(plain_tooltip(prompt or "No system prompt"))
        self.system_prompt_button.setText("System prompt ✓" if prompt else "System prompt…")
        self.sampling_button.setToolTip(sampling_summary(sampling))
        self.thinking.show_thinking(sampling.thinking)
