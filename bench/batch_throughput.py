"""Batch throughput: N signed mises en demeure through the command line's batch core
(``service.batch.run_to_directory``, the code behind ``recouvre batch``) on 2 cores.

    .venv/bin/python -m bench.batch_throughput [--n 1000] [--jobs 2] [--unsigned]

Prints documents per second and the peak resident memory of each worker process (its
``ru_maxrss``, which counts the pages it shares with the parent after the fork), and merges
the result into ``bench/results.json`` under ``batch_throughput``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from bench.common import record
from service import batch
from service.cli import Progress

EXAMPLE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "case.example.json"


def items_ndjson(n: int, sign: bool) -> bytes:
    raw = json.loads(EXAMPLE.read_text(encoding="utf-8"), parse_float=Decimal)
    raw.pop("evidence", None)
    lines = []
    for i in range(n):
        raw["reference"] = f"DOS-BENCH-{i:05d}"
        lines.append(json.dumps({"id": f"b{i}", "kind": "mise_en_demeure", "case": raw,
                                 "options": {"sign": sign}}, default=str, ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--unsigned", action="store_true")
    args = parser.parse_args()
    cores = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    if len(cores) > args.jobs:
        os.sched_setaffinity(0, set(cores[: args.jobs]))  # the workers inherit it
    items = batch.read_items(items_ndjson(args.n, sign=not args.unsigned))
    with tempfile.TemporaryDirectory(prefix="recouvre-bench-") as tmp:
        started = time.perf_counter()
        stats = batch.run_to_directory(items, Path(tmp), jobs=args.jobs,
                                       progress=Progress(len(items), sys.stderr))
        wall = time.perf_counter() - started
        pages = sum(e.get("pages") or 0 for e in batch.previous_entries(Path(tmp)).values())
    if stats.error:
        raise SystemExit(f"{stats.error} item(s) failed")
    workers_mib = sorted(round(kib / 1024, 1) for kib in stats.workers.values())
    result = {
        "documents": stats.ok, "jobs": args.jobs,
        "cores": len(os.sched_getaffinity(0)) if cores else os.cpu_count(),
        "signed": not args.unsigned, "pages": pages,
        "seconds": round(wall, 2), "documents_per_s": round(stats.ok / wall, 1),
        "peak_rss_per_worker_mib": workers_mib,
        "peak_rss_parent_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        # where the CPU went: the parent (reading items, writing files and the manifest) and
        # the workers (rendering and sealing), in CPU milliseconds per document
        "cpu_ms_per_doc_parent": round(_cpu(resource.RUSAGE_SELF) * 1000 / stats.ok, 1),
        "cpu_ms_per_doc_workers": round(_cpu(resource.RUSAGE_CHILDREN) * 1000 / stats.ok, 1),
        "load_average_1m": round(os.getloadavg()[0], 2),
    }
    print(f"{stats.ok} mises en demeure ({pages} pages), --jobs {args.jobs}: {wall:.1f} s,"
          f" {result['documents_per_s']} documents/s; peak RSS per worker {workers_mib} MiB,"
          f" parent {result['peak_rss_parent_mib']} MiB; CPU per document: parent"
          f" {result['cpu_ms_per_doc_parent']} ms, workers {result['cpu_ms_per_doc_workers']} ms")
    key = "batch_throughput" + ("_unsigned" if args.unsigned else "")
    record(key + (f"_jobs{args.jobs}" if args.jobs != 2 else ""), result)


if __name__ == "__main__":
    main()
