"""The rows under the texts: Translate, Retranslate, Stop, Open document, Save, Copy and
the progress bar; then the open document's name (with Close document); then the status
message, wrapped to the lines it needs."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from engine.translation.job import TranslationJob
from gui.common.buttons import push_button
from gui.common.elided_label import ElidedLabel, WrappingLabel
from gui.common.engine_text import shown
from gui.common.ui_locale import join_sentences
from gui.translate.runner import JobEnd, untranslated_marker

COPIED_MS = 1500  # how long the Copy button says "Copied"


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
        #: the button that translates the source text
        self.translate_button = QPushButton(self.tr("Translate"), self)
        self.translate_button.setObjectName("translateButton")
        self.translate_button.setDefault(True)
        self.translate_button.setToolTip(self.tr("Translate (Ctrl+Enter)"))
        self.translate_button.setAccessibleDescription(
            self.tr("Translate the text or the open document (Ctrl+Enter)")
        )
        self.retranslate_button = push_button(
            self, self.tr("Retranslate"), name="retranslateButton"
        )
        self.retranslate_button.setToolTip(
            self.tr(
                "Translate every segment again with the chosen model, without reusing the "
                "translation memory"
            )
        )
        self.retranslate_button.setAccessibleDescription(self.retranslate_button.toolTip())
        self.retranslate_button.setEnabled(False)  # until there is a text
        self._has_text = False
        #: stops a translation that is running
        self.stop_button = push_button(self, self.tr("Stop"), name="stopTranslationButton")
        self.stop_button.setToolTip(self.tr("Stop translating; Translate continues later"))
        self.stop_button.setAccessibleDescription(self.stop_button.toolTip())
        self.stop_button.setEnabled(False)
        self.open_button = push_button(self, self.tr("Open document…"), name="openDocumentButton")
        self.open_button.setAccessibleDescription(
            self.tr("Open a text, Markdown, subtitle, HTML or Word document to translate")
        )
        self.close_document_button = push_button(
            self, self.tr("Close document"), name="closeDocumentButton"
        )
        self.close_document_button.hide()
        self.save_button = push_button(
            self, self.tr("Save translation…"), name="saveTranslationButton"
        )
        #: copies the translation to the clipboard
        self.copy_button = push_button(self, self._copy_label(), name="copyTranslationButton")
        self.copy_button.setAccessibleDescription(self.tr("Copy the translation"))
        # "name: N segments (kind)": the middle of a long name goes, the count stays.
        self.document_label = _elided_label(self, "documentLabel", Qt.TextElideMode.ElideMiddle)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("translationProgress")
        self.progress.setMaximumWidth(260)
        # Beside the buttons, it yields to them in a narrow window (the status says how
        # far a run is as well).
        self.progress.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.progress.setMinimumWidth(48)
        self.progress.setAccessibleName(self.tr("Translation progress"))
        # A message is shown whole, on the lines it needs (up to four).
        self.status = WrappingLabel(self)
        self.status.setObjectName("translationStatus")
        self.status.setAccessibleName(self.tr("Translation status"))
        # Rows, so that the buttons keep their labels in a narrow window: the buttons and
        # the progress bar, then the open document (elided), then the status message.
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
        buttons.addWidget(self.progress, 3)  # to its maximum width, where there is room
        details = QHBoxLayout()
        details.addWidget(self.document_label, 1)
        details.addWidget(self.close_document_button)
        self.document_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addLayout(details)
        layout.addWidget(self.status)

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

    def show_progress(
        self, job: TranslationJob, running: bool, sent_to: str = "", current: int | None = None
    ) -> None:
        """``sent_to``: the remote engine the text goes to ("" for a local model);
        ``current``: the segment the model is translating, which the Segments table
        marks (else the next one by the count done)."""
        self.progress.setMaximum(max(1, job.total))
        self.progress.setValue(job.reached)
        eta = job.eta_seconds()
        if running:
            parts = [
                self.tr("Segment {current} of {total}").format(
                    current=current + 1 if current is not None else min(job.done + 1, job.total),
                    total=job.total,
                ),
                self.tr("{count} from memory").format(count=job.from_memory()),
            ]
            if eta is not None:
                parts.append(self.tr("about {seconds} s left").format(seconds=f"{eta:.0f}"))
            if sent_to:
                parts.append(self.tr("not offline: sent to {engine}").format(engine=sent_to))
            self.status.setText(" · ".join(parts))

    def _copy_label(self) -> str:
        return self.tr("Copy")

    def show_copied(self) -> None:
        """Say on the Copy button, for a moment, that the translation was copied (the
        status line keeps the run's summary)."""
        self.copy_button.setText(self.tr("Copied"))
        QTimer.singleShot(COPIED_MS, self, lambda: self.copy_button.setText(self._copy_label()))

    def show_end(self, job: TranslationJob | None, how: JobEnd, message: str) -> None:
        """The summary of a run that ended ``how`` (``message``: the error of a failure)."""
        if job is not None:
            flagged = sum(1 for r in job.results.values() if r.issues)
            counts = {"done": job.done, "total": job.total, "memory": job.from_memory()}
            if flagged:
                summary = self.tr(
                    "{done}/{total} segments, {memory} from memory, {flagged} flagged "
                    "(see Segments)"
                ).format(flagged=flagged, **counts)
            else:
                summary = self.tr("{done}/{total} segments, {memory} from memory").format(**counts)
            if how == JobEnd.STOPPED and job.kept_any:
                # A stopped Retranslate: what it did not reach is as it was.
                translated = job.translated_again()
                again = (
                    self.tr(
                        "Stopped after translating {again} of {total} segments again.",
                    ).format(again=translated, total=job.total)
                    if translated
                    else self.tr("Stopped before it translated a segment again.")
                )
                parts = [again]
                if job.kept_earlier:
                    parts.append(self._kept_note(job))
                if flagged:
                    parts.append(self.tr("%Ln flagged (see Segments).", "", flagged))
                if job.untranslated:
                    parts.append(
                        self.tr(
                            "{untranslated} not translated (shown as {marker}); Translate "
                            "continues from there."
                        ).format(untranslated=job.untranslated, marker=untranslated_marker())
                    )
                self.status.setText(join_sentences(parts))
            elif how == JobEnd.STOPPED:
                self.status.setText(
                    self._with_replayed(
                        job,
                        self.tr(
                            "Stopped at {summary}; {untranslated} not translated (shown as "
                            "{marker}); Translate continues from there."
                        ).format(
                            summary=summary,
                            untranslated=job.untranslated,
                            marker=untranslated_marker(),
                        ),
                    )
                )
            elif how == JobEnd.DONE:
                self.status.setText(
                    self._with_replayed(job, self.tr("Done: {summary}.").format(summary=summary))
                )
            self.show_progress(job, running=False)
        if how == JobEnd.FAILED:
            text = self.tr("Translation stopped: {error}").format(error=shown(message))
            if job is not None and job.kept_earlier:
                text = join_sentences([text, self._kept_note(job)])
            self.status.setText(text)

    def _with_replayed(self, job: TranslationJob, text: str) -> str:
        """``text`` and, where any of the job's translations is the model's earlier
        reply (SegmentResult.replayed), how many are: as the Segments table shows them,
        like the count from memory."""
        replayed = sum(1 for r in job.results.values() if r.replayed)
        if not replayed:
            return text
        return join_sentences(
            [
                text,
                self.tr(
                    "%Ln translation(s) reuse the model's reply from an earlier run "
                    "(Retranslate asks the model again).",
                    "",
                    replayed,
                ),
            ]
        )

    def _kept_note(self, job: TranslationJob) -> str:
        """What a Retranslate that ended early left as it was."""
        return self.tr(
            "%Ln segment(s) it had not reached keep their earlier translation.",
            "",
            len(job.kept_earlier),
        )
