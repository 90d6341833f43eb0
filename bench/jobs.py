"""Jobs against the local batch: N signed mises en demeure (1 000 by default) through
``POST /v1/jobs`` and two worker processes on this machine, against ``recouvre batch --jobs 2``
in the same run.

    .venv/bin/python -m bench.jobs [--n 1000] [--modes batch,redis,embedded] [--rounds R]

- ``batch``: ``recouvre batch items.ndjson -o DIR --jobs 2`` (the local multi-process runner);
- ``redis``: a redis-server on a free loopback port, ``recouvre worker --concurrency 2``, the
  service (``recouvre serve --workers 1``), and ``recouvre batch --jobs-url`` submitting the
  file, following the job and unpacking its ZIP — what an integrator does;
- ``embedded``: no broker: ``recouvre serve`` with its own embedded worker (2 processes).

For each: wall time from the command's start to the last file on disk, documents per second,
and the CPU of every process involved (workers, service, Redis, the command) per document.
The per-item queue overhead is the difference of the wall times, in worker-seconds per item
(2 processes), and of the workers' CPU per document. Merged into ``bench/results.json`` under
``jobs``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from bench.batch_throughput import items_ndjson
from bench.common import record

ROOT = Path(__file__).resolve().parents[1]
RECOUVRE = [str(Path(sys.executable).with_name("recouvre"))]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECOUVRE_")}
    env.update(extra)
    return env


def _wait_http(url: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop and reap (so its CPU, and its children's, count in RUSAGE_CHILDREN)."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(120)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def _count(out: Path) -> tuple[int, int]:
    manifest = json.loads((out / "manifest.json").read_text())
    ok = sum(1 for e in manifest["items"] if e["status"] == "ok")
    return ok, len(manifest["items"]) - ok


def run_batch(items: Path, tmp: Path, jobs: int) -> dict[str, Any]:
    out = tmp / "out-batch"
    cpu = _cpu_children()
    started = time.perf_counter()
    subprocess.run([*RECOUVRE, "batch", str(items), "-o", str(out), "--jobs", str(jobs), "-q"],
                   env=_env(), cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    ok, errors = _count(out)
    return {"seconds": round(wall, 2), "documents": ok, "errors": errors,
            "cpu_s": round(_cpu_children() - cpu, 1)}


def run_jobs(items: Path, tmp: Path, mode: str, workers: int) -> dict[str, Any]:
    store = tmp / f"store-{mode}"
    port = _free_port()
    procs: list[subprocess.Popen[bytes]] = []
    log = (tmp / f"{mode}.log").open("wb")
    cpu = _cpu_children()
    try:
        if mode == "redis":
            redis_port = _free_port()
            redis = subprocess.Popen([shutil.which("redis-server") or "redis-server", "--port",
                                      str(redis_port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no"], stdout=log, stderr=log,
                                     start_new_session=True)
            procs.append(redis)
            env = _env(RECOUVRE_BROKER_URL=f"redis://127.0.0.1:{redis_port}/0",
                       RECOUVRE_JOB_STORE=str(store))
            worker = subprocess.Popen([*RECOUVRE, "worker", "--concurrency", str(workers),
                                       "--loglevel", "WARNING"], env=env, cwd=ROOT, stdout=log,
                                      stderr=log, start_new_session=True)
            procs.insert(0, worker)
        else:
            env = _env(RECOUVRE_JOB_STORE=str(store), RECOUVRE_EMBEDDED_WORKERS=str(workers))
        serve = subprocess.Popen([*RECOUVRE, "serve", "--host", "127.0.0.1", "--port",
                                  str(port), "--workers", "1"], env=env, cwd=ROOT, stdout=log,
                                 stderr=log, start_new_session=True)
        procs.insert(0, serve)
        url = f"http://127.0.0.1:{port}"
        _wait_http(url + "/healthz")
        time.sleep(3)  # let the workers finish their start-up render
        out = tmp / f"out-{mode}"
        started = time.perf_counter()
        client = subprocess.run([*RECOUVRE, "batch", str(items), "-o", str(out), "--jobs-url",
                                 url, "-q"], env=env, cwd=ROOT, capture_output=True, text=True)
        wall = time.perf_counter() - started
        if client.returncode != 0:
            raise SystemExit(f"{mode}: {client.stdout}{client.stderr}")
        job_id = client.stdout.split()[1].rstrip(":")
        status = json.loads(urllib.request.urlopen(f"{url}/v1/jobs/{job_id}").read())
        ok, errors = _count(out)
    finally:
        for proc in procs:
            _stop(proc)
        log.close()
    return {"seconds": round(wall, 2), "documents": ok, "errors": errors,
            "cpu_s": round(_cpu_children() - cpu, 1),
            "job_created": status["created"], "job_started": status["started"],
            "job_finished": status["finished"]}


def _median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    ordered = sorted(runs, key=lambda r: r["documents_per_s"])
    out = dict(ordered[len(ordered) // 2])
    if len(runs) > 1:
        out["rounds_documents_per_s"] = [r["documents_per_s"] for r in runs]
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--modes", default="batch,redis,embedded")
    parser.add_argument("--rounds", type=int, default=1,
                        help="run the modes in turn this many times (a shared machine's slow"
                             " spells then weigh on all of them); the median round is kept")
    args = parser.parse_args()
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    results: dict[str, Any] = {"documents": args.n, "workers": args.workers,
                               "cores": os.cpu_count(), "signed": True, "rounds": args.rounds}
    runs: dict[str, list[dict[str, Any]]] = {m: [] for m in modes}
    with tempfile.TemporaryDirectory(prefix="recouvre-bench-jobs-") as name:
        tmp = Path(name)
        items = tmp / "items.ndjson"
        items.write_bytes(items_ndjson(args.n, sign=True))
        for _round in range(args.rounds):
            for mode in modes:
                load = os.getloadavg()[0]
                if mode == "batch":
                    run = run_batch(items, tmp, args.workers)
                else:
                    run = run_jobs(items, tmp, mode, args.workers)
                for sub in tmp.glob("out-*"):
                    shutil.rmtree(sub)
                for sub in tmp.glob("store-*"):
                    shutil.rmtree(sub)
                run["documents_per_s"] = round(run["documents"] / run["seconds"], 2)
                run["cpu_ms_per_doc"] = round(run["cpu_s"] * 1000 / max(run["documents"], 1),
                                              1)
                run["load_average_1m_before"] = round(load, 2)
                run["load_average_1m_after"] = round(os.getloadavg()[0], 2)
                runs[mode].append(run)
                print(f"{mode:>8}: {run['documents']} ok, {run['errors']} errors in"
                      f" {run['seconds']:.1f} s = {run['documents_per_s']} doc/s;"
                      f" CPU {run['cpu_ms_per_doc']} ms/doc (all processes); load"
                      f" {load:.1f} → {run['load_average_1m_after']:.1f}", flush=True)
    for mode in modes:
        results[mode] = _median_run(runs[mode])
    if "batch" in results:
        base = results["batch"]
        for mode in ("redis", "embedded"):
            if mode in results:
                run = results[mode]
                run["vs_batch"] = round(run["documents_per_s"] / base["documents_per_s"], 3)
                # wall-clock overhead per item, in worker-seconds (all workers busy)
                run["queue_overhead_ms_per_item"] = round(
                    (run["seconds"] - base["seconds"]) * args.workers * 1000 / args.n, 1)
                run["cpu_overhead_ms_per_item"] = round(run["cpu_ms_per_doc"]
                                                        - base["cpu_ms_per_doc"], 1)
                print(f"{mode:>8}: {run['vs_batch']:.1%} of the batch's rate; queue overhead"
                      f" {run['queue_overhead_ms_per_item']} ms of worker time per item,"
                      f" CPU {run['cpu_overhead_ms_per_item']:+} ms per item", flush=True)
    if args.n >= 1000:
        record("jobs", results)
    else:
        record(f"jobs_n{args.n}", results)


if __name__ == "__main__":
    main()
