"""The décompte rule of API.md, point by point, on hand-computed cases."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.errors import CaseInvalid
from service.law.decompte import compute_decompte
from service.model import SuppliedRate
from tests.factories import consumer, inv, make_case, mde, pay, private_person


def test_unpaid_invoice_over_three_half_years_at_ecb_plus_ten():
    # ECB on 1 Jan 2025 = 3.15 % -> 13.15 %; on 1 Jul 2025 and 1 Jan 2026 = 2.15 % -> 12.15 %
    case = make_case([inv("A", "10000.00", "2025-05-31")], as_of="2026-02-15")
    d = compute_decompte(case)
    line = d.invoices[0]
    got = [(p.start, p.end, p.days, p.rate) for p in line.periods]
    assert got == [
        (date(2025, 6, 1), date(2025, 6, 30), 30, Decimal("0.1315")),
        (date(2025, 7, 1), date(2025, 12, 31), 184, Decimal("0.1215")),
        (date(2026, 1, 1), date(2026, 2, 15), 46, Decimal("0.1215")),
    ]
    # 10000 × (0.1315×30 + 0.1215×184 + 0.1215×46) / 365 = 873.6986…
    assert line.interest == Decimal("873.70")
    assert line.indemnity == Decimal("40.00")
    assert d.totals.total_due == Decimal("10913.70")
    assert d.regime == "professional" and d.rate_basis == "ecb_plus_10"


def test_example_case_matches_hand_computation():
    # F-2026-0117: 4800 from 4 Jun to 30 Jun at 12.15 % (27 d), 1 Jul at 12.40 % (1 d),
    # then 3000 after the 1 Jul payment, 2 Jul - 20 Nov (142 d): 43.14 + 1.63 + 144.72 = 189.49
    # F-2026-0152: 1500 from 16 Jul to 20 Nov at 12.40 % (128 d) = 65.23
    from service.contract import load_case
    from tests.factories import example_raw

    d = compute_decompte(load_case(example_raw()))
    a, b = d.invoices
    assert [p.days for p in a.periods] == [27, 1, 142]
    assert a.periods[1].principal == Decimal("4800.00")  # paid on 1 Jul: lower from 2 Jul
    assert a.periods[2].principal == Decimal("3000.00")
    assert (a.interest, b.interest) == (Decimal("189.49"), Decimal("65.23"))
    t = d.totals.as_dict()
    assert t == {"amount": "6300.00", "paid": "1800.00", "outstanding": "4500.00",
                 "interest": "254.72", "interest_paid": "0.00", "indemnities": "80.00",
                 "total_due": "4834.72"}


def test_named_and_unnamed_payments_are_imputed_per_article_1342_10():
    # B is due first: the unnamed 2 500 pays B (2 000) then 500 of A; the named 100 goes to A
    case = make_case(
        [inv("A", "1000.00", "2026-03-31"), inv("B", "2000.00", "2026-02-28")],
        payments=[pay("2026-04-10", "2500.00"), pay("2026-04-20", "100.00", "A")],
        as_of="2026-04-30",
    )
    d = compute_decompte(case)
    a, b = d.invoices
    assert (a.paid, a.outstanding) == (Decimal("600.00"), Decimal("400.00"))
    assert (b.paid, b.outstanding) == (Decimal("2000.00"), Decimal("0.00"))
    assert [(i.amount, i.named) for i in a.imputations] == [
        (Decimal("500.00"), False), (Decimal("100.00"), True)]
    # A: 1000 for 1-10 Apr (10 d), 500 for 11-20 Apr (10 d), 400 for 21-30 Apr (10 d)
    assert [(p.principal, p.days) for p in a.periods] == [
        (Decimal("1000.00"), 10), (Decimal("500.00"), 10), (Decimal("400.00"), 10)]
    # 0.1215 × (1000+500+400) × 10 / 365 = 6.3246… -> 6.32
    assert a.interest == Decimal("6.32")
    # B: 2000 for 1 Mar - 10 Apr = 41 d -> 27.2958… -> 27.30
    assert b.interest == Decimal("27.30")
    assert b.indemnity == Decimal("40.00")  # paid, but late


def test_overpayment_is_a_warning_not_an_error():
    case = make_case([inv("A", "100.00", "2026-03-01")], payments=[pay("2026-02-01", "150.00")],
                     as_of="2026-04-01")
    d = compute_decompte(case)
    assert d.unapplied == Decimal("50.00")
    assert d.totals.total_due == Decimal("0.00")
    assert "overpayment" in [w.code for w in d.warnings]
    assert d.invoices[0].indemnity == 0  # paid before its due date


def test_contractual_rate_under_floor_is_raised_with_a_warning():
    # 2026-S1 floor = 3 × 2.62 % = 7.86 %; 1000 × 0.0786 × 29 / 365 = 6.2449… -> 6.24
    case = make_case([inv("A", "1000.00", "2026-01-31")], as_of="2026-03-01", rate="0.05")
    d = compute_decompte(case)
    assert d.invoices[0].periods[0].rate == Decimal("0.0786")
    assert d.invoices[0].interest == Decimal("6.24")
    assert "contractual_rate_raised_to_floor" in [w.code for w in d.warnings]


def test_contractual_rate_above_floor_is_kept_and_default_is_never_raised():
    case = make_case([inv("A", "1000.00", "2026-01-31")], as_of="2026-03-01", rate="0.15")
    d = compute_decompte(case)
    assert d.invoices[0].periods[0].rate == Decimal("0.15")
    assert not [w for w in d.warnings if w.code == "contractual_rate_raised_to_floor"]
    # 2024-S1: default 14.50 % is below the floor 15.21 %: the default stays as it is
    d2 = compute_decompte(make_case([inv("B", "1000.00", "2024-01-31")], as_of="2024-02-29"))
    assert d2.invoices[0].periods[0].rate == Decimal("0.1450")


def test_consumer_with_mise_en_demeure_earns_legal_interest_from_the_notice():
    # interest from 11 Feb (day after the notice) to 12 Mar: 30 days at 2.62 % (autres cas)
    case = make_case([inv("A", "1000.00", "2026-01-15")], as_of="2026-03-12", debtor=consumer(),
                     reminders=[mde("2026-02-10")])
    d = compute_decompte(case)
    line = d.invoices[0]
    assert d.regime == "consumer" and d.rate_basis == "legal_other"
    assert line.periods[0].start == date(2026, 2, 11) and line.periods[0].days == 30
    assert line.interest == Decimal("2.15")  # 1000 × 0.0262 × 30 / 365 = 2.1534…
    assert line.indemnity == 0


def test_consumer_of_a_private_creditor_uses_the_private_person_rate():
    case = make_case([inv("A", "1000.00", "2026-01-15")], as_of="2026-03-12", debtor=consumer(),
                     creditor=private_person(), reminders=[mde("2026-02-10")])
    d = compute_decompte(case)
    assert d.rate_basis == "legal_private"
    assert d.invoices[0].interest == Decimal("5.48")  # 1000 × 0.0667 × 30 / 365 = 5.4821…


def test_consumer_without_mise_en_demeure_owes_no_interest_and_no_indemnity():
    case = make_case([inv("A", "1000.00", "2026-01-15")], as_of="2026-03-12", debtor=consumer())
    d = compute_decompte(case)
    assert d.totals.interest == 0 and d.totals.indemnities == 0
    assert d.totals.total_due == Decimal("1000.00")
    assert "no_mise_en_demeure" in [w.code for w in d.warnings]


def test_notice_before_due_date_interest_runs_from_the_day_after_due_date():
    case = make_case([inv("A", "1000.00", "2026-02-20")], as_of="2026-03-02", debtor=consumer(),
                     reminders=[mde("2026-02-10")])
    assert compute_decompte(case).invoices[0].periods[0].start == date(2026, 2, 21)


def test_invoice_paid_late_in_full_owes_interest_to_payment_day_and_the_indemnity():
    # 1 - 10 Mar: 10 days at 12.15 % on 1200 = 3.9945… -> 3.99; indemnity 40
    case = make_case([inv("A", "1200.00", "2026-02-28")], payments=[pay("2026-03-10", "1200.00")],
                     as_of="2026-06-30")
    d = compute_decompte(case)
    line = d.invoices[0]
    assert line.outstanding == 0 and line.fully_paid_on == date(2026, 3, 10)
    assert [(p.start, p.end) for p in line.periods] == [(date(2026, 3, 1), date(2026, 3, 10))]
    assert (line.interest, line.indemnity) == (Decimal("3.99"), Decimal("40.00"))
    assert d.totals.total_due == Decimal("43.99")


def test_invoice_paid_on_its_due_date_owes_nothing_more():
    case = make_case([inv("A", "1200.00", "2026-02-28")], payments=[pay("2026-02-28", "1200.00")],
                     as_of="2026-06-30")
    d = compute_decompte(case)
    assert d.totals.total_due == 0 and not d.invoices[0].periods


def test_flat_indemnity_can_be_switched_off():
    case = make_case([inv("A", "1000.00", "2026-01-31")], as_of="2026-03-01",
                     flat_indemnity=False)
    assert compute_decompte(case).totals.indemnities == 0


def test_a_date_past_the_last_known_rate_is_an_error_naming_the_half_year():
    case = make_case([inv("A", "1000.00", "2026-12-15")], as_of="2027-02-01")
    with pytest.raises(CaseInvalid) as exc:
        compute_decompte(case)
    (err,) = exc.value.errors
    assert err.path == "case.terms.rates" and err.code == "rate_unknown"
    assert "2027-S1" in err.message_en and "2027-S1" in err.message_fr


def test_a_caller_supplied_rate_fills_the_gap_with_a_warning():
    supplied = [SuppliedRate(kind="ecb_mro", valid_from=date(2027, 1, 1), rate=Decimal("0.03"))]
    case = make_case([inv("A", "1000.00", "2026-12-15")], as_of="2027-01-31", supplied=supplied)
    d = compute_decompte(case)
    rates = {p.start: p.rate for p in d.invoices[0].periods}
    assert rates[date(2026, 12, 16)] == Decimal("0.1240")
    assert rates[date(2027, 1, 1)] == Decimal("0.13")
    assert "caller_supplied_rate" in [w.code for w in d.warnings]


def test_unverified_rate_is_reported_when_used():
    # the 2026-S2 legal rate (2.75 %) rests on one secondary source
    case = make_case([inv("A", "1000.00", "2026-08-01")], as_of="2026-09-01", rate="0.01")
    codes = [w.code for w in compute_decompte(case).warnings]
    assert "parameter_not_verified" in codes


# --------------------------------------------------------------------------- properties

amounts = st.decimals(min_value=Decimal("1.00"), max_value=Decimal("50000.00"), places=2)
days = st.integers(min_value=0, max_value=500)
START = date(2025, 1, 1)
AS_OF = date(2026, 11, 20)


@settings(max_examples=60, deadline=None)
@given(amount=amounts, due=days, paid_day=days, frac=st.integers(min_value=0, max_value=100),
       consumer_debtor=st.booleans())
def test_interest_is_never_negative(amount, due, paid_day, frac, consumer_debtor):
    due_d = START + timedelta(days=due)
    paid = (amount * frac / 100).quantize(Decimal("0.01"))
    payments = [pay((START + timedelta(days=paid_day)).isoformat(), str(paid))] if paid > 0 else []
    case = make_case([inv("A", str(amount), due_d.isoformat())], payments=payments,
                     as_of=AS_OF.isoformat(), debtor=consumer() if consumer_debtor else None,
                     reminders=[mde("2025-06-01")])
    d = compute_decompte(case)
    assert d.totals.interest >= 0 and all(p.exact_amount >= 0 for p in d.invoices[0].periods)
    assert d.totals.total_due >= 0


@settings(max_examples=60, deadline=None)
@given(amount=amounts, due=days, d1=days, d2=days, frac=st.integers(min_value=1, max_value=100))
def test_paying_earlier_never_costs_more(amount, due, d1, d2, frac):
    early, late = sorted((d1, d2))
    paid = max(Decimal("0.01"), (amount * frac / 100).quantize(Decimal("0.01")))
    inv_a = inv("A", str(amount), (START + timedelta(days=due)).isoformat())

    def total(day: int) -> Decimal:
        case = make_case([inv_a], as_of=AS_OF.isoformat(),
                         payments=[pay((START + timedelta(days=day)).isoformat(), str(paid))])
        return compute_decompte(case).totals.total_due

    assert total(early) <= total(late)


@settings(max_examples=60, deadline=None)
@given(a1=amounts, a2=amounts, day=days, named=st.booleans())
def test_splitting_a_payment_on_the_same_day_changes_nothing(a1, a2, day, named):
    invoices = [inv("A", "40000.00", "2025-03-31"), inv("B", "60000.00", "2025-02-28")]
    when = (START + timedelta(days=day)).isoformat()
    target = "A" if named else None
    one = make_case(invoices, as_of=AS_OF.isoformat(),
                    payments=[pay(when, str(a1 + a2), target)])
    two = make_case(invoices, as_of=AS_OF.isoformat(),
                    payments=[pay(when, str(a1), target), pay(when, str(a2), target)])
    assert compute_decompte(one).totals == compute_decompte(two).totals


@settings(max_examples=60, deadline=None)
@given(a1=amounts, a2=amounts, day=days, named=st.booleans(), split=st.booleans())
def test_interest_first_every_euro_paid_is_accounted_for(a1, a2, day, named, split):
    # rule 6: payments = principal paid + interest paid + unapplied, to the cent; splitting a
    # payment on one day changes nothing
    from dataclasses import replace

    from service.model import Terms

    invoices = [inv("A", "4000.00", "2025-03-31"), inv("B", "6000.00", "2025-02-28")]
    when = (START + timedelta(days=day)).isoformat()
    target = "A" if named else None
    payments = ([pay(when, str(a1), target), pay(when, str(a2), target)] if split
                else [pay(when, str(a1 + a2), target)])
    case = replace(make_case(invoices, as_of=AS_OF.isoformat(), payments=payments),
                   terms=Terms(imputation="interest_first"))
    d = compute_decompte(case)
    t = d.totals
    assert t.paid + t.interest_paid + d.unapplied == a1 + a2
    assert t.interest >= 0 and t.outstanding >= 0
    whole = replace(case, payments=(pay(when, str(a1 + a2), target),))
    assert compute_decompte(whole).totals == t
