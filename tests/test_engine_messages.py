"""The engine's sentences for the user stay translatable: each is a Message (English,
with its template and fields), and every Hearth error raised with text outside the HTTP
API is raised with one, so a window in another language can show it translated."""

from __future__ import annotations

import ast
import copy
import pickle
from pathlib import Path

import engine
from engine.common.errors import HearthError, InvalidModelFileError
from engine.common.messages import Message, message_of, msg, text_of

ROOT = Path(__file__).resolve().parents[1]


def test_a_message_is_its_english_sentence_and_keeps_template_and_fields() -> None:
    text = msg("{name} is only {size:,} bytes long.", name="a.gguf", size=12345)
    assert text == "a.gguf is only 12,345 bytes long."
    assert isinstance(text, str)
    assert text.template == "{name} is only {size:,} bytes long."
    assert text.fields == {"name": "a.gguf", "size": 12345}


def test_a_message_survives_copy_and_pickle() -> None:
    text = msg("Cannot read {path}.", path="/x")
    for clone in (copy.copy(text), copy.deepcopy(text), pickle.loads(pickle.dumps(text))):
        assert clone == text
        assert isinstance(clone, Message)
        assert clone.template == text.template


def test_message_of_finds_the_message_an_error_was_raised_with() -> None:
    text = msg("No model file at {path}.", path="/m")
    assert message_of(InvalidModelFileError(text)) is text
    assert message_of(text) is text
    assert message_of(InvalidModelFileError("plain")) is None
    assert message_of(ValueError(text, 2)) is None
    assert str(InvalidModelFileError(text)) == "No model file at /m."
    assert text_of(InvalidModelFileError(text)) is text
    assert text_of(ValueError("a library's words")) == "a library's words"


def _hearth_errors() -> set[str]:
    import importlib
    import pkgutil

    for module in pkgutil.walk_packages(engine.__path__, "engine."):
        importlib.import_module(module.name)
    seen: set[str] = set()
    todo: list[type] = [HearthError]
    while todo:
        cls = todo.pop()
        seen.add(cls.__name__)
        todo += cls.__subclasses__()
    return seen


def _text_built_here(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr | ast.BinOp):
        return True
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Constant)
    )


def test_every_hearth_error_outside_the_api_is_raised_with_a_message() -> None:
    errors = _hearth_errors()
    api = ROOT / "engine" / "api"
    plain: list[str] = []
    for path in sorted((ROOT / "engine").rglob("*.py")):
        if path.is_relative_to(api):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            func = node.exc.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in errors and node.exc.args and _text_built_here(node.exc.args[0]):
                plain.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}")
    assert plain == []
