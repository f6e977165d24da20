"""The Translate view in a small window, and its Glossary and Memory tabs' counters,
without a model."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from engine.translation.memory import TranslationMemory
from gui.inference.controller import InferenceController
from gui.main_window import MainWindow, Mode
from gui.translate.translate_view import TranslateView
from tests.gui.conftest import WindowFactory, open_translate_view

LONG_NAME = "minutes of the annual general meeting of the riverside allotment society " * 3


@pytest.fixture
def view(qtbot: QtBot, controller: InferenceController, memory: TranslationMemory) -> TranslateView:
    return open_translate_view(qtbot, controller, memory, with_library=False)


def buttons_cut(view: TranslateView) -> list[str]:
    """The labels of the action row's visible buttons that are narrower than their text."""
    return [
        button.text()
        for button in view.action_bar.findChildren(QPushButton)
        if button.isVisible() and button.width() < button.sizeHint().width()
    ]


def test_long_file_names_and_messages_never_widen_the_window(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    # No model to load (Translate would load the starter): the status says what to do.
    window = make_window(include_starters=False)
    window.resize(800, 600)
    window.show_mode(Mode.TRANSLATE)
    view = window.translate_view
    qtbot.waitUntil(lambda: window.width() == 800)
    minimum_before = window.minimumSizeHint().width()
    assert view.minimumSizeHint().width() <= 800
    assert buttons_cut(view) == []

    document = tmp_path / (LONG_NAME.replace(" ", "_") + ".txt")
    document.write_text("Good morning.\n\nSee you tomorrow.\n", encoding="utf-8")
    assert view.open_document(document)
    view.translate()  # no model loaded: the status says what to do
    assert view.status.text().startswith("Load a model first")
    view.status.setText(f"Translation stopped: {LONG_NAME}")
    QApplication.processEvents()

    assert view.document_label.text().startswith(document.name), "text() is the whole text"
    assert view.minimumSizeHint().width() <= 800
    assert window.minimumSizeHint().width() <= max(minimum_before, 800)
    assert window.width() == 800
    assert buttons_cut(view) == []
    # What does not fit is elided, and shown whole in the tooltip.
    assert view.document_label.shown_text().endswith("2 segments (text)")
    assert "…" in view.document_label.shown_text()
    # A message wraps: it is shown whole, on more lines, and the window stays as wide.
    assert view.status.text() == f"Translation stopped: {LONG_NAME}"
    assert not view.status.is_cut() and view.status.toolTip() == ""
    lines = view.status.fontMetrics().height()
    qtbot.waitUntil(lambda: view.status.height() >= 2 * lines)
    # A word too long for the label is cut at its edge, and shown whole in the tooltip.
    word = "x" * 400
    view.status.setText(f"Saved {word}.txt")
    QApplication.processEvents()
    assert window.width() == 800 and view.status.is_cut()
    assert word in view.status.toolTip()
    view.status.clear()
    assert view.status.toolTip() == ""
    # Chinese wraps between any two characters: nothing is cut, no tooltip.
    view.status.setText("已保存" + "译文" * 40)
    assert not view.status.is_cut() and view.status.toolTip() == ""
    # More lines than it shows: cut, and whole in the tooltip.
    view.status.setText("Segment failed: " + "word " * 600)
    assert view.status.is_cut() and "word word" in view.status.toolTip()
    # Room for two lines whatever the message, so that one of two lines moves nothing,
    # Chinese ones (drawn in a taller fallback font) too.
    view.status.setText("Done.")
    QApplication.processEvents()
    assert view.status.height() >= 2 * lines
    view.status.setText("已保存" + "译文" * 40)
    two_chinese_lines = view.status.heightForWidth(view.status.width())
    assert view.status.minimumHeight() >= two_chinese_lines


def test_the_memory_count_fits_at_800_px(qtbot: QtBot, window: MainWindow) -> None:
    window.resize(800, 600)
    window.show_mode(Mode.TRANSLATE)
    view = window.translate_view
    panel = view.memory_panel
    # The longest language names, and a search, make the longest count.
    panel.memory.store("zh-TW", "pt", "晚安。", "Boa noite.", "confirmed")
    panel.memory.store("zh-TW", "pt", "早安。", "Bom dia.", "confirmed")
    view.set_pair("zh-TW", "pt")
    view.tabs.setCurrentWidget(panel)
    qtbot.keyClicks(panel.search_edit, "noite")
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1 and not panel.busy)
    qtbot.waitUntil(lambda: window.width() == 800)
    QApplication.processEvents()
    assert "(matching the search: 1)" in panel.label.text()
    assert panel.search_edit.width() >= 200, "the search keeps room to type"
    assert panel.label.isVisible() and not panel.label.is_elided(), panel.label.shown_text()
    assert panel.label.toolTip() == ""
    assert window.width() == 800


