"""The boundary with llama-cpp-python: importing it (lazily, routing llama.cpp's log
into ``logging``), the load-time parameters its ``Llama`` has no argument for, and the
few private members of ``Llama`` the engine's own C-API loop needs.

llama-cpp-python has no public handle of the ``llama_context`` or the vocabulary, and
no public way to say that the cached logits are stale; the accessors below are the one
place that reaches into ``Llama`` for them.
"""

from __future__ import annotations

import collections
import contextlib
import ctypes
import logging
import threading
from collections.abc import Callable, Iterator
from importlib import metadata as importlib_metadata
from typing import Any

from engine.common.errors import ModelLoadError
from engine.common.messages import msg
from engine.llm.parameters import GPU_LAYERS_AUTO

llama_log = logging.getLogger("hearth.llama_cpp")

# ggml_log_level (ggml.h): NONE 0, DEBUG 1, INFO 2, WARN 3, ERROR 4; CONT 5 continues
# the previous line at its level.
_GGML_LEVELS = {1: logging.DEBUG, 2: logging.INFO, 3: logging.WARNING, 4: logging.ERROR}
_GGML_CONT = 5
_log_callback: Any = None
_last_level = logging.DEBUG
# Set while a user's Stop aborts a computation: llama.cpp then logs the failed decode
# as errors, which are expected and only noise in the log.
stopping = threading.Event()
# llama.cpp's latest error lines ("failed to allocate … MB"): a failed load quotes them,
# since the exception llama-cpp-python raises only says that the load failed.
_recent_errors: collections.deque[tuple[int, str]] = collections.deque(maxlen=8)
_errors_logged = 0


# llama_decode's return value when the abort callback stopped it.
DECODE_ABORTED = 2
# Token steps slower than this keep llama.cpp's abort callback on (see
# LoadedModel.watch_cancel): Stop must land within ~0.2 s.
WATCH_STEPS_OVER_S = 0.05


def llama_cpp_version() -> str:
    try:
        return importlib_metadata.version("llama-cpp-python")
    except importlib_metadata.PackageNotFoundError:
        return "not installed"


def import_llama_cpp() -> Any:
    """Import llama_cpp and route llama.cpp's own log lines into ``logging``."""
    global _log_callback
    try:
        import llama_cpp
    except ImportError as error:  # pragma: no cover - the install always has it
        raise ModelLoadError(
            msg("llama-cpp-python is not installed: {reason}", reason=error)
        ) from None
    if _log_callback is None:
        # llama_cpp's ctypes callback decorators carry no type hints.
        @llama_cpp.llama_log_callback  # type: ignore[untyped-decorator]
        def _on_log(level: int, text: bytes, _user_data: ctypes.c_void_p) -> None:
            global _last_level, _errors_logged
            if level != _GGML_CONT:
                _last_level = _GGML_LEVELS.get(level, logging.DEBUG)
            message = text.decode("utf-8", errors="replace").rstrip()
            if message:
                quiet = stopping.is_set() and _last_level > logging.INFO
                llama_log.log(logging.INFO if quiet else _last_level, "%s", message)
                if _last_level >= logging.ERROR:
                    _errors_logged += 1
                    _recent_errors.append((_errors_logged, message))

        # Keep a reference: ctypes callbacks are freed with their Python object.
        _log_callback = _on_log
        llama_cpp.llama_log_set(_log_callback, ctypes.c_void_p(0))
    return llama_cpp


def llama_error_mark() -> int:
    """A mark for :func:`llama_errors_since`: how many error lines llama.cpp logged."""
    return _errors_logged


def llama_errors_since(mark: int) -> list[str]:
    """The error lines llama.cpp logged after ``mark`` (the last eight at most)."""
    return [message for number, message in list(_recent_errors) if number > mark]


def context_handle(llama: Any) -> Any:
    """The ``llama_context`` pointer of a ``Llama``, for the C API."""
    return llama._ctx.ctx  # noqa: SLF001 - llama-cpp-python has no public handle


def vocab_handle(llama: Any) -> Any:
    """The ``llama_vocab`` pointer of a ``Llama``, for the C API."""
    return llama._model.vocab  # noqa: SLF001 - llama-cpp-python has no public handle


def logits_stale(llama: Any) -> bool:
    """Whether ``Llama`` must evaluate a token again before it can sample (its cached
    logits are not those of its last token)."""
    return bool(llama._requires_eval)  # noqa: SLF001 - no public accessor


def set_logits_stale(llama: Any, stale: bool) -> None:
    """Tell ``Llama`` whether its cached logits are stale after the engine decoded (or
    dropped) tokens through the C API behind its back."""
    llama._requires_eval = stale  # noqa: SLF001 - no public setter


def shifted_from(llama: Any) -> int | None:
    """The first cache position whose states were computed before a block of the cache
    was dropped and shifted away (:attr:`SamplingSettings.cache_reuse`); None when
    every cell is as a fresh evaluation of the recorded tokens would leave it."""
    return getattr(llama, "_hearth_shifted_from", None)


def set_shifted_from(llama: Any, position: int | None) -> None:
    llama._hearth_shifted_from = position  # noqa: SLF001 - Hearth's own mark on it


def requested_layers(llama_cpp: Any, n_gpu_layers: int) -> int:
    """llama.cpp's n_gpu_layers for ours: Auto without a fit plan means all, if any GPU."""
    if n_gpu_layers == GPU_LAYERS_AUTO:
        return -1 if llama_cpp.llama_supports_gpu_offload() else 0
    return n_gpu_layers


@contextlib.contextmanager
def progress_reporting(
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

    # llama_cpp's ctypes callback decorators carry no type hints.

    # llama_cpp's ctypes callback decorators carry no type hints.
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


@contextlib.contextmanager
def sequences(llama_cpp: Any, parallel: int) -> Iterator[None]:
    """Give the context ``parallel`` sequences (``Llama`` has no argument for it), each
    with its own share of the KV cache (not unified: sequences that share no prefix
    attend only over their own cells, as in llama-server)."""
    if parallel == 1:
        yield
        return
    module = llama_cpp.llama_cpp
    original = module.llama_context_default_params

    def params_with_sequences() -> Any:
        params = original()
        params.n_seq_max = parallel
        params.kv_unified = False
        return params

    module.llama_context_default_params = params_with_sequences
    try:
        yield
    finally:
        module.llama_context_default_params = original
