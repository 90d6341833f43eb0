"""Requête en injonction de payer: free-form, or on the official Cerfa when it is installed.

* :func:`service.law.courts.choose_court` decides the court and its form: 12946*02 (tribunal de
  commerce, tribunal des activités économiques, commercial chamber of the TJ in Alsace-Moselle)
  or 12948*06 (tribunal judiciaire).
* What the requête says is built once (:mod:`service.documents.injonction_claim`): parties as
  CPC 54, 57 and 1407 want them, the sums with their ground and pièces (principal = outstanding;
  interest or late penalties with their rates and start dates; frais accessoires = the 40 €
  indemnities, D441-5), the total, the 1408 referral, place, date and signatory.
* Without the official PDF in ``forms/cerfa`` (the usual case), the requête is written
  free-form from HTML (:mod:`service.documents.injonction_requete`, legal review I1), with its
  annex (the detailed décompte, 1407) in the same HTML. With the official PDF and its field map,
  the form is filled (:mod:`service.documents.injonction_form`, :mod:`service.pdf.cerfa`) and
  the annex also carries the full text of every value too long for its box (« Point k — … »).
* Then, when ``options.attach_evidence`` (default true) and the case has evidence, the
  bordereau and the stamped pièces (1407 c).

The document is sealed **invisibly**: the signature box stays empty for the handwritten
signature (the seal attests origin and integrity only, engineering reference §5.3). Nothing here
says that the requête interrupts prescription: it does not (only service of the order does;
legal.md §2.1, §4).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from marshmallow import Schema, fields

from service import fr
from service.contract.fields import Choice, Text, bool_field
from service.contract.options import ISSUERS, FilingOptions, FilingOptionsSchema
from service.documents import (
    common,
    greffe_letter,
    injonction_claim,
    injonction_form,
    injonction_requete,
    letters,
)
from service.documents import pieces as pieces_mod
from service.documents.base import Cerfa, DocumentPlan, Html, KindSpec
from service.documents.facts import CaseFacts
from service.documents.filing_checks import filing_errors
from service.documents.injonction_claim import Claim
from service.documents.parties import designation, missing_identity
from service.errors import FieldError, field_error
from service.law.courts import CourtChoice
from service.law.decompte import Decompte
from service.model import Case, Warning
from service.pdf.cerfa_maps import find_form

TITLE = "Requête en injonction de payer"
ANNEX_TITLE = "Annexe à la requête : décompte détaillé et suite des rubriques"
ANNEX_STYLESHEETS = ("css/letter.css", "css/annex.css")
FREE_FORM = "free_form"


@dataclass(frozen=True)
class InjonctionOptions(FilingOptions):
    issuer: str = "creditor"
    flatten: bool = True
    referral_1408: str | None = None
    cover_letter: bool = False


class InjonctionOptionsSchema(FilingOptionsSchema):
    options_class = InjonctionOptions
    attach_evidence_default = True
    issuer = Choice(ISSUERS, load_default="creditor", metadata={
        "description": "who files: the agent block of the form (default creditor)"})
    flatten = bool_field(load_default=True, metadata={
        "description": "official Cerfa form only (when installed in forms/cerfa): burn"
                       " the values into the form (default true)"})
    referral_1408 = Text(max_length=200, allow_none=True, load_default=None, metadata={
        "description": "ask, under CPC art. 1408, that the case be sent to the named court if"
                       " the debtor opposes the order; the court's name (empty: the box stays"
                       " unticked)"})
    cover_letter = bool_field(load_default=False, metadata={
        "description": "put the cover letter to the greffe (kind lettre_greffe) first in the"
                       " same PDF"})


class InjonctionCourtSchema(Schema):
    name = fields.String(required=True)
    jurisdiction = fields.String(required=True)
    department = fields.String(allow_none=True, required=True)
    president = fields.String(required=True)


class InjonctionDetailsSchema(Schema):
    court = fields.Nested(InjonctionCourtSchema, required=True)
    form = fields.String(required=True, metadata={
        "description": "what carries the requête: the official Cerfa filled (its number, when"
                       " its PDF is installed in forms/cerfa) or \"free_form\""})
    court_form = fields.String(required=True, metadata={
        "description": "the Cerfa of this court (12946*02 or 12948*06), filled or not"})
    court_fees = fields.Dict(required=True)
    lawyer_required = fields.Boolean(required=True)
    lawyer_required_after_opposition = fields.Boolean(required=True)
    legal_basis = fields.List(fields.String(), required=True)
    pieces = fields.Integer(required=True, metadata={"description": "pièces attached"})


def check(case: Case, facts: CaseFacts, options: InjonctionOptions) -> list[FieldError]:
    errors = letters.require_signatory(case, need_title=False) + filing_errors(case, facts)
    if options.issuer == "commissaire_de_justice" and case.issuer is not None \
            and case.issuer.signatory is None:
        # the officer who files signs the requête (CPC 57; legal review I6)
        errors.append(field_error("case.issuer.signatory", "required",
                                  "Requête déposée par un commissaire de justice : le nom de"
                                  " l’officier signataire (case.issuer.signatory) est requis.",
                                  "Request filed by a commissaire de justice: the signing"
                                  " officer's name (case.issuer.signatory) is required."))
    for path, party in (("case.creditor", case.creditor), ("case.debtor", case.debtor)):
        if party.is_company and not party.legal_form:
            errors.append(field_error(f"{path}.legal_form", "required",
                                      "Forme juridique manquante (CPC art. 54 3° b et 57).",
                                      "Legal form missing (CPC arts 54 and 57)."))
    c = case.creditor
    if c.is_company and c.representative is None:
        errors.append(field_error("case.creditor.representative", "required",
                                  "Organe représentant légalement le créancier manquant (CPC art."
                                  " 54 3° b).",
                                  "The creditor's legal representative is missing (CPC art. 54)."))
    if not c.is_company:
        for attr, label_fr, label_en in missing_identity(c):
            errors.append(field_error(f"case.creditor.{attr}", "required",
                                      f"Créancier personne physique : {label_fr} manquante"
                                      " (CPC art. 54 3° a, à peine de nullité).",
                                      f"Individual creditor: {label_en} missing (CPC art."
                                      " 54 3° a, on pain of nullity)."))
    return errors


# ---------------------------------------------------------------------------- rendering


def _annex_context(case: Case, decompte: Decompte, choice: CourtChoice,
                   form: str | None) -> dict[str, Any]:
    """The annex's context; the Cerfa step adds ``overflow`` (the text too long for its box)."""
    where = f" (Cerfa n° {form})" if form else ""
    return {
        "meta": common.document_meta(case, title=f"{ANNEX_TITLE} — {case.reference}",
                                     subject=f"{TITLE}, dossier {case.reference}",
                                     keyword="injonction de payer"),
        "footer": fr.typo(f"Annexe à la requête en injonction de payer{where}"
                          f" — {case.creditor.display_name} c/ {case.debtor.display_name} — Réf.\u00a0"
                          f"{case.reference}"),
        "draft": None,
        "court": choice.court_name,
        "form": form,
        "overflow": [],
        "creditor_designation": designation(case.creditor, "deed"),
        "debtor_designation": designation(case.debtor, "deed"),
        "reference": case.reference,
        "invoices": common.invoice_rows(decompte),
        "totals": common.totals(decompte),
        # the annex is the requête's only list of invoices: their amounts and the payments
        # go into its décompte (CPC 1407; seventh reading 1)
        "decompte_payments": decompte.totals.paid > 0,
        "regime": decompte.regime,
        "rate_description": common.rate_description(decompte, case),
        "as_of": fr.date_long(decompte.as_of),
        "reminders": common.reminders_list(case),
    }


