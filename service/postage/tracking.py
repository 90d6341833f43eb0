"""Carrier tracking numbers (``shared/reference/lrar.md`` §4).

* UPU S10: 2 letters (service indicator), 8-digit serial, a mod-11 check digit, the ISO 3166-1
  alpha-2 code of the issuing operator (``RR473124829GB``).
* La Poste domestic registered letters: digit, letter, 11 digits (``1A12345678901``). Its check
  digit is not documented, so only the shape is checked.

Spaces (printed groups such as ``1A 123 456 7890 1``) are ignored and letters upper-cased.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from babel import Locale

from service.errors import invalid
from service.fr import NBSP

S10_WEIGHTS: tuple[int, ...] = (8, 6, 4, 2, 3, 5, 9, 7)
_S10 = re.compile(r"^([A-Z]{2})(\d{8})(\d)([A-Z]{2})$")
_DOMESTIC = re.compile(r"^[0-9][A-Z][0-9]{11}$")
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"})


@dataclass(frozen=True)
class TrackingInfo:
    number: str  # normalised: no spaces, capitals
    format: Literal["S10", "domestic"]
    service_indicator: str | None = None  # S10 only ("RR": registered letter...)
    serial: str | None = None  # S10 only
    check_digit: int | None = None  # S10 only
    country: str | None = None  # S10 only: ISO 3166-1 alpha-2 of the issuing operator

    def as_dict(self) -> dict[str, str]:
        d = {"number": self.number, "format": self.format}
        if self.country:
            d["country"] = self.country
        return d


def s10_check_digit(serial: str) -> int:
    """The UPU S10 check digit of an 8-digit serial number."""
    if not re.fullmatch(r"\d{8}", serial):
        raise ValueError(f"an S10 serial is 8 digits, got {serial!r}")
    c = 11 - sum(int(d) * w for d, w in zip(serial, S10_WEIGHTS, strict=True)) % 11
    return {10: 0, 11: 5}.get(c, c)


def _is_country(code: str) -> bool:
    return code not in _NOT_COUNTRIES and code in Locale("en").territories


def check_tracking_number(
    s: str, *, path: str = "options.postage.tracking_number"
) -> TrackingInfo:
    """Check a carrier tracking number; raise :class:`~service.errors.CaseInvalid` at ``path``."""
    number = re.sub(r"\s+", "", s or "").upper()
    m = _S10.match(number)
    if m:
        indicator, serial, check, country = m.groups()
        expected = s10_check_digit(serial)
        if int(check) != expected:
            raise invalid(
                path, "invalid_tracking_check_digit",
                f"Numéro de suivi UPU S10 invalide{NBSP}: «{NBSP}{number}{NBSP}», la clé de "
                f"contrôle devrait être {expected}.",
                f"Invalid UPU S10 tracking number \"{number}\": the check digit should be "
                f"{expected}.",
            )
        if not _is_country(country):
            raise invalid(
                path, "invalid_tracking_country",
                f"Numéro de suivi UPU S10 invalide{NBSP}: «{NBSP}{number}{NBSP}», "
                f"«{NBSP}{country}{NBSP}» n’est pas un code pays ISO 3166.",
                f"Invalid UPU S10 tracking number \"{number}\": \"{country}\" is not an "
                "ISO 3166 country code.",
            )
        return TrackingInfo(number, "S10", indicator, serial, int(check), country)
    if _DOMESTIC.match(number):
        return TrackingInfo(number, "domestic")
    raise invalid(
        path, "invalid_tracking_number",
        f"Numéro de suivi invalide{NBSP}: «{NBSP}{number or s}{NBSP}» (attendu{NBSP}: format "
        "UPU S10, deux lettres, huit chiffres, une clé et un code pays, comme RR473124829GB, "
        "ou format La Poste, un chiffre, une lettre et onze chiffres, comme 1A12345678901).",
        f"Invalid tracking number \"{number or s}\" (expected the UPU S10 format, two letters, "
        "eight digits, a check digit and a country code, such as RR473124829GB, or the La "
        "Poste format, a digit, a letter and eleven digits, such as 1A12345678901).",
    )
