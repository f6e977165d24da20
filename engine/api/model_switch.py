"""Load on request: the server lists every model of the library and loads the one a
request names, one model in memory at a time.

A request naming the model loaded now is served at once. One naming another library
model makes the switcher stop admitting requests (new ones wait, up to the server's
queue length), wait until the requests in flight have ended (nothing is cancelled; past
``drain_timeout`` the switch is given up and the model stays), free the model, load the
named one with its saved settings (the serve command's context and slots), and let the
waiting requests in. A file that fails to load leaves the server on the model it had
(loaded again), and is refused at once until it changes. Everything here runs on the
server's event loop except the loads, which run on a worker thread; the model itself is
only ever used by its service's thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from engine.api.lease import ambiguous, not_in_library
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
# How long a switch waits for the requests in flight before giving up.
DEFAULT_DRAIN_TIMEOUT_S = 120.0
# What a request refused because of a switch is told to wait (Retry-After, seconds).
_RETRY_AFTER_S = 5

Loader = Callable[[Path, LoadSettings, Callable[[float], bool]], LoadedModel]


@dataclass(frozen=True)
class ServeSettings:
    """How the server loads each model: its slots and each slot's context override
    the model's saved profile; ``threads`` too when set. ``max_waiting`` requests may
    wait for a slot, and as many for a switch to end."""

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


@dataclass(frozen=True)
class _Failure:
    """A load that failed, and the file as it was then (size, modification time)."""

    signature: tuple[int, int] | None
    reason: str


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns


def _without_gguf(name: str) -> str:
    return name[: -len(".gguf")] if name.lower().endswith(".gguf") else name


def library_catalog(library: ModelLibrary, loaded: Path | None) -> list[CatalogEntry]:
    """The library's models (and ``loaded`` first when it lives outside the library),
    each under a unique id that does not depend on which model is loaded: the file name
    without ``.gguf`` when no other file has the same; otherwise the file's path in the
    models folder (``owner/repo/name``), or its whole path for a file outside it.

    Reads the folder and the files' headers: call it off the event loop."""
    folder = library.models_dir.resolve()
    found: dict[Path, str] = {}
    for model in library.models():
        found.setdefault(model.path.resolve(), model.problem)
    names = Counter(model_id_for(path) for path in found)

    def by_path(path: Path) -> str:
        try:
            return _without_gguf(path.relative_to(folder).as_posix())
        except ValueError:
            return _without_gguf(path.as_posix())

    def ident(path: Path) -> str:
        return model_id_for(path) if names[model_id_for(path)] <= 1 else by_path(path)

    entries = [CatalogEntry(ident(path), path, problem) for path, problem in found.items()]
    if loaded is not None and loaded.resolve() not in found:
        # Not a library file (the window's model opened from elsewhere): its name is
        # its id unless a library file has it, so the library's ids stay as they are.
        resolved = loaded.resolve()
        own = model_id_for(resolved)
        entries.insert(0, CatalogEntry(own if own not in names else by_path(resolved), resolved))
    return entries


def find_entry(entries: list[CatalogEntry], requested: str) -> CatalogEntry | None:
    """The entry ``requested`` names: its id, or its file name when no other file has
    that name.

    Raises:
        ApiError: 404 for a file name that several models have.
    """
    for entry in entries:
        if entry.id == requested:
            return entry
    named = [entry for entry in entries if entry.path.name == requested]
    if len(named) > 1:
        raise ambiguous(requested, [entry.id for entry in named])
    return named[0] if named else None


def _default_loader(path: Path, settings: LoadSettings, progress: Callable[[float], bool]) -> Any:
    return load_model(path, settings, on_progress=progress)


def _busy(message: str, status: int = 429, kind: str = "rate_limit_exceeded") -> ApiError:
    return ApiError(
        status, message, kind=kind, code="server_busy", headers={"Retry-After": str(_RETRY_AFTER_S)}
    )


