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
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

from engine.errors import LoadCancelledError, ModelLoadError
from engine.gguf_metadata import GGUFMetadata, read_gguf_metadata
from engine.settings import GPU_LAYERS_AUTO, KV_CACHE_TYPES, LoadSettings

log = logging.getLogger(__name__)
llama_log = logging.getLogger("hearth.llama_cpp")

# ggml_log_level (ggml.h): NONE 0, DEBUG 1, INFO 2, WARN 3, ERROR 4; CONT 5 continues
# the previous line at its level.
_GGML_LEVELS = {1: logging.DEBUG, 2: logging.INFO, 3: logging.WARNING, 4: logging.ERROR}
_GGML_CONT = 5
_log_callback: Any = None
_last_level = logging.DEBUG


def llama_cpp_version() -> str:
    try:
        return importlib_metadata.version("llama-cpp-python")
    except importlib_metadata.PackageNotFoundError:
        return "not installed"


def _import_llama_cpp() -> Any:
    """Import llama_cpp and route llama.cpp's own log lines into ``logging``."""
    global _log_callback
    try:
        import llama_cpp
    except ImportError as error:  # pragma: no cover - the install always has it
        raise ModelLoadError(f"llama-cpp-python is not installed: {error}") from None
    if _log_callback is None:

        @llama_cpp.llama_log_callback  # type: ignore[untyped-decorator]
        def _on_log(level: int, text: bytes, _user_data: ctypes.c_void_p) -> None:
            global _last_level
            if level != _GGML_CONT:
                _last_level = _GGML_LEVELS.get(level, logging.DEBUG)
            message = text.decode("utf-8", errors="replace").rstrip()
            if message:
                llama_log.log(_last_level, "%s", message)

        # Keep a reference: ctypes callbacks are freed with their Python object.
        _log_callback = _on_log
        llama_cpp.llama_log_set(_log_callback, ctypes.c_void_p(0))
    return llama_cpp


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

    def _token_text(self, token: int) -> str:
        """A special token's text (``<bos>``, ``<|im_end|>``), as templates write it."""
        if token < 0:
            return ""
        llama_cpp = _import_llama_cpp()
        raw = llama_cpp.llama_vocab_get_text(self.llama._model.vocab, token)
        return raw.decode("utf-8", errors="replace") if raw else ""

    @property
    def chat_template(self) -> str | None:
        """The template in use: the one chosen in the load settings, else the file's."""
        return self.settings.chat_template or self.metadata.chat_template

    @property
    def path(self) -> Path:
        return self.metadata.path

    @property
    def name(self) -> str:
        return self.metadata.name

    @property
    def n_ctx(self) -> int:
        return int(self.llama.n_ctx())

    @property
    def closed(self) -> bool:
        return self._closed

    def info(self) -> ModelInfo:
        meta = self.metadata
        return ModelInfo(
            name=meta.name,
            path=str(meta.path),
            architecture=meta.architecture,
            quantization=meta.quantization,
            size_label=meta.size_label,
            n_ctx=self.n_ctx,
            load_seconds=self.load_seconds,
        )

    def tokenize(self, text: str, *, add_bos: bool = False) -> list[int]:
        """Tokens of ``text``, special tokens (template markers) included."""
        tokens: list[int] = self.llama.tokenize(text.encode("utf-8"), add_bos=add_bos, special=True)
        return tokens

    def is_end_of_generation(self, token: int) -> bool:
        llama_cpp = _import_llama_cpp()
        return bool(llama_cpp.llama_vocab_is_eog(self.llama._model.vocab, token))

    def token_bytes(self, token: int) -> bytes:
        piece: bytes = self.llama.detokenize([token])
        return piece

    def close(self) -> None:
        """Free the weights and the context now, not whenever the GC gets to it."""
        if not self._closed:
            self._closed = True
            self.llama.close()
            log.info("Unloaded %s", self.metadata.path)


def _requested_layers(llama_cpp: Any, n_gpu_layers: int) -> int:
    """llama.cpp's n_gpu_layers for ours: Auto without a fit plan means all, if any GPU."""
    if n_gpu_layers == GPU_LAYERS_AUTO:
        return -1 if llama_cpp.llama_supports_gpu_offload() else 0
    return n_gpu_layers


@contextlib.contextmanager
def _progress_reporting(
    llama_cpp: Any, on_progress: Callable[[float], bool] | None
) -> Iterator[list[bool]]:
    """Give llama.cpp a load-progress callback (llama-cpp-python has no argument for
    one, so the default model parameters it starts from are wrapped meanwhile).

    Yields a one-item list that becomes True if the callback stopped the load.
    """
    stopped = [False]
    if on_progress is None:
        yield stopped
        return
    module = llama_cpp.llama_cpp
    original = module.llama_model_default_params

    @llama_cpp.llama_progress_callback  # type: ignore[untyped-decorator]
    def callback(progress: float, _user_data: ctypes.c_void_p) -> bool:
        keep_going = bool(on_progress(float(progress)))
        stopped[0] = stopped[0] or not keep_going
        return keep_going

    def params_with_progress() -> Any:
        params = original()
        params.progress_callback = callback
        return params

    module.llama_model_default_params = params_with_progress
    try:
        yield stopped
    finally:
        module.llama_model_default_params = original


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
    llama_cpp = _import_llama_cpp()
    started = time.perf_counter()
    captured = io.StringIO()
    try:
        # verbose=True keeps llama-cpp-python from redirecting the process's stdout
        # and stderr file descriptors during the load (the GUI thread may be
        # writing); its Python-side chatter is captured here instead.
        with (
            contextlib.redirect_stderr(captured),
            contextlib.redirect_stdout(captured),
            _progress_reporting(llama_cpp, on_progress) as stopped,
        ):
            llama = llama_cpp.Llama(
                model_path=str(metadata.path),
                n_ctx=settings.n_ctx,
                n_gpu_layers=_requested_layers(llama_cpp, settings.n_gpu_layers),
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
            raise LoadCancelledError(f"Loading {metadata.path.name} was cancelled.") from None
        detail = str(error) or type(error).__name__
        raise ModelLoadError(
            f"llama.cpp could not load {metadata.path.name} "
            f"({metadata.architecture}, {metadata.quantization}): {detail}. "
            f"This may be an architecture that llama-cpp-python {llama_cpp_version()} "
            "does not support, or a model too large for the memory available."
        ) from None
    finally:
        for line in captured.getvalue().splitlines():
            llama_log.debug("%s", line)
    llama.verbose = False
    elapsed = time.perf_counter() - started
    log.info("Loaded %s in %.2fs (n_ctx=%d)", metadata.path, elapsed, settings.n_ctx)
    return LoadedModel(llama, metadata, settings, elapsed)
