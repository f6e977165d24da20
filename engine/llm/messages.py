"""A chat message as the engine sees it (a role and a text), and how a reply ended."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """Who wrote a message; the values are the strings stored and sent to templates."""

    SYSTEM = "system"
    USER = "user"
    ASSISTANT = "assistant"


class FinishReason(StrEnum):
    """Why a reply ended; the values are the strings stored with a reply's statistics."""

    STOP = "stop"
    LENGTH = "length"
    CANCELLED = "cancelled"
    ERROR = "error"


@dataclass(frozen=True, init=False)
class ChatMessage:
    """One message; ``role`` may be given as its string (``"user"``) and is kept as a
    :class:`Role` (an unknown role raises ``ValueError``)."""

    role: Role
    content: str

    def __init__(self, role: Role | str, content: str) -> None:
        object.__setattr__(self, "role", Role(role))
        object.__setattr__(self, "content", content)

    def as_dict(self) -> dict[str, str]:
        return {"role": str(self.role), "content": self.content}


class Cancelled(Exception):
    """A request's cancel event was set while the engine was preparing it.

    Raised by the steps before generation (fitting the context, rendering the template)
    so that :func:`engine.llm.generation.generate_reply` can end the reply as cancelled.
    """
