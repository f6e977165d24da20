"""Load a GGUF model into llama.cpp, and free it again.

A :class:`LoadedModel` is not thread-safe: exactly one thread (the inference worker)
may use it. ``llama_cpp`` is imported here, lazily, so that start-up and the tests
that need no model stay fast.
"""

from __future__ import annotations

import contextlib
import ctypes
import io
import logging
import re
import threading
import time
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.common.errors import HearthError, LoadCancelledError, ModelLoadError
from engine.common.messages import msg
from engine.llm.beam_search import BeamContext
from engine.llm.chat_template import PromptPiece, TemplateLimitError, check_template_limits
from engine.llm.east_asian import east_asian_tokens
from engine.llm.gguf_metadata import GGUFMetadata, read_gguf_metadata
from engine.llm.known_models import friendly_name
from engine.llm.llama_binding import (
    context_handle,
    import_llama_cpp,
    llama_cpp_version,
    llama_error_mark,
    llama_errors_since,
    llama_log,
    progress_reporting,
    requested_layers,
    sequences,
    stopping,
    vocab_handle,
)
from engine.llm.parameters import KV_CACHE_TYPES, LoadSettings
from engine.llm.reasoning import (
    ReasoningFormat,
    ThinkingSwitch,
    reasoning_format_for,
    thinking_switch,
)

__all__ = ["LoadedModel", "ModelInfo", "import_llama_cpp", "llama_cpp_version", "load_model"]

log = logging.getLogger(__name__)

# The beam-search context's size at most (tokens): a translation's prompt and its beams
# fit in far less; a longer request decodes greedily.
BEAM_CONTEXT_MAX = 4096
# A special token (its id and llama_token_attr) or a run of text to tokenize as such.
_Fragment = tuple[int, int] | str
# The tokens of runs of prompt text, kept while one prompt is fitted (prompt_tokens).
TokenCache = dict[str, "array[int]"]

# llama_token_attr (llama.h): the tokens llama.cpp matches as text when it parses
# special tokens, and the ones whose neighbouring whitespace it strips.
_ATTR_UNKNOWN = 1 << 0
_ATTR_CONTROL = 1 << 3
_ATTR_USER_DEFINED = 1 << 4
_ATTR_LSTRIP = 1 << 7
_ATTR_RSTRIP = 1 << 8
_SPECIAL_ATTRS = _ATTR_UNKNOWN | _ATTR_CONTROL | _ATTR_USER_DEFINED
# A run of letters (LoadedModel.word_tokens).
_LETTERS = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class ModelInfo:
    """What a user is shown about a loaded model; a plain value, safe on any thread."""

    name: str
    path: str
    architecture: str
    quantization: str
    size_label: str
    n_ctx: int
    load_seconds: float
    backend: str = "CPU"
    gpu_layers: int = 0
    total_layers: int = 0
    placement: str = ""
    placement_fell_back: bool = False
    # How the model's thinking is switched (engine/llm/reasoning.py ThinkingSwitch).
    thinking_switch: str = "none"


