"""One message of the transcript: who wrote it (you, or the model a reply came from),
a reasoning model's thinking (collapsed, above the answer), its text (Markdown for
replies, plain text for what the user typed), a status line, the actions that fit its
state, ‹ 1/2 › to switch between its versions, and a box to edit it in place."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from engine.llm.generation import ReplyStats
from engine.llm.messages import FinishReason, Role
from gui.chat.markdown_browser import DISPLAY_LIMIT_CHARS, MarkdownBrowser
from gui.chat.message_editor import MessageEditor
from gui.chat.streaming_markdown import StreamingMarkdown
from gui.chat.thought_section import ThoughtSection
from gui.chat.transcript_model import CANCELLED, ERROR, INTERRUPTED, STREAMING, TranscriptMessage
from gui.common.ui_locale import QT_TRANSLATE_NOOP, decimal, number

_CONTEXT = "MessageWidget"
_AUTHORS = {
    Role.USER: QT_TRANSLATE_NOOP("MessageWidget", "You"),
    Role.ASSISTANT: QT_TRANSLATE_NOOP("MessageWidget", "Assistant"),
    Role.SYSTEM: QT_TRANSLATE_NOOP("MessageWidget", "System"),
}
# The start of a message a screen reader says when the message takes focus.
NAME_WORDS = 12
NAME_CHARS = 80
# The most of a message its accessible description holds (the whole text is selectable
# in its body).
DESCRIPTION_CHARS = 4_000
# A message found by a search stands out until another one is.
_HIGHLIGHT = "QFrame#{name} {{ border: 2px solid palette(highlight); }}"
# A message with keyboard focus shows it, in the link colour (the highlight colour is
# too close to a message's own background in dark).
_FOCUSED = "QFrame#{name} {{ border: 2px dashed palette(link); }}"


# The finish line of a reply that stopped before its thinking ended.
STOPPED_THINKING = QT_TRANSLATE_NOOP(
    "MessageWidget", "stopped while thinking — Continue carries on"
)


def _tr(text: str, count: int = -1) -> str:
    return QCoreApplication.translate(_CONTEXT, text, None, count)


def author_name(message: TranscriptMessage) -> str:
    """Who wrote ``message``: its model's name for a reply, else You / Assistant / System
    in the window's language."""
    return message.author or _tr(_AUTHORS[message.role])


def message_start(text: str) -> str:
    """The first words of ``text`` on one line, cut with "…"."""
    words = text.split()
    start = " ".join(words[:NAME_WORDS])
    if len(start) > NAME_CHARS:
        start = start[:NAME_CHARS].rstrip()
    return start + ("…" if start != " ".join(words) else "")


def format_stats(stats: ReplyStats) -> str:
    """The line under a reply: speed, time to first token, token count (and how many
    of them went to thinking). A rate that is 0 (a remote engine reports no prompt
    speed) is left out, and a reply with no token has no first-token time."""
    if not stats.completion_tokens:
        parts = [QCoreApplication.translate("MessageWidget", "stopped before the first token")]
    else:
        parts = []
        if round(stats.decode_tps, 1) > 0:
            parts.append(
                QCoreApplication.translate("MessageWidget", "{rate} tok/s").format(
                    rate=decimal(stats.decode_tps, 1)
                )
            )
        written = stats.completion_tokens
        if stats.reasoning_tokens:
            tokens = QCoreApplication.translate(
                "MessageWidget", "%Ln tokens ({thinking} thinking)", "", written
            ).format(thinking=stats.reasoning_tokens)
        else:
            tokens = QCoreApplication.translate("MessageWidget", "%Ln tokens", "", written)
        parts += [
            QCoreApplication.translate("MessageWidget", "first token {seconds} s").format(
                seconds=decimal(stats.ttft_s, 2)
            ),
            tokens,
        ]
    if round(stats.prefill_tps) > 0:
        parts.append(
            QCoreApplication.translate("MessageWidget", "prompt {rate} tok/s").format(
                rate=decimal(stats.prefill_tps, 0)
            )
        )
    if stats.cached_tokens:
        parts.append(
            QCoreApplication.translate(
                "MessageWidget", "{cached}/{prompt} prompt tokens cached"
            ).format(cached=stats.cached_tokens, prompt=stats.prompt_tokens)
        )
    dropped = stats.dropped_messages
    if dropped:
        parts.append(
            QCoreApplication.translate(
                "MessageWidget", "%Ln oldest messages left out to fit the context", "", dropped
            )
        )
    # Why it stopped, said once: while thinking (whatever stopped it), else the limit.
    if stats.thinking_unfinished:
        parts.append(_tr(STOPPED_THINKING))
    elif stats.finish_reason == FinishReason.LENGTH:
        parts.append(QCoreApplication.translate("MessageWidget", "stopped at the token limit"))
    return " · ".join(parts)


