"""Instructions to the commissaire de justice to serve the ordonnance portant injonction de
payer (``case.ordonnance``).

What it says: the ordonnance (court, date, number) and the parties; the documents to serve (the
certified copy of the requête, the bordereau and the ordonnance: CPC 1411); the time limit
after which the ordonnance lapses (« non avenue »), read from dated data at the ordonnance's
date — six months, three for an ordonnance made from 1 September 2026 (décret n° 2026-96) —
the last day being the same-numbered day (CPC 641); the mentions the service deed carries on
pain of nullity (CPC 1413); service to the person where possible (CPC 1416); and, for an
ordonnance made from 1 September 2026, the rule that enforcement may start if no opposition
has been notified within two months of service (CPC 1422 as amended). There is no « demande de
formule exécutoire »: since décret n° 2021-1322 the ordonnance is issued bearing it (CPC 1410).

Second reading 1: an ordonnance already served (``served_on`` given) is not served again: the
kind is a 422 ``already_served`` on ``case.ordonnance.served_on`` (the message gives the date
enforcement may start) rather than a letter asking for service. The court before which the
debtor opposes (1413) is the court that made the ordonnance: ``ordonnance.court`` when its kind
agrees with the court the case designates (``case.court`` / the court choice), else a 422
``ordonnance_court_mismatch`` (a wrong court in the 1413 mention voids the deed); none given,
the court choice's. The debtor's address is its legal address (registered office or home),
without the mailing delivery point; the letter then gives the étude the delivery address too (the
building and delivery point the postal address gives at the seat: seventh reading 1), the
practical directions a service à personne needs.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from marshmallow import Schema, fields

from service import fr
from service.contract.options import CommonOptionsSchema, Options
from service.documents import letters
from service.documents.base import DocumentPlan, Html, KindSpec
from service.documents.facts import CaseFacts
from service.documents.parties import (
    delivery_address,
    designation,
    legal_address,
    role_word,
    seat,
)
from service.errors import FieldError, field_error
from service.law.courts.naming import kind_of_name
from service.law.deadlines import add_months, is_working_day
from service.law.parameters import ParameterNotFound, ParameterValue, names, value_at
from service.model import Case, Warning
from service.postage import address_lines as nf_address_lines

# ordonnances made from this day: three months to serve, enforcement two months after service
# without an opposition notified (décret n° 2026-96)
REFORM = date(2026, 9, 1)


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
        "format": "date", "description": "always null: once served_on is given the kind is a"
                                         " 422 already_served whose message gives that date"})


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
    ordo = case.ordonnance
    if ordo is not None and ordo.served_on is not None:
        errors.append(_already_served(ordo.date, ordo.served_on))
    if ordo is not None and ordo.court:
        errors += _court_errors(ordo.court, facts)
    return errors


def _already_served(made_on: date, served_on: date) -> FieldError:
    enforce = enforcement_from(made_on, served_on) \
        if service_limit(made_on)[1].valid_from >= REFORM else None
    then_fr = (f" ; sans opposition notifiée, l’exécution peut être poursuivie à compter du"
               f" {fr.date_long(enforce)} (art. 1422 CPC)" if enforce else "")
    then_en = (f"; without an opposition notified, enforcement may start on"
               f" {enforce.isoformat()} (CPC 1422)" if enforce else "")
    return field_error(
        "case.ordonnance.served_on", "already_served",
        fr.typo(f"L’ordonnance a déjà été signifiée le {fr.date_long(served_on)} : des"
                f" instructions de signification n’ont plus d’objet{then_fr}."),
        f"The ordonnance was already served on {served_on.isoformat()}: instructions to serve"
        f" it are moot{then_en}.")


_JUDICIAL = {"tribunal_judiciaire", "chambre_commerciale_tj"}


def _court_errors(named: str, facts: CaseFacts) -> list[FieldError]:
    """The ordonnance's court against the court the case designates: a tribunal de commerce
    named where the place has a TAE (or the reverse), a judicial court for a commercial debt,
    is a 422 — the 1413 mention of the opposition court must be right."""
    choice = facts.court_or_none
    kind = kind_of_name(named)
    if choice is None or kind is None or kind == choice.jurisdiction \
            or {kind, choice.jurisdiction} <= _JUDICIAL:
        return []
    competent = choice.court_name[:1].lower() + choice.court_name[1:]
    return [field_error(
        "case.ordonnance.court", "ordonnance_court_mismatch",
        fr.typo(f"L’ordonnance est dite rendue par le « {named} », alors que la juridiction"
                f" compétente est le {competent} : l’acte de signification doit indiquer"
                " la juridiction devant laquelle l’opposition est portée (art. 1413 CPC) ;"
                " corrigez case.ordonnance.court d’après l’ordonnance."),
        f"The ordonnance is said to be made by « {named} » but the competent court is"
        f" {choice.court_name}: the service deed must name the court the opposition goes to"
        " (CPC 1413); correct case.ordonnance.court from the ordonnance.")]


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
    reform = months.valid_from >= REFORM
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
    # the court that made the ordonnance (checked against the case's court: check), in
    # running text
    court = ordo.court or (facts.court_or_none.court_name if facts.court_or_none else None)
    court = court[:1].lower() + court[1:] if court else None
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
        # ninth reading 1: the pièces the greffe returned (CPC 1410) go with the deed, to be
        # made available to the debtor (1411); 1413 no longer sends him to the greffe
        "attachments": "copie certifiée conforme de la requête, du bordereau des pièces et de"
                       " l’ordonnance revêtue de la formule exécutoire ; pièces produites à"
                       " l’appui de la requête",
        "salutation": "Maître",
        "ordonnance": fr.typo(ordo_words),
        "creditor": fr.typo(designation(case.creditor)),
        "debtor": fr.typo(designation(case.debtor)),
        # the legal address (registered office or home), not the mailing delivery point
        "debtor_address": fr.typo(legal_address(seat(case.debtor))),
        # where the étude finds the debtor there (seventh reading 1): practical directions
        # for a service à personne, with the building and delivery point the case gives
        "debtor_delivery": fr.typo(delivery_address(case.debtor) or "") or None,
        "debtor_is_company": case.debtor.is_company,
        "of_debtor": role_word(case.debtor, "du débiteur", "de la débitrice"),
        "of_creditor": role_word(case.creditor, "du créancier", "de la créancière"),
        "months": months.value,
        "months_words": fr.typo(f"{fr.number_in_words(int(months.value))} ({months.value})"),
        "limit": fr.date_long(limit),
        "reform": reform,
        "court": fr.typo(court) if court else "la juridiction qui a rendu l’ordonnance",
        "closing": "Je vous prie d’agréer, Maître, l’expression de mes salutations distinguées.",
        "signatory": letters.signatory(case, for_whom=f"pour {case.creditor.display_name}"),
    })
    details = {"service_deadline": limit.isoformat(), "service_deadline_text": ctx["limit"],
               "service_months": int(months.value), "service_months_source": months.source_text(),
               "service_months_status": months.status,
               "enforcement_from": None}
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
