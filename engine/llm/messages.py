"""A chat message as the engine sees it: a role and a text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["system", "user", "assistant"]


@dataclass(frozen=True)
class ChatMessage:
    role: Role
    content: str

    def as_dict(self) -> dict[str, str]:
        return {"role": self.role, "content": self.content}


class Cancelled(Exception):
    """A request's cancel event was set while the engine was preparing it.

    Raised by the steps before generation (fitting the context, rendering the template)
    so that :func:`engine.llm.generation.generate_reply` can end the reply as cancelled.
    """
