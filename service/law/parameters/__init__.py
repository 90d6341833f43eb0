"""Dated legal parameters, in the style of OpenFisca parameter files.

The parameters form a tree of folders (``interets/``, ``procedure/``, ``delais/``, ``greffes/``…);
a parameter's name is its path with dots (``interets.flat_indemnity`` is
``interets/flat_indemnity.yaml``). Callers name them through :mod:`.names`, so a typo fails at
import. Each ``*.yaml`` file holds one parameter::

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
    metadata:               # optional: read by load() into Parameter.metadata
      alternatives:         # other amounts the sources give, each with its status and reference
        - value: "33.47"
          status: secondary
          reference: {title: service-public.fr}

Reading a value "on date D" is :func:`value_at`; every rule uses it. A date before the first
value, or after ``last_known``, raises :class:`ParameterNotFound`: the caller must then use a
rate the case supplies, or answer a clear error — never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Literal, cast

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
    name: str  # the file's stem (``flat_indemnity``): the name answers and errors show
    description: str
    unit: str
    values: tuple[ParameterValue, ...]  # sorted by valid_from
    last_known: date | None = None
    # the file's ``metadata`` mapping, as written (documentation, ordering…)
    metadata: dict[str, Any] = field(default_factory=dict, compare=False)
    # ``metadata.alternatives``: the other values the sources give, for information only
    alternatives: tuple[ParameterValue, ...] = ()
    path: str = ""  # the dotted name in the tree (``interets.flat_indemnity``), as in names.py

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


def short_name(name: str) -> str:
    """``interets.flat_indemnity`` -> ``flat_indemnity``: the name shown in answers."""
    return name.rsplit(".", 1)[-1]


def _path(name: str) -> Path:
    if not name or any(not part.isidentifier() for part in name.split(".")):
        raise ValueError(f"not a parameter name: {name!r}")
    return _DIR.joinpath(*name.split(".")).with_suffix(".yaml")


def parse_value(
    name: str, where: str, start: date, entry: dict[str, Any], unit: str
) -> ParameterValue:
    """One ``{value, status, reference}`` entry, checked as the loader checks a value: for the
    entries a ``table`` value nests (a tariff grid's cells and supplements)."""
    return _value(name, where, start, entry, unit)


def _value(name: str, where: str, start: date, entry: dict[str, Any], unit: str) -> ParameterValue:
    status = entry.get("status", "verified")
    if status not in STATUSES:
        raise ValueError(f"{where}: unknown status {status!r}")
    ref = entry.get("reference") or {}
    if isinstance(ref, str):
        ref = {"title": ref}
    return ParameterValue(
        name=name,
        valid_from=start,
        value=_parse_value(unit, entry["value"]),
        status=cast(Status, status),
        reference=Reference(title=ref.get("title", ""), href=ref.get("href")),
    )


@cache
def load(name: str) -> Parameter:
    """Load the parameter ``a.b`` from ``a/b.yaml`` under this folder (read once per process)."""
    path = _path(name)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    unit = data.get("unit", "rate")
    where = str(path.relative_to(_DIR))
    short = short_name(name)
    values = [
        _value(short, where, _as_date(start), entry, unit)
        for start, entry in sorted(data["values"].items(), key=lambda kv: _as_date(kv[0]))
    ]
    metadata = dict(data.get("metadata") or {})
    alternatives = tuple(
        _value(short, f"{where} (metadata.alternatives)", values[-1].valid_from, entry, unit)
        for entry in metadata.get("alternatives") or ()
    )
    last = data.get("last_known")
    return Parameter(
        name=short,
        description=data.get("description", ""),
        unit=unit,
        values=tuple(values),
        last_known=_as_date(last) if last else None,
        metadata=metadata,
        alternatives=alternatives,
        path=name,
    )


def value_at(name: str, on: date) -> ParameterValue:
    return load(name).at(on)


def available() -> list[str]:
    """Every parameter name of the tree (``index.yaml`` files describe a folder, not a value)."""
    return sorted(
        ".".join(p.relative_to(_DIR).with_suffix("").parts)
        for p in _DIR.rglob("*.yaml")
        if p.name != "index.yaml"
    )
