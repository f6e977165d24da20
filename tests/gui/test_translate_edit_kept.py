"""With the real SmolLM2 model: Translate again after an edit keeps the edit (a new
glossary term included), Retranslate asks before it discards edits (No by default), an
emptied translation is translated again, and a correction in the Memory tab reaches
the open job's output."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from engine.translation.glossary import Glossary, GlossaryEntry
from engine.translation.job import NOT_TRANSLATED
from engine.translation.memory import TranslationMemory
from gui.inference.controller import InferenceController
from gui.translate import edits
from gui.translate.memory_panel import SOURCE
from gui.translate.memory_panel import TRANSLATION as MEMORY_TRANSLATION
from gui.translate.segments_panel import STATUS, TRANSLATION
from gui.translate.translate_view import TranslateView
from tests.gui.conftest import open_translate_view, run_translate, translate_two_paragraphs

EDITED = "Edited (not confirmed)"


@pytest.fixture
def view(
    qtbot: QtBot, controller: InferenceController, memory: TranslationMemory, smollm2: Path
) -> TranslateView:
    """The view on its own, over SmolLM2 loaded; models it asks for are loaded too."""
    return open_translate_view(qtbot, controller, memory, load=smollm2)


_run = run_translate
_translate_two_paragraphs = translate_two_paragraphs


def test_translate_after_an_edit_keeps_it_and_retranslate_asks_first(
    qtbot: QtBot, view: TranslateView, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = _translate_two_paragraphs(qtbot, view)
    table.item(0, TRANSLATION).setText("MON EDIT")
    assert table.item(0, STATUS).text() == EDITED
    view.set_glossary(Glossary((GlossaryEntry("cat", "matou"),)))
    _run(qtbot, view)
    assert table.item(0, TRANSLATION).text() == "MON EDIT"
    assert table.item(0, STATUS).text() == EDITED
    assert view.output_edit.toPlainText().startswith("MON EDIT")
    _run(qtbot, view)  # a finished job translated again: the edit stays too
    assert table.item(0, TRANSLATION).text() == "MON EDIT"

    asked: list[bool] = []
    answer = False

    def ask(_parent: object, _title: str, _text: str, *, default_no: bool = False) -> bool:
        asked.append(default_no)
        return answer

    monkeypatch.setattr(edits, "ask_yes_no", ask)
    requests: list[int] = []
    view.controller.token_received.connect(lambda request, _text, _n: requests.append(request))
    _run(qtbot, view, retranslate=True)
    assert asked == [True] and requests == [], "No: nothing is translated again"
    assert table.item(0, TRANSLATION).text() == "MON EDIT"
    answer = True
    _run(qtbot, view, retranslate=True)
    assert asked == [True, True] and requests
    assert table.item(0, TRANSLATION).text() != "MON EDIT"
    assert table.item(0, STATUS).text() != EDITED


def test_an_emptied_translation_is_translated_again(qtbot: QtBot, view: TranslateView) -> None:
    view.set_pair("en", "fr")
    view.source_edit.setPlainText("Good morning.\n\nThe cat sleeps.")
    _run(qtbot, view)
    job = view.job
    assert job is not None and job.finished
    view.segments_table.item(0, TRANSLATION).setText("")
    qtbot.waitUntil(lambda: NOT_TRANSLATED in view.output_edit.toPlainText())
    _run(qtbot, view)
    assert job.finished and NOT_TRANSLATED not in view.output_edit.toPlainText()
    assert view.segments_table.item(0, TRANSLATION).text()


def test_a_correction_in_the_memory_tab_reaches_the_output(
    qtbot: QtBot, view: TranslateView, memory: TranslationMemory
) -> None:
    view.set_pair("en", "fr")
    view.source_edit.setPlainText("Good morning.")
    _run(qtbot, view)
    panel = view.memory_panel
    view.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1 and not panel.busy)
    assert panel.table.item(0, SOURCE).text() == "Good morning."
    panel.table.item(0, MEMORY_TRANSLATION).setText("CORRIGÉ")
    qtbot.waitUntil(lambda: view.output_edit.toPlainText() == "CORRIGÉ")
    assert view.segments_table.item(0, STATUS).text() == "Confirmed"


def test_new_text_clears_the_old_table_and_keeps_edits_of_paragraphs_still_there(
    qtbot: QtBot, view: TranslateView
) -> None:
    table = _translate_two_paragraphs(qtbot, view)
    table.item(1, TRANSLATION).setText("LE CHAT DORT")
    assert table.rowCount() == 2 and view.output_edit.toPlainText()
    # A paragraph added before the edited one: the table and output of the text before
    # go at once, and the edit is back in its new row after Translate.
    view.source_edit.setPlainText("Hello.\n\nGood morning.\n\nThe cat sleeps.")
    assert table.rowCount() == 0
    assert view.output_edit.toPlainText() == ""
    assert "text changed" in view.status.text()
    assert "unconfirmed edits come back" in view.status.text()
    _run(qtbot, view)
    assert table.rowCount() == 3
    assert table.item(2, TRANSLATION).text() == "LE CHAT DORT"
    assert table.item(2, STATUS).text() == EDITED
    assert view.output_edit.toPlainText().endswith("LE CHAT DORT")
    # Typing on in the new text does nothing more until the next run.
    view.source_edit.setPlainText("Hello.\n\nGood morning.\n\nThe cat sleeps.\n\nBye.")
    view.source_edit.setPlainText("Hello.\n\nGood morning.\n\nThe cat sleeps.\n\nBye now.")
    assert table.rowCount() == 0


def test_new_or_cleared_text_says_only_what_applies(qtbot: QtBot, view: TranslateView) -> None:
    short = "The text changed: Translate (Ctrl+Enter) to translate it."
    waits = short[:-1] + "; your unconfirmed edits wait for their paragraphs."
    table = _translate_two_paragraphs(qtbot, view)
    view.source_edit.setPlainText("Good morning.\n\nThe dog sleeps.")
    # No edit of the run before: nothing comes back, and the status does not say so.
    assert view.status.text() == short
    _run(qtbot, view)
    view.source_edit.clear()
    assert view.status.text() == "" and table.rowCount() == 0
    # An edit whose paragraph is still there comes back; one whose paragraph went waits
    # (and the note says so: quitting asks about it).
    view.source_edit.setPlainText("Good morning.")
    _run(qtbot, view)
    table.item(0, TRANSLATION).setText("BONJOUR")
    view.source_edit.setPlainText("Good morning.\n\nSee you.")
    assert "unconfirmed edits come back" in view.status.text()
    # Typing on: the note follows the text (the paragraph changed, then back).
    view.source_edit.setPlainText("Good morning.!\n\nSee you.")
    assert view.status.text() == waits
    view.source_edit.setPlainText("Good morning.\n\nSee you.")
    assert "unconfirmed edits come back" in view.status.text()
    _run(qtbot, view)
    view.source_edit.setPlainText("See you.")
    assert view.status.text() == waits
    # Another pair: the edit of English → French does not come back into its run.
    view.set_pair("en", "de")
    _run(qtbot, view)
    view.source_edit.setPlainText("Good morning.\n\nSee you.")
    assert view.status.text() == waits
    # A pair change after a run without edits speaks of the French edit, whose
    # paragraph is in the text; without that paragraph it says nothing of edits.
    _run(qtbot, view)
    view.set_pair("en", "es")
    changed = "The language pair changed: Translate (Ctrl+Enter) to translate into Spanish"
    assert view.status.text() == f"{changed}; your unconfirmed edits wait for their pair."
    view.source_edit.setPlainText("See you.")
    assert view.status.text() == f"{changed}."


def test_edits_wait_for_their_language_pair_and_retranslate_asks_for_them(
    qtbot: QtBot, view: TranslateView, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = _translate_two_paragraphs(qtbot, view)
    table.item(1, TRANSLATION).setText("LE CHAT DORT")
    view.source_edit.setPlainText("The cat sleeps.")
    view.set_pair("en", "de")
    read_only: list[bool] = []
    view.runner.segment_started.connect(lambda _i: read_only.append(view.source_edit.isReadOnly()))
    _run(qtbot, view)
    assert read_only and all(read_only), "the text cannot change under a run"
    assert not view.source_edit.isReadOnly()
    assert table.item(0, TRANSLATION).text() != "LE CHAT DORT", "a French edit, not German"
    view.source_edit.setPlainText("The cat sleeps.\n\nGood night.")
    view.set_pair("en", "fr")
    asked: list[bool] = []

    def ask(_parent: object, _title: str, _text: str, *, default_no: bool = False) -> bool:
        asked.append(default_no)
        return False

    monkeypatch.setattr(edits, "ask_yes_no", ask)
    _run(qtbot, view, retranslate=True)
    assert asked == [True], "Retranslate asks before it discards the edit carried over"
    _run(qtbot, view)
    assert table.item(0, TRANSLATION).text() == "LE CHAT DORT"
    assert table.item(0, STATUS).text() == EDITED


def test_a_pair_change_after_a_run_clears_its_result_and_the_edit_waits(
    qtbot: QtBot, view: TranslateView
) -> None:
    table = _translate_two_paragraphs(qtbot, view)
    table.item(1, TRANSLATION).setText("LE CHAT DORT")
    assert view.progress.value() == view.progress.maximum()
    # The French result is not left under a German pair, for Copy or Save to hand over.
    view.set_pair("en", "de")
    assert table.rowCount() == 0
    assert view.output_edit.toPlainText() == ""
    assert view.progress.value() == view.progress.minimum() - 1  # reset: no value
    assert "language pair changed" in view.status.text()
    assert "German" in view.status.text()
    view.set_pair("en", "fr")
    _run(qtbot, view)
    assert table.item(1, TRANSLATION).text() == "LE CHAT DORT"
    assert table.item(1, STATUS).text() == EDITED
    # A source language set to Auto-detect keeps the result (the text is unchanged).
    view.set_pair("auto", "fr")
    assert table.rowCount() == 2


def test_a_stale_detection_does_not_drop_the_job_being_started(
    qtbot: QtBot, view: TranslateView
) -> None:
    # Auto-detect still says English from an earlier text; the new text is too short to
    # detect, and the run starts at once (before the detector's pause).
    view.set_pair("auto", "fr")
    view.pair_bar.set_detected("en")
    view.source_edit.setPlainText("OK")
    locked: list[bool] = []
    view.runner.segment_started.connect(
        lambda _i: locked.append(not view.pair_bar.pairs_combo.isEnabled())
    )
    _run(qtbot, view)
    assert view.job is not None and view.job.finished
    assert view.segments_table.rowCount() == 1
    assert locked and all(locked), "no pair can be picked during a run"
    assert view.pair_bar.pairs_combo.isEnabled()


def test_choosing_auto_detect_after_a_run_keeps_its_result(
    qtbot: QtBot, view: TranslateView
) -> None:
    view.set_pair("auto", "fr")
    view.pair_bar.set_detected("de")  # from an earlier text
    view.set_pair("en", "fr")
    view.source_edit.setPlainText("Good morning.")
    _run(qtbot, view)
    view.set_pair("auto", "fr")
    assert view.segments_table.rowCount() == 1
