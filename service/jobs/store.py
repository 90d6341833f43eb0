"""The job store: one directory per job under ``RECOUVRE_JOB_STORE`` (a shared volume when
workers run on several machines). It is the jobs' single source of truth: the broker only
carries references to items, the result backend only what each task did.

    <store>/<job id>/job.json             id, items, created, chunk, body_sha256
                     items.bin            the items as received, one after the other
                     index.ndjson         per item: [index, offset, length, input_sha256, id, kind]
                     results/0000007.ok.json | 0000007.error.json   the item's manifest entry
                     documents/0007_<id>_<filename>                  its document
                     started, cancelled   markers (ISO time inside)
                     finished.json        written once every item has a result
                     inflight/7           how many times item 7 was started without ending
    <store>/_idempotency/<sha256>.json    Idempotency-Key → job
    <store>/_broker/                      the embedded mode's queue and results

Every file is written atomically (temporary file, then rename), the document before its
entry: a redelivered item overwrites its own two files and never adds one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from service.batch import BatchItem, ItemResult

log = logging.getLogger("recouvre.jobs")

JOB_ID = re.compile(r"^[0-9a-f]{32}$")
RESULT = re.compile(r"^(\d{7})\.(ok|error)\.json$")


def now_iso(ts: float | None = None) -> str:
    return datetime.fromtimestamp(time.time() if ts is None else ts, UTC).isoformat(
        timespec="seconds")


def write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, default=str).encode("utf-8")


def _create_marker(path: Path) -> bool:
    """Create ``path`` with the current time unless it exists; True if this call made it."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w") as fh:
        fh.write(now_iso())
    return True


def cancelled_problem() -> dict[str, Any]:
    return {"type": "https://recouvre.example/problems/job-cancelled",
            "title": "Not generated: the job was cancelled", "status": 409,
            "title_fr": "Non généré : le travail a été annulé",
            "detail": "This item had not started when the job was cancelled (DELETE"
                      " /v1/jobs/{id}). Submit it again in a new job.",
            "detail_fr": "Cet élément n'avait pas commencé quand le travail a été annulé"
                         " (DELETE /v1/jobs/{id}). Soumettez-le à nouveau dans un autre travail.",
            "code": "job_cancelled", "errors": []}


def worker_lost_problem(times: int) -> dict[str, Any]:
    return {"type": "https://recouvre.example/problems/worker-lost",
            "title": "Not generated: the item's worker died", "status": 500,
            "title_fr": "Non généré : le processus de l'élément s'est arrêté",
            "detail": f"The worker process generating this item died {times} times (out of"
                      " memory, killed): it is not tried again. A bug, or a case past the"
                      " machine's memory.",
            "detail_fr": f"Le processus qui générait cet élément s'est arrêté {times} fois"
                         " (mémoire épuisée, arrêt forcé) : il n'est plus réessayé.",
            "code": "worker_lost", "errors": []}


@dataclass(frozen=True)
class ItemRef:
    """What a task message carries for one item: where it is in ``items.bin``, its hash."""

    index: int
    offset: int
    length: int
    sha256: str

    def as_list(self) -> list[Any]:
        return [self.index, self.offset, self.length, self.sha256]

    @classmethod
    def from_list(cls, data: list[Any]) -> ItemRef:
        return cls(int(data[0]), int(data[1]), int(data[2]), str(data[3]))


@dataclass
class Counts:
    items: int
    done: int
    failed: int
    results: dict[int, str]  # index → "ok" | "error"


