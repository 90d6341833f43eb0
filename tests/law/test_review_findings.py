"""The legal review of December 2026 (shared/reviews/legal-review-2026-12.md), findings of the
décompte and prescription engine, each test named after its finding. Expected figures are
computed by hand here with exact fractions (P × r × days / 365, rounded half-up once)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from service.contract import load_case
from service.law.decompte import compute_decompte
from service.law.greffes import rcs_city_warnings, rcs_greffe
from service.law.insolvency import decompte_at_opening, insolvency_open
from service.law.prescription import prescription, prescription_warnings
from service.model import Insolvency, Invoice, Reminder, Terms
from service.statement import case_warnings, claim_without_time_barred, statement, time_barred
from tests.factories import (
    company,
    consumer,
    consumer_raw,
    example_raw,
    inv,
    make_case,
    pay,
    private_person,
)


def cents(x: Fraction) -> Decimal:
    """Half-up to the cent, written independently of the engine's own rounding."""
    return (Decimal(x.numerator) / Decimal(x.denominator)).quantize(Decimal("0.01"),
                                                                    rounding=ROUND_HALF_UP)


def P(amount: str, rate: str, days: int) -> Fraction:
    return Fraction(amount) * Fraction(rate) * days / 365


def codes(warnings) -> list[str]:
    return [w.code for w in warnings]


def mde_on(sent: str, received: str | None = None) -> Reminder:
    return Reminder(date=date.fromisoformat(sent), kind="mise_en_demeure", channel="lrar",
                    received_on=date.fromisoformat(received) if received else None)


# --------------------------------------------------------------------------- D3


def test_D3_consumer_interest_runs_from_the_day_after_first_presentation():
    # sent 1 Oct 2026, first presented 5 Oct: interest from 6 Oct to 20 Nov = 26 + 20 = 46 days
    # at the « autres cas » legal rate of 2026-S2, 2,75 %: 3 000 × 0,0275 × 46 / 365 = 10,3972…
    case = make_case([inv("A", "3000.00", "2026-09-15")], as_of="2026-11-20",
                     debtor=consumer(), reminders=[mde_on("2026-10-01", "2026-10-05")])
    d = compute_decompte(case)
    line = d.invoices[0]
    assert line.periods[0].start == date(2026, 10, 6) and line.periods[0].days == 46
    assert line.interest == cents(P("3000", "0.0275", 46)) == Decimal("10.40")
    assert d.interest_start == date(2026, 10, 6)
    assert "mise_en_demeure_receipt_unknown" not in codes(d.warnings)
    assert d.rules.interest_start == "mise_en_demeure_received"
    assert d.rules.mise_en_demeure_received_on == date(2026, 10, 5)


def test_D3_receipt_unknown_counts_from_the_letter_date_with_a_warning():
    # no received_on: from 2 Oct, 50 days: 3 000 × 0,0275 × 50 / 365 = 11,3013… -> 11,30
    case = make_case([inv("A", "3000.00", "2026-09-15")], as_of="2026-11-20",
                     debtor=consumer(), reminders=[mde_on("2026-10-01")])
    d = compute_decompte(case)
    assert d.invoices[0].interest == cents(P("3000", "0.0275", 50)) == Decimal("11.30")
    (w,) = [w for w in d.warnings if w.code == "mise_en_demeure_receipt_unknown"]
    assert w.path == "case.reminders[0].received_on"
    assert "réception" in w.message_fr and "receipt" in w.message_en
    assert d.rules.interest_start == "mise_en_demeure_sent"


def test_D3_received_on_is_read_from_the_contract():
    raw = consumer_raw()
    raw["reminders"][-1]["received_on"] = "2026-10-05"
    d = compute_decompte(load_case(raw))
    # F-2026-0117: 3 000 € outstanding (the 1 800 € of 1 July came before the notice)
    assert d.invoices[0].periods[0].start == date(2026, 10, 6)
    assert d.invoices[0].interest == cents(P("3000", "0.0275", 46))


# --------------------------------------------------------------------------- D4


