"""The window's language: which one is chosen, and the checks the translation tests use."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale

from gui.common.i18n import ENV_VAR, available_languages, choose_language
from tests.gui.i18n_check import is_english


def test_simplified_chinese_is_offered_under_its_own_name() -> None:
    languages = {language.code: language.native_name for language in available_languages()}
    assert languages["en"] == "English"
    assert languages["zh_CN"] == "简体中文"


@pytest.mark.parametrize(
    ("env", "saved", "system", "expected"),
    [
        ("zh_CN", "en", "en_US", "zh_CN"),  # the environment wins
        ("zh-CN.UTF-8", "", "en_US", "zh_CN"),
        ("", "zh_CN", "en_US", "zh_CN"),  # then Settings → Language
        ("", "en", "zh_CN", "en"),
        ("", "", "zh_CN", "zh_CN"),  # then the system
        ("", "", "zh_SG", "zh_CN"),
        ("", "", "zh_TW", "en"),  # no traditional Chinese: not simplified either
        ("", "", "fr_FR", "en"),  # no translation: English
        ("xx_YY", "", "C", "en"),
    ],
)
def test_the_language_follows_env_then_setting_then_system(
    monkeypatch: pytest.MonkeyPatch, env: str, saved: str, system: str, expected: str
) -> None:
    monkeypatch.setenv(ENV_VAR, env)
    assert choose_language(saved, QLocale(system)) == expected


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ("Send", True),
        ("New chat", True),
        ("发送", False),
        ("加载 GGUF 模型", False),
        ("SmolLM2-135M-Instruct", False),
        ("model.gguf", False),
        ("Hearth", False),
        ("Ctrl+Shift+M", False),
        ("https://huggingface.co", False),
        ("<b>Stop</b>", True),
        ("", False),
        ("42 %", False),
    ],
)
def test_english_is_told_from_translated_text_and_names(text: str, english: bool) -> None:
    assert is_english(text) is english
