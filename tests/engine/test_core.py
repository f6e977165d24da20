"""Pure engine pieces: context budget, chat templates, settings, paths, import rules."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from engine.common.errors import (
    ChatTemplateError,
    ContextOverflowError,
    HearthError,
    NoChatTemplateError,
)
from engine.common.paths import AppPaths
from engine.llm.chat_template import render_prompt
from engine.llm.context_budget import fit_conversation, reply_reserve
from engine.llm.generation import StopTextFilter
from engine.llm.messages import ChatMessage
from engine.llm.parameters import LoadSettings, SamplingSettings

REPO = Path(__file__).resolve().parents[2]


def _words(messages: Sequence[ChatMessage]) -> int:
    return sum(len(m.content.split()) + 2 for m in messages)


def test_fit_keeps_everything_that_fits() -> None:
    msgs = [ChatMessage("system", "be brief"), ChatMessage("user", "hi there")]
    fitted = fit_conversation(msgs, _words, 100)
    assert fitted.messages == tuple(msgs)
    assert fitted.dropped_messages == 0
    assert fitted.prompt_tokens == _words(msgs)


def test_fit_drops_whole_oldest_turns_and_keeps_system() -> None:
    system = ChatMessage("system", "sys")
    msgs = [system]
    for i in range(5):
        msgs += [ChatMessage("user", f"u{i} " * 5), ChatMessage("assistant", f"a{i} " * 5)]
    msgs.append(ChatMessage("user", "last"))
    fitted = fit_conversation(msgs, _words, 20)
    assert fitted.messages[0] == system
    assert fitted.messages[-1] == msgs[-1]
    assert fitted.messages[1].role == "user", "a kept conversation starts with a user turn"
    assert fitted.prompt_tokens <= 20
    assert fitted.dropped_messages == len(msgs) - len(fitted.messages)
    assert fitted.dropped_messages % 2 == 0


def test_fit_refuses_a_message_that_cannot_fit() -> None:
    msgs = [ChatMessage("system", "sys"), ChatMessage("user", "word " * 50)]
    with pytest.raises(ContextOverflowError, match="too long"):
        fit_conversation(msgs, _words, 10)


def test_reply_reserve_is_bounded() -> None:
    assert reply_reserve(4096, 512) == 512
    assert reply_reserve(512, 4096) == 256


TEMPLATE = (
    "{{ bos_token }}{% for m in messages %}<{{ m['role'] }}>{{ m['content'] }}</s>{% endfor %}"
    "{% if add_generation_prompt %}<assistant>{% endif %}"
)


def test_render_prompt_uses_the_template() -> None:
    text = render_prompt(TEMPLATE, [ChatMessage("user", "hi")], bos_token="<B>")
    assert text == "<B><user>hi</s><assistant>"


def test_missing_template_is_a_clear_error() -> None:
    with pytest.raises(NoChatTemplateError, match="no chat template"):
        render_prompt(None, [ChatMessage("user", "hi")], model_name="Base")


@pytest.mark.parametrize(
    "template",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ messages.__class__.__init__.__globals__ }}",
        "{% set x = messages.append(1) %}{{ x }}",
        "{{ cycler.__init__.__globals__.os.popen('echo pwned').read() }}",
    ],
)
def test_hostile_templates_are_stopped(template: str) -> None:
    with pytest.raises(ChatTemplateError):
        render_prompt(template, [ChatMessage("user", "hi")])


def test_template_raise_exception_and_syntax_errors() -> None:
    with pytest.raises(ChatTemplateError, match="roles must alternate"):
        render_prompt("{{ raise_exception('roles must alternate') }}", [ChatMessage("user", "x")])
    with pytest.raises(ChatTemplateError, match="not valid Jinja"):
        render_prompt("{% for %}", [ChatMessage("user", "x")])


def test_stop_filter_holds_back_partial_markers() -> None:
    f = StopTextFilter(["<|im_end|>"])
    assert f.feed("Hello <|im") == ("Hello ", False)
    assert f.feed("_end|> more") == ("", True)
    f = StopTextFilter(["<|im_end|>"])
    assert f.feed("a <|i") == ("a ", False)
    assert f.feed("dea") == ("<|idea", False)
    assert f.flush() == ""


def test_settings_validation() -> None:
    assert LoadSettings().validate().n_ctx == 4096
    for bad in (LoadSettings(n_ctx=10), LoadSettings(n_gpu_layers=-3), LoadSettings(n_threads=0)):
        with pytest.raises(HearthError):
            bad.validate()
    for bad_sampling in (
        SamplingSettings(temperature=-1),
        SamplingSettings(top_p=0),
        SamplingSettings(max_tokens=-1),
        SamplingSettings(seed=-3),
    ):
        with pytest.raises(HearthError):
            bad_sampling.validate()


def test_hearth_home_overrides_every_folder(tmp_path: Path) -> None:
    paths = AppPaths.from_environment({"HEARTH_HOME": str(tmp_path)}).ensure()
    for folder in (paths.data_dir, paths.config_dir, paths.log_dir, paths.cache_dir):
        assert folder.is_dir()
        assert tmp_path in folder.parents
    default = AppPaths.from_environment({})
    assert "Hearth" in str(default.data_dir) or "hearth" in str(default.data_dir)


def test_engine_imports_no_qt() -> None:
    code = (
        "import sys, pkgutil, importlib, engine\n"
        "for m in pkgutil.walk_packages(engine.__path__, 'engine.'):\n"
        "    importlib.import_module(m.name)\n"
        "import engine.llm.model as em; em.import_llama_cpp()\n"
        "bad = [n for n in sys.modules if n.startswith(('PySide6', 'shiboken6', 'gui'))]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_sampling_settings_round_trip_and_presets() -> None:
    from engine.llm.parameters import SAMPLING_PRESETS

    original = SamplingSettings(temperature=0.3, seed=9, max_tokens=77)
    assert SamplingSettings.from_dict({**original.as_dict(), "unknown": 1}) == original
    with pytest.raises(HearthError):
        SamplingSettings.from_dict({"temperature": -2})
    assert set(SAMPLING_PRESETS) == {"Precise", "Balanced", "Creative"}
    temperatures = [SAMPLING_PRESETS[n].temperature for n in ("Precise", "Balanced", "Creative")]
    assert temperatures == sorted(temperatures)
    for preset in SAMPLING_PRESETS.values():
        preset.validate()
