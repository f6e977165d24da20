"""The downloads panel under the Models window's tabs: one row per download the
DownloadManager knows, kept in step with its signals."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from gui.models.download_manager import DownloadManager
from gui.models.download_row import DownloadRow


class DownloadsPanel(QWidget):
    def __init__(self, downloads: DownloadManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.downloads = downloads
        self._rows: dict[str, DownloadRow] = {}
        self.title = QLabel(self.tr("Downloads"), self)
        self.title.setObjectName("downloadsTitle")
        self._box = QWidget(self)
        self._box_layout = QVBoxLayout(self._box)
        self._box_layout.setContentsMargins(0, 0, 0, 0)
        self._box_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setAccessibleName(self.tr("Downloads"))
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._box)
        scroll.setMinimumHeight(96)
        scroll.setMaximumHeight(230)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(scroll)
        downloads.task_added.connect(self._on_task_added)
        downloads.task_changed.connect(self._on_task_changed)
        downloads.task_removed.connect(self._on_task_removed)
        for task in downloads.tasks():
            self._on_task_added(task.key)

    def row(self, key: str) -> DownloadRow | None:
        return self._rows.get(key)

    def _on_task_added(self, key: str) -> None:
        task = self.downloads.task(key)
        if task is None or key in self._rows:
            return
        row = DownloadRow(task, self.downloads, self._box)
        self._rows[key] = row
        self._box_layout.insertWidget(self._box_layout.count() - 1, row)
        self._update_title()

    def _on_task_changed(self, key: str) -> None:
        row = self._rows.get(key)
        if row is not None:
            row.update_from_task()

    def _on_task_removed(self, key: str) -> None:
        row = self._rows.pop(key, None)
        if row is not None:
            row.deleteLater()
        self._update_title()

    def _update_title(self) -> None:
        count = len(self._rows)
        self.title.setText(self.tr("Downloads (%Ln)", "", count) if count else self.tr("Downloads"))
