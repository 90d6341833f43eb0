"""The public contract: loading a case and its options, with every fault reported at once."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError

from service.contract.case import CaseSchema
from service.contract.errors import to_field_errors
from service.contract.options import OptionsSchema
from service.errors import CaseInvalid, field_error
from service.model import Case

_CASE = CaseSchema()
_OPTIONS = OptionsSchema()


def load_case(raw: Any, prefix: str = "case") -> Case:
    """Validate and load a case, raising :class:`CaseInvalid` listing every faulty path."""
    if not isinstance(raw, dict):
        raise CaseInvalid([field_error(prefix, "invalid_type", "Un objet JSON est attendu.",
                                       "A JSON object is expected.")])
    try:
        return _CASE.load(raw)
    except ValidationError as exc:
        raise CaseInvalid(to_field_errors(exc.messages, prefix)) from None


def load_options(raw: Any, prefix: str = "options") -> dict[str, Any]:
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise CaseInvalid([field_error(prefix, "invalid_type", "Un objet JSON est attendu.",
                                       "A JSON object is expected.")])
    try:
        return _OPTIONS.load(raw)
    except ValidationError as exc:
        raise CaseInvalid(to_field_errors(exc.messages, prefix)) from None


def load_request(body: Any, *, with_options: bool = True) -> tuple[Case, dict[str, Any]]:
    """Load ``{"case": ..., "options": ...}``; errors of both parts are reported together."""
    if not isinstance(body, dict):
        raise CaseInvalid([field_error("$", "invalid_type", "Un objet JSON est attendu.",
                                       "A JSON object is expected.")])
    errors = []
    allowed = {"case", "options", "kind", "id"}
    for key in body:
        if key not in allowed:
            errors.append(field_error(key, "unknown_field", "Champ inconnu (faute de frappe ?).",
                                      "Unknown field (typo?)."))
    case = options = None
    if "case" not in body:
        errors.append(field_error("case", "required", "Champ obligatoire manquant.",
                                  "Missing required field."))
    else:
        try:
            case = load_case(body["case"])
        except CaseInvalid as exc:
            errors += exc.errors
    try:
        options = load_options(body.get("options") if with_options else None)
    except CaseInvalid as exc:
        errors += exc.errors
    if errors:
        raise CaseInvalid(errors)
    assert case is not None and options is not None
    return case, options
