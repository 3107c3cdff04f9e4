"""Timing helpers the page benchmarks share: run a call N times, read a percentile."""

import time
from collections.abc import Callable
from typing import Any


def timed(call: Callable[[], Any], runs: int) -> list[float]:
    """Milliseconds each of `runs` calls took."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def percentile(values: list[float], pct: float) -> float:
    """The nearest-rank percentile (`pct` in 0..100)."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]
