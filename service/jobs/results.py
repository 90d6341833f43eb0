"""A job's manifest and its result ZIP, streamed from the store (neither held whole).

The manifest has the batch manifest's shape (:func:`service.batch.manifest`): ``version``,
``complete``, ``created``, ``summary``, then ``job`` (the status) and ``items`` — every item
with a result, in input order; once cancelled, the items not started as errors
``job_cancelled``.
"""

from __future__ import annotations

import json
import time
import zipfile
from collections.abc import Iterator

from service.batch import MANIFEST, manifest
from service.jobs.store import Job


def _summary(entries_status: Iterator[str]) -> dict[str, int]:
    total = ok = 0
    for status in entries_status:
        total += 1
        ok += status == "ok"
    return {"total": total, "ok": ok, "error": total - ok}


def manifest_chunks(job: Job) -> Iterator[bytes]:
    """The manifest JSON, a few entries at a time."""
    counts = job.counts()
    status = job.status()
    complete = status["status"] in ("done", "cancelled")
    if status["status"] == "cancelled":  # every item is listed: the missing ones cancelled
        ok = sum(1 for s in counts.results.values() if s == "ok")
        summary = {"total": counts.items, "ok": ok, "error": counts.items - ok}
    else:
        summary = _summary(iter(counts.results.values()))
    head = manifest([], complete=complete, extra={"job": status})
    head["summary"] = summary
    del head["items"]
    text = json.dumps(head, ensure_ascii=False, default=str)
    yield (text[:-1] + ', "items": [').encode("utf-8")
    batch: list[str] = []
    first = True
    for entry in job.entries(counts):
        batch.append(("" if first else ",\n") + json.dumps(entry, ensure_ascii=False,
                                                            default=str))
        first = False
        if len(batch) >= 200:
            yield "".join(batch).encode("utf-8")
            batch = []
    batch.append("]}\n")
    yield "".join(batch).encode("utf-8")


class _Sink:
    """Write-only, unseekable: :class:`zipfile.ZipFile` then writes data descriptors, and the
    bytes are taken out after each entry."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        return None

    def close(self) -> None:
        return None

    def take(self) -> bytes:
        out = b"".join(self.parts)
        self.parts.clear()
        return out


def zip_chunks(job: Job) -> Iterator[bytes]:
    """Every document (``NNNN_<id>_<filename>``, as in the batch ZIP), then manifest.json."""
    sink = _Sink()
    stamp = time.localtime()[:6]
    with zipfile.ZipFile(sink, "w", allowZip64=True) as archive:
        for entry in job.entries():
            name = entry.get("file")
            if entry.get("status") != "ok" or not isinstance(name, str):
                continue
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = zipfile.ZIP_STORED  # PDFs are compressed already
            with archive.open(info, "w", force_zip64=True) as out, \
                    (job.documents_dir / name).open("rb") as src:
                while block := src.read(1 << 20):
                    out.write(block)
            yield sink.take()
        info = zipfile.ZipInfo(MANIFEST, stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as out:
            for part in manifest_chunks(job):
                out.write(part)
    yield sink.take()


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def document_media_type(filename: str) -> str:
    return DOCX if filename.endswith(".docx") else "application/pdf"
