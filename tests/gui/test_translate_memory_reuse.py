"""The Translate view with the real SmolLM2 model: the memory reuses a model's segments
only for that model, Retranslate ignores it, a new glossary term sends segments back to
the model, edits reach the output and the saved file at once, only edited segments are
confirmed, a stopped run marks what it did not translate (a stopped Retranslate keeps
the earlier translation there), and Auto-detect stores the detected pair."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from engine.translation.glossary import Glossary, GlossaryEntry
from engine.translation.job import NOT_TRANSLATED
from engine.translation.memory import TranslationMemory, model_identity
from gui.inference.controller import InferenceController
from gui.translate import edits
from gui.translate.segments_panel import STATUS, TRANSLATION
from gui.translate.translate_view import TranslateView
from tests.gui.conftest import open_translate_view


@pytest.fixture
def view(
    qtbot: QtBot, controller: InferenceController, memory: TranslationMemory, smollm2: Path
) -> TranslateView:
    """The view on its own, over SmolLM2 loaded; models it asks for are loaded too."""
    return open_translate_view(qtbot, controller, memory, load=smollm2)


def _run(qtbot: QtBot, view: TranslateView, retranslate: bool = False) -> list[int]:
    """Translate (or Retranslate) to the end; returns the model's request ids."""
    requests: list[int] = []

    def count(request_id: int, _text: str, _tokens: int) -> None:
        requests.append(request_id)

    view.controller.token_received.connect(count)
    button = view.retranslate_button if retranslate else view.translate_button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.running, timeout=120_000)
    view.controller.token_received.disconnect(count)
    return requests


def _statuses(view: TranslateView) -> list[str]:
    table = view.segments_table
    return [table.item(row, STATUS).text() for row in range(table.rowCount())]


