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
_RUNTIMES = ("libgomp.so.1",)
OMP_PAUSE_SOFT = 1  # omp_pause_soft: in libgomp, the caller's workers end


_found: tuple[ctypes.CDLL, ...] = ()


def openmp_runtimes() -> tuple[ctypes.CDLL, ...]:
    """The OpenMP runtimes already in this process (none is loaded here). Looked up
    again until one is found: llama.cpp loads its runtime with its first model."""
    global _found
    no_load = getattr(os, "RTLD_NOLOAD", None)
    if _found or no_load is None:  # found before, or not a dlopen platform
        return _found
    found = []
    for name in _RUNTIMES:
        try:
            runtime = ctypes.CDLL(name, mode=no_load | os.RTLD_NOW)
        except OSError:
            continue  # not loaded
        if hasattr(runtime, "omp_pause_resource_all"):
            runtime.omp_pause_resource_all.argtypes = [ctypes.c_int]
            runtime.omp_pause_resource_all.restype = ctypes.c_int
            found.append(runtime)
    if not found:
        log.debug("No OpenMP runtime is loaded: no CPU workers to give back")
    _found = tuple(found)
    return _found


def release_compute_threads() -> bool:
    """Let the OpenMP workers kept for the calling thread end. Call it on a thread that
    has decoded and will not for a while (it has handed the model to another); its next
    decode, if any, starts new ones. True where a runtime released them."""
    released = False
    for runtime in openmp_runtimes():
        # 0: done; a thread inside a parallel region gets an error and keeps them.
        if runtime.omp_pause_resource_all(OMP_PAUSE_SOFT) == 0:
            released = True
        else:
            log.debug("The OpenMP runtime kept this thread's workers")
    return released
