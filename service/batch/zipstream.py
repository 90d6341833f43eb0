"""The ZIP of ``POST /v1/batch``, streamed item by item, ``manifest.json`` last."""

from __future__ import annotations

import time
import zipfile
from collections.abc import Callable, Iterator
from typing import Any

from service.batch.items import (
    MANIFEST,
    BatchItem,
    dumps,
    error_result,
    manifest,
    run_item,
)
from service.runtime import Runtime


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
    # _Chunks is a write-only, unseekable file object, which ZipFile streams to (data
    # descriptors); the stubs want a full IO[bytes]
    with zipfile.ZipFile(sink, "w") as archive:  # type: ignore[call-overload]
        for item in items:
            began = clock()
            if time_budget_s is not None and began - started + slowest >= time_budget_s:
                entries.append(error_result(item, budget_problem(time_budget_s)).manifest_entry())
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
