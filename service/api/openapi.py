"""Components of the OpenAPI document, and the JSON Schemas published in ``schemas/``."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask_smorest import Api

from service.contract.answers import (
    DecompteSchema,
    DocumentAnswerSchema,
    ProblemSchema,
    ValidationResultSchema,
)
from service.contract.case import CaseSchema
from service.contract.options import CommonOptionsSchema
from service.documents.registry import KINDS
from service.paths import SCHEMAS

COMPONENTS = {
    "Case": CaseSchema,
    "Options": CommonOptionsSchema,
    "Decompte": DecompteSchema,
    "DocumentAnswer": DocumentAnswerSchema,
    "Problem": ProblemSchema,
    "ValidationResult": ValidationResultSchema,
    # each kind's own options and answer details (KindSpec.options_schema / details_schema)
    **{f"Options.{k}": spec.options_schema for k, spec in KINDS.items()},
    **{f"Details.{k}": spec.details_schema for k, spec in KINDS.items()},
}


def register_components(api: Api) -> None:
    for name, schema in COMPONENTS.items():
        api.spec.components.schema(name, schema=schema)


def json_schemas() -> dict[str, dict[str, Any]]:
    """One self-contained JSON Schema (2020-12) per public object, from the marshmallow schemas."""
    spec = APISpec("Recouvre", "1.0.0", "3.1.0", plugins=[MarshmallowPlugin()])
    for name, schema in COMPONENTS.items():
        spec.components.schema(name, schema=schema)
    comps = spec.to_dict()["components"]["schemas"]
    text = json.dumps(comps).replace("#/components/schemas/", "#/$defs/")
    defs = json.loads(text)
    out = {}
    for name in COMPONENTS:
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
        for ref in re.findall(r'"#/\$defs/([^"]+)"', text):
            if ref not in seen:
                seen.add(ref)
                todo.append(ref)
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
