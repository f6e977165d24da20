"""Request bodies read on a worker thread, not on the event loop.

FastAPI parses and validates a body on the event loop: a 10 MB body takes a few tenths
of a second there (more for deeply nested lists), and every stream the server is
sending waits meanwhile. :func:`json_body` is a FastAPI dependency that reads the bytes
on the loop (they arrive there) and hands the parsing and the validation to a thread,
with the same errors as before: malformed JSON and a wrong field are 400s in OpenAI's
shape (through the app's ``RequestValidationError`` handler).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import TypeVar

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError

from engine.api.schema import ApiError

Body = TypeVar("Body", bound=BaseModel)


def parse_body(model: type[Body], raw: bytes) -> Body:
    """``raw`` as ``model``; on any thread.

    Raises:
        ApiError: The body is not JSON (400).
        RequestValidationError: It is JSON but not a valid ``model``.
    """
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):  # also a number of more than 4300 digits
        raise ApiError(400, "The request body is not valid JSON.") from None
    try:
        return model.model_validate(data)
    except ValidationError as error:
        # As FastAPI locates them: under "body" (the error handler leaves it out).
        problems = [
            {**problem, "loc": ("body", *problem["loc"])}
            for problem in error.errors(include_url=False, include_input=False)
        ]
        raise RequestValidationError(problems) from None


def json_body(model: type[Body]) -> Callable[[Request], Awaitable[Body]]:
    """A dependency giving the request's body as ``model``, parsed on a worker thread."""

    async def read(request: Request) -> Body:
        raw = await request.body()
        return await asyncio.to_thread(parse_body, model, raw)

    return read
