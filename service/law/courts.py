"""Which court hears the requête en injonction de payer, and which Cerfa form goes with it.

Decisions (legal.md §1.1, §1.3, §2.1, §2.5, §2.6, §2.11, §2.12):

* **Subject matter follows the debtor.** A debt is commercial, and goes to the tribunal de commerce
  (TC) with Cerfa 12946*02, when the debtor is a company, unless its activity is ``consumer`` or its
  legal form is civil (SCI, SCP, association...), or an individual trader (``commercial``). An
  individual ``artisanal`` debtor goes to the TC from 1 January 2022 (C. com. L721-3 as amended in
  2021, from memory: a warning says so), to the tribunal judiciaire (TJ) before. A ``consumer``,
  ``liberal`` or ``agricultural`` individual goes to the TJ with Cerfa 12948*06. The creditor's
  status does not matter.
* **Place is the debtor's** domicile or seat (CPC 1406, ordre public): any clause of the terms
  choosing another court is deemed unwritten, so ``case.terms`` is never read here.
* **Court of the place:** departments 57, 67, 68 -> commercial chamber of the TJ; the 12 tribunaux
  des activités économiques (TAE) replace the TC in their ressort from 1 January 2025 to
  31 December 2028 (dated on ``case.as_of``); overseas departments -> tribunal mixte de commerce.
  Ressorts are approximate (``courts_data.yaml``): when the case names no court, a warning asks
  the user to name it.
* **A named court** (``case.court``) is used as the addressee, but ``jurisdiction`` and
  ``cerfa_form`` always state what the law gives for this debtor; a named court in another
  department or of another kind gets a warning.
* **A debtor abroad** is not rejected: the court kind is still chosen from the debtor's status,
  with no department and a ``debtor_abroad`` warning (international jurisdiction, the European
  order for payment, service abroad are outside this tool).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml

from service import fr
from service.errors import CaseInvalid, field_error
from service.fr import prose
from service.law.parameters import ParameterNotFound, ParameterValue, load, names, value_at
from service.model import Address, Case, Party, Warning

Jurisdiction = Literal[
    "tribunal_de_commerce",
    "tribunal_des_activites_economiques",
    "chambre_commerciale_tj",
    "tribunal_judiciaire",
]
CERFA_COMMERCIAL = "12946*02"
CERFA_CIVIL = "12948*06"
_COMMERCIAL: frozenset[str] = frozenset(
    {"tribunal_de_commerce", "tribunal_des_activites_economiques", "chambre_commerciale_tj"}
)
_DATA_PATH = Path(__file__).with_name("courts_data.yaml")


@dataclass(frozen=True)
class CourtChoice:
    jurisdiction: Jurisdiction
    court_name: str
    court_address: Address | None
    president_title: str
    cerfa_form: str
    department: str | None
    lawyer_required_merits: bool
    lawyer_required_requete: bool
    amicable_attempt_statement_required: bool
    court_fee: dict[str, Any]
    warnings: list[Warning] = field(default_factory=list)
    legal_basis: list[str] = field(default_factory=list)
    # Every dated parameter the choice used, for the caller's source list / status warnings.
    parameters: tuple[ParameterValue, ...] = ()
    # the thresholds the choice read (None: not read, or no value on that date), so that a
    # document prints the values the decision rests on
    lawyer_threshold: Decimal | None = None
    amicable_threshold: Decimal | None = None
    # ``warnings`` are the requête's; ``common_warnings`` those that hold for every document
    # naming this court (the requête's fee, representation after opposition, amicable
    # attempt and named-court department are the requête's own); ``naming_warning``: the
    # court was derived from the debtor's address, not named by the case
    common_warnings: tuple[Warning, ...] = ()
    naming_warning: Warning | None = None

    @property
    def is_commercial(self) -> bool:
        return self.jurisdiction in _COMMERCIAL


# ---------------------------------------------------------------------------------------------
# Data


@cache
def _data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(_DATA_PATH.read_text(encoding="utf-8"))
    return data


def _fee_alternatives() -> tuple[dict[str, str], ...]:
    """The other TC fee amounts the sources give (``metadata.alternatives`` of the parameter)."""
    return tuple(
        {"amount_eur": str(v.value), "status": v.status, "source": v.source_text()}
        for v in load(names.COURT_FEE_INJONCTION_TC).alternatives
    )


def _as_date(raw: Any) -> date:
    return raw if isinstance(raw, date) else date.fromisoformat(str(raw))


def _norm(text: str) -> str:
    """Upper case, no accents, no punctuation: for comparing city names and legal forms."""
    text = text.replace("œ", "oe").replace("Œ", "OE")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).upper()
    text = re.sub(r"[^A-Z0-9]+", " ", text).strip()
    return re.sub(r"^ST(E?) ", r"SAINT\1 ", text)


def _norm_city(city: str | None) -> str:
    if not city:
        return ""
    text = _norm(city)
    text = re.sub(r"\bCEDEX\b.*$", "", text).strip()
    # "LYON 3E", "PARIS 15", "MARSEILLE 8E ARRONDISSEMENT"
    return re.sub(r"( \d+(E|ER|EME)?)( ARRONDISSEMENT)?$", "", text).strip()


def _matches(address: Address, postal_codes: list[str], communes: list[str]) -> bool:
    if address.postal_code and address.postal_code in postal_codes:
        return True
    city = _norm_city(address.city)
    return bool(city) and city in {_norm_city(c) for c in communes}


# ---------------------------------------------------------------------------------------------
# Text helpers


def _pretty_city(city: str | None) -> str:
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


def _of(city: str) -> str:
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


_CHAMBER = re.compile(r"[\s,;:–—-]*\(?\s*chambre commerciale\s*\)?", re.IGNORECASE)


def _president_title(court_name: str, kind: str | None) -> str:
    """« Monsieur le Président du tribunal de commerce de Lyon » and its variants."""
    if kind == "chambre_commerciale_tj":
        base = _CHAMBER.sub("", court_name).strip(" ,-")
        if _norm(base).startswith("LE "):
            base = base[3:]
        return f"Monsieur le Président de la chambre commerciale du {_lower_first(base)}"
    name = court_name.strip()
    if _norm(name).startswith("LE "):
        name = name[3:]
    if _norm(name).startswith(("LA ", "CHAMBRE ")):
        return f"Monsieur le Président de la {_lower_first(re.sub(r'^(?i:la )', '', name))}"
    return f"Monsieur le Président du {_lower_first(name)}"


def _kind_of_name(name: str) -> str | None:
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


_KIND_FR = {
    "tribunal_de_commerce": "le tribunal de commerce",
    "tribunal_des_activites_economiques": "le tribunal des activités économiques",
    "chambre_commerciale_tj": "la chambre commerciale du tribunal judiciaire",
    "tribunal_judiciaire": "le tribunal judiciaire",
}
_KIND_EN = {
    "tribunal_de_commerce": "the tribunal de commerce (commercial court)",
    "tribunal_des_activites_economiques": "the tribunal des activités économiques",
    "chambre_commerciale_tj": "the commercial chamber of the tribunal judiciaire",
    "tribunal_judiciaire": "the tribunal judiciaire",
}


# ---------------------------------------------------------------------------------------------
# Rules


@dataclass
class _Draft:
    warnings: list[Warning] = field(default_factory=list)
    basis: list[str] = field(default_factory=list)
    params: list[ParameterValue] = field(default_factory=list)

    requete_only: list[Warning] = field(default_factory=list)

    def warn(self, code: str, fr: str, en: str, path: str | None = None, *,
             requete: bool = False) -> Warning:
        w = Warning(code, prose(fr), en, path=path)
        self.warnings.append(w)
        if requete:
            self.requete_only.append(w)
        return w

    def cite(self, *articles: str) -> None:
        for a in map(prose, articles):
            if a not in self.basis:
                self.basis.append(a)


def _is_civil_form(legal_form: str | None, prefixes: list[str]) -> bool:
    if not legal_form:
        return False
    form = _norm(legal_form)
    return any(form == p or form.startswith(p + " ") for p in prefixes)


def _debt_is_commercial(debtor: Party, on: date, d: _Draft) -> bool:
    data = _data()
    if debtor.type == "company":
        if debtor.activity == "consumer":
            return False
        if _is_civil_form(debtor.legal_form, data["civil_legal_forms"]["prefixes"]):
            return False
        if debtor.activity in ("liberal", "agricultural") or _is_civil_form(
            debtor.legal_form, data["liberal_commercial_form_prefixes"]
        ):
            d.warn(
                "debtor_kind_uncertain",
                "Le débiteur est une société à activité libérale ou agricole : la dette est"
                " traitée comme commerciale (société commerciale par la forme, C. com. L210-1)."
                " Si la société est civile, la requête relève du tribunal judiciaire.",
                "The debtor is a company with a liberal or agricultural activity: the debt is"
                " treated as commercial (commercial company by its form). If the company is a"
                " civil one, the request goes to the tribunal judiciaire.",
                path="case.debtor.legal_form",
            )
        return True
    if debtor.activity == "commercial":
        return True
    if debtor.activity == "artisanal":
        art = data["artisans"]
        from_ = _as_date(art["commercial_court_from"])
        commercial = on >= from_
        d.warn(
            "artisan_jurisdiction_uncertain",
            "Débiteur artisan : "
            + (
                "la juridiction commerciale est retenue, les artisans en relevant depuis le"
                f" {from_:%d/%m/%Y}"
                if commercial
                else "le tribunal judiciaire est retenu, les artisans ne relevant de la"
                f" juridiction commerciale qu'à compter du {from_:%d/%m/%Y}"
            )
            + " (C. com. art. L721-3 modifié par la loi n° 2021-1729 du 22 décembre 2021)."
            " Règle non vérifiée dans le texte officiel : à confirmer.",
            "Artisan debtor: "
            + (
                "the commercial court is chosen, artisans belonging to it since "
                + from_.isoformat()
                if commercial
                else "the tribunal judiciaire is chosen, artisans belonging to the commercial"
                f" court only from {from_.isoformat()}"
            )
            + " (C. com. L721-3 as amended by loi 2021-1729). Not checked against the official"
            " text: to be confirmed.",
            path="case.debtor.activity",
        )
        return commercial
    return False


def _tae_for(address: Address, dept: str) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """(TAE whose ressort holds the address, TAE whose ressort holds part of the department)."""
    partial = None
    for court in _data()["tae"]["courts"]:
        if dept in court["departments_whole"]:
            return court, None
        if dept in court["departments_partial"]:
            if _matches(address, court["postal_codes"], court["communes"]):
                return court, None
            partial = court
    return None, partial


def _alsace_seat(address: Address) -> str | None:
    for seat in _data()["alsace_moselle"]["seats"]:
        if _matches(address, seat["postal_codes"], seat["communes"]):
            return str(seat["name"])
    return None


def _locate(
    debtor: Party, commercial: bool, dept: str | None, on: date, d: _Draft
) -> tuple[Jurisdiction, str]:
    """The court kind and a generic designation of the court for the debtor's place."""
    data = _data()
    address = debtor.address
    city = _pretty_city(address.city) or "?"
    where = f"{_of(city)} ({dept})" if dept else ""
    if dept is None:
        if commercial:
            return "tribunal_de_commerce", "Tribunal de commerce compétent"
        return "tribunal_judiciaire", "Tribunal judiciaire compétent"
    if any(dept.startswith(p) for p in data["overseas"]["outside_scope_prefixes"]):
        d.warn(
            "overseas_outside_scope",
            f"Débiteur domicilié outre-mer ({dept}) : l'organisation judiciaire de cette"
            " collectivité n'est pas couverte par cet outil. Vérifiez la juridiction compétente.",
            f"Debtor in an overseas collectivity ({dept}): its judicial organisation is outside"
            " this tool. Check the competent court.",
            path="case.debtor.address.postal_code",
        )
    if not commercial:
        return "tribunal_judiciaire", f"Tribunal judiciaire du ressort {where}"
    if dept in data["alsace_moselle"]["departments"]:
        d.cite("Droit local d'Alsace-Moselle : chambre commerciale du tribunal judiciaire")
        seat = _alsace_seat(address)
        if seat:
            return "chambre_commerciale_tj", f"{seat}, chambre commerciale"
        return (
            "chambre_commerciale_tj",
            f"Tribunal judiciaire du ressort {where}, chambre commerciale",
        )
    if dept in data["overseas"]["mixed_commercial_court_departments"]:
        d.warn(
            "overseas_mixed_court",
            f"Département d'outre-mer ({dept}) : les affaires commerciales relèvent d'un tribunal"
            " mixte de commerce (C. com. L732-1 et s., référence non vérifiée).",
            f"Overseas department ({dept}): commercial matters go to a tribunal mixte de"
            " commerce (C. com. L732-1 ff., reference not checked).",
            path="case.debtor.address.postal_code",
        )
        return "tribunal_de_commerce", f"Tribunal mixte de commerce du ressort {where}"
    tae_cfg = data["tae"]
    start = _as_date(tae_cfg["experiment"]["start"])
    end = _as_date(tae_cfg["experiment"]["end"])
    tae, partial = _tae_for(address, dept)
    if on > end and (tae or partial):
        d.warn(
            "tae_experiment_ended",
            f"L'expérimentation des tribunaux des activités économiques prend fin le"
            f" {end:%d/%m/%Y} : le sort de ces juridictions après cette date n'est pas connu"
            " de cet outil ; le tribunal de commerce est retenu. Vérifiez.",
            f"The tribunaux des activités économiques experiment ends on {end.isoformat()}:"
            " what follows is unknown to this tool; the tribunal de commerce is chosen. Check.",
            path="case.as_of",
        )
    elif on >= start and tae:
        d.cite("Loi n° 2023-1059 du 20 novembre 2023, art. 26", "Arrêté du 5 juillet 2024, art. 2")
        return "tribunal_des_activites_economiques", str(tae["name"])
    elif on >= start and partial:
        d.warn(
            "tae_ressort_uncertain",
            f"Le département {dept} comprend le ressort du {partial['name'][0].lower()}"
            f"{partial['name'][1:]} ({partial['ressort']}). Cet outil ne sait pas si la commune"
            f" du débiteur ({city}) en fait partie : le tribunal de commerce est retenu. Vérifiez.",
            f"Department {dept} holds the ressort of the {partial['name']}. This tool cannot"
            f" tell whether the debtor's town ({city}) is inside it: the tribunal de commerce is"
            " chosen. Check.",
            path="case.debtor.address",
        )
    return "tribunal_de_commerce", f"Tribunal de commerce du ressort {where}"


def _of_kind(kind: str) -> str:
    """« du tribunal judiciaire », « de la chambre commerciale … » (never « de le »)."""
    name = _KIND_FR[kind]
    return "du " + name[3:] if name.startswith("le ") else "de " + name


def _check_named_court(
    case: Case, kind: Jurisdiction, dept: str | None, alternatives: set[str], d: _Draft
) -> None:
    court = case.court
    if court is None:
        return
    court_dept = court.address.department if court.address else None
    if court_dept and dept and court_dept != dept:
        d.warn(
            "court_department_mismatch",
            f"Le tribunal désigné ({court.name}) est situé dans le département {court_dept},"
            f" alors que le débiteur est domicilié dans le département {dept}. Seul le juge du"
            " domicile ou du siège du débiteur est compétent (CPC art. 1406, d'ordre public) ;"
            " une clause attributive de juridiction est réputée non écrite.",
            f"The named court ({court.name}) is in department {court_dept} but the debtor lives"
            f" in department {dept}. Only the court of the debtor's domicile or seat is competent"
            " (CPC art. 1406, mandatory rule); a jurisdiction clause is deemed unwritten.",
            path="case.court.address.postal_code", requete=True)
    named = _kind_of_name(court.name)
    if named is None or named == kind or named in alternatives:
        return
    named_commercial = named in _COMMERCIAL
    if named_commercial != (kind in _COMMERCIAL):
        why_fr = (
            "la dette est commerciale (débiteur commerçant ou société commerciale)"
            if kind in _COMMERCIAL
            else "la dette est civile (débiteur consommateur, non commerçant ou société civile)"
        )
        why_en = (
            "the debt is commercial (trader or commercial company debtor)"
            if kind in _COMMERCIAL
            else "the debt is civil (consumer, non-trader or civil company debtor)"
        )
    else:
        why_fr, why_en = "selon le lieu et la date", "given the place and date"
    d.warn(
        "court_kind_mismatch",
        f"Le tribunal désigné ({court.name}) semble être {_KIND_FR[named]}, alors que {why_fr} :"
        f" la demande relève {_of_kind(kind)}.",  # a requête or a summons alike
        f"The named court ({court.name}) looks like {_KIND_EN[named]}, but {why_en}: the"
        f" claim belongs to {_KIND_EN[kind]}.",
        path="case.court.name",
    )


def _court_fee(kind: Jurisdiction, dept: str | None, on: date, d: _Draft) -> dict[str, Any]:
    if kind == "tribunal_judiciaire":
        tj = value_at(names.COURT_FEE_INJONCTION_TJ, on)
        d.params.append(tj)
        return {
            "amount_eur": str(tj.value),
            "status": tj.status,
            "source": tj.source_text(),
            "uncertain": tj.status != "verified",
            "alternatives": [],
        }
    overseas = dept in _data()["overseas"]["mixed_commercial_court_departments"]
    if kind == "chambre_commerciale_tj" or overseas:
        d.warn(
            "court_fee_unknown",
            "Frais de greffe non documentés pour cette juridiction (les sources ne couvrent que"
            " le tribunal de commerce et le tribunal judiciaire) : à vérifier auprès du greffe.",
            "Greffe fee not documented for this court (the sources cover only the tribunal de"
            " commerce and the tribunal judiciaire): ask the greffe.", requete=True)
        return {
            "amount_eur": None,
            "status": "unverified",
            "source": "No source read for the greffe of this court (legal.md §2.12 covers the"
            " tribunal de commerce and the tribunal judiciaire only)",
            "uncertain": True,
            "alternatives": [],
        }
    pv: ParameterValue | None
    try:
        pv = value_at(names.COURT_FEE_INJONCTION_TC, on)
    except ParameterNotFound:
        pv = None
    alternatives = list(_fee_alternatives())
    if pv is None:
        return {
            "amount_eur": None,
            "status": "unverified",
            "source": f"No tariff known for {on.isoformat()}",
            "uncertain": True,
            "alternatives": alternatives,
        }
    d.params.append(pv)
    d.cite("CPC art. 1425")
    seen = sorted({Decimal(a["amount_eur"]) for a in alternatives} | {pv.value})
    d.warn(
        "court_fee_uncertain",
        f"Frais de greffe de l'injonction de payer au tribunal de commerce : {fr.money(pv.value)}"
        f" retenus par défaut, montant incertain (les sources donnent de {fr.money(seen[0])}"
        f" à {fr.money(seen[-1])}). À avancer au greffe dans les 15 jours de la demande, à peine"
        " de caducité (CPC art. 1425).",
        f"Greffe fee for the injonction de payer at the commercial court: {pv.value} EUR by"
        f" default, uncertain (sources range from {seen[0]} to {seen[-1]} EUR). To be paid to"
        " the greffe within 15 days of the request, or the request lapses (CPC art. 1425).", requete=True)
    return {
        "amount_eur": str(pv.value),
        "status": pv.status,
        "source": pv.source_text(),
        "uncertain": True,
        "alternatives": alternatives,
    }


