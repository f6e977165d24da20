"""README screenshots of remote engines and the local API server, from the real app.

Usage: python scripts/engines_screenshot.py OUT_DIR
Starts a headless Hearth server with the starter model on 127.0.0.1 (the "remote"
engine), adds it in Settings → Remote engines, chooses its model, sends a message, and
saves: the window chatting with the remote model, the Model menu listing it, the
Remote engines dialog, and the Local API server settings. Run with HEARTH_HOME set to a
scratch folder.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx
from app_window import open_app
from PySide6.QtCore import QPoint, QTimer

from engine.common.paths import AppPaths
from engine.llm.parameters import SamplingSettings
from engine.models.starter_models import smollm2_path
from engine.remote.endpoint import RemoteEndpoint
from engine.remote.engines import EngineStore, RemoteEngine, remote_path
from engine.remote.openai_client import list_models

ROOT = Path(__file__).resolve().parent.parent
ENGINE = "GPU box"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> int:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "main.py", "serve", "--model", str(smollm2_path()), "--port", str(port)],
        cwd=ROOT,
        env={**os.environ, "HEARTH_HOME": tempfile.mkdtemp(prefix="hearth-remote-")},
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/v1"
    try:
        while True:
            try:
                httpx.get(f"{base}/models")
                break
            except httpx.TransportError:
                time.sleep(0.2)
        endpoint = RemoteEndpoint(ENGINE, base)
        engines = EngineStore(AppPaths.from_environment().config_dir)
        models = list_models(endpoint)
        engines.put(RemoteEngine(endpoint, tuple(models)))
        return _shoot(out, remote_path(ENGINE, models[0]))
    finally:
        server.terminate()
        server.wait(10)


def _shoot(out: Path, path: str) -> int:
    from gui.api.api_settings_dialog import ApiSettingsDialog
    from gui.api.engines_dialog import EnginesDialog

    opened = open_app()
    app, parts = opened.app, opened.parts
    window, workspace = parts.window, parts.workspace
    parts.chat.sampling = SamplingSettings(temperature=0.2, seed=5, max_tokens=60)
    window.resize(960, 640)
    window.show()

    def on_loaded(_info: object) -> None:
        workspace.new_chat()
        workspace.input.setPlainText("In one sentence: why run a model on another machine?")
        workspace.send_button.click()

    def on_finished(*_args: object) -> None:
        QTimer.singleShot(300, shoot_window)

    def shoot_window() -> None:
        window.grab().save(str(out / "remote-chat.png"))
        menu = parts.model_menu.menu
        menu.popup(window.mapToGlobal(QPoint(120, 30)))
        QTimer.singleShot(300, shoot_menu)

    def shoot_menu() -> None:
        parts.model_menu.menu.grab().save(str(out / "remote-model-menu.png"))
        parts.model_menu.menu.hide()
        dialog = EnginesDialog(parts.api.engines, window)
        dialog.show()
        dialog.engine_list.setCurrentRow(0)
        dialog.test_result.setText(f"Connected: 1 model(s). {path.rsplit('/', 1)[-1]}")
        QTimer.singleShot(300, lambda: shoot_dialogs(dialog))

    def shoot_dialogs(engines_dialog: EnginesDialog) -> None:
        engines_dialog.grab().save(str(out / "engines.png"))
        engines_dialog.close()
        settings = ApiSettingsDialog(parts.app_settings.load(), window)
        settings.enabled.setChecked(True)
        settings.load_on_request.setChecked(True)
        settings.show()
        QTimer.singleShot(300, lambda: finish(settings))

    def finish(settings: ApiSettingsDialog) -> None:
        settings.grab().save(str(out / "api-settings.png"))
        settings.close()
        app.quit()

    parts.controller.model_loaded.connect(on_loaded)
    parts.chat.reply_ended.connect(on_finished)
    parts.model_menu.load_model(path)
    app.exec()
    parts.shutdown()
    opened.store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
