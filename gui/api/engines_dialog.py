"""Settings → Remote engines: OpenAI-compatible servers (llama-server, vLLM, Ollama,
LM Studio, another Hearth) whose models the Model menu lists. Testing one asks it for
its models off the GUI thread and remembers them."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine.common.errors import HearthError
from engine.remote.endpoint import RemoteEndpoint
from engine.remote.engines import EngineStore, RemoteEngine, check_base_url
from engine.remote.openai_client import list_models
from gui.common.background import BackgroundTask, TaskContext, run_in_background
from gui.common.dialogs import ask_yes_no
from gui.common.engine_text import shown


def parse_headers(text: str) -> tuple[tuple[str, str], ...]:
    """``Name: value`` lines as header pairs.

    Raises:
        HearthError: a line without a name and a colon.
    """
    headers: list[tuple[str, str]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        name, colon, value = line.partition(":")
        if not colon or not name.strip() or any(c.isspace() for c in name.strip()):
            raise HearthError(
                QCoreApplication.translate(
                    "EnginesDialog", "A header is 'Name: value', one per line: {line!r}"
                ).format(line=line.strip())
            )
        headers.append((name.strip(), value.strip()))
    return tuple(headers)


class EnginesDialog(QDialog):
    """Signals:
    engines_changed(): an engine was added, tested, changed or removed.
    """

    engines_changed = Signal()

    def __init__(self, store: EngineStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("enginesDialog")
        self.setWindowTitle(self.tr("Remote engines"))
        self.resize(620, 460)
        self._store = store
        self._task: BackgroundTask[list[str]] | None = None
        intro = QLabel(
            self.tr(
                "Chat and translate with models on another computer: any OpenAI-compatible "
                "server (llama.cpp's llama-server, vLLM, Ollama, LM Studio, another Hearth). "
                "What you send to a remote model leaves this computer."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.engine_list = QListWidget(self)
        self.engine_list.setObjectName("engineList")
        self.engine_list.setAccessibleName(self.tr("Remote engines"))
        self.engine_list.setAccessibleDescription(
            self.tr("Selecting an engine shows its settings below")
        )
        self.name = QLineEdit(self)
        self.name.setObjectName("engineName")
        #: an example name for a remote engine (a computer with a GPU)
        self.name.setPlaceholderText(self.tr("GPU box"))
        self.url = QLineEdit(self)
        self.url.setObjectName("engineUrl")
        self.url.setPlaceholderText("http://192.168.1.20:8080/v1")
        self.key = QLineEdit(self)
        self.key.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
        self.key.setObjectName("engineKey")
        #: no API key
        self.key.setPlaceholderText(self.tr("none"))
        self.headers = QPlainTextEdit(self)
        self.headers.setObjectName("engineHeaders")
        self.headers.setPlaceholderText(self.tr("X-Header: value (one per line, optional)"))
        self.headers.setMaximumHeight(60)
        self.test_result = QLabel("", self)
        self.test_result.setObjectName("engineTestResult")
        self.test_result.setTextFormat(Qt.TextFormat.PlainText)
        self.test_result.setWordWrap(True)
        self.test_button = QPushButton(self.tr("Save and test"), self)
        self.test_button.setObjectName("engineTest")
        self.test_button.setAccessibleDescription(
            self.tr("Save the engine and ask it for its models")
        )
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.setObjectName("engineRemove")
        self.remove_button.setAccessibleDescription(self.tr("Remove the selected engine"))
        self.new_button = QPushButton(self.tr("New engine"), self)
        self.new_button.setObjectName("engineNew")
        form = QFormLayout()
        for widget, label in (
            (self.name, self.tr("Name")),
            (self.url, self.tr("Base URL")),
            (self.key, self.tr("API key")),
            (self.headers, self.tr("Headers")),
        ):
            widget.setAccessibleName(label)
            form.addRow(label, widget)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(self.new_button)
        buttons_row.addWidget(self.test_button)
        buttons_row.addWidget(self.remove_button)
        buttons_row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.engine_list, 1)
        layout.addLayout(form)
        layout.addLayout(buttons_row)
        layout.addWidget(self.test_result)
        layout.addWidget(close)
        self.engine_list.currentItemChanged.connect(self._on_engine_list_current_changed)
        self.test_button.clicked.connect(self._on_test_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.new_button.clicked.connect(self._on_new_clicked)
        self._fill()

    def _fill(self, select: str | None = None) -> None:
        self.engine_list.clear()
        for engine in self._store.load():
            count = len(engine.models)
            item = QListWidgetItem(
                self.tr("{engine} · {url} · %Ln model(s)", "", count).format(
                    engine=engine.name, url=engine.endpoint.base_url
                )
            )
            item.setData(Qt.ItemDataRole.UserRole, engine.name)
            self.engine_list.addItem(item)
            if engine.name == select:
                self.engine_list.setCurrentItem(item)
        self.remove_button.setEnabled(self.engine_list.currentItem() is not None)

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_engine_list_current_changed(
        self, current: QListWidgetItem | None, _previous: QListWidgetItem | None
    ) -> None:
        self.remove_button.setEnabled(current is not None)
        engine = self._store.get(current.data(Qt.ItemDataRole.UserRole)) if current else None
        if engine is None:
            return
        self.name.setText(engine.name)
        self.url.setText(engine.endpoint.base_url)
        self.key.setText(engine.endpoint.api_key)
        self.headers.setPlainText("\n".join(f"{k}: {v}" for k, v in engine.endpoint.headers))

    def endpoint(self) -> RemoteEndpoint:
        """The engine the form describes.

        Raises:
            HearthError: a field is missing or malformed.
        """
        name = self.name.text().strip()
        if not name:
            raise HearthError(self.tr("Give the engine a name (it labels its models in the menu)."))
        return RemoteEndpoint(
            name,
            check_base_url(self.url.text()),
            self.key.text().strip(),
            parse_headers(self.headers.toPlainText()),
        )

    @Slot()
    def _on_test_clicked(self) -> None:
        try:
            endpoint = self.endpoint()
        except HearthError as error:
            self.test_result.setText(shown(error))
            return
        previous = self._store.get(endpoint.name)
        self._store.put(RemoteEngine(endpoint, previous.models if previous else ()))
        self._fill(select=endpoint.name)
        self.engines_changed.emit()
        self.test_result.setText(self.tr("Connecting to {host}…").format(host=endpoint.host))
        self.test_button.setEnabled(False)

        def work(_task: TaskContext) -> list[str]:
            return list_models(endpoint)

        def done(models: list[str]) -> None:
            self._task = None
            self.test_button.setEnabled(True)
            self._store.remember_models(endpoint.name, models)
            self._fill(select=endpoint.name)
            self.engines_changed.emit()
            shown = ", ".join(models[:5]) + (" …" if len(models) > 5 else "")
            connected = self.tr("Connected: %Ln model(s).", "", len(models))
            self.test_result.setText(f"{connected} {shown}".strip())

        def failed(error: str) -> None:
            self._task = None
            self.test_button.setEnabled(True)
            self.test_result.setText(self.tr("Not connected: {reason}").format(reason=error))

        self._task = run_in_background(self, work, on_success=done, on_failure=failed)

    @Slot()
    def _on_new_clicked(self) -> None:
        """An empty form for another engine (the list's selection is cleared)."""
        self.engine_list.setCurrentRow(-1)
        for field in (self.name, self.url, self.key):
            field.clear()
        self.headers.clear()
        self.test_result.clear()
        self.name.setFocus()

    @Slot()
    def _on_remove_clicked(self) -> None:
        item = self.engine_list.currentItem()
        if item is None:
            return
        name = item.data(Qt.ItemDataRole.UserRole)
        if not ask_yes_no(
            self,
            self.tr("Remove engine"),
            self.tr(
                "Remove {engine}? Its models leave the Model menu; conversations keep their text."
            ).format(engine=name),
            default_no=True,
        ):
            return
        self._store.remove(name)
        self._fill()
        self.engines_changed.emit()

    def testing(self) -> bool:
        """Whether a test is under way (until its answer is shown)."""
        return self._task is not None
