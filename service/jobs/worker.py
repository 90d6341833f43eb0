"""``recouvre worker`` (a Celery worker on the job queue) and ``recouvre embedded`` (the HTTP
service with its own workers beside it, when there is no broker).

Each worker's main process builds the runtime (fonts, stylesheets, the seal) and renders the
synthetic start-up letter (:mod:`service.warmup`) before it forks its pool processes, as
``gunicorn --preload`` does: every process — and every process recycled after
``--max-tasks-per-child`` — starts warm and shares those pages.
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from service.jobs.engine import broker_dirs, make_celery
from service.jobs.settings import JobSettings
from service.jobs.store import JobStore
from service.jobs.submit import enqueue, hold_worker_lock

log = logging.getLogger("recouvre.jobs")


def _warm_main(**_: Any) -> None:
    from service.config import Settings
    from service.jobs.runtime import worker_runtime
    from service.warmup import warm_up

    runtime = worker_runtime()  # fonts, stylesheets, the seal: once, shared by the pool
    if Settings.from_environ().warm_up:
        log.info("worker %d warm: %s", os.getpid(), warm_up(runtime))


def _warm_child(**_: Any) -> None:
    from service.jobs.runtime import worker_runtime

    worker_runtime()  # inherited from the parent: nothing to build


def queued_items(settings: JobSettings) -> set[tuple[str, int]]:
    """(job, index) of every item a message in the embedded queue still carries."""
    found: set[tuple[str, int]] = set()
    folder = broker_dirs(settings)["queue"]
    for entry in os.scandir(folder):
        if not entry.name.endswith(".msg"):
            continue
        with contextlib.suppress(OSError, ValueError, KeyError, TypeError, IndexError):
            message = json.loads(Path(entry.path).read_bytes())
            body = message["body"]
            if message.get("properties", {}).get("body_encoding") == "base64":
                body = base64.b64decode(body)
            args = json.loads(body)[0]
            for ref in args[1]:
                found.add((str(args[0]), int(ref[0])))
    return found


def resume_embedded(settings: JobSettings) -> dict[str, int]:
    """The embedded transport forgets a message its worker took and did not finish: queue
    again every item of an unfinished, uncancelled job that has no result and no message."""
    app = make_celery(settings)
    store = JobStore(settings.store)
    queued = queued_items(settings)
    resumed: dict[str, int] = {}
    for job in store.jobs():
        try:
            if job.cancelled():
                continue
            counts = job.counts()
            if counts.done >= counts.items:
                continue
            refs = [ref for ref, _, _ in job.refs() if ref.index not in counts.results
                    and (job.id, ref.index) not in queued]
            if refs:
                enqueue(app, job, refs, int(job.info.get("chunk") or 1))
                resumed[job.id] = len(refs)
        except (OSError, ValueError, KeyError) as exc:
            log.warning("job %s: not resumed (%s)", job.id, exc)
    if resumed:
        log.warning("queued again the lost items of %d job(s): %s", len(resumed), resumed)
    return resumed


def run_worker(settings: JobSettings, *, concurrency: int, loglevel: str = "INFO",
               max_tasks_per_child: int = 1000, resume: bool | None = None) -> int:
    from celery import signals

    level = getattr(logging, loglevel.upper(), logging.INFO)
    logging.basicConfig(level=logging.WARNING,  # WeasyPrint and fontTools talk a lot at INFO
                        format="%(asctime)s %(levelname)s %(name)s %(message)s")
    for name in ("recouvre", "celery"):
        logging.getLogger(name).setLevel(level)
    store = JobStore(settings.store)
    store.ensure()
    store.maybe_purge(settings.retention_s)
    app = make_celery(settings)
    signals.worker_init.connect(_warm_main, weak=False)
    signals.worker_process_init.connect(_warm_child, weak=False)
    argv = ["worker", f"--concurrency={max(1, concurrency)}", "--pool=prefork",
            f"--queues={settings.queue}", f"--loglevel={loglevel}",
            f"--max-tasks-per-child={max_tasks_per_child}", "--without-gossip",
            "--without-mingle", "--without-heartbeat", f"--hostname=recouvre-{os.getpid()}@%h"]
    if settings.embedded:
        with hold_worker_lock(settings):
            if resume is not False:
                resume_embedded(settings)
            app.worker_main(argv)
    else:
        app.worker_main(argv)
    return 0


# --------------------------------------------------------------------------- embedded


def run_embedded(command: Sequence[str], settings: JobSettings, *,
                 workers: int | None = None) -> int:
    """Run ``command`` (the HTTP service); without a broker, start ``recouvre worker`` beside
    it (restarted if it dies) and stop it when the command ends."""
    if not command:
        raise ValueError("no command to run")
    if not settings.embedded:  # workers run elsewhere, on the broker
        os.execvp(command[0], list(command))
    concurrency = workers or settings.embedded_workers or os.cpu_count() or 1
    worker_cmd = [sys.executable, "-m", "service.cli", "worker",
                  "--concurrency", str(concurrency)]
    env = dict(os.environ, RECOUVRE_JOB_STORE=str(settings.store))

    def start_worker() -> subprocess.Popen[bytes]:
        return subprocess.Popen(worker_cmd, env=env)

    worker = start_worker()
    server = subprocess.Popen(list(command), env=env)
    stopping = False

    def stop(signum: int, _frame: Any) -> None:
        nonlocal stopping
        stopping = True
        for proc in (server, worker):
            with contextlib.suppress(ProcessLookupError):
                proc.send_signal(signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    restarts = 0
    try:
        while server.poll() is None:
            if worker.poll() is not None and not stopping:
                restarts += 1
                log.error("the embedded worker exited (%s): restarted (%d)", worker.returncode,
                          restarts)
                time.sleep(min(10, restarts))
                worker = start_worker()
            time.sleep(0.2)
    finally:
        if worker.poll() is None:
            worker.terminate()  # Celery's warm shutdown: the items in hand are finished
        try:
            worker.wait(60)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        if server.poll() is None:
            server.terminate()
            server.wait(30)
    return int(server.returncode or 0)
