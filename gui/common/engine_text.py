"""The engine's sentences in the window's language.

The engine raises and reports English :class:`~engine.common.messages.Message` texts
that keep their template and fields. :func:`shown` looks the template up in the
installed translations (lupdate files the engine's templates under the empty context)
and fills in the same fields, translating a field that is itself such a sentence. Any
other text (a library's error, an older record) is shown as it is.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from engine.common.messages import message_of
from engine.models.model_library import LibraryModel
from gui.common.ui_locale import data_size

ENGINE_CONTEXT = ""


def shown(value: object) -> str:
    """``value`` (a Message, an error raised with one, or anything else) as the user
    should read it in the window's language."""
    message = message_of(value)
    if message is None:
        return str(value)
    template = QCoreApplication.translate(ENGINE_CONTEXT, message.template)
    fields = {name: _field(field) for name, field in message.fields.items()}
    try:
        return template.format(**fields)
    except (KeyError, IndexError, ValueError):
        # A translation that names a field the template lacks: the English is still true.
        return str(message)


def _field(value: object) -> object:
    return shown(value) if message_of(value) is not None else value


def library_label(model: LibraryModel) -> str:
    """A library model as the Model menu and the pickers list it, in the UI language:
    "name · quantization · size", or why it cannot be used."""
    if model.problem:
        return shown(model.label)
    return f"{shown(model.name)} · {model.quantization} · {data_size(model.size_bytes)}"
