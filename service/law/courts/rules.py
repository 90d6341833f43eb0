"""The rules of the choice of court: civil or commercial debt, the court of the debtor's place,
and the checks on a court the case names."""

from __future__ import annotations

from datetime import date
from typing import Any

from service import fr
from service.law.courts import data
from service.law.courts.findings import Findings
from service.law.courts.kinds import COMMERCIAL, KIND_EN, KIND_FR, Jurisdiction, of_kind
from service.law.courts.naming import kind_of_name, of_place, pretty_city
from service.law.legal_forms import has_nature
from service.model import Address, Case, Party


def debt_is_commercial(debtor: Party, on: date, d: Findings) -> bool:
    if debtor.type == "company":
        if debtor.activity == "consumer":
            return False
        if has_nature(debtor.legal_form, "civil"):
            return False
        if debtor.activity in ("liberal", "agricultural") or has_nature(
            debtor.legal_form, "liberal_commercial"
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
        commercial, from_ = data.artisans_commercial(on)
        d.warn(
            "artisan_jurisdiction_uncertain",
            "Débiteur artisan : "
            + (
                "la juridiction commerciale est retenue, les artisans en relevant depuis le"
                f" {fr.date_short(from_)}"
                if commercial
                else "le tribunal judiciaire est retenu, les artisans ne relevant de la"
                f" juridiction commerciale qu'à compter du {fr.date_short(from_)}"
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


def _tae_for(
    address: Address, dept: str, on: date
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """(TAE whose ressort holds the address, TAE whose ressort holds part of the department)."""
    partial = None
    for court in data.tae_courts(on):
        if dept in court["departments_whole"]:
            return court, None
        if dept in court["departments_partial"]:
            if data.matches(address, court["postal_codes"], court["communes"]):
                return court, None
            partial = court
    return None, partial


def _alsace_seat(address: Address, seats: list[dict[str, Any]]) -> str | None:
    for seat in seats:
        if data.matches(address, seat["postal_codes"], seat["communes"]):
            return str(seat["name"])
    return None


def locate(
    debtor: Party, commercial: bool, dept: str | None, on: date, d: Findings
) -> tuple[Jurisdiction, str]:
    """The court kind and a generic designation of the court for the debtor's place."""
    address = debtor.address
    city = pretty_city(address.city) or "?"
    where = f"{of_place(city)} ({dept})" if dept else ""
    if dept is None:
        if commercial:
            return "tribunal_de_commerce", "Tribunal de commerce compétent"
        return "tribunal_judiciaire", "Tribunal judiciaire compétent"
    overseas = data.overseas(on)
    if any(dept.startswith(p) for p in overseas["outside_scope_prefixes"]):
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
    alsace = data.alsace_moselle(on)
    if dept in alsace["departments"]:
        d.cite("Droit local d'Alsace-Moselle : chambre commerciale du tribunal judiciaire")
        seat = _alsace_seat(address, alsace["seats"])
        if seat:
            return "chambre_commerciale_tj", f"{seat}, chambre commerciale"
        return (
            "chambre_commerciale_tj",
            f"Tribunal judiciaire du ressort {where}, chambre commerciale",
        )
    if dept in overseas["mixed_commercial_court_departments"]:
        d.warn(
            "overseas_mixed_court",
            f"Département d'outre-mer ({dept}) : les affaires commerciales relèvent d'un tribunal"
            " mixte de commerce (C. com. L732-1 et s., référence non vérifiée).",
            f"Overseas department ({dept}): commercial matters go to a tribunal mixte de"
            " commerce (C. com. L732-1 ff., reference not checked).",
            path="case.debtor.address.postal_code",
        )
        return "tribunal_de_commerce", f"Tribunal mixte de commerce du ressort {where}"
    start, end = data.tae_experiment()
    # the list of the TAE exists from the start of the experiment; before, no TAE is read
    tae, partial = _tae_for(address, dept, on) if on >= start else (None, None)
    if on > end and (tae or partial):
        d.warn(
            "tae_experiment_ended",
            f"L'expérimentation des tribunaux des activités économiques prend fin le"
            f" {fr.date_short(end)} : le sort de ces juridictions après cette date n'est pas connu"
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


def check_named_court(
    case: Case, kind: Jurisdiction, dept: str | None, alternatives: set[str], d: Findings
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
    named = kind_of_name(court.name)
    if named is None or named == kind or named in alternatives:
        return
    named_commercial = named in COMMERCIAL
    if named_commercial != (kind in COMMERCIAL):
        why_fr = (
            "la dette est commerciale (débiteur commerçant ou société commerciale)"
            if kind in COMMERCIAL
            else "la dette est civile (débiteur consommateur, non commerçant ou société civile)"
        )
        why_en = (
            "the debt is commercial (trader or commercial company debtor)"
            if kind in COMMERCIAL
            else "the debt is civil (consumer, non-trader or civil company debtor)"
        )
    else:
        why_fr, why_en = "selon le lieu et la date", "given the place and date"
    d.warn(
        "court_kind_mismatch",
        f"Le tribunal désigné ({court.name}) semble être {KIND_FR[named]}, alors que {why_fr} :"
        f" la demande relève {of_kind(kind)}.",  # a requête or a summons alike
        f"The named court ({court.name}) looks like {KIND_EN[named]}, but {why_en}: the"
        f" claim belongs to {KIND_EN[kind]}.",
        path="case.court.name",
    )

