"""Where models live and which hub Hearth talks to: models folder, mirror, access token
and offline mode. Empty fields fall back to HF_ENDPOINT / HF_TOKEN and the defaults."""

from __future__ import annotations

import os
from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine.common.preferences import AppSettings
from engine.hub.hub_config import PUBLIC_HUB, HubConfig, validate_endpoint
from gui.common.dialogs import NoticeBanner
from gui.common.engine_text import shown


class ModelsSettingsDialog(QDialog):
    def __init__(
        self, settings: AppSettings, default_folder: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("modelsSettingsDialog")
        self.setWindowTitle(self.tr("Models settings"))
        self._settings = settings
        self.folder_edit = QLineEdit(settings.models_dir, self)
        self.folder_edit.setObjectName("modelsFolderEdit")
        self.folder_edit.setPlaceholderText(default_folder)
        self.folder_edit.setAccessibleName(self.tr("Models folder"))
        browse = QPushButton(self.tr("Browse…"), self)
        browse.setAccessibleDescription(self.tr("Choose the models folder"))
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(browse)
        self.endpoint_edit = QLineEdit(settings.hub_endpoint, self)
        self.endpoint_edit.setObjectName("hubEndpointEdit")
        self.endpoint_edit.setPlaceholderText(os.environ.get("HF_ENDPOINT") or PUBLIC_HUB)
        self.endpoint_edit.setAccessibleName(self.tr("Hub or mirror"))
        self.token_edit = QLineEdit(settings.hub_token, self)
        self.token_edit.setObjectName("hubTokenEdit")
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_edit.setPlaceholderText(
            self.tr("from HF_TOKEN")
            if os.environ.get("HF_TOKEN")
            else self.tr("only for gated models (hf_…)")
        )
        self.token_edit.setAccessibleName(self.tr("Access token"))
        self.offline_check = QCheckBox(self.tr("Offline: never contact the hub"), self)
        self.offline_check.setObjectName("offlineCheck")
        self.offline_check.setChecked(settings.offline)
        # HF_HUB_OFFLINE in the environment (as `make run` sets it) wins over the box.
        self.environment_note = NoticeBanner("offlineEnvironmentNote", self)
        if HubConfig.resolve(settings).offline_from_environment:
            self.environment_note.show_notice(
                self.tr(
                    "HF_HUB_OFFLINE is set in Hearth's environment: Hearth stays offline "
                    "whatever this box says. `make run` sets it; start Hearth with "
                    "`make run HF_HUB_OFFLINE=0` (or `.venv/bin/hearth`) to use the hub."
                )
            )
        # It can repeat a folder name or a hub's error text.
        self.error = NoticeBanner("settingsError", self)
        form = QFormLayout()
        form.addRow(self.tr("Models folder"), folder_row)
        form.addRow(self.tr("Hub or mirror"), self.endpoint_edit)
        form.addRow(self.tr("Access token"), self.token_edit)
        form.addRow("", self.offline_check)
        form.addRow("", self.environment_note)
        note = QLabel(
            self.tr(
                "A new models folder is used for new downloads and listed from now on; models "
                "in the old folder stay on disk. The token is stored in Hearth's settings "
                "file, readable by your user only."
            ),
            self,
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self,
            self.tr("Models folder"),
            self.folder_edit.text() or self.folder_edit.placeholderText(),
        )
        if folder:
            self.folder_edit.setText(folder)

    def result_settings(self) -> AppSettings | None:
        """The edited settings, or None (with the reason shown) when a field is invalid."""
        try:
            endpoint = validate_endpoint(self.endpoint_edit.text())
        except ValueError as error:
            self.error.show_notice(shown(error))
            return None
        return replace(
            self._settings,
            models_dir=self.folder_edit.text().strip(),
            hub_endpoint=endpoint,
            hub_token=self.token_edit.text().strip(),
            offline=self.offline_check.isChecked(),
        )

    def accept(self) -> None:
        if self.result_settings() is not None:
            super().accept()
