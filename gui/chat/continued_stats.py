"""The statistics of a continued reply: its earlier part and the continuation as one
reply, so that the line under it adds up ("40 tokens (25 thinking)")."""

from __future__ import annotations

from dataclasses import replace

from engine.llm.generation import ReplyStats


def _decode_seconds(stats: ReplyStats) -> float:
    """The time a part spent writing tokens after its first (what its rate measured)."""
    sampled = max(stats.completion_tokens - 1, 0)
    return sampled / stats.decode_tps if stats.decode_tps > 0 else 0.0


def combined_stats(earlier: ReplyStats, later: ReplyStats) -> ReplyStats:
    """``later`` (a continuation) counted together with ``earlier`` (the part it carried
    on from): tokens written, thinking tokens and thinking time add up, the writing
    rate covers both parts, and the prompt is the conversation before the reply (the
    continuation's prompt held the earlier part, now counted as written). The first
    token time, the finish and the rest are the continuation's."""
    seconds = _decode_seconds(earlier) + _decode_seconds(later)
    written = max(earlier.completion_tokens - 1, 0) + max(later.completion_tokens - 1, 0)
    prompt = max(later.prompt_tokens - earlier.completion_tokens, 0)
    return replace(
        later,
        prompt_tokens=prompt,
        cached_tokens=min(later.cached_tokens, prompt),
        completion_tokens=earlier.completion_tokens + later.completion_tokens,
        decode_tps=written / seconds if seconds > 0 else later.decode_tps,
        reasoning_tokens=earlier.reasoning_tokens + later.reasoning_tokens,
        thinking_s=earlier.thinking_s + later.thinking_s,
    )
