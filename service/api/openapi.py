"""Components of the OpenAPI document, and the JSON Schemas published in ``schemas/``."""

from __future__ import annotations

import json
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
from service.contract.options import OptionsSchema
from service.paths import SCHEMAS

COMPONENTS = {
    "Case": CaseSchema,
    "Options": OptionsSchema,
    "Decompte": DecompteSchema,
    "DocumentAnswer": DocumentAnswerSchema,
    "Problem": ProblemSchema,
    "ValidationResult": ValidationResultSchema,
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
            "$defs": {k: v for k, v in defs.items() if k != name},
        }
    return out


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
