"""Downloads that run off the GUI thread, several at once, and outlive the Models window.

Each download runs ``engine.hub.downloads`` as a background task (``run_in_background``);
its progress and its end arrive here on the GUI thread. Pause and Cancel go through the
download's ``DownloadControl``, which also interrupts a blocked read. Unfinished
downloads found on disk at start-up are listed as paused, so Resume continues them
after a restart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from PySide6.QtCore import QObject, Signal

from engine.common.errors import DownloadCancelledError, DownloadPausedError
from engine.hub.downloads import (
    DownloadControl,
    Downloader,
    DownloadProgress,
    DownloadRequest,
    discard_staged,
    staged_downloads,
)
from engine.hub.hub_config import HubConfig
from gui.common.background import BackgroundTask, TaskContext, run_in_background
from gui.common.engine_text import shown

TaskState = Literal["running", "paused", "failed", "done", "cancelled"]
# How a download's background task ended without an error: the outcome, and the
# installed model's path when it is "done".
_Ending = tuple[Literal["done", "paused", "cancelled"], str]


@dataclass
class DownloadTask:
    request: DownloadRequest
    state: TaskState = "paused"
    done: int = 0
    speed: float = 0.0
    eta: float | None = None
    message: str = ""
    path: str = ""
    control: DownloadControl = field(default_factory=DownloadControl)
    job: BackgroundTask[_Ending] | None = None

    @property
    def key(self) -> str:
        return self.request.key

    @property
    def total(self) -> int:
        return self.request.total


class DownloadManager(QObject):
    task_changed = Signal(str)  # key
    task_added = Signal(str)
    task_removed = Signal(str)
    model_installed = Signal(str)  # path of the verified model
    download_failed = Signal(str, str)  # key, message
    planning_failed = Signal(str, str)  # "repo/file", message (before any byte)

    def __init__(self, config: HubConfig, models_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.config = config
        self.models_dir = models_dir
        self._tasks: dict[str, DownloadTask] = {}
        self._planning: set[str] = set()
        self._shut_down = False  # no download starts after shutdown()
        for staged in staged_downloads(models_dir):
            task = DownloadTask(staged.request, "paused", staged.bytes_on_disk)
            task.message = self.tr("Unfinished: press Resume to continue")
            self._tasks[task.key] = task

    def set_config(self, config: HubConfig, models_dir: Path | None = None) -> None:
        """New settings apply to downloads started from now on."""
        self.config = config
        if models_dir is not None and models_dir != self.models_dir:
            self.models_dir = models_dir
            for staged in staged_downloads(models_dir):
                if staged.request.key not in self._tasks:
                    task = DownloadTask(staged.request, "paused", staged.bytes_on_disk)
                    self._tasks[task.key] = task
                    self.task_added.emit(task.key)

    def tasks(self) -> list[DownloadTask]:
        return list(self._tasks.values())

    def task(self, key: str) -> DownloadTask | None:
        return self._tasks.get(key)

    def start(self, request: DownloadRequest) -> None:
        """Start (or resume) a download; a second start of a running one does nothing,
        and nothing starts once the app is shutting down."""
        if self._shut_down:
            return
        task = self._tasks.get(request.key)
        if task is None:
            task = DownloadTask(request)
            self._tasks[task.key] = task
            self.task_added.emit(task.key)
        if task.state == "running":
            return
        task.state = "running"
        task.message = self.tr("Starting…")
        task.control = control = DownloadControl()
        downloader = Downloader(self.config, self.models_dir)
        key, wanted = task.key, task.request

        def work(job: TaskContext) -> _Ending:
            try:
                path = downloader.download(wanted, on_progress=job.report, control=control)
            except DownloadPausedError:
                return "paused", ""
            except DownloadCancelledError:
                return "cancelled", ""
            return "done", str(path)

        def ended(ending: _Ending) -> None:
            self._on_ended(key, *ending)

        def progressed(progress: DownloadProgress) -> None:
            self._on_progressed(key, progress)

        def failed(message: str) -> None:
            self._on_ended(key, "failed", message)

        task.job = run_in_background(
            self,
            work,
            on_success=ended,
            on_failure=failed,
            on_progress=progressed,
            name=f"download-{key}",
        )
        self.task_changed.emit(key)

    def request_download(self, repo_id: str, file_name: str) -> None:
        """Ask the hub for the file's parts, sizes, sha256 and commit on a thread, then
        start; failures arrive as ``planning_failed``."""
        name = f"{repo_id}/{file_name}"
        if name in self._planning:
            return
        self._planning.add(name)
        downloader = Downloader(self.config, self.models_dir)

        def planned(request: DownloadRequest) -> None:
            self._planning.discard(name)
            self.start(request)

        def failed(message: str) -> None:
            self._planning.discard(name)
            self.planning_failed.emit(name, message)

        run_in_background(
            self,
            lambda _job: downloader.plan(repo_id, file_name),
            on_success=planned,
            on_failure=failed,
            name="download-plan",
        )

    def pause(self, key: str) -> None:
        task = self._tasks.get(key)
        if task is not None and task.state == "running":
            task.control.pause()
            task.message = self.tr("Pausing…")
            self.task_changed.emit(key)

    def resume(self, key: str) -> None:
        task = self._tasks.get(key)
        if task is not None and task.state in ("paused", "failed"):
            self.start(task.request)

    retry = resume

    def cancel(self, key: str) -> None:
        """Stop and delete the partial file; the row goes away."""
        task = self._tasks.get(key)
        if task is None:
            return
        if task.state == "running":
            task.control.cancel()
            task.message = self.tr("Cancelling…")
            self.task_changed.emit(key)
            return
        discard_staged(self.models_dir, task.request)
        self._drop(key)

    def dismiss(self, key: str) -> None:
        """Remove a finished row from the list."""
        task = self._tasks.get(key)
        if task is not None and task.state in ("done", "cancelled"):
            self._drop(key)

    def _drop(self, key: str) -> None:
        self._tasks.pop(key, None)
        self.task_removed.emit(key)

    def shutdown(self, timeout: float = 5.0) -> None:
        """Pause every running download (their bytes stay for next time) and wait up to
        ``timeout`` seconds for each to stop. A plan that arrives later starts nothing."""
        self._shut_down = True
        for task in self._tasks.values():
            if task.state == "running":
                task.control.pause()
        for task in self._tasks.values():
            if task.job is not None:
                task.job.wait(timeout)

    # -- back on the GUI thread -------------------------------------------------------

    def _on_progressed(self, key: str, progress: DownloadProgress) -> None:
        task = self._tasks.get(key)
        if task is None or task.state != "running":
            return
        task.done, task.speed, task.eta = progress.done, progress.speed, progress.eta
        if progress.message:
            task.message = shown(progress.message)
        elif progress.state == "downloading":
            task.message = ""
        else:
            task.message = {
                "checking": self.tr("Checking the bytes already on disk…"),
                "retrying": self.tr("Reconnecting…"),
                "verifying": self.tr("Verifying sha256…"),
                "installing": self.tr("Installing…"),
            }[progress.state]
        if progress.parts > 1 and not task.message:
            task.message = self.tr("Part {part} of {parts}").format(
                part=progress.part, parts=progress.parts
            )
        self.task_changed.emit(key)

    def _on_ended(self, key: str, outcome: str, detail: str) -> None:
        task = self._tasks.get(key)
        if task is None:
            return
        task.job = None
        task.speed, task.eta = 0.0, None
        if outcome == "done":
            task.state, task.done, task.path = "done", task.total, detail
            task.message = self.tr("Installed and verified")
            self.task_changed.emit(key)
            self.model_installed.emit(detail)
        elif outcome == "paused":
            task.state, task.message = "paused", self.tr("Paused")
            self.task_changed.emit(key)
        elif outcome == "cancelled":
            self._drop(key)
        else:
            task.state, task.message = "failed", detail
            self.task_changed.emit(key)
            self.download_failed.emit(key, detail)
