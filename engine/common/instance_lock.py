"""Operating-system file locks: one Hearth window per data folder, one writer per download.

The lock is the OS's own (``fcntl.flock`` on POSIX, ``msvcrt.locking`` on Windows), so
it dies with the process that holds it: a killed Hearth never leaves a stale lock
behind, and no one ever has to delete a lock file by hand.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from pathlib import Path
from types import TracebackType

from engine.common.errors import HearthError
from engine.common.messages import msg

log = logging.getLogger(__name__)

INSTANCE_LOCK = "instance.lock"
# Windows refuses reads of a locked byte range: the lock sits far past the pid that
# the file holds, so a second Hearth can still read who holds it.
_WINDOWS_LOCK_OFFSET = 1 << 20
_POLL_SECONDS = 0.05


class LockHeldError(HearthError):
    """Another process holds the lock. ``holder_pid`` is its pid when it is known."""

    def __init__(self, message: str, holder_pid: int | None = None) -> None:
        super().__init__(message)
        self.holder_pid = holder_pid


class InstanceLockError(LockHeldError):
    """Another Hearth window uses this data folder."""


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


def _same_file(fd: int, path: Path) -> bool:
    """True if ``path`` still names the file open as ``fd`` (a holder that deletes its
    lock file on release must not leave a waiter locking a file no one else sees)."""
    try:
        on_disk = os.stat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (on_disk.st_dev, on_disk.st_ino) == (mine.st_dev, mine.st_ino)


def read_holder_pid(path: Path) -> int | None:
    """The pid written into a lock file, if it holds one."""
    try:
        text = path.read_text(encoding="ascii", errors="replace")[:32]
    except OSError:
        return None
    first = text.strip().split("\n", 1)[0].strip()
    return int(first) if first.isdigit() else None


class FileLock:
    """An exclusive lock on ``path``, held until :meth:`release` or the process ends.

    Use :meth:`acquire`; the lock file holds the holder's pid so a refused caller can
    say who holds it. With ``remove_on_release`` the file is deleted when released
    (for short-lived locks that should leave no litter).
    """

    def __init__(self, path: Path, fd: int, remove_on_release: bool) -> None:
        self.path = path
        self._fd: int | None = fd
        self._remove = remove_on_release

    @classmethod
    def acquire(
        cls,
        path: Path,
        *,
        wait: float = 0.0,
        remove_on_release: bool = False,
    ) -> FileLock:
        """Lock ``path``, waiting up to ``wait`` seconds for its holder to let go.

        Raises:
            LockHeldError: Someone else still holds it after ``wait`` seconds.
            OSError: The lock file cannot be created.
        """
        path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + max(0.0, wait)
        while True:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            locked = False
            try:
                locked = _try_lock(fd)
                if locked and (sys.platform == "win32" or _same_file(fd, path)):
                    lock = cls(path, fd, remove_on_release)
                    lock._write_pid()
                    return lock
                if locked:
                    _unlock(fd)  # the holder deleted it as we locked it: lock the new one
            except BaseException:
                os.close(fd)
                raise
            os.close(fd)
            if not locked and time.monotonic() >= deadline:
                pid = read_holder_pid(path)
                raise LockHeldError(
                    msg("{path} is locked by process {pid}.", path=path, pid=pid)
                    if pid
                    else msg("{path} is locked by process unknown.", path=path),
                    pid,
                )
            if not locked:
                time.sleep(_POLL_SECONDS)

    def _write_pid(self) -> None:
        assert self._fd is not None
        os.lseek(self._fd, 0, os.SEEK_SET)
        os.ftruncate(self._fd, 0)
        os.write(self._fd, f"{os.getpid()}\n".encode("ascii"))

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Let go of the lock (idempotent)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            if self._remove:
                # Deleted while still held, so no one locks the old file in between.
                with contextlib.suppress(OSError):
                    os.unlink(self.path)
            _unlock(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> FileLock:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def acquire_instance_lock(data_dir: Path) -> FileLock:
    """Claim ``data_dir`` for this Hearth window, or say which process has it.

    Raises:
        InstanceLockError: Another Hearth window is running on the same data folder.
    """
    path = data_dir / INSTANCE_LOCK
    try:
        return FileLock.acquire(path)
    except LockHeldError as error:
        pid = error.holder_pid
        raise InstanceLockError(
            msg(
                "Hearth is already running (pid {pid}) with the data folder {folder}. "
                "Switch to its window; only one Hearth window can use a data folder at a time.",
                pid=pid,
                folder=data_dir,
            )
            if pid
            else msg(
                "Hearth is already running with the data folder {folder}. "
                "Switch to its window; only one Hearth window can use a data folder at a time.",
                folder=data_dir,
            ),
            pid,
        ) from None