def test_D4_consumer_partial_payment_pays_accrued_interest_first():
    # Review (b)6: 1 000 € unnamed on 1 Nov 2026, after the mise en demeure of 1 Oct.
    # F-2026-0117 (oldest due): accrued 2 Oct - 1 Nov = 31 days on 3 000 € at 2,75 %
    #   = 7,0068… -> 7,01 € paid first; principal 3 000 - 992,99 = 2 007,01 € from 2 Nov;
    #   2 Nov - 20 Nov = 19 days: 2 007,01 × 0,0275 × 19 / 365 = 2,8731…;
    #   what remains due = 7,0068… - 7,01 + 2,8731… = 2,8699… -> 2,87 €.
    # F-2026-0152: 1 500 € × 0,0275 × 50 / 365 = 5,6506… -> 5,65 €.
    raw = consumer_raw()
    raw["payments"].append({"date": "2026-11-01", "amount": "1000.00"})
    d = compute_decompte(load_case(raw))
    a, b = d.invoices
    accrued = P("3000", "0.0275", 31)
    assert cents(accrued) == Decimal("7.01")
    assert a.interest_paid == Decimal("7.01")
    assert a.outstanding == Decimal("2007.01")
    assert a.interest == cents(accrued - Fraction("7.01") + P("2007.01", "0.0275", 19))
    assert a.interest == Decimal("2.87")
    assert b.interest == cents(P("1500", "0.0275", 50)) == Decimal("5.65")
    assert d.totals.total_due == Decimal("3515.53")  # the service said 3 515,52 before
    assert d.totals.interest_paid == Decimal("7.01")
    (nov,) = [i for i in a.imputations if i.date == date(2026, 11, 1)]
    assert (nov.interest, nov.amount, nov.total) == (Decimal("7.01"), Decimal("992.99"),
                                                     Decimal("1000.00"))
    assert d.rules.imputation == "interest_first"
    assert d.as_dict()["invoices"][0]["interest_paid"] == "7.01"


def test_D4_payment_before_interest_starts_pays_principal_only():
    # the consumer golden: 1 800 € paid on 1 July, before the mise en demeure of 1 October
    d = compute_decompte(load_case(consumer_raw()))
    a = d.invoices[0]
    assert (a.paid, a.interest_paid, a.outstanding) == (Decimal("1800.00"), 0, Decimal("3000.00"))


def old_pro_case(imputation: str = "principal_first"):
    # Review (b)3, F-2021-0311: 2 400 € due 15 Dec 2021, 1 000 € unnamed paid on 1 Mar 2022
    case = make_case([inv("F-2021-0311", "2400.00", "2021-12-15", "2021-11-15")],
                     payments=[pay("2022-03-01", "1000.00")], as_of="2026-11-20")
    return replace(case, terms=replace(case.terms, imputation=imputation))


# ECB + 10 points per half-year from 2 Mar 2022 (legal.md §3.3), with the days counted
AFTER_PAYMENT = [("0.10", 121), ("0.10", 184), ("0.125", 181), ("0.14", 184), ("0.145", 182),
                 ("0.1425", 184), ("0.1315", 181), ("0.1215", 184), ("0.1215", 181),
                 ("0.124", 143)]


def test_D4_interest_first_between_professionals_when_the_terms_say_so():
    # accrued to 1 Mar 2022: 2 400 × 10 % × (16 + 60) / 365 = 49,9726… -> 49,97 € paid first;
    # principal 2 400 - 950,03 = 1 449,97 €; then 1 449,97 € to 20 Nov 2026 at the table above.
    before = P("2400", "0.10", 16) + P("2400", "0.10", 60)
    after = sum((P("1449.97", r, n) for r, n in AFTER_PAYMENT), Fraction(0))
    d = compute_decompte(old_pro_case("interest_first"))
    line = d.invoices[0]
    assert cents(before) == Decimal("49.97")
    assert line.interest_paid == Decimal("49.97")
    assert line.outstanding == Decimal("1449.97")
    assert line.interest == cents(before - Fraction("49.97") + after) == Decimal("863.53")
    assert line.outstanding + line.interest == Decimal("2313.50")  # the review's figure
    assert d.rules.imputation == "interest_first"
    assert d.rules.imputation_basis.startswith("C. civ. art. 1343-1")


