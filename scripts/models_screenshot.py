"""Screenshot of the Models window for the README (run under Xvfb).

Usage: python scripts/models_screenshot.py OUT.png [--tab N] [--welcome OUT2.png]
Serves a few repositories from a local test hub so the Search tab and a download in
progress show real data without the network.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from tests.hub_server import HubServer


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--tab", type=int, default=1)
    parser.add_argument("--welcome", action="store_true", help="the main window with no model")
    args = parser.parse_args()
    hub = HubServer().start()
    os.environ["HF_ENDPOINT"] = hub.endpoint
    os.environ.pop("HF_HUB_OFFLINE", None)
    from engine.models.starter_models import smollm2_path

    data = (smollm2_path() or Path()).read_bytes()
    hub.add_repo(
        "bartowski/Qwen2.5-7B-Instruct-GGUF",
        {"Qwen2.5-7B-Instruct-Q4_K_M.gguf": data * 3},
        downloads=120_000,
        likes=410,
    )
    names = [
        "qwen2.5-7b-instruct-q4_k_m-00001-of-00002.gguf",
        "qwen2.5-7b-instruct-q4_k_m-00002-of-00002.gguf",
        "qwen2.5-7b-instruct-q8_0-00001-of-00003.gguf",
        "qwen2.5-7b-instruct-q8_0-00002-of-00003.gguf",
        "qwen2.5-7b-instruct-q8_0-00003-of-00003.gguf",
        "qwen2.5-7b-instruct-q2_k.gguf",
    ]
    # Distinct bytes per file, so each shows its own sha256.
    files = {name: data + bytes([i]) for i, name in enumerate(names)}
    hub.add_repo("Qwen/Qwen2.5-7B-Instruct-GGUF", files, downloads=98_000, likes=520)
    hub.add_repo(
        "lmstudio-community/Qwen2.5-7B-Instruct-GGUF",
        {"Qwen2.5-7B-Instruct-Q4_K_M.gguf": data},
        downloads=45_000,
        likes=60,
    )
    from engine.models.catalog import load_catalog, recommended_entry

    entry = recommended_entry(load_catalog())
    assert entry is not None
    hub.add_repo(entry.repo, {entry.file: data * 10})
    hub.faults.stall_after_bytes = len(data) // 3
    hub.faults.stall_seconds = 600

    from app_window import open_app  # after HF_ENDPOINT points at the local hub

    opened = open_app()
    app, parts = opened.app, opened.parts
    window = parts.window
    window.show()
    models = parts.models
    if args.welcome:
        # As on a machine without the bundled starter model.
        models.library.include_starters = False
        models.update_welcome()
        QTimer.singleShot(300, models.download_recommended)
        subject: QWidget = window
        delay = 3000
    else:
        subject = manager = models.open_window()
        manager.move(40, 40)
        manager.tabs.setCurrentIndex(args.tab)
        if args.tab == 2:
            manager.search_tab.search_edit.setText("qwen2.5-7b")
            manager.search_tab.search()
            QTimer.singleShot(1500, lambda: manager.search_tab.repo_table.selectRow(1))
        manager.download("bartowski/Qwen2.5-7B-Instruct-GGUF", "Qwen2.5-7B-Instruct-Q4_K_M.gguf")
        delay = 4000

    def shoot() -> None:
        subject.grab().save(args.out)
        parts.shutdown()
        app.quit()

    QTimer.singleShot(delay, shoot)
    app.exec()
    hub.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
