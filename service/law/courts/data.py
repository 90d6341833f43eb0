"""The court data of the parameter tree (``juridictions/``), and matching an address against it."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from service.law import normalise
from service.law.parameters import load, names, value_at
from service.model import Address


def supported_from() -> date:
    """The first day the court data covers: the creation of the tribunal judiciaire."""
    return load(names.TRIBUNAL_JUDICIAIRE).values[0].valid_from


def tae_experiment() -> tuple[date, date]:
    """(first day, last day) of the experiment of the tribunaux des activités économiques."""
    values = load(names.TAE_EXPERIMENT).values
    start = next(v.valid_from for v in values if v.value is True)
    end = next(v.valid_from for v in values if v.valid_from > start and v.value is False)
    return start, end - timedelta(days=1)


def tae_courts(on: date) -> list[dict[str, Any]]:
    """The TAE of the arrêté in force on ``on`` (at or after the start of the experiment)."""
    courts: list[dict[str, Any]] = value_at(names.TAE_COURTS, on).value["courts"]
    return courts


def economic_justice_threshold(on: date) -> Any:
    return value_at(names.ECONOMIC_JUSTICE_CONTRIBUTION_THRESHOLD, on).value


def alsace_moselle(on: date) -> dict[str, Any]:
    table: dict[str, Any] = value_at(names.ALSACE_MOSELLE, on).value
    return table


def overseas(on: date) -> dict[str, Any]:
    table: dict[str, Any] = value_at(names.OVERSEAS, on).value
    return table


def artisans_commercial(on: date) -> tuple[bool, date]:
    """(whether an artisan goes to the commercial court on ``on``, the day artisans did)."""
    param = load(names.ARTISANS_COMMERCIAL_COURT)
    from_ = next(v.valid_from for v in param.values if v.value is True)
    return bool(param.at(on).value), from_


def norm_city(city: str | None) -> str:
    if not city:
        return ""
    text = normalise.words(city)
    text = re.sub(r"\bCEDEX\b.*$", "", text).strip()
    # "LYON 3E", "PARIS 15", "MARSEILLE 8E ARRONDISSEMENT"
    return re.sub(r"( \d+(E|ER|EME)?)( ARRONDISSEMENT)?$", "", text).strip()


def matches(address: Address, postal_codes: list[str], communes: list[str]) -> bool:
    if address.postal_code and address.postal_code in postal_codes:
        return True
    city = norm_city(address.city)
    return bool(city) and city in {norm_city(c) for c in communes}
