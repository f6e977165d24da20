"""Benchmarks: Hearth against the raw engine, measured side by side in one run."""
