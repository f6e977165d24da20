"""The engine's sentences (engine/common/messages.py) reach a Chinese window in
Chinese: a load failure's reason in the banner, the starter model's name, a reason
nested inside another sentence; the HTTP API and the log keep the English."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from engine.common.errors import InvalidModelFileError
from engine.common.messages import msg
from engine.llm.known_models import SMOLLM2_NAME
from gui.common.engine_text import shown
from gui.inference.controller import InferenceController
from tests.gui.conftest import WindowFactory
from tests.gui.i18n_check import is_english, visible_english


@pytest.mark.usefixtures("zh_cn")
def test_a_message_and_the_error_raised_with_it_are_shown_translated() -> None:
    assert SMOLLM2_NAME == "SmolLM2 135M Instruct (starter)"  # the engine's English
    assert shown(SMOLLM2_NAME) == "SmolLM2 135M Instruct（入门）"
    error = InvalidModelFileError(msg("No model file at {path}.", path="/m/a.gguf"))
    assert str(error) == "No model file at /m/a.gguf."
    text = shown(error)
    assert "/m/a.gguf" in text and not is_english(text.replace("/m/a.gguf", ""))


@pytest.mark.usefixtures("zh_cn")
def test_a_reason_inside_a_sentence_is_translated_too() -> None:
    inner = InvalidModelFileError(msg("No model file at {path}.", path="/m/a.gguf"))
    outer = msg("Unexpected error: {error}", error=inner)
    assert str(outer) == "Unexpected error: No model file at /m/a.gguf."
    assert not is_english(shown(outer).replace("/m/a.gguf", ""))
    assert "No model file" not in shown(outer)


def test_text_that_is_no_message_is_shown_as_it_is() -> None:
    assert shown("plain words") == "plain words"
    assert shown(ValueError("a library's reason")) == "a library's reason"
    never_translated = msg("A sentence no catalogue has: {x}", x=1)
    assert shown(never_translated) == "A sentence no catalogue has: 1"


@pytest.mark.usefixtures("zh_cn")
def test_a_corrupt_model_is_explained_in_chinese_in_the_banner(
    qtbot: QtBot,
    make_window: WindowFactory,
    controller: InferenceController,
    tmp_path: Path,
    smollm2: Path,
) -> None:
    window = make_window()
    bad = tmp_path / "broken.gguf"
    bad.write_bytes(smollm2.read_bytes()[:5_000_000])
    with qtbot.waitSignal(controller.model_load_failed, timeout=30_000) as blocker:
        window.model_menu.load_model(str(bad))
    assert "not a valid GGUF" in blocker.args[1]  # the engine's English, for the API
    notice = window.notice.text()
    assert "broken.gguf" in notice and "not a valid GGUF" not in notice
    assert visible_english(window.notice, allowed=[str(bad), bad.name]) == []


@pytest.mark.usefixtures("zh_cn")
def test_every_failed_load_attempt_is_translated(smollm2: Path) -> None:
    from typing import Any

    from engine.common.errors import ModelLoadError
    from engine.llm.gpu_offload import GpuDevice, load_with_placement
    from engine.llm.model import LoadedModel
    from engine.llm.parameters import LoadSettings

    def always_fails(*_args: Any, **_kwargs: Any) -> LoadedModel:
        raise ModelLoadError(msg("No model file at {path}.", path="x.gguf"))

    gpu = GpuDevice("CUDA0", "Test GPU", 24_000 * 1024 * 1024)
    with pytest.raises(ModelLoadError) as caught:
        load_with_placement(smollm2, LoadSettings(), devices=[gpu], loader=always_fails)
    english = str(caught.value)
    assert "Tried: 30/30 layers on CUDA: No model file at x.gguf.; 15/30 layers" in english
    chinese = shown(caught.value)
    assert "layers" not in chinese and "No model file" not in chinese
    assert not is_english(chinese.replace("x.gguf", "").replace("CUDA", "").replace("CPU", ""))


@pytest.mark.usefixtures("zh_cn")
def test_a_background_failure_reaches_its_callback_translated(qtbot: QtBot) -> None:
    from PySide6.QtCore import QObject

    from gui.common.background import run_in_background

    owner = QObject()
    got: list[str] = []

    def work(_task: object) -> None:
        raise InvalidModelFileError(msg("No model file at {path}.", path="/m/a.gguf"))

    def bug(_task: object) -> None:  # not a HearthError: the "unexpected" branch
        raise RuntimeError("a library's own words")

    run_in_background(owner, work, on_success=lambda _r: None, on_failure=got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=5_000)
    assert "/m/a.gguf" in got[0] and "No model file" not in got[0]
    run_in_background(owner, bug, on_success=lambda _r: None, on_failure=got.append)
    qtbot.waitUntil(lambda: len(got) == 2, timeout=5_000)
    assert got[1] == "意外错误：a library's own words"
