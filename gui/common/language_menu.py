"""Settings → Language: the window's language, saved for the next start."""

from __future__ import annotations

import os
from dataclasses import replace

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from engine.common.preferences import AppSettingsStore
from gui.common.i18n import ENV_VAR, available_languages, system_language


class LanguageMenu(QObject):
    """A submenu with "System default" and every language Hearth has a translation for.

    Picking one saves it (``AppSettings.ui_language``); the window changes language when
    Hearth starts again, and ``notice`` says so.

    Signals:
    notice(str): a line for the window's banner.
    """

    notice = Signal(str)

    def __init__(self, settings: AppSettingsStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        #: Settings menu → the submenu that picks the window's language
        self.menu = QMenu(self.tr("&Language"), parent)
        self.menu.setObjectName("languageMenu")
        self._group = QActionGroup(self)
        self._group.setExclusive(True)
        saved = settings.load().ui_language
        system = self._add(
            "",
            self.tr("System default ({language})").format(language=self._name_of_system()),
        )
        system.setChecked(not saved)
        for language in available_languages():
            action = self._add(language.code, language.native_name)
            action.setChecked(saved == language.code)
        if self._group.checkedAction() is None:
            system.setChecked(True)

    def _add(self, code: str, text: str) -> QAction:
        action = QAction(text, self.menu)
        action.setCheckable(True)
        action.setData(code)
        action.triggered.connect(self._on_triggered)
        self._group.addAction(action)
        self.menu.addAction(action)
        return action

    @staticmethod
    def _name_of_system() -> str:
        code = system_language()
        names = {language.code: language.native_name for language in available_languages()}
        return names.get(code, code)

    @Slot()
    def _on_triggered(self) -> None:
        action = self._group.checkedAction()
        if action is None:
            return
        code = str(action.data() or "")
        settings = self._settings.load()
        if settings.ui_language == code:
            return
        self._settings.save(replace(settings, ui_language=code))
        name = action.text()
        if os.environ.get(ENV_VAR):
            self.notice.emit(
                self.tr(
                    "Saved: {language}. {variable} is set for this session, so Hearth "
                    "keeps using the language it names while it is set."
                ).format(language=name, variable=ENV_VAR)
            )
            return
        self.notice.emit(
            self.tr("Hearth will appear in {language} the next time it starts.").format(
                language=name
            )
        )
