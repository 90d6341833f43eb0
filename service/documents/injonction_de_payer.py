"""Requête en injonction de payer on the Cerfa of the competent court, with its annex.

* :func:`service.law.courts.choose_court` decides the court and the form: 12946*02 (tribunal de
  commerce, tribunal des activités économiques, commercial chamber of the TJ in Alsace-Moselle)
  or 12948*06 (tribunal judiciaire).
* The form is filled from its field map (:mod:`service.pdf.cerfa`): parties as CPC 54, 57 and
  1407 want them, the sums with their basis and pièces (principal = outstanding; interest or
  late penalties with their rate and start date; no clause pénale; frais accessoires = the
  40 € indemnities, D441-5), the total, place, date and signatory. The art. 1408 referral is
  left unticked unless ``options.referral_1408`` names a court.
* An annex always follows: the detailed décompte the form says is annexed (1407 a), and the
  full text of every value too long for its box (the box shows « (suite en annexe, point k) »).
* Then, when ``options.attach_evidence`` (default true) and the case has evidence, the
  bordereau and the stamped pièces (1407 c).

The document is sealed **invisibly**: the form's « Signature du demandeur ou de son
mandataire » box stays empty for the creditor's own signature (the seal attests origin and
integrity only, engineering reference §5.3). Nothing here says that the requête interrupts
prescription: it does not (only service of the order does; legal.md §2.1, §4).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from marshmallow import Schema, fields

from service import fr
from service.contract.fields import Choice, Text, bool_field
from service.contract.options import ISSUERS, CommonOptionsSchema, Options
from service.documents import common, greffe_letter, letters
from service.documents import pieces as pieces_mod
from service.documents.base import Cerfa, DocumentPlan, Html, KindSpec
from service.documents.facts import CaseFacts
from service.documents.filing_checks import filing_errors
from service.documents.parties import designation, group_siren, legal_address, missing_identity
from service.errors import FieldError, field_error
from service.law.courts import CourtChoice
from service.law.decompte import Decompte
from service.model import Case, Party, Warning

TITLE = "Requête en injonction de payer"
ANNEX_TITLE = "Annexe à la requête : décompte détaillé et suite des rubriques"
ANNEX_STYLESHEETS = ("css/letter.css", "css/annex.css")


@dataclass(frozen=True)
class InjonctionOptions(Options):
    issuer: str = "creditor"
    flatten: bool = True
    referral_1408: str | None = None
    cover_letter: bool = False


class InjonctionOptionsSchema(CommonOptionsSchema):
    options_class = InjonctionOptions
    attach_evidence_default = True
    issuer = Choice(ISSUERS, load_default="creditor", metadata={
        "description": "who files: the agent block of the form (default creditor)"})
    flatten = bool_field(load_default=True, metadata={
        "description": "burn the values into the form (default true)"})
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
    form = fields.String(required=True, metadata={"description": "the Cerfa used"})
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


# ---------------------------------------------------------------------------- form values


def _party_values(prefix: str, p: Party) -> dict[str, str | bool]:
    v: dict[str, str | bool] = {f"{prefix}.is_company": p.is_company,
                                f"{prefix}.is_individual": not p.is_company}
    address = legal_address(p.address)
    if p.is_company:
        v[f"{prefix}.name"] = p.name
        v[f"{prefix}.legal_form"] = p.legal_form or ""
        if p.siren:
            siren = group_siren(p.siren)
            v[f"{prefix}.siren"] = f"RCS {p.rcs_city} {siren}" if p.rcs_city else siren
        if p.representative:
            rep = p.representative.name + (f", {p.representative.title}"
                                           if p.representative.title else "")
            v[f"{prefix}.representative"] = rep
        v[f"{prefix}.registered_office" if prefix == "creditor" else f"{prefix}.address"] = address
    else:
        v[f"{prefix}.name"] = (p.last_name or p.name).upper()
        if p.first_name:
            v[f"{prefix}.first_names"] = p.first_name
        v[f"{prefix}.address"] = address
        if prefix == "creditor":
            v["creditor.profession"] = p.profession or ""
            v["creditor.nationality"] = p.nationality or ""
            if p.birth_date:
                v["creditor.birth"] = fr.date_short(p.birth_date) + (
                    f" à {p.birth_place}" if p.birth_place else "")
    return v


def _pieces_label(numbers: list[int], fallback: str) -> str:
    if not numbers:
        return fallback
    if len(numbers) == 1:
        return f"Pièce n° {numbers[0]}"
    return "Pièces n° " + ", ".join(str(n) for n in numbers)


def _invoice_pieces(case: Case) -> list[int]:
    found = sorted({n for numbers in common.invoice_pieces(case).values() for n in numbers})
    return found or list(range(1, len(case.evidence) + 1))


def form_values(case: Case, facts: CaseFacts, choice: CourtChoice,
                options: InjonctionOptions) -> dict[str, str | bool]:
    """Semantic key -> value for the form's field map (keys absent from a map are skipped)."""
    decompte = facts.decompte
    t = decompte.totals
    v: dict[str, str | bool] = {"court.name": choice.court_name}
    if choice.court_address is not None:
        v["court.address"] = legal_address(choice.court_address)
    v.update(_party_values("creditor", case.creditor))
    v.update(_party_values("debtor", case.debtor))

    issuer = options.issuer
    if issuer == "avocat" and case.lawyer is not None:
        v["agent.name"] = case.lawyer.name
        v["agent.capacity"] = "Avocat"
        v["agent.address"] = legal_address(case.lawyer.address)
    elif issuer == "commissaire_de_justice" and case.issuer is not None:
        v["agent.name"] = case.issuer.name
        v["agent.capacity"] = "Commissaire de justice"
        v["agent.address"] = legal_address(case.issuer.address)

    referral = options.referral_1408
    v["referral_1408.requested"] = bool(referral)
    if isinstance(referral, str) and referral.strip():
        v["referral_1408.court"] = referral.strip()

    numbers = ", ".join(i.number for i in case.invoices)
    plural = "s" if len(case.invoices) > 1 else ""
    docs = _pieces_label(_invoice_pieces(case), f"Facture{plural} et décompte annexés")
    contract = case.terms.reference or "relations contractuelles"
    v["sums.principal.amount"] = fr.money(t.outstanding)
    v["sums.principal.basis"] = fr.typo(
        f"Contrat ({contract}) et facture{plural} impayée{plural} n° {numbers} ; art. 1103"
        " C. civ.")  # L441-10 founds the penalties and the 40 € only (legal review I10)
    v["sums.principal.documents"] = docs

    starts = [line.interest_start for line in decompte.invoices if line.interest_start]
    periods = sorted((p for line in decompte.invoices for p in line.periods), key=lambda p: p.start)
    rates = list(dict.fromkeys(p.rate for p in periods))
    if decompte.regime == "consumer":
        v["sums.interest.legal"] = True
        basis = ("Intérêts au taux légal à compter de la mise en demeure (art. 1231-6 et 1344-1"
                 " C. civ.), arrêtés au " + fr.date_short(decompte.as_of))
    else:
        v["sums.interest.contractual"] = decompte.rate_basis == "contractual"
        applied = " puis ".join(fr.percent(r) for r in rates)
        rules = decompte.rules
        if decompte.rate_basis == "contractual" and rules is not None and \
                rules.below_floor_applied:
            # the rate printed is the rate applied (legal review I3)
            rate = (f"taux contractuel de {fr.percent(case.terms.late_penalty_rate)}, porté au"
                    " taux plancher de trois fois le taux de l’intérêt légal"
                    if rules.below_floor == "floor" else
                    f"taux contractuel de {fr.percent(case.terms.late_penalty_rate)}, inférieur"
                    " au plancher légal et écarté au profit du taux BCE + 10 points")
            rate += f" ({applied})"
        elif decompte.rate_basis == "contractual":
            rate = f"taux contractuel de {fr.percent(case.terms.late_penalty_rate)}"
        else:
            rate = f"taux BCE + 10 points ({applied})"
        each = "; ".join(f"{line.invoice.number} : dès le {fr.date_short(line.interest_start)}"
                         for line in decompte.invoices if line.interest_start)
        basis = (f"Pénalités de retard (art. L441-10 II C. com.) au {rate}, échues au"
                 f" {fr.date_short(decompte.as_of)} ({each}), outre les pénalités au même"
                 " régime sur le principal restant dû à compter du lendemain jusqu’à parfait"
                 " paiement ; dépens")
    if decompte.rate_basis == "contractual" and len(rates) == 1 and not (
            decompte.rules is not None and decompte.rules.below_floor_applied):
        # the box is the one of « au taux conventionnel de … % »: never a legal or BCE rate
        v["sums.interest.rate"] = fr.percent(rates[0]).replace("\u00a0%", "")
    if starts:
        v["sums.interest.from_date"] = fr.date_short(min(starts))
    v["sums.interest.amount"] = fr.money(t.interest)
    v["sums.interest.basis"] = fr.typo(basis)
    v["sums.interest.documents"] = "Décompte annexé" + (f" ; {docs}" if case.evidence else "")

    v["sums.penalty_clause.amount"] = "Néant"
    if t.indemnities > 0:
        count = sum(1 for line in decompte.invoices if line.indemnity > 0)
        indemnity = facts.flat_indemnity
        v["sums.costs.amount"] = fr.money(t.indemnities)
        v["sums.costs.basis"] = fr.typo(
            f"Indemnité forfaitaire de {fr.money(indemnity)} × {count} (art. L441-10 II et"
            " D441-5 C. com.)")
        v["sums.costs.documents"] = docs
    else:
        v["sums.costs.amount"] = "Néant"
    v["sums.total"] = fr.money(t.total_due)

    if choice.amicable_attempt_statement_required:
        v["amicable.dispensed"] = True
        # the reminders are listed in the annex (« Démarches amiables préalables »): the box
        # keeps to the ground, which fits it
        v["amicable.details"] = (
            "Art. 750-1 3° CPC : la requête en injonction de payer appelle une décision rendue"
            " sans que le débiteur soit appelé."
            + (" Démarches amiables : voir l’annexe." if case.reminders else ""))

    sig = letters.signatory(case)
    v["signature.place"] = (case.signatory.place if case.signatory and case.signatory.place
                            else case.creditor.address.city or "")
    v["signature.date"] = fr.date_long(case.as_of)
    who = sig["name"] + (f", {sig['title']}" if sig.get("title") else "")
    principal = case.creditor.name if case.creditor.is_company else case.creditor.display_name
    if issuer == "avocat" and case.lawyer is not None:
        # the agent who files signs (CPC 57; legal review I6)
        who = f"{case.lawyer.name}, avocat, pour {principal}"
    elif issuer == "commissaire_de_justice" and case.issuer is not None:
        officer = case.issuer.signatory.name if case.issuer.signatory else case.issuer.name
        who = f"{officer}, pour {principal}"  # the agent block gives the capacity
    elif case.creditor.is_company:
        who += f", pour {case.creditor.name}"
    v["signature.name"] = who
    return {k: fr.typo(val) if isinstance(val, str) else val for k, val in v.items()}


