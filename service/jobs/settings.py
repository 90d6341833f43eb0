"""The jobs' configuration, read once from the environment (beside :mod:`service.config`,
which holds the synchronous service's).

With no ``RECOUVRE_BROKER_URL`` the jobs run *embedded*: Celery on kombu's filesystem
transport inside the job store, a file result backend, and worker processes that
``recouvre embedded`` (what ``make run`` and ``recouvre serve`` start) runs beside the HTTP
service. With ``RECOUVRE_BROKER_URL=redis://…`` Redis is the broker and the result backend and
any number of ``recouvre worker`` processes, on any machines sharing ``RECOUVRE_JOB_STORE``,
take the work.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path


def _int(env: Mapping[str, str], key: str, default: int) -> int:
    raw = env.get(key)
    return int(raw) if raw not in (None, "") else default


@dataclass(frozen=True)
class JobSettings:
    broker_url: str | None = None
    result_backend: str | None = None
    store: Path = Path("var/jobs")
    # a finished job (its documents, manifest and items) is deleted this long after it ended;
    # a job that never ended, this long after it was created
    retention_s: int = 7 * 24 * 3600
    max_items: int = 100_000
    max_body_bytes: int = 4 * 1024**3
    # past this many tasks waiting in the broker's queue a new job is refused (429)
    max_queue_length: int = 200_000
    retry_after_s: int = 30
    # transient failures (a 5xx item problem, an I/O error on the store) are retried this
    # many times, 2 s then 4 s later; a 4xx (a 422 case) never
    max_retries: int = 2
    # an item whose worker process dies this many times (out of memory, killed) is an error
    max_deliveries: int = 3
    # Redis: a task taken by a worker that died goes back to the queue after this long; keep
    # it above the longest task (one chunk of items)
    visibility_timeout_s: int = 900
    restore_interval_s: int = 10
    # items per task: 1 up to 1 000 items, then about n / 1 000, at most this many
    max_chunk_items: int = 50
    queue: str = "recouvre"
    # the embedded mode's worker processes (default: the CPU count)
    embedded_workers: int = 0

    @property
    def embedded(self) -> bool:
        return not self.broker_url

    @classmethod
    def from_environ(cls, env: Mapping[str, str] | None = None) -> JobSettings:
        env = os.environ if env is None else env
        return cls(
            broker_url=env.get("RECOUVRE_BROKER_URL") or None,
            result_backend=env.get("RECOUVRE_RESULT_BACKEND") or None,
            store=Path(env.get("RECOUVRE_JOB_STORE") or cls.store).absolute(),
            retention_s=_int(env, "RECOUVRE_JOB_RETENTION_S", cls.retention_s),
            max_items=_int(env, "RECOUVRE_MAX_JOB_ITEMS", cls.max_items),
            max_body_bytes=_int(env, "RECOUVRE_MAX_JOB_BYTES", cls.max_body_bytes),
            max_queue_length=_int(env, "RECOUVRE_MAX_QUEUE_LENGTH", cls.max_queue_length),
            retry_after_s=_int(env, "RECOUVRE_JOB_RETRY_AFTER_S", cls.retry_after_s),
            max_retries=_int(env, "RECOUVRE_JOB_MAX_RETRIES", cls.max_retries),
            max_deliveries=_int(env, "RECOUVRE_JOB_MAX_DELIVERIES", cls.max_deliveries),
            visibility_timeout_s=_int(env, "RECOUVRE_JOB_VISIBILITY_TIMEOUT_S",
                                      cls.visibility_timeout_s),
            restore_interval_s=_int(env, "RECOUVRE_JOB_RESTORE_INTERVAL_S",
                                    cls.restore_interval_s),
            max_chunk_items=_int(env, "RECOUVRE_JOB_MAX_CHUNK_ITEMS", cls.max_chunk_items),
            queue=env.get("RECOUVRE_JOB_QUEUE") or cls.queue,
            embedded_workers=_int(env, "RECOUVRE_EMBEDDED_WORKERS", cls.embedded_workers),
        )

    def with_(self, **changes: object) -> JobSettings:
        return replace(self, **changes)  # type: ignore[arg-type]

    def __repr__(self) -> str:  # a broker URL may hold a password
        broker = "embedded" if self.embedded else "redis"
        return f"JobSettings(broker={broker}, store={str(self.store)!r}, queue={self.queue!r})"


def chunk_size(items: int, max_chunk: int) -> int:
    """Items per task: one each for up to 1 000 items (a killed worker redoes one), then about
    n / 1 000 so a 100 000-item job is some 2 000 messages, not 100 000."""
    return max(1, min(max_chunk, items // 1000))
