"""Light and dark: the system's scheme is followed unless the user picks one, a switch
re-styles the open widgets at once, and every main text/background pair meets WCAG AA
(4.5:1) in both schemes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontDatabase, QPalette, QTextDocument, QTextLayout
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QLabel,
    QListView,
    QMenu,
    QProgressBar,
    QTextBrowser,
    QWidget,
)
from pytestqt.qtbot import QtBot
from shiboken6 import Shiboken

from assets import asset
from engine.common.preferences import AppSettingsStore
from engine.llm.messages import Role
from gui.chat.message_widget import MessageWidget
from gui.chat.thought_section import ThoughtSection
from gui.chat.transcript_model import TranscriptMessage
from gui.common.appearance import AppearanceController
from gui.common.dialogs import NoticeBanner
from gui.common.markdown_render import (
    DARK_CODE_STYLE,
    LIGHT_CODE_STYLE,
    code_colours,
    render_markdown,
)
from gui.common.theme import Scheme, ThemeChoice
from tests.gui.i18n_check import visible_english

AA = 4.5
Shown = TypeVar("Shown", bound=QWidget)
CODE_REPLY = "Here:\n\n```python\ndef add(a, b):\n    return a + b  # 'sum' 42\n```\n"
GENERIC_FAMILIES = {"sans-serif", "serif", "monospace", "cursive", "fantasy", "system-ui"}


def contrast_ratio(first: QColor, second: QColor) -> float:
    """WCAG 2.x contrast ratio of two opaque colours, from 1 to 21.

    Written out here (the WCAG formula: relative luminance of linearised sRGB, then
    (L1 + 0.05) / (L2 + 0.05)) because no maintained library for it is installed.
    """

    def luminance(colour: QColor) -> float:
        def linear(channel: float) -> float:
            if channel <= 0.04045:
                return channel / 12.92
            return float(((channel + 0.055) / 1.055) ** 2.4)

        return (
            0.2126 * linear(colour.redF())
            + 0.7152 * linear(colour.greenF())
            + 0.0722 * linear(colour.blueF())
        )

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_ratio_matches_the_wcag_reference_values() -> None:
    assert contrast_ratio(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast_ratio(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio(QColor("#ffffff"), QColor("#ffffff")) == pytest.approx(1.0)


@pytest.fixture
def system() -> list[Qt.ColorScheme]:
    """The desktop's colour scheme as the controller reads it (the offscreen platform
    has none of its own)."""
    return [Qt.ColorScheme.Light]


@pytest.fixture
def appearance(
    qapp: QApplication, tmp_path: Path, system: list[Qt.ColorScheme]
) -> Iterator[AppearanceController]:
    palette, sheet = qapp.palette(), qapp.styleSheet()
    controller = AppearanceController(
        qapp, AppSettingsStore(tmp_path), system_scheme=lambda: system[0]
    )
    yield controller
    Shiboken.delete(controller)
    qapp.styleHints().unsetColorScheme()
    qapp.setPalette(palette)
    qapp.setStyleSheet(sheet)


def _shown(qtbot: QtBot, widget: Shown) -> Shown:
    qtbot.addWidget(widget)
    widget.show()
    widget.ensurePolished()
    return widget


def _colour(widget: QWidget, role: QPalette.ColorRole) -> QColor:
    widget.ensurePolished()
    return widget.palette().color(role)


def _last_rule_colour(sheet: str, selector: str, prop: str) -> QColor:
    """The colour the last rule for ``selector`` in ``sheet`` gives ``prop`` (the dark
    scheme's rules come after the light ones)."""
    rules = re.findall(re.escape(selector) + r"\s*\{([^}]*)\}", sheet)
    values = [m.group(1) for r in rules for m in [re.search(prop + r":\s*(#\w+)", r)] if m]
    assert values, f"no {prop} for {selector}"
    return QColor(values[-1])


def _pairs(qtbot: QtBot, qapp: QApplication) -> dict[str, tuple[QColor, QColor]]:
    """Each main text colour and the background it is read on, as the widgets have
    them after the style sheet polished them."""
    W = QPalette.ColorRole
    palette = qapp.palette()
    pairs = {
        "window text": (palette.color(W.WindowText), palette.color(W.Window)),
        "text in edits": (palette.color(W.Text), palette.color(W.Base)),
        "text on alternate rows": (palette.color(W.Text), palette.color(W.AlternateBase)),
        "buttons": (palette.color(W.ButtonText), palette.color(W.Button)),
        "selection": (palette.color(W.HighlightedText), palette.color(W.Highlight)),
        "links": (palette.color(W.Link), palette.color(W.Base)),
        "visited links": (palette.color(W.LinkVisited), palette.color(W.Base)),
        "placeholder": (palette.color(W.PlaceholderText), palette.color(W.Base)),
        "tooltips": (palette.color(W.ToolTipText), palette.color(W.ToolTipBase)),
    }
    for name in ("noticeBanner", "modelsNotice"):
        banner = _shown(qtbot, NoticeBanner(name))
        pairs[name] = (_colour(banner, W.WindowText), _colour(banner, W.Window))
    for role in (Role.USER, Role.ASSISTANT):
        message = TranscriptMessage(role, "Hello 你好", author="You")
        widget = _shown(qtbot, MessageWidget(message))
        bubble = _colour(widget, W.Window)
        pairs[f"{role} message"] = (_colour(widget.body, W.Text), bubble)
        pairs[f"{role} author"] = (_colour(widget.author, W.WindowText), bubble)
        pairs[f"{role} footer"] = (_colour(widget.footer, W.WindowText), bubble)
        pairs[f"{role} links"] = (palette.color(W.Link), bubble)
        for button in widget.findChildren(
            QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
        ):
            if button.metaObject().className() == "QToolButton" and button.isVisible():
                pairs[f"{role} buttons"] = (_colour(button, W.ButtonText), bubble)
    thought = ThoughtSection()
    assistant = _shown(qtbot, MessageWidget(TranscriptMessage(Role.ASSISTANT, "x")))
    thought.setParent(assistant)
    thought.show()
    pairs["thinking"] = (_colour(thought.body, W.Text), _colour(assistant, W.Window))
    listing = QListView()
    listing.setObjectName("conversationList")
    _shown(qtbot, listing)
    pairs["conversation list"] = (_colour(listing, W.Text), _colour(listing, W.Base))
    for name, prop in (("remoteNote", None), ("downloadStatus", "failed")):
        label = QLabel("Remote")
        label.setObjectName(name)
        if prop:
            label.setProperty(prop, True)
        _shown(qtbot, label)
        pairs[name] = (_colour(label, W.WindowText), palette.color(W.Window))
    meter = _shown(qtbot, QProgressBar())
    meter.setObjectName("contextMeter")
    meter.setProperty("warning", False)
    meter.style().polish(meter)
    pairs["meter over its bar"] = (palette.color(W.HighlightedText), palette.color(W.Highlight))
    pairs["meter beside its bar"] = (_colour(meter, W.Text), _colour(meter, W.Base))
    meter.setProperty("warning", True)
    meter.style().unpolish(meter)
    meter.style().polish(meter)
    chunk = _last_rule_colour(
        qapp.styleSheet(), 'QProgressBar#contextMeter[warning="true"]::chunk', "background"
    )
    pairs["full meter over its bar"] = (_colour(meter, W.Text), chunk)
    pairs["full meter beside its bar"] = (_colour(meter, W.Text), _colour(meter, W.Base))
    return pairs


@pytest.mark.parametrize("choice", [ThemeChoice.LIGHT, ThemeChoice.DARK])
def test_main_text_and_background_pairs_meet_wcag_aa(
    qtbot: QtBot, qapp: QApplication, appearance: AppearanceController, choice: ThemeChoice
) -> None:
    appearance.set_choice(choice)
    failing = {
        name: round(contrast_ratio(text, background), 2)
        for name, (text, background) in _pairs(qtbot, qapp).items()
        if contrast_ratio(text, background) < AA
    }
    assert failing == {}


@pytest.mark.parametrize("style_name", [LIGHT_CODE_STYLE, DARK_CODE_STYLE])
def test_every_code_colour_meets_wcag_aa_on_its_block(style_name: str) -> None:
    from pygments.styles import get_style_by_name

    background, text = code_colours(style_name)
    assert contrast_ratio(text, background) >= AA
    for token, style in get_style_by_name(style_name):
        # Whitespace is never drawn (the renderer skips blank tokens).
        if style["color"] and "Whitespace" not in str(token):
            ratio = contrast_ratio(QColor(f"#{style['color']}"), background)
            assert ratio >= AA, (str(token), style["color"], round(ratio, 2))


def test_a_switch_restyles_open_widgets_and_is_remembered(
    qtbot: QtBot, qapp: QApplication, appearance: AppearanceController, tmp_path: Path
) -> None:
    widget = _shown(qtbot, MessageWidget(TranscriptMessage(Role.USER, "Hi")))
    light_bubble = _colour(widget, QPalette.ColorRole.Window)
    light_text = _colour(widget.body, QPalette.ColorRole.Text)
    with qtbot.waitSignal(appearance.scheme_changed) as changed:
        appearance.theme_actions[ThemeChoice.DARK].trigger()
    assert changed.args == ["dark"]
    assert str(appearance.scheme) == Scheme.DARK
    dark_bubble = _colour(widget, QPalette.ColorRole.Window)
    assert dark_bubble.lightnessF() < 0.3 < light_bubble.lightnessF()
    assert _colour(widget.body, QPalette.ColorRole.Text).lightnessF() > light_text.lightnessF()
    assert qapp.palette().color(QPalette.ColorRole.Window).lightnessF() < 0.3
    assert AppSettingsStore(tmp_path).load().theme == "dark"

    # The next start reads the choice back.
    again = AppearanceController(qapp, AppSettingsStore(tmp_path))
    assert again.choice == ThemeChoice.DARK
    assert again.theme_actions[ThemeChoice.DARK].isChecked()
    Shiboken.delete(again)


def test_the_system_scheme_is_followed_until_the_user_picks_one(
    qtbot: QtBot,
    qapp: QApplication,
    appearance: AppearanceController,
    system: list[Qt.ColorScheme],
) -> None:
    assert appearance.choice == ThemeChoice.SYSTEM
    assert str(appearance.scheme) == Scheme.LIGHT
    system[0] = Qt.ColorScheme.Dark
    with qtbot.waitSignal(appearance.scheme_changed):
        qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert str(appearance.scheme) == Scheme.DARK
    assert qapp.palette().color(QPalette.ColorRole.Base).lightnessF() < 0.3

    appearance.set_choice(ThemeChoice.LIGHT)
    assert str(appearance.scheme) == Scheme.LIGHT
    with qtbot.assertNotEmitted(appearance.scheme_changed):
        qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert str(appearance.scheme) == Scheme.LIGHT

    appearance.set_choice(ThemeChoice.SYSTEM)
    assert str(appearance.scheme) == Scheme.DARK


def test_an_unknown_stored_theme_follows_the_system(qapp: QApplication, tmp_path: Path) -> None:
    store = AppSettingsStore(tmp_path)
    store.update(theme="purple")
    controller = AppearanceController(qapp, store, system_scheme=lambda: Qt.ColorScheme.Light)
    try:
        assert controller.choice == ThemeChoice.SYSTEM
        assert controller.theme_actions[ThemeChoice.SYSTEM].isChecked()
    finally:
        Shiboken.delete(controller)


def _code_block_colours(document: QTextDocument) -> tuple[QColor, QColor]:
    """The background of the code line with ``return`` and the colour of its plain
    text (the indentation before the keyword)."""
    block = document.begin()
    while block.isValid() and "return" not in block.text():
        block = block.next()
    first = block.begin().fragment()
    assert first.text().isspace()
    return block.blockFormat().background().color(), first.charFormat().foreground().color()


def test_code_blocks_take_the_scheme_in_effect_and_keep_their_own(
    appearance: AppearanceController,
) -> None:
    light = QTextDocument()
    render_markdown(light, CODE_REPLY)
    appearance.set_choice(ThemeChoice.DARK)
    dark = QTextDocument()
    render_markdown(dark, CODE_REPLY)
    light_background, light_text = _code_block_colours(light)
    dark_background, dark_text = _code_block_colours(dark)
    assert (light_background, light_text) == code_colours(LIGHT_CODE_STYLE)
    assert (dark_background, dark_text) == code_colours(DARK_CODE_STYLE)
    assert light_background.lightnessF() > 0.9 and dark_background.lightnessF() < 0.2
    # A reply rendered in the light scheme keeps readable code after the switch: its
    # block names its own text colour instead of taking the (now light) palette's.
    assert contrast_ratio(light_text, light_background) >= AA


def test_replies_on_screen_take_the_new_schemes_code_colours(
    qtbot: QtBot, appearance: AppearanceController
) -> None:
    """A switch (or a saved dark theme applied at start-up over a conversation already
    shown) renders code blocks on screen again in the new scheme, not white boxes."""
    appearance.set_choice(ThemeChoice.LIGHT)
    widget = _shown(qtbot, MessageWidget(TranscriptMessage(Role.ASSISTANT, CODE_REPLY)))
    assert _code_block_colours(widget.body.document()) == code_colours(LIGHT_CODE_STYLE)
    appearance.set_choice(ThemeChoice.DARK)
    assert _code_block_colours(widget.body.document()) == code_colours(DARK_CODE_STYLE)
    appearance.set_choice(ThemeChoice.LIGHT)
    assert _code_block_colours(widget.body.document()) == code_colours(LIGHT_CODE_STYLE)


def test_style_sheet_fonts_end_with_a_generic_family() -> None:
    for name in ("style.qss", "style_dark.qss"):
        sheet = asset(name).read_text(encoding="utf-8")
        for families in re.findall(r"font-family:\s*([^;]+);", sheet):
            last = families.split(",")[-1].strip().strip("\"'")
            assert last in GENERIC_FAMILIES, (name, families)


@pytest.mark.parametrize("choice", [ThemeChoice.LIGHT, ThemeChoice.DARK])
def test_chinese_text_in_a_reply_finds_a_font(
    qtbot: QtBot, appearance: AppearanceController, choice: ThemeChoice
) -> None:
    if not QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        pytest.skip("no Chinese font on this machine")
    appearance.set_choice(choice)
    widget = _shown(qtbot, MessageWidget(TranscriptMessage(Role.ASSISTANT, "翻译记忆 and 术语表")))
    body: QTextBrowser = widget.body
    layout = QTextLayout("翻译记忆 and 术语表", body.document().defaultFont())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    glyphs = [index for run in layout.glyphRuns() for index in run.glyphIndexes()]
    assert glyphs and 0 not in glyphs  # glyph 0 is the missing-glyph box


@pytest.mark.usefixtures("zh_cn")
def test_the_appearance_menu_and_zoom_actions_read_in_chinese(
    qapp: QApplication, tmp_path: Path
) -> None:
    palette, sheet = qapp.palette(), qapp.styleSheet()
    controller = AppearanceController(qapp, AppSettingsStore(tmp_path))
    try:
        menu = QMenu()
        menu.addMenu(controller.menu)
        menu.addActions(list(controller.view_actions))
        assert controller.menu.title() == "外观(&A)"
        assert visible_english(menu) == []
    finally:
        Shiboken.delete(controller)
        qapp.setPalette(palette)
        qapp.setStyleSheet(sheet)


def _link_colour(widget: MessageWidget) -> QColor:
    block = widget.body.document().begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fmt = fragments.fragment().charFormat()
            if fmt.isAnchor() and fmt.anchorHref().startswith("https:"):
                return fmt.foreground().color()
            fragments += 1
        block = block.next()
    raise AssertionError("no link in the reply")


def test_links_already_shown_take_the_new_scheme(
    qtbot: QtBot, qapp: QApplication, appearance: AppearanceController
) -> None:
    message = TranscriptMessage(Role.ASSISTANT, "See [the docs](https://example.com).")
    widget = _shown(qtbot, MessageWidget(message))
    assert _link_colour(widget) == qapp.palette().color(QPalette.ColorRole.Link)
    appearance.set_choice(ThemeChoice.DARK)
    dark_link = qapp.palette().color(QPalette.ColorRole.Link)
    assert _link_colour(widget) == dark_link
    assert contrast_ratio(dark_link, _colour(widget, QPalette.ColorRole.Window)) >= AA


@pytest.mark.parametrize("choice", [ThemeChoice.LIGHT, ThemeChoice.DARK])
def test_check_boxes_are_outlined_visibly(
    qtbot: QtBot, appearance: AppearanceController, choice: ThemeChoice
) -> None:
    """Fusion draws a check box's outline as its window colour made darker: in dark it
    must still stand out from the dialog behind it (it was nearly black on black)."""
    appearance.set_choice(choice)
    box = _shown(qtbot, QCheckBox("Allow other computers"))
    outline = box.palette().color(QPalette.ColorRole.Window).darker(140)
    behind = QApplication.palette().color(QPalette.ColorRole.Window)
    assert contrast_ratio(outline, behind) >= 3.0  # WCAG's ratio for UI components
