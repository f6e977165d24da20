"""The Translate view end to end with the real SmolLM2 model."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QHeaderView
from pytestqt.qtbot import QtBot

from engine.common.errors import ContextFull
from engine.translation.job import AUTO, TranslationJob
from engine.translation.memory import TranslationMemory
from engine.translation.segmenter import max_segment_chars
from gui.inference.controller import InferenceController
from gui.main_window import MainWindow
from gui.translate.output_text import in_view, utf16_length
from gui.translate.translate_view import TranslateView
from tests.gui.conftest import TRANSLATE_LOAD, open_translate_view

SRT = (
    "1\n00:00:01,000 --> 00:00:02,500\nGood night.\n\n"
    "2\n00:00:03,000 --> 00:00:04,000\nSleep well.\n"
)


@pytest.fixture
def view(
    qtbot: QtBot, controller: InferenceController, memory: TranslationMemory, smollm2: Path
) -> TranslateView:
    """The view on its own, over SmolLM2 loaded; models it asks for are loaded too."""
    return open_translate_view(qtbot, controller, memory, load=smollm2)


def run_to_end(qtbot: QtBot, view: TranslateView) -> None:
    qtbot.mouseClick(view.translate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.running, timeout=120_000)


def test_ctrl_t_opens_the_view_and_back(qtbot: QtBot, window: MainWindow) -> None:
    view = window.translate_view
    assert window.modes.currentWidget() is not view
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert window.modes.currentWidget() is view
    assert window.chat_mode_action.isChecked() is False
    window.show_mode("chat")
    assert window.modes.currentIndex() == 0


def test_a_text_translates_as_it_streams(
    qtbot: QtBot, view: TranslateView, controller: InferenceController
) -> None:
    view.set_pair("en", "fr")
    view.source_edit.setPlainText("Good morning.\n\nThe weather is nice today.")
    streamed: list[str] = []
    controller.token_received.connect(lambda _i, t, _n: streamed.append(t))
    run_to_end(qtbot, view)
    output = view.output_edit.toPlainText()
    assert streamed, "the translation streamed token by token"
    assert output.strip() and output.count("\n\n") == 1
    for token in ("<|im_end|>", "<|im_start|>", "Here is the translation"):
        assert token not in output
    assert view.progress.value() == view.progress.maximum() == 2
    assert view.segments_table.rowCount() == 2
    assert "Done: 2/2 segments" in view.status.text()


def test_document_translates_saves_and_resumes_from_memory(
    qtbot: QtBot, view: TranslateView, tmp_path: Path, controller: InferenceController
) -> None:
    view.set_pair("en", "de")
    source = tmp_path / "film.srt"
    source.write_text(SRT, encoding="utf-8")
    assert view.open_document(source)
    assert "2 segments (srt)" in view.document_label.text()
    # Stop after the first segment: it is kept.
    qtbot.mouseClick(view.translate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.job is not None and view.job.done >= 1, timeout=60_000)
    view.stop()
    qtbot.waitUntil(lambda: not view.running, timeout=60_000)
    assert view.job is not None
    done_before = view.job.done
    run_to_end(qtbot, view)  # continues where it stopped
    assert view.job.finished and view.job.done == 2 and done_before >= 1
    out = tmp_path / "film.de.srt"
    view.save_translation(out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[:2] == ["1", "00:00:01,000 --> 00:00:02,500"]
    assert "00:00:03,000 --> 00:00:04,000" in lines
    # The same document again: all from memory, no model call.
    view.job = None
    requests: list[int] = []
    controller.token_received.connect(lambda i, _t, _n: requests.append(i))
    run_to_end(qtbot, view)
    assert requests == [] and view.job is not None and view.job.from_memory() == 2
    assert "2 from memory" in view.status.text()
    assert view.close_document_button.isVisible()
    view.close_document()
    assert not view.source_edit.isReadOnly() and view.document_label.text() == ""
    statuses = {view.segments_table.item(r, 3).text() for r in range(2)}
    assert statuses <= {"From memory", "⚠ From memory"}


def test_edited_segment_is_confirmed_into_memory(
    qtbot: QtBot, view: TranslateView, memory: TranslationMemory
) -> None:
    view.set_pair("en", "fr")
    view.source_edit.setPlainText("Thank you very much.")
    run_to_end(qtbot, view)
    view.tabs.setCurrentWidget(view.memory_panel)  # the hidden tab does not count
    qtbot.waitUntil(lambda: ", 1 in all" in view.memory_panel.label.text())
    view.segments_table.item(0, 2).setText("Merci beaucoup.")
    assert view.confirm_edits() == 1
    hit = memory.lookup("en", "fr", "Thank you very much.")
    assert hit is not None and (hit.target, hit.origin) == ("Merci beaucoup.", "confirmed")
    view.job = None
    run_to_end(qtbot, view)
    assert view.output_edit.toPlainText().strip() == "Merci beaucoup."
    assert view.segments_table.item(0, 3).text() == "Confirmed"


def test_the_memory_count_follows_a_confirm(
    qtbot: QtBot, view: TranslateView, memory: TranslationMemory
) -> None:
    view.set_pair("en", "it")
    view.source_edit.setPlainText("One apple.\n\nTwo pears.\n\nThree plums.")
    qtbot.mouseClick(view.translate_button, Qt.MouseButton.LeftButton)
    view.stop()  # at once: the last segment is not translated
    qtbot.waitUntil(lambda: not view.running, timeout=60_000)
    before = memory.count()
    view.tabs.setCurrentWidget(view.memory_panel)  # the hidden tab does not count
    qtbot.waitUntil(lambda: f", {before} in all" in view.memory_panel.label.text())
    assert view.segments_table.item(2, 2).text() == ""
    view.segments_table.item(2, 2).setText("Tre prugne.")
    assert view.confirm_edits() >= 1
    assert memory.count() == before + 1
    qtbot.waitUntil(lambda: f", {before + 1} in all" in view.memory_panel.label.text())


def test_glossary_import_flags_and_right_to_left(
    qtbot: QtBot, view: TranslateView, tmp_path: Path, memory: TranslationMemory
) -> None:
    view.set_pair("en", "ar")
    assert view.output_edit.layoutDirection() == Qt.LayoutDirection.RightToLeft
    csv = tmp_path / "terms.csv"
    csv.write_text("source,target\nHearth,\nmorning,QQQZZZ\n", encoding="utf-8")
    view.import_glossary(csv)
    assert view.glossary_table.rowCount() == 2
    assert memory.glossary("en", "ar").entries[1].target == "QQQZZZ"
    # A second file adds to the glossary: what was there stays unless the file changes it.
    more = tmp_path / "more.csv"
    more.write_text("evening;مساء\nHEARTH;\n", encoding="utf-8")  # no header, semicolons
    said: list[str] = []
    view.glossary_panel.status_changed.connect(said.append)
    view.import_glossary(more)
    assert [e.source for e in memory.glossary("en", "ar").entries] == [
        "HEARTH",
        "morning",
        "evening",
    ]
    assert said == ["Imported 2 terms from more.csv into the glossary (1 new, 1 changed)."]
    view.import_glossary(csv)  # the first file again: "Hearth" back as it was written
    assert view.glossary_table.rowCount() == 3
    assert memory.glossary("en", "ar").entries[0].source == "Hearth"
    assert said[-1] == "Imported 2 terms from terms.csv into the glossary (0 new, 1 changed)."
    view.source_edit.setPlainText("Good morning from Hearth.")
    run_to_end(qtbot, view)
    status = view.segments_table.item(0, 3)
    assert status.text().startswith("⚠") and "QQQZZZ" in status.toolTip()
    assert "1 flagged" in view.status.text()
    view.set_pair("en", "fr")
    assert view.output_edit.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert view.glossary_table.rowCount() == 0, "glossaries belong to a language pair"


def test_swap_and_recent_pairs(qtbot: QtBot, view: TranslateView) -> None:
    view.set_pair("en", "es")
    view.source_edit.setPlainText("Hello.")
    run_to_end(qtbot, view)
    translated = view.output_edit.toPlainText()
    qtbot.mouseClick(view.swap_button, Qt.MouseButton.LeftButton)
    assert (view.source_code, view.target_code) == ("es", "en")
    assert view.source_edit.toPlainText() == translated
    labels = [view.pairs_combo.itemText(i) for i in range(view.pairs_combo.count())]
    assert "English → Spanish" in labels
    view.favourite_button.setChecked(True)
    labels = [view.pairs_combo.itemText(i) for i in range(view.pairs_combo.count())]
    assert labels[1] == "★ Spanish → English"
    # The languages of starred and recent pairs come first in both pickers.
    firsts = {view.target_combo.itemData(i) for i in range(2)}
    assert firsts == {"es", "en"}
    assert (view.source_code, view.target_code) == ("es", "en")


def test_choosing_another_model_loads_it_and_a_base_model_is_refused_clearly(
    qtbot: QtBot, view: TranslateView, gemma3: Path, controller: InferenceController
) -> None:
    assert view.library is not None
    view.library.remember(gemma3)
    view.refresh_models()
    view.model_combo.setCurrentIndex(view.model_combo.findData(str(gemma3.resolve())))
    view.set_pair("en", "fr")
    view.source_edit.setPlainText("Good evening.")
    with qtbot.waitSignal(controller.model_loaded, timeout=60_000):
        qtbot.mouseClick(view.translate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.running, timeout=60_000)
    assert controller.model is not None and Path(controller.model.path) == gemma3.resolve()
    assert "chat template" in view.status.text()
    assert view.translate_button.isEnabled()


def test_a_very_long_text_streams_in_its_row_and_stops_cleanly(
    qtbot: QtBot, view: TranslateView
) -> None:
    view.set_pair("en", "fr")
    paragraph = "The river is calm in the morning. Boats wait by the bridge. " * 8
    paragraphs = [f"Part {i}. {paragraph}" for i in range(2500)]
    view.source_edit.setPlainText("\n\n".join(paragraphs))  # about 1.2 MB
    qtbot.mouseClick(view.translate_button, Qt.MouseButton.LeftButton)
    assert view.job is not None and view.job.total >= 2500
    qtbot.waitUntil(lambda: view.job is not None and view.job.done >= 1, timeout=60_000)
    qtbot.waitUntil(lambda: bool(view.segments_table.item(1, 2).text()), timeout=60_000)
    view.stop()
    qtbot.waitUntil(lambda: not view.running, timeout=60_000)
    assert "Stopped at" in view.status.text()
    output = view.output_edit.toPlainText()
    assert output.count("\n\n") == 2499, "the structure is all there, untranslated parts too"


def test_a_text_already_in_the_target_language_is_not_translated(
    qtbot: QtBot, view: TranslateView
) -> None:
    view.set_pair(AUTO, "fr")
    # Auto-detect's own detection lands before the test ends (it reads the memory).
    with qtbot.waitSignal(view.detector.detected, timeout=20_000):
        view.source_edit.setPlainText("Où est la gare ?")
    qtbot.mouseClick(view.translate_button, Qt.MouseButton.LeftButton)
    assert not view.running
    assert "reads as French, the language to translate into" in view.status.text()
    assert view.output_edit.toPlainText() == ""
    assert view.source_edit.toPlainText() == "Où est la gare ?"


def test_best_quality_translates_with_beams(
    qtbot: QtBot,
    view: TranslateView,
    controller: InferenceController,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from engine.translation.model_io import TRANSLATION_BEAMS

    asked: list[int] = []
    real = controller.generate

    def generate(messages: object, sampling: object, *args: object, **kwargs: object) -> int:
        asked.append(sampling.beams)  # type: ignore[attr-defined]
        return real(messages, sampling, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(controller, "generate", generate)
    check = view.model_picker.best_check
    assert not check.isChecked() and "beam" in check.toolTip()
    view.set_pair("en", "fr")
    view.source_edit.setPlainText("Good morning.")
    run_to_end(qtbot, view)
    assert asked == [1]
    # The starter (SmolLM2) measured worse with beams: it translates as usual, and the
    # status line says so.
    check.setChecked(True)
    view.source_edit.setPlainText("Good night.")
    run_to_end(qtbot, view)
    assert asked == [1, 1]
    assert "Best quality does not apply to this model" in view.status.text()
    # A model family the beams help gets them.
    monkeypatch.setattr("gui.translate.runner.beams_help", lambda _name: True)
    view.source_edit.setPlainText("The shop is closed today.")
    run_to_end(qtbot, view)
    assert asked[2:] and set(asked[2:]) == {TRANSLATION_BEAMS}
    assert view.output_edit.toPlainText().strip()
    assert "Done: 1/1 segments" in view.status.text()
    assert "word by word" not in view.status.text()
    # Where the beams cannot run (here: no room for them), the segment is decoded
    # greedily, and the run's summary says so.
    monkeypatch.setattr("engine.llm.model.LoadedModel.beam_context", lambda *_a: None)
    view.source_edit.setPlainText("The museum opens at nine.")
    run_to_end(qtbot, view)
    assert view.output_edit.toPlainText().strip()
    assert "this run translated 1 segment word by word" in view.status.text()


def test_a_refusal_goes_when_the_pair_or_the_text_changes(
    qtbot: QtBot, view: TranslateView
) -> None:
    view.set_pair("en", "en")
    view.source_edit.setPlainText("Where is the station?")
    qtbot.mouseClick(view.translate_button, Qt.MouseButton.LeftButton)
    assert "both English" in view.status.text()
    view.set_pair("en", "fr")  # the reason no longer holds
    assert view.status.text() == ""
    view.source_edit.setPlainText("")
    qtbot.mouseClick(view.translate_button, Qt.MouseButton.LeftButton)
    assert view.status.text() == "Nothing to translate."
    view.source_edit.setPlainText("Good night.")
    assert view.status.text() == ""


def test_a_refusal_stays_while_auto_detect_finds_the_language(
    qtbot: QtBot, view: TranslateView
) -> None:
    view.set_pair(AUTO, "fr")
    view.source_edit.setPlainText("Où est la gare ?")
    # Translate at once, before Auto-detect's own detection (it waits for typing to
    # pause); its finding the language afterwards changes neither the pair nor the text.
    with qtbot.waitSignal(view.detector.detected, timeout=20_000):
        qtbot.mouseClick(view.translate_button, Qt.MouseButton.LeftButton)
        refusal = view.status.text()
        assert "reads as French" in refusal
    assert view.status.text() == refusal
    # Another message since then is not the refusal's to clear.
    view.status.setText("Saved notes.txt.")
    with qtbot.waitSignal(view.detector.detected, timeout=20_000):  # none left pending
        view.source_edit.setPlainText("Where is the station?")
        assert view.status.text() == "Saved notes.txt."
    assert view.status.text() == "Saved notes.txt."


def test_a_segment_too_long_for_the_context_is_kept_flagged_and_the_run_goes_on(
    qtbot: QtBot, view: TranslateView
) -> None:
    # The starter reads "ÿ" in two tokens where a segment's weight counts a third of one:
    # the longest segment a 2,048-token context takes, all "ÿ", does not fit.
    long = "ÿ" * max_segment_chars(TRANSLATE_LOAD.n_ctx)
    view.set_pair("en", "fr")
    view.source_edit.setPlainText(f"Good morning.\n\n{long}\n\nGood night.")
    run_to_end(qtbot, view)
    assert view.segments_table.rowCount() == 3
    assert view.job is not None and view.job.finished
    kept = view.job.results[1]
    assert kept.target == kept.source and kept.issues[0].startswith(
        "the segment is too long for the model's context"
    )
    assert view.segments_table.item(1, 3).text() == "⚠ Not translated (text kept)"
    assert "too long" in view.segments_table.item(1, 3).toolTip()
    assert view.job.results[2].target.strip() != ""
    assert "Done: 3/3 segments" in view.status.text()
    assert kept.source in view.output_edit.toPlainText(), "the segment's text is not lost"


def test_a_segment_with_nothing_to_translate_is_copied(qtbot: QtBot, view: TranslateView) -> None:
    view.set_pair("en", "fr")
    view.source_edit.setPlainText("Good night.\n\n12:30 – 14:00\n\n🦜🦜")
    run_to_end(qtbot, view)
    assert [view.segments_table.item(row, 3).text() for row in (1, 2)] == [
        "Copied (nothing to translate)"
    ] * 2
    assert view.output_edit.toPlainText().endswith("\n\n12:30 – 14:00\n\n🦜🦜")
    assert "Done: 3/3 segments" in view.status.text()


def test_a_table_of_numbers_is_copied_in_one_go(qtbot: QtBot, view: TranslateView) -> None:
    rows = "".join(f"| {2000 + i} | {i}.5 |\n" for i in range(300))
    view.set_pair("en", "fr")
    view.source_edit.setPlainText("| Year | Total |\n|---|---|\n" + rows)
    shown: list[int] = []
    view.runner.results_ready.connect(lambda results: shown.append(len(results)))
    run_to_end(qtbot, view)
    assert view.job is not None and view.job.finished and view.segments_table.rowCount() == 602
    assert 600 in shown, "the copied cells came in one batch"
    statuses = {view.segments_table.item(row, 3).text() for row in range(2, 602)}
    assert statuses == {"Copied (nothing to translate)"}
    header = view.segments_table.horizontalHeader()
    assert header.sectionResizeMode(3) == QHeaderView.ResizeMode.ResizeToContents
    assert view.output_edit.toPlainText().endswith("| 2298 | 298.5 |\n| 2299 | 299.5 |\n")
    # Retranslate shows every earlier translation until the model's comes, in one go too.
    shown.clear()
    one_by_one: list[int] = []
    view.runner.result_ready.connect(lambda result: one_by_one.append(result.index))
    qtbot.mouseClick(view.retranslate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.running, timeout=120_000)
    assert shown[0] == 602, "the earlier translations came in one batch"
    assert len(one_by_one) <= 2, "only the model's own segments come one by one"
    assert view.segments_table.item(601, 3).text() == "Copied (nothing to translate)"


def stopped_as_the_first_request_ends(
    qtbot: QtBot,
    view: TranslateView,
    controller: InferenceController,
    monkeypatch: pytest.MonkeyPatch,
    ended: Callable[[int], None],
) -> TranslationJob:
    """Run three segments, pressing Stop as the first request ends (``ended(request_id)``
    emits how, before the window hears of it); the run's job."""
    runner = view.runner
    asked: list[int] = []
    generate = controller.generate

    def recorded(*args: object, **kwargs: object) -> int:
        asked.append(generate(*args, **kwargs))  # type: ignore[arg-type]
        return asked[-1]

    monkeypatch.setattr(controller, "generate", recorded)

    def stop_then_end(index: int) -> None:
        if index == 0:
            runner.stop()
            ended(asked[-1])

    runner.segment_started.connect(stop_then_end)
    view.set_pair("en", "fr")
    view.source_edit.setPlainText("Good morning.\n\nGood evening.\n\nGood night.")
    run_to_end(qtbot, view)
    assert view.job is not None
    return view.job