def test_D4_principal_first_stays_the_default_between_professionals():
    d = compute_decompte(old_pro_case())
    line = d.invoices[0]
    assert (line.outstanding, line.interest, line.interest_paid) == (
        Decimal("1400.00"), Decimal("883.74"), 0)
    assert d.rules.imputation == "principal_first"


def test_D4_what_an_invoice_cannot_take_goes_on_and_indemnity_counts_principal_only():
    # interest first, two invoices: A 1 000 € due 31 Jan 2026, B 500 € due 28 Feb 2026.
    # 1 600 € unnamed on 10 Mar 2026 go to A first: its penalties 1 Feb - 10 Mar = 38 days at
    # 12,15 %: 1 000 × 0,1215 × 38 / 365 = 12,6493… -> 12,65 €, then its 1 000 € of principal;
    # the 587,35 € left go to B: its penalties 1 - 10 Mar = 10 days on 500 €: 1,6643… -> 1,66 €,
    # then 500 € of principal; 85,69 € are left over.
    # B paid on 10 Mar, after its due date: 40 € indemnity; A likewise.
    case = make_case([inv("A", "1000.00", "2026-01-31"), inv("B", "500.00", "2026-02-28")],
                     payments=[pay("2026-03-10", "1600.00")], as_of="2026-04-30")
    case = replace(case, terms=Terms(imputation="interest_first"))
    d = compute_decompte(case)
    a, b = d.invoices
    assert a.interest_paid == cents(P("1000", "0.1215", 38)) == Decimal("12.65")
    assert b.interest_paid == cents(P("500", "0.1215", 10)) == Decimal("1.66")
    assert a.outstanding == b.outstanding == 0
    assert d.unapplied == Decimal("1600.00") - Decimal("1512.65") - Decimal("501.66") + 500
    assert d.unapplied == Decimal("85.69")
    assert (a.interest, b.interest) == (0, 0)
    assert (a.indemnity, b.indemnity) == (Decimal("40.00"), Decimal("40.00"))
    # a principal paid in full on the due date owes no indemnity, interest first or not
    on_time = replace(make_case([inv("C", "1000.00", "2026-01-31")],
                                payments=[pay("2026-01-31", "1000.00")], as_of="2026-04-30"),
                      terms=Terms(imputation="interest_first"))
    assert compute_decompte(on_time).totals.total_due == 0


# --------------------------------------------------------------------------- D5


def contract_rate_case(below_floor: str):
    raw = example_raw()
    raw["terms"]["late_penalty_rate"] = "0.05"
    raw["terms"]["below_floor"] = below_floor
    return load_case(raw)


def test_D5_below_floor_floor_reading():
    # Review (b)5: 5 % under the floor, 3 × 2,62 % = 7,86 % (2026-S1), 3 × 2,75 % = 8,25 % (S2).
    # F-0117: 4 800 × 7,86 % × 27 + 4 800 × 8,25 % × 1 + 3 000 × 8,25 % × 142, all / 365
    a = P("4800", "0.0786", 27) + P("4800", "0.0825", 1) + P("3000", "0.0825", 142)
    b = P("1500", "0.0825", 128)
    d = compute_decompte(contract_rate_case("floor"))
    assert (d.invoices[0].interest, d.invoices[1].interest) == (cents(a), cents(b))
    assert d.totals.interest == Decimal("168.68")
    assert {p.source for p in d.invoices[0].periods} == {"contractual_floor"}
    assert d.rules.below_floor == "floor" and d.rules.below_floor_applied
    w = next(w for w in d.warnings if w.code == "contractual_rate_raised_to_floor")
    assert "7,86" in w.message_fr and "8,25" in w.message_fr and "default_rate" in w.message_fr


