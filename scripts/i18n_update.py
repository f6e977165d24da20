"""Collect the window's strings from gui/, and the engine's sentences for the user
(``msg("...")`` in engine/; the HTTP API and the command line use their English), into
every language's Qt Linguist source.

    python scripts/i18n_update.py        # update assets/i18n/*/hearth.ts
    python scripts/i18n_update.py fr     # also start assets/i18n/fr/hearth.ts

New and changed strings arrive unfinished (translate them with pyside6-linguist);
strings gone from the code are dropped. `make i18n` compiles the result. English (en)
takes only the strings with a count (``self.tr("%Ln term(s)", "", n)``), whose singular
and plural it gives ("1 term", "3 terms").
"""

from __future__ import annotations

import ast
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "assets" / "i18n"
LUPDATE = Path(sys.executable).with_name("pyside6-lupdate")


def sources() -> list[str]:
    """Every Python file of the window and of the engine, relative to the repository."""
    files = [*(ROOT / "gui").rglob("*.py"), *(ROOT / "engine").rglob("*.py")]
    return sorted(str(p.relative_to(ROOT)) for p in files)


def counted_translate_calls() -> str:
    """``QCoreApplication.translate(context, "%Ln …", disambiguation, n)`` calls of the
    window, as the ``self.tr`` calls of a class named after the context: lupdate reads a
    count (a plural) only in ``self.tr``, and English needs it to give the singular."""
    lines = ["from PySide6.QtCore import QObject", ""]
    for path in sorted((ROOT / "gui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "translate"
                and len(node.args) == 4
                and all(isinstance(a, ast.Constant) for a in node.args[:3])
            ):
                continue
            context, text, comment = (a.value for a in node.args[:3])
            if isinstance(text, str) and "%n" in text.replace("%Ln", "%n"):
                lines += [
                    f"class {context}(QObject):",
                    "    def text(self, n: int) -> str:",
                    f"        return self.tr({text!r}, {comment or ''!r}, n)",
                    "",
                ]
    return "\n".join(lines)


def update(language: str) -> None:
    folder = I18N / language
    folder.mkdir(parents=True, exist_ok=True)
    ts = folder / "hearth.ts"
    with tempfile.TemporaryDirectory() as scratch:
        # Every language: one with plurals needs these as plurals too ("2 tokens").
        shim = Path(scratch) / "counted_calls.py"
        shim.write_text(counted_translate_calls(), encoding="utf-8")
        _lupdate(language, ts, [str(shim)])
    # The scratch file is no source of the window's: its locations go.
    lines = ts.read_text(encoding="utf-8").splitlines(keepends=True)
    ts.write_text("".join(x for x in lines if shim.name not in x), encoding="utf-8")


def _lupdate(language: str, ts: Path, extra: list[str]) -> None:
    command = [str(LUPDATE), *extra, *sources(), "-ts", str(ts.relative_to(ROOT))]
    # The engine's markers: lupdate reads msg("...") and lazy_msg("...") as QT_TR_NOOP
    # (the empty context).
    command += ["-tr-function-alias", "QT_TR_NOOP+=msg,QT_TR_NOOP+=lazy_msg"]
    # English's file (the plurals alone) lists no locations: Qt Linguist is not used on
    # it, and its few messages would only churn with every change of line numbers.
    where = "none" if language == "en" else "relative"
    command += ["-no-obsolete", "-locations", where, "-target-language", language]
    if language == "en":
        command.append("-pluralonly")
    subprocess.run(command, cwd=ROOT, check=True)


def main(argv: list[str]) -> int:
    languages = sorted(p.name for p in I18N.iterdir() if p.is_dir()) if I18N.is_dir() else []
    for language in argv:
        if language not in languages:
            languages.append(language)
    for language in languages:
        update(language)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
