"""Custom reasoning tags in a model's load settings: empty detects the form from the
template; a pair is saved for the model; a pair that cannot work is refused with the
reason, and nothing is saved."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from engine.llm.fit_estimate import MachineMemory
from engine.llm.reasoning import MAX_TAG_CHARS
from engine.models.model_profile import ModelProfileStore
from gui.models.load_settings_dialog import LoadSettingsDialog

ROOMY = MachineMemory(free_ram=8 * 2**30)


def _dialog(qtbot: QtBot, path: Path, profiles: ModelProfileStore) -> LoadSettingsDialog:
    dialog = LoadSettingsDialog(str(path), profiles, memory=ROOMY)
    qtbot.addWidget(dialog)
    return dialog


def test_reasoning_tags_are_saved_for_the_model(
    qtbot: QtBot, smollm2: Path, tmp_path: Path
) -> None:
    profiles = ModelProfileStore(tmp_path)
    dialog = _dialog(qtbot, smollm2, profiles)
    opening, closing = dialog.reasoning_open, dialog.reasoning_close
    assert (opening.text(), closing.text()) == ("", "")
    # What empty boxes mean: the usual tags, not tags found in this model.
    assert opening.placeholderText() == "default: <think>"
    assert closing.placeholderText() == "default: </think>"
    assert "Only needed for a model that marks its thinking with other tags" in (opening.toolTip())
    assert opening.accessibleName() and closing.accessibleName()
    dialog.accept()  # both empty: detected from the template
    assert dialog.result() == LoadSettingsDialog.DialogCode.Accepted
    assert profiles.get(smollm2).load_settings().reasoning_tags is None

    dialog = _dialog(qtbot, smollm2, profiles)
    dialog.reasoning_open.setText(" <reason> ")
    dialog.reasoning_close.setText("</reason>")
    dialog.accept()
    assert dialog.result() == LoadSettingsDialog.DialogCode.Accepted
    saved = profiles.get(smollm2)
    assert (saved.reasoning_open, saved.reasoning_close) == ("<reason>", "</reason>")
    assert saved.load_settings().reasoning_tags == ("<reason>", "</reason>")

    # Shown again next time, and cleared back to detection.
    again = _dialog(qtbot, smollm2, profiles)
    assert (again.reasoning_open.text(), again.reasoning_close.text()) == (
        "<reason>",
        "</reason>",
    )
    again.reasoning_open.clear()
    again.reasoning_close.clear()
    again.accept()
    assert profiles.get(smollm2).load_settings().reasoning_tags is None


@pytest.mark.parametrize(
    ("opening", "closing", "reason"),
    [
        ("<reason>", "", "The closing reasoning tag is empty."),
        ("", "</reason>", "The opening reasoning tag is empty."),
        ("<r>", "<r>", "The reasoning tags must differ."),
        ("<" + "r" * MAX_TAG_CHARS + ">", "</r>", f"longer than {MAX_TAG_CHARS}"),
    ],
)
def test_a_pair_that_cannot_work_is_refused(
    qtbot: QtBot, smollm2: Path, tmp_path: Path, opening: str, closing: str, reason: str
) -> None:
    profiles = ModelProfileStore(tmp_path)
    dialog = _dialog(qtbot, smollm2, profiles)
    dialog.reasoning_open.setText(opening)
    dialog.reasoning_close.setText(closing)
    dialog.accept()
    assert dialog.result() != LoadSettingsDialog.DialogCode.Accepted
    assert dialog.error.isVisibleTo(dialog) and reason in dialog.error.text()
    assert not profiles.has_saved(smollm2)


def test_the_custom_template_box_sits_under_its_chat_format_row(
    qtbot: QtBot, smollm2: Path, tmp_path: Path
) -> None:
    dialog = _dialog(qtbot, smollm2, ModelProfileStore(tmp_path))
    dialog.show()
    assert dialog.custom.isHidden()  # only for a custom template
    dialog.template.setCurrentText("Custom…")
    qtbot.waitUntil(dialog.custom.isVisible)
    assert dialog.custom.geometry().top() > dialog.template.geometry().bottom()
    # Right under the Chat format row, above the next one.
    assert dialog.custom.geometry().top() < dialog.reasoning_open.geometry().top()
    lines = dialog.custom.height() / dialog.custom.fontMetrics().lineSpacing()
    assert lines >= 10  # room to paste a template and read it
    dialog.grab()
