"""The limits a chat template renders within: a deadline, the size of every text it
builds, and checks run before a built-in call whose work grows faster than its output.

The sandbox (:mod:`engine.llm.template_sandbox`) routes loops, ``~``, filters and
method calls through these checks; :func:`budget_scope` sets the budget of one render.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, NoReturn

from engine.common.errors import ChatTemplateError
from engine.common.messages import Message, msg
from engine.llm.messages import Cancelled

# A real template renders a long conversation in milliseconds; these only stop hostile
# ones. Texts may grow with the conversation (a template may repeat the system prompt).
RENDER_SECONDS = 2.0
MIN_TEXT_CHARS = 1_000_000
TEXT_CHARS_PER_INPUT_CHAR = 4
# Integers a template computes stay small: 2 ** 10 ** 9 would take minutes.
MAX_INT_BITS = 4096
# One call of a built-in runs to its end before the budget can look again, so the calls
# whose work grows faster than their output are refused beforehand past these sizes
# (each a small fraction of a second).
MAX_WRAP_CHARS = 1_000_000  # textwrap handles about a million characters a second
MAX_WRAP_COPIES = 2_000_000_000  # characters textwrap copies splitting long words
MAX_SUM_COPIES = 50_000_000  # items copied adding lists one by one
# Filters no chat template needs whose single call can take minutes on a small input
# (urlize's patterns backtrack; pprint is slow pure Python); a template using one is
# refused as invalid.
REMOVED_FILTERS = ("urlize", "pprint")
# Filters that print their subject: a structure is checked before it is printed.
_PRINTING_FILTERS = frozenset(
    {
        "capitalize",
        "center",
        "e",
        "escape",
        "forceescape",
        "format",
        "indent",
        "lower",
        "replace",
        "safe",
        "string",
        "striptags",
        "title",
        "tojson",
        "trim",
        "truncate",
        "upper",
        "urlencode",
        "wordcount",
        "wordwrap",
        "xmlattr",
    }
)
# Filters that make a list of a text's characters.
_LISTING_FILTERS = frozenset(
    {"batch", "groupby", "list", "map", "reject", "select", "slice", "sort", "unique"}
)


class TemplateLimitError(ChatTemplateError):
    """A chat template ran too long or built too much text, and was stopped."""


class RenderBudget:
    """The limits of one render: a deadline, a text size and the request's cancel."""

    def __init__(self, max_chars: int, seconds: float, cancel: threading.Event | None) -> None:
        self.max_chars = max_chars
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.cancel = cancel

    def tick(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled
        if time.monotonic() > self.deadline:
            raise TemplateLimitError(
                msg(
                    "The chat template was stopped: it ran longer than the limit of "
                    "{seconds:g} seconds.",
                    seconds=self.seconds,
                )
            )

    def refuse_time(self, text: Message) -> NoReturn:
        """Stop the render with ``text``, a sentence that names the time limit."""
        raise TemplateLimitError(text)

    def refuse_size(self, size: int) -> NoReturn:
        raise TemplateLimitError(
            msg(
                "The chat template was stopped: it tried to build a text of about "
                "{size:,} characters, over the limit of {limit:,} characters.",
                size=size,
                limit=self.max_chars,
            )
        )

    def check_size(self, size: int) -> None:
        if size > self.max_chars:
            self.refuse_size(size)

    def check(self, value: Any) -> Any:
        """Refuse ``value`` if it is (or would print as) more text than allowed."""
        if isinstance(value, (str, bytes, bytearray)):
            self.check_size(len(value))
        elif isinstance(value, int) and not isinstance(value, bool):
            if value.bit_length() > MAX_INT_BITS:
                raise TemplateLimitError(
                    msg(
                        "The chat template was stopped: it computed a number of more "
                        "than {bits} bits, over the limit.",
                        bits=MAX_INT_BITS,
                    )
                )
        elif isinstance(value, (list, tuple, dict, set, frozenset)):
            self.check_size(_expanded_size(value, self.max_chars))
        return value


def _expanded_size(value: Any, limit: int) -> int:
    """About how many characters ``value`` prints as, counting shared parts each time
    they appear (``[x, x]`` nested 60 deep is tiny in memory but not as text); stops
    counting past ``limit``."""
    total = 0
    stack = [value]
    while stack and total <= limit:
        item = stack.pop()
        if isinstance(item, (str, bytes, bytearray)):
            total += len(item) + 2
        elif isinstance(item, dict):
            total += 2 + 2 * len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += 2 + 2 * len(item)
            stack.extend(item)
        else:
            total += 8
    return total


_current_budget: contextvars.ContextVar[RenderBudget | None] = contextvars.ContextVar(
    "hearth_template_budget", default=None
)


@contextlib.contextmanager
def budget_scope(budget: RenderBudget) -> Iterator[None]:
    """Make ``budget`` the one the sandbox's checks use while the block runs."""
    token = _current_budget.set(budget)
    try:
        yield
    finally:
        _current_budget.reset(token)


def current_budget() -> RenderBudget:
    budget = _current_budget.get()
    if budget is None:  # rendered outside render_prompt: the default limits
        budget = RenderBudget(MIN_TEXT_CHARS, RENDER_SECONDS, None)
        _current_budget.set(budget)
    return budget


def format_widths_ok(fmt: str, values: Sequence[Any], budget: RenderBudget) -> None:
    """Refuse a format string whose field widths (literal or taken from the values,
    ``%*d`` / ``{:{w}}``) would pad a text past the limit."""
    for digits in re.findall(r"\d+", fmt):
        if len(digits) > 12 or int(digits) > budget.max_chars:
            budget.refuse_size(int(digits[:18]))
    if "*" in fmt or re.search(r"\{[^{}]*\{", fmt):
        for value in values:
            if isinstance(value, int) and abs(value) > budget.max_chars:
                budget.refuse_size(abs(value))


def format_size_ok(fmt: str, values: Sequence[Any], budget: RenderBudget) -> None:
    """Refuse a format string that prints its values more often than the limit allows
    (``('%(a)s' * 10**5) % {'a': text}``): each field may print the widest value."""
    fields = fmt.count("%") + fmt.count("{")
    if not fields:
        return
    candidates: list[Any] = []
    for value in values:
        candidates.extend(value.values() if isinstance(value, Mapping) else (value,))
    total = sum(_expanded_size(v, budget.max_chars) for v in values)
    widest = max((_expanded_size(v, budget.max_chars) for v in candidates), default=0)
    # A value printed once each (``'%s: %s' % (a, b)``) counts once; named or numbered
    # fields may print one value many times.
    repeats = len(re.findall(r"%\(|\{\s*[\w\[]", fmt))
    # repr() and ascii() may print a character as up to 10 (\U0001f600).
    factor = 10 if re.search(r"![ra]|%(?:\([^)]*\))?[-#0 +*.\d]*[ra]", fmt) else 1
    budget.check_size(len(fmt) + (total + repeats * widest) * factor)


def _joined_size(separator: str | bytes | bytearray, items: list[Any], limit: int) -> int:
    total = len(separator) * max(len(items) - 1, 0)
    for item in items:
        if total > limit:
            break
        total += len(item) if isinstance(item, (str, bytes)) else _expanded_size(item, limit)
    return total


def _largest_mapped(table: Any) -> int:
    """The longest text ``str.translate(table)`` may put in place of one character."""
    if isinstance(table, Mapping):
        values: Any = table.values()
    elif isinstance(table, (list, tuple)):
        values = table
    else:
        return 1
    return max((len(v) for v in values if isinstance(v, (str, bytes))), default=1)


def precheck_str_method(
    text: str | bytes | bytearray, name: str, args: list[Any], kwargs: dict[str, Any]
) -> None:
    """Refuse the str (and bytes) methods that turn a small text into a huge one,
    before they run."""
    budget = current_budget()
    if name == "join" and args:
        args[0] = list(args[0])
        budget.check_size(_joined_size(text, args[0], budget.max_chars))
    elif name == "replace" and len(args) >= 2:
        old, new = args[0], args[1]
        if not (isinstance(old, (str, bytes)) and isinstance(new, (str, bytes))):
            return
        try:
            # str.count(bytes) (or the reverse) is refused at run time: caught below.
            count = text.count(old) if old else len(text) + 1  # type: ignore[arg-type]
        except TypeError:
            return  # the call itself refuses the mix of str and bytes
        if len(args) > 2 and isinstance(args[2], int) and args[2] >= 0:
            count = min(count, args[2])
        budget.check_size(len(text) + count * max(len(new) - len(old), 0))
    elif name in ("ljust", "rjust", "center", "zfill") and args and isinstance(args[0], int):
        budget.check_size(args[0])
    elif name == "expandtabs":
        size = args[0] if args and isinstance(args[0], int) else kwargs.get("tabsize", 8)
        budget.check_size(len(text) * max(int(size), 1))
    elif name == "translate" and args:
        budget.check_size(len(text) * max(_largest_mapped(args[0]), 1))
    elif name in ("format", "format_map") and isinstance(text, str):
        values = [*args, *kwargs.values()]
        format_widths_ok(text, values, budget)
        format_size_ok(text, values, budget)


def precheck_int_method(name: str, args: list[Any], kwargs: dict[str, Any]) -> None:
    """``(1).to_bytes(10**9)`` would build a gigabyte in one call."""
    if name == "to_bytes":
        length = args[0] if args else kwargs.get("length", 1)
        if isinstance(length, int):
            current_budget().check_size(length)


def _json_size(value: Any, indent: Any, limit: int) -> int:
    """About how many characters ``tojson(value, indent)`` prints: every item on a line
    of its own, indented by its depth."""
    pad = indent if isinstance(indent, int) else len(indent) if isinstance(indent, str) else 0
    pad = max(pad, 0)
    total = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack and total <= limit:
        item, depth = stack.pop()
        total += pad * depth + (1 if pad or indent is not None else 0)
        if isinstance(item, str):
            total += len(item) + 2
        elif isinstance(item, Mapping):
            total += 4 + 2 * len(item)
            stack.extend((key, depth + 1) for key in item)
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, (list, tuple)):
            total += 2 + 2 * len(item)
            stack.extend((v, depth + 1) for v in item)
        else:
            total += 8
    return total


