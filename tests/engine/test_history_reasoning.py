"""A reply's reasoning in the chat history: schema 4, saving while streaming, search by
choice, export and import, and scrubbing it when a message goes."""

from __future__ import annotations

import json
import logging
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from engine.chat.history_records import MATCH_END, MATCH_START
from engine.chat.history_schema import MIGRATIONS, split_sql
from engine.chat.history_store import SCHEMA_VERSION, HistoryStore, HistoryStoreError
from engine.chat.history_transfer import thought_heading
from engine.chat.stored_values import StoredValueError, check_stats, clean_stats

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    opened = HistoryStore(tmp_path / "history.db")
    yield opened
    opened.close()


def _fts_is_consistent(path: Path) -> None:
    """FTS5's own check that the index matches the rows (an external-content index
    fed the wrong old values by a trigger fails it)."""
    with closing(sqlite3.connect(path)) as db:
        db.execute("INSERT INTO messages_fts(messages_fts, rank) VALUES ('integrity-check', 1)")


def _raw_files(path: Path) -> bytes:
    return b"".join(
        Path(str(path) + suffix).read_bytes()
        for suffix in ("", "-wal")
        if Path(str(path) + suffix).exists()
    )


# -- schema 4 ---------------------------------------------------------------------------


def _schema_three_history(path: Path) -> None:
    """A history as schema 3 wrote it: a question, an answer and a second version of it."""
    with closing(sqlite3.connect(path)) as db:
        for migration in MIGRATIONS[:3]:
            for statement in split_sql(migration):
                db.execute(statement)
        db.execute("PRAGMA user_version = 3")
        db.execute(
            "INSERT INTO conversations (id, title, created_at, updated_at) VALUES (1, 'Old', 1, 1)"
        )
        rows = (
            (1, None, 0, "user", "what is a narwhal", 1),
            (2, 1, 1, "assistant", "a whale with a tusk", 0),
            (3, 1, 1, "assistant", "an arctic whale", 1),
        )
        for row in rows:
            db.execute(
                "INSERT INTO messages (id, conversation_id, parent_id, position, role, content, "
                "selected, created_at, updated_at, stats_json) "
                "VALUES (?, 1, ?, ?, ?, ?, ?, 1, 1, '{\"seed\": 4}')",
                row,
            )
        db.execute("UPDATE messages SET active = 0 WHERE id = 2")
        db.commit()


