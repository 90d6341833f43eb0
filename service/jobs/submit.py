"""Putting a job's items on the queue, and what the API needs to know about the queue."""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from celery import Celery

from service.jobs.engine import TASK
from service.jobs.settings import JobSettings
from service.jobs.store import ItemRef, Job

log = logging.getLogger("recouvre.jobs")


def tasks_for(refs: Sequence[ItemRef], chunk: int) -> int:
    return (len(refs) + chunk - 1) // chunk


def enqueue(app: Celery, job: Job, refs: Sequence[ItemRef], chunk: int) -> int:
    """One task per ``chunk`` items, in input order, over one broker connection."""
    settings: JobSettings = app.recouvre_settings
    sent = 0
    with app.producer_or_acquire() as producer:
        for start in range(0, len(refs), chunk):
            part = refs[start:start + chunk]
            app.send_task(TASK, args=[job.id, [r.as_list() for r in part]],
                          task_id=f"{job.id}-{part[0].index}", queue=settings.queue,
                          producer=producer)
            sent += 1
    return sent


def queue_length(app: Celery) -> int:
    """Tasks waiting in the broker's queue (what KEDA's Redis scaler reads: ``LLEN``)."""
    settings: JobSettings = app.recouvre_settings
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
        queue = app.amqp.queues[settings.queue]
        declared = queue.bind(conn.default_channel).queue_declare()
        return int(declared.message_count) if declared else 0


# --------------------------------------------------------------------------- embedded workers


def _lock_path(settings: JobSettings) -> Path:
    path = settings.store / "_broker" / "workers.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


@contextlib.contextmanager
def hold_worker_lock(settings: JobSettings) -> Iterator[None]:
    """Held (shared) by every embedded worker while it runs: the API's proof of life."""
    fd = os.open(_lock_path(settings), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)


def embedded_worker_alive(settings: JobSettings) -> bool:
    fd = os.open(_lock_path(settings), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing drops the lock if we took it
    return False


def describe_broker(settings: JobSettings) -> dict[str, Any]:
    return {"mode": "embedded" if settings.embedded else "broker", "queue": settings.queue}
