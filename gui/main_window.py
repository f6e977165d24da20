"""Hearth's main window: conversations on the left, the chat on the right."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from engine import __version__
from engine.chat.history_store import HistoryStore, HistoryStoreError, StoredMessage
from engine.common.errors import HearthError
from engine.common.paths import AppPaths
from engine.common.preferences import AppSettingsStore
from engine.llm.generation import ReplyStats
from engine.llm.model import ModelInfo
from engine.llm.parameters import LoadSettings, SamplingSettings
from engine.models.model_library import ModelLibrary
from engine.models.model_profile import ModelProfileStore
from engine.translation.memory import TranslationMemory
from gui.chat.chat_controller import ChatController
from gui.chat.conversation_list_model import ConversationListModel
from gui.chat.message_input import MessageInput
from gui.chat.sidebar import Sidebar
from gui.chat.transcript_model import TranscriptMessage, TranscriptModel
from gui.chat.transcript_view import TranscriptView, format_stats
from gui.common.dialogs import ask_yes_no
from gui.common.markdown_render import plain_tooltip
from gui.inference.controller import InferenceController
from gui.models.download_manager import DownloadManager
from gui.models.models_controller import ModelsController
from gui.translate.translate_view import TranslateView

log = logging.getLogger(__name__)

# The box refuses to send more than this many characters at once; the context check
# in the engine gives the precise answer for anything below it.
MAX_MESSAGE_CHARS = 4_000_000


def _transcript_message(message: StoredMessage, live_text: str | None) -> TranscriptMessage:
    stats = ReplyStats.from_dict(message.stats) if message.stats else None
    return TranscriptMessage(
        role=message.role,  # type: ignore[arg-type]
        text=live_text if live_text is not None else message.content,
        state=message.state,
        stats=stats,
        error=message.error,
        message_id=message.id,
    )


def _model_status(info: ModelInfo) -> str:
    """The status bar's short line: name, quantization and where it runs."""
    name = info.name if len(info.name) <= 32 else info.name[:31] + "…"
    where = (
        f"{info.gpu_layers}/{info.total_layers} layers on {info.backend}"
        if info.gpu_layers
        else "CPU"
    )
    return f"{name} · {info.quantization} · {where}"


