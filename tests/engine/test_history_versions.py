"""Versions of messages in the chat history (schema 3): regenerated replies and edited
messages keep the earlier version and its later turns; the conversation shown (and sent
to the model) is the selected version of each message."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from engine.chat.history_records import MATCH_END, MATCH_START, model_label
from engine.chat.history_schema import MIGRATIONS, split_sql
from engine.chat.history_store import SCHEMA_VERSION, HistoryStore, HistoryStoreError

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    opened = HistoryStore(tmp_path / "history.db")
    yield opened
    opened.close()


def _texts(store: HistoryStore, conversation_id: int) -> list[str]:
    return [m.content for m in store.messages(conversation_id)]


def _turns(store: HistoryStore) -> tuple[int, list[int]]:
    chat = store.create_conversation()
    ids = [
        store.add_message(chat.id, role, text).id
        for role, text in (("user", "u1"), ("assistant", "a1"), ("user", "u2"), ("assistant", "a2"))
    ]
    return chat.id, ids


def test_a_regenerated_reply_keeps_the_earlier_one_as_a_version(store: HistoryStore) -> None:
    chat, (_u1, _a1, _u2, a2) = _turns(store)
    second = store.add_version(a2, "a2 again", model_path="/m/Other-7B.Q4_K_M.gguf")
    assert _texts(store, chat) == ["u1", "a1", "u2", "a2 again"]
    assert (second.version, second.versions) == (2, 2)
    first = store.select_version(second.id, -1)
    assert first.id == a2 and (first.version, first.versions) == (1, 2)
    assert _texts(store, chat) == ["u1", "a1", "u2", "a2"]
    # Stepping past either end stays at the end.
    assert store.select_version(a2, -5).id == a2
    assert store.select_version(a2, 5).id == second.id


def test_editing_a_message_starts_a_branch_and_keeps_the_old_one(store: HistoryStore) -> None:
    chat, (_u1, _a1, u2, _a2) = _turns(store)
    edited = store.add_version(u2, "u2 edited")
    assert _texts(store, chat) == ["u1", "a1", "u2 edited"]
    store.add_message(chat, "assistant", "a2 to the edit")
    assert _texts(store, chat) == ["u1", "a1", "u2 edited", "a2 to the edit"]
    # ‹ on the user message shows the old branch, with its reply; › the new one.
    store.select_version(edited.id, -1)
    assert _texts(store, chat) == ["u1", "a1", "u2", "a2"]
    store.select_version(u2, 1)
    assert _texts(store, chat) == ["u1", "a1", "u2 edited", "a2 to the edit"]
    # A new message follows the branch shown.
    store.add_message(chat, "user", "u3")
    store.select_version(edited.id, -1)
    assert _texts(store, chat) == ["u1", "a1", "u2", "a2"]
    store.select_version(u2, 1)
    assert _texts(store, chat)[-1] == "u3"


def test_schema_two_histories_open_unchanged_as_one_chain(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    with closing(sqlite3.connect(path)) as db:
        for migration in MIGRATIONS[:2]:
            for statement in split_sql(migration):
                db.execute(statement)
        db.execute("PRAGMA user_version = 2")
        db.execute(
            "INSERT INTO conversations (id, title, created_at, updated_at) VALUES (1, 'Old', 1, 1)"
        )
        # Positions with a gap, as a deleted message left them.
        for position, role, text in ((0, "user", "q1"), (1, "assistant", "r1"), (5, "user", "q2")):
            db.execute(
                "INSERT INTO messages (conversation_id, position, role, content, created_at, "
                "updated_at) VALUES (1, ?, ?, ?, 1, 1)",
                (position, role, text),
            )
        db.commit()
    store = HistoryStore(path)
    try:
        messages = store.messages(1)
        assert [m.content for m in messages] == ["q1", "r1", "q2"]
        assert [m.parent_id for m in messages] == [None, messages[0].id, messages[1].id]
        assert all(m.versions == 1 for m in messages)
        assert store.add_message(1, "assistant", "r2").parent_id == messages[2].id
        with closing(sqlite3.connect(path)) as db:
            assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        store.close()
    assert not (tmp_path / "history.db.v2.bak").exists()


def test_json_export_keeps_every_version_and_markdown_the_selected(store: HistoryStore) -> None:
    chat, (_u1, _a1, u2, a2) = _turns(store)
    store.add_version(a2, "a2 second", model_path="/models/SmolLM2-135M-Instruct.Q4_1.gguf")
    edited = store.add_version(u2, "u2 edited")
    store.add_message(chat, "assistant", "a2 to the edit", model_path="/m/gemma-3-270m-q4_k_m.gguf")
    data = json.loads(json.dumps(store.export_json(chat)))
    assert data["version"] == 2
    assert len(data["messages"]) == 7
    copy = store.import_json(data)
    assert _texts(store, copy.id) == ["u1", "a1", "u2 edited", "a2 to the edit"]
    shown = store.messages(copy.id)
    assert store.select_version(shown[2].id, -1).content == "u2"
    assert _texts(store, copy.id) == ["u1", "a1", "u2", "a2 second"]
    assert store.select_version(store.messages(copy.id)[3].id, -1).content == "a2"

    markdown = store.export_markdown(chat)
    assert "## You (version 2 of 2)\n\nu2 edited" in markdown
    assert "## Assistant (gemma-3-270m)\n\na2 to the edit" in markdown
    assert "a2 second" not in markdown
    assert {m.get("model_name") for m in data["messages"] if m["role"] == "assistant"} >= {
        "SmolLM2-135M-Instruct",
        "gemma-3-270m",
    }
    store.select_version(edited.id, -1)
    assert "a2 second" in store.export_markdown(chat)


def test_a_version_one_export_imports_as_a_chain(store: HistoryStore) -> None:
    data = {
        "format": "hearth-conversation",
        "version": 1,
        "messages": [
            {"role": "user", "content": "hello"},
            {"role": "assistant", "content": "hi"},
            {"role": "user", "content": "bye"},
        ],
    }
    imported = store.import_json(data)
    assert _texts(store, imported.id) == ["hello", "hi", "bye"]
    assert all(m.versions == 1 for m in store.messages(imported.id))


@pytest.mark.parametrize(
    ("parent", "selected"),
    [(5, True), (-1, True), ("0", True), (True, True), (0, "yes")],
)
def test_import_refuses_a_bad_parent_or_selection(
    store: HistoryStore, parent: object, selected: object
) -> None:
    data = {
        "format": "hearth-conversation",
        "version": 2,
        "messages": [
            {"role": "user", "content": "hello"},
            {"role": "assistant", "content": "hi", "parent": parent, "selected": selected},
        ],
    }
    with pytest.raises(HistoryStoreError, match="message 2's"):
        store.import_json(data)
    assert store.conversations() == []


def test_search_covers_every_version_and_shows_the_one_found(store: HistoryStore) -> None:
    chat, (_u1, _a1, _u2, a2) = _turns(store)
    store.add_message(chat, "user", "more")
    old = store.message(a2)
    store.add_version(a2, "a kingfisher instead")
    assert _texts(store, chat)[-1] == "a kingfisher instead"
    store.select_version(a2, 0)  # the first version again, with its later turn
    hits = store.search("kingfisher")
    assert len(hits) == 1
    assert hits[0].snippet == f"a {MATCH_START}kingfisher{MATCH_END} instead"
    found = hits[0].message_id
    assert found is not None and found != old.id
    store.show_message(found)
    assert _texts(store, chat) == ["u1", "a1", "u2", "a kingfisher instead"]
    # A title match names no message.
    titled = store.create_conversation("Kingfisher notes")
    assert {h.conversation.id: h.message_id for h in store.search("kingfisher")}[titled.id] is None


def test_deleting_a_lone_message_keeps_later_turns(store: HistoryStore) -> None:
    chat, (_u1, a1, _u2, _a2) = _turns(store)
    assert store.deletion_size(a1) == 1
    assert store.delete_message(a1) == 1
    assert _texts(store, chat) == ["u1", "u2", "a2"]
    assert store.add_message(chat, "user", "u3").content == "u3"
    assert _texts(store, chat) == ["u1", "u2", "a2", "u3"]


def test_deleting_a_version_takes_its_branch_and_shows_the_neighbour(store: HistoryStore) -> None:
    chat, (_u1, _a1, u2, _a2) = _turns(store)
    edited = store.add_version(u2, "u2 edited")
    store.add_message(chat, "assistant", "a2 to the edit")
    assert store.deletion_size(edited.id) == 2
    assert store.delete_message(edited.id) == 2
    assert _texts(store, chat) == ["u1", "a1", "u2", "a2"]
    assert store.messages(chat)[2].versions == 1
    assert store.search("edit") == []


_KILLED_WHILE_STREAMING = """
import os, signal, sys
from pathlib import Path
from engine.chat.history_store import HistoryStore
store = HistoryStore(Path(sys.argv[1]))
chat = store.create_conversation()
store.add_message(chat.id, "user", "question")
first = store.add_message(chat.id, "assistant", "the first answer")
reply = store.add_version(first.id, "", state="streaming")
store.save_partial(reply.id, "half of a second ans")
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs kill -9")
def test_a_version_killed_while_streaming_is_kept_beside_the_earlier_one(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    run = subprocess.run(
        [sys.executable, "-c", _KILLED_WHILE_STREAMING, str(path)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=False,
    )
    assert run.returncode == -signal.SIGKILL
    store = HistoryStore(path)
    try:
        assert store.interrupted_count == 1
        chat = store.conversations()[0].id
        reply = store.messages(chat)[-1]
        assert (reply.content, reply.state, reply.version, reply.versions) == (
            "half of a second ans",
            "interrupted",
            2,
            2,
        )
        assert store.select_version(reply.id, -1).content == "the first answer"
    finally:
        store.close()


@pytest.mark.parametrize(
    ("path", "label"),
    [
        ("/x/SmolLM2-135M-Instruct.Q4_1.gguf", "SmolLM2-135M-Instruct"),
        ("gemma-3-270m-q4_k_m.gguf", "gemma-3-270m"),
        ("/m/Qwen2.5-7B-Instruct-Q4_K_M-00001-of-00003.gguf", "Qwen2.5-7B-Instruct"),
        ("C:\\models\\Llama-3-8B-F16.gguf", "Llama-3-8B"),
        ("", "Assistant"),
        ("   ", "Assistant"),
    ],
)
def test_replies_are_signed_with_the_model_file_name(path: str, label: str) -> None:
    assert model_label(path) == label
