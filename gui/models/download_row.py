"""One download in the downloads panel: progress bar, bytes, speed, ETA, and the
Pause/Resume/Cancel/Retry buttons that fit its state."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from gui.common.ui_locale import ui_locale
from gui.models.display import progress_text
from gui.models.download_manager import DownloadManager, DownloadTask


class DownloadRow(QWidget):
    def __init__(
        self, task: DownloadTask, manager: DownloadManager, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("downloadRow")
        self.key = task.key
        self.manager = manager
        title = f"{task.request.repo_id} · {task.request.name}"
        self.title = QLabel(title, self)
        self.title.setObjectName("downloadTitle")
        # Hub names and error messages come from outside: shown as written.
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.bar = QProgressBar(self)
        self.bar.setObjectName("downloadProgress")
        self.bar.setRange(0, 1000)
        self.bar.setAccessibleName(self.tr("Download progress of {name}").format(name=title))
        self.status = QLabel(self)
        self.status.setObjectName("downloadStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.pause_button = QPushButton(self.tr("Pause"), self)
        self.pause_button.setObjectName("pauseDownloadButton")
        self.resume_button = QPushButton(self.tr("Resume"), self)
        self.resume_button.setObjectName("resumeDownloadButton")
        self.retry_button = QPushButton(self.tr("Retry"), self)
        self.retry_button.setObjectName("retryDownloadButton")
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setObjectName("cancelDownloadButton")
        self.dismiss_button = QPushButton(self.tr("Dismiss"), self)
        for button, what in (
            (self.pause_button, self.tr("Pause the download of {name}")),
            (self.resume_button, self.tr("Continue the download of {name}")),
            (self.retry_button, self.tr("Try the download of {name} again")),
            (self.cancel_button, self.tr("Cancel the download of {name} and delete its part")),
            (self.dismiss_button, self.tr("Remove the finished download of {name} from the list")),
        ):
            button.setAccessibleDescription(what.format(name=title))
        self.pause_button.clicked.connect(lambda: manager.pause(self.key))
        self.resume_button.clicked.connect(lambda: manager.resume(self.key))
        self.retry_button.clicked.connect(lambda: manager.retry(self.key))
        self.cancel_button.clicked.connect(lambda: manager.cancel(self.key))
        self.dismiss_button.clicked.connect(lambda: manager.dismiss(self.key))
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        for button in (
            self.pause_button,
            self.resume_button,
            self.retry_button,
            self.cancel_button,
            self.dismiss_button,
        ):
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addLayout(top)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        self.update_from_task()

    def update_from_task(self) -> None:
        task = self.manager.task(self.key)
        if task is None:
            return
        fraction = task.done / task.total if task.total else 0.0
        self.bar.setValue(int(fraction * 1000))
        self.bar.setFormat(ui_locale().toString(fraction * 100, "f", 1) + " %")
        running = task.state == "running"
        self.status.setText(
            progress_text(
                task.done,
                task.total,
                task.speed if running else 0.0,
                task.eta if running else None,
                task.message,
            )
        )
        self.status.setProperty("failed", task.state == "failed")
        self.pause_button.setVisible(task.state == "running")
        self.resume_button.setVisible(task.state == "paused")
        self.retry_button.setVisible(task.state == "failed")
        self.cancel_button.setVisible(task.state in ("running", "paused", "failed"))
        self.dismiss_button.setVisible(task.state == "done")
