"""The Memory tab: the translation memory's segments for the current language pair, to
search, edit (an edit makes the segment confirmed), delete or clear, and its exchange
with other tools as TMX files. Every read and write runs off the GUI thread
(``run_in_background``): the memory can hold hundreds of thousands of segments."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.common.errors import HearthError
from engine.translation.job import AUTO
from engine.translation.memory import (
    MemoryEntry,
    TranslationMemory,
    model_file_name,
    tmx_pair_problem,
)
from gui.common.background import TaskContext, run_in_background
from gui.common.buttons import push_button
from gui.common.dialogs import ask_open_path, ask_save_path, ask_yes_no
from gui.common.elided_label import ElidedLabel
from gui.common.engine_text import shown
from gui.common.markdown_render import plain_tooltip
from gui.common.throttle import Throttle
from gui.translate.language_names import pair_label

SHOWN = 500  # rows listed at most; the search narrows a larger memory down
SEARCH_MS = 300
SOURCE, TRANSLATION, ORIGIN = range(3)
ORIGIN_WIDTH = 170
T = TypeVar("T")


@dataclass(frozen=True)
class _Listing:
    pair: tuple[str, str]
    entries: list[MemoryEntry]
    pair_count: int
    total: int


def origin_text(entry: MemoryEntry) -> str:
    if entry.origin == "confirmed":
        return QCoreApplication.translate("MemoryPanel", "Confirmed")
    model = model_file_name(entry.model)
    if model:
        return QCoreApplication.translate("MemoryPanel", "Model: {model}").format(model=model)
    return QCoreApplication.translate("MemoryPanel", "Model (unknown)")


def _read_only(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


class MemoryPanel(QWidget):
    """Signals: ``status_changed(text)`` with the outcome of an import, an export or a
    change; ``entry_edited(pair, source, target)`` once the user's correction of a
    segment's translation is confirmed in the memory (``pair``: (source, target) codes)."""

    status_changed = Signal(str)
    entry_edited = Signal(object, str, str)

    def __init__(self, memory: TranslationMemory, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.memory = memory
        self._pair = (AUTO, "en")
        self._listed = self._pair  # the pair whose segments the table shows
        self._busy = 0  # background calls in flight
        self.label = ElidedLabel(parent=self)
        self.label.setObjectName("memoryCount")
        self.label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("memorySearch")
        self.search_edit.setPlaceholderText(self.tr("Search the source or the translation…"))
        self.search_edit.setAccessibleName(self.tr("Search the translation memory"))
        self.search_edit.setAccessibleDescription(
            self.tr("Lists the segments whose source or translation holds this text")
        )
        self.search_edit.setClearButtonEnabled(True)
        self._search = Throttle(SEARCH_MS, self.refresh, self, restart=True)
        self.search_edit.textChanged.connect(self._search.request)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("memoryTable")
        self.table.setHorizontalHeaderLabels(
            [
                #: the memory table's column of source texts
                self.tr("Source"),
                #: the memory table's column of translated texts
                self.tr("Translation"),
                #: who wrote a remembered translation: the user (confirmed) or a model
                self.tr("Origin"),
            ]
        )
        self.table.setAccessibleName(self.tr("Translation memory"))
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(SOURCE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(TRANSLATION, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ORIGIN, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(ORIGIN, ORIGIN_WIDTH)  # a long model file name is elided
        self.table.setToolTip(
            self.tr(
                "An identical segment is reused: the ones you confirmed always, the model's "
                "only for the model that wrote them. Double-click a translation to correct it "
                "(it becomes confirmed)."
            )
        )
        self.table.setAccessibleDescription(self.table.toolTip())
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.itemChanged.connect(self._on_item_changed)
        #: deletes the selected segments from the translation memory
        self.delete_button = push_button(
            self, self.tr("Delete"), self.delete_selected, "deleteMemoryButton"
        )
        self.delete_button.setAccessibleDescription(
            self.tr("Delete the selected segments from the translation memory")
        )
        self.delete_button.setEnabled(False)  # until segments are selected
        self.table.itemSelectionChanged.connect(self._on_selection_changed)
        self.clear_button = push_button(
            self, self.tr("Clear this pair…"), self._clear_pair_clicked, "clearMemoryButton"
        )
        self.clear_button.setAccessibleDescription(
            self.tr("Forget every remembered segment of this language pair")
        )
        import_button = push_button(
            self, self.tr("Import TMX…"), self._import_tmx, "importTmxButton"
        )
        export = push_button(self, self.tr("Export TMX…"), self._export_tmx, "exportTmxButton")
        buttons = QHBoxLayout()
        for button in (self.delete_button, self.clear_button, import_button, export):
            buttons.addWidget(button)
        buttons.addStretch(1)
        # The count shares the search's row, where it has room at 800 px; what still
        # does not fit is elided and shown whole in the tooltip.
        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.label)  # its whole text where the row has room
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    @property
    def busy(self) -> bool:
        """A read or a change of the memory is running in the background."""
        return self._busy > 0

    def set_pair(self, source: str, target: str) -> None:
        """The pair that is listed, and that TMX files are imported into and exported from."""
        if (source, target) != self._pair:
            self._pair = (source, target)
            if self.isVisible():
                self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def update_count(self) -> None:
        """The memory changed elsewhere (a translation stored segments): list it again
        when the tab is shown (showing it lists it anyway)."""
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """List the pair's segments that match the search, off the GUI thread."""
        pair, text = self._pair, self.search_edit.text().strip()
        memory = self.memory

        def work(_task: TaskContext) -> _Listing:
            return _Listing(
                pair, memory.search(*pair, text, SHOWN), memory.count(*pair), memory.count()
            )

        self._run(work, lambda listing: self._show(text, listing))

    def delete_selected(self) -> None:
        sources = sorted(
            {
                item.data(Qt.ItemDataRole.UserRole)
                for item in self.table.selectedItems()
                if item.column() == SOURCE
            }
        )
        if not sources:
            self.status_changed.emit(self.tr("Select the segments to delete first."))
            return
        pair, memory = self._listed, self.memory
        count = len(sources)
        label = pair_label(">".join(pair))
        question = (
            self.tr(
                "Delete this entry of {pair} from the translation memory? This cannot be undone."
            ).format(pair=label)
            if count == 1
            else self.tr(
                "Delete these {count} entries of {pair} from the translation memory? "
                "This cannot be undone."
            ).format(count=count, pair=label)
        )
        if not ask_yes_no(
            self, self.tr("Delete from the translation memory"), question, default_no=True
        ):
            return
        self._change(
            lambda _task: memory.delete(*pair, sources),
            lambda count: self.tr("Deleted %Ln segment(s) from the translation memory.", "", count),
        )

    def clear_pair(self) -> None:
        pair, memory = self._pair, self.memory
        self._change(
            lambda _task: memory.clear_pair(*pair),
            lambda count: self.tr("Cleared %Ln segment(s) of {pair}.", "", count).format(
                pair=pair_label(">".join(pair))
            ),
        )

    def import_tmx(self, path: Path) -> None:
        pair, memory = self._pair, self.memory
        self._change(
            lambda _task: memory.import_tmx(path, *pair),
            lambda count: self.tr("Imported %Ln segment(s) for {pair}.", "", count).format(
                pair=pair_label(">".join(pair))
            ),
        )

    def export_tmx(self, path: Path) -> None:
        pair, memory = self._pair, self.memory

        def work(_task: TaskContext) -> int:
            try:
                return memory.export_tmx(*pair, path)
            except OSError as error:
                raise HearthError(self.tr("Cannot export: {error}").format(error=error)) from error

        self._run(
            work,
            lambda count: self.status_changed.emit(
                self.tr("Exported %Ln segment(s) to {file}.", "", count).format(file=path.name)
            ),
        )

    # -- background calls -----------------------------------------------------------------

    def _run(self, work: Callable[[TaskContext], T], done: Callable[[T], None]) -> None:
        self._busy += 1

        def success(result: T) -> None:
            self._busy -= 1
            done(result)

        def failure(message: str) -> None:
            self._busy -= 1
            self.status_changed.emit(message)

        run_in_background(self, work, on_success=success, on_failure=failure, name="hearth-tm")

    def _change(self, work: Callable[[TaskContext], int], message: Callable[[int], str]) -> None:
        def done(count: int) -> None:
            self.status_changed.emit(message(count))
            self.refresh()

        self._run(work, done)

    def _show(self, text: str, listing: _Listing) -> None:
        pair = listing.pair
        if pair != self._pair or text != self.search_edit.text().strip():
            return  # a later refresh is on its way
        self._listed = pair
        table = self.table
        table.blockSignals(True)
        table.setRowCount(len(listing.entries))
        for row, entry in enumerate(listing.entries):
            source = _read_only(entry.source)
            source.setData(Qt.ItemDataRole.UserRole, entry.source)
            table.setItem(row, SOURCE, source)
            target = QTableWidgetItem(entry.target)
            target.setData(Qt.ItemDataRole.UserRole, entry.source)
            table.setItem(row, TRANSLATION, target)
            origin = _read_only(origin_text(entry))
            origin.setToolTip(plain_tooltip(origin.text()))  # a file name: untrusted
            table.setItem(row, ORIGIN, origin)
        table.blockSignals(False)
        self._on_selection_changed()
        shown = len(listing.entries)
        hidden = listing.pair_count - shown
        values = {"pair": pair_label(">".join(pair)), "total": listing.total, "shown": shown}
        count = listing.pair_count
        if text:
            line = self.tr(
                "%Ln segment(s) for {pair}, {total} in all (matching the search: {shown})",
                "",
                count,
            )
        elif hidden:
            line = self.tr(
                "%Ln segment(s) for {pair}, {total} in all (newest {shown} shown)", "", count
            )
        else:
            line = self.tr("%Ln segment(s) for {pair}, {total} in all", "", count)
        self.label.setText(line.format(**values))

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() != TRANSLATION:
            return
        source = str(item.data(Qt.ItemDataRole.UserRole))
        target = item.text()
        if not target.strip():
            self.status_changed.emit(self.tr("A translation cannot be empty; use Delete instead."))
            self.refresh()
            return
        pair, memory = self._listed, self.memory

        def work(_task: TaskContext) -> int:
            memory.edit(*pair, source, target)
            return 1

        def message(_count: int) -> str:
            self.entry_edited.emit(pair, source, target)
            return self.tr("The corrected translation is confirmed in the memory.")

        self._change(work, message)

    def _on_selection_changed(self) -> None:
        self.delete_button.setEnabled(bool(self.table.selectedItems()))

    def _clear_pair_clicked(self) -> None:
        label = pair_label(">".join(self._pair))
        if ask_yes_no(
            self,
            self.tr("Clear the translation memory"),
            self.tr(
                "Forget every remembered segment for {pair}, confirmed ones included? "
                "This cannot be undone (the glossary stays)."
            ).format(pair=label),
            default_no=True,
        ):
            self.clear_pair()

    def _import_tmx(self) -> None:
        problem = tmx_pair_problem(*self._pair)
        if problem is not None:  # said before the file picker, not after a file was chosen
            self.status_changed.emit(shown(problem))
            return
        path = ask_open_path(
            self, self.tr("Import a TMX file"), self.tr("TMX files (*.tmx);;All files (*)")
        )
        if path:
            self.import_tmx(Path(path))

    def _export_tmx(self) -> None:
        path = ask_save_path(
            self,
            self.tr("Export the translation memory"),
            str(Path.home() / "memory.tmx"),
            self.tr("TMX files (*.tmx)"),
        )
        if path:
            self.export_tmx(Path(path))
