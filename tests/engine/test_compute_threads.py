"""A thread that hands the model to another gives llama.cpp's CPU workers back: kept,
they would make the OpenMP runtime stop spinning for the thread that decodes next
(about three times slower on a machine whose cores all decode)."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest

from engine.llm.compute_threads import openmp_runtimes, release_compute_threads
from engine.llm.generation import generate_reply
from engine.llm.messages import ChatMessage
from engine.llm.model import load_model
from engine.llm.parameters import LoadSettings, SamplingSettings


def _threads() -> int:
    return len(os.listdir("/proc/self/task"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="counts /proc/self/task")
def test_the_workers_kept_for_a_thread_end_when_it_releases_them(smollm2: Path) -> None:
    model = load_model(smollm2, LoadSettings(n_ctx=512, n_threads=3, n_batch=64))
    counts: dict[str, int] = {}
    released: list[bool] = []

    def decode_then_release() -> None:
        counts["before"] = _threads()
        sampling = SamplingSettings(temperature=0.0, seed=1, max_tokens=4)
        generate_reply(model, [ChatMessage("user", "Hello")], sampling)
        counts["after decoding"] = _threads()
        released.append(release_compute_threads())
        counts["after releasing"] = _threads()

    try:
        thread = threading.Thread(target=decode_then_release)
        thread.start()
        thread.join(60)
    finally:
        model.close()
    if not openmp_runtimes():
        pytest.skip("this llama.cpp build runs without an OpenMP runtime: nothing is kept")
    assert counts["after decoding"] == counts["before"] + 2, "two workers kept for 3 threads"
    assert released == [True]
    assert counts["after releasing"] == counts["before"]


def test_releasing_on_a_thread_that_never_decoded_is_harmless() -> None:
    done: list[bool] = []
    thread = threading.Thread(target=lambda: done.append(release_compute_threads()))
    thread.start()
    thread.join(10)
    assert len(done) == 1
