"""A conversation's sampling settings: a preset, each value, and a reproducible switch.

Settings the dialog does not show (thinking, stop texts, penalties) are kept as they
were."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine.llm.parameters import NO_REPLY_LIMIT, SAMPLING_PRESETS, SamplingSettings
from gui.common.ui_locale import QT_TRANSLATE_NOOP

_CUSTOM = "Custom"
# The presets' names as the window shows them (the engine's names are their keys).
_PRESET_NAMES = {
    "Precise": QT_TRANSLATE_NOOP("SamplingDialog", "Precise"),
    "Balanced": QT_TRANSLATE_NOOP("SamplingDialog", "Balanced"),
    "Creative": QT_TRANSLATE_NOOP("SamplingDialog", "Creative"),
    #: the preset choice when the values match no preset
    _CUSTOM: QT_TRANSLATE_NOOP("SamplingDialog", "Custom"),
}


def preset_label(name: str) -> str:
    """A preset's name in the window's language (a new preset's as the engine names it)."""
    return QCoreApplication.translate("SamplingDialog", _PRESET_NAMES.get(name, name))


class SamplingDialog(QDialog):
    def __init__(self, current: SamplingSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("samplingDialog")
        self.setWindowTitle(self.tr("Sampling settings for this conversation"))
        self._current = current
        self.preset = QComboBox(self)
        self.preset.setObjectName("samplingPreset")
        for name in (*SAMPLING_PRESETS, _CUSTOM):
            self.preset.addItem(preset_label(name), name)
        self.temperature = self._double(0.0, 2.0, 0.05)
        self.top_p = self._double(0.01, 1.0, 0.01)
        self.min_p = self._double(0.0, 1.0, 0.01)
        self.repeat_penalty = self._double(0.5, 2.0, 0.05)
        self.top_k = QSpinBox(self)
        self.top_k.setRange(0, 1000)
        self.max_tokens = QSpinBox(self)
        self.max_tokens.setObjectName("maxTokens")
        self.max_tokens.setRange(NO_REPLY_LIMIT, 131_072)
        self.max_tokens.setSpecialValueText(self.tr("Up to the context"))
        self.max_tokens.setToolTip(
            self.tr(
                "The longest reply, in tokens; the lowest value lets a reply run until the "
                "context is full (Stop ends it sooner)"
            )
        )
        self.reproducible = QCheckBox(self.tr("Reproducible (same seed every time)"), self)
        self.reproducible.setObjectName("reproducibleSwitch")
        self.seed = QSpinBox(self)
        self.seed.setRange(0, 2**31 - 1)
        form = QFormLayout()
        # Each field is named by its label (a buddy), which screen readers say.
        rows = (
            (self.tr("&Preset"), self.preset),
            (self.tr("T&emperature"), self.temperature),
            ("top_&p", self.top_p),
            ("top_&k", self.top_k),
            ("&min_p", self.min_p),
            (self.tr("&Repeat penalty"), self.repeat_penalty),
            (self.tr("Reply &limit"), self.max_tokens),
        )
        for label, field in rows:
            form.addRow(label, field)
            field.setAccessibleName(label.replace("&", ""))
        form.addRow("", self.reproducible)
        form.addRow(self.tr("&Seed"), self.seed)
        self.seed.setAccessibleName(self.tr("Seed"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._show(current)
        self.preset.setCurrentIndex(self.preset.findData(self._preset_name(current)))
        self.preset.currentIndexChanged.connect(self._on_preset_changed)
        self.reproducible.toggled.connect(self.seed.setEnabled)

    def _double(self, low: float, high: float, step: float) -> QDoubleSpinBox:
        box = QDoubleSpinBox(self)
        box.setRange(low, high)
        box.setSingleStep(step)
        box.setDecimals(2)
        return box

    def _show(self, settings: SamplingSettings) -> None:
        self.temperature.setValue(settings.temperature)
        self.top_p.setValue(settings.top_p)
        self.top_k.setValue(settings.top_k)
        self.min_p.setValue(settings.min_p)
        self.repeat_penalty.setValue(settings.repeat_penalty)
        self.max_tokens.setValue(settings.max_tokens)
        self.reproducible.setChecked(settings.seed is not None)
        self.seed.setValue(settings.seed or 0)
        self.seed.setEnabled(settings.seed is not None)

    @staticmethod
    def _preset_name(settings: SamplingSettings) -> str:
        for name, preset in SAMPLING_PRESETS.items():
            # Thinking is set in the conversation's header, apart from the presets.
            plain = replace(settings, seed=None, max_tokens=preset.max_tokens)
            if replace(plain, thinking=preset.thinking) == preset:
                return name
        return _CUSTOM

    @Slot(int)
    def _on_preset_changed(self, index: int) -> None:
        preset = SAMPLING_PRESETS.get(str(self.preset.itemData(index)))
        if preset is not None:
            seed = self.seed.value() if self.reproducible.isChecked() else None
            self._show(replace(preset, max_tokens=self.max_tokens.value(), seed=seed))

    def settings(self) -> SamplingSettings:
        return replace(
            self._current,
            temperature=self.temperature.value(),
            top_p=self.top_p.value(),
            top_k=self.top_k.value(),
            min_p=self.min_p.value(),
            repeat_penalty=self.repeat_penalty.value(),
            max_tokens=self.max_tokens.value(),
            seed=self.seed.value() if self.reproducible.isChecked() else None,
        ).validate()
