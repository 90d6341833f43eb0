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
3. Consumer debtor: legal interest from the first mise en demeure (C. civ. 1231-6), none before
   it, no indemnity; « particulier » column when the creditor is a private person.
4. Simple interest by days: each day from the day after the due date (rule 3: after the later of
   the due date and the mise en demeure) to ``as_of`` inclusive earns ``P × r / 365``. A payment
   dated ``t`` lowers ``P`` from ``t + 1``. Sums are exact (fractions) and rounded half-up to the
   cent once per invoice; totals add the rounded invoice lines.
5. A day with no known rate is an error naming the half-year, unless the case supplies a rate.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any, Literal

from service.errors import CaseInvalid, FieldError
from service.law.parameters import WARN_STATUSES, ParameterValue, value_at
from service.law.rates import Rate, RateBook, RateUnavailable, half_years_between
from service.model import Case, Invoice, Payment, Warning

CENT = Decimal("0.01")
ONE_DAY = timedelta(days=1)
DAYS_PER_YEAR = 365  # also in leap years (API.md rule 4)

Regime = Literal["professional", "consumer"]


def round_cents(value: Fraction | Decimal) -> Decimal:
    """Round half-up to the cent — the one rounding step of the décompte (exact arithmetic)."""
    if isinstance(value, Decimal):
        return value.quantize(CENT, rounding=ROUND_HALF_UP)
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
        }


