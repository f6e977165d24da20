"""The Models window, the Model menu and the model and API dialogs in Simplified
Chinese, named for screen readers; the catalog's words translated with them."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from assets import asset
from engine.common.paths import AppPaths
from engine.common.preferences import AppSettings, AppSettingsStore
from engine.hub.hub_config import HubConfig
from engine.llm.chat_formats import NAMED_FORMATS
from engine.llm.fit_estimate import Fit, MachineMemory
from engine.remote.endpoint import RemoteEndpoint
from engine.remote.engines import EngineStore, RemoteEngine
from gui.api.api_settings_dialog import ApiSettingsDialog
from gui.api.engines_dialog import EnginesDialog
from gui.common.announce import observe_announcements
from gui.inference.controller import InferenceController
from gui.inference.placement_text import placement_text
from gui.main_window import MainWindow
from gui.models import catalog_text
from gui.models.display import data_size, duration, fit_text
from gui.models.load_settings_dialog import LoadSettingsDialog
from gui.models.model_info_dialog import ModelInfoDialog
from gui.models.models_settings_dialog import ModelsSettingsDialog
from gui.models.models_window import ModelsWindow
from tests.gui.conftest import WindowFactory
from tests.gui.i18n_check import unnamed_focusable, visible_english
from tests.hub_server import HubServer

MODELS_TS = Path(__file__).resolve().parents[2] / "assets" / "i18n" / "zh_CN" / "hearth.ts"
REPO_ID = "acme/smol-GGUF"
FILE = "smol-Q4_1.gguf"
SHOTS = os.environ.get("HEARTH_SCREENSHOTS", "")  # a folder to save what the tests saw


def _catalog_words() -> set[str]:
    """The texts of assets/catalog.json a reader needs in their language: what each model
    is good at, language entries that are words (not codes), licences with a note."""
    data = json.loads(asset("catalog.json").read_text(encoding="utf-8"))
    words: set[str] = set()
    for model in data["models"]:
        words.add(model["good_at"])
        words.update(lang for lang in model["languages"] if not lang.isalpha() or len(lang) > 3)
        if "(" in model["license"]:
            words.add(model["license"])
    return words


def _shot(widget: QWidget, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


def _checked(widget: QWidget, allowed: tuple[str, ...] = ()) -> None:
    """No English left on screen and every focusable widget named."""
    assert visible_english(widget, allowed) == []
    assert unnamed_focusable(widget) == []


def test_every_catalog_text_is_listed_for_translation() -> None:
    missing = _catalog_words() - catalog_text.TEXTS
    assert not missing, f"add these to gui/models/catalog_text.py: {sorted(missing)}"


def test_every_catalog_text_has_a_chinese_translation() -> None:
    root = ET.parse(MODELS_TS).getroot()
    translated = {
        message.findtext("source"): message.find("translation")
        for context in root.iter("context")
        if context.findtext("name") == catalog_text.CONTEXT
        for message in context.iter("message")
    }
    for text in catalog_text.TEXTS:
        translation = translated.get(text)
        assert translation is not None, f"{text!r} is not in {MODELS_TS.name}: run lupdate"
        assert translation.get("type") is None and translation.text, text


def test_models_ts_is_complete() -> None:
    root = ET.parse(MODELS_TS).getroot()
    for message in root.iter("message"):
        translation = message.find("translation")
        assert translation is not None and translation.get("type") is None, message.findtext(
            "source"
        )
        forms = [f.text for f in translation.iter("numerusform")] or [translation.text]
        assert all(forms), message.findtext("source")


def test_sizes_durations_and_fits_follow_the_ui_language(zh_cn: None) -> None:
    assert data_size(1_117_320_736) == "1.0 GB"
    assert duration(245) == "4 分 05 秒"
    memory = MachineMemory(free_ram=8 * 2**30)
    fits = fit_text(Fit("fits", 2 * 2**30, "Fits in memory"), memory)
    assert fits == "内存足够（约 2.0 GB，可用 8.0 GB）"
    too_large = fit_text(Fit("too_large", 9 * 2**30, "Too large"), memory)
    assert too_large == "过大（约 9.0 GB；可用 8.0 GB）"


@pytest.fixture
def app_window(make_window: WindowFactory, hub: HubServer) -> MainWindow:
    assert HubConfig.resolve().endpoint == hub.endpoint
    return make_window(include_starters=False)


def test_models_window_in_chinese_from_search_to_a_finished_download(
    zh_cn: None, qtbot: QtBot, app_window: MainWindow, hub: HubServer, smollm2: Path
) -> None:
    hub.add_repo(REPO_ID, {FILE: smollm2.read_bytes()})
    welcome = app_window.models.welcome
    assert welcome.isVisible()
    _checked(welcome)
    welcome.set_starter_only(True)
    assert "入门模型" in welcome.body.text()
    _checked(welcome)
    _shot(welcome, "welcome-zh_CN")

    win = app_window.models.open_window()
    assert isinstance(win, ModelsWindow)
    assert win.windowTitle() == "模型 — Hearth"
    for index in range(win.tabs.count()):
        win.tabs.setCurrentIndex(index)
        _checked(win)
    catalog = win.catalog_tab.catalog_table
    cells = [catalog.item(row, 4) for row in range(catalog.rowCount())]
    good_at = {cell.text() for cell in cells if cell is not None}
    assert "23 种语言的翻译与写作" in good_at
    win.tabs.setCurrentWidget(win.catalog_tab)
    _shot(win, "models-catalog-zh_CN")

    search = win.search_tab
    win.tabs.setCurrentWidget(search)
    search.search_edit.setText("smol")
    search.search()
    qtbot.waitUntil(lambda: search.repo_table.rowCount() == 1, timeout=10_000)
    search.repo_table.selectRow(0)
    qtbot.waitUntil(lambda: search.file_table.rowCount() == 1, timeout=10_000)
    search.file_table.selectRow(0)
    download = win.findChild(QPushButton, "fileDownloadButton")
    assert download is not None
    with (
        observe_announcements() as heard,
        qtbot.waitSignal(win.downloads.model_installed, timeout=30_000),
    ):
        QTest.mouseClick(download, Qt.MouseButton.LeftButton)
    row = win.download_row(win.downloads.tasks()[0].key)
    assert row is not None and "已安装并校验" in row.status.text()
    assert win.downloads_panel.title.text() == "下载（1）"
    # Said once, by the main window's notice banner.
    assert [a.text for a in heard] == [f"{FILE} 已安装并校验：请在“模型”菜单中选择它。"]
    _checked(win, (FILE,))
    win.tabs.setCurrentWidget(win.installed_tab)
    _checked(win, (FILE,))
    _shot(win, "models-installed-zh_CN")

    menu = app_window.model_menu
    menu.rebuild()
    labels = tuple(choice.label for choice in menu.choices())
    assert menu.menu.title() == "模型(&M)"
    assert visible_english(menu.menu, labels) == []


def test_model_dialogs_in_chinese(
    zh_cn: None, qtbot: QtBot, make_window: WindowFactory, smollm2: Path
) -> None:
    window = make_window()
    profiles = window.model_menu.profiles
    settings = LoadSettingsDialog(str(smollm2), profiles, window)
    qtbot.addWidget(settings)
    settings.show()
    assert settings.windowTitle() == f"加载设置：{smollm2.name}"
    formats = tuple(NAMED_FORMATS)  # names of chat formats, as their makers write them
    _checked(settings, formats)
    settings.gpu_mode.setCurrentIndex(settings.gpu_mode.count() - 1)  # this many layers
    settings.template.setCurrentIndex(settings.template.count() - 1)  # custom template
    assert settings.settings().template_mode == "custom"
    _checked(settings, formats)
    _shot(settings, "load-settings-zh_CN")

    info = ModelInfoDialog(str(smollm2), None, window)
    qtbot.addWidget(info)
    info.show()
    _checked(info)

    folder = str(AppPaths.from_environment().models_dir)
    models_settings = ModelsSettingsDialog(AppSettings(), folder, window)
    qtbot.addWidget(models_settings)
    models_settings.show()
    _checked(models_settings)
    for dialog in (settings, info, models_settings):
        dialog.done(QDialog.DialogCode.Rejected)


def test_api_settings_and_remote_engines_in_chinese(
    zh_cn: None, qtbot: QtBot, make_window: WindowFactory
) -> None:
    window = make_window()
    config_dir = AppPaths.from_environment().config_dir
    api = ApiSettingsDialog(AppSettingsStore(config_dir).load(), window)
    qtbot.addWidget(api)
    api.show()
    _checked(api)
    api.network.setChecked(True)  # the warning and the key's placeholder change
    assert api.key.placeholderText() == "网络访问时必填"
    _checked(api)
    layout = api.layout()
    assert layout is not None
    assert api.height() >= layout.totalHeightForWidth(api.width()), "the warning has room"
    _shot(api, "api-settings-zh_CN")

    store = EngineStore(config_dir)
    store.put(RemoteEngine(RemoteEndpoint("GPU box", "http://127.0.0.1:9/v1", "", ()), ("m",)))
    engines = EnginesDialog(store, window)
    qtbot.addWidget(engines)
    engines.show()
    engines.engine_list.setCurrentRow(0)
    assert engines.engine_list.item(0).text() == "GPU box · http://127.0.0.1:9/v1 · 1 个模型"
    assert engines.engine_list.accessibleName() == "远程引擎"
    # The list's rows are checked above; visible_english cannot read a QListWidget's
    # model yet (it calls columnCount() without a parent), so the walk leaves it out.
    engines.engine_list.hide()
    _checked(engines, ("GPU box",))
    engines.engine_list.show()
    _shot(engines, "engines-zh_CN")
    for dialog in (api, engines):
        dialog.done(QDialog.DialogCode.Rejected)


def test_a_download_ending_is_said_to_screen_readers(
    zh_cn: None,
    qtbot: QtBot,
    app_window: MainWindow,
    hub: HubServer,
    smollm2: Path,
    controller: InferenceController,
) -> None:
    models = app_window.models
    entry = models.recommended
    assert entry is not None
    hub.add_repo(entry.repo, {entry.file: smollm2.read_bytes()})
    hub.faults.corrupt_times = 1  # damaged in transit once
    with (
        observe_announcements() as heard,
        qtbot.waitSignal(models.downloads.download_failed, timeout=30_000),
    ):
        models.download_recommended()
    assert [(a.text.startswith(f"{entry.file} 下载失败："), a.assertive) for a in heard] == [
        (True, True)
    ]
    assert models.welcome.download_button.text() == "重试下载"
    with (
        observe_announcements() as heard,
        qtbot.waitSignal(controller.model_loaded, timeout=60_000),
    ):
        models.download_recommended()
    finished = f"下载完成：{entry.file} 已安装并校验。"
    assert finished in [a.text for a in heard if not a.assertive]


def test_information_on_the_loaded_model_in_chinese(
    zh_cn: None, qtbot: QtBot, loaded_window: MainWindow, controller: InferenceController
) -> None:
    model = controller.model
    assert model is not None
    dialog = ModelInfoDialog(model.path, model, loaded_window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "模型信息"
    _checked(dialog, (model.name,))
    # Where it runs (the engine says "CPU only …") is said in Chinese too.
    placement = placement_text(model.placement)
    assert placement != model.placement
    shown = {label.text() for label in dialog.findChildren(QLabel)}
    assert f"上下文 {model.n_ctx:,} · {placement}" in shown
    dialog.sha_button.click()
    qtbot.waitUntil(lambda: len(dialog.sha_label.text()) == 64, timeout=30_000)
    dialog.done(QDialog.DialogCode.Rejected)
