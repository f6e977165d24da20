"""``hearth translate``: a text or a document from the terminal, with the same
segmenting, glossary and translation memory as the window; progress on stderr."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cli.interrupt import cancel_on_sigint
from cli.model_option import add_starter_argument, local_model
from cli.progress_bar import ProgressBar
from engine.common.errors import HearthError
from engine.common.paths import AppPaths
from engine.common.units import human_duration
from engine.llm.generation import Reply
from engine.remote.endpoint import RemoteEndpoint
from engine.remote.engines import command_line_endpoint
from engine.remote.openai_client import choose_model
from engine.translation.glossary import Glossary
from engine.translation.job import (
    AUTO,
    SegmentResult,
    SegmentTask,
    TranslationJob,
    model_generator,
    remote_generator,
    run_job,
)
from engine.translation.memory import TranslationMemory, model_identity
from engine.translation.prompt import beams_help
from engine.translation.segmenter import load_document, max_segment_chars, parse_text, write_docx


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    translate = commands.add_parser(
        "translate",
        help="translate a text or a document offline",
        description="Translate a file (.txt, .md, .srt, .html, .docx) or stdin, offline.",
    )
    translate.add_argument(
        "--model",
        metavar="PATH",
        # Not overwriting `hearth --model PATH translate …`'s value (argparse would).
        default=argparse.SUPPRESS,
        help="GGUF model file; with --endpoint, the remote model's name (default: the only "
        "one it serves)",
    )
    translate.add_argument(
        "--endpoint",
        metavar="URL",
        help="translate with a model on an OpenAI-compatible server (http://host:8080/v1): "
        "the text is sent there, so this is not offline",
    )
    translate.add_argument(
        "--api-key", metavar="KEY", help="the endpoint's key (or HEARTH_REMOTE_API_KEY)"
    )
    translate.add_argument("--to", required=True, metavar="LANG", help="target language code")
    translate.add_argument(
        "--from",
        dest="source",
        default=AUTO,
        metavar="LANG",
        help="source language (default: detect)",
    )
    translate.add_argument(
        "--glossary",
        metavar="CSV",
        help="glossary: two columns, source and target, separated by commas, semicolons or "
        "tabs (default: the language pair's glossary saved in the window's Glossary tab)",
    )
    translate.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="output file (default: stdout; for .docx, NAME.LANG.docx)",
    )
    translate.add_argument("--ctx", type=int, default=4096, metavar="N", help="context length")
    translate.add_argument(
        "--no-memory",
        action="store_true",
        help="translate every segment again (the memory's are not reused)",
    )
    translate.add_argument("--creative", action="store_true", help="sample (not reproducible)")
    translate.add_argument(
        "--best",
        action="store_true",
        help="Best quality: the likeliest of four beams per segment (about twice as slow; "
        "a model on this computer only)",
    )
    add_starter_argument(translate)
    translate.add_argument("input", metavar="FILE", help="file to translate, or - for stdin")


def run(args: argparse.Namespace, paths: AppPaths) -> int:
    from engine.llm.model import load_model
    from engine.llm.parameters import LoadSettings

    path, problem = local_model(args)
    if problem:
        print(f"hearth: error: {problem}", file=sys.stderr)
        return 1
    try:
        glossary = _glossary(args.glossary)
        chars = max_segment_chars(args.ctx)
        if args.input == "-":
            document = parse_text(sys.stdin.read(), "text", chars)
            if not document.segments():
                raise HearthError("the input is empty.")
        else:
            document = load_document(Path(args.input), chars)
        # The pair is checked before a model loads (a text already in the target
        # language, an unknown code): the job is made again once the model is known.
        TranslationJob(document, args.source, args.to, use_memory=False)
        paths.data_dir.mkdir(parents=True, exist_ok=True)
        memory = TranslationMemory(paths.data_dir / "translation.db")
        cancel = threading.Event()
        without_beams: set[int] = set()  # the segments --best decoded greedily
        if path is None:
            engine = _remote(args, cancel)
            model_name, model_id = engine.model_id, engine.identity
            close: Callable[[], None] = _nothing
            generate = remote_generator(
                engine.endpoint, engine.model_id, reproducible=not args.creative, cancel=cancel
            )
            if args.best:
                print(
                    "hearth: note: --best needs a model on this computer; the remote engine "
                    "translates as usual.",
                    file=sys.stderr,
                )
        else:
            model = load_model(path, LoadSettings(n_ctx=args.ctx))
            model_name, model_id, close = model.name, model_identity(path), model.close
            generate = model_generator(
                model, reproducible=not args.creative, best=args.best, cancel=cancel
            )
            if args.best and beams_help(model.name):
                generate = _counting_greedy(generate, without_beams)
            if args.best and not beams_help(model.name):
                print(
                    f"hearth: note: Best quality measured worse than usual on {model.name}; "
                    "translating as usual.",
                    file=sys.stderr,
                )
    except (HearthError, OSError, ValueError) as error:
        print(f"hearth: error: {error}", file=sys.stderr)
        return 1
    try:
        job = TranslationJob(
            document,
            args.source,
            args.to,
            glossary=glossary,
            memory=memory,
            use_memory=not args.no_memory,
            model_name=model_name,
            model_id=model_id,
            # A remote engine takes no list of tokens never to write.
            word_bans=path is not None,
        )
    except ValueError as error:
        close()
        print(f"hearth: error: {error}", file=sys.stderr)
        return 1
    if job.source is not None and job.detected:
        print(f"Detected {job.source.name} (--from LANG if it is another).", file=sys.stderr)
    elif job.detected is not None:
        print(
            "The source language was not detected: the model is not told it, and no check "
            "looks for text left in it (--from LANG to choose it).",
            file=sys.stderr,
        )
    if glossary is None:
        job.glossary = memory.glossary(job.source_lang, job.target.code)
    progress = _Progress(job)
    try:
        # Ctrl+C (or SIGTERM) sets the cancel event: it stops even a prompt in progress.
        with cancel_on_sigint(cancel, sigterm=True) as signals:
            finished = run_job(job, generate, cancel=cancel, on_result=progress.update)
    except KeyboardInterrupt:
        finished, signals = False, []
    except HearthError as error:
        progress.finish()
        print(f"hearth: error: {error}", file=sys.stderr)
        return 1
    finally:
        close()
    progress.finish()
    flagged = [r for r in job.results.values() if r.issues]
    for result in flagged:
        print(f"segment {result.index + 1}: {'; '.join(result.issues)}", file=sys.stderr)
    if without_beams:
        count = len(without_beams)
        print(
            f"hearth: note: --best translated {count} segment{'' if count == 1 else 's'} word "
            "by word, not with beams: the beams did not fit in the context (a larger --ctx "
            "helps), or the model started writing its reasoning.",
            file=sys.stderr,
        )
    if not finished:
        again = "without --no-memory " if args.no_memory else "again "
        print(
            f"Stopped after {job.done} of {job.total} segments; the unflagged ones are "
            f"kept in the translation memory: run the same command {again}to resume.",
            file=sys.stderr,
        )
        return 143 if signal.SIGTERM in signals else 130
    _write(job, document.kind, args)
    return 0


def _counting_greedy(
    generate: Callable[[SegmentTask], Reply], without_beams: set[int]
) -> Callable[[SegmentTask], Reply]:
    """``generate``, noting in ``without_beams`` each reply decoded greedily although
    Best quality asked for beams."""

    def counted(task: SegmentTask) -> Reply:
        reply = generate(task)
        # A retry going on from the words of the reply before is greedy by design.
        if reply.stats.beams <= 1 and reply.stats.finish_reason != "cancelled" and not task.prefix:
            without_beams.add(task.index)  # once, though a retry asks again
        return reply

    return counted


def _nothing() -> None:
    """Nothing to free: a remote model is not loaded here."""


@dataclass(frozen=True)
class _RemoteChoice:
    endpoint: RemoteEndpoint
    model_id: str

    @property
    def identity(self) -> str:
        """How the memory names a remote model: where it runs and its id."""
        return f"{self.endpoint.host}/{self.model_id}"


def _remote(args: argparse.Namespace, cancel: threading.Event) -> _RemoteChoice:
    """The endpoint and model ``--endpoint`` names; says on stderr that the text leaves
    this computer before anything is sent."""
    endpoint = command_line_endpoint(args.endpoint, args.api_key)
    model_id = choose_model(endpoint, args.model)
    print(
        f"Not offline: the text is sent to {endpoint.host} ({model_id}) to be translated.",
        file=sys.stderr,
    )
    return _RemoteChoice(endpoint, model_id)


def _glossary(path: str | None) -> Glossary | None:
    if path is None:
        return None
    try:
        return Glossary.from_csv(Path(path).read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise HearthError(
            f"cannot read the glossary {path}: it is not UTF-8 text (save it as UTF-8 CSV)"
        ) from None
    except OSError as error:
        raise HearthError(f"cannot read the glossary {path}: {error}") from error
    except ValueError as error:
        raise HearthError(f"glossary {path}: {error}") from error


def _write(job: TranslationJob, kind: str, args: argparse.Namespace) -> None:
    if kind == "docx":
        source = Path(args.input)
        out = Path(args.output) if args.output else source.with_suffix(f".{job.target.code}.docx")
        write_docx(job.document, job.translations(), out)
        print(out)
        return
    text = job.output()
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8", newline="")
        print(args.output)
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


class _Progress:
    """The progress bar in segments, with how many came from memory and the time left."""

    def __init__(self, job: TranslationJob) -> None:
        self.job = job
        self.bar = ProgressBar(f"Translating into {job.target.name}", amount=str)

    def update(self, _result: SegmentResult) -> None:
        job = self.job
        eta = job.eta_seconds()
        note = f"segments · {job.from_memory()} from memory"
        if eta is not None and not job.finished:
            note += f" · ETA {human_duration(eta)}"
        self.bar.show(job.done, job.total, note)

    def finish(self) -> None:
        self.bar.finish()
