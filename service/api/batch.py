"""POST /v1/batch: many documents in one request, streamed back as a ZIP."""

from __future__ import annotations

from flask import Response, current_app, request
from flask_smorest import Blueprint

from service.api.body import parse_json
from service.batch import check_limits, items_from_json, items_from_ndjson, zip_stream
from service.config import Settings
from service.errors import RecouvreError
from service.runtime import Runtime

blp = Blueprint("batch", __name__, url_prefix="/v1", description="Batch generation")

NDJSON = ("application/x-ndjson", "application/ndjson", "application/jsonl")
_ITEM = {"type": "object", "required": ["kind", "case"], "properties": {
    "id": {"type": "string", "description": "echoed in the manifest and the file name"},
    "kind": {"type": "string"},
    "case": {"$ref": "#/components/schemas/Case"},
    "options": {"$ref": "#/components/schemas/Options"}}}


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
        "application/json": {"schema": {"type": "object", "required": ["items"],
                                         "properties": {"items": {"type": "array",
                                                                  "items": _ITEM}}}},
        "application/x-ndjson": {"schema": _ITEM}}},
    responses={
        "200": {"description": "the ZIP", "content": {
            "application/zip": {"schema": {"type": "string", "format": "binary"}}}},
        "413": {"description": "too many items or body too large", "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
        "415": {"description": "neither JSON nor NDJSON", "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
        "422": {"description": "no items, or a malformed envelope", "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
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
    resp = Response(zip_stream(items, runtime, time_budget_s=settings.batch_time_budget_s),
                    mimetype="application/zip")
    resp.headers["Content-Disposition"] = 'attachment; filename="recouvre-batch.zip"'
    resp.headers["X-Recouvre-Batch-Items"] = str(len(items))
    return resp