def test_D5_below_floor_default_rate_reading():
    # the stipulation set aside: ECB + 10 points, 12,15 % then 12,40 % — the golden's 254,72 €
    a = P("4800", "0.1215", 27) + P("4800", "0.124", 1) + P("3000", "0.124", 142)
    b = P("1500", "0.124", 128)
    d = compute_decompte(contract_rate_case("default_rate"))
    assert (d.invoices[0].interest, d.invoices[1].interest) == (cents(a), cents(b))
    assert d.totals.interest == Decimal("254.72")
    assert {p.source for p in d.invoices[1].periods} == {"default_rate_below_floor"}
    assert d.rules.below_floor == "default_rate"
    assert [r.as_dict() for r in d.rules.rates] == [
        {"half_year": "2026-S1", "rate": "0.1215", "source": "default_rate_below_floor",
         "status": "corroborated"},  # legal rate verified, ECB rate corroborated
        {"half_year": "2026-S2", "rate": "0.1240", "source": "default_rate_below_floor",
         "status": "secondary"},
    ]
    assert "contractual_rate_below_floor_default_rate" in codes(d.warnings)
    assert "contractual_rate_raised_to_floor" not in codes(d.warnings)


def test_D5_rate_at_or_above_the_floor_is_kept_under_either_reading():
    raw = example_raw()
    raw["terms"].update(late_penalty_rate="0.15", below_floor="default_rate")
    d = compute_decompte(load_case(raw))
    assert {p.rate for p in d.invoices[0].periods} == {Decimal("0.15")}
    assert {p.source for p in d.invoices[0].periods} == {"contractual"}
    assert not d.rules.below_floor_applied


def test_D6_periods_carry_their_rate_source_and_status():
    d = statement(load_case(example_raw()))
    p = d["invoices"][0]["periods"]
    assert [(x["half_year"], x["rate"], x["rate_source"]) for x in p] == [
        ("2026-S1", "0.1215", "ecb_plus_10"), ("2026-S2", "0.1240", "ecb_plus_10"),
        ("2026-S2", "0.1240", "ecb_plus_10")]
    assert d["rules"]["imputation"] == "principal_first"
    assert d["rules"]["interest_start"] == "due_date"


# --------------------------------------------------------------------------- D1, D2


def test_D1_private_creditor_against_consumer_is_five_years_civil_code_2224():
    case = make_case([inv("A", "100.00", "2024-10-01")], as_of="2026-11-20",
                     debtor=consumer(), creditor=private_person())
    (st,) = prescription(case)
    assert (st.regime, st.years, st.basis) == ("civil", 5, "C. civ. art. 2224")
    assert st.expires_on == date(2029, 10, 1) and not st.expired
    assert time_barred(case) == []
    # a professional creditor: L218-2, two years
    pro = replace(case, creditor=company("Fournisseur SARL"))
    assert prescription(pro)[0].basis == "C. consom. art. L218-2"


def test_D2_consumer_prescription_runs_from_performance():
    # works completed 30 Apr 2024, invoiced 4 May, due 3 Jun: two years from 30 Apr 2024
    invoice = Invoice(number="A", issue_date=date(2024, 5, 4), due_date=date(2024, 6, 3),
                      amount_incl_tax=Decimal("1000.00"), performed_on=date(2024, 4, 30))
    case = make_case([invoice], as_of="2026-05-15", debtor=consumer())
    (st,) = prescription(case)
    assert (st.runs_from, st.start_basis, st.expires_on) == (
        date(2024, 4, 30), "performed_on", date(2026, 4, 30))
    assert st.expired  # from the due date it would run to 3 Jun 2026
    assert "performance_date_unknown" not in codes(prescription_warnings(case))


def test_D2_missing_performance_date_counts_from_the_issue_date_with_a_warning():
    case = make_case([inv("A", "1000.00", "2024-06-03", "2024-05-04")], as_of="2026-05-15",
                     debtor=consumer())
    (st,) = prescription(case)
    assert (st.runs_from, st.start_basis) == (date(2024, 5, 4), "issue_date")
    assert st.expires_on == date(2026, 5, 4) and st.expired  # from the due date: not yet
    w = next(w for w in prescription_warnings(case) if w.code == "performance_date_unknown")
    assert w.path == "case.invoices[0].performed_on" and "20-12.520" in w.message_fr


# --------------------------------------------------------------------------- M16, I8, I9


