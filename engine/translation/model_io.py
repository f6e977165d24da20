"""What a translation asks of the model, and what of its reply becomes the segment.

A reasoning model is asked not to think (``thinking="off"``, through its template's
switch where it has one): thinking costs time and helps a translation little. A model
that thinks anyway, or a remote engine that sends its thinking inline, must still never
put its deliberation into the document, so a leading ``<think>…</think>`` block is cut
from the text before the clean-up and the checks.
"""

from __future__ import annotations

from typing import Protocol

from engine.llm.loops import loop_allowance
from engine.llm.parameters import SamplingSettings
from engine.llm.reasoning import THINK_TAGS, Thinking, split_reasoning

REPRODUCIBLE_SEED = 42
# Every translation request asks a reasoning model not to think.
TRANSLATION_THINKING = str(Thinking.OFF)
# Best quality: the likeliest of four beams rather than the greedy reply
# (engine/llm/beam_search.py; measured in README.md, Translating).
TRANSLATION_BEAMS = 4
# The earlier exchange a segment's prompt shows was the previous prompt's own segment and
# reply: it is shifted into place in the KV cache instead of read again, where at least
# this many tokens of it are there (SamplingSettings.cache_reuse; a job's first request
# reuses nothing past its common prefix; measured in bench/QUALITY.md).
TRANSLATION_CACHE_REUSE = 16


class Task(Protocol):
    """What the sampling depends on of a segment's task (engine.translation.job's
    SegmentTask)."""

    @property
    def source(self) -> str: ...

    @property
    def max_tokens(self) -> int: ...

    @property
    def reuse_cache(self) -> bool: ...

    @property
    def no_east_asian(self) -> bool: ...

    @property
    def avoid_words(self) -> tuple[str, ...]: ...


class Attempted(Protocol):
    """A task that says which attempt it is (0 first, 1 the retry, 2 a stricter retry
    asked again), and the words it must not write (a retry asked as the attempt before
    it was)."""

    @property
    def attempt(self) -> int: ...

    @property
    def avoid_words(self) -> tuple[str, ...]: ...


# The two KV streams of a translation job (kv_stream).
MAIN_STREAM = "main"
RETRY_STREAM = "retry"


def kv_stream(task: Attempted) -> str:
    """Which of two KV cache states a translation request continues from (kept apart by
    engine.llm.kv_state.KVStateCache: per job on the command line, per window in the
    app, which drops the retries' state when a run ends).

    First attempts continue from the one before them (their earlier exchange is moved
    into place, TRANSLATION_CACHE_REUSE); retries from the retry before them, whose
    prompt begins as theirs does (the starter model's two example exchanges). So a
    retry reads little more than its own text, and the next first attempt still finds
    its earlier exchange: with one state a retry read its whole prompt again and left
    the next segment to do the same. A retry's prompt is what it was (on the starter
    model on a CPU its replies were too); the first attempt after a retry takes its
    earlier exchange from the cache as every other first attempt does, which can change
    a few words, as the cache reuse does (bench/QUALITY.md). A retry
    that only rules out the words its first attempt left untranslated asks the first
    attempt's prompt again, which the first attempts' state holds whole; one that rules
    out the words a stricter retry left asks that retry's prompt again, which the
    retries' state holds."""
    first_again = task.attempt == 1 and task.avoid_words
    return RETRY_STREAM if task.attempt > 0 and not first_again else MAIN_STREAM


def translation_sampling(
    task: Task, reproducible: bool = True, best: bool = False
) -> SamplingSettings:
    """Greedy with a fixed seed when reproducible (the same text gives the same
    translation); otherwise a low temperature. ``best`` (Best quality) keeps the
    likeliest of :data:`TRANSLATION_BEAMS` beams instead, reproducible too. A segment
    without a blank line ends at the first blank line: what a model writes after it is
    not the translation. A reply that repeats itself over and over ends there (the
    checks flag it), beyond twice what the source repeats itself. No thinking, where the
    model can be told. Into a language that writes no Chinese, Japanese or Korean, no
    token that does (where the task says so: SegmentTask.no_east_asian); in a retry for
    words left in the source language, not those words (SegmentTask.avoid_words)."""
    stop = () if "\n\n" in task.source else ("\n\n",)
    # Not with beams: a segment whose beams did not fit goes word by word on the main
    # context, which this job's beam requests never filled.
    reuse = TRANSLATION_CACHE_REUSE if task.reuse_cache and not best else 0
    # What the source repeats itself, its translation may repeat as much, twice over.
    allowance = loop_allowance(task.source)
    # No repeat penalty: a translation rightly repeats what the prompt holds (names,
    # numbers, the glossary's terms), and 1.0 measured no worse than 1.1.
    if reproducible or best:
        return SamplingSettings(
            temperature=0.0, top_p=1.0, top_k=0, min_p=0.0, repeat_penalty=1.0,
            max_tokens=task.max_tokens, seed=REPRODUCIBLE_SEED, stop=stop,
            thinking=TRANSLATION_THINKING, beams=TRANSLATION_BEAMS if best else 1,
            cache_reuse=reuse, stop_loops=True, loop_allowance=allowance,
            no_east_asian=task.no_east_asian, avoid_words=task.avoid_words,
        )  # fmt: skip
    return SamplingSettings(
        temperature=0.3,
        repeat_penalty=1.0,
        max_tokens=task.max_tokens,
        stop=stop,
        thinking=TRANSLATION_THINKING,
        cache_reuse=reuse,
        stop_loops=True,
        loop_allowance=allowance,
        no_east_asian=task.no_east_asian,
        avoid_words=task.avoid_words,
    )


def without_reasoning(output: str, *, cut: bool = False) -> str:
    """The reply's text with a leading ``<think>…</think>`` block removed. A block
    that never closed in a reply cut at the length limit was all thinking: nothing is
    left of it (the segment then counts as untranslated)."""
    opened = output.lstrip().startswith(THINK_TAGS.open_tag)
    if cut and opened and THINK_TAGS.close_tag not in output:
        return ""
    return split_reasoning(output, THINK_TAGS)[1] if opened else output
