"""The window server's load on request, on the server's event loop: the library's
models (the one the window serves first), and a lease that holds new requests back
while a switch is on, waits for the requests it leased to let go of the model, then
asks the GUI thread (:class:`~gui.api.window_models.WindowModelLoader`) to load the
named model and awaits the answer. Imported when such a server starts (it brings the
API's libraries).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from pathlib import Path

from engine.api.lease import not_found, not_loaded
from engine.api.model_switch import CatalogEntry, library_catalog
from engine.api.schema import ApiError
from engine.api.service import ModelService
from engine.models.model_library import ModelLibrary
from gui.api import window_models
from gui.api.window_models import BUSY, ServedModel, SwitchFailure, SwitchRequest, WindowModelLoader

# A request that still finds another model after this many switches gives up (the
# window keeps loading other models meanwhile).
MAX_SWITCHES = 3
# How often a switch looks whether the requests leased have let go.
POLL_S = 0.05


def switch_error(failure: SwitchFailure) -> ApiError:
    kind = "server_error" if failure.status >= 500 else "invalid_request_error"
    param = "model" if failure.status < 500 else None
    return ApiError(failure.status, failure.message, kind=kind, code=failure.code, param=param)


class WindowSwitcher:
    """The window server's :class:`~engine.api.server_app.LibrarySource`: the library's
    models, the one the window serves first; a request naming another one is held
    until the window has loaded it. Used on the server's event loop only."""

    def __init__(
        self, served: ServedModel, library: ModelLibrary, loader: WindowModelLoader
    ) -> None:
        self._served = served
        self._shared_library = library
        # The server's own library (the window's caches headers on the GUI thread); it
        # follows the window's models folder.
        self._library = ModelLibrary(
            library.paths, library.models_dir, include_starters=library.include_starters
        )
        self._loader = loader
        self._leases = 0
        # Created on the event loop's first use (they belong to that loop).
        self._open: asyncio.Event | None = None
        self._switching: asyncio.Lock | None = None

    def current(self) -> ModelService | None:
        return self._served.current()

    def _entries(self) -> tuple[list[CatalogEntry], Path | None]:
        self._library.models_dir = self._shared_library.models_dir
        loaded = self._served.loaded_path()
        return library_catalog(self._library, loaded), loaded.resolve() if loaded else None

    async def catalog(self) -> list[tuple[CatalogEntry, bool]]:
        """Every model a request may name and whether the window serves it."""
        entries, loaded = await asyncio.to_thread(self._entries)
        return [(entry, entry.path == loaded) for entry in entries]

    async def _find(self, requested: str) -> CatalogEntry | None:
        for entry, _loaded in await self.catalog():
            if requested in (entry.id, entry.path.name):
                return entry
        return None

    def _is_loaded(self, entry: CatalogEntry) -> bool:
        loaded = self._served.loaded_path()
        return loaded is not None and loaded.resolve() == entry.path

    def _primitives(self) -> tuple[asyncio.Event, asyncio.Lock]:
        if self._open is None or self._switching is None:
            self._open = asyncio.Event()
            self._open.set()
            self._switching = asyncio.Lock()
        return self._open, self._switching

    @contextlib.asynccontextmanager
    async def lease(self, requested: str | None) -> AsyncIterator[ModelService]:
        """The service of the model ``requested`` names (None or "": the window's),
        loaded in the window first if it is another library model.

        Raises:
            ApiError: 404 for a name not in the library, 422 for a model with a problem
                or one that fails to load, 503 when no model is loaded and none is
                named, or when Hearth stays busy with its model.
        """
        opened, _lock = self._primitives()
        switches = 0
        while switches <= MAX_SWITCHES:
            await opened.wait()
            service = self.current()
            entry: CatalogEntry | None = None
            if service is None or not service.names(requested):
                if not requested:
                    raise not_loaded()
                entry = await self._find(requested)
                if entry is None:
                    raise not_found(requested, service.model_id if service else None)
                if entry.problem:
                    raise ApiError(
                        422,
                        f"The model {requested!r} cannot be used: {entry.problem}",
                        code="model_load_failed",
                        param="model",
                    )
                if not opened.is_set():
                    continue  # a switch began while the library was read: wait for it
                service = self.current()
            if service is not None and (entry is None or self._is_loaded(entry)):
                self._leases += 1
                try:
                    yield service
                finally:
                    self._leases -= 1
                return
            assert entry is not None
            switches += 1
            await self._switch_to(entry)
        raise switch_error(BUSY)

    async def _switch_to(self, entry: CatalogEntry) -> None:
        """Load ``entry`` in the window; requests naming the same model share the
        switch, one naming a third waits for it to end."""
        opened, lock = self._primitives()
        async with lock:
            if self.current() is not None and self._is_loaded(entry):
                return  # another request loaded it meanwhile
            opened.clear()  # new requests wait from here on
            try:
                # Read here, so that a test may shorten the wait.
                deadline = time.monotonic() + window_models.SWITCH_WAIT_S
                while self._leases:
                    if time.monotonic() >= deadline:
                        raise switch_error(BUSY)
                    await asyncio.sleep(POLL_S)
                loop = asyncio.get_running_loop()
                future: asyncio.Future[SwitchFailure | None] = loop.create_future()
                self._loader.request(
                    SwitchRequest(entry.id, str(entry.path), deadline, loop, future)
                )
                failure = await future
                if failure is not None:
                    raise switch_error(failure)
            finally:
                opened.set()
