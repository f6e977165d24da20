"""Hearth's generation core against llama.cpp's own tools, built from the same source
(bench/native_build.py), in one run, interleaved repetition by repetition.

- decode: ``generate_reply`` tokens/s over ``llama-bench`` tg (128 tokens);
- the GUI path: tokens/s delivered to the real window's transcript (offscreen) over
  ``llama-bench`` tg, on the chat model;
- prefill: ``generate_reply`` on a fresh ~500-token prompt (tokens evaluated over the
  time to the first token, template and tokenizer included) over ``llama-bench`` pp512;
- parallel: aggregate tokens/s of 1, 2 and 4 sequences in :class:`SequenceScheduler`
  over ``llama-batched-bench``'s S_TG for the same prompt length, tokens and sequences;
- Stop: seconds from setting the cancel event to ``generate_reply`` returning, while a
  3,000-token prompt is being evaluated.

Same threads, batch size, context and flash-attention setting (off) on both sides.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

from bench.stats import alternate, paired_ratios, summarize
from engine.llm.generation import generate_reply, prepare_prompt
from engine.llm.messages import ChatMessage
from engine.llm.model import LoadedModel, load_model
from engine.llm.parameters import LoadSettings, SamplingSettings
from engine.llm.sequence_scheduler import SequenceScheduler

THREADS = max(1, os.cpu_count() or 2)
N_CTX = 4096
N_BATCH = 512
TG = 128
STORY = "Write a very long, detailed story about a lighthouse keeper during a winter storm."
PASSAGE = (
    "The history of lighthouses is a history of trade, weather and stubborn people. "
    "Keepers trimmed wicks, polished lenses and logged every ship that passed. "
)
GREEDY = SamplingSettings(temperature=0.0, seed=1, max_tokens=TG, repeat_penalty=1.0)


def _llama_bench(
    tool: Path, model: Path, gpu_layers: int = 0, prompt: int = 512
) -> dict[str, float]:
    """One llama-bench run: pp512 (none with ``prompt`` 0) and tg128 tokens/s."""
    command = [str(tool), "-m", str(model), "-p", str(prompt), "-n", str(TG), "-r", "1"]
    command += ["-ngl", str(99 if gpu_layers < 0 else gpu_layers)]
    command += ["-t", str(THREADS), "-b", str(N_BATCH), "-fa", "off", "-o", "json"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=True)
    rates: dict[str, float] = {}
    for entry in json.loads(result.stdout):
        key = "pp" if entry["n_prompt"] and not entry["n_gen"] else "tg"
        rates[key] = float(entry["avg_ts"])
    return rates


def _batched_bench(tool: Path, model: Path, prompt: int, sequences: str) -> dict[int, float]:
    """llama-batched-bench's S_TG (aggregate generated tokens/s) per sequence count."""
    command = [str(tool), "-m", str(model), "-c", str(N_CTX), "-b", str(N_BATCH)]
    command += ["-npp", str(prompt), "-ntg", str(TG), "-npl", sequences]
    command += ["-t", str(THREADS), "-fa", "off", "--output-format", "jsonl"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=True)
    rates: dict[int, float] = {}
    for line in (result.stdout + "\n" + result.stderr).splitlines():
        if line.startswith("{") and '"speed_tg"' in line:
            entry = json.loads(line)
            rates[int(entry["pl"])] = float(entry["speed_tg"])
    return rates


def _app_decode(model: LoadedModel) -> float:
    model.llama.reset()
    return generate_reply(model, [ChatMessage("user", STORY)], GREEDY).stats.decode_tps


def _app_prefill(model: LoadedModel, index: int) -> tuple[float, int]:
    # A different first word each time, so that nothing is reused from the cache.
    model.llama.reset()
    text = f"Note {index * 7919}: " + PASSAGE * 14 + "Summarise this."
    one = SamplingSettings(temperature=0.0, seed=1, max_tokens=1)
    stats = generate_reply(model, [ChatMessage("user", text)], one).stats
    return stats.prefill_tps, stats.prompt_tokens


