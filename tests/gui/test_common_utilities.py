"""The one background-work API and the one Throttle: results, errors, progress and
cancellation arrive on the GUI thread; requests within an interval merge."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from engine.common.errors import HearthError
from gui.common.background import TaskContext, run_in_background
from gui.common.throttle import Throttle


def test_result_progress_and_errors_arrive_on_the_gui_thread(qtbot: QtBot) -> None:
    parent = QObject()
    gui_thread = threading.get_ident()
    seen: list[tuple[str, object, int]] = []

    def work(task: TaskContext) -> int:
        assert threading.get_ident() != gui_thread
        for step in range(3):
            task.report(step)
        return 42

    def note(kind: str) -> Callable[..., None]:
        return lambda value=None: seen.append((kind, value, threading.get_ident()))

    run_in_background(
        parent, work, on_success=note("ok"), on_failure=note("fail"), on_progress=note("step")
    )
    qtbot.waitUntil(lambda: any(kind == "ok" for kind, _, _ in seen), timeout=5000)
    assert [(k, v) for k, v, _ in seen] == [("step", 0), ("step", 1), ("step", 2), ("ok", 42)]
    assert {t for _, _, t in seen} == {gui_thread}

    def fails(_task: TaskContext) -> None:
        raise HearthError("The disk is full.")

    def bug(_task: TaskContext) -> None:
        raise KeyError("x")

    errors: list[str] = []
    run_in_background(parent, fails, on_success=lambda _r: None, on_failure=errors.append)
    run_in_background(parent, bug, on_success=lambda _r: None, on_failure=errors.append)
    qtbot.waitUntil(lambda: len(errors) == 2, timeout=5000)
    assert "The disk is full." in errors
    assert any(e.startswith("Unexpected error:") for e in errors)


def test_cancel_reaches_the_work_and_reports_cancelled_not_success(qtbot: QtBot) -> None:
    parent = QObject()
    started = threading.Event()
    outcome: list[str] = []

    def work(task: TaskContext) -> str:
        started.set()
        while not task.cancel_event.wait(0.01):
            pass
        task.check_cancelled()
        return "finished"

    job = run_in_background(
        parent,
        work,
        on_success=lambda _r: outcome.append("success"),
        on_failure=outcome.append,
        on_cancelled=lambda: outcome.append("cancelled"),
    )
    assert started.wait(5)
    job.cancel()
    assert job.wait(5)
    qtbot.waitUntil(lambda: bool(outcome), timeout=5000)
    assert outcome == ["cancelled"]


def test_a_result_after_the_parent_is_gone_is_dropped(qtbot: QtBot) -> None:
    parent = QObject()
    release = threading.Event()
    got: list[object] = []
    job = run_in_background(
        parent,
        lambda _task: release.wait(5),
        on_success=got.append,
        on_failure=got.append,
    )
    parent.deleteLater()
    qtbot.wait(50)
    release.set()
    assert job.wait(5)
    qtbot.wait(50)
    assert got == []


def test_throttle_merges_requests_and_debounce_restarts(qtbot: QtBot) -> None:
    calls: list[float] = []
    throttle = Throttle(80, lambda: calls.append(time.monotonic()))
    start = time.monotonic()
    for _ in range(20):
        throttle.request()
        qtbot.wait(5)
    requesting = time.monotonic() - start
    qtbot.waitUntil(lambda: len(calls) >= 1, timeout=2000)
    qtbot.wait(100)
    assert calls[0] - start >= 0.07  # after the interval, not at the first request
    # At most one call per interval while requests kept coming (plus the trailing one).
    assert len(calls) <= int(requesting / 0.08) + 2 < 20

    debounced: list[int] = []
    debounce = Throttle(60, lambda: debounced.append(1), restart=True)
    for _ in range(6):
        debounce.request()
        qtbot.wait(20)  # each request pushes the call back
    assert debounced == []
    qtbot.waitUntil(lambda: debounced == [1], timeout=2000)

    flushed: list[int] = []
    pending = Throttle(10_000, lambda: flushed.append(1))
    pending.flush()
    assert flushed == []  # nothing pending, nothing runs
    pending.request()
    assert pending.pending()
    pending.flush()
    assert flushed == [1] and not pending.pending()
    pending.request()
    pending.cancel()
    qtbot.wait(20)
    assert flushed == [1]


def test_a_result_queued_before_the_parent_is_deleted_is_dropped(qtbot: QtBot) -> None:
    """The worker has already sent its result when the dialog closes: the callback, a
    method of a child widget of the dialog, must not run on the deleted widget."""
    import shiboken6
    from PySide6.QtWidgets import QLabel, QWidget

    dialog = QWidget()
    label = QLabel(dialog)
    job = run_in_background(
        dialog, lambda _task: "late", on_success=label.setText, on_failure=label.setText
    )
    assert job.wait(5)  # the result is queued, not yet delivered
    shiboken6.delete(dialog)  # closed now, before the queued result is delivered
    qtbot.wait(100)  # delivers (and drops) the result: setText on a deleted label raises
    assert not job.is_running()
