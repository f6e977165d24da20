"""Conversation settings and reply statistics read from the history or an imported file.

Both are JSON that Hearth did not necessarily write (an imported conversation, an
older or edited database), and both are used at start-up: a wrong type there must
never stop Hearth. Imports are checked strictly (``check_*``: refuse, naming the
field); what is already stored is read tolerantly (``clean_*``: a bad field is left
out, so it takes its default, and logged once).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

from engine.common.errors import HearthError
from engine.common.messages import Message, msg
from engine.llm.messages import FinishReason
from engine.llm.parameters import SAMPLING_CHECKS

if TYPE_CHECKING:
    from engine.llm.generation import ReplyStats

log = logging.getLogger(__name__)

FINISH_REASONS = tuple(reason.value for reason in FinishReason)
# Extra keys (from a newer Hearth) are kept only as plain values of modest size.
MAX_EXTRA_TEXT = 10_000
MAX_EXTRA_KEYS = 64
MAX_EXTRA_ITEMS = 32
MAX_EXTRA_ITEM = 1000
_BIG = 2**53  # above this a JSON number loses precision in other readers anyway


class StoredValueError(HearthError):
    """A stored or imported value has the wrong type or an impossible value."""


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(msg("must be a whole number"))
    if not 0 <= value <= _BIG:
        raise ValueError(msg("must be between 0 and {limit}", limit=_BIG))
    return value


def _measure(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(msg("must be a number"))
    if not math.isfinite(value) or not 0 <= value <= 1e15:
        raise ValueError(msg("must be a finite number of at least 0"))
    return float(value)


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(msg("must be true or false"))
    return value


def _finish_reason(value: Any) -> str:
    if value not in FINISH_REASONS:
        raise ValueError(msg("must be one of {choices}", choices=", ".join(FINISH_REASONS)))
    return str(value)


# One check per field of engine.llm.generation.ReplyStats.
_STATS_CHECKS: dict[str, Callable[[Any], Any]] = {
    "prompt_tokens": _count,
    "cached_tokens": _count,
    "completion_tokens": _count,
    "ttft_s": _measure,
    "prefill_tps": _measure,
    "decode_tps": _measure,
    "finish_reason": _finish_reason,
    "dropped_messages": _count,
    "seed": _count,
    # A reasoning model's thinking: its tokens, its time, and whether the reply stopped
    # before the thinking ended.
    "reasoning_tokens": _count,
    "thinking_s": _measure,
    "thinking_unfinished": _flag,
}


def _short(value: Any) -> str:
    if isinstance(value, str | int | float | bool) or value is None:
        text = repr(value)
    else:
        text = f"a {type(value).__name__}"
    return text if len(text) <= 40 else text[:39] + "…"


def is_plain_text(value: Any, limit: int) -> bool:
    """A str of at most ``limit`` characters that SQLite can store (no lone surrogates,
    which JSON's ``\\ud800`` escapes can produce)."""
    if not isinstance(value, str) or len(value) > limit:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _plain_extra(value: Any) -> bool:
    if isinstance(value, list | tuple):
        # A short list of texts, as a reply of this Hearth stores its translation-only
        # words to avoid (SamplingSettings.avoid_words): kept, never applied to chat.
        return len(value) <= MAX_EXTRA_ITEMS and all(
            is_plain_text(item, MAX_EXTRA_ITEM) for item in value
        )
    if value is None or isinstance(value, bool):
        return True
    if isinstance(value, int):
        return -_BIG <= value <= _BIG
    if isinstance(value, float):
        return math.isfinite(value)
    return is_plain_text(value, MAX_EXTRA_TEXT)


_What = Literal["statistics", "sampling", "settings"]


def _checked(
    data: Any,
    checks: dict[str, Callable[[Any], Any]],
    what: _What,
    on_bad: Callable[[str, str], None],
) -> dict[str, Any]:
    """Known fields checked, extra keys kept if plain; each bad one reported to
    ``on_bad(field, reason)`` (a sentence) and left out."""
    kept: dict[str, Any] = {}
    for key, value in data.items():
        check = checks.get(key)
        if check is not None:
            try:
                kept[key] = check(value)
            except ValueError as why:
                on_bad(key, _bad_field(what, key, why, _short(value)))
        elif not is_plain_text(key, 100) or len(kept) >= MAX_EXTRA_KEYS:
            on_bad(str(key)[:100], _unexpected_key(what, _short(key)))
        elif _plain_extra(value):
            kept[key] = value
        else:
            on_bad(key, _not_plain(what, key, _short(value)))
    return kept


def _bad_field(what: _What, key: str, why: ValueError, value: str) -> Message:
    if what == "statistics":
        return msg(
            "Statistics field '{key}' {reason} (it is {value}).", key=key, reason=why, value=value
        )
    if what == "sampling":
        return msg(
            "Sampling field '{key}' {reason} (it is {value}).", key=key, reason=why, value=value
        )
    return msg("Settings field '{key}' {reason} (it is {value}).", key=key, reason=why, value=value)


def _unexpected_key(what: _What, key: str) -> Message:
    if what == "statistics":
        return msg("Statistics has an unexpected key {key}.", key=key)
    if what == "sampling":
        return msg("Sampling has an unexpected key {key}.", key=key)
    return msg("Settings has an unexpected key {key}.", key=key)


def _not_plain(what: _What, key: str, value: str) -> Message:
    if what == "statistics":
        return msg(
            "Statistics field '{key}' must be a plain value (it is {value}).", key=key, value=value
        )
    if what == "sampling":
        return msg(
            "Sampling field '{key}' must be a plain value (it is {value}).", key=key, value=value
        )
    return msg(
        "Settings field '{key}' must be a plain value (it is {value}).", key=key, value=value
    )


def _refuse(_field: str, reason: str) -> None:
    raise StoredValueError(reason)


_logged: set[str] = set()


def _log_once(where: str) -> Callable[[str, str], None]:
    def report(field: str, reason: str) -> None:
        # messages() runs on every refresh: say it once, not on every redraw.
        key = f"{where}\0{field}"
        if key not in _logged:
            _logged.add(key)
            log.warning("%s: %s It is ignored.", where, reason)

    return report


def check_stats(data: Any) -> dict[str, Any]:
    """Imported reply statistics, or StoredValueError naming the bad field."""
    if not isinstance(data, dict):
        raise StoredValueError(
            msg("Reply statistics must be an object (they are {value}).", value=_short(data))
        )
    return _checked(data, _STATS_CHECKS, "statistics", _refuse)


def clean_stats(data: Any, where: str) -> dict[str, Any] | None:
    """Stored reply statistics with every bad field left out (and logged)."""
    if data is None:
        return None
    if not isinstance(data, dict):
        _log_once(where)("stats", f"Statistics are {_short(data)}, not an object.")
        return None
    return _checked(data, _STATS_CHECKS, "statistics", _log_once(where))


def reply_stats(data: Any, where: str = "stored statistics") -> ReplyStats | None:
    """ReplyStats from stored statistics; None when a field it needs is missing or bad."""
    from engine.llm.generation import ReplyStats

    cleaned = clean_stats(data, where)
    return None if cleaned is None else ReplyStats.from_dict(cleaned)


def _json_form(fields: dict[str, Any]) -> dict[str, Any]:
    # The stop texts are a tuple in SamplingSettings and a list in JSON.
    return {k: list(v) if isinstance(v, tuple) else v for k, v in fields.items()}


def check_sampling(data: Any) -> dict[str, Any]:
    """Imported sampling settings (a reply's or a conversation's), checked field by field."""
    if not isinstance(data, dict):
        raise StoredValueError(
            msg("Sampling settings must be an object (they are {value}).", value=_short(data))
        )
    return _json_form(_checked(data, SAMPLING_CHECKS, "sampling", _refuse))


def clean_sampling(data: Any, where: str) -> dict[str, Any] | None:
    """Stored sampling settings with every bad field left out (and logged once)."""
    if data is None:
        return None
    if not isinstance(data, dict):
        _log_once(where)("sampling", f"Sampling settings are {_short(data)}, not an object.")
        return None
    return _json_form(_checked(data, SAMPLING_CHECKS, "sampling", _log_once(where)))


def check_settings(data: Any) -> dict[str, Any]:
    """Imported conversation settings, or StoredValueError naming the bad field."""
    if not isinstance(data, dict):
        raise StoredValueError(
            msg("Conversation settings must be an object (they are {value}).", value=_short(data))
        )
    return _checked(data, {"sampling": check_sampling}, "settings", _refuse)


def clean_settings(data: Any, where: str) -> dict[str, Any]:
    """Stored conversation settings with every bad field left out (and logged)."""
    if not isinstance(data, dict):
        _log_once(where)("settings", f"Settings are {_short(data)}, not an object.")
        return {}
    report = _log_once(where)

    def sampling(value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise ValueError(msg("must be an object"))
        return _json_form(_checked(value, SAMPLING_CHECKS, "sampling", report))

    return _checked(data, {"sampling": sampling}, "settings", report)
