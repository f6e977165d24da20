"""Uncaught exceptions: logged with their traceback and shown, never silently lost.

PySide6 hands an exception that escapes a slot to ``sys.excepthook`` and carries on;
the default hook prints to a terminal the user does not have. :class:`CrashHandler`
replaces it while the window runs: it writes the traceback to the log (hearth.log)
and shows an error dialog, and the app keeps running.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from gui.common.dialogs import error_box

log = logging.getLogger(__name__)

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


class CrashHandler(QObject):
    """Installs itself as ``sys.excepthook`` between :meth:`install` and :meth:`uninstall`
    (or as a context manager).

    Signals:
        exception_caught(str, str): a short summary and the full traceback; emitted on
            the thread that raised, delivered to the dialog on the GUI thread.
    """

    exception_caught = Signal(str, str)

    def __init__(
        self,
        log_hint: str = "",
        parent_widget: Callable[[], QWidget | None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._log_hint = log_hint
        self._parent_widget = parent_widget or (lambda: None)
        self._previous: ExceptHook | None = None
        self.dialog: QMessageBox | None = None
        self.caught = 0
        # Queued even on the GUI thread: the dialog opens after the failing slot has
        # returned, not inside it.
        self.exception_caught.connect(self._on_exception_caught, Qt.ConnectionType.QueuedConnection)

    def set_parent_widget(self, widget: QWidget | None) -> None:
        """The window dialogs are shown over (None: no parent)."""
        self._parent_widget = lambda: widget

    def install(self) -> CrashHandler:
        if self._previous is None:
            self._previous = sys.excepthook
            sys.excepthook = self._hook
        return self

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook = self._previous
            self._previous = None

    def __enter__(self) -> CrashHandler:
        return self.install()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.uninstall()

    def _hook(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt) and self._previous is not None:
            self._previous(exc_type, exc, tb)
            return
        self.caught += 1
        log.critical("Uncaught exception", exc_info=(exc_type, exc, tb))
        summary = "".join(traceback.format_exception_only(exc_type, exc)).strip()
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        self.exception_caught.emit(summary, details)

    @Slot(str, str)
    def _on_exception_caught(self, summary: str, details: str) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            # One dialog at a time (a timer slot may raise on every tick); the log has
            # every one.
            return
        if QApplication.instance() is None:
            return
        if self._log_hint:
            # A fixed context: tr() would take a subclass's name.
            text = QCoreApplication.translate(
                "CrashHandler",
                "Something went wrong: {error}\n\nHearth keeps running. The details are in {log}.",
            ).format(error=summary, log=self._log_hint)
        else:
            text = QCoreApplication.translate(
                "CrashHandler", "Something went wrong: {error}\n\nHearth keeps running."
            ).format(error=summary)
        # The message can carry text from a model or a file: error_box is plain text.
        box = error_box(
            self._parent_widget(),
            QCoreApplication.translate("CrashHandler", "Hearth hit an unexpected error"),
            text,
            details,
        )
        box.finished.connect(self._on_dialog_finished)
        self.dialog = box
        box.show()

    @Slot()
    def _on_dialog_finished(self) -> None:
        self.dialog = None
