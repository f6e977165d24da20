"""Translate again, in the window (offscreen), with and without the session's kept
replies (engine.translation.replies), side by side.

Each round opens a Translate view on a fresh translation memory, translates the first
sentences of a benchmark direction (one paragraph each), adds a glossary term that some
of them hold, and presses Translate again: the memory gives back the unflagged
segments; the flagged ones and those with the new term need a reply. With the kept
replies only the segments whose request changed go to the model. The two ways alternate
round by round on one loaded model. Printed: the second Translate's seconds and
requests each way, their ratio, and how many segments without the new term it changed
(translation or flags) against the first Translate.

Usage: python -m bench.translate_again [--model PATH] [--direction en-de]
[--sentences 30] [--term SOURCE,TARGET] [--rounds 2]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from bench.quality_data import load_directions
from bench.qwen_model import qwen_path
from engine.llm.parameters import LoadSettings
from engine.translation.glossary import Glossary, GlossaryEntry
from engine.translation.memory import TranslationMemory
from engine.translation.replies import ReplyCache
from gui.inference.controller import InferenceController
from gui.translate.translate_view import TranslateView

THREADS = max(1, os.cpu_count() or 2)


def _spin_until(done: Any, timeout_s: float = 1800.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError("the run did not end")
        loop = QEventLoop()
        QTimer.singleShot(20, loop.quit)
        loop.exec()


def _translate(view: TranslateView) -> tuple[float, int]:
    """Press Translate and wait for the end: the seconds, and the requests sent."""
    sent: list[int] = []
    view.runner.segment_started.connect(sent.append)
    started = time.perf_counter()
    view.translate()
    _spin_until(lambda: not view.running)
    seconds = time.perf_counter() - started
    view.runner.segment_started.disconnect(sent.append)
    return seconds, len(sent)


def one_round(
    controller: InferenceController,
    folder: Path,
    direction: Any,
    sentences: int,
    term: GlossaryEntry,
    keep_replies: bool,
) -> dict[str, Any]:
    memory = TranslationMemory(folder / f"memory-{keep_replies}-{time.monotonic_ns()}.db")
    view = TranslateView(controller, memory)
    try:
        if not keep_replies:
            view.runner.replies = ReplyCache(limit=0)
        view.set_pair(direction.source, direction.target)
        text = "\n\n".join(p.source for p in direction.sentences[:sentences])
        view.source_edit.setPlainText(text)
        first_s, first_n = _translate(view)
        job = view.job
        assert job is not None
        flagged = sum(1 for r in job.results.values() if r.issues)
        before = [(job.results[i].target, job.results[i].issues) for i in range(job.total)]
        view.set_glossary(Glossary((term,)))
        again_s, again_n = _translate(view)
        job = view.job
        assert job is not None
        after = [(job.results[i].target, job.results[i].issues) for i in range(job.total)]
        term_word = term.source.lower()
        return {
            # Segments without the new term whose translation or flags the second
            # Translate changed (same text, same model, Reproducible on).
            "changed": [
                i
                for i, (a, b) in enumerate(zip(before, after, strict=True))
                if a != b and term_word not in job.segments[i].lower()
            ],
            "first_s": first_s,
            "first_requests": first_n,
            "flagged_first": flagged,
            "again_s": again_s,
            "again_requests": again_n,
        }
    finally:
        view.deleteLater()
        QCoreApplication.processEvents()
        memory.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, help="GGUF (default: the Qwen benchmark model)")
    parser.add_argument("--direction", default="en-de")
    parser.add_argument("--sentences", type=int, default=30)
    parser.add_argument("--term", default="server,Server-Rechner", help="the glossary term added")
    parser.add_argument("--rounds", type=int, default=2, help="rounds each way")
    args = parser.parse_args()
    model = args.model or qwen_path()
    if model is None:
        raise SystemExit("No model: make qwen-model, or --model PATH")
    direction = next(d for d in load_directions() if d.name == args.direction)
    source, target = args.term.split(",", 1)
    term = GlossaryEntry(source.strip(), target.strip())
    holding = sum(
        1 for p in direction.sentences[: args.sentences] if source.lower() in p.source.lower()
    )
    app = QApplication.instance() or QApplication([])
    controller = InferenceController()
    try:
        loop = QEventLoop()
        controller.model_loaded.connect(lambda _info: loop.quit())
        controller.load_model(str(model), LoadSettings(n_ctx=4096, n_threads=THREADS))
        loop.exec()
        rounds: dict[bool, list[dict[str, Any]]] = {True: [], False: []}
        with tempfile.TemporaryDirectory() as tmp:
            for number in range(args.rounds):
                # Alternating, the first way changing each round.
                for keep in (True, False) if number % 2 == 0 else (False, True):
                    rounds[keep].append(
                        one_round(controller, Path(tmp), direction, args.sentences, term, keep)
                    )
                    r = rounds[keep][-1]
                    print(
                        f"round {number + 1}, kept replies {'on ' if keep else 'off'}: first "
                        f"{r['first_s']:.1f} s ({r['first_requests']} requests, "
                        f"{r['flagged_first']} flagged); again {r['again_s']:.2f} s "
                        f"({r['again_requests']} requests), segments without the term "
                        f"changed: {len(r['changed'])}",
                        flush=True,
                    )
    finally:
        controller.shutdown(5000)
    del app
    on, off = rounds[True], rounds[False]
    mean = {k: sum(r["again_s"] for r in v) / len(v) for k, v in rounds.items()}
    summary = {
        "model": model.name,
        "direction": direction.name,
        "sentences": args.sentences,
        "term": args.term,
        "segments_with_term": holding,
        "again_seconds_kept_replies": round(mean[True], 2),
        "again_seconds_without": round(mean[False], 2),
        "again_requests_kept_replies": [r["again_requests"] for r in on],
        "again_requests_without": [r["again_requests"] for r in off],
        "ratio_without_over_kept": round(mean[False] / max(mean[True], 1e-9), 2),
        # A reply asked again may differ (its prompt read afresh, not from the KV cache).
        "changed_without_term_kept_replies": [len(r["changed"]) for r in on],
        "changed_without_term_without": [len(r["changed"]) for r in off],
    }
    print(json.dumps(summary, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