class MainWindow(QMainWindow):
    """The chat workspace. Talks to the model only through the controllers."""

    def __init__(
        self,
        controller: InferenceController,
        store: HistoryStore,
        *,
        load_settings: LoadSettings | None = None,
        sampling: SamplingSettings | None = None,
        starter_path: str | None = None,
        library: ModelLibrary | None = None,
        model_settings: ModelProfileStore | None = None,
        app_settings: AppSettingsStore | None = None,
        downloads: DownloadManager | None = None,
        paths: AppPaths | None = None,
        translation_memory: TranslationMemory | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("Hearth")
        self.resize(1100, 720)
        self._controller = controller
        self._store = store
        self._load_settings = load_settings or LoadSettings()
        self._starter_path = starter_path
        self.library = library
        self.model_settings = model_settings
        self.app_settings = app_settings
        self.chat = ChatController(store, controller, sampling, self)
        self.conversation_id: int | None = None

        self.conversation_model = ConversationListModel(self)
        self.sidebar = Sidebar(self.conversation_model, self)
        self.transcript_model = TranscriptModel(self)
        self.transcript = TranscriptView(self.transcript_model, self)

        # Labels below show titles, file names, model metadata and error messages, all
        # of which can come from outside: Qt would render them as HTML (loading the
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
        header = QHBoxLayout()
        header.addWidget(self.title_label, 1)
        header.addWidget(self.sampling_button)
        header.addWidget(self.system_prompt_button)

        self.notice = QLabel(self)
        self.notice.setObjectName("noticeBanner")
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.hide()

        self.input = MessageInput(self)
        self.input.setFixedHeight(90)
        self.send_button = QPushButton("Send", self)
        self.send_button.setObjectName("sendButton")
        self.send_button.setAccessibleName("Send message")
        self.send_button.setDefault(True)
        self.stop_button = QPushButton("Stop", self)
        self.stop_button.setObjectName("stopButton")
        self.stop_button.setAccessibleName("Stop the reply")
        buttons = QVBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        input_row = QHBoxLayout()
        input_row.addWidget(self.input, 1)
        input_row.addLayout(buttons)

        chat_pane = QWidget(self)
        chat_layout = QVBoxLayout(chat_pane)
        chat_layout.setContentsMargins(0, 0, 0, 0)
        chat_layout.addLayout(header)
        chat_layout.addWidget(self.notice)
        chat_layout.addWidget(self.transcript, 1)
        self.models: ModelsController | None = None
        if library is not None and downloads is not None and app_settings is not None:
            self.models = ModelsController(
                self, library, downloads, app_settings, paths or AppPaths.from_environment()
            )
            chat_layout.addWidget(self.models.welcome, 1)
        chat_layout.addLayout(input_row)
        splitter = QSplitter(self)
        splitter.addWidget(self.sidebar)
        splitter.addWidget(chat_pane)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 840])
        self.modes = QStackedWidget(self)
        self.modes.addWidget(splitter)
        self.translate_view: TranslateView | None = None
        if translation_memory is not None:
            self.translate_view = TranslateView(
                controller,
                translation_memory,
                library=library,
                settings=app_settings,
                parent=self,
            )
            self.translate_view.load_requested.connect(self.load_model)
            self.modes.addWidget(self.translate_view)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.modes)
        self.setCentralWidget(central)

        self.model_label = QLabel("No model loaded", self)
        self.model_label.setObjectName("modelStatus")
        self.model_label.setTextFormat(Qt.TextFormat.PlainText)
        self.stats_label = QLabel("", self)
        self.stats_label.setObjectName("replyStats")
        self.stats_label.setTextFormat(Qt.TextFormat.PlainText)
        self.context_meter = QProgressBar(self)
        self.context_meter.setObjectName("contextMeter")
        self.context_meter.setAccessibleName("Context used")
        self.context_meter.setMaximumWidth(180)
        self.context_meter.setTextVisible(True)
        self.context_meter.setFormat("ctx –")
        self.statusBar().addWidget(self.stats_label, 1)
        self.statusBar().addPermanentWidget(self.context_meter)
        self.statusBar().addPermanentWidget(self.model_label)

        self._build_menus()

        self.input.submitted.connect(self._on_input_submitted)
        self.input.stop_requested.connect(self._on_stop_clicked)
        self.input.textChanged.connect(self._update_actions)
        self.send_button.clicked.connect(self._on_input_submitted)
        self.stop_button.clicked.connect(self._on_stop_clicked)
        self.system_prompt_button.clicked.connect(self._on_system_prompt_clicked)
        self.sampling_button.clicked.connect(self._on_sampling_clicked)
        self.sidebar.new_chat_requested.connect(self.new_chat)
        self.sidebar.conversation_selected.connect(self._on_sidebar_conversation_selected)
        self.sidebar.search_changed.connect(self._on_sidebar_search_changed)
        self.sidebar.action_requested.connect(self._on_sidebar_action_requested)
        self.transcript.action_requested.connect(self._on_transcript_action_requested)
        self.chat.reply_text_added.connect(self._on_chat_reply_text_added)
        self.chat.reply_ended.connect(self._on_chat_reply_ended)
        self.chat.conversation_changed.connect(self._on_chat_conversation_changed)
        self.chat.conversations_changed.connect(self._refresh_sidebar)
        self.chat.error_occurred.connect(self.show_notice)
        controller.model_loading.connect(self._on_controller_model_loading)
        controller.model_loaded.connect(self._on_controller_model_loaded)
        controller.model_load_failed.connect(self._on_controller_model_load_failed)
        controller.model_load_cancelled.connect(self._on_controller_model_load_cancelled)
        controller.load_progressed.connect(self._on_controller_load_progressed)
        controller.model_unloaded.connect(self._on_controller_model_unloaded)

        self._rebuild_model_picker()
        self._refresh_sidebar()
        conversations = store.conversations()
        if conversations:
            self.open_conversation(conversations[0].id)
        else:
            self.new_chat()
        notes = []
        if store.recovered_from is not None:
            notes.append(
                "The chat history could not be read, so a new one was started. The old "
                f"file was kept as {store.recovered_from}."
            )
        if store.interrupted_count:
            notes.append(
                f"{store.interrupted_count} reply(s) were cut off when Hearth last closed "
                "unexpectedly; they are marked Interrupted and can be continued."
            )
        self.show_notice(" ".join(notes))
        self._update_actions()
        if self.models is not None:
            self.models.update_welcome()
        self.input.setFocus()

    # -- dialogs (replaced in tests) -------------------------------------------------

    def ask_confirmation(self, title: str, text: str) -> bool:
        return ask_yes_no(self, title, text)

    def ask_text(self, title: str, label: str, text: str, multiline: bool = False) -> str | None:
        if multiline:
            value, ok = QInputDialog.getMultiLineText(self, title, label, text)
        else:
            value, ok = QInputDialog.getText(self, title, label, QLineEdit.EchoMode.Normal, text)
        return value if ok else None

    def ask_save_path(self, title: str, suggested: str, filters: str) -> str:
        return QFileDialog.getSaveFileName(self, title, suggested, filters)[0]

    def ask_open_path(self, title: str, filters: str) -> str:
        return QFileDialog.getOpenFileName(self, title, "", filters)[0]

    # -- menus -----------------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.new_chat_action = QAction("&New chat", self)
        self.new_chat_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_chat_action.triggered.connect(self.new_chat)
        file_menu.addAction(self.new_chat_action)
        self.open_action = QAction("&Open model…", self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self._on_open_model_triggered)
        file_menu.addAction(self.open_action)
        self.starter_action = QAction("Load the &starter model", self)
        self.starter_action.triggered.connect(self._on_starter_triggered)
        self.starter_action.setVisible(self._starter_path is not None)
        file_menu.addAction(self.starter_action)
        file_menu.addSeparator()
        import_action = QAction("&Import conversation…", self)
        import_action.triggered.connect(self._on_import_triggered)
        file_menu.addAction(import_action)
        export_md = QAction("Export conversation as &Markdown…", self)
        export_md.triggered.connect(lambda: self._export(self.conversation_id, "markdown"))
        file_menu.addAction(export_md)
        export_json = QAction("Export conversation as &JSON…", self)
        export_json.triggered.connect(lambda: self._export(self.conversation_id, "json"))
        file_menu.addAction(export_json)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self.model_menu = self.menuBar().addMenu("&Model")
        self.model_menu.setObjectName("modelMenu")
        self.model_menu.aboutToShow.connect(self._rebuild_model_menu)
        self.unload_action = QAction("&Unload model", self)
        self.unload_action.triggered.connect(self._controller.unload_model)
        self.info_action = QAction("Model &information…", self)
        self.info_action.triggered.connect(self._on_model_info_triggered)
        self.settings_action = QAction("Load &settings…", self)
        self.settings_action.triggered.connect(self._on_load_settings_triggered)
        self.cancel_load_action = QAction("&Cancel loading", self)
        self.cancel_load_action.setEnabled(False)
        self.cancel_load_action.triggered.connect(self._controller.cancel_load)
        self.startup_action = QAction("Load the last model at start-up", self)
        self.startup_action.setCheckable(True)
        self.startup_action.setVisible(self.app_settings is not None)
        if self.app_settings is not None:
            self.startup_action.setChecked(self.app_settings.load().load_last_model)
        self.startup_action.toggled.connect(self._on_startup_toggled)
        self._rebuild_model_menu()
        toolbar = QToolBar("Model", self)
        toolbar.setObjectName("modelToolbar")
        toolbar.setMovable(False)
        self.model_picker = QComboBox(self)
        self.model_picker.setObjectName("modelPicker")
        self.model_picker.setAccessibleName("Model")
        self.model_picker.setMinimumContentsLength(40)
        self.model_picker.activated.connect(self._on_model_picker_activated)
        toolbar.addWidget(QLabel(" Model: ", self))
        toolbar.addWidget(self.model_picker)
        self.addToolBar(toolbar)
        view_menu = self.menuBar().addMenu("&View")
        self.chat_mode_action = QAction("&Chat", self)
        self.chat_mode_action.setObjectName("chatModeAction")
        self.chat_mode_action.setShortcut(QKeySequence("Ctrl+1"))
        self.chat_mode_action.setCheckable(True)
        self.chat_mode_action.setChecked(True)
        self.chat_mode_action.triggered.connect(lambda: self.show_mode("chat"))
        self.translate_mode_action = QAction("&Translate", self)
        self.translate_mode_action.setObjectName("translateModeAction")
        self.translate_mode_action.setShortcut(QKeySequence("Ctrl+T"))
        self.translate_mode_action.setCheckable(True)
        self.translate_mode_action.setVisible(self.translate_view is not None)
        self.translate_mode_action.triggered.connect(lambda: self.show_mode("translate"))
        view_menu.addAction(self.chat_mode_action)
        view_menu.addAction(self.translate_mode_action)
        toolbar.addSeparator()
        toolbar.addAction(self.chat_mode_action)
        toolbar.addAction(self.translate_mode_action)
        help_menu = self.menuBar().addMenu("&Help")
        about = QAction("&About Hearth", self)
        about.triggered.connect(self._on_about_triggered)
        help_menu.addAction(about)

    # -- public API ------------------------------------------------------------------

    def load_model(self, path: str) -> None:
        """Load ``path`` with its remembered settings (or the window's defaults)."""
        settings = self._load_settings
        if self.model_settings is not None:
            try:
                settings = self.model_settings.get(path).load_settings()
            except HearthError as error:
                self.show_notice(f"The saved load settings cannot be used: {error}")
        self._controller.load_model(path, settings)

    def show_mode(self, mode: str) -> None:
        """Switch between the chat ("chat") and the translation view ("translate")."""
        translate = mode == "translate" and self.translate_view is not None
        self.modes.setCurrentIndex(1 if translate else 0)
        self.chat_mode_action.setChecked(not translate)
        self.translate_mode_action.setChecked(translate)
        if translate and self.translate_view is not None:
            self.translate_view.refresh_models()
            self.translate_view.source_edit.setFocus()
        else:
            self.input.setFocus()

    @property
    def is_streaming(self) -> bool:
        return self.chat.busy

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    @Slot()
    def new_chat(self) -> None:
        """Open an empty conversation (reusing the current one if it is still empty)."""
        if self.conversation_id is not None and not self._store.messages(self.conversation_id):
            self.input.setFocus()
            return
        conversation = self._store.create_conversation()
        self.sidebar.search.clear()
        self._refresh_sidebar()
        self.open_conversation(conversation.id)
        self.input.setFocus()

    def open_conversation(self, conversation_id: int) -> None:
        self.conversation_id = conversation_id
        self._reload_transcript()
        self._update_context_meter()
        self.sidebar.select(conversation_id)
        self._update_actions()

    # -- user actions ----------------------------------------------------------------

    @Slot()
    def _on_input_submitted(self) -> None:
        text = self.input.message_text().strip()
        if not text or self.is_streaming or self.conversation_id is None:
            return
        if self._controller.model is None:
            self.show_notice(
                "No model is loaded yet. Choose one with File → Open model… (Ctrl+O)."
                if not self._controller.is_loading
                else "The model is still loading; send again in a moment."
            )
            return
        if len(text) > MAX_MESSAGE_CHARS:
            self.show_notice(
                f"This message is {len(text):,} characters long, far more than any loaded "
                "model's context can hold. Shorten it; nothing was sent."
            )
            return
        self.show_notice("")
        if self.chat.send(self.conversation_id, text):
            self.input.clear_message()
            self.stats_label.setText("Generating…")
        self._update_actions()

    @Slot()
    def _on_stop_clicked(self) -> None:
        if self.chat.busy:
            self.chat.stop()
            self.stop_button.setEnabled(False)
            self.stats_label.setText("Stopping…")

    @Slot()
    def _on_system_prompt_clicked(self) -> None:
        if self.conversation_id is None:
            return
        current = self._store.conversation(self.conversation_id).system_prompt
        text = self.ask_text(
            "System prompt",
            "Instructions the model follows throughout this conversation:",
            current,
            multiline=True,
        )
        if text is not None:
            self._store.set_system_prompt(self.conversation_id, text.strip())
            self._update_header()

    def ask_sampling(self, current: SamplingSettings) -> SamplingSettings | None:
        from gui.chat.sampling_dialog import SamplingDialog

        dialog = SamplingDialog(current, self)
        if dialog.exec() != SamplingDialog.DialogCode.Accepted:
            return None
        return dialog.settings()

    @Slot()
    def _on_sampling_clicked(self) -> None:
        if self.conversation_id is None:
            return
        chosen = self.ask_sampling(self.chat.sampling_for(self.conversation_id))
        if chosen is not None:
            settings = dict(self._store.conversation(self.conversation_id).settings)
            settings["sampling"] = chosen.as_dict()
            self._store.set_conversation_settings(self.conversation_id, settings)
            self._update_header()

    @Slot(str, int)
    def _on_transcript_action_requested(self, action: str, row: int) -> None:
        message = self.transcript_model.message(row)
        if action == "copy":
            QGuiApplication.clipboard().setText(message.text)
        elif action == "edit":
            text = self.ask_text("Edit message", "Edit and resend:", message.text, multiline=True)
            if text is not None and text.strip():
                self.chat.edit_and_resend(message.message_id, text.strip())
        elif action == "regenerate" and self.conversation_id is not None:
            self.chat.regenerate(self.conversation_id)
        elif action == "continue":
            self.chat.continue_reply(message.message_id)
        elif action == "delete":
            self.chat.delete_message(message.message_id)
        self._update_actions()

    @Slot(int)
    def _on_sidebar_conversation_selected(self, conversation_id: int) -> None:
        if conversation_id != self.conversation_id:
            self.open_conversation(conversation_id)

    @Slot(str)
    def _on_sidebar_search_changed(self, _text: str) -> None:
        self._refresh_sidebar()

    @Slot(str, int)
    def _on_sidebar_action_requested(self, action: str, conversation_id: int) -> None:
        if action == "rename":
            title = self._store.conversation(conversation_id).title
            new = self.ask_text("Rename conversation", "Title:", title)
            if new is not None and new.strip():
                self._store.rename_conversation(conversation_id, new)
                self._refresh_sidebar()
                self._update_header()
        elif action == "delete":
            self.delete_conversation(conversation_id)
        elif action == "export_markdown":
            self._export(conversation_id, "markdown")
        elif action == "export_json":
            self._export(conversation_id, "json")

    def delete_conversation(self, conversation_id: int) -> None:
        title = self._store.conversation(conversation_id).title
        if not self.ask_confirmation(
            "Delete conversation",
            f"Delete “{title}” and all its messages? This cannot be undone.",
        ):
            return
        if self.chat.streaming_message(conversation_id) is not None:
            self.chat.stop()
            self.show_notice(
                "A reply was being written in this conversation; it has been stopped. "
                "Choose Delete again to delete the conversation."
            )
            return
        self._store.delete_conversation(conversation_id)
        self._refresh_sidebar()
        if conversation_id == self.conversation_id:
            self.conversation_id = None
            remaining = self._store.conversations()
            if remaining:
                self.open_conversation(remaining[0].id)
            else:
                self.new_chat()

    def _export(self, conversation_id: int | None, kind: str) -> None:
        if conversation_id is None:
            return
        title = self._store.conversation(conversation_id).title
        safe = "".join(c if c.isalnum() or c in " -_" else "_" for c in title).strip() or "chat"
        suffix, filters = (
            (".md", "Markdown (*.md)") if kind == "markdown" else (".json", "JSON (*.json)")
        )
        path = self.ask_save_path("Export conversation", safe + suffix, filters)
        if not path:
            return
        try:
            if kind == "markdown":
                content = self._store.export_markdown(conversation_id)
            else:
                content = json.dumps(
                    self._store.export_json(conversation_id), ensure_ascii=False, indent=2
                )
            Path(path).write_text(content, encoding="utf-8")
        except OSError as error:
            self.show_notice(f"Could not export to {path}: {error.strerror or error}")
            return
        self.stats_label.setText(f"Exported to {path}")

    @Slot()
    def _on_import_triggered(self) -> None:
        path = self.ask_open_path("Import conversation", "Hearth conversation (*.json)")
        if not path:
            return
        try:
            conversation = self._store.import_json_text(Path(path).read_bytes())
        except OSError as error:
            self.show_notice(f"Could not read {path}: {error.strerror or error}")
            return
        except HistoryStoreError as error:
            self.show_notice(f"Could not read {path}: {error}")
            return
        self._refresh_sidebar()
        self.open_conversation(conversation.id)

    @Slot()
    def _on_open_model_triggered(self) -> None:
        path = self.ask_open_path("Open a GGUF model", "GGUF models (*.gguf);;All files (*)")
        if path:
            self.load_model(path)

    @Slot()
    def _on_starter_triggered(self) -> None:
        if self._starter_path is not None:
            self.load_model(self._starter_path)

    @Slot()
    def _on_about_triggered(self) -> None:
        from engine.llm.model import llama_cpp_version

        QMessageBox.about(
            self,
            "About Hearth",
            f"Hearth {__version__}\nPrivate AI chat with local models.\n"
            f"llama-cpp-python {llama_cpp_version()}",
        )

    # -- models ----------------------------------------------------------------------

    def library_models(self) -> list[tuple[str, str, bool]]:
        """(path, label, usable) of every model the menu and the picker offer."""
        if self.library is not None:
            entries = [(str(m.path), m.label, not m.problem) for m in self.library.models()]
        elif self._starter_path is not None:
            entries = [(self._starter_path, Path(self._starter_path).stem, True)]
        else:
            entries = []
        loaded = self._controller.model
        if loaded is not None and all(Path(p) != Path(loaded.path) for p, _, _ in entries):
            entries.append((loaded.path, loaded.name, True))
        return entries

    def loaded_model_path(self) -> str | None:
        model = self._controller.model
        return model.path if model is not None else None

    def library_changed(self) -> None:
        """A model was installed, imported or removed: refresh what offers models."""
        self._rebuild_model_picker()
        if self.translate_view is not None:
            self.translate_view.refresh_models()

    def _loaded_path(self) -> Path | None:
        model = self._controller.model
        return Path(model.path).resolve() if model is not None else None

    @Slot()
    def _rebuild_model_menu(self) -> None:
        menu = self.model_menu
        menu.clear()
        loaded = self._loaded_path()
        for path, label, usable in self.library_models():
            action = QAction(label, menu)
            action.setCheckable(True)
            action.setChecked(loaded is not None and Path(path).resolve() == loaded)
            action.setEnabled(usable and not self._controller.is_loading)
            action.setData(path)
            action.triggered.connect(self._on_model_action_triggered)
            menu.addAction(action)
        if not menu.actions():
            empty = menu.addAction("No models yet: open a .gguf file")
            empty.setEnabled(False)
        menu.addSeparator()
        if self.models is not None:
            menu.addAction(self.models.manage_action)
        menu.addAction(self.open_action)
        menu.addAction(self.cancel_load_action)
        menu.addAction(self.unload_action)
        menu.addAction(self.settings_action)
        menu.addAction(self.info_action)
        menu.addSeparator()
        menu.addAction(self.startup_action)

    def _update_model_actions(self) -> None:
        has_model = self._controller.model is not None
        self.cancel_load_action.setEnabled(self._controller.is_loading)
        self.unload_action.setEnabled(has_model)
        self.info_action.setEnabled(has_model)
        self.settings_action.setEnabled(has_model and self.model_settings is not None)

    def _rebuild_model_picker(self) -> None:
        picker = self.model_picker
        picker.blockSignals(True)
        picker.clear()
        loaded = self._loaded_path()
        if loaded is None:
            picker.addItem("No model loaded", None)
        for path, label, usable in self.library_models():
            picker.addItem(label, path)
            if not usable:
                picker.model().item(picker.count() - 1).setEnabled(False)  # type: ignore[attr-defined]
            if loaded is not None and Path(path).resolve() == loaded:
                picker.setCurrentIndex(picker.count() - 1)
        picker.setEnabled(not self._controller.is_loading)
        picker.blockSignals(False)
        self._update_model_actions()

    @Slot()
    def _on_model_action_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction) and action.data():
            self.load_model(str(action.data()))

    @Slot(int)
    def _on_model_picker_activated(self, index: int) -> None:
        path = self.model_picker.itemData(index)
        loaded = self._loaded_path()
        if path and (loaded is None or Path(path).resolve() != loaded):
            self.load_model(str(path))

    @Slot()
    def _on_model_info_triggered(self) -> None:
        from gui.models.model_info_dialog import ModelInfoDialog

        model = self._controller.model
        if model is not None:
            ModelInfoDialog(model.path, model, self).exec()

    @Slot(bool)
    def _on_startup_toggled(self, checked: bool) -> None:
        if self.app_settings is not None:
            self.app_settings.update(load_last_model=checked)

    @Slot()
    def _on_load_settings_triggered(self) -> None:
        from gui.models.load_settings_dialog import LoadSettingsDialog

        model = self._controller.model
        if model is None or self.model_settings is None:
            return
        dialog = LoadSettingsDialog(model.path, self.model_settings, self)
        if dialog.exec() == LoadSettingsDialog.DialogCode.Accepted:
            self.load_model(model.path)

    def _update_context_meter(self) -> None:
        model = self._controller.model
        meter = self.context_meter
        if model is None or self.conversation_id is None:
            meter.setRange(0, 1)
            meter.setValue(0)
            meter.setFormat("ctx –")
            return
        used = 0
        for message in reversed(self._store.messages(self.conversation_id)):
            stats = message.stats
            if stats:
                used = int(stats.get("prompt_tokens", 0)) + int(stats.get("completion_tokens", 0))
                break
        meter.setRange(0, model.n_ctx)
        meter.setValue(min(used, model.n_ctx))
        meter.setFormat(f"ctx {used:,}/{model.n_ctx:,}")
        full = used >= 0.85 * model.n_ctx
        meter.setToolTip(
            "The conversation nearly fills the context: the oldest messages will be "
            "left out of the next reply."
            if full
            else "Tokens of the context this conversation uses"
        )
        meter.setProperty("warning", full)
        meter.style().unpolish(meter)
        meter.style().polish(meter)

    # -- chat events -----------------------------------------------------------------

    @Slot(int, int, str)
    def _on_chat_reply_text_added(self, conversation_id: int, message_id: int, text: str) -> None:
        if conversation_id != self.conversation_id:
            return
        row = self.transcript_model.row_of(message_id)
        if row is not None:
            self.transcript_model.append_text(row, text)

    @Slot(int, int)
    def _on_chat_reply_ended(self, conversation_id: int, message_id: int) -> None:
        message = self._store.message(message_id)
        stats = ReplyStats.from_dict(message.stats) if message.stats else None
        if stats is not None:
            self.stats_label.setText(format_stats(stats))
        elif message.state in ("error", "interrupted"):
            self.stats_label.setText("The reply failed")
        self._update_context_meter()
        if conversation_id == self.conversation_id:
            row = self.transcript_model.row_of(message_id)
            if row is not None:
                self.transcript_model.finish(
                    row,
                    message.state,
                    text=message.content,
                    stats=stats,
                    error=message.error,
                )
        self._update_actions()

    @Slot(int)
    def _on_chat_conversation_changed(self, conversation_id: int) -> None:
        if conversation_id == self.conversation_id:
            self._sync_transcript()
        self._refresh_sidebar()
        self._update_actions()

    # -- controller events -----------------------------------------------------------

    @Slot(str)
    def _on_controller_model_loading(self, path: str) -> None:
        self.model_label.setText(f"Loading {Path(path).name}…")
        self.stats_label.setText(f"Loading {Path(path).name}…")
        self._rebuild_model_picker()
        self._update_actions()

    @Slot(str, int)
    def _on_controller_load_progressed(self, path: str, percent: int) -> None:
        self.stats_label.setText(f"Loading {Path(path).name}… {percent}%")

    @Slot(object)
    def _on_controller_model_loaded(self, info: ModelInfo) -> None:
        self.model_label.setText(_model_status(info))
        self.model_label.setToolTip(
            plain_tooltip(f"{info.path}\ncontext {info.n_ctx:,} tokens\n{info.placement}")
        )
        if self.library is not None:
            self.library.remember(info.path)
        if self.app_settings is not None:
            self.app_settings.update(last_model=info.path)
        if self.model_settings is not None and info.placement_fell_back:
            # More layers failed to load: start from what worked next time.
            self.model_settings.remember_placement(info.path, info.gpu_layers)
        self._rebuild_model_picker()
        self._update_context_meter()
        self.stats_label.setText(f"Model loaded in {info.load_seconds:.1f} s · {info.placement}")
        if not self._store.recovered_from:
            self.show_notice("")
        if self.models is not None:
            self.models.update_welcome()
        self._update_actions()

    @Slot(str, str)
    def _on_controller_model_load_failed(self, _path: str, message: str) -> None:
        model = self._controller.model
        self.model_label.setText(_model_status(model) if model else "No model loaded")
        self.stats_label.setText("The model could not be loaded")
        self.show_notice(message)
        self._rebuild_model_picker()
        self._update_actions()

    @Slot(str)
    def _on_controller_model_load_cancelled(self, path: str) -> None:
        if self._controller.is_loading:
            return  # superseded by a newer choice, whose progress is showing
        model = self._controller.model
        self.model_label.setText(_model_status(model) if model else "No model loaded")
        self.stats_label.setText(f"Loading {Path(path).name} was cancelled")
        self._rebuild_model_picker()
        self._update_actions()

    @Slot()
    def _on_controller_model_unloaded(self) -> None:
        self.model_label.setText("No model loaded")
        if self.models is not None:
            self.models.update_welcome()
        self._rebuild_model_picker()
        self._update_context_meter()
        self._update_actions()

    # -- state -----------------------------------------------------------------------

    def _reload_transcript(self) -> None:
        if self.conversation_id is None:
            self.transcript_model.clear()
            return
        rows = [
            _transcript_message(m, self.chat.streaming_text(m.id))
            for m in self._store.messages(self.conversation_id)
        ]
        self.transcript_model.set_messages(rows)
        self._update_header()

    def _sync_transcript(self) -> None:
        """Bring the transcript up to date with the store, touching only what changed.

        Rebuilding every message widget on each send would make each turn of a long
        conversation slower than the last.
        """
        if self.conversation_id is None:
            return
        stored = self._store.messages(self.conversation_id)
        model = self.transcript_model
        shown = [model.message(row).message_id for row in range(model.rowCount())]
        if [m.id for m in stored[: len(shown)]] != shown:
            self._reload_transcript()
            return
        for row, message in enumerate(stored):
            current = _transcript_message(message, self.chat.streaming_text(message.id))
            if row >= len(shown):
                model.append_message(current)
            elif model.message(row) != current:
                model.replace(row, current)
        self._update_header()

    def _update_header(self) -> None:
        if self.conversation_id is None:
            self.title_label.setText("")
            return
        conversation = self._store.conversation(self.conversation_id)
        self.title_label.setText(conversation.title)
        prompt = conversation.system_prompt
        self.system_prompt_button.setToolTip(plain_tooltip(prompt or "No system prompt"))
        self.system_prompt_button.setText("System prompt ✓" if prompt else "System prompt…")
        sampling = self.chat.sampling_for(self.conversation_id)
        self.sampling_button.setToolTip(
            f"temperature {sampling.temperature:g} · top_p {sampling.top_p:g} · "
            f"top_k {sampling.top_k} · min_p {sampling.min_p:g} · "
            f"max {sampling.max_tokens} tokens · "
            + ("seed " + str(sampling.seed) if sampling.seed is not None else "random seed")
        )

    @Slot()
    def _refresh_sidebar(self) -> None:
        query = self.sidebar.search.text().strip()
        if query:
            self.conversation_model.show_search_results(self._store.search(query))
        else:
            self.conversation_model.show_conversations(self._store.conversations())
        self.sidebar.select(self.conversation_id)

    @Slot()
    def _update_actions(self) -> None:
        streaming = self.is_streaming
        self.send_button.setEnabled(not streaming and not self.input.document().isEmpty())
        self.stop_button.setEnabled(streaming)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Cancel events are set here, on the GUI thread: the worker sees them even in
        # the middle of a prompt, so the app's shutdown does not wait for it to end.
        if self.translate_view is not None:
            self.translate_view.stop()
        self.chat.shutdown()
        self._controller.cancel_all()
        self._controller.cancel_load()
        if self.models is not None:
            # Running downloads pause; their bytes stay for Resume after a restart.
            self.models.shutdown()
        super().closeEvent(event)
