"""Benchmarks that need a fresh process each time: start-up and memory."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.stats import paired_ratios, run_alternating, summarize

PROBE = Path(__file__).resolve().parent / "startup_probe.py"
REPO = PROBE.parent.parent


def _probe(*args: str, importtime: bool = False) -> tuple[dict[str, float], str]:
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "HEARTH_HOME": home, "QT_QPA_PLATFORM": "offscreen"}
        command = [sys.executable, *(["-X", "importtime"] if importtime else []), str(PROBE)]
        result = subprocess.run(
            [*command, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=300
        )
    if result.returncode != 0:
        raise RuntimeError(f"probe failed: {result.stderr[-2000:]}")
    values = {}
    for line in result.stdout.splitlines():
        key, _, value = line.partition(" ")
        values[key] = float(value)
    return values, result.stderr


def top_imports(stderr: str, count: int = 6) -> list[dict[str, Any]]:
    """The slowest top-level imports from ``-X importtime`` output (cumulative µs)."""
    rows = []
    for line in stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if match and len(match.group(3)) <= 1:
            rows.append({"module": match.group(4), "cumulative_ms": int(match.group(2)) / 1000})
    return sorted(rows, key=lambda r: r["cumulative_ms"], reverse=True)[:count]


def bench_startup(model: Path, reps: int) -> dict[str, Any]:
    shown = [_probe("app")[0]["shown"] for _ in range(reps)]
    _, importtime = _probe("app", importtime=True)
    app_ready, raw_ready = run_alternating(
        reps,
        lambda: _probe("app", str(model))[0]["ready"],
        lambda: _probe("raw", str(model))[0]["ready"],
    )
    window = summarize(shown)
    ratio = paired_ratios(app_ready, raw_ready)
    return {
        "window_shown_s": window.as_dict(),
        "top_imports": top_imports(importtime),
        "model_ready_ratio": ratio.as_dict(),
        "app_ready_s": summarize(app_ready).as_dict(),
        "raw_ready_s": summarize(raw_ready).as_dict(),
        "target": "window < 1.0 s",
        "met": window.median < 1.0,
    }


def bench_memory(model: Path, reps: int) -> dict[str, Any]:
    app_rss, raw_rss = run_alternating(
        reps,
        lambda: _probe("app", str(model))[0]["rss_mb"],
        lambda: _probe("raw", str(model))[0]["rss_mb"],
    )
    extra = [a - r for a, r in zip(app_rss, raw_rss, strict=True)]
    summary = summarize(extra)
    return {
        "extra_mb": summary.as_dict(),
        "app_mb": summarize(app_rss).as_dict(),
        "raw_mb": summarize(raw_rss).as_dict(),
        "target": "<= raw + 150 MB",
        "met": summary.median <= 150,
    }
