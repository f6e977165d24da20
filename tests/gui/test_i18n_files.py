"""The translation sources: every string the window marks for translation has a finished
translation in every language, with the same placeholders; nothing unfinished or stale.

The strings are read from gui/ with Python's own parser rather than taken from lupdate's
list: lupdate silently skips some call shapes (a count written as ``len(x)`` in
``QCoreApplication.translate``), and such a string would stay English for ever.
"""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "assets" / "i18n"
# English's folder holds only the singular and plural of the strings with a count.
LANGUAGES = sorted(p.name for p in I18N.iterdir() if p.is_dir() and p.name != "en")
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?:[:!][^{}]*)?\}|%L?n|%\d")


@dataclass(frozen=True)
class Marked:
    context: str
    source: str
    disambiguation: str
    where: str


def _literal(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


class _Finder(ast.NodeVisitor):
    def __init__(self, path: Path) -> None:
        self.path = path
        self.classes: list[str] = []
        self.found: list[Marked] = []
        self.problems: list[str] = []

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        where = f"{self.path.relative_to(ROOT)}:{node.lineno}"
        args = node.args
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "tr"
            and isinstance(func.value, ast.Name)
        ):
            self._mark(self.classes[-1] if self.classes else "?", args[:1], args[1:2], where)
        elif isinstance(func, ast.Attribute) and func.attr == "translate":
            owner = func.value
            if isinstance(owner, ast.Name) and owner.id in ("QCoreApplication", "QApplication"):
                context = _literal(args[0]) if args else None
                if context is not None:
                    self._mark(context, args[1:2], args[2:3], where)
                # else a wrapper passing its own context on: its callers name the text
                # with QT_TRANSLATE_NOOP, which is checked.
        elif isinstance(func, ast.Name) and func.id in ("msg", "lazy_msg"):
            # The engine's sentences (engine/common/messages.py): the empty context.
            self._mark("", args[:1], [], where)
        elif isinstance(func, ast.Name) and func.id == "QT_TRANSLATE_NOOP":
            context = _literal(args[0]) if args else None
            if context is None:
                self.problems.append(f"{where}: QT_TRANSLATE_NOOP without a literal context")
            else:
                self._mark(context, args[1:2], args[2:3], where)
        self.generic_visit(node)

    def _mark(
        self, context: str, source: list[ast.expr], disamb: list[ast.expr], where: str
    ) -> None:
        text = _literal(source[0]) if source else None
        if text is None:
            # A name or an attribute: a QT_TRANSLATE_NOOP'd constant, checked where it
            # is defined. Text built at run time can never match a translation.
            built = isinstance(source[0], ast.JoinedStr | ast.BinOp) if source else True
            if source and isinstance(source[0], ast.Call):
                # "…".format(…) inside the call; str(CONSTANT) is a marked constant.
                call = source[0].func
                built = isinstance(call, ast.Attribute) and isinstance(call.value, ast.Constant)
            if built:
                self.problems.append(f"{where}: the text to translate is built at run time")
            return
        comment = _literal(disamb[0]) if disamb else ""
        if (
            disamb
            and comment is None
            and not (isinstance(disamb[0], ast.Constant) and disamb[0].value is None)
        ):
            self.problems.append(f"{where}: the disambiguation is not a plain string")
        self.found.append(Marked(context, text, comment or "", where))


def translated_sources() -> list[Path]:
    """The window's code and the engine's, as scripts/i18n_update.py hands them to
    lupdate."""
    return sorted([*(ROOT / "gui").rglob("*.py"), *(ROOT / "engine").rglob("*.py")])


def marked_strings() -> tuple[list[Marked], list[str]]:
    found: list[Marked] = []
    problems: list[str] = []
    for path in translated_sources():
        finder = _Finder(path)
        finder.visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
        found += finder.found
        problems += finder.problems
    return found, problems


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    comment: str
    kind: str  # "" when finished
    translations: tuple[str, ...]
    file: str


def messages(language: str) -> list[Message]:
    out: list[Message] = []
    for ts in sorted((I18N / language).glob("*.ts")):
        root = ET.parse(ts).getroot()
        for context in root.iter("context"):
            name = context.findtext("name") or ""
            for message in context.iter("message"):
                translation = message.find("translation")
                assert translation is not None, f"{ts.name}: a message without translation"
                forms = [f.text or "" for f in translation.iter("numerusform")]
                texts = (
                    tuple(forms) if message.get("numerus") == "yes" else (translation.text or "",)
                )
                out.append(
                    Message(
                        name,
                        message.findtext("source") or "",
                        message.findtext("comment") or "",
                        translation.get("type", ""),
                        texts,
                        ts.name,
                    )
                )
    return out


def test_every_marked_string_is_a_plain_literal() -> None:
    _, problems = marked_strings()
    assert problems == []


@pytest.mark.parametrize("language", [*LANGUAGES, "en"])
def test_no_message_is_unfinished_or_stale(language: str) -> None:
    bad = [
        f"{m.file} {m.context}: {m.source!r} ({m.kind or 'empty'})"
        for m in messages(language)
        if m.kind or not all(t.strip() for t in m.translations)
    ]
    assert bad == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_marked_string_has_a_translation(language: str) -> None:
    have = {(m.context, m.source, m.comment) for m in messages(language) if not m.kind}
    found, _ = marked_strings()
    missing = [
        f"{m.where} [{m.context}] {m.source!r}"
        for m in found
        if (m.context, m.source, m.disambiguation) not in have
    ]
    assert missing == []


def _plain(source: str) -> str:
    return source.replace("%%", "").replace("%Ln", "%n")


def test_english_gives_every_count_its_singular_and_plural() -> None:
    """Every marked string with a count (%n) has English forms, in English's file, for
    one and for more ("1 term", "2 terms"), none of them "term(s)"; nothing else is
    there (English is the source of the rest)."""
    english = {(m.context, m.source, m.comment): m for m in messages("en")}
    found, _ = marked_strings()
    counted = {(m.context, m.source, m.disambiguation) for m in found if "%n" in _plain(m.source)}
    assert counted and set(english) == counted
    for message in english.values():
        assert len(message.translations) == 2, message.source
        assert not any(re.search(r"\w\((s|es)\)", t) for t in message.translations)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_count_is_a_plural_in_every_language(language: str) -> None:
    """A string with a count is a plural (one form per number class of the language),
    also where the code counts through QCoreApplication.translate (which lupdate reads
    without its plural): a language with plurals would show "2 token" otherwise."""
    root = ET.parse(I18N / language / "hearth.ts").getroot()
    single = [
        m.findtext("source")
        for m in root.iter("message")
        if "%n" in _plain(m.findtext("source") or "") and m.get("numerus") != "yes"
    ]
    assert single == []


def test_a_plural_in_brackets_comes_with_a_count() -> None:
    """A "(s)" in a window's string is only where a count (%n) lets English give the
    singular and the plural; "{count} term(s)" would read "1 term(s)"."""
    found, _ = marked_strings()
    wrong = [
        f"{m.where}: {m.source!r}"
        for m in found
        if re.search(r"\w\((s|es)\)", m.source) and "%n" not in _plain(m.source)
    ]
    assert wrong == []


@pytest.mark.parametrize("language", [*LANGUAGES, "en"])
def test_translations_keep_the_placeholders(language: str) -> None:
    wrong = []
    for m in messages(language):
        wanted = sorted(_PLACEHOLDER.findall(m.source))
        for text in m.translations:
            if sorted(_PLACEHOLDER.findall(text)) != sorted(wanted):
                wrong.append(f"{m.file} [{m.context}] {m.source!r} → {text!r}")
    assert wrong == []
