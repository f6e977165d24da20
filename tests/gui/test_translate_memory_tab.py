"""The Memory tab (lists, searches, edits, deletes, clears a pair, off the GUI thread),
the language pickers' order, the model picker's label and Auto-detect's label, without
a model."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from engine.common.paths import AppPaths
from engine.models.model_library import ModelLibrary
from engine.translation.memory import TranslationMemory
from gui.inference.controller import InferenceController
from gui.translate import memory_panel
from gui.translate.memory_panel import ORIGIN, TRANSLATION
from gui.translate.model_picker import ModelPicker, elide_model_label
from gui.translate.translate_view import TranslateView
from tests.gui.conftest import open_translate_view

SMALL = "small-model.gguf:100"


@pytest.fixture
def memory(tmp_path: Path) -> Iterator[TranslationMemory]:
    tm = TranslationMemory(tmp_path / "translation.db")
    tm.store("en", "fr", "Good night.", "Bonne nuit.", "model", SMALL)
    tm.store("en", "fr", "Good morning.", "Bonjour.", "model", "")
    tm.store("en", "fr", "Thank you.", "Merci.", "confirmed")
    tm.store("en", "de", "Good night.", "Gute Nacht.", "model", SMALL)
    yield tm
    tm.close()


@pytest.fixture
def view(qtbot: QtBot, controller: InferenceController, memory: TranslationMemory) -> TranslateView:
    return open_translate_view(qtbot, controller, memory)


def _rows(view: TranslateView) -> list[tuple[str, str, str]]:
    table = view.memory_panel.table
    return [
        tuple(table.item(row, column).text() for column in range(3))  # type: ignore[misc]
        for row in range(table.rowCount())
    ]


def _show_memory(qtbot: QtBot, view: TranslateView, rows: int) -> None:
    view.set_pair("en", "fr")
    view.tabs.setCurrentWidget(view.memory_panel)
    qtbot.waitUntil(
        lambda: view.memory_panel.table.rowCount() == rows and not view.memory_panel.busy
    )


def test_the_memory_tab_lists_searches_and_edits_the_pair(
    qtbot: QtBot, view: TranslateView, memory: TranslationMemory
) -> None:
    _show_memory(qtbot, view, 3)
    panel = view.memory_panel
    rows = _rows(view)
    assert ("Good night.", "Bonne nuit.", "Model: small-model.gguf") in rows
    assert ("Good morning.", "Bonjour.", "Model (unknown)") in rows
    assert ("Thank you.", "Merci.", "Confirmed") in rows
    assert panel.label.text() == "3 segments for English → French, 4 in all"

    qtbot.keyClicks(panel.search_edit, "night")
    qtbot.waitUntil(lambda: [r[0] for r in _rows(view)] == ["Good night."] and not panel.busy)

    # Correcting a translation makes it the user's (confirmed), off the GUI thread.
    panel.table.item(0, TRANSLATION).setText("Bonne nuit !")
    qtbot.waitUntil(lambda: _rows(view) == [("Good night.", "Bonne nuit !", "Confirmed")])
    entry = memory.lookup("en", "fr", "Good night.")
    assert entry is not None and (entry.target, entry.origin) == ("Bonne nuit !", "confirmed")
    assert panel.table.item(0, ORIGIN).text() == "Confirmed"


def test_deleting_and_clearing_a_pair_ask_first_with_no_as_default(
    qtbot: QtBot, view: TranslateView, memory: TranslationMemory, monkeypatch: pytest.MonkeyPatch
) -> None:
    _show_memory(qtbot, view, 3)
    panel = view.memory_panel
    table = panel.table
    for row in (0, 1):
        table.selectionModel().select(
            table.model().index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    chosen = {table.item(0, 0).text(), table.item(1, 0).text()}
    questions: list[tuple[str, bool]] = []
    yes = False

    def ask_delete(_parent: object, _title: str, text: str, *, default_no: bool = False) -> bool:
        questions.append((text, default_no))
        return yes

    monkeypatch.setattr(memory_panel, "ask_yes_no", ask_delete)
    panel.delete_button.click()
    assert len(questions) == 1 and questions[0][1], "asked, with No as the default"
    assert "these 2 entries" in questions[0][0] and "English → French" in questions[0][0]
    assert not panel.busy and memory.count("en", "fr") == 3, "No keeps everything"
    yes = True
    panel.delete_button.click()
    qtbot.waitUntil(lambda: table.rowCount() == 1 and not panel.busy)
    assert all(memory.lookup("en", "fr", source) is None for source in chosen)
    assert "Deleted 2 segments" in view.status.text()

    asked: list[bool] = []
    answer = False

    def ask(_parent: object, _title: str, text: str, *, default_no: bool = False) -> bool:
        asked.append(default_no)
        assert "English → French" in text
        return answer

    monkeypatch.setattr(memory_panel, "ask_yes_no", ask)
    panel.clear_button.click()
    assert asked == [True] and memory.count("en", "fr") == 1, "No keeps everything"
    answer = True
    panel.clear_button.click()
    qtbot.waitUntil(lambda: table.rowCount() == 0 and not panel.busy)
    assert memory.count("en", "fr") == 0 and memory.count("en", "de") == 1
    assert "Cleared 1 segment of English → French" in view.status.text()


def test_languages_are_sorted_by_name_and_auto_detect_says_what_it_found(
    qtbot: QtBot, view: TranslateView
) -> None:
    combo = view.target_combo
    names = [combo.itemText(i) for i in range(combo.count()) if combo.itemText(i)]
    assert names.index("French (Français)") < names.index("German (Deutsch)")
    assert names == sorted(names, key=str.casefold)

    source = view.pair_bar.source_combo
    view.set_pair("auto", "fr")
    assert source.itemText(0) == "Auto-detect"
    view.source_edit.setPlainText("The weather is lovely today, and we are going for a walk.")
    qtbot.waitUntil(lambda: source.itemText(0) == "Auto-detect (English)", timeout=15_000)
    assert view.pair_bar.key == "en>fr"
    assert "for English → French" in view.glossary_panel.label.text()
    view.source_edit.setPlainText("Das Wetter ist heute schön, und wir gehen spazieren.")
    qtbot.waitUntil(lambda: source.itemText(0) == "Auto-detect (German)", timeout=15_000)


def test_the_model_picker_keeps_the_size_of_a_long_name_in_view(
    qtbot: QtBot, view: TranslateView, smollm2: Path, tmp_path: Path
) -> None:
    metrics = QFontMetrics(view.font())
    label = "Qwen2.5 Coder 14B Instruct Abliterated Uncensored Merge · Q4_K_M · 8.4 GB"
    width = metrics.horizontalAdvance(label) // 2
    shown = elide_model_label(label, metrics, width)
    assert shown.endswith(" · Q4_K_M · 8.4 GB") and shown.startswith("Qwen") and "…" in shown
    assert metrics.horizontalAdvance(shown) <= width
    assert elide_model_label("Short · Q8_0 · 1 MB", metrics, 1000) == "Short · Q8_0 · 1 MB"

    # A library that holds exactly one model: the picker lists it, its tooltip names it.
    folder = tmp_path / "models"
    folder.mkdir()
    (folder / smollm2.name).symlink_to(smollm2)
    picker = ModelPicker(ModelLibrary(AppPaths.from_environment(), folder, include_starters=False))
    qtbot.addWidget(picker)
    picker.refresh_models()
    combo = picker.model_combo
    assert combo.count() == 2
    combo.setCurrentIndex(1)
    assert combo.itemText(1) and combo.itemText(1) in combo.toolTip()


def test_tmx_import_asks_for_the_source_language_before_the_file(
    qtbot: QtBot, view: TranslateView, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(memory_panel, "ask_open_path", lambda *args: asked.append("file") or "")
    panel = view.memory_panel
    said: list[str] = []
    panel.status_changed.connect(said.append)
    panel.set_pair("auto", "fr")
    panel.findChild(QPushButton, "importTmxButton").click()
    assert asked == [] and said[-1] == "Choose the source language before importing a TMX file."
    panel.set_pair("en", "fr")
    panel.findChild(QPushButton, "importTmxButton").click()
    assert asked == ["file"]
