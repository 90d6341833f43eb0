"""Batch generation: the core shared by ``POST /v1/batch`` and ``recouvre batch``.

- reading items: a JSON body ``{"items": [...]}`` or NDJSON (one item per line); an item that
  cannot be read (a line that is not JSON, an item that is not an object) becomes an error
  item, never a dropped one;
- running one item (:func:`run_item`): every fault becomes an RFC 9457 problem in the item's
  manifest entry, so one bad item never fails the others;
- the manifest entries, the ZIP stream of the API, and the resumable, multi-process directory
  runner of the command line (:func:`run_to_directory`), which can also send the items to
  running services (``servers``) instead of rendering locally.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import logging
import multiprocessing
import os
import re
import resource
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import (
    FIRST_COMPLETED,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from service.contract import load_request
from service.documents.generate import generate, safe_filename
from service.documents.registry import KINDS, get_kind
from service.errors import CaseInvalid, FieldError, LimitExceeded, RecouvreError, field_error
from service.jsonio import BadJson, parse_json
from service.problems import problem_body
from service.runtime import Runtime, get_runtime
from service.warmup import warm_up

log = logging.getLogger("recouvre.batch")

MANIFEST = "manifest.json"
MANIFEST_VERSION = 1
ITEM_KEYS = ("id", "kind", "case", "options")


# --------------------------------------------------------------------------- problems


def bug_problem(detail: str = "An unexpected error occurred while generating this item: a bug."
                ) -> dict[str, Any]:
    return problem_body(RecouvreError(title="Internal Server Error", status=500, detail=detail))


# --------------------------------------------------------------------------- items


@dataclass
class BatchItem:
    """One item of a batch, as read: ``raw`` is the parsed JSON, ``problem`` set if unreadable."""

    index: int
    raw: Any = None
    problem: dict[str, Any] | None = None
    source: bytes | None = None  # the NDJSON line, for the input hash of an unreadable item

    @property
    def id(self) -> str | None:
        value = self.raw.get("id") if isinstance(self.raw, dict) else None
        if isinstance(value, bool) or not isinstance(value, str | int):
            return None
        return str(value)

    @property
    def kind(self) -> str | None:
        value = self.raw.get("kind") if isinstance(self.raw, dict) else None
        return value if isinstance(value, str) else None

    def input_sha256(self) -> str:
        """Hash of the item's canonical JSON: a resumed batch re-renders an edited item."""
        if self.problem is not None and self.source is not None:
            return hashlib.sha256(self.source).hexdigest()
        text = json.dumps(self.raw, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                          default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _request_error(path: str, code: str, fr: str, en: str) -> CaseInvalid:
    return CaseInvalid([field_error(path, code, fr, en)])


def items_from_json(body: Any) -> list[BatchItem]:
    """``{"items": [...]}``: a malformed envelope is a 422 for the whole request."""
    if not isinstance(body, dict):
        raise _request_error("$", "invalid_type", "Un objet JSON est attendu.",
                             "A JSON object is expected.")
    errors: list[FieldError] = [
        field_error(key, "unknown_field", "Champ inconnu (faute de frappe ?).",
                    "Unknown field (typo?).") for key in body if key != "items"]
    items = body.get("items")
    if not isinstance(items, list):
        errors.append(field_error("items", "required", "Une liste d'éléments est attendue.",
                                  "A list of items is expected."))
    if errors:
        raise CaseInvalid(errors)
    assert isinstance(items, list)
    return [BatchItem(index=i, raw=raw) for i, raw in enumerate(items)]


def items_from_ndjson(data: bytes) -> list[BatchItem]:
    """One item per line; blank lines separate nothing and are not items; a line that is not
    JSON is an error item (status 400 in its problem) at its place."""
    items: list[BatchItem] = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        if not line.strip():
            continue
        index = len(items)
        try:
            raw = parse_json(line)
        except BadJson as exc:
            problem = problem_body(exc)
            problem["detail"] = f"Line {number}: {exc.detail}"[:300]
            problem["detail_fr"] = f"Ligne {number} : JSON illisible."
            items.append(BatchItem(index=index, problem=problem, source=line))
            continue
        items.append(BatchItem(index=index, raw=raw, source=line))
    return items


def read_items(data: bytes, ndjson: bool | None = None) -> list[BatchItem]:
    """Items from a body or a file; ``ndjson=None`` guesses (a JSON object with ``items``
    is the JSON form, anything else is NDJSON)."""
    if ndjson is None:
        try:
            whole = parse_json(data)
        except BadJson:
            whole = None
        ndjson = not (isinstance(whole, dict) and "items" in whole)
        if not ndjson:
            return items_from_json(whole)
    return items_from_ndjson(data) if ndjson else items_from_json(parse_json(data))


def check_limits(items: list[BatchItem], max_items: int) -> None:
    """Checked before any rendering: an empty batch is a 422, too many items a 413."""
    if not items:
        raise _request_error("items", "empty", "Le lot ne contient aucun élément.",
                             "The batch holds no item.")
    if len(items) > max_items:
        raise LimitExceeded(
            f"The batch holds {len(items)} items; the limit is {max_items}"
            " (RECOUVRE_MAX_BATCH_ITEMS).",
            [field_error("items", "too_many_items",
                         f"Le lot contient {len(items)} éléments ; la limite est {max_items}.",
                         f"The batch holds {len(items)} items; the limit is {max_items}.")],
            status=413)


# --------------------------------------------------------------------------- results


@dataclass
class ItemResult:
    index: int
    id: str | None
    kind: str | None
    input_sha256: str
    problem: dict[str, Any] | None = None
    content: bytes | None = None
    filename: str | None = None
    sha256: str | None = None
    pages: int | None = None
    postage: dict[str, Any] | None = None
    warnings: list[dict[str, Any]] = field(default_factory=list)
    template_version: str | None = None
    reference: str | None = None
    worker: tuple[int, int] | None = None  # (pid, peak RSS in KiB) of the process that ran it

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def path(self) -> str | None:
        """The file's name in the ZIP / output directory: ``0007_<id>_<filename>``."""
        if not self.ok or self.filename is None:
            return None
        return entry_name(self.index, self.id, self.filename)

    def manifest_entry(self) -> dict[str, Any]:
        out: dict[str, Any] = {"index": self.index, "id": self.id, "kind": self.kind}
        if self.ok:
            out.update(status="ok", file=self.path, filename=self.filename, sha256=self.sha256,
                       pages=self.pages, template_version=self.template_version,
                       reference=self.reference, postage=self.postage, warnings=self.warnings)
        else:
            out.update(status="error", problem=self.problem)
        out["input_sha256"] = self.input_sha256
        return out


def entry_name(index: int, item_id: str | None, filename: str) -> str:
    """No directory part, no traversal: every piece goes through :func:`safe_filename`."""
    parts = [f"{index:04d}"]
    if item_id:
        parts.append(safe_filename(item_id)[:60])
    parts.append(safe_filename(filename))
    return "_".join(parts)


def _error(item: BatchItem, problem: dict[str, Any]) -> ItemResult:
    return ItemResult(index=item.index, id=item.id, kind=item.kind,
                      input_sha256=item.input_sha256(), problem=problem)


def _check_envelope(item: BatchItem, *, known_kind: bool = True) -> list[FieldError]:
    """Faults of the item itself (not an object; id, kind) reported beside those of its case;
    with ``known_kind=False`` (items sent to a service, maybe newer) the kind is left to it."""
    raw = item.raw
    if not isinstance(raw, dict):
        return [field_error("$", "invalid_type", "Un objet JSON est attendu.",
                            "A JSON object is expected.")]
    errors: list[FieldError] = []
    if "id" in raw and (isinstance(raw["id"], bool) or not isinstance(raw["id"], str | int)):
        errors.append(field_error("id", "invalid_type", "L'identifiant doit être un texte.",
                                  "The id must be a string."))
    kind = raw.get("kind")
    if kind is None:
        errors.append(field_error("kind", "required", "Champ obligatoire manquant.",
                                  "Missing required field."))
    elif not isinstance(kind, str):
        errors.append(field_error("kind", "invalid_type", "Un texte est attendu.",
                                  "A string is expected."))
    elif known_kind:
        try:
            get_kind(kind)
        except CaseInvalid as exc:
            errors += exc.errors
    return errors


def run_item(item: BatchItem, runtime: Runtime) -> ItemResult:
    """Generate one item; never raises (a fault is the item's problem)."""
    if item.problem is not None:
        return _error(item, item.problem)
    try:
        errors = _check_envelope(item)
        if not isinstance(item.raw, dict):
            raise CaseInvalid(errors)
        try:
            case, options = load_request(item.raw, KINDS.get(item.kind or ""))
        except CaseInvalid as exc:
            errors += exc.errors
        if errors:
            raise CaseInvalid(errors)
        assert item.kind is not None
        doc = generate(item.kind, case, options, runtime)
    except RecouvreError as exc:
        return _error(item, problem_body(exc))
    except Exception:  # a bug in one item must not take the batch down
        log.exception("batch item %d failed", item.index)
        return _error(item, bug_problem())
    return ItemResult(index=item.index, id=item.id, kind=item.kind,
                      input_sha256=item.input_sha256(), content=doc.content,
                      filename=doc.filename, sha256=doc.sha256, pages=doc.pages,
                      postage=doc.postage, warnings=doc.warnings,
                      template_version=doc.template_version, reference=doc.reference)


def summary(entries: Iterable[dict[str, Any]]) -> dict[str, int]:
    listed = list(entries)
    ok = sum(1 for e in listed if e.get("status") == "ok")
    return {"total": len(listed), "ok": ok, "error": len(listed) - ok}


def manifest(entries: list[dict[str, Any]], *, complete: bool = True,
             extra: dict[str, Any] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"version": MANIFEST_VERSION, "complete": complete,
                           "created": datetime.now(UTC).isoformat(timespec="seconds"),
                           "summary": summary(entries)}
    out.update(extra or {})
    out["items"] = entries
    return out


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, default=str)


