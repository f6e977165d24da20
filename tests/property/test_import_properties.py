"""JSON conversation import on random and hostile documents: each is imported whole and
reads back cleanly, or is refused with HistoryStoreError; nothing else escapes and
nothing hangs."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.chat.history_store import MAX_IMPORT_TEXT, HistoryStore, HistoryStoreError, day_group
from engine.chat.stored_values import reply_stats
from engine.llm.parameters import SamplingSettings

pytestmark = pytest.mark.property

# Longer than a title or an extra value may be. Texts past the 4 M-character limit on
# messages are one plain test below: in every example they would make a long run slow.
LONG_TEXT = "x" * 20_000

# Scalars that break naive code: huge and non-finite numbers, lone surrogates, NUL.
hostile_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([10**400, -(10**400), 2**63, -1, 0, 2**53 + 1]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(st.characters(codec=None, exclude_categories=()), max_size=40),
    st.sampled_from(["", "\ud800", "\x00", "abc", "stop", "user", "streaming", LONG_TEXT]),
)
json_values = st.recursive(
    hostile_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(max_size=12), inner, max_size=4),
    ),
    max_leaves=12,
)
STATS_KEYS = [
    "prompt_tokens",
    "cached_tokens",
    "completion_tokens",
    "ttft_s",
    "prefill_tps",
    "decode_tps",
    "finish_reason",
    "dropped_messages",
    "seed",
]
SAMPLING_KEYS = [*SamplingSettings.__dataclass_fields__]


def _fields(keys: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(st.sampled_from(keys), json_values, max_size=len(keys))


messages = st.fixed_dictionaries(
    {
        "role": st.one_of(st.sampled_from(["user", "assistant", "system"]), json_values),
        "content": st.one_of(st.text(max_size=30), json_values),
    },
    optional={
        "state": json_values,
        "created_at": json_values,
        "stats": st.one_of(json_values, _fields(STATS_KEYS)),
        "sampling": st.one_of(json_values, _fields(SAMPLING_KEYS)),
        "model_path": json_values,
        "error": json_values,
        # Format 2: the message it follows (an index) and whether it is shown.
        "parent": st.one_of(st.integers(min_value=-2, max_value=5), json_values),
        "selected": st.one_of(st.booleans(), json_values),
    },
)
exports = st.fixed_dictionaries(
    {
        "format": st.just("hearth-conversation"),
        "messages": st.one_of(st.lists(messages, max_size=4), json_values),
    },
    optional={
        "version": st.one_of(st.sampled_from([1, 2]), json_values),
        "title": json_values,
        "system_prompt": json_values,
        "model_path": json_values,
        "created_at": json_values,
        "updated_at": json_values,
        "settings": st.one_of(
            json_values, st.fixed_dictionaries({}, optional={"sampling": _fields(SAMPLING_KEYS)})
        ),
    },
)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HistoryStore]:
    """One history for every example of a test: opening one costs more than an import."""
    history = HistoryStore(tmp_path_factory.mktemp("import") / "history.db")
    yield history
    history.close()


def _count(store: HistoryStore) -> int:
    return len(store.conversations())


def _import_or_refuse(store: HistoryStore, document: Any) -> None:
    """Import ``document``; if accepted, everything the app reads from it must work."""
    before = _count(store)
    try:
        conversation = store.import_json(document)
    except HistoryStoreError as error:
        assert str(error)  # a message for the user
        assert _count(store) == before  # nothing half-imported
        return
    day_group(conversation.created_at)
    day_group(conversation.updated_at)
    sampling = conversation.settings.get("sampling")
    if sampling is not None:
        SamplingSettings.from_dict(sampling)
    shown = store.messages(conversation.id)
    # The conversation shown is one chain: each message follows the one before it.
    assert [m.parent_id for m in shown] == [None, *[m.id for m in shown]][: len(shown)]
    for message in shown:
        assert math.isfinite(message.created_at)
        assert 1 <= message.version <= message.versions
        reply_stats(message.stats)
        if message.sampling is not None:
            SamplingSettings.from_dict(message.sampling)
    json.dumps(store.export_json(conversation.id))
    store.export_markdown(conversation.id)


@given(document=json_values)
def test_any_json_value_is_imported_or_refused(store: HistoryStore, document: Any) -> None:
    _import_or_refuse(store, document)


@given(document=exports)
def test_hostile_exports_are_imported_or_refused(
    store: HistoryStore, document: dict[str, Any]
) -> None:
    _import_or_refuse(store, document)


@given(document=exports, cut=st.integers(min_value=0, max_value=3))
def test_export_files_are_imported_or_refused(
    store: HistoryStore, document: dict[str, Any], cut: int
) -> None:
    text = json.dumps(document)  # Python writes NaN, Infinity and lone surrogates
    if cut:
        text = text[: len(text) * cut // 4]  # a truncated file
    before = _count(store)
    try:
        store.import_json_text(text)
    except HistoryStoreError:
        assert _count(store) == before


@given(
    depth=st.integers(min_value=1, max_value=200_000),
    opener=st.sampled_from(["[", '{"a":', '[{"x":']),
)
def test_deep_nesting_is_refused(store: HistoryStore, depth: int, opener: str) -> None:
    with pytest.raises(HistoryStoreError):
        store.import_json_text(opener * depth)


def test_a_message_longer_than_the_limit_is_refused(store: HistoryStore) -> None:
    huge = "x" * (MAX_IMPORT_TEXT + 1)
    document = {"format": "hearth-conversation", "messages": [{"role": "user", "content": huge}]}
    before = _count(store)
    with pytest.raises(HistoryStoreError, match="'content'"):
        store.import_json_text(json.dumps(document))
    assert _count(store) == before


trees = st.lists(
    st.tuples(st.integers(min_value=0, max_value=10), st.booleans(), st.text(max_size=8)),
    min_size=1,
    max_size=8,
)


@given(tree=trees)
def test_versions_survive_an_export_and_import(store: HistoryStore, tree: list[Any]) -> None:
    """Any tree of versions, exported and imported, shows the same conversation and keeps
    every version."""
    items = []
    for number, (parent, selected, text) in enumerate(tree):
        role = "user" if number % 2 == 0 else "assistant"
        item: dict[str, Any] = {"role": role, "content": text, "selected": selected}
        item["parent"] = parent % number if number and parent else None
        items.append(item)
    document = {"format": "hearth-conversation", "version": 2, "messages": items}
    first = store.import_json(document)
    again = store.import_json(json.loads(json.dumps(store.export_json(first.id))))
    assert [m.content for m in store.messages(again.id)] == [
        m.content for m in store.messages(first.id)
    ]
    assert len(store.export_json(again.id)["messages"]) == len(tree)
