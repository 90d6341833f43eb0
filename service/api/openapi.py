"""The OpenAPI document (components, shared responses) and the JSON Schemas in ``schemas/``.

What the server enforces is in the schemas: required text is non-blank (the contract trims it),
no text carries a NUL, SIREN/SIRET/IBAN/BIC have their shapes (their check digits stay a 422),
``{kind}`` is an enum, each kind's options are a component ``Options.<kind>``, and every
status an operation answers is listed with its media type.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask_smorest import Api
from marshmallow import fields

from service.api import schemas as api_schemas
from service.contract.answers import (
    DecompteSchema,
    DocumentAnswerSchema,
    ProblemSchema,
    ValidationResultSchema,
)
from service.contract.case import CaseSchema
from service.contract.fields import Money, RateField, Text
from service.contract.options import CommonOptionsSchema
from service.paths import SCHEMAS

COMPONENTS: dict[str, Any] = {
    "Case": CaseSchema,
    "Options": CommonOptionsSchema,
    "Decompte": DecompteSchema,
    "DocumentAnswer": DocumentAnswerSchema,
    "Problem": ProblemSchema,
    "ValidationResult": ValidationResultSchema,
}
# answers of the operational endpoints (the OpenAPI document only)
API_COMPONENTS: dict[str, Any] = {
    "Health": api_schemas.HealthSchema,
    "Readiness": api_schemas.ReadinessSchema,
    "Kinds": api_schemas.KindsSchema,
}

PROBLEM = "application/problem+json"
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ZIP = "application/zip"
PROMETHEUS = "text/plain; version=0.0.4"

# Shapes only: the check digits (Luhn, ISO 7064) are the contract's, answered as a 422.
# The contract removes spaces (and dots for SIREN/SIRET) and upper-cases before checking; it
# checks them on the parties (creditor, debtor) and the bank only.
CHECKED_IDENTIFIERS = ("PartySchema", "BankSchema")
IDENTIFIERS = {
    "siren": r"[0-9][0-9 .]{7,18}[0-9]",
    "siret": r"[0-9][0-9 .]{12,18}[0-9]",
    "iban": r"[A-Za-z]{2}[0-9]{2}[A-Za-z0-9 ]{8,36}",
    "bic": r"[A-Za-z]{6}[A-Za-z0-9]{2}(?:[A-Za-z0-9]{3})?",
}


def trimmed_text(max_length: int) -> str:
    """At most ``max_length`` characters once trimmed, the first and last not blank, no NUL:
    the text :class:`~service.contract.fields.Text` keeps."""
    if max_length <= 1:
        return r"[^\s\u0000]"
    return rf"[^\s\u0000](?:[^\u0000]{{0,{max_length - 2}}}[^\s\u0000])?"


def text_constraints(self: Any, field: fields.Field, ret: dict | None = None, **_: Any) -> dict:
    """apispec attribute function: what :class:`~service.contract.fields.Text` enforces, and
    the JSON numbers that amounts and rates also accept.

    Text is trimmed before it is checked, and blank optional text counts as absent: so the
    limit is a pattern on the trimmed text (``maxLength`` would refuse padded text the service
    takes)."""
    nullable = ["null"] if field.allow_none else []
    if isinstance(field, Money):  # "1250.00" or 1250; > 0 (>= 0 where zero is allowed)
        bound = "minimum" if field.allow_zero else "exclusiveMinimum"
        return {"type": ["string", "number", *nullable], bound: 0, "exclusiveMaximum": 10**12}
    if isinstance(field, RateField):  # "0.12" or 0.12, a fraction between 0 and 1
        return {"type": ["string", "number", *nullable], "minimum": 0, "maximum": 1}
    if not isinstance(field, Text) or "pattern" in (ret or {}) and field.metadata.get("pattern"):
        return {}
    checked = type(field.parent).__name__ in CHECKED_IDENTIFIERS
    core = IDENTIFIERS[field.name] if checked and field.name in IDENTIFIERS else \
        trimmed_text(field.max_length)
    optional = "" if field.required else "?"
    if ret is not None:
        ret.pop("maxLength", None)  # the field's metadata, on the untrimmed text
    out: dict[str, Any] = {"pattern": rf"^\s*(?:{core}){optional}\s*$",
                           "x-trimmed-max-length": field.max_length}
    if field.required:
        out["minLength"] = 1
    return out


def marshmallow_plugin() -> MarshmallowPlugin:
    plugin = MarshmallowPlugin()

    def init_spec(spec: APISpec) -> None:
        MarshmallowPlugin.init_spec(plugin, spec)
        plugin.converter.add_attribute_function(text_constraints)  # type: ignore[union-attr]

    plugin.init_spec = init_spec  # type: ignore[method-assign]
    return plugin


class RecouvreApi(Api):
    """flask-smorest's Api without its generic error response: every error is a Problem."""

    DEFAULT_ERROR_RESPONSE_NAME = None


def kinds() -> dict[str, Any]:
    from service.documents.registry import KINDS

    return KINDS


def options_component(kind: str) -> str:
    return f"Options.{kind}"


