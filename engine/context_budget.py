"""Fit a conversation into the context window by dropping its oldest turns.

Nothing is dropped silently: the caller gets the number of dropped messages and
shows it. The system prompt is always kept, and so is the newest message; when even
those two do not fit, the user gets a clear error instead of a crash in llama.cpp.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from engine.errors import ContextOverflowError
from engine.messages import ChatMessage


@dataclass(frozen=True)
class FittedConversation:
    """The messages that fit, their prompt's token count and how many were dropped."""

    messages: tuple[ChatMessage, ...]
    prompt_tokens: int
    dropped_messages: int


def reply_reserve(n_ctx: int, max_tokens: int) -> int:
    """Tokens kept free for the reply: ``max_tokens``, but never more than half the context."""
    return max(1, min(max_tokens, n_ctx // 2))


def fit_conversation(
    messages: Sequence[ChatMessage],
    count_tokens: Callable[[Sequence[ChatMessage]], int],
    prompt_budget: int,
) -> FittedConversation:
    """Drop the oldest whole turns until the prompt fits ``prompt_budget`` tokens.

    Args:
        messages: The conversation, optionally starting with system messages.
        count_tokens: Token count of the prompt rendered from some messages.
        prompt_budget: The most tokens the prompt may take.

    Raises:
        ContextOverflowError: The system prompt and the newest message alone exceed
            the budget.
    """
    head = [m for m in messages if m.role == "system"]
    body = [m for m in messages if m.role != "system"]
    dropped = 0
    while True:
        kept = (*head, *body)
        tokens = count_tokens(kept)
        if tokens <= prompt_budget:
            return FittedConversation(kept, tokens, dropped)
        if len(body) <= 1:
            raise ContextOverflowError(
                f"The message is too long for this model's context: the prompt needs "
                f"{tokens} tokens but only {prompt_budget} are available "
                "(the rest is kept for the reply). Shorten the message, or load the "
                "model with a larger context."
            )
        # Drop one whole turn: the oldest message and the replies that answer it, so
        # that roles keep alternating (several templates reject anything else).
        body.pop(0)
        dropped += 1
        while len(body) > 1 and body[0].role == "assistant":
            body.pop(0)
            dropped += 1
