"""The model's replies to this session's translation requests, kept so that the very
same request is not sent again.

A flagged translation is not stored in the translation memory (it would come back
without its ⚠), so each Translate used to send such segments to the model again. Decoded
greedily with a fixed seed (or by Best quality's beams), the same request gets the same
reply, which the checks flag the same way: Translate takes the reply kept here and runs
the checks on it again, and only what changed (the text, the glossary, the context a
changed segment gives the next, the model, the sampling) goes to the model.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, replace

from engine.llm.parameters import SamplingSettings
from engine.translation.job import SegmentTask

# The replies kept (a few thousand short texts), the least recently used dropped first.
KEPT_REPLIES = 4000


@dataclass(frozen=True)
class KeptReply:
    """What the model answered: the text after the task's prefix, whether the length
    limit cut it, and how many beams chose it (1: decoded greedily)."""

    text: str
    cut: bool
    beams: int = 1


def reply_key(model: Hashable, task: SegmentTask, sampling: SamplingSettings) -> Hashable | None:
    """What a reply depends on: the model (its file and context size, as the caller
    names them), the messages, what the reply goes on from, and the sampling; None where
    the same request may rightly get another reply (sampled with a temperature, or
    without a fixed seed). Reusing the KV cache past the common prefix may change a
    reply slightly; the reply it gave is as good an answer, so it does not count."""
    greedy = sampling.temperature == 0 and sampling.seed is not None
    if not greedy and sampling.beams <= 1:
        return None
    return (model, task.messages, task.prefix, replace(sampling, cache_reuse=0))


class ReplyCache:
    """The last :data:`KEPT_REPLIES` replies by :func:`reply_key` (on one thread)."""

    def __init__(self, limit: int = KEPT_REPLIES) -> None:
        self._limit = limit
        self._replies: OrderedDict[Hashable, KeptReply] = OrderedDict()

    def __len__(self) -> int:
        return len(self._replies)

    def get(self, key: Hashable | None) -> KeptReply | None:
        if key is None:
            return None
        reply = self._replies.get(key)
        if reply is not None:
            self._replies.move_to_end(key)
        return reply

    def put(self, key: Hashable | None, reply: KeptReply) -> None:
        if key is None:
            return
        self._replies[key] = reply
        self._replies.move_to_end(key)
        while len(self._replies) > self._limit:
            self._replies.popitem(last=False)

    def drop(self, key: Hashable) -> None:
        self._replies.pop(key, None)
