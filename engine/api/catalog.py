"""The models a server that serves the whole library lists and loads: each library
model under a unique id that does not depend on which model is loaded, and how a
request's ``model`` names one of them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from engine.api.lease import ambiguous
from engine.api.service import model_id_for
from engine.models.model_library import ModelLibrary


@dataclass(frozen=True)
class CatalogEntry:
    """A model clients may name: its id, its file, and why it cannot be used (if so)."""

    id: str
    path: Path
    problem: str = ""


def _without_gguf(name: str) -> str:
    return name[: -len(".gguf")] if name.lower().endswith(".gguf") else name


def library_catalog(library: ModelLibrary, loaded: Path | None) -> list[CatalogEntry]:
    """The library's models (and ``loaded`` first when it lives outside the library),
    each under a unique id that does not depend on which model is loaded: the file name
    without ``.gguf`` when no other file has the same; otherwise the file's path in the
    models folder (``owner/repo/name``), or its folder's name and its name for a file
    outside it (``Downloads/name``: a client is not shown where the user keeps files),
    with ``~2``, ``~3`` … should that still be taken.

    Reads the folder and the files' headers: call it off the event loop."""
    folder = library.models_dir.resolve()
    found: dict[Path, str] = {}
    for model in library.models():
        found.setdefault(model.path.resolve(), model.problem)
    names = Counter(model_id_for(path) for path in found)

    def by_path(path: Path) -> str:
        try:
            return _without_gguf(path.relative_to(folder).as_posix())
        except ValueError:
            return _without_gguf(f"{path.parent.name}/{path.name}")

    def ident(path: Path) -> str:
        return model_id_for(path) if names[model_id_for(path)] <= 1 else by_path(path)

    entries = [CatalogEntry(ident(path), path, problem) for path, problem in found.items()]
    if loaded is not None and loaded.resolve() not in found:
        # Not a library file (the window's model opened from elsewhere): its name is
        # its id unless a library file has it, so the library's ids stay as they are.
        resolved = loaded.resolve()
        own = model_id_for(resolved)
        # Made unique after the library's, so that theirs never depend on it.
        entries.append(CatalogEntry(own if own not in names else by_path(resolved), resolved))
        unique = _unique(entries)
        return [unique[-1], *unique[:-1]]
    return _unique(entries)


def _unique(entries: list[CatalogEntry]) -> list[CatalogEntry]:
    """The entries with ``~2``, ``~3`` … after an id an earlier entry already has."""
    taken: set[str] = set()
    unique: list[CatalogEntry] = []
    for entry in entries:
        ident, number = entry.id, 1
        while ident in taken:
            number += 1
            ident = f"{entry.id}~{number}"
        taken.add(ident)
        renamed = CatalogEntry(ident, entry.path, entry.problem)
        unique.append(entry if ident == entry.id else renamed)
    return unique


def find_entry(entries: list[CatalogEntry], requested: str) -> CatalogEntry | None:
    """The entry ``requested`` names: its id, or its file name when no other file has
    that name.

    Raises:
        ApiError: 404 for a file name that several models have.
    """
    for entry in entries:
        if entry.id == requested:
            return entry
    named = [entry for entry in entries if entry.path.name == requested]
    if len(named) > 1:
        raise ambiguous(requested, [entry.id for entry in named])
    return named[0] if named else None


def file_signature(path: Path) -> tuple[int, int] | None:
    """The file as it is now (size, modification time), or None when it is gone."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns
