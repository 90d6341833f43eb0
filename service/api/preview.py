"""POST /v1/documents/{kind}/preview: page 1 of the document as a PNG."""

from __future__ import annotations

from flask import Response, current_app, request
from flask_smorest import Blueprint

from service.api.body import json_body
from service.api.openapi import AUTH, JSON_BODY, example_case, kind_parameter, options_schema, problems, ref
from service.api.openapi import json_body as json_request
from service.contract import load_request
from service.documents.generate import generate
from service.documents.registry import get_kind
from service.errors import CaseInvalid, field_error
from service.pdf.preview import DEFAULT_WIDTH, MAX_WIDTH, MIN_WIDTH, first_page_png

blp = Blueprint("preview", __name__, url_prefix="/v1", description="Document preview")


def _width() -> int:
    raw = request.args.get("width")
    if raw is None:
        return DEFAULT_WIDTH
    if not raw.isdigit() or not MIN_WIDTH <= int(raw) <= MAX_WIDTH:
        raise CaseInvalid([field_error(
            "width", "invalid_width",
            f"Largeur invalide : un entier de {MIN_WIDTH} à {MAX_WIDTH} pixels est attendu.",
            f"Invalid width: an integer from {MIN_WIDTH} to {MAX_WIDTH} pixels is expected.")])
    return int(raw)


@blp.route("/documents/<kind>/preview", methods=["POST"])
@blp.doc(
    summary="Page 1 of a document as a PNG (the same body as POST /v1/documents/{kind})",
    description=(
        "Generates the document exactly as `POST /v1/documents/{kind}` does (same body, same"
        " checks, same 422 problems) and answers its first page as `image/png`, `width` pixels"
        f" wide (query parameter, {MIN_WIDTH} to {MAX_WIDTH}, default {DEFAULT_WIDTH}). A kind"
        " asked as DOCX is previewed from its PDF rendering. Headers: `X-Recouvre-Pages` (the"
        " document's page count), `X-Recouvre-Sha256` (of the PDF previewed). Nothing is"
        " stored."),
    parameters=[kind_parameter(),
                {"in": "query", "name": "width", "required": False,
                 "schema": {"type": "integer", "minimum": MIN_WIDTH, "maximum": MAX_WIDTH,
                            "default": DEFAULT_WIDTH}}],
    requestBody=json_request(
        {"type": "object", "required": ["case"], "additionalProperties": False,
         "properties": {"case": ref("Case"), "options": options_schema()}},
        {"case": example_case(), "options": {}}),
    responses={
        "200": {"description": "page 1 as PNG / la première page", "content": {
            "image/png": {"schema": {"type": "string", "format": "binary"}}}},
        **problems(*JSON_BODY, *AUTH, 422, 503),
    },
)
def preview(kind: str) -> Response:
    spec = get_kind(kind)
    width = _width()
    body = json_body()
    if isinstance(body, dict) and isinstance(body.get("options"), dict) \
            and body["options"].get("format") == "docx":
        # a DOCX draft is previewed from its PDF rendering
        body["options"] = {**body["options"], "format": "pdf"}
    case, options = load_request(body, spec)
    doc = generate(kind, case, options, current_app.extensions["recouvre"])
    resp = Response(first_page_png(doc.content, width), mimetype="image/png")
    resp.headers["X-Recouvre-Pages"] = str(doc.pages)
    resp.headers["X-Recouvre-Sha256"] = doc.sha256
    resp.headers["Cache-Control"] = "no-store"
    return resp
