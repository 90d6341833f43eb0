"""POST /v1/documents/{kind} and GET /v1/kinds."""

from __future__ import annotations

import json

from flask import Response, current_app, jsonify, request
from flask_smorest import Blueprint

from service.api.body import json_body
from service.contract import load_request
from service.documents.generate import generate
from service.documents.registry import describe, get_kind

blp = Blueprint("documents", __name__, url_prefix="/v1", description="Document generation")


def _header_value(value: object) -> str:
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":")) if not isinstance(
        value, str) else value
    return text.encode("ascii", "replace").decode()


@blp.route("/documents/<kind>", methods=["POST"])
@blp.doc(
    summary="Generate one document (JSON answer, or the PDF itself with Accept: application/pdf)",
    requestBody={"required": True, "content": {"application/json": {"schema": {
        "type": "object", "required": ["case"],
        "properties": {"case": {"$ref": "#/components/schemas/Case"},
                       "options": {"$ref": "#/components/schemas/Options"}}}}}},
    responses={
        "200": {"description": "the document", "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/DocumentAnswer"}},
            "application/pdf": {"schema": {"type": "string", "format": "binary"}}}},
        "422": {"description": "invalid case or missing mention", "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
    },
)
def document(kind: str) -> Response:
    spec = get_kind(kind)
    case, options = load_request(json_body(), spec)
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
@blp.doc(summary="The document kinds, their options and template versions")
def kinds() -> Response:
    return jsonify({"kinds": describe()})