# --------------------------------------------------------------------------- ZIP stream


class _Chunks:
    """A write-only, unseekable file for :class:`zipfile.ZipFile` (it then writes data
    descriptors) whose bytes are taken out after every entry and streamed."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        return None

    def take(self) -> bytes:
        out = b"".join(self._parts)
        self._parts.clear()
        return out


def budget_problem(budget_s: float) -> dict[str, Any]:
    """The problem of an item not started because the batch ran out of time."""
    return {"type": "https://recouvre.example/problems/batch-time-budget",
            "title": "Not generated: the batch's time budget ran out", "status": 503,
            "title_fr": "Non généré : le temps alloué au lot est épuisé",
            "detail": f"This item was not started: the batch had run for {budget_s:g} s"
                      " (RECOUVRE_BATCH_TIME_BUDGET_S). Resubmit the items in error with this"
                      " code, or split the batch.",
            "detail_fr": f"Cet élément n'a pas été traité : le lot tournait depuis {budget_s:g} s"
                         " (RECOUVRE_BATCH_TIME_BUDGET_S). Renvoyez les éléments en erreur avec"
                         " ce code, ou scindez le lot.",
            "code": "batch_time_budget", "errors": []}


def zip_stream(items: list[BatchItem], runtime: Runtime, *,
               time_budget_s: float | None = None,
               clock: Callable[[], float] = time.monotonic) -> Iterator[bytes]:
    """The ZIP, item by item as each completes, ``manifest.json`` last.

    With ``time_budget_s``, no item is started once that many seconds have passed, nor once
    the slowest item so far would not end within them: the rest are listed as errors
    (``code: batch_time_budget``), so the manifest is written before the server's worker
    timeout and no item disappears.
    """
    sink = _Chunks()
    entries: list[dict[str, Any]] = []
    started = clock()
    slowest = 0.0
    with zipfile.ZipFile(sink, "w") as archive:  # type: ignore[arg-type]
        for item in items:
            began = clock()
            if time_budget_s is not None and began - started + slowest >= time_budget_s:
                entries.append(_error(item, budget_problem(time_budget_s)).manifest_entry())
                continue
            result = run_item(item, runtime)
            slowest = max(slowest, clock() - began)
            if result.ok and result.content is not None and result.path is not None:
                info = zipfile.ZipInfo(result.path, time.localtime()[:6])
                info.compress_type = zipfile.ZIP_STORED  # PDFs are already compressed
                archive.writestr(info, result.content)
            entries.append(result.manifest_entry())
            chunk = sink.take()
            if chunk:
                yield chunk
        info = zipfile.ZipInfo(MANIFEST, time.localtime()[:6])
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, dumps(manifest(entries)))
    yield sink.take()


# --------------------------------------------------------------------------- remote items


def _decimal_json(value: Any) -> bytes:
    """JSON with Decimals written as numbers (exactly as read), not strings or floats."""
    marker = "\x00"

    def mark(v: Any) -> Any:
        if isinstance(v, Decimal):
            return f"{marker}{v}{marker}"
        if isinstance(v, dict):
            return {k: mark(x) for k, x in v.items()}
        if isinstance(v, list):
            return [mark(x) for x in v]
        return v

    text = json.dumps(mark(value), ensure_ascii=False)
    text = re.sub(r'"\\u0000([-+0-9.eE]+)\\u0000"', r"\1", text)
    return text.encode("utf-8")


def post_item(item: BatchItem, server: str, *, api_key: str | None = None,
              timeout_s: float = 120.0) -> ItemResult:
    """Send one item to a running service's ``POST /v1/documents/{kind}`` (JSON answer)."""
    if item.problem is not None:
        return _error(item, item.problem)
    envelope = _check_envelope(item, known_kind=False)  # an item that is not an object too
    if envelope or item.kind is None or not isinstance(item.raw, dict):
        return _error(item, problem_body(CaseInvalid(envelope)))
    body = {k: v for k, v in item.raw.items() if k in ("case", "options")}
    body.update({k: v for k, v in item.raw.items() if k not in ITEM_KEYS})  # server flags them
    url = f"{server.rstrip('/')}/v1/documents/{urllib.parse.quote(item.kind, safe='')}"
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if api_key:
        headers["X-API-Key"] = api_key
    request = urllib.request.Request(url, data=_decimal_json(body), headers=headers,
                                     method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            answer = json.loads(response.read())
    except urllib.error.HTTPError as exc:
        try:
            problem = json.loads(exc.read())
        except ValueError:
            problem = None
        if not isinstance(problem, dict):
            problem = {"type": "about:blank", "title": exc.reason, "status": exc.code,
                       "detail": f"{url} answered {exc.code}.", "errors": []}
        problem.setdefault("errors", [])
        return _error(item, problem)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return _error(item, problem_body(RecouvreError(
            title="Service Unavailable", status=503, detail=f"{url}: {exc}"[:300])))
    content = base64.b64decode(answer["content_base64"])
    if hashlib.sha256(content).hexdigest() != answer.get("sha256"):
        return _error(item, bug_problem(f"{url}: the document's sha256 does not match."))
    return ItemResult(index=item.index, id=item.id, kind=item.kind,
                      input_sha256=item.input_sha256(), content=content,
                      filename=safe_filename(answer["filename"]), sha256=answer["sha256"],
                      pages=answer.get("pages"), postage=answer.get("postage"),
                      warnings=answer.get("warnings", []),
                      template_version=answer.get("template_version"),
                      reference=answer.get("reference"))


# --------------------------------------------------------------------------- worker processes


def _peak_rss_kib() -> int:
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)  # KiB on Linux


