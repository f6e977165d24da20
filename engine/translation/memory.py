"""Every translated segment, kept per language pair in SQLite (``translation.db``), so an
identical source segment is reused exactly instead of asking the model again; plus the
glossaries. Segments the user confirmed (or edited) win over the model's. Beside them, the
user's edits not confirmed yet (``drafts``), which a crash would otherwise lose.

A model's segment records which model wrote it (``model_identity``: the file's name and
size), so that it is reused only for that model: a better model translates again what a
weaker one wrote. Rows from before that was recorded (schema version 0) have an unknown
model (``""``). The thread that opens the store (the GUI thread) has its own connection;
every other thread (the Memory tab reads, edits and imports in the background) shares a
second one, each under its own lock: in WAL mode a long background scan or write never
holds up the GUI thread's lookups. An upgraded file cannot be opened by an older Hearth.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from engine.common.errors import HearthError
from engine.common.messages import Message, msg
from engine.translation.glossary import Glossary, GlossaryEntry
from engine.translation.languages import BY_CODE, code_for_tag

log = logging.getLogger(__name__)

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
CREATE INDEX IF NOT EXISTS memory_by_pair_updated ON memory (source_lang, target_lang, updated);
CREATE TABLE IF NOT EXISTS glossary (
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    position INTEGER NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    PRIMARY KEY (source_lang, target_lang, position)
);
CREATE TABLE IF NOT EXISTS drafts (
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    PRIMARY KEY (source_lang, target_lang, source)
);
"""


# Each step upgrades the schema from its index to the next version (PRAGMA user_version):
# a column to add to the memory table, skipped where a step was interrupted after adding
# it (files written before the steps ran in one transaction).
_MIGRATIONS = (
    # 0 → 1: the model that wrote a segment ("" for the rows already there: unknown).
    ("model", "ALTER TABLE memory ADD COLUMN model TEXT NOT NULL DEFAULT ''"),
)
BUSY_TIMEOUT_S = 30.0  # how long a write waits for another connection's write
SCHEMA_VERSION = len(_MIGRATIONS)

_STORE = (
    "INSERT INTO memory (source_lang, target_lang, source, target, origin, updated, model) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (source_lang, target_lang, source) DO UPDATE SET "
    "target=excluded.target, origin=excluded.origin, updated=excluded.updated, "
    "model=excluded.model "
    "WHERE memory.origin='model' OR excluded.origin='confirmed'"
)
_LIKE_ESCAPE = str.maketrans({"\\": "\\\\", "%": "\\%", "_": "\\_"})
# TMX inline elements that hold the original format's codes (RTF, HTML tags), not text.
_TMX_CODES = frozenset({"bpt", "ept", "it", "ph", "ut"})


def _cannot_open(path: Path, error: sqlite3.Error) -> HearthError:
    return HearthError(
        msg("Cannot open the translation memory {path}: {reason}", path=path, reason=error)
    )


def model_identity(path: str | Path) -> str:
    """How the memory names the model file at ``path``: its file name and size in bytes.

    Not its full path: the same file keeps its segments when the models folder moves or
    the memory is used from the command line with another path to it; and a file of the
    same name with another size (another quantization, a newer upload) counts as another
    model. A file that cannot be read is named by its file name alone."""
    name = Path(path).name
    try:
        return f"{name}:{Path(path).stat().st_size}"
    except OSError:
        return name


def model_file_name(identity: str) -> str:
    """The file name part of a ``model_identity`` ("" for an unknown model)."""
    return identity.rsplit(":", 1)[0] if identity[-1:].isdigit() else identity


@dataclass(frozen=True)
class Draft:
    """A translation the user edited and has not confirmed into the memory: kept beside
    it so that a crash or a killed process loses no edit (``save_drafts``)."""

    source_lang: str
    target_lang: str
    source: str
    target: str


@dataclass(frozen=True)
class MemoryEntry:
    source: str
    target: str
    origin: Origin
    model: str = ""  # the model_identity of a model's segment; "" when unknown or confirmed


