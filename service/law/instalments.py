"""Instalment schedules of a payment plan (échéancier): they add up to the total due to the
cent, and fall on working days.

- Regular plan: ``count`` instalments from ``first_date``, monthly, weekly or quarterly. Each
  is the total divided by the count rounded DOWN to the cent; the last one takes the rounding
  remainder (so it is the largest, by less than ``count`` cents). The n-th nominal date is
  counted from ``first_date`` (a monthly plan from 31 January falls on 28/29 February, then
  31 March: months are never chained), then moved to the next working day when it is a
  Saturday, Sunday or public holiday (:mod:`service.law.deadlines`, with the debtor's
  department for local holidays).
- Explicit plan: the caller's dates and amounts; they must add up to the total exactly, with
  dates not before the plan's date, strictly increasing once moved to working days.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal
from typing import Any, Literal

from service import fr
from service.errors import CaseInvalid, FieldError, field_error
from service.law.deadlines import add_months, holiday_name, is_working_day

CENT = Decimal("0.01")
MAX_INSTALMENTS = 120
Periodicity = Literal["monthly", "weekly", "quarterly"]
PERIODICITIES: tuple[str, ...] = ("monthly", "weekly", "quarterly")
PERIODICITY_FR = {"monthly": "mensuelle", "weekly": "hebdomadaire", "quarterly": "trimestrielle"}


@dataclass(frozen=True)
class PlanRequest:
    """``options.plan`` once loaded: a regular plan (count, first date, periodicity) or
    explicit instalments (date, amount)."""

    count: int | None = None
    first_date: date | None = None
    periodicity: str | None = None
    instalments: tuple[tuple[date, Decimal], ...] = ()

    @property
    def explicit(self) -> bool:
        return bool(self.instalments)


@dataclass(frozen=True)
class Instalment:
    number: int
    date: datetime.date  # the working day it is due
    nominal_date: datetime.date  # before the move off a weekend or public holiday
    amount: Decimal
    moved_because: tuple[str, ...] = ()  # e.g. ("samedi",), ("dimanche", "lundi de Pâques")

    @property
    def moved(self) -> bool:
        return self.date != self.nominal_date

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"number": self.number, "date": self.date.isoformat(),
                               "amount": str(self.amount.quantize(CENT))}
        if self.moved:
            out["nominal_date"] = self.nominal_date.isoformat()
            out["moved_because"] = list(self.moved_because)
        return out


def next_working_day(d: date, department: str | None = None) -> tuple[date, tuple[str, ...]]:
    """``d`` itself when it is a working day, else the next one, with the reasons."""
    reasons: list[str] = []
    while not is_working_day(d, department):
        reasons.append(holiday_name(d, department) or ("samedi" if d.weekday() == 5
                                                       else "dimanche"))
        d += timedelta(days=1)
    return d, tuple(reasons)


def split_evenly(total: Decimal, count: int) -> list[Decimal]:
    """``count`` amounts adding up to ``total``: equal, rounded down to the cent, the remainder
    on the last one."""
    if count < 1:
        raise ValueError("count must be at least 1")
    base = (total / count).quantize(CENT, rounding=ROUND_DOWN)
    return [base] * (count - 1) + [total - base * (count - 1)]


def nominal_dates(first: date, count: int, periodicity: str) -> list[date]:
    if periodicity == "weekly":
        return [first + timedelta(weeks=k) for k in range(count)]
    step = 3 if periodicity == "quarterly" else 1
    return [add_months(first, step * k) for k in range(count)]


def regular_schedule(total: Decimal, *, count: int, first_date: date, periodicity: str,
                     plan_date: date, department: str | None = None,
                     path: str = "options.plan") -> list[Instalment]:
    errors: list[FieldError] = []
    if periodicity not in PERIODICITIES:
        errors.append(field_error(f"{path}.periodicity", "invalid_choice",
                                  "Périodicité : monthly, weekly ou quarterly.",
                                  "Periodicity: monthly, weekly or quarterly."))
    if not 1 <= count <= MAX_INSTALMENTS:
        errors.append(field_error(f"{path}.count", "out_of_range",
                                  f"Nombre d’échéances entre 1 et {MAX_INSTALMENTS}.",
                                  f"Number of instalments between 1 and {MAX_INSTALMENTS}."))
    elif total < count * CENT:
        errors.append(field_error(f"{path}.count", "instalment_below_one_cent",
                                  f"{count} échéances pour {fr.money(total)} : chacune serait"
                                  " inférieure à un centime.",
                                  f"{count} instalments for {total} €: each would be under one"
                                  " cent."))
    if first_date < plan_date:
        errors.append(_before_plan(f"{path}.first_date", plan_date))
    if errors:
        raise CaseInvalid(errors)
    amounts = split_evenly(total, count)
    out = []
    for k, (nominal, amount) in enumerate(zip(nominal_dates(first_date, count, periodicity),
                                              amounts, strict=True), start=1):
        due, reasons = next_working_day(nominal, department)
        out.append(Instalment(k, due, nominal, amount, reasons))
    return out


def explicit_schedule(total: Decimal, items: Sequence[tuple[date, Decimal]], *, plan_date: date,
                      department: str | None = None,
                      path: str = "options.plan.instalments") -> list[Instalment]:
    errors: list[FieldError] = []
    if not 1 <= len(items) <= MAX_INSTALMENTS:
        errors.append(field_error(path, "out_of_range",
                                  f"Entre 1 et {MAX_INSTALMENTS} échéances.",
                                  f"Between 1 and {MAX_INSTALMENTS} instalments."))
    out: list[Instalment] = []
    for k, (nominal, amount) in enumerate(items, start=1):
        p = f"{path}[{k - 1}]"
        if amount <= 0:
            errors.append(field_error(f"{p}.amount", "not_positive",
                                      "Montant d’échéance nul ou négatif.",
                                      "Instalment amount is zero or negative."))
        if nominal < plan_date:
            errors.append(_before_plan(f"{p}.date", plan_date))
        due, reasons = next_working_day(nominal, department)
        if out and due <= out[-1].date:
            errors.append(field_error(f"{p}.date", "not_increasing",
                                      "Les échéances doivent se suivre à des jours ouvrables"
                                      f" distincts (le {fr.date_long(due)} suit le"
                                      f" {fr.date_long(out[-1].date)}).",
                                      "Instalments must fall on successive distinct working"
                                      f" days ({due.isoformat()} after"
                                      f" {out[-1].date.isoformat()})."))
        out.append(Instalment(k, due, nominal, amount, reasons))
    planned = sum((a for _, a in items), Decimal(0))
    if items and planned != total:
        diff = planned - total
        errors.append(field_error(path, "plan_total_mismatch",
                                  f"Les échéances totalisent {fr.money(planned)} pour"
                                  f" {fr.money(total)} dus (écart {fr.money(diff)}).",
                                  f"The instalments add up to {planned} € for {total} € due"
                                  f" (difference {diff} €)."))
    if errors:
        raise CaseInvalid(errors)
    return out


def _before_plan(path: str, plan_date: date) -> FieldError:
    return field_error(path, "before_plan_date",
                       f"Échéance antérieure à la date de l’échéancier"
                       f" ({fr.date_long(plan_date)}).",
                       f"Instalment before the plan's date ({plan_date.isoformat()}).")
