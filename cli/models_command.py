"""``hearth models …``: list, search, download, import and remove models from a terminal,
with the same library, hub settings and resumable downloads as the window."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.progress_bar import ProgressBar
from engine.common.errors import DownloadPausedError, HearthError
from engine.common.paths import AppPaths
from engine.common.preferences import AppSettingsStore, models_folder
from engine.common.units import human_duration, human_size
from engine.hub.downloads import (
    DownloadControl,
    Downloader,
    DownloadProgress,
    staged_downloads,
)
from engine.hub.hub_client import HubClient
from engine.hub.hub_config import HubConfig
from engine.models.model_library import ModelLibrary


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    models = commands.add_parser(
        "models",
        help="list, search, download, import and remove models",
        description="Manage the models folder and download GGUF models from the hub.",
    )
    _add_hub_options(models)
    # The same options after the action too (`hearth models list --offline`); there they
    # have no default, so that they do not undo one given before the action.
    after = argparse.ArgumentParser(add_help=False)
    _add_hub_options(after, default=argparse.SUPPRESS)
    actions = models.add_subparsers(dest="action", metavar="ACTION", required=True)

    def action(name: str, help: str) -> argparse.ArgumentParser:
        return actions.add_parser(name, help=help, parents=[after])

    action("list", "models in the library and unfinished downloads")
    search = action("search", "search the hub for GGUF repositories")
    search.add_argument("text")
    search.add_argument("--sort", choices=["downloads", "likes"], default="downloads")
    search.add_argument("--limit", type=int, default=20)
    files = action("files", "a repository's GGUF files, sizes and fit")
    files.add_argument("repo", metavar="REPO")
    download = action(
        "download", "download (or resume) a model; Ctrl+C pauses, run again to resume"
    )
    download.add_argument("repo", metavar="REPO")
    download.add_argument("file", metavar="FILE")
    imp = action("import", "add a .gguf you already have (linked, or --copy)")
    imp.add_argument("path", metavar="PATH")
    imp.add_argument("--copy", action="store_true", help="copy it into the models folder")
    remove = action("remove", "remove a model (deletes it if in the models folder)")
    remove.add_argument("name", metavar="NAME", help="file name, model name or path")
    remove.add_argument("--yes", action="store_true", help="do not ask for confirmation")


def _add_hub_options(parser: argparse.ArgumentParser, default: object = None) -> None:
    """``--offline`` and ``--endpoint``; ``default=argparse.SUPPRESS`` leaves them out of
    the result when not given."""
    parser.add_argument(
        "--offline",
        action="store_true",
        default=False if default is None else default,
        help="make no network call",
    )
    parser.add_argument(
        "--endpoint",
        metavar="URL",
        default=default,
        help="hub or mirror URL (default: settings, HF_ENDPOINT)",
    )


def run(args: argparse.Namespace, paths: AppPaths) -> int:
    settings = AppSettingsStore(paths.config_dir).load()
    config = HubConfig.resolve(settings)
    if args.offline:
        config = HubConfig(config.endpoint, config.token, True)
    if args.endpoint:
        config = HubConfig(args.endpoint.rstrip("/"), config.token, config.offline)
    library = ModelLibrary(paths, models_folder(paths, settings))
    try:
        if args.action == "list":
            return _list(library)
        if args.action == "search":
            return _search(HubClient(config), args.text, args.sort, args.limit)
        if args.action == "files":
            return _files(HubClient(config), args.repo)
        if args.action == "download":
            return _download(Downloader(config, library.models_dir), args.repo, args.file)
        if args.action == "import":
            return _import(library, args.path, args.copy)
        return _remove(library, args.name, args.yes)
    except HearthError as error:
        print(f"hearth: error: {error}", file=sys.stderr)
        return 1


def _list(library: ModelLibrary) -> int:
    models = library.models()
    print(f"Models folder: {library.models_dir}")
    if not models:
        print("No models yet: `hearth models download REPO FILE` or `hearth models import PATH`.")
    for model in models:
        state = f"  ({model.problem})" if model.problem else ""
        print(
            f"{model.name:<36} {model.quantization:<7} {human_size(model.size_bytes):>9}  "
            f"{model.origin:<7} {model.path}{state}"
        )
    for staged in staged_downloads(library.models_dir):
        request = staged.request
        print(
            f"unfinished download: {request.repo_id} {request.name} "
            f"{human_size(staged.bytes_on_disk)} of {human_size(request.total)}"
        )
    return 0


def _search(client: HubClient, text: str, sort: str, limit: int) -> int:
    results = client.search(text, sort="likes" if sort == "likes" else "downloads", limit=limit)
    if not results:
        print(f"No GGUF repositories match {text!r}.")
    for repo in results:
        gated = "  (gated: needs a token)" if repo.gated else ""
        print(f"{repo.repo_id:<60} {repo.downloads:>10} downloads {repo.likes:>6} likes{gated}")
    return 0


def _files(client: HubClient, repo_id: str) -> int:
    from engine.llm.fit_estimate import machine_memory

    listing = client.list_files(repo_id)
    memory = machine_memory()
    if not listing.files:
        print(f"{repo_id} has no GGUF model files.")
    for model in listing.files:
        parts = f" ({len(model.parts)} parts)" if model.is_split else ""
        sha = model.parts[0].sha256[:12] or "no sha256"
        print(
            f"{model.name:<56} {model.quantization:<7} {human_size(model.size):>9}{parts}  "
            f"sha256 {sha}…  {memory.fit(model.size).text}"
        )
    return 0


def _download(downloader: Downloader, repo_id: str, file_name: str) -> int:
    staged = [
        s.request
        for s in staged_downloads(downloader.models_dir)
        if s.request.repo_id == repo_id
        and (s.request.name == file_name or file_name in (p.path for p in s.request.parts))
    ]
    # An unfinished download resumes from its own commit, so the bytes on disk still match.
    request = staged[0] if staged else downloader.plan(repo_id, file_name)
    control = DownloadControl()
    bar = ProgressBar(request.name)
    try:
        path = downloader.download(
            request,
            on_progress=lambda p: bar.show(p.done, p.total, _download_note(p)),
            control=control,
        )
    except KeyboardInterrupt:
        bar.finish()
        print("Paused: run the same command again to resume.", file=sys.stderr)
        return 130
    except DownloadPausedError:
        bar.finish()
        return 130
    except HearthError:
        bar.finish()
        raise
    bar.finish()
    print(path)
    return 0


def _import(library: ModelLibrary, source: str, copy: bool) -> int:
    bar = ProgressBar(Path(source).name) if copy else None
    path = library.import_model(
        source,
        copy=copy,
        on_progress=(lambda done, total: bar.show(done, total, "")) if bar else None,
    )
    if bar:
        bar.finish()
    print(f"{'Copied to' if copy else 'Linked'}: {path}")
    return 0


def _remove(library: ModelLibrary, name: str, yes: bool) -> int:
    models = library.models()
    wanted = Path(name).expanduser()
    matches = [
        m
        for m in models
        if m.path == wanted.resolve() or m.path.name == name or m.name.lower() == name.lower()
    ]
    if not matches:
        raise HearthError(f"No model named {name!r}; `hearth models list` shows them.")
    if len(matches) > 1:
        listed = "\n  ".join(str(m.path) for m in matches)
        raise HearthError(f"{name!r} names several models; give the path:\n  {listed}")
    model = matches[0]
    owned = library.owns(model.path)
    what = (
        f"Delete {model.path} ({human_size(model.size_bytes)})"
        if owned
        else f"Forget {model.path} (linked; the file stays)"
    )
    if not yes:
        print(f"{what}? [y/N] ", end="", file=sys.stderr, flush=True)
        if sys.stdin.readline().strip().lower() not in ("y", "yes"):
            print("Nothing removed.", file=sys.stderr)
            return 1
    freed = library.remove(model.path)
    print(f"Removed {model.path.name}" + (f"; {human_size(freed)} freed" if freed else ""))
    return 0


def _download_note(progress: DownloadProgress) -> str:
    if progress.message:
        return progress.message
    if progress.state != "downloading":
        return progress.state
    note = f"{human_size(int(progress.speed))}/s" if progress.speed else ""
    if progress.eta is not None:
        note += f" ETA {human_duration(progress.eta)}"
    return note