def _threshold(name: str, on: date, d: _Draft) -> Decimal | None:
    try:
        pv = value_at(name, on)
    except ParameterNotFound:
        return None
    d.params.append(pv)
    value: Decimal = pv.value
    return value


def choose_court(case: Case, *, claim_amount: Decimal) -> CourtChoice:
    """The court, form and procedural facts for a requête en injonction de payer.

    ``claim_amount`` is the amount of the claim as valued for the lawyer and amicable-attempt
    thresholds (CPC 35-37); it must be positive. Pure: reads only the case and bundled data.
    """
    on = case.as_of
    data = _data()
    supported_from = _as_date(data["supported_from"])
    if on < supported_from:
        raise CaseInvalid(
            [
                field_error(
                    "case.as_of",
                    "date_not_supported",
                    f"Date antérieure au {supported_from:%d/%m/%Y} (création du tribunal"
                    " judiciaire) : le choix de la juridiction n'est pas pris en charge.",
                    f"Date before {supported_from.isoformat()} (creation of the tribunal"
                    " judiciaire): choosing the court is not supported.",
                )
            ]
        )
    if claim_amount <= 0:
        raise CaseInvalid(
            [
                field_error(
                    "case.invoices",
                    "nothing_due",
                    "Aucune somme n'est due : pas de requête en injonction de payer possible.",
                    "Nothing is due: no injonction de payer request is possible.",
                )
            ]
        )
    debtor = case.debtor
    try:
        dept = debtor.address.department
    except ValueError as exc:
        raise CaseInvalid(
            [
                field_error(
                    "case.debtor.address.postal_code",
                    "invalid_postal_code",
                    "Code postal français invalide : cinq chiffres attendus.",
                    "Invalid French postal code: five digits expected.",
                )
            ]
        ) from exc
    d = _Draft()
    d.cite(
        "CPC art. 1405",
        "CPC art. 1406 (juge du domicile ou du siège du débiteur, règle d'ordre public ; clause"
        " contraire réputée non écrite)",
        "CPC art. 42 et 43",
    )
    abroad = debtor.address.country != "FR"
    if abroad:
        d.warn(
            "debtor_abroad",
            f"Débiteur domicilié hors de France ({debtor.address.country}) : la compétence"
            " internationale des juridictions françaises, la signification à l'étranger et"
            " l'injonction de payer européenne (règlement (CE) n° 1896/2006) ne sont pas traitées"
            " par cet outil. La juridiction est choisie selon la seule qualité du débiteur ;"
            " désignez-la explicitement après vérification.",
            f"Debtor outside France ({debtor.address.country}): the international jurisdiction"
            " of French courts, service abroad and the European order for payment (Regulation"
            " (EC) No 1896/2006) are outside this tool. The court kind follows the debtor's"
            " status only; name the court explicitly once checked.",
            path="case.debtor.address.country",
        )
    elif dept is None:
        raise CaseInvalid(
            [
                field_error(
                    "case.debtor.address.postal_code",
                    "required",
                    "Code postal du débiteur manquant : il détermine le tribunal compétent"
                    " (CPC art. 1406).",
                    "Debtor's postal code missing: it decides the competent court (CPC art. 1406).",
                )
            ]
        )

    commercial = _debt_is_commercial(debtor, on, d)
    if commercial:
        d.cite("C. com. art. L721-3")
    kind, generic_name = _locate(debtor, commercial, dept, on, d)

    # A named court in a department holding part of a TAE ressort may rightly be either.
    alternatives: set[str] = set()
    if kind == "tribunal_de_commerce" and any(
        w.code == "tae_ressort_uncertain" for w in d.warnings
    ):
        alternatives.add("tribunal_des_activites_economiques")
    _check_named_court(case, kind, dept, alternatives, d)

    naming: Warning | None = None
    if case.court is not None:
        court_name = case.court.name
        court_address = case.court.address
        title_kind: str | None = _kind_of_name(court_name) or kind
    else:
        court_name = prose(generic_name)
        court_address = None
        title_kind = kind
        naming = d.warn(
            "court_not_named",
            f"Aucun tribunal désigné : « {generic_name} » est une désignation générique déduite"
            " de l'adresse du débiteur ; le rattachement territorial est approximatif. Désignez"
            " explicitement le tribunal et son adresse.",
            f"No court named: “{generic_name}” is a generic designation derived from the"
            " debtor's address; the territorial mapping is approximate. Name the court and its"
            " address explicitly.",
            path="case.court",
        )
    president_title = _president_title(court_name, title_kind)

    # Lawyer: never for the requête (1407); on the merits after opposition above the threshold.
    lawyer_threshold = _threshold(names.LAWYER_THRESHOLD, on, d)
    lawyer_merits = lawyer_threshold is not None and claim_amount > lawyer_threshold
    d.cite("CPC art. 1407 (requête déposée par le créancier ou tout mandataire, sans avocat)")
    if lawyer_merits and lawyer_threshold is not None:
        d.cite("CPC art. 760 et 761" if kind == "tribunal_judiciaire" else "CPC art. 853")
        d.warn(
            "lawyer_required_on_merits",
            f"Demande supérieure à {fr.money(lawyer_threshold)} : la requête peut être déposée sans"
            " avocat (CPC art. 1407), mais en cas d'opposition la représentation par avocat est"
            " obligatoire devant "
            + _KIND_FR[kind]
            + (" (CPC art. 760 et 761)." if kind == "tribunal_judiciaire" else " (CPC art. 853)."),
            f"Claim above {lawyer_threshold} EUR: the request needs no lawyer (CPC art. 1407),"
            " but if the debtor opposes, representation by a lawyer is compulsory before "
            + _KIND_EN[kind]
            + (" (CPC arts 760-761)." if kind == "tribunal_judiciaire" else " (CPC art. 853)."), requete=True)

    # Prior amicable attempt (750-1): tribunal judiciaire only, claims up to the threshold.
    amicable = False
    amicable_threshold: Decimal | None = None
    if kind == "tribunal_judiciaire":
        amicable_threshold = _threshold(names.AMICABLE_ATTEMPT_THRESHOLD, on, d)
        if amicable_threshold is None:
            d.warn(
                "amicable_rule_not_covered",
                f"Règle de la tentative amiable préalable (CPC art. 750-1) non couverte au"
                f" {on:%d/%m/%Y} : vérifiez si la requête doit la mentionner.",
                f"The prior amicable attempt rule (CPC art. 750-1) is not covered on"
                f" {on.isoformat()}: check whether the request must mention it.",
                path="case.as_of",
            )
        elif claim_amount <= amicable_threshold:
            amicable = True
            d.cite("CPC art. 750-1", "CPC art. 54 5°")
            d.warn(
                "amicable_attempt_statement",
                f"Demande n'excédant pas {fr.money(amicable_threshold)} devant le tribunal"
                " judiciaire : la requête indique la tentative préalable de conciliation, de"
                " médiation ou de procédure participative, ou le motif de dispense (CPC art."
                " 750-1 et 54 5°). L'application de l'article 750-1 à l'injonction de payer"
                " n'est pas tranchée (source secondaire unique) ; la mention est faite par"
                " prudence, la dispense usuelle étant une décision à rendre sans que l'autre"
                " partie soit appelée (art. 750-1 3°).",
                f"Claim not above {amicable_threshold} EUR before the tribunal judiciaire: the"
                " request states the prior conciliation, mediation or participatory procedure,"
                " or why it was dispensed with (CPC arts 750-1 and 54 5°). Whether art. 750-1"
                " applies to the injonction de payer is not settled (single secondary source);"
                " the statement is made out of caution, the usual dispensation being a decision"
                " to be made without hearing the other party (art. 750-1 3°).", requete=True)

    if kind == "tribunal_des_activites_economiques":
        tae = data["tae"]
        threshold = Decimal(str(tae["contribution_threshold_eur"]))
        if claim_amount > threshold:
            d.warn(
                "economic_justice_contribution",
                f"Demande supérieure à {fr.money(threshold)} devant un tribunal des activités"
                " économiques : une contribution pour la justice économique peut être due si le"
                " demandeur emploie au moins 250 salariés (loi n° 2023-1059, art. 27 ; décret"
                " n° 2024-1225 ; source secondaire unique). Son application à l'injonction de"
                " payer n'est pas vérifiée.",
                f"Claim above {threshold} EUR before a tribunal des activités économiques: a"
                " contribution pour la justice économique may be due if the claimant has 250"
                " employees or more (loi 2023-1059 art. 27; décret 2024-1225; single secondary"
                " source). Whether it applies to the injonction de payer is not checked.",
            )

    fee = _court_fee(kind, dept, on, d)
    return CourtChoice(
        jurisdiction=kind,
        court_name=court_name,
        court_address=court_address,
        president_title=president_title,
        cerfa_form=CERFA_CIVIL if kind == "tribunal_judiciaire" else CERFA_COMMERCIAL,
        department=dept,
        lawyer_required_merits=lawyer_merits,
        lawyer_required_requete=False,
        amicable_attempt_statement_required=amicable,
        court_fee=fee,
        warnings=d.warnings,
        legal_basis=d.basis,
        parameters=tuple(d.params),
        lawyer_threshold=lawyer_threshold,
        amicable_threshold=amicable_threshold,
        common_warnings=tuple(w for w in d.warnings if not any(w is r for r in d.requete_only)),
        naming_warning=naming,
    )
