"""gunicorn settings of Recouvre: the one place for `make run`, `recouvre serve` and the Dockerfile.

gunicorn reads this file by default from the working directory (or with ``-c``). Every value
can be overridden from the environment (``PORT``, ``HOST``, ``WORKERS``, ``TIMEOUT``...) or on
the command line (``gunicorn -c gunicorn.conf.py --workers 4``).

- The application is loaded once in the master (``preload_app``): fonts, stylesheets, the seal
  key and a warm-up render are shared by the forked workers.
- Each worker is recycled after about 1 000 requests (a memory guard for long-lived renderers).
- ``PROMETHEUS_MULTIPROC_DIR`` is set and emptied before the application is imported, so that a
  scrape of ``/metrics`` on any worker sums every worker's counters; ``child_exit`` drops a
  dead worker's live gauges.
- Logs are JSON lines on stderr (``service.logs``), each carrying its request ID.
- SIGTERM is a graceful shutdown: workers finish the requests in progress (up to
  ``graceful_timeout``) and exit.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from service.logs import config_dict


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    return int(raw) if raw.strip() else default


bind = os.environ.get("BIND") or f"{os.environ.get('HOST', '127.0.0.1')}:{_int('PORT', 8000)}"
workers = _int("WORKERS", 2)
worker_class = "sync"  # one render at a time per process: WeasyPrint is single-threaded
preload_app = True
# a POST /v1/batch stops starting items after RECOUVRE_BATCH_TIME_BUDGET_S (240 s): keep above
timeout = _int("TIMEOUT", 300)
graceful_timeout = _int("GRACEFUL_TIMEOUT", 30)
keepalive = 5
max_requests = _int("MAX_REQUESTS", 1000)
max_requests_jitter = _int("MAX_REQUESTS_JITTER", 100)
limit_request_line = 8190
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
wsgi_app = "service.app:create_app()"
control_socket_disable = True  # gunicorn ≥ 25: no control socket in the home directory
logconfig_dict = config_dict(os.environ.get("LOG_LEVEL", "INFO").upper())
accesslog = None  # the application logs each request itself (service.app), with its ID

# Prometheus multiprocess mode: set before the application (and prometheus_client) is imported.
_metrics_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR") or os.path.join(
    tempfile.gettempdir(), f"recouvre-metrics-{bind.replace(':', '-').replace('/', '_')}")
os.environ["PROMETHEUS_MULTIPROC_DIR"] = _metrics_dir


def _clean_metrics_dir() -> None:
    path = Path(_metrics_dir)
    path.mkdir(parents=True, exist_ok=True)
    for stale in path.glob("*.db"):  # values of a previous run: a restart starts from zero
        stale.unlink()


_clean_metrics_dir()


def on_starting(server) -> None:  # type: ignore[no-untyped-def]
    server.log.info("metrics of every worker in %s", _metrics_dir)


def child_exit(server, worker) -> None:  # type: ignore[no-untyped-def]
    from service import metrics

    metrics.mark_process_dead(worker.pid)


def worker_int(worker) -> None:  # type: ignore[no-untyped-def]
    worker.log.info("worker %s interrupted", worker.pid)
