"""Instructions to the commissaire de justice to serve the ordonnance portant injonction de
payer (``case.ordonnance``).

What it says: the ordonnance (court, date, number) and the parties; the documents to serve (the
certified copy of the requête, the bordereau and the ordonnance: CPC 1411); the time limit
after which the ordonnance lapses (« non avenue »), read from dated data at the ordonnance's
date — six months, three for an ordonnance made from 1 September 2026 (décret n° 2026-96) —
the last day being the same-numbered day (CPC 641); the mentions the service deed carries on
pain of nullity (CPC 1413); service to the person where possible (CPC 1416); and, for an
ordonnance made from 1 September 2026, the date after which enforcement may start if no
opposition has been notified (two months after service, CPC 1422 as amended) once
``served_on`` is known. There is no « demande de formule exécutoire »: since décret
n° 2021-1322 the ordonnance is issued bearing it (CPC 1410).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from marshmallow import Schema, fields

from service import fr
from service.contract.options import CommonOptionsSchema, Options
from service.documents import common, letters
from service.documents.base import DocumentPlan, Html, KindSpec
from service.documents.facts import CaseFacts
from service.documents.parties import designation
from service.errors import FieldError, field_error
from service.law.deadlines import add_months, is_working_day
from service.law.parameters import ParameterNotFound, ParameterValue, names, value_at
from service.model import Case, Warning
from service.postage import address_lines as nf_address_lines


class InstructionsOptionsSchema(CommonOptionsSchema):
    """The common options."""


class InstructionsDetailsSchema(Schema):
    service_deadline = fields.String(required=True, metadata={
        "format": "date", "description": "last day to serve the ordonnance (CPC 1411)"})
    service_deadline_text = fields.String(required=True)
    service_months = fields.Integer(required=True)
    service_months_source = fields.String(required=True)
    service_months_status = fields.String(required=True)
    enforcement_from = fields.String(allow_none=True, required=True, metadata={
        "format": "date", "description": "first day enforcement may start without opposition"
                                         " notified (ordonnance from 1 September 2026 and"
                                         " served_on given); null otherwise"})


def check(case: Case, facts: CaseFacts, options: Options) -> list[FieldError]:
    errors = letters.require_signatory(case, need_title=True)
    errors += letters.require_company_mentions(case.creditor, "case.creditor")
    if case.ordonnance is None:
        errors.append(field_error("case.ordonnance", "required",
                                  "Ordonnance portant injonction de payer manquante"
                                  " (case.ordonnance : date, numéro, juridiction).",
                                  "The ordonnance is missing (case.ordonnance: date, number,"
                                  " court)."))
    iss = case.issuer
    if iss is None or iss.kind != "commissaire_de_justice":
        errors.append(field_error("case.issuer", "required",
                                  "Commissaire de justice destinataire manquant (case.issuer,"
                                  " kind « commissaire_de_justice »).",
                                  "The commissaire de justice to instruct is missing"
                                  " (case.issuer with kind commissaire_de_justice)."))
    elif iss.address is None:
        errors.append(field_error("case.issuer.address", "required",
                                  "Adresse de l’étude manquante.",
                                  "The étude's address is missing."))
    return errors


def service_limit(made_on: date) -> tuple[date, ParameterValue]:
    """The last day to serve an ordonnance made on ``made_on`` (CPC 1411, 641)."""
    months = value_at(names.ORDONNANCE_SERVICE_MONTHS, made_on)
    return add_months(made_on, int(months.value)), months


def enforcement_from(made_on: date, served_on: date | None) -> date | None:
    """Ordonnance from 1 September 2026, served: the day after two months from service
    (CPC 1422 as amended by décret n° 2026-96); None before the reform or before service."""
    if served_on is None:
        return None
    try:
        months = value_at(names.ENFORCEMENT_AFTER_SERVICE_MONTHS, made_on)
    except ParameterNotFound:
        return None
    return date.fromordinal(add_months(served_on, int(months.value)).toordinal() + 1)


def plan(case: Case, facts: CaseFacts, options: Options) -> DocumentPlan:
    ordo, iss = case.ordonnance, case.issuer
    assert ordo is not None and iss is not None and iss.address is not None
    sender = letters.creditor_sender(case)
    attention = iss.signatory.name if iss.signatory else None
    block = nf_address_lines(iss.name, iss.address, attention=attention,
                             path="case.issuer.address")
    warnings: list[Warning] = []
    limit, months = service_limit(ordo.date)
    reform = months.valid_from >= date(2026, 9, 1)
    if not months.is_verified:
        warnings.append(Warning(
            "parameter_unverified",
            f"Délai de signification de {months.value} mois : source à confirmer"
            f" ({months.source_text()}).",
            f"Service time limit of {months.value} months: source to be confirmed"
            f" ({months.source_text()}).", path="case.ordonnance.date"))
    if case.as_of > limit:
        warnings.append(Warning(
            "service_deadline_past",
            f"Le délai de signification a expiré le {fr.date_long(limit)} : l’ordonnance est"
            " non avenue (art. 1411 CPC) ; une nouvelle requête est nécessaire.",
            f"The service time limit expired on {limit.isoformat()}: the ordonnance has lapsed"
            " (CPC 1411); a new requête is needed.", path="case.ordonnance.date"))
    if not is_working_day(limit):
        warnings.append(Warning(
            "service_deadline_holiday",
            f"Le dernier jour du délai de signification, le {fr.date_long(limit)}, est un jour"
            " non ouvré : la lettre demande de signifier avant cette date.",
            f"The last day to serve, {limit.isoformat()}, is not a working day: the letter asks"
            " for service before it.", path="case.ordonnance.date"))
    enforce = enforcement_from(ordo.date, ordo.served_on) if reform else None
    court = ordo.court or (facts.court_or_none.court_name if facts.court_or_none else None)
    if court is None:
        warnings.append(Warning(
            "ordonnance_court_missing",
            "Juridiction de l’ordonnance inconnue (case.ordonnance.court).",
            "The ordonnance's court is unknown (case.ordonnance.court).",
            path="case.ordonnance.court"))
    title = f"Instructions de signification — ordonnance du {fr.date_long(ordo.date)}"
    ordo_words = (f"l’ordonnance portant injonction de payer rendue le {fr.date_long(ordo.date)}"
                  + (f" par le président du {court}" if court else "")
                  + (f" (n° {ordo.number})" if ordo.number else ""))
    # instructions to serve the ordonnance, not a statement of the claim: claim=False
    base = letters.base_context(
        case, facts, sender=sender, title=title, subject=title,
        object_line=fr.typo(f"Signification d’une ordonnance portant injonction de payer —"
                            f" {case.debtor.display_name}"),
        lrar=False, keyword="signification", recipient=block, claim=False)
    ctx: dict[str, Any] = base.context
    ctx.update({
        "their_reference": iss.mandate_reference,
        "attachments": "copie certifiée conforme de la requête, du bordereau des pièces et de"
                       " l’ordonnance revêtue de la formule exécutoire",
        "salutation": "Maître",
        "ordonnance": fr.typo(ordo_words),
        "creditor": fr.typo(designation(case.creditor)),
        "debtor": fr.typo(designation(case.debtor)),
        "debtor_address": fr.typo(common.one_line(case.debtor.address)),
        "months": months.value,
        "months_words": fr.typo(f"{fr.number_in_words(int(months.value))} ({months.value})"),
        "limit": fr.date_long(limit),
        "reform": reform,
        "court": fr.typo(court) if court else "la juridiction qui a rendu l’ordonnance",
        "served_on": fr.date_long(ordo.served_on) if ordo.served_on else None,
        "enforcement_from": fr.date_long(enforce) if enforce else None,
        "closing": "Je vous prie d’agréer, Maître, l’expression de mes salutations distinguées.",
        "signatory": letters.signatory(case, for_whom=f"pour {case.creditor.display_name}"),
    })
    details = {"service_deadline": limit.isoformat(), "service_deadline_text": ctx["limit"],
               "service_months": int(months.value), "service_months_source": months.source_text(),
               "service_months_status": months.status,
               "enforcement_from": enforce.isoformat() if enforce else None}
    return DocumentPlan(
        parts=(Html("instructions_signification/letter.html", ctx,
                    anchors=("seal", "recipient")),),
        filename=f"instructions-signification_{case.reference}.pdf",
        signature_reason=f"Instructions de signification — dossier {case.reference}",
        warnings=(*base.warnings, *warnings), details=details)


SPEC = KindSpec(
    name="instructions_signification",
    template_version="instructions_signification@1",
    description="Instructions to the commissaire de justice to serve case.ordonnance within"
                " its time limit (CPC 1411: 3 months for an ordonnance from 1 September 2026,"
                " décret 2026-96; 6 before), with the CPC 1413 mentions and the date"
                " enforcement may start (two months after service, CPC 1422 as amended)",
    options_schema=InstructionsOptionsSchema,
    details_schema=InstructionsDetailsSchema,
    check=check,
    plan=plan,
    posted_by_lrar="no",
)
