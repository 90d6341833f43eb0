"""Dated La Poste tariffs of the lettre recommandée, and the compensation per level.

The data is two parameters of the tree (``poste/registered_letter.yaml``,
``poste/registered_compensation.yaml``, read through :func:`service.law.parameters.load`): one
grid per ``valid_from`` date, a status and a reference per grid, per-cell overrides (a grid
estimated from a verified anchor price keeps that anchor's status), the avis de réception
supplement of the grid, and the compensation per level. The price of a letter is the grid in
force on the letter's date (the latest ``valid_from`` not after it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any, cast

from service import fr
from service.errors import invalid
from service.fr import NBSP
from service.law.parameters import (
    STATUSES,
    Parameter,
    ParameterValue,
    Reference,
    Status,
    load,
    names,
    parse_value,
    short_name,
)

LEVELS: tuple[str, ...] = ("R1", "R2", "R3")


class TariffNotKnown(LookupError):
    """The letter's date is after the last day the bundled tariffs are known to cover."""

    def __init__(self, on: date, last_known: date) -> None:
        super().__init__(f"no tariff loaded for {on.isoformat()} (data ends {last_known})")
        self.on = on
        self.last_known = last_known


@dataclass(frozen=True)
class Grid:
    valid_from: date
    status: str
    reference: Reference
    prices: dict[str, dict[int, Decimal]]
    cells: dict[tuple[str, int], ParameterValue]  # per-cell status/reference overrides
    avis_de_reception: ParameterValue

    def cell(self, level: str, step_g: int) -> ParameterValue:
        override = self.cells.get((level, step_g))
        if override is not None:
            return override
        return ParameterValue(short_name(names.REGISTERED_LETTER), self.valid_from,
                              self.prices[level][step_g], cast(Status, self.status),
                              self.reference)


@dataclass(frozen=True)
class Tariff:
    """The price of one registered letter on a date."""

    price: Decimal  # base + avis de réception when requested
    base: Decimal
    avis_de_reception: Decimal | None
    valid_from: date
    status: str  # the least reliable status of the parts
    source: str  # "estimate" when any part is an estimate, else the source texts
    references: tuple[str, ...]  # every part's source text, whatever the status


@dataclass(frozen=True)
class Compensation:
    amount: Decimal
    valid_from: date
    status: str
    source: str


@dataclass(frozen=True)
class TariffData:
    grids: tuple[Grid, ...]  # sorted by valid_from
    compensation: tuple[ParameterValue, ...]  # sorted by valid_from
    domestic_countries: tuple[str, ...]
    last_known: date | None


def _money(raw: Any, where: str) -> Decimal:
    if isinstance(raw, float):
        raise TypeError(f"{where}: prices must be written as strings, not floats")
    return Decimal(str(raw))


def _grid(pv: ParameterValue, where: str) -> Grid:
    entry: dict[str, Any] = pv.value
    prices = {
        level: {int(step): _money(v, where) for step, v in entry["prices"][level].items()}
        for level in LEVELS
    }

    def part(raw: dict[str, Any]) -> ParameterValue:
        return parse_value(pv.name, where, pv.valid_from, raw, "eur")

    cells = {
        (c["level"], int(c["step_g"])): part(
            {**c, "value": str(prices[c["level"]][int(c["step_g"])])})
        for c in entry.get("cells") or []
    }
    return Grid(
        valid_from=pv.valid_from,
        status=pv.status,
        reference=pv.reference,
        prices=prices,
        cells=cells,
        avis_de_reception=part(entry["avis_de_reception"]),
    )


@cache
def tariff_data() -> TariffData:
    """The tariff data (the ``poste/`` parameters), parsed and checked once."""
    registered: Parameter = load(names.REGISTERED_LETTER)
    grids = tuple(_grid(v, f"{registered.path} {v.valid_from}") for v in registered.values)
    return TariffData(
        grids=grids,
        compensation=load(names.REGISTERED_COMPENSATION).values,
        domestic_countries=tuple(registered.metadata["domestic_countries"]),
        last_known=registered.last_known,
    )


def worst_status(*statuses: str) -> str:
    """The least reliable of ``statuses`` (verified < corroborated < ... < estimate)."""
    return max(statuses, key=STATUSES.index)


def is_domestic(country: str | None) -> bool:
    """Whether a letter to ``country`` is priced with the domestic grids."""
    return (country or "FR").upper() in tariff_data().domestic_countries


def _check_level(level: str, path: str) -> None:
    if level not in LEVELS:
        raise invalid(
            path, "invalid_level",
            f"Niveau de recommandation inconnu{NBSP}: «{NBSP}{level}{NBSP}» (R1, R2 ou R3).",
            f"Unknown registration level: \"{level}\" (R1, R2 or R3).",
        )


def _before_first(on: date, first: date, path: str) -> Exception:
    return invalid(
        path, "tariff_not_available",
        f"Aucun tarif postal chargé avant le {fr.date_short(first)} (date de la lettre"
        f"{NBSP}: {fr.date_short(on)}).",
        f"No postal tariff loaded before {first.isoformat()} (letter dated {on.isoformat()}).",
    )


def grid_at(on: date, *, path: str = "case.as_of") -> Grid:
    """The registered-letter grid in force on ``on``.

    Raises :class:`~service.errors.CaseInvalid` (at ``path``) before the first grid and
    :class:`TariffNotKnown` after the data's ``last_known`` day.
    """
    data = tariff_data()
    if data.last_known is not None and on > data.last_known:
        raise TariffNotKnown(on, data.last_known)
    found = [g for g in data.grids if g.valid_from <= on]
    if not found:
        raise _before_first(on, data.grids[0].valid_from, path)
    return found[-1]


def registered_tariff(
    on: date,
    level: str,
    avis_de_reception: bool,
    step_g: int,
    *,
    path: str = "case.as_of",
    level_path: str = "options.postage.level",
) -> Tariff:
    """Price of a domestic registered letter of weight step ``step_g`` posted on ``on``."""
    _check_level(level, level_path)
    grid = grid_at(on, path=path)
    base = grid.cell(level, step_g)
    parts = [base] + ([grid.avis_de_reception] if avis_de_reception else [])
    status = worst_status(*(p.status for p in parts))
    references = tuple(dict.fromkeys(p.source_text() for p in parts))
    return Tariff(
        price=sum((p.value for p in parts), Decimal("0")),
        base=base.value,
        avis_de_reception=grid.avis_de_reception.value if avis_de_reception else None,
        valid_from=grid.valid_from,
        status=status,
        source="estimate" if status == "estimate" else " ; ".join(references),
        references=references,
    )


def compensation(
    on: date,
    level: str,
    *,
    international: bool = False,
    path: str = "case.as_of",
    level_path: str = "options.postage.level",
) -> Compensation | None:
    """The compensation for the loss of a registered letter of ``level`` posted on ``on``.

    None for an international letter at a level La Poste does not offer abroad (R3).
    """
    _check_level(level, level_path)
    data = tariff_data()
    found = [v for v in data.compensation if v.valid_from <= on]
    if not found:
        raise _before_first(on, data.compensation[0].valid_from, path)
    pv = found[-1]
    table = pv.value["international" if international else "domestic"]
    if level not in table:
        return None
    return Compensation(
        amount=_money(table[level], f"compensation {pv.valid_from}"),
        valid_from=pv.valid_from,
        status=pv.status,
        source=pv.reference.title,
    )
