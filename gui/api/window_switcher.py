"""The window server's load on request, on the server's event loop: the
:class:`~engine.api.library_lease.LibraryHost` of the window, whose lease (the one
``serve --load-on-request`` has) holds new requests back while a switch is on and waits
for the requests it leased to let go of the model; the switch itself asks the GUI
thread (:class:`~gui.api.window_models.WindowModelLoader`) to load the named model and
awaits the answer. Imported when such a server starts (it brings the API's libraries).
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from engine.api.catalog import CatalogEntry, library_catalog
from engine.api.library_lease import RETRY_AFTER_S, LeasedLibrary, LibraryLease, LoadFailed
from engine.api.schema import ApiError
from engine.api.service import DEFAULT_MAX_WAITING, ModelService
from engine.models.model_library import ModelLibrary
from gui.api import window_models
from gui.api.window_models import ServedModel, SwitchFailure, SwitchRequest, WindowModelLoader

# A request that still finds another model after this many switches gives up (the
# window keeps loading other models meanwhile).
MAX_SWITCHES = 3
# How many requests may wait for a switch to end (as many as for a slot).
MAX_WAITING = DEFAULT_MAX_WAITING


def switch_error(failure: SwitchFailure) -> ApiError:
    if failure.reason:  # the file could not be loaded: refused until it changes
        return LoadFailed(failure.message, failure.reason)
    if failure.status >= 500:  # the window was busy, stopped the load, or the server stops
        return ApiError(
            failure.status,
            failure.message,
            kind="server_error",
            code=failure.code,
            headers={"Retry-After": str(RETRY_AFTER_S)},
        )
    return ApiError(failure.status, failure.message, code=failure.code, param="model")


class WindowSwitcher(LeasedLibrary):
    """The window server's :class:`~engine.api.server_app.LibrarySource`: the library's
    models, the one the window serves first; a request naming another one is held
    until the window has loaded it. Used on the server's event loop only, except
    ``stopped``, which the GUI thread sets when the server stops (then no more leases
    are given and no switch is asked)."""

    def __init__(
        self,
        served: ServedModel,
        library: ModelLibrary,
        loader: WindowModelLoader,
        stopped: threading.Event,
    ) -> None:
        self._served = served
        self._stopped = stopped
        self._shared_library = library
        # The server's own library (the window's caches headers on the GUI thread); it
        # follows the window's models folder.
        self._library = ModelLibrary(
            library.paths, library.models_dir, include_starters=library.include_starters
        )
        self._loader = loader
        self._lease = LibraryLease(
            self, max_waiting=MAX_WAITING, who="Hearth", max_switches=MAX_SWITCHES
        )

    # -- the lease's host ----------------------------------------------------------------

    @property
    def closed(self) -> bool:
        return self._stopped.is_set()

    @property
    def drain_timeout(self) -> float:
        return window_models.SWITCH_WAIT_S  # read at each switch: a test may shorten it

    def current(self) -> ModelService | None:
        return self._served.current()

    def loaded_path(self) -> Path | None:
        return self._served.loaded_path()

    def read_catalog(self, loaded: Path | None) -> list[CatalogEntry]:
        self._library.models_dir = self._shared_library.models_dir
        return library_catalog(self._library, loaded)

    def in_use(self, service: ModelService) -> bool:
        # The GUI thread waits for the API's replies, and for the window's own.
        return False

    async def switch(self, entry: CatalogEntry, deadline: float) -> None:
        """Load ``entry`` in the window: the GUI thread waits (until ``deadline``) for
        the replies running, loads it, and answers."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[SwitchFailure | None] = loop.create_future()
        self._loader.request(
            SwitchRequest(entry.id, str(entry.path), deadline, loop, future, self._stopped)
        )
        failure = await future
        if failure is not None:
            raise switch_error(failure)
