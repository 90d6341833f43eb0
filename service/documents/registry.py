"""The document kinds: adding one is a module with ``check`` and ``plan``, a template, a test
and one line here."""

from __future__ import annotations

from typing import Any

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
from service.errors import CaseInvalid, field_error
from service.model import Case, Warning

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


def check_kind(kind: str, case: Case, options: dict[str, Any]) -> list[Warning]:
    """Raise CaseInvalid listing what the kind needs and the case lacks; return warnings."""
    spec = get_kind(kind)
    errors = spec.check(case, options)
    fmt = options.get("format", "pdf")
    if fmt not in spec.formats:
        errors.append(field_error("options.format", "format_unavailable",
                                  f"Format « {fmt} » indisponible pour ce type de document.",
                                  f"Format {fmt!r} is not available for this kind."))
    if errors:
        raise CaseInvalid(errors)
    return []


def describe() -> list[dict[str, Any]]:
    return [{"kind": s.name, "description": s.description, "template_version": s.template_version,
             "options": s.options, "formats": list(s.formats),
             "posted_by_lrar": s.posted_by_lrar, "draft_default": s.draft_default}
            for s in KINDS.values()]