def bench_single(model_path: Path, tool: Path, reps: int, gpu_layers: int = 0) -> dict[str, Any]:
    """Decode and prefill, engine over llama-bench; ``gpu_layers`` -1 offloads all."""
    settings = LoadSettings(
        n_ctx=N_CTX, n_threads=THREADS, n_batch=N_BATCH, n_gpu_layers=gpu_layers
    )
    model = load_model(model_path, settings)
    try:
        _app_decode(model)  # warm-up, as llama-bench warms up
        app_tg: list[float] = []
        app_pp: list[float] = []
        native_tg: list[float] = []
        native_pp: list[float] = []
        lengths: list[int] = []
        for index, order in enumerate(alternate(reps)):
            for side in order:
                if side == "app":
                    app_tg.append(_app_decode(model))
                    rate, length = _app_prefill(model, index)
                    app_pp.append(rate)
                    lengths.append(length)
                else:
                    rates = _llama_bench(tool, model_path, gpu_layers)
                    native_tg.append(rates["tg"])
                    native_pp.append(rates["pp"])
    finally:
        model.close()
    decode = paired_ratios(app_tg, native_tg)
    prefill = paired_ratios(app_pp, native_pp)
    return {
        "decode_ratio": decode.as_dict(),
        "prefill_ratio": prefill.as_dict(),
        "app_tg": summarize(app_tg).as_dict(),
        "native_tg": summarize(native_tg).as_dict(),
        "app_pp": summarize(app_pp).as_dict(),
        "native_pp": summarize(native_pp).as_dict(),
        "app_prompt_tokens": min(lengths),
        "decode_met": decode.median >= 0.97,
        "prefill_met": prefill.median >= 0.95,
    }


def bench_gui(model_path: Path, tool: Path, reps: int) -> dict[str, Any]:
    """Tokens/s delivered to the transcript of the real window (offscreen), the whole
    GUI path, over ``llama-bench`` tg128, alternating."""
    from bench import app_benches
    from engine.llm.compute_threads import release_compute_threads

    app_benches.THREADS = THREADS  # the same threads on both sides
    # This thread decoded in the sections before: its kept OpenMP workers would slow
    # the window's worker thread down threefold (engine/llm/compute_threads.py).
    release_compute_threads()
    app = app_benches.AppHarness(model_path)
    gui: list[float] = []
    native: list[float] = []
    counts: list[int] = []
    try:
        app.send(STORY, GREEDY)  # warm-up, as llama-bench warms up
        for order in alternate(reps):
            for side in order:
                if side == "app":
                    trace = app.send(STORY, GREEDY)
                    gui.append(trace.decode_tps)
                    counts.append(trace.tokens)
                else:
                    native.append(_llama_bench(tool, model_path, prompt=0)["tg"])
    finally:
        app.close()
    ratio = paired_ratios(gui, native)
    return {
        "ratio": ratio.as_dict(),
        "gui_tps": summarize(gui).as_dict(),
        "native_tg": summarize(native).as_dict(),
        "tokens": min(counts),
        "target": ">= 0.95",
        "met": ratio.median >= 0.95,
    }


def _app_parallel(model: LoadedModel, prompt: list[int], count: int) -> tuple[float, int]:
    """Aggregate generated tokens/s once every sequence has its prompt evaluated."""
    scheduler = SequenceScheduler(model)
    try:
        requests = [scheduler.submit(prompt_tokens=prompt, sampling=GREEDY) for _ in range(count)]
        # Prompts first (one step: they fit one batch), then time generation alone,
        # as llama-batched-bench separates T_PP and T_TG.
        scheduler.step()
        started = time.perf_counter()
        scheduler.run_until_idle()
        elapsed = time.perf_counter() - started
    finally:
        scheduler.close()
    # The first token of each came from the prompt step; the rest are timed.
    generated = sum(max(0, r.reply.stats.completion_tokens - 1) for r in requests if r.reply)
    return generated / elapsed, generated


