"""The OS file locks: one window per data folder, released by a killed holder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.common.instance_lock import (
    INSTANCE_LOCK,
    FileLock,
    InstanceLockError,
    LockHeldError,
    acquire_instance_lock,
)

REPO = Path(__file__).resolve().parents[2]

HOLDER = """
import sys, time
from pathlib import Path
from engine.common.instance_lock import acquire_instance_lock
lock = acquire_instance_lock(Path(sys.argv[1]))
print("locked", flush=True)
time.sleep(120)
"""


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the data folder's instance lock."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "locked"
    yield process
    if process.poll() is None:
        process.kill()
    process.wait(10)
    process.stdout.close()


def test_second_instance_is_refused_with_the_holders_pid(
    tmp_path: Path, holder: subprocess.Popen[str]
) -> None:
    with pytest.raises(InstanceLockError) as refused:
        acquire_instance_lock(tmp_path)
    assert refused.value.holder_pid == holder.pid
    assert f"Hearth is already running (pid {holder.pid})" in str(refused.value)


@pytest.mark.skipif(sys.platform == "win32", reason="kill -9 is POSIX")
def test_a_killed_holder_leaves_no_stale_lock(
    tmp_path: Path, holder: subprocess.Popen[str]
) -> None:
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(10)
    assert (tmp_path / INSTANCE_LOCK).exists()  # the file stays; the lock went with it
    lock = acquire_instance_lock(tmp_path)
    assert lock.held
    lock.release()


def test_lock_in_one_process_refuses_a_second_open(tmp_path: Path) -> None:
    path = tmp_path / "x.lock"
    with FileLock.acquire(path), pytest.raises(LockHeldError):
        FileLock.acquire(path, wait=0.1)
    with FileLock.acquire(path) as again:
        assert again.held


def test_removed_lock_file_is_not_left_behind(tmp_path: Path) -> None:
    path = tmp_path / "stage.lock"
    lock = FileLock.acquire(path, remove_on_release=True)
    assert path.read_text().strip() == str(os.getpid())
    lock.release()
    lock.release()
    assert not path.exists()
    FileLock.acquire(path, remove_on_release=True).release()


def test_two_downloads_of_one_file_never_share_a_part_file(hub: object, tmp_path: Path) -> None:
    import hashlib
    import threading

    from engine.common.errors import DownloadPausedError, HearthError
    from engine.hub.downloads import (
        DownloadControl,
        Downloader,
        DownloadInUseError,
        DownloadProgress,
        discard_staged,
        staged_downloads,
    )
    from engine.hub.hub_config import HubConfig
    from tests.hub_server import HubServer

    assert isinstance(hub, HubServer)
    size = 3 * 1024 * 1024
    data = (hashlib.sha256(b"x").digest() * (size // 32 + 1))[:size]
    hub.add_repo("acme/tiny-GGUF", {"tiny-Q4_K_M.gguf": data})
    hub.faults.stall_after_bytes = 1024 * 1024
    hub.faults.stall_seconds = 30
    models = tmp_path / "models"
    config = HubConfig(endpoint=hub.endpoint, read_timeout=30.0, retries=1, retry_delay=0.05)
    first = Downloader(config, models)
    request = first.plan("acme/tiny-GGUF", "tiny-Q4_K_M.gguf")
    control = DownloadControl()
    stalled = threading.Event()
    outcome: list[HearthError] = []

    def on_progress(progress: DownloadProgress) -> None:
        if progress.done >= 1024 * 1024:
            stalled.set()

    def run_first() -> None:
        try:
            first.download(request, on_progress=on_progress, control=control)
        except HearthError as error:  # the pause below ends it
            outcome.append(error)

    thread = threading.Thread(target=run_first)
    thread.start()
    try:
        assert stalled.wait(30)
        second = Downloader(config, models, lock_wait=0.2)
        with pytest.raises(DownloadInUseError, match="already being downloaded by another"):
            second.download(request)
        assert not discard_staged(models, request)  # the running one keeps its bytes
        # Progress counts bytes as they are written; the last of them may still be in
        # the file's buffer, so the part on disk is non-empty, not exactly 1 MiB.
        [staged] = staged_downloads(models)
        assert staged.request.key == request.key
        assert 0 < staged.bytes_on_disk <= 1024 * 1024
    finally:
        control.pause()
        thread.join(30)
    assert isinstance(outcome[0], DownloadPausedError)
    hub.faults.stall_after_bytes = None
    # Once the first has let go, the second resumes from the same bytes.
    path = Downloader(config, models, lock_wait=0.2).download(request)
    assert path.read_bytes() == data
    assert not list((models / ".downloads").iterdir())
