"""The chat history database: round trips, migrations, recovery, search, deletion."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from engine.chat.history_schema import split_sql
from engine.chat.history_store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    HistoryStore,
    HistoryStoreError,
    auto_title,
    day_group,
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    opened = HistoryStore(tmp_path / "history.db")
    yield opened
    opened.close()  # waits for the scrub a delete started


def test_round_trip_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    store = HistoryStore(path)
    chat = store.create_conversation("Trip", system_prompt="Be brief.", model_path="/m.gguf")
    user = store.add_message(chat.id, "user", "Hello **there**")
    reply = store.add_message(
        chat.id, "assistant", "", state="streaming", model_path="/m.gguf", sampling={"seed": 3}
    )
    store.save_partial(reply.id, "Hi")
    store.finish_message(reply.id, content="Hi!", state="complete", stats={"decode_tps": 9.5})
    store.close()

    again = HistoryStore(path)
    assert again.interrupted_count == 0
    [conversation] = again.conversations()
    assert conversation.title == "Trip"
    assert conversation.system_prompt == "Be brief."
    messages = again.messages(chat.id)
    assert [m.role for m in messages] == ["user", "assistant"]
    assert messages[0].content == user.content
    assert messages[1].content == "Hi!"
    assert messages[1].state == "complete"
    assert messages[1].stats == {"decode_tps": 9.5}
    assert messages[1].sampling == {"seed": 3}
    assert messages[1].model_path == "/m.gguf"
    assert _pragma(path, "journal_mode") == "wal"


def test_streaming_replies_become_interrupted_on_next_open(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    store = HistoryStore(path)
    chat = store.create_conversation()
    store.add_message(chat.id, "user", "Tell me a story")
    reply = store.add_message(chat.id, "assistant", "", state="streaming")
    store.save_partial(reply.id, "Once upon a time")
    # No close: as if the process had been killed.
    again = HistoryStore(path)
    assert again.interrupted_count == 1
    saved = again.message(reply.id)
    assert saved.state == "interrupted"
    assert saved.content == "Once upon a time"


def test_conversations_newest_first_and_rename(store: HistoryStore) -> None:
    old = store.create_conversation("old", created_at=1000.0)
    new = store.create_conversation("new", created_at=2000.0)
    assert [c.id for c in store.conversations()] == [new.id, old.id]
    store.add_message(old.id, "user", "bump")  # activity moves it to the top
    assert store.conversations()[0].id == old.id
    store.rename_conversation(old.id, "  renamed  ")
    assert store.conversation(old.id).title == "renamed"
    store.set_system_prompt(old.id, "You are terse.")
    assert store.conversation(old.id).system_prompt == "You are terse."


def test_full_text_search_finds_words_in_messages_and_titles(store: HistoryStore) -> None:
    a = store.create_conversation("Cooking")
    store.add_message(a.id, "user", "How long do I boil an egg?")
    b = store.create_conversation("Travel plans")
    store.add_message(b.id, "assistant", "Kyoto is lovely in autumn.")
    assert [h.conversation.id for h in store.search("kyoto")] == [b.id]
    assert "\x02Kyoto\x03" in store.search("Kyoto")[0].snippet
    assert [h.conversation.id for h in store.search("cook")] == [a.id]
    assert [h.conversation.id for h in store.search("boil egg")] == [a.id]
    assert store.search("nothing-like-this") == []
    assert store.search('"') == []
    # FTS syntax in a query is quoted, never run: no error, and every word must match.
    assert store.search("egg AND OR NEAR(") == []
    assert [h.conversation.id for h in store.search("egg boil")] == [a.id]


def test_search_finds_chinese_and_japanese_words_inside_sentences(store: HistoryStore) -> None:
    """Chinese and Japanese are written without spaces: the full-text index holds a
    whole clause as one token, so a word inside it is looked for as a substring."""
    a = store.create_conversation("问题")
    store.add_message(a.id, "assistant", "这把宝剑属于一个古老的家族，它象征着勇气。")
    b = store.create_conversation("旅行")
    store.add_message(b.id, "user", "京都の秋はとても美しいです。Kyoto in autumn.")
    hits = store.search("家族")
    assert [h.conversation.id for h in hits] == [a.id]
    assert "\x02家族\x03" in hits[0].snippet and hits[0].message_id is not None
    assert [h.conversation.id for h in store.search("宝剑 勇气")] == [a.id]
    assert store.search("宝剑 旅行") == []  # every word must be in one message
    assert [h.conversation.id for h in store.search("秋 kyoto")] == [b.id]
    assert [h.conversation.id for h in store.search("旅")] == [b.id]  # the title
    # LIKE's wildcards in a query are text, not patterns.
    assert store.search("家%族") == [] and store.search("宝_") == []


def test_search_sees_edits_and_deletes(store: HistoryStore) -> None:
    chat = store.create_conversation()
    message = store.add_message(chat.id, "user", "alpha")
    store.update_content(message.id, "omega")
    assert store.search("alpha") == []
    assert len(store.search("omega")) == 1
    store.delete_message(message.id)
    assert store.search("omega") == []


def test_export_and_import_round_trip(store: HistoryStore) -> None:
    chat = store.create_conversation("Export me", system_prompt="sys")
    store.add_message(chat.id, "user", "Question?")
    reply = store.add_message(chat.id, "assistant", "", state="streaming")
    store.finish_message(reply.id, content="Answer with `code`.", state="complete", stats={"a": 1})
    data = store.export_json(chat.id)
    text = json.dumps(data)
    imported = store.import_json(json.loads(text))
    assert imported.id != chat.id
    assert imported.title == "Export me"
    assert imported.system_prompt == "sys"
    original = [(m.role, m.content, m.state, m.stats) for m in store.messages(chat.id)]
    copied = [(m.role, m.content, m.state, m.stats) for m in store.messages(imported.id)]
    assert copied == original
    markdown = store.export_markdown(chat.id)
    assert markdown.startswith("# Export me\n")
    assert "## You\n\nQuestion?" in markdown
    assert "## Assistant\n\nAnswer with `code`." in markdown


@pytest.mark.parametrize(
    "data",
    [{}, {"format": "other"}, {"format": "hearth-conversation", "messages": [{"role": "x"}]}],
)
def test_import_rejects_foreign_files(store: HistoryStore, data: dict[str, object]) -> None:
    with pytest.raises(HistoryStoreError):
        store.import_json(data)
    assert store.conversations() == []


def _pragma(path: Path, name: str) -> object:
    """A PRAGMA's value read on a connection of the test's own."""
    with closing(sqlite3.connect(path)) as db:
        return db.execute(f"PRAGMA {name}").fetchone()[0]


def write_schema_one_history(path: Path, title: str, *, message: str = "") -> None:
    """A history as the first schema version wrote it: one conversation, and one user
    message when ``message`` is given."""
    db = sqlite3.connect(path)
    for statement in split_sql(MIGRATIONS[0]):
        db.execute(statement)
    db.execute("PRAGMA user_version = 1")
    db.execute(
        "INSERT INTO conversations (id, title, created_at, updated_at) VALUES (1, ?, 1, 1)",
        (title,),
    )
    if message:
        db.execute(
            "INSERT INTO messages (conversation_id, position, role, content, created_at, "
            "updated_at) VALUES (1, 0, 'user', ?, 1, 1)",
            (message,),
        )
    db.commit()
    db.close()


def test_migration_from_schema_one_backs_up_and_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    write_schema_one_history(path, "Old", message="an old zebra message")

    store = HistoryStore(path)
    assert _pragma(path, "user_version") == SCHEMA_VERSION
    assert [m.content for m in store.messages(1)] == ["an old zebra message"]
    assert [h.conversation.title for h in store.search("zebra")] == ["Old"]
    # The backup is removed once the upgrade succeeded: it would keep deleted chats.
    assert not (tmp_path / "history.db.v1.bak").exists()


def test_failed_migration_keeps_its_backup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import engine.chat.history_schema as history_schema

    path = tmp_path / "history.db"
    write_schema_one_history(path, "Old")
    monkeypatch.setattr(
        history_schema, "MIGRATIONS", (*MIGRATIONS[:1], "CREATE TABLE broken (;", *MIGRATIONS[2:])
    )
    with pytest.raises(HistoryStoreError):
        HistoryStore(path)
    backup = tmp_path / "history.db.v1.bak"
    assert backup.exists()
    with sqlite3.connect(backup) as old:
        assert old.execute("PRAGMA user_version").fetchone()[0] == 1
        assert old.execute("SELECT title FROM conversations").fetchone()[0] == "Old"
    assert path.exists()
    assert not list(tmp_path.glob("*.corrupt-*"))


def test_corrupt_database_is_moved_aside_not_deleted(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    garbage = b"this is not a database" * 100
    path.write_bytes(garbage)
    store = HistoryStore(path)
    assert store.recovered_from is not None
    assert store.recovered_from.read_bytes() == garbage
    assert store.conversations() == []
    store.create_conversation("fresh")
    assert [c.title for c in HistoryStore(path).conversations()] == ["fresh"]


def test_newer_schema_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 99")
    with pytest.raises(HistoryStoreError, match="newer Hearth"):
        HistoryStore(path)
    assert path.exists()


def test_deleted_conversation_text_is_gone_from_disk(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    store = HistoryStore(path)
    keep = store.create_conversation("keep")
    store.add_message(keep.id, "user", "nothing secret here")
    secret = store.create_conversation("secret")
    for i in range(20):
        store.add_message(secret.id, "user", f"xylophonecanary{i} my bank password is hunter2")
    store.delete_conversation(secret.id)
    store.close()
    raw = b"".join(
        Path(str(path) + suffix).read_bytes()
        for suffix in ("", "-wal")
        if Path(str(path) + suffix).exists()
    )
    assert b"xylophonecanary" not in raw
    assert b"hunter2" not in raw
    assert b"nothing secret here" in raw


def test_auto_title() -> None:
    assert auto_title("  \n  How do I bake bread?\nmore") == "How do I bake bread?"
    assert auto_title("") == "New chat"
    long = auto_title("word " * 40)
    assert len(long) <= 48 and long.endswith("…")


def test_day_groups() -> None:
    import datetime

    now = datetime.datetime(2026, 11, 30, 15, 0).timestamp()
    day = 86400.0
    assert day_group(now - 60, now) == "Today"
    assert day_group(now - day, now) == "Yesterday"
    assert day_group(now - 3 * day, now) == "Previous 7 days"
    assert day_group(now - 20 * day, now) == "Previous 30 days"
    assert day_group(datetime.datetime(2025, 3, 2).timestamp(), now) == "March 2025"


def test_auto_title_of_a_long_paste_names_the_request() -> None:
    pasted = "\n".join(f"Line {i} of a long log file with many details." for i in range(40))
    assert auto_title(pasted + "\n\nWhat went wrong here?") == "What went wrong here?"
    assert auto_title("Translate this into French:\n" + pasted) == "Translate this into French:"
    assert auto_title(pasted + "\nSummarize it in three bullets.") == (
        "Summarize it in three bullets."
    )
    # A long text without a short request keeps its first line.
    assert auto_title(pasted + "\n" + "x" * 300).startswith("Line 0 of a long log")


def test_messages_are_read_again_after_any_write(tmp_path: Path) -> None:
    """messages() keeps the last conversation it read until something writes: its
    own writes, and another connection's (another program, the scrub thread)."""
    path = tmp_path / "history.db"
    store = HistoryStore(path)
    try:
        chat = store.create_conversation("Kept")
        first = store.add_message(chat.id, "user", "one")
        shown = store.messages(chat.id)
        shown.append(shown[0])  # the caller's list is its own
        assert [m.content for m in store.messages(chat.id)] == ["one"]
        store.update_content(first.id, "one, edited")
        assert [m.content for m in store.messages(chat.id)] == ["one, edited"]
        other = store.create_conversation("Other")
        store.add_message(other.id, "user", "elsewhere")
        assert [m.content for m in store.messages(other.id)] == ["elsewhere"]
        assert [m.content for m in store.messages(chat.id)] == ["one, edited"]
        with closing(sqlite3.connect(path)) as outside, outside:
            outside.execute(
                "UPDATE messages SET content = 'from outside' WHERE id = ?", (first.id,)
            )
        assert [m.content for m in store.messages(chat.id)] == ["from outside"]
    finally:
        store.close()


