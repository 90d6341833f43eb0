"""Checks every court filing shares (requête en injonction de payer, référé-provision,
assignation): each returns the 422 field errors that stop a filing no practitioner would sign.

* :func:`prescription_errors` — an invoice whose prescription is acquired on ``as_of`` is never
  put before a judge (legal review I8): ``prescription_acquired`` naming ``case.invoices[i]``;
* :func:`court_kind_errors` — a named court of the wrong kind for the debtor (a commercial court
  for a consumer, a TJ for a commercial debt): ``court_kind_mismatch`` on ``case.court.name``
  (legal review A4), not a warning;
* :func:`missing_pieces` — a claimed invoice no pièce names, or general terms relied on
  (``case.terms.reference``) and not produced (legal review I11, F5: in référé an unproven item
  is « sérieusement contestable »): the warning ``piece_missing`` on every filing
  (:func:`piece_missing_warnings`), a 422 with ``options.strict_pieces``
  (:func:`piece_missing_errors`). The pipeline runs both for every kind of
  :data:`FILING_KINDS` (``registry.check_kind``, ``generate``), so no filing can forget them;
* :func:`legal_address_errors` — a party whose only address is a CEDEX or PO box one: no deed
  is served there and it is no registered office (CPC 648, 690): ``legal_address_required``
  naming ``case.<party>.legal_address``; :func:`filing_warnings` adds ``legal_address_assumed``
  when the debtor's postal address stands for its seat, and ``representative_title_unusual``
  when the representative's title is not an organ of the company's form (an SAS « président du
  conseil d’administration »).
* :func:`consumer_interest.receipt_errors` — against a consumer, interest that would run from
  the mise en demeure's date because its receipt is unknown (third reading 1):
  ``mise_en_demeure_receipt_required`` naming ``case.reminders[i].received_on``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service import fr
from service.contract.options import Options
from service.documents import common, consumer_interest
from service.documents.facts import CaseFacts
from service.errors import FieldError, field_error
from service.model import Address, Case, Party, Warning
from service.statement import time_barred

__all__ = ["FILING_KINDS", "court_kind_errors", "filing_errors", "filing_warnings",
           "legal_address_errors", "missing_pieces", "piece_missing_errors",
           "piece_missing_warnings", "prescription_errors", "postal_only"]

# the kinds put before a judge: the pièces checks run for each of them
FILING_KINDS = frozenset({"injonction_de_payer", "refere_provision", "assignation"})


def prescription_errors(case: Case) -> list[FieldError]:
    out = []
    for tb in time_barred(case):
        out.append(field_error(
            tb.path, "prescription_acquired",
            fr.typo(f"La facture {tb.invoice} est prescrite depuis le"
                    f" {fr.date_long(tb.expires_on)} ({tb.basis}, {tb.years} ans) : elle ne peut"
                    " être portée devant le juge. Retirez-la de la demande."),
            f"Invoice {tb.invoice} is time-barred since {tb.expires_on.isoformat()} ({tb.basis},"
            f" {tb.years} years): it cannot be put before a court. Remove it from the claim."))
    return out


def court_kind_errors(facts: CaseFacts) -> list[FieldError]:
    choice = facts.court_or_none
    if choice is None:
        return []
    return [field_error(w.path or "case.court.name", "court_kind_mismatch",
                        w.message_fr + " Désignez la juridiction compétente.",
                        w.message_en + " Name the competent court.")
            for w in (*choice.warnings, *choice.common_warnings)
            if w.code == "court_kind_mismatch"][:1]


_PO_BOX = re.compile(r"\b(?:B\.?\s?P\.?|bo[iî]te\s+postale|CS|TSA)\s*\d", re.IGNORECASE)
_CEDEX = re.compile(r"\bcedex\b", re.IGNORECASE)
_PARTIES = (("creditor", "du demandeur", "claimant"), ("debtor", "du défendeur", "defendant"))


def postal_only(a: Address) -> bool:
    """A CEDEX or PO box (BP, CS, TSA) address: a delivery service, not a place."""
    if a.cedex or _CEDEX.search(a.city or ""):
        return True
    return any(_PO_BOX.search(v or "") for v in (a.street, a.building, a.locality,
                                                  a.delivery_point))


def legal_address_errors(case: Case) -> list[FieldError]:
    out = []
    for who, fr_who, en_who in _PARTIES:
        p: Party = getattr(case, who)
        given = p.legal_address is not None
        if not postal_only(p.legal_address or p.address):
            continue
        out.append(field_error(
            f"case.{who}.legal_address", "legal_address_required",
            fr.typo(f"Le siège ou le domicile {fr_who} doit être une adresse physique : "
                    + ("l’adresse indiquée (case." + who + ".legal_address) est"
                       if given else "la seule adresse connue (case." + who + ".address) est")
                    + " une adresse CEDEX ou une boîte postale, où aucun acte n’est signifié et"
                    " qui n’est pas un siège social (CPC art. 648 et 690). Indiquez l’adresse"
                    " du siège (extrait Kbis) ou du domicile dans case." + who
                    + ".legal_address."),
            f"The {en_who}'s seat or domicile must be a physical address: "
            + ("the one given" if given else f"the only address known (case.{who}.address)")
            + " is a CEDEX or PO box address, where no deed is served and which is no"
            f" registered office (CPC arts 648, 690). Give the seat (Kbis) or domicile in"
            f" case.{who}.legal_address."))
    return out


def filing_errors(case: Case, facts: CaseFacts) -> list[FieldError]:
    return (prescription_errors(case) + court_kind_errors(facts) + legal_address_errors(case)
            + consumer_interest.receipt_errors(case, facts.decompte))


# the organs that represent a company of each form (C. com. L223-18, L225-51-1, L225-66,
# L227-6): a title naming another form's organ is warned about, never refused (the statutes
# or a delegation may explain it)
_SA_ORGANS = re.compile(r"conseil\s+d.administration|directoire|conseil\s+de\s+surveillance"
                        r"|pr[ée]sident(?:e)?-directeur|\bPDG\b", re.IGNORECASE)
_GERANT = re.compile(r"^(?:co-?)?g[ée]rant", re.IGNORECASE)


def _title_unusual(p: Party) -> bool:
    if not (p.is_company and p.representative and p.representative.title and p.legal_form):
        return False
    form = p.legal_form.upper().replace(".", "").strip()
    title = fr.typo(p.representative.title).strip()
    if form in ("SAS", "SASU"):
        return bool(_SA_ORGANS.search(title)) or bool(_GERANT.search(title))
    if form in ("SARL", "EURL", "SELARL", "SNC", "SCI"):
        return not _GERANT.search(title)
    if form == "SA":
        return bool(_GERANT.search(title))
    return False


def filing_warnings(case: Case, facts: CaseFacts) -> list[Warning]:
    """What every filing warns of: the pièces, the seat taken from the postal address, a
    representative's title foreign to the company's form."""
    out = piece_missing_warnings(case, facts)
    d = case.debtor
    if d.legal_address is None and not postal_only(d.address):
        out.append(Warning(
            "legal_address_assumed",
            fr.typo("Aucune adresse de siège ou de domicile (case.debtor.legal_address) : l’acte"
                    " reprend l’adresse postale du défendeur comme siège ou domicile. Vérifiez-la"
                    " (extrait Kbis, CPC art. 648 et 690) avant la signification."),
            "No seat or domicile given (case.debtor.legal_address): the deed uses the"
            " defendant's postal address as its seat or domicile. Check it (Kbis, CPC arts"
            " 648, 690) before service.", path="case.debtor.legal_address"))
    for who, _, _ in _PARTIES:
        p: Party = getattr(case, who)
        if _title_unusual(p):
            assert p.representative is not None and p.representative.title is not None
            out.append(Warning(
                "representative_title_unusual",
                fr.typo(f"Le représentant légal de {p.name} ({p.legal_form}) est désigné comme"
                        f" « {p.representative.title} », organe qui n’est pas celui de cette"
                        " forme sociale (gérant de SARL, président de SAS, directeur général"
                        " ou président du conseil d’administration de SA) : vérifiez le titre"
                        " sur l’extrait Kbis."),
                f"The legal representative of {p.name} ({p.legal_form}) is styled"
                f" '{p.representative.title}', an organ foreign to that company form: check"
                " the title on the Kbis.", path=f"case.{who}.representative.title"))
    return out


@dataclass(frozen=True)
class MissingPiece:
    path: str
    message_fr: str
    message_en: str


def missing_pieces(case: Case, facts: CaseFacts) -> list[MissingPiece]:
    """Each claimed invoice (an outstanding balance) that no pièce title names, then the general
    terms cited by ``case.terms.reference`` when no pièce title produces them."""
    out: list[MissingPiece] = []
    claimed = {line.invoice.number for line in facts.decompte.invoices if line.outstanding > 0}
    by_invoice = common.invoice_pieces(case)
    for i, inv in enumerate(case.invoices):
        if inv.number in claimed and not by_invoice.get(inv.number):
            out.append(MissingPiece(
                f"case.invoices[{i}]",
                fr.typo(f"La facture {inv.number} est réclamée mais aucune pièce ne la produit"
                        " (aucun titre de case.evidence ne la nomme) : une créance non prouvée"
                        " est sérieusement contestable (CPC art. 9, 56 et 1407)."),
                f"Invoice {inv.number} is claimed but no pièce produces it (no case.evidence"
                " title names it): an unproven claim is seriously disputable (CPC arts 9, 56,"
                " 1407)."))
    ref = case.terms.reference
    if ref and not common.terms_pieces(case):
        out.append(MissingPiece(
            "case.terms.reference",
            fr.typo(f"Les conditions invoquées (« {ref} ») ne sont pas produites : aucune pièce"
                    " de case.evidence ne les contient (titre « Conditions générales… »,"
                    " « CGV », « Contrat »). Le taux des pénalités et l’indemnité qui en"
                    " découlent ne sont pas prouvés."),
            f"The terms relied on ('{ref}') are not produced: no case.evidence item contains"
            " them (title 'Conditions générales…', 'CGV', 'Contrat'). The penalty rate and"
            " indemnity they ground are not proven."))
    return out


def piece_missing_warnings(case: Case, facts: CaseFacts) -> list[Warning]:
    return [Warning("piece_missing", m.message_fr, m.message_en, path=m.path)
            for m in missing_pieces(case, facts)]


def piece_missing_errors(case: Case, facts: CaseFacts, options: Options) -> list[FieldError]:
    """With ``options.strict_pieces``, each missing pièce is a 422 (same code and path)."""
    if not getattr(options, "strict_pieces", False):
        return []
    return [field_error(m.path, "piece_missing", m.message_fr, m.message_en)
            for m in missing_pieces(case, facts)]