def bench_parallel(model_path: Path, tool: Path, reps: int) -> dict[str, Any]:
    settings = LoadSettings(
        n_ctx=N_CTX, n_threads=THREADS, n_batch=N_BATCH, n_gpu_layers=0, parallel=4
    )
    model = load_model(model_path, settings)
    counts = (1, 2, 4)
    app: dict[int, list[float]] = {n: [] for n in counts}
    native: dict[int, list[float]] = {n: [] for n in counts}
    tokens: dict[int, list[int]] = {n: [] for n in counts}
    try:
        prompt = list(prepare_prompt(model, [ChatMessage("user", STORY)], TG).tokens)
        _app_parallel(model, prompt, 1)  # warm-up
        for order in alternate(reps):
            for side in order:
                if side == "app":
                    for n in counts:
                        rate, made = _app_parallel(model, prompt, n)
                        app[n].append(rate)
                        tokens[n].append(made)
                else:
                    rates = _batched_bench(tool, model_path, len(prompt), "1,2,4")
                    for n in counts:
                        native[n].append(rates[n])
    finally:
        model.close()
    result: dict[str, Any] = {"prompt_tokens": len(prompt), "tokens_per_sequence": TG}
    for n in counts:
        ratio = paired_ratios(app[n], native[n])
        result[str(n)] = {
            "ratio": ratio.as_dict(),
            "app_tps": summarize(app[n]).as_dict(),
            "native_tps": summarize(native[n]).as_dict(),
            "generated": min(tokens[n]),
        }
    result["met"] = result["4"]["ratio"]["median"] >= 0.9
    return result


def bench_stop_latency(model_path: Path, reps: int, after_s: float = 0.3) -> dict[str, Any]:
    """Stop pressed ``after_s`` into evaluating a ~3,000-token prompt."""
    settings = LoadSettings(n_ctx=N_CTX, n_threads=THREADS, n_batch=N_BATCH, n_gpu_layers=0)
    model = load_model(model_path, settings)
    latencies: list[float] = []
    lengths: list[int] = []
    try:
        for index in range(reps):
            model.llama.reset()
            text = f"Report {index}: " + PASSAGE * 100 + "Which word comes first?"
            messages = [ChatMessage("user", text)]
            lengths.append(len(prepare_prompt(model, messages, 16).tokens))
            cancel = threading.Event()
            pressed: list[float] = []

            def press(event: threading.Event = cancel, at: list[float] = pressed) -> None:
                at.append(time.perf_counter())
                event.set()

            timer = threading.Timer(after_s, press)
            timer.start()
            reply = generate_reply(model, messages, GREEDY, cancel=cancel)
            returned = time.perf_counter()
            timer.join()
            if reply.stats.finish_reason != "cancelled" or reply.stats.completion_tokens:
                raise RuntimeError("the prompt finished before Stop: use a longer one")
            latencies.append(returned - pressed[0])
    finally:
        model.close()
    summary = summarize(latencies)
    return {
        "stop_s": summary.as_dict(),
        "prompt_tokens": min(lengths),
        "target": "<= 0.2 s",
        "met": summary.median <= 0.2,
    }


def bench_native(models: list[Path], tools: dict[str, Path], reps: int) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for index, path in enumerate(models):
        name = path.name
        print(f"  native anchor: {name}…", flush=True)
        results[name] = {
            "single": bench_single(path, tools["llama-bench"], reps),
            "parallel": bench_parallel(path, tools["llama-batched-bench"], reps),
        }
        if index == 0:  # the chat model: also through the window
            results[name]["gui"] = bench_gui(path, tools["llama-bench"], reps)
    results["stop"] = bench_stop_latency(models[0], reps)
    return results
