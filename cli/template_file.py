"""A chat template given on the command line as a file (``--chat-template FILE``)."""

from __future__ import annotations


def read_chat_template(path: str | None) -> str | None:
    """The template in the file at ``path`` (None: the model's own), checked to render
    a conversation as Load settings checks a typed one.

    Raises:
        HearthError: the file cannot be read, or the template is broken.
    """
    if path is None:
        return None
    from engine.common.errors import HearthError
    from engine.llm.chat_formats import validate_template

    try:
        with open(path, encoding="utf-8") as file:
            source = file.read()
    except (OSError, UnicodeDecodeError) as error:
        raise HearthError(f"Cannot read the chat template {path}: {error}") from None
    return validate_template(source)
