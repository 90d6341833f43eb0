"""CPC 640-642 deadlines with French public holidays; prescription warnings."""

from __future__ import annotations

from datetime import date

from service.law.deadlines import add_months, compute_deadline, is_working_day
from service.law.prescription import prescription, prescription_warnings
from tests.factories import consumer, inv, make_case


def test_day_deadline_does_not_count_the_starting_day():
    d = compute_deadline(date(2026, 11, 10), days=8)  # Tuesday + 8 = Wednesday 18
    assert d.end == date(2026, 11, 18) and not d.extended


def test_deadline_ending_on_a_weekend_moves_to_monday():
    d = compute_deadline(date(2026, 11, 20), days=8)  # Saturday 28 -> Monday 30
    assert d.nominal_end == date(2026, 11, 28) and d.end == date(2026, 11, 30)
    assert d.extended_because == ("samedi", "dimanche")


def test_public_holiday_extends_the_deadline():
    d = compute_deadline(date(2026, 11, 3), days=8)  # 11 November, Armistice
    assert d.end == date(2026, 11, 12)


def test_alsace_moselle_local_holidays():
    # 25 Dec 2026 is a Friday; 26 Dec (Saint-Étienne) is a holiday in 67 but it is a Saturday
    # anyway; Good Friday 3 Apr 2026 is a working day in Lyon but not in Strasbourg or Metz.
    assert is_working_day(date(2026, 4, 3), "69")
    assert not is_working_day(date(2026, 4, 3), "67")
    assert not is_working_day(date(2026, 4, 3), "57")
    assert compute_deadline(date(2026, 3, 26), days=8, department="67").end == date(2026, 4, 7)
    assert compute_deadline(date(2026, 3, 26), days=8, department="69").end == date(2026, 4, 3)


def test_month_deadline_ends_on_the_same_day_or_the_last_day_of_the_month():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert compute_deadline(date(2026, 3, 15), months=1).end == date(2026, 4, 15)
    # months first, then days
    assert compute_deadline(date(2026, 1, 31), months=1, days=1).nominal_end == date(2026, 3, 1)


def test_prescription_five_years_between_professionals():
    case = make_case([inv("A", "100.00", "2021-12-10")], as_of="2026-11-20")
    (st,) = prescription(case)
    assert (st.years, st.expires_on, st.expired, st.near) == (5, date(2026, 12, 10), False, True)
    assert [w.code for w in prescription_warnings(case)] == ["prescription_near"]
    w = prescription_warnings(case)[0]
    assert "requête en injonction de payer ne l’interrompent" in w.message_fr
    assert "2241" in w.message_fr and "2240" in w.message_fr


def test_prescription_two_years_against_a_consumer():
    case = make_case([inv("A", "100.00", "2024-10-01")], as_of="2026-11-20", debtor=consumer())
    (st,) = prescription(case)
    assert (st.years, st.expires_on, st.expired) == (2, date(2026, 10, 1), True)
    w, unknown = prescription_warnings(case)
    assert w.code == "prescription_acquired" and w.path == "case.invoices[0]"
    assert unknown.code == "performance_date_unknown"


def test_recent_invoice_has_no_prescription_warning():
    case = make_case([inv("A", "100.00", "2026-06-01")], as_of="2026-11-20")
    assert prescription_warnings(case) == []
