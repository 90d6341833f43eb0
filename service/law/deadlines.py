"""Deadlines under CPC arts 640-642, with French public holidays.

- 641: a day-based deadline does not count the starting day; a month-based one ends on the
  same-numbered day (or the month's last day); months first, then days.
- 642: it ends at midnight on its last day; a last day that is a Saturday, Sunday or public
  holiday moves to the next working day.

Public holidays come from the ``holidays`` package: the 11 statutory days of C. trav. L3133-1,
plus Good Friday and 26 December in Alsace-Moselle (departments 57, 67, 68) and the
abolition-of-slavery days overseas. Whether those local days extend a procedural deadline is
not settled (legal.md §2.10); counting them only ever moves a deadline later, in the
addressee's favour, and the answer says so.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import holidays

from service.law.parameters import names, value_at

_SUBDIV = {"57": "57", "67": "6AE", "68": "6AE", "971": "971", "972": "972", "973": "973",
           "974": "974", "976": "976"}
LOCAL_DAY_DEPARTMENTS = frozenset(_SUBDIV)


@cache
def _calendar(department: str | None, year: int) -> holidays.HolidayBase:
    return holidays.France(years=year, subdiv=_SUBDIV.get(department or ""), language="fr")


def holiday_name(d: date, department: str | None = None) -> str | None:
    cal = _calendar(department, d.year)
    return cal.get(d)


def is_working_day(d: date, department: str | None = None) -> bool:
    return d.weekday() < 5 and holiday_name(d, department) is None


def add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Deadline:
    start: date  # the act or notification the deadline runs from (not counted)
    nominal_end: date  # last day before the art. 642 extension
    end: date  # last day, extended to a working day
    extended_because: tuple[str, ...]  # e.g. ("samedi", "dimanche", "Noël")

    @property
    def extended(self) -> bool:
        return self.end != self.nominal_end


def compute_deadline(
    start: date, *, days: int = 0, months: int = 0, department: str | None = None
) -> Deadline:
    """The last day of a deadline of ``months`` then ``days`` running from ``start``."""
    nominal = add_months(start, months) + timedelta(days=days)
    end = nominal
    reasons: list[str] = []
    while not is_working_day(end, department):
        name = holiday_name(end, department)
        reasons.append(name or ("samedi" if end.weekday() == 5 else "dimanche"))
        end += timedelta(days=1)
    return Deadline(start=start, nominal_end=nominal, end=end, extended_because=tuple(reasons))


def is_postal_day(d: date, department: str | None = None) -> bool:
    """La Poste presents a registered letter from Monday to Saturday, never on a public
    holiday (the holidays of ``department`` included: only ever later, in the addressee's
    favour)."""
    return d.weekday() < 6 and holiday_name(d, department) is None


def add_postal_days(start: date, days: int, department: str | None = None) -> date:
    """``days`` postal working days after ``start`` (``start`` itself not counted)."""
    d = start
    for _ in range(days):
        d += timedelta(days=1)
        while not is_postal_day(d, department):
            d += timedelta(days=1)
    return d


@dataclass(frozen=True)
class Presentation:
    """When a registered letter posted on ``sent`` is expected to be first presented."""

    sent: date
    on: date
    days: int  # postal working days after ``sent``
    sourced: bool  # False: an assumption (international letter), the answer warns


def expected_presentation(sent: date, *, domestic: bool,
                          department: str | None = None) -> Presentation:
    """The expected first presentation of a registered letter (parameter
    ``poste.registered_delivery_days``): J+2 postal working days in France (lrar.md §1.1);
    abroad no delay is sourced and the parameter's prudent assumption is used."""
    v = value_at(names.REGISTERED_DELIVERY_DAYS, sent).value
    days = v["domestic"] if domestic else v.get("international")
    sourced = days is not None
    if days is None:
        days = v["international_assumed"]
    return Presentation(sent=sent, on=add_postal_days(sent, int(days), department),
                        days=int(days), sourced=sourced)
