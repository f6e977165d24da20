"""The language pair: source (or auto-detect) and target pickers, swap, the favourite star
and the list of favourite and recent pairs, all remembered in the app settings."""

from __future__ import annotations

import contextlib
import math
from dataclasses import replace

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QToolButton, QWidget

from engine.common.preferences import AppSettingsStore
from engine.translation.job import AUTO
from engine.translation.languages import BY_CODE, LANGUAGES
from gui.translate.language_names import (
    auto_label,
    in_name_order,
    language_label,
    pair_label,
)

MAX_PAIRS = 8
# How long after the last change of a picker the pair chosen is written to the settings.
KEEP_PAIR_DELAY_MS = 400
# A language picker is as wide as its chosen label ("Auto-detect (Chinese
# (Simplified))"), between these many widths of an "X" (Qt's unit for a combo box's
# contents); a longer label is cut and its tooltip shows it whole.
PICKER_CHARS = (14, 36)


def compact_combo(combo: QComboBox, length: int) -> None:
    """Long labels must not make the whole window wider than a small screen."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(length)


class PairBar(QWidget):
    """Signals: ``pair_changed(source, target)`` whenever either picker changes or the
    language auto-detected changes (the source is the detected language when Auto-detect
    is chosen and one was detected, else ``AUTO``); ``swap_requested()`` when the swap
    button is clicked (the view swaps the texts too, then calls ``swap``).

    With Auto-detect chosen, the pair that glossaries, the memory and the recent pairs
    go by is the detected one ("English → French", not "Auto-detect → French")."""

    pair_changed = Signal(str, str)
    swap_requested = Signal()

    def __init__(self, settings: AppSettingsStore | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self._detected: str | None = None  # the language Auto-detect found in the text
        # The widest Auto-detect label shown since Auto-detect was chosen (in "X"s): the
        # picker does not shrink while the detection changes with the text, so the
        # target picker beside it stays where it is.
        self._auto_chars = 0
        self.source_combo = QComboBox(self)
        self.source_combo.setObjectName("sourceLanguage")
        self.source_combo.setAccessibleName(self.tr("Source language"))
        self.source_combo.setAccessibleDescription(
            self.tr("The language of the text to translate, or Auto-detect")
        )
        self.target_combo = QComboBox(self)
        self.target_combo.setObjectName("targetLanguage")
        self.target_combo.setAccessibleName(self.tr("Target language"))
        self.target_combo.setAccessibleDescription(self.tr("The language to translate into"))
        self.swap_button = QToolButton(self)
        self.swap_button.setObjectName("swapLanguages")
        self.swap_button.setText("⇄")
        self.swap_button.setToolTip(self.tr("Swap the languages (and the texts)"))
        self.swap_button.setAccessibleName(self.tr("Swap languages"))
        self.swap_button.setAccessibleDescription(
            self.tr("The target language becomes the source, and the translation the text")
        )
        self.pairs_combo = QComboBox(self)
        self.pairs_combo.setObjectName("recentPairs")
        self.pairs_combo.setToolTip(self.tr("Favourite (★) and recently used language pairs"))
        self.pairs_combo.setAccessibleName(self.tr("Favourite and recent pairs"))
        self.pairs_combo.setAccessibleDescription(self.tr("Choose a language pair used before"))
        self.favourite_button = QToolButton(self)
        self.favourite_button.setObjectName("favouritePair")
        self.favourite_button.setCheckable(True)
        self.favourite_button.setText("☆")
        self.favourite_button.setToolTip(self.tr("Keep this pair at the top of the list"))
        self.favourite_button.setAccessibleName(self.tr("Favourite pair"))
        self.favourite_button.setAccessibleDescription(
            self.tr("Keep this pair at the top of the list")
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        #: before the source language picker: "From [English] to [French]"
        from_label = QLabel(self.tr("From"), self)
        from_label.setBuddy(self.source_combo)
        layout.addWidget(from_label)
        layout.addWidget(self.source_combo)
        layout.addWidget(self.swap_button)
        #: before the target language picker: "From [English] to [French]"
        to_label = QLabel(self.tr("to"), self)
        to_label.setBuddy(self.target_combo)
        layout.addWidget(to_label)
        layout.addWidget(self.target_combo)
        layout.addWidget(self.favourite_button)
        layout.addWidget(self.pairs_combo, 1)
        for combo, length in (
            (self.source_combo, 14),
            (self.target_combo, 14),
            (self.pairs_combo, 16),
        ):
            compact_combo(combo, length)

        # Writes the pair chosen to the settings (_keep_chosen_pair).
        self._keep_timer = QTimer(self)
        self._keep_timer.setSingleShot(True)
        self._keep_timer.setInterval(KEEP_PAIR_DELAY_MS)
        self._keep_timer.timeout.connect(self._write_chosen_pair)
        self._fill_languages()
        self._restore_pair()
        self._fit_pickers()
        self.source_combo.currentIndexChanged.connect(self._on_combo_changed)
        self.target_combo.currentIndexChanged.connect(self._on_combo_changed)
        self.swap_button.clicked.connect(self.swap_requested)
        self.pairs_combo.activated.connect(self._on_pair_chosen)
        self.favourite_button.toggled.connect(self._on_favourite_toggled)

    @property
    def source_code(self) -> str:
        return str(self.source_combo.currentData())

    @property
    def target_code(self) -> str:
        return str(self.target_combo.currentData())

    @property
    def effective_source(self) -> str:
        """The source language: the one detected when Auto-detect found one."""
        source = self.source_code
        return self._detected if source == AUTO and self._detected else source

    @property
    def key(self) -> str:
        """The pair as "source>target" (with the detected source language)."""
        return f"{self.effective_source}>{self.target_code}"

    def set_detected(self, code: str | None) -> None:
        """The language Auto-detect found in the text (None: none yet): shown in the
        picker as "Auto-detect (English)" and used as the pair's source."""
        if code is not None and code not in BY_CODE:
            code = None
        if code == self._detected:
            return
        self._detected = code
        self.source_combo.setItemText(0, auto_label(code))
        self._fit_pickers()
        if self.source_code == AUTO:
            self._on_combo_changed()

    def _fit_pickers(self) -> None:
        """Each language picker shows its whole label (up to PICKER_CHARS), and its
        tooltip the label whatever its length."""
        low, high = PICKER_CHARS
        for combo in (self.source_combo, self.target_combo):
            label = combo.currentText()
            metrics = combo.fontMetrics()
            # In widths of "X": a Chinese label's characters are wider than letters.
            needed = math.ceil(metrics.horizontalAdvance(label) / metrics.horizontalAdvance("X"))
            chars = min(high, max(low, needed + 1))
            if combo is self.source_combo:
                auto = self.source_code == AUTO
                self._auto_chars = max(self._auto_chars, chars) if auto else 0
                chars = max(chars, self._auto_chars)
            combo.setMinimumContentsLength(chars)
            combo.setToolTip(label)

    def set_pair(self, source: str, target: str) -> None:
        """Both languages at once: one pair_changed, never a pair half set (the first
        language new, the second still the old one, or none while the lists refill)."""
        before = (self.effective_source, self.target_code)
        for combo, code in ((self.source_combo, source), (self.target_combo, target)):
            index = combo.findData(code)
            if index >= 0:
                combo.blockSignals(True)
                combo.setCurrentIndex(index)
                combo.blockSignals(False)
        if (self.effective_source, self.target_code) != before:
            self._on_combo_changed()
        else:
            self._fit_pickers()  # the same pair, another label ("English", not Auto-detect)

    def swap(self, detected_source: str = AUTO) -> None:
        """Target becomes source and back; an auto-detected source becomes the language
        detected (``detected_source``), or the old target when none was."""
        source, target = self.source_code, self.target_code
        if source == AUTO:
            source = detected_source if detected_source != AUTO else self._detected or target
        self.set_pair(target, source)

    def set_locked(self, locked: bool) -> None:
        """While a job runs, the pair cannot change (by any of its pickers)."""
        widgets = (self.source_combo, self.target_combo, self.swap_button, self.pairs_combo)
        for widget in (*widgets, self.favourite_button):
            widget.setEnabled(not locked)

    def remember_pair(self) -> None:
        """Save the pair as the last one used and put it first among the recent pairs."""
        if self.settings is None:
            return
        saved = self.settings.load()
        key = self.key
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
                combo.addItem(auto_label(self._detected), AUTO)
            for code in used:
                combo.addItem(language_label(BY_CODE[code]), code)
            if used:
                combo.insertSeparator(combo.count())
            for lang in in_name_order(LANGUAGES):
                combo.addItem(language_label(lang), lang.code)
            combo.blockSignals(False)
        if source is not None and target is not None:
            self.set_pair(str(source), str(target))

    def _restore_pair(self) -> None:
        if self.settings is not None:
            saved = self.settings.load()
            self.set_pair(saved.translate_source, saved.translate_target)
        self._fill_pairs()

    def _fill_pairs(self) -> None:
        self.pairs_combo.blockSignals(True)
        self.pairs_combo.clear()
        self.pairs_combo.addItem(self.tr("Favourite and recent pairs"), "")
        if self.settings is not None:
            saved = self.settings.load()
            for key in saved.favourite_pairs:
                self.pairs_combo.addItem("★ " + pair_label(key), key)
            for key in saved.recent_pairs:
                if key not in saved.favourite_pairs:
                    self.pairs_combo.addItem(pair_label(key), key)
            self.favourite_button.blockSignals(True)
            self.favourite_button.setChecked(self.key in saved.favourite_pairs)
            self.favourite_button.setText("★" if self.favourite_button.isChecked() else "☆")
            self.favourite_button.blockSignals(False)
        self.pairs_combo.setCurrentIndex(0)
        self.pairs_combo.blockSignals(False)

    def _on_combo_changed(self) -> None:
        self._fit_pickers()
        self._fill_pairs()
        self._keep_chosen_pair()
        self.pair_changed.emit(self.effective_source, self.target_code)

    def _keep_chosen_pair(self) -> None:
        """The pair shown is the one the view opens with next time, also after a crash
        (the recent pairs list only pairs translated with, see ``remember_pair``):
        written a moment after the last change (one write for a turn of the mouse wheel
        over a picker), or when the bar is hidden (the window closes, Chat is shown)."""
        if self.settings is not None:
            self._keep_timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        if self._keep_timer.isActive():
            self._keep_timer.stop()
            self._write_chosen_pair()
        super().hideEvent(event)

    def _write_chosen_pair(self) -> None:
        if self.settings is None:
            return
        saved = self.settings.load()
        chosen = (self.source_code, self.target_code)
        if chosen == (saved.translate_source, saved.translate_target) or "None" in chosen:
            return
        # A full or read-only disk: the pair is remembered on the next change.
        with contextlib.suppress(OSError):
            self.settings.save(
                replace(saved, translate_source=chosen[0], translate_target=chosen[1])
            )

    def _on_pair_chosen(self, index: int) -> None:
        key = str(self.pairs_combo.itemData(index) or "")
        if ">" in key:
            source, target = key.split(">", 1)
            self.set_pair(source, target)

    def _on_favourite_toggled(self, checked: bool) -> None:
        if self.settings is None:
            return
        saved = self.settings.load()
        key = self.key
        favourites = [k for k in saved.favourite_pairs if k != key]
        if checked:
            favourites.insert(0, key)
        self.settings.save(replace(saved, favourite_pairs=tuple(favourites[:MAX_PAIRS])))
        self._fill_languages()
        self._fill_pairs()
