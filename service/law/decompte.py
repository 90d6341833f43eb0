"""The décompte (statement of account): principal, payments, interest or penalties, indemnities.

Pure functions implementing the rule of ``shared/spec/API.md`` (« The décompte »), documented
in the README:

1. Outstanding principal of an invoice = ``amount_incl_tax`` − payments imputed to it. A payment
   naming an invoice goes to it; one naming none (or the part of a named payment exceeding its
   invoice) goes, on its date, to the invoice with the oldest due date that still has principal
   outstanding, the rest to the next (C. civ. 1342-10). An overpayment is a warning.
2. Professional debtor: late penalties at ``terms.late_penalty_rate`` (raised to 3 × the legal
   rate « autres cas » of the half-year, with a warning) or at the ECB reference rate + 10 points
   (C. com. L441-10); plus the flat indemnity (D441-5) per invoice not fully paid by its due
   date, unless ``terms.flat_indemnity`` is false.
3. Consumer debtor: legal interest from the first mise en demeure (C. civ. 1231-6, 1344-1),
   which takes effect on its ``received_on`` (first presentation) when given, else on its date
   (warning ``mise_en_demeure_receipt_unknown``); none before it, no indemnity; « particulier »
   column when the creditor is a private person.
4. Simple interest by days: each day from the day after the due date (rule 3: after the later of
   the due date and the mise en demeure) to ``as_of`` inclusive earns ``P × r / 365``. A payment
   dated ``t`` lowers ``P`` from ``t + 1``. Sums are exact (fractions) and rounded half-up to the
   cent once per invoice; totals add the rounded invoice lines.
5. A day with no known rate is an error naming the half-year, unless the case supplies a rate.
6. Interest first (C. civ. 1343-1): against a consumer always, between professionals when
   ``terms.imputation`` is ``interest_first``. A payment dated ``t`` imputed to an invoice first
   pays the interest accrued on it up to day ``t`` and not yet paid (rounded half-up to the cent
   at that payment), then its principal from ``t + 1``; what the invoice cannot take goes on by
   rule 1. A payment before the interest starts pays principal only.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

from service import fr
from service.errors import CaseInvalid, FieldError
from service.fr import money as fr_money
from service.fr import typo
from service.law.parameters import WARN_STATUSES, ParameterValue, names, value_at
from service.law.rates import HalfYear, Rate, RateBook, RateUnavailable, half_years_between
from service.model import Case, Invoice, Payment, Reminder, Warning

CENT = Decimal("0.01")
ONE_DAY = timedelta(days=1)
DAYS_PER_YEAR = 365  # also in leap years (API.md rule 4)

Regime = Literal["professional", "consumer"]
ImputationRule = Literal["principal_first", "interest_first"]


def _warning(code: str, fr: str, en: str, path: str | None = None) -> Warning:
    """A warning whose French text gets French typography (service.fr.typo)."""
    return Warning(code, typo(fr), en, path=path)


def round_cents(value: Fraction | Decimal) -> Decimal:
    """Round half-up to the cent — the one rounding step of the décompte (exact arithmetic)."""
    if isinstance(value, Decimal):
        return fr.round_cents(value)
    hundredths = value * 100
    sign = -1 if hundredths < 0 else 1
    cents = math.floor(abs(hundredths) + Fraction(1, 2))
    return (Decimal(sign * cents) / 100).quantize(CENT)


@dataclass(frozen=True)
class Period:
    start: date  # first day counted
    end: date  # last day counted (inclusive)
    principal: Decimal
    rate: Decimal
    exact_amount: Fraction
    source: str = "ecb_plus_10"  # how the rate was obtained (service.law.rates.RATE_SOURCES)
    status: str = "verified"  # weakest status of the values the rate rests on
    half_year: str = ""  # "2026-S2"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "days": self.days,
            "principal": _money(self.principal),
            "rate": _rate(self.rate),
            "amount": _money(round_cents(self.exact_amount)),
            "half_year": self.half_year,
            "rate_source": self.source,
            "rate_status": self.status,
        }


@dataclass(frozen=True)
class Imputation:
    """What one payment did to one invoice: ``amount`` lowered its principal, ``interest``
    paid its accrued interest first (C. civ. 1343-1; zero under principal-first imputation)."""

    date: date
    amount: Decimal  # principal part
    named: bool  # the payment named this invoice
    interest: Decimal = Decimal(0)

    @property
    def total(self) -> Decimal:
        return self.amount + self.interest


@dataclass(frozen=True)
class InvoiceLine:
    invoice: Invoice
    paid: Decimal
    outstanding: Decimal
    interest: Decimal
    indemnity: Decimal
    periods: tuple[Period, ...]
    imputations: tuple[Imputation, ...]
    interest_start: date | None  # first day interest runs (None: none runs)
    fully_paid_on: date | None  # the day its principal was paid off (rule 6: principal only)
    interest_paid: Decimal = Decimal(0)  # interest that payments took first (rule 6)

    def as_dict(self) -> dict[str, Any]:
        inv = self.invoice
        return {
            "number": inv.number,
            "issue_date": inv.issue_date.isoformat(),
            "due_date": inv.due_date.isoformat(),
            "amount": _money(inv.amount_incl_tax),
            "paid": _money(self.paid),
            "outstanding": _money(self.outstanding),
            "interest": _money(self.interest),
            "interest_paid": _money(self.interest_paid),
            "indemnity": _money(self.indemnity),
            "interest_from": self.interest_start.isoformat() if self.interest_start else None,
            "periods": [p.as_dict() for p in self.periods],
            "payments": [
                {"date": i.date.isoformat(), "amount": _money(i.total),
                 "principal": _money(i.amount), "interest": _money(i.interest),
                 "named": i.named}
                for i in self.imputations
            ],
        }


@dataclass(frozen=True)
class Totals:
    amount: Decimal
    paid: Decimal
    outstanding: Decimal
    interest: Decimal
    indemnities: Decimal
    interest_paid: Decimal = Decimal(0)

    @property
    def total_due(self) -> Decimal:
        return self.outstanding + self.interest + self.indemnities

    def as_dict(self) -> dict[str, str]:
        return {
            "amount": _money(self.amount),
            "paid": _money(self.paid),
            "outstanding": _money(self.outstanding),
            "interest": _money(self.interest),
            "interest_paid": _money(self.interest_paid),
            "indemnities": _money(self.indemnities),
            "total_due": _money(self.total_due),
        }

    @classmethod
    def of(cls, lines: tuple[InvoiceLine, ...] | list[InvoiceLine]) -> Totals:
        return cls(
            amount=sum((ln.invoice.amount_incl_tax for ln in lines), Decimal(0)),
            paid=sum((ln.paid for ln in lines), Decimal(0)),
            outstanding=sum((ln.outstanding for ln in lines), Decimal(0)),
            interest=sum((ln.interest for ln in lines), Decimal(0)),
            indemnities=sum((ln.indemnity for ln in lines), Decimal(0)),
            interest_paid=sum((ln.interest_paid for ln in lines), Decimal(0)),
        )


@dataclass(frozen=True)
class HalfYearRate:
    """The rate applied in one half-year, how it was obtained and how sure the data is."""

    half_year: str
    rate: Decimal
    source: str
    status: str

    def as_dict(self) -> dict[str, str]:
        return {"half_year": self.half_year, "rate": _rate(self.rate), "source": self.source,
                "status": self.status}


@dataclass(frozen=True)
class Rules:
    """The readings the décompte applied, so that documents can state them.

    - ``imputation``: ``principal_first`` (C. civ. 1342-10 only) or ``interest_first``
      (1343-1 then 1342-10);
    - ``interest_start``: ``due_date`` (L441-10 II: the day after the due date),
      ``mise_en_demeure_received`` (the day after its first presentation),
      ``mise_en_demeure_sent`` (the day after its date: receipt unknown) or ``none``;
    - ``below_floor``: for a contractual rate, the reading applied where it is under the floor
      (``floor`` or ``default_rate``), else None;
    - ``rates``: the rate of each half-year counted, with its source and status.
    """

    regime: Regime
    imputation: ImputationRule
    imputation_basis: str
    interest_start: str
    mise_en_demeure_date: date | None
    mise_en_demeure_received_on: date | None
    rate_basis: str
    contractual_rate: Decimal | None
    below_floor: str | None
    below_floor_applied: bool  # some half-year's contractual rate was under the floor
    rates: tuple[HalfYearRate, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "regime": self.regime,
            "imputation": self.imputation,
            "imputation_basis": self.imputation_basis,
            "interest_start": self.interest_start,
            "mise_en_demeure_date": _iso(self.mise_en_demeure_date),
            "mise_en_demeure_received_on": _iso(self.mise_en_demeure_received_on),
            "rate_basis": self.rate_basis,
            "contractual_rate": _rate(self.contractual_rate) if self.contractual_rate is not None
            else None,
            "below_floor": self.below_floor,
            "below_floor_applied": self.below_floor_applied,
            "rates": [r.as_dict() for r in self.rates],
        }


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


@dataclass(frozen=True)
class Decompte:
    as_of: date
    regime: Regime
    rate_basis: str  # "contractual" | "ecb_plus_10" | "legal_private" | "legal_other"
    interest_start: date | None  # consumer: the mise en demeure date
    invoices: tuple[InvoiceLine, ...]
    totals: Totals
    unapplied: Decimal  # overpayment left after every invoice is paid
    sources: tuple[ParameterValue, ...]
    warnings: tuple[Warning, ...] = field(default=())
    rules: Rules | None = None

    def line(self, number: str) -> InvoiceLine:
        return next(ln for ln in self.invoices if ln.invoice.number == number)

    def without(self, numbers: set[str] | frozenset[str], *,
                warnings: tuple[Warning, ...] = ()) -> Decompte:
        """The same décompte with the invoices ``numbers`` left out of the claim: payments keep
        the imputation they had (a payment made on a debt is not re-imputed because that debt
        is now left out), totals are the sums of the remaining lines."""
        lines = tuple(ln for ln in self.invoices if ln.invoice.number not in numbers)
        return replace(self, invoices=lines, totals=Totals.of(lines),
                       warnings=self.warnings + warnings)

    def as_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "regime": self.regime,
            "rate_basis": self.rate_basis,
            "rules": self.rules.as_dict() if self.rules else None,
            "invoices": [line.as_dict() for line in self.invoices],
            "totals": self.totals.as_dict(),
            "unapplied_payments": _money(self.unapplied),
            "sources": [
                {
                    "parameter": s.name,
                    "valid_from": s.valid_from.isoformat(),
                    "value": str(s.value),
                    "status": s.status,
                    "reference": s.reference.title,
                    **({"href": s.reference.href} if s.reference.href else {}),
                }
                for s in self.sources
            ],
            "warnings": [w.as_dict() for w in self.warnings],
        }


def _money(d: Decimal) -> str:
    return str(fr.round_cents(d))


def _rate(d: Decimal) -> str:
    """Rates print with at least four decimals: "0.1240" (12,40 %)."""
    q = d.quantize(Decimal("0.0001"))
    return str(q) if q == d else format(d.normalize(), "f")


# --------------------------------------------------------------------------- imputation


InterestOwed = Callable[[Invoice, list[Imputation], date], Decimal]


def impute_payments(
    invoices: tuple[Invoice, ...], payments: tuple[Payment, ...],
    interest_owed: InterestOwed | None = None,
) -> tuple[dict[str, list[Imputation]], Decimal, list[Warning]]:
    """Apply payments in date order (input order within a day); return imputations per invoice
    number, the unapplied remainder and warnings.

    Without ``interest_owed`` a payment lowers principal only (rule 1). With it (rule 6,
    C. civ. 1343-1), each invoice a payment reaches first takes ``interest_owed(invoice,
    imputations so far, payment date)`` — the interest accrued and unpaid, in cents — then
    its principal; the rest goes on by rule 1."""
    remaining = {inv.number: inv.amount_incl_tax for inv in invoices}
    by_number = {inv.number: inv for inv in invoices}
    by_due = sorted(invoices, key=lambda i: (i.due_date, i.issue_date))
    out: dict[str, list[Imputation]] = defaultdict(list)
    warnings: list[Warning] = []
    unapplied = Decimal(0)

    def take(inv: Invoice, left: Decimal, day: date, named: bool) -> Decimal:
        interest = Decimal(0)
        if interest_owed is not None:
            interest = min(left, max(interest_owed(inv, out[inv.number], day), Decimal(0)))
        principal = min(left - interest, remaining[inv.number])
        if principal > 0 or interest > 0:
            out[inv.number].append(Imputation(day, principal, named, interest))
            remaining[inv.number] -= principal
        return principal + interest

    order = sorted(range(len(payments)), key=lambda k: (payments[k].date, k))
    for k in order:
        p = payments[k]
        left = p.amount
        if p.invoice is not None:
            left -= take(by_number[p.invoice], left, p.date, True)
            if left > 0:
                warnings.append(
                    _warning(
                        "payment_exceeds_invoice",
                        f"Le paiement du {fr.date_short(p.date)} dépasse de {fr_money(left)} le solde"
                        f" de la facture {p.invoice} : l’excédent est imputé sur les factures"
                        " échues les plus anciennes (C. civ. art. 1342-10).",
                        f"The payment of {p.date.isoformat()} exceeds the balance of invoice"
                        f" {p.invoice} by {left} EUR: the excess goes to the oldest due invoices"
                        " (Civil Code art. 1342-10).",
                        path=f"case.payments[{k}]",
                    )
                )
        for inv in by_due:
            if left <= 0:
                break
            if remaining[inv.number] > 0:
                left -= take(inv, left, p.date, False)
        if left > 0:
            unapplied += left
    if unapplied > 0:
        warnings.append(
            _warning(
                "overpayment",
                f"Les paiements excèdent de {fr_money(unapplied)} le montant total des factures.",
                f"Payments exceed the invoices' total by {unapplied} EUR.",
                path="case.payments",
            )
        )
    return out, unapplied, warnings


# --------------------------------------------------------------------------- interest


def _principal_steps(amount: Decimal, imputations: list[Imputation]) -> list[tuple[date, Decimal]]:
    """(first day, principal from that day) steps; a payment on t lowers P from t + 1."""
    steps: list[tuple[date, Decimal]] = []
    principal = amount
    for imp in sorted((i for i in imputations if i.amount), key=lambda i: i.date):
        principal -= imp.amount
        day = imp.date + ONE_DAY
        if steps and steps[-1][0] == day:
            steps[-1] = (day, principal)
        else:
            steps.append((day, principal))
    return steps


def _periods(
    amount: Decimal,
    imputations: list[Imputation],
    start: date,
    end: date,
    rate_for: Any,
) -> list[Period]:
    """Interest periods from ``start`` to ``end`` inclusive, split at half-years and payments."""
    if start > end:
        return []
    steps = _principal_steps(amount, imputations)
    # principal in force on `start`
    principal = amount
    for day, p in steps:
        if day <= start:
            principal = p
    cuts = sorted({day for day, _ in steps if start < day <= end})
    periods: list[Period] = []
    segment_starts = [start, *cuts]
    for idx, seg_start in enumerate(segment_starts):
        seg_end = (segment_starts[idx + 1] - ONE_DAY) if idx + 1 < len(segment_starts) else end
        for day, p in steps:
            if day == seg_start:
                principal = p
        if principal <= 0:
            continue
        for half, hs, he in half_years_between(seg_start, seg_end):
            rate: Rate = rate_for(half)
            days = (he - hs).days + 1
            exact = Fraction(principal) * Fraction(rate.value) * days / DAYS_PER_YEAR
            periods.append(Period(hs, he, principal, rate.value, exact, source=rate.source,
                                  status=rate.status, half_year=str(half)))
    return periods


def mise_en_demeure_effect(case: Case) -> tuple[Reminder | None, date | None]:
    """The earliest mise en demeure and the day it took effect: its first presentation
    (``received_on``) when known, else its date (C. civ. 1344: a notice acts on receipt; an
    unclaimed LRAR on first presentation, Cass. 1re civ. 20 Jan 2021, n° 19-20.680)."""
    mde = case.first_mise_en_demeure
    if mde is None:
        return None, None
    return mde, mde.received_on or mde.date


def interest_first_applies(case: Case) -> bool:
    """Rule 6: always against a consumer; between professionals on terms.imputation."""
    return case.debtor.is_consumer or case.terms.imputation == "interest_first"


def compute_decompte(case: Case) -> Decompte:
    """The statement of account of ``case`` on ``case.as_of``. Raises CaseInvalid when a rate
    is missing for a day (naming the half-year) and the case supplies none."""
    debtor = case.debtor
    regime: Regime = "consumer" if debtor.is_consumer else "professional"
    book = RateBook(case.terms)
    warnings: list[Warning] = []
    used: dict[tuple[str, date], ParameterValue] = {}
    by_half: dict[HalfYear, Rate] = {}
    errors: list[FieldError] = []

    mde, mde_effect = mise_en_demeure_effect(case)
    private_creditor = case.creditor.type == "individual" and case.creditor.is_consumer
    below_floor = case.terms.below_floor
    if regime == "professional":
        contractual = case.terms.late_penalty_rate
        rate_basis = "contractual" if contractual is not None else "ecb_plus_10"
    else:
        contractual = None
        rate_basis = "legal_private" if private_creditor else "legal_other"

    def rate_for(half: HalfYear) -> Rate:
        if half in by_half:
            return by_half[half]
        if regime == "consumer":
            r = book.legal_rate(half, private_creditor=private_creditor)
        elif contractual is not None:
            r = book.contractual_penalty_rate(half, contractual, below_floor)
        else:
            r = book.default_penalty_rate(half)
        for s in r.sources:
            used[(s.name, s.valid_from)] = s
        by_half[half] = r
        return r

    ins = debtor.insolvency
    opening = ins.opened_on if ins is not None and ins.opened_on <= case.as_of else None

    def end_of(inv: Invoice) -> date:
        """L622-28: the opening judgment (effective at 0 h) stops the interest of the claims
        born before it for good; the last day earning is its eve."""
        if opening is not None and inv.issue_date < opening:
            return min(case.as_of, opening - ONE_DAY)
        return case.as_of

    def start_of(inv: Invoice) -> date | None:
        if regime == "consumer":
            return max(inv.due_date, mde_effect) + ONE_DAY if mde_effect else None
        return inv.due_date + ONE_DAY

    def accrued(inv: Invoice, imps: list[Imputation], day: date) -> Fraction:
        start = start_of(inv)
        day = min(day, end_of(inv))
        if start is None or day < start:
            return Fraction(0)
        try:
            periods = _periods(inv.amount_incl_tax, imps, start, day, rate_for)
        except RateUnavailable as exc:
            if exc.error not in errors:
                errors.append(exc.error)
            return Fraction(0)
        return sum((p.exact_amount for p in periods), Fraction(0))

    def interest_owed(inv: Invoice, imps: list[Imputation], day: date) -> Decimal:
        paid = sum((i.interest for i in imps), Decimal(0))
        return round_cents(accrued(inv, imps, day) - Fraction(paid))

    interest_first = interest_first_applies(case)
    imputations, unapplied, imp_warnings = impute_payments(
        case.invoices, case.payments, interest_owed if interest_first else None)
    warnings += imp_warnings

    lines: list[InvoiceLine] = []
    for inv in case.invoices:
        imps = imputations.get(inv.number, [])
        paid = sum((i.amount for i in imps), Decimal(0))
        interest_paid = sum((i.interest for i in imps), Decimal(0))
        outstanding = inv.amount_incl_tax - paid
        fully_paid_on = None
        if outstanding == 0 and imps:
            fully_paid_on = max(i.date for i in imps if i.amount > 0)
        start = start_of(inv)
        periods: list[Period] = []
        if start is not None:
            try:
                periods = _periods(inv.amount_incl_tax, imps, start, end_of(inv), rate_for)
            except RateUnavailable as exc:
                if exc.error not in errors:
                    errors.append(exc.error)
        exact = sum((p.exact_amount for p in periods), Fraction(0)) - Fraction(interest_paid)
        interest = max(round_cents(exact), Decimal("0.00"))
        paid_late = fully_paid_on is None or fully_paid_on > inv.due_date
        # L441-10 II, last sentence: no indemnity where the proceedings forbade payment on the
        # due date (L622-7: a claim born before the opening, falling due from it on)
        barred_by_opening = (opening is not None and inv.issue_date < opening
                             and inv.due_date >= opening)
        indemnity = Decimal(0)
        if (
            regime == "professional"
            and case.terms.flat_indemnity
            and paid_late
            and case.as_of > inv.due_date
            and not barred_by_opening
        ):
            pv = value_at(names.FLAT_INDEMNITY, inv.due_date + ONE_DAY)
            used[(pv.name, pv.valid_from)] = pv
            indemnity = pv.value
        lines.append(
            InvoiceLine(
                invoice=inv,
                paid=paid,
                outstanding=outstanding,
                interest=interest,
                indemnity=indemnity,
                periods=tuple(periods),
                imputations=tuple(imps),
                interest_start=start if periods else None,
                fully_paid_on=fully_paid_on,
                interest_paid=interest_paid,
            )
        )
    if errors:
        raise CaseInvalid(errors)

    floor_halves = sorted(str(h) for h, r in by_half.items() if r.note == "floor")
    default_halves = sorted(str(h) for h, r in by_half.items() if r.note == "default")
    if floor_halves:
        halves = ", ".join(floor_halves)
        floors = ", ".join(f"{_pct(by_half[HalfYear(int(h[:4]), int(h[-1]))].value)} ({h})"
                           for h in floor_halves)
        warnings.append(
            _warning(
                "contractual_rate_raised_to_floor",
                f"Le taux contractuel de pénalités ({_pct(contractual)}) est inférieur à trois fois"
                f" le taux de l’intérêt légal : il est porté à ce plancher, soit {floors}"
                " (C. com. art. L441-10 II). Lecture retenue : terms.below_floor = floor ; l’autre"
                " lecture (terms.below_floor = default_rate) applique le taux BCE + 10 points.",
                f"The contractual penalty rate ({_pct(contractual)}) is below three times the"
                f" legal interest rate: raised to that floor for {halves}"
                " (Commercial Code art. L441-10 II). Reading applied: terms.below_floor = floor;"
                " the other reading (default_rate) applies the ECB rate + 10 points.",
                path="case.terms.late_penalty_rate",
            )
        )
    if default_halves:
        halves = ", ".join(default_halves)
        rates = ", ".join(f"{_pct(by_half[HalfYear(int(h[:4]), int(h[-1]))].value)} ({h})"
                          for h in default_halves)
        warnings.append(
            _warning(
                "contractual_rate_below_floor_default_rate",
                f"Le taux contractuel de pénalités ({_pct(contractual)}) est inférieur à trois fois"
                " le taux de l’intérêt légal, ce que l’article L441-10 II du code de commerce"
                " interdit : la stipulation est écartée et le taux légal (BCE + 10 points)"
                f" s’applique, soit {rates}. Lecture retenue : terms.below_floor = default_rate ;"
                " l’autre lecture (floor) porterait le taux au plancher.",
                f"The contractual penalty rate ({_pct(contractual)}) is below three times the"
                " legal interest rate, which L441-10 II forbids: the clause is set aside and the"
                f" statutory rate (ECB + 10 points) applies for {halves}. Reading applied:"
                " terms.below_floor = default_rate; the other reading (floor) raises it to the"
                " floor.",
                path="case.terms.below_floor",
            )
        )
    if regime == "consumer" and mde is None:
        warnings.append(
            _warning(
                "no_mise_en_demeure",
                "Débiteur consommateur sans mise en demeure : aucun intérêt ne court encore"
                " (C. civ. art. 1231-6 et 1344-1). Les intérêts au taux légal courront à compter"
                " de la mise en demeure.",
                "Consumer debtor with no formal notice: no interest runs yet (Civil Code arts"
                " 1231-6, 1344-1). Legal interest will run from the mise en demeure.",
                path="case.reminders",
            )
        )
    if regime == "consumer" and mde is not None and mde.received_on is None:
        k = case.reminders.index(mde)
        warnings.append(
            _warning(
                "mise_en_demeure_receipt_unknown",
                f"Date de première présentation de la mise en demeure du {fr.date_short(mde.date)}"
                " inconnue : les intérêts sont comptés à partir du lendemain de sa date, alors"
                " qu’ils ne courent qu’à compter de sa réception (C. civ. art. 1344-1). Indiquez"
                " reminders[].received_on (date de l’avis de réception ou de première"
                " présentation).",
                f"The first presentation of the mise en demeure of {mde.date.isoformat()} is"
                " unknown: interest is counted from the day after its date, although it runs only"
                " from receipt (Civil Code art. 1344-1). Give reminders[].received_on.",
                path=f"case.reminders[{k}].received_on",
            )
        )
    sources = tuple(sorted(used.values(), key=lambda s: (s.name, s.valid_from)))
    for s in sources:
        if s.status in WARN_STATUSES:
            warnings.append(_unverified_warning(s))
        elif s.status == "supplied":
            warnings.append(
                _warning(
                    "caller_supplied_rate",
                    f"Taux « {s.name} » fourni par l’appelant à compter du"
                    f" {fr.date_short(s.valid_from)} ({s.value}) : non vérifié par Recouvre.",
                    f"Rate {s.name} supplied by the caller from {s.valid_from.isoformat()}"
                    f" ({s.value}): not checked by Recouvre.",
                    path="case.terms.rates",
                )
            )

    if regime == "professional":
        interest_start = "due_date"
    elif mde is None:
        interest_start = "none"
    else:
        interest_start = "mise_en_demeure_received" if mde.received_on else "mise_en_demeure_sent"
    rules = Rules(
        regime=regime,
        imputation="interest_first" if interest_first else "principal_first",
        imputation_basis=("C. civ. art. 1343-1 et 1342-10" if interest_first
                          else "C. civ. art. 1342-10"),
        interest_start=interest_start,
        mise_en_demeure_date=mde.date if mde else None,
        mise_en_demeure_received_on=mde.received_on if mde else None,
        rate_basis=rate_basis,
        contractual_rate=contractual,
        below_floor=below_floor if contractual is not None else None,
        below_floor_applied=bool(floor_halves or default_halves),
        rates=tuple(HalfYearRate(str(h), r.value, r.source, r.status)
                    for h, r in sorted(by_half.items())),
    )
    return Decompte(
        as_of=case.as_of,
        regime=regime,
        rate_basis=rate_basis,
        interest_start=(mde_effect + ONE_DAY) if (regime == "consumer" and mde_effect) else None,
        invoices=tuple(lines),
        totals=Totals.of(lines),
        unapplied=unapplied,
        sources=sources,
        warnings=tuple(warnings),
        rules=rules,
    )


def _pct(rate: Decimal | None) -> str:
    if rate is None:
        return "?"
    return f"{(rate * 100).normalize():f} %".replace(".", ",")


def _unverified_warning(s: ParameterValue) -> Warning:
    label = {"secondary": "une seule source secondaire", "unverified": "non vérifiée",
             "estimate": "estimation"}[s.status]
    label_en = {"secondary": "a single secondary source", "unverified": "unverified",
                "estimate": "an estimate"}[s.status]
    title_fr = s.reference.title.replace("'", "’")
    return _warning(
        "parameter_not_verified",
        f"Valeur « {s.name} » en vigueur au {fr.date_short(s.valid_from)} ({s.value}) : {label}"
        f" ({title_fr}). À vérifier sur Légifrance avant usage.",
        f"Value {s.name} from {s.valid_from.isoformat()} ({s.value}) rests on {label_en}"
        f" ({s.reference.title}). Check it on Légifrance before relying on it.",
    )
