"""Runs the real Hearth window and sends one message, as a user would.

Used by the crash test, which kills this process with SIGKILL mid-reply. Every piece
of the reply is printed as it arrives (a JSON line with the wall-clock time), so the
test knows what the user had seen when the process died.

Usage: HEARTH_HOME=… python tests/e2e/app_driver.py MODEL PROMPT
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from engine.chat.history_store import HistoryStore
from engine.common.paths import AppPaths
from engine.llm.parameters import SamplingSettings
from gui.app import build_app, create_application, history_path
from gui.inference.controller import InferenceController


def main() -> int:
    model, prompt = sys.argv[1], sys.argv[2]
    app = create_application([])
    controller = InferenceController()
    paths = AppPaths.from_environment().ensure()
    store = HistoryStore(history_path(paths))
    parts = build_app(
        controller,
        store,
        paths,
        n_ctx=2048,
        sampling=SamplingSettings(temperature=0.9, seed=1, max_tokens=1500),
    )
    workspace = parts.workspace
    parts.window.show()

    def on_loaded(_info: object) -> None:
        workspace.input.setPlainText(prompt)
        workspace.send_button.click()

    def on_text(_conversation: int, message_id: int, text: str) -> None:
        line = {"t": time.time(), "message_id": message_id, "text": text}
        print(json.dumps(line), flush=True)

    def on_ended(*_args: object) -> None:
        print(json.dumps({"ended": True}), flush=True)
        app.quit()

    controller.model_loaded.connect(on_loaded)
    parts.chat.reply_text_added.connect(on_text)
    parts.chat.reply_ended.connect(on_ended)
    parts.model_menu.load_model(model)
    app.exec()
    parts.shutdown()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
