"""Field maps of fillable forms (``forms/cerfa/*.fields.yaml``): which official forms are here.

A form is available when its field map is in ``forms/cerfa`` and names a PDF that is there too:
the forms are found by globbing the maps, so an operator who drops in an official PDF with its
map changes no code (forms/cerfa/README.md). No map, no form: the requête is then written
free-form (:mod:`service.documents.injonction_de_payer`). This module reads YAML only (no PDF
library), so a document kind may ask it which forms exist.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml

from service import paths

FieldType = Literal["text", "checkbox"]
# a map's ``align`` -> the PDF's /Q quadding; without it the widget's own /Q is used
ALIGNMENTS: dict[str, int] = {"left": 0, "center": 1, "right": 2}
MAP_GLOB = "*.fields.yaml"


@dataclass(frozen=True)
class FieldSpec:
    """One entry of a field map."""

    key: str
    pdf_field: str
    type: FieldType
    page: int
    label: str
    max_chars: int | None = None
    lines: int = 1
    font_size: float | None = None
    on_value: str | None = None
    align: str | None = None  # left | center | right (amounts: right)


@dataclass(frozen=True)
class FormSpec:
    """A fillable form: its PDF and the map from semantic keys to the PDF's fields."""

    form_id: str
    title: str
    pdf_path: Path
    fields: Mapping[str, FieldSpec]




def forms_dir() -> Path:
    """The folder the forms are read from (``forms/cerfa``; tests point it elsewhere)."""
    return paths.FORMS_CERFA


def load_field_map(path: Path) -> FormSpec:
    """Read a field map YAML file; its ``pdf`` entry is resolved relative to the map."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    fields: dict[str, FieldSpec] = {}
    for key, raw in (doc.get("fields") or {}).items():
        ftype = raw.get("type", "text")
        if ftype not in ("text", "checkbox"):
            raise ValueError(f"{path.name}: field {key!r} has unknown type {ftype!r}")
        if ftype == "checkbox" and not raw.get("on_value"):
            raise ValueError(f"{path.name}: checkbox {key!r} needs an on_value")
        on_value = raw.get("on_value")
        if isinstance(on_value, bool):  # YAML 1.1 reads a bare Yes / On / True as a boolean
            raise ValueError(f"{path.name}: quote the on_value of {key!r} (e.g. '/Yes')")
        if on_value is not None and not str(on_value).startswith("/"):
            on_value = "/" + str(on_value)
        align = raw.get("align")
        if align is not None and align not in ALIGNMENTS:
            raise ValueError(f"{path.name}: field {key!r} has unknown align {align!r}")
        fields[key] = FieldSpec(
            key=key,
            pdf_field=str(raw["pdf_field"]),
            type=ftype,
            page=int(raw.get("page", 1)),
            label=str(raw.get("label") or key),
            max_chars=int(raw["max_chars"]) if raw.get("max_chars") else None,
            lines=int(raw.get("lines", 1)),
            font_size=float(raw["font_size"]) if raw.get("font_size") else None,
            on_value=on_value,
            align=align,
        )
    return FormSpec(
        form_id=str(doc["form"]),
        title=str(doc.get("title", "")),
        pdf_path=(path.parent / doc["pdf"]).resolve(),
        fields=fields,
    )


@lru_cache(maxsize=32)
def _cached_map(path: Path, mtime_ns: int) -> FormSpec:
    del mtime_ns  # part of the key only: a map rewritten in place is read again
    return load_field_map(path)


def available_forms(folder: Path | None = None) -> dict[str, FormSpec]:
    """Form id -> spec, for every field map of ``folder`` whose PDF is present."""
    found: dict[str, FormSpec] = {}
    for path in sorted((folder or forms_dir()).glob(MAP_GLOB)):
        spec = _cached_map(path.resolve(), path.stat().st_mtime_ns)
        if spec.pdf_path.is_file():
            found[spec.form_id] = spec
    return found


def find_form(form_id: str, folder: Path | None = None) -> FormSpec | None:
    """The spec of ``form_id`` when its map and PDF are here, else None."""
    return available_forms(folder).get(form_id)


def load_form(form_id: str, *, forms_dir: Path | None = None) -> FormSpec:
    """The spec of ``form_id``; ``ValueError`` when no map of that form is present."""
    spec = find_form(form_id, forms_dir)
    if spec is None:
        known = sorted(available_forms(forms_dir))
        raise ValueError(f"no field map for form {form_id!r} in forms/cerfa; present: {known}")
    return spec