ACTIONS = ("copy", "edit", "regenerate", "continue", "reply", "delete")
_ACTION_LABELS = {
    "copy": QT_TRANSLATE_NOOP("MessageWidget", "Copy"),
    "edit": QT_TRANSLATE_NOOP("MessageWidget", "Edit"),
    "regenerate": QT_TRANSLATE_NOOP("MessageWidget", "Regenerate"),
    "continue": QT_TRANSLATE_NOOP("MessageWidget", "Continue"),
    "reply": QT_TRANSLATE_NOOP("MessageWidget", "Get a reply"),
    "delete": QT_TRANSLATE_NOOP("MessageWidget", "Delete"),
}
# What each action button does, for screen readers.
_ACTION_NAMES = {
    "copy": QT_TRANSLATE_NOOP("MessageWidget", "Copy this message"),
    "edit": QT_TRANSLATE_NOOP("MessageWidget", "Edit this message"),
    "regenerate": QT_TRANSLATE_NOOP("MessageWidget", "Regenerate this reply"),
    "continue": QT_TRANSLATE_NOOP("MessageWidget", "Continue this reply"),
    "reply": QT_TRANSLATE_NOOP("MessageWidget", "Get a reply to this message"),
    "delete": QT_TRANSLATE_NOOP("MessageWidget", "Delete this message"),
}
# ‹ and › switch to the previous and the next version of the message.
VERSION_ACTIONS = ("previous_version", "next_version")


