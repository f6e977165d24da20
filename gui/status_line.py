"""The status bar's contents: the last event (reply statistics, load progress), the
context meter and the loaded model. Loads that end are also told to screen readers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Slot
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar

from engine.llm.model import ModelInfo
from gui.common.announce import announce
from gui.common.elided_label import ElidedLabel
from gui.common.markdown_render import plain_tooltip
from gui.common.ui_locale import decimal, number
from gui.inference.controller import InferenceController
from gui.inference.placement_text import placement_text

# From this share of the context on, the meter warns that old messages will be left out.
CONTEXT_WARNING_SHARE = 0.85


def _remote_engine(info: ModelInfo) -> str:
    """ "name (host)" of the remote engine a remote model runs on."""
    return info.placement.removeprefix("on ")


def model_placement(info: ModelInfo) -> str:
    """Where a local model runs: "CPU", or how many of its layers are on which GPU."""
    if not info.gpu_layers:
        return "CPU"
    #: where a model runs: {gpu} of its {total} layers are on the {backend} (CUDA, Metal…)
    return QCoreApplication.translate("StatusLine", "{gpu}/{total} layers on {backend}").format(
        gpu=info.gpu_layers, total=info.total_layers, backend=info.backend
    )


def model_status(info: ModelInfo) -> str:
    """The status bar's short line: name, quantization and where it runs."""
    name = info.name if len(info.name) <= 32 else info.name[:31] + "…"
    if info.architecture == "remote":  # nothing runs here: say where it does
        #: {name}: a model; {engine}: the remote engine and host it runs on
        return QCoreApplication.translate("StatusLine", "{name} · on {engine}").format(
            name=name, engine=_remote_engine(info)
        )
    return f"{name} · {info.quantization} · {model_placement(info)}"


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
        self.model_label = QLabel(self._no_model(), bar)
        self.model_label.setObjectName("modelStatus")
        self.model_label.setTextFormat(Qt.TextFormat.PlainText)
        self.model_label.setAccessibleName(self.tr("Loaded model"))
        # Cut with "…" where the window is narrow, the whole line in its tooltip.
        self.stats_label = ElidedLabel("", bar)
        self.stats_label.setObjectName("replyStats")
        self.stats_label.setAccessibleName(self.tr("Status"))
        self._showing_chat_line = False
        self._chat_line = ""  # the chat's last line, kept while Translate mode hides it
        self._chat_shown = True
        self.context_meter = QProgressBar(bar)
        self.context_meter.setObjectName("contextMeter")
        self.context_meter.setAccessibleName(self.tr("Context used"))
        self.context_meter.setTextVisible(True)
        self.context_meter.setRange(0, 1)
        self.context_meter.setValue(0)  # below the minimum a progress bar shows no text
        self._set_meter_text(self._empty_meter())
        self.context_meter.setToolTip(self._meter_tooltip(full=False))
        self.context_meter.setAccessibleDescription(self._meter_tooltip(full=False))
        # The local API server's address while it runs.
        self.api_label = QLabel("", bar)
        self.api_label.setObjectName("apiStatus")
        self.api_label.setTextFormat(Qt.TextFormat.PlainText)
        self.api_label.setAccessibleName(self.tr("Local API server"))
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

    def _no_model(self) -> str:
        return self.tr("No model loaded")

    def _empty_meter(self) -> str:
        #: the context meter when no conversation or no local model: "ctx" is short for context
        return self.tr("ctx –")

    def _meter_tooltip(self, *, full: bool) -> str:
        if full:
            return self.tr(
                "The conversation nearly fills the context: the oldest messages will be "
                "left out of the next reply."
            )
        return self.tr("Tokens of the context this conversation uses")

    @Slot(str)
    def show_api(self, text: str) -> None:
        """The API server's state ("API on http://…"); empty hides it."""
        self.api_label.setText(text)
        self.api_label.setToolTip(
            self.tr("The local API server: base URL {url}").format(
                url=f"http://{text.split(' ')[2]}/v1"
            )
            if text
            else ""
        )
        self.api_label.setVisible(bool(text))

    @Slot(str)
    def show_message(self, text: str) -> None:
        """Show the chat's line (a reply's statistics, "Generating…"); an empty text
        clears the chat's last line but leaves a model event (loaded, failed) shown."""
        if text or self._showing_chat_line:
            self._chat_line = text
            self._showing_chat_line = True
            self.stats_label.setText(text)

    def show_chat_parts(self, shown: bool) -> None:
        """The chat's line and its context meter describe the open conversation:
        Translate mode hides the line left from Chat mode (a reply's statistics) and the
        meter, and Chat mode shows them again. A model event (loaded, failed) stays, and
        so does news that comes in Translate mode (Stopping…, an export)."""
        if shown == self._chat_shown:
            return
        self._chat_shown = shown
        self.context_meter.setVisible(shown)
        if self._showing_chat_line:
            self.stats_label.setText(self._chat_line if shown else "")

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
            self._set_meter_text(self._empty_meter())
            self._set_warning(False)
            return
        meter.setRange(0, model.n_ctx)
        meter.setValue(min(used, model.n_ctx))
        #: the context meter: {used} of the context's {size} tokens; "ctx" is short for context
        self._set_meter_text(
            self.tr("ctx {used}/{size}").format(used=number(used), size=number(model.n_ctx))
        )
        self._set_warning(used >= CONTEXT_WARNING_SHARE * model.n_ctx)

    def _set_warning(self, full: bool) -> None:
        """Colour the meter and say why when the context is nearly full."""
        meter = self.context_meter
        if meter.property("warning") == full:
            return  # refreshed several times a second while a reply streams
        meter.setToolTip(self._meter_tooltip(full=full))
        meter.setAccessibleDescription(self._meter_tooltip(full=full))
        meter.setProperty("warning", full)
        meter.style().unpolish(meter)
        meter.style().polish(meter)

    def _set_meter_text(self, text: str) -> None:
        """Show ``text`` on the meter, which is made wide enough for it (a translation
        may be longer than the English, and the status bar squeezes permanent widgets)."""
        meter = self.context_meter
        meter.setFormat(text)
        width = meter.fontMetrics().horizontalAdvance(text) + 24
        meter.setMinimumWidth(min(width, 260))
        meter.setMaximumWidth(max(180, min(width, 260)))

    def _show_loaded_model(self) -> None:
        model = self._controller.model
        self.model_label.setText(model_status(model) if model else self._no_model())

    @Slot(str)
    def _on_controller_model_loading(self, path: str) -> None:
        text = self.tr("Loading {file}…").format(file=Path(path).name)
        self.model_label.setText(text)
        self._show_event(text)

    @Slot(str, int)
    def _on_controller_load_progressed(self, path: str, percent: int) -> None:
        self._show_event(
            self.tr("Loading {file}… {percent}%").format(
                file=Path(path).name, percent=number(percent)
            )
        )

    @Slot(object)
    def _on_controller_model_loaded(self, info: ModelInfo) -> None:
        self.model_label.setText(model_status(info))
        if info.architecture == "remote":
            where = _remote_engine(info)
            self.model_label.setToolTip(plain_tooltip(f"{info.path}\n{where}"))
            self._show_event(
                self.tr("Using {name} on {engine}: messages are sent there").format(
                    name=info.name, engine=where
                )
            )
        else:
            where = placement_text(info.placement) if info.placement else model_placement(info)
            self.model_label.setToolTip(
                plain_tooltip(
                    info.path
                    + "\n"
                    + self.tr("context {size} tokens").format(size=number(info.n_ctx))
                    + "\n"
                    + where
                )
            )
            #: {seconds}: how long the load took; {where}: where the model runs, and why
            self._show_event(
                self.tr("Model loaded in {seconds} s · {where}").format(
                    seconds=decimal(info.load_seconds, 1), where=where
                )
            )
        announce(
            self.model_label,
            self.tr("Model loaded: {model}").format(model=model_status(info)),
        )
        self.refresh_context()

    @Slot(str, object)
    def _on_controller_model_load_failed(self, path: str, _message: str) -> None:
        self._show_loaded_model()
        self._show_event(self.tr("The model could not be loaded"))
        announce(
            self.stats_label,
            self.tr("{file} could not be loaded").format(file=Path(path).name),
            assertive=True,
        )

    @Slot(str)
    def _on_controller_model_load_cancelled(self, path: str) -> None:
        if self._controller.is_loading:
            return  # superseded by a newer choice, whose progress is showing
        self._show_loaded_model()
        self._show_event(self.tr("Loading {file} was cancelled").format(file=Path(path).name))

    @Slot()
    def _on_controller_model_unloaded(self) -> None:
        self.model_label.setText(self._no_model())
        self.model_label.setToolTip("")
        if not self._controller.is_loading:  # else the load in progress tells its own end
            self._show_event(self.tr("Model unloaded: no model is loaded"))
        self.refresh_context()
