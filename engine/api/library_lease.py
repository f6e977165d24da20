"""Load on request, on the server's event loop: leases on the model a request names,
for any server that serves the whole library (``serve --load-on-request``'s
:class:`~engine.api.model_switch.ModelSwitcher`, the window's server).

A request naming the model loaded now is served at once. One naming another library
model makes the lease stop admitting requests (new ones wait, at most ``max_waiting``
of them, then 429), wait until the requests in flight have ended (nothing is cancelled;
past the host's drain timeout the switch is given up with 503 and the model stays),
and ask its :class:`LibraryHost` to switch to the named model. The switch runs as a
task of its own: a client that leaves during it neither cuts it short nor lets another
request in while it runs. A file that fails to load is refused at once (422) until it
changes; a switch that ends in another error (the host too busy, the load stopped, the
server stopping) gives that error to every request that waited for it wanting the same
model, none of which starts that switch again. Admission is checked again after every
await.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import weakref
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from engine.api.catalog import CatalogEntry, file_signature, find_entry
from engine.api.lease import not_in_library
from engine.api.schema import ApiError
from engine.api.service import ModelService

log = logging.getLogger("engine.api")

# How often a switch looks whether the requests in flight have ended.
DRAIN_POLL_S = 0.02
# How long a switch waits for the requests in flight before giving up.
DEFAULT_DRAIN_TIMEOUT_S = 120.0
# What a request refused because of a switch is told to wait (Retry-After, seconds).
RETRY_AFTER_S = 5


class LoadFailed(ApiError):
    """A model file that could not be loaded (422); ``reason`` is why. The lease
    refuses the file with it until the file changes."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(422, message, code="model_load_failed", param="model")
        self.reason = reason


class LibraryHost(Protocol):
    """What a :class:`LibraryLease` leases: the model loaded now, the library, and how
    to switch to another of its models. Called on the event loop, except
    :meth:`read_catalog`."""

    @property
    def closed(self) -> bool:
        """Whether the server is stopping (no more leases)."""
        ...

    @property
    def drain_timeout(self) -> float:
        """How long a switch waits for the requests in flight (seconds)."""
        ...

    def current(self) -> ModelService | None: ...

    def loaded_path(self) -> Path | None:
        """The file of :meth:`current`'s model (read after it)."""
        ...

    def read_catalog(self, loaded: Path | None) -> list[CatalogEntry]:
        """The models a request may name, ``loaded`` among them (a worker thread)."""
        ...

    def in_use(self, service: ModelService) -> bool:
        """Whether ``service`` still has replies a switch must wait for (a host that
        waits for them itself says False)."""
        ...

    async def switch(self, entry: CatalogEntry, deadline: float) -> None:
        """Serve ``entry``'s model instead of the one loaded, once what still uses it
        has ended (by ``deadline``, ``time.monotonic()``).

        Raises:
            LoadFailed: the file could not be loaded.
            ApiError: the switch did not happen for another reason.
        """
        ...


@dataclass(frozen=True)
class _Failure:
    """A load that failed, and the file as it was then (size, modification time)."""

    signature: tuple[int, int] | None
    reason: str


def busy_error(message: str, status: int = 429, kind: str = "rate_limit_exceeded") -> ApiError:
    return ApiError(
        status, message, kind=kind, code="server_busy", headers={"Retry-After": str(RETRY_AFTER_S)}
    )