def _init_worker() -> None:
    """Per-process initializer: the runtime inherited from the parent (fork: one seal for all
    workers, as gunicorn --preload) or, with another start method, one built here."""
    get_runtime()


def _run_in_worker(item: BatchItem) -> ItemResult:
    result = run_item(item, get_runtime())
    result.worker = (os.getpid(), _peak_rss_kib())
    return result


# --------------------------------------------------------------------------- directory runner


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


class Progress:
    """``\\r``-redrawn progress bar on a terminal; a line every few seconds otherwise."""

    def __init__(self, total: int, stream: IO[str] | None = None, width: int = 28) -> None:
        self.total = total
        self.stream = stream
        self.width = width
        self.started = time.monotonic()
        self.done = 0
        self.base = 0  # items already done before this run (skipped)
        self._last = 0.0
        self._tty = bool(stream is not None and stream.isatty())

    def skip(self, n: int) -> None:
        self.base += n
        self.done += n

    def advance(self, n: int = 1) -> None:
        self.done += n
        self.draw()

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rendered = self.done - self.base
        rate = rendered / elapsed
        left = self.total - self.done
        eta = f"{int(left / rate) // 60}:{int(left / rate) % 60:02d}" if rate > 0 else "--:--"
        filled = int(self.width * self.done / self.total) if self.total else self.width
        bar = "#" * filled + "-" * (self.width - filled)
        return f"[{bar}] {self.done}/{self.total}  {rate:5.1f} doc/s  ETA {eta}"

    def draw(self, final: bool = False) -> None:
        if self.stream is None:
            return
        now = time.monotonic()
        if self._tty:
            if final or now - self._last >= 0.1:
                self.stream.write("\r" + self.line() + ("\n" if final else ""))
                self.stream.flush()
                self._last = now
        elif final or now - self._last >= 5.0:
            self.stream.write(self.line() + "\n")
            self.stream.flush()
            self._last = now


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
    progress: IO[str] | None = None,
    manifest_interval_s: float = 0.5,
) -> RunStats:
    """Render the items into ``out_dir`` (one file each + ``manifest.json``), resumably.

    Items whose previous manifest entry is ok with the same input hash and whose file still
    has the recorded sha256 are skipped. Files are written atomically before their manifest
    entry; the manifest is rewritten atomically at most every ``manifest_interval_s`` and at
    the end, so a killed run loses at most that much progress, never consistency.
    Local rendering uses ``jobs`` worker processes, one at least (fork: they share the
    parent's runtime);
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
    bar = Progress(len(items), progress)
    bar.skip(skipped)
    bar.draw()
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
        bar.advance()
        if time.monotonic() - last_write[0] >= interval[0]:
            save(complete=False)

    save(complete=False)
    # items in flight: enough to keep every worker busy, few to lose if a worker dies
    window = 2 if jobs <= 1 and not servers else max(2, jobs) * 4
    executor: ThreadPoolExecutor | _ProcessPool | None = None
    try:
        if todo and servers:
            threads = ThreadPoolExecutor(max_workers=max(1, jobs))
            executor = threads
            urls = itertools.cycle(servers)
            _drain(todo, lambda it: threads.submit(post_item, it, next(urls), api_key=api_key),
                   collect, window)
        elif todo:
            # Items always run in worker processes, even with jobs=1: a worker that dies (out
            # of memory, a crash in a native library) fails only the items it had in flight,
            # and the others go to a new pool. Workers run items in their main thread, where
            # the render time limit (SIGALRM) works. No item runs here: the runtime is built
            # and warmed with the service's synthetic start-up case (service.warmup), and the
            # forked workers inherit it warm.
            warm_up(get_runtime())
            pool = _ProcessPool(max(1, jobs))
            executor = pool
            _drain(todo, pool.submit, collect, window, restart=pool.restart)
    finally:
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
        bar.draw(final=True)
        save(complete=len(entries) == len(items))
    counts = summary(entries.values())
    return RunStats(total=len(items), ok=counts["ok"], error=counts["error"],
                    rendered=len(entries) - skipped, skipped=skipped,
                    seconds=time.monotonic() - started, workers=workers)


class _ProcessPool:
    """A process pool that can be replaced by a new one when a worker died and broke it."""

    def __init__(self, jobs: int) -> None:
        methods = multiprocessing.get_all_start_methods()
        self._context = multiprocessing.get_context("fork" if "fork" in methods else None)
        self.jobs = jobs
        self.restarts = 0
        self._pool = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.jobs, mp_context=self._context,
                                   initializer=_init_worker)

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


def _drain(todo: list[BatchItem], submit: Callable[[BatchItem], Future[ItemResult]],
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
        return _error(item, bug_problem(f"The worker failed: {type(exc).__name__}."))

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
def print_errors(entries: Iterable[dict[str, Any]], stream: IO[str] = sys.stderr) -> None:
    for e in entries:
        if e.get("status") != "error":
            continue
        problem = e.get("problem") or {}
        where = "; ".join(f"{x.get('path')}: {x.get('message_en')}"
                          for x in problem.get("errors", [])[:5])
        stream.write(f"  item {e['index']} ({e.get('id') or '-'}, {e.get('kind') or '-'}): "
                     f"{problem.get('status')} {problem.get('title')}"
                     f"{' — ' + where if where else ' — ' + str(problem.get('detail', ''))}\n")
