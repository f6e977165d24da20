"""The sampling dialog's reply limit: "Up to the context" by default, a number when set."""

from __future__ import annotations

from dataclasses import replace

from pytestqt.qtbot import QtBot

from engine.llm.parameters import NO_REPLY_LIMIT, SamplingSettings
from gui.chat.sampling_dialog import SamplingDialog


def test_the_reply_limit_reads_up_to_the_context_by_default(qtbot: QtBot) -> None:
    dialog = SamplingDialog(SamplingSettings())
    qtbot.addWidget(dialog)
    assert dialog.max_tokens.text() == "Up to the context"
    assert dialog.settings().max_tokens == NO_REPLY_LIMIT
    dialog.max_tokens.setValue(300)
    assert dialog.settings().max_tokens == 300

    capped = SamplingDialog(replace(SamplingSettings(), max_tokens=2048))
    qtbot.addWidget(capped)
    assert capped.max_tokens.value() == 2048 and capped.settings().max_tokens == 2048
