"""Settings → Local API server: on/off, port, this computer or the network (with a
required API key), the web origins allowed, the parallel slots, and whether a request
may load the model it names."""

from __future__ import annotations

import secrets
from dataclasses import replace

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine.common.preferences import AppSettings
from gui.common.dialogs import NoticeBanner

MAX_SLOTS = 8


class ApiSettingsDialog(QDialog):
    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("apiSettingsDialog")
        self.setWindowTitle(self.tr("Local API server"))
        self._settings = settings
        intro = QLabel(
            self.tr(
                "Serves the model loaded in Hearth through an OpenAI-compatible API, for "
                "editors, scripts and other tools: base URL http://127.0.0.1:PORT/v1."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.enabled = QCheckBox(self.tr("Run the local API server"), self)
        self.enabled.setObjectName("apiEnabled")
        self.enabled.setChecked(settings.api_enabled)
        self.port = QSpinBox(self)
        self.port.setObjectName("apiPort")
        self.port.setRange(1024, 65535)
        self.port.setValue(settings.api_port if 1024 <= settings.api_port <= 65535 else 8080)
        self.network = QCheckBox(self.tr("Allow other computers on the network"), self)
        self.network.setObjectName("apiNetwork")
        self.network.setChecked(settings.api_network)
        self.warning = QLabel(
            self.tr(
                "Anyone on your network who has the key can use the model, and everything "
                "they send is processed on this computer."
            ),
            self,
        )
        self.warning.setObjectName("apiNetworkWarning")
        self.warning.setWordWrap(True)
        self.key = QLineEdit(settings.api_key, self)
        self.key.setObjectName("apiKey")
        self.key.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
        #: a button that makes a random API key
        generate = QPushButton(self.tr("Generate"), self)
        generate.setObjectName("apiKeyGenerate")
        generate.setAccessibleName(self.tr("Generate an API key"))
        generate.clicked.connect(self._on_generate_clicked)
        key_row = QHBoxLayout()
        key_row.addWidget(self.key, 1)
        key_row.addWidget(generate)
        self.cors = QLineEdit(", ".join(settings.api_cors), self)
        self.cors.setObjectName("apiCors")
        self.cors.setPlaceholderText(self.tr("none (web pages cannot call it)"))
        self.cors.setToolTip(
            self.tr(
                "Origins of web pages allowed to call the API, separated by commas, e.g. "
                "http://localhost:3000"
            )
        )
        self.slots = QSpinBox(self)
        self.slots.setObjectName("apiSlots")
        self.slots.setRange(1, MAX_SLOTS)
        self.slots.setValue(min(max(settings.api_parallel, 1), MAX_SLOTS))
        self.slots.setToolTip(
            self.tr(
                "Replies decoded together (the window's own included). The model is reloaded "
                "with this many slots, each with its whole context: more memory."
            )
        )
        self.load_on_request = QCheckBox(
            self.tr("Load the model a request names (just in time)"), self
        )
        self.load_on_request.setObjectName("apiLoadOnRequest")
        self.load_on_request.setChecked(settings.api_load_on_request)
        self.load_on_request.setToolTip(
            self.tr(
                "GET /v1/models lists every model of the library. A request naming another "
                "model of the library replaces the model loaded in the window (once no reply "
                "is being written); off, such a request is refused."
            )
        )
        for widget, name in (
            (self.port, self.tr("Port")),
            (self.key, self.tr("API key")),
            (self.cors, self.tr("Web origins (CORS)")),
            (self.slots, self.tr("Parallel slots")),
        ):
            widget.setAccessibleName(name)
        for described in (self.cors, self.slots, self.load_on_request):
            described.setAccessibleDescription(described.toolTip())
        self.error = NoticeBanner("apiSettingsError", self)

        form = QFormLayout()
        form.addRow("", self.enabled)
        form.addRow(self.tr("Port"), self.port)
        form.addRow("", self.network)
        form.addRow("", self.warning)
        form.addRow(self.tr("API key"), key_row)
        form.addRow(self.tr("Web origins (CORS)"), self.cors)
        form.addRow(self.tr("Parallel slots"), self.slots)
        form.addRow("", self.load_on_request)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.network.toggled.connect(self._update_warning)
        self._update_warning()

    @Slot()
    def _update_warning(self) -> None:
        self.warning.setVisible(self.network.isChecked())
        layout = self.layout()
        if self.isVisible() and layout is not None:
            # The wrapped warning needs its lines' room: grow rather than overlap the rows.
            layout.activate()
            needed = max(layout.totalHeightForWidth(self.width()), layout.minimumSize().height())
            if needed > self.height():
                self.resize(self.width(), needed)
        self.key.setPlaceholderText(
            self.tr("required for the network")
            if self.network.isChecked()
            else self.tr("none (only this computer can connect)")
        )

    @Slot()
    def _on_generate_clicked(self) -> None:
        self.key.setEchoMode(QLineEdit.EchoMode.Normal)
        self.key.setText(secrets.token_urlsafe(24))

    def chosen(self) -> AppSettings:
        origins = tuple(o.strip() for o in self.cors.text().split(",") if o.strip())
        return replace(
            self._settings,
            api_enabled=self.enabled.isChecked(),
            api_port=self.port.value(),
            api_network=self.network.isChecked(),
            api_key=self.key.text().strip(),
            api_cors=origins,
            api_parallel=self.slots.value(),
            api_load_on_request=self.load_on_request.isChecked(),
        )

    def accept(self) -> None:
        """Refuse a network server without a key, or an origin that is not a URL."""
        chosen = self.chosen()
        if chosen.api_enabled and chosen.api_network and not chosen.api_key:
            self.error.show_notice(
                self.tr("Serving to the network needs an API key: set one (Generate makes one).")
            )
            return
        bad = [o for o in chosen.api_cors if not o.startswith(("http://", "https://"))]
        if bad:
            self.error.show_notice(
                self.tr("A web origin starts with http:// or https://: {origin}").format(
                    origin=bad[0]
                )
            )
            return
        super().accept()
