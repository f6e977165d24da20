"""The chat history under faults: locks, disk errors, corruption, hostile imports and
stored values, and the traces deleted conversations leave."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from engine.chat import history_scrub, history_store
from engine.chat.history_store import (
    HistoryLockedError,
    HistoryStore,
    HistoryStoreError,
)
from engine.chat.stored_values import reply_stats
from engine.llm.parameters import SamplingSettings
from tests.engine.test_history_store import write_schema_one_history


def _history_with_a_chat(path: Path) -> int:
    store = HistoryStore(path)
    chat = store.create_conversation("Kept")
    store.add_message(chat.id, "user", "precious words")
    store.close()
    return chat.id


def _corrupt_copies(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if ".corrupt-" in p.name)


# -- opening under faults --------------------------------------------------------------


def test_locked_database_is_a_clear_error_and_is_not_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    chat_id = _history_with_a_chat(path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("UPDATE conversations SET title = title")
    holder.execute("COMMIT")  # exclusive mode keeps the lock after the write
    try:
        with pytest.raises(HistoryLockedError, match="in use by another program"):
            HistoryStore(path, busy_timeout=0.2)
        assert path.exists()
        assert _corrupt_copies(tmp_path) == []
    finally:
        holder.close()
    store = HistoryStore(path)
    assert [m.content for m in store.messages(chat_id)] == ["precious words"]
    assert store.recovered_from is None
    store.close()


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        (sqlite3.SQLITE_IOERR | (3 << 8), "disk I/O error", "disk error"),
        (sqlite3.SQLITE_FULL, "database or disk is full", "is full"),
        (sqlite3.SQLITE_CANTOPEN, "unable to open database file", "could not be opened"),
    ],
)
def test_disk_errors_are_clear_and_move_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, text: str, expected: str
) -> None:
    path = tmp_path / "history.db"
    _history_with_a_chat(path)
    before = path.read_bytes()

    def fail(path: Path, busy_timeout: float) -> sqlite3.Connection:
        error = sqlite3.OperationalError(text)
        error.sqlite_errorcode = code
        raise error

    monkeypatch.setattr(history_store, "connect", fail)
    with pytest.raises(HistoryStoreError, match=expected) as raised:
        HistoryStore(path)
    assert not isinstance(raised.value, HistoryLockedError)
    assert "Nothing was changed" in str(raised.value) or "nothing was changed" in str(raised.value)
    assert path.read_bytes() == before
    assert _corrupt_copies(tmp_path) == []


def test_damaged_pages_fail_the_check_and_are_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    store = HistoryStore(path)
    chat = store.create_conversation("many")
    for i in range(300):
        store.add_message(chat.id, "user", f"message {i} " + "x" * 200)
    store.close()
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 8 * page
    for offset in range(5 * page, 5 * page + 64):  # a b-tree page header, smashed
        data[offset] = 0xFF
    path.write_bytes(bytes(data))
    reopened = HistoryStore(path)
    assert reopened.recovered_from is not None
    assert reopened.recovered_from.read_bytes() == bytes(data)
    assert reopened.conversations() == []
    reopened.close()


def test_only_the_newest_corrupt_copies_are_kept_and_named(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "history.db"
    old = []
    for number in range(4):
        copy = tmp_path / f"history.db.corrupt-2020010{number}-000000"
        copy.write_bytes(b"old copy")
        os.utime(copy, (1_600_000_000 + number, 1_600_000_000 + number))
        old.append(copy)
    path.write_bytes(b"not a database at all" * 50)
    with caplog.at_level(logging.INFO, logger="engine.chat"):
        store = HistoryStore(path)
    assert store.recovered_from is not None
    kept = _corrupt_copies(tmp_path)
    assert len(kept) == 3
    assert store.recovered_from in kept
    assert old[3] in kept and old[2] in kept  # the newest older ones
    assert not old[0].exists() and not old[1].exists()
    assert set(store.corrupt_copies) == set(kept)
    assert all(str(p) in caplog.text for p in kept)
    store.close()


def test_two_corruptions_in_one_second_keep_both_copies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(time, "strftime", lambda _f: "20260101-000000")
    path = tmp_path / "history.db"
    path.write_bytes(b"first broken file" * 50)
    HistoryStore(path).close()
    path.write_bytes(b"second broken file" * 50)
    second = HistoryStore(path)
    copies = {p.read_bytes()[:12] for p in _corrupt_copies(tmp_path)}
    assert copies == {b"first broken", b"second broke"}
    second.close()


def test_upgrade_removes_its_backup_once_it_succeeded(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "history.db"
    write_schema_one_history(path, "O")
    with caplog.at_level(logging.INFO, logger="engine.chat"):
        store = HistoryStore(path)
    assert not (tmp_path / "history.db.v1.bak").exists()
    assert "removed the backup" in caplog.text
    assert [c.title for c in store.conversations()] == ["O"]
    store.close()


# -- deletion: every delete scrubs, off the caller's thread, in short steps -------------


def _edit(path: Path, *statements: tuple[str, tuple[object, ...]]) -> None:
    """Run statements on a connection of the test's own (an edit by another program)."""
    with closing(sqlite3.connect(path)) as db:
        for sql, parameters in statements:
            db.execute(sql, parameters)
        db.commit()


