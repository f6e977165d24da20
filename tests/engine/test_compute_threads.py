"""A thread that hands the model to another gives llama.cpp's CPU workers back: kept,
they would make the OpenMP runtime stop spinning for the thread that decodes next
(about three times slower on a machine whose cores all decode)."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest

from engine.llm.compute_threads import loaded_libgomp, release_compute_threads
from engine.llm.generation import generate_reply
from engine.llm.messages import ChatMessage
from engine.llm.model import load_model
from engine.llm.parameters import LoadSettings, SamplingSettings

GREEDY = SamplingSettings(temperature=0.0, seed=1, max_tokens=6)


def _thread_ids() -> set[str]:
    return set(os.listdir("/proc/self/task"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/task")
def test_the_workers_kept_for_a_thread_end_when_it_releases_them(smollm2: Path) -> None:
    model = load_model(smollm2, LoadSettings(n_ctx=512, n_threads=3, n_batch=64))
    seen: dict[str, set[str]] = {}
    released: list[bool] = []
    texts: list[str] = []

    def decode_release_decode() -> None:
        seen["before"] = _thread_ids()
        texts.append(generate_reply(model, [ChatMessage("user", "Hello")], GREEDY).text)
        seen["after decoding"] = _thread_ids()
        released.append(release_compute_threads())
        seen["after releasing"] = _thread_ids()
        model.llama.reset()
        # The next decode starts new workers and gives the same greedy reply.
        texts.append(generate_reply(model, [ChatMessage("user", "Hello")], GREEDY).text)

    try:
        thread = threading.Thread(target=decode_release_decode)
        thread.start()
        thread.join(60)
    finally:
        model.close()
    assert len(texts) == 2 and texts[0] == texts[1] and texts[0].strip()
    if loaded_libgomp() is None:
        pytest.skip("this llama.cpp build runs without libgomp: no workers are kept")
    kept = seen["after decoding"] - seen["before"]
    assert len(kept) >= 2, "two workers kept for a team of three threads"
    assert released == [True]
    assert len(kept - seen["after releasing"]) == 2, "both workers ended"
