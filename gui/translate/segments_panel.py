"""The Segments tab: one row per segment (number, source, translation, status), where a
translation can be edited and confirmed into the translation memory."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.translation.job import SegmentOrigin, SegmentResult, TranslationJob
from gui.common.buttons import push_button
from gui.common.editing import commit_open_editor
from gui.common.elided_label import ElidedLabel
from gui.common.markdown_render import plain_tooltip
from gui.translate.flag_reasons import reasons_text

# A segment's status, in English; shown translated (``status_text``).
_MARKED: dict[SegmentOrigin, object] = {
    "model": QT_TRANSLATE_NOOP("SegmentsPanel", "Model"),
    "memory": QT_TRANSLATE_NOOP("SegmentsPanel", "From memory"),
    "confirmed": QT_TRANSLATE_NOOP("SegmentsPanel", "Confirmed"),
    "edited": QT_TRANSLATE_NOOP("SegmentsPanel", "Edited (not confirmed)"),
    "copied": QT_TRANSLATE_NOOP("SegmentsPanel", "Copied (nothing to translate)"),
    "kept": QT_TRANSLATE_NOOP("SegmentsPanel", "Not translated (text kept)"),
}
STATUS_TEXT: dict[SegmentOrigin, str] = {origin: str(text) for origin, text in _MARKED.items()}
# A model translation replayed (SegmentResult.replayed), and what its tooltip says.
REPLAYED_TEXT = QT_TRANSLATE_NOOP("SegmentsPanel", "Model (earlier reply)")
REPLAYED_NOTE = QT_TRANSLATE_NOOP(
    "SegmentsPanel",
    "The model's reply to this same request in an earlier run since it was loaded, "
    "checked again instead of asking the model. Empty this translation, or use "
    "Retranslate, to have the model asked again.",
)
NUMBER, SOURCE, TRANSLATION, STATUS = range(4)
# The columns as wide as their contents; the others share the rest.
_SIZED_TO_CONTENTS = (NUMBER, STATUS)


def status_text(origin: SegmentOrigin) -> str:
    """Where a segment's translation came from, in the window's language."""
    return QCoreApplication.translate("SegmentsPanel", STATUS_TEXT[origin])


def _read_only(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


class _TranslationDelegate(QStyledItemDelegate):
    """The translation cell's editor, which says each change as it is typed
    (``typed(row, text)``), before the edit is entered."""

    typed = Signal(int, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editing_row: int | None = None  # the row whose editor is open
        self.closeEditor.connect(self._on_close_editor)

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            row = index.row()
            self.editing_row = row
            editor.textEdited.connect(lambda text: self.typed.emit(row, text))
        return editor

    def _on_close_editor(self, *_editor_and_hint: object) -> None:
        self.editing_row = None


class SegmentsPanel(QWidget):
    """Signals: ``confirm_requested()`` when the user asks to confirm the edited rows;
    ``translation_edited(index, text)`` when the user changed a segment's translation
    (not when a result or the streaming text is shown); ``translation_typed(index,
    text)`` as the user types a translation, before it is entered; ``typing_ended()``
    when that editor closes (the text entered, or given up with Escape)."""

    confirm_requested = Signal()
    translation_edited = Signal(int, str)
    translation_typed = Signal(int, str)
    typing_ended = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._translating: int | None = None
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("segmentsTable")
        self.table.setHorizontalHeaderLabels(
            [
                "#",
                #: the segments table's column of source texts
                self.tr("Source"),
                #: the segments table's column of translated texts
                self.tr("Translation"),
                self.tr("Status"),
            ]
        )
        self.table.setAccessibleName(self.tr("Segments"))
        self.table.setAccessibleDescription(
            self.tr(
                "One row per segment: its number, source, translation and status. "
                "Press F2 to edit a translation."
            )
        )
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in (SOURCE, TRANSLATION):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self._size_to_contents(True)
        self.table.setWordWrap(True)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.itemChanged.connect(self._on_item_changed)
        self._delegate = _TranslationDelegate(self.table)
        self._delegate.typed.connect(self.translation_typed)
        self._delegate.closeEditor.connect(self.typing_ended)
        self.table.setItemDelegateForColumn(TRANSLATION, self._delegate)
        self.confirm_button = push_button(
            self,
            self.tr("Confirm edited segments into the memory"),
            self.confirm_requested.emit,
            "confirmSegmentsButton",
        )
        row = QHBoxLayout()
        hint = ElidedLabel(
            self.tr(
                "Double-click a translation to edit it; confirmed segments are reused exactly."
            ),
            self,
        )
        row.addWidget(hint, 1)
        row.addWidget(self.confirm_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)

    def fill(self, job: TranslationJob) -> None:
        """One row per segment of a new job, translations empty."""
        self._translating = None
        table = self.table
        table.blockSignals(True)
        # Sized once at the end: after each row, over thousands of rows, the window froze
        # 13 s (a Retranslate of a 2,000-cell table).
        try:
            with self._sized_once():
                table.setRowCount(job.total)
                for index, source in enumerate(job.segments):
                    table.setItem(index, NUMBER, _read_only(str(index + 1)))
                    table.setItem(index, SOURCE, _read_only(source))
                    table.setItem(index, TRANSLATION, QTableWidgetItem(""))
                    table.setItem(index, STATUS, _read_only(""))
        finally:
            table.blockSignals(False)

    def clear(self) -> None:
        """No rows: no job, or the text they were of has changed."""
        self._translating = None
        self.table.setRowCount(0)

    def show_results(self, results: list[SegmentResult]) -> None:
        """Show several results; the columns sized to their contents are sized once
        after them, not after each (a table of 2,000 numbers froze the window 10 s)."""
        if len(results) <= 1:
            for result in results:
                self.show_result(result)
            return
        with self._sized_once():
            for result in results:
                self.show_result(result)

    @contextmanager
    def _sized_once(self) -> Iterator[None]:
        """The columns sized to their contents are left as they are inside, and sized
        once at its end."""
        self._size_to_contents(False)
        try:
            yield
        finally:
            self._size_to_contents(True)

    def _size_to_contents(self, on: bool) -> None:
        """Size the columns sized to their contents after each change (on), or leave
        them as they are until turned on again."""
        mode = QHeaderView.ResizeMode.ResizeToContents if on else QHeaderView.ResizeMode.Interactive
        header = self.table.horizontalHeader()
        for column in _SIZED_TO_CONTENTS:
            header.setSectionResizeMode(column, mode)

    def show_result(self, result: SegmentResult) -> None:
        if result.index == self._translating:
            self._translating = None
        if result.index >= self.table.rowCount():
            return
        self.set_translation(result.index, result.target)
        status = status_text(result.origin)
        tooltip = reasons_text(result.issues)
        if result.replayed:
            status = QCoreApplication.translate("SegmentsPanel", str(REPLAYED_TEXT))
            note = QCoreApplication.translate("SegmentsPanel", str(REPLAYED_NOTE))
            tooltip = f"{tooltip}\n\n{note}" if tooltip else note
        if result.issues:
            status = "⚠ " + status
        self.set_row_status(result.index, status, tooltip)

    def commit_editing(self) -> None:
        """Enter the translation being typed in a cell, if any (as leaving the cell
        does): Ctrl+Return reaches the window's Translate while the editor is open."""
        commit_open_editor(self.table)

    def set_translation(self, index: int, text: str) -> None:
        if index == self._delegate.editing_row:
            # The open editor now shows this text: what was typed there is gone.
            self.typing_ended.emit()
        item = self.table.item(index, TRANSLATION)
        if item is not None:
            self.table.blockSignals(True)
            item.setText(text)
            self.table.blockSignals(False)

    @property
    def translating(self) -> int | None:
        """The segment the model is translating now, if any."""
        return self._translating

    def show_translating(self, index: int) -> None:
        self._translating = index
        self.set_row_status(index, self.tr("Translating…"))

    def end_translating(self, job: TranslationJob | None) -> None:
        """The run ended: the segment it was translating shows what it holds in ``job``
        again (a Retranslate stopped keeps its earlier translation, with its status
        and flag); one with no result is marked stopped instead of translating for
        ever."""
        index, self._translating = self._translating, None
        item = self.table.item(index, STATUS) if index is not None else None
        if index is None or item is None or item.text() != self.tr("Translating…"):
            return
        if job is not None and (result := job.results.get(index)) is not None:
            self.show_result(result)
        else:
            #: the segments table's status of a segment whose run was stopped
            self.set_row_status(index, self.tr("Stopped"))

    def set_row_status(self, index: int, text: str, tooltip: str = "") -> None:
        item = self.table.item(index, STATUS)
        if item is not None:
            # The reasons quote glossary terms and model output: shown as plain text.
            shown = plain_tooltip(tooltip) if tooltip else ""
            self.table.blockSignals(True)
            item.setText(text)
            item.setToolTip(shown)
            translation = self.table.item(index, TRANSLATION)
            if translation is not None:
                translation.setToolTip(shown)
            self.table.blockSignals(False)

    def confirm(self, job: TranslationJob, results: list[SegmentResult]) -> list[SegmentResult]:
        """Confirm these (edited) results into ``job`` and its memory; returns the
        confirmed results, shown in their rows."""
        confirmed = [job.confirm(result.index, result.target) for result in results]
        for result in confirmed:
            self.show_result(result)
        return confirmed

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == TRANSLATION:
            self.translation_edited.emit(item.row(), item.text())
