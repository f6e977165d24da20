"""Hearth: private AI chat and offline translation with local GGUF models.

``python main.py`` opens the window; ``python main.py ask …`` answers in the terminal;
``python main.py models …`` manages and downloads models; ``python main.py translate …``
translates a text or a document offline; ``python main.py serve …`` serves a model through
an OpenAI-compatible API.
Qt is imported only for the window, so the command-line paths start fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from engine import __version__


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hearth",
        description="Private AI chat with local GGUF models. Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"Hearth {__version__}")
    parser.add_argument("--model", metavar="PATH", help="open the window with this GGUF loaded")
    parser.add_argument(
        "--starter",
        action="store_true",
        help="open the window with the bundled starter model (SmolLM2-135M-Instruct) loaded",
    )
    parser.add_argument(
        "--ctx",
        type=int,
        default=None,
        help="context length for models without saved settings (default: the model's "
        "trained context, or less if memory is short)",
    )
    parser.add_argument("--verbose", action="store_true", help="log debug details to stderr")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    ask = commands.add_parser(
        "ask", help="answer one prompt in the terminal", description="Answer one prompt."
    )
    ask.add_argument(
        "--model",
        metavar="PATH",
        # Not overwriting `hearth --model PATH ask …`'s value (argparse would).
        default=argparse.SUPPRESS,
        help="GGUF model file; with --endpoint, the remote model's name (default: the "
        "only one it serves)",
    )
    ask.add_argument(
        "--endpoint",
        metavar="URL",
        help="an OpenAI-compatible server to ask instead (http://host:8080/v1): "
        "llama-server, vLLM, Ollama, another Hearth; the prompt is sent there",
    )
    ask.add_argument(
        "--api-key",
        metavar="KEY",
        help="the endpoint's API key (or set HEARTH_REMOTE_API_KEY)",
    )
    ask.add_argument("--system", metavar="TEXT", help="system prompt")
    ask.add_argument(
        "--max-tokens",
        type=int,
        default=512,
        metavar="N",
        help="longest reply in tokens; 0: up to the context (default: %(default)s)",
    )
    ask.add_argument("--temperature", type=float, default=0.7, metavar="T")
    ask.add_argument("--seed", type=int, default=None, metavar="S")
    ask.add_argument("--ctx", type=int, default=4096, metavar="N", help="context length")
    ask.add_argument(
        "--json",
        action="store_true",
        help="print one JSON object with the answer, a reasoning model's thinking "
        "(reasoning, reasoning_tokens, thinking_s, thinking_unfinished) and statistics",
    )
    ask.add_argument(
        "--show-reasoning",
        action="store_true",
        help="print a reasoning model's thinking to stderr as it comes, before the "
        "answer (by default only the answer is printed)",
    )
    from engine.llm.reasoning import THINKING_VALUES

    ask.add_argument(
        "--thinking",
        choices=THINKING_VALUES,
        default="auto",
        help="turn a reasoning model's thinking on or off, or set its effort, where the "
        "model (or the endpoint) allows it (default: %(default)s, the model's own)",
    )
    ask.add_argument(
        "--chat-template",
        metavar="FILE",
        help="a Jinja chat template file to use instead of the model's own (local models)",
    )
    ask.add_argument("prompt", metavar="PROMPT", help="the prompt; - reads it from stdin")
    from cli import models_command, serve_command, translate_command
    from cli.model_option import add_starter_argument

    add_starter_argument(ask)

    models_command.add_parser(commands)
    translate_command.add_parser(commands)
    serve_command.add_parser(commands)
    return parser


def _fail(message: str) -> int:
    print(f"hearth: error: {message}", file=sys.stderr)
    return 1


def run_ask(args: argparse.Namespace) -> int:
    """Stream one reply to stdout (or print it as JSON at the end).

    Ctrl+C stops the load or the reply at once, even in the middle of a long prompt,
    and exits with 130.
    """
    import threading

    from cli.interrupt import cancel_on_sigint
    from cli.model_option import local_model
    from engine.common.errors import HearthError, LoadCancelledError
    from engine.llm.generation import generate_reply
    from engine.llm.messages import ChatMessage
    from engine.llm.model import load_model
    from engine.llm.parameters import LoadSettings

    path, problem = local_model(args)  # before reading a prompt from stdin
    if problem:
        return _fail(problem)
    prompt = sys.stdin.read() if args.prompt == "-" else args.prompt
    if not prompt.strip():
        return _fail("the prompt is empty.")
    messages = [ChatMessage("user", prompt)]
    if args.system:
        messages.insert(0, ChatMessage("system", args.system))
    cancel = threading.Event()
    if path is None:
        return _ask_remote(args, messages, cancel)
    from cli.template_file import read_chat_template
    from engine.llm.reasoning import thinking_note

    thinking = _ThinkingPrinter(args)
    with cancel_on_sigint(cancel):
        try:
            sampling = _sampling(args)
            template = read_chat_template(args.chat_template)
            model = load_model(
                path,
                LoadSettings(n_ctx=args.ctx, seed=args.seed or 0, chat_template=template),
                on_progress=lambda _progress: not cancel.is_set(),
            )
        except LoadCancelledError:
            return 130
        except HearthError as error:
            return _fail(str(error))
        note = thinking_note(model.thinking_switch, sampling.thinking)
        if note:
            print(f"hearth: note: {note}", file=sys.stderr)
        try:
            reply = generate_reply(
                model,
                messages,
                sampling,
                cancel=cancel,
                on_token=thinking.answer,
                on_reasoning=thinking.reasoning,
            )
        except HearthError as error:
            return _fail(str(error))
        except KeyboardInterrupt:
            return 130
        finally:
            model.close()
    thinking.end()
    return _report(args, reply, {})


def _sampling(args: argparse.Namespace) -> Any:
    from engine.llm.parameters import SamplingSettings

    return SamplingSettings(
        temperature=args.temperature,
        max_tokens=args.max_tokens,
        seed=args.seed,
        thinking=args.thinking,
    ).validate()


class _ThinkingPrinter:
    """Streams the answer to stdout (unless ``--json``) and, with ``--show-reasoning``,
    the thinking to stderr before it."""

    def __init__(self, args: argparse.Namespace) -> None:
        self._answer = not args.json
        self._show = args.show_reasoning
        self._thought = False
        self._line_open = False

    def reasoning(self, text: str) -> None:
        if self._show and text:
            self._thought = True
            self._line_open = not text.endswith("\n")
            sys.stderr.write(text)
            sys.stderr.flush()

    def answer(self, text: str) -> None:
        self.end()
        if self._answer:
            sys.stdout.write(text)
            sys.stdout.flush()

    def end(self) -> None:
        """Close the thinking's line on stderr, once."""
        if self._thought:
            self._thought = False
            sys.stderr.write("\n" if self._line_open else "")
            sys.stderr.write("\n")  # a blank line between the thinking and the answer
            sys.stderr.flush()


