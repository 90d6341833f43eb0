"""Reading the values invoices carry: amounts, dates, identifiers, addresses, legal mentions.

Pure functions, shared by the XML readers and the CSV reader. Each returns ``None`` for an
empty value and raises :class:`ValueError` (with an English reason) for an unreadable one.
"""

from __future__ import annotations

import contextlib
import re
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import siren as std_siren
from stdnum.fr import siret as std_siret

from service.law.legal_forms import activity_for_legal_form, normalise_form

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_FR = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def amount(text: str | None) -> Decimal | None:
    """``1 234,56``, ``1234,56 €``, ``1.234,56``, ``1234.56``: a Decimal, exact.

    The last of ``,`` and ``.`` is the decimal separator when both appear; a lone ``,`` is
    decimal (French); a lone ``.`` is decimal unless it repeats (``1.234.567``). Nothing is
    rounded: an amount with three decimals is refused by the case schema later.
    """
    if text is None:
        return None
    t = _SPACES.sub("", str(text)).replace("€", "").replace("EUR", "").replace("eur", "")
    if not t:
        return None
    if "," in t and "." in t:
        decimal_comma = t.rfind(",") > t.rfind(".")
        t = t.replace(".", "").replace(",", ".") if decimal_comma else t.replace(",", "")
    elif "," in t:
        if t.count(",") > 1:
            raise ValueError("several decimal commas")
        t = t.replace(",", ".")
    elif t.count(".") > 1:
        if not re.fullmatch(r"-?\d{1,3}(\.\d{3})+", t):
            raise ValueError("unreadable number")
        t = t.replace(".", "")
    if not re.fullmatch(r"[-+]?\d+(\.\d+)?", t):
        raise ValueError("not a number")
    try:
        return Decimal(t)
    except InvalidOperation:  # pragma: no cover - the pattern above excludes it
        raise ValueError("not a number") from None


def xml_amount(text: str | None) -> Decimal | None:
    """An xs:decimal as EN 16931 writes it (``1234.56``): no thousands separator."""
    if text is None or not text.strip():
        return None
    t = text.strip()
    if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)", t):
        raise ValueError(f"not a decimal: {t[:40]!r}")
    return Decimal(t)


def day(text: str | None) -> date | None:
    """``2026-05-04``, ``04/05/2026``, ``4.5.2026``, ``20260504``; two-digit years refused."""
    if text is None:
        return None
    t = str(text).strip()
    if not t:
        return None
    if m := _ISO.match(t) or _COMPACT.match(t):
        y, mo, d = (int(g) for g in m.groups())
    elif m := _FR.match(t):
        d, mo, y = (int(g) for g in m.groups())
    else:
        raise ValueError("date expected as YYYY-MM-DD or DD/MM/YYYY")
    try:
        return date(y, mo, d)
    except ValueError:
        raise ValueError("no such day") from None


def cii_day(text: str | None, fmt: str | None) -> date | None:
    """A CII ``udt:DateTimeString``: format 102 (``YYYYMMDD``) is the only one EN 16931 allows."""
    if text is None or not text.strip():
        return None
    if fmt not in (None, "102"):
        raise ValueError(f"date format {fmt} (only 102, YYYYMMDD, is allowed)")
    m = _COMPACT.match(text.strip())
    if not m:
        raise ValueError("date expected as YYYYMMDD (format 102)")
    try:
        return date(*(int(g) for g in m.groups()))
    except ValueError:
        raise ValueError("no such day") from None


def iso_day(text: str | None) -> date | None:
    if text is None or not text.strip():
        return None
    m = _ISO.match(text.strip())
    if not m:
        raise ValueError("date expected as YYYY-MM-DD")
    try:
        return date(*(int(g) for g in m.groups()))
    except ValueError:
        raise ValueError("no such day") from None


# --------------------------------------------------------------------------- payment terms

_TERMS_DAYS = re.compile(
    r"(?:(?:à|a|sous|net|payable\s+(?:à|a)|paiement\s+(?:à|a))\s+)?(\d{1,3})\s*(?:jours?|j\b|days?)"
    r"(?:\s+(?:date\s+(?:de\s+)?facture|net|nets))?(\s+fin\s+de\s+mois|\s+fdm\b|\s+end\s+of\s+month)?",
    re.IGNORECASE)
_TERMS_NOW = re.compile(r"\b(à|a)\s+réception\b|\bcomptant\b|\bà\s+vue\b|\bupon\s+receipt\b|"
                        r"\bdue\s+on\s+receipt\b|\bimmediate", re.IGNORECASE)


def end_of_month(d: date) -> date:
    nxt = (d.replace(day=28) + timedelta(days=4)).replace(day=1)
    return nxt - timedelta(days=1)


def due_from_terms(terms: str, issue: date) -> tuple[date, str, str] | None:
    """The due date the payment terms (BT-20) give from the issue date, with how it was read
    (French, English); ``None`` when the text says no period this reader knows.

    « 30 jours » = issue + 30 days; « 45 jours fin de mois » = issue + 45 days, then the end
    of that month (the usual reading; the other, end of month then 45 days, gives a later
    date and is not applied); « à réception » / « comptant » = the issue date.
    """
    text = " ".join(terms.split())
    m = _TERMS_DAYS.search(text)
    if m:
        n = int(m.group(1))
        due = issue + timedelta(days=n)
        if m.group(2):
            due = end_of_month(due)
            return (due, f"{n} jours fin de mois comptés à partir de la date d’émission",
                    f"{n} days end of month counted from the issue date")
        return due, f"{n} jours à compter de la date d’émission", f"{n} days from the issue date"
    if _TERMS_NOW.search(text):
        return issue, "paiement à réception : la date d’émission", "payable on receipt: the issue date"
    return None


