"""How a request gets the model it names: a lease on a :class:`ModelService`.

A request holds its lease while it uses the service directly (tokenizing, queueing its
reply, embedding); a reply once queued is counted by the service itself. A server with
one model (the window's, or ``serve --model``) leases that model or refuses the name;
one that loads models on request (:mod:`engine.api.library_lease`) may first wait for
the requests in flight to end and load the named model.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from typing import Protocol

from engine.api.schema import ApiError
from engine.api.service import ModelService

Lease = Callable[[str | None], AbstractAsyncContextManager[ModelService]]


class ServiceSource(Protocol):
    """Where the API finds the model to serve: the model loaded now, or None."""

    def current(self) -> ModelService | None: ...


def not_loaded() -> ApiError:
    return ApiError(
        503,
        "No model is loaded in Hearth; load one in its window first.",
        kind="server_error",
        code="model_not_loaded",
    )


def not_found(requested: str | None, serving: str | None) -> ApiError:
    where = f"; this server serves {serving!r}" if serving else ""
    return ApiError(
        404,
        f"The model {requested!r} is not loaded{where}.",
        code="model_not_found",
        param="model",
    )


def not_in_library(requested: str) -> ApiError:
    return ApiError(
        404,
        f"The model {requested!r} is not in this server's library (GET /v1/models lists "
        "the models it serves).",
        code="model_not_found",
        param="model",
    )


def ambiguous(requested: str, ids: list[str]) -> ApiError:
    """A file name that several models of the library have."""
    listed = ", ".join(repr(ident) for ident in ids)
    return ApiError(
        404,
        f"Several models have the file name {requested!r}: name one by its id ({listed}).",
        code="model_not_found",
        param="model",
    )


def fixed_lease(source: ServiceSource) -> Lease:
    """Leases on whatever model ``source`` holds: a request naming another is refused
    (404), and one with no model loaded gets 503."""

    @contextlib.asynccontextmanager
    async def lease(requested: str | None) -> AsyncIterator[ModelService]:
        service = source.current()
        if service is None:
            raise not_loaded()
        if not service.names(requested):
            raise not_found(requested, service.model_id)
        yield service

    return lease
