"""The statement of account answer: décompte + prescription, as plain JSON data.

The API, the documents and the CLI all call these, so they cannot disagree.

Helpers for the document kinds (pure functions of the case):
- :func:`time_barred` — the invoices whose prescription is acquired on ``as_of`` (index, number,
  path ``case.invoices[i]``): court filings refuse them (``prescription_acquired``), letters
  leave them out of the claim;
- :func:`claim_without_time_barred` — the décompte restricted to the other invoices;
- :func:`insolvency_open`, :func:`decompte_at_opening` — collective proceedings.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from service.fr import typo
from service.law.decompte import Decompte, compute_decompte
from service.law.greffes import rcs_city_warnings
from service.law.insolvency import (
    decompte_at_opening,
    insolvency_open,
    insolvency_state,
    insolvency_warnings,
)
from service.law.prescription import (
    TimeBarred,
    prescription,
    prescription_warnings,
)
from service.law.prescription import (
    time_barred as _time_barred,
)
from service.model import Case, Warning

__all__ = ["statement", "statement_from", "time_barred", "claim_without_time_barred",
           "case_warnings", "insolvency_open", "decompte_at_opening", "TimeBarred"]


def time_barred(case: Case, on: date | None = None) -> list[TimeBarred]:
    """Invoices whose prescription is acquired on ``on`` (default ``case.as_of``)."""
    return _time_barred(case, on=on)


def claim_without_time_barred(case: Case, decompte: Decompte | None = None) -> Decompte:
    """The décompte of ``case`` with its time-barred invoices left out of the claim (whatever
    the options): payments keep their imputation, totals add the remaining invoices; one
    warning ``time_barred_excluded`` names what was left out. Returns the décompte unchanged
    when no invoice is time-barred."""
    decompte = decompte or compute_decompte(case)
    barred = time_barred(case)
    if not barred:
        return decompte
    names = ", ".join(t.invoice for t in barred)
    warning = Warning(
        "time_barred_excluded",
        typo(f"Facture(s) prescrite(s) exclue(s) de la somme réclamée : {names}."),
        f"Time-barred invoice(s) left out of the sum claimed: {names}.",
        path="case.invoices",
    )
    return decompte.without({t.invoice for t in barred}, warnings=(warning,))


def case_warnings(case: Case) -> list[Warning]:
    """Warnings on the case itself, beside the décompte's: prescription, RCS town, insolvency."""
    return prescription_warnings(case) + rcs_city_warnings(case) + insolvency_warnings(case)


def statement_from(case: Case, decompte: Decompte) -> dict[str, Any]:
    out = decompte.as_dict()
    out["prescription"] = [p.as_dict() for p in prescription(case)]
    out["time_barred"] = [t.as_dict() for t in time_barred(case)]
    out["insolvency"] = insolvency_state(case)
    out["warnings"] += [w.as_dict() for w in case_warnings(case)]
    return out


def statement(case: Case) -> dict[str, Any]:
    return statement_from(case, compute_decompte(case))