class Job:
    def __init__(self, root: Path, job_id: str) -> None:
        self.id = job_id
        self.dir = root / job_id
        self.results_dir = self.dir / "results"
        self.documents_dir = self.dir / "documents"
        self.inflight_dir = self.dir / "inflight"
        self._info: dict[str, Any] | None = None

    # ----------------------------------------------------------------- description
    @property
    def info(self) -> dict[str, Any]:
        if self._info is None:
            self._info = json.loads((self.dir / "job.json").read_text(encoding="utf-8"))
        return self._info

    @property
    def items(self) -> int:
        return int(self.info["items"])

    def exists(self) -> bool:
        return (self.dir / "job.json").is_file()

    def _marker(self, name: str) -> str | None:
        try:
            return (self.dir / name).read_text(encoding="utf-8").strip() or None
        except OSError:
            return None

    def cancelled(self) -> bool:
        return (self.dir / "cancelled").exists()

    def cancel(self) -> bool:
        return _create_marker(self.dir / "cancelled")

    def mark_started(self) -> None:
        if not (self.dir / "started").exists():
            _create_marker(self.dir / "started")

    # ----------------------------------------------------------------- items
    def refs(self) -> Iterator[tuple[ItemRef, str | None, str | None]]:
        """Every item in order: its reference, id and kind."""
        with (self.dir / "index.ndjson").open(encoding="utf-8") as fh:
            for line in fh:
                index, offset, length, sha, item_id, kind = json.loads(line)
                yield ItemRef(index, offset, length, sha), item_id, kind

    def read_item(self, ref: ItemRef) -> BatchItem:
        from service.jsonio import BadJson, parse_json

        with (self.dir / "items.bin").open("rb") as fh:
            fh.seek(ref.offset)
            data = fh.read(ref.length)
        try:
            item = BatchItem(index=ref.index, raw=parse_json(data), source=data)
        except BadJson:  # was readable at intake: the store was damaged
            raise OSError(f"job {self.id}: item {ref.index} is damaged in the store") from None
        if item.input_sha256() != ref.sha256:
            raise OSError(f"job {self.id}: item {ref.index} does not match its hash")
        return item

    # ----------------------------------------------------------------- results
    def _result_path(self, index: int, status: str) -> Path:
        return self.results_dir / f"{index:07d}.{status}.json"

    def result(self, index: int) -> dict[str, Any] | None:
        for status in ("ok", "error"):
            try:
                return dict(json.loads(self._result_path(index, status).read_bytes()))
            except (OSError, ValueError):
                continue
        return None

    def has_result(self, ref: ItemRef) -> bool:
        """Done already (a redelivered task): same input, and its document in place."""
        entry = self.result(ref.index)
        if entry is None or entry.get("input_sha256") != ref.sha256:
            return False
        if entry.get("status") != "ok":
            return True
        name = entry.get("file")
        return isinstance(name, str) and (self.documents_dir / name).is_file()

    def write_result(self, result: ItemResult) -> dict[str, Any]:
        """The document (atomically), then the entry (atomically); the other status's entry
        of the same item, if a previous delivery left one, is removed."""
        if result.ok and result.content is not None and result.path is not None:
            write_atomic(self.documents_dir / result.path, result.content)
        entry = result.manifest_entry()
        status = "ok" if result.ok else "error"
        write_atomic(self._result_path(result.index, status), _json(entry))
        self._result_path(result.index, "error" if result.ok else "ok").unlink(missing_ok=True)
        return entry

    def begin(self, index: int) -> int:
        """Count a start of the item; more than one start without an :meth:`end` means the
        worker that had it died."""
        path = self.inflight_dir / str(index)
        try:
            times = int(path.read_text().split()[0]) + 1
        except (OSError, ValueError, IndexError):
            times = 1
        write_atomic(path, f"{times} {os.getpid()}".encode())  # starts, and who has it
        return times

    def end(self, index: int) -> None:
        (self.inflight_dir / str(index)).unlink(missing_ok=True)

    def counts(self) -> Counts:
        results: dict[int, str] = {}
        with contextlib.suppress(FileNotFoundError):
            for name in os.listdir(self.results_dir):
                m = RESULT.match(name)
                if m:
                    results[int(m.group(1))] = m.group(2)
        failed = sum(1 for s in results.values() if s == "error")
        return Counts(items=self.items, done=len(results), failed=failed, results=results)

    def finished_at(self, counts: Counts) -> str | None:
        """When the last item ended (kept in ``finished.json`` once computed)."""
        if counts.done < counts.items:
            return None
        path = self.dir / "finished.json"
        try:
            return str(json.loads(path.read_bytes())["finished"])
        except (OSError, ValueError, KeyError):
            pass
        latest = 0.0
        for entry in os.scandir(self.results_dir):
            with contextlib.suppress(OSError):
                latest = max(latest, entry.stat().st_mtime)
        finished = now_iso(latest or None)
        write_atomic(path, _json({"finished": finished}))
        return finished

    def status(self) -> dict[str, Any]:
        counts = self.counts()
        cancelled = self._marker("cancelled")
        finished = self.finished_at(counts)
        if finished is not None:
            state = "done"
        elif cancelled:
            state = "cancelled"
        elif (self.dir / "started").exists():
            state = "running"
        else:
            state = "queued"
        out: dict[str, Any] = {
            "id": self.id, "status": state, "items": counts.items, "done": counts.done,
            "failed": counts.failed, "ok": counts.done - counts.failed,
            "created": self.info["created"], "started": self._marker("started"),
            "finished": finished, "cancelled": cancelled,
        }
        if cancelled and finished is None:
            out["not_started"] = counts.items - counts.done
        return out

    def entries(self, counts: Counts | None = None) -> Iterator[dict[str, Any]]:
        """The manifest's entries in input order: every item with a result; once the job is
        cancelled, every other item too, as an error ``job_cancelled``."""
        counts = counts or self.counts()
        cancelled = self.cancelled()
        for ref, item_id, kind in self.refs():
            if ref.index in counts.results:
                entry = self.result(ref.index)
                if entry is not None:
                    yield entry
                    continue
            if cancelled:
                yield ItemResult(index=ref.index, id=item_id, kind=kind,
                                 input_sha256=ref.sha256,
                                 problem=cancelled_problem()).manifest_entry()

    def find_item(self, item_id: str) -> list[int]:
        """Indexes of the items whose ``id`` is ``item_id``; an id of digits with no such
        item is read as the item's index."""
        found = [ref.index for ref, iid, _ in self.refs() if iid == item_id]
        if not found and item_id.isascii() and item_id.isdigit() and int(item_id) < self.items:
            found = [int(item_id)]
        return found


class JobStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def ensure(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)

    def job(self, job_id: str) -> Job | None:
        if not JOB_ID.match(job_id):
            return None
        job = Job(self.root, job_id)
        return job if job.exists() else None

    def jobs(self) -> Iterator[Job]:
        with contextlib.suppress(FileNotFoundError):
            for name in sorted(os.listdir(self.root)):
                job = self.job(name)
                if job is not None:
                    yield job

    # ----------------------------------------------------------------- idempotency
    def _idem_path(self, scope_key: str) -> Path:
        return self.root / "_idempotency" / (hashlib.sha256(scope_key.encode()).hexdigest()
                                             + ".json")

    def idempotent_job(self, scope_key: str) -> dict[str, Any] | None:
        try:
            record = dict(json.loads(self._idem_path(scope_key).read_bytes()))
        except (OSError, ValueError):
            return None
        if self.job(str(record.get("job"))) is None:  # purged: the key is free again
            self._idem_path(scope_key).unlink(missing_ok=True)
            return None
        return record

    def claim_idempotency(self, scope_key: str, job_id: str, body_sha256: str
                          ) -> dict[str, Any] | None:
        """Record key → job; if another request holds the key, its record instead."""
        path = self._idem_path(scope_key)
        path.parent.mkdir(parents=True, exist_ok=True)
        record = {"job": job_id, "body_sha256": body_sha256, "created": now_iso()}
        tmp = path.with_name(f".{uuid.uuid4().hex}.tmp")
        tmp.write_bytes(_json(record))
        try:
            os.link(tmp, path)  # atomic: exactly one request wins the key
        except FileExistsError:
            existing = self.idempotent_job(scope_key)
            if existing is not None:
                return existing
            os.replace(tmp, path)  # its job was purged: take it
            return None
        finally:
            tmp.unlink(missing_ok=True)
        return None

    # ----------------------------------------------------------------- retention
    def purge_expired(self, retention_s: int, now: float | None = None) -> list[str]:
        """Delete the jobs that ended (or were created, if they never did) more than
        ``retention_s`` ago, abandoned uploads, and the idempotency keys of deleted jobs."""
        now = time.time() if now is None else now
        removed: list[str] = []
        for job in self.jobs():
            try:
                counts = job.counts()
                ended = job.finished_at(counts) or job._marker("cancelled") \
                    or job.info["created"]
                if datetime.fromisoformat(ended).timestamp() + retention_s < now:
                    shutil.rmtree(job.dir, ignore_errors=True)
                    removed.append(job.id)
            except (OSError, ValueError, KeyError) as exc:
                log.warning("job %s: not purged (%s)", job.id, exc)
        with contextlib.suppress(FileNotFoundError):
            for entry in os.scandir(self.root):
                if entry.name.startswith(".incoming-") and \
                        entry.stat().st_mtime + 86400 < now:
                    shutil.rmtree(entry.path, ignore_errors=True)
        # the embedded queue's taken messages (an hour) and its task results (the retention)
        for sub, keep in (("processed", 3600), ("results", retention_s)):
            with contextlib.suppress(FileNotFoundError):
                for entry in os.scandir(self.root / "_broker" / sub):
                    with contextlib.suppress(OSError):
                        if entry.is_file() and entry.stat().st_mtime + keep < now:
                            os.unlink(entry.path)
        with contextlib.suppress(FileNotFoundError):
            for entry in os.scandir(self.root / "_idempotency"):
                with contextlib.suppress(OSError, ValueError):
                    record = json.loads(Path(entry.path).read_bytes())
                    if self.job(str(record.get("job"))) is None:
                        os.unlink(entry.path)
        return removed

    def maybe_purge(self, retention_s: int, every_s: int = 3600) -> None:
        """Purge at most once per ``every_s`` (any process on the store)."""
        marker = self.root / "_purged"
        try:
            if marker.stat().st_mtime + every_s > time.time():
                return
        except FileNotFoundError:
            pass
        self.ensure()
        marker.touch()
        self.purge_expired(retention_s)


