"""The OS file locks: one window per data folder, released by a killed holder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.instance_lock import (
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
from engine.instance_lock import acquire_instance_lock
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
