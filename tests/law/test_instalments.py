"""Instalment schedules: they add up to the total to the cent, on working days."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.errors import CaseInvalid
from service.law.deadlines import is_working_day
from service.law.instalments import (
    explicit_schedule,
    next_working_day,
    regular_schedule,
    split_evenly,
)

PLAN_DATE = date(2026, 11, 20)


@settings(max_examples=300, deadline=None)
@given(cents=st.integers(min_value=1, max_value=10**11), count=st.integers(1, 120),
       periodicity=st.sampled_from(["monthly", "weekly", "quarterly"]),
       offset=st.integers(0, 400))
def test_regular_instalments_always_sum_to_the_total(cents, count, periodicity, offset):
    total = Decimal(cents) / 100
    if cents < count:
        with pytest.raises(CaseInvalid):
            regular_schedule(total, count=count, first_date=PLAN_DATE, periodicity=periodicity,
                             plan_date=PLAN_DATE)
        return
    plan = regular_schedule(total, count=count, first_date=PLAN_DATE + timedelta(days=offset),
                            periodicity=periodicity, plan_date=PLAN_DATE)
    assert len(plan) == count
    assert sum(i.amount for i in plan) == total
    assert all(i.amount == i.amount.quantize(Decimal("0.01")) and i.amount > 0 for i in plan)
    # equal instalments, the remainder (under `count` cents) on the last one
    assert len({i.amount for i in plan[:-1]}) <= 1
    assert Decimal(0) <= plan[-1].amount - plan[0].amount < count * Decimal("0.01")
    assert all(is_working_day(i.date) for i in plan)
    assert all(a.date < b.date for a, b in zip(plan, plan[1:], strict=False))


@given(cents=st.lists(st.integers(1, 10**9), min_size=1, max_size=30))
def test_split_evenly_keeps_every_cent(cents):
    total = Decimal(sum(cents)) / 100
    for n in (1, 2, 3, 7, len(cents)):
        parts = split_evenly(total, n)
        assert sum(parts) == total and len(parts) == n


def test_a_saturday_instalment_moves_to_monday():
    plan = regular_schedule(Decimal("300.00"), count=3, first_date=date(2026, 11, 28),
                            periodicity="monthly", plan_date=PLAN_DATE)
    first = plan[0]
    assert date(2026, 11, 28).weekday() == 5
    assert first.date == date(2026, 11, 30) and first.nominal_date == date(2026, 11, 28)
    assert first.moved_because == ("samedi", "dimanche")
    assert first.as_dict()["nominal_date"] == "2026-11-28"


def test_public_holidays_move_the_date_and_months_are_not_chained():
    # 1 May 2027 is a Saturday and a holiday; Easter Monday 2027 is 29 March
    assert next_working_day(date(2027, 3, 29))[0] == date(2027, 3, 30)
    plan = regular_schedule(Decimal("100.00"), count=3, first_date=date(2027, 1, 31),
                            periodicity="monthly", plan_date=PLAN_DATE)
    assert [i.nominal_date for i in plan] == [date(2027, 1, 31), date(2027, 2, 28),
                                             date(2027, 3, 31)]
    assert plan[0].date == date(2027, 2, 1)  # Sunday 31 January -> Monday
    assert [i.amount for i in plan] == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]


def test_quarterly_and_weekly_steps():
    q = regular_schedule(Decimal("90.00"), count=2, first_date=date(2027, 1, 15),
                         periodicity="quarterly", plan_date=PLAN_DATE)
    assert [i.nominal_date for i in q] == [date(2027, 1, 15), date(2027, 4, 15)]
    w = regular_schedule(Decimal("90.00"), count=3, first_date=date(2026, 12, 4),
                         periodicity="weekly", plan_date=PLAN_DATE)
    assert [i.nominal_date for i in w] == [date(2026, 12, 4), date(2026, 12, 11),
                                          date(2026, 12, 18)]


def test_explicit_plan_must_add_up_exactly():
    items = [(date(2026, 12, 1), Decimal("100.00")), (date(2027, 1, 4), Decimal("50.00"))]
    assert sum(i.amount for i in explicit_schedule(Decimal("150.00"), items,
                                                    plan_date=PLAN_DATE)) == Decimal("150.00")
    with pytest.raises(CaseInvalid) as exc:
        explicit_schedule(Decimal("150.01"), items, plan_date=PLAN_DATE)
    (err,) = exc.value.errors
    assert err.path == "options.plan.instalments" and err.code == "plan_total_mismatch"
    assert "0,01" in err.message_fr


def test_explicit_plan_faults_are_listed_by_path():
    items = [(date(2026, 11, 1), Decimal("0")), (date(2026, 12, 5), Decimal("10.00")),
             (date(2026, 12, 7), Decimal("10.00"))]  # Saturday 5 -> Monday 7 = the next one
    with pytest.raises(CaseInvalid) as exc:
        explicit_schedule(Decimal("20.00"), items, plan_date=PLAN_DATE)
    paths = {(e.path, e.code) for e in exc.value.errors}
    assert ("options.plan.instalments[0].amount", "not_positive") in paths
    assert ("options.plan.instalments[0].date", "before_plan_date") in paths
    assert ("options.plan.instalments[2].date", "not_increasing") in paths


def test_count_and_first_date_are_checked():
    with pytest.raises(CaseInvalid) as exc:
        regular_schedule(Decimal("10.00"), count=0, first_date=date(2026, 11, 1),
                         periodicity="monthly", plan_date=PLAN_DATE)
    assert {e.path for e in exc.value.errors} == {"options.plan.count", "options.plan.first_date"}
