"""Shown instead of an empty chat when no model is installed, or only the tiny starter
(it is there to try Hearth, not for real use): the recommended first download (with its
progress) and import of a file the user already has. With only the starter it can be
dismissed, or the starter tried."""

from __future__ import annotations

import html

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from engine.models.catalog import CatalogEntry
from gui.models.catalog_text import catalog_text
from gui.models.display import data_size

NO_MODEL_TEXT = str(
    QT_TRANSLATE_NOOP(
        "WelcomePanel",
        "Hearth runs AI models on this computer: nothing you type leaves it. "
        "To start, download a model or use a .gguf file you already have.",
    )
)
STARTER_ONLY_TEXT = str(
    QT_TRANSLATE_NOOP(
        "WelcomePanel",
        "Hearth runs AI models on this computer: nothing you type leaves it. Only the tiny "
        "starter model is installed: it is there to try Hearth, and its answers are weak. "
        "For real use, download a model or use a .gguf file you already have.",
    )
)


class WelcomePanel(QWidget):
    """Signals:
    download_requested(): download the recommended model.
    import_requested(): import a .gguf file.
    browse_requested(): open the Models window.
    starter_requested(): try the starter model (offered while it is the only model).
    dismissed(): Not now (offered while the starter is the only model).
    """

    download_requested = Signal()
    import_requested = Signal()
    browse_requested = Signal()
    starter_requested = Signal()
    dismissed = Signal()

    def __init__(self, entry: CatalogEntry | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePanel")
        self.entry = entry
        title = QLabel(self.tr("Welcome to Hearth"), self)
        title.setObjectName("welcomeTitle")
        self.body = QLabel(self.tr(NO_MODEL_TEXT), self)
        self.body.setObjectName("welcomeBody")
        self.body.setWordWrap(True)
        self.recommended = QLabel(self)
        self.recommended.setWordWrap(True)
        if entry is not None:
            self.recommended.setTextFormat(Qt.TextFormat.RichText)
            self.recommended.setText(
                self.tr("<b>Recommended: {model}</b> ({size}, {licence})<br>{good_at}.").format(
                    model=html.escape(entry.name),
                    size=data_size(entry.size),
                    licence=html.escape(catalog_text(entry.license)),
                    good_at=html.escape(catalog_text(entry.good_at)),
                )
            )
        self.download_button = QPushButton(
            self.tr("Download {model}").format(model=entry.name)
            if entry
            else self.tr("Download a model"),
            self,
        )
        self.download_button.setObjectName("welcomeDownloadButton")
        self.download_button.setEnabled(entry is not None)
        self.import_button = QPushButton(self.tr("Import a .gguf file…"), self)
        self.import_button.setObjectName("welcomeImportButton")
        self.browse_button = QPushButton(self.tr("Browse all models…"), self)
        self.browse_button.setObjectName("welcomeBrowseButton")
        self.download_button.clicked.connect(self.download_requested)
        self.import_button.clicked.connect(self.import_requested)
        self.browse_button.clicked.connect(self.browse_requested)
        self.starter_button = QPushButton(self.tr("Try the starter model"), self)
        self.starter_button.setObjectName("welcomeStarterButton")
        self.starter_button.clicked.connect(self.starter_requested)
        self.dismiss_button = QPushButton(self.tr("Not now"), self)
        self.dismiss_button.setObjectName("welcomeDismissButton")
        self.dismiss_button.clicked.connect(self.dismissed)
        starter_row = QHBoxLayout()
        starter_row.addWidget(self.starter_button)
        starter_row.addWidget(self.dismiss_button)
        starter_row.addStretch(1)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("welcomeProgress")
        self.progress.setRange(0, 1000)
        self.progress.setAccessibleName(self.tr("Download progress"))
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
        layout.addWidget(self.body)
        layout.addSpacing(12)
        layout.addWidget(self.recommended)
        layout.addLayout(buttons)
        layout.addLayout(starter_row)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addStretch(2)
        self.set_starter_only(False)

    def set_starter_only(self, starter_only: bool) -> None:
        """Word the panel for "only the starter is installed" (with Try the starter and
        Not now) or for "no model at all"."""
        self.body.setText(self.tr(STARTER_ONLY_TEXT if starter_only else NO_MODEL_TEXT))
        self.starter_button.setVisible(starter_only)
        self.dismiss_button.setVisible(starter_only)

    def show_progress(self, fraction: float, text: str) -> None:
        self.progress.show()
        self.progress.setValue(int(fraction * 1000))
        self.status.setText(text)
