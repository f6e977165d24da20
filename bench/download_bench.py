"""Benchmark 8: a 200 MB download from the local test hub through Hearth's downloader
(huggingface_hub session, Range-capable, sha256 while writing, fsync, atomic install)
over a plain HTTP client (urllib, 1 MB reads, no hashing) on the same server, in
alternating order; and what sha256 verification costs on its own."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from bench.stats import paired_ratios, run_alternating, summarize

SIZE = 200 * 1024 * 1024
TARGET = 0.9


def bench_downloads(reps: int) -> dict[str, Any]:
    """Unthrottled over loopback (CPU-bound: about 1 GB/s), then paced at 50 MB/s, a fast
    real connection."""
    return {
        "loopback": _bench(reps, None),
        "paced_50mb_s": _bench(max(2, reps // 2), 50 * 1024 * 1024),
    }


def _bench(reps: int, rate: float | None) -> dict[str, Any]:
    import huggingface_hub.constants

    from engine.hub.downloads import Downloader
    from engine.hub.hub_config import HubConfig
    from tests.hub_server import HubServer

    huggingface_hub.constants.HF_HUB_OFFLINE = False
    block = hashlib.sha256(b"bench").digest() * (1024 * 1024 // 32)
    data = block * (SIZE // len(block))
    hub = HubServer().start()
    hub.add_repo("bench/big-GGUF", {"big-Q4_0.gguf": data})
    hub.rate_limit = rate
    work = Path(tempfile.mkdtemp(prefix="hearth-bench-dl-"))
    try:
        config = HubConfig(endpoint=hub.endpoint)
        request = Downloader(config, work / "plan").plan("bench/big-GGUF", "big-Q4_0.gguf")
        url = f"{hub.endpoint}/bench/big-GGUF/resolve/{request.commit}/big-Q4_0.gguf"
        counter = [0]

        def app() -> float:
            counter[0] += 1
            folder = work / f"app{counter[0]}"
            started = time.perf_counter()
            path = Downloader(config, folder).download(request)
            elapsed = time.perf_counter() - started
            assert path.stat().st_size == SIZE
            shutil.rmtree(folder)
            return elapsed

        def raw() -> float:
            counter[0] += 1
            target = work / f"raw{counter[0]}.gguf"
            started = time.perf_counter()
            with urllib.request.urlopen(url) as response, target.open("wb") as out:
                while chunk := response.read(1024 * 1024):
                    out.write(chunk)
            elapsed = time.perf_counter() - started
            assert target.stat().st_size == SIZE
            target.unlink()
            return elapsed

        app_times, raw_times = run_alternating(reps, app, raw)
        hash_times = []
        for _ in range(reps):
            started = time.perf_counter()
            hashlib.sha256(data).hexdigest()
            hash_times.append(time.perf_counter() - started)
        throughput = paired_ratios(raw_times, app_times)  # app MB/s over raw MB/s
        hash_share = paired_ratios(hash_times, raw_times)
        return {
            "size_mb": SIZE // 2**20,
            "ratio": throughput.as_dict(),
            "target": f">= {TARGET}",
            "met": throughput.median >= TARGET,
            "app_mb_s": summarize([SIZE / 2**20 / t for t in app_times]).as_dict(),
            "raw_mb_s": summarize([SIZE / 2**20 / t for t in raw_times]).as_dict(),
            "sha256_s": summarize(hash_times).as_dict(),
            "sha256_over_raw_download": hash_share.as_dict(),
            "cpu_count": os.cpu_count(),
        }
    finally:
        hub.stop()
        shutil.rmtree(work, ignore_errors=True)
