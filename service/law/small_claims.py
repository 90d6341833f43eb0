"""The simplified small-claims procedure (CPCE L125-1, R125-1 to R125-8): who may run it, the
amount ceiling and the acceptance deadline.

- R125-1: a commissaire de justice (« huissier de justice » in the text) of the cour d'appel
  area where the debtor lives; the claim in principal and interest must not exceed the dated
  ceiling (5 000 €), compared as ``principal + interest <= ceiling``.
- R125-2 III 2°: the debtor accepts within one month from the sending of the letter; 4°:
  silence within that month is a refusal. The month ends on the same-numbered day (CPC 641)
  and, where that day is not a working day, on the next one (CPC 642); this only ever moves
  the end later, in the debtor's favour, and the answer says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from service.law.deadlines import Deadline, compute_deadline
from service.law.decompte import Decompte
from service.law.parameters import ParameterValue, names, value_at

THRESHOLD = names.PETITES_CREANCES_THRESHOLD


@dataclass(frozen=True)
class Eligibility:
    principal: Decimal
    interest: Decimal
    other: Decimal  # indemnities: listed apart, not part of the ceiling
    ceiling: ParameterValue

    @property
    def principal_and_interest(self) -> Decimal:
        return self.principal + self.interest

    @property
    def eligible(self) -> bool:
        return self.principal_and_interest <= self.ceiling.value

    @property
    def excess(self) -> Decimal:
        return max(Decimal(0), self.principal_and_interest - self.ceiling.value)


def eligibility(decompte: Decompte) -> Eligibility:
    t = decompte.totals
    return Eligibility(principal=t.outstanding, interest=t.interest, other=t.indemnities,
                       ceiling=value_at(THRESHOLD, decompte.as_of))


def acceptance_deadline(sent_on: date, *, department: str | None = None) -> Deadline:
    """The last day the debtor may accept: one month from the sending (R125-2 III 2°)."""
    return compute_deadline(sent_on, months=1, department=department)
