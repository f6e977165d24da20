"""The translation memory's upgrade survives an interruption and two programs opening
the file at once; its listing shows the latest segments; the GUI thread's reads never
wait behind a background write; a document's own ⟦n⟧ brackets pass through the
placeholders unchanged; clearing a translated segment sends it back to the model; a
correction made in the memory reaches the open job; the unconfirmed edits (drafts) are
kept beside the memory, also in a file from before they were."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from engine.translation.job import NOT_TRANSLATED, TranslationJob
from engine.translation.memory import SCHEMA_VERSION, Draft, TranslationMemory
from engine.translation.prompt import protect, restore
from engine.translation.segmenter import parse_text

OLD_SCHEMA = (
    "CREATE TABLE memory (source_lang TEXT NOT NULL, target_lang TEXT NOT NULL, "
    "source TEXT NOT NULL, target TEXT NOT NULL, origin TEXT NOT NULL CHECK "
    "(origin IN ('model', 'confirmed')), updated REAL NOT NULL, "
    "PRIMARY KEY (source_lang, target_lang, source));"
    "INSERT INTO memory VALUES ('en', 'fr', 'Hello.', 'Bonjour.', 'model', 1.0);"
)


def _old_file(path: Path, *, half_upgraded: bool = False) -> Path:
    db = sqlite3.connect(path)
    db.executescript(OLD_SCHEMA)
    if half_upgraded:  # the column added, the version not yet written (a crash between)
        db.execute("ALTER TABLE memory ADD COLUMN model TEXT NOT NULL DEFAULT ''")
    db.commit()
    db.close()
    return path


def _version(path: Path) -> int:
    db = sqlite3.connect(path)
    try:
        return int(db.execute("PRAGMA user_version").fetchone()[0])
    finally:
        db.close()


def test_a_half_finished_upgrade_is_finished_on_the_next_open(tmp_path: Path) -> None:
    path = _old_file(tmp_path / "translation.db", half_upgraded=True)
    memory = TranslationMemory(path)
    try:
        entry = memory.lookup("en", "fr", "Hello.")
        assert entry is not None and (entry.target, entry.model) == ("Bonjour.", "")
        memory.store("en", "fr", "Yes.", "Oui.", "model", "m.gguf:1")
    finally:
        memory.close()
    assert _version(path) == SCHEMA_VERSION


def test_two_programs_upgrading_at_once_both_open_the_file(tmp_path: Path) -> None:
    path = _old_file(tmp_path / "translation.db")
    errors: list[BaseException] = []
    opened: list[TranslationMemory] = []
    start = threading.Barrier(4)

    def open_it() -> None:
        start.wait()
        try:
            opened.append(TranslationMemory(path))
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    for memory in opened:
        memory.close()
    assert _version(path) == SCHEMA_VERSION
    memory = TranslationMemory(path)
    assert memory.count() == 1
    memory.close()


def test_the_listing_shows_the_latest_segments_through_an_index(tmp_path: Path) -> None:
    memory = TranslationMemory(tmp_path / "tm.db")
    for number in range(5):
        memory.store("en", "fr", f"Line {number}.", f"Ligne {number}.", "model", "m:1")
    memory.edit("en", "fr", "Line 0.", "Ligne zéro.")  # the latest change
    assert [e.source for e in memory.search("en", "fr", "", 3)] == ["Line 0.", "Line 4.", "Line 3."]
    memory.close()
    db = sqlite3.connect(tmp_path / "tm.db")
    plan = " ".join(
        str(row[-1])
        for row in db.execute(
            "EXPLAIN QUERY PLAN SELECT source FROM memory WHERE source_lang='en' "
            "AND target_lang='fr' ORDER BY updated DESC, rowid DESC LIMIT 500"
        )
    )
    db.close()
    assert "memory_by_pair_updated" in plan and "TEMP B-TREE" not in plan


def test_a_background_write_never_holds_up_the_owner_threads_reads(tmp_path: Path) -> None:
    path = tmp_path / "tm.db"
    memory = TranslationMemory(path)
    memory.store("en", "fr", "Hello.", "Bonjour.", "confirmed")
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program writing: the background write waits
    background = threading.Thread(target=memory.delete, args=("en", "fr", ["Hello."]))
    background.start()
    time.sleep(0.3)  # the background delete is inside the memory, waiting for the file
    try:
        entry = memory.lookup("en", "fr", "Hello.")
        # The read did not wait for the background write to give up or finish.
        assert background.is_alive()
        assert entry is not None and entry.target == "Bonjour."
    finally:
        other.rollback()
        other.close()
        background.join()
    assert memory.lookup("en", "fr", "Hello.") is None
    memory.close()


@pytest.mark.parametrize(
    ("source", "model_output", "expected", "dropped"),
    [
        ("Use ⟦1⟧ notation", "Utilisez la notation {1}", "Utilisez la notation ⟦1⟧", []),
        ("Use ⟦1⟧ notation", "Utilisez la notation 1", "Utilisez la notation 1", ["⟦1⟧"]),
        (
            "See ⟦1⟧ and `rm -rf /`",
            "Voir {1} et {2}",
            "Voir ⟦1⟧ et `rm -rf /`",
            [],
        ),
        (
            "Step ⟦2⟧ of 3 see https://x.org",
            "Étape {1} sur 3, voir {2}",
            "Étape ⟦2⟧ sur 3, voir https://x.org",
            [],
        ),
        ("Call `f()` now", "Appelez Ce-1⟧ maintenant", "Appelez Ce-`f()` maintenant", []),
    ],
)
def test_a_documents_own_brackets_are_kept_apart_from_the_placeholders(
    source: str, model_output: str, expected: str, dropped: list[str]
) -> None:
    protected = protect(source)
    assert len(protected.originals) == protected.text.count("⟦")
    output = model_output
    for number in range(1, len(protected.originals) + 1):
        output = output.replace(f"{{{number}}}", f"⟦{number}⟧")
    restored, missing = restore(output, protected)
    assert restored == expected and missing == dropped


def test_a_cleared_translation_goes_back_to_the_model(tmp_path: Path) -> None:
    job = TranslationJob(parse_text("One.\n\nTwo.", "text"), "en", "fr")
    for _ in range(2):
        task = job.next_task()
        assert task is not None
        job.complete(task, "X" + task.source)
    assert job.finished
    job.clear(0)
    task = job.next_task()
    assert task is not None and task.index == 0 and not job.finished
    assert job.output() == f"{NOT_TRANSLATED}\n\nXTwo."


def test_a_correction_in_the_memory_reaches_the_open_job(tmp_path: Path) -> None:
    memory = TranslationMemory(tmp_path / "tm.db")
    job = TranslationJob(parse_text("Hi.\n\nBye.\n\nHi.", "text"), "en", "fr", memory=memory)
    while (task := job.next_task()) is not None:
        job.complete(task, "Salut." if task.source == "Hi." else "Au revoir.")
    job.edit(2, "Coucou.")
    changed = job.use_confirmed("Hi.", "Bonjour.")
    assert [(r.index, r.origin) for r in changed] == [(0, "confirmed")]
    assert job.output() == "Bonjour.\n\nAu revoir.\n\nCoucou."
    memory.close()


def test_drafts_are_replaced_as_a_whole_and_kept_in_an_older_file(tmp_path: Path) -> None:
    path = _old_file(tmp_path / "translation.db")
    memory = TranslationMemory(path)
    try:
        assert memory.drafts() == []
        one = Draft("en", "fr", "Hello.", "Salut !")
        two = Draft("en", "de", "Hello.", "Hallo!")
        memory.save_drafts([one, two, Draft("en", "fr", "Hello.", "Bonjour !")])
        # Two drafts of one segment keep the later; the memory's own row is untouched.
        assert memory.drafts() == [two, Draft("en", "fr", "Hello.", "Bonjour !")]
        entry = memory.lookup("en", "fr", "Hello.")
        assert entry is not None and entry.target == "Bonjour."
        memory.save_drafts([one])
    finally:
        memory.close()
    again = TranslationMemory(path)
    try:
        assert again.drafts() == [one]
        again.save_drafts([])
        assert again.drafts() == []
    finally:
        again.close()