def test_stop_as_a_segment_is_refused_for_its_length_ends_the_run(
    qtbot: QtBot,
    view: TranslateView,
    controller: InferenceController,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Stop pressed while the engine was refusing the segment's prompt: the segment is
    # kept, flagged, and the run stops there rather than go on.
    job = stopped_as_the_first_request_ends(
        qtbot,
        view,
        controller,
        monkeypatch,
        lambda request: controller.reply_failed.emit(request, ContextFull.of("too long")),
    )
    assert not job.finished
    assert list(job.results) == [0]
    assert job.results[0].issues[0].startswith("the segment is too long")
    assert "Stopped" in view.status.text()


def test_stop_as_a_reply_ends_stops_the_run(
    qtbot: QtBot,
    view: TranslateView,
    controller: InferenceController,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Stop pressed after the model finished a segment but before the window heard of it:
    # the segment is kept and the run stops rather than go on to the next.
    job = stopped_as_the_first_request_ends(
        qtbot,
        view,
        controller,
        monkeypatch,
        lambda request: controller.reply_finished.emit(request, "Bonjour.", None),
    )
    assert list(job.results) == [0]
    assert "Stopped" in view.status.text()


def _newest(view: TranslateView) -> int:
    """Where the translated text ends in the output pane (the segments to come are
    blank lines after it), in Qt's units."""
    return utf16_length(view.output_edit.toPlainText().rstrip())


def test_the_output_follows_the_newest_segment_while_a_run_goes_on(
    qtbot: QtBot, view: TranslateView
) -> None:
    # The segments still to come are blank lines: the output shows where the run is,
    # not its blank end.
    paragraphs = [f"Paragraph {i}: the weather is nice today." for i in range(60)]
    view.set_pair("en", "fr")
    view.source_edit.setPlainText("\n\n".join(paragraphs))
    # Between two segments the newest text is the one before (not the blank line where
    # the next will be written).
    between: list[tuple[str, int]] = []

    def at_start(index: int) -> None:
        if index == 2:
            between.append(view.runner.output_and_focus())

    view.runner.segment_started.connect(at_start)
    qtbot.mouseClick(view.translate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.job is not None and view.job.done >= 3, timeout=60_000)
    text, focus = between[0]
    assert focus > 0 and text[:focus] == text[:focus].rstrip()
    assert text[focus:].startswith("\n\n")
    qtbot.wait(400)  # a render
    bar = view.output_edit.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() < bar.maximum()
    assert in_view(view.output_edit, _newest(view))
    # Text the reader selects meanwhile stays selected.
    cursor = view.output_edit.textCursor()
    cursor.setPosition(0)
    cursor.setPosition(8, QTextCursor.MoveMode.KeepAnchor)
    view.output_edit.setTextCursor(cursor)
    later = view.job.done + 2
    qtbot.waitUntil(lambda: view.job is not None and view.job.done >= later, timeout=60_000)
    qtbot.wait(400)
    assert view.output_edit.textCursor().selectedText() == view.output_edit.toPlainText()[:8]
    assert in_view(view.output_edit, _newest(view))
    # Scrolled away, it stays where the reader is; scrolled back to the newest text, it
    # follows the run again.
    qtbot.waitUntil(lambda: view.job is not None and view.job.done >= 30, timeout=60_000)
    qtbot.wait(400)
    followed = bar.value()
    # Halfway up, where the newest text is out of sight: each update leaves it there
    # (it crept back down a few lines each time, into sight, and followed again).
    away = followed // 2
    bar.setValue(away)
    assert view.job is not None
    later = view.job.done + 4
    qtbot.waitUntil(lambda: view.job is not None and view.job.done >= later, timeout=60_000)
    qtbot.wait(400)
    assert bar.value() == away
    # Back down to the newest text (the reader's scroll, as a cursor put there shows it).
    cursor = view.output_edit.textCursor()
    cursor.setPosition(_newest(view))
    view.output_edit.setTextCursor(cursor)
    view.output_edit.ensureCursorVisible()
    back = bar.value()
    assert back > away
    later = view.job.done + 10  # more lines than the pane shows
    qtbot.waitUntil(lambda: view.job is not None and view.job.done >= later, timeout=60_000)
    qtbot.wait(400)
    assert bar.value() > back
    assert in_view(view.output_edit, _newest(view))
    view.runner.stop()
    qtbot.waitUntil(lambda: not view.running, timeout=60_000)
