"""The translation memory records which model wrote a segment and reuses it only for
that model (confirmed segments always); the glossary and broken placeholders send
remembered segments back to the model; old memory files are upgraded in place; the
Memory tab's searches and edits; a stopped job marks what it did not translate."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from engine.translation.glossary import Glossary, GlossaryEntry
from engine.translation.job import NOT_TRANSLATED, TranslationJob
from engine.translation.languages import LANGUAGES
from engine.translation.memory import (
    SCHEMA_VERSION,
    TranslationMemory,
    model_file_name,
    model_identity,
)
from engine.translation.prompt import broken_placeholders, protect, restore
from engine.translation.segmenter import parse_text

SMALL = "small.gguf:100"
LARGE = "large.gguf:900"


def _job(memory: TranslationMemory, text: str, model_id: str, **kwargs: object) -> TranslationJob:
    return TranslationJob(
        parse_text(text, "text"),
        "en",
        "fr",
        memory=memory,
        model_id=model_id,
        **kwargs,  # type: ignore[arg-type]
    )


def test_an_old_memory_file_is_upgraded_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "translation.db"
    with sqlite3.connect(path) as db:  # the schema before models were recorded
        db.executescript(
            "CREATE TABLE memory (source_lang TEXT NOT NULL, target_lang TEXT NOT NULL, "
            "source TEXT NOT NULL, target TEXT NOT NULL, origin TEXT NOT NULL CHECK "
            "(origin IN ('model', 'confirmed')), updated REAL NOT NULL, "
            "PRIMARY KEY (source_lang, target_lang, source));"
            "INSERT INTO memory VALUES ('en', 'fr', 'Hello.', 'Bonjour.', 'model', 1.0);"
            "INSERT INTO memory VALUES ('en', 'fr', 'Yes.', 'Oui.', 'confirmed', 2.0);"
        )
    db.close()
    memory = TranslationMemory(path)
    try:
        old = memory.lookup("en", "fr", "Hello.")
        assert old is not None and (old.target, old.origin, old.model) == ("Bonjour.", "model", "")
        assert memory.count() == 2
        # An unknown model's segment is translated again by a named model; the
        # confirmed one is reused.
        job = _job(memory, "Hello.\n\nYes.", SMALL)
        task = job.next_task()
        assert task is not None and task.index == 0
        job.complete(task, "Salut.")
        assert job.next_task() is None
        assert [(r.index, r.origin) for r in job.take_memory_hits()] == [(1, "confirmed")]
    finally:
        memory.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.close()
    TranslationMemory(path).close()  # opening an upgraded file again changes nothing


def test_a_model_segment_is_reused_only_by_the_model_that_wrote_it(tmp_path: Path) -> None:
    memory = TranslationMemory(tmp_path / "tm.db")
    memory.store("en", "fr", "Good night.", "Bonne nuit.", "model", SMALL)
    memory.store("en", "fr", "See you.", "À plus.", "confirmed")
    same = _job(memory, "Good night.\n\nSee you.", SMALL)
    assert same.next_task() is None
    assert [r.origin for r in same.take_memory_hits()] == ["memory", "confirmed"]

    other = _job(memory, "Good night.\n\nSee you.", LARGE)
    task = other.next_task()
    assert task is not None and task.source == "Good night."
    assert [r.origin for r in other.take_memory_hits()] == []  # the confirmed one comes later
    other.complete(task, "Bonne nuit à toi.")
    assert other.next_task() is None
    assert [r.target for r in other.take_memory_hits()] == ["À plus."]
    entry = memory.lookup("en", "fr", "Good night.")
    assert entry is not None and (entry.target, entry.model) == ("Bonne nuit à toi.", LARGE)

    # Retranslate: the memory is not used at all, not even the confirmed segment...
    again = _job(memory, "Good night.\n\nSee you.", LARGE, use_memory=False)
    first = again.next_task()
    assert first is not None and first.index == 0 and again.take_memory_hits() == []
    # ...and what the model writes never replaces a confirmed segment.
    again.complete(first, "Bonne nuit.")
    second = again.next_task()
    assert second is not None and second.index == 1
    again.complete(second, "À bientôt.")
    kept = memory.lookup("en", "fr", "See you.")
    assert kept is not None and (kept.target, kept.origin) == ("À plus.", "confirmed")
    memory.close()


def test_model_identity_is_the_file_name_and_size(tmp_path: Path) -> None:
    first = tmp_path / "a" / "model.gguf"
    moved = tmp_path / "b" / "model.gguf"
    other = tmp_path / "c" / "model.gguf"
    for path, size in ((first, 10), (moved, 10), (other, 11)):
        path.parent.mkdir()
        path.write_bytes(b"x" * size)
    assert model_identity(first) == model_identity(moved) == "model.gguf:10"
    assert model_identity(other) != model_identity(first)
    assert model_identity(tmp_path / "gone.gguf") == "gone.gguf"
    assert model_file_name(model_identity(first)) == "model.gguf"
    assert model_file_name("") == ""


def test_a_new_glossary_term_sends_remembered_model_segments_back(tmp_path: Path) -> None:
    memory = TranslationMemory(tmp_path / "tm.db")
    memory.store("en", "fr", "The cat sleeps.", "Le cat dort.", "model", SMALL)
    memory.store("en", "fr", "A cat eats.", "Un chat mange.", "model", SMALL)
    memory.store("en", "fr", "My cat runs.", "Mon cat court.", "confirmed")
    glossary = Glossary((GlossaryEntry("cat", "chat"),))
    job = _job(memory, "The cat sleeps.\n\nA cat eats.\n\nMy cat runs.", SMALL, glossary=glossary)
    task = job.next_task()
    assert task is not None and task.source == "The cat sleeps."
    assert "cat → chat" in task.messages[-1].content
    job.complete(task, "Le chat dort.")
    assert job.next_task() is None
    hits = {r.source: r for r in job.take_memory_hits()}
    assert hits["A cat eats."].origin == "memory" and not hits["A cat eats."].issues
    # The user's own translation is kept, and flagged.
    assert hits["My cat runs."].origin == "confirmed" and hits["My cat runs."].issues

    # A job that is continued with a new term: its segments that lack it go back.
    plain = _job(memory, "The dog barks.\n\nA cat eats.", SMALL)
    dog = plain.next_task()
    assert dog is not None
    plain.complete(dog, "Le dog aboie.")
    assert plain.next_task() is None and plain.finished
    plain.take_memory_hits()
    assert plain.set_glossary(Glossary((GlossaryEntry("dog", "chien"),))) == 1
    again = plain.next_task()
    assert again is not None and again.source == "The dog barks." and not plain.finished
    memory.close()


def test_a_broken_placeholder_never_reaches_the_output(tmp_path: Path) -> None:
    protected = protect("Run `make run` now.")
    assert restore("Ce-1⟧ maintenant.", protected) == ("Ce-`make run` maintenant.", [])
    assert restore("Lancez ⟦1 tout de suite.", protected)[0] == "Lancez `make run` tout de suite."
    text, missing = restore("Lancez ⟦ maintenant.", protected)
    assert "⟦" not in text and "⟧" not in text and missing == ["`make run`"]
    assert restore("⟦1⟧ et 1⟧", protected)[0] == "`make run` et "
    # Brackets of the text's own are protected too, and come back as they were.
    own = protect("Keep ⟦this⟧ and `code`.")
    assert own.text == "Keep ⟦1⟧ and ⟦2⟧."
    assert restore("Garde ⟦1⟧ et ⟦2⟧.", own) == ("Garde ⟦this⟧ et `code`.", [])
    assert restore("Garde ⟦ceci⟧ et ⟦2⟧.", own) == ("Garde ⟦ceci⟧ et `code`.", ["⟦this⟧"])
    assert broken_placeholders("Run it.", "Lancez-1⟧.")
    assert not broken_placeholders("Keep ⟦this⟧.", "Garde ⟦ceci⟧.")

    # A remembered model segment with a leaked placeholder is translated again; a
    # confirmed one is flagged.
    memory = TranslationMemory(tmp_path / "tm.db")
    memory.store("en", "fr", "Run it now.", "Ce-1⟧ maintenant.", "model", SMALL)
    memory.store("en", "fr", "Stop it.", "Arrête ⟦2⟧.", "confirmed")
    job = _job(memory, "Run it now.\n\nStop it.", SMALL)
    task = job.next_task()
    assert task is not None and task.source == "Run it now."
    job.complete(task, "Lancez-le maintenant.")
    assert job.next_task() is None
    (confirmed,) = job.take_memory_hits()
    assert any("placeholder" in issue for issue in confirmed.issues)
    memory.close()


def test_a_remembered_segment_that_lost_a_link_is_translated_again(tmp_path: Path) -> None:
    # Written when a link with Chinese letters was cut apart at them: its end was
    # translated ("…/wiki/ exit"). The link is whole now, so the row is not reused.
    memory = TranslationMemory(tmp_path / "tm.db")
    wiki = "See https://zh.wikipedia.org/wiki/出口 for more."
    memory.store("en", "fr", wiki, "Voir https://zh.wikipedia.org/wiki/ sortie.", "model", SMALL)
    memory.store(
        "en",
        "fr",
        "Go to https://example.com now.",
        "Allez sur https://example.com.",
        "model",
        SMALL,
    )
    job = _job(memory, f"{wiki}\n\nGo to https://example.com now.", SMALL)
    task = job.next_task()
    assert task is not None and task.source == wiki and "⟦1⟧" in task.messages[-1].content
    job.complete(task, "Voir ⟦1⟧ pour en savoir plus.")
    assert job.next_task() is None
    (kept,) = job.take_memory_hits()
    assert kept.origin == "memory" and kept.source == "Go to https://example.com now."
    assert job.results[0].target == "Voir https://zh.wikipedia.org/wiki/出口 pour en savoir plus."
    memory.close()


def test_letters_a_glossary_kept_are_not_reused_without_it(tmp_path: Path) -> None:
    # Written while the glossary kept 微信 as it is: reused only while it still does.
    memory = TranslationMemory(tmp_path / "tm.db")
    source, target = "我总是用微信聊天。", "I always use 微信 to chat."
    memory.store("zh", "en", source, target, "model", SMALL)
    kept = Glossary((GlossaryEntry("微信", ""),))

    def job(glossary: Glossary | None) -> TranslationJob:
        return TranslationJob(
            parse_text(source, "text"), "zh", "en", memory=memory, model_id=SMALL,
            **({} if glossary is None else {"glossary": glossary}),
        )  # fmt: skip

    with_term = job(kept)
    assert with_term.next_task() is None
    (hit,) = with_term.take_memory_hits()
    assert hit.target == target and hit.issues == ()
    without = job(None)
    task = without.next_task()
    assert task is not None and task.source == source, "translated again"
    # The same where the glossary changes while the text is open.
    assert with_term.set_glossary(Glossary()) == 1 and 0 not in with_term.results
    memory.close()


def test_a_remembered_translation_without_the_chinese_name_is_not_reused(tmp_path: Path) -> None:
    # Stored before the check that the name must come back ("北京" for "東京").
    memory = TranslationMemory(tmp_path / "tm.db")
    source = "I flew to 東京 last week."
    memory.store("en", "zh", source, "我上周去了北京。", "model", SMALL)
    memory.store("en", "zh", "I live in 東京 now.", "我现在住在东京。", "model", SMALL)
    text = f"{source}\n\nI live in 東京 now."
    job = TranslationJob(parse_text(text, "text"), "en", "zh", memory=memory, model_id=SMALL)
    task = job.next_task()
    assert task is not None and task.source == source, "translated again"
    assert [hit.index for hit in job.take_memory_hits()] == []
    job.complete(task, "我上周飞往东京。")
    assert job.next_task() is None
    assert [hit.target for hit in job.take_memory_hits()] == ["我现在住在东京。"]
    memory.close()


def test_the_memory_is_searched_edited_deleted_and_cleared_by_pair(tmp_path: Path) -> None:
    memory = TranslationMemory(tmp_path / "tm.db")
    memory.store("en", "fr", "100% sure.", "Sûr à 100 %.", "model", SMALL)
    memory.store("en", "fr", "Good night.", "Bonne nuit.", "model", SMALL)
    memory.store("en", "fr", "Good_morning", "Bonjour", "model", SMALL)
    memory.store("en", "de", "Good night.", "Gute Nacht.", "model", SMALL)
    assert [e.source for e in memory.search("en", "fr", "GOOD")] == ["Good_morning", "Good night."]
    assert [e.source for e in memory.search("en", "fr", "%")] == ["100% sure."]
    assert [e.source for e in memory.search("en", "fr", "d_m")] == ["Good_morning"]
    assert [e.source for e in memory.search("en", "fr", "nuit")] == ["Good night."]
    assert len(memory.search("en", "fr", "", 2)) == 2
    memory.edit("en", "fr", "Good night.", "Bonne nuit !")
    entry = memory.lookup("en", "fr", "Good night.")
    assert entry is not None and (entry.target, entry.origin, entry.model) == (
        "Bonne nuit !",
        "confirmed",
        "",
    )
    assert memory.delete("en", "fr", ["100% sure.", "absent"]) == 1
    assert memory.count("en", "fr") == 2 and memory.count() == 3
    assert memory.clear_pair("en", "fr") == 2
    assert memory.count("en", "fr") == 0 and memory.count("en", "de") == 1
    memory.close()


def test_edits_reach_the_output_and_a_stop_marks_the_rest(tmp_path: Path) -> None:
    memory = TranslationMemory(tmp_path / "tm.db")
    job = _job(memory, "One.\n\nTwo.\n\nThree.", SMALL)
    task = job.next_task()
    assert task is not None
    job.complete(task, "Un.")
    assert job.output() == f"Un.\n\n{NOT_TRANSLATED}\n\n{NOT_TRANSLATED}"
    assert job.untranslated == 2
    edited = job.edit(1, "Deux.")
    assert edited.origin == "edited" and job.output() == f"Un.\n\nDeux.\n\n{NOT_TRANSLATED}"
    assert memory.lookup("en", "fr", "Two.") is None, "an edit is stored only when confirmed"
    assert [r.index for r in job.edited()] == [1] and job.from_memory() == 0
    job.confirm(1, "Deux.")
    assert job.edited() == []
    hit = memory.lookup("en", "fr", "Two.")
    assert hit is not None and hit.origin == "confirmed"
    memory.close()


def test_languages_are_listed_by_name() -> None:
    names = [lang.name for lang in LANGUAGES]
    assert names == sorted(names, key=str.casefold)
    assert names.index("French") < names.index("German")
