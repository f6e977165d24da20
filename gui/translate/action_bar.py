"""The rows under the texts: Translate, Retranslate, Stop, Open document, Save, Copy and
the progress bar; then the open document's name (with Close document) and the status
line."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine.translation.job import NOT_TRANSLATED, TranslationJob
from gui.common.buttons import push_button
from gui.translate.elided_label import ElidedLabel
from gui.translate.runner import JobEnd


def _elided_label(
    parent: QWidget, name: str, mode: Qt.TextElideMode = Qt.TextElideMode.ElideRight
) -> ElidedLabel:
    """A file name or a message never widens the window: it is elided to fit."""
    label = ElidedLabel(parent=parent, mode=mode)
    label.setObjectName(name)
    return label


class ActionBar(QWidget):
    """Buttons only: the view connects their ``clicked`` to what they do."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.translate_button = QPushButton("Translate", self)
        self.translate_button.setObjectName("translateButton")
        self.translate_button.setDefault(True)
        self.translate_button.setToolTip("Ctrl+Enter")
        self.retranslate_button = push_button(self, "Retranslate", name="retranslateButton")
        self.retranslate_button.setToolTip(
            "Translate every segment again with the chosen model, without reusing the "
            "translation memory"
        )
        self.retranslate_button.setEnabled(False)  # until there is a text
        self._has_text = False
        self.stop_button = push_button(self, "Stop", name="stopTranslationButton")
        self.stop_button.setEnabled(False)
        self.open_button = push_button(self, "Open document…", name="openDocumentButton")
        self.close_document_button = push_button(self, "Close document", name="closeDocumentButton")
        self.close_document_button.hide()
        self.save_button = push_button(self, "Save translation…", name="saveTranslationButton")
        self.copy_button = push_button(self, "Copy", name="copyTranslationButton")
        # "name: N segments (kind)": the middle of a long name goes, the count stays.
        self.document_label = _elided_label(self, "documentLabel", Qt.TextElideMode.ElideMiddle)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("translationProgress")
        self.progress.setMaximumWidth(260)
        self.status = _elided_label(self, "translationStatus")
        # Two rows, so that the buttons keep their labels in a narrow window: the buttons,
        # then the open document, the status line (both elided) and the progress bar.
        buttons = QHBoxLayout()
        for widget in (
            self.translate_button,
            self.retranslate_button,
            self.stop_button,
            self.open_button,
            self.save_button,
            self.copy_button,
        ):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        details = QHBoxLayout()
        details.addWidget(self.document_label, 1)
        details.addWidget(self.close_document_button)
        details.addWidget(self.status, 1)
        details.addWidget(self.progress)
        self.document_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addLayout(details)

    def set_running(self, running: bool) -> None:
        self.translate_button.setEnabled(not running)
        self.retranslate_button.setEnabled(not running and self._has_text)
        self.stop_button.setEnabled(running)
        self.open_button.setEnabled(not running)
        self.close_document_button.setEnabled(not running)

    def follow_source(self, edit: QPlainTextEdit) -> None:
        """Retranslate is enabled only while ``edit`` holds a text (typed or opened)."""
        document = edit.document()

        def changed() -> None:
            self._has_text = bool(document.toPlainText().strip())
            self.retranslate_button.setEnabled(self._has_text and not self.stop_button.isEnabled())

        document.contentsChanged.connect(changed)
        changed()

    def show_document(self, label: str) -> None:
        """The open document's description, or "" (and no Close button) when none is."""
        self.document_label.setText(label)
        self.document_label.setVisible(bool(label))
        self.close_document_button.setVisible(bool(label))

    def show_progress(self, job: TranslationJob, running: bool, sent_to: str = "") -> None:
        """``sent_to``: the remote engine the text goes to ("" for a local model)."""
        self.progress.setMaximum(max(1, job.total))
        self.progress.setValue(job.done)
        eta = job.eta_seconds()
        if running:
            left = f" · about {eta:.0f} s left" if eta is not None else ""
            where = f" · not offline: sent to {sent_to}" if sent_to else ""
            self.status.setText(
                f"Segment {min(job.done + 1, job.total)} of {job.total} · "
                f"{job.from_memory()} from memory{left}{where}"
            )

    def show_end(self, job: TranslationJob | None, how: JobEnd, message: str) -> None:
        """The summary of a run that ended ``how`` (``message``: the error of a failure)."""
        if job is not None:
            flagged = sum(1 for r in job.results.values() if r.issues)
            summary = f"{job.done}/{job.total} segments, {job.from_memory()} from memory"
            if flagged:
                summary += f", {flagged} flagged (see Segments)"
            if how == JobEnd.STOPPED:
                self.status.setText(
                    f"Stopped at {summary}; {job.untranslated} not translated (shown as "
                    f"{NOT_TRANSLATED}); Translate continues from there."
                )
            elif how == JobEnd.DONE:
                self.status.setText(f"Done: {summary}.")
            self.show_progress(job, running=False)
        if how == JobEnd.FAILED:
            self.status.setText(f"Translation stopped: {message}")
