"""Real parts for the job tests: a redis-server on a free loopback port (Debian's; the tests
that need it are skipped, saying so, where it is not installed), ``recouvre worker``
processes, and a Flask app whose /v1/jobs uses the given settings."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from service.app import create_app
from service.config import Settings
from service.jobs.core import Jobs
from service.jobs.settings import JobSettings
from tests.factories import example_raw

ROOT = Path(__file__).resolve().parents[2]
REDIS = shutil.which("redis-server")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def recouvre_command() -> list[str]:
    script = Path(sys.executable).with_name("recouvre")
    return [str(script)] if script.exists() else [sys.executable, "-m", "service.cli"]


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    if REDIS is None:
        pytest.skip("redis-server is not installed: `make test` installs Debian's redis-server"
                    " when run as root (apt-get install redis-server)")
    port = free_port()
    proc = subprocess.Popen([REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--protected-mode", "yes"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2) as s:
                s.sendall(b"PING\r\n")
                if s.recv(16).startswith(b"+PONG"):
                    break
        except OSError:
            pass
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            pytest.fail("redis-server did not start")
        time.sleep(0.05)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(10)


def job_env(settings: JobSettings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECOUVRE_")}
    env.update(RECOUVRE_JOB_STORE=str(settings.store), RECOUVRE_JOB_QUEUE=settings.queue,
               RECOUVRE_JOB_VISIBILITY_TIMEOUT_S=str(settings.visibility_timeout_s),
               RECOUVRE_JOB_RESTORE_INTERVAL_S=str(settings.restore_interval_s),
               PYTHONPATH=str(ROOT))
    if settings.broker_url:
        env["RECOUVRE_BROKER_URL"] = settings.broker_url
    return env


class Worker:
    """A ``recouvre worker`` process in its own session (so it can be killed whole)."""

    def __init__(self, settings: JobSettings, log: Path, concurrency: int = 1) -> None:
        self.log = log
        self.fh = log.open("wb")
        self.proc = subprocess.Popen(
            [*recouvre_command(), "worker", "--concurrency", str(concurrency),
             "--loglevel", "INFO"], env=job_env(settings), cwd=ROOT, stdout=self.fh,
            stderr=subprocess.STDOUT, start_new_session=True)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while b" ready." not in self.log.read_bytes():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("worker did not start:\n" + self.log.read_text()[-3000:])
            time.sleep(0.1)

    def pids(self) -> set[int]:
        """The worker and its pool processes (its session), zombies left out."""
        found = set()
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    state = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[0]
                    if os.getsid(int(entry)) == self.pid and state not in ("Z", "X"):
                        found.add(int(entry))
                except (OSError, IndexError):
                    continue
        return found

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes, as a machine's loss would, and wait until
        the kernel has taken them all (a killed pool process is not our child: it lingers a
        moment before it turns zombie)."""
        os.killpg(self.pid, signal.SIGKILL)
        self.proc.wait(10)
        deadline = time.monotonic() + 10
        while self.pids() and time.monotonic() < deadline:
            time.sleep(0.02)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.pid, signal.SIGKILL)
                self.proc.wait(10)
        self.fh.close()


@pytest.fixture()
def workers() -> Iterator[list[Worker]]:
    started: list[Worker] = []
    yield started
    for w in started:
        w.stop()


def item(i: int, *, sign: bool = False, kind: str = "mise_en_demeure") -> dict[str, Any]:
    raw = example_raw()
    raw["reference"] = f"DOS-J-{i:04d}"
    options: dict[str, Any] = {"sign": sign}
    if kind == "relance":
        options["level"] = 1
    return {"id": f"case-{i}", "kind": kind, "case": raw, "options": options}


def ndjson(items: list[Any]) -> bytes:
    return ("\n".join(x if isinstance(x, str) else json.dumps(x, default=str)
                      for x in items) + "\n").encode()


def job_settings(tmp_path: Path, broker_url: str | None = None, **kw: Any) -> JobSettings:
    return JobSettings(broker_url=broker_url, store=tmp_path / "store",
                       queue=f"recouvre-test-{uuid.uuid4().hex[:8]}", **kw)


def jobs_client(runtime: Any, settings: JobSettings) -> Any:
    app = create_app(Settings(warm_up=False), runtime=runtime)
    app.extensions["recouvre_jobs"] = Jobs(settings)
    return app.test_client()


def wait_done(client: Any, job_id: str, timeout: float = 90) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        status = client.get(f"/v1/jobs/{job_id}").json
        if status["status"] in ("done", "cancelled") or time.monotonic() > deadline:
            return dict(status)
        time.sleep(0.2)
