"""``hearth serve``: the loaded model as an OpenAI-compatible API, headless.

One line per request on stderr; Ctrl+C stops it: replies in progress end with an error
event, then the model is freed. With ``--load-on-request`` the server lists every model
of the library and loads the one a request names (one at a time).
"""

from __future__ import annotations

import argparse
import ipaddress
import logging
import os
import sys
from pathlib import Path
from typing import Any

from cli.model_option import add_starter_argument, local_model
from engine.common.errors import HearthError, LoadCancelledError

log = logging.getLogger("engine.api")

API_KEY_ENV = "HEARTH_API_KEY"


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = commands.add_parser(
        "serve",
        help="serve a model through an OpenAI-compatible API",
        description="Serve a GGUF model at /v1 (chat/completions, completions, embeddings, "
        "models) and /health, like llama-server, LM Studio or Ollama.",
    )
    serve.add_argument(
        "--model",
        metavar="PATH",
        help="GGUF model file (required unless --load-on-request; with it, the model served first)",
    )
    add_starter_argument(serve)
    serve.add_argument(
        "--load-on-request",
        action="store_true",
        help="list every model of the library at /v1/models and load the one a request "
        "names, in place of the loaded one (its saved settings, this command's --ctx "
        "and --parallel)",
    )
    serve.add_argument(
        "--models-dir",
        metavar="DIR",
        default=None,
        help="with --load-on-request: the folder of models to offer, with the models "
        "linked into Hearth (default: Hearth's models folder, with its starter models)",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s)")
    serve.add_argument("--port", type=int, default=8080, help="port (default: %(default)s)")
    serve.add_argument(
        "--parallel",
        type=int,
        default=1,
        metavar="N",
        help="replies decoded together, each in its own slot (default: %(default)s)",
    )
    serve.add_argument(
        "--ctx",
        type=int,
        default=4096,
        metavar="N",
        help="context of each slot in tokens; the KV cache holds N × parallel "
        "(default: %(default)s)",
    )
    serve.add_argument(
        "--queue",
        type=int,
        default=16,
        metavar="N",
        help="requests that may wait for a slot before the server answers 429 "
        "(default: %(default)s)",
    )
    serve.add_argument(
        "--api-key",
        default=None,
        metavar="KEY",
        help=f"require 'Authorization: Bearer KEY' (or set {API_KEY_ENV}); "
        "required when binding to anything but this computer",
    )
    serve.add_argument(
        "--cors",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="a web page origin allowed to call the API (repeatable; none by default)",
    )
    serve.add_argument(
        "--threads", type=int, default=None, metavar="N", help="CPU threads (default: all)"
    )
    serve.add_argument(
        "--chat-template",
        metavar="FILE",
        default=None,
        help="a Jinja chat template for --model instead of its saved or own one",
    )


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _fail(message: str) -> int:
    print(f"hearth serve: error: {message}", file=sys.stderr)
    return 1


