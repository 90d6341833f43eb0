"""POST /v1/documents/{kind} and GET /v1/kinds."""

from __future__ import annotations

import json

from flask import Response, current_app, jsonify, request
from flask_smorest import Blueprint

from service import metrics
from service.api.body import json_body
from service.api.openapi import (
    AUTH,
    DOCX,
    JSON_BODY,
    PDF,
    example_case,
    json_ok,
    kind_parameter,
    options_schema,
    problems,
    ref,
)
from service.api.openapi import json_body as json_request
from service.contract import load_request
from service.documents.generate import generate
from service.documents.registry import describe, get_kind

blp = Blueprint("documents", __name__, url_prefix="/v1", description="Document generation")


def _header_value(value: object) -> str:
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":")) if not isinstance(
        value, str) else value
    return text.encode("ascii", "replace").decode()


_HEADERS = {
    "X-Recouvre-Kind": "kind", "X-Recouvre-Reference": "case reference",
    "X-Recouvre-Pages": "pages", "X-Recouvre-Sha256": "SHA-256 of the returned bytes",
    "X-Recouvre-Template-Version": "template version",
    "X-Recouvre-Signature": "the signature object (JSON, ASCII)",
    "X-Recouvre-Postage": "the postage object (JSON, ASCII)",
    "X-Recouvre-Total-Due": "total due (décompte)",
    "X-Recouvre-Warnings": "warning codes (JSON list)",
}


@blp.route("/documents/<kind>", methods=["POST"])
@blp.doc(
    summary="Generate one document (JSON answer, or the PDF itself with Accept:"
            " application/pdf) / produire un document",
    description="The document of `kind` for the case, rendered, sealed (PAdES) and priced for"
                " postage. `options` are the kind's (`Options.<kind>`). With `Accept:"
                " application/pdf` (or the DOCX type for the drafts with `format: docx`) the"
                " body is the file and its metadata are in `X-Recouvre-*` headers. / Le document"
                " du type demandé, rendu, scellé et affranchi ; le fichier lui-même avec"
                " `Accept: application/pdf`.",
    parameters=[kind_parameter()],
    requestBody=json_request(
        {"type": "object", "required": ["case"], "additionalProperties": False,
         "properties": {"case": ref("Case"), "options": options_schema()}},
        {"case": example_case(), "options": {}}),
    responses={
        "200": {"description": "the document / le document",
                "headers": {name: {"description": text, "schema": {"type": "string"}}
                            for name, text in _HEADERS.items()},
                "content": {"application/json": {"schema": ref("DocumentAnswer")},
                            PDF: {"schema": {"type": "string", "format": "binary"}},
                            DOCX: {"schema": {"type": "string", "format": "binary"}}}},
        **problems(*JSON_BODY, *AUTH, 422, 503),
    },
)
def document(kind: str) -> Response:
    spec = get_kind(kind)
    case, options = load_request(json_body(), spec)
    with metrics.in_flight():
        doc = generate(kind, case, options, current_app.extensions["recouvre"])
    best = request.accept_mimetypes.best_match(["application/json", doc.media_type],
                                               default="application/json")
    if best == doc.media_type and request.accept_mimetypes[doc.media_type] > \
            request.accept_mimetypes["application/json"]:
        resp = Response(doc.content, mimetype=doc.media_type)
        resp.headers["Content-Disposition"] = f'attachment; filename="{doc.filename}"'
        meta = doc.metadata()
        resp.headers["X-Recouvre-Kind"] = doc.kind
        resp.headers["X-Recouvre-Reference"] = _header_value(doc.reference)
        resp.headers["X-Recouvre-Pages"] = str(doc.pages)
        resp.headers["X-Recouvre-Sha256"] = doc.sha256
        resp.headers["X-Recouvre-Template-Version"] = doc.template_version
        if doc.signature:
            resp.headers["X-Recouvre-Signature"] = _header_value(doc.signature)
        if doc.postage:
            resp.headers["X-Recouvre-Postage"] = _header_value(meta["postage"])
        resp.headers["X-Recouvre-Total-Due"] = doc.decompte["totals"]["total_due"]
        resp.headers["X-Recouvre-Warnings"] = _header_value([w["code"] for w in doc.warnings])
        return resp
    return jsonify(doc.as_json())


@blp.route("/kinds")
@blp.doc(summary="The document kinds, their options and template versions / les types de"
                 " documents",
         responses={"200": json_ok("Kinds", "the kinds / les types"), **problems(*AUTH)})
def kinds() -> Response:
    return jsonify({"kinds": describe()})
