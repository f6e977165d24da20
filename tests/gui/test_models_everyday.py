"""The Models window and the welcome panel as a new user meets them: an unreachable hub,
notices per tab, Esc, whole catalog descriptions, a refused import, and the tiny starter
as the only model. Hubs are on 127.0.0.1 only (a closed port when unreachable)."""

from __future__ import annotations

import shutil
import socket
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QPushButton, QWidget
from pytestqt.qtbot import QtBot

import gui.models.installed_tab as installed_tab
from engine.common.preferences import AppSettings
from engine.models.starter_models import SMOLLM2_NAME
from gui.inference.controller import InferenceController
from gui.main_window import MainWindow
from gui.models.models_window import ModelsWindow
from tests.gui.conftest import WindowFactory
from tests.hub_server import HubServer

OFFLINE = "You are offline (or the hub is unreachable)"


def click(widget: QWidget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def button(window: QWidget, name: str) -> QPushButton:
    found = window.findChild(QPushButton, name)
    assert found is not None, name
    return found


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def app_window(make_window: WindowFactory, hub: HubServer) -> MainWindow:
    return make_window(include_starters=False)


def test_unreachable_hub_is_said_at_once_with_retry_and_the_mirror_setting(
    qtbot: QtBot,
    app_window: MainWindow,
    hub: HubServer,
    closed_port: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    models = app_window.models
    dead = f"http://127.0.0.1:{closed_port}"
    models.apply_settings(replace(models.app_settings.load(), hub_endpoint=dead))
    win = models.open_window()
    win.tabs.setCurrentWidget(win.search_tab)
    search = win.search_tab
    search.search_edit.setText("smol")
    click(button(win, "hubSearchButton"))
    panel = search.unreachable
    qtbot.waitUntil(panel.isVisible, timeout=10_000)
    message = panel.message.text()
    assert message.startswith(OFFLINE) and dead in message and "Errno" not in message
    assert not win.notice.isVisible(), "said once, in the tab, not also in the banner"

    # Mirror settings… opens Models → Settings, where the user sets a reachable mirror.
    asked: list[str] = []

    def set_mirror(current: AppSettings) -> AppSettings:
        asked.append(current.hub_endpoint)
        return replace(current, hub_endpoint=hub.endpoint)

    monkeypatch.setattr(models, "ask_models_settings", set_mirror)
    click(panel.settings_button)
    assert asked == [dead]
    hub.add_repo("acme/smol-GGUF", {"smol-Q4_1.gguf": b"x"})
    click(panel.retry_button)
    qtbot.waitUntil(lambda: search.repo_table.rowCount() == 1, timeout=10_000)
    assert not panel.isVisible()


def test_the_offline_setting_keeps_its_own_message(
    qtbot: QtBot, app_window: MainWindow, hub: HubServer
) -> None:
    models = app_window.models
    models.apply_settings(replace(models.app_settings.load(), offline=True))
    win = models.open_window()
    win.tabs.setCurrentWidget(win.search_tab)
    win.search_tab.search()
    expected = models.hub_config().offline_message("the hub was not contacted")
    qtbot.waitUntil(lambda: win.notice.text() == expected, timeout=5_000)
    assert not win.search_tab.unreachable.isVisible() and hub.requests == []


def test_a_tab_notice_stays_with_its_tab(app_window: MainWindow) -> None:
    win = app_window.models.open_window()
    win.tabs.setCurrentWidget(win.installed_tab)
    click(button(win, "loadModelButton"))  # nothing selected
    assert win.notice.isVisible() and win.notice.text() == "Select a model to load."
    win.tabs.setCurrentWidget(win.catalog_tab)
    assert not win.notice.isVisible()
    click(button(win, "catalogDownloadButton"))  # nothing selected either
    assert win.notice.text() == "Select a model in the catalog to download."
    win.tabs.setCurrentWidget(win.search_tab)
    assert not win.notice.isVisible()
    win.tabs.setCurrentWidget(win.installed_tab)
    assert win.notice.isVisible() and win.notice.text() == "Select a model to load."


def test_escape_closes_the_models_window(qtbot: QtBot, app_window: MainWindow) -> None:
    win = app_window.models.open_window()
    win.tabs.setCurrentWidget(win.search_tab)
    win.activateWindow()
    win.search_tab.search_edit.setFocus()
    qtbot.waitUntil(win.isActiveWindow, timeout=5_000)
    QTest.keyClick(win.search_tab.search_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not win.isVisible(), timeout=5_000)
    assert app_window.models.open_window().isVisible()  # and it opens again


def test_catalog_descriptions_are_shown_whole(qtbot: QtBot, app_window: MainWindow) -> None:
    win: ModelsWindow = app_window.models.open_window()
    win.resize(980, 680)
    win.tabs.setCurrentWidget(win.catalog_tab)
    table = win.catalog_tab.catalog_table
    qtbot.waitUntil(lambda: table.viewport().width() > 0, timeout=5_000)
    header = table.horizontalHeader()
    metrics = QFontMetrics(table.font())
    for column in range(table.columnCount()):
        right = header.sectionViewportPosition(column) + header.sectionSize(column)
        assert right <= table.viewport().width(), f"column {column} runs off the table"
    for row in range(table.rowCount()):
        for column in range(2, table.columnCount()):
            item = table.item(row, column)
            assert item is not None
            one_line = metrics.horizontalAdvance(item.text()) + 8 <= table.columnWidth(column)
            # Otherwise it wraps, and the row is as tall as its wrapped cells need.
            wrapped = table.wordWrap() and table.rowHeight(row) >= table.sizeHintForRow(row)
            assert one_line or wrapped, (row, column, item.text())


def test_a_file_that_is_not_a_gguf_model_is_refused_before_link_or_copy(
    qtbot: QtBot,
    app_window: MainWindow,
    tmp_path: Path,
    smollm2: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("a shopping list", encoding="utf-8")
    picked = [str(notes)]
    asked: list[str] = []
    refused: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *_args, **_kw: (picked[0], "GGUF models (*.gguf)")
    )

    def ask_choice(_parent: QWidget, _title: str, text: str, _choices: object) -> str:
        asked.append(text)
        return "Link (no copy)"

    monkeypatch.setattr(installed_tab, "ask_choice", ask_choice)
    monkeypatch.setattr(
        installed_tab, "show_error", lambda _p, _t, text: refused.append(text), raising=False
    )
    win = app_window.models.open_window()
    import_button = button(win, "importModelButton")
    click(import_button)
    qtbot.waitUntil(lambda: bool(refused or asked), timeout=10_000)
    assert asked == [], "Link or Copy was asked about a file that cannot be imported"
    assert "notes.txt is not a GGUF model file" in refused[0]

    model = tmp_path / "mine-Q4_1.gguf"
    shutil.copyfile(smollm2, model)
    picked[0] = str(model)
    click(import_button)
    table = win.installed_tab.installed_table
    qtbot.waitUntil(lambda: table.rowCount() == 1, timeout=10_000)
    assert len(asked) == 1 and len(refused) == 1


def test_welcome_panel_is_shown_while_only_the_starter_is_installed(
    qtbot: QtBot, make_window: WindowFactory, controller: InferenceController
) -> None:
    window = make_window(include_starters=True)
    models = window.models
    welcome = models.welcome
    assert welcome.isVisible() and not window.workspace.transcript.isVisible()
    assert "Only the tiny starter model" in welcome.body.text()
    assert models.recommended is not None
    assert models.recommended.name in welcome.download_button.text()  # a real model
    labels = [choice.label for choice in window.model_menu.choices()]
    assert any(label.startswith(SMOLLM2_NAME + " · ") for label in labels), labels

    click(welcome.dismiss_button)
    assert not welcome.isVisible() and window.workspace.transcript.isVisible()
    models.update_welcome()  # e.g. after the library changed: still dismissed
    assert not welcome.isVisible()


def test_try_the_starter_loads_it_and_a_real_model_needs_no_welcome(
    qtbot: QtBot,
    make_window: WindowFactory,
    controller: InferenceController,
    smollm2: Path,
) -> None:
    window = make_window(include_starters=True)
    welcome = window.models.welcome
    assert welcome.starter_button.isVisible()
    with qtbot.waitSignal(controller.model_loaded, timeout=60_000):
        click(welcome.starter_button)
    assert not welcome.isVisible()
    assert controller.model is not None and Path(controller.model.path) == smollm2

    # With a real model installed the panel has nothing to say.
    library = window.models.library
    shutil.copyfile(smollm2, library.models_dir / "mine-Q4_1.gguf")
    second = make_window(include_starters=True, controller=InferenceController())
    assert not second.models.welcome.isVisible()
