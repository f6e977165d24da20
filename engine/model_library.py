"""The models a user can pick: the starter models, the models folder, and every GGUF
file they opened before (remembered by path, never copied).
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from engine.errors import InvalidModelFileError
from engine.gguf_metadata import read_gguf_metadata
from engine.paths import AppPaths
from engine.starter_models import find_starter_models

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LibraryModel:
    """One model file and what the menu shows about it."""

    path: Path
    name: str
    quantization: str
    size_bytes: int
    problem: str = ""

    @property
    def label(self) -> str:
        size = (
            f"{self.size_bytes / 2**30:.1f} GB"
            if self.size_bytes >= 2**30
            else (f"{self.size_bytes / 2**20:.0f} MB")
        )
        if self.problem:
            return f"{self.name} (cannot be used: {self.problem})"
        return f"{self.name} · {self.quantization} · {size}"


class ModelLibrary:
    """Lists model files; remembers the ones opened from elsewhere in a JSON file."""

    def __init__(self, paths: AppPaths) -> None:
        self.paths = paths
        self._registry = paths.config_dir / "models.json"

    def remembered(self) -> list[Path]:
        try:
            data = json.loads(self._registry.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        return [Path(p) for p in data.get("models", []) if isinstance(p, str)]

    def remember(self, path: str | Path) -> None:
        """Add a file opened from outside the models folder to the list."""
        resolved = Path(path).resolve()
        known = self.remembered()
        if resolved in known:
            return
        known.append(resolved)
        self._write(known)

    def forget(self, path: str | Path) -> None:
        resolved = Path(path).resolve()
        self._write([p for p in self.remembered() if p != resolved])

    def _write(self, models: list[Path]) -> None:
        self._registry.parent.mkdir(parents=True, exist_ok=True)
        temporary = self._registry.with_suffix(".tmp")
        temporary.write_text(json.dumps({"models": [str(p) for p in models]}), encoding="utf-8")
        os.replace(temporary, self._registry)

    def models(self) -> list[LibraryModel]:
        """Every known model file that exists, starters first, each listed once."""
        candidates = [starter.path for starter in find_starter_models(self.paths.models_dir)]
        if self.paths.models_dir.is_dir():
            candidates += sorted(self.paths.models_dir.glob("*.gguf"))
        candidates += self.remembered()
        seen: set[Path] = set()
        found = []
        for path in candidates:
            resolved = path.resolve()
            if resolved in seen or not resolved.is_file():
                continue
            seen.add(resolved)
            found.append(describe(resolved))
        return found


def describe(path: Path) -> LibraryModel:
    try:
        meta = read_gguf_metadata(path, read_tokens=False)
    except InvalidModelFileError as error:
        reason = str(error).split(": ", 1)[-1].rstrip(".")
        return LibraryModel(path, path.name, "?", _size(path), problem=reason)
    return LibraryModel(path, meta.name, meta.quantization, meta.file_size)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
