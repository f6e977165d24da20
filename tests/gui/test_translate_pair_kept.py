"""The language pair chosen is the one the Translate view opens with next time, also
when Hearth was killed before anything was translated with it."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from engine.common.preferences import AppSettingsStore
from engine.translation.job import AUTO
from gui.translate.pair_bar import PairBar


def _choose(combo: object, code: str) -> None:
    index = combo.findData(code)  # type: ignore[attr-defined]
    assert index >= 0
    combo.setCurrentIndex(index)  # type: ignore[attr-defined]


def test_the_pair_chosen_is_kept_on_disk_as_it_is_chosen(qtbot: QtBot, tmp_path: Path) -> None:
    store = AppSettingsStore(tmp_path)
    bar = PairBar(store)
    qtbot.addWidget(bar)
    bar.show()
    _choose(bar.source_combo, "de")
    _choose(bar.target_combo, "ja")
    # Written a moment after the last change: one write for a turn of the mouse wheel.
    assert AppSettingsStore(tmp_path).load().translate_target != "ja"
    qtbot.waitUntil(lambda: AppSettingsStore(tmp_path).load().translate_target == "ja")
    saved = AppSettingsStore(tmp_path).load()  # what a new process reads
    assert (saved.translate_source, saved.translate_target) == ("de", "ja")
    assert saved.recent_pairs == (), "only pairs translated with are recent"
    reopened = PairBar(AppSettingsStore(tmp_path))
    qtbot.addWidget(reopened)
    assert (reopened.source_code, reopened.target_code) == ("de", "ja")
    reopened.show()
    _choose(reopened.source_combo, AUTO)
    # Hiding the bar (the window closing, Chat shown) writes it at once.
    reopened.hide()
    assert AppSettingsStore(tmp_path).load().translate_source == AUTO


def test_a_settings_file_that_cannot_be_written_does_not_stop_the_choice(
    qtbot: QtBot, tmp_path: Path
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    bar = PairBar(AppSettingsStore(blocked / "config"))
    qtbot.addWidget(bar)
    bar.show()
    _choose(bar.target_combo, "es")
    bar.hide()  # the write is tried, and fails quietly
    assert bar.target_code == "es"
