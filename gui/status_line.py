"""The status bar's contents: the last event (reply statistics, load progress), the
context meter and the loaded model."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar

from engine.llm.model import ModelInfo
from gui.common.markdown_render import plain_tooltip
from gui.inference.controller import InferenceController

# From this share of the context on, the meter warns that old messages will be left out.
CONTEXT_WARNING_SHARE = 0.85


def model_status(info: ModelInfo) -> str:
    """The status bar's short line: name, quantization and where it runs."""
    name = info.name if len(info.name) <= 32 else info.name[:31] + "…"
    if info.architecture == "remote":  # nothing runs here: say where it does
        return f"{name} · {info.placement}"
    where = (
        f"{info.gpu_layers}/{info.total_layers} layers on {info.backend}"
        if info.gpu_layers
        else "CPU"
    )
    return f"{name} · {info.quantization} · {where}"


class StatusLine(QObject):
    """Fills a status bar and follows the inference controller's load events.

    ``context_used`` answers how many tokens the open conversation used last (None:
    no conversation is open); :meth:`refresh_context` asks it again.
    """

    def __init__(
        self,
        bar: QStatusBar,
        controller: InferenceController,
        context_used: Callable[[], int | None],
    ) -> None:
        super().__init__(bar)
        self._controller = controller
        self._context_used = context_used
        # Model names, paths and error messages come from outside: plain text only.
        self.model_label = QLabel("No model loaded", bar)
        self.model_label.setObjectName("modelStatus")
        self.model_label.setTextFormat(Qt.TextFormat.PlainText)
        self.stats_label = QLabel("", bar)
        self.stats_label.setObjectName("replyStats")
        self.stats_label.setTextFormat(Qt.TextFormat.PlainText)
        self._showing_chat_line = False
        self.context_meter = QProgressBar(bar)
        self.context_meter.setObjectName("contextMeter")
        self.context_meter.setAccessibleName("Context used")
        self.context_meter.setMaximumWidth(180)
        self.context_meter.setTextVisible(True)
        self.context_meter.setFormat("ctx –")
        # The local API server's address while it runs.
        self.api_label = QLabel("", bar)
        self.api_label.setObjectName("apiStatus")
        self.api_label.setTextFormat(Qt.TextFormat.PlainText)
        self.api_label.setVisible(False)
        bar.addWidget(self.stats_label, 1)
        bar.addPermanentWidget(self.api_label)
        bar.addPermanentWidget(self.context_meter)
        bar.addPermanentWidget(self.model_label)
        controller.model_loading.connect(self._on_controller_model_loading)
        controller.load_progressed.connect(self._on_controller_load_progressed)
        controller.model_loaded.connect(self._on_controller_model_loaded)
        controller.model_load_failed.connect(self._on_controller_model_load_failed)
        controller.model_load_cancelled.connect(self._on_controller_model_load_cancelled)
        controller.model_unloaded.connect(self._on_controller_model_unloaded)

    @Slot(str)
    def show_api(self, text: str) -> None:
        """The API server's state ("API on http://…"); empty hides it."""
        self.api_label.setText(text)
        self.api_label.setToolTip(
            f"The local API server: base URL http://{text.split(' ')[2]}/v1" if text else ""
        )
        self.api_label.setVisible(bool(text))

    @Slot(str)
    def show_message(self, text: str) -> None:
        """Show the chat's line (a reply's statistics, "Generating…"); an empty text
        clears the chat's last line but leaves a model event (loaded, failed) shown."""
        if text or self._showing_chat_line:
            self.stats_label.setText(text)
            self._showing_chat_line = True

    def _show_event(self, text: str) -> None:
        self.stats_label.setText(text)
        self._showing_chat_line = False

    @Slot()
    def refresh_context(self) -> None:
        model = self._controller.model
        used = self._context_used()
        meter = self.context_meter
        if model is None or used is None or model.n_ctx <= 0:  # a remote model's is unknown
            meter.setRange(0, 1)
            meter.setValue(0)
            meter.setFormat("ctx –")
            return
        meter.setRange(0, model.n_ctx)
        meter.setValue(min(used, model.n_ctx))
        meter.setFormat(f"ctx {used:,}/{model.n_ctx:,}")
        full = used >= CONTEXT_WARNING_SHARE * model.n_ctx
        meter.setToolTip(
            "The conversation nearly fills the context: the oldest messages will be "
            "left out of the next reply."
            if full
            else "Tokens of the context this conversation uses"
        )
        meter.setProperty("warning", full)
        meter.style().unpolish(meter)
        meter.style().polish(meter)

    def _show_loaded_model(self) -> None:
        model = self._controller.model
        self.model_label.setText(model_status(model) if model else "No model loaded")

    @Slot(str)
    def _on_controller_model_loading(self, path: str) -> None:
        self.model_label.setText(f"Loading {Path(path).name}…")
        self._show_event(f"Loading {Path(path).name}…")

    @Slot(str, int)
    def _on_controller_load_progressed(self, path: str, percent: int) -> None:
        self._show_event(f"Loading {Path(path).name}… {percent}%")

    @Slot(object)
    def _on_controller_model_loaded(self, info: ModelInfo) -> None:
        self.model_label.setText(model_status(info))
        self.model_label.setToolTip(
            plain_tooltip(f"{info.path}\ncontext {info.n_ctx:,} tokens\n{info.placement}")
        )
        if info.architecture == "remote":
            self._show_event(f"Using {info.name} {info.placement}: messages are sent there")
        else:
            self._show_event(f"Model loaded in {info.load_seconds:.1f} s · {info.placement}")
        self.refresh_context()

    @Slot(str, str)
    def _on_controller_model_load_failed(self, _path: str, _message: str) -> None:
        self._show_loaded_model()
        self._show_event("The model could not be loaded")

    @Slot(str)
    def _on_controller_model_load_cancelled(self, path: str) -> None:
        if self._controller.is_loading:
            return  # superseded by a newer choice, whose progress is showing
        self._show_loaded_model()
        self._show_event(f"Loading {Path(path).name} was cancelled")

    @Slot()
    def _on_controller_model_unloaded(self) -> None:
        self.model_label.setText("No model loaded")
        self.model_label.setToolTip("")
        if not self._controller.is_loading:  # else the load in progress tells its own end
            self._show_event("Model unloaded: no model is loaded")
        self.refresh_context()
