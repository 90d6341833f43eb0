"""POST /v1/decompte and POST /v1/validate."""

from __future__ import annotations

from flask import Response, jsonify
from flask_smorest import Blueprint

from service.api.body import json_body
from service.contract import load_request
from service.errors import CaseInvalid, field_error
from service.statement import statement

blp = Blueprint("decompte", __name__, url_prefix="/v1", description="Statement of account")


@blp.route("/decompte", methods=["POST"])
@blp.doc(
    summary="Statement of account (décompte) of a case",
    requestBody={"required": True, "content": {"application/json": {"schema": {
        "type": "object", "required": ["case"],
        "properties": {"case": {"$ref": "#/components/schemas/Case"}}}}}},
    responses={"200": {"description": "the décompte", "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/Decompte"}}}},
               "422": {"description": "invalid case", "content": {"application/problem+json": {
                   "schema": {"$ref": "#/components/schemas/Problem"}}}}},
)
def decompte() -> Response:
    case, _ = load_request(json_body(), with_options=False)
    return jsonify(statement(case))


@blp.route("/validate", methods=["POST"])
@blp.doc(
    summary="Validate a case (and, with `kind`, what that document requires); 200 either way",
    requestBody={"required": True, "content": {"application/json": {"schema": {
        "type": "object", "required": ["case"],
        "properties": {"case": {"$ref": "#/components/schemas/Case"},
                       "kind": {"type": "string"}, "options": {"type": "object"}}}}}},
    responses={"200": {"description": "validation result", "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/ValidationResult"}}}}},
)
def validate() -> Response:
    from service.documents.facts import CaseFacts
    from service.documents.registry import KINDS, check_kind

    body = json_body()
    kind = body.get("kind") if isinstance(body, dict) else None
    try:
        if kind is not None and kind not in KINDS:
            raise CaseInvalid([field_error("kind", "unknown_kind", "Type de document inconnu.",
                                           "Unknown document kind.")])
        spec = KINDS[kind] if kind else None
        case, options = load_request(body, spec)
        facts = CaseFacts(case)
        warnings = facts.statement["warnings"]
        if spec is not None:
            check_kind(spec, case, facts, options)
    except CaseInvalid as exc:
        return jsonify({"valid": False, "errors": [e.as_dict() for e in exc.errors],
                        "warnings": []})
    return jsonify({"valid": True, "errors": [], "warnings": warnings})