class MessageWidget(QFrame):
    """One message: who said it, the rendered text, a status line and its actions.

    Signals:
        action_triggered(str): one of :data:`ACTIONS` or :data:`VERSION_ACTIONS` was
            clicked.
        edit_submitted(str): the text edited in place was sent (Enter).
        thought_toggled(bool): the user opened (True) or closed the reply's thinking.
    """

    action_triggered = Signal(str)
    edit_submitted = Signal(str)
    thought_toggled = Signal(bool)

    def __init__(self, message: TranscriptMessage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("userMessage" if message.role == Role.USER else "assistantMessage")
        # Each message takes focus (Tab and Shift+Tab walk the transcript message by
        # message) and tells a screen reader who wrote it and how it begins.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._highlighted = False
        # What the actions shown were last decided from (see set_actions).
        self._actions_key: tuple[object, ...] | None = None
        self._locked = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(2)
        self.author = QLabel(self)
        self.author.setObjectName("messageAuthor")
        self.author.setTextFormat(Qt.TextFormat.PlainText)
        self.body = MarkdownBrowser(self)
        self.body.setObjectName("messageBody")
        self.body.setAccessibleName(self.tr("Message text"))
        # A reasoning model's thinking, above the answer; only replies that have some.
        self.thought = ThoughtSection(self)
        self.thought.hide()
        self.thought.toggled.connect(self.thought_toggled)
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
            button.setText(_tr(_ACTION_LABELS[action]))
            button.setObjectName(f"{action}MessageButton")
            button.setAccessibleName(_tr(_ACTION_NAMES[action]))
            button.setAutoRaise(True)
            button.setProperty("messageAction", action)
            button.clicked.connect(self._on_action_button_clicked)
            actions_row.addWidget(button)
            self.buttons[action] = button
        self.version_label = QLabel(self)
        self.version_label.setObjectName("versionLabel")
        self.version_buttons: dict[str, QToolButton] = {}
        for action, text, name in zip(
            VERSION_ACTIONS,
            ("‹", "›"),
            (self.tr("Previous version"), self.tr("Next version")),
            strict=True,
        ):
            button = QToolButton(self)
            button.setText(text)
            button.setObjectName(f"{action.split('_')[0]}VersionButton")
            button.setAccessibleName(name)
            button.setToolTip(name)
            button.setAutoRaise(True)
            button.setProperty("messageAction", action)
            button.clicked.connect(self._on_action_button_clicked)
            self.version_buttons[action] = button
        # After the actions: a new version appearing must not move them under the mouse.
        actions_row.addWidget(self.version_buttons["previous_version"])
        actions_row.addWidget(self.version_label)
        actions_row.addWidget(self.version_buttons["next_version"])
        actions_row.addStretch(1)
        self.editor = MessageEditor(self)
        self.editor.hide()
        self.editor.submitted.connect(self.edit_submitted)
        self.editor.cancelled.connect(self.stop_editing)
        self.stream = StreamingMarkdown(self)
        self.stream.setObjectName("streamingBody")
        self.stream.hide()
        layout.addWidget(self.author)
        layout.addWidget(self.thought)
        layout.addWidget(self.body)
        layout.addWidget(self.stream)
        layout.addWidget(self.editor)
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

    @property
    def message_id(self) -> int:
        return self._message.message_id

    @property
    def editing(self) -> bool:
        return not self.editor.isHidden()

    @property
    def highlighted(self) -> bool:
        return self._highlighted

    def set_highlighted(self, on: bool) -> None:
        self._highlighted = on
        self._apply_frame()

    def _apply_frame(self) -> None:
        # The search hit's frame, else a thinner one while the message has focus.
        if self._highlighted:
            self.setStyleSheet(_HIGHLIGHT.format(name=self.objectName()))
        elif self.hasFocus():
            self.setStyleSheet(_FOCUSED.format(name=self.objectName()))
        else:
            self.setStyleSheet("")

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._apply_frame()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._apply_frame()

    def start_editing(self, note: str) -> None:
        """Edit the message in place: the text in a box, ``note`` saying what sending
        does. Enter sends (:attr:`edit_submitted`), Esc cancels."""
        user = self._message.role == Role.USER
        #: the button that sends an edited message (Send) or saves an edited reply (Save)
        label = self.tr("Send") if user else self.tr("Save")
        self.editor.start(self._message.text, note, label)
        self.editor.show()
        self.body.hide()
        self.editor.input.setFocus()

    @Slot()
    def stop_editing(self) -> None:
        self.editor.hide()
        self.body.setVisible(self._message.state != STREAMING and bool(self._message.text))

    def set_actions(
        self,
        message: TranscriptMessage,
        *,
        is_last_reply: bool,
        is_last_row: bool,
        locked: bool,
    ) -> None:
        """Show the actions that make sense for ``message`` (the model's current row)
        now. ``locked``: a reply streams in this conversation, so nothing in it is
        edited, regenerated, switched or deleted until it ends: those buttons stay
        where they are, disabled, so that no message changes its layout.

        Nothing is touched when none of what decides them changed: every send and
        every reply's end asks each message of the conversation, and showing or
        hiding a button lays the message out again."""
        key = (
            message.role,
            message.state,
            bool(message.text),
            bool(message.reasoning),
            message.stats.finish_reason if message.stats is not None else None,
            message.version,
            message.versions,
            is_last_reply,
            is_last_row,
        )
        if key == self._actions_key and locked == self._locked:
            return
        if key != self._actions_key:
            self._actions_key = key
            self._show_actions(message, is_last_reply=is_last_reply, is_last_row=is_last_row)
        if locked != self._locked:
            self._locked = locked
            for action, button in self.buttons.items():
                if action != "copy":
                    button.setEnabled(not locked)
        for action, button in self.version_buttons.items():
            at_end = message.version == (1 if action == "previous_version" else message.versions)
            enabled = not locked and not at_end
            if button.isEnabled() != enabled:
                button.setEnabled(enabled)

    def _show_actions(
        self, message: TranscriptMessage, *, is_last_reply: bool, is_last_row: bool
    ) -> None:
        streaming = message.state == STREAMING
        assistant = message.role == Role.ASSISTANT
        cut = message.state in (INTERRUPTED, CANCELLED) or (
            message.stats is not None and message.stats.finish_reason == FinishReason.LENGTH
        )
        # A reply with thinking only (stopped while thinking) copies its thinking.
        copies_thinking = assistant and not message.text and bool(message.reasoning)
        self.buttons["copy"].setToolTip(
            self.tr("Copy the thinking (this reply has no answer yet)")
            if copies_thinking
            else self.tr("Copy the answer (not the thinking)")
            if assistant and message.reasoning
            else self.tr("Copy this message")
        )
        shown = not streaming
        visible = {
            "copy": shown and bool(message.text or copies_thinking),
            "edit": shown and message.role in (Role.USER, Role.ASSISTANT),
            "regenerate": shown and assistant and is_last_reply,
            "continue": shown
            and assistant
            and cut
            and bool(message.text or message.reasoning)
            and is_last_reply,
            "reply": shown and message.role == Role.USER and is_last_row,
            "delete": shown,
        }
        for action, button in self.buttons.items():
            if button.isHidden() == visible[action]:
                button.setVisible(visible[action])
        several = message.versions > 1
        self.version_label.setVisible(several)
        self.version_label.setText(f"{message.version}/{message.versions}")
        self.version_label.setAccessibleName(
            self.tr("Version {version} of {count}").format(
                version=message.version, count=message.versions
            )
        )
        for button in self.version_buttons.values():
            button.setVisible(several)

    def update_from(self, message: TranscriptMessage) -> None:
        self._message = message
        self.author.setText(author_name(message))
        text = message.text
        streaming = message.state == STREAMING
        thinking = message.role == Role.ASSISTANT and bool(message.reasoning)
        self.thought.setVisible(thinking)
        if thinking:
            self.thought.show_thought(
                message.reasoning,
                streaming=streaming,
                answering=bool(text),
                stats=message.stats,
                since=message.thinking_since,
                thought_for=message.thought_for,
            )
        if (text, streaming) != self._rendered_text:
            self._rendered_text = (text, streaming)
            # No empty line where an answer not written yet (or never) would be.
            self.stream.setVisible(streaming and bool(text))
            self.body.setVisible(not streaming and not self.editing and bool(text))
            if streaming:
                self.stream.update_text(text)
            elif message.role == Role.USER:
                if len(text) > DISPLAY_LIMIT_CHARS:
                    hidden = len(text) - DISPLAY_LIMIT_CHARS
                    more = self.tr("({count} more characters not shown)").format(
                        count=number(hidden)
                    )
                    text = f"{text[:DISPLAY_LIMIT_CHARS]}\n\n… {more}"
                # What the user typed is shown as typed, not reinterpreted as Markdown.
                self.body.set_plain(text)
            else:
                self.stream.reset()
                self.body.set_markdown(text)
        footer = ""
        if message.state == ERROR:
            footer = f"⚠ {message.error}"
        elif message.state == CANCELLED:
            footer = self.tr("Stopped")
            if message.stats is not None and not message.stats.completion_tokens:
                footer = self.tr("Stopped before the first token")
            elif message.stats is not None and message.stats.thinking_unfinished:
                footer = format_stats(message.stats)  # it ends saying it stopped
            elif message.stats is not None:
                footer += " · " + format_stats(message.stats)
        elif message.state == INTERRUPTED:
            footer = (
                self.tr("⚠ Interrupted: {error}").format(error=message.error)
                if message.error
                else self.tr("Interrupted (the app closed while this reply was being written)")
            )
        elif message.stats is not None and not streaming:
            footer = format_stats(message.stats)
        self.footer.setText(footer)
        self.footer.setVisible(bool(footer))
        self._describe(message, footer)

    def _describe(self, message: TranscriptMessage, footer: str) -> None:
        """Name the message for screen readers: "You: <its first words>"; its whole
        text (up to a limit) and its status line as the description."""
        text = message.text or message.reasoning
        if message.state == STREAMING and not message.text:
            start = self.tr("writing…")
        else:
            start = message_start(text) if text.strip() else self.tr("(empty)")
        self.setAccessibleName(
            self.tr("{author}: {start}").format(author=author_name(message), start=start)
        )
        description = text[:DESCRIPTION_CHARS]
        if footer:
            description = f"{description}\n{footer}" if description else footer
        self.setAccessibleDescription(description)