def _requete_part(case: Case, facts: CaseFacts, claim: Claim, meta: dict[str, str], *,
                  flatten: bool) -> tuple[Cerfa | Html, str]:
    """The official Cerfa when its PDF and map are in forms/cerfa, else the free-form requête."""
    choice = facts.court
    official = find_form(choice.cerfa_form)
    if official is not None:
        annex = Html("injonction/addendum.html",
                     _annex_context(case, facts.decompte, choice, official.form_id),
                     stylesheets=ANNEX_STYLESHEETS)
        return Cerfa(official.form_id, injonction_form.form_values(case, claim, choice),
                     flatten=flatten, annex=annex, bookmark=TITLE,
                     form_bookmark=f"{TITLE} (Cerfa n° {official.form_id})",
                     annex_bookmark="Annexe : décompte détaillé", meta=meta), official.form_id
    annex_ctx = _annex_context(case, facts.decompte, choice, None)
    ctx = {**{k: v for k, v in annex_ctx.items() if k not in ("meta", "footer")},
           **injonction_requete.context(case, facts, choice, claim, meta=meta)}
    return Html(injonction_requete.TEMPLATE, ctx, stylesheets=injonction_requete.STYLESHEETS,
                bookmark=TITLE), FREE_FORM


def plan(case: Case, facts: CaseFacts, options: InjonctionOptions) -> DocumentPlan:
    choice = facts.court
    pieces = pieces_mod.attached_pieces(case, facts, options)
    title = f"{TITLE} — {case.reference}"
    meta = common.document_meta(case, title=title, subject=f"{TITLE}, dossier {case.reference}",
                                keyword="injonction de payer")
    claim = injonction_claim.build(case, facts, issuer=options.issuer,
                                   referral=options.referral_1408)
    requete, form = _requete_part(case, facts, claim, meta, flatten=options.flatten)
    parts: list[Any] = [requete]
    if pieces:
        parts.append(pieces_mod.pieces_part(
            case, pieces, court=choice.court_name,
            purpose="Pièces produites à l’appui de la requête en injonction de payer"
                    " (article 1407 du code de procédure civile)", title=title, requete=True,
            # the bordereau is signed by whoever signs the requête (CPC 57)
            lawyer_signs=options.issuer == "avocat" and case.lawyer is not None,
            officer_signs=options.issuer == "commissaire_de_justice"))

    warnings: list[Warning] = list(choice.warnings) + pieces_mod.piece_warnings(pieces)
    if options.cover_letter:  # the letter to the greffe, in front of the requête
        parts.insert(0, greffe_letter.cover_letter(
            case, facts, filed_by={"creditor": "creditor", "avocat": "avocat"}.get(
                options.issuer, "issuer"),
            fee_payment="cheque", cerfa=form != FREE_FORM, seal=False)[0])
    if not case.evidence:
        warnings.append(Warning(
            "no_evidence",
            fr.typo("Aucune pièce fournie (case.evidence) : joignez à la requête les factures et"
                    " le bordereau des pièces (CPC art. 1407)."),
            "No evidence supplied (case.evidence): attach the invoices and the list of pièces"
            " to the request (CPC art. 1407).", path="case.evidence"))
    if options.issuer == "commissaire_de_justice":
        warnings.append(Warning(
            "mandate_dispensation_unsure",
            fr.typo("Le commissaire de justice n’est dispensé de justifier de son mandat que dans"
                    " les cas où il est habilité à représenter les parties (CPC art. 416) : qu’il"
                    " le soit pour la requête en injonction de payer n’est pas établi ; par"
                    " prudence, joignez le mandat du créancier."),
            "A commissaire de justice is dispensed from proving the mandate only where entitled to"
            " represent the parties (CPC art. 416): whether that covers the requête is not"
            " settled; attach the creditor's mandate to be safe.", path="options.issuer"))
    if form == FREE_FORM:
        warnings.append(Warning(
            "official_form_absent",
            fr.typo(f"Le formulaire Cerfa n° {choice.cerfa_form} n’est pas installé"
                    " (forms/cerfa) : la requête est rédigée sur papier libre, avec les mentions"
                    " des articles 54, 57 et 1407 du code de procédure civile."),
            f"The official Cerfa {choice.cerfa_form} is not installed (forms/cerfa): the request"
            " is written free-form, with the mentions of CPC arts 54, 57 and 1407."))
    warnings.append(Warning(
        "sign_the_request",
        fr.typo("La requête doit être datée et signée par le créancier ou son mandataire (CPC"
                " art. 57) : le cachet électronique du service, invisible, n’en tient pas lieu."),
        "The request must be dated and signed by the creditor or its agent (CPC art. 57): the"
        " service's invisible electronic seal does not replace that signature."))
    details = {
        "court": {"name": choice.court_name, "jurisdiction": choice.jurisdiction,
                  "department": choice.department, "president": choice.president_title},
        "form": form,
        "court_form": choice.cerfa_form,
        "court_fees": choice.court_fee,
        "lawyer_required": choice.lawyer_required_requete,
        "lawyer_required_after_opposition": choice.lawyer_required_merits,
        "legal_basis": choice.legal_basis,
        "pieces": len(pieces),
    }
    return DocumentPlan(
        parts=tuple(parts),
        filename=f"injonction-de-payer_{case.reference}.pdf",
        signature_reason=f"{TITLE} — dossier {case.reference}",
        warnings=tuple(warnings),
        details=details,
        # the first version's top-level fields stay; court_form is new: in details only
        legacy={k: v for k, v in details.items() if k != "court_form"},
    )


SPEC = KindSpec(
    name="injonction_de_payer",
    template_version="injonction_de_payer@1",
    description="Requête en injonction de payer (CPC 1405 s.), free-form or on the official"
                " Cerfa 12946*02 / 12948*06 when installed, with its annex, bordereau and pièces",
    options_schema=InjonctionOptionsSchema,
    details_schema=InjonctionDetailsSchema,
    check=check,
    plan=plan,
    posted_by_lrar="no (filed at the greffe)",
    pursues_debtor=True,
)
