"""The Memory tab lists the newest segments, acts on the pair it lists even when the
pair changes meanwhile, escapes a model's file name in its tooltip, reads nothing while
hidden and enables Delete only with a selection; Retranslate needs a text; a new
glossary term's message counts only the segments that hold that term. No model."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel
from pytestqt.qtbot import QtBot

from engine.translation.glossary import Glossary, GlossaryEntry
from engine.translation.job import TranslationJob
from engine.translation.memory import TranslationMemory
from engine.translation.segmenter import parse_text
from gui.common.markdown_render import plain_tooltip
from gui.inference.controller import InferenceController
from gui.translate import memory_panel
from gui.translate.memory_panel import ORIGIN, SHOWN, SOURCE
from gui.translate.translate_view import TranslateView
from tests.gui.conftest import open_translate_view


@pytest.fixture
def view(qtbot: QtBot, controller: InferenceController, memory: TranslationMemory) -> TranslateView:
    return open_translate_view(qtbot, controller, memory)


def _show_memory(qtbot: QtBot, view: TranslateView, rows: int) -> None:
    view.set_pair("en", "fr")
    view.tabs.setCurrentWidget(view.memory_panel)
    panel = view.memory_panel
    qtbot.waitUntil(lambda: panel.table.rowCount() == rows and not panel.busy)


def test_the_newest_segments_are_listed_first(
    qtbot: QtBot, view: TranslateView, memory: TranslationMemory
) -> None:
    for number in range(SHOWN + 2):
        memory.store("en", "fr", f"Line {number}.", f"Ligne {number}.", "model", "m.gguf:1")
    _show_memory(qtbot, view, SHOWN)
    table = view.memory_panel.table
    assert table.item(0, SOURCE).text() == f"Line {SHOWN + 1}."
    assert f"newest {SHOWN} shown" in view.memory_panel.label.text()


def test_delete_and_edit_act_on_the_listed_pair_while_the_pair_changes(
    qtbot: QtBot, view: TranslateView, memory: TranslationMemory, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def say_yes(_parent: object, _title: str, text: str, *, default_no: bool = False) -> bool:
        asked.append(text)
        assert default_no
        return True

    monkeypatch.setattr(memory_panel, "ask_yes_no", say_yes)
    memory.store("en", "fr", "Good night.", "Bonne nuit.", "model", "m.gguf:1")
    memory.store("en", "fr", "Thanks.", "Merci.", "model", "m.gguf:1")
    memory.store("en", "de", "Good night.", "Gute Nacht.", "model", "m.gguf:1")
    _show_memory(qtbot, view, 2)
    panel = view.memory_panel
    table = panel.table
    row = next(r for r in range(2) if table.item(r, SOURCE).text() == "Good night.")
    table.selectionModel().select(
        table.model().index(row, 0),
        QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
    )
    view.set_pair("en", "de")  # its listing is on its way; the table still shows en>fr
    panel.delete_button.click()
    assert len(asked) == 1 and "English → French" in asked[0], "the listed pair is named"
    qtbot.waitUntil(lambda: not panel.busy)
    assert memory.lookup("en", "fr", "Good night.") is None
    assert memory.lookup("en", "de", "Good night.") is not None

    view.set_pair("en", "fr")
    qtbot.waitUntil(lambda: table.rowCount() == 1 and not panel.busy)
    view.set_pair("en", "de")
    table.item(0, 1).setText("Merci beaucoup.")
    qtbot.waitUntil(lambda: not panel.busy)
    fr = memory.lookup("en", "fr", "Thanks.")
    assert fr is not None and (fr.target, fr.origin) == ("Merci beaucoup.", "confirmed")
    assert memory.lookup("en", "de", "Thanks.") is None


def test_a_models_file_name_is_plain_text_in_the_tooltip(
    qtbot: QtBot, view: TranslateView, memory: TranslationMemory
) -> None:
    memory.store("en", "fr", "Hi.", "Salut.", "model", "<img src=x>bold.gguf:1")
    _show_memory(qtbot, view, 1)
    origin = view.memory_panel.table.item(0, ORIGIN)
    assert origin.toolTip() == plain_tooltip("Model: <img src=x>bold.gguf")


def test_the_hidden_tab_reads_nothing_and_delete_needs_a_selection(
    qtbot: QtBot, view: TranslateView, memory: TranslationMemory
) -> None:
    memory.store("en", "fr", "Hi.", "Salut.", "confirmed")
    panel = view.memory_panel
    view.tabs.setCurrentWidget(view.segments)
    panel.update_count()  # a run stored segments while the tab is hidden
    assert not panel.busy, "the hidden tab does not count the memory"
    _show_memory(qtbot, view, 1)
    assert not panel.delete_button.isEnabled()
    panel.table.selectRow(0)
    assert panel.delete_button.isEnabled()
    panel.table.clearSelection()
    assert not panel.delete_button.isEnabled()


def test_retranslate_needs_a_text(qtbot: QtBot, view: TranslateView) -> None:
    assert not view.retranslate_button.isEnabled()
    view.source_edit.setPlainText("Hello.")
    assert view.retranslate_button.isEnabled()
    view.source_edit.setPlainText("   \n")
    assert not view.retranslate_button.isEnabled()


def test_a_new_terms_message_counts_only_the_segments_that_hold_it(
    qtbot: QtBot, view: TranslateView, memory: TranslationMemory
) -> None:
    view.set_pair("en", "fr")
    view.set_glossary(Glossary((GlossaryEntry("cat", "matou"),)))
    text = "The cat sleeps.\n\nThe dog runs.\n\nMy dog barks."
    job = TranslationJob(parse_text(text, "text"), "en", "fr")
    while (task := job.next_task()) is not None:
        if "barks" in task.source:  # did not fit the context: kept as written
            job.too_long(task)
        else:
            job.complete(task, "Le chat dort." if "cat" in task.source else "Le chien court.")
    view.job = job
    view.set_glossary(Glossary((GlossaryEntry("cat", "matou"), GlossaryEntry("dog", "toutou"))))
    assert view.status.text().startswith("2 translated segments hold dog")
    job.set_glossary(view.glossary())
    assert 1 not in job.results and 2 not in job.results, "the two go back in the queue"


def test_copy_says_so_on_its_button_for_a_moment(
    qtbot: QtBot, view: TranslateView, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtGui import QGuiApplication

    from gui.translate import action_bar

    monkeypatch.setattr(action_bar, "COPIED_MS", 50)
    button = view.action_bar.copy_button
    view.copy_translation()  # nothing to copy: nothing said
    assert button.text() == "Copy"
    view.output_edit.setPlainText("Bonjour.")
    view.copy_translation()
    assert QGuiApplication.clipboard().text() == "Bonjour."
    assert button.text() == "Copied"
    qtbot.waitUntil(lambda: button.text() == "Copy", timeout=2_000)
