"""The Memory tab: how many segments the translation memory holds, and its exchange with
other tools as TMX files (for the current language pair)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from engine.common.errors import HearthError
from engine.translation.job import AUTO
from engine.translation.memory import TranslationMemory
from gui.common.buttons import push_button
from gui.common.dialogs import ask_open_path, ask_save_path
from gui.translate.pair_bar import pair_label


class MemoryPanel(QWidget):
    """Signals: ``status_changed(text)`` with the outcome of an import or export."""

    status_changed = Signal(str)

    def __init__(self, memory: TranslationMemory, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.memory = memory
        self._pair = (AUTO, "en")
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        import_button = push_button(self, "Import TMX…", self._import_tmx)
        export = push_button(self, "Export TMX…", self._export_tmx)
        buttons = QHBoxLayout()
        buttons.addWidget(import_button)
        buttons.addWidget(export)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.update_count()

    def set_pair(self, source: str, target: str) -> None:
        """The pair that TMX files are imported into and exported from."""
        self._pair = (source, target)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.update_count()

    def update_count(self) -> None:
        self.label.setText(
            f"The translation memory holds {self.memory.count()} segment(s). An identical "
            "segment in the same language pair is reused without asking the model; segments "
            "you confirmed win over the model's. TMX files exchange it with other tools."
        )

    def import_tmx(self, path: Path) -> None:
        try:
            count = self.memory.import_tmx(path, *self._pair)
        except HearthError as error:
            self.status_changed.emit(str(error))
            return
        self.status_changed.emit(
            f"Imported {count} segment(s) for {pair_label('>'.join(self._pair))}."
        )
        self.update_count()

    def export_tmx(self, path: Path) -> None:
        try:
            count = self.memory.export_tmx(*self._pair, path)
        except OSError as error:
            self.status_changed.emit(f"Cannot export: {error}")
            return
        self.status_changed.emit(f"Exported {count} segment(s) to {path.name}.")

    def _import_tmx(self) -> None:
        path = ask_open_path(self, "Import a TMX file", "TMX files (*.tmx);;All files (*)")
        if path:
            self.import_tmx(Path(path))

    def _export_tmx(self) -> None:
        path = ask_save_path(
            self,
            "Export the translation memory",
            str(Path.home() / "memory.tmx"),
            "TMX files (*.tmx)",
        )
        if path:
            self.export_tmx(Path(path))