def run(args: argparse.Namespace) -> int:
    import threading
    from dataclasses import replace

    from cli.interrupt import cancel_on_sigint
    from cli.template_file import read_chat_template
    from engine.common.paths import AppPaths
    from engine.llm.model import load_model
    from engine.models.model_profile import ModelProfileStore

    api_key = args.api_key or os.environ.get(API_KEY_ENV) or None
    if not is_loopback(args.host) and api_key is None:
        return _fail(
            f"binding to {args.host} lets other computers use the model: set an API key "
            f"with --api-key or {API_KEY_ENV}."
        )
    if not 1 <= args.parallel <= 64:
        return _fail("--parallel must be between 1 and 64.")
    if args.queue < 0:
        return _fail("--queue cannot be negative.")
    if getattr(args, "starter", False):
        path, problem = local_model(args)
        if problem:
            return _fail(problem)
        args.model = path
    if args.model is None and not args.load_on_request:
        return _fail(
            "name a model with --model PATH or --starter, or serve the library with "
            "--load-on-request."
        )
    if args.models_dir is not None and not args.load_on_request:
        return _fail("--models-dir goes with --load-on-request.")
    console = logging.StreamHandler(sys.stderr)
    console.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))
    log.addHandler(console)
    log.setLevel(logging.INFO)

    switcher = _switcher(args) if args.load_on_request else None
    if isinstance(switcher, str):
        return _fail(switcher)
    model = None
    if args.model is not None:
        cancel = threading.Event()
        with cancel_on_sigint(cancel):
            try:
                # The model's own saved settings (chat format, reasoning tags, …), as the
                # window loads it, with this command's context, slots and threads.
                own = ModelProfileStore(AppPaths.from_environment().config_dir).get(args.model)
                template = read_chat_template(args.chat_template)
                settings = replace(
                    own.load_settings(),
                    n_ctx=args.ctx * args.parallel,
                    parallel=args.parallel,
                    n_threads=args.threads if args.threads is not None else own.n_threads,
                ).validate()
                if template is not None:
                    settings = replace(settings, chat_template=template)
                model = load_model(
                    args.model, settings, on_progress=lambda _progress: not cancel.is_set()
                )
            except LoadCancelledError:
                return 130
            except HearthError as error:
                return _fail(str(error))
    if switcher is not None:
        try:
            return _serve(switcher.start(model), args, api_key)
        finally:
            switcher.shutdown()
    assert model is not None
    try:
        return _serve(model, args, api_key)
    finally:
        model.close()


def _switcher(args: argparse.Namespace) -> Any:
    """The model switcher over the library, or what is wrong with its folder."""
    from engine.api.model_switch import ModelSwitcher, ServeSettings
    from engine.common.paths import AppPaths
    from engine.models.model_library import ModelLibrary
    from engine.models.model_profile import ModelProfileStore

    paths = AppPaths.from_environment()
    models_dir = paths.models_dir
    if args.models_dir is not None:
        models_dir = Path(args.models_dir).expanduser().resolve()
        if not models_dir.is_dir():
            return f"{models_dir} is not a folder."
    # A folder named on the command line is served as it is; Hearth's own library
    # brings the starter models along, as its Model menu does.
    library = ModelLibrary(paths, models_dir, include_starters=args.models_dir is None)
    settings = ServeSettings(
        slot_ctx=args.ctx, parallel=args.parallel, threads=args.threads, max_waiting=args.queue
    )
    return ModelSwitcher(library, ModelProfileStore(paths.config_dir), settings)


def _serve(model: Any, args: argparse.Namespace, api_key: str | None) -> int:
    """Serve ``model`` (a loaded model, or a ModelSwitcher that loads on request)."""
    import uvicorn

    from engine.api.model_switch import ModelSwitcher
    from engine.api.server_app import create_app
    from engine.api.service import ModelService

    source: ModelService | ModelSwitcher = (
        model
        if isinstance(model, ModelSwitcher)
        else ModelService(model, max_waiting=args.queue).start()
    )
    app = create_app(source, api_key=api_key, cors_origins=args.cors)

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: Any) -> None:
            # Replies in progress end now, with an error event, instead of keeping
            # the shutdown waiting for them.
            source.close("The server is shutting down.", timeout=0)
            super().handle_exit(sig, frame)

    config = uvicorn.Config(
        app,
        host=args.host,
        port=args.port,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=3,
    )
    server = Server(config)
    shown = f"[{args.host}]" if ":" in args.host else args.host
    service = source.current()
    if isinstance(source, ModelSwitcher):
        what = f"the models in {source.models_dir} (loaded on request)"
        if service is not None:
            what += f", {service.model_id} first"
    else:
        assert service is not None
        what = service.model_id
    log.info(
        "Serving %s at http://%s:%d/v1 · %d slot(s) × %d tokens%s · Ctrl+C stops",
        what,
        shown,
        args.port,
        args.parallel,
        service.n_ctx if service is not None else args.ctx,
        " · API key required" if api_key else "",
    )
    try:
        server.run()
    except KeyboardInterrupt:
        pass  # uvicorn raises the Ctrl+C again once it has shut down: a normal stop
    finally:
        if isinstance(source, ModelService):
            source.close()
    log.info("Stopped.")
    return 0 if server.started else 1
