"""The Glossary tab: the terms of the current language pair (a term with an empty
translation is kept as it is), saved in the translation memory on every edit, and
exchanged as CSV."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.translation.glossary import Glossary, GlossaryEntry
from engine.translation.job import AUTO
from engine.translation.memory import TranslationMemory
from gui.common.buttons import push_button
from gui.common.dialogs import ask_open_path, ask_save_path
from gui.common.elided_label import ElidedLabel
from gui.common.engine_text import shown
from gui.translate.language_names import pair_label


class GlossaryPanel(QWidget):
    """Signals: ``status_changed(text)`` with the outcome of an import or export;
    ``terms_added(terms)``: the user added terms (or changed their translation), a list
    of the source terms."""

    status_changed = Signal(str)
    terms_added = Signal(list)

    def __init__(self, memory: TranslationMemory, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.memory = memory
        self._pair = (AUTO, "en")
        self.table = QTableWidget(0, 2, self)
        self.table.setObjectName("glossaryTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Term"), self.tr("Translation (empty: do not translate)")]
        )
        self.table.setAccessibleName(self.tr("Glossary"))
        self.table.setAccessibleDescription(
            self.tr(
                "The terms of this language pair and their translations; a term with no "
                "translation is kept as it is"
            )
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.itemChanged.connect(self._on_item_changed)
        add = push_button(self, self.tr("Add term"), self._add_term, "addTermButton")
        remove = push_button(self, self.tr("Remove term"), self._remove_term, "removeTermButton")
        remove.setAccessibleDescription(self.tr("Remove the selected term from the glossary"))
        import_button = push_button(
            self, self.tr("Import CSV…"), self._import_csv, "importGlossaryButton"
        )
        export = push_button(self, self.tr("Export CSV…"), self._export_csv, "exportGlossaryButton")
        buttons = QHBoxLayout()
        self._editing = (self.table, add, remove, import_button, export)
        for button in (add, remove, import_button, export):
            buttons.addWidget(button)
        self.label = ElidedLabel(parent=self)
        self.label.setObjectName("glossaryCount")
        self.label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        buttons.addWidget(self.label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def set_pair(self, source: str, target: str) -> None:
        """Show the glossary of another language pair (glossaries belong to a pair).
        While the source is Auto-detect and no language was found, there is no pair to
        keep terms under: the tab waits for one (terms typed there were kept under
        "Auto-detect → French" and out of sight once a language was found)."""
        self._pair = (source, target)
        known = source != AUTO
        for widget in self._editing:
            widget.setEnabled(known)
        if not known:
            self.set_glossary(Glossary(), save=False)
            self.label.setText(
                self.tr(
                    "Choose the source language (or type a text Auto-detect can read) to "
                    "see the pair's glossary"
                )
            )
            return
        self.set_glossary(self.memory.glossary(source, target), save=False)

    def glossary(self) -> Glossary:
        """The terms as the table shows them (the last of two equal terms wins)."""
        entries: dict[str, GlossaryEntry] = {}
        for row in range(self.table.rowCount()):
            source_item = self.table.item(row, 0)
            target_item = self.table.item(row, 1)
            source = source_item.text().strip() if source_item else ""
            if source:
                entries[source.lower()] = GlossaryEntry(
                    source, target_item.text().strip() if target_item else ""
                )
        return Glossary(tuple(entries.values()))

    def set_glossary(self, glossary: Glossary, *, save: bool = True) -> None:
        table = self.table
        table.blockSignals(True)
        table.setRowCount(len(glossary.entries))
        for row, entry in enumerate(glossary.entries):
            table.setItem(row, 0, QTableWidgetItem(entry.source))
            table.setItem(row, 1, QTableWidgetItem(entry.target))
        table.blockSignals(False)
        if save:
            self.save()
        else:
            self._update_label(glossary)

    def save(self) -> None:
        if self._pair[0] == AUTO:
            return  # no pair to keep the terms under (set_pair)
        glossary = self.glossary()
        before = set(self.memory.glossary(*self._pair).entries)
        self.memory.set_glossary(*self._pair, glossary)
        self._update_label(glossary)
        added = [entry.source for entry in glossary.entries if entry not in before]
        if added:
            self.terms_added.emit(added)

    def _update_label(self, glossary: Glossary) -> None:
        self.label.setText(
            self.tr("%Ln term(s) for {pair}", "", len(glossary.entries)).format(
                pair=pair_label(">".join(self._pair))
            )
        )

    def import_glossary(self, path: Path) -> None:
        if self._pair[0] == AUTO:
            self.status_changed.emit(
                self.tr(
                    "{file} was not imported: choose the source language first (the "
                    "glossary belongs to a language pair)."
                ).format(file=path.name)
            )
            return
        try:
            glossary = Glossary.from_csv(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            self.status_changed.emit(
                self.tr(
                    "Cannot import {file}: it is not UTF-8 text (save it as UTF-8 CSV)."
                ).format(file=path.name)
            )
            return
        except (OSError, ValueError) as error:
            self.status_changed.emit(
                self.tr("Cannot import {file}: {error}").format(file=path.name, error=shown(error))
            )
            return
        # Added to the pair's glossary, not in its place: importing a second file does
        # not lose the terms typed or imported before.
        merged, new, changed = self.glossary().merged(glossary)
        self.set_glossary(merged)
        self.status_changed.emit(
            self.tr(
                "Imported %Ln term(s) from {file} into the glossary ({new} new, {changed} "
                "changed).",
                "",
                len(glossary.entries),
            ).format(file=path.name, new=new, changed=changed)
        )

    def _on_item_changed(self, _item: QTableWidgetItem) -> None:
        self.save()

    def _add_term(self) -> None:
        """A new empty row, its term cell open for typing (saved once it has a term)."""
        table = self.table
        row = table.rowCount()
        term = QTableWidgetItem()
        table.blockSignals(True)
        table.insertRow(row)
        table.setItem(row, 0, term)
        table.setItem(row, 1, QTableWidgetItem())
        table.blockSignals(False)
        table.setCurrentCell(row, 0)
        table.setFocus()
        table.editItem(term)

    def _remove_term(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.save()

    def _import_csv(self) -> None:
        path = ask_open_path(
            self, self.tr("Import a glossary"), self.tr("CSV files (*.csv);;All files (*)")
        )
        if path:
            self.import_glossary(Path(path))

    def _export_csv(self) -> None:
        path = ask_save_path(
            self,
            self.tr("Export the glossary"),
            str(Path.home() / "glossary.csv"),
            self.tr("CSV files (*.csv)"),
        )
        if path:
            try:
                Path(path).write_text(self.glossary().to_csv(), encoding="utf-8")
            except OSError as error:
                self.status_changed.emit(self.tr("Cannot export: {error}").format(error=error))