class LoadedModel:
    """A model in memory, with the settings it was loaded with."""

    def __init__(
        self,
        llama: Any,
        metadata: GGUFMetadata,
        settings: LoadSettings,
        load_seconds: float,
    ) -> None:
        self.llama = llama
        self.metadata = metadata
        self.settings = settings
        self.load_seconds = load_seconds
        self._closed = False
        self.bos_token = self._token_text(llama.token_bos())
        self.eos_token = self._token_text(llama.token_eos())
        self._piece_buffer = ctypes.create_string_buffer(64)
        self._east_asian: tuple[int, ...] | None = None
        # The template's own text recurs in every prompt: its special tokens are
        # looked up once. Message text is tokenized per prompt (see prompt_tokens).
        self._template_fragments: OrderedDict[str, tuple[_Fragment, ...]] = OrderedDict()
        self._cancel: threading.Event | None = None
        llama_cpp = import_llama_cpp()

        def should_abort(_data: ctypes.c_void_p) -> bool:
            # Runs on llama.cpp's compute thread between graph nodes: it must not raise.
            cancel = self._cancel
            if cancel is not None and cancel.is_set():
                stopping.set()
                return True
            return False

        # Keep a reference: ctypes callbacks are freed with their Python object.
        self._abort_callback = llama_cpp.ggml_abort_callback(should_abort)
        self._no_abort_callback = llama_cpp.ggml_abort_callback()  # a NULL pointer
        self._watching = False
        # Made on the first reply that asks for beams (engine/llm/beam_search.py);
        # False: llama.cpp could not make it, so replies decode greedily.
        self._beams: BeamContext | bool | None = None

    def _token_text(self, token: int) -> str:
        """A special token's text (``<bos>``, ``<|im_end|>``), as templates write it."""
        if token < 0:
            return ""
        llama_cpp = import_llama_cpp()
        raw = llama_cpp.llama_vocab_get_text(vocab_handle(self.llama), token)
        return raw.decode("utf-8", errors="replace") if raw else ""

    @property
    def chat_template(self) -> str | None:
        """The template in use: the one chosen in the load settings, else the file's."""
        return self.settings.chat_template or self.metadata.chat_template

    @property
    def reasoning_format(self) -> ReasoningFormat:
        """How this model marks its reasoning (load settings' tags, else its template)."""
        return reasoning_format_for(self.chat_template, self.settings.reasoning_tags)

    @property
    def thinking_switch(self) -> ThinkingSwitch:
        """How this model's thinking is turned on or off (its template's switch)."""
        return thinking_switch(self.chat_template, self.settings.reasoning_tags)

    @property
    def path(self) -> Path:
        return self.metadata.path

    @property
    def name(self) -> str:
        """The name users know (see engine.llm.known_models), else the file's own."""
        return friendly_name(self.metadata.path) or self.metadata.name

    @property
    def n_ctx(self) -> int:
        """The context of one sequence: all of it, or a slot's share with ``parallel``."""
        llama_cpp = import_llama_cpp()
        return int(llama_cpp.llama_n_ctx_seq(context_handle(self.llama)))

    @property
    def n_vocab(self) -> int:
        return int(self.llama.n_vocab())

    @property
    def n_sequences(self) -> int:
        """How many sequences the context holds at once (``LoadSettings.parallel``)."""
        llama_cpp = import_llama_cpp()
        return int(llama_cpp.llama_n_seq_max(context_handle(self.llama)))

    @property
    def closed(self) -> bool:
        return self._closed

    def info(self) -> ModelInfo:
        meta = self.metadata
        return ModelInfo(
            name=self.name,
            path=str(meta.path),
            architecture=meta.architecture,
            quantization=meta.quantization,
            size_label=meta.size_label,
            n_ctx=self.n_ctx,
            load_seconds=self.load_seconds,
            thinking_switch=str(self.thinking_switch),
        )

    def tokenize(self, text: str, *, add_bos: bool = False, special: bool = False) -> list[int]:
        """Tokens of ``text``; ``special`` turns marker texts (``<|im_end|>``) into
        control tokens, which only the chat template's own text may do."""
        tokens: list[int] = self.llama.tokenize(
            text.encode("utf-8"), add_bos=add_bos, special=special
        )
        return tokens

    @property
    def adds_bos(self) -> bool:
        """Whether a prompt starts with BOS without the template writing it."""
        return bool(self.metadata.values.get("tokenizer.ggml.add_bos_token", False))

    def prompt_tokens(
        self, pieces: Sequence[PromptPiece], cache: TokenCache | None = None
    ) -> list[int]:
        """The prompt's tokens: only the template's text may hold control tokens.

        Equal to tokenizing the whole rendered prompt with special tokens parsed when
        no message contains a marker's text: the special tokens are found the way
        llama.cpp finds them, and each run of text between two of them is tokenized in
        one go, message text and template text together. ``cache`` keeps the tokens of
        each run of text, so that fitting a conversation, which renders several cuts of
        it, tokenizes each message once.
        """
        tokens: list[int] = []
        for fragment in self._fragments(pieces):
            if isinstance(fragment, str):
                tokens.extend(self._run_tokens(fragment, cache))
            else:
                tokens.append(fragment[0])
        return tokens

    def count_prompt_tokens(self, pieces: Sequence[PromptPiece], cache: TokenCache) -> int:
        """``len(prompt_tokens(pieces, cache))``, without building the list."""
        return sum(
            len(self._run_tokens(fragment, cache)) if isinstance(fragment, str) else 1
            for fragment in self._fragments(pieces)
        )

    def _run_tokens(self, text: str, cache: TokenCache | None) -> Sequence[int]:
        known = cache.get(text) if cache is not None else None
        if known is None:
            tokens = self.tokenize(text)
            if cache is None:
                return tokens
            # Four bytes a token, where a list of Python ints takes about 36.
            known = cache[text] = array("i", tokens)
        return known

    def _fragments(self, pieces: Sequence[PromptPiece]) -> list[_Fragment]:
        """Special tokens (id, attributes) and the runs of text between them."""
        fragments: list[_Fragment] = []
        if self.adds_bos:
            fragments.append((int(self.llama.token_bos()), 0))
        for piece in pieces:
            parts = self._template_parts(piece.text) if piece.from_template else (piece.text,)
            for part in parts:
                if isinstance(part, str) and fragments and isinstance(fragments[-1], str):
                    fragments[-1] += part
                else:
                    fragments.append(part)
        # A special token that strips whitespace does so in the text beside it, as
        # llama.cpp does when it tokenizes a whole prompt.
        for i, fragment in enumerate(fragments):
            if isinstance(fragment, str):
                continue
            if fragment[1] & _ATTR_LSTRIP and i > 0 and isinstance(fragments[i - 1], str):
                fragments[i - 1] = str(fragments[i - 1]).rstrip()
            if fragment[1] & _ATTR_RSTRIP and i + 1 < len(fragments):
                after = fragments[i + 1]
                if isinstance(after, str):
                    fragments[i + 1] = after.lstrip()
        fragments = [f for f in fragments if f != ""]
        # Templates that write {{ bos_token }} themselves would otherwise get two.
        if (
            self.adds_bos
            and len(fragments) >= 2
            and not isinstance(fragments[1], str)
            and fragments[1][0] == fragments[0][0]
        ):
            del fragments[0]
        return fragments

    def _template_parts(self, text: str) -> tuple[_Fragment, ...]:
        """``text`` split into its special tokens and the text between them."""
        cached = self._template_fragments.get(text)
        if cached is not None:
            self._template_fragments.move_to_end(text)
            return cached
        llama_cpp = import_llama_cpp()
        vocab = vocab_handle(self.llama)
        specials: dict[int, tuple[str, int]] = {}
        for token in self.tokenize(text, special=True):
            attr = int(llama_cpp.llama_vocab_get_attr(vocab, token))
            if attr & _SPECIAL_ATTRS and token not in specials:
                raw = llama_cpp.llama_vocab_get_text(vocab, token)
                specials[token] = (raw.decode("utf-8", errors="replace") if raw else "", attr)
        parts: list[_Fragment] = [text]
        # Longest first, each everywhere in the text still unmatched: llama.cpp's order.
        for token, (marker, attr) in sorted(specials.items(), key=lambda s: -len(s[1][0])):
            if not marker:
                continue
            split: list[_Fragment] = []
            for part in parts:
                if not isinstance(part, str):
                    split.append(part)
                    continue
                pieces = part.split(marker)
                for i, between in enumerate(pieces):
                    if i:
                        split.append((token, attr))
                    if between:
                        split.append(between)
            parts = split
        result = tuple(parts)
        self._template_fragments[text] = result
        while len(self._template_fragments) > 256:
            self._template_fragments.popitem(last=False)
        return result

    def is_end_of_generation(self, token: int) -> bool:
        llama_cpp = import_llama_cpp()
        return bool(llama_cpp.llama_vocab_is_eog(vocab_handle(self.llama), token))

    def token_bytes(self, token: int, *, special: bool = False) -> bytes:
        """The bytes of one token's text, however long (llama-cpp-python's own
        ``detokenize`` uses 32 bytes and returns nothing for longer pieces).

        ``special``: a control token is written out (``<|channel|>``) instead of
        rendering as nothing."""
        llama_cpp = import_llama_cpp()
        vocab = vocab_handle(self.llama)
        buffer = self._piece_buffer
        size = int(llama_cpp.llama_token_to_piece(vocab, token, buffer, len(buffer), 0, special))
        if size < 0:
            # Too small: llama.cpp returns minus the size it needs.
            buffer = self._piece_buffer = ctypes.create_string_buffer(-size)
            size = int(
                llama_cpp.llama_token_to_piece(vocab, token, buffer, len(buffer), 0, special)
            )
        return buffer.raw[: max(size, 0)]

    def east_asian_tokens(self) -> tuple[int, ...]:
        """The tokens that write Chinese, Japanese or Korean (engine/llm/east_asian.py),
        listed on first use (a pass over the vocabulary: about a second for 150,000
        tokens)."""
        if self._east_asian is None:
            self._east_asian = east_asian_tokens(self.n_vocab, self.token_bytes)
        return self._east_asian

    def word_tokens(self, words: Sequence[str]) -> tuple[int, ...]:
        """The tokens that each write one of ``words`` whole (SamplingSettings.avoid_words):
        each word of three letters or more, as given, in lower case and capitalised,
        after a space or not, where the vocabulary has it as one token. A word written
        in several tokens is not ruled out: its first token may begin a word of the
        target language ("pl" of "plumber" is "plombier"'s too)."""
        found: dict[int, None] = {}
        for word in words:
            for letters in _LETTERS.findall(word):
                if len(letters) < 3:
                    continue
                for form in {letters, letters.lower(), letters.capitalize()}:
                    for text in (form, " " + form):
                        tokens = self.tokenize(text)
                        if len(tokens) == 1:
                            found[tokens[0]] = None
        return tuple(found)

    @contextlib.contextmanager
    def cancellable(self, cancel: threading.Event | None) -> Iterator[None]:
        """While inside, setting ``cancel`` stops llama.cpp's computation in progress
        (a long prompt, not only between tokens): ``llama_decode`` then fails, and
        ``Llama.eval`` raises ``RuntimeError``. See :meth:`watch_cancel`."""
        self._cancel = cancel
        self.watch_cancel(cancel is not None)
        try:
            yield
        finally:
            self._cancel = None
            self.watch_cancel(False)
            stopping.clear()

    def watch_cancel(self, on: bool) -> None:
        """Have llama.cpp ask the cancel event between the nodes of its compute graph.

        That call back into Python costs per node (measured: ~18% of SmolLM2-135M's
        decode speed on a CPU), nothing next to a prompt of hundreds of tokens per
        graph, but too much for fast single-token steps: the generation loop turns it
        off while tokens come quickly, as cancel is checked between tokens anyway.
        """
        on = on and self._cancel is not None
        if on == self._watching or self._closed:
            return
        self._watching = on
        llama_cpp = import_llama_cpp()
        callback = self._abort_callback if on else self._no_abort_callback
        llama_cpp.llama_set_abort_callback(context_handle(self.llama), callback, ctypes.c_void_p(0))

    def beam_context(self, beams: int) -> BeamContext | None:
        """The context for beam search with ``beams`` beams, made on first use (as large
        as the model's, up to :data:`BEAM_CONTEXT_MAX`); None where llama.cpp cannot
        make one (greedy decoding then). Use on the model's thread."""
        context = self._beams
        if isinstance(context, BeamContext) and context.beams == beams:
            return context
        if context is False or self._closed:
            return None
        if isinstance(context, BeamContext):
            context.close()
        try:
            made = BeamContext(
                self.llama, beams, min(self.n_ctx, BEAM_CONTEXT_MAX), self._abort_callback
            )
        except HearthError as why:
            log.warning("No beam search for %s: %s", self.metadata.path.name, why)
            self._beams = False
            return None
        self._beams = made
        return made

    def close(self) -> None:
        """Free the weights and the context now, not whenever the GC gets to it."""
        if not self._closed:
            self._closed = True
            self._cancel = None
            if isinstance(self._beams, BeamContext):
                self._beams.close()
            self._beams = None
            self.llama.close()
            log.info("Unloaded %s", self.metadata.path)


