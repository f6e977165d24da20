"""``hearth models …`` against the local test hub, including a download killed with
SIGKILL and resumed from the bytes on disk."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.hub_server import HubServer

REPO = Path(__file__).resolve().parents[2]
SIZE = 6 * 1024 * 1024


def _hearth(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
    )


def _payload() -> bytes:
    return (hashlib.sha256(b"cli").digest() * (SIZE // 32 + 1))[:SIZE]


def test_search_files_download_list_remove(hub: HubServer, hearth_home: Path) -> None:
    data = _payload()
    hub.add_repo("acme/tiny-GGUF", {"tiny-Q4_0.gguf": data}, downloads=7)
    found = _hearth("models", "search", "tiny")
    assert found.returncode == 0, found.stderr
    assert "acme/tiny-GGUF" in found.stdout and "7 downloads" in found.stdout
    files = _hearth("models", "files", "acme/tiny-GGUF")
    assert "tiny-Q4_0.gguf" in files.stdout and "Q4_0" in files.stdout and "Fits" in files.stdout
    assert f"sha256 {hashlib.sha256(data).hexdigest()[:12]}" in files.stdout

    got = _hearth("models", "download", "acme/tiny-GGUF", "tiny-Q4_0.gguf")
    assert got.returncode == 0, got.stderr
    path = Path(got.stdout.strip().splitlines()[-1])
    assert path.read_bytes() == data
    assert "100.0%" in got.stderr
    listed = _hearth("models", "list")
    assert str(path) in listed.stdout

    refused = _hearth("models", "remove", "tiny-Q4_0.gguf", stdin="n\n")
    assert refused.returncode == 1 and path.exists()
    removed = _hearth("models", "remove", "tiny-Q4_0.gguf", "--yes")
    assert removed.returncode == 0, removed.stderr
    assert "6.0 MB freed" in removed.stdout and not path.exists()


def test_errors_are_one_line(hub: HubServer) -> None:
    missing = _hearth("models", "download", "acme/none", "x.gguf")
    assert missing.returncode == 1
    assert missing.stderr.startswith("hearth: error:") and "no such repository" in missing.stderr
    hostile = _hearth("models", "download", "acme/none", "../../x.gguf")
    assert hostile.returncode == 1 and "not a safe .gguf file name" in hostile.stderr
    count = len(hub.requests)
    # --offline before the action or after it.
    for args in (("--offline", "search", "tiny"), ("search", "tiny", "--offline")):
        offline = _hearth("models", *args)
        assert offline.returncode == 1 and "Offline mode" in offline.stderr
        assert len(hub.requests) == count, "offline mode sent a request"


def test_killed_download_resumes_from_the_bytes_on_disk(hub: HubServer, hearth_home: Path) -> None:
    data = _payload()
    hub.add_repo("acme/tiny-GGUF", {"tiny-Q4_0.gguf": data})
    hub.faults.stall_after_bytes = 4 * 1024 * 1024
    hub.faults.stall_seconds = 60
    process = subprocess.Popen(
        [sys.executable, "main.py", "models", "download", "acme/tiny-GGUF", "tiny-Q4_0.gguf"],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    staging = hearth_home / "models" / ".downloads"
    deadline = time.monotonic() + 60
    on_disk = 0
    while time.monotonic() < deadline:
        parts = list(staging.glob("*/*.part"))
        on_disk = parts[0].stat().st_size if parts else 0
        if on_disk >= 4 * 1024 * 1024:
            break
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(10)
    assert on_disk == 4 * 1024 * 1024
    listed = _hearth("models", "list")
    assert "unfinished download: acme/tiny-GGUF tiny-Q4_0.gguf 4.0 MB of 6.0 MB" in listed.stdout
    hub.faults.stall_after_bytes = None
    before = sum(hub.body_bytes.values())
    again = _hearth("models", "download", "acme/tiny-GGUF", "tiny-Q4_0.gguf")
    assert again.returncode == 0, again.stderr
    assert Path(again.stdout.strip().splitlines()[-1]).read_bytes() == data
    assert sum(hub.body_bytes.values()) - before == SIZE - on_disk
