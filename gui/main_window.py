"""Hearth's main window: the transcript, the message box, and the model's status."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine import __version__
from engine.generation import ReplyStats
from engine.model import ModelInfo
from engine.settings import LoadSettings, SamplingSettings
from gui.inference_controller import InferenceController
from gui.message_input import MessageInput
from gui.transcript_model import (
    CANCELLED,
    COMPLETE,
    ERROR,
    STREAMING,
    TranscriptMessage,
    TranscriptModel,
)
from gui.transcript_view import TranscriptView, format_stats

log = logging.getLogger(__name__)

# The box refuses to send more than this many characters at once; the context check
# in the engine gives the precise answer for anything below it.
MAX_MESSAGE_CHARS = 4_000_000


class MainWindow(QMainWindow):
    """The chat window. Talks to the model only through the :class:`InferenceController`."""

    def __init__(
        self,
        controller: InferenceController,
        *,
        load_settings: LoadSettings | None = None,
        sampling: SamplingSettings | None = None,
        starter_path: str | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("Hearth")
        self.resize(900, 700)
        self._controller = controller
        self._load_settings = load_settings or LoadSettings()
        self._sampling = sampling or SamplingSettings()
        self._request_id: int | None = None
        self._request_row: int | None = None
        self._starter_path = starter_path

        self.transcript_model = TranscriptModel(self)
        self.transcript = TranscriptView(self.transcript_model, self)

        self.notice = QLabel(self)
        self.notice.setObjectName("noticeBanner")
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
        self.stop_button.setEnabled(False)

        buttons = QVBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        input_row = QHBoxLayout()
        input_row.addWidget(self.input, 1)
        input_row.addLayout(buttons)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.notice)
        layout.addWidget(self.transcript, 1)
        layout.addLayout(input_row)
        self.setCentralWidget(central)

        self.model_label = QLabel("No model loaded", self)
        self.model_label.setObjectName("modelStatus")
        self.stats_label = QLabel("", self)
        self.stats_label.setObjectName("replyStats")
        self.statusBar().addWidget(self.stats_label, 1)
        self.statusBar().addPermanentWidget(self.model_label)

        self._build_menus()

        self.input.submitted.connect(self._on_input_submitted)
        self.input.stop_requested.connect(self._on_stop_clicked)
        self.input.textChanged.connect(self._update_actions)
        self.send_button.clicked.connect(self._on_input_submitted)
        self.stop_button.clicked.connect(self._on_stop_clicked)
        controller.model_loading.connect(self._on_controller_model_loading)
        controller.model_loaded.connect(self._on_controller_model_loaded)
        controller.model_load_failed.connect(self._on_controller_model_load_failed)
        controller.model_unloaded.connect(self._on_controller_model_unloaded)
        controller.token_received.connect(self._on_controller_token_received)
        controller.reply_finished.connect(self._on_controller_reply_finished)
        controller.reply_failed.connect(self._on_controller_reply_failed)
        self._update_actions()
        self.input.setFocus()

    # -- menus -----------------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.open_action = QAction("&Open model…", self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self._on_open_model_triggered)
        file_menu.addAction(self.open_action)
        self.starter_action = QAction("Load the &starter model", self)
        self.starter_action.triggered.connect(self._on_starter_triggered)
        self.starter_action.setVisible(self._starter_path is not None)
        file_menu.addAction(self.starter_action)
        self.clear_action = QAction("&Clear conversation", self)
        self.clear_action.triggered.connect(self._on_clear_triggered)
        file_menu.addAction(self.clear_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu("&Help")
        about = QAction("&About Hearth", self)
        about.triggered.connect(self._on_about_triggered)
        help_menu.addAction(about)

    # -- public API ------------------------------------------------------------------

    def load_model(self, path: str) -> None:
        self._controller.load_model(path, self._load_settings)

    @property
    def is_streaming(self) -> bool:
        return self._request_id is not None

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    # -- user actions ----------------------------------------------------------------

    @Slot()
    def _on_input_submitted(self) -> None:
        text = self.input.message_text().strip()
        if not text or self.is_streaming:
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
        self.input.clear_message()
        self.transcript_model.append_message(TranscriptMessage("user", text))
        history = self.transcript_model.chat_messages()
        self._request_row = self.transcript_model.append_message(
            TranscriptMessage("assistant", "", STREAMING)
        )
        self._request_id = self._controller.generate(history, self._sampling)
        self.stats_label.setText("Generating…")
        self._update_actions()

    @Slot()
    def _on_stop_clicked(self) -> None:
        if self._request_id is not None:
            self._controller.cancel(self._request_id)
            self.stop_button.setEnabled(False)
            self.stats_label.setText("Stopping…")

    @Slot()
    def _on_open_model_triggered(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Open a GGUF model", "", "GGUF models (*.gguf);;All files (*)"
        )
        if path:
            self.load_model(path)

    @Slot()
    def _on_starter_triggered(self) -> None:
        if self._starter_path is not None:
            self.load_model(self._starter_path)

    @Slot()
    def _on_clear_triggered(self) -> None:
        if self._request_id is not None:
            self._controller.cancel(self._request_id)
        self._request_id = None
        self._request_row = None
        self.transcript_model.clear()
        self._update_actions()

    @Slot()
    def _on_about_triggered(self) -> None:
        from engine.model import llama_cpp_version

        QMessageBox.about(
            self,
            "About Hearth",
            f"Hearth {__version__}\nPrivate AI chat with local models.\n"
            f"llama-cpp-python {llama_cpp_version()}",
        )

    # -- controller events -----------------------------------------------------------

    @Slot(str)
    def _on_controller_model_loading(self, path: str) -> None:
        self.model_label.setText(f"Loading {path.rsplit('/', 1)[-1]}…")
        self._update_actions()

    @Slot(object)
    def _on_controller_model_loaded(self, info: ModelInfo) -> None:
        self.model_label.setText(
            f"{info.name} · {info.size_label} · {info.quantization} · ctx {info.n_ctx}"
        )
        self.model_label.setToolTip(info.path)
        self.stats_label.setText(f"Model loaded in {info.load_seconds:.1f} s")
        self.show_notice("")
        self._update_actions()

    @Slot(str, str)
    def _on_controller_model_load_failed(self, _path: str, message: str) -> None:
        model = self._controller.model
        self.model_label.setText(model.name if model else "No model loaded")
        self.show_notice(message)
        self._update_actions()

    @Slot()
    def _on_controller_model_unloaded(self) -> None:
        self.model_label.setText("No model loaded")
        self._update_actions()

    @Slot(int, str)
    def _on_controller_token_received(self, request_id: int, text: str) -> None:
        if request_id == self._request_id and self._request_row is not None:
            self.transcript_model.append_text(self._request_row, text)

    @Slot(int, str, object)
    def _on_controller_reply_finished(self, request_id: int, text: str, stats: ReplyStats) -> None:
        if request_id != self._request_id or self._request_row is None:
            return
        state = CANCELLED if stats.finish_reason == "cancelled" else COMPLETE
        self.transcript_model.finish(self._request_row, state, text=text, stats=stats)
        self.stats_label.setText(format_stats(stats))
        self._request_id = None
        self._request_row = None
        self._update_actions()

    @Slot(int, str)
    def _on_controller_reply_failed(self, request_id: int, message: str) -> None:
        if request_id != self._request_id or self._request_row is None:
            return
        self.transcript_model.finish(self._request_row, ERROR, error=message)
        self.stats_label.setText("The reply failed")
        self._request_id = None
        self._request_row = None
        self._update_actions()

    # -- state -----------------------------------------------------------------------

    @Slot()
    def _update_actions(self) -> None:
        streaming = self.is_streaming
        self.send_button.setEnabled(not streaming and not self.input.document().isEmpty())
        self.stop_button.setEnabled(streaming)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._request_id is not None:
            self._controller.cancel(self._request_id)
        super().closeEvent(event)
