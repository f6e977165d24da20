"""``serve --load-on-request``: the server lists every model of the library and loads
the one a request names, one model in memory at a time.

:class:`ModelSwitcher` is the :class:`~engine.api.library_lease.LibraryHost` of such a
server (the lease, on the event loop, decides when to switch): a switch frees the model
and loads the named one on a worker thread, with its saved settings (the serve
command's context and slots). A file that fails to load leaves the server on the model
it had (loaded again). The model itself is only ever used by its service's thread.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from engine.api.catalog import CatalogEntry, find_entry, library_catalog
from engine.api.library_lease import (
    DEFAULT_DRAIN_TIMEOUT_S,
    LeasedLibrary,
    LibraryLease,
    LoadFailed,
)
from engine.api.schema import ApiError
from engine.api.service import ModelService
from engine.common.errors import HearthError
from engine.llm.gguf_metadata import read_gguf_metadata
from engine.llm.model import LoadedModel, load_model
from engine.llm.parameters import LoadSettings
from engine.models.model_library import ModelLibrary
from engine.models.model_profile import ModelProfileStore

# The catalog's names, imported from here before they had a module of their own.
__all__ = ["CatalogEntry", "ModelSwitcher", "ServeSettings", "find_entry", "library_catalog"]

log = logging.getLogger("engine.api")

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


def _default_loader(path: Path, settings: LoadSettings, progress: Callable[[float], bool]) -> Any:
    return load_model(path, settings, on_progress=progress)


class ModelSwitcher(LeasedLibrary):
    """The :class:`~engine.api.server_app.LibrarySource` of a server that loads on
    request.

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
        self.drain_timeout = drain_timeout
        self._model: LoadedModel | None = None
        self._service: ModelService | None = None
        # Held while the model and its service change hands (the loading thread
        # against shutdown()).
        self._state = threading.Lock()
        self._closed = False
        self._lease = LibraryLease(self, max_waiting=settings.max_waiting)

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
    def closed(self) -> bool:
        """Whether the server is stopping."""
        return self._closed

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

    # -- the lease's host ----------------------------------------------------------------

    def loaded_path(self) -> Path | None:
        model = self._model
        return model.path if model is not None else None

    def read_catalog(self, loaded: Path | None) -> list[CatalogEntry]:
        return library_catalog(self._library, loaded)

    def in_use(self, service: ModelService) -> bool:
        return service.busy > 0

    async def switch(self, entry: CatalogEntry, deadline: float) -> None:
        """Load ``entry``'s model on a worker thread (the requests have ended)."""
        await asyncio.to_thread(self._replace, entry)

    # -- a worker thread -----------------------------------------------------------------

    def _replace(self, entry: CatalogEntry) -> None:
        """Free the model, load ``entry``'s; on failure, load the previous one again.

        Raises:
            LoadFailed: ``entry`` could not be loaded.
            ApiError: 503 when the server stopped during the load.
        """
        try:
            # The header is checked before the loaded model is given up.
            read_gguf_metadata(entry.path, read_tokens=False)
            settings = self.load_settings(entry.path)
        except HearthError as error:
            raise LoadFailed(
                f"The model {entry.id!r} cannot be used: {error}", str(error)
            ) from None
        previous = self._model
        service = self._service
        previous_id = service.model_id if service is not None else None
        self._unload()
        try:
            self._load(entry.path, settings, entry.id, previous_id)
        except HearthError as error:
            if self._closed:
                raise ApiError(503, "The server is shutting down.", kind="server_error") from None
            if previous is not None and previous_id is not None:
                try:
                    self._load(previous.path, self.load_settings(previous.path), previous_id, None)
                except HearthError as again:
                    log.error("Reloading %s failed too · %s", previous_id, again)
            raise LoadFailed(
                f"The model {entry.id!r} could not be loaded: {error}"
                + (f" The server still serves {previous_id!r}." if self._model else ""),
                str(error),
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
