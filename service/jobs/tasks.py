"""The task: generate a chunk of a job's items through the same ``run_item`` → ``generate()``
path as ``POST /v1/batch`` and ``recouvre batch``.

Idempotent by item: an item whose result is already in the store with the same input hash
(a task delivered again after its worker died) is not generated again, and generating it
again overwrites its own document and entry. Transient failures — a 5xx problem, an I/O error
on the store — are retried ``max_retries`` times with back-off; a 4xx problem (a 422 case, a
400 line) is final at once. An item whose worker died ``max_deliveries`` times is an error
(``worker_lost``), so one poisonous case cannot loop forever.
"""

from __future__ import annotations

import logging
from typing import Any

from service.batch import ItemResult, run_item
from service.jobs.runtime import worker_runtime
from service.jobs.settings import JobSettings
from service.jobs.store import ItemRef, JobStore, worker_lost_problem

log = logging.getLogger("recouvre.jobs")


def transient(result: ItemResult) -> bool:
    return result.problem is not None and int(result.problem.get("status") or 500) >= 500


def run_items(task: Any, settings: JobSettings, job_id: str, raw_refs: list[list[Any]]
              ) -> dict[str, Any]:
    store = JobStore(settings.store)
    job = store.job(job_id)
    refs = [ItemRef.from_list(r) for r in raw_refs]
    if job is None:  # purged or never committed: nothing to do
        return {"job": job_id, "gone": True}
    if job.cancelled():
        return {"job": job_id, "cancelled": True}
    job.mark_started()
    done: list[int] = []
    retries = int(getattr(task.request, "retries", 0) or 0)
    for position, ref in enumerate(refs):
        if job.cancelled():
            break
        try:
            if job.has_result(ref):
                continue
            times = job.begin(ref.index)
            lost = times > settings.max_deliveries
            if lost:
                item_id, kind = _describe(job, ref)
                result = ItemResult(index=ref.index, id=item_id, kind=kind,
                                    input_sha256=ref.sha256,
                                    problem=worker_lost_problem(times - 1))
            else:
                result = run_item(job.read_item(ref), worker_runtime())
            if not lost and transient(result) and retries < settings.max_retries:
                job.end(ref.index)
                log.warning("job %s item %d: %s, retried", job_id, ref.index,
                            (result.problem or {}).get("title"))
                raise task.retry(args=[job_id, [r.as_list() for r in refs[position:]]],
                                 countdown=2 ** (retries + 1))
            job.write_result(result)
            job.end(ref.index)
            done.append(ref.index)
        except OSError as exc:  # the store (a shared volume) failed us: try again later
            if retries >= settings.max_retries:
                log.error("job %s item %d: %s", job_id, ref.index, exc)
                _store_failed(job, ref, exc)
                continue
            log.warning("job %s item %d: %s, retried", job_id, ref.index, exc)
            raise task.retry(args=[job_id, [r.as_list() for r in refs[position:]]],
                             countdown=2 ** (retries + 1), exc=exc) from exc
    return {"job": job_id, "done": done}


def _store_failed(job: Any, ref: ItemRef, exc: OSError) -> None:
    """The last try failed on the store: say so in the item's entry if the store lets us."""
    from service.errors import RecouvreError
    from service.problems import problem_body

    item_id, kind = _describe(job, ref)
    problem = problem_body(RecouvreError(
        title="Service Unavailable", status=503,
        detail=f"The job store failed while this item was generated: {exc}"[:300]))
    try:
        job.write_result(ItemResult(index=ref.index, id=item_id, kind=kind,
                                    input_sha256=ref.sha256, problem=problem))
        job.end(ref.index)
    except OSError:
        log.exception("job %s item %d: no result could be written", job.id, ref.index)


def _describe(job: Any, ref: ItemRef) -> tuple[str | None, str | None]:
    for other, item_id, kind in job.refs():
        if other.index == ref.index:
            return item_id, kind
    return None, None
