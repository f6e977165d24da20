"""Every translated segment, kept per language pair in SQLite (``translation.db``), so an
identical source segment is reused exactly instead of asking the model again; plus the
glossaries. Segments the user confirmed (or edited) win over the model's.
"""

from __future__ import annotations

import sqlite3
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from engine.errors import HearthError
from engine.glossary import Glossary, GlossaryEntry

Origin = Literal["model", "confirmed"]
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS memory (
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('model', 'confirmed')),
    updated REAL NOT NULL,
    PRIMARY KEY (source_lang, target_lang, source)
);
CREATE TABLE IF NOT EXISTS glossary (
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    position INTEGER NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    PRIMARY KEY (source_lang, target_lang, position)
);
"""


@dataclass(frozen=True)
class MemoryEntry:
    source: str
    target: str
    origin: Origin


class TranslationMemory:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(str(path), check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(_SCHEMA)
        except sqlite3.Error as error:
            raise HearthError(f"Cannot open the translation memory {path}: {error}") from error

    def close(self) -> None:
        self._db.close()

    # -- segments -----------------------------------------------------------------------

    def lookup(self, source_lang: str, target_lang: str, source: str) -> MemoryEntry | None:
        row = self._db.execute(
            "SELECT target, origin FROM memory WHERE source_lang=? AND target_lang=? AND source=?",
            (source_lang, target_lang, source),
        ).fetchone()
        return MemoryEntry(source, row[0], row[1]) if row else None

    def store(
        self, source_lang: str, target_lang: str, source: str, target: str, origin: Origin
    ) -> None:
        """Keep a pair; a model's translation never replaces a confirmed one."""
        with self._db:
            self._db.execute(
                "INSERT INTO memory VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (source_lang, target_lang, source) DO UPDATE SET "
                "target=excluded.target, origin=excluded.origin, updated=excluded.updated "
                "WHERE memory.origin='model' OR excluded.origin='confirmed'",
                (source_lang, target_lang, source, target, origin, time.time()),
            )

    def entries(self, source_lang: str, target_lang: str) -> list[MemoryEntry]:
        rows = self._db.execute(
            "SELECT source, target, origin FROM memory WHERE source_lang=? AND target_lang=? "
            "ORDER BY updated",
            (source_lang, target_lang),
        ).fetchall()
        return [MemoryEntry(*row) for row in rows]

    def count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM memory").fetchone()[0])

    # -- TMX ------------------------------------------------------------------------------

    def export_tmx(self, source_lang: str, target_lang: str, out: Path) -> int:
        """Write the pair's segments as TMX 1.4; returns how many."""
        root = ET.Element("tmx", version="1.4")
        ET.SubElement(
            root,
            "header",
            {
                "creationtool": "Hearth",
                "creationtoolversion": "1",
                "segtype": "sentence",
                "o-tmf": "Hearth",
                "adminlang": "en",
                "srclang": source_lang,
                "datatype": "plaintext",
            },
        )
        body = ET.SubElement(root, "body")
        entries = self.entries(source_lang, target_lang)
        for entry in entries:
            unit = ET.SubElement(body, "tu")
            if entry.origin == "confirmed":
                ET.SubElement(unit, "prop", type="x-hearth-origin").text = "confirmed"
            for lang, text in ((source_lang, entry.source), (target_lang, entry.target)):
                variant = ET.SubElement(unit, "tuv", {XML_LANG: lang})
                ET.SubElement(variant, "seg").text = text
        ET.indent(root)
        ET.ElementTree(root).write(out, encoding="utf-8", xml_declaration=True)
        return len(entries)

    def import_tmx(self, path: Path, source_lang: str, target_lang: str) -> int:
        """Read the pair's units from a TMX file as confirmed segments; returns how many."""
        try:
            tree = ET.parse(path)
        except (ET.ParseError, OSError) as error:
            raise HearthError(f"{path.name} is not a readable TMX file: {error}") from error
        count = 0
        for unit in tree.getroot().iter("tu"):
            texts: dict[str, str] = {}
            for variant in unit.iter("tuv"):
                lang = (variant.get(XML_LANG) or variant.get("lang") or "").lower()
                seg = variant.find("seg")
                if seg is not None:
                    texts[lang.split("-")[0]] = "".join(seg.itertext())
            source = texts.get(source_lang.lower().split("-")[0])
            target = texts.get(target_lang.lower().split("-")[0])
            if source and target:
                self.store(source_lang, target_lang, source, target, "confirmed")
                count += 1
        return count

    # -- glossaries -----------------------------------------------------------------------

    def glossary(self, source_lang: str, target_lang: str) -> Glossary:
        rows = self._db.execute(
            "SELECT source, target FROM glossary WHERE source_lang=? AND target_lang=? "
            "ORDER BY position",
            (source_lang, target_lang),
        ).fetchall()
        return Glossary(tuple(GlossaryEntry(s, t) for s, t in rows))

    def set_glossary(self, source_lang: str, target_lang: str, glossary: Glossary) -> None:
        with self._db:
            self._db.execute(
                "DELETE FROM glossary WHERE source_lang=? AND target_lang=?",
                (source_lang, target_lang),
            )
            self._db.executemany(
                "INSERT INTO glossary VALUES (?, ?, ?, ?, ?)",
                [
                    (source_lang, target_lang, i, e.source, e.target)
                    for i, e in enumerate(glossary.entries)
                ],
            )
