"""The model to translate with (the loaded one, or one from the library that is loaded
when needed) and the "reproducible" switch."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QWidget

from engine.llm.model import ModelInfo
from engine.models.model_library import ModelLibrary, same_file
from gui.translate.pair_bar import compact_combo


class ModelPicker(QWidget):
    def __init__(self, library: ModelLibrary | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.model_combo = QComboBox(self)
        self.model_combo.setObjectName("translateModel")
        self.model_combo.setToolTip("The model to translate with; it is loaded when needed")
        compact_combo(self.model_combo, 24)
        self.reproducible_check = QCheckBox("Reproducible", self)
        self.reproducible_check.setObjectName("reproducibleCheck")
        self.reproducible_check.setChecked(True)
        self.reproducible_check.setToolTip(
            "Temperature 0 and a fixed seed: same text, same translation"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Model", self))
        layout.addWidget(self.model_combo, 1)
        layout.addWidget(self.reproducible_check)
        self.refresh_models()

    def refresh_models(self) -> None:
        """Fill the list again from the library, keeping the choice when it is still there."""
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

    def wanted_model(self, loaded: ModelInfo | None) -> str | None:
        """The path of the chosen model when it is not the ``loaded`` one."""
        chosen = str(self.model_combo.currentData() or "")
        if chosen and (loaded is None or not same_file(loaded.path, chosen)):
            return chosen
        return None

    def set_locked(self, locked: bool) -> None:
        """While a job runs, the model cannot change."""
        self.model_combo.setEnabled(not locked)