def test_another_models_segment_is_translated_again_and_retranslate_ignores_memory(
    qtbot: QtBot,
    view: TranslateView,
    memory: TranslationMemory,
    smollm2: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    memory.store("en", "fr", "Good night.", "NUIT FAIBLE", "model", "weak-model.gguf:1")
    memory.store("en", "fr", "See you.", "À plus.", "confirmed")
    view.set_pair("en", "fr")
    view.source_edit.setPlainText("Good night.\n\nSee you.")
    assert _run(qtbot, view), "the weak model's segment went to the model"
    output = view.output_edit.toPlainText()
    assert "NUIT FAIBLE" not in output and output.endswith("À plus.")
    assert _statuses(view)[1] == "Confirmed" and "From memory" not in _statuses(view)[0]
    entry = memory.lookup("en", "fr", "Good night.")
    assert entry is not None and entry.model == model_identity(smollm2)

    view.job = None
    assert _run(qtbot, view) == [], "the same model reuses its own segment"
    assert [s.removeprefix("⚠ ") for s in _statuses(view)] == ["From memory", "Confirmed"]

    asked: list[str] = []

    def ask(_parent: object, _title: str, text: str, *, default_no: bool = False) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(edits, "ask_yes_no", ask)
    assert _run(qtbot, view, retranslate=True), "Retranslate asks the model again"
    assert asked == [
        "Retranslate replaces 1 confirmed segment in Segments with the model's "
        "translation; the memory keeps your confirmed translations. Retranslate anyway?"
    ]
    assert "From memory" not in " ".join(_statuses(view))
    kept = memory.lookup("en", "fr", "See you.")
    assert kept is not None and (kept.target, kept.origin) == ("À plus.", "confirmed")


def test_a_new_glossary_term_translates_the_segments_that_hold_it_again(
    qtbot: QtBot, view: TranslateView
) -> None:
    view.set_pair("en", "fr")
    view.source_edit.setPlainText("The cat sleeps.")
    _run(qtbot, view)
    assert _run(qtbot, view) == [], "unchanged: from memory"
    view.set_glossary(Glossary((GlossaryEntry("cat", "matou"),)))
    assert "Translate translates it again" in view.status.text()
    assert _run(qtbot, view), "the remembered segment lacks the new term: asked again"


def test_an_edit_reaches_the_output_and_the_file_and_only_edits_are_confirmed(
    qtbot: QtBot,
    view: TranslateView,
    memory: TranslationMemory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    view.set_pair("en", "fr")
    view.set_glossary(Glossary((GlossaryEntry("Hearth"),)))
    view.source_edit.setPlainText("Good morning.\n\nThe weather is nice.\n\nHearth is a tool.")
    _run(qtbot, view)
    table = view.segments_table
    table.item(1, TRANSLATION).setText("Il fait beau.")
    qtbot.waitUntil(lambda: "Il fait beau." in view.output_edit.toPlainText())
    assert table.item(1, STATUS).text() == "Edited (not confirmed)"
    out = tmp_path / "out.txt"
    view.save_translation(out)
    assert "Il fait beau." in out.read_text(encoding="utf-8")
    assert memory.lookup("en", "fr", "The weather is nice.").origin == "model"  # type: ignore[union-attr]

    # An edit that breaks the glossary (⚠) is confirmed only when the user says so.
    table.item(2, TRANSLATION).setText("C'est un outil.")
    asked: list[bool] = []

    def ask(_parent: object, _title: str, _text: str, *, default_no: bool = False) -> bool:
        asked.append(default_no)
        return False

    monkeypatch.setattr(edits, "ask_yes_no", ask)
    assert view.confirm_edits() == 1 and asked == [True]
    assert table.item(1, STATUS).text() == "Confirmed"
    assert table.item(2, STATUS).text() == "⚠ Edited (not confirmed)"
    assert memory.lookup("en", "fr", "Good morning.").origin == "model"  # type: ignore[union-attr]
    assert memory.lookup("en", "fr", "The weather is nice.").origin == "confirmed"  # type: ignore[union-attr]
    # The unconfirmed edit stays out of the memory (the model's translation is there
    # unless it was flagged: a flagged one is not stored).
    kept = memory.lookup("en", "fr", "Hearth is a tool.")
    assert kept is None or (kept.origin == "model" and kept.target != "C'est un outil.")
    assert "1 flagged segment left unconfirmed" in view.status.text()


def test_a_stopped_run_marks_what_it_did_not_translate(
    qtbot: QtBot, view: TranslateView, tmp_path: Path
) -> None:
    view.set_pair("en", "it")
    view.source_edit.setPlainText("One apple.\n\nTwo pears.\n\nThree plums.")
    qtbot.mouseClick(view.translate_button, Qt.MouseButton.LeftButton)
    view.stop()  # at once: the last segments are not translated
    qtbot.waitUntil(lambda: not view.running, timeout=60_000)
    job = view.job
    assert job is not None and job.untranslated >= 1
    output = view.output_edit.toPlainText()
    assert "Three plums." not in output and output.count(NOT_TRANSLATED) == job.untranslated
    assert f"{job.untranslated} not translated" in view.status.text()
    # The segment the run was on is not left "Translating…" for ever.
    table = view.segments.table
    statuses = [table.item(row, 3).text() for row in range(table.rowCount())]
    assert "Translating…" not in statuses
    out = tmp_path / "partial.txt"
    view.save_translation(out)
    assert "Three plums." not in out.read_text(encoding="utf-8")
    verb = "is" if job.untranslated == 1 else "are"
    assert f"{job.untranslated} of 3 segments {verb} not translated" in view.status.text()


def test_a_stopped_retranslate_keeps_the_earlier_translation_where_it_did_not_reach(
    qtbot: QtBot, view: TranslateView, tmp_path: Path
) -> None:
    view.set_pair("en", "it")
    view.source_edit.setPlainText("One apple.\n\nTwo pears.\n\nThree plums.")
    _run(qtbot, view)
    before = view.job
    assert before is not None and before.finished
    earlier = [before.results[i].target for i in range(3)]
    # While it runs, the segments it has not reached show what they had.
    during: list[tuple[str, str]] = []
    view.runner.segment_started.connect(
        lambda _i: during.append(
            (view.runner.output_text(), view.segments_table.item(2, TRANSLATION).text())
        )
    )
    qtbot.mouseClick(view.retranslate_button, Qt.MouseButton.LeftButton)
    assert during and during[0][1] == earlier[2]
    assert earlier[2] in during[0][0] and earlier[1] in during[0][0]
    view.stop()  # at once: Retranslate reaches one segment at most
    qtbot.waitUntil(lambda: not view.running, timeout=60_000)
    job = view.job
    assert job is not None and job is not before and job.kept_earlier
    assert job.finished and NOT_TRANSLATED not in view.output_edit.toPlainText()
    for index in job.kept_earlier:
        assert job.results[index].target == earlier[index]
        assert view.segments_table.item(index, TRANSLATION).text() == earlier[index]
        # The segment it was translating shows its own status again, not "Stopped".
        assert view.segments_table.item(index, STATUS).text() not in ("Stopped", "Translating…")
    kept = len(job.kept_earlier)
    note = (
        "1 segment it had not reached keeps its earlier"
        if kept == 1
        else f"{kept} segments it had not reached keep their earlier"
    )
    assert note in view.status.text()
    assert view.progress.value() == job.total - kept < view.progress.maximum(), (
        "the bar stops where the Retranslate stopped"
    )
    out = tmp_path / "kept.txt"
    view.save_translation(out)
    saved = out.read_text(encoding="utf-8")
    assert NOT_TRANSLATED not in saved and earlier[2] in saved
    unflagged = sum(1 for result in job.results.values() if not result.issues)
    _run(qtbot, view)
    assert view.job is not None and view.job is not job
    assert view.job.from_memory() == unflagged, "Translate then takes them from the memory"


def test_auto_detect_remembers_the_detected_pair(qtbot: QtBot, view: TranslateView) -> None:
    view.set_pair("auto", "fr")
    view.source_edit.setPlainText("Thank you very much for your help yesterday.")
    _run(qtbot, view)
    assert view.pair_bar.source_combo.itemText(0) == "Auto-detect (English)"
    settings = view.settings
    assert settings is not None
    saved = settings.load()
    assert saved.recent_pairs[0] == "en>fr" and saved.translate_source == "auto"
    assert "auto>fr" not in saved.recent_pairs
