"""The document kinds: adding one is a module with its ``SPEC`` (options and details schemas,
``check``, ``plan``), a template, a test, a golden and its entry in :data:`KINDS` (see the
README's recipe)."""

from __future__ import annotations

from typing import Any

from service.contract.options import Options
from service.documents import (
    assignation,
    bordereau,
    decompte,
    echeancier,
    injonction_de_payer,
    mise_en_demeure,
    petites_creances,
    refere_provision,
    relance,
)
from service.documents.base import KindSpec
from service.documents.facts import CaseFacts
from service.errors import CaseInvalid, field_error
from service.model import Case

KINDS: dict[str, KindSpec] = {spec.name: spec for spec in (
    relance.SPEC, mise_en_demeure.SPEC, injonction_de_payer.SPEC, refere_provision.SPEC,
    assignation.SPEC, bordereau.SPEC, petites_creances.SPEC, echeancier.SPEC, decompte.SPEC)}


def get_kind(kind: str) -> KindSpec:
    spec = KINDS.get(kind)
    if spec is None:
        raise CaseInvalid([field_error("kind", "unknown_kind",
                                       f"Type de document inconnu ; types : {', '.join(KINDS)}.",
                                       f"Unknown document kind; kinds: {', '.join(KINDS)}.")])
    return spec


def check_kind(spec: KindSpec, case: Case, facts: CaseFacts, options: Options) -> None:
    """Raise CaseInvalid listing what the kind needs and the case lacks."""
    errors = spec.check(case, facts, options)
    if options.format not in spec.formats:
        errors.append(field_error("options.format", "format_unavailable",
                                  f"Format « {options.format} » indisponible pour ce type de"
                                  " document.",
                                  f"Format {options.format!r} is not available for this kind."))
    if errors:
        raise CaseInvalid(errors)


def options_description(spec: KindSpec) -> dict[str, str]:
    """Option name -> its description (``/v1/kinds``), from the kind's options schema."""
    out = {}
    for name, f in spec.options_schema().fields.items():
        text = f.metadata.get("description")
        if "enum" in f.metadata and not text:
            text = " | ".join(str(v) for v in f.metadata["enum"])
        out[name] = (text or "") + (" (required)" if f.required and "required" not in (text or "")
                                    else "")
    return out


def describe() -> list[dict[str, Any]]:
    return [{"kind": s.name, "description": s.description, "template_version": s.template_version,
             "options": options_description(s), "formats": list(s.formats),
             "posted_by_lrar": s.posted_by_lrar, "draft_default": s.draft_default}
            for s in KINDS.values()]
