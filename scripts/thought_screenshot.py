"""Screenshots of a reasoning model's reply for the README: its thought collapsed, then
expanded.

Usage: python scripts/thought_screenshot.py OUT_DIR
Loads the starter model under a chat template that opens a <think> block (so it thinks
before it answers, as Qwen3 or DeepSeek-R1 do), asks "What is 3+3?", and saves
OUT_DIR/thought-collapsed.png and OUT_DIR/thought-expanded.png. It runs offscreen
unless QT_QPA_PLATFORM says otherwise, in a throwaway HEARTH_HOME (the template is set
in the starter model's load settings, which must not stay in the user's own).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out_dir", type=Path)
    args = parser.parse_args()
    out: Path = args.out_dir
    out.mkdir(parents=True, exist_ok=True)
    home = tempfile.TemporaryDirectory(prefix="hearth-thought-")
    os.environ["HEARTH_HOME"] = home.name

    from app_window import open_app
    from PySide6.QtCore import QTimer

    from engine.llm.parameters import SamplingSettings
    from engine.models.starter_models import smollm2_path
    from tests.reasoning_templates import SUM_QUESTION, THINKING_TEMPLATE

    starter = smollm2_path()
    if starter is None:
        print("The starter model is not installed.", file=sys.stderr)
        return 1
    opened = open_app()
    app, store, parts = opened.app, opened.store, opened.parts
    window, workspace, controller = parts.window, parts.workspace, parts.controller
    parts.chat.sampling = SamplingSettings(temperature=0, seed=1, max_tokens=64)
    profiles = parts.model_menu.profiles
    profiles.set(
        starter,
        replace(profiles.get(starter), template_mode="custom", custom_template=THINKING_TEMPLATE),
    )
    window.resize(960, 640)
    window.show()
    saved: list[Path] = []

    def on_loaded(_info: object) -> None:
        workspace.input.setPlainText(SUM_QUESTION)
        workspace.send_button.click()

    def on_finished(*_args: object) -> None:
        if not workspace.is_streaming:
            QTimer.singleShot(400, save_collapsed)

    def save_collapsed() -> None:
        path = out / "thought-collapsed.png"
        window.grab().save(str(path))
        saved.append(path)
        workspace.transcript.message_widget(1).thought.toggle.click()
        QTimer.singleShot(400, save_expanded)

    def save_expanded() -> None:
        path = out / "thought-expanded.png"
        window.grab().save(str(path))
        saved.append(path)
        app.quit()

    controller.model_loaded.connect(on_loaded)
    parts.chat.reply_ended.connect(on_finished)
    parts.model_menu.load_model(str(starter))
    app.exec()
    parts.shutdown()
    store.close()
    home.cleanup()
    for path in saved:
        print(path)
    return 0 if len(saved) == 2 else 1


if __name__ == "__main__":
    sys.exit(main())
