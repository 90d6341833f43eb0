"""POST /v1/decompte and POST /v1/validate."""

from __future__ import annotations

from flask import Response, jsonify
from flask_smorest import Blueprint

from service.api.body import json_body
from service.api.openapi import AUTH, JSON_BODY, example_case, json_ok, problems, ref
from service.api.openapi import json_body as json_request
from service.contract import load_request
from service.errors import CaseInvalid, field_error
from service.statement import statement

blp = Blueprint("decompte", __name__, url_prefix="/v1", description="Statement of account")


@blp.route("/decompte", methods=["POST"])
@blp.doc(
    summary="Statement of account (décompte) of a case / décompte de créance",
    description="Principal, payments and their imputation, late interest period by period"
                " with its rate and source, indemnities, totals (API.md, the computation rule)."
                " / Principal, paiements et leur imputation, intérêts de retard par période"
                " avec taux et source, indemnités, totaux.",
    requestBody=json_request({"type": "object", "required": ["case"],
                              "additionalProperties": False,
                              "properties": {"case": ref("Case")}},
                             {"case": example_case()}),
    responses={"200": json_ok("Decompte", "the décompte / le décompte"),
               **problems(*JSON_BODY, *AUTH, 422)},
)
def decompte() -> Response:
    case, _ = load_request(json_body(), with_options=False)
    return jsonify(statement(case))


@blp.route("/validate", methods=["POST"])
@blp.doc(
    summary="Validate a case (and, with `kind`, what that document requires); 200 either way"
            " / valider un dossier",
    description="A readable JSON body always gets a 200: `valid` false lists every faulty"
                " field by its path, in French and English. / Tout corps JSON lisible reçoit"
                " un 200 ; `valid` faux liste chaque champ fautif.",
    requestBody=json_request(
        {"description": "`{\"case\": Case, \"kind\": optional, \"options\": optional}`: any"
                        " JSON is checked and answered with a 200 (`valid` false with every"
                        " fault) / tout JSON est vérifié et reçoit un 200"},
        {"case": example_case(), "kind": "mise_en_demeure"}),
    responses={"200": json_ok("ValidationResult", "validation result / résultat"),
               **problems(*JSON_BODY, *AUTH)},
)
def validate() -> Response:
    from service.documents.facts import CaseFacts
    from service.documents.registry import KINDS, check_kind

    body = json_body()
    kind = body.get("kind") if isinstance(body, dict) else None
    try:
        if kind is not None and (not isinstance(kind, str) or kind not in KINDS):
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
