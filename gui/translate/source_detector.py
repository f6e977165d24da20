"""Auto-detect as the user types: the source text's language, guessed off the GUI thread
(lingua builds its models on first use) once the typing pauses, so that the picker can
say "Auto-detect (English)" and the glossary and memory follow the detected pair."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from engine.translation.language_detect import detect_language
from gui.common.background import BackgroundTask, TaskContext, run_in_background
from gui.common.throttle import Throttle

DETECT_MS = 600  # after the typing pauses this long


class SourceDetector(QObject):
    """Signals: ``detected(code)``: the language of the latest text ("" when none
    stands out or the text is empty)."""

    detected = Signal(str)

    def __init__(self, text: Callable[[], str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = text
        self._throttle = Throttle(DETECT_MS, self._detect, self, restart=True)
        self._task: BackgroundTask[str] | None = None
        self._again = False  # the text changed while a detection ran

    def request(self) -> None:
        """The text changed: detect its language once the typing pauses."""
        self._throttle.request()

    def _detect(self) -> None:
        if self._task is not None and self._task.is_running():
            self._again = True
            return
        sample = self._text()[:4000]

        def work(_task: TaskContext) -> str:
            return detect_language(sample) or ""

        self._task = run_in_background(
            self, work, on_success=self._on_detected, on_failure=self._on_failed
        )

    def _on_detected(self, code: str) -> None:
        self.detected.emit(code)
        self._finish()

    def _on_failed(self, _message: str) -> None:
        # run_in_background has logged it; no language is claimed.
        self.detected.emit("")
        self._finish()

    def _finish(self) -> None:
        if self._again:
            self._again = False
            self._throttle.request()
