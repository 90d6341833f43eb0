"""Dated legal parameters, in the style of OpenFisca parameter files.

Each ``*.yaml`` file beside this module holds one parameter::

    description: Taux de l'intérêt légal — créancier personne physique (« particulier »)
    unit: rate            # rate (decimal fraction), eur, days...
    values:
      2026-01-01:
        value: "0.0667"   # a string, parsed as Decimal (never a float)
        status: verified  # verified | corroborated | secondary | unverified | estimate
        reference:
          title: Arrêté du 15 décembre 2025, JORF n°0302 du 26 décembre 2025
          href: https://...
      2026-07-01:
        value: "0.0684"
        status: secondary
        ...
    last_known: 2026-12-31  # optional: the last day the data is known to cover

Reading a value "on date D" is :func:`value_at`; every rule uses it. A date before the first
value, or after ``last_known``, raises :class:`ParameterNotFound`: the caller must then use a
rate the case supplies, or answer a clear error — never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml

Status = Literal["verified", "corroborated", "secondary", "unverified", "estimate", "supplied"]
_DIR = Path(__file__).parent
STATUSES: tuple[str, ...] = ("verified", "corroborated", "secondary", "unverified", "estimate")
# verified: read in an official text; corroborated: two independent secondary sources agree;
# secondary: one secondary source only; unverified: nobody could check it; estimate: computed.
WARN_STATUSES: tuple[str, ...] = ("secondary", "unverified", "estimate")


class ParameterNotFound(LookupError):
    """No value of the parameter covers the requested date."""

    def __init__(self, name: str, on: date) -> None:
        super().__init__(f"no value of {name!r} covers {on.isoformat()}")
        self.name = name
        self.on = on


@dataclass(frozen=True)
class Reference:
    title: str
    href: str | None = None


@dataclass(frozen=True)
class ParameterValue:
    name: str
    valid_from: date
    value: Any
    status: Status
    reference: Reference

    @property
    def is_verified(self) -> bool:
        return self.status == "verified"

    def source_text(self) -> str:
        return self.reference.title + (f" <{self.reference.href}>" if self.reference.href else "")


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    unit: str
    values: tuple[ParameterValue, ...]  # sorted by valid_from
    last_known: date | None = None

    def at(self, on: date) -> ParameterValue:
        """The value in force on ``on`` (the latest ``valid_from`` not after it)."""
        if self.last_known is not None and on > self.last_known:
            raise ParameterNotFound(self.name, on)
        found: ParameterValue | None = None
        for v in self.values:
            if v.valid_from <= on:
                found = v
            else:
                break
        if found is None:
            raise ParameterNotFound(self.name, on)
        return found


def _parse_value(unit: str, raw: Any) -> Any:
    if unit in ("rate", "eur"):
        if isinstance(raw, float):
            raise TypeError("monetary and rate parameters must be written as strings, not floats")
        return Decimal(str(raw))
    return raw


def _as_date(raw: Any) -> date:
    return raw if isinstance(raw, date) else date.fromisoformat(str(raw))


@cache
def load(name: str) -> Parameter:
    """Load ``<name>.yaml`` from this folder (cached: files are read once per process)."""
    path = _DIR / f"{name}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    unit = data.get("unit", "rate")
    values = []
    for start, entry in sorted(data["values"].items(), key=lambda kv: _as_date(kv[0])):
        status = entry.get("status", "verified")
        if status not in STATUSES:
            raise ValueError(f"{path.name}: unknown status {status!r}")
        ref = entry.get("reference") or {}
        values.append(
            ParameterValue(
                name=name,
                valid_from=_as_date(start),
                value=_parse_value(unit, entry["value"]),
                status=status,
                reference=Reference(title=ref.get("title", ""), href=ref.get("href")),
            )
        )
    last = data.get("last_known")
    return Parameter(
        name=name,
        description=data.get("description", ""),
        unit=unit,
        values=tuple(values),
        last_known=_as_date(last) if last else None,
    )


def value_at(name: str, on: date) -> ParameterValue:
    return load(name).at(on)


def available() -> list[str]:
    return sorted(p.stem for p in _DIR.glob("*.yaml"))