@dataclass(frozen=True)
class Imputation:
    date: date
    amount: Decimal
    named: bool  # the payment named this invoice


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
    fully_paid_on: date | None

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
            "indemnity": _money(self.indemnity),
            "interest_from": self.interest_start.isoformat() if self.interest_start else None,
            "periods": [p.as_dict() for p in self.periods],
            "payments": [
                {"date": i.date.isoformat(), "amount": _money(i.amount), "named": i.named}
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

    @property
    def total_due(self) -> Decimal:
        return self.outstanding + self.interest + self.indemnities

    def as_dict(self) -> dict[str, str]:
        return {
            "amount": _money(self.amount),
            "paid": _money(self.paid),
            "outstanding": _money(self.outstanding),
            "interest": _money(self.interest),
            "indemnities": _money(self.indemnities),
            "total_due": _money(self.total_due),
        }


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

    def as_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "regime": self.regime,
            "rate_basis": self.rate_basis,
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
    return str(d.quantize(CENT, rounding=ROUND_HALF_UP))


def _rate(d: Decimal) -> str:
    """Rates print with at least four decimals: "0.1240" (12,40 %)."""
    q = d.quantize(Decimal("0.0001"))
    return str(q) if q == d else format(d.normalize(), "f")


# --------------------------------------------------------------------------- imputation


def impute_payments(
    invoices: tuple[Invoice, ...], payments: tuple[Payment, ...]
) -> tuple[dict[str, list[Imputation]], Decimal, list[Warning]]:
    """Apply payments in date order (input order within a day); return imputations per invoice
    number, the unapplied remainder and warnings."""
    remaining = {inv.number: inv.amount_incl_tax for inv in invoices}
    by_due = sorted(invoices, key=lambda i: (i.due_date, i.issue_date))
    out: dict[str, list[Imputation]] = defaultdict(list)
    warnings: list[Warning] = []
    unapplied = Decimal(0)
    order = sorted(range(len(payments)), key=lambda k: (payments[k].date, k))
    for k in order:
        p = payments[k]
        left = p.amount
        if p.invoice is not None:
            take = min(left, remaining[p.invoice])
            if take > 0:
                out[p.invoice].append(Imputation(p.date, take, True))
                remaining[p.invoice] -= take
                left -= take
            if left > 0:
                warnings.append(
                    Warning(
                        "payment_exceeds_invoice",
                        f"Le paiement du {p.date:%d/%m/%Y} dépasse de {left} € le solde de la"
                        f" facture {p.invoice} : l'excédent est imputé sur les factures échues les"
                        " plus anciennes (C. civ. art. 1342-10).",
                        f"The payment of {p.date.isoformat()} exceeds the balance of invoice"
                        f" {p.invoice} by {left} EUR: the excess goes to the oldest due invoices"
                        " (Civil Code art. 1342-10).",
                        path=f"case.payments[{k}]",
                    )
                )
        for inv in by_due:
            if left <= 0:
                break
            take = min(left, remaining[inv.number])
            if take > 0:
                out[inv.number].append(Imputation(p.date, take, False))
                remaining[inv.number] -= take
                left -= take
        if left > 0:
            unapplied += left
    if unapplied > 0:
        warnings.append(
            Warning(
                "overpayment",
                f"Les paiements excèdent de {unapplied} € le montant total des factures.",
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
    for imp in sorted(imputations, key=lambda i: i.date):
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
            periods.append(Period(hs, he, principal, rate.value, exact))
    return periods


def compute_decompte(case: Case) -> Decompte:
    """The statement of account of ``case`` on ``case.as_of``. Raises CaseInvalid when a rate
    is missing for a day (naming the half-year) and the case supplies none."""
    debtor = case.debtor
    regime: Regime = "consumer" if debtor.is_consumer else "professional"
    book = RateBook(case.terms)
    warnings: list[Warning] = []
    used: dict[tuple[str, date], ParameterValue] = {}
    floor_halves: set[str] = set()

    imputations, unapplied, imp_warnings = impute_payments(case.invoices, case.payments)
    warnings += imp_warnings

    mde = case.first_mise_en_demeure
    private_creditor = case.creditor.type == "individual" and case.creditor.is_consumer
    if regime == "professional":
        contractual = case.terms.late_penalty_rate
        rate_basis = "contractual" if contractual is not None else "ecb_plus_10"
    else:
        contractual = None
        rate_basis = "legal_private" if private_creditor else "legal_other"

    def rate_for(half: Any) -> Rate:
        if regime == "consumer":
            r = book.legal_rate(half, private_creditor=private_creditor)
        elif contractual is not None:
            r = book.contractual_penalty_rate(half, contractual)
            if r.note == "floor":
                floor_halves.add(str(half))
        else:
            r = book.default_penalty_rate(half)
        for s in r.sources:
            used[(s.name, s.valid_from)] = s
        return r

    lines: list[InvoiceLine] = []
    errors: list[FieldError] = []
    for inv in case.invoices:
        imps = imputations.get(inv.number, [])
        paid = sum((i.amount for i in imps), Decimal(0))
        outstanding = inv.amount_incl_tax - paid
        fully_paid_on = None
        if outstanding == 0 and imps:
            fully_paid_on = max(i.date for i in imps)
        if regime == "consumer":
            start = max(inv.due_date, mde.date) + ONE_DAY if mde else None
        else:
            start = inv.due_date + ONE_DAY
        periods: list[Period] = []
        if start is not None:
            try:
                periods = _periods(inv.amount_incl_tax, imps, start, case.as_of, rate_for)
            except RateUnavailable as exc:
                if exc.error not in errors:
                    errors.append(exc.error)
        interest = round_cents(sum((p.exact_amount for p in periods), Fraction(0)))
        paid_late = fully_paid_on is None or fully_paid_on > inv.due_date
        indemnity = Decimal(0)
        if (
            regime == "professional"
            and case.terms.flat_indemnity
            and paid_late
            and case.as_of > inv.due_date
        ):
            pv = value_at("flat_indemnity", inv.due_date + ONE_DAY)
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
            )
        )
    if errors:
        raise CaseInvalid(errors)

    if floor_halves:
        halves = ", ".join(sorted(floor_halves))
        warnings.append(
            Warning(
                "contractual_rate_raised_to_floor",
                f"Le taux contractuel de pénalités ({_pct(contractual)}) est inférieur à trois fois"
                f" le taux de l'intérêt légal : il est porté à ce plancher pour {halves}"
                " (C. com. art. L441-10 II).",
                f"The contractual penalty rate ({_pct(contractual)}) is below three times the"
                f" legal interest rate: raised to that floor for {halves}"
                " (Commercial Code art. L441-10 II).",
                path="case.terms.late_penalty_rate",
            )
        )
    if regime == "consumer" and mde is None:
        warnings.append(
            Warning(
                "no_mise_en_demeure",
                "Débiteur consommateur sans mise en demeure : aucun intérêt ne court encore"
                " (C. civ. art. 1231-6 et 1344-1). Les intérêts au taux légal courront à compter"
                " de la mise en demeure.",
                "Consumer debtor with no formal notice: no interest runs yet (Civil Code arts"
                " 1231-6, 1344-1). Legal interest will run from the mise en demeure.",
                path="case.reminders",
            )
        )
    sources = tuple(sorted(used.values(), key=lambda s: (s.name, s.valid_from)))
    for s in sources:
        if s.status in WARN_STATUSES:
            warnings.append(_unverified_warning(s))
        elif s.status == "supplied":
            warnings.append(
                Warning(
                    "caller_supplied_rate",
                    f"Taux « {s.name} » fourni par l'appelant à compter du"
                    f" {s.valid_from:%d/%m/%Y} ({s.value}) : non vérifié par Recouvre.",
                    f"Rate {s.name} supplied by the caller from {s.valid_from.isoformat()}"
                    f" ({s.value}): not checked by Recouvre.",
                    path="case.terms.rates",
                )
            )

    totals = Totals(
        amount=sum((ln.invoice.amount_incl_tax for ln in lines), Decimal(0)),
        paid=sum((ln.paid for ln in lines), Decimal(0)),
        outstanding=sum((ln.outstanding for ln in lines), Decimal(0)),
        interest=sum((ln.interest for ln in lines), Decimal(0)),
        indemnities=sum((ln.indemnity for ln in lines), Decimal(0)),
    )
    return Decompte(
        as_of=case.as_of,
        regime=regime,
        rate_basis=rate_basis,
        interest_start=(mde.date + ONE_DAY) if (regime == "consumer" and mde) else None,
        invoices=tuple(lines),
        totals=totals,
        unapplied=unapplied,
        sources=sources,
        warnings=tuple(warnings),
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
    return Warning(
        "parameter_not_verified",
        f"Valeur « {s.name} » en vigueur au {s.valid_from:%d/%m/%Y} ({s.value}) : {label}"
        f" ({s.reference.title}). À vérifier sur Légifrance avant usage.",
        f"Value {s.name} from {s.valid_from.isoformat()} ({s.value}) rests on {label_en}"
        f" ({s.reference.title}). Check it on Légifrance before relying on it.",
    )
