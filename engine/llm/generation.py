"""Stream a chat reply from a loaded model, token by token, with honest statistics.

The loop drives llama.cpp's C API (engine/llm/native_core.py: ``llama_decode`` and a native
sampler chain) instead of ``create_chat_completion`` or ``Llama.generate``, so that it
controls the prompt (the model's own template, the context budget), sees every token
(cancel between tokens and mid-prompt, end-of-generation detection), costs next to
nothing per token in Python, and knows how much of the prompt came from the KV cache.
"""

from __future__ import annotations

import codecs
import logging
import secrets
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from engine.common.errors import ContextOverflowError, HearthError
from engine.llm.chat_template import TURN_END_MARKERS, PromptPiece, render_prompt_pieces
from engine.llm.context_budget import FittedConversation, fit_conversation, reply_reserve
from engine.llm.llama_binding import logits_stale
from engine.llm.messages import Cancelled, ChatMessage, FinishReason, Role
from engine.llm.model import LoadedModel
from engine.llm.native_core import DecodeAborted, NativeSampler, SingleSequence
from engine.llm.parameters import SamplingSettings, reply_room

log = logging.getLogger(__name__)

# Token steps slower than this keep llama.cpp's abort callback on (see watch_cancel).
_WATCH_STEPS_OVER_S = 0.05


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
    text: str
    stats: ReplyStats


@dataclass(frozen=True)
class PreparedPrompt:
    """A conversation fitted to the context and turned into prompt tokens."""

    tokens: tuple[int, ...]
    conversation: FittedConversation
    max_new_tokens: int


def render_conversation(
    model: LoadedModel,
    messages: Sequence[ChatMessage],
    assistant_prefix: str = "",
    cancel: threading.Event | None = None,
) -> tuple[PromptPiece, ...]:
    """The prompt for ``messages``: the template's text apart from the messages' text.

    ``assistant_prefix`` (reply text written earlier) follows as message text.
    """
    pieces = render_prompt_pieces(
        model.chat_template,
        messages,
        bos_token=model.bos_token,
        eos_token=model.eos_token,
        model_name=model.metadata.name,
        cancel=cancel,
    )
    if assistant_prefix:
        pieces = (*pieces, PromptPiece(assistant_prefix, False))
    return pieces


def tokenize_prompt(model: LoadedModel, pieces: Sequence[PromptPiece]) -> list[int]:
    """Tokens of a rendered prompt: control tokens only from the template's own text,
    with exactly one BOS where the model wants one."""
    return model.prompt_tokens(pieces)


