"""Is ``rcs_city`` the town of a greffe that keeps a registre du commerce et des sociétés?

The list of greffe towns is dated data (``parameters/greffes/rcs_seats.yaml``, with its source). A value
that is a commune known to register its companies elsewhere (Villeurbanne → Lyon) or that is no
greffe town at all gives the warning ``rcs_city_unknown`` — never a 422: the list may be stale,
and the caller may know better.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache

from service.fr import typo
from service.law.parameters import names, value_at
from service.model import Case, Warning


def _key(city: str) -> str:
    s = unicodedata.normalize("NFKD", city).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"^(rcs|r\.c\.s\.)\s+(de\s+|d')?", "", s.strip())
    s = re.sub(r"\bst\b", "saint", s)
    s = re.sub(r"\bste\b", "sainte", s)
    return re.sub(r"[^a-z0-9]+", "", s)


@dataclass(frozen=True)
class GreffeMatch:
    known: bool  # the value names a greffe town (or another name of one)
    greffe: str | None  # the greffe town, when the value is one or maps to one


@cache
def _tables(on: date) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    v = value_at(names.RCS_SEATS, on).value
    seats = {_key(s): s for s in v["seats"]}
    aliases = {_key(a): t for a, t in (v.get("aliases") or {}).items()}
    communes = {_key(c): g for c, g in (v.get("communes") or {}).items()}
    return seats, aliases, communes


def rcs_greffe(city: str, on: date | None = None) -> GreffeMatch:
    """The greffe of an ``rcs_city`` value: ``known`` when it is a greffe town or another name
    of one; otherwise ``greffe`` is the greffe of that commune where the data gives it."""
    seats, aliases, communes = _tables(on or date.today())
    k = _key(city)
    if k in seats:
        return GreffeMatch(True, seats[k])
    if k in aliases:
        return GreffeMatch(True, aliases[k])
    return GreffeMatch(False, communes.get(k))


_WHO = {"creditor": ("du créancier", "creditor"), "debtor": ("du débiteur", "debtor"),
        "issuer": ("de l’émetteur", "issuer")}


def rcs_city_warnings(case: Case) -> list[Warning]:
    out: list[Warning] = []
    parties = [("creditor", case.creditor.rcs_city), ("debtor", case.debtor.rcs_city),
               ("issuer", case.issuer.rcs_city if case.issuer else None)]
    for who, city in parties:
        if not city:
            continue
        match = rcs_greffe(city, case.as_of)
        if match.known:
            continue
        who_fr, who_en = _WHO[who]
        if match.greffe:
            fr = (f"« RCS {city} » {who_fr} : {city} n’est pas le siège d’un greffe ; les"
                  f" sociétés de {city} sont immatriculées au RCS de {match.greffe}. Corrigez"
                  f" {who}.rcs_city (« {match.greffe} »).")
            en = (f"The {who_en}'s rcs_city {city!r} is not the seat of a greffe; companies of"
                  f" {city} are registered at the RCS of {match.greffe}.")
        else:
            fr = (f"« RCS {city} » {who_fr} : cette ville ne figure pas dans la liste des"
                  " greffes tenant un registre du commerce et des sociétés (tribunaux de commerce,"
                  " tribunaux mixtes de commerce, chambres commerciales d’Alsace-Moselle)."
                  " Vérifiez la ville du greffe sur l’extrait Kbis.")
            en = (f"The {who_en}'s rcs_city {city!r} is not in the list of greffes keeping a"
                  " trade and companies register; check the greffe town on the Kbis extract.")
        out.append(Warning("rcs_city_unknown", typo(fr), en, path=f"case.{who}.rcs_city"))
    return out
