"""Load on request: the server lists every model of the library and loads the one a
request names, one model in memory at a time.

A request naming the model loaded now is served at once. One naming another library
model makes the switcher stop admitting requests (new ones wait), wait until the
requests in flight have ended (nothing is cancelled), free the model, load the named
one with its saved settings (the serve command's context and slots), and let the
waiting requests in. A file that fails to load leaves the server on the model it had
(loaded again). Everything here runs on the server's event loop except the loads, which
run on a worker thread; the model itself is only ever used by its service's thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from engine.api.lease import not_found
from engine.api.schema import ApiError
from engine.api.service import ModelService, model_id_for
from engine.common.errors import HearthError
from engine.llm.gguf_metadata import read_gguf_metadata
from engine.llm.model import LoadedModel, load_model
from engine.llm.parameters import LoadSettings
from engine.models.model_library import ModelLibrary
from engine.models.model_profile import ModelProfileStore

log = logging.getLogger("engine.api")

# How often a switch looks whether the requests in flight have ended.
_DRAIN_POLL_S = 0.02

Loader = Callable[[Path, LoadSettings, Callable[[float], bool]], LoadedModel]


@dataclass(frozen=True)
class ServeSettings:
    """How the server loads each model: its slots and each slot's context override
    the model's saved profile; ``threads`` too when set."""

    slot_ctx: int = 4096
    parallel: int = 1
    threads: int | None = None
    max_waiting: int = 16


@dataclass(frozen=True)
class CatalogEntry:
    """A model clients may name: its id, its file, and why it cannot be used (if so)."""

    id: str
    path: Path
    problem: str = ""


def library_catalog(library: ModelLibrary, loaded: Path | None) -> list[CatalogEntry]:
    """The library's models (and ``loaded``, wherever it lives), each under a unique
    id: the file name without ``.gguf``, else its path in the models folder.

    Reads the folder and the files' headers: call it off the event loop."""
    entries: list[CatalogEntry] = []
    seen: set[Path] = set()
    ids: set[str] = set()
    found = [(m.path, m.problem) for m in library.models()]
    if loaded is not None:
        found.insert(0, (loaded, ""))
    for path, problem in found:
        resolved = path.resolve()
        if resolved in seen:
            continue
        seen.add(resolved)
        ident = model_id_for(path)
        if ident in ids:
            try:
                ident = model_id_for(resolved.relative_to(library.models_dir.resolve()))
            except ValueError:
                ident = model_id_for(resolved)
        ids.add(ident)
        entries.append(CatalogEntry(ident, resolved, problem))
    return entries


def _default_loader(path: Path, settings: LoadSettings, progress: Callable[[float], bool]) -> Any:
    return load_model(path, settings, on_progress=progress)


