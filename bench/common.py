"""Shared helpers for the benchmarks: timing statistics and results.json merging."""

from __future__ import annotations

import json
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).with_name("results.json")


def measure(fn: Callable[[], Any], *, runs: int, warmup: int = 3) -> dict[str, float]:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return _stats(sorted(times))


def measure_interleaved(fns: dict[str, Callable[[], Any]], *, runs: int, warmup: int = 3
                        ) -> dict[str, dict[str, float]]:
    """Time several variants round-robin: a slow spell of a shared machine then weighs on all
    of them alike instead of on whichever ran during it."""
    for fn in fns.values():
        for _ in range(warmup):
            fn()
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(runs):
        for name, fn in fns.items():
            t = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - t) * 1000)
    return {name: _stats(sorted(ts)) for name, ts in times.items()}


def _stats(times: list[float]) -> dict[str, float]:
    return {"runs": len(times), "median_ms": round(statistics.median(times), 1),
            "p90_ms": round(times[int(0.9 * (len(times) - 1))], 1),
            "min_ms": round(times[0], 1)}


def record(name: str, result: dict[str, Any]) -> None:
    data = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    result = dict(result, machine=f"{platform.machine()} {platform.python_version()}",
                  measured_on=time.strftime("%Y-%m-%d"))
    data[name] = result
    RESULTS.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
