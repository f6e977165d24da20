"""The model to translate with (the loaded one, or one from the library that is loaded
when needed) and the "reproducible" switch."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QPaintEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QWidget,
)

from engine.llm.model import ModelInfo
from engine.models.model_library import ModelLibrary, same_file
from gui.common.engine_text import library_label
from gui.translate.pair_bar import compact_combo

SEPARATOR = " · "  # between a model's name and its quantization and size


def elide_model_label(label: str, metrics: QFontMetrics, width: int) -> str:
    """``label`` ("name · quantization · size") fitted into ``width`` pixels: the middle
    of the name goes first, so that its start, its end (often the variant) and the
    size stay; only when even that does not fit is the end cut."""
    if metrics.horizontalAdvance(label) <= width:
        return label
    name, separator, details = label.partition(SEPARATOR)
    tail = separator + details
    room = width - metrics.horizontalAdvance(tail)
    if details and room >= metrics.horizontalAdvance("W…W"):
        return metrics.elidedText(name, Qt.TextElideMode.ElideMiddle, room) + tail
    return metrics.elidedText(label, Qt.TextElideMode.ElideRight, width)


class ModelCombo(QComboBox):
    """A combo box that shows a long model label elided in the middle of the name (the
    size stays in view), with the whole label in its tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentIndexChanged.connect(self.update_tooltip)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox,
            option,
            QStyle.SubControl.SC_ComboBoxEditField,
            self,
        )
        option.currentText = elide_model_label(
            option.currentText, self.fontMetrics(), max(0, field.width() - 4)
        )
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

    def update_tooltip(self) -> None:
        self.setToolTip(
            self.tr("{model}\nThe model to translate with; it is loaded when needed").format(
                model=self.currentText()
            )
        )


class ModelPicker(QWidget):
    def __init__(self, library: ModelLibrary | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.model_combo = ModelCombo(self)
        self.model_combo.setObjectName("translateModel")
        compact_combo(self.model_combo, 24)
        self.model_combo.setAccessibleName(self.tr("Model to translate with"))
        self.model_combo.setAccessibleDescription(
            self.tr("The loaded model, or a model of the library that is loaded when needed")
        )
        #: a check box: same text, same translation
        self.reproducible_check = QCheckBox(self.tr("Reproducible"), self)
        self.reproducible_check.setObjectName("reproducibleCheck")
        self.reproducible_check.setChecked(True)
        self.reproducible_check.setToolTip(
            self.tr("Temperature 0 and a fixed seed: same text, same translation")
        )
        self.reproducible_check.setAccessibleDescription(self.reproducible_check.toolTip())
        #: a check box: beam search per segment (slower, better)
        self.best_check = QCheckBox(self.tr("Best quality"), self)
        self.best_check.setObjectName("bestQualityCheck")
        self.best_check.setToolTip(
            self.tr(
                "Keeps the likeliest of four candidate translations of each segment (beam "
                "search): better translations, about twice as slow, always the same for the "
                "same text. For a model on this computer, while the local API server is "
                "off; not for the small starter model (SmolLM2), where it measured worse. "
                "Segments already in the memory are reused: Retranslate translates them "
                "again."
            )
        )
        self.best_check.setAccessibleDescription(self.best_check.toolTip())
        # Shown while the loaded model is on a remote engine: the text leaves the machine.
        self.remote_note = QLabel("", self)
        self.remote_note.setObjectName("remoteNote")
        self.remote_note.setTextFormat(Qt.TextFormat.PlainText)
        self.remote_note.setVisible(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        #: the label before the model picker
        model_label = QLabel(self.tr("Model"), self)
        model_label.setBuddy(self.model_combo)
        layout.addWidget(model_label)
        layout.addWidget(self.model_combo, 1)
        layout.addWidget(self.remote_note)
        layout.addWidget(self.reproducible_check)
        layout.addWidget(self.best_check)
        self.refresh_models()

    def show_loaded(self, loaded: ModelInfo | None) -> None:
        """Say when the loaded model is on a remote engine: translating is then not
        offline (the engine's name and address are in the tooltip)."""
        remote = loaded is not None and loaded.architecture == "remote"
        self.remote_note.setText(self.tr("Not offline") if remote else "")
        self.remote_note.setToolTip(
            self.tr("The text is sent to {engine} to be translated.").format(
                engine=loaded.placement.removeprefix("on ")
            )
            if remote and loaded is not None
            else ""
        )
        self.remote_note.setVisible(remote)
        # Beam search runs in this computer's llama.cpp; a remote engine decodes its way.
        self.best_check.setEnabled(not remote)

    def refresh_models(self) -> None:
        """Fill the list again from the library, keeping the choice when it is still there."""
        current = self.model_combo.currentData()
        self.model_combo.blockSignals(True)
        self.model_combo.clear()
        self.model_combo.addItem(self.tr("The loaded model"), "")
        if self.library is not None:
            for model in self.library.models():
                if not model.problem:
                    self.model_combo.addItem(library_label(model), str(model.path))
                    row = self.model_combo.count() - 1
                    self.model_combo.setItemData(
                        row, library_label(model), Qt.ItemDataRole.ToolTipRole
                    )
        index = self.model_combo.findData(current) if current else 0
        self.model_combo.setCurrentIndex(max(0, index))
        self.model_combo.blockSignals(False)
        self.model_combo.update_tooltip()

    def wanted_model(self, loaded: ModelInfo | None) -> str | None:
        """The path of the chosen model when it is not the ``loaded`` one."""
        chosen = str(self.model_combo.currentData() or "")
        if chosen and (loaded is None or not same_file(loaded.path, chosen)):
            return chosen
        return None

    def set_locked(self, locked: bool) -> None:
        """While a job runs, the model cannot change."""
        self.model_combo.setEnabled(not locked)
