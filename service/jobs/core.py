"""The jobs' core, below the HTTP layer: submit a body, read a job, cancel it.

One :class:`Jobs` per process (the Celery client and its broker connections are made on
first use, after gunicorn has forked).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from celery import Celery

from service.errors import CaseInvalid, LimitExceeded, RecouvreError, field_error
from service.jobs import intake
from service.jobs.engine import make_celery
from service.jobs.settings import JobSettings, chunk_size
from service.jobs.store import Job, JobStore, JobWriter
from service.jobs.submit import embedded_worker_alive, enqueue, queue_length, tasks_for

NDJSON = ("application/x-ndjson", "application/ndjson", "application/jsonl")


class Busy(RecouvreError):
    """429 (the queue is full) or 503 (no broker, no worker): retry after ``retry_after`` s."""

    def __init__(self, status: int, detail: str, detail_fr: str, retry_after: int,
                 code: str) -> None:
        super().__init__(title="Too Many Requests" if status == 429 else "Service Unavailable",
                         status=status, detail=detail,
                         type=f"https://recouvre.example/problems/{code.replace('_', '-')}")
        self.detail_fr = detail_fr
        self.title_fr = "Trop de requêtes" if status == 429 else \
            "Service momentanément indisponible"
        self.retry_after = retry_after
        self.code = code


class NotFound(RecouvreError):
    def __init__(self, what: str, what_fr: str) -> None:
        super().__init__(title="Not Found", status=404, detail=f"{what} does not exist"
                         " (or has passed its retention period).",
                         type="https://recouvre.example/problems/not-found")
        self.detail_fr = f"{what_fr} n'existe pas (ou sa durée de conservation est passée)."
        self.title_fr = "Ressource introuvable"
        self.code = "not_found"


class Conflict(RecouvreError):
    def __init__(self, detail: str, detail_fr: str, code: str,
                 retry_after: int | None = None) -> None:
        super().__init__(title="Conflict", status=409, detail=detail,
                         type=f"https://recouvre.example/problems/{code.replace('_', '-')}")
        self.detail_fr = detail_fr
        self.title_fr = "Conflit"
        self.code = code
        self.retry_after = retry_after


@dataclass
class Submitted:
    job: Job
    status: dict[str, Any]
    replayed: bool = False


# visible ASCII, spaces only inside (HTTP trims a header value's ends): published as is
IDEMPOTENCY_KEY_PATTERN = r"^[!-~]([ -~]{0,253}[!-~])?$"


def _check_key(key: str) -> None:
    if re.fullmatch(IDEMPOTENCY_KEY_PATTERN, key) is None:
        raise CaseInvalid([field_error(
            "headers.Idempotency-Key", "invalid_idempotency_key",
            "La clé d'idempotence compte de 1 à 255 caractères ASCII visibles (espaces"
            " admises à l'intérieur).",
            "The idempotency key must be 1 to 255 visible ASCII characters (spaces allowed"
            " inside).")])


class Jobs:
    def __init__(self, settings: JobSettings) -> None:
        self.settings = settings
        self.store = JobStore(settings.store)
        self._celery: Celery | None = None
        self._pid = 0

    @property
    def celery(self) -> Celery:
        if self._celery is None or self._pid != os.getpid():  # never share a forked pool
            self._celery = make_celery(self.settings)
            self._pid = os.getpid()
        return self._celery

    # ----------------------------------------------------------------- admission
    def _busy_broker(self, exc: Exception) -> Busy:
        return Busy(503, f"The job queue is unreachable ({type(exc).__name__}); try again"
                         " later.",
                    "La file des travaux est injoignable ; réessayez plus tard.",
                    self.settings.retry_after_s, "queue_unavailable")

    def _busy_store(self, exc: OSError) -> Busy:
        return Busy(503, f"The job store cannot take the job ({exc.strerror or exc}); try"
                         " again later.",
                    "Le stockage des travaux ne peut pas recevoir ce travail ; réessayez plus"
                    " tard.", self.settings.retry_after_s, "job_store_unavailable")

    def backlog(self) -> int:
        """Tasks waiting; a 503 :class:`Busy` when nothing would take a new job."""
        if self.settings.embedded and not embedded_worker_alive(self.settings):
            raise Busy(503, "No job worker is running on this machine: start the service with"
                            " `make run` or `recouvre serve` (they start the embedded workers),"
                            " or run `recouvre worker`.",
                       "Aucun processus de travail ne tourne sur cette machine : démarrez le"
                       " service avec `make run` ou `recouvre serve`, ou lancez"
                       " `recouvre worker`.", self.settings.retry_after_s, "no_worker")
        try:
            return queue_length(self.celery)
        except Exception as exc:  # kombu's and redis's connection errors alike
            raise self._busy_broker(exc) from None

    def _queue_full(self, backlog: int, adding: int) -> Busy:
        limit = self.settings.max_queue_length
        return Busy(429, f"The job queue holds {backlog} task(s); with this job's {adding} it"
                         f" would pass its limit of {limit} (RECOUVRE_MAX_QUEUE_LENGTH). Retry"
                         " later.",
                    f"La file contient {backlog} tâche(s) ; avec les {adding} de ce travail elle"
                    f" dépasserait sa limite de {limit}. Réessayez plus tard.",
                    self.settings.retry_after_s, "queue_full")

    def admit(self) -> None:
        """Checked before the body is read."""
        backlog = self.backlog()
        if backlog >= self.settings.max_queue_length:
            raise self._queue_full(backlog, 0)

    # ----------------------------------------------------------------- submission
    def read_items(self, chunks: Iterable[bytes], mimetype: str, max_item_bytes: int
                   ) -> Iterator[Any]:
        if mimetype in NDJSON:
            return intake.ndjson_items(chunks, max_item_bytes)
        if mimetype == "application/json" or mimetype.endswith("+json"):
            return intake.json_items(chunks, max_item_bytes)
        raise RecouvreError(title="Unsupported Media Type", status=415,
                            detail="Send the items as application/json or"
                                   " application/x-ndjson.",
                            type="https://recouvre.example/problems/unsupported-media-type")

    def submit(self, chunks: Iterable[bytes], mimetype: str, *, max_item_bytes: int,
               idempotency_key: str | None = None, scope: str = "") -> Submitted:
        if idempotency_key is not None:
            _check_key(idempotency_key)
        self.admit()
        body_hash = hashlib.sha256()

        def hashed() -> Iterator[bytes]:
            for chunk in chunks:
                body_hash.update(chunk)
                yield chunk

        items = self.read_items(hashed(), mimetype, max_item_bytes)
        try:
            writer = JobWriter(self.store)
        except OSError as exc:
            raise self._busy_store(exc) from None
        limit = self.settings.max_items
        try:
            for item, data in items:
                if writer.count >= limit:
                    raise LimitExceeded(
                        f"The job holds more than {limit} items (RECOUVRE_MAX_JOB_ITEMS).",
                        [field_error("items", "too_many_items",
                                     f"Le travail contient plus de {limit} éléments, la limite.",
                                     f"The job holds more than {limit} items, the limit.")],
                        status=413)
                writer.add(item, data)
            if writer.count == 0:
                raise CaseInvalid([field_error("items", "empty",
                                               "Le travail ne contient aucun élément.",
                                               "The job holds no item.")])
            chunk = chunk_size(writer.count, self.settings.max_chunk_items)
            job = writer.commit(body_sha256=body_hash.hexdigest(), chunk=chunk)
        except OSError as exc:  # the store (full, unmounted): ours, not the client's
            writer.abort()
            raise self._busy_store(exc) from None
        except BaseException:
            writer.abort()
            raise
        if idempotency_key is not None:
            scoped = f"{scope}\x00{idempotency_key}"
            other = self.store.claim_idempotency(scoped, job.id, body_hash.hexdigest())
            if other is not None:
                writer.discard(job)
                if other.get("body_sha256") != body_hash.hexdigest():
                    raise CaseInvalid([field_error(
                        "headers.Idempotency-Key", "idempotency_key_reused",
                        "Cette clé d'idempotence a déjà servi pour un autre corps de requête.",
                        "This idempotency key was already used with a different body.")])
                existing = self.store.job(str(other["job"]))
                assert existing is not None
                return Submitted(existing, existing.status(), replayed=True)
        try:
            tasks = tasks_for(writer.refs, chunk)
            backlog = self.backlog()
            if backlog + tasks > self.settings.max_queue_length:
                raise self._queue_full(backlog, tasks)
            enqueue(self.celery, job, writer.refs, chunk)
        except Busy:
            self._forget(job, idempotency_key, scope)
            raise
        except Exception as exc:
            self._forget(job, idempotency_key, scope)
            raise self._busy_broker(exc) from None
        self.store.maybe_purge(self.settings.retention_s)
        return Submitted(job, job.status())

    def _forget(self, job: Job, key: str | None, scope: str) -> None:
        import shutil

        if key is not None:
            self.store._idem_path(f"{scope}\x00{key}").unlink(missing_ok=True)
        shutil.rmtree(job.dir, ignore_errors=True)

    # ----------------------------------------------------------------- reading
    def job(self, job_id: str) -> Job:
        job = self.store.job(job_id)
        if job is None:
            raise NotFound(f"Job {job_id[:40]}", f"Le travail {job_id[:40]}")
        return job

    def cancel(self, job_id: str) -> dict[str, Any]:
        job = self.job(job_id)
        status = job.status()
        if status["status"] == "done":
            raise Conflict("The job is done: there is nothing left to cancel.",
                           "Le travail est terminé : il n'y a plus rien à annuler.",
                           "job_finished")
        job.cancel()
        return job.status()

    def document(self, job_id: str, item_id: str) -> tuple[Job, dict[str, Any]]:
        """The entry of one item: its document when ``ok``, its problem when ``error``."""
        job = self.job(job_id)
        found = job.find_item(item_id)
        if not found:
            raise NotFound(f"Item {item_id[:60]!r} of job {job_id}",
                           f"L'élément « {item_id[:60]} » du travail {job_id}")
        if len(found) > 1:
            raise Conflict(f"{len(found)} items have the id {item_id[:60]!r} (indexes"
                           f" {', '.join(map(str, found[:10]))}): ask for one by its index.",
                           f"{len(found)} éléments ont l'identifiant « {item_id[:60]} » :"
                           " demandez-en un par son indice.", "ambiguous_item_id")
        entry = job.result(found[0])
        if entry is None:
            if job.cancelled():
                raise Conflict("The job was cancelled before this item started.",
                               "Le travail a été annulé avant que cet élément ne commence.",
                               "job_cancelled")
            raise Conflict("This item is not generated yet.",
                           "Cet élément n'est pas encore généré.", "item_pending",
                           retry_after=max(1, min(self.settings.retry_after_s, 5)))
        return job, entry