def _report(args: argparse.Namespace, reply: Any, extra: dict[str, str]) -> int:
    """End ``ask``'s output: the JSON line (with ``extra``), or the streamed reply's
    newline; the exit status (130 when it was stopped)."""
    if args.json:
        data = {"text": reply.text, "reasoning": reply.reasoning, **extra}
        data.update(reply.stats.as_dict())
        print(json.dumps(data, ensure_ascii=False))
    else:
        print()
    return 130 if reply.stats.finish_reason == "cancelled" else 0


def _ask_remote(args: argparse.Namespace, messages: list[Any], cancel: Any) -> int:
    """``ask`` on a remote OpenAI-compatible engine: the same output, streamed from there."""
    from cli.interrupt import cancel_on_sigint
    from engine.common.errors import HearthError
    from engine.remote.engines import command_line_endpoint
    from engine.remote.openai_client import choose_model, stream_chat

    if args.chat_template:
        return _fail("--chat-template applies to local models; the endpoint uses its own.")
    thinking = _ThinkingPrinter(args)
    with cancel_on_sigint(cancel):
        try:
            endpoint = command_line_endpoint(args.endpoint, args.api_key)
            sampling = _sampling(args)
            model = choose_model(endpoint, args.model)
            reply = stream_chat(
                endpoint,
                model,
                messages,
                sampling,
                cancel=cancel,
                on_token=thinking.answer,
                on_reasoning=thinking.reasoning,
            )
        except HearthError as error:
            thinking.end()
            if not args.json:
                print()
            return _fail(str(error))
    thinking.end()
    return _report(args, reply, {"model": model})


def main(argv: Sequence[str] | None = None) -> int:
    args = _build_parser().parse_args(argv)
    from engine.common.logging_setup import configure_logging
    from engine.common.paths import AppPaths

    paths = AppPaths.from_environment()
    if args.command == "ask":
        configure_logging(None, verbose=args.verbose)
        return run_ask(args)
    if args.command == "translate":
        from cli import translate_command

        configure_logging(None, verbose=args.verbose)
        return translate_command.run(args, paths)
    if args.command == "serve":
        from cli import serve_command

        configure_logging(paths.log_dir, verbose=args.verbose)
        return serve_command.run(args)
    if args.command == "models":
        from cli import models_command

        configure_logging(None, verbose=args.verbose)
        return models_command.run(args, paths)
    configure_logging(paths.log_dir, verbose=args.verbose)
    from gui.app import run_app

    return run_app(paths, model_path=args.model, use_starter=args.starter, n_ctx=args.ctx)


if __name__ == "__main__":
    sys.exit(main())
