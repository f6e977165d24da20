"""The knobs of a model load and of a reply, as immutable values."""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from engine.common.errors import HearthError
from engine.common.messages import msg
from engine.llm.reasoning import THINKING_VALUES, check_reasoning_tags

log = logging.getLogger(__name__)

# KV cache element types and their ggml type numbers.
KV_CACHE_TYPES = {"f16": 1, "q8_0": 8, "q4_0": 2}

# Values of ``LoadSettings.n_gpu_layers`` besides a layer count (0 is CPU only).
GPU_LAYERS_ALL = -1
GPU_LAYERS_AUTO = -2


# The largest context a load may ask for.
MAX_CONTEXT = 1_048_576


@dataclass(frozen=True)
class LoadSettings:
    """How llama.cpp loads a model.

    ``n_gpu_layers``: 0 keeps everything on the CPU, ``GPU_LAYERS_ALL`` offloads every
    layer, ``GPU_LAYERS_AUTO`` as many as fit the free VRAM, a number that many.
    ``n_threads``: None uses every core.
    """

    n_ctx: int = 4096
    n_gpu_layers: int = GPU_LAYERS_AUTO
    n_threads: int | None = None
    n_batch: int = 512
    seed: int = 0
    # A Jinja chat template used instead of the file's own (None: the file's).
    chat_template: str | None = None
    flash_attention: bool = False
    # The KV cache's element type: "f16" (llama.cpp's default), "q8_0" or "q4_0"
    # (smaller caches for long contexts; quantized V needs flash attention).
    kv_cache_type: str = "f16"
    use_mmap: bool = True
    use_mlock: bool = False
    # Auto only: the layers that fit when this model was last loaded; Auto starts
    # there instead of retrying what failed before.
    gpu_layers_hint: int | None = None
    # Sequences decoded together (engine/llm/sequence_scheduler.py). As in llama-server,
    # ``n_ctx`` is the whole KV cache and each sequence gets ``n_ctx // parallel``.
    parallel: int = 1
    # The tags around the model's reasoning when it uses neither <think> nor gpt-oss's
    # channels: (opening, closing); None detects the form from the template.
    reasoning_tags: tuple[str, str] | None = None

    def validate(self) -> LoadSettings:
        """Return self, or raise a clear error for a setting llama.cpp would reject."""
        if self.reasoning_tags is not None:
            check_reasoning_tags(*self.reasoning_tags)
        if self.n_ctx < 64:
            raise HearthError(
                msg("Context length {context} is too small (at least 64).", context=self.n_ctx)
            )
        if self.n_ctx > MAX_CONTEXT:
            raise HearthError(
                msg(
                    "Context length {context} is too large (at most {most}).",
                    context=self.n_ctx,
                    most=MAX_CONTEXT,
                )
            )
        if self.n_gpu_layers < GPU_LAYERS_AUTO:
            raise HearthError(msg("GPU layers must be Auto, All, 0 (CPU only) or a layer count."))
        if self.n_threads is not None and self.n_threads < 1:
            raise HearthError(msg("CPU threads must be at least 1."))
        if self.n_batch < 1:
            raise HearthError(msg("Batch size must be at least 1."))
        if not 1 <= self.parallel <= 64:
            raise HearthError(msg("Parallel sequences must be between 1 and 64."))
        if self.n_ctx // self.parallel < 64:
            raise HearthError(msg("Each parallel sequence needs a context of at least 64 tokens."))
        if self.kv_cache_type not in KV_CACHE_TYPES:
            raise HearthError(
                msg("KV cache type must be one of {choices}.", choices=", ".join(KV_CACHE_TYPES))
            )
        if self.kv_cache_type != "f16" and not self.flash_attention:
            raise HearthError(msg("A quantized KV cache needs flash attention turned on."))
        return self

    def resolved_threads(self) -> int:
        if self.n_threads is not None:
            return self.n_threads
        return max(1, (os.cpu_count() or 2))


# SamplingSettings.max_tokens for "as long as the context allows".
NO_REPLY_LIMIT = 0


def reply_room(max_tokens: int, room: int) -> int:
    """The most tokens a reply may take: ``max_tokens``, but never more than the
    ``room`` left in the context; all of it with :data:`NO_REPLY_LIMIT`."""
    return room if max_tokens == NO_REPLY_LIMIT else min(max_tokens, room)


# The most beams a reply may ask for (each costs a decode per step).
MAX_BEAMS = 8


