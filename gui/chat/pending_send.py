"""A message sent before a model is loaded: it waits in the box until the model is
ready, then goes; a failed or cancelled load leaves it there, unsent."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot

from gui.common.ui_locale import QT_TRANSLATE_NOOP
from gui.inference.controller import InferenceController

LOADING_NOTE = QT_TRANSLATE_NOOP(
    "PendingSend", "Loading the model…; your message will be sent when it is ready."
)
CHOOSE_NOTE = QT_TRANSLATE_NOOP(
    "PendingSend",
    "No model is loaded yet. Choose one with File → Open model… (Ctrl+O); your message "
    "will be sent when it is ready.",
)
CANCELLED_NOTE = QT_TRANSLATE_NOOP(
    "PendingSend",
    "Loading the model was cancelled; your message was not sent (it is still in the box).",
)
FAILED_STATUS = QT_TRANSLATE_NOOP(
    "PendingSend", "Your message was not sent; it is still in the box."
)


class PendingSend(QObject):
    """Holds a Send pressed while no model is loaded.

    Signals:
        model_wanted(): a model is needed and none is loading (the app loads the
            remembered one).
        ready(): the model loaded: send what is in the box now.
        notice(str): what happens to the message ("" hides the notice).
        status_message(str): a short line for the status bar.
    """

    model_wanted = Signal()
    ready = Signal()
    notice = Signal(str)
    status_message = Signal(str)

    def __init__(self, controller: InferenceController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self.waiting = False
        controller.model_loaded.connect(self._on_controller_model_loaded)
        controller.model_load_failed.connect(self._on_controller_model_load_failed)
        controller.model_load_cancelled.connect(self._on_controller_model_load_cancelled)

    def wait_for_model(self) -> None:
        """Send once a model is loaded: ask for one unless a load is under way."""
        self.waiting = True
        if not self._controller.is_loading:
            self.model_wanted.emit()
        # A load started by model_wanted (or one already running) is said as such; with
        # no model to load, the user is told how to choose one.
        self.notice.emit(self.tr(LOADING_NOTE if self._controller.is_loading else CHOOSE_NOTE))

    @Slot(object)
    def _on_controller_model_loaded(self, _info: object) -> None:
        if self.waiting:
            self.waiting = False
            self.notice.emit("")
            self.ready.emit()

    @Slot(str, object)
    def _on_controller_model_load_failed(self, _path: str, _message: str) -> None:
        # The model menu shows why the load failed; this only says the text stayed.
        if self.waiting and not self._controller.is_loading:
            self.waiting = False
            self.status_message.emit(self.tr(FAILED_STATUS))

    @Slot(str)
    def _on_controller_model_load_cancelled(self, _path: str) -> None:
        if self.waiting and not self._controller.is_loading:  # not superseded by a newer load
            self.waiting = False
            self.notice.emit(self.tr(CANCELLED_NOTE))
