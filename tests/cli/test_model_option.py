"""Which model ``ask`` and ``translate`` load: ``--model``, ``--starter`` or
``--endpoint``, and the one-line reason when none works."""

from __future__ import annotations

import argparse

import pytest

from cli import model_option
from cli.model_option import local_model


def _args(**given: object) -> argparse.Namespace:
    values: dict[str, object] = {"model": None, "starter": False, "endpoint": None}
    values.update(given)
    return argparse.Namespace(**values)


def test_a_path_a_starter_or_an_endpoint() -> None:
    assert local_model(_args(model="m.gguf")) == ("m.gguf", "")
    path, problem = local_model(_args(starter=True))
    assert problem == "" and path is not None and path.endswith(".gguf")
    assert local_model(_args(endpoint="http://127.0.0.1:9/v1")) == (None, "")
    # With an endpoint, --model names the remote model: nothing local to load.
    assert local_model(_args(endpoint="http://127.0.0.1:9/v1", model="llama3")) == (None, "")


def test_what_cannot_work_is_said_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    assert local_model(_args())[1] == "--model PATH is required (or --starter, or --endpoint URL)."
    for name, other in (("--model", {"model": "m.gguf"}), ("--endpoint", {"endpoint": "x"})):
        problem = local_model(_args(starter=True, **other))[1]
        assert problem == f"--starter replaces {name}: give one of them."
    monkeypatch.setattr(model_option, "smollm2_path", lambda: None)
    path, problem = local_model(_args(starter=True))
    assert path is None and "the starter model is not installed" in problem


def test_a_namespace_without_the_subcommands_flags_is_read_as_unset() -> None:
    # The subcommands' --model and --starter default to argparse.SUPPRESS.
    assert local_model(argparse.Namespace(endpoint=None))[1].startswith("--model PATH")
