"""The remote engines the user added (Settings → Engines), kept in ``engines.json`` in
the config folder, readable by its owner only (it may hold API keys).

A remote model is named in the app by a pseudo path, ``remote://ENGINE/MODEL`` (both
parts percent-encoded), so that the Model menu, the last-model setting and the chat
history treat it like a file; :func:`parse_remote_path` turns it back.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from engine.common.errors import HearthError
from engine.common.messages import msg
from engine.remote.endpoint import RemoteEndpoint

log = logging.getLogger(__name__)

SCHEME = "remote://"


def remote_path(engine: str, model: str) -> str:
    return f"{SCHEME}{quote(engine, safe='')}/{quote(model, safe='')}"


def parse_remote_path(path: str) -> tuple[str, str] | None:
    """(engine name, model id) of a remote pseudo path; None for a file path."""
    if not path.startswith(SCHEME):
        return None
    engine, _, model = path[len(SCHEME) :].partition("/")
    if not engine or not model:
        return None
    return unquote(engine), unquote(model)


@dataclass(frozen=True)
class RemoteEngine:
    """An engine as the user added it, with the models it served when last asked."""

    endpoint: RemoteEndpoint
    models: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.endpoint.name


def check_base_url(url: str) -> str:
    """``url`` cleaned, or a clear error: http(s), a host, no query or fragment.

    Raises:
        HearthError: not a usable base URL.
    """
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise HearthError(msg("The address starts with http:// or https:// and names a host."))
    if parts.query or parts.fragment:
        raise HearthError(msg("The address is the API's base, without ? or #."))
    return url


API_KEY_ENV = "HEARTH_REMOTE_API_KEY"


def command_line_endpoint(url: str, api_key: str | None) -> RemoteEndpoint:
    """The endpoint a command's ``--endpoint`` and ``--api-key`` name (the key, when not
    given, from ``HEARTH_REMOTE_API_KEY``).

    Raises:
        HearthError: ``url`` is not a usable base URL.
    """
    return RemoteEndpoint(
        "the endpoint", check_base_url(url), api_key=api_key or os.environ.get(API_KEY_ENV, "")
    )


class EngineStore:
    def __init__(self, config_dir: Path) -> None:
        self._file = config_dir / "engines.json"

    def load(self) -> list[RemoteEngine]:
        """The engines; an unreadable file or entry is logged and left out."""
        try:
            data: Any = json.loads(self._file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as error:
            log.warning("Cannot read %s: %s", self._file, error)
            return []
        engines: list[RemoteEngine] = []
        for entry in data if isinstance(data, list) else []:
            try:
                engines.append(_engine_from(entry))
            except (KeyError, TypeError, ValueError, HearthError) as error:
                log.warning("Skipping an engine in %s: %s", self._file, error)
        return engines

    def save(self, engines: list[RemoteEngine]) -> None:
        self._file.parent.mkdir(parents=True, exist_ok=True)
        temporary = self._file.with_suffix(".tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump([_engine_to(engine) for engine in engines], handle)
        os.replace(temporary, self._file)

    def get(self, name: str) -> RemoteEngine | None:
        return next((e for e in self.load() if e.name == name), None)

    def put(self, engine: RemoteEngine) -> None:
        """Add ``engine``, or replace the one with its name."""
        engines = [e for e in self.load() if e.name != engine.name]
        self.save([*engines, engine])

    def remove(self, name: str) -> None:
        self.save([e for e in self.load() if e.name != name])

    def remember_models(self, name: str, models: list[str]) -> None:
        engine = self.get(name)
        if engine is not None:
            self.put(replace(engine, models=tuple(models)))


def _engine_from(entry: Any) -> RemoteEngine:
    name = str(entry["name"]).strip()
    if not name:
        raise ValueError("an engine without a name")
    headers = tuple((str(k), str(v)) for k, v in dict(entry.get("headers") or {}).items())
    endpoint = RemoteEndpoint(
        name, check_base_url(str(entry["base_url"])), str(entry.get("api_key") or ""), headers
    )
    models = tuple(str(m) for m in entry.get("models") or ())
    return RemoteEngine(endpoint, models)


def _engine_to(engine: RemoteEngine) -> dict[str, Any]:
    endpoint = engine.endpoint
    return {
        "name": endpoint.name,
        "base_url": endpoint.base_url,
        "api_key": endpoint.api_key,
        "headers": dict(endpoint.headers),
        "models": list(engine.models),
    }
