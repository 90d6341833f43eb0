"""Naming a party: in a letter (C. com. R123-237) and in a deed (CPC 54, 57, 648); legal
addresses; the identity a filing needs of an individual claimant (CPC 54 3° a).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any, Literal

from stdnum.fr import siren as std_siren
from stdnum.fr import siret as std_siret

from service import fr
from service.documents.common import address_lines, one_line
from service.law.greffes import rcs_greffe
from service.model import Address, Party

# what CPC 54 3° a and 648 want of an individual claimant: (attribute, French, English)
INDIVIDUAL_IDENTITY = (("profession", "profession", "occupation"),
                       ("nationality", "nationalité", "nationality"),
                       ("birth_date", "date de naissance", "date of birth"),
                       ("birth_place", "lieu de naissance", "place of birth"))


def group_siren(siren: str) -> str:
    """« 732829320 » -> « 732 829 320 » with no-break spaces, so that the number is never cut
    at the end of a line (a SIRET keeps its 5 last digits grouped)."""
    s = siren.replace(" ", "")
    if len(s) == 14:
        return str(std_siret.format(s, separator=fr.NBSP))
    return str(std_siren.format(s, separator=fr.NBSP))


def title_in_text(title: str) -> str:
    """A representative's title inside a sentence: « Gérante » -> « gérante » (French writes
    titles in lower case in running text); acronyms (« PDG ») are kept."""
    if len(title) > 1 and title[0].isupper() and title[1].islower():
        return title[0].lower() + title[1:]
    return title


def rcs_town(city: str | None, on: date | None = None) -> str | None:
    """The greffe town an ``rcs_city`` value stands for (M4, second reading 2): the greffe the
    data gives (« Villeurbanne » -> « Lyon »), else the value as given (the answer warns,
    ``rcs_city_unknown``)."""
    if not city:
        return None
    match = rcs_greffe(city, on)
    return match.greffe or city


def seated_abroad(p: Party) -> bool:
    """A company whose seat (``legal_address``, else its address) is outside France: it has no
    French RCS registration to print."""
    return seat(p).country.upper() != "FR"


def registration(p: Party, style: Literal["mention", "deed", "letter"] = "mention",
                 on: date | None = None) -> str | None:
    """How a company's registration is printed, None for a company seated abroad (the contract
    has no foreign registration field: nothing rather than a French « RCS de … ») or without a
    SIREN. ``mention``: « RCS Lyon 732 829 320 » (« SIREN … » without a greffe town);
    ``deed``: « immatriculée au RCS de Lyon sous le n° … »; ``letter``: « immatriculée sous le
    n° … au RCS de Lyon »."""
    if not p.siren or seated_abroad(p):
        return None
    return registration_text(p.siren, p.rcs_city, style, on)


def registration_text(siren: str, rcs_city: str | None,
                      style: Literal["mention", "deed", "letter"] = "mention",
                      on: date | None = None) -> str:
    """:func:`registration` for a SIREN and an ``rcs_city`` (an issuer's, say)."""
    number = group_siren(siren)
    town = rcs_town(rcs_city, on)
    if style == "deed":
        return (f"immatriculée au RCS de {town} sous le n° {number}" if town
                else f"SIREN {number}")
    if style == "letter":
        return f"immatriculée sous le n° {number}" + (f" au RCS de {town}" if town else "")
    return f"RCS {town} {number}" if town else f"SIREN {number}"


def legal_address(a: Address | None) -> str:
    """An address as it is written in a deed: no delivery point (« service comptabilité »)."""
    if a is None:
        return ""
    return one_line(replace(a, delivery_point=None))


def seat_in_letter(p: Party) -> str:
    """The seat (domicile) a letter names (second reading 3): ``legal_address`` when given, else
    the postal address without its delivery-point lines (service, building): « 45 avenue Roger
    Salengro, 69100 Villeurbanne »."""
    return legal_address(seat(p))


# common nouns a delivery-point line may begin with, written in lower case inside a sentence
# (« Bâtiment B (service comptabilité) »); a name (« Mme Durand », « chez … ») is kept as given
_DELIVERY_NOUNS = ("service", "services", "direction", "département", "comptabilité", "bureau",
                   "appartement", "étage", "escalier", "porte", "pôle", "accueil")


def delivery_address(p: Party) -> str | None:
    """Where to find the party at its seat, for practical instructions (not a designation:
    the seat a deed names keeps no delivery-point lines): the seat with the building and the
    delivery point the postal address gives there, « Bâtiment B (service comptabilité
    fournisseurs), 45 avenue Roger Salengro, 69100 Villeurbanne » (seventh reading 1); None
    when they add nothing to the seat, or when the postal address is elsewhere (a CEDEX, a PO
    box) and the legal address gives no delivery point of its own."""
    at = seat(p)
    postal = p.address
    same = all((getattr(postal, f) or "").casefold() == (getattr(at, f) or "").casefold()
               for f in ("street", "postal_code", "city", "cedex", "country"))
    source = postal if same else at
    extra_building = source.building if not at.building else None
    point = source.delivery_point
    if not extra_building and not point:
        return None
    building = at.building or extra_building
    if point and point.split(" ")[0].lower() in _DELIVERY_NOUNS:
        point = point[:1].lower() + point[1:]
    where = f"{building} ({point})" if building and point else (building or point or "")
    return one_line(replace(at, delivery_point=None, building=where))


def missing_identity(p: Party) -> list[tuple[str, str, str]]:
    """(attribute, French, English) of what an individual party lacks for CPC 54 3° a."""
    if p.is_company:
        return []
    return [item for item in INDIVIDUAL_IDENTITY if not getattr(p, item[0])]


def designation(p: Party, style: Literal["letter", "deed"] = "letter", *,
                capital: bool = False, representative: bool = True) -> str:
    """The party named in running text.

    ``letter``: « la société Martin Bâtiment (SAS), immatriculée sous le n° … au RCS de …, dont
    le siège social est situé …, représentée par son président, M. Paul Martin » (fourth reading
    15: :func:`representative_in_text`) / « M. Jean DUPONT, demeurant … »;
    ``capital``: « (SARL au capital de 10 000,00 €) » when the case gives it;
    ``representative=False`` leaves the representative out (a company whose liquidation is
    closed: its officer no longer represents it).
    ``deed`` (CPC 54 3° and 648): name, form, capital, RCS, seat and legal representative;
    individual: names, date and place of birth, nationality, profession, domicile.
    """
    if style == "deed":
        return _deed_designation(p)
    if p.is_company:
        with_capital = (f" au capital de {fr.money(p.share_capital)}"
                        if capital and p.share_capital is not None else "")
        form = f" ({p.legal_form}{with_capital})" if p.legal_form else ""
        rep = ""
        if p.representative and representative:
            rep = ", " + representative_in_text(p.representative.name, p.representative.title)
        reg = registration(p, "letter")
        rcs = f", {reg}" if reg else ""
        return (f"{short_designation(p)}{form}{rcs}, dont le siège social est situé"
                f" {seat_in_letter(p)}{rep}")
    return f"{p.display_name}, demeurant {seat_in_letter(p)}"


def short_designation(p: Party) -> str:
    """« la société Atelier Dupont » for a company, the name alone for a person. A name that
    itself begins with « Société » is never altered nor prefixed with « la société » (L7, second
    reading 7): « la Société Nouvelle des Établissements … »."""
    if not p.is_company:
        return p.display_name
    if p.name.lower().startswith(("société ", "societe ")):
        return f"la {p.name}"
    return f"la société {p.name}"


def seat(p: Party) -> Address:
    """The address a deed or a letter names as the seat or domicile: ``legal_address`` when
    given, else the postal address without its delivery-point lines (service, building: third
    reading, one rule for letters and deeds; filing_checks refuses a CEDEX or PO box one, and
    warns of the fallback)."""
    return p.legal_address or replace(p.address, delivery_point=None, building=None)


_WOMAN_CIVILITIES = ("mme", "madame", "mlle", "mademoiselle")
_MAN_CIVILITIES = ("m", "monsieur", "mr")


def civility_gender(civility: str | None) -> Literal["f", "m"] | None:
    """« Mme » / « Madame » -> f, « M. » / « Monsieur » -> m, None when it does not say (a first
    name does not say it reliably)."""
    words = (civility or "").strip().lower().split()
    first = words[0].rstrip(".") if words else ""
    if first in _WOMAN_CIVILITIES:
        return "f"
    if first in _MAN_CIVILITIES:
        return "m"
    return None


def party_gender(p: Party) -> Literal["f", "m"] | None:
    """The grammatical gender of the party as running text names it: a company is « la société
    … » (f), a person is of her or his civility; None when the civility does not say."""
    return "f" if p.is_company else civility_gender(p.civility)


def is_woman(p: Party) -> bool:
    """A natural person whose civility is « Mme »."""
    return not p.is_company and civility_gender(p.civility) == "f"


def role_word(p: Party, masculine: str, feminine: str) -> str:
    """The word for the party's role or a pronoun standing for it (seventh reading 2): the
    feminine for a woman (« la débitrice », « la demanderesse », « elle »); the masculine for a
    man, an unknown civility and a company (« le débiteur »: the role noun of a legal
    person)."""
    return feminine if is_woman(p) else masculine


def argued_subject(p: Party, role: str) -> tuple[str, bool]:
    """The subject of a sentence of the argument about the party, and whether what agrees with
    it is feminine (seventh reading 2): its name when its gender is known (« La société Martin
    Bâtiment », « Mme Claire LEFÈVRE »), else the role noun given (« Le défendeur »,
    masculine)."""
    gender = party_gender(p)
    if gender is None:
        return role[:1].upper() + role[1:], False
    name = short_designation(p)
    return name[:1].upper() + name[1:], gender == "f"


# the first word of a representative's title gives its grammatical gender (legal review F9,
# second reading 7): « Gérante associée », « Présidente du directoire », « Directrice générale »
_FEMININE_HEADS = ("gérante", "cogérante", "co-gérante", "présidente", "directrice",
                   "liquidatrice", "administratrice", "associée", "fondée")
_MASCULINE_HEADS = ("gérant", "cogérant", "co-gérant", "président", "directeur", "liquidateur",
                    "administrateur", "associé", "fondé")


def representative_gender(title: str | None) -> Literal["f", "m"] | None:
    """« Gérante associée » -> f, « Président-directeur général » -> m; None when the title's
    first word does not say (« PDG », « mandataire social »)."""
    first = fr.typo(title or "").strip().lower().split(" ")[0]
    parts = first.split("-")
    # « co-gérante », « vice-présidente »: the word after the prefix
    words = [first] + (parts[1:2] if parts[0] in ("co", "vice") else parts[:1])
    if any(w in _FEMININE_HEADS for w in words):
        return "f"
    if any(w in _MASCULINE_HEADS for w in words):
        return "m"
    return None


def _civil_name(name: str, gender: Literal["f", "m"]) -> str:
    """« Mme Marie Dupont » / « M. Paul Martin »; a name that already carries its civility or
    « Maître » is kept as given."""
    if name.split(" ")[0].rstrip(".").lower() in ("m", "mme", "madame", "monsieur", "me",
                                                  "maître"):
        return name
    return ("Mme" if gender == "f" else "M.") + fr.NBSP + name


def civil_name(name: str, gender: Literal["f", "m"]) -> str:
    """:func:`_civil_name` for other modules: « M. Julien Morel »."""
    return _civil_name(name, gender)


def representative_in_text(name: str, title: str | None) -> str:
    """A company's representative in a letter's running text (fourth reading 15), as the deeds
    name him: « représentée par sa gérante, Mme Marie Dupont », « représentée par son président,
    M. Paul Martin »; the gender is the title's (:func:`representative_gender`). A title that
    does not say (« PDG ») follows the name: « représentée par Paul Martin, PDG »; no title:
    « représentée par Paul Martin »."""
    gender = representative_gender(title)
    if gender is None:
        extra = f", {title_in_text(fr.typo(title))}" if title else ""
        return f"représentée par {name}{extra}"
    t = title_in_text(fr.typo(title or ""))
    return f"représentée par {'sa' if gender == 'f' else 'son'} {t}, {_civil_name(name, gender)}"


# a company's legal representative, by its title (seventh reading 2): the président of an SAS
# (C. com. L227-6), the gérant of an SARL (L223-18), the directeur général or the président du
# directoire of an SA; not a « président du conseil d’administration », nor an employee
_LEGAL_REPRESENTATIVE = re.compile(
    r"^(?:co-?)?(?:président(?:e)?(?!\s+du\s+conseil)|gérant(?:e)?|pdg|directeur\s+général"
    r"|directrice\s+générale)\b", re.IGNORECASE)
# the gender an employee's title gives besides a representative's (« Chargée de recouvrement »)
_EMPLOYEE_GENDER: dict[str, Literal["f", "m"]] = {"chargée": "f", "chargé": "m"}


def is_legal_representative(title: str | None) -> bool:
    """« Président », « Gérante », « Directeur général » -> True; « Chargé de recouvrement »,
    « Juriste », none -> False: the person is then not given as the company's representative."""
    return bool(title) and bool(_LEGAL_REPRESENTATIVE.match(fr.typo(title or "").strip()))


def person_with_title(name: str, title: str | None) -> tuple[str, Literal["f", "m"] | None]:
    """« M. Julien Morel, chargé de recouvrement » and the gender, when the title says it."""
    if not title:
        return name, None
    head = fr.typo(title).strip().lower().split(" ")[0]
    gender = representative_gender(title) or _EMPLOYEE_GENDER.get(head)
    who = civil_name(name, gender) if gender else name
    return f"{who}, {title_in_text(fr.typo(title))}", gender


def acting_for_company(name: str, title: str | None) -> str:
    """Who acts for a company that is an agent (a mandataire; seventh reading 2), after its
    designation: its legal representative (« représentée par son président, M. Paul Martin »),
    else the company through its legal representative and, for it, the person named, whose
    authority is then his delegation: « prise en la personne de son représentant légal, et
    pour elle M. Julien Morel, chargé de recouvrement, dûment habilité »."""
    if is_legal_representative(title):
        return representative_in_text(name, title)
    who, gender = person_with_title(name, title)
    authority = {"f": "dûment habilitée", "m": "dûment habilité"}.get(
        gender or "", "agissant sur délégation de pouvoir")
    return f"prise en la personne de son représentant légal, et pour elle {who}, {authority}"


def representative_in_deed(name: str, title: str | None) -> str:
    """« prise en la personne de sa gérante, Mme Marie Dupont, domiciliée en cette qualité audit
    siège »; with a title of unknown gender, « … de son représentant légal, X, PDG, domicilié … »
    (the participle agrees with « représentant »)."""
    gender = representative_gender(title)
    if gender is None:
        extra = f", {title_in_text(title)}" if title else ""
        return (f"prise en la personne de son représentant légal, {name}{extra}, domicilié en"
                " cette qualité audit siège")
    t = title_in_text(fr.typo(title or ""))
    who = _civil_name(name, gender)
    if gender == "f":
        return f"prise en la personne de sa {t}, {who}, domiciliée en cette qualité audit siège"
    return f"prise en la personne de son {t}, {who}, domicilié en cette qualité audit siège"


def _deed_designation(p: Party) -> str:
    if p.is_company:
        form = p.legal_form or ""
        if form and p.share_capital is not None:
            form += f" au capital de {fr.money(p.share_capital)}"
        bits = [short_designation(p)] + ([form] if form else [])  # never « la société Société … »
        reg = registration(p, "deed")
        if reg:
            bits.append(reg)
        text = ", ".join(bits) + f", dont le siège social est situé {legal_address(seat(p))}"
        if p.representative:
            text += ", " + representative_in_deed(p.representative.name, p.representative.title)
        else:
            text += ", prise en la personne de son représentant légal domicilié en cette qualité"\
                    " audit siège"
    else:
        bits = [p.display_name]
        ident = party_identity(p)["person"]
        if ident:
            bits.append(ident)
        text = ", ".join(bits) + f", demeurant {legal_address(seat(p))}"
    text = fr.typo(text.replace("n° ", "n°" + fr.NBSP))
    return text[:1].upper() + text[1:]


def party_identity(p: Party) -> dict[str, Any]:
    """Everything a document may print about a party (CPC 54, 648; C. com. R123-237)."""
    legal = []
    if p.is_company:
        form = p.legal_form or ""
        if p.share_capital is not None:
            form = f"{form} au capital de {fr.money(p.share_capital)}".strip()
        if form:
            legal.append(form)
        reg = registration(p)
        if reg:
            legal.append(reg)
        if p.vat_number:
            legal.append(f"TVA intracommunautaire {p.vat_number}")
    person = None
    if p.type == "individual":
        bits = []
        if p.birth_date:
            gender = civility_gender(p.civility)
            born = "née" if gender == "f" else "né" if gender == "m" else "né(e)"
            bits.append(f"{born} le {fr.date_long(p.birth_date)}"
                        + (f" à {p.birth_place}" if p.birth_place else ""))
        if p.nationality:
            bits.append(f"de nationalité {p.nationality}")
        if p.profession:
            bits.append(p.profession)
        person = ", ".join(bits) or None
    rep = None
    if p.representative:
        rep = p.representative.name + (f", {p.representative.title}" if p.representative.title
                                       else "")
    return {
        "name": p.display_name,
        "legal": legal,
        "legal_line": ", ".join(legal),
        "person": person,
        "address_lines": address_lines(p.address),
        "address_one_line": one_line(p.address),
        "email": p.email,
        "phone": p.phone,
        "representative": rep,
        "is_company": p.is_company,
        "siren": p.siren,
        "designation": designation(p),
    }


def footer_mentions(p: Party) -> str:
    """Company mentions for letters (C. com. R123-237): name, form, capital, seat, RCS."""
    if not p.is_company:
        return f"{p.display_name} — {one_line(p.address)}"
    parts = [p.name]
    if p.legal_form:
        cap = f" au capital de {fr.money(p.share_capital)}" if p.share_capital is not None else ""
        parts.append(f"{p.legal_form}{cap}")
    parts.append(f"siège social : {one_line(p.address)}")
    reg = registration(p)
    if reg:
        parts.append(reg)
    if p.vat_number:
        parts.append(f"TVA {p.vat_number}")
    return fr.typo(" — ".join(parts))
