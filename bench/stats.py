"""Paired measurements and their summary: median ratio and its spread."""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Summary:
    """Median and spread (min, max) of some samples."""

    median: float
    low: float
    high: float
    n: int

    def as_dict(self) -> dict[str, float]:
        return {"median": self.median, "low": self.low, "high": self.high, "n": self.n}


def summarize(samples: Sequence[float]) -> Summary:
    if not samples:
        raise ValueError("no samples")
    return Summary(statistics.median(samples), min(samples), max(samples), len(samples))


def paired_ratios(numerators: Sequence[float], denominators: Sequence[float]) -> Summary:
    """Ratio of each pair measured back to back, summarized.

    Pairs, not the ratio of two medians: each pair ran under the same machine load.
    """
    if len(numerators) != len(denominators):
        raise ValueError("unpaired samples")
    ratios = [a / b for a, b in zip(numerators, denominators, strict=True) if b]
    return summarize(ratios)


def percentile(samples: Sequence[float], fraction: float) -> float:
    """The ``fraction`` (0..1) percentile, by the nearest-rank method."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    rank = max(1, min(len(ordered), math.ceil(fraction * len(ordered))))
    return ordered[rank - 1]


def alternate(reps: int) -> list[tuple[str, str]]:
    """The order of the two sides in each repetition: AB, BA, AB, … (cancels drift)."""
    return [("app", "raw") if i % 2 == 0 else ("raw", "app") for i in range(reps)]


def run_alternating(
    reps: int, app: Callable[[], float], raw: Callable[[], float]
) -> tuple[list[float], list[float]]:
    """Measure both sides ``reps`` times each, in alternating order."""
    samples: dict[str, list[float]] = {"app": [], "raw": []}
    sides = {"app": app, "raw": raw}
    for order in alternate(reps):
        for side in order:
            samples[side].append(sides[side]())
    return samples["app"], samples["raw"]
