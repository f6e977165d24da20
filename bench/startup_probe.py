"""Starts Hearth's window the way ``main.py`` does and reports when it is shown.

Prints ``shown <seconds since process start>`` and, with a model, ``ready <seconds>``
and ``rss_mb <resident memory>``. ``raw`` instead loads the model with llama-cpp-python
alone and prints the same two lines for comparison.

Usage: python bench/startup_probe.py app [MODEL] | raw MODEL
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def _since_start() -> float:
    # Process start time from the kernel, so interpreter start-up counts too.
    with open("/proc/self/stat", encoding="ascii") as stat:
        start_ticks = int(stat.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/uptime", encoding="ascii") as uptime:
        up = float(uptime.read().split()[0])
    return up - start_ticks / os.sysconf("SC_CLK_TCK")


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def app(model: str | None) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from engine.chat.history_store import HistoryStore
    from engine.common.paths import AppPaths
    from gui.app import build_app, create_application, dispose_window, history_path
    from gui.inference.controller import InferenceController

    application = create_application([])
    controller = InferenceController()
    paths = AppPaths.from_environment().ensure()
    store = HistoryStore(history_path(paths))
    # The same context as the raw side, rather than the model's trained context.
    parts = build_app(controller, store, paths, n_ctx=4096)
    parts.window.show()
    application.processEvents()
    print(f"shown {_since_start():.4f}", flush=True)
    if model:
        parts.model_menu.load_model(model)
        controller.model_loaded.connect(lambda _info: application.quit())
        controller.model_load_failed.connect(lambda *_a: application.quit())
        application.exec()
        print(f"ready {_since_start():.4f}", flush=True)
        print(f"rss_mb {_rss_mb():.1f}", flush=True)
    try:
        parts.shutdown()
        store.close()
    finally:
        dispose_window(parts.window)  # before the application, as the app does


def raw(model: str) -> None:
    from llama_cpp import Llama

    llm = Llama(model_path=model, n_ctx=4096, verbose=False)
    print(f"ready {_since_start():.4f}", flush=True)
    print(f"rss_mb {_rss_mb():.1f}", flush=True)
    llm.close()


if __name__ == "__main__":
    started = time.perf_counter()
    if sys.argv[1] == "app":
        app(sys.argv[2] if len(sys.argv) > 2 else None)
    else:
        raw(sys.argv[2])