def old_consumer_case():
    # Review (b)7: a 2 400 € invoice and a 600 € one whose two years ran out on 15 Jun 2026
    invoices = [
        Invoice("F-2025-0100", date(2025, 1, 20), date(2025, 2, 19), Decimal("2400.00"),
                performed_on=date(2025, 1, 15)),
        Invoice("F-2024-0500", date(2024, 6, 15), date(2024, 7, 1), Decimal("600.00"),
                performed_on=date(2024, 6, 15)),
    ]
    return make_case(invoices, as_of="2026-11-20", debtor=consumer(),
                     reminders=[mde_on("2025-03-03", "2025-03-03")])


def test_M16_I8_time_barred_invoices_are_listed_and_left_out_of_the_claim():
    case = old_consumer_case()
    (tb,) = time_barred(case)
    assert (tb.index, tb.invoice, tb.path, tb.expires_on) == (
        1, "F-2024-0500", "case.invoices[1]", date(2026, 6, 15))
    w = next(w for w in case_warnings(case) if w.code == "prescription_acquired")
    assert w.path == "case.invoices[1]" and "16/06/2026" in w.message_fr
    # 2 400 € from 4 Mar 2025: 119 days at 3,71 %, 184 at 2,76 %, 181 at 2,62 %, 143 at 2,75 %
    interest = (P("2400", "0.0371", 119) + P("2400", "0.0276", 184) + P("2400", "0.0262", 181)
                + P("2400", "0.0275", 143))
    assert cents(interest) == Decimal("119.46")
    full = compute_decompte(case)
    assert full.totals.total_due == Decimal("3000.00") + Decimal("119.46") + Decimal("29.87")
    claim = claim_without_time_barred(case)
    assert [ln.invoice.number for ln in claim.invoices] == ["F-2025-0100"]
    assert claim.totals.total_due == Decimal("2519.46")
    assert "time_barred_excluded" in codes(claim.warnings)
    st = statement(case)
    assert st["time_barred"] == [{"index": 1, "invoice": "F-2024-0500", "path": "case.invoices[1]",
                                  "expires_on": "2026-06-15", "years": 2,
                                  "basis": "C. consom. art. L218-2"}]


def test_M16_claim_without_time_barred_keeps_payments_where_they_went():
    # an unnamed payment went, by 1342-10, to the older invoice now time-barred: it stays there
    case = old_consumer_case()
    case = replace(case, payments=(pay("2025-01-30", "100.00"),))
    claim = claim_without_time_barred(case)
    assert claim.totals.paid == 0 and claim.totals.outstanding == Decimal("2400.00")


def test_I9_prescription_near_says_a_requete_does_not_interrupt_and_what_does():
    case = make_case([inv("F-2021-0311", "2400.00", "2021-12-15")], as_of="2026-11-20")
    (w,) = prescription_warnings(case)
    assert w.code == "prescription_near"
    assert "requête en injonction de payer ne l’interrompent" in w.message_fr
    assert "assignation" in w.message_fr and "2241" in w.message_fr and "2240" in w.message_fr
    assert "requête en injonction de payer" in w.message_en and "2241" in w.message_en
    assert "Only a court action" not in w.message_en


# --------------------------------------------------------------------------- M4


def test_M4_rcs_city_checked_against_the_greffes():
    assert rcs_greffe("Villeurbanne").greffe == "Lyon" and not rcs_greffe("Villeurbanne").known
    assert rcs_greffe("Lyon").known and rcs_greffe("RCS Lyon").known
    assert rcs_greffe("saint-etienne").known and rcs_greffe("Saint Étienne").greffe
    assert rcs_greffe("Lille Métropole").greffe == "Tourcoing"
    assert rcs_greffe("Strasbourg").known  # chambre commerciale du tribunal judiciaire
    assert not rcs_greffe("Atlantis").known and rcs_greffe("Atlantis").greffe is None
    raw = example_raw()
    raw["debtor"]["rcs_city"] = "Villeurbanne"
    case = load_case(raw)  # a warning, never a 422
    (w,) = rcs_city_warnings(case)
    assert (w.code, w.path) == ("rcs_city_unknown", "case.debtor.rcs_city")
    assert "RCS de Lyon" in w.message_fr
    assert "rcs_city_unknown" in codes(case_warnings(case))
    raw["debtor"]["rcs_city"] = "Lyon"
    assert rcs_city_warnings(load_case(raw)) == []


