"""``main.py serve`` as a user runs it: refuses an open bind without a key, serves, and
Ctrl+C ends a stream in progress with an error event and exits."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx

from tests.api.test_serve_templates import _serving
from tests.local_ports import free_port, wait_until_serving

ROOT = Path(__file__).resolve().parents[2]


def test_binding_beyond_this_computer_needs_a_key(smollm2: Path, tmp_path: Path) -> None:
    env = {**os.environ, "HEARTH_HOME": str(tmp_path)}
    env.pop("HEARTH_API_KEY", None)
    done = subprocess.run(
        [sys.executable, "main.py", "serve", "--model", str(smollm2), "--host", "0.0.0.0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "--api-key" in done.stderr and "other computers" in done.stderr


def test_ctrl_c_ends_a_stream_with_an_error_and_exits(smollm2: Path, tmp_path: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "main.py", "serve", "--model", str(smollm2), "--port", str(port)],
        cwd=ROOT,
        env={**os.environ, "HEARTH_HOME": str(tmp_path)},
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until_serving(process, f"http://127.0.0.1:{port}/health")
        body = {
            "prompt": "1, 2, 3, 4, 5, 6, 7, 8, 9, 10,",
            "temperature": 0,
            "max_tokens": 2000,
            "stream": True,
        }
        events: list[str] = []
        signalled = False
        with httpx.stream(
            "POST", f"http://127.0.0.1:{port}/v1/completions", json=body, timeout=30
        ) as stream:
            for line in stream.iter_lines():
                if line.startswith("data: "):
                    events.append(line[len("data: ") :])
                # One Ctrl+C: a second (once per line read, the blank ones between
                # events included) is uvicorn's force-exit, which drops open streams.
                if len(events) == 5 and not signalled:
                    process.send_signal(signal.SIGINT)
                    signalled = True
        assert process.wait(15) == 0
        log = process.stderr.read() if process.stderr else ""
    finally:
        if process.poll() is None:
            process.kill()
        if process.stderr:
            process.stderr.close()
    last = json.loads(events[-1])
    assert last["error"]["message"] == "The server is shutting down."
    assert "[DONE]" not in events
    assert "Serving SmolLM2" in log and "Stopped." in log


def test_serve_starter_serves_the_bundled_model(tmp_path: Path) -> None:
    with _serving(tmp_path, "--starter") as base:
        models = httpx.get(f"{base}/models", timeout=10).json()
    assert [m["id"] for m in models["data"]] == ["SmolLM2-135M-Instruct.Q4_1"]
    both = subprocess.run(
        [sys.executable, "main.py", "serve", "--starter", "--model", "x.gguf"],
        cwd=ROOT,
        env={**os.environ, "HEARTH_HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert both.returncode == 1 and "--starter replaces --model" in both.stderr
