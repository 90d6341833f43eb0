"""Checks every court filing shares (requête en injonction de payer, référé-provision,
assignation): each returns the 422 field errors that stop a filing no practitioner would sign.

* :func:`prescription_errors` — an invoice whose prescription is acquired on ``as_of`` is never
  put before a judge (legal review I8): ``prescription_acquired`` naming ``case.invoices[i]``;
* :func:`court_kind_errors` — a named court of the wrong kind for the debtor (a commercial court
  for a consumer, a TJ for a commercial debt): ``court_kind_mismatch`` on ``case.court.name``
  (legal review A4), not a warning.
"""

from __future__ import annotations

from service import fr
from service.documents.facts import CaseFacts
from service.errors import FieldError, field_error
from service.model import Case
from service.statement import time_barred

__all__ = ["filing_errors", "prescription_errors", "court_kind_errors"]


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
