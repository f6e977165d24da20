"""Giving back llama.cpp's CPU worker threads when another thread takes the model over.

llama.cpp's CPU backend (built with OpenMP, as on Linux with GCC) decodes on a team of
``n_threads`` threads: the thread that calls it and ``n_threads - 1`` workers, which the
OpenMP runtime keeps for that thread's next call. libgomp counts every kept worker, and
once they and the busy ones outnumber the CPUs it barely spins between a step's parts
before it sleeps, which makes every step wait on the scheduler. So after one thread has
decoded (the window's worker), another one (the API's decoding thread) decodes about
three times slower on a machine whose cores all decode, for as long as the first thread
lives: 25-26 against 72-76 tokens a second in the window on two cores (SmolLM2).

:func:`release_compute_threads`, called by the thread that hands the model over, lets
its workers go (OpenMP 5's ``omp_pause_resource_all``, which in libgomp ends the calling
thread's workers; a thread that ends does the same by itself). Only libgomp, GCC's
runtime (llama.cpp's on Linux), is asked: LLVM's and Intel's count threads otherwise,
and there a soft pause would put every thread of the process to sleep. Where llama.cpp
has no libgomp loaded (macOS, Windows, another build) there is nothing to release.
"""

from __future__ import annotations

import ctypes
import logging
import os

log = logging.getLogger(__name__)

# GCC's OpenMP runtime, as llama.cpp's CPU backend links it on Linux.
LIBGOMP = "libgomp.so.1"
OMP_PAUSE_SOFT = 1  # omp_pause_soft: in libgomp, the caller's workers end

_libgomp: ctypes.CDLL | None = None


def loaded_libgomp() -> ctypes.CDLL | None:
    """libgomp if it is already in this process (it is never loaded here). Looked up
    again until found: llama.cpp loads it with its first model."""
    global _libgomp
    no_load = getattr(os, "RTLD_NOLOAD", None)
    if _libgomp is not None or no_load is None:  # found before, or not a dlopen platform
        return _libgomp
    try:
        runtime = ctypes.CDLL(LIBGOMP, mode=no_load | os.RTLD_NOW)
    except OSError:
        log.debug("libgomp is not loaded: no CPU workers to give back")
        return None
    if not hasattr(runtime, "omp_pause_resource_all"):  # older than OpenMP 5
        return None
    runtime.omp_pause_resource_all.argtypes = [ctypes.c_int]
    runtime.omp_pause_resource_all.restype = ctypes.c_int
    _libgomp = runtime
    return runtime


def release_compute_threads() -> bool:
    """Let the OpenMP workers kept for the calling thread end. Call it on a thread that
    has decoded and will not for a while (it has handed the model to another); its next
    decode, if any, starts new ones. True where libgomp released them."""
    runtime = loaded_libgomp()
    if runtime is None:
        return False
    # 0: done; a thread inside a parallel region gets an error and keeps them.
    if runtime.omp_pause_resource_all(OMP_PAUSE_SOFT) != 0:
        log.debug("libgomp kept this thread's workers")
        return False
    return True
