"""POST /v1/batch: many documents in one request, streamed back as a ZIP."""

from __future__ import annotations

from collections.abc import Iterator

from flask import Response, current_app, request
from flask_smorest import Blueprint

from service import metrics
from service.api.body import parse_json
from service.api.openapi import AUTH, ZIP, example_case, problem, problems
from service.batch import check_limits, items_from_json, items_from_ndjson, zip_stream
from service.config import Settings
from service.errors import RecouvreError
from service.runtime import Runtime

blp = Blueprint("batch", __name__, url_prefix="/v1", description="Batch generation")

NDJSON = ("application/x-ndjson", "application/ndjson", "application/jsonl")
# Each item is checked on its own: a faulty one (not an object, unknown kind, invalid case or
# options) is an error entry of the manifest, never a rejection of the request.
_ITEM = {"description": "`{\"id\": string (echoed in the manifest and the file name), \"kind\":"
                        " a kind (GET /v1/kinds), \"case\": Case, \"options\":"
                        " Options.<kind>}`; a faulty item is an error in the manifest / un"
                        " élément fautif est une erreur du manifeste"}


@blp.route("/batch", methods=["POST"])
@blp.doc(
    summary="Generate many documents; a ZIP with one file per document and manifest.json",
    description=(
        "Body: `{\"items\": [{\"id\", \"kind\", \"case\", \"options\"}]}` as `application/json`,"
        " or one item per line as `application/x-ndjson` (blank lines ignored).\n\n"
        "Answer: `application/zip`, streamed: each document is written as soon as it is"
        " generated, as `NNNN_<id>_<filename>` (NNNN = the item's 0-based index; names are"
        " sanitised, no directories). `manifest.json` comes last and lists every item in input"
        " order: `status: \"ok\"` with `file`, `filename`, `sha256`, `pages`, `postage`,"
        " `warnings`, or `status: \"error\"` with its RFC 9457 `problem` (`errors[]` with paths"
        " relative to the item); `summary` counts them. One bad item (unreadable NDJSON line,"
        " invalid case, unknown kind, render failure) never fails the others and is never"
        " dropped. Since the status line is sent before the first document, per-item results"
        " are only in the manifest.\n\n"
        "Limits, checked before anything is generated: at most `RECOUVRE_MAX_BATCH_ITEMS` items"
        " (default 500; more is a 413 problem, none a 422); the whole body at most"
        " `RECOUVRE_MAX_BODY_BYTES` (default 64 MiB; 413). Items are generated one after the"
        " other in the worker serving the request (about 0.15 s per signed letter on one core)."
        " No item is started after `RECOUVRE_BATCH_TIME_BUDGET_S` (default 240 s, below the"
        " worker timeout of 300 s), nor when the slowest item so far would end past it: the"
        " rest are listed in the manifest as errors with"
        " status 503 and `code: batch_time_budget`, to resubmit — the manifest is always"
        " written. To go faster, split the batch over several replicas"
        " (`recouvre batch --server URL --server URL2`)."),
    requestBody={"required": True, "content": {
        "application/json": {
            "schema": {"type": "object", "required": ["items"], "additionalProperties": False,
                       "properties": {"items": {"type": "array", "minItems": 1,
                                                "items": _ITEM}}},
            "example": {"items": [{"id": "1", "kind": "mise_en_demeure",
                                   "case": example_case()}]}},
        "application/x-ndjson": {"schema": _ITEM}}},
    responses={
        "200": {"description": "the ZIP / l'archive ZIP", "content": {
            ZIP: {"schema": {"type": "string", "format": "binary"}}}},
        "400": problem(400),
        "413": problem(413, "too many items or body too large / trop d'éléments ou corps trop"
                            " volumineux"),
        "415": problem(415, "neither JSON nor NDJSON / ni JSON ni NDJSON"),
        "422": problem(422, "no items, or a malformed envelope / aucun élément ou enveloppe"
                            " invalide"),
        **problems(*AUTH),
    },
)
def batch() -> Response:
    runtime: Runtime = current_app.extensions["recouvre"]
    settings: Settings = current_app.extensions["recouvre_settings"]
    mimetype = request.mimetype or ""
    if mimetype in NDJSON:
        items = items_from_ndjson(request.get_data(cache=False))
    elif mimetype == "application/json" or mimetype.endswith("+json"):
        items = items_from_json(parse_json(request.get_data(cache=False)))
    else:
        raise RecouvreError(title="Unsupported Media Type", status=415,
                            detail="Send the items as application/json or application/x-ndjson.",
                            type="https://recouvre.example/problems/unsupported-media-type")
    check_limits(items, settings.max_batch_items)
    stream = zip_stream(items, runtime, time_budget_s=settings.batch_time_budget_s)
    resp = Response(_counted(stream), mimetype="application/zip")
    resp.headers["Content-Disposition"] = 'attachment; filename="recouvre-batch.zip"'
    resp.headers["X-Recouvre-Batch-Items"] = str(len(items))
    return resp


def _counted(stream: Iterator[bytes]) -> Iterator[bytes]:
    """The ZIP's chunks, the batch counted in flight until the last one is sent."""
    with metrics.in_flight():
        yield from stream