class TranslationMemory:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._path = path
        self._owner = threading.get_ident()
        self._lock = threading.RLock()
        self._background_lock = threading.RLock()
        self._background_db: sqlite3.Connection | None = None
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            db = None
            try:
                db = self._connect()
                db.execute("PRAGMA journal_mode=WAL")
                db.executescript(_SCHEMA)
                self._migrate(db)
                self._main_db = db
                return
            except sqlite3.OperationalError as error:
                if db is not None:
                    db.close()
                # Programs opening a file at once (each switching it to WAL, creating
                # or upgrading its tables): SQLite answers "locked" at once where
                # waiting could deadlock; it passes once the other has finished.
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise _cannot_open(path, error) from error
                time.sleep(0.05)
            except sqlite3.Error as error:
                if db is not None:
                    db.close()
                raise _cannot_open(path, error) from error

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(str(self._path), timeout=BUSY_TIMEOUT_S, check_same_thread=False)

    @contextmanager
    def _use(self) -> Iterator[sqlite3.Connection]:
        """This thread's connection, under its lock: the GUI thread's own, or the one
        every background thread shares."""
        if threading.get_ident() == self._owner:
            with self._lock:
                yield self._main_db
            return
        with self._background_lock:
            if self._background_db is None:
                self._background_db = self._connect()
            yield self._background_db

    @staticmethod
    def _migrate(db: sqlite3.Connection) -> None:
        """Upgrade an older file (or a new one) step by step; every existing row
        is kept. Each step runs in one write transaction that first reads the version
        again (another process may have upgraded the file meanwhile) and adds a column
        only where it is missing: an interrupted upgrade is finished, never repeated."""
        while True:
            db.execute("BEGIN IMMEDIATE")
            try:
                version = int(db.execute("PRAGMA user_version").fetchone()[0])
                if version >= SCHEMA_VERSION:
                    db.rollback()
                    return
                column, statement = _MIGRATIONS[version]
                columns = {row[1] for row in db.execute("PRAGMA table_info(memory)")}
                if column not in columns:
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {version + 1}")
                db.commit()
            except BaseException:
                db.rollback()
                raise
            log.info("Translation memory upgraded to schema version %d", version + 1)

    def close(self) -> None:
        with self._lock:
            self._main_db.close()
        with self._background_lock:
            if self._background_db is not None:
                self._background_db.close()

    # -- segments -----------------------------------------------------------------------

    def lookup(self, source_lang: str, target_lang: str, source: str) -> MemoryEntry | None:
        with self._use() as db:
            row = db.execute(
                "SELECT target, origin, model FROM memory "
                "WHERE source_lang=? AND target_lang=? AND source=?",
                (source_lang, target_lang, source),
            ).fetchone()
        return MemoryEntry(source, row[0], row[1], row[2]) if row else None

    def store(
        self,
        source_lang: str,
        target_lang: str,
        source: str,
        target: str,
        origin: Origin,
        model: str = "",
    ) -> None:
        """Keep a pair; a model's translation never replaces a confirmed one. ``model``:
        the ``model_identity`` of the model that wrote a model segment."""
        model = model if origin == "model" else ""
        with self._use() as db, db:
            db.execute(
                _STORE, (source_lang, target_lang, source, target, origin, time.time(), model)
            )

    def entries(self, source_lang: str, target_lang: str) -> list[MemoryEntry]:
        return self.search(source_lang, target_lang)

    def search(
        self, source_lang: str, target_lang: str, text: str = "", limit: int = -1
    ) -> list[MemoryEntry]:
        """The pair's segments, the latest changed first, whose source or translation contains
        ``text`` (ASCII letters in any case; all of them for ""); at most ``limit``
        (-1: no limit)."""
        pattern = f"%{text.translate(_LIKE_ESCAPE)}%"
        with self._use() as db:
            rows = db.execute(
                "SELECT source, target, origin, model FROM memory "
                "WHERE source_lang=? AND target_lang=? "
                "AND (source LIKE ? ESCAPE '\\' OR target LIKE ? ESCAPE '\\') "
                "ORDER BY updated DESC, rowid DESC LIMIT ?",
                (source_lang, target_lang, pattern, pattern, limit),
            ).fetchall()
        return [MemoryEntry(*row) for row in rows]

    def edit(self, source_lang: str, target_lang: str, source: str, target: str) -> None:
        """The user's own translation of a remembered segment: it becomes confirmed."""
        self.store(source_lang, target_lang, source, target, "confirmed")

    def delete(self, source_lang: str, target_lang: str, sources: list[str]) -> int:
        """Forget these segments of the pair; returns how many were there."""
        with self._use() as db, db:
            cursor = db.executemany(
                "DELETE FROM memory WHERE source_lang=? AND target_lang=? AND source=?",
                [(source_lang, target_lang, source) for source in sources],
            )
        return max(0, cursor.rowcount)

    def clear_pair(self, source_lang: str, target_lang: str) -> int:
        """Forget every segment of the pair (its glossary stays); returns how many."""
        with self._use() as db, db:
            cursor = db.execute(
                "DELETE FROM memory WHERE source_lang=? AND target_lang=?",
                (source_lang, target_lang),
            )
        return max(0, cursor.rowcount)

    def count(self, source_lang: str | None = None, target_lang: str | None = None) -> int:
        """How many segments: all of them, or the pair's."""
        with self._use() as db:
            if source_lang is None or target_lang is None:
                row = db.execute("SELECT COUNT(*) FROM memory").fetchone()
            else:
                row = db.execute(
                    "SELECT COUNT(*) FROM memory WHERE source_lang=? AND target_lang=?",
                    (source_lang, target_lang),
                ).fetchone()
        return int(row[0])

    # -- drafts ---------------------------------------------------------------------------

    def save_drafts(self, drafts: Iterable[Draft]) -> None:
        """Keep exactly these unconfirmed edits (none: forget them all), in one
        transaction: a crash leaves the old set or the new one, never half of it. Two
        drafts of one segment keep the later."""
        rows = [(d.source_lang, d.target_lang, d.source, d.target) for d in drafts]
        with self._use() as db, db:
            db.execute("DELETE FROM drafts")
            db.executemany("INSERT OR REPLACE INTO drafts VALUES (?, ?, ?, ?)", rows)

    def drafts(self) -> list[Draft]:
        """The unconfirmed edits kept by :meth:`save_drafts`, in the order saved."""
        with self._use() as db:
            rows = db.execute(
                "SELECT source_lang, target_lang, source, target FROM drafts ORDER BY rowid"
            ).fetchall()
        return [Draft(*row) for row in rows]

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
        """Read the pair's units from a TMX file as confirmed segments; returns how many.

        The file is untrusted. A DTD or an entity declaration is refused before anything
        is expanded (an "XML bomb" grows a few hundred bytes into gigabytes, an external
        entity reads another file). The file is read as a stream, one unit at a time, and
        stored in one transaction: a file broken half-way imports nothing.

        Raises:
            HearthError: with a message for the user, for any file that cannot be used.
        """
        problem = tmx_pair_problem(source_lang, target_lang)
        if problem is not None:
            raise HearthError(problem)
        source, target = code_for_tag(source_lang), code_for_tag(target_lang)
        pairs: list[tuple[str, str]] = []
        languages: set[str] = set()
        root_seen = False
        try:
            with path.open("rb") as handle:
                for event, element in iterparse(handle, ("start", "end"), forbid_dtd=True):
                    if event == "start":
                        if not root_seen and element.tag != "tmx":
                            raise HearthError(
                                msg(
                                    "{name} is not a TMX file: its root element is "
                                    "<{element}>, not <tmx>.",
                                    name=path.name,
                                    element=_shown(str(element.tag)),
                                )
                            )
                        root_seen = True
                        continue
                    if element.tag != "tu":
                        continue
                    texts = _unit_texts(element)
                    languages.update(texts)
                    if texts.get(source) and texts.get(target):
                        pairs.append((texts[source], texts[target]))
                    element.clear()  # keeps memory flat on a large file
        except DefusedXmlException as error:
            raise HearthError(
                msg(
                    "{name} declares a DTD or entities, which Hearth refuses in imported "
                    "files (they can expand into gigabytes of text or read other files).",
                    name=path.name,
                )
            ) from error
        except (ET.ParseError, OSError, ValueError, LookupError) as error:
            raise HearthError(
                msg("{name} is not a readable TMX file: {reason}", name=path.name, reason=error)
            ) from error
        if not pairs:
            raise HearthError(_no_pairs(path.name, source, target, languages))
        now = time.time()
        try:
            with self._use() as db, db:
                db.executemany(
                    _STORE,
                    [(source_lang, target_lang, s, t, "confirmed", now, "") for s, t in pairs],
                )
        except sqlite3.Error as error:
            raise HearthError(
                msg("Cannot store the segments of {name}: {reason}", name=path.name, reason=error)
            ) from error
        return len(pairs)

    # -- glossaries -----------------------------------------------------------------------

    def glossary(self, source_lang: str, target_lang: str) -> Glossary:
        with self._use() as db:
            rows = db.execute(
                "SELECT source, target FROM glossary WHERE source_lang=? AND target_lang=? "
                "ORDER BY position",
                (source_lang, target_lang),
            ).fetchall()
        return Glossary(tuple(GlossaryEntry(s, t) for s, t in rows))

    def set_glossary(self, source_lang: str, target_lang: str, glossary: Glossary) -> None:
        with self._use() as db, db:
            db.execute(
                "DELETE FROM glossary WHERE source_lang=? AND target_lang=?",
                (source_lang, target_lang),
            )
            db.executemany(
                "INSERT INTO glossary VALUES (?, ?, ?, ?, ?)",
                [
                    (source_lang, target_lang, i, e.source, e.target)
                    for i, e in enumerate(glossary.entries)
                ],
            )