def test_a_failed_open_names_a_long_path_without_widening(
    qtbot: QtBot, view: TranslateView, tmp_path: Path
) -> None:
    view.resize(700, 500)
    qtbot.waitUntil(lambda: view.width() == 700)
    assert not view.open_document(tmp_path / f"{LONG_NAME}.md")
    assert view.status.text()
    assert view.minimumSizeHint().width() <= 700
    assert buttons_cut(view) == []


def test_add_term_opens_its_cell_and_the_count_follows_every_change(
    qtbot: QtBot, view: TranslateView, memory: TranslationMemory
) -> None:
    view.set_pair("en", "fr")
    panel = view.glossary_panel
    view.tabs.setCurrentWidget(panel)
    view.activateWindow()
    qtbot.waitActive(view)
    assert panel.label.text() == "0 terms for English → French"

    add = panel.findChild(QPushButton, "addTermButton")
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not add, "the new term's cell is open"
    qtbot.keyClicks(editor, "Hearth")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits it just after
    table = view.glossary_table
    qtbot.waitUntil(lambda: table.item(0, 0).text() == "Hearth")
    assert table.rowCount() == 1
    assert [e.source for e in memory.glossary("en", "fr").entries] == ["Hearth"]
    assert panel.label.text() == "1 term for English → French"

    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    table.item(1, 0).setText("morning")
    table.item(1, 1).setText("matin")
    assert panel.label.text() == "2 terms for English → French"
    assert memory.glossary("en", "fr").entries[1].target == "matin"

    table.setCurrentCell(0, 0)
    qtbot.mouseClick(panel.findChild(QPushButton, "removeTermButton"), Qt.MouseButton.LeftButton)
    assert panel.label.text() == "1 term for English → French"
    assert [e.source for e in memory.glossary("en", "fr").entries] == ["morning"]


def test_language_pickers_show_their_whole_label_within_800_px(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.resize(800, 600)
    window.show_mode(Mode.TRANSLATE)
    view = window.translate_view
    view.set_pair("auto", "zh-TW")
    view.pair_bar.set_detected("zh")
    QApplication.processEvents()
    for combo in (view.pair_bar.source_combo, view.pair_bar.target_combo):
        label = combo.currentText()
        assert combo.toolTip() == label
        assert combo.width() >= combo.fontMetrics().horizontalAdvance(label)
    assert view.pair_bar.source_combo.currentText() == "Auto-detect (Chinese (Simplified))"
    assert view.minimumSizeHint().width() <= 800
    qtbot.waitUntil(lambda: window.width() == 800)


def test_the_target_picker_stays_put_while_auto_detect_changes_its_label(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.resize(1100, 700)
    window.show_mode(Mode.TRANSLATE)
    bar = window.translate_view.pair_bar
    window.translate_view.set_pair("auto", "fr")
    places = []
    for found in ("zh", "en", None, "de", "zh"):
        bar.set_detected(found)
        QApplication.processEvents()
        places.append(bar.target_combo.mapTo(window, bar.target_combo.rect().topLeft()).x())
    # It moved once, when the first long label widened the source picker, and no more.
    assert len(set(places)) == 1, places
    # Another source language: the picker fits its label again.
    wide = bar.source_combo.minimumContentsLength()
    window.translate_view.set_pair("en", "fr")
    assert bar.source_combo.minimumContentsLength() < wide


def test_the_glossary_waits_for_a_source_language(
    qtbot: QtBot, view: TranslateView, memory: TranslationMemory, tmp_path: Path
) -> None:
    from engine.translation.glossary import Glossary, GlossaryEntry
    from engine.translation.job import AUTO

    panel = view.glossary_panel
    memory.set_glossary("en", "fr", Glossary((GlossaryEntry("ship", "navire"),)))
    view.source_edit.clear()
    view.set_pair(AUTO, "fr")
    # No language found: no pair to keep terms under (they were kept under
    # "Auto-detect → French" and out of sight once the text was detected).
    assert not panel.table.isEnabled()
    assert panel.table.rowCount() == 0
    assert "Choose the source language" in panel.label.text()
    csv = tmp_path / "terms.csv"
    csv.write_text("lighthouse,phare\n", encoding="utf-8")
    view.import_glossary(csv)
    assert view.status.text().startswith("terms.csv was not imported: choose the source")
    assert memory.glossary(AUTO, "fr").entries == ()
    view.set_pair("en", "fr")
    assert panel.table.isEnabled()
    assert [e.source for e in panel.glossary().entries] == ["ship"]
