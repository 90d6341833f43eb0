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
  :data:`FILING_KINDS` (``registry.check_kind``, ``generate``), so no filing can forget them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service import fr
from service.contract.options import Options
from service.documents import common
from service.documents.facts import CaseFacts
from service.errors import FieldError, field_error
from service.model import Case, Warning
from service.statement import time_barred

__all__ = ["FILING_KINDS", "court_kind_errors", "filing_errors", "missing_pieces",
           "piece_missing_errors", "piece_missing_warnings", "prescription_errors"]

# the kinds put before a judge: the pièces checks run for each of them
FILING_KINDS = frozenset({"injonction_de_payer", "refere_provision", "assignation"})
# a pièce producing general terms or the contract: its title says so
_TERMS_TITLE = re.compile(r"conditions\s+g[ée]n[ée]rales|\bCG[VU]?\b|\bcontrat\b|\bdevis\b",
                          re.IGNORECASE)


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


def filing_errors(case: Case, facts: CaseFacts) -> list[FieldError]:
    return prescription_errors(case) + court_kind_errors(facts)


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
    if ref and not any(_TERMS_TITLE.search(ev.title) or ref.lower() in ev.title.lower()
                       for ev in case.evidence):
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
