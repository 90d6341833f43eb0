"""Worker processes for the directory runner: forked from a warm parent, replaced when one
dies, with a bounded number of items in flight."""

from __future__ import annotations

import logging
import multiprocessing
import os
import resource
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from service.batch.items import BatchItem, ItemResult, bug_problem, error_result, run_item
from service.config import Settings
from service.runtime import Runtime

log = logging.getLogger("recouvre.batch")

def _peak_rss_kib() -> int:
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)  # KiB on Linux


_worker_runtime: Runtime | None = None  # set in each worker process by _init_worker


def _init_worker(runtime: Runtime | None, settings: Settings) -> None:
    """Per-process initializer: the runtime handed down by the parent (fork: inherited, one
    seal for all workers, as gunicorn --preload) or, with another start method (where it
    cannot travel), one built here from the parent's settings."""
    global _worker_runtime
    _worker_runtime = runtime if runtime is not None else Runtime(settings)


def _run_in_worker(item: BatchItem) -> ItemResult:
    assert _worker_runtime is not None, "the pool's initializer sets the worker's runtime"
    result = run_item(item, _worker_runtime)
    result.worker = (os.getpid(), _peak_rss_kib())
    return result


class ProcessPool:
    """A process pool that can be replaced by a new one when a worker died and broke it."""

    def __init__(self, jobs: int, runtime: Runtime) -> None:
        methods = multiprocessing.get_all_start_methods()
        self._forks = "fork" in methods
        self._context = multiprocessing.get_context("fork" if self._forks else None)
        self.jobs = jobs
        self.runtime = runtime
        self.restarts = 0
        self._pool = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.jobs, mp_context=self._context,
                                   initializer=_init_worker,
                                   initargs=(self.runtime if self._forks else None,
                                             self.runtime.settings))

    def submit(self, item: BatchItem) -> Future[ItemResult]:
        return self._pool.submit(_run_in_worker, item)

    def restart(self) -> None:
        """Shut the broken pool down (its futures are all settled) and start a new one."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        self.restarts += 1
        log.warning("a worker process died: new worker pool (%d)", self.restarts)
        self._pool = self._new()

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._pool.shutdown(wait=wait, cancel_futures=cancel_futures)


def drain(todo: list[BatchItem], submit: Callable[[BatchItem], Future[ItemResult]],
           collect: Callable[[ItemResult], None], window: int,
           restart: Callable[[], None] | None = None) -> None:
    """Keep at most ``window`` items in flight (bounded memory for large batches). An
    unexpected answer makes its item an error item. A worker that dies (killed, out of memory)
    breaks its process pool: the items that were in flight in it become error items (a rerun
    retries them) and, with ``restart``, the rest go to a new pool."""
    pending: dict[Future[ItemResult], BatchItem] = {}
    queue = deque(todo)
    broken = False

    def failed(item: BatchItem, exc: BaseException) -> ItemResult:
        log.error("batch item %d: %s", item.index, exc)
        return error_result(item, bug_problem(f"The worker failed: {type(exc).__name__}."))

    def refill() -> None:
        nonlocal broken
        while len(pending) < window and queue and not broken:
            item = queue.popleft()
            try:
                pending[submit(item)] = item
            except BrokenProcessPool:
                if restart is None:
                    collect(failed(item, BrokenProcessPool()))
                else:
                    queue.appendleft(item)  # never started: it goes to the next pool
                    broken = True
            except Exception as exc:
                collect(failed(item, exc))

    refill()
    while pending or queue:
        if pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            if broken:  # every future of a broken pool is settled: take them all
                done = set(pending)
            for future in done:
                item = pending.pop(future)
                try:
                    result = future.result()
                except BrokenProcessPool as exc:
                    broken = restart is not None
                    result = failed(item, exc)
                except Exception as exc:
                    result = failed(item, exc)
                collect(result)
            if broken and pending:
                continue  # settle the rest of the dead pool's items first
        if broken:
            assert restart is not None
            restart()
            broken = False
        refill()
