"""One download in the downloads panel: progress bar, bytes, speed, ETA, and the
Pause/Resume/Cancel/Retry buttons that fit its state."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from engine.common.units import human_duration, human_size
from gui.models.download_manager import DownloadManager, DownloadTask


class DownloadRow(QWidget):
    def __init__(
        self, task: DownloadTask, manager: DownloadManager, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("downloadRow")
        self.key = task.key
        self.manager = manager
        self.title = QLabel(f"{task.request.repo_id} · {task.request.name}", self)
        self.title.setObjectName("downloadTitle")
        # Hub names and error messages come from outside: shown as written.
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.bar = QProgressBar(self)
        self.bar.setObjectName("downloadProgress")
        self.bar.setRange(0, 1000)
        self.status = QLabel(self)
        self.status.setObjectName("downloadStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.pause_button = QPushButton("Pause", self)
        self.pause_button.setObjectName("pauseDownloadButton")
        self.resume_button = QPushButton("Resume", self)
        self.resume_button.setObjectName("resumeDownloadButton")
        self.retry_button = QPushButton("Retry", self)
        self.retry_button.setObjectName("retryDownloadButton")
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setObjectName("cancelDownloadButton")
        self.dismiss_button = QPushButton("Dismiss", self)
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
        self.bar.setFormat(f"{fraction * 100:.1f} %")
        parts = [f"{human_size(task.done)} of {human_size(task.total)}"]
        if task.state == "running" and task.speed > 0:
            parts.append(f"{human_size(int(task.speed))}/s")
            if task.eta is not None:
                parts.append(f"{human_duration(task.eta)} left")
        if task.message:
            parts.append(task.message)
        self.status.setText(" · ".join(parts))
        self.status.setProperty("failed", task.state == "failed")
        self.pause_button.setVisible(task.state == "running")
        self.resume_button.setVisible(task.state == "paused")
        self.retry_button.setVisible(task.state == "failed")
        self.cancel_button.setVisible(task.state in ("running", "paused", "failed"))
        self.dismiss_button.setVisible(task.state == "done")
