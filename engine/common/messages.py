"""Sentences for the user that a window can show in the user's language.

The engine speaks English: a :class:`Message` *is* its English sentence (a ``str``), so
the command line, the log and the HTTP API use it as is. It also keeps the template and
the fields it was filled with, so the window can look the template up in its Qt Linguist
catalogue and fill the translation with the same fields (``gui/common/engine_text.py``).

``msg`` (and ``lazy_msg``) is also the marker that ``scripts/i18n_update.py`` collects
the templates by (``pyside6-lupdate`` reads it as ``QT_TR_NOOP``): a template must be a plain string
literal with named ``{fields}``, never an f-string or a sum of strings. A field may be
another Message or an error that carries one (the reason inside a sentence); it is
translated too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any


class Message(str):
    """An English sentence with the template and fields it was made from."""

    template: str
    fields: Mapping[str, object]

    def __new__(cls, template: str, fields: Mapping[str, object]) -> Message:
        text = super().__new__(cls, template.format(**fields))
        text.template = template
        text.fields = dict(fields)
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.template, dict(self.fields)))


def msg(template: str, /, **fields: object) -> Message:
    """The English sentence ``template`` filled with ``fields``, kept translatable."""
    return Message(template, fields)


def lazy_msg(template: str, /, **fields: object) -> Callable[[], Message]:
    """``msg(template, **fields)``, made only when called: for a description built
    often and rarely shown (where a read failed). Also collected by lupdate."""
    return partial(Message, template, fields)


def text_of(value: object) -> str:
    """What ``value`` says: the Message it is or carries (still translatable), else its
    ``str()`` (a library's error)."""
    return message_of(value) or str(value)


def message_of(value: object) -> Message | None:
    """The Message ``value`` is or carries (an error raised with one), if any."""
    if isinstance(value, Message):
        return value
    if isinstance(value, BaseException) and len(value.args) == 1:
        [first] = value.args
        if isinstance(first, Message):
            return first
    return None
