"""Property-based tests (Hypothesis) of the parsers of untrusted input. `make test` runs
them with few examples; `make fuzz` with many (the "fuzz" profile, tests/conftest.py)."""

from __future__ import annotations

from hypothesis import settings


def share_of_examples(share: float) -> settings:
    """Settings for a test whose examples are slow (each builds a file): this share of
    the active profile's examples, so `make fuzz` stays within its time."""
    return settings(max_examples=max(20, int(settings().max_examples * share)))
