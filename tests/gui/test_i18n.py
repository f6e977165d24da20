"""The window's language: which one is chosen, and the checks the translation tests use."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QTranslator

from gui.common.i18n import (
    ENV_VAR,
    available_languages,
    choose_language,
    compiled_files,
    i18n_dir,
)
from tests.gui.i18n_check import is_english


def test_simplified_chinese_is_offered_under_its_own_name() -> None:
    languages = {language.code: language.native_name for language in available_languages()}
    assert languages["en"] == "English"
    assert languages["zh_CN"] == "简体中文"
    # English's folder (its plurals) does not offer English a second time.
    assert [language.code for language in available_languages()].count("en") == 1


def test_english_counts_read_in_the_singular_and_the_plural(qapp: object, tmp_path: Path) -> None:
    from PySide6.QtCore import QCoreApplication

    import gui.common.i18n as i18n

    app = QCoreApplication.instance()
    assert app is not None
    source = "%Ln term(s) for {pair}"
    previous = QLocale()
    installed = i18n.install_translators(app, "en", tmp_path / "cache")
    try:
        assert len(installed) == 1  # Hearth's English plurals; Qt's own strings need none
        # (The window's tests run with it installed already: tests/gui/conftest.py.)
        translate = QCoreApplication.translate
        assert translate("GlossaryPanel", source, "", 1) == "1 term for {pair}"
        assert translate("GlossaryPanel", source, "", 3) == "3 terms for {pair}"
        assert translate("MessageWidget", "%Ln tokens", "", 1) == "1 token"
        assert translate("MessageWidget", "%Ln tokens", "", 0) == "0 tokens"
        # A string without a count is the source's.
        assert translate("LanguageMenu", "&Language") == "&Language"
    finally:
        for translator in installed:
            app.removeTranslator(translator)
        QLocale.setDefault(previous)


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


def test_a_translation_not_compiled_yet_is_compiled_into_the_cache(tmp_path: Path) -> None:
    """A checkout or install that skipped make i18n still starts translated."""
    folder = tmp_path / "zh_CN"
    folder.mkdir()
    shutil.copy(i18n_dir() / "zh_CN" / "hearth.ts", folder / "hearth.ts")
    files = compiled_files(folder, tmp_path / "cache")
    assert files == [tmp_path / "cache" / "i18n" / "zh_CN" / "hearth.qm"]
    translator = QTranslator()
    assert translator.load(str(files[0]))
    assert translator.translate("LanguageMenu", "&Language") == "语言(&L)"
    # Compiled once: the next start reuses it.
    before = files[0].stat().st_mtime_ns
    assert compiled_files(folder, tmp_path / "cache") == files
    assert files[0].stat().st_mtime_ns == before
    # Without a cache folder nothing is compiled, and nothing breaks.
    assert compiled_files(folder, None) == []


def test_a_translation_file_rewritten_while_running_keeps_the_window_translated(
    qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """make i18n (or an upgrade in place) rewrites the .qm under a running window."""
    from PySide6.QtCore import QCoreApplication

    import gui.common.i18n as i18n

    folder = tmp_path / "i18n" / "zh_CN"
    folder.mkdir(parents=True)
    shutil.copy(i18n_dir() / "zh_CN" / "hearth.ts", folder / "hearth.ts")
    monkeypatch.setattr(i18n, "i18n_dir", lambda: tmp_path / "i18n")
    app = QCoreApplication.instance()
    assert app is not None
    previous = QLocale()
    installed = i18n.install_translators(app, "zh_CN", tmp_path / "cache")
    try:
        [qm] = (tmp_path / "cache").rglob("hearth.qm")
        qm.write_bytes(b"\0" * 64)  # rewritten in place, as lrelease does
        assert QCoreApplication.translate("LanguageMenu", "&Language") == "语言(&L)"
    finally:
        for translator in installed:
            app.removeTranslator(translator)
        QLocale.setDefault(previous)
