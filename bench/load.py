"""Load: 16 concurrent clients for 60 s of mixed document kinds against `make run` (2 workers).

    .venv/bin/python -m bench.load [--clients 16] [--seconds 60] [--workers 2]

Starts ``make run`` (gunicorn.conf.py) on a free loopback port, waits for /readyz, then each
client posts documents in turn (mise en demeure, relances 1–3, injonction de payer, draft
assignation, référé-provision) for the example case, as JSON answers, one connection per
request. Reports requests, failures, documents/s, p50/p95 latency, each worker's RSS before and
after, and the server's own count from /metrics (summed over both workers).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.common import record

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "tests" / "fixtures" / "case.example.json"
MIX = [("mise_en_demeure", {}), ("relance", {"level": 1}), ("relance", {"level": 2}),
       ("relance", {"level": 3}), ("injonction_de_payer", {}), ("assignation", {}),
       ("refere_provision", {})]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return sorted(out)


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def _gunicorn_master(make: subprocess.Popen) -> int:
    for _ in range(200):
        for pid in _children(make.pid):
            if "gunicorn" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace"):
                return pid
        time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    raw = json.loads(EXAMPLE.read_text())
    raw.pop("evidence", None)
    bodies = [(kind, json.dumps({"case": raw, "options": opts}).encode()) for kind, opts in MIX]

    port = _free_port()
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "WORKERS": str(args.workers),
           "PROMETHEUS_MULTIPROC_DIR": f"/tmp/recouvre-bench-metrics-{port}"}
    make = subprocess.Popen(["make", "-s", "run"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        master = _gunicorn_master(make)
        for _ in range(600):
            try:
                with urllib.request.urlopen(url + "/readyz", timeout=5) as r:
                    if r.status == 200 and len(_children(master)) >= args.workers:
                        break
            except OSError:
                pass
            time.sleep(0.2)
        workers = _children(master)
        rss_before = {pid: _rss_mib(pid) for pid in workers}

        latencies: list[float] = []
        failures: list[str] = []
        counter = itertools.count()
        lock = threading.Lock()
        deadline = time.monotonic() + args.seconds

        def client() -> None:
            while time.monotonic() < deadline:
                kind, body = bodies[next(counter) % len(bodies)]
                req = urllib.request.Request(f"{url}/v1/documents/{kind}", data=body,
                                             method="POST",
                                             headers={"Content-Type": "application/json",
                                                      "Connection": "close"})
                t = time.perf_counter()
                try:
                    with urllib.request.urlopen(req, timeout=120) as r:
                        r.read()
                        ok = r.status == 200
                except (urllib.error.URLError, OSError) as exc:
                    ok, err = False, str(exc)
                with lock:
                    latencies.append(time.perf_counter() - t)
                    if not ok:
                        failures.append(locals().get("err", "status"))

        started = time.monotonic()
        threads = [threading.Thread(target=client) for _ in range(args.clients)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        elapsed = time.monotonic() - started
        workers_after = _children(master)
        rss_after = {pid: _rss_mib(pid) for pid in workers_after}
        scrape = urllib.request.urlopen(url + "/metrics", timeout=30).read().decode()
        served = sum(float(v) for v in re.findall(
            r'^recouvre_documents_total\{kind="[^"]+"\} (\S+)$', scrape, re.M))
    finally:
        os.killpg(make.pid, signal.SIGTERM)
        make.wait(60)

    lat = sorted(latencies)
    result = {
        "clients": args.clients, "seconds": args.seconds, "workers": args.workers,
        "requests": len(lat), "failures": len(failures),
        "documents_per_s": round((len(lat) - len(failures)) / elapsed, 2),
        "p50_s": round(statistics.median(lat), 2),
        "p95_s": round(lat[int(0.95 * (len(lat) - 1))], 2),
        "documents_counted_by_metrics": int(served),
        "worker_rss_mib_before": list(rss_before.values()),
        "worker_rss_mib_after": list(rss_after.values()),
        "workers_recycled": sorted(set(workers) ^ set(workers_after)) != [],
        "mix": [f"{k}{'/' + str(o['level']) if o else ''}" for k, o in MIX],
    }
    record("load", result)
    print(json.dumps(result, indent=2))
    if failures:
        print("first failures:", failures[:5])


if __name__ == "__main__":
    main()
