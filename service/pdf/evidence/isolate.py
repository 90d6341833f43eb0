"""The parsing child: jobs run in order in a forked process, each under a time limit, the
process under an address-space cap; a hang or a crash fails the job, never the worker."""

from __future__ import annotations

import math
import multiprocessing
import resource
import signal
from typing import Any

from pypdf.errors import LimitReachedError

from service.config import EvidenceLimits
from service.pdf.evidence.geometry import fmt
from service.pdf.evidence.images import image_to_pdf
from service.pdf.evidence.intake import Fail, Job, Ok
from service.pdf.evidence.messages import ItemError
from service.pdf.evidence.scrub import sanitise_pdf


def _process(job: Job, limits: EvidenceLimits) -> Ok | Fail:
    try:
        if job.kind == "pdf":
            return sanitise_pdf(job.data, limits)
        return image_to_pdf(job.data, job.kind, limits)
    except ItemError as exc:
        suffix = "" if exc.code == "evidence_too_many_pages" else ".content_base64"
        return Fail(suffix, exc.code, exc.params)
    except LimitReachedError as exc:
        return Fail(".content_base64", "evidence_pdf_bomb", {"detail": str(exc)[:120]})
    except MemoryError:
        code = "evidence_pdf_bomb" if job.kind == "pdf" else "evidence_image_bomb"
        params = {"detail": "memory limit"} if job.kind == "pdf" else {
            "pixels": "?", "limit": limits.max_image_pixels}
        return Fail(".content_base64", code, params)
    except RecursionError:
        return Fail(".content_base64", "evidence_pdf_corrupt", {"detail": "nesting too deep"})
    except Exception as exc:  # any other parser failure on hostile input is the input's fault
        code = "evidence_pdf_corrupt" if job.kind == "pdf" else "evidence_image_corrupt"
        return Fail(".content_base64", code,
                     {"detail": f"{type(exc).__name__}: {str(exc)[:100]}"})


def _child_main(jobs: list[Job], limits: EvidenceLimits, conn: Any) -> None:
    # Watchdog: if the parent vanished, never outlive the time budget.
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    signal.alarm(int(math.ceil(limits.parse_timeout_s * len(jobs))) + 5)
    _limit_memory(limits.max_parse_memory_bytes)
    try:
        for job in jobs:
            conn.send((job.index, _process(job, limits)))
    finally:
        conn.close()


def _limit_memory(extra: int) -> None:
    """Cap the child's address space at its current size plus ``extra`` bytes."""
    try:
        with open("/proc/self/statm") as fh:
            current = int(fh.read().split()[0]) * resource.getpagesize()
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        target = current + extra
        if hard != resource.RLIM_INFINITY:
            target = min(target, hard)
        if soft == resource.RLIM_INFINITY or target < soft:
            resource.setrlimit(resource.RLIMIT_AS, (target, hard))
    except (OSError, ValueError):
        pass  # no /proc or no permission: the time limit still applies


def run_isolated(jobs: list[Job], limits: EvidenceLimits) -> dict[int, Ok | Fail]:
    """Process the jobs in order in a forked child; each job has ``parse_timeout_s``.

    On a timeout (or a crash) the child is killed, the job in progress is failed and a fresh
    child takes the remaining jobs.
    """
    ctx = multiprocessing.get_context("fork")
    results: dict[int, Ok | Fail] = {}
    pending = list(jobs)
    while pending:
        receiver, sender = ctx.Pipe(duplex=False)
        child = ctx.Process(target=_child_main, args=(pending, limits, sender), daemon=False)
        child.start()
        sender.close()
        try:
            while pending:
                job = pending[0]
                if not receiver.poll(limits.parse_timeout_s):
                    results[job.index] = Fail("", "evidence_parse_timeout",
                                               {"seconds": fmt(limits.parse_timeout_s)})
                    pending.pop(0)
                    break
                try:
                    index, result = receiver.recv()
                except (EOFError, OSError):
                    results[job.index] = Fail("", "evidence_parse_failed", {})
                    pending.pop(0)
                    break
                results[index] = result
                pending.pop(0)
        finally:
            if child.is_alive():
                child.kill()
            child.join()
            receiver.close()
    return results
