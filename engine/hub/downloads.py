"""Downloading a model from the hub so that it never ends silently broken.

Each download is staged in ``<models>/.downloads/<id>/``: one ``.part`` file per part
and a ``request.json`` naming the repository, the files, their sizes and sha256 and the
commit. A dropped connection resumes with ``Range`` inside the call; a stopped app
resumes from the bytes on disk (huggingface_hub itself restarts from zero after a
restart). The sha256 is computed while writing and compared with the hub's LFS sha256;
a mismatch moves the file to ``<models>/.quarantine``. Only a complete, verified model
is moved into ``<models>/<owner>/<repo>/``, first part last, so the library never
shows a half-written model. While a download runs, it holds an OS lock on
``<models>/.downloads/<id>.lock``: a second Hearth (the window or ``hearth models
download``) asked for the same file waits a few seconds, then is refused, so two
processes never write into one ``.part`` file.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import queue
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from engine.common.errors import (
    ChecksumMismatchError,
    DiskSpaceError,
    DownloadCancelledError,
    DownloadError,
    HubError,
    OfflineModeError,
)
from engine.common.instance_lock import FileLock, LockHeldError
from engine.common.messages import msg
from engine.common.units import human_size
from engine.hub.download_messages import (
    ended_early,
    in_use,
    no_space,
    stopped,
    unwritable,
)
from engine.hub.download_progress import CHUNK, ProgressReporter
from engine.hub.download_staging import (
    QUARANTINE,
    STAGING,
    STAGING_LOCK_WAIT,
    DownloadControl,
    DownloadInUseError,
    DownloadProgress,
    DownloadRequest,
    DownloadState,
    StagedDownload,
    discard_staged,
    model_folder,
    part_name,
    size_on_disk,
    staged_downloads,
    staging_lock_path,
)
from engine.hub.hub_client import HubClient, HubFile, hub_errors
from engine.hub.hub_config import HubConfig
from engine.hub.hub_names import check_file_name, check_repo_id

__all__ = [
    "QUARANTINE",
    "STAGING",
    "DownloadControl",
    "DownloadInUseError",
    "DownloadProgress",
    "DownloadRequest",
    "DownloadState",
    "Downloader",
    "HubFile",
    "StagedDownload",
    "discard_staged",
    "model_folder",
    "staged_downloads",
]

log = logging.getLogger(__name__)

# Left free on the disk after a download, so the system and the chat history can still write.
DISK_RESERVE = 64 * 1024 * 1024


class _Sha256:
    """sha256 computed on its own thread: hashlib releases the GIL on large buffers, so
    hashing overlaps receiving and writing instead of adding to them."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256()
        # Chunks to hash; b"" means start again, None means stop.
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=64)
        self._thread = threading.Thread(target=self._run, daemon=True, name="download-sha256")
        self._thread.start()

    def _run(self) -> None:
        while (chunk := self._queue.get()) is not None:
            if chunk:
                self._hash.update(chunk)
            else:
                self._hash = hashlib.sha256()

    def update(self, chunk: bytes) -> None:
        if chunk:
            self._queue.put(chunk)

    def reset(self) -> None:
        self._queue.put(b"")

    def hexdigest(self) -> str:
        self.close()
        return self._hash.hexdigest()

    def __enter__(self) -> _Sha256:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()


