"""Warm time per signed letter (render + seal), one process, one core.

    .venv/bin/python -m bench.letters [--runs 40]

The variants are timed round-robin (see bench.common.measure_interleaved).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from bench.common import measure_interleaved, record
from service.contract import load_request
from service.documents.generate import generate
from service.documents.registry import KINDS
from service.runtime import Runtime

EXAMPLE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "case.example.json"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})  # one core
    raw = json.loads(EXAMPLE.read_text(), parse_float=Decimal)
    raw.pop("evidence")
    rt = Runtime()
    variants: dict[str, Callable[[], Any]] = {}
    pages: dict[str, int] = {}
    for name, kind, options in [
        ("mise_en_demeure_signed", "mise_en_demeure", {}),
        ("mise_en_demeure_unsigned", "mise_en_demeure", {"sign": False}),
        ("relance_2_signed", "relance", {"level": 2}),
    ]:
        case, opts = load_request({"case": raw, "options": options}, KINDS[kind])
        pages[name] = generate(kind, case, opts, rt).pages
        variants[name] = partial(generate, kind, case, opts, rt)

    # the same letter for a new case each time (another reference: another QR code, other
    # text to shape), as in a batch
    counter = itertools.count()

    def new_case() -> Any:
        fresh = dict(raw, reference=f"DOS-BENCH-{next(counter):05d}")
        case, opts = load_request({"case": fresh, "options": {}}, KINDS["mise_en_demeure"])
        return generate("mise_en_demeure", case, opts, rt)

    variants["mise_en_demeure_signed_new_case"] = new_case
    pages["mise_en_demeure_signed_new_case"] = pages["mise_en_demeure_signed"]
    results = measure_interleaved(variants, runs=args.runs)
    for name, stats in results.items():
        stats["pages"] = pages[name]
        print(f"{name:32s} {pages[name]} pages  median {stats['median_ms']:7.1f} ms"
              f"  p90 {stats['p90_ms']:7.1f} ms  min {stats['min_ms']:7.1f} ms")
    record("letters", results)


if __name__ == "__main__":
    main()