def load_model(
    path: str | Path,
    settings: LoadSettings | None = None,
    *,
    metadata: GGUFMetadata | None = None,
    on_progress: Callable[[float], bool] | None = None,
) -> LoadedModel:
    """Validate the file, then load it with llama.cpp.

    ``metadata``: the file's header, when the caller has just read it (saves a read).
    ``on_progress``: called with 0.0…1.0 as the weights load; returning False stops
    the load (raises :class:`LoadCancelledError`).

    Raises:
        InvalidModelFileError: The file is missing or not a valid GGUF (checked before
            llama.cpp sees it).
        ModelLoadError: llama.cpp could not load it (unknown architecture, not enough
            memory, …); the message names the llama-cpp-python version.
    """
    settings = (settings or LoadSettings()).validate()
    if metadata is None or metadata.path != Path(path):
        # The vocabulary's texts are not kept: llama.cpp has them once loaded.
        metadata = read_gguf_metadata(path, read_tokens=False)
    try:
        # A hostile template is refused before the weights are read.
        check_template_limits(settings.chat_template or metadata.chat_template)
    except TemplateLimitError as error:
        raise ModelLoadError(
            msg("{name} cannot be used: {reason}", name=metadata.path.name, reason=error)
        ) from None
    llama_cpp = import_llama_cpp()
    started = time.perf_counter()
    captured = io.StringIO()
    error_mark = llama_error_mark()
    try:
        # verbose=True keeps llama-cpp-python from redirecting the process's stdout
        # and stderr file descriptors during the load (the GUI thread may be
        # writing); its Python-side chatter is captured here instead.
        with (
            contextlib.redirect_stderr(captured),
            contextlib.redirect_stdout(captured),
            progress_reporting(llama_cpp, on_progress) as stopped,
            sequences(llama_cpp, settings.parallel),
        ):
            llama = llama_cpp.Llama(
                model_path=str(metadata.path),
                n_ctx=settings.n_ctx,
                n_gpu_layers=requested_layers(llama_cpp, settings.n_gpu_layers),
                n_threads=settings.resolved_threads(),
                n_threads_batch=settings.resolved_threads(),
                n_batch=settings.n_batch,
                seed=settings.seed,
                flash_attn=settings.flash_attention,
                type_k=KV_CACHE_TYPES[settings.kv_cache_type],
                type_v=KV_CACHE_TYPES[settings.kv_cache_type],
                use_mmap=settings.use_mmap,
                use_mlock=settings.use_mlock,
                verbose=True,
            )
    except (ValueError, RuntimeError, OSError) as error:
        if stopped[0]:
            raise LoadCancelledError(
                msg("Loading {name} was cancelled.", name=metadata.path.name)
            ) from None
        detail = str(error) or type(error).__name__
        said = llama_errors_since(error_mark)
        if said:
            # llama.cpp's own words ("failed to allocate … MB") name the real cause.
            reason = "; ".join(dict.fromkeys(line.strip() for line in said[-3:]))
            raise ModelLoadError(
                msg(
                    "llama.cpp could not load {name} ({architecture}, {quantization}, "
                    "context {context:,} tokens): {reason} ({detail})",
                    name=metadata.path.name,
                    architecture=metadata.architecture,
                    quantization=metadata.quantization,
                    context=settings.n_ctx,
                    reason=reason,
                    detail=detail,
                )
            ) from None
        raise ModelLoadError(
            msg(
                "llama.cpp could not load {name} ({architecture}, {quantization}): "
                "{detail}. This may be an architecture that llama-cpp-python {version} "
                "does not support, or a model too large for the memory available.",
                name=metadata.path.name,
                architecture=metadata.architecture,
                quantization=metadata.quantization,
                detail=detail,
                version=llama_cpp_version(),
            )
        ) from None
    finally:
        for line in captured.getvalue().splitlines():
            llama_log.debug("%s", line)
    llama.verbose = False
    elapsed = time.perf_counter() - started
    log.info(
        "Loaded %s in %.2fs (n_ctx=%d, %d sequences)",
        metadata.path,
        elapsed,
        settings.n_ctx,
        settings.parallel,
    )
    return LoadedModel(llama, metadata, settings, elapsed)