class Downloader:
    """Downloads models into ``models_dir``. Thread-safe for different requests."""

    def __init__(
        self,
        config: HubConfig,
        models_dir: Path,
        *,
        disk_free: Callable[[Path], int] | None = None,
        opener: Callable[[Path, str], IO[bytes]] | None = None,
        clock: Callable[[], float] = time.monotonic,
        lock_wait: float = STAGING_LOCK_WAIT,
    ) -> None:
        self.config = config
        self.models_dir = models_dir
        self._lock_wait = lock_wait
        self._disk_free = disk_free or (lambda path: shutil.disk_usage(path).free)
        self._open: Callable[[Path, str], IO[bytes]] = opener or _open_binary
        self._clock = clock

    def plan(self, repo_id: str, file_name: str, revision: str | None = None) -> DownloadRequest:
        """Ask the hub for the file's parts, sizes, sha256 and commit. A split model can be
        named by any of its parts."""
        check_repo_id(repo_id)
        check_file_name(file_name)
        listing = HubClient(self.config).list_files(repo_id, revision)
        for model in listing.files:
            if file_name == model.name or file_name in (p.path for p in model.parts):
                return DownloadRequest.for_model(model, listing.commit)
        if any(file_name.startswith(stem) for stem in listing.incomplete):
            raise HubError(
                msg(
                    "{repo} lists only some parts of {name}; it cannot be downloaded.",
                    repo=repo_id,
                    name=file_name,
                )
            )
        raise HubError(msg("{repo} has no GGUF file named {name}.", repo=repo_id, name=file_name))

    def destination(self, request: DownloadRequest) -> Path:
        return model_folder(self.models_dir, request.repo_id) / request.name

    def download(
        self,
        request: DownloadRequest,
        *,
        on_progress: Callable[[DownloadProgress], None] | None = None,
        control: DownloadControl | None = None,
    ) -> Path:
        """Download (or resume) and verify ``request``; return the installed first part.

        Raises:
            DownloadInUseError: Another process is downloading the same file.
            DownloadError: and its subclasses, for everything else that stops it.
        """
        request.check_names()
        if self.config.offline:
            raise OfflineModeError(self.config.offline_message(msg("nothing was downloaded")))
        unknown = [part.path for part in request.parts if part.size <= 0]
        if unknown:
            # Without a size a cut-off file cannot be told from a whole one.
            raise DownloadError(
                msg(
                    "The hub gave no size for {names}: it cannot be downloaded "
                    "and verified safely.",
                    names=", ".join(unknown),
                )
            )
        control = control or DownloadControl()
        with self._lock_stage(request):
            return self._download_locked(request, on_progress, control)

    def _lock_stage(self, request: DownloadRequest) -> FileLock:
        path = staging_lock_path(self.models_dir, request)
        try:
            return FileLock.acquire(path, wait=self._lock_wait, remove_on_release=True)
        except LockHeldError as error:
            raise DownloadInUseError(in_use(request.name, error.holder_pid)) from None
        except OSError as error:
            raise DownloadError(unwritable(self.models_dir, error)) from error

    def _download_locked(
        self,
        request: DownloadRequest,
        on_progress: Callable[[DownloadProgress], None] | None,
        control: DownloadControl,
    ) -> Path:
        final = self.destination(request)
        if final.is_file() and all((final.parent / part.path).is_file() for part in request.parts):
            return final
        stage = self.models_dir / STAGING / request.key
        try:
            stage.mkdir(parents=True, exist_ok=True)
            (stage / "request.json").write_text(json.dumps(request.to_json()), encoding="utf-8")
        except OSError as error:
            raise DownloadError(unwritable(self.models_dir, error)) from error
        report = ProgressReporter(request, on_progress, self._clock)
        try:
            self._check_space(request, stage)
            for index, part in enumerate(request.parts, start=1):
                report.part = index
                with _Sha256() as hasher:
                    self._fetch_part(
                        request, part, stage / part_name(part), report, control, hasher
                    )
            report.emit(DownloadState.INSTALLING, force=True)
            self._install(request, stage, final)
        except DownloadCancelledError:
            shutil.rmtree(stage, ignore_errors=True)
            raise
        return final

    # -- steps -----------------------------------------------------------------------

    def _check_space(self, request: DownloadRequest, stage: Path) -> None:
        have = sum(size_on_disk(stage / part_name(part)) for part in request.parts)
        needed = request.total - have
        free = self._disk_free(stage)
        if needed + DISK_RESERVE > free:
            left = max(0, free - DISK_RESERVE)
            raise DiskSpaceError(no_space(request.name, needed, left, self.models_dir))

    def _fetch_part(
        self,
        request: DownloadRequest,
        part: HubFile,
        path: Path,
        report: ProgressReporter,
        control: DownloadControl,
        hasher: _Sha256,
    ) -> None:
        from huggingface_hub import get_session, hf_hub_url, hf_raise_for_status

        # huggingface_hub.utils re-exports httpx without declaring it.
        from huggingface_hub.utils import build_hf_headers, httpx  # type: ignore[attr-defined]

        url = hf_hub_url(
            request.repo_id, part.path, revision=request.commit, endpoint=self.config.endpoint
        )
        headers = build_hf_headers(token=self.config.token or None)
        have = size_on_disk(path)
        if have > part.size:
            path.unlink()
            have = 0
        if have:
            report.emit(
                DownloadState.CHECKING,
                force=True,
                message=msg("Checking the bytes already on disk"),
            )
            have = _hash_prefix(path, hasher, control)
        report.set_part_done(part, have)
        failures = 0
        # Reads wait at most `poll` seconds so that Pause and Cancel act within a second
        # even on a stalled connection; silence counts as a stall only after read_timeout.
        poll = min(1.0, self.config.read_timeout)
        report.last_byte = self._clock()
        while have < part.size:
            control.check()
            attempt_headers = dict(headers)
            if have:
                attempt_headers["Range"] = f"bytes={have}-"
            timeout = httpx.Timeout(poll, connect=min(30.0, self.config.read_timeout))
            try:
                with get_session().stream(
                    "GET", url, headers=attempt_headers, timeout=timeout, follow_redirects=True
                ) as response:
                    control.attach(response)
                    if response.status_code == 416 or (
                        response.status_code == 206 and not _range_starts_at(response, have)
                    ):
                        # The server does not agree with the bytes on disk: start again.
                        path.unlink(missing_ok=True)
                        hasher.reset()
                        have = 0
                        report.set_part_done(part, 0)
                        failures += 1
                        if failures > self.config.retries:
                            raise DownloadError(
                                msg(
                                    "{where} refused to resume {path}.",
                                    where=self.config.describe(),
                                    path=part.path,
                                )
                            )
                        continue
                    if response.status_code >= 400:
                        response.read()
                        with hub_errors(self.config, what=f"{request.repo_id}/{part.path}"):
                            hf_raise_for_status(response)
                    if have and response.status_code == 200:
                        log.info("The server ignored Range for %s: starting from zero", part.path)
                        path.unlink(missing_ok=True)
                        hasher.reset()
                        have = 0
                        report.set_part_done(part, 0)
                    have = self._write_body(response, path, have, part, hasher, report, control)
            except (httpx.TransportError, httpx.StreamError) as error:
                # What was written before the drop is on disk and in the hash.
                have = size_on_disk(path)
                control.check()
                stalled = isinstance(error, httpx.TimeoutException)
                silent = self._clock() - report.last_byte
                if stalled and silent < self.config.read_timeout:
                    # Quiet for less than read_timeout: say so, reconnect and go on.
                    report.stalled(silent)
                    continue
                failures += 1
                report.last_byte = self._clock()
                if failures > self.config.retries:
                    raise DownloadError(
                        stopped(
                            request.name,
                            self.config.describe(),
                            stalled=self.config.read_timeout if stalled else None,
                            reason=_reason(error),
                            failures=failures,
                            done=report.done,
                        )
                    ) from error
                report.emit(
                    DownloadState.RETRYING,
                    force=True,
                    message=msg(
                        "Connection lost; resuming (attempt {number})", number=failures + 1
                    ),
                )
                control.sleep(self.config.retry_delay * failures)
                continue
            finally:
                control.attach(None)
            if have < part.size:
                failures += 1
                if failures > self.config.retries:
                    raise DownloadError(ended_early(request.name, have, part.size))
                report.emit(
                    DownloadState.RETRYING,
                    force=True,
                    message=msg("The connection ended early; resuming"),
                )
                control.sleep(self.config.retry_delay * failures)
        if have > part.size:
            self._quarantine(path, part)
            raise ChecksumMismatchError(
                msg(
                    "{path} is larger than the hub says ({have} > {size} bytes); it was "
                    "moved to {folder} and not installed.",
                    path=part.path,
                    have=have,
                    size=part.size,
                    folder=self.models_dir / QUARANTINE,
                )
            )
        report.emit(DownloadState.VERIFYING, force=True)
        digest = hasher.hexdigest()
        if part.sha256 and digest != part.sha256.lower():
            quarantined = self._quarantine(path, part)
            raise ChecksumMismatchError(
                msg(
                    "{path} is damaged: its sha256 is {digest}…, the hub says "
                    "{expected}…. It was not installed and was moved to {target}.",
                    path=part.path,
                    digest=digest[:12],
                    expected=part.sha256[:12],
                    target=quarantined,
                )
            )
        if not part.sha256:
            log.warning("%s has no sha256 on the hub; only its size was checked", part.path)

    def _write_body(
        self,
        response: Any,
        path: Path,
        have: int,
        part: HubFile,
        hasher: _Sha256,
        report: ProgressReporter,
        control: DownloadControl,
    ) -> int:
        with self._open(path, "ab") as handle:
            try:
                for chunk in response.iter_bytes():
                    control.check()
                    if have + len(chunk) > part.size:
                        chunk = chunk[: part.size - have + 1]  # one byte over is enough to tell
                    try:
                        handle.write(chunk)
                    except OSError as error:
                        if error.errno in (errno.ENOSPC, errno.EDQUOT):
                            raise DiskSpaceError(
                                msg(
                                    "The disk is full: {done} of {total} downloaded and kept. "
                                    "Free some space, then Retry continues.",
                                    done=human_size(report.done),
                                    total=human_size(report.request.total),
                                )
                            ) from error
                        raise DownloadError(
                            msg(
                                "Cannot write {path}: {reason}.",
                                path=path,
                                reason=error.strerror or error,
                            )
                        ) from error
                    hasher.update(chunk)
                    have += len(chunk)
                    report.last_byte = self._clock()
                    report.add(len(chunk))
                    if have > part.size:
                        break
            finally:
                try:
                    handle.flush()
                    os.fsync(handle.fileno())
                except OSError:
                    log.debug("flush of %s failed", path, exc_info=True)
        return have

    def _quarantine(self, path: Path, part: HubFile) -> Path:
        folder = self.models_dir / QUARANTINE
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{time.strftime('%Y%m%d-%H%M%S')}-{part.path.replace('/', '_')}"
        os.replace(path, target)
        return target

    def _install(self, request: DownloadRequest, stage: Path, final: Path) -> None:
        folder = final.parent
        folder.mkdir(parents=True, exist_ok=True)
        # The first part is what the library lists: it arrives last.
        for part in reversed(request.parts):
            target = folder / part.path
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(stage / part_name(part), target)
        shutil.rmtree(stage, ignore_errors=True)
        log.info("Installed %s from %s@%s", final, request.repo_id, request.commit[:12])


def _reason(error: BaseException) -> str:
    return str(error) or type(error).__name__


def _open_binary(path: Path, mode: str) -> IO[bytes]:
    return path.open(mode)


def _hash_prefix(path: Path, hasher: _Sha256, control: DownloadControl) -> int:
    done = 0
    with open(path, "rb") as handle:
        while block := handle.read(CHUNK * 4):
            control.check()
            hasher.update(block)
            done += len(block)
    return done


def _range_starts_at(response: Any, offset: int) -> bool:
    value = response.headers.get("Content-Range", "")
    try:
        return int(value.split()[1].split("-")[0]) == offset
    except (IndexError, ValueError):
        return False
