"""The Translate view in Simplified Chinese and for assistive technology: its texts,
language names and flag reasons translated, every control named, the end of a run
announced, and Ctrl+Enter left to an input method that is composing."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from engine.translation.checks import INVENTED, check_translation
from engine.translation.glossary import Glossary, GlossaryEntry
from engine.translation.job import AUTO, TOO_LONG
from engine.translation.languages import BY_CODE, LANGUAGES, Language, language
from engine.translation.memory import TranslationMemory
from gui.common.announce import observe_announcements
from gui.inference.controller import InferenceController
from gui.translate.flag_reasons import reason_text
from gui.translate.language_names import NAMES, language_label, pair_label
from gui.translate.segments_panel import STATUS, TRANSLATION
from gui.translate.translate_view import TranslateView
from tests.gui.conftest import open_translate_view
from tests.gui.i18n_check import ROOT, is_english, unnamed_focusable, visible_english

TS = ROOT / "assets" / "i18n" / "zh_CN" / "hearth.ts"
_CJK = re.compile(r"[\u4e00-\u9fff]")
_PLACEHOLDER = re.compile(r"\{[a-z_]*\}|%L?n")


def _messages() -> list[tuple[str, ET.Element]]:
    root = ET.parse(TS).getroot()
    return [
        (context.findtext("name", ""), message)
        for context in root.iter("context")
        for message in context.findall("message")
    ]


def test_the_ts_file_is_complete_and_keeps_every_placeholder() -> None:
    messages = _messages()
    assert len(messages) > 150
    for context, message in messages:
        source = message.findtext("source", "")
        translation = message.find("translation")
        assert translation is not None
        assert translation.get("type") is None, (context, source)
        forms = [f.text or "" for f in translation.findall("numerusform")]
        texts = forms if message.get("numerus") == "yes" else [translation.text or ""]
        assert texts and all(texts), (context, source)
        for text in texts:
            assert sorted(_PLACEHOLDER.findall(text)) == sorted(_PLACEHOLDER.findall(source)), (
                context,
                source,
                text,
            )


def test_every_engine_language_has_a_translated_name() -> None:
    assert set(NAMES) == {lang.code for lang in LANGUAGES}
    for lang in LANGUAGES:
        assert NAMES[lang.code] == lang.name
    named = {
        message.findtext("source", ""): message.findtext("translation", "")
        for context, message in _messages()
        if context == "Languages"
    }
    for lang in LANGUAGES:
        assert _CJK.search(named[lang.name]), lang.name


def _reasons(
    source: str, output: str, src: Language, tgt: Language, said: str, **kwargs: Any
) -> list[str]:
    """The reasons of the checks on ``output``, the detector sure it reads as ``said``."""
    return [
        f.reason
        for f in check_translation(
            source,
            output,
            src,
            tgt,
            identify=lambda _text: said,
            confidence=lambda _text, _code: 1.0,
            **kwargs,
        )
    ]


def _engine_reasons() -> list[str]:
    """Flag reasons as the engine writes them, produced by its own checks."""
    fr, en = language("fr"), language("en")
    glossary = Glossary(
        (
            GlossaryEntry("server", "serveur"),
            GlossaryEntry("machine", "appareil"),
            GlossaryEntry("Hearth", ""),
        )
    )
    source = "Is the server called Hearth running on this machine right now, do you think?"
    reasons = [
        f.reason
        for f in check_translation(
            source,
            "Le serveur → marche.",
            en,
            fr,
            glossary=glossary,
            dropped=["⟦1⟧"],
            identify=lambda _text: None,
            confidence=lambda _text, _code: 0.0,
        )
    ]
    reasons += _reasons(
        "The weather is very nice today in the whole country.",
        "The weather is very nice today in the whole country.",
        en,
        fr,
        "en",
    )
    reasons += _reasons(
        "Good morning, how are you doing today my friend.",
        "Hello my friend, how are you doing on this fine day.",
        en,
        language("ru"),
        "en",
    )
    reasons += _reasons(
        "Chacune correspond à un stade différent du développement.",
        "Each has a different train station.",
        fr,
        en,
        "en",
        examples=[("Où est la gare la plus proche ?", "Where is the nearest train station?")],
    )
    reasons += _reasons(
        "The sign by the door said 出口, which means exit.",
        "Le panneau près de la porte disait sortie, ce qui signifie sortie.",
        en,
        fr,
        "fr",
    )
    reasons += _reasons(
        "相对于符号链接，硬链接不能脱离被链接文件。",
        "Hard links cannot脱离 the linked file.",
        language("zh"),
        en,
        "en",
    )
    reasons += _reasons(
        "Download the latest release from https://example.org/r and read the notes.",
        "Copiez chaque placeholder (https://example.org/r) unchanged into its place.",
        en,
        fr,
        "fr",
        verbatim=("https://example.org/r",),
    )
    reasons += _reasons(
        "My sister watches Stranger Things on Netflix every Friday night.",
        "Mi dispiace, ma non posso fornire informazioni sugli episodi di Stranger Things.",
        en,
        language("it"),
        "it",
    )
    reasons += _reasons(
        "Il a oublié son parapluie au bureau.",
        "The text was left in French: “parapluie”.",
        fr,
        en,
        "en",
        retry=True,
    )
    reasons += _reasons(
        "Il a oublié son parapluie au bureau.",
        "Ha dimenticato il suo ombrello in ufficio.",
        fr,
        en,
        "en",
    )
    reasons += _reasons(
        "Don't go in the kitchen, the floor is still wet!",
        "N'entre pas dans le kitchen, le sol est encore mouillé !",
        en,
        fr,
        "fr",
    )
    reasons += _reasons(
        "Keep this medicine out of the reach of children.",
        "Halten Sie dieses药品 von Kindern fern.",
        en,
        language("de"),
        "de",
    )
    reasons += _reasons(
        "Let me know if you need anything else.",
        "¿Podrías decirme algo más?",
        en,
        language("es"),
        "es",
    )
    reasons += _reasons(
        "What time is it, and where is the station?",
        "Quelle heure est-il, et o\ufffd est la gare ?",
        en,
        fr,
        "fr",
    )
    reasons += _reasons(
        "The cat of the house sleeps in the sun every afternoon.",
        "Le chat" + " de la maison" * 5,
        en,
        fr,
        "fr",
    )
    reasons += _reasons(
        "Thank you for your help, I really appreciate it.",
        "¡De nada! Me alegra que te haya ayudado.",
        en,
        language("es"),
        "es",
    )
    for numbers in ("in 1998", "in 1998 and sold 2,500 bikes"):
        reasons += _reasons(
            f"The shop on the corner was founded {numbers}.",
            "Le magasin du coin a été fondé.",
            en,
            fr,
            "fr",
        )
    reasons += _reasons(
        "The appointment is on Tuesday at ten, my friend.",
        "Le rendez-vous est à dix heures, mon ami.",
        en,
        fr,
        "fr",
    )
    for wrong in (
        "I'll get back to you by Friday, my friend.",
        "I'll get back to you soon, my friend.",
    ):
        reasons += _reasons(wrong, "Je vous répondrai lundi ou mardi, mon ami.", en, fr, "fr")
    for added in ("le 5 juillet", "le 5 juillet 2018"):
        reasons += _reasons(
            "I'll get back to you by Friday, my friend.",
            f"Je vous répondrai {added}, mon ami.",
            en,
            fr,
            "fr",
        )
    reasons += _reasons("The event engine starts.", "Le moteur événementnel démarre.", en, fr, "fr")
    return reasons


# The reasons engine.translation.job writes itself (not through a check).
JOB_NOTES = (
    "the model returned no translation",
    "the model returned no translation; the source text is kept",
    "the model wrote more than a translation; the extra lines were cut",
    "the translation reached the length limit and may be incomplete",
    "a placeholder (⟦…⟧) is broken in this translation; edit it",
    "the translation is in French (also after a retry)",
    INVENTED,
    "“samedi” was changed to “dimanche”, the day the text names",
    "“avril” was changed to “octobre”, the month the text names",
    TOO_LONG + "; the source text is kept",
)


@pytest.mark.usefixtures("zh_cn")
def test_flag_reasons_are_shown_in_chinese() -> None:
    reasons = _engine_reasons()
    kinds = " ".join(reasons)
    for expected in (
        "question mark",
        "much shorter",
        "glossary instructions",
        "placeholder instructions",
        "spoke as an assistant",
        "over and over",
        "broken character",
        "retry instructions",
        "left in English: “kitchen”",
        "no French word list, perhaps made up: “événementnel”",
        "should be",
        "should stay",
        "keeps as written: “⟦1⟧”",
        "untranslated, in English",
        "not in Russian",
        "in Italian, not English",
        "from the example sentences",
        "answered the thanks",
        "leaves out the number 1998",
        "leaves out the numbers 1998, 2,500",
        "adds the number 5, which",
        "adds the numbers 5, 2018, which",
        "names “lundi” where the text has “vendredi”",
        "names “mardi”, which the text does not",
        "leaves out the day “Tuesday”",
        "another writing system: “药品”",
        "writes in another writing system: “出口”",
        "statement came back as a question",
    ):
        assert expected in kinds, f"the engine's checks gave no {expected!r} reason"
    for reason in (*reasons, *JOB_NOTES):
        shown = reason_text(reason)
        assert not is_english(shown), (reason, shown)
    assert reason_text("“server” should be “serveur”") == "“server”应译为“serveur”"
    assert reason_text("the translation is not in Russian") == "译文不是俄语"
    assert reason_text("the translation is in Italian, not English") == "译文是意大利语，而不是英语"
    assert reason_text("something new (also after a retry)").startswith("something new")


def test_flag_reasons_stay_english_without_a_translation() -> None:
    for reason in (*_engine_reasons(), *JOB_NOTES):
        assert reason_text(reason) == reason


@pytest.fixture
def chinese_view(
    zh_cn: None, qtbot: QtBot, controller: InferenceController, memory: TranslationMemory
) -> TranslateView:
    view = open_translate_view(qtbot, controller, memory)
    view.resize(1100, 760)
    return view


def _model_labels(view: TranslateView) -> list[str]:
    combo = view.model_combo
    return [combo.itemText(i) for i in range(1, combo.count())] + [combo.toolTip()]


def test_the_view_shows_no_english_in_chinese(chinese_view: TranslateView, tmp_path: Path) -> None:
    view = chinese_view
    view.set_pair("en", "fr")
    document = tmp_path / "notes.md"
    document.write_text("Good morning.\n\nSleep well.\n", encoding="utf-8")
    assert view.open_document(document)
    assert view.document_label.text() == "notes.md：2 个句段（markdown）"
    assert view.close_document_button.isVisible()
    view.action_bar.save_button.click()  # nothing translated: says so, no dialog
    assert view.status.text() == "还没有译文。"
    allowed = [*_model_labels(view), view.source_edit.toPlainText()]
    for tab in range(view.tabs.count()):
        view.tabs.setCurrentIndex(tab)
        assert visible_english(view, allowed) == [], view.tabs.tabText(tab)
    assert view.translate_button.text() == "翻译"
    assert [view.tabs.tabText(i) for i in range(3)] == ["句段", "术语表", "翻译记忆"]


def test_language_names_are_chinese(chinese_view: TranslateView) -> None:
    view = chinese_view
    view.set_pair("en", "fr")
    source = view.pair_bar.source_combo
    items = [source.itemText(i) for i in range(source.count()) if source.itemText(i)]
    assert items[0] == "自动检测"
    assert "法语（Français）" in items and "英语" in items and "简体中文" in items
    assert view.target_combo.currentText() == "法语（Français）"
    assert language_label(BY_CODE["de"]) == "德语（Deutsch）"
    assert pair_label("en>fr") == "英语 → 法语"
    assert view.glossary_panel.label.text() == "英语 → 法语：0 个术语"
    view.pair_bar.set_detected("de")
    assert source.itemText(0) == "自动检测（德语）"
    # Each picker is as wide as its Chinese label (wider characters than an "X").
    view.set_pair("auto", "zh-TW")
    view.pair_bar.set_detected("zh")
    for combo in (source, view.target_combo):
        metrics = combo.fontMetrics()
        room = combo.minimumContentsLength() * metrics.horizontalAdvance("X")
        assert room >= metrics.horizontalAdvance(combo.currentText()), combo.currentText()
    # The full list is in pinyin order, as a Chinese reader looks for a name.
    target = view.target_combo
    listed = [target.itemText(i) for i in range(target.count()) if target.itemText(i)]
    tail = listed[-len(LANGUAGES) :]
    assert tail[0] == "阿拉伯语（العربية）"
    # English order puts English before German; pinyin puts 德 (de) before 英 (ying).
    assert tail.index("德语（Deutsch）") < tail.index("英语")


def test_language_names_stay_english_without_a_translation(
    qtbot: QtBot, controller: InferenceController, memory: TranslationMemory
) -> None:
    view = open_translate_view(qtbot, controller, memory)
    view.set_pair("en", "fr")
    assert view.target_combo.currentText() == "French (Français)"
    assert pair_label("en>zh") == "English → Chinese (Simplified)"


def test_every_control_has_an_accessible_name(chinese_view: TranslateView) -> None:
    view = chinese_view
    for tab in range(view.tabs.count()):
        view.tabs.setCurrentIndex(tab)
        assert unnamed_focusable(view) == []
    assert view.source_edit.accessibleName() == "待译文本"
    assert view.output_edit.accessibleName() == "译文"
    assert view.swap_button.accessibleName() == "互换语言"
    assert view.segments_table.accessibleName() == "句段"
    assert view.memory_panel.search_edit.accessibleName() == "搜索翻译记忆"


def test_chinese_text_renders_in_the_panes(chinese_view: TranslateView, tmp_path: Path) -> None:
    view = chinese_view
    view.set_pair("zh", "en")
    view.source_edit.setPlainText("今天天气很好。我们去公园散步吧。")
    image = view.grab().toImage()
    assert not image.isNull()
    path = tmp_path / "translate_zh.png"
    assert image.save(str(path))
    metrics = view.source_edit.fontMetrics()
    for char in "今天天气很好":
        assert metrics.inFontUcs4(ord(char)) or metrics.horizontalAdvance(char) > 0


def test_ctrl_enter_waits_for_the_input_method(
    qtbot: QtBot, controller: InferenceController, memory: TranslationMemory
) -> None:
    view = open_translate_view(qtbot, controller, memory, with_library=False)
    edit = view.source_edit
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    QApplication.sendEvent(edit, QInputMethodEvent("nihao", []))
    assert edit.textCursor().block().layout().preeditAreaText() == "nihao"
    qtbot.keyClick(edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert view.status.text() == "", "Ctrl+Enter during composition did not translate"
    commit = QInputMethodEvent()
    commit.setCommitString("你好")
    QApplication.sendEvent(edit, commit)
    assert edit.toPlainText() == "你好"
    qtbot.keyClick(edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert view.status.text().startswith("Load a model first")


@pytest.fixture
def loaded_chinese_view(
    zh_cn: None,
    qtbot: QtBot,
    controller: InferenceController,
    memory: TranslationMemory,
    smollm2: Path,
) -> TranslateView:
    """The view in Chinese, over SmolLM2 loaded."""
    return open_translate_view(qtbot, controller, memory, load=smollm2)


def test_a_finished_translation_is_announced_in_chinese(
    qtbot: QtBot, loaded_chinese_view: TranslateView
) -> None:
    view = loaded_chinese_view
    view.set_pair("en", "fr")
    view.source_edit.setPlainText("Good morning.")
    with observe_announcements() as heard:
        qtbot.mouseClick(view.translate_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not view.running, timeout=120_000)
    assert view.status.text().startswith("完成：1/1 个句段")
    assert [(a.source, a.text, a.assertive) for a in heard] == [(view, view.status.text(), False)]
    status = view.segments_table.item(0, STATUS)
    translation = view.segments_table.item(0, TRANSLATION)
    assert status is not None and translation is not None
    assert status.text().removeprefix("⚠ ") in ("模型", "来自翻译记忆")
    assert translation.text()
    if status.toolTip():
        assert not is_english(status.toolTip())
    allowed = [*_model_labels(view), view.output_edit.toPlainText()]
    assert visible_english(view, allowed) == []


def test_the_refusal_of_a_text_in_the_target_language_names_it_in_chinese(
    qtbot: QtBot, loaded_chinese_view: TranslateView
) -> None:
    view = loaded_chinese_view
    view.set_pair(AUTO, "fr")
    # Auto-detect's own detection lands before the test ends (it reads the memory).
    with qtbot.waitSignal(view.detector.detected, timeout=20_000):
        view.source_edit.setPlainText("Où est la gare ?")
    qtbot.mouseClick(view.translate_button, Qt.MouseButton.LeftButton)
    status = view.status.text()
    assert "法语" in status and "French" not in status, status
    assert not is_english(status)
