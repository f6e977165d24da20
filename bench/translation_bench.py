"""Benchmark 9: translating a document offline: source words per second through the
whole pipeline (segmenting, prompts, generation, clean-up, memory), and on a second run
of the same document the share of segments served from the translation memory and how
long it took next to the first run."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from bench.stats import summarize

DOCUMENT = """# A short guide to the harbour

The harbour opens at six in the morning. Fishing boats leave first, before the ferries.

Visitors can buy tickets at the kiosk near the lighthouse. The kiosk closes at noon on Sundays.

- Bring a warm coat: the wind is strong on the pier.
- Dogs are welcome on a lead.
- Photographs are allowed everywhere except in the customs hall.

The ferry to the island takes forty minutes. In bad weather it may be cancelled;
the notice board says so by eight o'clock.

Thank you for visiting, and have a safe trip.
"""


def bench_translation(model_path: Path, reps: int) -> dict[str, Any]:
    from engine.llm.model import load_model
    from engine.llm.parameters import LoadSettings
    from engine.translation.job import TranslationJob, model_generator, run_job
    from engine.translation.memory import TranslationMemory
    from engine.translation.segmenter import parse_text

    model = load_model(model_path, LoadSettings(n_ctx=2048))
    words = len(DOCUMENT.split())
    first_rates, repeat_ratios, shares = [], [], []
    try:
        for _ in range(reps):
            with tempfile.TemporaryDirectory() as folder:
                memory = TranslationMemory(Path(folder) / "tm.db")
                timings = []
                jobs = []
                for _run in range(2):
                    job = TranslationJob(
                        parse_text(DOCUMENT, "markdown"), "en", "fr", memory=memory
                    )
                    started = time.perf_counter()
                    run_job(job, model_generator(model))
                    timings.append(time.perf_counter() - started)
                    jobs.append(job)
                memory.close()
            first_rates.append(words / timings[0])
            repeat_ratios.append(timings[1] / timings[0])
            shares.append(jobs[1].from_memory() / jobs[1].total)
    finally:
        model.close()
    return {
        "words": words,
        "segments": jobs[0].total,
        "words_per_s": summarize(first_rates).as_dict(),
        "repeat_memory_share": summarize(shares).as_dict(),
        "repeat_over_first_time": summarize(repeat_ratios).as_dict(),
    }