def _precheck_filter(
    name: str, subject: Any, rest: list[Any], kwargs: dict[str, Any], budget: RenderBudget
) -> Any:
    """Refuse a filter call whose one run would go far past the limits, before it runs.
    Returns the subject, made a list where it had to be read to check it."""

    def arg(position: int, key: str, default: Any = None) -> Any:
        return rest[position] if len(rest) > position else kwargs.get(key, default)

    if name in _PRINTING_FILTERS and not isinstance(subject, str):
        budget.check(subject)
    if name in _LISTING_FILTERS and isinstance(subject, str):
        budget.check_size(3 * len(subject))  # as checked once it is a list
    if name == "join" and subject is not None:
        subject = list(subject)
        separator = arg(0, "d", "")
        budget.check_size(_joined_size(str(separator), subject, budget.max_chars))
    elif name == "center" and isinstance(arg(0, "width"), int):
        budget.check_size(arg(0, "width"))
    elif name == "indent" and isinstance(subject, str):
        width = arg(0, "width", 4)
        pad = width if isinstance(width, int) else len(str(width))
        budget.check_size(len(subject) + (subject.count("\n") + 1) * max(pad, 0))
    elif name == "replace" and isinstance(subject, str) and len(rest) >= 2:
        precheck_str_method(subject, "replace", [*rest], {})
    elif name == "format" and isinstance(subject, str):
        values = [*rest, *kwargs.values()]
        format_widths_ok(subject, values, budget)
        format_size_ok(subject, values, budget)
    elif name in ("batch", "slice"):
        # batch(n, fill) pads its last row to n items, slice(n) yields n rows: both
        # in one call, however short the subject.
        count, fill = arg(0, "linecount" if name == "batch" else "slices"), arg(1, "fill_with")
        if isinstance(count, int):
            each = 2 if fill is None else 2 + _expanded_size(fill, budget.max_chars)
            budget.check_size(count * each if name == "slice" or fill is not None else 0)
    elif name == "wordwrap" and isinstance(subject, str):
        width = arg(0, "width", 79)
        width = max(width, 1) if isinstance(width, int) else 79
        wrapstring = arg(2, "wrapstring", "\n")
        wrap = len(wrapstring) if isinstance(wrapstring, str) else 1
        lines = subject.count("\n") + 1 + len(subject) // width
        budget.check_size(len(subject) + lines * max(wrap, 1))
        if len(subject) > MAX_WRAP_CHARS:
            budget.refuse_time(
                msg(
                    "The chat template was stopped: wrapping a text of {size:,} "
                    "characters would run longer than the limit of {seconds:g} seconds.",
                    size=len(subject),
                    seconds=budget.seconds,
                )
            )
        longest = max((len(word) for word in subject.split()), default=0)
        # Breaking a word longer than the line copies the rest of it for every line.
        if longest > width and (longest // width) * longest // 2 > MAX_WRAP_COPIES:
            budget.refuse_time(
                msg(
                    "The chat template was stopped: wrapping a word of {size:,} "
                    "characters would run longer than the limit of {seconds:g} seconds.",
                    size=longest,
                    seconds=budget.seconds,
                )
            )
    elif name == "tojson":
        budget.check_size(_json_size(subject, arg(0, "indent"), budget.max_chars))
    elif name == "sum":
        start = arg(1, "start", 0)
        if not isinstance(start, (int, float)):
            # Adding lists one by one copies the sum so far each time: quadratic.
            subject = list(subject)
            items = [i for i in subject if isinstance(i, (list, tuple, str))]
            size = sum(len(i) for i in items) + (len(start) if hasattr(start, "__len__") else 0)
            if len(items) * size // 2 > MAX_SUM_COPIES:
                budget.refuse_time(
                    msg(
                        "The chat template was stopped: adding up {count:,} lists would "
                        "run longer than the limit of {seconds:g} seconds.",
                        count=len(items),
                        seconds=budget.seconds,
                    )
                )
    return subject


def _sized_iter(iterator: Iterator[Any]) -> Iterator[Any]:
    """What a filter that yields (map, select, batch…) gives: the items, with a time
    check per item and the size of all of them counted, as a list of them would be."""
    budget = current_budget()
    size = 2
    for item in iterator:
        budget.tick()
        size += 2 + _expanded_size(item, budget.max_chars)
        budget.check_size(size)
        yield item


def checked_concat(parts: Any) -> str:
    """``environment.concat``: a macro's, block's or ``{% set %}`` block's output,
    refused before it is joined if it would be too long."""
    budget = current_budget()
    budget.tick()
    parts = list(parts)
    total = 0
    for part in parts:
        total += len(part) if isinstance(part, str) else 16
        budget.check_size(total)
    return "".join(parts)


def checked_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a Jinja filter: check the time, refuse amplifying arguments, check the result."""

    @functools.wraps(function)
    def checked(*args: Any, **kwargs: Any) -> Any:
        budget = current_budget()
        budget.tick()
        values = list(args)
        # Filters marked pass_context/eval_context/environment get that first.
        offset = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0
        if len(values) > offset:
            subject = values[offset]
            values[offset] = _precheck_filter(name, subject, values[offset + 1 :], kwargs, budget)
        result = function(*values, **kwargs)
        if isinstance(result, Iterator) and not isinstance(result, (str, bytes)):
            return _sized_iter(result)
        return budget.check(result)

    return checked


def bounded_iter(iterable: Any) -> Iterator[Any]:
    """What every ``{% for %}`` loop iterates: the loop, with a time check per item."""
    budget = current_budget()
    for item in iterable:
        budget.tick()
        yield item


LOOP_GUARD = "hearth_bounded_iter_"
TEXT_GUARD = "hearth_checked_text_"


def checked_text(value: Any) -> Any:
    budget = current_budget()
    budget.tick()
    return budget.check(value)
