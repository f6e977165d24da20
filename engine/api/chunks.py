"""The JSON shapes of the API's replies: the streamed chunks of a chat or a text
completion, the usage block, and the finish reason, as OpenAI writes them.

A reasoning model's thinking goes out apart from its answer, as llama-server and
LM Studio send it: ``reasoning_content`` in the message or in the deltas, and the count
of thinking tokens in ``usage.completion_tokens_details.reasoning_tokens``.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

from engine.llm.generation import Reply
from engine.llm.messages import FinishReason


@dataclass(frozen=True)
class End:
    """A reply's end, as it reaches the event loop: the reply, or why it failed."""

    reply: Reply | None
    error: str | None


@dataclass(frozen=True)
class Thought:
    """A piece of a reasoning model's thinking, as it reaches the event loop."""

    text: str


Item = str | Thought | End


def finish_reason(reply: Reply) -> str:
    return "length" if reply.stats.finish_reason == FinishReason.LENGTH else "stop"


def usage(reply: Reply) -> dict[str, Any]:
    prompt = reply.stats.prompt_tokens
    completion = reply.stats.completion_tokens
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "completion_tokens_details": {"reasoning_tokens": reply.stats.reasoning_tokens},
    }


def chat_message(reply: Reply) -> dict[str, Any]:
    """The assistant message of a whole chat reply: the answer in ``content``, the
    thinking (if any) in ``reasoning_content``."""
    message: dict[str, Any] = {"role": "assistant", "content": reply.text}
    if reply.reasoning:
        message["reasoning_content"] = reply.reasoning
    return message


class ChatChunks:
    """The chunks of a streamed chat reply."""

    def __init__(self, ident: str, model: str, include_usage: bool) -> None:
        self.ident = ident
        self.model = model
        self.include_usage = include_usage
        self.created = int(time.time())

    def chunk(self, delta: dict[str, str], finish: str | None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.ident,
            "object": "chat.completion.chunk",
            "created": self.created,
            "model": self.model,
            "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
        }
        if self.include_usage:
            data["usage"] = None
        return data

    def opening(self) -> dict[str, Any] | None:
        return self.chunk({"role": "assistant", "content": ""}, None)

    def piece(self, text: str) -> dict[str, Any]:
        return self.chunk({"content": text}, None)

    def thought(self, text: str) -> dict[str, Any]:
        return self.chunk({"reasoning_content": text}, None)

    def ending(self, reply: Reply) -> dict[str, Any]:
        return self.chunk({}, finish_reason(reply))

    def usage(self, reply: Reply) -> dict[str, Any]:
        return {
            "id": self.ident,
            "object": "chat.completion.chunk",
            "created": self.created,
            "model": self.model,
            "choices": [],
            "usage": usage(reply),
        }


class TextChunks(ChatChunks):
    """The chunks of a streamed text completion (raw text: never any thinking)."""

    def chunk(self, delta: dict[str, str], finish: str | None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.ident,
            "object": "text_completion",
            "created": self.created,
            "model": self.model,
            "choices": [
                {
                    "index": 0,
                    "text": delta.get("content", ""),
                    "logprobs": None,
                    "finish_reason": finish,
                }
            ],
        }
        if self.include_usage:
            data["usage"] = None
        return data

    def opening(self) -> dict[str, Any] | None:
        return None

    def usage(self, reply: Reply) -> dict[str, Any]:
        data = super().usage(reply)
        data["object"] = "text_completion"
        return data


def coalesce(queue: asyncio.Queue[Item], first: str | Thought) -> tuple[str | Thought, Item | None]:
    """``first`` and the pieces of the same kind already waiting behind it; the next
    item of another kind (or the end), if one is there."""
    parts = [first.text if isinstance(first, Thought) else first]
    while not queue.empty():
        item = queue.get_nowait()
        if isinstance(item, End) or isinstance(item, Thought) != isinstance(first, Thought):
            return _joined(first, parts), item
        parts.append(item.text if isinstance(item, Thought) else item)
    return _joined(first, parts), None


def _joined(first: str | Thought, parts: list[str]) -> str | Thought:
    text = "".join(parts)
    return Thought(text) if isinstance(first, Thought) else text
