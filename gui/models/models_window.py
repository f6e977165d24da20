"""The Models window: Installed, Catalog and Search hub tabs over the model library, with
the downloads panel underneath. Downloads belong to the DownloadManager, so closing
this window does not stop them."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from engine.common.units import human_size
from engine.hub.downloads import DownloadRequest
from engine.hub.hub_client import HubClient, HubModelFile, RepoListing, RepoSummary
from engine.hub.hub_config import HubConfig
from engine.llm.fit_estimate import MachineMemory, machine_memory
from engine.models.catalog import CatalogEntry, load_catalog
from engine.models.model_discovery import FoundModel, discover_models
from engine.models.model_library import LibraryModel, ModelLibrary
from gui.common.background import run_in_background
from gui.common.buttons import push_button
from gui.common.dialogs import ask_yes_no
from gui.common.markdown_render import plain_tooltip
from gui.models.download_manager import DownloadManager
from gui.models.download_row import DownloadRow

log = logging.getLogger(__name__)

ORIGIN_TEXT = {"starter": "Bundled", "folder": "Models folder", "linked": "Linked (not copied)"}


def _table(parent: QWidget, name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.setWordWrap(False)
    return table


def _item(text: str, data: object = None, tooltip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    if tooltip:
        # Paths and hub names can hold anything, tags included: never render them.
        item.setToolTip(plain_tooltip(tooltip))
    return item


class ModelsWindow(QWidget):
    load_requested = Signal(str)
    settings_requested = Signal()
    library_changed = Signal()

    def __init__(
        self,
        library: ModelLibrary,
        downloads: DownloadManager,
        hub_config: Callable[[], HubConfig],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("modelsWindow")
        self.setWindowTitle("Models — Hearth")
        self.resize(980, 680)
        self.library = library
        self.downloads = downloads
        self.hub_config = hub_config
        self._memory: MachineMemory | None = None
        self._catalog = load_catalog()
        self._listing: RepoListing | None = None
        self._models: list[LibraryModel] = []
        self._rows: dict[str, DownloadRow] = {}

        self.notice = QLabel(self)
        self.notice.setObjectName("modelsNotice")
        # Notices quote file names, hub names and error messages: plain text only.
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.hide()

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._build_installed(), "Installed")
        self.tabs.addTab(self._build_catalog(), "Catalog")
        self.tabs.addTab(self._build_search(), "Search hub")

        self.downloads_box = QWidget(self)
        self.downloads_layout = QVBoxLayout(self.downloads_box)
        self.downloads_layout.setContentsMargins(0, 0, 0, 0)
        self.downloads_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.downloads_box)
        scroll.setMinimumHeight(96)
        scroll.setMaximumHeight(230)
        self.downloads_title = QLabel("Downloads", self)
        self.downloads_title.setObjectName("downloadsTitle")

        self.hub_label = QLabel(self)
        self.hub_label.setObjectName("hubLabel")
        self.hub_label.setTextFormat(Qt.TextFormat.PlainText)
        settings_button = push_button(
            self, "Settings…", self.settings_requested.emit, "modelsSettingsButton"
        )
        footer = QHBoxLayout()
        footer.addWidget(self.hub_label, 1)
        footer.addWidget(settings_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.downloads_title)
        layout.addWidget(scroll)
        layout.addLayout(footer)
        QShortcut(QKeySequence.StandardKey.Close, self, self.close)

        downloads.task_added.connect(self._on_task_added)
        downloads.task_changed.connect(self._on_task_changed)
        downloads.task_removed.connect(self._on_task_removed)
        downloads.model_installed.connect(self._on_model_installed)
        downloads.planning_failed.connect(lambda _name, message: self.show_notice(message))
        downloads.task_added.connect(lambda _key: self.show_notice(""))
        for task in downloads.tasks():
            self._on_task_added(task.key)
        self.refresh()

    # -- dialogs (replaced in tests) -----------------------------------------------------

    def ask_confirmation(self, title: str, text: str) -> bool:
        return ask_yes_no(self, title, text)

    def ask_import(self) -> tuple[str, bool] | None:
        """A .gguf path and whether to copy it (else link it)."""
        path, _ = QFileDialog.getOpenFileName(
            self, "Import a GGUF model", str(Path.home()), "GGUF models (*.gguf)"
        )
        if not path:
            return None
        box = QMessageBox(self)
        box.setWindowTitle("Import a GGUF model")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(f"Use {Path(path).name} where it is, or copy it into the models folder?")
        link = box.addButton("Link (no copy)", QMessageBox.ButtonRole.AcceptRole)
        copy = box.addButton("Copy", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() not in (link, copy):
            return None
        return path, box.clickedButton() is copy

    # -- public ----------------------------------------------------------------------------

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def memory(self) -> MachineMemory:
        if self._memory is None:
            self._memory = machine_memory()
        return self._memory

    def refresh(self) -> None:
        """Re-read the library, the free memory, the catalog's installed marks and the hub
        settings."""
        self._memory = None
        config = self.hub_config()
        self.hub_label.setText(
            f"Models folder: {self.library.models_dir}  ·  Hub: {config.describe()}"
        )
        self._fill_installed()
        self._fill_catalog()

    # -- Installed ---------------------------------------------------------------------------

    def _build_installed(self) -> QWidget:
        page = QWidget(self)
        self.installed_table = _table(
            page, "installedTable", ["Model", "Quantization", "Size", "Details", "Where", "File"]
        )
        self.installed_table.doubleClicked.connect(lambda _index: self._load_selected())
        load = push_button(page, "Load", self._load_selected, "loadModelButton")
        import_button = push_button(
            page, "Import a .gguf…", self._on_import_clicked, "importModelButton"
        )
        remove = push_button(page, "Remove…", self._on_remove_clicked, "removeModelButton")
        open_folder = push_button(page, "Open models folder", self._open_folder)
        buttons = QHBoxLayout()
        for button in (load, import_button, remove, open_folder):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.found_table = _table(page, "foundTable", ["Found on this machine", "From", "Size"])
        self.found_table.setMaximumHeight(150)
        scan = push_button(
            page, "Look for models from other apps", self.scan_other_apps, "scanButton"
        )
        link = push_button(page, "Link selected", self._link_found, "linkFoundButton")
        found_buttons = QHBoxLayout()
        found_buttons.addWidget(scan)
        found_buttons.addWidget(link)
        found_buttons.addStretch(1)

        layout = QVBoxLayout(page)
        layout.addWidget(self.installed_table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.found_table)
        layout.addLayout(found_buttons)
        return page

    def _fill_installed(self) -> None:
        # Read once per refresh (each model's header is read): the other tabs and the
        # selection use this list.
        self._models = models = self.library.models()
        table = self.installed_table
        table.setRowCount(len(models))
        for row, model in enumerate(models):
            details = model.problem or " · ".join(
                part
                for part in (
                    model.architecture,
                    f"{model.context_length:,} ctx" if model.context_length else "",
                    f"{model.parts} parts" if model.parts > 1 else "",
                )
                if part
            )
            table.setItem(row, 0, _item(model.name, str(model.path), str(model.path)))
            table.setItem(row, 1, _item(model.quantization))
            table.setItem(row, 2, _item(human_size(model.size_bytes)))
            table.setItem(row, 3, _item(details))
            table.setItem(row, 4, _item(ORIGIN_TEXT[model.origin]))
            table.setItem(row, 5, _item(str(model.path)))

    def selected_installed(self) -> LibraryModel | None:
        row = self.installed_table.currentRow()
        if row < 0:
            return None
        path = self.installed_table.item(row, 0).data(Qt.ItemDataRole.UserRole)
        return next((m for m in self._models if str(m.path) == path), None)

    def _load_selected(self) -> None:
        model = self.selected_installed()
        if model is None:
            self.show_notice("Select a model to load.")
        elif model.problem:
            self.show_notice(f"{model.name} cannot be used: {model.problem}.")
        else:
            self.load_requested.emit(str(model.path))

    def _on_import_clicked(self) -> None:
        choice = self.ask_import()
        if choice is not None:
            self.import_model(*choice)

    def import_model(self, path: str, copy: bool) -> None:
        """Link at once; copy on a background thread (it can take minutes)."""

        def done(result: object) -> None:
            self.show_notice(f"{'Copied' if copy else 'Linked'} {Path(str(result)).name}.")
            self._changed()

        if not copy:
            try:
                done(self.library.import_model(path, copy=False))
            except Exception as error:  # HearthError or InvalidModelFileError
                self.show_notice(str(error))
            return
        self.show_notice(f"Copying {Path(path).name} into the models folder…")
        run_in_background(
            self,
            lambda _task: self.library.import_model(path, copy=True),
            on_success=done,
            on_failure=self.show_notice,
        )

    def _on_remove_clicked(self) -> None:
        model = self.selected_installed()
        if model is None:
            self.show_notice("Select a model to remove.")
            return
        if self.library.owns(model.path):
            question = (
                f"Delete {model.path.name} from the models folder? This frees "
                f"{human_size(model.size_bytes)} and cannot be undone."
            )
        else:
            question = f"Remove {model.name} from the list? The file itself stays where it is."
        if self.ask_confirmation("Remove model", question):
            self.remove_model(model)

    def remove_model(self, model: LibraryModel) -> None:
        try:
            freed = self.library.remove(model.path)
        except Exception as error:
            self.show_notice(str(error))
            return
        self.show_notice(
            f"Removed {model.name}" + (f"; {human_size(freed)} freed." if freed else ".")
        )
        self._changed()

    def _open_folder(self) -> None:
        self.library.models_dir.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.library.models_dir)))

    def scan_other_apps(self) -> None:
        known = {m.path.resolve() for m in self._models}
        self.found_table.setRowCount(0)
        self.show_notice("Looking for GGUF files from LM Studio, GPT4All, Jan and the HF cache…")
        run_in_background(
            self,
            lambda _task: discover_models(exclude=known),
            on_success=self._fill_found,
            on_failure=self.show_notice,
        )

    def _fill_found(self, found: object) -> None:
        models: list[FoundModel] = list(found)  # type: ignore[call-overload]
        table = self.found_table
        table.setRowCount(len(models))
        for row, model in enumerate(models):
            table.setItem(row, 0, _item(str(model.path), str(model.path), str(model.path)))
            table.setItem(row, 1, _item(model.source))
            table.setItem(row, 2, _item(human_size(model.size)))
        self.show_notice(
            f"Found {len(models)} model(s) from other apps: link them to use them without "
            "downloading again."
            if models
            else "No models from other apps were found."
        )

    def _link_found(self) -> None:
        row = self.found_table.currentRow()
        if row < 0:
            self.show_notice("Select a found model to link.")
            return
        path = self.found_table.item(row, 0).data(Qt.ItemDataRole.UserRole)
        self.import_model(path, copy=False)
        self.found_table.removeRow(row)

    # -- Catalog -------------------------------------------------------------------------------

    def _build_catalog(self) -> QWidget:
        page = QWidget(self)
        self.catalog_table = _table(
            page,
            "catalogTable",
            ["Model", "Size", "On this machine", "Licence", "Good at", "Languages"],
        )
        self.catalog_table.doubleClicked.connect(lambda _i: self._download_selected_catalog())
        download = push_button(
            page, "Download", self._download_selected_catalog, "catalogDownloadButton"
        )
        note = QLabel(
            "Sizes and fit are estimates until the hub lists the file; every download is "
            "checked against the hub's sha256.",
            page,
        )
        note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(note, 1)
        row.addWidget(download)
        layout = QVBoxLayout(page)
        layout.addWidget(self.catalog_table, 1)
        layout.addLayout(row)
        return page

    def _installed_names(self) -> set[str]:
        return {m.path.name for m in self._models}

    def _fill_catalog(self) -> None:
        installed = self._installed_names()
        table = self.catalog_table
        table.setRowCount(len(self._catalog))
        for row, entry in enumerate(self._catalog):
            star = "★ " if entry.recommended else ""
            fit = "Installed" if entry.file in installed else self.memory().fit(entry.size).text
            table.setItem(row, 0, _item(star + entry.name, entry.id, f"{entry.repo}/{entry.file}"))
            table.setItem(row, 1, _item(human_size(entry.size)))
            table.setItem(row, 2, _item(fit))
            table.setItem(row, 3, _item(entry.license))
            table.setItem(row, 4, _item(entry.good_at, tooltip=entry.good_at))
            table.setItem(row, 5, _item(", ".join(entry.languages)))

    def _download_selected_catalog(self) -> None:
        row = self.catalog_table.currentRow()
        if row < 0:
            self.show_notice("Select a model in the catalog to download.")
            return
        self.download_catalog_entry(self._catalog[row])

    def download_catalog_entry(self, entry: CatalogEntry) -> None:
        self.download(entry.repo, entry.file)

    def download(self, repo_id: str, file_name: str) -> None:
        """Start a download by name; the hub is asked for its parts off the GUI thread."""
        self.show_notice(f"Asking {self.hub_config().describe()} about {file_name}…")
        self.downloads.request_download(repo_id, file_name)

    # -- Search hub --------------------------------------------------------------------------

    def _build_search(self) -> QWidget:
        page = QWidget(self)
        self.search_edit = QLineEdit(page)
        self.search_edit.setObjectName("hubSearchEdit")
        self.search_edit.setPlaceholderText("Search GGUF models on the hub, e.g. qwen 7b")
        self.search_edit.returnPressed.connect(self.search)
        self.sort_combo = QComboBox(page)
        self.sort_combo.addItem("Most downloaded", "downloads")
        self.sort_combo.addItem("Most liked", "likes")
        search = push_button(page, "Search", self.search, "hubSearchButton")
        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.sort_combo)
        top.addWidget(search)
        self.repo_table = _table(page, "repoTable", ["Repository", "Downloads", "Likes", ""])
        self.repo_table.itemSelectionChanged.connect(self._on_repo_selected)
        self.file_table = _table(
            page, "fileTable", ["File", "Quantization", "Size", "On this machine", "sha256"]
        )
        self.file_table.doubleClicked.connect(lambda _i: self._download_selected_file())
        download = push_button(page, "Download", self._download_selected_file, "fileDownloadButton")
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(download)
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(self.repo_table, 1)
        layout.addWidget(self.file_table, 1)
        layout.addLayout(bottom)
        return page

    def search(self) -> None:
        client = HubClient(self.hub_config())
        text = self.search_edit.text()
        sort = self.sort_combo.currentData()
        self.repo_table.setRowCount(0)
        self.file_table.setRowCount(0)
        self.show_notice(f"Searching {client.config.describe()}…")
        run_in_background(
            self,
            lambda _task: client.search(text, sort=sort),
            on_success=self._fill_repos,
            on_failure=self.show_notice,
        )

    def _fill_repos(self, results: object) -> None:
        repos: list[RepoSummary] = list(results)  # type: ignore[call-overload]
        self.show_notice("" if repos else "No GGUF repositories match.")
        table = self.repo_table
        table.setRowCount(len(repos))
        for row, repo in enumerate(repos):
            table.setItem(row, 0, _item(repo.repo_id, repo.repo_id))
            table.setItem(row, 1, _item(f"{repo.downloads:,}"))
            table.setItem(row, 2, _item(f"{repo.likes:,}"))
            table.setItem(row, 3, _item("gated: needs a token" if repo.gated else ""))

    def _on_repo_selected(self) -> None:
        row = self.repo_table.currentRow()
        if row < 0:
            return
        repo_id = self.repo_table.item(row, 0).data(Qt.ItemDataRole.UserRole)
        client = HubClient(self.hub_config())
        self.file_table.setRowCount(0)
        self.show_notice(f"Listing {repo_id}…")
        run_in_background(
            self,
            lambda _task: client.list_files(repo_id),
            on_success=self._fill_files,
            on_failure=self.show_notice,
        )

    def _fill_files(self, result: object) -> None:
        listing: RepoListing = result  # type: ignore[assignment]
        self._listing = listing
        self.show_notice("" if listing.files else f"{listing.repo_id} has no GGUF model files.")
        table = self.file_table
        table.setRowCount(len(listing.files))
        installed = self._installed_names()
        for row, model in enumerate(listing.files):
            name = model.name + (f"  ({len(model.parts)} parts)" if model.is_split else "")
            fit = (
                "Installed"
                if Path(model.name).name in installed
                else self.memory().fit(model.size).text
            )
            table.setItem(row, 0, _item(name, model.name, model.parts[0].sha256))
            table.setItem(row, 1, _item(model.quantization))
            table.setItem(row, 2, _item(human_size(model.size)))
            table.setItem(row, 3, _item(fit))
            sha = model.parts[0].sha256
            shown = f"{sha[:12]}…" if sha else "none published"
            tooltip = "\n".join(f"{p.path}: {p.sha256 or '-'}" for p in model.parts)
            table.setItem(row, 4, _item(shown, tooltip=tooltip))

    def selected_file(self) -> HubModelFile | None:
        row = self.file_table.currentRow()
        if row < 0 or self._listing is None:
            return None
        return self._listing.files[row]

    def _download_selected_file(self) -> None:
        model = self.selected_file()
        if model is None or self._listing is None:
            self.show_notice("Select a file to download.")
            return
        # The listing already has the parts, sizes, sha256 and commit: no second request.
        self.downloads.start(DownloadRequest.for_model(model, self._listing.commit))

    # -- downloads panel -------------------------------------------------------------------------

    def download_row(self, key: str) -> DownloadRow | None:
        return self._rows.get(key)

    def _on_task_added(self, key: str) -> None:
        task = self.downloads.task(key)
        if task is None or key in self._rows:
            return
        row = DownloadRow(task, self.downloads, self.downloads_box)
        self._rows[key] = row
        self.downloads_layout.insertWidget(self.downloads_layout.count() - 1, row)
        self.downloads_title.setText(f"Downloads ({len(self._rows)})")

    def _on_task_changed(self, key: str) -> None:
        row = self._rows.get(key)
        if row is not None:
            row.update_from_task()

    def _on_task_removed(self, key: str) -> None:
        row = self._rows.pop(key, None)
        if row is not None:
            row.deleteLater()
        self.downloads_title.setText(
            f"Downloads ({len(self._rows)})" if self._rows else "Downloads"
        )

    def _on_model_installed(self, _path: str) -> None:
        self._changed()

    def _changed(self) -> None:
        self.refresh()
        self.library_changed.emit()