class ModelSwitcher:
    """The :class:`~engine.api.lease.ServiceSource` of a server that loads on request.

    Call :meth:`lease` and :meth:`catalog` on the event loop only; :meth:`close` from
    anywhere (a signal handler too); :meth:`shutdown` once the server has stopped.
    ``drain_timeout``: how long a switch waits for the requests in flight (seconds)."""

    def __init__(
        self,
        library: ModelLibrary,
        profiles: ModelProfileStore,
        settings: ServeSettings,
        *,
        loader: Loader = _default_loader,
        drain_timeout: float = DEFAULT_DRAIN_TIMEOUT_S,
    ) -> None:
        self._library = library
        self._profiles = profiles
        self._settings = settings
        self._loader = loader
        self._drain_timeout = drain_timeout
        self._model: LoadedModel | None = None
        self._service: ModelService | None = None
        # Held while the model and its service change hands (the loading thread
        # against shutdown()).
        self._state = threading.Lock()
        self._closed = False
        self._leases = 0
        self._waiting = 0
        # Files that failed to load, by resolved path (forgotten once they change).
        self._failures: dict[Path, _Failure] = {}
        # How many switches were given up (their drain ran out of time).
        self._abandoned = 0
        # Created on the event loop's first use (they belong to that loop).
        self._open: asyncio.Event | None = None
        self._switch: asyncio.Task[None] | None = None

    # -- set-up and shutdown -------------------------------------------------------------

    def start(self, model: LoadedModel | None) -> ModelSwitcher:
        """Serve ``model`` first (None: nothing until a request names a model)."""
        if model is not None:
            resolved = model.path.resolve()
            entries = library_catalog(self._library, resolved)
            ident = next(e.id for e in entries if e.path == resolved)
            self._model = model
            self._service = self._new_service(model, ident)
        return self

    @property
    def models_dir(self) -> Path:
        return self._library.models_dir

    @property
    def switching(self) -> bool:
        """Whether a switch is under way (new requests wait)."""
        return self._open is not None and not self._open.is_set()

    @property
    def waiting(self) -> int:
        """Requests waiting for a switch to end."""
        return self._waiting

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

    def _new_service(self, model: LoadedModel, ident: str) -> ModelService:
        service = ModelService(model, max_waiting=self._settings.max_waiting)
        service.model_id = ident  # the catalog's id, which replies name
        return service.start()

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
        with self._state:
            self._closed = True
            service, self._service = self._service, None
            model, self._model = self._model, None
        if service is not None and not service.close():
            log.warning("The decoding thread did not stop; the model is left to the exit.")
            return
        if model is not None:
            model.close()

    # -- the catalog ---------------------------------------------------------------------

    def _entries(self, loaded: Path | None) -> list[CatalogEntry]:
        return library_catalog(self._library, loaded)

    async def catalog(self) -> list[tuple[CatalogEntry, bool]]:
        """Every model a request may name and whether it is loaded."""
        model, service = self._model, self._service
        loaded = model.path.resolve() if model is not None else None
        entries = await asyncio.to_thread(self._entries, loaded)
        if service is not None and service is self._service:
            # Ids change when a file with the same name comes or goes.
            for entry in entries:
                if entry.path == loaded:
                    service.model_id = entry.id
        return [(entry, entry.path == loaded) for entry in entries]

    async def find(self, requested: str) -> CatalogEntry | None:
        """The model ``requested`` names (see :func:`find_entry`), or None."""
        return find_entry([entry for entry, _loaded in await self.catalog()], requested)

    # -- leases --------------------------------------------------------------------------

    def _opened(self) -> asyncio.Event:
        if self._open is None:
            self._open = asyncio.Event()
            self._open.set()
        return self._open

    @contextlib.asynccontextmanager
    async def lease(self, requested: str | None) -> AsyncIterator[ModelService]:
        """The service of the model ``requested`` names (None or "": the loaded one),
        loading it first if it is another library model.

        Raises:
            ApiError: 400 for no name while no model is loaded, 404 for a name not
                in the library, 422 for a file that cannot be loaded, 429 when too many
                requests wait for a switch, 503 when the server is stopping or a switch
                waited too long for the requests in flight.
        """
        abandoned = self._abandoned
        while True:
            # Every await below may let a switch begin: admission is checked again
            # after each one, right before the lease is taken (no await in between).
            await self._admission()
            service = self.current()
            if service is not None and (not requested or requested == service.model_id):
                break
            if not requested:
                raise ApiError(
                    400,
                    "No model is loaded yet: name one in 'model' (GET /v1/models lists them).",
                    param="model",
                    code="model_not_loaded",
                )
            entry = await self.find(requested)
            if entry is None:
                raise not_in_library(requested)
            if entry.problem:
                raise ApiError(
                    422,
                    f"The model {requested!r} cannot be used: {entry.problem}",
                    code="model_load_failed",
                    param="model",
                )
            self._refuse_if_failed(entry)
            if not self._opened().is_set():
                continue  # a switch began while the catalog was read
            service = self.current()
            if service is not None and self._is_loaded(entry):
                break
            if self._abandoned != abandoned:
                raise self._gave_up(entry)
            await self._switch_to(entry)
        self._leases += 1
        try:
            yield service
        finally:
            self._leases -= 1

    async def _admission(self) -> None:
        """Wait (counted) while a switch is under way."""
        opened = self._opened()
        while not opened.is_set():
            async with self._counted():
                await opened.wait()
        if self._closed:
            raise ApiError(503, "The server is shutting down.", kind="server_error")

    @contextlib.asynccontextmanager
    async def _counted(self) -> AsyncIterator[None]:
        if self._waiting >= self._settings.max_waiting:
            raise _busy(
                f"The server is changing its model and {self._waiting} request(s) are "
                f"waiting for it; try again in {_RETRY_AFTER_S} s."
            )
        self._waiting += 1
        try:
            yield
        finally:
            self._waiting -= 1

    def _is_loaded(self, entry: CatalogEntry) -> bool:
        model = self._model
        return model is not None and model.path.resolve() == entry.path

    def _refuse_if_failed(self, entry: CatalogEntry) -> None:
        """A file that failed to load is refused until it changes."""
        failure = self._failures.get(entry.path)
        if failure is None:
            return
        if _signature(entry.path) != failure.signature or failure.signature is None:
            del self._failures[entry.path]
            return
        service = self.current()
        raise ApiError(
            422,
            f"The model {entry.id!r} could not be loaded: {failure.reason} (It failed "
            "when last tried and the file has not changed since.)"
            + (f" The server still serves {service.model_id!r}." if service else ""),
            code="model_load_failed",
            param="model",
        )

    def _gave_up(self, entry: CatalogEntry) -> ApiError:
        service = self.current()
        serving = f" with {service.model_id!r}" if service is not None else ""
        return _busy(
            f"The server was busy{serving}: its requests in progress did not end within "
            f"{self._drain_timeout:g} s, so it did not change to {entry.id!r}. Try again "
            f"in {_RETRY_AFTER_S} s, or once the requests in progress have ended.",
            status=503,
            kind="server_error",
        )

    async def _switch_to(self, entry: CatalogEntry) -> None:
        """Change to ``entry``'s model, or wait for the switch under way (then the lease
        looks again: that switch may have loaded it, failed or been given up)."""
        running = self._switch
        if running is not None and not running.done():
            async with self._counted():
                await asyncio.wait({running})
            return
        # Admission closes now, before any other request runs: none slips in between.
        self._opened().clear()
        task = asyncio.get_running_loop().create_task(self._drain_and_replace(entry))
        # The switch is not this request's to stop: a client that leaves does not cut a
        # load short, nor reopen admission while the loading thread runs.
        task.add_done_callback(lambda done: done.cancelled() or done.exception())
        self._switch = task
        await asyncio.shield(task)

    async def _drain_and_replace(self, entry: CatalogEntry) -> None:
        loop = asyncio.get_running_loop()
        try:
            service = self.current()
            deadline = loop.time() + self._drain_timeout
            while self._leases or (service is not None and service.busy):
                if loop.time() >= deadline:
                    self._abandoned += 1
                    log.warning(
                        "Change to %s given up · requests still in progress after %g s",
                        entry.id,
                        self._drain_timeout,
                    )
                    raise self._gave_up(entry)
                await asyncio.sleep(_DRAIN_POLL_S)
            if self._closed:
                return
            await asyncio.to_thread(self._replace, entry)
        finally:
            self._opened().set()

    # -- a worker thread -----------------------------------------------------------------

    def _replace(self, entry: CatalogEntry) -> None:
        """Free the model, load ``entry``'s; on failure, load the previous one again.

        Raises:
            ApiError: 422 when ``entry`` could not be loaded.
        """
        signature = _signature(entry.path)
        try:
            # The header is checked before the loaded model is given up.
            read_gguf_metadata(entry.path, read_tokens=False)
            settings = self.load_settings(entry.path)
        except HearthError as error:
            log.warning("Load %s refused · %s", entry.id, error)
            self._failures[entry.path] = _Failure(signature, str(error))
            raise ApiError(
                422, f"The model {entry.id!r} cannot be used: {error}", code="model_load_failed"
            ) from None
        previous = self._model
        service = self._service
        previous_id = service.model_id if service is not None else None
        self._unload()
        try:
            self._load(entry.path, settings, entry.id, previous_id)
        except HearthError as error:
            log.warning("Load %s failed · %s", entry.id, error)
            if self._closed:
                raise ApiError(503, "The server is shutting down.", kind="server_error") from None
            self._failures[entry.path] = _Failure(signature, str(error))
            if previous is not None and previous_id is not None:
                try:
                    self._load(previous.path, self.load_settings(previous.path), previous_id, None)
                except HearthError as again:
                    log.error("Reloading %s failed too · %s", previous_id, again)
            raise ApiError(
                422,
                f"The model {entry.id!r} could not be loaded: {error}"
                + (f" The server still serves {previous_id!r}." if self._model else ""),
                code="model_load_failed",
                param="model",
            ) from None

    def _unload(self) -> None:
        with self._state:
            service, self._service = self._service, None
            model, self._model = self._model, None
        if service is not None:
            service.close("Hearth is changing its model.")
        if model is not None:
            model.close()

    def _load(self, path: Path, settings: LoadSettings, ident: str, replacing: str | None) -> None:
        started = time.perf_counter()
        model = self._loader(path, settings, lambda _progress: not self._closed)
        with self._state:
            kept = not self._closed
            if kept:
                self._model = model
                self._service = service = self._new_service(model, ident)
        if not kept:  # shutdown() came during the load: it never saw this model
            model.close()
            raise HearthError("The server is shutting down.")
        log.info(
            "Loaded %s in %.2f s · %d slot(s) × %d tokens%s",
            ident,
            time.perf_counter() - started,
            service.capacity,
            service.n_ctx,
            f" · instead of {replacing}" if replacing else "",
        )