def test_schema_three_history_opens_unchanged_with_no_reasoning(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    _schema_three_history(path)
    store = HistoryStore(path)
    try:
        with closing(sqlite3.connect(path)) as db:
            assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
        shown = store.messages(1)
        assert [(m.content, m.reasoning, m.version, m.versions) for m in shown] == [
            ("what is a narwhal", "", 1, 1),
            ("an arctic whale", "", 2, 2),
        ]
        assert shown[1].stats == {"seed": 4}
        # The rebuilt index holds the old rows, in every version.
        assert [h.message_id for h in store.search("narwhal")] == [1]
        assert [h.message_id for h in store.search("tusk")] == [2]
        assert store.search("tusk", include_reasoning=True)[0].in_reasoning is False
        # And new rows keep it in step.
        store.finish_message(3, content="an arctic whale", state="complete", reasoning="tundra")
        assert [h.message_id for h in store.search("tundra", include_reasoning=True)] == [3]
    finally:
        store.close()
    _fts_is_consistent(path)
    assert not (tmp_path / "history.db.v3.bak").exists()


def test_a_failed_upgrade_to_schema_four_leaves_the_history_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import engine.chat.history_schema as history_schema

    path = tmp_path / "history.db"
    _schema_three_history(path)
    # The real migration, failing after its last statement.
    broken = MIGRATIONS[3] + "\nCREATE TABLE broken (;"
    monkeypatch.setattr(history_schema, "MIGRATIONS", (*MIGRATIONS[:3], broken))
    with pytest.raises(HistoryStoreError):
        HistoryStore(path)
    for copy in (path, tmp_path / "history.db.v3.bak"):
        with closing(sqlite3.connect(copy)) as db:
            assert db.execute("PRAGMA user_version").fetchone()[0] == 3
            columns = [r[1] for r in db.execute("PRAGMA table_info(messages)")]
            assert "reasoning" not in columns
            hits = db.execute(
                "SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'narwhal'"
            ).fetchall()
            assert hits == [(1,)]


# -- saving -----------------------------------------------------------------------------


def test_reasoning_round_trips_through_saves_and_reopening(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    store = HistoryStore(path)
    chat = store.create_conversation("Think")
    store.add_message(chat.id, "user", "2+2?")
    reply = store.add_message(chat.id, "assistant", "", state="streaming", reasoning="Let me")
    assert store.message(reply.id).reasoning == "Let me"
    store.save_partial(reply.id, "", reasoning="Let me add.")
    store.save_partial(reply.id, "4")  # None: the reasoning stays
    assert store.message(reply.id).reasoning == "Let me add."
    stats = {"completion_tokens": 9, "reasoning_tokens": 6, "thinking_s": 1.5}
    stats["thinking_unfinished"] = False
    finished = store.finish_message(reply.id, content="4", state="complete", stats=stats)
    assert (finished.content, finished.reasoning) == ("4", "Let me add.")
    store.update_content(reply.id, "Four.")
    version = store.add_version(reply.id, "4!", reasoning="Adding again.")
    store.finish_message(version.id, content="4!", state="complete", reasoning="Two and two.")
    store.close()

    again = HistoryStore(path)
    try:
        first, second = again.all_messages(chat.id)[1:]
        assert (first.content, first.reasoning, first.stats) == ("Four.", "Let me add.", stats)
        assert (second.content, second.reasoning) == ("4!", "Two and two.")
        assert again.messages(chat.id)[0].reasoning == ""
    finally:
        again.close()
    _fts_is_consistent(path)


def test_reasoning_statistics_are_kept_and_wrong_types_left_out(
    caplog: pytest.LogCaptureFixture,
) -> None:
    good = {"reasoning_tokens": 12, "thinking_s": 3.25, "thinking_unfinished": True}
    assert clean_stats(good, "test") == good
    assert check_stats(good) == good
    with caplog.at_level(logging.WARNING):
        cleaned = clean_stats(
            {"reasoning_tokens": "12", "thinking_s": -1, "thinking_unfinished": 1, "seed": 2},
            "Message 7",
        )
    assert cleaned == {"seed": 2}
    for field in ("reasoning_tokens", "thinking_s", "thinking_unfinished"):
        assert field in caplog.text
    with pytest.raises(StoredValueError, match="thinking_unfinished"):
        check_stats({"thinking_unfinished": "yes"})
    with pytest.raises(StoredValueError, match="reasoning_tokens"):
        check_stats({"reasoning_tokens": True})


_KILLED_WHILE_THINKING = """
import os, signal, sys
from pathlib import Path
from engine.chat.history_store import HistoryStore
store = HistoryStore(Path(sys.argv[1]))
chat = store.create_conversation()
store.add_message(chat.id, "user", "question")
reply = store.add_message(chat.id, "assistant", "", state="streaming")
store.save_partial(reply.id, "", reasoning="First I consider the")
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs kill -9")
def test_a_reply_killed_while_thinking_keeps_its_reasoning(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    run = subprocess.run(
        [sys.executable, "-c", _KILLED_WHILE_THINKING, str(path)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=False,
    )
    assert run.returncode == -signal.SIGKILL
    store = HistoryStore(path)
    try:
        assert store.interrupted_count == 1
        reply = store.messages(store.conversations()[0].id)[-1]
        assert (reply.content, reply.reasoning, reply.state) == (
            "",
            "First I consider the",
            "interrupted",
        )
    finally:
        store.close()


# -- search -----------------------------------------------------------------------------


def test_search_looks_in_reasoning_only_when_asked(store: HistoryStore) -> None:
    chat = store.create_conversation("Whales")
    store.add_message(chat.id, "user", "tell me about whales")
    reply = store.add_message(
        chat.id,
        "assistant",
        "Narwhals live in the Arctic.",
        reasoning="The user wants whales. Perhaps mention the narwhal tusk and plankton.",
    )
    assert store.search("plankton") == []
    [hit] = store.search("plankton", include_reasoning=True)
    assert (hit.message_id, hit.in_reasoning) == (reply.id, True)
    assert f"{MATCH_START}plankton{MATCH_END}" in hit.snippet
    assert "tusk" in hit.snippet  # from the reasoning, not the answer

    # Words in the answer are an answer hit, with or without reasoning.
    for include in (False, True):
        [hit] = store.search("arctic", include_reasoning=include)
        assert (hit.message_id, hit.in_reasoning) == (reply.id, False)
        assert f"{MATCH_START}Arctic{MATCH_END}" in hit.snippet
    # In both: the answer wins.
    [hit] = store.search("narwhal", include_reasoning=True)
    assert hit.in_reasoning is False

    # The index follows the reasoning as it changes.
    store.save_partial(reply.id, "Narwhals live in the Arctic.", reasoning="krill instead")
    assert store.search("plankton", include_reasoning=True) == []
    assert store.search("krill", include_reasoning=True)[0].in_reasoning is True
    _fts_is_consistent(store.path)


# -- export and import ------------------------------------------------------------------


def _thinking_chat(store: HistoryStore) -> int:
    chat = store.create_conversation("Sums")
    store.add_message(chat.id, "user", "2+2?")
    reply = store.add_message(chat.id, "assistant", "", state="streaming")
    store.finish_message(
        reply.id,
        content="**4**",
        state="complete",
        reasoning="Two plus two.\n\n<b>bold?</b> \\<i>\nSo 4.",
        stats={"thinking_s": 12.4, "reasoning_tokens": 20},
    )
    return chat.id


def test_json_export_and_import_keep_reasoning(store: HistoryStore) -> None:
    chat = _thinking_chat(store)
    exported = store.export_json(chat)
    question, answer = exported["messages"]
    assert "reasoning" not in question
    assert answer["reasoning"].startswith("Two plus two.")
    assert answer["stats"]["thinking_s"] == 12.4

    text = json.dumps(exported)
    imported = store.import_json_text(text)
    copied = store.messages(imported.id)
    assert [m.reasoning for m in copied] == ["", answer["reasoning"]]
    assert copied[1].stats == answer["stats"]
    assert store.search("plus", include_reasoning=True)[0].in_reasoning is True


def test_an_export_without_reasoning_imports_and_bad_reasoning_is_refused(
    store: HistoryStore,
) -> None:
    old = {
        "format": "hearth-conversation",
        "version": 2,
        "title": "Before reasoning",
        "messages": [
            {"role": "user", "content": "hi", "parent": None},
            {"role": "assistant", "content": "hello", "parent": 0, "stats": {"seed": 1}},
        ],
    }
    imported = store.import_json(old)
    assert [(m.content, m.reasoning) for m in store.messages(imported.id)] == [
        ("hi", ""),
        ("hello", ""),
    ]
    before = len(store.conversations())
    for bad, why in (
        (42, "it must be a text"),
        ("x" * 4_000_001, "it is longer than"),
        ("\ud800", "it holds characters that are not valid Unicode"),
    ):
        hostile = json.loads(json.dumps(old))
        hostile["messages"][1]["reasoning"] = bad
        with pytest.raises(HistoryStoreError, match=f"message 2's 'reasoning': {why}"):
            store.import_json(hostile)
    hostile = json.loads(json.dumps(old))
    hostile["messages"][1]["stats"] = {"thinking_s": "long"}
    with pytest.raises(HistoryStoreError, match="thinking_s"):
        store.import_json(hostile)
    assert len(store.conversations()) == before


def test_markdown_shows_the_thought_fenced_before_the_answer(store: HistoryStore) -> None:
    chat = _thinking_chat(store)
    text = store.export_markdown(chat)
    section = text.split("## Assistant\n\n", 1)[1]
    assert section == (
        "> **Thought for 12 s**\n\n```\nTwo plus two.\n\n<b>bold?</b> \\<i>\nSo 4.\n```\n\n**4**\n"
    )
    # A CommonMark reader sees the heading, the thinking as plain text, then the answer.
    markdown_it = pytest.importorskip("markdown_it")
    tokens = markdown_it.MarkdownIt("commonmark").parse(text)
    kinds = [t.type for t in tokens] + [c.type for t in tokens for c in t.children or []]
    assert not [k for k in kinds if k.startswith("html")]
    (fence,) = [t for t in tokens if t.type == "fence"]
    assert fence.content == "Two plus two.\n\n<b>bold?</b> \\<i>\nSo 4.\n"
    rendered = markdown_it.MarkdownIt("commonmark").render(text)
    assert "&lt;b&gt;bold?&lt;/b&gt;" in rendered
    assert rendered.index("Thought for 12 s") < rendered.index("<strong>4</strong>")


def test_markdown_thinking_keeps_links_images_and_fences_inert(store: HistoryStore) -> None:
    thinking = (
        "See ![x](http://tracker.example/p.png) and [here](javascript:alert(1)).\n"
        "````\n"
        "~~~~~~\n"
        "A run of ````` backticks, then the end.\n"
        "```"
    )
    chat = store.create_conversation("Inert")
    store.add_message(chat.id, "user", "Think.")
    store.add_message(chat.id, "assistant", "Done.", reasoning=thinking)
    text = store.export_markdown(chat.id)
    # The fence is longer than any run of backticks or tildes in the thinking.
    assert "\n```````\nSee ![x]" in text and "\n```\n```````\n\nDone." in text
    markdown_it = pytest.importorskip("markdown_it")
    tokens = markdown_it.MarkdownIt("commonmark").parse(text)
    inline = [c.type for t in tokens for c in t.children or []]
    assert "image" not in inline and "link_open" not in inline
    (fence,) = [t for t in tokens if t.type == "fence"]
    assert fence.content == thinking + "\n"
    assert "<p>Done.</p>" in markdown_it.MarkdownIt("commonmark").render(text)


def test_thought_headings() -> None:
    assert thought_heading(None) == "Thought"
    assert thought_heading({"seed": 1}) == "Thought"
    assert thought_heading({"thinking_s": 0.0}) == "Thought"
    assert thought_heading({"thinking_s": 2.0}) == "Thought for 2 s"
    assert thought_heading({"thinking_s": 0.44}) == "Thought for 0.4 s"
    assert thought_heading({"thinking_s": 0.03}) == "Thought for under 0.1 s"  # never "0 s"
    assert thought_heading({"thinking_s": 61.6}) == "Thought for 62 s"
    assert (
        thought_heading({"thinking_s": 30, "thinking_unfinished": True})
        == "Thought for 30 s (stopped while thinking)"
    )


# -- deletion ---------------------------------------------------------------------------


def test_deleted_reasoning_is_gone_from_disk(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    store = HistoryStore(path)
    chat = store.create_conversation("kept")
    store.add_message(chat.id, "user", "nothing secret here")
    reply = store.add_message(chat.id, "assistant", "", state="streaming")
    for step in range(5):  # each save rewrites the row and its index entry
        store.save_partial(reply.id, "", reasoning=f"quetzalthought{step} the pin is 8471")
    store.finish_message(
        reply.id, content="kept answer", state="complete", reasoning="quetzalthought final"
    )
    version = store.add_version(reply.id, "another", reasoning="zanzibarthought maybe")
    assert store.delete_message(version.id) == 1
    store.finish_message(reply.id, content="kept answer", state="complete", reasoning="")
    other = store.create_conversation("gone")
    store.add_message(other.id, "assistant", "bye", reasoning="okapithought secret")
    store.delete_conversation(other.id)
    assert store.search("quetzalthought", include_reasoning=True) == []
    store.close()
    raw = _raw_files(path)
    for canary in (b"quetzalthought", b"8471", b"zanzibarthought", b"okapithought"):
        assert canary not in raw, canary
    assert b"kept answer" in raw
