"""The Translate view: a language pair, the source on the left and the translation on
the right (streaming), whole documents segment by segment, the glossary and the
translation memory. Generation runs on the inference thread like chat replies; the
memory and glossary are small SQLite reads on this thread.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from engine.common.errors import HearthError
from engine.common.preferences import AppSettingsStore
from engine.llm.model import ModelInfo
from engine.models.model_library import ModelLibrary
from engine.translation.glossary import Glossary, GlossaryEntry
from engine.translation.job import (
    AUTO,
    SegmentResult,
    SegmentTask,
    TranslationJob,
    translation_sampling,
)
from engine.translation.languages import BY_CODE, LANGUAGES, Language, language
from engine.translation.memory import TranslationMemory
from engine.translation.segmenter import (
    Document,
    load_document,
    max_segment_chars,
    parse_text,
    write_docx,
)
from gui.common.buttons import push_button
from gui.common.markdown_render import plain_tooltip
from gui.inference.controller import InferenceController

log = logging.getLogger(__name__)

STATUS_TEXT = {"model": "Model", "memory": "From memory", "confirmed": "Confirmed"}
KV_KEY = "translation"  # the worker keeps the chat's KV cache apart from ours
MAX_PAIRS = 8
LARGE_DOCUMENT = 100_000  # characters; above this the output is refreshed every 2 s


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
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("translateView")
        self.controller = controller
        self.memory = memory
        self.library = library
        self.settings = settings
        self.job: TranslationJob | None = None
        self._job_key: tuple[str, str, str, str] | None = None
        self._large = False  # the job's document is long: refresh the output sparingly
        self._task: SegmentTask | None = None
        self._request_id: int | None = None
        self._partial = ""
        self._document_path: Path | None = None
        self._document: Document | None = None
        self._waiting_for_model: str | None = None
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(50)
        self._render_timer.timeout.connect(self._render_output)

        # -- top bar: pair, model, reproducible --
        self.source_combo = QComboBox(self)
        self.source_combo.setObjectName("sourceLanguage")
        self.source_combo.setAccessibleName("Source language")
        self.target_combo = QComboBox(self)
        self.target_combo.setObjectName("targetLanguage")
        self.target_combo.setAccessibleName("Target language")
        self.swap_button = QToolButton(self)
        self.swap_button.setObjectName("swapLanguages")
        self.swap_button.setText("⇄")
        self.swap_button.setToolTip("Swap the languages (and the texts)")
        self.pairs_combo = QComboBox(self)
        self.pairs_combo.setObjectName("recentPairs")
        self.pairs_combo.setToolTip("Favourite (★) and recently used language pairs")
        self.favourite_button = QToolButton(self)
        self.favourite_button.setObjectName("favouritePair")
        self.favourite_button.setCheckable(True)
        self.favourite_button.setText("☆")
        self.favourite_button.setToolTip("Keep this pair at the top of the list")
        self.model_combo = QComboBox(self)
        self.model_combo.setObjectName("translateModel")
        self.model_combo.setToolTip("The model to translate with; it is loaded when needed")
        self.reproducible_check = QCheckBox("Reproducible", self)
        self.reproducible_check.setObjectName("reproducibleCheck")
        self.reproducible_check.setChecked(True)
        self.reproducible_check.setToolTip(
            "Temperature 0 and a fixed seed: same text, same translation"
        )
        top = QHBoxLayout()
        top.addWidget(QLabel("From", self))
        top.addWidget(self.source_combo)
        top.addWidget(self.swap_button)
        top.addWidget(QLabel("to", self))
        top.addWidget(self.target_combo)
        top.addWidget(self.favourite_button)
        top.addWidget(self.pairs_combo, 1)
        model_row = QHBoxLayout()
        model_row.addWidget(QLabel("Model", self))
        model_row.addWidget(self.model_combo, 1)
        model_row.addWidget(self.reproducible_check)
        # Long labels must not make the whole window wider than a small screen.
        for combo, length in (
            (self.source_combo, 14),
            (self.target_combo, 14),
            (self.pairs_combo, 16),
            (self.model_combo, 24),
        ):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(length)

        # -- texts --
        self.source_edit = QPlainTextEdit(self)
        self.source_edit.setObjectName("sourceText")
        self.source_edit.setPlaceholderText("Type or paste text, or open a document…")
        self.output_edit = QPlainTextEdit(self)
        self.output_edit.setObjectName("translationText")
        self.output_edit.setReadOnly(True)
        self.output_edit.setPlaceholderText("The translation appears here as it is written.")
        texts = QSplitter(self)
        texts.addWidget(self.source_edit)
        texts.addWidget(self.output_edit)

        # -- actions --
        self.translate_button = QPushButton("Translate", self)
        self.translate_button.setObjectName("translateButton")
        self.translate_button.setDefault(True)
        self.translate_button.setToolTip("Ctrl+Enter")
        self.stop_button = QPushButton("Stop", self)
        self.stop_button.setObjectName("stopTranslationButton")
        self.stop_button.setEnabled(False)
        self.open_button = QPushButton("Open document…", self)
        self.open_button.setObjectName("openDocumentButton")
        self.close_document_button = push_button(
            self, "Close document", self.close_document, "closeDocumentButton"
        )
        self.close_document_button.hide()
        self.save_button = QPushButton("Save translation…", self)
        self.save_button.setObjectName("saveTranslationButton")
        self.copy_button = QPushButton("Copy", self)
        self.copy_button.setObjectName("copyTranslationButton")
        self.document_label = QLabel(self)
        self.document_label.setObjectName("documentLabel")
        # File names and error messages are shown as written, never as HTML.
        self.document_label.setTextFormat(Qt.TextFormat.PlainText)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("translationProgress")
        self.progress.setMaximumWidth(260)
        self.status = QLabel(self)
        self.status.setObjectName("translationStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        actions = QHBoxLayout()
        for widget in (
            self.translate_button,
            self.stop_button,
            self.open_button,
            self.save_button,
            self.copy_button,
        ):
            actions.addWidget(widget)
        actions.addWidget(self.document_label, 1)
        actions.addWidget(self.close_document_button)
        actions.addWidget(self.status)
        actions.addWidget(self.progress)

        # -- segments, glossary, memory --
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("translateTabs")
        self.tabs.addTab(self._build_segments(), "Segments")
        self.tabs.addTab(self._build_glossary(), "Glossary")
        self.tabs.addTab(self._build_memory(), "Memory")

        vertical = QSplitter(Qt.Orientation.Vertical, self)
        top_part = QWidget(self)
        top_layout = QVBoxLayout(top_part)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(texts, 1)
        top_layout.addLayout(actions)
        vertical.addWidget(top_part)
        vertical.addWidget(self.tabs)
        vertical.setSizes([430, 220])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(model_row)
        layout.addWidget(vertical, 1)

        self._fill_languages()
        self._restore_pair()
        self.refresh_models()
        self.source_combo.currentIndexChanged.connect(self._on_pair_changed)
        self.target_combo.currentIndexChanged.connect(self._on_pair_changed)
        self.swap_button.clicked.connect(self.swap)
        self.pairs_combo.activated.connect(self._on_pair_chosen)
        self.favourite_button.toggled.connect(self._on_favourite_toggled)
        self.translate_button.clicked.connect(self.translate)
        self.stop_button.clicked.connect(self.stop)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.copy_button.clicked.connect(self.copy_translation)
        self.source_edit.textChanged.connect(self._on_source_edited)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.translate)
        controller.token_received.connect(self._on_token)
        controller.reply_finished.connect(self._on_reply_finished)
        controller.reply_failed.connect(self._on_reply_failed)
        controller.model_loaded.connect(self._on_model_loaded)
        controller.model_load_failed.connect(self._on_model_load_failed)
        controller.model_load_cancelled.connect(self._on_model_load_cancelled)
        self._on_pair_changed()

    # -- dialogs (replaced in tests) ---------------------------------------------------------

    def ask_open_path(self, title: str, filters: str) -> str:
        return QFileDialog.getOpenFileName(self, title, str(Path.home()), filters)[0]

    def ask_save_path(self, title: str, suggested: str, filters: str) -> str:
        return QFileDialog.getSaveFileName(self, title, suggested, filters)[0]

    # -- languages -------------------------------------------------------------------------------

    def _fill_languages(self) -> None:
        """All languages, with those of the starred and recent pairs first."""
        source, target = self.source_combo.currentData(), self.target_combo.currentData()
        used: list[str] = []
        if self.settings is not None:
            saved = self.settings.load()
            for key in (*saved.favourite_pairs, *saved.recent_pairs):
                for code in key.split(">"):
                    if code in BY_CODE and code not in used:
                        used.append(code)
        for combo in (self.source_combo, self.target_combo):
            combo.blockSignals(True)
            combo.clear()
            if combo is self.source_combo:
                combo.addItem("Auto-detect", AUTO)
            for code in used:
                combo.addItem(BY_CODE[code].label, code)
            if used:
                combo.insertSeparator(combo.count())
            for lang in LANGUAGES:
                combo.addItem(lang.label, lang.code)
            combo.blockSignals(False)
        if source is not None and target is not None:
            self.set_pair(str(source), str(target))

    @property
    def source_code(self) -> str:
        return str(self.source_combo.currentData())

    @property
    def target_code(self) -> str:
        return str(self.target_combo.currentData())

    def set_pair(self, source: str, target: str) -> None:
        for combo, code in ((self.source_combo, source), (self.target_combo, target)):
            index = combo.findData(code)
            if index >= 0:
                combo.setCurrentIndex(index)

    def _restore_pair(self) -> None:
        if self.settings is not None:
            saved = self.settings.load()
            self.set_pair(saved.translate_source, saved.translate_target)
        self._fill_pairs()

    def _pair_key(self) -> str:
        return f"{self.source_code}>{self.target_code}"

    def _fill_pairs(self) -> None:
        self.pairs_combo.blockSignals(True)
        self.pairs_combo.clear()
        self.pairs_combo.addItem("Favourite and recent pairs", "")
        if self.settings is not None:
            saved = self.settings.load()
            for key in saved.favourite_pairs:
                self.pairs_combo.addItem("★ " + _pair_label(key), key)
            for key in saved.recent_pairs:
                if key not in saved.favourite_pairs:
                    self.pairs_combo.addItem(_pair_label(key), key)
            self.favourite_button.blockSignals(True)
            self.favourite_button.setChecked(self._pair_key() in saved.favourite_pairs)
            self.favourite_button.setText("★" if self.favourite_button.isChecked() else "☆")
            self.favourite_button.blockSignals(False)
        self.pairs_combo.setCurrentIndex(0)
        self.pairs_combo.blockSignals(False)

    def _on_pair_chosen(self, index: int) -> None:
        key = str(self.pairs_combo.itemData(index) or "")
        if ">" in key:
            source, target = key.split(">", 1)
            self.set_pair(source, target)

    def _on_favourite_toggled(self, checked: bool) -> None:
        if self.settings is None:
            return
        saved = self.settings.load()
        key = self._pair_key()
        favourites = [k for k in saved.favourite_pairs if k != key]
        if checked:
            favourites.insert(0, key)
        self.settings.save(replace(saved, favourite_pairs=tuple(favourites[:MAX_PAIRS])))
        self._fill_languages()
        self._fill_pairs()

    def _remember_pair(self) -> None:
        if self.settings is None:
            return
        saved = self.settings.load()
        key = self._pair_key()
        recent = [key, *[k for k in saved.recent_pairs if k != key]][:MAX_PAIRS]
        self.settings.save(
            replace(
                saved,
                translate_source=self.source_code,
                translate_target=self.target_code,
                recent_pairs=tuple(recent),
            )
        )
        self._fill_languages()
        self._fill_pairs()

    def _on_pair_changed(self) -> None:
        target = language(self.target_code)
        direction = Qt.LayoutDirection.RightToLeft if target.rtl else Qt.LayoutDirection.LeftToRight
        self.output_edit.setLayoutDirection(direction)
        option = self.output_edit.document().defaultTextOption()
        option.setTextDirection(direction)
        option.setAlignment(
            Qt.AlignmentFlag.AlignRight if target.rtl else Qt.AlignmentFlag.AlignLeft
        )
        self.output_edit.document().setDefaultTextOption(option)
        source_rtl = self.source_code != AUTO and language(self.source_code).rtl
        self.source_edit.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft if source_rtl else Qt.LayoutDirection.LeftToRight
        )
        self._fill_pairs()
        self.glossary_load()

    def swap(self) -> None:
        source, target = self.source_code, self.target_code
        if source == AUTO:
            detected = self.job.source_lang if self.job is not None else AUTO
            source = detected if detected != AUTO else target
        translated = self.output_edit.toPlainText()
        self.set_pair(target, source)
        if translated.strip() and self._document_path is None:
            self.source_edit.setPlainText(translated)
            self.output_edit.clear()

    # -- models ----------------------------------------------------------------------------------

    def refresh_models(self) -> None:
        current = self.model_combo.currentData()
        self.model_combo.blockSignals(True)
        self.model_combo.clear()
        self.model_combo.addItem("The loaded model", "")
        if self.library is not None:
            for model in self.library.models():
                if not model.problem:
                    self.model_combo.addItem(model.label, str(model.path))
        index = self.model_combo.findData(current) if current else 0
        self.model_combo.setCurrentIndex(max(0, index))
        self.model_combo.blockSignals(False)

    def _wanted_model(self) -> str | None:
        """The model this view should run on, if it is not the loaded one."""
        chosen = str(self.model_combo.currentData() or "")
        loaded = self.controller.model
        if chosen and (loaded is None or Path(loaded.path) != Path(chosen)):
            return chosen
        return None

    def _on_model_loaded(self, _info: ModelInfo) -> None:
        if self._waiting_for_model is not None:
            self._waiting_for_model = None
            self.translate()

    def _on_model_load_failed(self, _path: str, message: str) -> None:
        if self._waiting_for_model is not None:
            self._waiting_for_model = None
            self._set_running(False)
            self.status.setText(f"The model could not be loaded: {message}")

    def _on_model_load_cancelled(self, _path: str) -> None:
        # A newer load of the wanted model may still follow: only a load that ended
        # with none pending stops the waiting job.
        if self._waiting_for_model is not None and not self.controller.is_loading:
            self._waiting_for_model = None
            self._set_running(False)
            self.status.setText("Loading the model was cancelled.")

    # -- translating -----------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._request_id is not None or self._waiting_for_model is not None

    def open_document(self, path: str | Path) -> bool:
        try:
            document = load_document(Path(path), self._max_chars())
        except (OSError, ValueError) as error:
            self.status.setText(str(error))
            return False
        self._document_path = Path(path)
        self._document = document
        self.source_edit.blockSignals(True)
        if document.kind == "docx":
            self.source_edit.setPlainText("\n\n".join(document.segments()))
        else:
            self.source_edit.setPlainText(
                document.rebuild(document.segments()).replace("\r\n", "\n")
            )
        self.source_edit.setReadOnly(True)
        self.source_edit.blockSignals(False)
        self.document_label.setText(
            f"{Path(path).name}: {len(document.segments())} segments ({document.kind})"
        )
        self.output_edit.clear()
        self.job = None
        self.close_document_button.show()
        return True

    def close_document(self) -> None:
        """Back to typing or pasting text (the open document's text stays, editable)."""
        if self.running:
            return
        self._document_path = None
        self._document = None
        self.job = None
        self.source_edit.setReadOnly(False)
        self.document_label.setText("")
        self.close_document_button.hide()

    def _max_chars(self) -> int:
        info = self.controller.model
        return max_segment_chars(info.n_ctx if info is not None else 4096)

    def _on_source_edited(self) -> None:
        if self._document_path is None and not self.running:
            self.job = None

    def translate(self) -> None:
        """Translate the text or the open document; continue a stopped job where it was."""
        if self.running:
            return
        wanted = self._wanted_model()
        if wanted is not None:
            self._waiting_for_model = wanted
            self._set_running(True)
            self.status.setText(f"Loading {Path(wanted).name}…")
            self.load_requested.emit(wanted)
            return
        info = self.controller.model
        if info is None:
            self.status.setText("Load a model first (Model menu), or choose one above.")
            return
        key = (self.source_code, self.target_code, self.source_edit.toPlainText(), info.path)
        if self.job is None or self._job_key != key or self.job.finished:
            document = self._document or parse_text(
                self.source_edit.toPlainText(), "markdown", self._max_chars()
            )
            if not document.segments():
                self.status.setText("Nothing to translate.")
                return
            try:
                self.job = TranslationJob(
                    document,
                    self.source_code,
                    self.target_code,
                    glossary=self.glossary(),
                    memory=self.memory,
                    model_name=info.name,
                )
            except ValueError as error:
                self.status.setText(str(error))
                return
            self._job_key = key
            self._large = sum(map(len, self.job.segments)) > LARGE_DOCUMENT
            self._fill_segments_table()
        else:
            self.job.glossary = self.glossary()
        self._remember_pair()
        self._set_running(True)
        self._next()

    def _next(self) -> None:
        job = self.job
        assert job is not None
        task = job.next_task()
        for result in job.take_memory_hits():
            self._show_result(result)
        if task is None:
            self._finish("done")
            return
        self._task = task
        self._partial = ""
        self._request_id = self.controller.generate(
            task.messages,
            translation_sampling(task, self.reproducible_check.isChecked()),
            conversation=KV_KEY,  # type: ignore[arg-type]
        )
        self._set_row_status(task.index, "Translating…")
        self._update_progress()

    def stop(self) -> None:
        if self._request_id is not None:
            self.controller.cancel(self._request_id)
        if self._waiting_for_model is not None:
            self._waiting_for_model = None
            self._set_running(False)

    def _on_token(self, request_id: int, text: str) -> None:
        if request_id != self._request_id:
            return
        self._partial += text
        if self._large_document():
            # Re-setting a whole long document per token would freeze the window: the
            # segment streams in its row; the full text is refreshed every 2 s.
            if self._task is not None:
                self.segments_table.item(self._task.index, 2).setText(self._partial.strip())
            return
        self._schedule_render()

    def _large_document(self) -> bool:
        return self.job is not None and self._large

    def _schedule_render(self) -> None:
        if not self._render_timer.isActive():
            self._render_timer.setInterval(2000 if self._large_document() else 50)
            self._render_timer.start()

    def _on_reply_finished(self, request_id: int, text: str, stats: object) -> None:
        if request_id != self._request_id:
            return
        finish_reason = getattr(stats, "finish_reason", "stop")
        self._request_id = None
        task, self._task = self._task, None
        assert self.job is not None and task is not None
        if finish_reason == "cancelled":
            self._render_output()
            self._finish("stopped")
            return
        result = self.job.complete(task, text, cut=finish_reason == "length")
        if result is not None:
            self._show_result(result)
        self._next()

    def _on_reply_failed(self, request_id: int, message: str) -> None:
        if request_id != self._request_id:
            return
        self._request_id = None
        self._task = None
        self._finish("failed")
        self.status.setText(f"Translation stopped: {message}")

    def _finish(self, how: str) -> None:
        self._set_running(False)
        self._render_output()
        job = self.job
        if job is None:
            return
        flagged = sum(1 for r in job.results.values() if r.issues)
        summary = f"{job.done}/{job.total} segments, {job.from_memory()} from memory"
        if flagged:
            summary += f", {flagged} flagged (see Segments)"
        if how == "stopped":
            self.status.setText(f"Stopped at {summary}; Translate continues from there.")
        elif how == "done":
            self.status.setText(f"Done: {summary}.")
        self._update_progress()

    def _set_running(self, running: bool) -> None:
        self.translate_button.setEnabled(not running)
        self.stop_button.setEnabled(running)
        self.open_button.setEnabled(not running)
        self.close_document_button.setEnabled(not running)
        self.source_combo.setEnabled(not running)
        self.target_combo.setEnabled(not running)
        self.swap_button.setEnabled(not running)
        self.model_combo.setEnabled(not running)

    def _render_output(self) -> None:
        job = self.job
        if job is None:
            return
        translations = job.translations()
        if self._task is not None and self._partial:
            translations[self._task.index] = self._partial.strip()
        if job.document.kind == "docx":
            text = "\n\n".join(
                t if t is not None else s for t, s in zip(translations, job.segments, strict=True)
            )
        else:
            text = job.document.rebuild(translations).replace("\r\n", "\n")
        bar = self.output_edit.verticalScrollBar()
        at_end = bar.value() >= bar.maximum() - 4
        self.output_edit.setPlainText(text)
        if at_end:
            bar.setValue(bar.maximum())

    def _update_progress(self) -> None:
        job = self.job
        if job is None:
            return
        self.progress.setMaximum(max(1, job.total))
        self.progress.setValue(job.done)
        eta = job.eta_seconds()
        if self.running:
            left = f" · about {eta:.0f} s left" if eta is not None else ""
            self.status.setText(
                f"Segment {min(job.done + 1, job.total)} of {job.total} · "
                f"{job.from_memory()} from memory{left}"
            )

    def copy_translation(self) -> None:
        QGuiApplication.clipboard().setText(self.output_edit.toPlainText())

    def _on_open_clicked(self) -> None:
        path = self.ask_open_path(
            "Open a document to translate",
            "Documents (*.txt *.md *.markdown *.srt *.html *.htm *.docx);;All files (*)",
        )
        if path:
            self.open_document(path)

    def _on_save_clicked(self) -> None:
        job = self.job
        if job is None or not job.results:
            self.status.setText("Nothing translated yet.")
            return
        if self._document_path is not None:
            suggested = str(
                self._document_path.with_suffix(f".{job.target.code}{self._document_path.suffix}")
            )
        else:
            suggested = str(Path.home() / f"translation.{job.target.code}.txt")
        path = self.ask_save_path("Save the translation", suggested, "All files (*)")
        if path:
            self.save_translation(Path(path))

    def save_translation(self, path: Path) -> None:
        job = self.job
        assert job is not None
        try:
            if job.document.kind == "docx":
                write_docx(job.document, job.translations(), path)
            else:
                path.write_text(job.output(), encoding="utf-8", newline="")
        except (OSError, ValueError) as error:
            self.status.setText(f"Cannot save: {error}")
            return
        untranslated = job.total - job.done
        self.status.setText(
            f"Saved {path.name}"
            + (f" ({untranslated} segments still in the source language)" if untranslated else "")
        )

    # -- segments table ------------------------------------------------------------------------

    def _build_segments(self) -> QWidget:
        page = QWidget(self)
        self.segments_table = QTableWidget(0, 4, page)
        self.segments_table.setObjectName("segmentsTable")
        self.segments_table.setHorizontalHeaderLabels(["#", "Source", "Translation", "Status"])
        self.segments_table.verticalHeader().hide()
        header = self.segments_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.segments_table.setWordWrap(True)
        self.segments_table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.confirm_button = push_button(
            page,
            "Confirm edited segments into the memory",
            self.confirm_edits,
            "confirmSegmentsButton",
        )
        row = QHBoxLayout()
        row.addWidget(
            QLabel(
                "Double-click a translation to edit it; confirmed segments are reused exactly.",
                page,
            ),
            1,
        )
        row.addWidget(self.confirm_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.segments_table, 1)
        layout.addLayout(row)
        return page

    def _fill_segments_table(self) -> None:
        job = self.job
        assert job is not None
        table = self.segments_table
        table.setRowCount(job.total)
        for index, source in enumerate(job.segments):
            number = QTableWidgetItem(str(index + 1))
            number.setFlags(number.flags() & ~Qt.ItemFlag.ItemIsEditable)
            source_item = QTableWidgetItem(source)
            source_item.setFlags(source_item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            table.setItem(index, 0, number)
            table.setItem(index, 1, source_item)
            table.setItem(index, 2, QTableWidgetItem(""))
            status = QTableWidgetItem("")
            status.setFlags(status.flags() & ~Qt.ItemFlag.ItemIsEditable)
            table.setItem(index, 3, status)

    def _show_result(self, result: SegmentResult) -> None:
        table = self.segments_table
        if result.index >= table.rowCount():
            return
        table.item(result.index, 2).setText(result.target)
        status = STATUS_TEXT[result.origin]
        if result.issues:
            status = "⚠ " + status
        self._set_row_status(result.index, status, "\n".join(result.issues))
        self._schedule_render()
        self._update_progress()

    def _set_row_status(self, index: int, text: str, tooltip: str = "") -> None:
        item = self.segments_table.item(index, 3)
        if item is not None:
            # The reasons quote glossary terms and model output: shown as plain text.
            shown = plain_tooltip(tooltip) if tooltip else ""
            item.setText(text)
            item.setToolTip(shown)
            self.segments_table.item(index, 2).setToolTip(shown)

    def confirm_edits(self) -> int:
        """Store every edited (or reviewed) translation as confirmed; returns how many."""
        job = self.job
        if job is None:
            return 0
        count = 0
        for index in range(min(job.total, self.segments_table.rowCount())):
            text = self.segments_table.item(index, 2).text()
            current = job.results.get(index)
            if text.strip() and (
                current is None or current.target != text or current.origin != "confirmed"
            ):
                self._show_result(job.confirm(index, text))
                count += 1
        self.status.setText(f"{count} segment(s) confirmed into the translation memory.")
        return count

    # -- glossary --------------------------------------------------------------------------------

    def _build_glossary(self) -> QWidget:
        page = QWidget(self)
        self.glossary_table = QTableWidget(0, 2, page)
        self.glossary_table.setObjectName("glossaryTable")
        self.glossary_table.setHorizontalHeaderLabels(
            ["Term", "Translation (empty: do not translate)"]
        )
        self.glossary_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.glossary_table.verticalHeader().hide()
        self.glossary_table.itemChanged.connect(lambda _item: self.glossary_save())
        add = push_button(page, "Add term", self._add_term)
        remove = push_button(page, "Remove term", self._remove_term)
        import_button = push_button(page, "Import CSV…", self._import_csv)
        export = push_button(page, "Export CSV…", self._export_csv)
        buttons = QHBoxLayout()
        for button in (add, remove, import_button, export):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.glossary_label = QLabel(page)
        self.glossary_label.setTextFormat(Qt.TextFormat.PlainText)
        buttons.addWidget(self.glossary_label)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.glossary_table, 1)
        layout.addLayout(buttons)
        return page

    def _glossary_pair(self) -> tuple[str, str]:
        return self.source_code, self.target_code

    def glossary(self) -> Glossary:
        entries: dict[str, GlossaryEntry] = {}
        for row in range(self.glossary_table.rowCount()):
            source_item = self.glossary_table.item(row, 0)
            target_item = self.glossary_table.item(row, 1)
            source = source_item.text().strip() if source_item else ""
            if source:
                entries[source.lower()] = GlossaryEntry(
                    source, target_item.text().strip() if target_item else ""
                )
        return Glossary(tuple(entries.values()))

    def glossary_load(self) -> None:
        glossary = self.memory.glossary(*self._glossary_pair())
        self.set_glossary(glossary, save=False)

    def set_glossary(self, glossary: Glossary, *, save: bool = True) -> None:
        table = self.glossary_table
        table.blockSignals(True)
        table.setRowCount(len(glossary.entries))
        for row, entry in enumerate(glossary.entries):
            table.setItem(row, 0, QTableWidgetItem(entry.source))
            table.setItem(row, 1, QTableWidgetItem(entry.target))
        table.blockSignals(False)
        pair = self._glossary_pair()
        self.glossary_label.setText(
            f"{len(glossary.entries)} term(s) for {_pair_label('>'.join(pair))}"
        )
        if save:
            self.glossary_save()

    def glossary_save(self) -> None:
        self.memory.set_glossary(*self._glossary_pair(), self.glossary())

    def _add_term(self) -> None:
        row = self.glossary_table.rowCount()
        self.glossary_table.insertRow(row)
        self.glossary_table.setCurrentCell(row, 0)
        self.glossary_table.editItem(self.glossary_table.item(row, 0) or QTableWidgetItem())

    def _remove_term(self) -> None:
        row = self.glossary_table.currentRow()
        if row >= 0:
            self.glossary_table.removeRow(row)
            self.glossary_save()

    def _import_csv(self) -> None:
        path = self.ask_open_path("Import a glossary", "CSV files (*.csv);;All files (*)")
        if path:
            self.import_glossary(Path(path))

    def import_glossary(self, path: Path) -> None:
        try:
            glossary = Glossary.from_csv(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as error:
            self.status.setText(f"Cannot import {path.name}: {error}")
            return
        self.set_glossary(glossary)
        self.status.setText(f"Imported {len(glossary.entries)} term(s) from {path.name}.")

    def _export_csv(self) -> None:
        path = self.ask_save_path(
            "Export the glossary", str(Path.home() / "glossary.csv"), "CSV files (*.csv)"
        )
        if path:
            try:
                Path(path).write_text(self.glossary().to_csv(), encoding="utf-8")
            except OSError as error:
                self.status.setText(f"Cannot export: {error}")

    # -- memory ----------------------------------------------------------------------------------

    def _build_memory(self) -> QWidget:
        page = QWidget(self)
        self.memory_label = QLabel(page)
        self.memory_label.setTextFormat(Qt.TextFormat.PlainText)
        self.memory_label.setWordWrap(True)
        import_button = push_button(page, "Import TMX…", self._import_tmx)
        export = push_button(page, "Export TMX…", self._export_tmx)
        buttons = QHBoxLayout()
        buttons.addWidget(import_button)
        buttons.addWidget(export)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(self.memory_label)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self._update_memory_label()
        return page

    def _update_memory_label(self) -> None:
        self.memory_label.setText(
            f"The translation memory holds {self.memory.count()} segment(s). An identical "
            "segment in the same language pair is reused without asking the model; segments "
            "you confirmed win over the model's. TMX files exchange it with other tools."
        )

    def _import_tmx(self) -> None:
        path = self.ask_open_path("Import a TMX file", "TMX files (*.tmx);;All files (*)")
        if not path:
            return
        try:
            count = self.memory.import_tmx(Path(path), self.source_code, self.target_code)
        except HearthError as error:
            self.status.setText(str(error))
            return
        self.status.setText(f"Imported {count} segment(s) for {_pair_label(self._pair_key())}.")
        self._update_memory_label()

    def _export_tmx(self) -> None:
        path = self.ask_save_path(
            "Export the translation memory", str(Path.home() / "memory.tmx"), "TMX files (*.tmx)"
        )
        if not path:
            return
        try:
            count = self.memory.export_tmx(self.source_code, self.target_code, Path(path))
        except OSError as error:
            self.status.setText(f"Cannot export: {error}")
            return
        self.status.setText(f"Exported {count} segment(s) to {Path(path).name}.")


def _pair_label(key: str) -> str:
    source, _, target = key.partition(">")

    def name(code: str) -> str:
        if code == AUTO:
            return "Auto-detect"
        try:
            lang: Language = language(code)
        except ValueError:
            return code
        return lang.name

    return f"{name(source)} → {name(target)}"
