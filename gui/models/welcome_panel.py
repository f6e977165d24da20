"""Shown instead of an empty chat when no model is installed: the recommended first
download (with its progress) and import of a file the user already has."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from engine.common.units import human_size
from engine.models.catalog import CatalogEntry


class WelcomePanel(QWidget):
    download_requested = Signal()
    import_requested = Signal()
    browse_requested = Signal()

    def __init__(self, entry: CatalogEntry | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePanel")
        self.entry = entry
        title = QLabel("Welcome to Hearth", self)
        title.setObjectName("welcomeTitle")
        body = QLabel(
            "Hearth runs AI models on this computer: nothing you type leaves it. "
            "To start, download a model or use a .gguf file you already have.",
            self,
        )
        body.setWordWrap(True)
        self.recommended = QLabel(self)
        self.recommended.setWordWrap(True)
        if entry is not None:
            self.recommended.setTextFormat(Qt.TextFormat.RichText)
            self.recommended.setText(
                f"<b>Recommended: {html.escape(entry.name)}</b> "
                f"({human_size(entry.size)}, {html.escape(entry.license)})"
                f"<br>{html.escape(entry.good_at)}."
            )
        self.download_button = QPushButton(
            f"Download {entry.name}" if entry else "Download a model", self
        )
        self.download_button.setObjectName("welcomeDownloadButton")
        self.download_button.setEnabled(entry is not None)
        self.import_button = QPushButton("Import a .gguf file…", self)
        self.import_button.setObjectName("welcomeImportButton")
        self.browse_button = QPushButton("Browse all models…", self)
        self.download_button.clicked.connect(self.download_requested)
        self.import_button.clicked.connect(self.import_requested)
        self.browse_button.clicked.connect(self.browse_requested)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("welcomeProgress")
        self.progress.setRange(0, 1000)
        self.progress.hide()
        self.status = QLabel(self)
        self.status.setObjectName("welcomeStatus")
        # Download errors quote the hub and the file system: shown as written.
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.download_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.browse_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(body)
        layout.addSpacing(12)
        layout.addWidget(self.recommended)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addStretch(2)

    def show_progress(self, fraction: float, text: str) -> None:
        self.progress.show()
        self.progress.setValue(int(fraction * 1000))
        self.status.setText(text)
