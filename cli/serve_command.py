"""``hearth serve``: the loaded model as an OpenAI-compatible API, headless.

One line per request on stderr; Ctrl+C stops it: replies in progress end with an error
event, then the model is freed.
"""

from __future__ import annotations

import argparse
import ipaddress
import logging
import os
import sys
from typing import Any

from engine.common.errors import HearthError, LoadCancelledError

log = logging.getLogger("engine.api")

API_KEY_ENV = "HEARTH_API_KEY"


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = commands.add_parser(
        "serve",
        help="serve a model through an OpenAI-compatible API",
        description="Serve a GGUF model at /v1 (chat/completions, completions, models) "
        "and /health, like llama-server, LM Studio or Ollama.",
    )
    serve.add_argument("--model", required=True, metavar="PATH", help="GGUF model file")
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

    from cli.interrupt import cancel_on_sigint
    from engine.llm.model import load_model
    from engine.llm.parameters import LoadSettings

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
    console = logging.StreamHandler(sys.stderr)
    console.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))
    log.addHandler(console)
    log.setLevel(logging.INFO)

    cancel = threading.Event()
    with cancel_on_sigint(cancel):
        try:
            settings = LoadSettings(
                n_ctx=args.ctx * args.parallel, n_threads=args.threads, parallel=args.parallel
            ).validate()
            model = load_model(
                args.model, settings, on_progress=lambda _progress: not cancel.is_set()
            )
        except LoadCancelledError:
            return 130
        except HearthError as error:
            return _fail(str(error))
    try:
        return _serve(model, args, api_key)
    finally:
        model.close()


def _serve(model: Any, args: argparse.Namespace, api_key: str | None) -> int:
    import uvicorn

    from engine.api.server_app import create_app
    from engine.api.service import ModelService

    service = ModelService(model, max_waiting=args.queue).start()
    app = create_app(service, api_key=api_key, cors_origins=args.cors)

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: Any) -> None:
            # Replies in progress end now, with an error event, instead of keeping
            # the shutdown waiting for them.
            service.close("The server is shutting down.", timeout=0)
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
    log.info(
        "Serving %s at http://%s:%d/v1 · %d slot(s) × %d tokens%s · Ctrl+C stops",
        service.model_id,
        shown,
        args.port,
        service.capacity,
        service.n_ctx,
        " · API key required" if api_key else "",
    )
    try:
        server.run()
    except KeyboardInterrupt:
        pass  # uvicorn raises the Ctrl+C again once it has shut down: a normal stop
    finally:
        service.close()
    log.info("Stopped.")
    return 0 if server.started else 1
