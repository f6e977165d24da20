"""The benchmark code computes what it says (no speed is asserted anywhere)."""

from __future__ import annotations

import pytest

from bench.app_benches import ReplyTrace
from bench.process_benches import top_imports
from bench.stats import alternate, paired_ratios, percentile, summarize


def test_paired_ratios_take_each_pair_not_the_medians() -> None:
    summary = paired_ratios([2.0, 3.0, 10.0], [1.0, 3.0, 5.0])
    assert summary.median == 2.0  # ratios 2, 1, 2
    assert (summary.low, summary.high, summary.n) == (1.0, 2.0, 3)
    with pytest.raises(ValueError):
        paired_ratios([1.0], [1.0, 2.0])


def test_summary_and_percentiles() -> None:
    assert summarize([3.0, 1.0, 2.0]).as_dict() == {"median": 2.0, "low": 1.0, "high": 3.0, "n": 3}
    samples = [float(i) for i in range(1, 101)]
    assert percentile(samples, 0.99) == 99.0
    assert percentile(samples, 1.0) == 100.0
    assert percentile([5.0], 0.5) == 5.0
    with pytest.raises(ValueError):
        summarize([])


def test_sides_alternate_to_cancel_drift() -> None:
    assert alternate(3) == [("app", "raw"), ("raw", "app"), ("app", "raw")]


def test_trace_rates_from_known_clock() -> None:
    trace = ReplyTrace(sent_at=10.0, token_times=[10.5, 10.6, 10.7, 10.8, 10.9])
    assert trace.ttft == pytest.approx(0.5)
    assert trace.decode_tps == pytest.approx(4 / 0.4)
    assert ReplyTrace(sent_at=0.0, token_times=[1.0]).decode_tps == 0.0


def test_importtime_parsing_keeps_top_level_modules() -> None:
    stderr = "\n".join(
        [
            "import time: self [us] | cumulative | imported package",
            "import time:       100 |        150 |   child",
            "import time:       200 |      90000 | gui.app",
            "import time:        50 |       5000 | engine",
        ]
    )
    rows = top_imports(stderr)
    assert rows == [
        {"module": "gui.app", "cumulative_ms": 90.0},
        {"module": "engine", "cumulative_ms": 5.0},
    ]


def test_run_alternating_pairs_each_side_in_turn() -> None:
    from bench.stats import run_alternating

    calls: list[str] = []

    def side(name: str, value: float) -> float:
        calls.append(name)
        return value

    app, raw = run_alternating(3, lambda: side("app", 2.0), lambda: side("raw", 1.0))
    assert calls == ["app", "raw", "raw", "app", "app", "raw"]
    assert app == [2.0, 2.0, 2.0] and raw == [1.0, 1.0, 1.0]
