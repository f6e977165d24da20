"""Take README screenshots of the real app: run under Xvfb (see README, Development).

Usage: python scripts/screenshot.py OUT.png "prompt to send" [--max-tokens N] [--new]
Loads the starter model, sends the prompt, waits for the whole reply, saves the window.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app_window import open_app
from PySide6.QtCore import QTimer

from engine.llm.parameters import SamplingSettings
from engine.models.starter_models import smollm2_path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("prompt")
    parser.add_argument("--max-tokens", type=int, default=200)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--new", action="store_true", help="send in a new conversation")
    args = parser.parse_args()
    opened = open_app()
    app, store, parts = opened.app, opened.store, opened.parts
    window, workspace, controller = parts.window, parts.workspace, parts.controller
    parts.chat.sampling = SamplingSettings(
        temperature=0.2, seed=args.seed, max_tokens=args.max_tokens
    )
    window.resize(960, 720)
    window.show()

    def on_loaded(_info: object) -> None:
        if args.new:
            workspace.new_chat()
        workspace.input.setPlainText(args.prompt)
        workspace.send_button.click()

    def on_finished(*_args: object) -> None:
        if workspace.is_streaming:
            return
        QTimer.singleShot(300, save)

    def save() -> None:
        window.grab().save(args.out)
        app.quit()

    controller.model_loaded.connect(on_loaded)
    parts.chat.reply_ended.connect(on_finished)
    parts.model_menu.load_model(str(smollm2_path()))
    app.exec()
    parts.shutdown()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