# ---------------------------------------------------------------------------- rendering


def _annex_context(case: Case, decompte: Decompte, choice: CourtChoice) -> dict[str, Any]:
    """The annex's context; the Cerfa step adds ``overflow`` (the text too long for its box)."""
    return {
        "meta": common.document_meta(case, title=f"{ANNEX_TITLE} — {case.reference}",
                                     subject=f"{TITLE}, dossier {case.reference}",
                                     keyword="injonction de payer"),
        "footer": fr.typo(f"Annexe à la requête en injonction de payer (Cerfa n° {choice.cerfa_form})"
                          f" — {case.creditor.display_name} c/ {case.debtor.display_name} — Réf.\u00a0"
                          f"{case.reference}"),
        "draft": None,
        "court": choice.court_name,
        "form": choice.cerfa_form,
        "creditor_designation": designation(case.creditor, "deed"),
        "debtor_designation": designation(case.debtor, "deed"),
        "reference": case.reference,
        "invoices": common.invoice_rows(decompte),
        "totals": common.totals(decompte),
        "regime": decompte.regime,
        "rate_description": common.rate_description(decompte, case),
        "as_of": fr.date_long(decompte.as_of),
        "unverified": common.decompte_unverified(decompte),
        "reminders": common.reminders_list(case),
    }


