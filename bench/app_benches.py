"""In-process benchmarks: the real window (offscreen) against raw llama-cpp-python.

Both sides load the same file with the same context, threads and batch size, and run
the same prompt tokens, alternating side by side.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest.mock import patch

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from bench.stats import alternate, paired_ratios, percentile, run_alternating, summarize
from engine.chat.history_store import HistoryStore
from engine.common.paths import HOME_ENV, AppPaths
from engine.llm.generation import render_conversation, tokenize_prompt
from engine.llm.gguf_metadata import read_gguf_metadata
from engine.llm.messages import ChatMessage
from engine.llm.model import LoadedModel
from engine.llm.parameters import LoadSettings, SamplingSettings
from gui.app import build_app, dispose_window
from gui.inference.controller import InferenceController

N_CTX = 4096
THREADS = max(1, os.cpu_count() or 2)
STORY = "Write a very long, detailed story about a lighthouse keeper during a winter storm."
PASSAGE = (
    "The history of lighthouses is a history of trade, weather and stubborn people. "
    "Keepers trimmed wicks, polished lenses and logged every ship that passed. "
)


def wait_for(signal: Any, timeout_s: float = 120.0) -> tuple[Any, ...]:
    """Run the event loop until ``signal`` fires; return its arguments."""
    loop = QEventLoop()
    received: list[tuple[Any, ...]] = []

    def on_signal(*args: Any) -> None:
        received.append(args)
        loop.quit()

    signal.connect(on_signal)
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    loop.exec()
    signal.disconnect(on_signal)
    if not received:
        raise TimeoutError(f"no signal within {timeout_s}s")
    return received[0]


@dataclass
class ReplyTrace:
    """When each piece of a reply arrived and how many tokens it held (the window gets
    the tokens of one frame together; raw llama-cpp-python's come one by one)."""

    sent_at: float
    token_times: list[float] = field(default_factory=list)
    token_counts: list[int] = field(default_factory=list)  # empty: one token each
    stats: dict[str, Any] | None = None

    @property
    def tokens(self) -> int:
        return sum(self.token_counts) if self.token_counts else len(self.token_times)

    @property
    def ttft(self) -> float:
        return self.token_times[0] - self.sent_at

    @property
    def decode_tps(self) -> float:
        """Tokens delivered after the first delivery, over the time since it. Where tokens
        come in batches, up to the last batch but one: the last is handed over when the
        reply ends, one decode step (the end-of-reply token's) after its last token."""
        if not self.token_counts:
            n = len(self.token_times)
            span = self.token_times[-1] - self.token_times[0] if n else 0.0
            return (n - 1) / span if n > 1 and span > 0 else 0.0
        if len(self.token_times) < 3:
            return 0.0
        delivered = sum(self.token_counts[1:-1])
        span = self.token_times[-2] - self.token_times[0]
        return delivered / span if span > 0 else 0.0


class AppHarness:
    """The real window, built as the app builds it, over the real worker thread, with a
    private history and settings."""

    def __init__(self, model_path: Path) -> None:
        self.app = QApplication.instance() or QApplication([])
        self._tmp = tempfile.TemporaryDirectory()
        self.store = HistoryStore(Path(self._tmp.name) / "history.db")
        self.controller = InferenceController()
        paths = AppPaths.from_environment({HOME_ENV: self._tmp.name}).ensure()
        self.parts = build_app(self.controller, self.store, paths, n_ctx=N_CTX, n_threads=THREADS)
        self.window = self.parts.window
        self.workspace = self.parts.workspace
        self.chat = self.parts.chat
        self.window.show()
        self.load(model_path)

    def load(self, model_path: Path) -> float:
        started = time.perf_counter()
        self.parts.model_menu.load_model(str(model_path))
        wait_for(self.controller.model_loaded)
        return time.perf_counter() - started

    def send(self, text: str, sampling: SamplingSettings, new_chat: bool = True) -> ReplyTrace:
        if new_chat:
            self.workspace.new_chat()
        self.chat.sampling = sampling
        trace = ReplyTrace(sent_at=0.0)

        def on_text(conversation_id: int, *_args: Any) -> None:
            trace.token_times.append(time.perf_counter())
            so_far = self.chat.streamed_tokens(conversation_id) or 0
            trace.token_counts.append(so_far - sum(trace.token_counts))

        self.chat.reply_text_added.connect(on_text)
        self.workspace.input.setPlainText(text)
        trace.sent_at = time.perf_counter()
        self.workspace.send_button.click()
        _, message_id = wait_for(self.chat.reply_ended)
        self.chat.reply_text_added.disconnect(on_text)
        trace.stats = self.store.message(message_id).stats
        return trace

    def close(self) -> None:
        self.window.close()
        try:
            self.parts.shutdown()
            self.store.close()
        finally:
            dispose_window(self.window)  # before the application, as the app does
        self._tmp.cleanup()


class RawEngine:
    """llama-cpp-python used directly, as a program without Hearth would, in a process
    of its own (bench/raw_worker.py) so that Hearth's threads cannot slow it down."""

    def __init__(self, model_path: Path) -> None:
        import llama_cpp

        worker = Path(__file__).resolve().parent / "raw_worker.py"
        self._process = subprocess.Popen(
            [sys.executable, str(worker), str(model_path), str(N_CTX), str(THREADS)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self._call_line()
        # Only to build the identical prompt tokens: the vocabulary, no weights.
        vocab_only = llama_cpp.Llama(model_path=str(model_path), vocab_only=True, verbose=False)
        self._vocab_only = vocab_only
        self._view = LoadedModel(vocab_only, read_gguf_metadata(model_path), LoadSettings(), 0.0)

    def _call_line(self, request: dict[str, Any] | None = None) -> dict[str, Any]:
        assert self._process.stdin is not None and self._process.stdout is not None
        if request is not None:
            self._process.stdin.write(json.dumps(request) + "\n")
            self._process.stdin.flush()
        line = self._process.stdout.readline()
        if not line:
            raise RuntimeError("the raw llama-cpp-python process ended")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def prompt_tokens(self, messages: list[ChatMessage]) -> list[int]:
        return tokenize_prompt(self._view, render_conversation(self._view, messages))

    def reset(self) -> None:
        self._call_line({"reset": True})

    def reply(self, tokens: list[int], max_tokens: int) -> ReplyTrace:
        answer = self._call_line({"tokens": tokens, "max_tokens": max_tokens})
        return ReplyTrace(sent_at=0.0, token_times=list(answer["token_times"]))

    def close(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        self._process.wait(30)
        if self._process.stdout is not None:
            self._process.stdout.close()
        self._vocab_only.close()


def _system_messages(text: str) -> list[ChatMessage]:
    return [ChatMessage("user", text)]


def bench_decode(app: AppHarness, raw: RawEngine, reps: int, max_tokens: int) -> dict[str, Any]:
    """Tokens/s delivered to the transcript over raw generation of the same tokens."""
    greedy = SamplingSettings(temperature=0.0, seed=1, max_tokens=max_tokens, repeat_penalty=1.0)
    tokens = raw.prompt_tokens(_system_messages(STORY))
    counts: list[int] = []

    def app_rate() -> float:
        trace = app.send(STORY, greedy)
        counts.append(trace.tokens)
        return trace.decode_tps

    app_rates, raw_rates = run_alternating(
        reps, app_rate, lambda: raw.reply(tokens, max_tokens).decode_tps
    )
    ratio = paired_ratios(app_rates, raw_rates)
    return {
        "ratio": ratio.as_dict(),
        "app_tps": summarize(app_rates).as_dict(),
        "raw_tps": summarize(raw_rates).as_dict(),
        "tokens": min(counts),
        "target": ">= 0.97",
        "met": ratio.median >= 0.97,
    }


def bench_ttft(app: AppHarness, raw: RawEngine, reps: int) -> dict[str, Any]:
    """Time to first token, ~500-token prompt: full app path over raw prefill."""
    app_times: list[float] = []
    raw_times: list[float] = []
    lengths: list[int] = []
    one = SamplingSettings(temperature=0.0, seed=1, max_tokens=4)
    for index, order in enumerate(alternate(reps)):
        # A different first word each time, so neither side reuses the last prompt.
        text = f"Note {index * 7919}: " + PASSAGE * 14 + "Summarise this."
        tokens = raw.prompt_tokens(_system_messages(text))
        lengths.append(len(tokens))
        for side in order:
            if side == "app":
                app_times.append(app.send(text, one).ttft)
            else:
                raw_times.append(raw.reply(tokens, 1).ttft)
    ratio = paired_ratios(app_times, raw_times)
    return {
        "ratio": ratio.as_dict(),
        "app_s": summarize(app_times).as_dict(),
        "raw_s": summarize(raw_times).as_dict(),
        "prompt_tokens": int(sum(lengths) / len(lengths)),
        "target": "<= 1.05",
        "met": ratio.median <= 1.05,
    }


def _raw_replay(raw: RawEngine, app: AppHarness, conversation: int, turns: int) -> float:
    """Raw TTFT of turn ``turns`` over turn 2 for the same conversation's prompts."""
    stored = app.store.messages(conversation)
    ttfts = []
    raw.reset()
    for turn in range(1, turns + 1):
        history = [ChatMessage(m.role, m.content) for m in stored[: 2 * turn - 1]]
        ttfts.append(raw.reply(raw.prompt_tokens(history), 24).ttft)
    return ttfts[turns - 1] / ttfts[1]


def bench_long_conversation(
    app: AppHarness, raw: RawEngine, reps: int, turns: int = 20
) -> dict[str, Any]:
    """TTFT on turn 20 over turn 2; then the cost of switching away and back.

    The same ratio for raw llama-cpp-python replaying the same prompts shows how much
    of the growth is the engine's own (attention over a longer context).
    """
    short = SamplingSettings(temperature=0.0, seed=1, max_tokens=24)
    late_over_early: list[float] = []
    raw_late_over_early: list[float] = []
    switch_cost: list[float] = []
    for rep in range(reps):
        app.workspace.new_chat()
        conversation = app.workspace.conversation_id
        ttfts = []
        for turn in range(1, turns + 1):
            text = f"Fact {turn:02d} of set {rep}: name one animal that lives in the sea."
            ttfts.append(app.send(text, short, new_chat=False).ttft)
        late_over_early.append(ttfts[turns - 1] / ttfts[1])
        assert conversation is not None
        raw_late_over_early.append(_raw_replay(raw, app, conversation, turns))
        # Another conversation takes over the KV cache; coming back recomputes it.
        app.send("Say hello.", short)
        assert conversation is not None
        app.workspace.open_conversation(conversation)
        back = app.send(f"Fact {turns + 1} of set {rep}: one more sea animal.", short, False)
        switch_cost.append(back.ttft / ttfts[turns - 1])
    ratio = summarize(late_over_early)
    return {
        "ratio": ratio.as_dict(),
        "raw_ratio": summarize(raw_late_over_early).as_dict(),
        "after_switch_over_turn20": summarize(switch_cost).as_dict(),
        "after_switch": "recomputed (the KV cache is not saved per conversation)",
        "target": "<= 1.2",
        "met": ratio.median <= 1.2,
    }


def bench_responsiveness(app: AppHarness, max_tokens: int) -> dict[str, Any]:
    """Event-loop stalls (a 5 ms timer's lateness) and render cost per token while streaming."""
    view = app.workspace.transcript
    tokens_seen = [0]
    renders: list[tuple[int, float]] = []
    # The view's render step has no public hook: the benchmark wraps it to time it.
    original: Callable[[int], None] = view._render_row  # noqa: SLF001

    def timed_render(row: int) -> None:
        started = time.perf_counter()
        original(row)
        renders.append((tokens_seen[0], time.perf_counter() - started))

    def on_text(conversation_id: int, *_args: Any) -> None:
        tokens_seen[0] = app.chat.streamed_tokens(conversation_id) or tokens_seen[0]

    lateness: list[float] = []
    last = [time.perf_counter()]

    def on_tick() -> None:
        now = time.perf_counter()
        lateness.append(max(0.0, (now - last[0]) - 0.005))
        last[0] = now

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(on_tick)
    app.chat.reply_text_added.connect(on_text)
    # New chat is a click of its own: the event loop settles before Send is measured.
    app.workspace.new_chat()
    settle = QEventLoop()
    QTimer.singleShot(200, settle.quit)
    settle.exec()
    with patch.object(view, "_render_row", timed_render):
        timer.start()
        last[0] = time.perf_counter()
        sampling = SamplingSettings(temperature=0.9, seed=3, max_tokens=max_tokens)
        trace = app.send(STORY, sampling, new_chat=False)
        timer.stop()
    app.chat.reply_text_added.disconnect(on_text)

    per_token = []
    previous = 0
    for seen, cost in renders:
        if seen > previous:
            per_token.append((seen, cost / (seen - previous)))
            previous = seen
    total = trace.tokens

    def cost_near(target: int) -> float:
        window = [c for seen, c in per_token if abs(seen - target) <= 25]
        return summarize(window).median if window else float("nan")

    late = min(1000, total)
    render_ratio = cost_near(late) / cost_near(50)
    stall_p99 = percentile(lateness, 0.99) * 1000
    stall_max = max(lateness) * 1000
    return {
        "tokens": total,
        "stall_p99_ms": stall_p99,
        "stall_max_ms": stall_max,
        "render_cost_ratio": render_ratio,
        "render_compared_at": [50, late],
        "target": "p99 < 16 ms, max < 50 ms, render ratio <= 1.5",
        "met": stall_p99 < 16 and stall_max < 50 and render_ratio <= 1.5,
    }


def bench_model_switch(app: AppHarness, first: Path, second: Path, reps: int) -> dict[str, Any]:
    """Switching models through the app over raw close-and-load of the same files."""
    import llama_cpp

    def raw_cycle() -> float:
        started = time.perf_counter()
        for path in (second, first):
            llm = llama_cpp.Llama(
                model_path=str(path), n_ctx=N_CTX, n_threads=THREADS, verbose=False
            )
            llm.close()
        return time.perf_counter() - started

    app_times, raw_times = run_alternating(
        reps, lambda: app.load(second) + app.load(first), raw_cycle
    )
    ratio = paired_ratios(app_times, raw_times)
    return {
        "ratio": ratio.as_dict(),
        "app_s": summarize(app_times).as_dict(),
        "raw_s": summarize(raw_times).as_dict(),
        "target": "<= 1.1",
        "met": ratio.median <= 1.1,
    }
