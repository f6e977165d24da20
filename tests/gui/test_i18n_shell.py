"""The shell (menus, toolbar, status line, Help, common dialogs) in Simplified Chinese,
from the keyboard and for screen readers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel, QMenu, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from gui.common.announce import announce, observe_announcements
from gui.common.crash_handler import CrashHandler
from gui.help_menu import HelpMenu, ManualDialog, ShortcutsDialog
from gui.inference.controller import InferenceController
from gui.inference.placement_text import placement_text
from gui.main_window import MainWindow
from tests.gui.conftest import WindowFactory
from tests.gui.i18n_check import (
    compiled_translations,
    install_compiled,
    is_english,
    unnamed_focusable,
    visible_english,
    widget_texts,
)

SHELL_TS = Path(__file__).resolve().parents[2] / "assets" / "i18n" / "zh_CN" / "hearth.ts"


@pytest.fixture
def zh_cn(tmp_path: Path) -> Iterator[None]:
    """The shell's Chinese translation installed for the test, removed after it (so the
    other tests see English)."""
    app = QCoreApplication.instance()
    assert app is not None
    qm = [p for p in compiled_translations("zh_CN", tmp_path / "qm") if p.stem == "hearth"]
    assert qm, f"{SHELL_TS} was not compiled"
    translators = install_compiled(app, qm)
    try:
        yield
    finally:
        for translator in translators:
            app.removeTranslator(translator)


def _menu(window: MainWindow, name: str) -> QMenu:
    menu = window.menuBar().findChild(QMenu, name)
    assert isinstance(menu, QMenu), name
    return menu


def _english(texts: list[str]) -> list[str]:
    return [t for t in texts if t and is_english(t)]


def test_announce_is_observed_and_ignores_empty_text(qtbot: QtBot) -> None:
    label = QLabel("status")
    qtbot.addWidget(label)
    with observe_announcements() as heard:
        announce(label, "Model loaded")
        announce(label, "")
        announce(label, "The model could not be loaded", assertive=True)
    announce(label, "not recorded: outside the block")
    assert [(a.source, a.text, a.assertive) for a in heard] == [
        (label, "Model loaded", False),
        (label, "The model could not be loaded", True),
    ]


def test_menus_toolbar_and_status_line_in_chinese(
    zh_cn: None, qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = make_window()
    titles = [a.text() for a in window.menuBar().actions()]
    for title in ("文件(&F)", "对话(&C)", "视图(&V)", "帮助(&H)"):
        assert title in titles, titles
    help_menu = window.findChild(HelpMenu)
    assert help_menu is not None
    shell_actions = [
        *_menu(window, "helpMenu").actions(),
        window.chat_mode_action,
        window.translate_mode_action,
        _menu(window, "fileMenu").actions()[-1],  # Quit
    ]
    texts = [t for a in shell_actions for t in (a.text(), a.toolTip())]
    assert not _english(texts), _english(texts)
    assert window.chat_mode_action.toolTip() == "对话（Ctrl+1）"
    assert window.translate_mode_action.toolTip() == "翻译（Ctrl+T）"
    assert window.chat_mode_action.iconText() == "对话", "the toolbar shows no (&C)"
    assert "关于 Hearth(&A)" in [a.text() for a in _menu(window, "helpMenu").actions()]

    label = window.toolbar.findChild(QLabel, "modelPickerLabel")
    assert label is not None and label.text() == "模型："
    status = window.status
    for widget in (status.model_label, status.stats_label, status.context_meter):
        assert not visible_english(widget), visible_english(widget)
    assert status.model_label.text() == "未加载模型"
    assert status.context_meter.format() == "上下文 –"

    # Help's dialogs: titles, headers, the keys that belong to widgets.
    shortcuts = ShortcutsDialog(help_menu.shortcut_rows(), window)
    qtbot.addWidget(shortcuts)
    assert shortcuts.windowTitle() == "键盘快捷键"
    assert not _english([*widget_texts(shortcuts.table), shortcuts.windowTitle()])
    keys = [shortcuts.table.item(r, 1).text() for r in range(shortcuts.table.rowCount())]
    assert "发送消息（在消息框和正在编辑的消息中）" in keys
    assert "帮助 → 键盘快捷键" in keys
    manual = ManualDialog("# Hearth\n\nText.", window)
    qtbot.addWidget(manual)
    assert not unnamed_focusable(shortcuts) and not unnamed_focusable(manual)
    assert not _english([manual.windowTitle(), manual.browser.accessibleName()])

    window.grab().save(str(tmp_path / "main_window_zh_CN.png"))


def test_load_announced_and_shown_in_chinese(
    zh_cn: None,
    qtbot: QtBot,
    make_window: WindowFactory,
    controller: InferenceController,
    tmp_path: Path,
) -> None:
    window = make_window()
    with observe_announcements() as heard:
        with qtbot.waitSignal(controller.model_loading, timeout=5000):
            window.model_menu.starter_action.trigger()
        assert window.status.model_label.text().startswith("正在加载")
        with qtbot.waitSignal(controller.model_loaded, timeout=60_000):
            pass
    status = window.status
    assert status.stats_label.text().startswith("模型已加载，用时")
    assert status.context_meter.format().startswith("上下文 ")
    for widget in (status.stats_label, status.context_meter):
        assert not visible_english(widget), visible_english(widget)
    told = [(a.text, a.assertive) for a in heard if a.source is status.model_label]
    assert len(told) == 1 and told[0][0].startswith("模型已加载：") and not told[0][1]

    broken = tmp_path / "not-a-model.gguf"
    failed = qtbot.waitSignal(controller.model_load_failed, timeout=10_000)
    with observe_announcements() as heard, failed:
        controller.load_model(str(broken))
    assert status.stats_label.text() == "无法加载模型"
    told = [(a.text, a.assertive) for a in heard if a.source is status.stats_label]
    assert told == [("无法加载 not-a-model.gguf", True)]


def test_placement_and_crash_dialog_in_chinese(zh_cn: None, qtbot: QtBot) -> None:
    assert placement_text("CPU only (as set for this model)") == "仅 CPU（按此模型的设置）"
    assert placement_text("20/28 layers on CUDA: 3.1 GiB of VRAM free") == (
        "20/28 层在 CUDA 上：可用显存 3.1 GiB"
    )
    assert placement_text("a form nobody knows") == "a form nobody knows"
    handler = CrashHandler(log_hint="hearth.log")
    with handler:
        handler.exception_caught.emit("ValueError: x", "Traceback …")
        qtbot.waitUntil(lambda: handler.dialog is not None, timeout=5000)
    assert handler.dialog is not None
    qtbot.addWidget(handler.dialog)
    assert handler.dialog.windowTitle() == "Hearth 遇到了意外错误"
    assert handler.dialog.text().startswith("出现了问题：ValueError: x")
    assert "详细信息见 hearth.log。" in handler.dialog.text()
    handler.dialog.close()


def test_shell_widgets_have_accessible_names(qtbot: QtBot, window: MainWindow) -> None:
    with observe_announcements() as heard:
        window.show_notice("A download finished.")
    assert [a.text for a in heard] == ["A download finished."], "a notice is read out"
    for part in (window.toolbar, window.statusBar(), window.notice):
        assert not unnamed_focusable(part), unnamed_focusable(part)
    assert window.status.context_meter.accessibleName() == "Context used"
    assert window.status.context_meter.accessibleDescription()


def test_tab_reaches_the_picker_the_chat_list_and_the_message_box(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.activateWindow()
    workspace = window.workspace
    workspace.input.setFocus()
    qtbot.keyClicks(workspace.input, "hello")  # so that Send is enabled
    assert workspace.send_button.isEnabled()
    visited: list[QWidget] = []
    for _ in range(40):
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    wanted = {
        "model picker": window.model_menu.picker,
        "chat list": workspace.sidebar.list,
        "chat search": workspace.sidebar.search,
        "new chat": workspace.sidebar.new_chat_button,
        "message box": workspace.input,
        "send": workspace.send_button,
    }
    missing = [name for name, widget in wanted.items() if widget not in visited]
    assert not missing, missing
    # The eye's order: the toolbar, then the chat list's side, then the chat.
    first = visited.index(window.model_menu.picker)
    after = visited[first:]
    assert after.index(workspace.sidebar.search) < after.index(workspace.input)
    assert visited[visited.index(workspace.input) + 1] is workspace.send_button
    # Every shown control Tab can reach is reached.
    reachable = [
        w
        for w in window.findChildren(QWidget)
        if w.isVisible()
        and w.isEnabled()
        and w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and not isinstance(w, QToolButton)
        and w.focusProxy() is None
    ]
    skipped = [f"{type(w).__name__} {w.objectName()}" for w in reachable if w not in visited]
    assert not skipped, skipped


def test_view_actions_and_settings_menus_are_added(
    qtbot: QtBot, window: MainWindow, controller: InferenceController
) -> None:
    zoom_in = QAction("Zoom in")
    language = QMenu("Language")
    other = MainWindow(
        controller,
        window.workspace,
        window.model_menu,
        window.models,
        window.translate_view,
        view_actions=(zoom_in,),
        settings_menus=(language,),
    )
    qtbot.addWidget(other)
    view = _menu(other, "viewMenu").actions()
    assert view[-1] is zoom_in and view[-2].isSeparator()
    settings = _menu(other, "settingsMenu")
    assert settings.actions()[0].menu() is language
    assert window.findChild(QMenu, "settingsMenu") is None or _menu(window, "settingsMenu")
