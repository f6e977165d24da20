"""JSON conversation import on random and hostile documents: each is imported whole and
reads back cleanly, or is refused with HistoryStoreError; nothing else escapes and
nothing hangs."""

from __future__ import annotations

import json
import math
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.history_store import HistoryStore, HistoryStoreError, day_group
from engine.settings import SamplingSettings
from engine.stored_values import reply_stats

pytestmark = pytest.mark.property

HUGE_TEXT = "x" * 5_000_000

# Scalars that break naive code: huge and non-finite numbers, lone surrogates, NUL.
hostile_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([10**400, -(10**400), 2**63, -1, 0, 2**53 + 1]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(st.characters(codec=None, exclude_categories=()), max_size=40),
    st.sampled_from(["", "\ud800", "\x00", "abc", "stop", HUGE_TEXT, "user", "streaming"]),
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
    },
)
exports = st.fixed_dictionaries(
    {
        "format": st.just("hearth-conversation"),
        "messages": st.one_of(st.lists(messages, max_size=4), json_values),
    },
    optional={
        "version": json_values,
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


@contextmanager
def _store() -> Iterator[HistoryStore]:
    with tempfile.TemporaryDirectory() as folder:
        store = HistoryStore(Path(folder) / "history.db")
        try:
            yield store
        finally:
            store.close()


def _import_or_refuse(store: HistoryStore, document: Any) -> None:
    """Import ``document``; if accepted, everything the app reads from it must work."""
    try:
        conversation = store.import_json(document)
    except HistoryStoreError as error:
        assert str(error)  # a message for the user
        assert store.conversations() == []  # nothing half-imported
        return
    day_group(conversation.created_at)
    day_group(conversation.updated_at)
    sampling = conversation.settings.get("sampling")
    if sampling is not None:
        SamplingSettings.from_dict(sampling)
    for message in store.messages(conversation.id):
        assert math.isfinite(message.created_at)
        reply_stats(message.stats)
        if message.sampling is not None:
            SamplingSettings.from_dict(message.sampling)
    json.dumps(store.export_json(conversation.id))
    store.export_markdown(conversation.id)


@given(json_values)
def test_any_json_value_is_imported_or_refused(document: Any) -> None:
    with _store() as store:
        _import_or_refuse(store, document)


@given(exports)
def test_hostile_exports_are_imported_or_refused(document: dict[str, Any]) -> None:
    with _store() as store:
        _import_or_refuse(store, document)


@given(exports, st.integers(min_value=0, max_value=3))
def test_export_files_are_imported_or_refused(document: dict[str, Any], cut: int) -> None:
    text = json.dumps(document)  # Python writes NaN, Infinity and lone surrogates
    if cut:
        text = text[: len(text) * cut // 4]  # a truncated file
    with _store() as store:
        try:
            store.import_json_text(text)
        except HistoryStoreError:
            assert store.conversations() == []


@given(st.integers(min_value=1, max_value=200_000), st.sampled_from(["[", '{"a":', '[{"x":']))
def test_deep_nesting_is_refused(depth: int, opener: str) -> None:
    with _store() as store, pytest.raises(HistoryStoreError):
        store.import_json_text(opener * depth)
