"""A real gunicorn serving the app on a free loopback port, with the project's gunicorn.conf.py."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
RECOUVRE = Path(sys.executable).with_name("recouvre")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    metrics_dir: Path
    log: Path

    def worker_pids(self) -> set[int]:
        pids = set()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                pids.add(int(stat.parent.name))
        return pids


@contextmanager
def gunicorn(tmp: Path, *, workers: int = 2, env: dict[str, str] | None = None,
             timeout_s: float = 60, job_workers: int = 0) -> Iterator[Server]:
    """``job_workers`` > 0: as ``make run`` serves, under ``recouvre embedded`` with that many
    job worker processes beside gunicorn (a job store of its own under ``tmp``)."""
    port = free_port()
    metrics_dir = tmp / "metrics"
    log = tmp / "gunicorn.log"
    environ = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "WORKERS": str(workers),
               "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir), **(env or {})}
    environ.pop("RECOUVRE_SIGNING_P12", None)
    command = [str(GUNICORN), "-c", str(ROOT / "gunicorn.conf.py")]
    if job_workers:
        environ.pop("RECOUVRE_BROKER_URL", None)
        environ["RECOUVRE_JOB_STORE"] = str(tmp / "jobs")
        metrics_dir.mkdir(parents=True, exist_ok=True)  # the job worker counts there too
        command = [str(RECOUVRE), "embedded", "--workers", str(job_workers), "--", *command]
    with log.open("wb") as out:
        proc = subprocess.Popen(command,
                                cwd=ROOT, env=environ, stdout=out, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", proc, metrics_dir, log)
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(server.url + "/readyz", timeout=5) as r:
                    if r.status == 200 and len(server.worker_pids()) >= workers:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn not ready: {log.read_text()[-2000:]}")
            time.sleep(0.2)
        yield server
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=40)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
