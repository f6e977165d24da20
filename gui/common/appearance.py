"""Settings → Appearance and View → Zoom: the application's colours and text size,
applied live and remembered in AppSettings (``theme``, ``text_zoom``)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QColor,
    QKeySequence,
    QPalette,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QApplication, QMenu, QTextEdit

from engine.common.preferences import AppSettingsStore
from gui.common.markdown_render import text_fragments
from gui.common.theme import (
    Scheme,
    ThemeChoice,
    build_palette,
    indicator_palette,
    parse_choice,
    resolve_scheme,
    style_sheet,
)
from gui.common.zoom import ZOOM_MAX, ZOOM_MIN, clamp_zoom, zoom_rule

# The size zoom starts from when the application font is set in pixels.
_FALLBACK_POINT_SIZE = 10.0


def _shortcuts(*extra: str, standard: QKeySequence.StandardKey) -> list[QKeySequence]:
    """``extra`` then the platform's own keys for ``standard``, each once."""
    keys = [QKeySequence(text) for text in extra]
    for key in QKeySequence.keyBindings(standard):
        if key not in keys:
            keys.append(key)
    return keys


class AppearanceController(QObject):
    """Light or dark (following the system's colour scheme unless the user picks one)
    and the zoom of the text views, for the whole application.

    ``menu`` is Settings → Appearance (Follow System / Light / Dark); ``view_actions``
    are View's Zoom In (Ctrl+= and Ctrl++), Zoom Out (Ctrl+-) and Actual Size (Ctrl+0).
    Both take effect at once, on every window, and are saved in the settings store.

    Signals:
        scheme_changed(str): the colours in effect changed to "light" or "dark" (the
            user's choice, or the system's scheme while following it).
        text_zoom_changed(int): the zoom step (points from the default) changed.
    """

    scheme_changed = Signal(str)
    text_zoom_changed = Signal(int)

    def __init__(
        self,
        app: QApplication,
        settings: AppSettingsStore,
        parent: QObject | None = None,
        *,
        system_scheme: Callable[[], Qt.ColorScheme] | None = None,
    ) -> None:
        """``system_scheme`` reads the desktop's colour scheme (by default Qt's
        ``styleHints().colorScheme()``, re-read when it reports a change)."""
        super().__init__(parent)
        self._app = app
        self._system_scheme = system_scheme or app.styleHints().colorScheme
        self._settings = settings
        stored = settings.load()
        self._choice = parse_choice(stored.theme)
        self._zoom = clamp_zoom(stored.text_zoom)
        size = app.font().pointSizeF()
        self._base_point_size = size if size > 0 else _FALLBACK_POINT_SIZE
        self._scheme: Scheme | None = None
        self._setting_hints = False

        self.menu = QMenu(self.tr("&Appearance"))
        self.menu.setObjectName("appearanceMenu")
        group = QActionGroup(self)
        group.setExclusive(True)
        labels = {
            ThemeChoice.SYSTEM: self.tr("Follow &System"),
            ThemeChoice.LIGHT: self.tr("&Light"),
            ThemeChoice.DARK: self.tr("&Dark"),
        }
        self.theme_actions: dict[ThemeChoice, QAction] = {}
        for choice, label in labels.items():
            action = QAction(label, self)
            action.setObjectName(f"theme{choice.value.capitalize()}Action")
            action.setCheckable(True)
            action.setData(choice.value)
            action.setChecked(choice == self._choice)
            action.triggered.connect(self._on_theme_action_triggered)
            group.addAction(action)
            self.menu.addAction(action)
            self.theme_actions[choice] = action

        self.zoom_in_action = QAction(self.tr("Zoom &In"), self)
        self.zoom_in_action.setObjectName("zoomInAction")
        self.zoom_in_action.setShortcuts(
            _shortcuts("Ctrl+=", "Ctrl++", standard=QKeySequence.StandardKey.ZoomIn)
        )
        self.zoom_in_action.triggered.connect(self.zoom_in)
        self.zoom_out_action = QAction(self.tr("Zoom &Out"), self)
        self.zoom_out_action.setObjectName("zoomOutAction")
        self.zoom_out_action.setShortcuts(
            _shortcuts("Ctrl+-", standard=QKeySequence.StandardKey.ZoomOut)
        )
        self.zoom_out_action.triggered.connect(self.zoom_out)
        self.zoom_reset_action = QAction(self.tr("&Actual Size"), self)
        self.zoom_reset_action.setObjectName("zoomResetAction")
        self.zoom_reset_action.setShortcut(QKeySequence("Ctrl+0"))
        self.zoom_reset_action.triggered.connect(self.reset_zoom)
        for action in self.view_actions:
            action.setStatusTip(self.tr("Text size of the conversation and the translation"))
        app.styleHints().colorSchemeChanged.connect(self._on_style_hints_color_scheme_changed)
        self._apply_colours()
        self._update_zoom_actions()

    @property
    def view_actions(self) -> tuple[QAction, QAction, QAction]:
        """Zoom In, Zoom Out and Actual Size, for the View menu."""
        return (self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action)

    @property
    def choice(self) -> ThemeChoice:
        return self._choice

    @property
    def scheme(self) -> Scheme:
        """The colours in effect."""
        return self._scheme or Scheme.LIGHT

    @property
    def text_zoom(self) -> int:
        return self._zoom

    def set_choice(self, choice: ThemeChoice) -> None:
        """Follow the system, or show light or dark whatever it says; saved."""
        self._choice = choice
        self.theme_actions[choice].setChecked(True)
        self._settings.update(theme=choice.value)
        self._apply_colours()

    def set_text_zoom(self, step: int) -> None:
        """Show the text ``step`` points larger (smaller when negative) than the
        default, within ZOOM_MIN..ZOOM_MAX; saved."""
        step = clamp_zoom(step)
        if step == self._zoom:
            return
        self._zoom = step
        self._settings.update(text_zoom=step)
        self._app.setStyleSheet(self._style_sheet())
        self._update_zoom_actions()
        self.text_zoom_changed.emit(step)

    @Slot()
    def zoom_in(self) -> None:
        self.set_text_zoom(self._zoom + 1)

    @Slot()
    def zoom_out(self) -> None:
        self.set_text_zoom(self._zoom - 1)

    @Slot()
    def reset_zoom(self) -> None:
        self.set_text_zoom(0)

    @Slot()
    def _on_theme_action_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.set_choice(ThemeChoice(str(action.data())))

    @Slot(Qt.ColorScheme)
    def _on_style_hints_color_scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        # Our own setColorScheme call reports back here too: nothing more to do then.
        if not self._setting_hints and self._choice == ThemeChoice.SYSTEM:
            self._apply_colours()

    def _apply_colours(self) -> None:
        hints = self._app.styleHints()
        # Qt 6.8+ also tells the platform (window frames, native dialogs and menus
        # follow); older versions and platforms without it keep the system's scheme
        # there, while everything Qt draws follows our palette.
        if hasattr(hints, "setColorScheme"):
            self._setting_hints = True
            try:
                if self._choice == ThemeChoice.SYSTEM:
                    hints.unsetColorScheme()
                elif self._choice == ThemeChoice.DARK:
                    hints.setColorScheme(Qt.ColorScheme.Dark)
                else:
                    hints.setColorScheme(Qt.ColorScheme.Light)
            finally:
                self._setting_hints = False
        scheme = resolve_scheme(self._choice, self._system_scheme())
        if scheme == self._scheme:
            return
        self._scheme = scheme
        old = self._app.palette()
        new = build_palette(scheme)
        self._app.setPalette(new)
        for indicator in ("QCheckBox", "QRadioButton"):
            # PySide6 takes the class name as str; its stubs say bytes.
            self._app.setPalette(indicator_palette(scheme), indicator)  # type: ignore[arg-type]
        self._app.setStyleSheet(self._style_sheet())
        _recolour_shown_links(self._app, old, new)
        self.scheme_changed.emit(scheme.value)

    def _style_sheet(self) -> str:
        return style_sheet(self.scheme) + zoom_rule(self._base_point_size, self._zoom)

    def _update_zoom_actions(self) -> None:
        self.zoom_in_action.setEnabled(self._zoom < ZOOM_MAX)
        self.zoom_out_action.setEnabled(self._zoom > ZOOM_MIN)
        self.zoom_reset_action.setEnabled(self._zoom != 0)


