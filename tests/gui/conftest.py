"""GUI fixtures: the app's own window (built by ``gui.app.build_app``) over a real
inference thread, always shut down."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QTableWidget
from pytestqt.qtbot import QtBot

from engine.chat.history_store import HistoryStore
from engine.common.paths import AppPaths
from engine.common.preferences import AppSettingsStore
from engine.llm.parameters import LoadSettings, SamplingSettings
from engine.models.model_library import ModelLibrary
from engine.translation.memory import TranslationMemory
from gui.app import AppParts, build_app
from gui.inference.controller import InferenceController
from gui.main_window import MainWindow
from gui.translate.translate_view import TranslateView

# Replies the tests can predict, short enough for two shared cores.
TEST_SAMPLING = SamplingSettings(temperature=0.0, seed=7, max_tokens=64)


@pytest.fixture(scope="session", autouse=True)
def english_window(qapp: QCoreApplication) -> Iterator[None]:
    """The window's tests read what an English user reads: the English catalogue's
    singulars and plurals ("1 term", "3 terms") installed, as Hearth installs it (a
    test that builds the app installs it too, so without this the texts would depend
    on the order the tests run in)."""
    from gui.common.i18n import install_translators

    installed = install_translators(qapp, "en")
    assert installed, "the English catalogue (assets/i18n/en/hearth.qm): run make i18n"
    yield
    for translator in installed:
        qapp.removeTranslator(translator)


@pytest.fixture
def controller() -> Iterator[InferenceController]:
    ctrl = InferenceController()
    yield ctrl
    assert ctrl.shutdown(5000), "the inference thread did not stop"
    assert not ctrl.is_running(), "a test left the inference thread running"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    history = HistoryStore(tmp_path / "history.db")
    yield history
    history.close()


class WindowFactory(Protocol):
    def __call__(
        self,
        *,
        n_ctx: int = ...,
        sampling: SamplingSettings = ...,
        include_starters: bool = ...,
        controller: InferenceController = ...,
        store: HistoryStore = ...,
    ) -> MainWindow: ...


@pytest.fixture
def make_window(
    qtbot: QtBot,
    controller: InferenceController,
    store: HistoryStore,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[WindowFactory]:
    """Builds the window as the app does, in the test's HEARTH_HOME, with two threads
    per model; shown, and shut down at the end of the test (once)."""
    built: list[AppParts] = []

    def let_close(parts: AppParts) -> None:
        """A test's unconfirmed edits do not hold its window open at the end (the quit
        question has tests of its own, tests/gui/test_translate_quit.py)."""
        monkeypatch.setattr(parts.window.translate_view, "may_close", lambda: True)

    def build(
        *,
        n_ctx: int = 1024,
        sampling: SamplingSettings = TEST_SAMPLING,
        include_starters: bool = True,
        controller: InferenceController = controller,
        store: HistoryStore = store,
    ) -> MainWindow:
        parts = build_app(
            controller,
            store,
            AppPaths.from_environment().ensure(),
            n_ctx=n_ctx,
            n_threads=2,
            sampling=sampling,
            include_starters=include_starters,
        )
        built.append(parts)
        # pytest-qt closes the window before this fixture's teardown (a failed test
        # leaves it open): a test's unconfirmed edits do not hold it open either.
        qtbot.addWidget(parts.window, before_close_func=lambda _w: let_close(parts))
        parts.window.show()
        return parts.window

    yield build
    for parts in built:
        assert parts.shutdown(5000), "the inference thread did not stop"
    # Delete the windows now, with their timers (a search typed 200 ms before the end
    # would otherwise fire in the next test, against this test's closed history).
    for parts in built:
        let_close(parts)
        parts.window.close()
        parts.window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def window(make_window: WindowFactory) -> MainWindow:
    return make_window()


@pytest.fixture
def loaded_window(qtbot: QtBot, window: MainWindow, controller: InferenceController) -> MainWindow:
    with qtbot.waitSignal(controller.model_loaded, timeout=60_000):
        window.model_menu.starter_action.trigger()
    return window


# -- the Translate view on its own -------------------------------------------------------

TRANSLATE_LOAD = LoadSettings(n_ctx=2048, n_threads=2)


@pytest.fixture
def memory(tmp_path: Path) -> Iterator[TranslationMemory]:
    """An empty translation memory of the test's own (a test file may override it)."""
    tm = TranslationMemory(tmp_path / "translation.db")
    yield tm
    tm.close()


def open_translate_view(
    qtbot: QtBot,
    controller: InferenceController,
    memory: TranslationMemory,
    *,
    with_library: bool = True,
    load: Path | None = None,
) -> TranslateView:
    """The Translate view on its own and shown: with the test's model library and
    settings (``with_library``), and over ``load`` loaded (models it asks for are loaded
    too, with :data:`TRANSLATE_LOAD`)."""
    paths = AppPaths.from_environment().ensure()
    translate = (
        TranslateView(
            controller,
            memory,
            library=ModelLibrary(paths),
            settings=AppSettingsStore(paths.config_dir),
        )
        if with_library
        else TranslateView(controller, memory)
    )
    translate.load_requested.connect(lambda path: controller.load_model(path, TRANSLATE_LOAD))
    qtbot.addWidget(translate)
    translate.show()
    qtbot.waitExposed(translate)
    if load is not None:
        with qtbot.waitSignal(controller.model_loaded, timeout=60_000):
            controller.load_model(str(load), TRANSLATE_LOAD)
    return translate


@pytest.fixture
def zh_cn(qapp: QCoreApplication, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The window in Simplified Chinese for one test: Qt's and Hearth's zh_CN
    translations (compiled from the committed .ts files) installed and the default
    locale set; English again afterwards."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    from tests.gui.i18n_check import compiled_translations, install_compiled

    files = compiled_translations("zh_CN", tmp_path_factory.mktemp("qm"))
    installed = install_compiled(qapp, files)
    qt_own = QTranslator(qapp)
    if qt_own.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        qapp.installTranslator(qt_own)
        installed.append(qt_own)
    previous = QLocale()
    QLocale.setDefault(QLocale("zh_CN"))
    try:
        yield
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)
        QLocale.setDefault(previous)


def run_translate(qtbot: QtBot, view: TranslateView, retranslate: bool = False) -> None:
    """Click Translate (or Retranslate) and wait for the run to end."""
    button = view.retranslate_button if retranslate else view.translate_button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.running, timeout=120_000)


def translate_two_paragraphs(qtbot: QtBot, view: TranslateView) -> QTableWidget:
    """English→French of "Good morning." and "The cat sleeps.": the segments table."""
    view.set_pair("en", "fr")
    view.source_edit.setPlainText("Good morning.\n\nThe cat sleeps.")
    run_translate(qtbot, view)
    return view.segments_table
