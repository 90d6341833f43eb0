"""Every benchmark, one after the other, each in a fresh process (``make bench``).

    .venv/bin/python -m bench.run [--quick] [--only letters,bundle,batch_throughput]

Each benchmark pins its own cores (letters and bundle one core, the batch two), which is why
they do not share a process. Results are merged into ``bench/results.json``; ``--quick`` runs
fewer repetitions and a smaller batch, a smoke run whose numbers are not kept (the file is
restored afterwards).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from bench.common import RESULTS

ROOT = Path(__file__).resolve().parents[1]

#: (module, arguments, arguments with --quick)
BENCHES: list[tuple[str, list[str], list[str]]] = [
    ("letters", [], ["--runs", "5"]),
    ("bundle", [], ["--runs", "5"]),
    ("batch_throughput", [], ["--n", "100"]),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer runs, smaller batch")
    parser.add_argument("--only", default="", help="comma-separated subset of: "
                        + ", ".join(name for name, _, _ in BENCHES))
    args = parser.parse_args()
    chosen = {name.strip() for name in args.only.split(",") if name.strip()}
    unknown = chosen - {name for name, _, _ in BENCHES}
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    saved = RESULTS.read_bytes() if args.quick and RESULTS.exists() else None
    failed = []
    try:
        _run(args.quick, chosen, failed)
    finally:
        if saved is not None:
            RESULTS.write_bytes(saved)
    if failed:
        raise SystemExit(f"failed: {', '.join(failed)}")


def _run(quick_mode: bool, chosen: set[str], failed: list[str]) -> None:
    for name, normal, quick in BENCHES:
        if chosen and name not in chosen:
            continue
        command = [sys.executable, "-m", f"bench.{name}", *(quick if quick_mode else normal)]
        print(f"== {' '.join(command[1:])}", flush=True)
        started = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, check=False)
        print(f"== {name}: {'ok' if done.returncode == 0 else f'FAILED ({done.returncode})'}"
              f" in {time.perf_counter() - started:.0f} s\n", flush=True)
        if done.returncode != 0:
            failed.append(name)


if __name__ == "__main__":
    main()
