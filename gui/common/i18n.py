"""The window's language: which one, and the Qt translators that put it on screen.

The choice, strongest first: ``HEARTH_LANG`` (for scripts), Settings → Language (saved
as ``AppSettings.ui_language``), then the system's locale. English is the source
language: its folder ``assets/i18n/en/`` holds only the singular and plural of the
sentences with a count ("1 term", "3 terms", for the source's "%Ln term(s)"), as Qt
Linguist does English plurals. Every other language is a folder ``assets/i18n/<code>/``
of Qt Linguist files (``<area>.ts`` sources, compiled to ``<area>.qm`` by ``make
i18n``). Qt's own strings (standard buttons, text-edit context menus) come from the
``qtbase_<code>.qm`` that PySide6 ships.

Read once at start-up: a new choice takes effect when Hearth starts again.
"""

from __future__ import annotations

import logging
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from assets import asset

log = logging.getLogger(__name__)

ENV_VAR = "HEARTH_LANG"
SOURCE_LANGUAGE = "en"


@dataclass(frozen=True)
class UiLanguage:
    """A language the window can be shown in: its code (``zh_CN``) and its name as its
    speakers write it (``简体中文``), which is how a language menu should list it."""

    code: str
    native_name: str


def i18n_dir() -> Path:
    """The folder of the per-language translation folders."""
    return Path(str(asset("i18n")))


def available_languages() -> list[UiLanguage]:
    """English, then every language with a translation folder, by code."""
    found = [UiLanguage(SOURCE_LANGUAGE, "English")]
    root = i18n_dir()
    codes = sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    codes = [code for code in codes if code != SOURCE_LANGUAGE]  # English's plurals
    for code in codes:
        if any((root / code).glob("*.ts")) or any((root / code).glob("*.qm")):
            found.append(UiLanguage(code, _native_name(code)))
    return found


def _native_name(code: str) -> str:
    locale = QLocale(code)
    name = locale.nativeLanguageName()
    if locale.language() == QLocale.Language.Chinese:
        script = locale.script()
        return "简体中文" if script == QLocale.Script.SimplifiedHanScript else "繁體中文"
    return name or code


def _match(wanted: str, codes: list[str]) -> str | None:
    """The available code for ``wanted`` (``zh_CN``, ``zh-CN``, ``zh_CN.UTF-8``, ``zh``)."""
    cleaned = wanted.split(".", 1)[0].split("@", 1)[0].replace("-", "_").strip()
    if not cleaned:
        return None
    lowered = {code.lower(): code for code in codes}
    if cleaned.lower() in lowered:
        return lowered[cleaned.lower()]
    base = cleaned.split("_", 1)[0].lower()
    if base == "c" or base == "posix":
        return SOURCE_LANGUAGE
    # A language with one translation matches any of its regions ("zh_SG" → "zh_CN"),
    # but traditional Chinese is not shown in simplified characters.
    if cleaned.lower() in ("zh_tw", "zh_hk", "zh_mo") or "hant" in cleaned.lower():
        return None
    same_base = [code for code in codes if code.split("_", 1)[0].lower() == base]
    return same_base[0] if same_base else None


def choose_language(saved: str = "", system: QLocale | None = None) -> str:
    """The code to show the window in: ``HEARTH_LANG``, then ``saved``, then the
    system's UI languages; English when none of them has a translation."""
    codes = [language.code for language in available_languages()]
    for wanted in (os.environ.get(ENV_VAR, ""), saved):
        match = _match(wanted, codes)
        if match is not None:
            return match
    return system_language(system)


def system_language(system: QLocale | None = None) -> str:
    """The translation the system's UI languages ask for; English when none has one."""
    codes = [language.code for language in available_languages()]
    locale = system if system is not None else QLocale.system()
    wanted_list = locale.uiLanguages() or [locale.name()]
    if locale.script() == QLocale.Script.TraditionalHanScript:
        # "zh" alone in a traditional-Chinese list must not bring simplified characters.
        wanted_list = [w for w in wanted_list if w.lower() != "zh"]
    for wanted in wanted_list:
        match = _match(wanted, codes)
        if match is not None:
            return match
    return SOURCE_LANGUAGE


def install_translators(
    app: QCoreApplication, code: str, cache_dir: Path | None = None
) -> list[QTranslator]:
    """Install Qt's and Hearth's translations of ``code`` on ``app`` and make it the
    default locale (dates, numbers and sizes follow it). Returns the translators; keep
    them alive as long as the app. A translation that was not compiled is compiled into
    ``cache_dir``; a missing or unreadable file is logged and skipped: the window then
    shows that part in English."""
    QLocale.setDefault(QLocale(code))
    installed: list[QTranslator] = []
    if code != SOURCE_LANGUAGE:  # Qt's own strings are English already
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        qt_translator = QTranslator(app)
        if qt_translator.load(f"qtbase_{code}", qt_dir):
            app.installTranslator(qt_translator)
            installed.append(qt_translator)
        else:
            log.info("Qt has no translation of its own strings for %s in %s", code, qt_dir)
    folder = i18n_dir() / code
    for qm in compiled_files(folder, cache_dir):
        translator = QTranslator(app)
        # Read into memory, not mapped: a file rewritten while Hearth runs (make i18n,
        # an upgrade in place) would otherwise turn the window English, or crash it.
        try:
            catalogue = qm.read_bytes()
        except OSError as error:
            log.warning("Could not read the translation file %s: %s", qm, error)
            continue
        if translator.load(catalogue, str(qm.parent)):
            _CATALOGUES.append(catalogue)  # the translator reads from these bytes
            app.installTranslator(translator)
            installed.append(translator)
        else:
            log.warning("Could not read the translation file %s", qm)
    return installed


# The bytes of every installed translation, kept for as long as the process lives.
_CATALOGUES: list[bytes] = []


def compiled_files(folder: Path, cache_dir: Path | None) -> list[Path]:
    """The ``.qm`` files of ``folder``: those ``make i18n`` built, and where one is
    missing or older than its ``.ts`` (a checkout that skipped ``make i18n``), one
    compiled now into ``cache_dir`` with the lrelease PySide6 ships."""
    found: list[Path] = []
    for ts in sorted(folder.glob("*.ts")):
        built = ts.with_suffix(".qm")
        if built.is_file() and built.stat().st_mtime >= ts.stat().st_mtime:
            found.append(built)
            continue
        fresh = _compile(ts, cache_dir / "i18n" / folder.name) if cache_dir else None
        if fresh is not None:
            found.append(fresh)
        elif built.is_file():
            found.append(built)  # older than its source, but better than none
        else:
            log.warning("The translation %s is not compiled: run make i18n", ts)
    shipped = {p.stem for p in found}
    found += [qm for qm in sorted(folder.glob("*.qm")) if qm.stem not in shipped]
    return found


def _compile(ts: Path, out_dir: Path) -> Path | None:
    qm = out_dir / f"{ts.stem}.qm"
    if qm.is_file() and qm.stat().st_mtime >= ts.stat().st_mtime:
        return qm
    lrelease = Path(PySide6.__file__).parent / "lrelease"
    if not lrelease.is_file():
        return None
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [str(lrelease), "-silent", str(ts), "-qm", str(qm)],
            check=True,
            timeout=60,
            capture_output=True,
        )
    except (OSError, subprocess.SubprocessError) as error:
        log.warning("Could not compile the translation %s: %s", ts, error)
        return None
    return qm if qm.is_file() else None