# --------------------------------------------------------------------------- insolvency


def insolvent(case, opened: str, closed: str | None = None):
    ins = Insolvency(procedure="redressement_judiciaire", opened_on=date.fromisoformat(opened),
                     closed_on=date.fromisoformat(closed) if closed else None)
    return replace(case, debtor=replace(case.debtor, insolvency=ins))


def test_insolvency_open_from_the_opening_day_until_closure():
    case = insolvent(make_case([inv("A", "1000.00", "2026-01-31")], as_of="2026-04-30"),
                     "2026-03-02", "2026-04-15")
    assert not insolvency_open(case, date(2026, 3, 1))
    assert insolvency_open(case, date(2026, 3, 2))  # effective from 0 h on its date
    assert insolvency_open(case, date(2026, 4, 14))
    assert not insolvency_open(case, date(2026, 4, 15))
    assert not insolvency_open(case)  # closed by as_of


def test_insolvency_claim_at_opening_stops_interest_on_the_eve():
    # opened 2 Mar 2026: A earns 1 Feb - 1 Mar = 29 days at 12,15 %: 1 000 × 0,1215 × 29 / 365
    # = 9,6534… -> 9,65 €; B (issued 15 Feb, due 30 Apr) is « à échoir »: principal only;
    # C (issued on the opening day) is a post-opening claim, left out.
    invoices = [inv("A", "1000.00", "2026-01-31", "2026-01-01"),
                inv("B", "500.00", "2026-04-30", "2026-02-15"),
                inv("C", "300.00", "2026-04-30", "2026-03-02")]
    case = insolvent(make_case(invoices, as_of="2026-06-30"), "2026-03-02")
    d = decompte_at_opening(case)
    assert d.as_of == date(2026, 3, 1)
    a, b = d.invoices
    assert a.interest == cents(P("1000", "0.1215", 29)) == Decimal("9.65")
    assert (b.outstanding, b.interest, b.indemnity) == (Decimal("500.00"), 0, 0)
    assert "invoice_after_opening" in codes(d.warnings)
    # the ordinary décompte on 30 June stops A's penalties on the eve too, and B (due after the
    # opening, payment forbidden: L622-7) owes no 40 € (L441-10 II, last sentence); C runs.
    full = compute_decompte(case)
    fa, fb, fc = full.invoices
    assert fa.interest == Decimal("9.65") and fa.periods[-1].end == date(2026, 3, 1)
    assert (fa.indemnity, fb.indemnity, fb.interest) == (Decimal("40.00"), 0, 0)
    assert fc.interest == cents(P("300", "0.124", 0) + P("300", "0.1215", 61)) and fc.indemnity
    st = statement(case)
    (w,) = [w for w in st["warnings"] if w["code"] == "insolvency_open"]
    assert w["path"] == "case.debtor.insolvency" and "L622-28" in w["message_fr"]
    assert st["insolvency"]["interest_until"] == "2026-03-01" and st["insolvency"]["open"]


# --------------------------------------------------------------------------- typography


def test_new_warnings_use_french_typography():
    cases = [old_consumer_case(), insolvent(old_pro_case(), "2026-11-02"),
             make_case([inv("A", "100.00", "2021-12-10")], as_of="2026-11-20"),
             make_case([inv("A", "3000.00", "2026-09-15")], as_of="2026-11-20",
                       debtor=consumer(), reminders=[mde_on("2026-10-01")]),
             contract_rate_case("floor"), contract_rate_case("default_rate")]
    seen = set()
    for case in cases:
        for w in list(compute_decompte(case).warnings) + case_warnings(case):
            seen.add(w.code)
            assert "'" not in w.message_fr, (w.code, w.message_fr)
            assert " :" not in w.message_fr and " ;" not in w.message_fr, w.code
    assert {"prescription_acquired", "prescription_near", "insolvency_open",
            "mise_en_demeure_receipt_unknown", "contractual_rate_raised_to_floor",
            "contractual_rate_below_floor_default_rate", "parameter_not_verified"} <= seen
