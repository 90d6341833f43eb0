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