@dataclass(frozen=True)
class SamplingSettings:
    """How a reply is sampled. ``temperature == 0`` is greedy decoding.

    ``seed`` None draws a fresh seed per reply; a number makes the reply reproducible.
    ``max_tokens`` :data:`NO_REPLY_LIMIT` (the default) lets a reply run until the
    context is full, as chat apps do; a number caps it.
    """

    temperature: float = 0.7
    top_p: float = 0.95
    top_k: int = 40
    min_p: float = 0.05
    repeat_penalty: float = 1.1
    max_tokens: int = 0
    seed: int | None = None
    # OpenAI's penalties (0: off): by how often a token appeared, and whether it did.
    frequency_penalty: float = 0.0
    presence_penalty: float = 0.0
    # Extra texts that end the reply when the model writes them (not included).
    stop: tuple[str, ...] = ()
    # Thinking for reasoning models (engine/llm/reasoning.py Thinking): "auto" leaves
    # the model's default; "on", "off", or gpt-oss's effort "low", "medium", "high".
    thinking: str = "auto"
    # Beam search (engine/llm/beam_search.py) with this many beams, for greedy decoding
    # without penalties (a translation); 1: none.
    beams: int = 1
    # Reuse of the KV cache past the common prefix (llama-server's --cache-reuse): where
    # the cache holds an extra block before tokens the prompt needs, at least this many
    # in a row, the block is dropped and the rest shifted into place rather than
    # evaluated again (engine/llm/native_core.py). 0: off. Its states were computed
    # after the dropped block, so the reply may differ slightly: for translations only.
    cache_reuse: int = 0
    # End the reply where it repeats the same words over and over (engine/llm/loops.py),
    # the repeats wider than ``loop_allowance``: for translations, where a loop is never
    # the text (the allowance: twice what the source repeats itself).
    stop_loops: bool = False
    loop_allowance: int = 0
    # Never a token that writes Chinese, Japanese or Korean (engine/llm/east_asian.py):
    # for a translation into a language that writes none of them.
    no_east_asian: bool = False
    # Words never written again (LoadedModel.word_tokens): a translation's retry after it
    # left these words in the source language.
    avoid_words: tuple[str, ...] = ()

    def validate(self) -> SamplingSettings:
        """Return self, or raise a clear error for an impossible setting."""
        if self.temperature < 0:
            raise HearthError(msg("Temperature cannot be negative."))
        if not 0 < self.top_p <= 1:
            raise HearthError(msg("top_p must be in (0, 1]."))
        if self.top_k < 0:
            raise HearthError(msg("top_k cannot be negative."))
        if not 0 <= self.min_p <= 1:
            raise HearthError(msg("min_p must be in [0, 1]."))
        if self.repeat_penalty <= 0:
            raise HearthError(msg("Repeat penalty must be positive."))
        if self.max_tokens < 0:
            raise HearthError(msg("Max tokens cannot be negative (0: up to the context)."))
        if not (-2 <= self.frequency_penalty <= 2 and -2 <= self.presence_penalty <= 2):
            raise HearthError(msg("Frequency and presence penalties must be between -2 and 2."))
        if self.seed is not None and not 0 <= self.seed < 2**32 - 1:
            raise HearthError(msg("Seed must be between 0 and 4294967294."))
        if self.cache_reuse < 0:
            raise HearthError(msg("Cache reuse cannot be negative (0: off)."))
        if not 1 <= self.beams <= MAX_BEAMS:
            raise HearthError(msg("Beams must be between 1 and {most}.", most=MAX_BEAMS))
        if self.thinking not in THINKING_VALUES:
            raise HearthError(
                msg("Thinking must be one of {choices}.", choices=", ".join(THINKING_VALUES))
            )
        return self

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> SamplingSettings:
        """Settings saved by :meth:`as_dict`, checked field by field; unknown keys are
        ignored.

        Raises:
            HearthError: A field has the wrong type or an impossible value (the message
                names it).
        """
        return cls(**checked_sampling_fields(data)).validate()

    @classmethod
    def from_stored(cls, data: Any, where: str = "stored settings") -> SamplingSettings:
        """Like :meth:`from_dict`, but a bad field falls back to its default (logged):
        stored data never stops Hearth from starting or replying."""
        return cls(**sanitized_sampling_fields(data, where)).validate()


