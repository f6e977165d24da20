"""Hearth's main window: a shell around the features gui/app.py builds.

It holds the menus, the toolbar, the notice banner, the Chat/Translate mode stack and
the status line; what happens inside each mode belongs to the feature shown there.
"""

from __future__ import annotations

from enum import StrEnum
from itertools import pairwise

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from gui.chat.workspace import ChatWorkspace
from gui.common.dialogs import NoticeBanner
from gui.common.shortcut_hint import plain_label, show_shortcut_in_tooltip
from gui.inference.controller import InferenceController
from gui.models.model_menu import ModelMenu
from gui.models.models_controller import ModelsController
from gui.status_line import StatusLine
from gui.translate.translate_view import TranslateView


class Mode(StrEnum):
    CHAT = "chat"
    TRANSLATE = "translate"


class MainWindow(QMainWindow):
    """The menus are File, Chat, Model, View and Settings; gui/app.py adds Help last.

    Signals:
    closing(): the user closed the window; the app stops its work (emitted once per
        close, before the window hides).
    """

    closing = Signal()

    def __init__(
        self,
        controller: InferenceController,
        workspace: ChatWorkspace,
        model_menu: ModelMenu,
        models: ModelsController,
        translate_view: TranslateView,
        settings_actions: tuple[QAction, ...] = (),
        view_actions: tuple[QAction, ...] = (),
        settings_menus: tuple[QMenu, ...] = (),
    ) -> None:
        """``settings_actions`` fill the Settings menu (the features' own settings), after
        the submenus ``settings_menus`` (Language, Appearance); ``view_actions`` (zoom)
        end the View menu."""
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("Hearth")
        self.resize(1100, 720)
        self.workspace = workspace
        self.model_menu = model_menu
        self.models = models
        self.translate_view = translate_view
        self._settings_actions = settings_actions
        self._view_actions = view_actions
        self._settings_menus = settings_menus

        self.notice = NoticeBanner("noticeBanner", self)
        self.modes = QStackedWidget(self)
        self.modes.addWidget(workspace)
        self.modes.addWidget(translate_view)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.notice)
        layout.addWidget(self.modes)
        self.setCentralWidget(central)
        self.status = StatusLine(self.statusBar(), controller, workspace.context_used)
        # Its shortcut (Ctrl+Shift+M) works while the Model menu is closed.
        self.addAction(models.manage_action)
        self._build_menus()
        self._order_tab_chain()
        workspace.focus_input()

    def _build_menus(self) -> None:
        workspace, models = self.workspace, self.model_menu
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.setObjectName("fileMenu")
        file_menu.addAction(workspace.new_chat_action)
        file_menu.addAction(models.open_action)
        file_menu.addAction(models.starter_action)
        file_menu.addSeparator()
        file_menu.addAction(workspace.import_action)
        file_menu.addAction(workspace.export_markdown_action)
        file_menu.addAction(workspace.export_json_action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        #: the menu of conversation commands (New chat, Stop)
        chat_menu = self.menuBar().addMenu(self.tr("&Chat"))
        chat_menu.setObjectName("chatMenu")
        chat_menu.addAction(workspace.new_chat_action)
        chat_menu.addSeparator()
        chat_menu.addAction(workspace.stop_action)
        # Stop's Esc works in Translate mode too, where the reply keeps streaming.
        self.addAction(workspace.stop_action)
        self.menuBar().addMenu(models.menu)
        # addMenu does not take ownership: the menu bar owns it, so Qt deletes it with the
        # window rather than Python after the application.
        models.menu.setParent(self.menuBar(), models.menu.windowFlags())

        self.chat_mode_action = QAction(self.tr("&Chat", "the Chat view, beside Translate"), self)
        self.chat_mode_action.setObjectName("chatModeAction")
        self.chat_mode_action.setShortcut(QKeySequence("Ctrl+1"))
        self.chat_mode_action.setCheckable(True)
        self.chat_mode_action.setChecked(True)
        self.chat_mode_action.triggered.connect(self._on_chat_mode_triggered)
        self.translate_mode_action = QAction(self.tr("&Translate", "the Translate view"), self)
        self.translate_mode_action.setObjectName("translateModeAction")
        # Ctrl+2 beside Chat's Ctrl+1 (the first one is shown in menus and tooltips).
        self.translate_mode_action.setShortcuts([QKeySequence("Ctrl+T"), QKeySequence("Ctrl+2")])
        self.translate_mode_action.setCheckable(True)
        self.translate_mode_action.triggered.connect(self._on_translate_mode_triggered)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        view_menu.setObjectName("viewMenu")
        view_menu.addAction(self.chat_mode_action)
        view_menu.addAction(self.translate_mode_action)
        view_menu.addSeparator()
        view_menu.addAction(workspace.show_sidebar_action)
        if self._view_actions:
            view_menu.addSeparator()
            for action in self._view_actions:
                view_menu.addAction(action)
        if self._settings_actions or self._settings_menus:
            settings_menu = self.menuBar().addMenu(self.tr("&Settings"))
            settings_menu.setObjectName("settingsMenu")
            for submenu in self._settings_menus:
                settings_menu.addMenu(submenu)
                # As with the Model menu: owned by Qt, deleted with the window.
                submenu.setParent(settings_menu, submenu.windowFlags())
            if self._settings_menus and self._settings_actions:
                settings_menu.addSeparator()
            for action in self._settings_actions:
                settings_menu.addAction(action)

        toolbar = QToolBar(self.tr("Model"), self)
        toolbar.setObjectName("modelToolbar")
        toolbar.setMovable(False)
        #: the label before the model picker in the toolbar
        picker_label = QLabel(self.tr("Model:"), self)
        picker_label.setObjectName("modelPickerLabel")
        picker_label.setContentsMargins(4, 0, 4, 0)
        picker_label.setBuddy(models.picker)
        toolbar.addWidget(picker_label)
        toolbar.addWidget(models.picker)
        toolbar.addSeparator()
        toolbar.addAction(self.chat_mode_action)
        toolbar.addAction(self.translate_mode_action)
        self.addToolBar(toolbar)
        for action in (self.chat_mode_action, self.translate_mode_action):
            # Qt drops the "&" but not a translation's "(&C)" from a tool button's text.
            action.setIconText(plain_label(action.text()))
            show_shortcut_in_tooltip(action)
        self.toolbar = toolbar

    def _order_tab_chain(self) -> None:
        """Tab goes as the eye reads: the toolbar's model picker, the chat list's side
        (new chat, search, list), then the chat (its header, the transcript, the message
        box, Send, Stop), and back to the picker; the Translate view follows the chat."""
        chain: list[QWidget] = [self.model_menu.picker]
        sidebar = self.workspace.sidebar
        in_workspace = _focus_chain(self.workspace)
        chain += [w for w in in_workspace if w is sidebar or sidebar.isAncestorOf(w)]
        chain += [w for w in in_workspace if not (w is sidebar or sidebar.isAncestorOf(w))]
        chain += _focus_chain(self.translate_view)
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    @Slot(str)
    def show_notice(self, text: str) -> None:
        """Show ``text`` above the current mode; an empty text hides the banner."""
        self.notice.show_notice(text)

    @Slot()
    def clear_notice(self) -> None:
        self.notice.show_notice("")

    @Slot(str)
    def withdraw_notice(self, text: str) -> None:
        """Hide the banner if it still says ``text`` (something said since stays)."""
        if self.notice.isVisible() and self.notice.text() == text:
            self.notice.show_notice("")

    def show_mode(self, mode: Mode) -> None:
        """Switch between the chat and the translation view."""
        translate = Mode(mode) is Mode.TRANSLATE
        self.modes.setCurrentIndex(1 if translate else 0)
        self.chat_mode_action.setChecked(not translate)
        self.translate_mode_action.setChecked(translate)
        self.status.show_chat_parts(not translate)
        if translate:
            self.translate_view.refresh_models()
            self.translate_view.source_edit.setFocus()
        else:
            self.workspace.focus_input()

    @Slot()
    def _on_chat_mode_triggered(self) -> None:
        self.show_mode(Mode.CHAT)

    @Slot()
    def _on_translate_mode_triggered(self) -> None:
        self.show_mode(Mode.TRANSLATE)

    def may_quit(self) -> bool:
        """Whether Hearth may quit now: edits a translator has not confirmed would be
        lost, so the Translate view, shown, asks first (TranslateView.may_close)."""
        if self.translate_view.unconfirmed_edits():
            self.show_mode(Mode.TRANSLATE)
        return self.translate_view.may_close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.may_quit():
            event.ignore()
            return
        # The app sets the cancel events here, on the GUI thread: the worker sees them
        # even in the middle of a prompt, so shutting down does not wait for it to end.
        self.closing.emit()
        super().closeEvent(event)


def _focus_chain(root: QWidget) -> list[QWidget]:
    """The widgets inside ``root`` that Tab can reach, in their present focus-chain order."""
    found: list[QWidget] = []
    widget = root.nextInFocusChain()
    while widget is not None and widget is not root and len(found) < 10_000:
        if root.isAncestorOf(widget) and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            found.append(widget)
        widget = widget.nextInFocusChain()
    return found
