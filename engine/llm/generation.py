"""Stream a chat reply from a loaded model, token by token, with honest statistics.

The loop drives llama.cpp's C API (engine/llm/native_core.py: ``llama_decode`` and a native
sampler chain) instead of ``create_chat_completion`` or ``Llama.generate``, so that it
controls the prompt (the model's own template, the context budget), sees every token
(cancel between tokens and mid-prompt, end-of-generation detection), costs next to
nothing per token in Python, and knows how much of the prompt came from the KV cache.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from engine.common.errors import ContextOverflowError, HearthError
from engine.common.messages import msg
from engine.llm.beam_search import BeamsAborted
from engine.llm.chat_template import PromptPiece, render_prompt_pieces
from engine.llm.context_budget import FittedConversation, fit_conversation, reply_reserve
from engine.llm.llama_binding import WATCH_STEPS_OVER_S, logits_stale
from engine.llm.messages import Cancelled, ChatMessage, FinishReason, Role
from engine.llm.model import LoadedModel, TokenCache
from engine.llm.native_core import DecodeAborted, NativeSampler, SingleSequence
from engine.llm.parameters import SamplingSettings, reply_room
from engine.llm.reasoning import (
    ReplyStart,
    Thinking,
    ThinkingSwitch,
    continuation_text,
    opened_by_prompt,
    reply_start,
    soft_switch,
    template_variables,
)
from engine.llm.reply_stream import ReplyAssembler, StopTextFilter, TokenTextStream

__all__ = [
    "PreparedPrompt",
    "Reply",
    "ReplyStats",
    "StopTextFilter",
    "TokenTextStream",
    "chat_prompt_tokens",
    "generate_reply",
    "prepare_prompt",
    "render_conversation",
    "tokenize_prompt",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReplyStats:
    """What one reply cost. Rates are tokens per second; times are seconds."""

    prompt_tokens: int
    cached_tokens: int
    completion_tokens: int
    ttft_s: float
    prefill_tps: float
    decode_tps: float
    finish_reason: FinishReason
    dropped_messages: int = 0
    seed: int = 0
    # Of completion_tokens, those spent thinking; the seconds it took; and whether the
    # reply stopped while still thinking (a limit or Stop), so Continue carries on there.
    reasoning_tokens: int = 0
    thinking_s: float = 0.0
    thinking_unfinished: bool = False
    # How many beams chose the reply (engine/llm/beam_search.py); 1: decoded greedily
    # or sampled.
    beams: int = 1

    def __post_init__(self) -> None:
        # Saved statistics and callers may give the reason as its string.
        object.__setattr__(self, "finish_reason", FinishReason(self.finish_reason))

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "finish_reason": self.finish_reason.value}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReplyStats | None:
        """Rebuild saved statistics; None if they are not a complete set."""
        try:
            return cls(**{f: data[f] for f in cls.__dataclass_fields__ if f in data})
        except (TypeError, ValueError):
            return None


@dataclass(frozen=True)
class Reply:
    """A reply: its answer (``text``) and, from a reasoning model, its thinking."""

    text: str
    stats: ReplyStats
    reasoning: str = ""


@dataclass(frozen=True)
class PreparedPrompt:
    """A conversation fitted to the context and turned into prompt tokens."""

    tokens: tuple[int, ...]
    conversation: FittedConversation
    max_new_tokens: int
    # The template opened a reasoning block at the end of the prompt.
    opens_reasoning: bool = False
    # Where the reply starts: fresh, inside its thinking, or in its answer.
    reply_start: ReplyStart = ReplyStart.FRESH


def render_conversation(
    model: LoadedModel,
    messages: Sequence[ChatMessage],
    assistant_prefix: str = "",
    cancel: threading.Event | None = None,
    *,
    thinking: str = Thinking.AUTO,
    reasoning_prefix: str = "",
    continue_thinking: bool = False,
) -> tuple[PromptPiece, ...]:
    """The prompt for ``messages``: the template's text apart from the messages' text.

    ``assistant_prefix`` (reply text written earlier) follows as message text, after
    ``reasoning_prefix`` (the reply's thinking) in the model's own markup;
    ``continue_thinking``: the reply stopped inside its thinking. ``thinking`` turns
    the model's thinking on or off through its template's switch.
    """
    return _render(
        model, messages, assistant_prefix, cancel, thinking, reasoning_prefix, continue_thinking
    )[0]


def _render(
    model: LoadedModel,
    messages: Sequence[ChatMessage],
    assistant_prefix: str,
    cancel: threading.Event | None,
    thinking: str,
    reasoning_prefix: str,
    continue_thinking: bool,
) -> tuple[tuple[PromptPiece, ...], bool]:
    """The prompt's pieces, and whether the template itself opened a reasoning block."""
    switch = model.thinking_switch
    note = soft_switch(switch, thinking)
    if note and messages and messages[-1].role == Role.USER:
        messages = [*messages[:-1], ChatMessage(Role.USER, messages[-1].content + note)]
    pieces = render_prompt_pieces(
        model.chat_template,
        messages,
        bos_token=model.bos_token,
        eos_token=model.eos_token,
        model_name=model.metadata.name,
        cancel=cancel,
        variables=template_variables(switch, thinking),
    )
    fmt = model.reasoning_format
    last = pieces[-1] if pieces else None
    opened = last is not None and last.from_template and opened_by_prompt(fmt, last.text)
    if (
        thinking == Thinking.OFF
        and switch == ThinkingSwitch.EMPTY_THOUGHT
        and not (reasoning_prefix or continue_thinking)
    ):
        # Off, for a model that always thinks and has no switch (DeepSeek-R1 and its
        # distills): an empty thought written for it, as Qwen3's own switch does, also
        # before an answer being continued (a translation's retry goes on from its
        # first attempt's words), which would otherwise land inside the thought.
        empty = f"\n{fmt.close_tag}\n\n" if opened else f"{fmt.open_tag}\n\n{fmt.close_tag}\n\n"
        pieces, opened = (*pieces, PromptPiece(empty, True)), False
    written = continuation_text(
        fmt, reasoning_prefix, assistant_prefix, opened=opened, thinking=continue_thinking
    )
    return (*pieces, *(PromptPiece(text, markup) for text, markup in written)), opened


def chat_prompt_tokens(
    model: LoadedModel, messages: Sequence[ChatMessage], thinking: str = Thinking.AUTO
) -> tuple[list[int], ReplyStart]:
    """The prompt of a whole conversation (nothing left out), and where the reply
    starts in it (inside a thinking block the template opened, or fresh)."""
    pieces, opened = _render(model, messages, "", None, thinking, "", False)
    return tokenize_prompt(model, pieces), reply_start(
        opened=opened, continuing=False, continue_thinking=False
    )


def tokenize_prompt(
    model: LoadedModel,
    pieces: Sequence[PromptPiece],
    cache: TokenCache | None = None,
) -> list[int]:
    """Tokens of a rendered prompt: control tokens only from the template's own text,
    with exactly one BOS where the model wants one (``cache``: see
    :meth:`LoadedModel.prompt_tokens`)."""
    return model.prompt_tokens(pieces, cache)


def prepare_prompt(
    model: LoadedModel,
    messages: Sequence[ChatMessage],
    max_tokens: int,
    assistant_prefix: str = "",
    *,
    cancel: threading.Event | None = None,
    thinking: str = Thinking.AUTO,
    reasoning_prefix: str = "",
    continue_thinking: bool = False,
) -> PreparedPrompt:
    """Fit ``messages`` into the model's context and tokenize the prompt.

    ``assistant_prefix`` is the start of the reply, already written (to continue a
    reply that was cut off): the model carries on from its last character.

    Raises:
        ContextOverflowError: The newest message cannot fit even alone.
        NoChatTemplateError, ChatTemplateError: The prompt cannot be rendered.
        Cancelled: ``cancel`` was set meanwhile.
    """
    if not messages or messages[-1].role != Role.USER:
        raise HearthError(msg("A reply needs a conversation that ends with a user message."))
    n_ctx = model.n_ctx
    budget = n_ctx - reply_reserve(n_ctx, max_tokens)
    # The tokens of each run of text, so that each message is tokenized once however
    # many cut points the fitting tries, and each cut's rendering, so that the one
    # chosen is not rendered again.
    tokens_of: TokenCache = {}
    rendered: dict[int, tuple[tuple[PromptPiece, ...], bool]] = {}

    def render(kept: Sequence[ChatMessage]) -> tuple[tuple[PromptPiece, ...], bool]:
        return _render(
            model, kept, assistant_prefix, cancel, thinking, reasoning_prefix, continue_thinking
        )

    def count(kept: Sequence[ChatMessage]) -> int:
        # A cut is named by its length: each keeps the newest messages. One that does
        # not fit is never chosen, so its rendering is not kept.
        cut = render(kept)
        needed = model.count_prompt_tokens(cut[0], tokens_of)
        if needed <= budget:
            rendered[len(kept)] = cut
        return needed

    fitted = fit_conversation(messages, count, budget, cancel=cancel)
    chosen = rendered.get(len(fitted.messages))
    pieces, opened = chosen if chosen is not None else render(fitted.messages)
    tokens = tokenize_prompt(model, pieces, tokens_of)
    return PreparedPrompt(
        tokens=tuple(tokens),
        conversation=fitted,
        max_new_tokens=reply_room(max_tokens, n_ctx - len(tokens)),
        opens_reasoning=opened,
        reply_start=reply_start(
            opened=opened,
            continuing=bool(assistant_prefix or reasoning_prefix),
            continue_thinking=continue_thinking,
        ),
    )


def reusable_prefix(llama: Any, tokens: Sequence[int]) -> int:
    """How many of ``tokens`` llama.cpp will take from its KV cache, not evaluate.

    Mirrors the prefix matching in ``Llama.generate``: the longest common prefix with
    the tokens already evaluated, less one when the whole prompt matches (one token is
    replayed to refresh the logits).
    """
    n_past = int(llama.n_tokens)
    if n_past == 0 or not tokens:
        return 0
    import numpy as np

    past = llama.input_ids[:n_past]
    limit = min(n_past, len(tokens))
    same = past[:limit] == np.asarray(tokens[:limit], dtype=past.dtype)
    prefix = limit if bool(same.all()) else int(np.argmin(same))
    if prefix == len(tokens):
        if n_past == len(tokens) and not logits_stale(llama):
            return prefix
        return prefix - 1
    return prefix


def generate_reply(
    model: LoadedModel,
    messages: Sequence[ChatMessage],
    sampling: SamplingSettings | None = None,
    *,
    cancel: threading.Event | None = None,
    on_token: Callable[[str], None] | None = None,
    assistant_prefix: str = "",
    on_reasoning: Callable[[str], None] | None = None,
    reasoning_prefix: str = "",
    continue_thinking: bool = False,
    on_prompt: Callable[[int], None] | None = None,
) -> Reply:
    """Generate the assistant's reply to ``messages``, streaming it to ``on_token``.

    Args:
        model: The loaded model; only the calling thread may use it meanwhile.
        messages: The conversation, ending with the user's message.
        sampling: Sampling settings; ``seed`` None draws a fresh seed.
        cancel: Set from any thread to stop; the stream ends within one token.
        on_token: Called with each new piece of the answer as it is decoded.
        assistant_prefix: Reply text written earlier, to continue from; the returned
            text is only what follows it.
        on_reasoning: Called with each new piece of the model's thinking.
        reasoning_prefix: The thinking of the reply being continued.
        continue_thinking: The reply being continued stopped inside its thinking.
        on_prompt: Called once, before the prompt is evaluated, with its length in
            tokens (what the reply adds to comes on top: the context it fills).

    Raises:
        ContextOverflowError, NoChatTemplateError, ChatTemplateError: Before any token.
    """
    sampling = (sampling or SamplingSettings()).validate()
    started = time.perf_counter()
    seed = sampling.seed if sampling.seed is not None else secrets.randbelow(2**31)
    try:
        prepared = prepare_prompt(
            model,
            messages,
            sampling.max_tokens,
            assistant_prefix,
            cancel=cancel,
            thinking=sampling.thinking,
            reasoning_prefix=reasoning_prefix,
            continue_thinking=continue_thinking,
        )
    except Cancelled:
        return _cancelled_before_start(started, seed, continue_thinking)
    if prepared.max_new_tokens < 1:
        raise ContextOverflowError(msg("The context is full: there is no room left for a reply."))
    if on_prompt is not None:
        on_prompt(len(prepared.tokens))
    if uses_beams(sampling, assistant_prefix or reasoning_prefix or continue_thinking):
        beamed = _beam_reply(model, prepared, sampling, seed, started, cancel, on_token)
        if beamed is not None:
            return beamed
    assembler = _assembler(model, prepared, sampling, on_token, on_reasoning)
    first_at: float | None = None
    last_at = started
    sampled = 0
    completion = 0
    finish: FinishReason = FinishReason.LENGTH

    sampler = NativeSampler(sampling, seed, model.n_vocab, banned=banned_tokens(model, sampling))
    sequence = SingleSequence(model)
    sequence.cached = reusable_prefix(model.llama, prepared.tokens)
    # Before any cache reuse past the common prefix (the reply's stats count that too).
    log.debug(
        "Evaluating %d prompt tokens (%d cached)",
        len(prepared.tokens),
        sequence.cached,
    )
    with model.cancellable(cancel):
        tokens = sequence.tokens(prepared.tokens, sampler, sampling.cache_reuse)
        try:
            if cancel is not None and cancel.is_set():
                finish = FinishReason.CANCELLED
            else:
                for token in tokens:
                    now = time.perf_counter()
                    # Stop must land within ~0.2 s: slow steps (the prompt, a big model
                    # on a CPU) keep llama.cpp asking the cancel event mid-step.
                    model.watch_cancel(now - last_at > WATCH_STEPS_OVER_S)
                    last_at = now
                    if first_at is None:
                        first_at = last_at
                    sampled += 1
                    if model.is_end_of_generation(token):
                        finish = FinishReason.STOP
                        break
                    completion += 1
                    if assembler.feed(token):
                        finish = FinishReason.STOP
                        break
                    if cancel is not None and cancel.is_set():
                        finish = FinishReason.CANCELLED
                        break
                    if completion >= prepared.max_new_tokens:
                        finish = FinishReason.LENGTH
                        break
        except DecodeAborted:
            # The abort callback stopped llama_decode: that is Stop. The stopped
            # batch is gone from the KV cache and the logits are stale, so the next
            # request evaluates again (SingleSequence keeps the record straight).
            if cancel is None or not cancel.is_set():
                raise HearthError(msg("llama.cpp stopped while generating.")) from None
            finish = FinishReason.CANCELLED
            last_at = time.perf_counter()
        finally:
            tokens.close()
            sampler.close()
    assembler.finish(finish)

    cached = sequence.cached
    ttft = (first_at or last_at) - started
    evaluated = len(prepared.tokens) - cached
    decode_time = last_at - (first_at or last_at)
    stats = _stats(
        prepared,
        assembler,
        finish,
        seed,
        cached_tokens=cached,
        completion_tokens=completion,
        ttft_s=ttft,
        prefill_tps=evaluated / ttft if ttft > 0 and first_at is not None else 0.0,
        decode_tps=(sampled - 1) / decode_time if decode_time > 0 else 0.0,
    )
    log.debug("Reply finished: %s", stats)
    return Reply(assembler.answer, stats, assembler.reasoning)


def banned_tokens(model: LoadedModel, sampling: SamplingSettings) -> tuple[int, ...]:
    """The tokens ``sampling`` rules out (SamplingSettings.no_east_asian, avoid_words)."""
    banned = model.east_asian_tokens() if sampling.no_east_asian else ()
    if sampling.avoid_words:
        banned = tuple(dict.fromkeys((*banned, *model.word_tokens(sampling.avoid_words))))
    return banned


def uses_beams(sampling: SamplingSettings, continuing: object = False) -> bool:
    """Whether a reply with ``sampling`` is decoded by beam search: beams asked for,
    greedy, no penalties (beams compare whole replies' probabilities), and not a
    reply being continued."""
    return (
        sampling.beams > 1
        and sampling.temperature == 0
        and (sampling.repeat_penalty, sampling.frequency_penalty, sampling.presence_penalty)
        == (1.0, 0.0, 0.0)
        and not continuing
    )


def _assembler(
    model: LoadedModel,
    prepared: PreparedPrompt,
    sampling: SamplingSettings,
    on_token: Callable[[str], None] | None,
    on_reasoning: Callable[[str], None] | None,
) -> ReplyAssembler:
    start = prepared.reply_start
    return ReplyAssembler(
        model,
        model.reasoning_format,
        sampling.stop,
        inside=start.inside,
        after_reasoning=start == ReplyStart.ANSWER,
        move_unclosed=start != ReplyStart.THOUGHT,
        on_text=on_token,
        on_reasoning=on_reasoning,
        stop_loops=sampling.stop_loops,
        loop_allowance=sampling.loop_allowance,
    )


def _beam_reply(
    model: LoadedModel,
    prepared: PreparedPrompt,
    sampling: SamplingSettings,
    seed: int,
    started: float,
    cancel: threading.Event | None,
    on_token: Callable[[str], None] | None,
) -> Reply | None:
    """The reply by beam search (engine/llm/beam_search.py), its text given to
    ``on_token`` once it is chosen; None where the beams do not fit (decode greedily)."""
    fmt = model.reasoning_format
    if prepared.reply_start != ReplyStart.FRESH or fmt.channels:
        # A reply that starts in, or may switch to, a reasoning channel: the beams' stop
        # texts would be judged on thinking (greedy decoding keeps them to the answer).
        return None
    context = model.beam_context(sampling.beams)
    if context is None:
        return None
    log.debug("Beam search (%d beams) over %d prompt tokens", sampling.beams, len(prepared.tokens))
    with model.cancellable(cancel):
        try:
            result = context.search(
                prepared.tokens,
                prepared.max_new_tokens,
                is_end=model.is_end_of_generation,
                token_bytes=model.token_bytes,
                banned=banned_tokens(model, sampling),
                stops=sampling.stop,
                abandon=(fmt.open_tag,),
                cancel=cancel,
                clock=time.perf_counter,
            )
        except BeamsAborted:
            if cancel is None or not cancel.is_set():
                raise HearthError(msg("llama.cpp stopped while generating.")) from None
            return _cancelled_before_start(started, seed)
        except HearthError as error:
            log.warning("Beam search failed (%s): decoding greedily", error)
            return None
    if result is None:
        log.info("The reply is decoded greedily: its beams would not fit, or it began to think")
        return None
    if result.cancelled:
        finish = FinishReason.CANCELLED
    else:
        finish = FinishReason.STOP if result.ended else FinishReason.LENGTH
    # The reply's text is assembled as a greedy one's is (the stop texts cut, a
    # thinking block apart), and only the chosen one reaches ``on_token``.
    assembler = _assembler(model, prepared, sampling, on_token, None)
    completion = 0
    for token in result.tokens:
        completion += 1
        if assembler.feed(token):
            finish = FinishReason.STOP
            break
    assembler.finish(finish)
    ended = time.perf_counter()
    first = result.first_step_at or ended
    evaluated = len(prepared.tokens) - result.cached_tokens
    stats = _stats(
        prepared,
        assembler,
        finish,
        seed,
        cached_tokens=result.cached_tokens,
        completion_tokens=completion,
        ttft_s=first - started,
        prefill_tps=evaluated / (first - started) if first > started else 0.0,
        # Steps of the search, each one token for every beam.
        decode_tps=(result.steps - 1) / (ended - first) if ended > first else 0.0,
        beams=sampling.beams,
    )
    return Reply(assembler.answer, stats, assembler.reasoning)


def _stats(
    prepared: PreparedPrompt,
    assembler: ReplyAssembler,
    finish: FinishReason,
    seed: int,
    **timings: Any,
) -> ReplyStats:
    """A finished reply's statistics: the prompt's and the assembler's, and ``timings``
    (cached and completion tokens, times, rates, beams)."""
    return ReplyStats(
        prompt_tokens=len(prepared.tokens),
        finish_reason=finish,
        dropped_messages=prepared.conversation.dropped_messages,
        seed=seed,
        reasoning_tokens=assembler.reasoning_tokens,
        thinking_s=assembler.thinking_s,
        thinking_unfinished=assembler.thinking_unfinished(finish),
        **timings,
    )


def _cancelled_before_start(started: float, seed: int, thinking: bool = False) -> Reply:
    """``thinking``: a thought was being continued, and stays unfinished."""
    stats = ReplyStats(
        prompt_tokens=0,
        cached_tokens=0,
        completion_tokens=0,
        ttft_s=time.perf_counter() - started,
        prefill_tps=0.0,
        decode_tps=0.0,
        finish_reason=FinishReason.CANCELLED,
        seed=seed,
        thinking_unfinished=thinking,
    )
    return Reply("", stats)
