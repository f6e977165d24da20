"""The chat workspace: conversations on the left; the open conversation's header,
transcript and message box on the right; and what the user does with them."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from engine.chat.history_store import HistoryStore
from engine.llm.generation import ReplyStats
from gui.chat import conversation_commands
from gui.chat.announce import reply_announcement
from gui.chat.chat_controller import ChatController
from gui.chat.conversation_files import ExportFormat
from gui.chat.conversation_list_model import ConversationListModel
from gui.chat.message_actions import MessageActions, busy_reason
from gui.chat.message_input import InputRow
from gui.chat.message_widget import author_name
from gui.chat.pending_send import PendingSend
from gui.chat.sidebar import Sidebar
from gui.chat.sidebar_toggle import SidebarToggle
from gui.chat.thinking_switch import save_sampling
from gui.chat.transcript_model import TranscriptModel
from gui.chat.transcript_view import TranscriptView, format_stats
from gui.chat.workspace_dialogs import WorkspaceDialogs
from gui.chat.workspace_header import ConversationHeader
from gui.chat.workspace_transcript import (
    context_estimate,
    history_notes,
    show_all,
    show_changes,
    status_text,
)
from gui.common.announce import announce
from gui.common.throttle import Throttle
from gui.common.ui_locale import number
from gui.inference.controller import InferenceController

# The box refuses to send more than this many characters at once; the context check
# in the engine gives the precise answer for anything below it.
__all__ = ["ChatWorkspace", "history_notes"]

MAX_MESSAGE_CHARS = 4_000_000
# While a reply streams, the context meter is brought up to date this often.
CONTEXT_REFRESH_MS = 250


class ChatWorkspace(WorkspaceDialogs):
    """Talks to the model only through the chat and inference controllers.

    Signals:
        notice(str): a message for the notice banner ("" hides it).
        notice_withdrawn(str): a notice that no longer holds (a reply was being
            written, and it has ended): hide it if the banner still shows it.
        status_message(str): a short line for the status bar.
        context_changed(): :meth:`context_used` may answer differently now (also while
            a reply streams, a few times a second).
        model_wanted(): Send was pressed with no model loaded and none loading: load
            the remembered model. The message stays in the box and is sent once the
            inference controller reports a model loaded; a failed or cancelled load
            leaves it there, unsent.
        announced(str): what was just said to screen readers (a reply ended).
    """

    notice = Signal(str)
    notice_withdrawn = Signal(str)
    status_message = Signal(str)
    context_changed = Signal()
    model_wanted = Signal()
    announced = Signal(str)

    def __init__(
        self,
        chat: ChatController,
        store: HistoryStore,
        controller: InferenceController,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.chat = chat
        self.store = store
        self._controller = controller
        self.conversation_id: int | None = None
        self.conversation_model = ConversationListModel(self)
        self.sidebar = Sidebar(self.conversation_model, self)
        self.transcript_model = TranscriptModel(self)
        self.transcript = TranscriptView(self.transcript_model, self)
        self.header = ConversationHeader(self)
        self._placeholder: QWidget | None = None
        self._placeholder_wanted = False
        self._build_layout()
        self._build_actions()
        # Asked through the attribute at each use: tests replace ask_confirmation.
        self.message_actions = MessageActions(
            chat,
            store,
            self.transcript,
            self.transcript_model,
            lambda *a: self.ask_confirmation(*a),
            self,
        )
        self.message_actions.notice.connect(self.notice)
        self.message_actions.busy_notice.connect(self._say_busy)
        # Notices that said a reply is being written: taken back when it ends.
        self._busy_notices: set[str] = set()
        self.message_actions.status_message.connect(self.status_message)
        self._pending = PendingSend(controller, self)
        self._pending.model_wanted.connect(self.model_wanted)
        self._pending.ready.connect(self._on_input_submitted)
        self._pending.notice.connect(self.notice)
        self._pending.status_message.connect(self.status_message)
        self._context_throttle = Throttle(CONTEXT_REFRESH_MS, self.context_changed.emit, self)
        self.input.submitted.connect(self._on_input_submitted)
        self.input.stop_requested.connect(self._on_stop_clicked)
        self.input.textChanged.connect(self._update_actions)
        self.send_button.clicked.connect(self._on_input_submitted)
        self.stop_button.clicked.connect(self._on_stop_clicked)
        self.header.system_prompt_button.clicked.connect(self._on_system_prompt_clicked)
        self.header.sampling_button.clicked.connect(self._on_sampling_clicked)
        self.header.thinking.thinking_chosen.connect(self._on_header_thinking_chosen)
        self.header.thinking.show_model(controller.model)
        controller.model_loaded.connect(self.header.thinking.show_model)
        controller.model_unloaded.connect(self.header.thinking.show_no_model)
        self.sidebar.new_chat_requested.connect(self.new_chat)
        self.sidebar.conversation_selected.connect(self._on_sidebar_conversation_selected)
        self.sidebar.search_changed.connect(self._on_sidebar_search_changed)
        self.sidebar.action_requested.connect(self._on_sidebar_action_requested)
        chat.reply_text_added.connect(self._on_chat_reply_text_added)
        chat.reply_reasoning_added.connect(self._on_chat_reply_reasoning_added)
        chat.reply_prompt_counted.connect(self._on_chat_reply_prompt_counted)
        chat.reply_ended.connect(self._on_chat_reply_ended)
        chat.conversation_changed.connect(self._on_chat_conversation_changed)
        chat.conversations_changed.connect(self.refresh_sidebar)
        chat.error_occurred.connect(self.notice)

        self.refresh_sidebar()
        conversations = store.conversations()
        if conversations:
            self.open_conversation(conversations[0].id)
        else:
            self.new_chat()
        self._update_actions()

    def _build_layout(self) -> None:
        input_row = InputRow(self)
        self.input = input_row.input
        self.send_button = input_row.send_button
        self.stop_button = input_row.stop_button
        chat_pane = QWidget(self)
        self._chat_layout = QVBoxLayout(chat_pane)
        self._chat_layout.setContentsMargins(0, 0, 0, 0)
        self._chat_layout.addWidget(self.header)
        self._chat_layout.addWidget(self.transcript, 1)
        self._chat_layout.addWidget(input_row)
        self._splitter = QSplitter(self)
        self._splitter.setObjectName("chatSplitter")
        self._splitter.addWidget(self.sidebar)
        self._splitter.addWidget(chat_pane)
        self._splitter.setStretchFactor(1, 1)
        self._splitter.setCollapsible(1, False)
        self._splitter.setSizes([260, 840])
        self.sidebar_toggle = SidebarToggle(self._splitter, self.sidebar, self)
        # The checkable View → Show sidebar (Ctrl+Shift+B).
        self.show_sidebar_action = self.sidebar_toggle.action
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._splitter)

    def _build_actions(self) -> None:
        self.new_chat_action = QAction(self.tr("&New chat"), self)
        self.new_chat_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_chat_action.triggered.connect(self.new_chat)
        self.import_action = QAction(self.tr("&Import conversation…"), self)
        self.import_action.triggered.connect(self.import_conversation)
        self.export_markdown_action = QAction(self.tr("Export conversation as &Markdown…"), self)
        self.export_markdown_action.triggered.connect(self._on_export_action_triggered)
        self.export_json_action = QAction(self.tr("Export conversation as &JSON…"), self)
        self.export_json_action.triggered.connect(self._on_export_action_triggered)
        # Esc anywhere in the window while a reply streams; disabled otherwise, so that
        # Esc reaches dialogs, menus and the search box as usual.
        #: the menu command that stops the reply being written
        self.stop_action = QAction(self.tr("&Stop"), self)
        self.stop_action.setObjectName("stopAction")
        self.stop_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.stop_action.setEnabled(False)
        self.stop_action.triggered.connect(self._on_stop_shortcut)

    def add_placeholder(self, widget: QWidget) -> None:
        """Put ``widget`` where the transcript is; :meth:`show_placeholder` swaps them."""
        self._chat_layout.insertWidget(self._chat_layout.indexOf(self.transcript) + 1, widget, 1)
        self._placeholder = widget
        self._update_placeholder()

    @Slot(bool)
    def show_placeholder(self, shown: bool) -> None:
        """Show the placeholder instead of the transcript while ``shown`` and the open
        conversation has no messages: a conversation with messages is always shown."""
        self._placeholder_wanted = shown
        self._update_placeholder()

    def _update_placeholder(self) -> None:
        if self._placeholder is None:
            return
        shown = self._placeholder_wanted and not self.transcript_model.rowCount()
        self._placeholder.setVisible(shown)
        self.transcript.setVisible(not shown)

    # -- public API --------------------------------------------------------------------

    @property
    def is_streaming(self) -> bool:
        return self.chat.busy

    def say(self, text: str) -> None:
        """Tell screen readers ``text`` (from the transcript), without moving focus."""
        announce(self.transcript, text)
        self.announced.emit(text)

    def focus_input(self) -> None:
        self.input.setFocus()

    def sidebar_state(self) -> tuple[bool, int]:
        """Whether the conversation list is shown, and its width in pixels (the width
        it had when last shown, if hidden)."""
        return self.sidebar_toggle.state()

    def restore_sidebar_state(self, visible: bool, width: int) -> None:
        """Show or hide the conversation list, at ``width`` pixels (kept within reason)."""
        self.sidebar_toggle.restore(visible, width)

    def context_used(self) -> int | None:
        """Tokens the open conversation fills (None: none is open): its last reply's
        count; while a reply streams, its prompt and the tokens written so far (the
        prompt guessed until the engine has counted it)."""
        conversation = self.conversation_id
        if conversation is None:
            return None
        streamed = self.chat.streamed_tokens(conversation)
        prompt = self.chat.streaming_prompt_tokens(conversation)
        # Counted by the engine, the estimate needs no history: it is not read (several
        # times a second while a reply streams, and each partial save makes it read anew).
        counted = streamed is not None and prompt is not None
        stored = () if counted else self.store.messages(conversation)
        return context_estimate(stored, streamed, prompt)

    @Slot()
    def new_chat(self) -> None:
        """Open an empty conversation (reusing the current one if it is still empty)."""
        if self.conversation_id is not None and not self.store.messages(self.conversation_id):
            self.input.setFocus()
            return
        conversation = self.store.create_conversation()
        self.sidebar.search.clear()
        self.refresh_sidebar()
        self.open_conversation(conversation.id)
        self.input.setFocus()

    def open_conversation(self, conversation_id: int, message_id: int | None = None) -> None:
        """Show a conversation at its end, or at ``message_id`` (highlighted; a search
        hit, in whichever version of the conversation holds it)."""
        streaming = self.chat.streaming_message(conversation_id) is not None
        if message_id is not None and not streaming:
            self.store.show_message(message_id)
        self.conversation_id = conversation_id
        self._reload_transcript()
        self.context_changed.emit()
        self.sidebar.select(conversation_id)
        self._update_actions()
        row = None if message_id is None else self.transcript_model.row_of(message_id)
        if row is not None:
            self.transcript.reveal(row)

    def delete_conversation(self, conversation_id: int) -> None:
        conversation_commands.delete(self, conversation_id)

    def export_conversation(self, conversation_id: int | None, kind: ExportFormat) -> None:
        if conversation_id is not None:
            conversation_commands.export(self, conversation_id, kind)

    @Slot()
    def import_conversation(self) -> None:
        conversation_commands.import_one(self)

    @Slot()
    def refresh_sidebar(self) -> None:
        self.sidebar.show_history(self.store)
        self.sidebar.select(self.conversation_id)

    # -- user actions ------------------------------------------------------------------

    @Slot()
    def _on_export_action_triggered(self) -> None:
        markdown = self.sender() is self.export_markdown_action
        self.export_conversation(
            self.conversation_id, ExportFormat.MARKDOWN if markdown else ExportFormat.JSON
        )

    @Slot()
    def _on_input_submitted(self) -> None:
        text = self.input.message_text().strip()
        if not text or self.conversation_id is None:
            return
        if self.is_streaming:
            self._say_busy(busy_reason(self.chat, self.store))
            return
        if self._controller.model is None:
            self._pending.wait_for_model()
            return
        if len(text) > MAX_MESSAGE_CHARS:
            self.notice.emit(
                self.tr(
                    "This message is {count} characters long, far more than any loaded "
                    "model's context can hold. Shorten it; nothing was sent."
                ).format(count=number(len(text)))
            )
            return
        self.notice.emit("")
        if self.chat.send(self.conversation_id, text):
            self.input.clear_message()
            self.status_message.emit(self.tr("Generating…"))
        self._update_actions()

    @Slot()
    def _on_stop_shortcut(self) -> None:
        # Esc in the Translate view must not stop a chat reply that cannot be seen.
        if self.isVisible():
            self._on_stop_clicked()

    @Slot()
    def _on_stop_clicked(self) -> None:
        if self.chat.busy:
            self.chat.stop()
            self.stop_button.setEnabled(False)
            self.stop_action.setEnabled(False)
            self.status_message.emit(self.tr("Stopping…"))

    @Slot()
    def _on_system_prompt_clicked(self) -> None:
        if self.conversation_id is None:
            return
        current = self.store.conversation(self.conversation_id).system_prompt
        text = self.ask_text(
            self.tr("System prompt"),
            self.tr("Instructions the model follows throughout this conversation:"),
            current,
            multiline=True,
        )
        if text is not None:
            self.store.set_system_prompt(self.conversation_id, text.strip())
            self._update_header()

    @Slot()
    def _on_sampling_clicked(self) -> None:
        if self.conversation_id is None:
            return
        chosen = self.ask_sampling(self.chat.sampling_for(self.conversation_id))
        if chosen is not None:
            save_sampling(self.store, self.conversation_id, chosen)
            self._update_header()

    @Slot(str)
    def _on_header_thinking_chosen(self, thinking: str) -> None:
        if self.conversation_id is None:
            return
        sampling = self.chat.sampling_for(self.conversation_id)
        save_sampling(self.store, self.conversation_id, replace(sampling, thinking=thinking))
        self._update_header()

    @Slot(int)
    def _on_sidebar_conversation_selected(self, conversation_id: int) -> None:
        hit = self.conversation_model.hit_message(conversation_id)
        if conversation_id != self.conversation_id or hit is not None:
            self.open_conversation(conversation_id, hit)

    @Slot(str)
    def _on_sidebar_search_changed(self, text: str) -> None:
        if not text.strip():
            self.transcript.clear_highlight()
        self.refresh_sidebar()

    @Slot(str, int)
    def _on_sidebar_action_requested(self, action: str, conversation_id: int) -> None:
        if action == "rename":
            if conversation_commands.rename(self, conversation_id):
                self.refresh_sidebar()
                self._update_header()
        elif action == "delete":
            self.delete_conversation(conversation_id)
        elif action == "export_markdown":
            self.export_conversation(conversation_id, ExportFormat.MARKDOWN)
        elif action == "export_json":
            self.export_conversation(conversation_id, ExportFormat.JSON)

    # -- chat events -------------------------------------------------------------------

    @Slot(int, int, str)
    def _on_chat_reply_text_added(self, conversation_id: int, message_id: int, text: str) -> None:
        if conversation_id != self.conversation_id:
            return
        row = self.transcript_model.row_of(message_id)
        if row is not None:
            self.transcript_model.append_text(row, text)
        self._context_throttle.request()

    @Slot(int, int, str)
    def _on_chat_reply_reasoning_added(self, conversation_id: int, _id: int, _text: str) -> None:
        if conversation_id == self.conversation_id:  # thinking fills the context too
            self._context_throttle.request()

    @Slot(int)
    def _on_chat_reply_prompt_counted(self, conversation_id: int) -> None:
        if conversation_id == self.conversation_id:
            self._context_throttle.request()

    @Slot(str)
    def _say_busy(self, text: str) -> None:
        self._busy_notices.add(text)
        self.notice.emit(text)

    @Slot(int, int)
    def _on_chat_reply_ended(self, conversation_id: int, message_id: int) -> None:
        if not self.chat.busy:
            for text in self._busy_notices:
                self.notice_withdrawn.emit(text)
            self._busy_notices.clear()
        message = self.store.message(message_id)
        stats = ReplyStats.from_dict(message.stats) if message.stats else None
        self._context_throttle.cancel()  # said now, with the final count
        self.context_changed.emit()
        if conversation_id == self.conversation_id:
            # Another conversation's reply keeps out of the status bar: it shows this one.
            if stats is not None:
                self.status_message.emit(format_stats(stats))
            elif message.state in ("error", "interrupted"):
                self.status_message.emit(self.tr("The reply failed"))
            row = self.transcript_model.row_of(message_id)
            if row is not None:
                self.transcript_model.finish(
                    row, message.state, text=message.content, stats=stats, error=message.error
                )
                # Said once, when the reply has ended (never per token).
                shown = self.transcript_model.message(row)
                self.say(reply_announcement(shown, author_name(shown)))
        self._update_actions()

    @Slot(int)
    def _on_chat_conversation_changed(self, conversation_id: int) -> None:
        if conversation_id == self.conversation_id:
            self._sync_transcript()
            # A version switched or a message deleted changes what the context holds.
            self.context_changed.emit()
        self.refresh_sidebar()
        self._update_actions()

    # -- state -------------------------------------------------------------------------

    def _reload_transcript(self) -> None:
        if self.conversation_id is None:
            self.transcript_model.clear()
            self._update_placeholder()
            return
        stored = self.store.messages(self.conversation_id)
        show_all(self.transcript_model, stored, self.chat)
        self._update_placeholder()
        streaming = self.chat.streaming_message(self.conversation_id) is not None
        self.status_message.emit(status_text(stored, streaming))
        self._update_header()

    def _sync_transcript(self) -> None:
        if self.conversation_id is None:
            return
        stored = self.store.messages(self.conversation_id)
        show_changes(self.transcript_model, stored, self.chat)
        self._update_placeholder()
        self._update_header()

    def _update_header(self) -> None:
        if self.conversation_id is None:
            self.header.show_conversation(None, self.chat.sampling)
            return
        conversation = self.store.conversation(self.conversation_id)
        self.header.show_conversation(conversation, self.chat.sampling_for(self.conversation_id))

    @Slot()
    def _update_actions(self) -> None:
        streaming = self.is_streaming
        self.send_button.setEnabled(not streaming and not self.input.document().isEmpty())
        self.stop_button.setEnabled(streaming)
        self.stop_action.setEnabled(streaming)