class JobWriter:
    """Writes a job as its body is read: items appended to ``items.bin``, the index beside,
    an unreadable NDJSON line's error entry at once. Nothing is visible under the job's id
    until :meth:`commit`; :meth:`abort` leaves nothing behind."""

    def __init__(self, store: JobStore) -> None:
        store.ensure()
        self.store = store
        self.id = uuid.uuid4().hex
        self.staging = store.root / f".incoming-{self.id}"
        self.staging.mkdir()
        for sub in ("results", "documents", "inflight"):
            (self.staging / sub).mkdir()
        self._items = (self.staging / "items.bin").open("wb")
        self._index = (self.staging / "index.ndjson").open("w", encoding="utf-8")
        self._offset = 0
        self.count = 0
        self.refs: list[ItemRef] = []  # the items to queue (not those already in error)

    def add(self, item: BatchItem, data: bytes) -> None:
        sha = item.input_sha256()
        ref = ItemRef(item.index, self._offset, len(data), sha)
        self._items.write(data)
        self._offset += len(data)
        self._index.write(json.dumps([ref.index, ref.offset, ref.length, sha, item.id,
                                      item.kind], ensure_ascii=False) + "\n")
        self.count += 1
        if item.problem is not None:
            entry = ItemResult(index=item.index, id=item.id, kind=item.kind, input_sha256=sha,
                               problem=item.problem).manifest_entry()
            write_atomic(self.staging / "results" / f"{item.index:07d}.error.json",
                         _json(entry))
        else:
            self.refs.append(ref)

    def commit(self, *, body_sha256: str, chunk: int) -> Job:
        self._items.close()
        self._index.close()
        info = {"id": self.id, "items": self.count, "created": now_iso(), "chunk": chunk,
                "body_sha256": body_sha256}
        write_atomic(self.staging / "job.json", _json(info))
        os.rename(self.staging, self.store.root / self.id)
        job = Job(self.store.root, self.id)
        return job

    def abort(self) -> None:
        with contextlib.suppress(OSError):
            self._items.close()
            self._index.close()
        shutil.rmtree(self.staging, ignore_errors=True)

    def discard(self, job: Job) -> None:
        """Remove a committed job that could not be queued (or lost an idempotency race)."""
        shutil.rmtree(job.dir, ignore_errors=True)
