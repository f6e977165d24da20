"""Translation jobs run against fixed replies instead of a model (the pipeline's logic
alone; the real model is tested elsewhere)."""

from __future__ import annotations

from collections.abc import Callable

from engine.llm.generation import Reply, ReplyStats
from engine.translation.job import SegmentTask, TranslationJob, run_job


def reply(text: str) -> Reply:
    """A finished reply of ``text``."""
    return Reply(text, ReplyStats(0, 0, 1, 0.0, 0.0, 0.0, "stop"))


def run_answering(job: TranslationJob, answer: Callable[[SegmentTask], str]) -> list[SegmentTask]:
    """Run ``job`` to the end, each request answered by ``answer``; the tasks it asked."""
    calls: list[SegmentTask] = []

    def generate(task: SegmentTask) -> Reply:
        calls.append(task)
        return reply(answer(task))

    assert run_job(job, generate) is True
    return calls
