"""Everything the GGUF header says about a model, its file and its checksum."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine.common.errors import InvalidModelFileError
from engine.llm.gguf_metadata import read_gguf_metadata
from engine.llm.model import ModelInfo
from gui.common.background import TaskContext, run_in_background
from gui.common.engine_text import shown
from gui.inference.placement_text import placement_text
from gui.models.display import data_size, whole_number


def file_sha256(path: Path, task: TaskContext) -> str:
    """The file's sha256 in hex, or why it could not be read; stops when cancelled."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while block := handle.read(4 * 1024 * 1024):
                task.check_cancelled()
                digest.update(block)
    except OSError as error:
        return QCoreApplication.translate(
            "ModelInfoDialog", "cannot read the file: {reason}"
        ).format(reason=error.strerror)
    return digest.hexdigest()


def _plain_label(text: str) -> QLabel:
    """A selectable label for text read from the file, shown as written: a GGUF
    header can carry HTML, which a rich-text label would render (loading its images)."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ModelInfoDialog(QDialog):
    def __init__(self, path: str, info: ModelInfo | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modelInfoDialog")
        self.setWindowTitle(self.tr("Model information"))
        self.resize(620, 520)
        form = QFormLayout()
        try:
            meta = read_gguf_metadata(path, read_tokens=False)
        except InvalidModelFileError as error:
            form.addRow(self.tr("Problem"), _plain_label(shown(error)))
            meta = None
        if meta is not None:
            values = meta.values
            rows = [
                (self.tr("Name"), meta.name),
                (self.tr("Architecture"), meta.architecture),
                (
                    self.tr("Parameters"),
                    f"{meta.size_label} ({whole_number(meta.parameter_count)})",
                ),
                (self.tr("Quantization"), meta.quantization),
                (
                    self.tr("Trained context"),
                    whole_number(meta.context_length) if meta.context_length else "?",
                ),
                (self.tr("Layers"), str(meta.block_count or "?")),
                (self.tr("GGUF version"), str(meta.version)),
                (self.tr("File size"), data_size(meta.file_size)),
                (
                    self.tr("License"),
                    str(values.get("general.license") or self.tr("not stated in the file")),
                ),
                (
                    self.tr("Chat template"),
                    self.tr("yes") if meta.has_chat_template else self.tr("none (a base model)"),
                ),
            ]
            for label, value in rows:
                form.addRow(label, _plain_label(value))
        if info is not None and Path(info.path) == Path(path):
            loaded = self.tr("context {tokens} · {placement}").format(
                tokens=whole_number(info.n_ctx), placement=placement_text(info.placement)
            )
            form.addRow(self.tr("Loaded with"), _plain_label(loaded))
        path_label = _plain_label(path)
        path_label.setWordWrap(True)
        form.addRow(self.tr("File"), path_label)
        self.sha_label = _plain_label(self.tr("not computed"))
        self.sha_label.setObjectName("sha256Label")
        self.sha_button = QPushButton(self.tr("Compute sha256"))
        self.sha_button.setAccessibleDescription(
            self.tr("Read the whole file and show its sha256 checksum")
        )
        form.addRow("sha256", self.sha_label)
        form.addRow("", self.sha_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        if meta is not None and meta.chat_template:
            template = QPlainTextEdit(meta.chat_template)
            template.setReadOnly(True)
            template.setAccessibleName(self.tr("Chat template"))
            layout.addWidget(QLabel(self.tr("Chat template:")))
            layout.addWidget(template, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._path = Path(path)
        self.sha_button.clicked.connect(self._on_sha_clicked)

    @Slot()
    def _on_sha_clicked(self) -> None:
        self.sha_button.setEnabled(False)
        self.sha_label.setText(self.tr("computing…"))
        file = self._path
        # The result reaches the dialog only while it exists (see run_in_background);
        # a closed dialog stops reading the file.
        hashing = run_in_background(
            self,
            lambda task: file_sha256(file, task),
            on_success=self.sha_label.setText,
            on_failure=self.sha_label.setText,
            name="model-sha256",
        )
        self.finished.connect(lambda _result: hashing.cancel())
