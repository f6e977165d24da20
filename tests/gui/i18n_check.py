"""Walks a widget tree for what a translated or assistive-technology user would meet:
visible texts still in English, and focusable widgets without an accessible name.

Used by the per-area translation tests and the whole-window walk in test_i18n.py.
"""

from __future__ import annotations

import html
import re
import subprocess
from collections.abc import Iterable, Iterator
from pathlib import Path

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    Qt,
    QTranslator,
)
from PySide6.QtGui import QAccessible, QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

ROOT = Path(__file__).resolve().parents[2]
LRELEASE = ROOT / ".venv" / "bin" / "pyside6-lrelease"

# Words that stay as they are in every language: the product, formats, protocols and
# keys. Model and file names are recognised by their shape (digits, dots, dashes).
KEEP = {
    "hearth",
    "gguf",
    "api",
    "url",
    "urls",
    "gpu",
    "cpu",
    "json",
    "markdown",
    "hugging",
    "face",
    "openai",
    "llama",
    "cpp",
    "kv",
    "http",
    "https",
    "localhost",
    "ctrl",
    "shift",
    "alt",
    "esc",
    "enter",
    "tab",
    "del",
    "pgup",
    "pgdown",
    "home",
    "end",
    "qwen",
    "gemma",
    "smollm",
    "ollama",
    "vllm",
    "cors",
    "ip",
    "english",
    "mb",
    "gb",
    "kb",
    "tb",
    "bytes",
    "id",
    "ids",
    "ok",
    "cuda",
    "metal",
    "vulkan",
    "qt",
    "pyside",
    "bearer",
    "sse",
    "tsv",
    "csv",
    "tmx",
    "docx",
    "txt",
    "md",
    "srt",
    "html",
    "xliff",
    # Chat formats and model families, named as their authors name them.
    "mistral",
    "chatml",
    "alpaca",
    "vicuna",
    "zephyr",
    "phi",
    "deepseek",
    "granite",
    "jinja",
}

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
_TAG = re.compile(r"<[^>]+>")
_URL = re.compile(r"\b(?:https?://|www\.)\S+|\S+@\S+")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9._/\-+:]*")


def is_english(text: str) -> bool:
    """True when ``text`` reads as untranslated English: no CJK character and at least
    one word that is neither a kept term nor shaped like a name (digits, dots, dashes,
    slashes or inner capitals: ``SmolLM2-135M``, ``model.gguf``, ``Qwen/Qwen2.5``)."""
    plain = html.unescape(_TAG.sub(" ", text)).replace("&", "")
    if _CJK.search(plain):
        return False
    plain = _URL.sub(" ", plain)
    for word in _WORD.findall(plain):
        core = word.strip("._-/:+")
        if len(core) < 2:
            continue
        if any(ch.isdigit() for ch in core) or any(ch in core for ch in "./_-:+"):
            continue
        if core.lower() in KEEP:
            continue
        if any(ch.isupper() for ch in core[1:]):
            continue  # SmolLM, GPUs, IDs: a name or an acronym
        return True
    return False


def _model_texts(model: QAbstractItemModel | None) -> Iterator[str]:
    if model is None or isinstance(model, QAbstractListModel):
        return  # a list shows no header
    for orientation in (Qt.Orientation.Horizontal, Qt.Orientation.Vertical):
        count = model.columnCount(QModelIndex()) if orientation == Qt.Orientation.Horizontal else 0
        for section in range(count):
            value = model.headerData(section, orientation, Qt.ItemDataRole.DisplayRole)
            if isinstance(value, str):
                yield value


def _action_texts(actions: Iterable[QAction]) -> Iterator[str]:
    for action in actions:
        if action.isSeparator() or not action.isVisible():
            continue
        yield action.text()
        if action.toolTip() != action.text().replace("&", ""):
            yield action.toolTip()
        menu = action.menu()
        if isinstance(menu, QMenu):
            yield menu.title()
            yield from _action_texts(menu.actions())


def widget_texts(widget: QWidget) -> Iterator[str]:
    """The texts ``widget`` itself shows or announces (not its children's)."""
    if widget.isWindow():
        yield widget.windowTitle()
    yield widget.toolTip()
    yield widget.accessibleName()
    yield widget.accessibleDescription()
    if isinstance(widget, QLabel | QAbstractButton):
        yield widget.text()
    elif isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
        yield widget.placeholderText()
    elif isinstance(widget, QComboBox):
        for index in range(widget.count()):
            yield widget.itemText(index)
    elif isinstance(widget, QGroupBox):
        yield widget.title()
    elif isinstance(widget, QTabWidget):
        for index in range(widget.count()):
            yield widget.tabText(index)
            yield widget.tabToolTip(index)
    elif isinstance(widget, QAbstractItemView):
        yield from _model_texts(widget.model())
    if isinstance(widget, QMenu):
        yield widget.title()
    yield from _action_texts(widget.actions())


def shown_widgets(root: QWidget) -> list[QWidget]:
    """``root`` and the descendants that are shown when ``root`` is."""
    return [root] + [w for w in root.findChildren(QWidget) if w.isVisibleTo(root)]


def visible_english(root: QWidget, allowed: Iterable[str] = ()) -> list[str]:
    """Every visible text under ``root`` that is still English, as
    ``"ClassName objectName: text"``; ``allowed`` texts (user data in the test's set-up,
    model names) are taken out of a text before it is judged."""
    allow = sorted(set(allowed), key=len, reverse=True)
    found: list[str] = []
    for widget in shown_widgets(root):
        for text in widget_texts(widget):
            rest = text
            for name in allow:
                rest = rest.replace(name, " ")
            if text and is_english(rest):
                found.append(f"{type(widget).__name__} {widget.objectName()!r}: {text!r}")
    return sorted(set(found))


def accessible_name(widget: QObject) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    if interface is None or not interface.isValid():
        return ""
    return interface.text(QAccessible.Text.Name).strip()


def unnamed_focusable(root: QWidget) -> list[str]:
    """Shown widgets that take keyboard focus but give assistive technology no name."""
    missing: list[str] = []
    for widget in shown_widgets(root):
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isEnabled():
            continue
        if widget.focusProxy() is not None:
            continue  # the proxy is what takes focus, and is walked itself
        if not accessible_name(widget):
            parent = widget.parentWidget()
            where = type(parent).__name__ if parent is not None else "-"
            missing.append(f"{type(widget).__name__} {widget.objectName()!r} in {where}")
    return sorted(missing)


def compiled_translations(language: str, out_dir: Path) -> list[Path]:
    """The ``.qm`` files of ``language``, compiled from the committed ``.ts`` sources into
    ``out_dir`` (so a test never depends on a stale build output)."""
    sources = sorted((ROOT / "assets" / "i18n" / language).glob("*.ts"))
    out_dir.mkdir(parents=True, exist_ok=True)
    compiled: list[Path] = []
    for ts in sources:
        qm = out_dir / f"{ts.stem}.qm"
        subprocess.run([str(LRELEASE), "-silent", str(ts), "-qm", str(qm)], check=True, timeout=120)
        compiled.append(qm)
    return compiled


def install_compiled(app: QCoreApplication, files: Iterable[Path]) -> list[QTranslator]:
    """Install ``files`` on ``app``; remove them with ``app.removeTranslator`` after."""
    installed: list[QTranslator] = []
    for qm in files:
        translator = QTranslator(app)
        if not translator.load(str(qm)):
            raise AssertionError(f"cannot load {qm}")
        app.installTranslator(translator)
        installed.append(translator)
    return installed
