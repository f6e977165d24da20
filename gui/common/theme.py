"""Light and dark: the two palettes, which of them applies, and the style sheet of each.

Qt's styles draw with the application palette, and ``assets/style.qss`` colours the
surfaces of our own (message bubbles, banners); ``assets/style_dark.qss`` overrides
those for the dark scheme. Both palettes are ours rather than the platform's, so the
contrast of every text/background pair is known (tests/gui/test_theme.py holds them
to WCAG AA) and the same on every desktop.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette

from assets import asset


class ThemeChoice(StrEnum):
    """What the user picked in Settings → Appearance (stored in AppSettings.theme)."""

    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


class Scheme(StrEnum):
    """The colours in effect."""

    LIGHT = "light"
    DARK = "dark"


def parse_choice(value: str) -> ThemeChoice:
    """The stored choice; anything unknown (a hand-edited settings file) follows the
    system."""
    try:
        return ThemeChoice(value)
    except ValueError:
        return ThemeChoice.SYSTEM


def resolve_scheme(choice: ThemeChoice, system: Qt.ColorScheme) -> Scheme:
    """The scheme to show: the user's pick, or the system's (light when it says none)."""
    if choice == ThemeChoice.LIGHT:
        return Scheme.LIGHT
    if choice == ThemeChoice.DARK:
        return Scheme.DARK
    return Scheme.DARK if system == Qt.ColorScheme.Dark else Scheme.LIGHT


@dataclass(frozen=True)
class PaletteColours:
    """One colour per QPalette role (the Active and Inactive groups), plus the
    Disabled group's text.

    In the dark scheme, text boxes and buttons are lighter than the window: Fusion
    outlines them in the window's colour made darker, which only shows against a
    lighter fill."""

    window: str
    window_text: str
    base: str
    alternate_base: str
    text: str
    button: str
    button_text: str
    bright_text: str
    highlight: str
    highlighted_text: str
    link: str
    link_visited: str
    placeholder_text: str
    tool_tip_base: str
    tool_tip_text: str
    light: str
    midlight: str
    mid: str
    dark: str
    shadow: str
    accent: str
    disabled_text: str


LIGHT_COLOURS = PaletteColours(
    window="#efefef",
    window_text="#1d1d1f",
    base="#ffffff",
    alternate_base="#f5f5f7",
    text="#1d1d1f",
    button="#efefef",
    button_text="#1d1d1f",
    bright_text="#ffffff",
    highlight="#2f65ca",
    highlighted_text="#ffffff",
    link="#1a5fb4",
    link_visited="#7b3fb0",
    placeholder_text="#66666b",
    tool_tip_base="#ffffdc",
    tool_tip_text="#1d1d1f",
    light="#ffffff",
    midlight="#e3e3e3",
    mid="#b8b8b8",
    dark="#9f9f9f",
    shadow="#767676",
    accent="#2f65ca",
    disabled_text="#8e8e93",
)

DARK_COLOURS = PaletteColours(
    window="#1f2023",
    window_text="#e8e8e8",
    base="#2a2b2f",
    alternate_base="#313238",
    text="#e8e8e8",
    button="#35373c",
    button_text="#e8e8e8",
    bright_text="#ffffff",
    highlight="#2f5fb3",
    highlighted_text="#ffffff",
    link="#8ab4f8",
    link_visited="#c39af5",
    placeholder_text="#9aa0a6",
    tool_tip_base="#35373c",
    tool_tip_text="#e8e8e8",
    light="#3a3c41",
    midlight="#303237",
    mid="#55585f",
    dark="#101113",
    shadow="#000000",
    accent="#2f5fb3",
    disabled_text="#7c8087",
)

_ROLES: dict[str, QPalette.ColorRole] = {
    "window": QPalette.ColorRole.Window,
    "window_text": QPalette.ColorRole.WindowText,
    "base": QPalette.ColorRole.Base,
    "alternate_base": QPalette.ColorRole.AlternateBase,
    "text": QPalette.ColorRole.Text,
    "button": QPalette.ColorRole.Button,
    "button_text": QPalette.ColorRole.ButtonText,
    "bright_text": QPalette.ColorRole.BrightText,
    "highlight": QPalette.ColorRole.Highlight,
    "highlighted_text": QPalette.ColorRole.HighlightedText,
    "link": QPalette.ColorRole.Link,
    "link_visited": QPalette.ColorRole.LinkVisited,
    "placeholder_text": QPalette.ColorRole.PlaceholderText,
    "tool_tip_base": QPalette.ColorRole.ToolTipBase,
    "tool_tip_text": QPalette.ColorRole.ToolTipText,
    "light": QPalette.ColorRole.Light,
    "midlight": QPalette.ColorRole.Midlight,
    "mid": QPalette.ColorRole.Mid,
    "dark": QPalette.ColorRole.Dark,
    "shadow": QPalette.ColorRole.Shadow,
    "accent": QPalette.ColorRole.Accent,
}


def colours_for(scheme: Scheme) -> PaletteColours:
    return DARK_COLOURS if scheme == Scheme.DARK else LIGHT_COLOURS


def build_palette(scheme: Scheme) -> QPalette:
    """The application palette of ``scheme``."""
    colours = colours_for(scheme)
    palette = QPalette()
    for field in fields(PaletteColours):
        role = _ROLES.get(field.name)
        if role is not None:
            palette.setColor(role, QColor(getattr(colours, field.name)))
    disabled = QColor(colours.disabled_text)
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.PlaceholderText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    palette.setColor(
        QPalette.ColorGroup.Disabled, QPalette.ColorRole.Highlight, QColor(colours.mid)
    )
    return palette


def style_sheet(scheme: Scheme) -> str:
    """The application style sheet of ``scheme``: the shared rules, then the dark
    scheme's colours over them."""
    parts = [asset("style.qss").read_text(encoding="utf-8")]
    if scheme == Scheme.DARK:
        parts.append(asset("style_dark.qss").read_text(encoding="utf-8"))
    return "\n".join(parts)


# Fusion outlines check boxes and radio buttons in the window colour made darker (140 %),
# nearly black on a dark window and pale grey on a light one: they get a "window" of
# their own whose darker shade stands out 3:1 from the real window (WCAG's ratio for
# the parts of a control).
_INDICATOR_OUTLINE_WINDOW = {Scheme.DARK: "#a4a9b1", Scheme.LIGHT: "#bdbdbd"}


def indicator_palette(scheme: Scheme) -> QPalette:
    """The palette of check boxes and radio buttons in ``scheme``: the application's,
    with the window colour their outline is drawn from changed (see above)."""
    palette = build_palette(scheme)
    window = _INDICATOR_OUTLINE_WINDOW.get(scheme)
    if window is not None:
        palette.setColor(QPalette.ColorRole.Window, QColor(window))
    return palette