def _unit_texts(unit: ET.Element) -> dict[str, str]:
    """A translation unit's text per language code (``zh-CN`` → ``zh``, ``zh-TW`` kept)."""
    texts: dict[str, str] = {}
    for variant in unit.findall("tuv"):
        lang = variant.get(XML_LANG) or variant.get("lang") or ""
        seg = variant.find("seg")
        if seg is None:
            continue
        for code in [e for e in seg.iter() if e.tag in _TMX_CODES]:
            code.text = None  # its tail, the text after it, stays
            del code[:]
        texts[code_for_tag(lang)] = "".join(seg.itertext())
    return texts


def tmx_pair_problem(source_lang: str, target_lang: str) -> Message | None:
    """Why a TMX file cannot be imported into ``source_lang`` → ``target_lang`` (auto-
    detect as the source, or the same language twice), or None when it can."""
    source, target = code_for_tag(source_lang), code_for_tag(target_lang)
    if source not in BY_CODE:
        return msg("Choose the source language before importing a TMX file.")
    if target not in BY_CODE or target == source:
        return msg("Choose two different languages before importing a TMX file.")
    return None


def _no_pairs(name: str, source: str, target: str, languages: set[str]) -> Message:
    """Why a TMX file gave nothing to import for ``source`` → ``target``."""
    found = ", ".join(sorted(_shown(code, 12) for code in languages)[:20])
    if not found:
        return msg(
            "{name} has no segment in both {source} and {target}; the languages it holds "
            "are: none.",
            name=name,
            source=BY_CODE[source].name,
            target=BY_CODE[target].name,
        )
    return msg(
        "{name} has no segment in both {source} and {target}; the languages it holds are: {found}.",
        name=name,
        source=BY_CODE[source].name,
        target=BY_CODE[target].name,
        found=found,
    )


def _shown(text: str, limit: int = 40) -> str:
    """Untrusted text cut short and with control characters made visible, for a message."""
    shown = "".join(c if c.isprintable() else "?" for c in text[:limit])
    return shown + ("…" if len(text) > limit else "")
