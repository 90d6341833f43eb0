"""Rates per half-year: legal interest rate, ECB reference rate, L441-10 penalty rate.

A half-year is the unit every rate rule uses: the legal rate is fixed per half-year, and the
L441-10 default penalty rate takes the ECB rate in force on 1 January or 1 July. Each lookup
returns the rate with the :class:`ParameterValue` records it came from, so the décompte can
say which sources it used and warn about the unverified ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from service.errors import FieldError, field_error
from service.law.parameters import ParameterNotFound, ParameterValue, Reference, value_at
from service.model import SuppliedRate, Terms


@dataclass(frozen=True, order=True)
class HalfYear:
    year: int
    half: int  # 1 or 2

    @classmethod
    def of(cls, d: date) -> HalfYear:
        return cls(d.year, 1 if d.month <= 6 else 2)

    @property
    def start(self) -> date:
        return date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def end(self) -> date:
        return date(self.year, 6, 30) if self.half == 1 else date(self.year, 12, 31)

    def __str__(self) -> str:
        return f"{self.year}-S{self.half}"


@dataclass(frozen=True)
class Rate:
    value: Decimal
    sources: tuple[ParameterValue, ...]
    note: str | None = None  # e.g. "raised to the floor"


class RateUnavailable(Exception):
    """No bundled or supplied rate for a half-year; carries the client-facing error."""

    def __init__(self, error: FieldError) -> None:
        super().__init__(error.message_en)
        self.error = error


_SUPPLIED_PARAM = {
    "ecb_mro_rate": "ecb_mro",
    "legal_rate_private": "legal_private",
    "legal_rate_other": "legal_other",
}


class RateBook:
    """Resolves rates for one case: bundled data first, then the rates the case supplies.

    Supplied rates (``terms.rates``) never override bundled data: they only fill the dates the
    data does not cover, and each use is reported.
    """

    def __init__(self, terms: Terms) -> None:
        self._supplied: dict[str, list[SuppliedRate]] = {}
        for r in sorted(terms.rates, key=lambda r: r.valid_from):
            self._supplied.setdefault(r.kind, []).append(r)

    def _param(self, name: str, on: date, half: HalfYear) -> ParameterValue:
        try:
            return value_at(name, on)
        except ParameterNotFound:
            kind = _SUPPLIED_PARAM[name]
            candidates = [r for r in self._supplied.get(kind, []) if r.valid_from <= on]
            if candidates:
                r = candidates[-1]
                return ParameterValue(
                    name=name,
                    valid_from=r.valid_from,
                    value=r.rate,
                    status="supplied",
                    reference=Reference(title=r.source or "rate supplied by the caller"),
                )
            raise RateUnavailable(
                field_error(
                    "case.terms.rates",
                    "rate_unknown",
                    f"Aucun taux « {name} » n'est connu pour le semestre {half} (au {on:%d/%m/%Y}) :"
                    f" fournissez-le dans terms.rates (kind « {kind} »).",
                    f"No {name} rate is known for half-year {half} (on {on.isoformat()}):"
                    f" supply it in terms.rates (kind {kind!r}).",
                )
            ) from None

    def legal_rate(self, half: HalfYear, *, private_creditor: bool) -> Rate:
        name = "legal_rate_private" if private_creditor else "legal_rate_other"
        pv = self._param(name, half.start, half)
        return Rate(pv.value, (pv,))

    def default_penalty_rate(self, half: HalfYear) -> Rate:
        """ECB MRO rate in force on 1 January / 1 July, plus the L441-10 margin."""
        ecb = self._param("ecb_mro_rate", half.start, half)
        margin = value_at("late_penalty_margin", half.start)
        return Rate(ecb.value + margin.value, (ecb, margin))

    def contractual_penalty_rate(self, half: HalfYear, contractual: Decimal) -> Rate:
        """The contractual rate, raised to 3 × the legal rate (« autres cas ») when below it."""
        legal = self._param("legal_rate_other", half.start, half)
        multiple = value_at("contractual_rate_floor_multiple", half.start)
        floor = legal.value * multiple.value
        if contractual < floor:
            return Rate(floor, (legal, multiple), note="floor")
        return Rate(contractual, (legal, multiple))


def half_years_between(start: date, end: date) -> list[tuple[HalfYear, date, date]]:
    """Split [start, end] (inclusive) into half-year segments."""
    out: list[tuple[HalfYear, date, date]] = []
    cur = start
    while cur <= end:
        hy = HalfYear.of(cur)
        seg_end = min(hy.end, end)
        out.append((hy, cur, seg_end))
        cur = date.fromordinal(seg_end.toordinal() + 1)
    return out
