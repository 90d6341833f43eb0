"""The statement of account answer: décompte + prescription, as plain JSON data.

The API, the documents and the CLI all call these, so they cannot disagree.
"""

from __future__ import annotations

from typing import Any

from service.law.decompte import Decompte, compute_decompte
from service.law.prescription import prescription, prescription_warnings
from service.model import Case


def statement_from(case: Case, decompte: Decompte) -> dict[str, Any]:
    out = decompte.as_dict()
    out["prescription"] = [p.as_dict() for p in prescription(case)]
    out["warnings"] += [w.as_dict() for w in prescription_warnings(case)]
    return out


def statement(case: Case) -> dict[str, Any]:
    return statement_from(case, compute_decompte(case))
