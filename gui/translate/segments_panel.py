"""The Segments tab: one row per segment (number, source, translation, status), where a
translation can be edited and confirmed into the translation memory."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.translation.job import SegmentOrigin, SegmentResult, TranslationJob
from gui.common.buttons import push_button
from gui.common.markdown_render import plain_tooltip
from gui.translate.elided_label import ElidedLabel

STATUS_TEXT: dict[SegmentOrigin, str] = {
    "model": "Model",
    "memory": "From memory",
    "confirmed": "Confirmed",
}
TRANSLATING = "Translating…"
NUMBER, SOURCE, TRANSLATION, STATUS = range(4)


def _read_only(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


class SegmentsPanel(QWidget):
    """Signals: ``confirm_requested()`` when the user asks to confirm the edited rows."""

    confirm_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("segmentsTable")
        self.table.setHorizontalHeaderLabels(["#", "Source", "Translation", "Status"])
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NUMBER, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SOURCE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(TRANSLATION, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(STATUS, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setWordWrap(True)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.confirm_button = push_button(
            self,
            "Confirm edited segments into the memory",
            self.confirm_requested.emit,
            "confirmSegmentsButton",
        )
        row = QHBoxLayout()
        hint = ElidedLabel(
            "Double-click a translation to edit it; confirmed segments are reused exactly.", self
        )
        row.addWidget(hint, 1)
        row.addWidget(self.confirm_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)

    def fill(self, job: TranslationJob) -> None:
        """One row per segment of a new job, translations empty."""
        table = self.table
        table.setRowCount(job.total)
        for index, source in enumerate(job.segments):
            table.setItem(index, NUMBER, _read_only(str(index + 1)))
            table.setItem(index, SOURCE, _read_only(source))
            table.setItem(index, TRANSLATION, QTableWidgetItem(""))
            table.setItem(index, STATUS, _read_only(""))

    def show_result(self, result: SegmentResult) -> None:
        if result.index >= self.table.rowCount():
            return
        self.set_translation(result.index, result.target)
        status = STATUS_TEXT[result.origin]
        if result.issues:
            status = "⚠ " + status
        self.set_row_status(result.index, status, "\n".join(result.issues))

    def set_translation(self, index: int, text: str) -> None:
        item = self.table.item(index, TRANSLATION)
        if item is not None:
            item.setText(text)

    def show_translating(self, index: int) -> None:
        self.set_row_status(index, TRANSLATING)

    def set_row_status(self, index: int, text: str, tooltip: str = "") -> None:
        item = self.table.item(index, STATUS)
        if item is not None:
            # The reasons quote glossary terms and model output: shown as plain text.
            shown = plain_tooltip(tooltip) if tooltip else ""
            item.setText(text)
            item.setToolTip(shown)
            translation = self.table.item(index, TRANSLATION)
            if translation is not None:
                translation.setToolTip(shown)

    def confirm_edits(self, job: TranslationJob) -> list[SegmentResult]:
        """Confirm into ``job`` (and its memory) every row whose translation was edited or
        is not confirmed yet; returns the confirmed results, shown in their rows."""
        confirmed: list[SegmentResult] = []
        for index in range(min(job.total, self.table.rowCount())):
            item = self.table.item(index, TRANSLATION)
            text = item.text() if item is not None else ""
            current = job.results.get(index)
            if text.strip() and (
                current is None or current.target != text or current.origin != "confirmed"
            ):
                result = job.confirm(index, text)
                self.show_result(result)
                confirmed.append(result)
        return confirmed
