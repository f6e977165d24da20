"""What a download is and where its bytes wait: the request (every part, its size and
sha256, the commit), progress reports, pause/cancel control, and the staging folder
``<models>/.downloads/<id>/`` with its OS lock."""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import threading
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

from engine.common.errors import (
    DownloadCancelledError,
    DownloadError,
    DownloadPausedError,
    HubError,
)
from engine.common.instance_lock import FileLock, LockHeldError
from engine.common.messages import msg
from engine.hub.hub_client import HubFile, HubModelFile
from engine.hub.hub_names import check_file_name, check_repo_id

log = logging.getLogger(__name__)

STAGING = ".downloads"
QUARANTINE = ".quarantine"
# How long a download waits for another process downloading the same file to stop
# (a pause in the window followed at once by a resume elsewhere), before refusing.
STAGING_LOCK_WAIT = 3.0


class DownloadState(StrEnum):
    """What a running download is doing (shown beside its progress bar)."""

    CHECKING = "checking"
    DOWNLOADING = "downloading"
    RETRYING = "retrying"
    VERIFYING = "verifying"
    INSTALLING = "installing"


@dataclass(frozen=True)
class DownloadRequest:
    """One model (all its parts) from one commit of one repository."""

    repo_id: str
    name: str
    parts: tuple[HubFile, ...]
    commit: str

    @classmethod
    def for_model(cls, model: HubModelFile, commit: str) -> DownloadRequest:
        return cls(model.repo_id, model.name, model.parts, commit)

    @property
    def total(self) -> int:
        return sum(part.size for part in self.parts)

    @property
    def key(self) -> str:
        """Stable identity: the staging folder's name."""
        digest = hashlib.sha1(f"{self.repo_id}\n{self.name}".encode()).hexdigest()[:12]
        return f"{self.name.rsplit('/', 1)[-1].removesuffix('.gguf')[:60]}-{digest}"

    def check_names(self) -> None:
        check_repo_id(self.repo_id)
        check_file_name(self.name)
        for part in self.parts:
            check_file_name(part.path)

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "parts": [asdict(part) for part in self.parts]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DownloadRequest:
        parts = tuple(
            HubFile(str(p["path"]), int(p["size"]), str(p["sha256"])) for p in data["parts"]
        )
        request = cls(str(data["repo_id"]), str(data["name"]), parts, str(data["commit"]))
        request.check_names()
        return request


@dataclass(frozen=True)
class DownloadProgress:
    done: int
    total: int
    speed: float  # bytes per second over the last few seconds
    eta: float | None  # seconds; None while the speed is unknown
    state: DownloadState
    part: int  # 1-based
    parts: int
    message: str = ""

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0


@dataclass(frozen=True)
class StagedDownload:
    """A download that was started and not finished (paused, failed, or the app quit)."""

    request: DownloadRequest
    bytes_on_disk: int


class DownloadControl:
    """Pause or cancel a running download from another thread. A blocked read is
    interrupted by closing the response."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stop: Literal["pause", "cancel"] | None = None
        self._wake = threading.Event()
        self._response: Any = None

    def pause(self) -> None:
        self._request("pause")

    def cancel(self) -> None:
        self._request("cancel")

    def _request(self, what: Literal["pause", "cancel"]) -> None:
        with self._lock:
            if self._stop != "cancel":
                self._stop = what
            response = self._response
        self._wake.set()
        if response is not None:
            try:
                response.close()
            except Exception:  # closing from another thread may race
                log.debug("closing the response raised", exc_info=True)

    def check(self) -> None:
        if self._stop == "cancel":
            raise DownloadCancelledError(msg("Download cancelled; the partial file was deleted."))
        if self._stop == "pause":
            raise DownloadPausedError(msg("Download paused; press Resume to continue."))

    def attach(self, response: Any) -> None:
        with self._lock:
            self._response = response

    def sleep(self, seconds: float) -> None:
        self._wake.wait(seconds)
        self.check()


def model_folder(models_dir: Path, repo_id: str) -> Path:
    owner, name = check_repo_id(repo_id).split("/")
    return models_dir / owner / name


def staged_downloads(models_dir: Path) -> list[StagedDownload]:
    """Downloads with bytes on disk that have not finished, oldest first."""
    staging = models_dir / STAGING
    found = []
    for request_file in sorted(staging.glob("*/request.json"), key=_mtime):
        try:
            request = DownloadRequest.from_json(json.loads(request_file.read_text("utf-8")))
        except (OSError, ValueError, KeyError, TypeError, HubError) as error:
            log.warning("Ignoring unreadable staged download %s: %s", request_file, error)
            continue
        on_disk = sum(size_on_disk(request_file.parent / part_name(part)) for part in request.parts)
        found.append(StagedDownload(request, on_disk))
    return found


class DownloadInUseError(DownloadError):
    """Another process is downloading the same file right now."""


def staging_lock_path(models_dir: Path, request: DownloadRequest) -> Path:
    return models_dir / STAGING / f"{request.key}.lock"


def discard_staged(models_dir: Path, request: DownloadRequest) -> bool:
    """Delete a staged download's bytes; False (and nothing deleted) while another
    process is downloading it."""
    try:
        lock = FileLock.acquire(staging_lock_path(models_dir, request), remove_on_release=True)
    except LockHeldError:
        log.warning("Not discarding %s: another process is downloading it", request.name)
        return False
    except OSError:
        lock = None
    try:
        shutil.rmtree(models_dir / STAGING / request.key, ignore_errors=True)
    finally:
        if lock is not None:
            lock.release()
    return True


def part_name(part: HubFile) -> str:
    return part.path.replace("/", "__") + ".part"


def size_on_disk(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
