"""Fit a conversation into the context window by dropping its oldest turns.

Nothing is dropped silently: the caller gets the number of dropped messages and
shows it. The system prompt is always kept, and so is the newest message; when even
those two do not fit, the user gets a clear error instead of a crash in llama.cpp.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from engine.common.errors import ContextOverflowError
from engine.common.messages import msg
from engine.llm.messages import Cancelled, ChatMessage, Role
from engine.llm.parameters import NO_REPLY_LIMIT


@dataclass(frozen=True)
class FittedConversation:
    """The messages that fit, their prompt's token count and how many were dropped."""

    messages: tuple[ChatMessage, ...]
    prompt_tokens: int
    dropped_messages: int


# Characters in a token, at most, for the fitting's first guess (English runs about
# four; a guess only decides what is counted first, never what is kept).
CHARS_PER_TOKEN_AT_MOST = 8

# Kept free for a reply without a limit of its own, when older turns must be dropped.
UNLIMITED_REPLY_RESERVE = 1024


def reply_reserve(n_ctx: int, max_tokens: int) -> int:
    """Tokens kept free for the reply: ``max_tokens`` (:data:`UNLIMITED_REPLY_RESERVE`
    for a reply without a limit), but never more than half the context."""
    wanted = UNLIMITED_REPLY_RESERVE if max_tokens == NO_REPLY_LIMIT else max_tokens
    return max(1, min(wanted, n_ctx // 2))


def fit_conversation(
    messages: Sequence[ChatMessage],
    count_tokens: Callable[[Sequence[ChatMessage]], int],
    prompt_budget: int,
    *,
    cancel: threading.Event | None = None,
) -> FittedConversation:
    """Drop the oldest whole turns until the prompt fits ``prompt_budget`` tokens.

    The result is that of dropping one turn at a time until the prompt fits, found in
    one call of ``count_tokens`` when everything fits, else in O(log n) calls (a
    prompt only grows as turns are added): first from the newest turn back, doubling
    the number kept, then by bisection. Each call
    renders only the turns it keeps, so a long history costs about as much as the part
    of it that fits.

    Args:
        messages: The conversation, optionally starting with system messages.
        count_tokens: Token count of the prompt rendered from some messages.
        prompt_budget: The most tokens the prompt may take.
        cancel: Checked before each count; when set, :class:`Cancelled` is raised.

    Raises:
        ContextOverflowError: The system prompt and the newest message alone exceed
            the budget.
        Cancelled: ``cancel`` was set.
    """
    head = [m for m in messages if m.role == Role.SYSTEM]
    body = [m for m in messages if m.role != Role.SYSTEM]
    # Where a kept conversation may start: the first message, then each message that
    # is not a reply (a whole turn is dropped with the replies that answer it, so that
    # roles keep alternating; several templates reject anything else), and the newest.
    starts = [0] + [
        i for i in range(1, len(body)) if body[i].role != Role.ASSISTANT or i == len(body) - 1
    ]
    counted: dict[int, int] = {}

    def tokens_from(choice: int) -> int:
        if choice not in counted:
            if cancel is not None and cancel.is_set():
                raise Cancelled
            counted[choice] = count_tokens((*head, *body[starts[choice] :]))
        return counted[choice]

    def fitted(choice: int) -> FittedConversation:
        start = starts[choice]
        return FittedConversation((*head, *body[start:]), counted[choice], start)

    # A conversation that can fit is counted whole first: one count, where the search
    # below takes about log2(turns) of them. One far longer than the budget could ever
    # fill (more than CHARS_PER_TOKEN_AT_MOST characters a token) is not rendered whole.
    plausible = sum(len(m.content) for m in messages) <= CHARS_PER_TOKEN_AT_MOST * prompt_budget
    if plausible and tokens_from(0) <= prompt_budget:
        return fitted(0)
    newest = len(starts) - 1
    if tokens_from(newest) > prompt_budget:
        raise ContextOverflowError(
            msg(
                "The message is too long for this model's context: the prompt needs "
                "{needed} tokens but only {available} are available (the rest is kept "
                "for the reply). Shorten the message, or load the model with a larger "
                "context.",
                needed=counted[newest],
                available=prompt_budget,
            )
        )
    # Keep 2, 4, 8… turns until one does not fit; the cut lies after it.
    fits, too_many = newest, -1
    step = 1
    while fits > 0:
        candidate = max(newest - step, 0)
        if tokens_from(candidate) > prompt_budget:
            too_many = candidate
            break
        fits = candidate
        step *= 2
    while fits - too_many > 1:
        middle = (fits + too_many) // 2
        if tokens_from(middle) <= prompt_budget:
            fits = middle
        else:
            too_many = middle
    return fitted(fits)
