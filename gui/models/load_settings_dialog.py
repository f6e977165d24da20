"""Edit one model's load settings; they are validated, then remembered for that file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine.common.errors import HearthError, InvalidModelFileError
from engine.llm.chat_formats import NAMED_FORMATS
from engine.llm.fit_estimate import Fit, MachineMemory, estimate_load, machine_memory
from engine.llm.gguf_metadata import GGUFMetadata, read_gguf_metadata
from engine.llm.gpu_offload import gpu_devices
from engine.llm.parameters import GPU_LAYERS_ALL, GPU_LAYERS_AUTO, KV_CACHE_TYPES, MAX_CONTEXT
from engine.llm.reasoning import MAX_TAG_CHARS, check_reasoning_tags
from engine.models.model_profile import (
    ModelProfile,
    ModelProfileStore,
    TemplateMode,
    longest_context,
)
from gui.common.dialogs import NoticeBanner
from gui.common.engine_text import shown
from gui.models.display import fit_text, whole_number

# QT_TRANSLATE_NOOP is typed as returning object: the labels are str() here.
_GPU_MODES = (
    (str(QT_TRANSLATE_NOOP("LoadSettingsDialog", "Auto (what fits)")), GPU_LAYERS_AUTO),
    (str(QT_TRANSLATE_NOOP("LoadSettingsDialog", "All layers")), GPU_LAYERS_ALL),
    (str(QT_TRANSLATE_NOOP("LoadSettingsDialog", "CPU only")), 0),
)
# The chat format choices that are not a named format (their item data).
_FILE_TEMPLATE = "\x00file"
_CUSTOM_TEMPLATE = "\x00custom"
# Lines of a pasted custom template the box shows at once.
TEMPLATE_LINES = 12


class LoadSettingsDialog(QDialog):
    def __init__(
        self,
        model_path: str,
        store: ModelProfileStore,
        parent: QWidget | None = None,
        *,
        memory: MachineMemory | None = None,
        reclaimable_bytes: int = 0,
    ) -> None:
        """``memory``: the free memory to check against (default: measured now);
        ``reclaimable_bytes``: what the model loaded now gives back before the reload."""
        super().__init__(parent)
        self.setObjectName("loadSettingsDialog")
        self.setWindowTitle(self.tr("Load settings: {file}").format(file=Path(model_path).name))
        self.resize(560, 480)
        self._path = model_path
        self._store = store
        current = store.get(model_path)

        # The header (not the token list): the trained context and the attention shape
        # the memory estimate needs. None for a file that cannot be read.
        try:
            self._metadata: GGUFMetadata | None = read_gguf_metadata(model_path, read_tokens=False)
        except InvalidModelFileError:
            self._metadata = None
        most = longest_context(self._metadata) if self._metadata else None
        self.context = QSpinBox(self)
        self.context.setObjectName("contextLength")
        # No more than the model was trained (or rope-scaled) for: beyond it the model
        # degrades, and a typo (999999) would ask for tens of GB.
        self.context.setRange(256, most or MAX_CONTEXT)
        self.context.setSingleStep(1024)
        self.context.setValue(min(current.n_ctx, most or current.n_ctx))
        note = ""
        if most and current.n_ctx > most:
            note = self.tr(
                "at most {most}, the context the model was made for (the saved {saved} is "
                "lowered to it)"
            ).format(most=whole_number(most), saved=whole_number(current.n_ctx))
        elif most:
            note = self.tr("at most {most}, the context the model was made for").format(
                most=whole_number(most)
            )
        self.context_note = QLabel(note, self)
        self.context_note.setObjectName("contextNote")
        if memory is None and self._metadata is not None:
            memory = machine_memory()
        if memory is not None and reclaimable_bytes:
            memory = replace(memory, free_ram=memory.free_ram + reclaimable_bytes)
        self._memory = memory
        self.estimate = QLabel(self)
        self.estimate.setObjectName("memoryEstimate")
        self.estimate.setWordWrap(True)
        self.gpu_mode = QComboBox(self)
        self.gpu_mode.setObjectName("gpuMode")
        for label, value in _GPU_MODES:
            self.gpu_mode.addItem(self.tr(label), value)
        self.gpu_mode.addItem(self.tr("This many layers:"), 1)
        # Only shown for "This many layers:", with its own label and the model's count.
        self.gpu_layers = QSpinBox(self)
        self.gpu_layers.setObjectName("gpuLayers")
        layers = self._metadata.block_count if self._metadata else None
        self.gpu_layers.setRange(1, (layers + 1) if layers else 1000)
        self.gpu_layers.setSuffix(
            self.tr(" of {total} layers").format(total=layers + 1) if layers else self.tr(" layers")
        )
        self.gpu_layers.setToolTip(
            self.tr("The model has {layers} layers (plus its output layer)").format(layers=layers)
            if layers
            else self.tr("How many of the model's layers go to the GPU")
        )
        if current.n_gpu_layers > 0:
            self.gpu_mode.setCurrentIndex(self.gpu_mode.count() - 1)
            self.gpu_layers.setValue(current.n_gpu_layers)
        else:
            self.gpu_mode.setCurrentIndex(max(0, self.gpu_mode.findData(current.n_gpu_layers)))
        self.threads = QSpinBox(self)
        self.threads.setRange(0, 256)
        self.threads.setObjectName("cpuThreads")
        self.threads.setSpecialValueText(self.tr("all cores"))
        self.threads.setValue(current.n_threads or 0)
        self.batch = QSpinBox(self)
        self.batch.setObjectName("batchSize")
        self.batch.setRange(16, 8192)
        self.batch.setValue(current.n_batch)
        self.flash = QCheckBox(self.tr("Flash attention"), self)
        self.flash.setChecked(current.flash_attention)
        self.kv_type = QComboBox(self)
        self.kv_type.setObjectName("kvCacheType")
        self.kv_type.addItems(list(KV_CACHE_TYPES))
        self.kv_type.setCurrentText(current.kv_cache_type)
        self.mmap = QCheckBox(self.tr("Memory-map the file (loads faster, shares pages)"), self)
        self.mmap.setChecked(current.use_mmap)
        self.mlock = QCheckBox(self.tr("Lock the model in RAM (never swapped out)"), self)
        self.mlock.setChecked(current.use_mlock)
        self.template = QComboBox(self)
        self.template.setObjectName("chatFormat")
        self.template.addItem(self.tr("From the model file"), _FILE_TEMPLATE)
        for name in sorted(NAMED_FORMATS):
            self.template.addItem(name, name)
        self.template.addItem(self.tr("Custom…"), _CUSTOM_TEMPLATE)
        self.custom = QPlainTextEdit(self)
        self.custom.setObjectName("customTemplate")
        self.custom.setPlaceholderText(self.tr("A Jinja chat template, as in a GGUF file"))
        self.custom.setAccessibleName(self.tr("Custom chat template"))
        self.custom.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        # Room to paste a template and read a dozen lines of it.
        self.custom.setMinimumHeight(self.custom.fontMetrics().lineSpacing() * TEMPLATE_LINES)
        self.custom.setPlainText(current.custom_template)
        if current.template_mode == "named":
            self.template.setCurrentText(current.template_name)
        elif current.template_mode == "custom":
            self.template.setCurrentIndex(self.template.count() - 1)
        # Both empty: the form is detected from the template (<think> or gpt-oss's).
        self.reasoning_open = self._tag_edit(
            "reasoningOpenTag", "<think>", self.tr("Opening reasoning tag")
        )
        self.reasoning_open.setText(current.reasoning_open)
        self.reasoning_close = self._tag_edit(
            "reasoningCloseTag", "</think>", self.tr("Closing reasoning tag")
        )
        self.reasoning_close.setText(current.reasoning_close)
        tags = QHBoxLayout()
        tags.addWidget(self.reasoning_open, 1)
        tags.addWidget(QLabel("…", self))
        tags.addWidget(self.reasoning_close, 1)
        # A CPU build of llama.cpp offloads nothing, whatever is chosen: say so.
        self.gpu_note = QLabel(
            ""
            if gpu_devices()
            else self.tr(
                "This build of llama.cpp has no GPU backend: "
                "everything runs on the CPU whatever is chosen here."
            ),
            self,
        )
        self.gpu_note.setObjectName("gpuNote")
        self.gpu_note.setWordWrap(True)
        self.gpu_note.setVisible(bool(self.gpu_note.text()))
        # Template errors quote the template, which can come from a model file.
        self.error = NoticeBanner("settingsError", self)

        form = self._form = QFormLayout()
        for widget, label in (
            (self.context, self.tr("Context length (tokens)")),
            (self.gpu_mode, self.tr("GPU offload")),
            (self.gpu_layers, self.tr("GPU layers")),
            (self.threads, self.tr("CPU threads")),
            (self.batch, self.tr("Batch size")),
            (self.kv_type, self.tr("KV cache type")),
            (self.template, self.tr("Chat format")),
        ):
            widget.setAccessibleName(label)
        form.addRow(self.tr("Context length (tokens)"), self.context)
        form.addRow("", self.context_note)
        form.addRow(self.tr("GPU offload"), self.gpu_mode)
        form.addRow(self.tr("GPU layers"), self.gpu_layers)
        form.addRow("", self.gpu_note)
        form.addRow(self.tr("CPU threads"), self.threads)
        form.addRow(self.tr("Batch size"), self.batch)
        form.addRow("", self.flash)
        form.addRow(self.tr("KV cache type"), self.kv_type)
        form.addRow("", self.mmap)
        form.addRow("", self.mlock)
        form.addRow(self.tr("Chat format"), self.template)
        form.addRow("", self.custom)  # right under its choice
        form.addRow(self.tr("Reasoning tags"), tags)
        form.addRow(self.tr("Memory"), self.estimate)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Save and reload"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.gpu_mode.currentIndexChanged.connect(self._update_enabled)
        self.template.currentIndexChanged.connect(self._update_enabled)
        self.context.valueChanged.connect(self._update_estimate)
        self.gpu_mode.currentIndexChanged.connect(self._update_estimate)
        self.kv_type.currentIndexChanged.connect(self._update_estimate)
        self._update_enabled()
        self._update_estimate()

    def _tag_edit(self, name: str, usual: str, accessible_name: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setPlaceholderText(self.tr("default: {tag}").format(tag=usual))
        edit.setMaxLength(MAX_TAG_CHARS + 1)  # one over: the check then says why
        edit.setAccessibleName(accessible_name)
        edit.setToolTip(
            self.tr(
                "Only needed for a model that marks its thinking with other tags than "
                "<think> … </think> (or gpt-oss's channels). Left empty, those are used "
                "when the model's chat template writes them."
            )
        )
        return edit

    def fit(self) -> Fit | None:
        """Whether the chosen context and cache type fit the memory free now (None when
        the header cannot be read or does not tell)."""
        memory = self._fit_memory()
        if self._metadata is None or memory is None:
            return None
        return estimate_load(
            self._metadata, self.context.value(), self.kv_type.currentText(), memory
        )

    def _fit_memory(self) -> MachineMemory | None:
        """The memory the chosen placement can use (CPU only: not the GPU's)."""
        memory = self._memory
        if memory is None:
            return None
        if self.gpu_mode.currentData() == 0 and self.gpu_mode.currentIndex() < len(_GPU_MODES):
            memory = replace(memory, free_vram=0)
        return memory

    def fit_text(self, fit: Fit) -> str:
        """``fit`` in words, in the UI language."""
        memory = self._fit_memory()
        return shown(fit.text) if memory is None else fit_text(fit, memory)

    @Slot()
    def _update_estimate(self) -> None:
        fit = self.fit()
        if fit is None:
            self.estimate.setText(self.tr("not estimated for this model's file"))
        elif fit.kind == "too_large":
            self.estimate.setText(
                self.tr(
                    "Will not fit: {fit}. Lower the context length or choose a smaller "
                    "KV cache type."
                ).format(fit=self.fit_text(fit))
            )
        else:
            self.estimate.setText(self.fit_text(fit))

    @Slot()
    def _update_enabled(self) -> None:
        manual = self.gpu_mode.currentIndex() == self.gpu_mode.count() - 1
        self._form.setRowVisible(self.gpu_layers, manual)
        self._form.setRowVisible(self.custom, self.template.currentData() == _CUSTOM_TEMPLATE)

    def settings(self) -> ModelProfile:
        manual = self.gpu_mode.currentIndex() == self.gpu_mode.count() - 1
        choice = str(self.template.currentData())
        mode: TemplateMode = (
            "file"
            if choice == _FILE_TEMPLATE
            else "custom"
            if choice == _CUSTOM_TEMPLATE
            else "named"
        )
        return ModelProfile(
            n_ctx=self.context.value(),
            n_gpu_layers=self.gpu_layers.value() if manual else int(self.gpu_mode.currentData()),
            n_threads=self.threads.value() or None,
            n_batch=self.batch.value(),
            flash_attention=self.flash.isChecked(),
            kv_cache_type=self.kv_type.currentText(),
            use_mmap=self.mmap.isChecked(),
            use_mlock=self.mlock.isChecked(),
            # Changing the GPU choice starts the placement afresh.
            remembered_gpu_layers=None,
            template_mode=mode,
            template_name=choice if mode == "named" else "",
            custom_template=self.custom.toPlainText(),
            reasoning_open=self.reasoning_open.text().strip(),
            reasoning_close=self.reasoning_close.text().strip(),
        )

    def accept(self) -> None:
        """Save only settings that pass validation and fit; otherwise say why and stay open."""
        fit = self.fit()
        if fit is not None and fit.kind == "too_large":
            self.error.show_notice(
                self.tr(
                    "These settings will not fit this machine ({fit}): nothing was saved."
                ).format(fit=self.fit_text(fit))
            )
            return
        try:
            settings = self.settings()
            if settings.reasoning_open or settings.reasoning_close:
                check_reasoning_tags(settings.reasoning_open, settings.reasoning_close)
            self._store.set(self._path, settings)
        except HearthError as error:
            self.error.show_notice(shown(error))
            return
        super().accept()
