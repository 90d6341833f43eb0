"""/v1/jobs: asynchronous batches of any size, on Celery workers (thin over service.jobs)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

from flask import Response, current_app, jsonify, request, send_file
from flask_smorest import Blueprint

from service.api import problems
from service.config import Settings
from service.jobs.core import IDEMPOTENCY_KEY_PATTERN, Busy, Conflict, Jobs, NotFound
from service.jobs.results import document_media_type, manifest_chunks, zip_chunks
from service.jobs.settings import JobSettings

blp = Blueprint("jobs", __name__, url_prefix="/v1", description="Asynchronous jobs")

_PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
# An item as in /v1/batch. The submission checks the envelope only: each item's case and
# options are checked when it runs, and a faulty item is an error entry of the manifest with
# its 422 problem (the others are produced) — so the request schema asks no more than that.
_ITEM = {"description": "{id?, kind, case, options?} as in /v1/batch (Case, Options.<kind>);"
                        " checked when the item runs: a faulty one is an error entry of the"
                        " manifest, with its problem"}
_STATUS = {"application/json": {"schema": {"type": "object", "properties": {
    "id": {"type": "string"},
    "status": {"type": "string", "enum": ["queued", "running", "done", "cancelled"]},
    "items": {"type": "integer"}, "done": {"type": "integer"}, "failed": {"type": "integer"},
    "ok": {"type": "integer"}, "created": {"type": "string"},
    "started": {"type": ["string", "null"]}, "finished": {"type": ["string", "null"]},
    "cancelled": {"type": ["string", "null"]}, "links": {"type": "object"}}}}}
_RETRY = {"Retry-After": {"schema": {"type": "integer"}, "description": "seconds"}}


def jobs() -> Jobs:
    found = current_app.extensions.get("recouvre_jobs")
    if found is None:
        found = current_app.extensions["recouvre_jobs"] = Jobs(JobSettings.from_environ())
    return found


def _links(job_id: str) -> dict[str, str]:
    base = f"/v1/jobs/{job_id}"
    return {"self": base, "manifest": f"{base}/manifest", "result": f"{base}/result",
            "documents": f"{base}/documents/{{item_id}}"}


def _status(status: dict[str, Any]) -> dict[str, Any]:
    return dict(status, links=_links(status["id"]))


def _problem(exc: Busy | Conflict | NotFound) -> Response:
    resp = problems.problem(exc.status, exc.title, exc.detail, type_=exc.type,
                            detail_fr=exc.detail_fr, code=exc.code, title_fr=exc.title_fr)
    retry = getattr(exc, "retry_after", None)
    if retry is not None:
        resp.headers["Retry-After"] = str(retry)
    return resp


@blp.errorhandler(Busy)
def _busy(exc: Busy) -> Response:
    return _problem(exc)


@blp.errorhandler(Conflict)
def _conflict(exc: Conflict) -> Response:
    return _problem(exc)


@blp.errorhandler(NotFound)
def _not_found(exc: NotFound) -> Response:
    return _problem(exc)


def _scope() -> str:
    """Idempotency keys are per client: the presented API key, hashed, scopes them."""
    key = request.headers.get("X-API-Key") or request.headers.get("Authorization") or ""
    return hashlib.sha256(key.encode()).hexdigest() if key else ""


def _body_chunks() -> Iterator[bytes]:
    stream = request.stream
    while chunk := stream.read(256 * 1024):
        yield chunk


@blp.route("/jobs", methods=["POST"])
@blp.doc(
    summary="Submit a job: the items of a batch, any number up to RECOUVRE_MAX_JOB_ITEMS",
    description=(
        "Body: as `POST /v1/batch` — `{\"items\": [...]}` (`application/json`) or one item"
        " per line (`application/x-ndjson`, the better form for large jobs) — read as it"
        " arrives and never held whole. At most `RECOUVRE_MAX_JOB_ITEMS` items (default"
        " 100 000; 413 past it), `RECOUVRE_MAX_JOB_BYTES` in all. The envelope is checked"
        " (400 unreadable JSON, 415 media type, 422 not `{\"items\": [...]}` or no item); each"
        " item is checked when it is generated and its fault is its manifest entry, as in the"
        " batch.\n\nAnswer `202` with the job's status and `Location: /v1/jobs/{id}`. With an"
        " `Idempotency-Key` header, the same key and the same body return the same job"
        " (`Idempotent-Replayed: true`); the same key with another body is a 422. When the"
        " queue holds `RECOUVRE_MAX_QUEUE_LENGTH` tasks or more, `429` with `Retry-After`; no"
        " broker or no worker, `503` with `Retry-After`.\n\nEach item is generated once by a"
        " worker (`recouvre worker`, or the service's own embedded workers): an item whose"
        " worker dies is given to another, and written once."),
    parameters=[{"in": "header", "name": "Idempotency-Key", "required": False,
                 "schema": {"type": "string", "minLength": 1, "maxLength": 255,
                            "pattern": IDEMPOTENCY_KEY_PATTERN}}],
    requestBody={"required": True, "content": {
        "application/json": {"schema": {"type": "object", "required": ["items"],
                                         "properties": {"items": {"type": "array", "minItems": 1,
                                                                  "items": _ITEM}}}},
        "application/x-ndjson": {"schema": _ITEM}}},
    responses={
        "202": {"description": "the job, queued", "content": _STATUS,
                "headers": {"Location": {"schema": {"type": "string"}}}},
        "400": {"description": "unreadable JSON", "content": _PROBLEM},
        "413": {"description": "too many items, or too large", "content": _PROBLEM},
        "415": {"description": "neither JSON nor NDJSON", "content": _PROBLEM},
        "422": {"description": "not {items: [...]}, no item, idempotency key reused",
                "content": _PROBLEM},
        "429": {"description": "the queue is full", "content": _PROBLEM, "headers": _RETRY},
        "503": {"description": "no broker or no worker", "content": _PROBLEM,
                "headers": _RETRY},
    },
)
def submit() -> Response:
    service = jobs()
    settings: Settings = current_app.extensions.get("recouvre_settings") \
        or Settings.from_environ()
    request.max_content_length = service.settings.max_body_bytes
    key = request.headers.get("Idempotency-Key")
    done = service.submit(_body_chunks(), request.mimetype or "",
                          max_item_bytes=settings.max_body_bytes, idempotency_key=key,
                          scope=_scope())
    resp = jsonify(_status(done.status))
    resp.status_code = 202
    resp.headers["Location"] = f"/v1/jobs/{done.job.id}"
    if done.replayed:
        resp.headers["Idempotent-Replayed"] = "true"
    return resp


_ID = {"in": "path", "name": "job_id", "required": True, "schema": {"type": "string"}}


@blp.route("/jobs/<job_id>", methods=["GET"])
@blp.doc(summary="A job's status: queued, running, done or cancelled; items, done, failed",
         responses={"200": {"description": "the status", "content": _STATUS},
                    "404": {"description": "no such job", "content": _PROBLEM}})
def status(job_id: str) -> Response:
    return jsonify(_status(jobs().job(job_id).status()))


@blp.route("/jobs/<job_id>", methods=["DELETE"])
@blp.doc(summary="Cancel a job: the items not started are listed as cancelled",
         description="Items being generated finish; the others are never started and appear"
                     " in the manifest as errors `job_cancelled` (409). A job already done is"
                     " a 409. Cancelling twice is harmless.",
         responses={"200": {"description": "the status", "content": _STATUS},
                    "404": {"description": "no such job", "content": _PROBLEM},
                    "409": {"description": "already done", "content": _PROBLEM}})
def cancel(job_id: str) -> Response:
    return jsonify(_status(jobs().cancel(job_id)))


@blp.route("/jobs/<job_id>/manifest", methods=["GET"])
@blp.doc(summary="The manifest so far (the batch manifest's shape), streamed",
         responses={"200": {"description": "manifest.json", "content": {
             "application/json": {"schema": {"type": "object"}}}},
             "404": {"description": "no such job", "content": _PROBLEM}})
def manifest(job_id: str) -> Response:
    job = jobs().job(job_id)
    return Response(manifest_chunks(job), mimetype="application/json")


@blp.route("/jobs/<job_id>/result", methods=["GET"])
@blp.doc(summary="Once done (or cancelled): the ZIP of the documents and manifest.json",
         responses={"200": {"description": "the ZIP, streamed", "content": {
             "application/zip": {"schema": {"type": "string", "format": "binary"}}}},
             "404": {"description": "no such job", "content": _PROBLEM},
             "409": {"description": "not done yet", "content": _PROBLEM, "headers": _RETRY}})
def result(job_id: str) -> Response:
    service = jobs()
    job = service.job(job_id)
    state = job.status()
    if state["status"] not in ("done", "cancelled"):
        raise Conflict(f"The job is {state['status']} ({state['done']} of {state['items']}"
                       " items done): its ZIP is ready once it is done.",
                       f"Le travail n'est pas terminé ({state['done']} éléments sur"
                       f" {state['items']}) : son ZIP sera prêt à la fin.", "job_not_done",
                       retry_after=max(1, min(service.settings.retry_after_s, 10)))
    resp = Response(zip_chunks(job), mimetype="application/zip")
    resp.headers["Content-Disposition"] = f'attachment; filename="recouvre-job-{job.id}.zip"'
    return resp


@blp.route("/jobs/<job_id>/documents/<path:item_id>", methods=["GET"])
@blp.doc(summary="One item's document (by the item's id, or its index); its problem if it"
                 " failed",
         responses={"200": {"description": "the document", "content": {
             "application/pdf": {"schema": {"type": "string", "format": "binary"}}}},
             "404": {"description": "no such job or item", "content": _PROBLEM},
             "409": {"description": "not generated yet, cancelled, or an ambiguous id",
                     "content": _PROBLEM},
             "422": {"description": "the item failed: its problem", "content": _PROBLEM}})
def document(job_id: str, item_id: str) -> Response:
    job, entry = jobs().document(job_id, item_id)
    if entry.get("status") != "ok":
        body = dict(entry.get("problem") or {})
        body.setdefault("status", 500)
        resp = Response(_dumps(body), status=int(body["status"]),
                        mimetype=problems.PROBLEM)
        return resp
    resp = send_file(job.documents_dir / entry["file"], mimetype=document_media_type(
        entry["file"]), as_attachment=True, download_name=entry.get("filename") or entry["file"])
    resp.headers["X-Recouvre-Sha256"] = str(entry.get("sha256"))
    resp.headers["X-Recouvre-Pages"] = str(entry.get("pages"))
    return resp


def _dumps(body: dict[str, Any]) -> str:
    import json

    return json.dumps(body, ensure_ascii=False)