def plan(case: Case, facts: CaseFacts, options: InjonctionOptions) -> DocumentPlan:
    choice = facts.court
    pieces = pieces_mod.attached_pieces(case, facts, options)
    title = f"{TITLE} — {case.reference}"
    meta = common.document_meta(case, title=title, subject=f"{TITLE}, dossier {case.reference}",
                                keyword="injonction de payer")
    annex = Html("injonction/addendum.html", _annex_context(case, facts.decompte, choice),
                 stylesheets=ANNEX_STYLESHEETS)
    parts: list[Any] = [Cerfa(choice.cerfa_form, form_values(case, facts, choice, options),
                              flatten=options.flatten, annex=annex, bookmark=TITLE,
                              form_bookmark=f"{TITLE} (Cerfa n° {choice.cerfa_form})",
                              annex_bookmark="Annexe : décompte détaillé", meta=meta)]
    if pieces:
        parts.append(pieces_mod.pieces_part(
            case, pieces, court=choice.court_name,
            purpose="Pièces produites à l’appui de la requête en injonction de payer"
                    " (article 1407 du code de procédure civile)", title=title, requete=True))

    warnings: list[Warning] = list(choice.warnings) + pieces_mod.piece_warnings(pieces)
    if options.cover_letter:  # the letter to the greffe, in front of the requête
        parts.insert(0, greffe_letter.cover_letter(
            case, facts, filed_by="creditor" if options.issuer == "creditor" else "issuer",
            fee_payment="cheque", seal=False)[0])
    if not case.evidence:
        warnings.append(Warning(
            "no_evidence",
            fr.typo("Aucune pièce fournie (case.evidence) : joignez à la requête les factures et"
                    " le bordereau des pièces (CPC art. 1407)."),
            "No evidence supplied (case.evidence): attach the invoices and the list of pièces"
            " to the request (CPC art. 1407).", path="case.evidence"))
    warnings.append(Warning(
        "sign_the_request",
        fr.typo("La requête doit être datée et signée par le créancier ou son mandataire (CPC"
                " art. 57) : le cachet électronique du service, invisible, n’en tient pas lieu."),
        "The request must be dated and signed by the creditor or its agent (CPC art. 57): the"
        " service's invisible electronic seal does not replace that signature."))
    details = {
        "court": {"name": choice.court_name, "jurisdiction": choice.jurisdiction,
                  "department": choice.department, "president": choice.president_title},
        "form": choice.cerfa_form,
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
        legacy=details,
    )


SPEC = KindSpec(
    name="injonction_de_payer",
    template_version="injonction_de_payer@1",
    description="Requête en injonction de payer on Cerfa 12946*02 (commercial court) or"
                " 12948*06 (tribunal judiciaire), with its annex, bordereau and pièces",
    options_schema=InjonctionOptionsSchema,
    details_schema=InjonctionDetailsSchema,
    check=check,
    plan=plan,
    posted_by_lrar="no (filed at the greffe)",
    pursues_debtor=True,
)
