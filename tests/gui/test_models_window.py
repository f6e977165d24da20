"""The Models window and the welcome panel, downloading from the local test hub."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton, QTableWidget, QWidget
from pytestqt.qtbot import QtBot

import gui.models.installed_tab as installed_tab
from engine.common.paths import AppPaths
from engine.hub.hub_config import HubConfig
from engine.models.catalog import load_catalog, recommended_entry
from engine.models.model_library import ModelLibrary
from gui.inference.controller import InferenceController
from gui.main_window import MainWindow
from gui.models.download_manager import DownloadManager, TaskState
from gui.models.models_window import ModelsWindow
from tests.gui.conftest import WindowFactory
from tests.hub_server import HubServer

REPO_ID = "acme/smol-GGUF"
FILE = "smol-Q4_1.gguf"
MB = 1024 * 1024


@pytest.fixture
def model_bytes(smollm2: Path) -> bytes:
    return smollm2.read_bytes()


@pytest.fixture
def app_window(make_window: WindowFactory, hub: HubServer) -> MainWindow:
    config = HubConfig.resolve()
    assert config.endpoint == hub.endpoint and not config.offline
    return make_window(include_starters=False)


def models_window(window: MainWindow) -> ModelsWindow:
    return window.models.open_window()


def served(hub: HubServer) -> int:
    return sum(hub.body_bytes.values())


def cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None, f"no cell {row}, {column}"
    return item.text()


def state(downloads: DownloadManager, key: str) -> TaskState | None:
    task = downloads.task(key)
    return None if task is None else task.state


def click(widget: QWidget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def library_paths(window: MainWindow, *, usable_only: bool = False) -> list[Path]:
    """The models the Model menu offers."""
    return [Path(c.path) for c in window.model_menu.choices() if c.usable or not usable_only]


def start_stalled_download(
    qtbot: QtBot,
    window: MainWindow,
    hub: HubServer,
    data: bytes,
    *,
    stall_at: int,
    stall_seconds: float,
    wait_for: int,
) -> tuple[ModelsWindow, str]:
    """Serve FILE stalling after ``stall_at`` bytes, start it from the Models window and
    wait until ``wait_for`` bytes have arrived; returns the window and the download key."""
    hub.add_repo(REPO_ID, {FILE: data})
    hub.faults.stall_after_bytes = stall_at
    hub.faults.stall_seconds = stall_seconds
    win = models_window(window)
    downloads = win.downloads
    win.download(REPO_ID, FILE)
    qtbot.waitUntil(
        lambda: bool(downloads.tasks()) and downloads.tasks()[0].done >= wait_for,
        timeout=20_000,
    )
    return win, downloads.tasks()[0].key


def test_manage_models_is_in_the_model_menu(app_window: MainWindow) -> None:
    app_window.model_menu.rebuild()
    actions = {a.text(): a for a in app_window.model_menu.menu.actions()}
    manage = actions["&Manage models…"]
    assert manage.shortcut().toString() == "Ctrl+Shift+M"
    manage.trigger()
    win = app_window.models.models_window
    assert win is not None and win.isVisible()
    assert [win.tabs.tabText(i) for i in range(win.tabs.count())] == [
        "Installed",
        "Catalog",
        "Search hub",
    ]
    table = win.catalog_tab.catalog_table
    assert table.rowCount() >= 12
    assert any(
        "Fits" in cell(table, r, 2) or "Too large" in cell(table, r, 2)
        for r in range(table.rowCount())
    )


def test_progress_pause_resume_and_install_only_when_verified(
    qtbot: QtBot, app_window: MainWindow, hub: HubServer, model_bytes: bytes
) -> None:
    win, key = start_stalled_download(
        qtbot, app_window, hub, model_bytes, stall_at=8 * MB, stall_seconds=60, wait_for=8 * MB
    )
    downloads = win.downloads
    row = win.download_row(key)
    assert row is not None
    assert row.bar.value() > 0 and "of" in row.status.text()
    assert row.pause_button.isVisible() and not row.resume_button.isVisible()
    # Not verified yet: nowhere to be picked.
    assert all(p.name != FILE for p in library_paths(app_window))
    installed_table = win.installed_tab.installed_table
    assert installed_table.rowCount() == 0

    click(row.pause_button)
    qtbot.waitUntil(lambda: state(downloads, key) == "paused", timeout=10_000)
    assert row.resume_button.isVisible() and "Paused" in row.status.text()
    hub.faults.stall_after_bytes = None
    with qtbot.waitSignal(downloads.model_installed, timeout=30_000) as installed:
        click(row.resume_button)
    path = Path(installed.args[0])
    assert path.read_bytes() == model_bytes
    assert served(hub) == len(model_bytes), "resume fetched only the missing bytes"
    assert "Installed and verified" in row.status.text()
    assert installed_table.rowCount() == 1
    assert cell(installed_table, 0, 1) == "Q4_1"
    assert path in library_paths(app_window, usable_only=True)


def test_cancel_removes_the_row_and_the_partial_file(
    qtbot: QtBot, app_window: MainWindow, hub: HubServer, model_bytes: bytes, hearth_home: Path
) -> None:
    win, key = start_stalled_download(
        qtbot, app_window, hub, model_bytes, stall_at=4 * MB, stall_seconds=60, wait_for=4 * MB
    )
    row = win.download_row(key)
    assert row is not None
    click(row.cancel_button)
    qtbot.waitUntil(lambda: win.downloads.task(key) is None, timeout=10_000)
    assert win.download_row(key) is None
    assert not list((hearth_home / "models").rglob("*.part"))


def test_download_survives_closing_the_window(
    qtbot: QtBot, app_window: MainWindow, hub: HubServer, model_bytes: bytes
) -> None:
    win, _key = start_stalled_download(
        qtbot, app_window, hub, model_bytes, stall_at=4 * MB, stall_seconds=1.5, wait_for=1
    )
    downloads = win.downloads
    app_window.models.close_window()
    hub.faults.stall_after_bytes = None
    with qtbot.waitSignal(downloads.model_installed, timeout=30_000):
        pass
    reopened = models_window(app_window)
    key = downloads.tasks()[0].key
    row = reopened.download_row(key)
    assert row is not None and "Installed and verified" in row.status.text()
    assert reopened.installed_tab.installed_table.rowCount() == 1


def test_failed_download_says_why_and_retry_succeeds(
    qtbot: QtBot, app_window: MainWindow, hub: HubServer, model_bytes: bytes
) -> None:
    hub.add_repo(REPO_ID, {FILE: model_bytes})
    hub.faults.corrupt_times = 1  # damaged in transit once
    win = models_window(app_window)
    with qtbot.waitSignal(win.downloads.download_failed, timeout=30_000) as failed:
        win.download(REPO_ID, FILE)
    key = failed.args[0]
    row = win.download_row(key)
    assert row is not None and "damaged" in row.status.text()
    assert row.retry_button.isVisible() and not row.pause_button.isVisible()
    assert win.installed_tab.installed_table.rowCount() == 0
    with qtbot.waitSignal(win.downloads.model_installed, timeout=30_000):
        click(row.retry_button)
    assert win.installed_tab.installed_table.rowCount() == 1
    assert "Installed and verified" in row.status.text()


def test_search_lists_repositories_and_files_then_downloads(
    qtbot: QtBot, app_window: MainWindow, hub: HubServer, model_bytes: bytes
) -> None:
    hub.add_repo(
        REPO_ID,
        {
            FILE: model_bytes,
            "smol-F16-00001-of-00002.gguf": b"a",
            "smol-F16-00002-of-00002.gguf": b"b",
        },
    )
    win = models_window(app_window)
    win.tabs.setCurrentIndex(2)
    search = win.search_tab
    search.search_edit.setText("smol")
    search_button = win.findChild(QPushButton, "hubSearchButton")
    assert search_button is not None
    click(search_button)
    qtbot.waitUntil(lambda: search.repo_table.rowCount() == 1, timeout=10_000)
    assert cell(search.repo_table, 0, 0) == REPO_ID
    search.repo_table.selectRow(0)
    qtbot.waitUntil(lambda: search.file_table.rowCount() == 2, timeout=10_000)
    names = [cell(search.file_table, r, 0) for r in range(2)]
    assert "smol-F16-00001-of-00002.gguf  (2 parts)" in names
    row = names.index(FILE)
    assert cell(search.file_table, row, 4) == hashlib.sha256(model_bytes).hexdigest()[:12] + "…"
    search.file_table.selectRow(names.index(FILE))
    download_button = win.findChild(QPushButton, "fileDownloadButton")
    assert download_button is not None
    with qtbot.waitSignal(win.downloads.model_installed, timeout=30_000):
        click(download_button)


def test_offline_mode_search_says_so_and_sends_nothing(
    qtbot: QtBot, app_window: MainWindow, hub: HubServer
) -> None:
    from dataclasses import replace

    settings = app_window.models.app_settings.load()
    app_window.models.apply_settings(replace(settings, offline=True))
    win = models_window(app_window)
    assert "offline" in win.hub_label.text()
    win.tabs.setCurrentWidget(win.search_tab)  # its notice shows over its own tab
    win.search_tab.search_edit.setText("smol")
    win.search_tab.search()
    qtbot.waitUntil(lambda: "Offline mode is on" in win.notice.text(), timeout=5_000)
    assert hub.requests == []


def test_welcome_panel_downloads_the_recommended_model_and_loads_it(
    qtbot: QtBot,
    app_window: MainWindow,
    hub: HubServer,
    model_bytes: bytes,
    controller: InferenceController,
) -> None:
    entry = recommended_entry(load_catalog())
    assert entry is not None
    hub.add_repo(entry.repo, {entry.file: model_bytes})
    models = app_window.models
    transcript = app_window.workspace.transcript
    assert models.welcome.isVisible() and not transcript.isVisible()
    with qtbot.waitSignal(controller.model_loaded, timeout=90_000):
        click(models.welcome.download_button)
    assert not models.welcome.isVisible() and transcript.isVisible()
    assert controller.model is not None and Path(controller.model.path).name == entry.file


def test_unfinished_download_is_listed_after_a_restart_and_resumes(
    qtbot: QtBot, hub: HubServer, model_bytes: bytes, hearth_home: Path
) -> None:
    from engine.hub.downloads import STAGING, Downloader

    hub.add_repo(REPO_ID, {FILE: model_bytes})
    paths = AppPaths.from_environment().ensure()
    config = HubConfig.resolve()
    request = Downloader(config, paths.models_dir).plan(REPO_ID, FILE)
    stage = paths.models_dir / STAGING / request.key
    stage.mkdir(parents=True)
    (stage / "request.json").write_text(json.dumps(request.to_json()), encoding="utf-8")
    (stage / (FILE + ".part")).write_bytes(model_bytes[: 5 * MB])
    # A new session: the manager finds the staged bytes and lists the download as paused.
    manager = DownloadManager(config, paths.models_dir)
    library = ModelLibrary(paths, include_starters=False)
    window = ModelsWindow(library, manager, lambda: config)
    qtbot.addWidget(window)
    window.show()
    row = window.download_row(request.key)
    assert row is not None and row.resume_button.isVisible()
    assert "5.0 MB of" in row.status.text()
    before = served(hub)
    with qtbot.waitSignal(manager.model_installed, timeout=30_000):
        click(row.resume_button)
    assert served(hub) - before == len(model_bytes) - 5 * MB
    assert window.installed_tab.installed_table.rowCount() == 1
    manager.shutdown()


def test_two_downloads_run_at_once(
    qtbot: QtBot, app_window: MainWindow, hub: HubServer, model_bytes: bytes
) -> None:
    hub.add_repo(REPO_ID, {FILE: model_bytes})
    hub.add_repo("acme/other-GGUF", {"other-Q4_1.gguf": model_bytes})
    hub.rate_limit = 40 * MB  # both are still running when the second starts
    win = models_window(app_window)
    installed: list[str] = []
    win.downloads.model_installed.connect(installed.append)
    win.download(REPO_ID, FILE)
    win.download("acme/other-GGUF", "other-Q4_1.gguf")
    qtbot.waitUntil(
        lambda: sum(t.state == "running" for t in win.downloads.tasks()) == 2, timeout=10_000
    )
    qtbot.waitUntil(lambda: len(installed) == 2, timeout=60_000)
    assert win.installed_tab.installed_table.rowCount() == 2


def test_changing_the_models_folder_lists_that_folder(
    qtbot: QtBot, app_window: MainWindow, tmp_path: Path, smollm2: Path
) -> None:
    import shutil
    from dataclasses import replace

    folder = tmp_path / "elsewhere"
    (folder / "mine").mkdir(parents=True)
    shutil.copyfile(smollm2, folder / "mine" / "copy-Q4_1.gguf")
    models = app_window.models
    models.apply_settings(replace(models.app_settings.load(), models_dir=str(folder)))
    win = models_window(app_window)
    assert str(folder) in win.hub_label.text()
    assert win.installed_tab.installed_table.rowCount() == 1
    assert any(p.name == "copy-Q4_1.gguf" for p in library_paths(app_window))
    assert models.downloads.models_dir == folder
    assert not models.welcome.isVisible()


def test_models_settings_dialog_checks_the_mirror_address(qtbot: QtBot) -> None:
    from engine.common.preferences import AppSettings
    from gui.models.models_settings_dialog import ModelsSettingsDialog

    dialog = ModelsSettingsDialog(AppSettings(), "/default/models")
    qtbot.addWidget(dialog)
    dialog.endpoint_edit.setText("hf-mirror.com")
    assert dialog.result_settings() is None
    assert "web address" in dialog.error.text()
    dialog.endpoint_edit.setText("https://hf-mirror.com/")
    dialog.token_edit.setText(" hf_abc ")
    dialog.offline_check.setChecked(True)
    dialog.folder_edit.setText("/data/models")
    settings = dialog.result_settings()
    assert settings is not None
    assert (settings.hub_endpoint, settings.hub_token, settings.offline, settings.models_dir) == (
        "https://hf-mirror.com",
        "hf_abc",
        True,
        "/data/models",
    )
    assert dialog.token_edit.echoMode() == dialog.token_edit.EchoMode.Password


def test_import_link_copy_remove_and_link_other_apps_models(
    qtbot: QtBot,
    app_window: MainWindow,
    smollm2: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import shutil

    home = tmp_path / "home"
    lm_studio = home / ".lmstudio" / "models" / "someone" / "smol-GGUF"
    lm_studio.mkdir(parents=True)
    found_file = lm_studio / "found-Q4_1.gguf"
    shutil.copyfile(smollm2, found_file)
    monkeypatch.setenv("HOME", str(home))
    mine = tmp_path / "mine-Q4_1.gguf"
    shutil.copyfile(smollm2, mine)
    win = models_window(app_window)
    tab = win.installed_tab
    table = tab.installed_table
    asked: list[str] = []

    def say_yes(_parent: QWidget | None, _title: str, text: str, *, default_no: bool) -> bool:
        assert default_no, "removing a model must default to No"
        asked.append(text)
        return True

    monkeypatch.setattr(installed_tab, "ask_yes_no", say_yes)

    win.import_model(str(mine), copy=False)
    assert table.rowCount() == 1
    assert cell(table, 0, 4) == "Linked (not copied)"
    table.selectRow(0)
    tab.remove_selected()
    assert "The file itself stays" in asked[-1]
    assert mine.is_file() and table.rowCount() == 0

    # Quitting mid-copy cancels it and leaves no partial file behind.
    win.import_model(str(mine), copy=True)
    win.stop_imports()
    qtbot.waitUntil(lambda: "cancelled" in win.notice.text(), timeout=10_000)
    imported = win.library.models_dir / "imported"
    assert not list(imported.glob(".*.part")) and not list(imported.glob("*.gguf"))

    win.import_model(str(mine), copy=True)
    qtbot.waitUntil(lambda: table.rowCount() == 1, timeout=30_000)
    assert cell(table, 0, 4) == "Models folder"
    table.selectRow(0)
    tab.remove_selected()
    assert "frees" in asked[-1] and "freed" in win.notice.text()
    assert table.rowCount() == 0 and mine.is_file()

    tab.scan_other_apps()
    qtbot.waitUntil(lambda: tab.found_table.rowCount() == 1, timeout=10_000)
    assert cell(tab.found_table, 0, 1) == "LM Studio"
    tab.found_table.selectRow(0)
    tab.link_selected_found()
    assert table.rowCount() == 1
    assert found_file in library_paths(app_window)


def test_settings_say_when_the_environment_keeps_hearth_offline(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from engine.common.preferences import AppSettings
    from gui.models.models_settings_dialog import ModelsSettingsDialog

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    forced = ModelsSettingsDialog(AppSettings(), "/models")
    qtbot.addWidget(forced)
    forced.show()
    assert forced.environment_note.isVisible()
    assert "HF_HUB_OFFLINE" in forced.environment_note.text()
    monkeypatch.delenv("HF_HUB_OFFLINE")
    free = ModelsSettingsDialog(AppSettings(), "/models")
    qtbot.addWidget(free)
    free.show()
    assert not free.environment_note.isVisible()