def _number(value: Any, low: float, high: float, *, integer: bool, open_low: bool = False) -> Any:
    """``value`` if it is a number (an int where ``integer``) in range, else ValueError
    with the reason. Booleans are not numbers here, nor are NaN and infinities."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(msg("must be a whole number") if integer else msg("must be a number"))
    if integer and not isinstance(value, int):
        raise ValueError(msg("must be a whole number"))
    if not integer and not math.isfinite(value):
        raise ValueError(msg("must be a finite number"))
    if value < low or value > high or (open_low and value == low):
        if open_low:
            raise ValueError(msg("must be above {low:g} and at most {high:g}", low=low, high=high))
        raise ValueError(msg("must be at least {low:g} and at most {high:g}", low=low, high=high))
    return value if integer else float(value)


def _stop_texts(value: Any) -> tuple[str, ...]:
    # A bare string would otherwise become one stop marker per character.
    if not isinstance(value, list | tuple):
        raise ValueError(msg("must be a list of texts"))
    if len(value) > MAX_STOP_TEXTS:
        raise ValueError(msg("must hold at most {count} texts", count=MAX_STOP_TEXTS))
    for item in value:
        if not isinstance(item, str) or not item or len(item) > MAX_STOP_CHARS:
            raise ValueError(
                msg("must hold only texts of 1 to {count} characters", count=MAX_STOP_CHARS)
            )
    return tuple(value)


def _thinking(value: Any) -> str:
    if not isinstance(value, str) or value not in THINKING_VALUES:
        raise ValueError(msg("must be one of {choices}", choices=", ".join(THINKING_VALUES)))
    return value


def _seed(value: Any) -> int | None:
    return None if value is None else int(_number(value, 0, 2**32 - 2, integer=True))


MAX_STOP_TEXTS = 32
MAX_STOP_CHARS = 1000
# One check per field of SamplingSettings: the value to use, or ValueError(why not).
SAMPLING_CHECKS: dict[str, Callable[[Any], Any]] = {
    "temperature": lambda v: _number(v, 0, 100, integer=False),
    "top_p": lambda v: _number(v, 0, 1, integer=False, open_low=True),
    "top_k": lambda v: _number(v, 0, 1_000_000, integer=True),
    "min_p": lambda v: _number(v, 0, 1, integer=False),
    "repeat_penalty": lambda v: _number(v, 0, 100, integer=False, open_low=True),
    "max_tokens": lambda v: _number(v, 0, 1_048_576, integer=True),
    "seed": _seed,
    "frequency_penalty": lambda v: _number(v, -2, 2, integer=False),
    "presence_penalty": lambda v: _number(v, -2, 2, integer=False),
    "stop": _stop_texts,
    "thinking": _thinking,
}


def _short(value: Any) -> str:
    text = (
        repr(value) if isinstance(value, str | int | float | bool | None) else type(value).__name__
    )
    return text if len(text) <= 40 else text[:39] + "…"


def checked_sampling_fields(data: Any) -> dict[str, Any]:
    """The known fields of saved sampling settings, each checked.

    Raises:
        HearthError: Naming the first field with a wrong type or value.
    """
    if not isinstance(data, dict):
        raise HearthError(msg("Sampling settings must be an object of named values."))
    checked: dict[str, Any] = {}
    for name, check in SAMPLING_CHECKS.items():
        if name in data:
            try:
                checked[name] = check(data[name])
            except ValueError as why:
                raise HearthError(
                    msg(
                        "Sampling setting '{name}' {reason} (it is {value}).",
                        name=name,
                        reason=why,
                        value=_short(data[name]),
                    )
                ) from None
    return checked


def sanitized_sampling_fields(data: Any, where: str) -> dict[str, Any]:
    """The known fields of saved sampling settings that pass their check; the others are
    left out (so they take their defaults) and logged."""
    if not isinstance(data, dict):
        if data is not None:
            log.warning("%s: sampling settings are not an object; using the defaults", where)
        return {}
    kept: dict[str, Any] = {}
    for name, check in SAMPLING_CHECKS.items():
        if name in data:
            try:
                kept[name] = check(data[name])
            except ValueError as why:
                log.warning(
                    "%s: sampling setting '%s' %s (it is %s); using the default",
                    where,
                    name,
                    why,
                    _short(data[name]),
                )
    return kept


# Starting points users pick by name; each can then be adjusted.
SAMPLING_PRESETS: dict[str, SamplingSettings] = {
    "Precise": SamplingSettings(temperature=0.2, top_p=0.9, top_k=20, min_p=0.1),
    "Balanced": SamplingSettings(),
    "Creative": SamplingSettings(
        temperature=1.0, top_p=0.98, top_k=100, min_p=0.02, repeat_penalty=1.05
    ),
}
