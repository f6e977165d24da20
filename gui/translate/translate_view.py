"""The Translate view: a language pair, the source on the left and the translation on
the right (streaming), whole documents segment by segment, the glossary and the
translation memory. It composes the pieces of this package and wires their signals:
``PairBar`` and ``ModelPicker`` on top, the texts and the action row, the Segments,
Glossary and Memory tabs below, and the ``TranslationRunner`` that runs the job on the
inference thread like chat replies (the memory and glossary are small SQLite reads on
this thread)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QPlainTextEdit,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from engine.common.preferences import AppSettingsStore
from engine.models.model_library import ModelLibrary
from engine.translation.glossary import Glossary
from engine.translation.job import AUTO, SegmentResult, TranslationJob
from engine.translation.languages import language
from engine.translation.memory import TranslationMemory
from engine.translation.segmenter import Document, load_document, write_docx
from gui.common.announce import announce
from gui.common.dialogs import ask_open_path, ask_save_path
from gui.common.editing import commit_open_editor
from gui.common.engine_text import shown
from gui.common.throttle import Throttle
from gui.common.ui_locale import join_sentences
from gui.inference.controller import InferenceController
from gui.translate.action_bar import ActionBar
from gui.translate.edits import SegmentEdits
from gui.translate.glossary_panel import GlossaryPanel
from gui.translate.language_names import language_name
from gui.translate.memory_panel import MemoryPanel
from gui.translate.model_picker import ModelPicker
from gui.translate.output_text import (
    as_shown,
    in_view,
    pane_text,
    scroll_into_view,
    show_text,
    utf16_length,
)
from gui.translate.pair_bar import PairBar
from gui.translate.runner import (
    LARGE_DOCUMENT,
    JobEnd,
    JobRequest,
    TranslationRunner,
    untranslated_marker,
)
from gui.translate.segments_panel import SegmentsPanel
from gui.translate.source_detector import SourceDetector

RENDER_MS = 50  # the streaming output is re-rendered at most this often…
LARGE_RENDER_MS = 2000  # …and this often for a large document
DOCUMENT_FILTERS = str(
    QT_TRANSLATE_NOOP(
        "TranslateView",
        "Documents (*.txt *.md *.markdown *.srt *.html *.htm *.docx);;All files (*)",
    )
)


def composing(edit: QPlainTextEdit) -> bool:
    """Whether an input method is composing text in ``edit`` (preedit text shown at the
    cursor, not yet committed)."""
    layout = edit.textCursor().block().layout()
    return layout is not None and bool(layout.preeditAreaText())


def _direction(rtl: bool) -> Qt.LayoutDirection:
    return Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight


# TranslateView._followed once the reader has scrolled away from a run: a value no scroll
# bar has.
_SCROLLED_AWAY = -1


class TranslateView(QWidget):
    """Emits ``load_requested(path)`` when its chosen model must be loaded first."""

    load_requested = Signal(str)

    def __init__(
        self,
        controller: InferenceController,
        memory: TranslationMemory,
        *,
        library: ModelLibrary | None = None,
        settings: AppSettingsStore | None = None,
        remembered_model: Callable[[], str | None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("translateView")
        self.controller = controller
        # The model to load when Translate is pressed with none loaded (the Model menu's
        # choice, as Chat's Enter does: the last one loaded, or the library's only one).
        self._remembered_model = remembered_model
        self.memory = memory
        self.library = library
        self.settings = settings
        self._document_path: Path | None = None
        self._document: Document | None = None
        self._retranslate = False  # the run waiting for its model ignores the memory
        self._preparing = False  # a job is being made and started
        # Why the last Translate was refused (nothing to translate, the text already in
        # the target language), and the pair and text it was refused for: the status
        # says it until the user changes one of them.
        self._refusal: tuple[str, tuple[str, str, str]] | None = None
        # The note shown since the text ("text") or the pair ("pair") changed after a
        # run, and its words: it follows the text and the pair while it is shown.
        self._note: tuple[str, str] | None = None
        # How the last run ended (its error, if any), the note it added about Best
        # quality, and the summary shown: the summary follows the user's edits while it
        # is shown.
        self._end: tuple[JobEnd, str, str, str] | None = None
        self.runner = TranslationRunner(controller, memory, self)
        self._render = Throttle(RENDER_MS, self._render_output, self)

        self.pair_bar = PairBar(settings, self)
        self.model_picker = ModelPicker(library, self)
        self.model_picker.show_loaded(controller.model)
        controller.model_loaded.connect(self._on_controller_model_changed)
        controller.model_unloaded.connect(self._on_controller_model_changed)

        # -- texts --
        self.source_edit = QPlainTextEdit(self)
        self.source_edit.setObjectName("sourceText")
        self.source_edit.setPlaceholderText(self.tr("Type or paste text, or open a document…"))
        self.source_edit.setAccessibleName(self.tr("Text to translate"))
        self.source_edit.setAccessibleDescription(
            self.tr("Type or paste the text to translate; Ctrl+Enter translates it")
        )
        self.output_edit = QPlainTextEdit(self)
        self.output_edit.setObjectName("translationText")
        self.output_edit.setReadOnly(True)
        # Its text changes in place as a run goes on (show_text): no undo history.
        self.output_edit.setUndoRedoEnabled(False)
        self._shown = ""  # the text _render_output last put there (show_text)
        # The scroll position the output last followed a run to (None: not yet in this
        # run), and where the run's newest text ended in the output last shown, in
        # UTF-16 units (_render_output).
        self._followed: int | None = None
        self._edge: int | None = None
        self.output_edit.setPlaceholderText(
            self.tr("The translation appears here as it is written.")
        )
        self.output_edit.setAccessibleName(self.tr("Translation"))
        self.output_edit.setAccessibleDescription(
            self.tr("The translation of the text, read only; the Segments tab edits it")
        )
        texts = QSplitter(self)
        texts.addWidget(self.source_edit)
        texts.addWidget(self.output_edit)

        self.action_bar = ActionBar(self)
        bar = self.action_bar
        bar.stop_button.clicked.connect(self.stop)
        bar.open_button.clicked.connect(self._on_open_clicked)
        bar.close_document_button.clicked.connect(self.close_document)
        bar.save_button.clicked.connect(self._on_save_clicked)
        bar.copy_button.clicked.connect(self.copy_translation)

        # -- segments, glossary, memory --
        self.segments = SegmentsPanel(self)
        self.glossary_panel = GlossaryPanel(memory, self)
        self.memory_panel = MemoryPanel(memory, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("translateTabs")
        self.tabs.addTab(self.segments, self.tr("Segments"))
        self.tabs.addTab(self.glossary_panel, self.tr("Glossary"))
        #: the tab of the translation memory
        self.tabs.addTab(self.memory_panel, self.tr("Memory"))
        self.tabs.tabBar().setAccessibleName(self.tr("Segments, glossary and memory"))

        vertical = QSplitter(Qt.Orientation.Vertical, self)
        top_part = QWidget(self)
        top_layout = QVBoxLayout(top_part)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(texts, 1)
        top_layout.addWidget(self.action_bar)
        vertical.addWidget(top_part)
        vertical.addWidget(self.tabs)
        vertical.setSizes([430, 220])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pair_bar)
        layout.addWidget(self.model_picker)
        layout.addWidget(vertical, 1)

        # The widgets that tests and scripts drive, under their long-standing names.
        self.target_combo = self.pair_bar.target_combo
        self.swap_button = self.pair_bar.swap_button
        self.pairs_combo = self.pair_bar.pairs_combo
        self.favourite_button = self.pair_bar.favourite_button
        self.translate_button = bar.translate_button
        self.retranslate_button = bar.retranslate_button
        self.stop_button = bar.stop_button
        self.close_document_button = bar.close_document_button
        self.document_label = bar.document_label
        self.status = bar.status
        self.progress = bar.progress
        self.model_combo = self.model_picker.model_combo
        self.segments_table = self.segments.table
        self.glossary_table = self.glossary_panel.table

        self.pair_bar.pair_changed.connect(self._on_pair_changed)
        self.pair_bar.swap_requested.connect(self.swap)
        self.model_picker.reproducible_check.toggled.connect(self.runner.set_reproducible)
        self.model_picker.best_check.toggled.connect(self.runner.set_best_quality)
        self.translate_button.clicked.connect(self.translate)
        self.retranslate_button.clicked.connect(self.retranslate)
        self.detector = SourceDetector(self.source_edit.toPlainText, self)
        self.detector.detected.connect(self._on_language_detected)
        self.source_edit.textChanged.connect(self._on_source_edited)
        QShortcut(QKeySequence("Ctrl+Return"), self, self._on_translate_shortcut)
        self.edits = SegmentEdits(
            self.runner,
            self.segments,
            self.glossary_panel,
            self.memory_panel,
            self.status.setText,
            self,
        )
        self.edits.changed.connect(self._on_edited)
        self.action_bar.follow_source(self.source_edit)
        self.glossary_panel.status_changed.connect(self.status.setText)
        self.memory_panel.status_changed.connect(self.status.setText)
        self.runner.running_changed.connect(self._set_running)
        self.runner.status_changed.connect(self.status.setText)
        self.runner.load_requested.connect(self.load_requested)
        self.runner.model_ready.connect(self._on_model_ready)
        self.runner.job_created.connect(self._on_job_created)
        self.runner.segment_started.connect(self._on_segment_started)
        self.runner.segment_streamed.connect(self.segments.set_translation)
        self.runner.output_changed.connect(self._schedule_render)
        self.runner.result_ready.connect(self._on_result)
        self.runner.results_ready.connect(self._on_results)
        self.runner.finished.connect(self._on_finished)
        self._on_pair_changed(self.source_code, self.target_code)
        # The edits a crash or a killed process left unconfirmed (kept on disk).
        self.edits.restore_drafts()

    # -- the pair and the model ----------------------------------------------------------------

    @property
    def source_code(self) -> str:
        return self.pair_bar.source_code

    @property
    def target_code(self) -> str:
        return self.pair_bar.target_code

    def set_pair(self, source: str, target: str) -> None:
        self.pair_bar.set_pair(source, target)

    def refresh_models(self) -> None:
        self.model_picker.refresh_models()

    def swap(self) -> None:
        """Swap the languages; the translation (of a typed text) becomes the source."""
        job = self.job
        translated = pane_text(self.output_edit, self._shown)
        self.pair_bar.swap(job.source_lang if job is not None else AUTO)
        if translated.strip() and self._document_path is None:
            self.source_edit.setPlainText(translated)
            self.output_edit.clear()

    def _on_language_detected(self, code: str) -> None:
        if self.source_code == AUTO and not self.running:
            self.pair_bar.set_detected(code or None)

    def _on_pair_changed(self, source: str, target: str) -> None:
        target_rtl = language(target).rtl
        direction = _direction(target_rtl)
        self.output_edit.setLayoutDirection(direction)
        option = self.output_edit.document().defaultTextOption()
        option.setTextDirection(direction)
        option.setAlignment(
            Qt.AlignmentFlag.AlignRight if target_rtl else Qt.AlignmentFlag.AlignLeft
        )
        self.output_edit.document().setDefaultTextOption(option)
        self.source_edit.setLayoutDirection(_direction(source != AUTO and language(source).rtl))
        self.glossary_panel.set_pair(source, target)
        self.memory_panel.set_pair(source, target)
        self._forget_refusal()
        if self.running or self._preparing:
            return
        if self._result_is_of_another_pair(source, target):
            # The table and the output are in the pair before: Copy or Save must not
            # hand them over as the new pair's. Unconfirmed edits wait for their pair.
            self._drop_result("")
            self._show_note("pair")
        elif self._note is not None and self.status.text() == self._note[1]:
            self._show_note(self._note[0])  # the note follows the pair

    def _refused_for(self) -> tuple[str, str, str]:
        """The chosen pair (Auto-detect as such, not the language it found) and text."""
        return (self.source_code, self.target_code, self.source_edit.toPlainText())

    def _forget_refusal(self) -> None:
        """A refused Translate's reason no longer holds once the user changed the chosen
        pair or the text: it must not stay on screen as if it did. (Auto-detect finding
        the language after the refusal changes neither; another message since then is
        not the refusal's to clear.)"""
        if self._refusal is None or self.running:
            return
        shown, refused_for = self._refusal
        if self.status.text() != shown:
            self._refusal = None
        elif self._refused_for() != refused_for:
            self._refusal = None
            self.status.clear()

    def _result_is_of_another_pair(self, source: str, target: str) -> bool:
        """The last run translated into another target, or from another source that was
        chosen (a source set to, or left by the job on, Auto-detect is judged again by
        the next Translate)."""
        job = self.job
        if job is None:
            return False
        if target != job.target.code:
            return True
        explicit = self.pair_bar.source_code != AUTO and job.source_lang != AUTO
        return explicit and source != job.source_lang

    # -- glossary (the Glossary tab) ----------------------------------------------------------

    def glossary(self) -> Glossary:
        return self.glossary_panel.glossary()

    def set_glossary(self, glossary: Glossary) -> None:
        self.glossary_panel.set_glossary(glossary)

    def import_glossary(self, path: Path) -> None:
        self.glossary_panel.import_glossary(path)

    # -- the document --------------------------------------------------------------------------

    def open_document(self, path: str | Path) -> bool:
        try:
            document = load_document(Path(path), self.runner.max_chars())
        except (OSError, ValueError) as error:
            self.status.setText(shown(error))  # the engine's message says which file and why
            return False
        self._document_path = Path(path)
        self._document = document
        self.source_edit.blockSignals(True)
        if document.kind == "docx":
            self.source_edit.setPlainText("\n\n".join(document.segments()))
        else:
            segments: list[str | None] = list(document.segments())
            self.source_edit.setPlainText(document.rebuild(segments).replace("\r\n", "\n"))
        self.source_edit.setReadOnly(True)
        self.source_edit.blockSignals(False)
        self.detector.request()
        self.action_bar.show_document(
            self.tr("{file}: %Ln segment(s) ({kind})", "", len(document.segments())).format(
                file=Path(path).name, kind=document.kind
            )
        )
        self._drop_result("")  # the run, notes and summary were of the text before
        self._note = self._end = None
        return True

    def close_document(self) -> None:
        """Back to typing or pasting text (the open document's text stays, editable)."""
        if self.running:
            return
        self._document_path = None
        self._document = None
        self.runner.drop_job()
        self.source_edit.setReadOnly(False)
        self.action_bar.show_document("")

    def save_translation(self, path: Path) -> None:
        job = self.job
        assert job is not None
        try:
            if job.document.kind == "docx":
                write_docx(job.document, job.translations(untranslated_marker()), path)
            else:
                path.write_text(job.output(untranslated_marker()), encoding="utf-8", newline="")
        except (OSError, ValueError) as error:
            self.status.setText(self.tr("Cannot save: {error}").format(error=shown(error)))
            return
        untranslated = job.untranslated
        if untranslated and self.runner.translating:
            self.status.setText(
                self.tr(
                    "Saved {file}: %Ln of {total} segment(s) are not translated yet, "
                    "marked {marker}. The translation is still running; save again when "
                    "it is done.",
                    "",
                    untranslated,
                ).format(file=path.name, total=job.total, marker=untranslated_marker())
            )
        elif untranslated:
            self.status.setText(
                self.tr(
                    "Saved {file}: %Ln of {total} segment(s) are not translated, "
                    "marked {marker} (Translate continues, then save again).",
                    "",
                    untranslated,
                ).format(file=path.name, total=job.total, marker=untranslated_marker())
            )
        else:
            self.status.setText(self.tr("Saved {file}.").format(file=path.name))

    def copy_translation(self) -> None:
        text = pane_text(self.output_edit, self._shown)
        QGuiApplication.clipboard().setText(text)
        if text:
            self.action_bar.show_copied()

    def _on_open_clicked(self) -> None:
        path = ask_open_path(
            self, self.tr("Open a document to translate"), self.tr(DOCUMENT_FILTERS)
        )
        if path:
            self.open_document(path)

    def _on_save_clicked(self) -> None:
        job = self.job
        if job is None or not job.results:
            if self.runner.translating:
                self.status.setText(
                    self.tr(
                        "Nothing translated yet. The translation is running; save when a "
                        "segment is done."
                    )
                )
            else:
                self.status.setText(self.tr("Nothing translated yet."))
            return
        if self._document_path is not None:
            suggested = str(
                self._document_path.with_suffix(f".{job.target.code}{self._document_path.suffix}")
            )
        else:
            suggested = str(Path.home() / f"translation.{job.target.code}.txt")
        path = ask_save_path(
            self, self.tr("Save the translation"), suggested, self.tr("All files (*)")
        )
        if path:
            self.save_translation(Path(path))

    def _on_source_edited(self) -> None:
        self._forget_refusal()
        if self._document_path is None and not self.running and self.job is not None:
            # The table and the output were of the text before: they go, so that neither
            # is taken for (or edited as) a translation of the new one. Edits not yet
            # confirmed wait for the next run, for the paragraphs that did not change.
            self._drop_result("")
            self._show_note("text")
        elif (
            self._note is not None
            and self.status.text() == self._note[1]
            and self.source_edit.document().characterCount() < LARGE_DOCUMENT
        ):
            # Typing on: the note follows the text (an edited paragraph gone, or back);
            # in a long text it stays as it was, rather than cut the text per keystroke.
            self._show_note(self._note[0])
        if self.source_code == AUTO:
            self.detector.request()

    def _show_note(self, kind: str) -> None:
        """What to do after the text (``kind`` "text") or the pair ("pair") changed
        since the last run, and whether unconfirmed edits come back: those of the pair
        chosen whose paragraphs are in the text do, the others wait for their pair."""
        text = self.source_edit.toPlainText()
        pairs = self.runner.edits_in(text, self._document) if text.strip() else set()
        back = (self.pair_bar.effective_source, self.target_code) in pairs
        if kind == "text" and not text.strip():
            note = ""  # cleared: the empty box says what to do
        elif kind == "text" and back:
            note = self.tr(
                "The text changed: Translate (Ctrl+Enter) to translate it; your "
                "unconfirmed edits come back with their paragraphs."
            )
        elif kind == "text" and self.edits.pending():
            note = self.tr(
                "The text changed: Translate (Ctrl+Enter) to translate it; your "
                "unconfirmed edits wait for their paragraphs."
            )
        elif kind == "text":
            note = self.tr("The text changed: Translate (Ctrl+Enter) to translate it.")
        elif back:
            note = self.tr(
                "The language pair changed: Translate (Ctrl+Enter) to translate into "
                "{language}; your unconfirmed edits come back with their paragraphs."
            )
        elif pairs:
            note = self.tr(
                "The language pair changed: Translate (Ctrl+Enter) to translate into "
                "{language}; your unconfirmed edits wait for their pair."
            )
        else:
            note = self.tr(
                "The language pair changed: Translate (Ctrl+Enter) to translate into {language}."
            )
        note = note.format(language=language_name(self.target_code))
        self.status.setText(note)
        self._note = (kind, note)

    def _drop_result(self, message: str) -> None:
        """The last run's table, output and progress go (they no longer match the text
        or the pair); its unconfirmed edits are carried to the next run."""
        self.runner.drop_job()
        self.segments.clear()
        self.output_edit.clear()
        self.progress.reset()
        self.status.setText(message)

    # -- translating -----------------------------------------------------------------------------

    @property
    def job(self) -> TranslationJob | None:
        """The current job; set it to None to start the next translation afresh."""
        return self.runner.job

    @job.setter
    def job(self, job: TranslationJob | None) -> None:
        self.runner.job = job

    @property
    def running(self) -> bool:
        return self.runner.running

    def translate(self) -> None:
        """Translate the text or the open document; continue a stopped job where it was."""
        self.segments.commit_editing()
        self._translate(use_memory=True)

    def retranslate(self) -> None:
        """Translate every segment again with the chosen model, ignoring the memory (what
        it writes replaces the model's earlier segments there; confirmed ones stay). Asks
        first when that discards edits not confirmed yet."""
        self.segments.commit_editing()
        if not self.running and self.edits.may_retranslate(
            self.source_edit.toPlainText(), self._document, self.source_code, self.target_code
        ):
            self._translate(use_memory=False)

    @Slot()
    def _on_controller_model_changed(self) -> None:
        self.model_picker.show_loaded(self.controller.model)

    def _on_model_ready(self) -> None:
        self._translate(use_memory=not self._retranslate)

    def _translate(self, *, use_memory: bool) -> None:
        if self.running:
            return
        self._retranslate = not use_memory
        wanted = self.model_picker.wanted_model(self.controller.model)
        if wanted is not None:
            self.runner.wait_for_model(wanted)
            return
        info = self.controller.model
        if info is None:
            remembered = None
            if self._remembered_model is not None and not self.controller.is_loading:
                remembered = self._remembered_model()
            if remembered is not None:
                self.runner.wait_for_model(remembered)
                return
            self.status.setText(self.tr("Load a model first (Model menu), or choose one above."))
            return
        request = JobRequest(
            self.source_code,
            self.target_code,
            self.source_edit.toPlainText(),
            self._document,
            self.glossary(),
            use_memory,
        )
        if not self.runner.prepare(request, info):
            self._refusal = (self.status.text(), self._refused_for())
            return
        self._refusal = None
        self._note = self._end = None
        job = self.job
        assert job is not None
        # The pair bar refills its lists below: the job just made is not stale.
        self._preparing = True
        try:
            if self.source_code == AUTO:
                # The job's detection is the word on this text (None when it found no
                # language): the pair, its glossary and the recent pairs go by it.
                detected = None if job.source_lang == AUTO else job.source_lang
                self.pair_bar.set_detected(detected)
                if detected is not None:
                    job.set_glossary(self.glossary())
            self.pair_bar.remember_pair()
        finally:
            self._preparing = False
        self.runner.start()

    def _on_translate_shortcut(self) -> None:
        """Ctrl+Enter: translate, unless an input method is composing in the source pane
        (the key then belongs to the composition)."""
        if not composing(self.source_edit):
            self.translate()

    def stop(self) -> None:
        self.runner.stop()

    def commit_open_editor(self) -> None:
        """Hand a translation still being typed in Segments (or the Memory tab) to its
        table: its editor commits as it loses the focus."""
        commit_open_editor(self)

    def unconfirmed_edits(self) -> int:
        """How many edits quitting would lose (one being typed included)."""
        self.commit_open_editor()
        return len(self.edits.pending())

    def keep_on_shutdown(self, *, last: bool = True) -> int:
        """Hearth shuts down (or, not ``last``, may): the unconfirmed edits stay on disk
        for the next start (``SegmentEdits.keep_on_shutdown``), one being typed
        included."""
        self.commit_open_editor()
        return self.edits.keep_on_shutdown(last=last)

    def may_close(self) -> bool:
        """Whether the window may close: asks first about edits that are not confirmed
        (``SegmentEdits.may_close``)."""
        self.commit_open_editor()
        return self.edits.may_close()

    def confirm_edits(self) -> int:
        """Store the edited translations as confirmed (``SegmentEdits.confirm``)."""
        return self.edits.confirm()

    def _set_running(self, running: bool) -> None:
        if running:
            self._followed = None  # the output follows the run's newest text
        # The text cannot change under a run (its table and output are of that text).
        self.source_edit.setReadOnly(running or self._document is not None)
        self.action_bar.set_running(running)
        self.pair_bar.set_locked(running)
        self.model_picker.set_locked(running)

    def _on_job_created(self, job: TranslationJob) -> None:
        self.segments.fill(job)

    def _on_segment_started(self, index: int) -> None:
        self.segments.show_translating(index)
        self._update_progress()

    def _on_result(self, result: SegmentResult) -> None:
        self._on_results([result])

    def _on_results(self, results: list[SegmentResult]) -> None:
        self.segments.show_results(results)
        self._schedule_render()
        self._update_progress()

    def _on_finished(self, how: str, message: str) -> None:
        self.segments.end_translating(self.job)
        self._render.cancel()
        self._render_output()
        end = JobEnd(how)
        self.action_bar.show_end(self.job, end, message)
        note = self._run_note(end)
        if note:
            self.status.setText(join_sentences([self.status.text(), note]))
        self._end = (end, message, note, self.status.text())
        self.memory_panel.update_count()  # the run stored its segments
        # Screen readers hear how the run ended (not every segment).
        announce(self, self.status.text(), assertive=end == JobEnd.FAILED)

    def _run_note(self, end: JobEnd) -> str:
        """What the summary adds about how Best quality went in the run that ended."""
        if end == JobEnd.FAILED:
            return ""
        if self.runner.without_beams:
            return self.tr(
                "Best quality: this run translated %Ln segment(s) word by word, "
                "not with beams (the beams did not fit in the model's context, or the "
                "model started writing its reasoning).",
                "",
                len(self.runner.without_beams),
            )
        if self.runner.best_not_for(self.job):
            return self.tr(
                "Best quality does not apply to this model: its beams translated worse "
                "than word by word, so it translated as usual."
            )
        return ""

    def _on_edited(self) -> None:
        self._schedule_render()
        self._update_progress()
        if (
            self._end is not None
            and not self.running
            and self.job is not None
            and self.status.text() == self._end[3]
        ):
            # The summary follows the edits (a ⚠ fixed or made), with the run's own note.
            end, message, note, _shown = self._end
            self.action_bar.show_end(self.job, end, message)
            if note:
                self.status.setText(join_sentences([self.status.text(), note]))
            self._end = (end, message, note, self.status.text())

    def _schedule_render(self) -> None:
        if not self._render.pending():
            self._render.set_interval(LARGE_RENDER_MS if self.runner.large else RENDER_MS)
            self._render.request()

    def _render_output(self) -> None:
        if self.job is None:
            return
        text, focus = self.runner.output_and_focus()
        bar = self.output_edit.verticalScrollBar()
        # While a run goes on the output follows the newest text (the segments still to
        # come are blank lines below it) while it is in sight: from the run's start,
        # not once the reader scrolls elsewhere, and again once they scroll back to it.
        following = self.running and (
            self._followed is None
            # Not scrolled since it last followed (the pane may have shrunk since).
            or bar.value() == self._followed
            or (self._edge is not None and in_view(self.output_edit, self._edge))
        )
        at_end = bar.value() >= bar.maximum() - 4
        # Only the part that changed: the rest keeps its layout and the reader their
        # place in it (set whole each time, a pane scrolled away crept back down).
        self._shown = show_text(self.output_edit, self._shown, text)
        # Qt counts UTF-16 units (an emoji is two).
        self._edge = utf16_length(as_shown(text[:focus])) if focus >= 0 else None
        if following and self._edge is not None:
            # The text cursor stays where it is: text the reader is selecting stays
            # selected.
            scroll_into_view(self.output_edit, self._edge)
            self._followed = bar.value()
        elif self.running and self._followed is not None:
            # Scrolled away: from here on only the newest text in sight again follows
            # (back at the place it last followed to, the newest text is far below).
            self._followed = _SCROLLED_AWAY
        elif at_end and not self.running:
            bar.setValue(bar.maximum())

    def _update_progress(self) -> None:
        if self.job is not None:
            info = self.controller.model
            remote = info is not None and info.architecture == "remote"
            sent_to = info.placement.removeprefix("on ") if remote and info else ""
            self.action_bar.show_progress(
                self.job, self.running, sent_to, current=self.segments.translating
            )