def test_an_unchanged_message_is_read_as_the_same_object(tmp_path: Path) -> None:
    """Readers tell what changed by identity: an unchanged row is not parsed again,
    a changed one is, and a long paste is not kept in memory."""
    store = HistoryStore(tmp_path / "history.db")
    try:
        chat = store.create_conversation("Same")
        old = store.add_message(chat.id, "user", "unchanged")
        reply = store.add_message(chat.id, "assistant", "first")
        before = store.messages(chat.id)
        store.update_content(reply.id, "second")
        after = store.messages(chat.id)
        assert after[0] is before[0] and after[0].id == old.id
        assert after[1] is not before[1] and after[1].content == "second"
    finally:
        store.close()


def test_a_long_conversation_is_reused_whole(tmp_path: Path) -> None:
    """However long the conversation, a send re-parses only what changed."""
    store = HistoryStore(tmp_path / "history.db")
    try:
        chat = store.create_conversation("Long")
        for i in range(700):
            store.add_message(chat.id, "user" if i % 2 == 0 else "assistant", f"m{i}")
        before = store.messages(chat.id)
        store.add_message(chat.id, "user", "one more")
        after = store.messages(chat.id)
        assert all(a is b for a, b in zip(before, after, strict=False))
        assert len(after) == 701 and after[-1].content == "one more"
        store.delete_conversation(chat.id)
        assert store.messages(chat.id) == []
    finally:
        store.close()
