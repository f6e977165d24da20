"""With the real SmolLM2 model: the Translate view asks the inference worker for its
first attempts and its retries under two KV cache keys (engine.translation.model_io.
kv_stream), and drops the retries' state when the run ends."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from engine.translation.memory import TranslationMemory
from gui.inference.controller import InferenceController
from gui.translate.runner import KV_KEY
from tests.engine.test_translation_retry_state import SENTENCES
from tests.gui.conftest import open_translate_view, run_translate


def test_first_attempts_and_retries_go_under_their_own_keys(
    qtbot: QtBot,
    controller: InferenceController,
    memory: TranslationMemory,
    smollm2: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    view = open_translate_view(qtbot, controller, memory, load=smollm2)
    keys: list[object] = []
    forgotten: list[object] = []
    generate, forget = controller.generate, controller.forget_state

    def recorded(*args: Any, **kwargs: Any) -> int:
        keys.append(kwargs.get("conversation"))
        return generate(*args, **kwargs)

    def recorded_forget(conversation: int | str) -> None:
        forgotten.append((len(keys), conversation))
        forget(conversation)

    monkeypatch.setattr(controller, "generate", recorded)
    monkeypatch.setattr(controller, "forget_state", recorded_forget)
    view.set_pair("en", "zh")
    view.source_edit.setPlainText("\n\n".join(SENTENCES))
    run_translate(qtbot, view)
    job = view.runner.job
    assert job is not None and job.retried >= 1, "no segment was retried on this model"
    assert keys.count(f"{KV_KEY}:retry") == job.retried
    assert keys.count(f"{KV_KEY}:main") == len(keys) - job.retried
    assert forgotten == [(len(keys), f"{KV_KEY}:retry")], "dropped once the run ended"


def test_a_retry_for_a_word_left_in_english_goes_on_from_the_reply_before(
    qtbot: QtBot,
    controller: InferenceController,
    memory: TranslationMemory,
    smollm2: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The starter left "frequently" in English ("Cette frequently …"): the retry with
    that word ruled out goes on from "Cette", which the worker is given."""
    view = open_translate_view(qtbot, controller, memory, load=smollm2)
    prefixes: list[str] = []
    generate = controller.generate

    def recorded(messages: Any, sampling: Any, assistant_prefix: str = "", **kwargs: Any) -> int:
        prefixes.append(assistant_prefix)
        return generate(messages, sampling, assistant_prefix, **kwargs)

    monkeypatch.setattr(controller, "generate", recorded)
    view.set_pair("en", "fr")
    view.source_edit.setPlainText("This frequently refers to disk space.")
    run_translate(qtbot, view)
    assert prefixes == ["", "Cette"]
    job = view.runner.job
    assert job is not None
    assert job.results[0].target.startswith("Cette ")
    assert not job.results[0].target.startswith("CetteCette")
