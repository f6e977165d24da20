"""The Search hub tab of the Models window: GGUF repositories on the hub (or a mirror),
their model files, and a download of the one picked. When the hub cannot be reached the
tab says so with Retry and the mirror setting at hand."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from engine.hub.downloads import DownloadRequest
from engine.hub.hub_client import HubClient, HubModelFile, RepoListing, RepoSummary, SortKey
from engine.hub.hub_config import HubConfig
from engine.hub.hub_reachability import HubUnreachableError
from engine.llm.fit_estimate import MachineMemory
from gui.common.background import run_in_background
from gui.common.buttons import push_button
from gui.common.engine_text import shown
from gui.models.display import data_size, fit_text, hub_text, whole_number
from gui.models.download_manager import DownloadManager
from gui.models.tables import make_table, row_data, table_item


class UnreachablePanel(QFrame):
    """ "You are offline (or the hub is unreachable)…" with Retry and Mirror settings…;
    hidden until a request finds the hub out of reach."""

    def __init__(self, retry: Callable[[], None], settings: Callable[[], None], parent: QWidget):
        super().__init__(parent)
        self.setObjectName("hubUnreachablePanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.message = QLabel(self)
        self.message.setObjectName("hubUnreachableMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # it quotes the endpoint
        self.message.setWordWrap(True)
        self.retry_button = push_button(self, self.tr("Retry"), retry, "hubRetryButton")
        self.retry_button.setAccessibleDescription(self.tr("Ask the hub again"))
        self.settings_button = push_button(
            self, self.tr("Mirror settings…"), settings, "hubMirrorSettingsButton"
        )
        tip = self.tr("Models → Settings: the hub address, a mirror, a token")
        self.settings_button.setToolTip(tip)
        self.settings_button.setAccessibleDescription(tip)
        layout = QHBoxLayout(self)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.retry_button)
        layout.addWidget(self.settings_button)
        self.hide()

    def show_error(self, error: HubUnreachableError) -> None:
        self.message.setText(shown(error))
        self.show()


class SearchTab(QWidget):
    """Signals:
    notice(str): a message for the window's notice banner ("" hides it).
    settings_requested(): the user wants the hub settings (to set a mirror).
    """

    notice = Signal(str)
    settings_requested = Signal()

    def __init__(
        self,
        downloads: DownloadManager,
        hub_config: Callable[[], HubConfig],
        installed_names: Callable[[], set[str]],
        memory: Callable[[], MachineMemory],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.downloads = downloads
        self.hub_config = hub_config
        self._installed_names = installed_names
        self._memory = memory
        self._listing: RepoListing | None = None
        self._searches = 0  # numbers the requests: only the latest answer is shown
        self._listings = 0
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("hubSearchEdit")
        self.search_edit.setPlaceholderText(self.tr("Search GGUF models on the hub, e.g. qwen 7b"))
        self.search_edit.setAccessibleName(self.tr("Search the hub"))
        self.search_edit.setAccessibleDescription(
            self.tr("Words of a model's name; Enter searches")
        )
        self.search_edit.returnPressed.connect(self.search)
        self.sort_combo = QComboBox(self)
        self.sort_combo.setObjectName("hubSortCombo")
        self.sort_combo.setAccessibleName(self.tr("Sort the results"))
        self.sort_combo.addItem(self.tr("Most downloaded"), "downloads")
        self.sort_combo.addItem(self.tr("Most liked"), "likes")
        search = push_button(self, self.tr("Search"), self.search, "hubSearchButton")
        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.sort_combo)
        top.addWidget(search)
        self._retry: Callable[[], None] = self.search  # what Retry repeats
        self.unreachable = UnreachablePanel(
            lambda: self._retry(), self.settings_requested.emit, self
        )
        self.repo_table = make_table(
            self,
            "repoTable",
            [self.tr("Repository"), self.tr("Downloads"), self.tr("Likes"), ""],
            self.tr("Repositories found"),
            self.tr("Selecting a repository lists its GGUF files below"),
        )
        self.repo_table.itemSelectionChanged.connect(self._on_repo_selected)
        self.file_table = make_table(
            self,
            "fileTable",
            [
                self.tr("File"),
                self.tr("Quantization"),
                self.tr("Size"),
                self.tr("On this machine"),
                "sha256",
            ],
            self.tr("Model files of the selected repository"),
            self.tr("Enter or double-click downloads the selected file"),
        )
        self.file_table.doubleClicked.connect(lambda _i: self.download_selected())
        download = push_button(
            self, self.tr("Download"), self.download_selected, "fileDownloadButton"
        )
        download.setAccessibleDescription(self.tr("Download the selected model file"))
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(download)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.unreachable)
        layout.addWidget(self.repo_table, 1)
        layout.addWidget(self.file_table, 1)
        layout.addLayout(bottom)

    def search(self) -> None:
        client = HubClient(self.hub_config())
        text = self.search_edit.text()
        sort: SortKey = "likes" if self.sort_combo.currentData() == "likes" else "downloads"
        self.repo_table.setRowCount(0)
        self.file_table.setRowCount(0)
        self.unreachable.hide()
        self.notice.emit(self.tr("Searching {hub}…").format(hub=hub_text(client.config)))
        self._searches += 1
        asked = self._searches
        self._retry = self.search

        def find(_task: object) -> list[RepoSummary] | HubUnreachableError:
            try:
                return client.search(text, sort=sort)
            except HubUnreachableError as error:
                return error  # shown in the tab with Retry, not as a bare notice

        def fill(repos: list[RepoSummary] | HubUnreachableError) -> None:
            if asked != self._searches:  # an older search's answer comes too late
                return
            if isinstance(repos, HubUnreachableError):
                self._show_unreachable(repos)
            else:
                self._fill_repos(repos)

        self._listings += 1  # the file list belongs to the old results
        self._listing = None
        run_in_background(self, find, on_success=fill, on_failure=self.notice.emit)

    def _show_unreachable(self, error: HubUnreachableError) -> None:
        self.notice.emit("")
        self.unreachable.show_error(error)

    def _fill_repos(self, repos: list[RepoSummary]) -> None:
        self.notice.emit("" if repos else self.tr("No GGUF repositories match."))
        table = self.repo_table
        table.setRowCount(len(repos))
        for row, repo in enumerate(repos):
            table.setItem(row, 0, table_item(repo.repo_id, repo.repo_id))
            table.setItem(row, 1, table_item(whole_number(repo.downloads)))
            table.setItem(row, 2, table_item(whole_number(repo.likes)))
            gated = self.tr("gated: needs a token") if repo.gated else ""
            table.setItem(row, 3, table_item(gated))

    def _on_repo_selected(self) -> None:
        repo_id = row_data(self.repo_table, self.repo_table.currentRow())
        if repo_id is None:
            return
        client = HubClient(self.hub_config())
        self.file_table.setRowCount(0)
        self.unreachable.hide()
        self.notice.emit(self.tr("Listing {repo}…").format(repo=repo_id))
        self._listings += 1
        self._listing = None
        asked = self._listings
        self._retry = self._on_repo_selected

        def list_files(_task: object) -> RepoListing | HubUnreachableError:
            try:
                return client.list_files(repo_id)
            except HubUnreachableError as error:
                return error

        def fill(listing: RepoListing | HubUnreachableError) -> None:
            # Another repository was selected meanwhile: its files, not these, belong
            # under the selection (and to the Download button).
            if asked != self._listings:
                return
            if isinstance(listing, HubUnreachableError):
                self._show_unreachable(listing)
            else:
                self._fill_files(listing)

        run_in_background(self, list_files, on_success=fill, on_failure=self.notice.emit)

    def _fill_files(self, listing: RepoListing) -> None:
        self._listing = listing
        self.notice.emit(
            ""
            if listing.files
            else self.tr("{repo} has no GGUF model files.").format(repo=listing.repo_id)
        )
        table = self.file_table
        table.setRowCount(len(listing.files))
        installed = self._installed_names()
        for row, model in enumerate(listing.files):
            name = model.name
            if model.is_split:
                name = self.tr("{file}  (%Ln parts)", "", len(model.parts)).format(file=name)
            if Path(model.name).name in installed:
                fit = self.tr("Installed")
            else:
                memory = self._memory()
                fit = fit_text(memory.fit(model.size), memory)
            table.setItem(row, 0, table_item(name, model.name, model.parts[0].sha256))
            table.setItem(row, 1, table_item(model.quantization))
            table.setItem(row, 2, table_item(data_size(model.size)))
            table.setItem(row, 3, table_item(fit))
            sha = model.parts[0].sha256
            shown = f"{sha[:12]}…" if sha else self.tr("none published")
            tooltip = "\n".join(f"{p.path}: {p.sha256 or '-'}" for p in model.parts)
            table.setItem(row, 4, table_item(shown, tooltip=tooltip))

    def selected_file(self) -> HubModelFile | None:
        row = self.file_table.currentRow()
        if row < 0 or self._listing is None:
            return None
        return self._listing.files[row]

    def download_selected(self) -> None:
        model = self.selected_file()
        if model is None or self._listing is None:
            self.notice.emit(self.tr("Select a file to download."))
            return
        # The listing already has the parts, sizes, sha256 and commit: no second request.
        self.downloads.start(DownloadRequest.for_model(model, self._listing.commit))
