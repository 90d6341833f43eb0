"""Court names and titles: « Lyon », « d’Auxerre », « Monsieur le Président du tribunal … »,
and which kind of court a free-text name designates."""

from __future__ import annotations

import re

from service.law.normalise import words as _norm


def pretty_city(city: str | None) -> str:
    """« LYON CEDEX 03 » -> « Lyon »; a city already in mixed case is kept."""
    if not city:
        return ""
    city = re.sub(r"(?i)\s+cedex\b.*$", "", city).strip()
    if not city.isupper():
        return city
    small = {"SUR", "SOUS", "EN", "LES", "LÈS", "LEZ", "DE", "DU", "DES", "LA", "LE", "AUX", "ET"}
    words = re.split(r"([\- ])", city)
    out = []
    for i, w in enumerate(words):
        if w in ("-", " "):
            out.append(w)
        elif i > 0 and w in small:
            out.append(w.lower())
        else:
            out.append(w[:1] + w[1:].lower())
    return "".join(out)


def of_place(city: str) -> str:
    """French « de » before a place name: de Lyon, d'Auxerre, du Havre, des Sables-d'Olonne."""
    if city.startswith("Le "):
        return "du " + city[3:]
    if city.startswith("Les "):
        return "des " + city[4:]
    first = _norm(city[:1])[:1]
    if first and first in "AEIOUYH":
        return "d’" + city
    return "de " + city


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:] if name[:1].isupper() and name[1:2].islower() else name


def running_name(name: str) -> str:
    """A court's name inside a sentence: « tribunal des activités économiques de Lyon » (the
    kind in lower case; an acronym such as « TC » is kept)."""
    return _lower_first(name.strip())


def with_article(name: str) -> str:
    """« le tribunal de commerce de Lyon », « la chambre commerciale du tribunal judiciaire de
    Metz », for running text."""
    name = name.strip()
    norm = _norm(name)
    if norm.startswith("LE "):
        return "le " + running_name(name[3:])
    if norm.startswith("LA "):
        return "la " + running_name(name[3:])
    if norm.startswith("CHAMBRE "):
        return "la " + running_name(name)
    return "le " + running_name(name)


def of_court(name: str) -> str:
    """« du tribunal de commerce de Lyon », « de la chambre commerciale … » (never « de le »)."""
    text = with_article(name)
    return "du " + text[3:] if text.startswith("le ") else "de " + text


_CHAMBER = re.compile(r"[\s,;:–—-]*\(?\s*chambre commerciale\s*\)?", re.IGNORECASE)


def president_title(court_name: str, kind: str | None) -> str:
    """« Madame ou Monsieur le Président du tribunal de commerce de Lyon » and its variants (the
    holder's gender is not known: both, as the requêtes filed in practice say)."""
    if kind == "chambre_commerciale_tj":
        base = _CHAMBER.sub("", court_name).strip(" ,-")
        if _norm(base).startswith("LE "):
            base = base[3:]
        return f"Madame ou Monsieur le Président de la chambre commerciale du {_lower_first(base)}"
    name = court_name.strip()
    if _norm(name).startswith("LE "):
        name = name[3:]
    if _norm(name).startswith(("LA ", "CHAMBRE ")):
        return f"Madame ou Monsieur le Président de la {_lower_first(re.sub(r'^(?i:la )', '', name))}"
    return f"Madame ou Monsieur le Président du {_lower_first(name)}"


def kind_of_name(name: str) -> str | None:
    """What kind of court a free-text name designates, if recognisable."""
    n = _norm(name)
    if "ACTIVITES ECONOMIQUES" in n or re.search(r"\bTAE\b", n):
        return "tribunal_des_activites_economiques"
    if ("JUDICIAIRE" in n or re.search(r"\bTJ\b", n)) and "COMMERC" in n:
        return "chambre_commerciale_tj"
    if "COMMERCE" in n or re.search(r"\bT ?COM\b|\bTC\b", n):
        return "tribunal_de_commerce"
    if re.search(r"JUDICIAIRE|PROXIMITE|CONTENTIEUX DE LA PROTECTION|\bTJ\b", n):
        return "tribunal_judiciaire"
    return None