def details_component(kind: str) -> str:
    return f"Details.{kind}"


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def per_kind_components() -> dict[str, Any]:
    """``Options.<kind>`` for every kind (its own schema, else the common one) and
    ``Details.<kind>`` for the kinds that declare the fields of their answer."""
    out: dict[str, Any] = {}
    first: dict[type, str] = {}  # a schema shared by kinds is one component, referenced
    for name, spec in kinds().items():
        for component, schema in ((options_component(name), getattr(spec, "options_schema", None)),
                                  (details_component(name), getattr(spec, "details_schema", None))):
            if schema is None or schema is CommonOptionsSchema:
                if component.startswith("Options."):
                    out[component] = COMMON_OPTIONS
                continue
            key = schema if isinstance(schema, type) else type(schema)
            if key in first:
                out[component] = {"$ref": f"#/components/schemas/{first[key]}"}
            else:
                first[key] = component
                out[component] = schema
    return out


# a kind without options of its own takes the common ones
COMMON_OPTIONS = {"$ref": "#/components/schemas/Options",
                  "description": "the options common to every kind"}


def add_components(spec: APISpec, components: dict[str, Any]) -> None:
    for name, schema in components.items():
        if isinstance(schema, dict):
            spec.components.schema(name, component=schema)
        else:
            spec.components.schema(name, schema=schema)


def register_components(api: Api) -> None:
    for unused in ("Error", "PaginationMetadata"):  # flask-smorest's, never answered here
        api.spec.components.schemas.pop(unused, None)
    add_components(api.spec, {**COMPONENTS, **per_kind_components(), **API_COMPONENTS})
    open_answer(api.spec.components.schemas["DocumentAnswer"])


def open_answer(answer: dict[str, Any]) -> None:
    """The answer of a document: the common fields, plus the kind's under ``details``."""
    with_details = [ref(details_component(k)) for k, s in kinds().items()
                    if getattr(s, "details_schema", None) is not None]
    if with_details:
        answer.setdefault("properties", {})["details"] = {
            "anyOf": with_details, "description": "the fields of the document's kind"}
    # every top-level field is declared (the first API's kind fields included): nothing else
    answer["additionalProperties"] = False


# --- responses, each with its media type -----------------------------------------------------

_PROBLEM_DESCRIPTIONS = {
    400: "unreadable JSON / JSON illisible",
    401: "an API key is required (when keys are configured) / clé d'API requise",
    403: "this API key is not accepted / clé d'API refusée",
    413: "body too large / corps trop volumineux",
    415: "wrong media type / type de contenu non pris en charge",
    422: "valid JSON, invalid case, options or kind: every faulty field by its path /"
         " dossier invalide : chaque champ fautif par son chemin",
    503: "render time limit or timestamp server unavailable: retry /"
         " délai de rendu dépassé ou horodatage indisponible : réessayer",
}


def problem(status: int, description: str | None = None) -> dict[str, Any]:
    return {"description": description or _PROBLEM_DESCRIPTIONS[status],
            "content": {PROBLEM: {"schema": ref("Problem")}}}


def problems(*statuses: int) -> dict[str, Any]:
    return {str(s): problem(s) for s in statuses}


AUTH = (401, 403)
JSON_BODY = (400, 413, 415)


def json_ok(schema: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ref(schema)}}}


def json_body(schema: dict[str, Any], example: dict[str, Any] | None = None) -> dict[str, Any]:
    media: dict[str, Any] = {"schema": schema}
    if example is not None:
        media["example"] = example
    return {"required": True, "content": {"application/json": media}}


EXAMPLE_CASE = Path(__file__).with_name("case.example.json")


def example_case() -> dict[str, Any]:
    """The contract's example case (shared/spec/case.example.json without its evidence, whose
    content is a placeholder), shipped with the service as the request example."""
    return json.loads(EXAMPLE_CASE.read_text(encoding="utf-8"))


def kind_parameter() -> dict[str, Any]:
    return {"in": "path", "name": "kind", "required": True,
            "description": "document kind / type de document (GET /v1/kinds)",
            "schema": {"type": "string", "enum": sorted(kinds())},
            "example": "mise_en_demeure"}


def options_schema() -> dict[str, Any]:
    return {"anyOf": [*(ref(options_component(k)) for k in sorted(kinds())), {"type": "null"}],
            "description": "the options of the kind in the path: `Options.<kind>` /"
                           " les options du type de document"}


# --- the published JSON Schemas --------------------------------------------------------------

def json_schemas() -> dict[str, dict[str, Any]]:
    """One self-contained JSON Schema (2020-12) per public object, from the marshmallow schemas:
    the common ones, and each kind's ``Options.<kind>`` and ``Details.<kind>``."""
    spec = APISpec("Recouvre", "1.0.0", "3.1.0", plugins=[marshmallow_plugin()])
    per_kind = per_kind_components()
    add_components(spec, {**COMPONENTS, **per_kind})
    open_answer(spec.components.schemas["DocumentAnswer"])
    comps = spec.to_dict()["components"]["schemas"]
    text = json.dumps(comps).replace("#/components/schemas/", "#/$defs/")
    defs = json.loads(text)
    out = {}
    for name in (*COMPONENTS, *per_kind):
        out[name] = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://recouvre.example/schemas/{name}.schema.json",
            "title": name,
            **defs[name],
            "$defs": {k: defs[k] for k in sorted(_referenced(defs, name)) if k != name},
        }
    return out


def _referenced(defs: dict[str, Any], name: str) -> set[str]:
    """The definitions ``name`` refers to, directly or not (each file carries only those)."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        text = json.dumps(defs[todo.pop()])
        for target in re.findall(r'"#/\$defs/([^"]+)"', text):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def write_schemas(directory: Path = SCHEMAS) -> list[Path]:
    directory.mkdir(exist_ok=True)
    written = []
    for name, schema in json_schemas().items():
        path = directory / f"{name}.schema.json"
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
                        encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for p in write_schemas():
        print(p)