# --------------------------------------------------------------------------- identifiers


def digits(text: str | None) -> str:
    return re.sub(r"\D", "", text or "")


def company_ids(ids: list[tuple[str | None, str | None]], vat: str | None) -> dict[str, str]:
    """SIREN/SIRET from the (scheme, value) identifiers of a party: ICD 0002 is a SIREN, 0009 a
    SIRET; without a scheme a valid 14- or 9-digit number is taken as such. A French VAT number
    gives the SIREN too (FR + key + SIREN)."""
    out: dict[str, str] = {}
    for scheme, value in ids:
        if not value:
            continue
        d = digits(value)
        scheme = (scheme or "").strip()
        if scheme == "0009" or (not scheme and len(d) == 14 and std_siret.is_valid(d)):
            out.setdefault("siret", d if d else value.strip())
        elif scheme == "0002" or (not scheme and len(d) == 9 and std_siren.is_valid(d)):
            out.setdefault("siren", d if d else value.strip())
    if "siret" in out and "siren" not in out and len(out["siret"]) == 14:
        out["siren"] = out["siret"][:9]
    if vat:
        v = re.sub(r"[\s.-]", "", vat).upper()
        out["vat_number"] = v
        if "siren" not in out and v.startswith("FR") and len(v) == 13 and v[4:].isdigit():
            with contextlib.suppress(StdnumError):
                out["siren"] = std_siren.validate(v[4:])
    return out


# --------------------------------------------------------------------------- legal mentions

_CAPITAL = re.compile(r"capital(?:\s+social)?\s+de\s+([\d\s\u00a0\u202f.,]+)\s*(?:€|euros?|EUR)",
                      re.IGNORECASE)
_RCS = re.compile(r"\bR\.?\s?C\.?\s?S\.?\s+(?:de\s+|d[’'])?([A-ZÀ-Ÿ][A-Za-zÀ-ÿ’' -]*?[A-Za-zÀ-ÿ])"
                  r"(?=\s*(?:[\d,;.(]|B\b|$))")
_FORM = re.compile(r"^\s*([A-Za-zÉ.]{2,8})\b")


def legal_mentions(text: str | None) -> dict[str, Any]:
    """Legal form, share capital and RCS city from a seller's legal information (BT-33),
    e.g. « SARL au capital de 10 000 €, RCS Lyon 732 829 320 »; what is not found is left out."""
    out: dict[str, Any] = {}
    if not text:
        return out
    m = _FORM.match(text)
    if m and activity_for_legal_form(m.group(1)) is not None:
        out["legal_form"] = normalise_form(m.group(1))
    m = _CAPITAL.search(text)
    if m:
        try:
            cap = amount(m.group(1).strip().rstrip(".,"))
        except ValueError:
            cap = None
        if cap is not None:
            out["share_capital"] = f"{cap:.2f}"
    m = _RCS.search(text)
    if m:
        out["rcs_city"] = m.group(1).strip()
    return out


# --------------------------------------------------------------------------- addresses

# NF Z10-011 line 5: a lieu-dit, a business zone or a special delivery service (BP, CS, TSA);
# any other complement goes to line 3 (building, residence, entrance...)
_LOCALITY = re.compile(r"^(?:B\.?P\.?|CS|TSA)\s*\d|^(?:Z\.?A\.?C?|Z\.?I\.?|zone|lieu[- ]dit|hameau|"
                       r"parc d[’'u]\s*activit|quartier)\b", re.IGNORECASE)
_CEDEX = re.compile(r"^(.*?)\s+CEDEX(?:\s+(\d{1,3}))?\s*$", re.IGNORECASE)


def address(lines: list[str | None], postal_code: str | None, city: str | None,
            country: str | None, subdivision: str | None = None) -> dict[str, Any] | None:
    """A case address from the EN 16931 lines (BT-35..37 / BT-50..52), postcode, city and
    country: line one is the street; a further line is the locality (NF Z10-011 line 5) when
    it is a BP, CS, TSA, lieu-dit or business zone, else the building (line 3); a city ending
    in « CEDEX nn » is split."""
    parts = [(x or "").strip() for x in lines]
    parts = [x for x in parts if x]
    if not (parts or postal_code or city):
        return None
    out: dict[str, Any] = {"street": parts[0]} if parts else {}
    for text in parts[1:]:
        key = "locality" if _LOCALITY.match(text) else "building"
        out[key] = f"{out[key]}, {text}" if key in out else text
    if postal_code:
        out["postal_code"] = postal_code.strip()
    if city:
        c = " ".join(city.split())
        m = _CEDEX.match(c)
        if m and m.group(2):
            out["city"] = m.group(1)
            out["cedex"] = m.group(2)
        else:
            out["city"] = c
    out["country"] = (country or "FR").strip().upper()
    return out


def clean(text: str | None, limit: int | None = None) -> str | None:
    if text is None:
        return None
    t = " ".join(str(text).split())
    if limit and len(t) > limit:
        t = t[: limit - 1].rstrip() + "…"
    return t or None


def prune(d: dict[str, Any]) -> dict[str, Any]:
    """The dict without its ``None`` and empty values (nested dicts pruned too)."""
    out: dict[str, Any] = {}
    for k, v in d.items():
        if isinstance(v, dict):
            v = prune(v)
        if v is None or v == "" or v == {} or v == []:
            continue
        out[k] = v
    return out
