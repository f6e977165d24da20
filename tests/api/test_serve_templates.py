"""``main.py serve --model`` loads the model as the window does (its saved settings,
chat format included) unless ``--chat-template FILE`` says otherwise."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from engine.common.paths import AppPaths
from engine.models.model_profile import ModelProfile, ModelProfileStore
from tests.local_ports import free_port, wait_until_serving
from tests.reasoning_templates import SUM_QUESTION, THINKING_TEMPLATE

ROOT = Path(__file__).resolve().parents[2]
ASK = {
    "messages": [{"role": "user", "content": SUM_QUESTION}],
    "temperature": 0,
    "seed": 1,
    "max_tokens": 60,
}


@contextmanager
def _serving(home: Path, *args: str) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "main.py", "serve", "--ctx", "1024", "--port", str(port), *args],
        cwd=ROOT,
        env={**os.environ, "HEARTH_HOME": str(home)},
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(process, f"{base}/health")
        yield f"{base}/v1"
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()


def _thought(base: str) -> str:
    message = httpx.post(f"{base}/chat/completions", json=ASK, timeout=120).json()
    return str(message["choices"][0]["message"].get("reasoning_content") or "")


def test_serve_uses_the_saved_chat_format_and_a_template_file(
    smollm2: Path, tmp_path: Path, hearth_home: Path
) -> None:
    with _serving(hearth_home, "--model", str(smollm2)) as base:
        assert _thought(base) == ""  # the model's own template: no thinking
    template = tmp_path / "thinking.jinja"
    template.write_text(THINKING_TEMPLATE, encoding="utf-8")
    with _serving(hearth_home, "--model", str(smollm2), "--chat-template", str(template)) as base:
        assert _thought(base).strip()
    # The format saved in Load settings is the one served, as in the window.
    profiles = ModelProfileStore(AppPaths.from_environment().config_dir)
    profiles.set(smollm2, ModelProfile(template_mode="custom", custom_template=THINKING_TEMPLATE))
    with _serving(hearth_home, "--model", str(smollm2)) as base:
        assert _thought(base).strip()
