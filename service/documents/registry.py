"""The document kinds: adding one is a module with its ``SPEC`` (options and details schemas,
``check``, ``plan``), a template, a test, a golden and its entry in :data:`KINDS` (see the
README's recipe)."""

from __future__ import annotations

from typing import Any

from service import fr
from service.contract.options import Options
from service.documents import (
    assignation,
    bordereau,
    declaration_de_creance,
    decompte,
    echeancier,
    facture_rectificative,
    injonction_de_payer,
    instructions_signification,
    lettre_greffe,
    mise_en_demeure,
    petites_creances,
    pouvoir_special,
    refere_provision,
    relance,
)
from service.documents.base import KindSpec
from service.documents.facts import CaseFacts
from service.documents.filing_checks import FILING_KINDS, piece_missing_errors
from service.errors import CaseInvalid, FieldError, field_error
from service.law.insolvency import consumer_insolvency_errors, insolvency_open
from service.model import Case

KINDS: dict[str, KindSpec] = {spec.name: spec for spec in (
    relance.SPEC, mise_en_demeure.SPEC, injonction_de_payer.SPEC, refere_provision.SPEC,
    assignation.SPEC, bordereau.SPEC, petites_creances.SPEC, echeancier.SPEC, decompte.SPEC,
    declaration_de_creance.SPEC, instructions_signification.SPEC, lettre_greffe.SPEC,
    pouvoir_special.SPEC, facture_rectificative.SPEC)}


def get_kind(kind: str) -> KindSpec:
    spec = KINDS.get(kind)
    if spec is None:
        raise CaseInvalid([field_error("kind", "unknown_kind",
                                       f"Type de document inconnu ; types : {', '.join(KINDS)}.",
                                       f"Unknown document kind; kinds: {', '.join(KINDS)}.")])
    return spec


def check_kind(spec: KindSpec, case: Case, facts: CaseFacts, options: Options) -> None:
    """Raise CaseInvalid listing what the kind needs and the case lacks."""
    errors = insolvency_errors(spec, case) + spec.check(case, facts, options)
    if spec.name in FILING_KINDS:
        errors += piece_missing_errors(case, facts, options)
    if options.format not in spec.formats:
        errors.append(field_error("options.format", "format_unavailable",
                                  f"Format « {options.format} » indisponible pour ce type de"
                                  " document.",
                                  f"Format {options.format!r} is not available for this kind."))
    if errors:
        raise CaseInvalid(errors)


# the procedure with its article and agreement, in French; in English
_PROCEDURE = {"sauvegarde": ("d’une procédure de sauvegarde ouverte", "safeguard proceedings"),
              "redressement_judiciaire": ("d’un redressement judiciaire ouvert",
                                          "judicial reorganisation"),
              "liquidation_judiciaire": ("d’une liquidation judiciaire ouverte",
                                         "judicial liquidation")}


def insolvency_errors(spec: KindSpec, case: Case) -> list[FieldError]:
    """A kind that pursues the debtor is refused while its collective proceedings are open on
    ``as_of``: the opening judgment stops every individual action for payment (C. com. L622-21;
    L631-14, L641-3). The claim is declared to the mandataire (``declaration_de_creance``)."""
    ins = case.debtor.insolvency
    consumer = consumer_insolvency_errors(case)
    if consumer or not spec.pursues_debtor or ins is None or not insolvency_open(case):
        return consumer
    fr_name, en_name = _PROCEDURE[ins.procedure]
    opened = ins.opened_on
    return [field_error(
        "case.debtor.insolvency", "insolvency_open",
        f"Le débiteur fait l’objet {fr_name} le {fr.date_long(opened)} : le jugement"
        " d’ouverture interrompt ou interdit toute action en paiement (C. com. art. L622-21) ;"
        f" « {spec.name} » est refusé. Déclarez la créance au mandataire judiciaire"
        " (declaration_de_creance).",
        f"The debtor is in {en_name} opened on {opened.isoformat()}: the opening judgment stops"
        f" every action for payment (Commercial Code art. L622-21); {spec.name!r} is refused."
        " Declare the claim to the mandataire judiciaire (declaration_de_creance).")]


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
