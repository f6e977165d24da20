"""The curated catalog shipped in ``assets/catalog.json``: a dozen models across sizes,
each with where to get it, its licence, what it is good at and its languages."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path

from assets import asset
from engine.hub.hub_names import check_file_name, check_repo_id, quantization_of

CATALOG_FILE = asset("catalog.json")


@dataclass(frozen=True)
class CatalogEntry:
    id: str
    name: str
    repo: str
    file: str
    quantization: str
    size: int  # approximate; the hub's listing is authoritative at download time
    license: str
    good_at: str
    languages: tuple[str, ...]
    recommended: bool = False


def load_catalog(path: Path | Traversable = CATALOG_FILE) -> list[CatalogEntry]:
    """Entries sorted by size. Raises ValueError for an entry that is not well formed."""
    data = json.loads(path.read_text(encoding="utf-8"))
    entries = []
    for item in data["models"]:
        entry = CatalogEntry(
            id=str(item["id"]),
            name=str(item["name"]),
            repo=check_repo_id(str(item["repo"])),
            file=check_file_name(str(item["file"])),
            quantization=str(item["quantization"]),
            size=int(item["size"]),
            license=str(item["license"]),
            good_at=str(item["good_at"]),
            languages=tuple(str(lang) for lang in item["languages"]),
            recommended=bool(item.get("recommended", False)),
        )
        if quantization_of(entry.file) != entry.quantization.upper():
            raise ValueError(f"catalog entry {entry.id}: quantization does not match its file")
        entries.append(entry)
    return sorted(entries, key=lambda e: e.size)


def recommended_entry(entries: list[CatalogEntry]) -> CatalogEntry | None:
    return next((e for e in entries if e.recommended), entries[0] if entries else None)