class ModelSwitcher:
    """The :class:`~engine.api.lease.ServiceSource` of a server that loads on request.

    Call :meth:`lease` and :meth:`catalog` on the event loop only; :meth:`close` from
    anywhere (a signal handler too); :meth:`shutdown` once the server has stopped."""

    def __init__(
        self,
        library: ModelLibrary,
        profiles: ModelProfileStore,
        settings: ServeSettings,
        *,
        loader: Loader = _default_loader,
    ) -> None:
        self._library = library
        self._profiles = profiles
        self._settings = settings
        self._loader = loader
        self._model: LoadedModel | None = None
        self._service: ModelService | None = None
        self._closed = False
        self._leases = 0
        # Created on the event loop's first use (they belong to that loop).
        self._open: asyncio.Event | None = None
        self._switching: asyncio.Lock | None = None

    # -- set-up and shutdown -------------------------------------------------------------

    def start(self, model: LoadedModel | None) -> ModelSwitcher:
        """Serve ``model`` first (None: nothing until a request names a model)."""
        if model is not None:
            self._model = model
            self._service = self._new_service(model)
        return self

    @property
    def models_dir(self) -> Path:
        return self._library.models_dir

    def load_settings(self, path: Path) -> LoadSettings:
        """The model's saved settings, with the server's context and slots."""
        own = self._profiles.get(path).load_settings()
        serve = self._settings
        return replace(
            own,
            n_ctx=serve.slot_ctx * serve.parallel,
            parallel=serve.parallel,
            n_threads=serve.threads if serve.threads is not None else own.n_threads,
        ).validate()

    def _new_service(self, model: LoadedModel) -> ModelService:
        return ModelService(model, max_waiting=self._settings.max_waiting).start()

    def current(self) -> ModelService | None:
        service = self._service
        return service.current() if service is not None else None

    def close(
        self, reason: str = "The server is shutting down.", timeout: float | None = 0
    ) -> None:
        """Stop serving: replies in progress end with ``reason``; a load in progress is
        stopped. Safe from a signal handler with ``timeout`` 0."""
        self._closed = True
        service = self._service
        if service is not None:
            service.close(reason, timeout=timeout)

    def shutdown(self) -> None:
        """Stop the service and free the model (after the server stopped)."""
        self._closed = True
        service, self._service = self._service, None
        if service is not None and not service.close():
            log.warning("The decoding thread did not stop; the model is left to the exit.")
            return
        model, self._model = self._model, None
        if model is not None:
            model.close()

    # -- the catalog ---------------------------------------------------------------------

    def _entries(self) -> list[CatalogEntry]:
        model = self._model
        return library_catalog(self._library, model.path if model is not None else None)

    async def catalog(self) -> list[tuple[CatalogEntry, bool]]:
        """Every model a request may name and whether it is loaded; the loaded first."""
        entries = await asyncio.to_thread(self._entries)
        loaded = self._model.path.resolve() if self._model is not None else None
        return [(entry, entry.path == loaded) for entry in entries]

    async def find(self, requested: str) -> CatalogEntry | None:
        for entry, _loaded in await self.catalog():
            if requested in (entry.id, entry.path.name):
                return entry
        return None

    # -- leases --------------------------------------------------------------------------

    def _primitives(self) -> tuple[asyncio.Event, asyncio.Lock]:
        if self._open is None or self._switching is None:
            self._open = asyncio.Event()
            self._open.set()
            self._switching = asyncio.Lock()
        return self._open, self._switching

    @contextlib.asynccontextmanager
    async def lease(self, requested: str | None) -> AsyncIterator[ModelService]:
        """The service of the model ``requested`` names (None or "": the loaded one),
        loading it first if it is another library model.

        Raises:
            ApiError: 404 for a name not in the library, 422 for a file that cannot be
                loaded, 503 when no model is loaded or the server is stopping.
        """
        opened, _lock = self._primitives()
        while True:
            await opened.wait()
            if self._closed:
                raise ApiError(503, "The server is shutting down.", kind="server_error")
            service = self.current()
            entry: CatalogEntry | None = None
            if service is None or not service.names(requested):
                if not requested:
                    raise ApiError(
                        400,
                        "No model is loaded yet: name one in 'model' (GET /v1/models lists them).",
                        param="model",
                        code="model_not_loaded",
                    )
                entry = await self.find(requested)
                if entry is None:
                    raise not_found(requested, service.model_id if service else None)
                if entry.problem:
                    raise ApiError(
                        422,
                        f"The model {requested!r} cannot be used: {entry.problem}",
                        code="model_load_failed",
                        param="model",
                    )
                service = self.current()
            if service is not None and (entry is None or self._is_loaded(entry)):
                self._leases += 1
                try:
                    yield service
                finally:
                    self._leases -= 1
                return
            assert entry is not None
            await self._switch_to(entry)

    def _is_loaded(self, entry: CatalogEntry) -> bool:
        model = self._model
        return model is not None and model.path.resolve() == entry.path

    async def _switch_to(self, entry: CatalogEntry) -> None:
        opened, lock = self._primitives()
        async with lock:
            service = self.current()
            if service is not None and self._is_loaded(entry):
                return  # another request loaded it meanwhile
            opened.clear()  # new requests wait from here on
            try:
                while self._leases or (service is not None and service.busy):
                    await asyncio.sleep(_DRAIN_POLL_S)
                if self._closed:
                    return
                await asyncio.to_thread(self._replace, entry)
            finally:
                opened.set()

    # -- a worker thread -----------------------------------------------------------------

    def _replace(self, entry: CatalogEntry) -> None:
        """Free the model, load ``entry``'s; on failure, load the previous one again.

        Raises:
            ApiError: 422 when ``entry`` could not be loaded.
        """
        try:
            # The header is checked before the loaded model is given up.
            read_gguf_metadata(entry.path, read_tokens=False)
            settings = self.load_settings(entry.path)
        except HearthError as error:
            log.warning("Load %s refused · %s", entry.id, error)
            raise ApiError(
                422, f"The model {entry.id!r} cannot be used: {error}", code="model_load_failed"
            ) from None
        previous = self._model
        previous_name = model_id_for(previous.path) if previous is not None else None
        self._unload()
        try:
            self._load(entry.path, settings, previous_name)
        except HearthError as error:
            log.warning("Load %s failed · %s", entry.id, error)
            if previous is not None and not self._closed:
                try:
                    self._load(previous.path, self.load_settings(previous.path), None)
                except HearthError as again:
                    log.error("Reloading %s failed too · %s", previous_name, again)
            raise ApiError(
                422,
                f"The model {entry.id!r} could not be loaded: {error}"
                + (f" The server still serves {previous_name!r}." if self._model else ""),
                code="model_load_failed",
                param="model",
            ) from None

    def _unload(self) -> None:
        service, self._service = self._service, None
        if service is not None:
            service.close("Hearth is changing its model.")
        model, self._model = self._model, None
        if model is not None:
            model.close()

    def _load(self, path: Path, settings: LoadSettings, replacing: str | None) -> None:
        started = time.perf_counter()
        model = self._loader(path, settings, lambda _progress: not self._closed)
        if self._closed:
            model.close()
            raise HearthError("The server is shutting down.")
        self._model = model
        self._service = self._new_service(model)
        log.info(
            "Loaded %s in %.2f s · %d slot(s) × %d tokens%s",
            model_id_for(path),
            time.perf_counter() - started,
            self._service.capacity,
            self._service.n_ctx,
            f" · instead of {replacing}" if replacing else "",
        )
