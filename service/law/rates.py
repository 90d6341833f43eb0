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

from service import fr
from service.errors import FieldError, field_error
from service.law.parameters import ParameterNotFound, ParameterValue, Reference, names, short_name, value_at
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


# How a period's rate was obtained (the décompte's ``periods[].source``):
#   ecb_plus_10       the L441-10 default: ECB rate in force on 1 January / 1 July + 10 points
#   contractual       the contractual rate, at or above the floor
#   contractual_floor a contractual rate under 3 × the legal rate, raised to that floor
#   default_rate_below_floor  a contractual rate under the floor, replaced by the default rate
#                     (terms.below_floor = default_rate)
#   legal_private, legal_other  the legal interest rate, « particulier » or « autres cas » column
RATE_SOURCES = ("ecb_plus_10", "contractual", "contractual_floor", "default_rate_below_floor",
                "legal_private", "legal_other")
# weakest first wins: a rate built from a secondary value is « secondary »
_STATUS_RANK = {"verified": 0, "corroborated": 1, "contractual": 2, "supplied": 3,
                "secondary": 4, "unverified": 5, "estimate": 6}


def weakest_status(statuses: list[str]) -> str:
    return max(statuses, key=lambda s: _STATUS_RANK.get(s, 99)) if statuses else "verified"


@dataclass(frozen=True)
class Rate:
    value: Decimal
    sources: tuple[ParameterValue, ...]
    note: str | None = None  # "floor" (raised to the floor) or "default" (below floor -> default)
    source: str = "ecb_plus_10"  # one of RATE_SOURCES
    status: str = "verified"  # the weakest status of the values the figure rests on


class RateUnavailable(Exception):
    """No bundled or supplied rate for a half-year; carries the client-facing error."""

    def __init__(self, error: FieldError) -> None:
        super().__init__(error.message_en)
        self.error = error


_SUPPLIED_PARAM = {
    names.ECB_MRO_RATE: "ecb_mro",
    names.LEGAL_RATE_PRIVATE: "legal_private",
    names.LEGAL_RATE_OTHER: "legal_other",
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
            short = short_name(name)
            candidates = [r for r in self._supplied.get(kind, []) if r.valid_from <= on]
            if candidates:
                r = candidates[-1]
                return ParameterValue(
                    name=short,
                    valid_from=r.valid_from,
                    value=r.rate,
                    status="supplied",
                    reference=Reference(title=r.source or "rate supplied by the caller"),
                )
            raise RateUnavailable(
                field_error(
                    "case.terms.rates",
                    "rate_unknown",
                    f"Aucun taux « {short} » n'est connu pour le semestre {half} (au {fr.date_short(on)}) :"
                    f" fournissez-le dans terms.rates (kind « {kind} »).",
                    f"No {short} rate is known for half-year {half} (on {on.isoformat()}):"
                    f" supply it in terms.rates (kind {kind!r}).",
                )
            ) from None

    def legal_rate(self, half: HalfYear, *, private_creditor: bool) -> Rate:
        name = names.LEGAL_RATE_PRIVATE if private_creditor else names.LEGAL_RATE_OTHER
        pv = self._param(name, half.start, half)
        return Rate(pv.value, (pv,), source="legal_private" if private_creditor else "legal_other",
                    status=pv.status)

    def default_penalty_rate(self, half: HalfYear) -> Rate:
        """ECB MRO rate in force on 1 January / 1 July, plus the L441-10 margin."""
        ecb = self._param(names.ECB_MRO_RATE, half.start, half)
        margin = value_at(names.LATE_PENALTY_MARGIN, half.start)
        return Rate(ecb.value + margin.value, (ecb, margin), source="ecb_plus_10",
                    status=weakest_status([ecb.status, margin.status]))

    def floor(self, half: HalfYear) -> Rate:
        """3 × the legal rate (« autres cas ») of the half-year: the L441-10 II floor."""
        legal = self._param(names.LEGAL_RATE_OTHER, half.start, half)
        multiple = value_at(names.CONTRACTUAL_RATE_FLOOR_MULTIPLE, half.start)
        return Rate(legal.value * multiple.value, (legal, multiple), source="contractual_floor",
                    status=weakest_status([legal.status, multiple.status]))

    def contractual_penalty_rate(self, half: HalfYear, contractual: Decimal,
                                 below_floor: str = "floor") -> Rate:
        """The contractual rate; one under 3 × the legal rate (« autres cas ») is raised to that
        floor (``below_floor="floor"``) or replaced by the default rate, ECB + 10 points
        (``"default_rate"``: the stipulation is void, the statutory rate applies)."""
        floor = self.floor(half)
        if contractual < floor.value:
            if below_floor == "default_rate":
                default = self.default_penalty_rate(half)
                return Rate(default.value, floor.sources + default.sources, note="default",
                            source="default_rate_below_floor",
                            status=weakest_status([floor.status, default.status]))
            return Rate(floor.value, floor.sources, note="floor", source="contractual_floor",
                        status=floor.status)
        return Rate(contractual, floor.sources, source="contractual", status="contractual")


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
