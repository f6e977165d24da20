"""The Catalog tab of the Models window: the curated models, their size and whether
they fit this machine, one click from a download."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QVBoxLayout, QWidget

from engine.llm.fit_estimate import MachineMemory
from engine.models.catalog import CatalogEntry
from gui.common.buttons import push_button
from gui.models.catalog_text import catalog_text
from gui.models.display import data_size, fit_text
from gui.models.tables import make_table, table_item

FIT, LICENCE, GOOD_AT, LANGUAGES = 2, 3, 4, 5  # the columns of words


class CatalogTab(QWidget):
    """Signals:
    download_requested(str, str): a repository and a file name to download.
    notice(str): a message for the window's notice banner.
    """

    download_requested = Signal(str, str)
    notice = Signal(str)

    def __init__(self, catalog: list[CatalogEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.catalog_table = make_table(
            self,
            "catalogTable",
            [
                self.tr("Model"),
                self.tr("Size"),
                self.tr("On this machine"),
                self.tr("Licence"),
                self.tr("Good at"),
                self.tr("Languages"),
            ],
            self.tr("Catalog"),
            self.tr("Curated models; Enter or double-click downloads the selected one"),
        )
        # The columns of words share the room the name and size leave and wrap in it;
        # each row grows to show its cells whole: nothing is cut off.
        self.catalog_table.setWordWrap(True)
        header = self.catalog_table.horizontalHeader()
        header.setStretchLastSection(False)
        for column in (FIT, LICENCE, GOOD_AT, LANGUAGES):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.catalog_table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.catalog_table.doubleClicked.connect(lambda _i: self.download_selected())
        download = push_button(
            self, self.tr("Download"), self.download_selected, "catalogDownloadButton"
        )
        download.setAccessibleDescription(self.tr("Download the model selected in the catalog"))
        note = QLabel(
            self.tr(
                "Sizes and fit are estimates until the hub lists the file; every download is "
                "checked against the hub's sha256."
            ),
            self,
        )
        note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(note, 1)
        row.addWidget(download)
        layout = QVBoxLayout(self)
        layout.addWidget(self.catalog_table, 1)
        layout.addLayout(row)

    def fill(self, installed: set[str], memory: Callable[[], MachineMemory]) -> None:
        """List the catalog; ``installed`` holds the file names already here."""
        table = self.catalog_table
        table.setRowCount(len(self.catalog))
        for row, entry in enumerate(self.catalog):
            star = "★ " if entry.recommended else ""
            if entry.file in installed:
                fit = self.tr("Installed")
            else:
                machine = memory()
                fit = fit_text(machine.fit(entry.size), machine)
            name = table_item(star + entry.name, entry.id, f"{entry.repo}/{entry.file}")
            table.setItem(row, 0, name)
            table.setItem(row, 1, table_item(data_size(entry.size)))
            table.setItem(row, FIT, table_item(fit))
            table.setItem(row, LICENCE, table_item(catalog_text(entry.license)))
            good_at = catalog_text(entry.good_at)
            table.setItem(row, GOOD_AT, table_item(good_at, tooltip=good_at))
            #: the separator between the languages of one model (en, zh, fr)
            languages = self.tr(", ").join(catalog_text(lang) for lang in entry.languages)
            table.setItem(row, LANGUAGES, table_item(languages, tooltip=languages))

    def download_selected(self) -> None:
        row = self.catalog_table.currentRow()
        if row < 0:
            self.notice.emit(self.tr("Select a model in the catalog to download."))
            return
        entry = self.catalog[row]
        self.download_requested.emit(entry.repo, entry.file)