def prepare_prompt(
    model: LoadedModel,
    messages: Sequence[ChatMessage],
    max_tokens: int,
    assistant_prefix: str = "",
    *,
    cancel: threading.Event | None = None,
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
        raise HearthError("A reply needs a conversation that ends with a user message.")
    n_ctx = model.n_ctx
    budget = n_ctx - reply_reserve(n_ctx, max_tokens)
    # Token counts of each run of text, so that each message is tokenized once however
    # many cut points the fitting tries; only counts are kept, not token lists.
    counts: dict[str, int] = {}

    def count(kept: Sequence[ChatMessage]) -> int:
        pieces = render_conversation(model, kept, assistant_prefix, cancel)
        return model.count_prompt_tokens(pieces, counts)

    fitted = fit_conversation(messages, count, budget, cancel=cancel)
    counts.clear()
    pieces = render_conversation(model, fitted.messages, assistant_prefix, cancel)
    tokens = tokenize_prompt(model, pieces)
    return PreparedPrompt(
        tokens=tuple(tokens),
        conversation=fitted,
        max_new_tokens=reply_room(max_tokens, n_ctx - len(tokens)),
    )


class TokenTextStream:
    """Turns generated tokens into text as they come: every token's whole piece (however
    long), and a character split over several tokens only once it is complete."""

    def __init__(self, model: LoadedModel) -> None:
        self._model = model
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    def feed(self, token: int) -> str:
        return str(self._decoder.decode(self._model.token_bytes(token)))

    def flush(self) -> str:
        """What is left at the end (a cut-off character shows as U+FFFD)."""
        return str(self._decoder.decode(b"", final=True))


class StopTextFilter:
    """Holds back text that may be the start of a turn-end marker, and stops at one."""

    def __init__(self, markers: Sequence[str]) -> None:
        self.markers = tuple(m for m in markers if m)
        self.pending = ""
        self.reached = False

    def feed(self, text: str) -> tuple[str, bool]:
        """Return the text that is safe to show, and whether a marker was reached."""
        self.pending += text
        for marker in self.markers:
            index = self.pending.find(marker)
            if index >= 0:
                out = self.pending[:index]
                self.pending = ""
                self.reached = True
                return out, True
        keep = 0
        for marker in self.markers:
            for length in range(min(len(marker) - 1, len(self.pending)), 0, -1):
                if self.pending.endswith(marker[:length]):
                    keep = max(keep, length)
                    break
        out = self.pending[: len(self.pending) - keep]
        self.pending = self.pending[len(self.pending) - keep :]
        return out, False

    def flush(self) -> str:
        out, self.pending = self.pending, ""
        return out


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
) -> Reply:
    """Generate the assistant's reply to ``messages``, streaming it to ``on_token``.

    Args:
        model: The loaded model; only the calling thread may use it meanwhile.
        messages: The conversation, ending with the user's message.
        sampling: Sampling settings; ``seed`` None draws a fresh seed.
        cancel: Set from any thread to stop; the stream ends within one token.
        on_token: Called with each new piece of text as it is decoded.
        assistant_prefix: Reply text written earlier, to continue from; the returned
            text is only what follows it.

    Raises:
        ContextOverflowError, NoChatTemplateError, ChatTemplateError: Before any token.
    """
    sampling = (sampling or SamplingSettings()).validate()
    started = time.perf_counter()
    seed = sampling.seed if sampling.seed is not None else secrets.randbelow(2**31)
    try:
        prepared = prepare_prompt(
            model, messages, sampling.max_tokens, assistant_prefix, cancel=cancel
        )
    except Cancelled:
        return _cancelled_before_start(started, seed)
    if prepared.max_new_tokens < 1:
        raise ContextOverflowError("The context is full: there is no room left for a reply.")
    cached = reusable_prefix(model.llama, prepared.tokens)

    text_stream = TokenTextStream(model)
    stop_filter = StopTextFilter((*TURN_END_MARKERS, model.eos_token, *sampling.stop))
    parts: list[str] = []
    first_at: float | None = None
    last_at = started
    sampled = 0
    completion = 0
    finish: FinishReason = FinishReason.LENGTH

    def emit(text: str) -> None:
        if text:
            parts.append(text)
            if on_token is not None:
                on_token(text)

    log.debug("Evaluating %d prompt tokens (%d cached)", len(prepared.tokens), cached)
    sampler = NativeSampler(sampling, seed, model.n_vocab)
    with model.cancellable(cancel):
        tokens = SingleSequence(model).tokens(prepared.tokens, sampler)
        try:
            if cancel is not None and cancel.is_set():
                finish = FinishReason.CANCELLED
            else:
                for token in tokens:
                    now = time.perf_counter()
                    # Stop must land within ~0.2 s: slow steps (the prompt, a big model
                    # on a CPU) keep llama.cpp asking the cancel event mid-step.
                    model.watch_cancel(now - last_at > _WATCH_STEPS_OVER_S)
                    last_at = now
                    if first_at is None:
                        first_at = last_at
                    sampled += 1
                    if model.is_end_of_generation(token):
                        finish = FinishReason.STOP
                        break
                    completion += 1
                    text, reached_marker = stop_filter.feed(text_stream.feed(token))
                    emit(text)
                    if reached_marker:
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
                raise HearthError("llama.cpp stopped while generating.") from None
            finish = FinishReason.CANCELLED
            last_at = time.perf_counter()
        finally:
            tokens.close()
            sampler.close()
    if not (finish == FinishReason.STOP and stop_filter.reached):
        # Text held back as the possible start of a stop marker is part of the reply
        # unless the marker came (the model may end on its end-of-generation token).
        emit(stop_filter.flush() + text_stream.flush())

    ttft = (first_at or last_at) - started
    evaluated = len(prepared.tokens) - cached
    decode_time = last_at - (first_at or last_at)
    stats = ReplyStats(
        prompt_tokens=len(prepared.tokens),
        cached_tokens=cached,
        completion_tokens=completion,
        ttft_s=ttft,
        prefill_tps=evaluated / ttft if ttft > 0 and first_at is not None else 0.0,
        decode_tps=(sampled - 1) / decode_time if decode_time > 0 else 0.0,
        finish_reason=finish,
        dropped_messages=prepared.conversation.dropped_messages,
        seed=seed,
    )
    log.debug("Reply finished: %s", stats)
    return Reply("".join(parts), stats)


def _cancelled_before_start(started: float, seed: int) -> Reply:
    stats = ReplyStats(
        prompt_tokens=0,
        cached_tokens=0,
        completion_tokens=0,
        ttft_s=time.perf_counter() - started,
        prefill_tps=0.0,
        decode_tps=0.0,
        finish_reason=FinishReason.CANCELLED,
        seed=seed,
    )
    return Reply("", stats)