def _recording_scrubs(
    monkeypatch: pytest.MonkeyPatch, gate: threading.Event | None = None
) -> list[int]:
    """Record the thread of every scrub; the first one waits for ``gate``."""
    threads: list[int] = []
    real = history_scrub.scrub_history

    def recording(path: Path, busy_timeout: float = 5.0, **options: Any) -> None:
        threads.append(threading.get_ident())
        if gate is not None:
            assert gate.wait(10)
        real(path, busy_timeout, **options)

    monkeypatch.setattr(history_scrub, "scrub_history", recording)
    return threads


def test_message_deletes_scrub_on_another_thread_coalesced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Deleted messages and versions: their text is scrubbed too (it used to stay in
    the index and the WAL), never on the caller's (the GUI) thread, and
    deletes while a scrub runs add one more pass, not one each."""
    store = HistoryStore(tmp_path / "history.db")
    chat = store.create_conversation()
    messages = [store.add_message(chat.id, "user", f"m{i}") for i in range(8)]
    gate = threading.Event()
    threads = _recording_scrubs(monkeypatch, gate)
    store.update_content(messages[0].id, "changed")  # an edit alone deletes nothing
    assert threads == []
    store.add_version(messages[6].id, "another")
    store.delete_message(messages[6].id)  # a version goes with its branch
    for message in messages[1:4]:
        store.delete_message(message.id)  # Delete
    gate.set()
    assert store.wait_for_scrub(10)
    assert 1 <= len(threads) <= 2
    # The merge and the checkpoints are the scrub's: none ran on the caller's thread.
    assert threading.get_ident() not in threads
    store.close()


def test_deleting_a_conversation_scrubs_on_another_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = HistoryStore(tmp_path / "history.db")
    chat = store.create_conversation()
    store.add_message(chat.id, "user", "forget me")
    threads = _recording_scrubs(monkeypatch)
    store.delete_conversation(chat.id)
    assert store.wait_for_scrub(10)
    assert threads and threads[0] != threading.get_ident()
    store.close()


def _raw_files(path: Path) -> bytes:
    return b"".join(
        Path(str(path) + suffix).read_bytes()
        for suffix in ("", "-wal")
        if Path(str(path) + suffix).exists()
    )


def test_deleted_message_text_is_gone_from_disk(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    store = HistoryStore(path)
    chat = store.create_conversation("kept")
    store.add_message(chat.id, "user", "nothing secret here")
    secret = store.add_message(chat.id, "assistant", "quetzalcanary my pin is 8471")
    later = store.add_message(chat.id, "user", "zanzibarcanary follow-up")
    store.add_message(chat.id, "assistant", "zanzibarcanary reply")
    store.delete_message(secret.id)
    # An edited message keeps the old one as a version; deleting that version deletes
    # its branch (the follow-up's reply too).
    store.add_version(later.id, "a new question")
    assert store.delete_message(later.id) == 2
    store.close()
    raw = _raw_files(path)
    assert b"quetzalcanary" not in raw and b"8471" not in raw
    assert b"zanzibarcanary" not in raw
    assert b"nothing secret here" in raw


def _big_history(store: HistoryStore, count: int) -> None:
    """``count`` messages in one conversation, written in one quick transaction."""
    chat = store.create_conversation("big")
    _edit(
        store.path,
        (
            """
        WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
        INSERT INTO messages (conversation_id, position, role, content, created_at,
                              updated_at)
        SELECT ?, i, 'user', printf('w%d x%d y%d z%d q%d r%d s%d t%d', i, i % 997, i % 991,
               i % 983, i % 977, i % 971, i % 967, i % 953) || ' ' || hex(randomblob(60)),
               0, 0
        FROM n
        """,
            (count - 1, chat.id),
        ),
    )


def test_a_reply_is_saved_while_a_big_history_is_scrubbed(tmp_path: Path) -> None:
    """The scrub runs in short steps: a streaming reply's saves on the GUI thread wait
    one step at most. It used to be one FTS optimize in a single transaction: a save
    waited for all of it and failed with "database is locked" once that took longer
    than the busy timeout (5 s in the app; a short one here stands in for a history
    big enough to take 5 s)."""
    path = tmp_path / "history.db"
    store = HistoryStore(path, busy_timeout=0.03)
    _big_history(store, 20_000)
    secret = store.create_conversation("secret")
    for i in range(20):
        store.add_message(secret.id, "user", f"xylophonecanary{i}")
    live = store.create_conversation("live")
    store.add_message(live.id, "user", "question")
    reply = store.add_message(live.id, "assistant", "", state="streaming")
    store.delete_conversation(secret.id)  # the scrub starts
    waits: list[float] = []
    while not store.wait_for_scrub(0):
        started = time.perf_counter()
        store.save_partial(reply.id, f"partial {len(waits)}")
        waits.append(time.perf_counter() - started)
        time.sleep(0.002)
    assert store.wait_for_scrub(60)
    assert waits, "the scrub ended before a save could be tried"
    store.finish_message(reply.id, content="done", state="complete")
    print(f"{len(waits)} saves during the scrub, longest wait {max(waits) * 1000:.1f} ms")
    assert store.message(reply.id).content == "done"
    store.close()
    assert b"xylophonecanary" not in _raw_files(path)


# -- stored values: read tolerantly ----------------------------------------------------


def test_bad_stored_settings_and_stats_fall_back_and_are_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = HistoryStore(tmp_path / "history.db")
    chat = store.create_conversation()
    reply = store.add_message(chat.id, "assistant", "hi")
    good = {
        "prompt_tokens": 5,
        "cached_tokens": 0,
        "completion_tokens": 2,
        "ttft_s": 0.1,
        "prefill_tps": 50.0,
        "decode_tps": "fast",
        "finish_reason": "stop",
    }
    sampling = {"stop": "abc", "temperature": 0.3, "top_k": "many", "seed": 5}
    _edit(
        store.path,
        (
            "UPDATE conversations SET settings_json = ? WHERE id = ?",
            (json.dumps({"sampling": {"stop": 5, "max_tokens": 99}}), chat.id),
        ),
        (
            "UPDATE messages SET stats_json = ?, sampling_json = ? WHERE id = ?",
            (json.dumps(good), json.dumps(sampling), reply.id),
        ),
    )
    with caplog.at_level(logging.WARNING):
        settings = store.conversation(chat.id).settings
        message = store.message(reply.id)
    saved = SamplingSettings.from_dict(settings["sampling"])
    assert saved.stop == () and saved.max_tokens == 99
    assert message.sampling == {"temperature": 0.3, "seed": 5}
    assert message.stats is not None and "decode_tps" not in message.stats
    assert reply_stats(message.stats) is None  # a needed field is bad: no footer, no crash
    assert "'decode_tps' must be a number" in caplog.text
    assert "'stop' must be a list of texts" in caplog.text
    store.close()


def test_unreadable_json_in_a_row_is_ignored(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "history.db")
    chat = store.create_conversation()
    reply = store.add_message(chat.id, "assistant", "hi")
    _edit(
        store.path,
        ("UPDATE conversations SET settings_json = '{nope' WHERE id = ?", (chat.id,)),
        ("UPDATE messages SET stats_json = '[1,' WHERE id = ?", (reply.id,)),
    )
    assert store.conversation(chat.id).settings == {}
    assert store.message(reply.id).stats is None
    store.close()


def test_sampling_from_dict_refuses_bad_fields_by_name() -> None:
    from engine.common.errors import HearthError

    for bad, field in (({"stop": 5}, "stop"), ({"stop": "abc"}, "stop"), ({"top_p": "x"}, "top_p")):
        with pytest.raises(HearthError, match=field):
            SamplingSettings.from_dict(bad)
    assert SamplingSettings.from_stored({"stop": 5, "top_k": 7}).top_k == 7
    assert SamplingSettings.from_dict({"stop": ["</s>"]}).stop == ("</s>",)


# -- imports: refused, naming the field ------------------------------------------------


def _export(**changes: Any) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": "hi", "state": "complete"}
    message.update(changes.pop("message", {}))
    data: dict[str, Any] = {
        "format": "hearth-conversation",
        "version": 1,
        "title": "T",
        "messages": [{"role": "user", "content": "q"}, message],
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("data", "named"),
    [
        (_export(settings={"sampling": {"stop": 5}}), "'stop'"),
        (_export(settings={"sampling": {"stop": "abc"}}), "'stop'"),
        (_export(settings={"sampling": {"temperature": float("nan")}}), "'temperature'"),
        (_export(settings=[1, 2]), "'settings'"),
        (_export(message={"stats": {"decode_tps": "fast"}}), "'decode_tps'"),
        (_export(message={"stats": {"prompt_tokens": 10**400}}), "'prompt_tokens'"),
        (_export(message={"stats": {"nested": {"a": [1]}}}), "'nested'"),
        (_export(message={"sampling": {"seed": -1}}), "'seed'"),
        (_export(message={"created_at": 1e300}), "'created_at'"),
        (_export(created_at=float("inf")), "'created_at'"),
        (_export(updated_at="yesterday"), "'updated_at'"),
        (_export(title=["x"]), "'title'"),
        (_export(title="x" * 20_000), "'title'"),
        (_export(message={"content": "\ud800"}), "'content'"),
        (_export(message={"state": 5}), "'state'"),
        (_export(version=3), "newer Hearth"),
        # Found by tests/property/test_import_properties.py: a list as the role was a
        # TypeError (unhashable) instead of a refusal.
        (_export(message={"role": []}), "role"),
    ],
)
def test_import_refuses_bad_values_naming_the_field(
    tmp_path: Path, data: dict[str, Any], named: str
) -> None:
    store = HistoryStore(tmp_path / "history.db")
    with pytest.raises(HistoryStoreError, match=named):
        store.import_json(data)
    assert store.conversations() == []
    store.close()


def test_a_failed_import_leaves_no_empty_conversation(tmp_path: Path) -> None:
    """The conversation and its messages are written in one transaction: a full disk
    or a lock while the messages are written used to leave an empty "Imported chat"."""
    store = HistoryStore(tmp_path / "history.db")
    store.create_conversation("Existing")
    _edit(
        store.path,
        (
            "CREATE TRIGGER refuse_messages BEFORE INSERT ON messages "
            "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END",
            (),
        ),
    )
    with pytest.raises(HistoryStoreError, match="disk is full"):
        store.import_json(_export(title="Imported"))
    assert [c.title for c in store.conversations()] == ["Existing"]
    _edit(store.path, ("DROP TRIGGER refuse_messages", ()))
    imported = store.import_json(_export(title="Imported"))
    assert [m.content for m in store.messages(imported.id)] == ["q", "hi"]
    store.close()


def test_import_of_good_values_round_trips(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "history.db")
    stats = {
        "prompt_tokens": 5,
        "cached_tokens": 1,
        "completion_tokens": 2,
        "ttft_s": 0.25,
        "prefill_tps": 40,
        "decode_tps": 9.5,
        "finish_reason": "length",
    }
    data = _export(
        settings={"sampling": {"stop": ["END"], "temperature": 0}},
        message={"stats": stats, "sampling": {"seed": 7}},
    )
    imported = store.import_json(data)
    assert SamplingSettings.from_dict(imported.settings["sampling"]).stop == ("END",)
    reply = store.messages(imported.id)[1]
    parsed = reply_stats(reply.stats)
    assert parsed is not None and parsed.prefill_tps == 40.0 and parsed.finish_reason == "length"
    store.close()


@pytest.mark.parametrize(
    "text", ["{", "[" * 100_000, '{"format": 1' + "0" * 5000 + "}", b"\xff\xfe{}", "null"]
)
def test_import_text_refuses_what_is_not_an_export(tmp_path: Path, text: str | bytes) -> None:
    store = HistoryStore(tmp_path / "history.db")
    with pytest.raises(HistoryStoreError):
        store.import_json_text(text)
    store.close()


def test_a_reply_stores_its_settings_whole_and_reads_them_back_without_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Every field of SamplingSettings, the translation-only ones among them (a tuple of
    # words to avoid), as a chat reply stores them.
    from dataclasses import asdict, replace

    from engine.chat.stored_values import StoredValueError, check_sampling

    store = HistoryStore(tmp_path / "history.db")
    chat = store.create_conversation()
    settings = SamplingSettings(avoid_words=("Hello",), stop=("END",))
    reply = store.add_message(chat.id, "assistant", "hi", sampling=asdict(settings))
    with caplog.at_level(logging.WARNING):
        message = store.message(reply.id)
    assert caplog.text == ""
    assert message.sampling is not None and message.sampling["avoid_words"] == ["Hello"]
    # Kept as it was, never applied to a chat reply.
    assert SamplingSettings.from_dict(message.sampling) == replace(settings, avoid_words=())
    with pytest.raises(StoredValueError):
        check_sampling({"avoid_words": ["x"] * 33})
    store.close()