class LibraryLease:
    """Leases on the models of ``host``'s library, for a
    :class:`~engine.api.server_app.LibrarySource`. Used on the event loop only.

    ``who`` names the server in messages ("The server", "Hearth"); ``max_switches``:
    how many switches a request may wait through before it gives up (None: no limit).
    """

    def __init__(
        self,
        host: LibraryHost,
        *,
        max_waiting: int,
        who: str = "The server",
        max_switches: int | None = None,
    ) -> None:
        self._host = host
        self._max_waiting = max_waiting
        self._who = who
        self._max_switches = max_switches
        self._leases = 0
        self._waiting = 0
        # Files that failed to load, by resolved path (forgotten once they change).
        self._failures: dict[Path, _Failure] = {}
        # How many switches were given up (their drain ran out of time).
        self._abandoned = 0
        # The service last given its catalog id (replies name the model by it).
        self._labelled: weakref.ref[ModelService] | None = None
        # Created on the event loop's first use (they belong to that loop).
        self._open: asyncio.Event | None = None
        self._switch: asyncio.Task[None] | None = None
        # The file the switch under way (or the last one) loads.
        self._switch_path: Path | None = None

    @property
    def switching(self) -> bool:
        """Whether a switch is under way (new requests wait)."""
        return self._open is not None and not self._open.is_set()

    @property
    def waiting(self) -> int:
        """Requests waiting for a switch to end."""
        return self._waiting

    # -- the catalog ---------------------------------------------------------------------

    def _read(self, loaded: Path | None) -> tuple[list[CatalogEntry], Path | None]:
        resolved = loaded.resolve() if loaded is not None else None
        return self._host.read_catalog(resolved), resolved

    async def catalog(self) -> list[tuple[CatalogEntry, bool]]:
        """Every model a request may name and whether it is loaded."""
        service = self._host.current()
        entries, loaded = await asyncio.to_thread(self._read, self._host.loaded_path())
        if service is not None and service is self._host.current():
            # Ids change when a file with the same name comes or goes.
            for entry in entries:
                if entry.path == loaded:
                    service.model_id = entry.id
            self._labelled = weakref.ref(service)
        return [(entry, entry.path == loaded) for entry in entries]

    async def find(self, requested: str) -> CatalogEntry | None:
        """The model ``requested`` names (see :func:`find_entry`), or None."""
        return find_entry([entry for entry, _loaded in await self.catalog()], requested)

    def _labelled_now(self, service: ModelService) -> bool:
        return self._labelled is not None and self._labelled() is service

    # -- leases --------------------------------------------------------------------------

    def _opened(self) -> asyncio.Event:
        if self._open is None:
            self._open = asyncio.Event()
            self._open.set()
        return self._open

    @contextlib.asynccontextmanager
    async def lease(self, requested: str | None) -> AsyncIterator[ModelService]:
        """The service of the model ``requested`` names (None or "": the loaded one),
        switching to it first if it is another library model.

        Raises:
            ApiError: 400 for no name while no model is loaded, 404 for a name not
                in the library, 422 for a file that cannot be loaded, 429 when too many
                requests wait for a switch, 503 when the server is stopping or a switch
                waited too long for the requests in flight.
        """
        abandoned = self._abandoned
        switches = 0
        # The switches this request waited for, and the file each one loaded.
        waited: list[tuple[Path, asyncio.Task[None]]] = []
        while True:
            # Every await below may let a switch begin: admission is checked again
            # after each one, right before the lease is taken (no await in between).
            await self._admission(waited)
            service = self._host.current()
            if service is not None and not self._labelled_now(service):
                await self.catalog()  # a model the lease has not named yet
                continue
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
            service = self._host.current()
            if service is not None and self._is_loaded(entry):
                break
            if self._abandoned != abandoned:
                raise self._gave_up(entry)
            self._raise_outcome(entry, waited)
            if self._max_switches is not None and switches >= self._max_switches:
                raise busy_error(
                    f"{self._who} keeps changing to other models; try again in {RETRY_AFTER_S} s.",
                    status=503,
                    kind="server_error",
                )
            switches += 1
            await self._switch_to(entry, waited)
        self._leases += 1
        try:
            yield service
        finally:
            self._leases -= 1

    async def _admission(self, waited: list[tuple[Path, asyncio.Task[None]]]) -> None:
        """Wait (counted) while a switch is under way (noted in ``waited``)."""
        opened = self._opened()
        while not opened.is_set():
            self._note(waited)
            async with self._counted():
                await opened.wait()
        if self._host.closed:
            raise ApiError(503, "The server is shutting down.", kind="server_error")

    @contextlib.asynccontextmanager
    async def _counted(self) -> AsyncIterator[None]:
        if self._waiting >= self._max_waiting:
            raise busy_error(
                f"{self._who} is changing its model and {self._waiting} request(s) are "
                f"waiting for it; try again in {RETRY_AFTER_S} s."
            )
        self._waiting += 1
        try:
            yield
        finally:
            self._waiting -= 1

    def _note(self, waited: list[tuple[Path, asyncio.Task[None]]]) -> None:
        running, path = self._switch, self._switch_path
        if running is None or path is None or running.done():
            return
        if all(task is not running for _path, task in waited):
            waited.append((path, running))

    @staticmethod
    def _raise_outcome(entry: CatalogEntry, waited: list[tuple[Path, asyncio.Task[None]]]) -> None:
        """A request that waited for a switch to ``entry``'s model that ended in an
        error gets that error, rather than starting the same switch again (a load
        stopped in the window, a window too busy, a server stopping)."""
        for path, task in waited:
            if path != entry.path or not task.done() or task.cancelled():
                continue
            error = task.exception()
            if isinstance(error, ApiError):
                raise ApiError(
                    error.status,
                    error.message,
                    kind=error.kind,
                    code=error.code,
                    param=error.param,
                    headers=error.headers,
                )

    def _is_loaded(self, entry: CatalogEntry) -> bool:
        loaded = self._host.loaded_path()
        return loaded is not None and loaded.resolve() == entry.path

    def _refuse_if_failed(self, entry: CatalogEntry) -> None:
        """A file that failed to load is refused until it changes."""
        failure = self._failures.get(entry.path)
        if failure is None:
            return
        if file_signature(entry.path) != failure.signature or failure.signature is None:
            del self._failures[entry.path]
            return
        service = self._host.current()
        raise LoadFailed(
            f"The model {entry.id!r} could not be loaded: {failure.reason} (It failed "
            "when last tried and the file has not changed since.)"
            + (f" {self._who} still serves {service.model_id!r}." if service else ""),
            failure.reason,
        )

    def _gave_up(self, entry: CatalogEntry) -> ApiError:
        service = self._host.current()
        serving = f" with {service.model_id!r}" if service is not None else ""
        return busy_error(
            f"{self._who} was busy{serving}: its requests in progress did not end within "
            f"{self._host.drain_timeout:g} s, so it did not change to {entry.id!r}. Try "
            f"again in {RETRY_AFTER_S} s, or once the requests in progress have ended.",
            status=503,
            kind="server_error",
        )

    async def _switch_to(
        self, entry: CatalogEntry, waited: list[tuple[Path, asyncio.Task[None]]]
    ) -> None:
        """Change to ``entry``'s model, or wait for the switch under way (then the lease
        looks again: that switch may have loaded it, failed or been given up)."""
        running = self._switch
        if running is not None and not running.done():
            self._note(waited)
            async with self._counted():
                await asyncio.wait({running})
            return
        # Admission closes now, before any other request runs: none slips in between.
        self._opened().clear()
        task = asyncio.get_running_loop().create_task(self._drain_and_switch(entry))
        # The switch is not this request's to stop: a client that leaves does not cut a
        # load short, nor reopen admission while the model changes.
        task.add_done_callback(lambda done: done.cancelled() or done.exception())
        self._switch = task
        self._switch_path = entry.path
        await asyncio.shield(task)

    def _in_use(self) -> bool:
        service = self._host.current()
        return service is not None and self._host.in_use(service)

    async def _drain_and_switch(self, entry: CatalogEntry) -> None:
        try:
            timeout = self._host.drain_timeout
            deadline = time.monotonic() + timeout
            while self._leases or self._in_use():
                if time.monotonic() >= deadline:
                    self._abandoned += 1
                    log.warning(
                        "Change to %s given up · requests still in progress after %g s",
                        entry.id,
                        timeout,
                    )
                    raise self._gave_up(entry)
                await asyncio.sleep(DRAIN_POLL_S)
            if self._host.closed:
                return
            signature = file_signature(entry.path)
            try:
                await self._host.switch(entry, deadline)
            except LoadFailed as failed:
                log.warning("Load %s failed · %s", entry.id, failed.reason)
                self._failures[entry.path] = _Failure(signature, failed.reason)
                raise
            service = self._host.current()
            if service is not None and self._is_loaded(entry):
                # Named now: the requests that waited take their leases with no await.
                service.model_id = entry.id
                self._labelled = weakref.ref(service)
        finally:
            self._opened().set()


class LeasedLibrary:
    """A :class:`~engine.api.server_app.LibrarySource` whose catalog and leases its
    :class:`LibraryLease` gives: a base class for a :class:`LibraryHost` that makes one
    in its ``__init__`` (as ``self._lease``)."""

    _lease: LibraryLease

    @property
    def switching(self) -> bool:
        """Whether a switch is under way (new requests wait)."""
        return self._lease.switching

    @property
    def waiting(self) -> int:
        """Requests waiting for a switch to end."""
        return self._lease.waiting

    async def catalog(self) -> list[tuple[CatalogEntry, bool]]:
        """Every model a request may name and whether it is loaded."""
        return await self._lease.catalog()

    def lease(self, requested: str | None) -> AbstractAsyncContextManager[ModelService]:
        """The service of the model ``requested`` names, switched to first if it is
        another (see :meth:`LibraryLease.lease`)."""
        return self._lease.lease(requested)
