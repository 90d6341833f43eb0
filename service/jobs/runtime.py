"""The one runtime of a job worker process.

A Celery task cannot be handed an object, so each worker's main process builds its runtime
here (from the environment's settings) before it forks its pool, and the pool processes
inherit it — the same shape as ``gunicorn --preload``. Nothing outside ``service.jobs``
reads it: the HTTP app and the CLI pass their runtime down explicitly.
"""

from __future__ import annotations

from service.config import Settings
from service.runtime import Runtime

_runtime: Runtime | None = None


def worker_runtime() -> Runtime:
    global _runtime
    if _runtime is None:
        _runtime = Runtime(Settings.from_environ())
    return _runtime
