"""The public contract: loading a case and its options, with every fault reported at once."""

from __future__ import annotations

from typing import Any, Protocol

from marshmallow import ValidationError

from service.contract.case import CaseSchema
from service.contract.errors import to_field_errors
from service.contract.options import CommonOptionsSchema, Options
from service.errors import CaseInvalid, field_error
from service.model import Case

_CASE = CaseSchema()


class HasOptionsSchema(Protocol):  # a KindSpec
    @property
    def options_schema(self) -> type[CommonOptionsSchema]: ...


OptionsSource = HasOptionsSchema | type[CommonOptionsSchema] | None


def options_schema_of(kind: OptionsSource) -> type[CommonOptionsSchema]:
    """The options schema of a kind (a ``KindSpec``), or the schema itself; None: the common
    options only."""
    if kind is None:
        return CommonOptionsSchema
    if isinstance(kind, type):
        return kind
    return kind.options_schema


def load_case(raw: Any, prefix: str = "case") -> Case:
    """Validate and load a case, raising :class:`CaseInvalid` listing every faulty path."""
    if not isinstance(raw, dict):
        raise CaseInvalid([field_error(prefix, "invalid_type", "Un objet JSON est attendu.",
                                       "A JSON object is expected.")])
    try:
        return _CASE.load(raw)
    except ValidationError as exc:
        raise CaseInvalid(to_field_errors(exc.messages, prefix)) from None


def load_options(raw: Any, kind: OptionsSource = None, prefix: str = "options") -> Options:
    """The options of ``kind`` (its ``options_schema``) as a frozen object, defaults applied."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise CaseInvalid([field_error(prefix, "invalid_type", "Un objet JSON est attendu.",
                                       "A JSON object is expected.")])
    try:
        options: Options = options_schema_of(kind)().load(raw)
        return options
    except ValidationError as exc:
        raise CaseInvalid(to_field_errors(exc.messages, prefix)) from None


def load_request(body: Any, kind: OptionsSource = None, *,
                 with_options: bool = True) -> tuple[Case, Options]:
    """Load ``{"case": ..., "options": ...}`` with the options schema of ``kind`` (a
    ``KindSpec``; None: the common options); errors of both parts are reported together."""
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
        options = load_options(body.get("options") if with_options else None, kind)
    except CaseInvalid as exc:
        errors += exc.errors
    if errors:
        raise CaseInvalid(errors)
    assert case is not None and options is not None
    return case, options
