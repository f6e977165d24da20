"""The Models window and the welcome panel, downloading from the local test hub."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from engine.chat.history_store import HistoryStore
from engine.common.paths import AppPaths
from engine.common.preferences import AppSettingsStore
from engine.hub.hub_config import HubConfig
from engine.llm.parameters import LoadSettings
from engine.models.catalog import load_catalog, recommended_entry
from engine.models.model_library import ModelLibrary
from gui.inference.controller import InferenceController
from gui.main_window import MainWindow
from gui.models.download_manager import DownloadManager
from gui.models.models_window import ModelsWindow
from tests.hub_server import HubServer

REPO_ID = "acme/smol-GGUF"
FILE = "smol-Q4_1.gguf"
MB = 1024 * 1024


@pytest.fixture
def model_bytes(smollm2: Path) -> bytes:
    return smollm2.read_bytes()


@pytest.fixture
def app_window(
    qtbot: QtBot,
    controller: InferenceController,
    store: HistoryStore,
    hub: HubServer,
    hearth_home: Path,
) -> Iterator[MainWindow]:
    paths = AppPaths.from_environment().ensure()
    config = HubConfig.resolve()
    assert config.endpoint == hub.endpoint and not config.offline
    window = MainWindow(
        controller,
        store,
        load_settings=LoadSettings(n_ctx=1024, n_threads=2),
        library=ModelLibrary(paths, include_starters=False),
        app_settings=AppSettingsStore(paths.config_dir),
        downloads=DownloadManager(config, paths.models_dir),
        paths=paths,
    )
    qtbot.addWidget(window)
    window.show()
    yield window
    assert window.models is not None
    window.models.shutdown()


def models_window(window: MainWindow) -> ModelsWindow:
    assert window.models is not None
    return window.models.open_window()


def served(hub: HubServer) -> int:
    return sum(hub.body_bytes.values())


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
    app_window._rebuild_model_menu()
    actions = {a.text(): a for a in app_window.model_menu.actions()}
    manage = actions["&Manage models…"]
    assert manage.shortcut().toString() == "Ctrl+Shift+M"
    manage.trigger()
    assert app_window.models is not None and app_window.models.models_window is not None
    win = app_window.models.models_window
    assert win.isVisible()
    assert [win.tabs.tabText(i) for i in range(win.tabs.count())] == [
        "Installed",
        "Catalog",
        "Search hub",
    ]
    assert win.catalog_table.rowCount() >= 12
    assert any(
        "Fits" in (win.catalog_table.item(r, 2).text())
        or "Too large" in win.catalog_table.item(r, 2).text()
        for r in range(win.catalog_table.rowCount())
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
    assert all(Path(p).name != FILE for p, _l, _u in app_window.library_models())
    assert win.installed_table.rowCount() == 0

    qtbot.mouseClick(row.pause_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: downloads.task(key).state == "paused", timeout=10_000)
    assert row.resume_button.isVisible() and "Paused" in row.status.text()
    hub.faults.stall_after_bytes = None
    with qtbot.waitSignal(downloads.model_installed, timeout=30_000) as installed:
        qtbot.mouseClick(row.resume_button, Qt.MouseButton.LeftButton)
    path = Path(installed.args[0])
    assert path.read_bytes() == model_bytes
    assert served(hub) == len(model_bytes), "resume fetched only the missing bytes"
    assert "Installed and verified" in row.status.text()
    assert win.installed_table.rowCount() == 1
    assert win.installed_table.item(0, 1).text() == "Q4_1"
    assert any(Path(p) == path for p, _l, usable in app_window.library_models() if usable)


def test_cancel_removes_the_row_and_the_partial_file(
    qtbot: QtBot, app_window: MainWindow, hub: HubServer, model_bytes: bytes, hearth_home: Path
) -> None:
    win, key = start_stalled_download(
        qtbot, app_window, hub, model_bytes, stall_at=4 * MB, stall_seconds=60, wait_for=4 * MB
    )
    row = win.download_row(key)
    assert row is not None
    qtbot.mouseClick(row.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.downloads.task(key) is None, timeout=10_000)
    assert win.download_row(key) is None
    assert not list((hearth_home / "models").rglob("*.part"))


def test_download_survives_closing_the_window(
    qtbot: QtBot, app_window: MainWindow, hub: HubServer, model_bytes: bytes
) -> None:
    assert app_window.models is not None
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
    assert reopened.installed_table.rowCount() == 1


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
    assert win.installed_table.rowCount() == 0
    with qtbot.waitSignal(win.downloads.model_installed, timeout=30_000):
        qtbot.mouseClick(row.retry_button, Qt.MouseButton.LeftButton)
    assert win.installed_table.rowCount() == 1
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
    win.search_edit.setText("smol")
    from PySide6.QtWidgets import QPushButton

    search_button = win.findChild(QPushButton, "hubSearchButton")
    assert search_button is not None
    qtbot.mouseClick(search_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.repo_table.rowCount() == 1, timeout=10_000)
    assert win.repo_table.item(0, 0).text() == REPO_ID
    win.repo_table.selectRow(0)
    qtbot.waitUntil(lambda: win.file_table.rowCount() == 2, timeout=10_000)
    names = [win.file_table.item(r, 0).text() for r in range(2)]
    assert "smol-F16-00001-of-00002.gguf  (2 parts)" in names
    row = names.index(FILE)
    assert win.file_table.item(row, 4).text() == hashlib.sha256(model_bytes).hexdigest()[:12] + "…"
    win.file_table.selectRow(names.index(FILE))
    download_button = win.findChild(QPushButton, "fileDownloadButton")
    assert download_button is not None
    with qtbot.waitSignal(win.downloads.model_installed, timeout=30_000):
        qtbot.mouseClick(download_button, Qt.MouseButton.LeftButton)


def test_offline_mode_search_says_so_and_sends_nothing(
    qtbot: QtBot, app_window: MainWindow, hub: HubServer
) -> None:
    from dataclasses import replace

    assert app_window.models is not None
    settings = app_window.models.app_settings.load()
    app_window.models.apply_settings(replace(settings, offline=True))
    win = models_window(app_window)
    assert "offline" in win.hub_label.text()
    win.search_edit.setText("smol")
    win.search()
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
    assert models is not None
    assert models.welcome.isVisible() and not app_window.transcript.isVisible()
    with qtbot.waitSignal(controller.model_loaded, timeout=90_000):
        qtbot.mouseClick(models.welcome.download_button, Qt.MouseButton.LeftButton)
    assert not models.welcome.isVisible() and app_window.transcript.isVisible()
    assert Path(controller.model.path).name == entry.file


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
        qtbot.mouseClick(row.resume_button, Qt.MouseButton.LeftButton)
    assert served(hub) - before == len(model_bytes) - 5 * MB
    assert window.installed_table.rowCount() == 1
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
    assert win.installed_table.rowCount() == 2


def test_changing_the_models_folder_lists_that_folder(
    qtbot: QtBot, app_window: MainWindow, tmp_path: Path, smollm2: Path
) -> None:
    import shutil
    from dataclasses import replace

    folder = tmp_path / "elsewhere"
    (folder / "mine").mkdir(parents=True)
    shutil.copyfile(smollm2, folder / "mine" / "copy-Q4_1.gguf")
    models = app_window.models
    assert models is not None
    models.apply_settings(replace(models.app_settings.load(), models_dir=str(folder)))
    win = models_window(app_window)
    assert str(folder) in win.hub_label.text()
    assert win.installed_table.rowCount() == 1
    assert any("copy-Q4_1.gguf" in p for p, _l, _u in app_window.library_models())
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
    asked: list[str] = []
    win.ask_confirmation = lambda _title, text: asked.append(text) or True  # type: ignore[method-assign]

    win.import_model(str(mine), copy=False)
    assert win.installed_table.rowCount() == 1
    assert win.installed_table.item(0, 4).text() == "Linked (not copied)"
    win.installed_table.selectRow(0)
    win._on_remove_clicked()
    assert "The file itself stays" in asked[-1]
    assert mine.is_file() and win.installed_table.rowCount() == 0

    win.import_model(str(mine), copy=True)
    qtbot.waitUntil(lambda: win.installed_table.rowCount() == 1, timeout=30_000)
    assert win.installed_table.item(0, 4).text() == "Models folder"
    win.installed_table.selectRow(0)
    win._on_remove_clicked()
    assert "frees" in asked[-1] and "freed" in win.notice.text()
    assert win.installed_table.rowCount() == 0 and mine.is_file()

    win.scan_other_apps()
    qtbot.waitUntil(lambda: win.found_table.rowCount() == 1, timeout=10_000)
    assert win.found_table.item(0, 1).text() == "LM Studio"
    win.found_table.selectRow(0)
    win._link_found()
    assert win.installed_table.rowCount() == 1
    assert any(Path(p) == found_file for p, _l, _u in app_window.library_models())
