"""Collect the window's strings from gui/, and the engine's sentences for the user
(``msg("...")`` in engine/; the HTTP API and the command line use their English), into
every language's Qt Linguist source.

    python scripts/i18n_update.py        # update assets/i18n/*/hearth.ts
    python scripts/i18n_update.py fr     # also start assets/i18n/fr/hearth.ts

New and changed strings arrive unfinished (translate them with pyside6-linguist);
strings gone from the code are dropped. `make i18n` compiles the result.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "assets" / "i18n"
LUPDATE = Path(sys.executable).with_name("pyside6-lupdate")


def sources() -> list[str]:
    """Every Python file of the window and of the engine, relative to the repository."""
    files = [*(ROOT / "gui").rglob("*.py"), *(ROOT / "engine").rglob("*.py")]
    return sorted(str(p.relative_to(ROOT)) for p in files)


def update(language: str) -> None:
    folder = I18N / language
    folder.mkdir(parents=True, exist_ok=True)
    ts = folder / "hearth.ts"
    command = [str(LUPDATE), *sources(), "-ts", str(ts.relative_to(ROOT))]
    # The engine's markers: lupdate reads msg("...") and lazy_msg("...") as QT_TR_NOOP
    # (the empty context).
    command += ["-tr-function-alias", "QT_TR_NOOP+=msg,QT_TR_NOOP+=lazy_msg"]
    command += ["-no-obsolete", "-locations", "relative", "-target-language", language]
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
