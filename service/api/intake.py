"""POST /v1/cases/from-invoices: cases from Factur-X PDFs, UBL / CII invoices and CSV exports."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, request
from flask_smorest import Blueprint

from service.config import Settings
from service.errors import RecouvreError, field_error
from service.intake import COLUMNS, InputFile, IntakeLimits, cases_from_files
from service.jsonio import BadJson, dumps, parse_json

blp = Blueprint("intake", __name__, url_prefix="/v1", description="Cases from invoice files")

_PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}


def _settings() -> Settings:
    return current_app.extensions.get("recouvre_settings") or Settings.from_environ()


def _json_part(name: str) -> Any:
    """The JSON of the form field or file part ``name`` (None when absent); 400 if unreadable."""
    upload = request.files.get(name)
    data: bytes | str | None = upload.read() if upload is not None else request.form.get(name)
    if data is None or (isinstance(data, str | bytes) and not data.strip()):
        return None
    try:
        return parse_json(data)
    except BadJson as exc:
        raise RecouvreError(
            title="Unreadable JSON", status=400,
            detail=f"The '{name}' part is not valid JSON: {exc.detail}"[:300],
            type="https://recouvre.example/problems/unreadable-json",
            errors=[field_error(name, "unreadable_json",
                                f"La partie « {name} » n’est pas du JSON valide.",
                                f"The '{name}' part is not valid JSON.")]) from None


@blp.route("/cases/from-invoices", methods=["POST"])
@blp.doc(
    summary="Cases from invoice files: Factur-X / ZUGFeRD PDFs, UBL 2.1 or CII XML, CSV exports",
    description=(
        "`multipart/form-data` with one or more `files` parts (Factur-X or ZUGFeRD 2 PDFs, UBL"
        " 2.1 Invoice / CreditNote or CII invoices, CSV exports), an optional `case` part (JSON"
        " merged into every case: creditor details, signatory, reminders, terms, reference) and"
        " an optional `mapping` part (JSON `{\"their column\": \"our column\"}` for a CSV)."
        "\n\nAnswer: `{\"cases\": [CASE...], \"warnings\": [...]}`, one case per creditor and"
        " debtor, invoices in due-date order. What only the user can supply (the signatory,"
        " the debtor's activity, the reminders...) is a warning naming its path"
        " (`case.signatory`) with the case's `case_index`. Each Factur-X PDF is the case's"
        " pièce « Facture n° … » in `evidence`.\n\nA file that cannot be read (a PDF without"
        " Factur-X XML, XML failing its XSD, a CSV row with a bad date or amount, two invoices"
        " with the same number) is a 422 naming the file (`files[i]`, `file`) and its row"
        " (`rows[n]`: the line number, header = 1) or element (`element`, `line`). A file of no"
        " known format is a 415. Limits: `RECOUVRE_INTAKE_MAX_FILES` files (default 50),"
        " `RECOUVRE_INTAKE_MAX_FILE_BYTES` each (10 MiB), `RECOUVRE_INTAKE_MAX_ROWS` rows per"
        " CSV (5000): beyond, a 413.\n\nCSV columns: " + ", ".join(f"`{c}`" for c in COLUMNS)),
    requestBody={"required": True, "content": {"multipart/form-data": {"schema": {
        "type": "object", "required": ["files"],
        "properties": {
            "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
            "case": {"type": "string", "description": "JSON object merged into every case"},
            "mapping": {"type": "string",
                        "description": "JSON object: CSV column renames"}}}}}},
    responses={
        "200": {"description": "the cases and the warnings", "content": {"application/json": {
            "schema": {"type": "object", "required": ["cases", "warnings"], "properties": {
                "cases": {"type": "array", "items": {"$ref": "#/components/schemas/Case"}},
                "warnings": {"type": "array", "items": {"type": "object"}}}}}}},
        "400": {"description": "a JSON part that is not JSON", "content": _PROBLEM},
        "413": {"description": "too many files, a file too large, too many rows",
                "content": _PROBLEM},
        "415": {"description": "not multipart/form-data, or a file of no known format",
                "content": _PROBLEM},
        "422": {"description": "a file that cannot be read into a case", "content": _PROBLEM},
    },
)
def from_invoices() -> Response:
    if request.mimetype != "multipart/form-data":
        raise RecouvreError(title="Unsupported Media Type", status=415,
                            detail="Send the files as multipart/form-data (parts 'files',"
                                   " optional 'case' and 'mapping').",
                            type="https://recouvre.example/problems/unsupported-media-type")
    settings = _settings()
    limits = IntakeLimits(max_files=settings.intake_max_files,
                          max_file_bytes=settings.intake_max_file_bytes,
                          max_rows=settings.intake_max_rows, evidence=settings.evidence)
    # the body is already bounded by RECOUVRE_MAX_BODY_BYTES (413 before this point)
    files = [InputFile(name=up.filename or f"files[{i}]", data=up.read(),
                       media_type=up.mimetype or None)
             for i, up in enumerate(request.files.getlist("files")
                                    + request.files.getlist("files[]"))]
    defaults = _json_part("case")
    mapping = _json_part("mapping")
    out = cases_from_files(files, defaults=defaults, mapping=mapping, limits=limits)
    return Response(dumps(out), mimetype="application/json")