def _recolour_shown_links(app: QApplication, old: QPalette, new: QPalette) -> None:
    """Give the links of the rendered text already on screen the new scheme's colour.

    Qt's Markdown reader writes the palette's link colour into each link when it reads
    it, so a reply shown before the switch would keep a light scheme's dark blue on a
    dark background. Editable boxes are left alone (no rendered links; no undo step).
    """
    colours = {
        old.color(QPalette.ColorRole.Link).rgb(): new.color(QPalette.ColorRole.Link),
        old.color(QPalette.ColorRole.LinkVisited).rgb(): new.color(QPalette.ColorRole.LinkVisited),
    }
    for widget in app.allWidgets():
        if isinstance(widget, QTextEdit) and widget.isReadOnly():
            _recolour_links(widget.document(), colours)


def _recolour_links(document: QTextDocument, colours: dict[int, QColor]) -> None:
    changes: list[tuple[int, int, QColor]] = []
    for fragment in text_fragments(document):
        fmt = fragment.charFormat()
        if fmt.isAnchor() and fmt.hasProperty(QTextCharFormat.Property.ForegroundBrush):
            colour = colours.get(fmt.foreground().color().rgb())
            if colour is not None:
                changes.append((fragment.position(), fragment.length(), colour))
    cursor = QTextCursor(document)
    for position, length, colour in changes:
        cursor.setPosition(position)
        cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
        recoloured = QTextCharFormat()
        recoloured.setForeground(colour)
        cursor.mergeCharFormat(recoloured)
