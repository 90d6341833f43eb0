"""Warm time per signed letter (render + seal), one process, one core.

    .venv/bin/python -m bench.letters [--runs 30]
"""

from __future__ import annotations

import argparse
import json
import os
from decimal import Decimal
from pathlib import Path

from bench.common import measure, record
from service.contract import load_request
from service.documents.generate import generate
from service.runtime import Runtime

EXAMPLE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "case.example.json"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})  # one core
    raw = json.loads(EXAMPLE.read_text(), parse_float=Decimal)
    raw.pop("evidence")
    rt = Runtime(env={})
    results = {}
    for name, kind, options in [
        ("mise_en_demeure_signed", "mise_en_demeure", {}),
        ("mise_en_demeure_unsigned", "mise_en_demeure", {"sign": False}),
        ("relance_2_signed", "relance", {"level": 2}),
    ]:
        case, opts = load_request({"case": raw, "options": options})
        doc = generate(kind, case, opts, rt)
        stats = measure(lambda kind=kind, case=case, opts=opts: generate(kind, case, opts, rt),
                        runs=args.runs)
        stats["pages"] = doc.pages
        results[name] = stats
        print(f"{name:28s} {doc.pages} pages  median {stats['median_ms']:7.1f} ms"
              f"  p90 {stats['p90_ms']:7.1f} ms")
    record("letters", results)


if __name__ == "__main__":
    main()
