"""The resumable directory runner of ``recouvre batch``: one file per item and a manifest,
rendered locally in worker processes or sent to running services."""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import os
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from service.batch.items import MANIFEST, BatchItem, ItemResult, dumps, manifest, summary
from service.batch.pool import ProcessPool, drain
from service.batch.remote import post_item
from service.config import Settings
from service.runtime import Runtime
from service.warmup import warm_up

log = logging.getLogger("recouvre.batch")


class ProgressSink(Protocol):
    """What the runner tells about its progress (``service.cli.Progress`` draws it)."""

    def skip(self, n: int) -> None: ...

    def advance(self, n: int = 1) -> None: ...

    def draw(self, final: bool = False) -> None: ...


@dataclass
class RunStats:
    total: int
    ok: int
    error: int
    rendered: int
    skipped: int
    seconds: float
    workers: dict[int, int] = field(default_factory=dict)  # pid → peak RSS KiB

    @property
    def rate(self) -> float:
        return self.rendered / self.seconds if self.seconds > 0 else 0.0


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _file_sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def previous_entries(out_dir: Path) -> dict[int, dict[str, Any]]:
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        return {int(e["index"]): e for e in data.get("items", []) if isinstance(e, dict)}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _safe_name(entry: dict[str, Any] | None) -> str | None:
    """The file name a manifest entry records, if it is a plain name inside the output folder
    (no directory part, not hidden): a manifest edited by hand never reaches another file."""
    name = entry.get("file") if entry else None
    if not isinstance(name, str) or not name:
        return None
    if "/" in name or "\\" in name or name.startswith("."):
        return None
    return name


def reusable(entry: dict[str, Any] | None, item: BatchItem, out_dir: Path) -> bool:
    """Done in a previous run: same input, status ok, its file present with the same hash."""
    if not entry or entry.get("status") != "ok":
        return False
    if entry.get("input_sha256") != item.input_sha256():
        return False
    name = _safe_name(entry)
    if name is None:
        return False
    return _file_sha256(out_dir / name) == entry.get("sha256")


def _remove_stale(before: dict[int, dict[str, Any]], kept: dict[int, dict[str, Any]],
                  out_dir: Path) -> None:
    """Delete the files of the previous run's entries that are not kept (input edited, item
    now to render again, batch shorter): an outdated letter must not stay beside the new ones,
    whatever this run then does with the item."""
    keep = {_safe_name(e) for e in kept.values()}
    for index, entry in before.items():
        if index in kept:
            continue
        name = _safe_name(entry)
        if name is not None and name not in keep:
            try:
                (out_dir / name).unlink(missing_ok=True)
            except OSError as exc:  # a directory of that name, no permission: said, not fatal
                log.warning("could not remove the outdated %s: %s", name, exc)


def run_to_directory(
    items: list[BatchItem],
    out_dir: Path,
    *,
    jobs: int = 1,
    servers: list[str] | None = None,
    api_key: str | None = None,
    progress: ProgressSink | None = None,
    manifest_interval_s: float = 0.5,
    runtime: Runtime | None = None,
) -> RunStats:
    """Render the items into ``out_dir`` (one file each + ``manifest.json``), resumably.

    Items whose previous manifest entry is ok with the same input hash and whose file still
    has the recorded sha256 are skipped. Files are written atomically before their manifest
    entry; the manifest is rewritten atomically at most every ``manifest_interval_s`` and at
    the end, so a killed run loses at most that much progress, never consistency. ``progress``
    (a :class:`ProgressSink`) is told of skipped and finished items.
    Local rendering uses ``jobs`` worker processes, one at least (fork: they share the
    parent's runtime: ``runtime``, or one built from the environment's settings);
    ``servers`` sends the items round-robin to running services with ``jobs`` threads.
    """
    started = time.monotonic()
    out_dir.mkdir(parents=True, exist_ok=True)
    before = previous_entries(out_dir)
    entries: dict[int, dict[str, Any]] = {}
    todo: list[BatchItem] = []
    for item in items:
        prev = before.get(item.index)
        if reusable(prev, item, out_dir):
            assert prev is not None
            entries[item.index] = prev
        else:
            todo.append(item)
    _remove_stale(before, entries, out_dir)
    skipped = len(entries)
    if progress is not None:
        progress.skip(skipped)
        progress.draw()
    workers: dict[int, int] = {}
    last_write = [0.0]
    interval = [manifest_interval_s]

    def save(complete: bool) -> None:
        began = time.monotonic()
        ordered = [entries[i] for i in sorted(entries)]
        data = manifest(ordered, complete=complete,
                        extra={"run": {"rendered": len(entries) - skipped, "skipped": skipped}})
        text = dumps(data) if complete else json.dumps(data, ensure_ascii=False, default=str)
        _write_atomic(out_dir / MANIFEST, text.encode("utf-8"))
        last_write[0] = time.monotonic()
        # a large manifest is rewritten less often: at most ~2 % of the time goes into it
        interval[0] = max(manifest_interval_s, 50 * (last_write[0] - began))

    def collect(result: ItemResult) -> None:
        if result.ok and result.content is not None and result.path is not None:
            _write_atomic(out_dir / result.path, result.content)
        if result.worker is not None:
            pid, rss = result.worker
            workers[pid] = max(workers.get(pid, 0), rss)
        entries[result.index] = result.manifest_entry()
        if progress is not None:
            progress.advance()
        if time.monotonic() - last_write[0] >= interval[0]:
            save(complete=False)

    save(complete=False)
    # items in flight: enough to keep every worker busy, few to lose if a worker dies
    window = 2 if jobs <= 1 and not servers else max(2, jobs) * 4
    executor: ThreadPoolExecutor | ProcessPool | None = None
    try:
        if todo and servers:
            threads = ThreadPoolExecutor(max_workers=max(1, jobs))
            executor = threads
            urls = itertools.cycle(servers)
            drain(todo, lambda it: threads.submit(post_item, it, next(urls), api_key=api_key),
                   collect, window)
        elif todo:
            # Items always run in worker processes, even with jobs=1: a worker that dies (out
            # of memory, a crash in a native library) fails only the items it had in flight,
            # and the others go to a new pool. Workers run items in their main thread, where
            # the render time limit (SIGALRM) works. No item runs here: the runtime is built
            # and warmed with the service's synthetic start-up case (service.warmup), and the
            # forked workers inherit it warm.
            runtime = runtime if runtime is not None else Runtime(Settings.from_environ())
            warm_up(runtime)
            pool = ProcessPool(max(1, jobs), runtime)
            executor = pool
            drain(todo, pool.submit, collect, window, restart=pool.restart)
    finally:
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
        if progress is not None:
            progress.draw(final=True)
        save(complete=len(entries) == len(items))
    counts = summary(entries.values())
    return RunStats(total=len(items), ok=counts["ok"], error=counts["error"],
                    rendered=len(entries) - skipped, skipped=skipped,
                    seconds=time.monotonic() - started, workers=workers)
