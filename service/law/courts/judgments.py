"""The court of a judgment of the debtor's collective proceedings (opening, closure), as the
documents name it: the case's ``debtor.insolvency.court`` checked against the court data of
``juridictions/`` on the day of the judgment.

* A « tribunal de commerce » of a town that had a tribunal des activités économiques (TAE) on
  that day is named as the TAE, with its name from the data, and the warning
  ``insolvency_court_renamed`` (the TAE replace the tribunaux de commerce of their ressort from
  1 January 2025, loi 2023-1059 art. 26, arrêté du 5 juillet 2024; legal.md §1.1).
* A TAE named for a judgment given before the experiment, in a town that has one, is named as
  the tribunal de commerce of that town, with the same warning.
* A 422 ``insolvency_court_unknown`` (path ``case.debtor.insolvency.court``): a name that is
  not a court this tool recognises, or without its town; a TAE in a town that had none on that
  day.
* A 422 ``insolvency_court_kind_mismatch``: a « tribunal de commerce » for a debtor in
  Alsace-Moselle (the commercial chamber of the tribunal judiciaire sits there); a « tribunal
  judiciaire » for a debtor that is a trader or a commercial company outside Alsace-Moselle (a
  warning ``insolvency_court_kind_uncertain`` instead when the debtor's status is itself
  uncertain: a company with a liberal or agricultural activity).
* Any other court is named as the case gives it, in the service's typography.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from service import fr
from service.errors import FieldError, field_error
from service.fr import prose
from service.law import normalise
from service.law.courts import data
from service.law.courts.findings import Findings
from service.law.courts.naming import kind_of_name, of_court, of_place, with_article
from service.law.courts.rules import debt_is_commercial
from service.model import Case, Warning

PATH = "case.debtor.insolvency.court"

# what follows the kind in a court's name: its town
_AFTER_KIND = {
    "tribunal_des_activites_economiques": r"\bACTIVITES ECONOMIQUES\b|\bTAE\b",
    "tribunal_de_commerce": r"\bCOMMERCE\b|\bT ?COM\b|\bTC\b",
    "chambre_commerciale_tj": r"\bJUDICIAIRE\b|\bTJ\b",
    "tribunal_judiciaire": r"\bJUDICIAIRE\b|\bTJ\b|\bPROXIMITE\b",
}
_ARTICLES = (("DU ", "LE "), ("DES ", "LES "), ("DE LA ", "LA "), ("DE ", ""), ("D ", ""))


@dataclass(frozen=True)
class JudgmentCourt:
    """The court of one judgment: its proper name (« Tribunal des activités économiques de
    Lyon ») and the warnings its naming raised."""

    name: str
    warnings: tuple[Warning, ...] = ()

    @property
    def with_article(self) -> str:
        """« le tribunal des activités économiques de Lyon », for running text."""
        return with_article(self.name)

    @property
    def of(self) -> str:
        """« du tribunal des activités économiques de Lyon »."""
        return of_court(self.name)


def town_of(name: str, kind: str) -> str:
    """The normal form of the town a court's name ends with (« LE HAVRE »), or ""."""
    text = normalise.words(name)
    text = re.sub(r"\bCHAMBRE COMMERCIALE\b|\bMIXTE\b", " ", text)
    found = list(re.finditer(_AFTER_KIND[kind], text))
    if not found:
        return ""
    town = re.sub(r"\s+", " ", text[found[-1].end():]).strip()
    for article, kept in _ARTICLES:
        if town.startswith(article):
            return kept + town[len(article):]
    return town


def _tae_of_town(town: str, on: date) -> dict[str, Any] | None:
    for court in data.tae_courts(on):
        seat = normalise.words(str(court["seat"]))
        # « Tribunal de commerce de Lyon (chambre des procédures collectives) »
        if town == seat or town.startswith(seat + " "):
            return court
    return None


def _unknown(name: str, why_fr: str, why_en: str) -> FieldError:
    return field_error(
        PATH, "insolvency_court_unknown",
        prose(f"Tribunal de la procédure collective non reconnu (« {name} ») : {why_fr}"),
        f"Court of the collective proceedings not recognised ({name!r}): {why_en}")


def _renamed(given: str, named: str, judgment: tuple[str, str], on: date, why_fr: str, why_en: str
             ) -> Warning:
    return Warning(
        "insolvency_court_renamed",
        prose(f"Tribunal désigné : « {given} ». Au {fr.date_long(on)}, date du jugement"
              f" {judgment[0]}, {why_fr} : les documents nomment {with_article(named)}."
              " Vérifiez sur le jugement."),
        f"Named court: {given!r}. On {on.isoformat()}, the date of the {judgment[1]} judgment,"
        f" {why_en}: the documents name the {named}. Check it against the judgment.",
        path=PATH)


def judgment_court(case: Case, on: date, judgment: tuple[str, str]
                   ) -> tuple[JudgmentCourt | None, list[FieldError]]:
    """The court of the judgment given on ``on`` (``judgment``: its French and English
    description, « d’ouverture », "opening"), or the errors that refuse it. Nothing when the
    case names no court (the kinds that need one say so)."""
    ins = case.debtor.insolvency
    given = (ins.court or "").strip() if ins else ""
    if not given:
        return None, []
    kind = kind_of_name(given)
    if kind is None:
        return None, [_unknown(
            given, "indiquez le tribunal qui a rendu le jugement, avec sa ville (« Tribunal de"
            " commerce de Grenoble », « Tribunal judiciaire de Strasbourg, chambre"
            " commerciale »).",
            "give the court that made the judgment, with its town.")]
    town = town_of(given, kind)
    if not town:
        return None, [_unknown(given, "la ville du tribunal manque.", "the court's town is"
                               " missing.")]
    try:
        dept = case.debtor.address.department
    except ValueError:
        dept = None
    alsace = dept is not None and on >= data.supported_from() \
        and dept in data.alsace_moselle(on)["departments"]
    start, end = data.tae_experiment()
    tae = _tae_of_town(town, on) if start <= on <= end else None
    later_tae = _tae_of_town(town, start) if on < start else None
    on_text = fr.date_long(on)

    if kind == "tribunal_de_commerce" and alsace:
        return None, [field_error(
            PATH, "insolvency_court_kind_mismatch",
            prose(f"Tribunal désigné : « {given} ». Le débiteur est établi en Alsace-Moselle"
                  f" (département {dept}), où il n’y a pas de tribunal de commerce : la"
                  " procédure collective relève du tribunal judiciaire (chambre commerciale"
                  " pour un débiteur commerçant). Indiquez le tribunal qui a rendu le"
                  " jugement."),
            f"Named court: {given!r}. The debtor is in Alsace-Moselle (department {dept}),"
            " which has no tribunal de commerce: the proceedings belong to the tribunal"
            " judiciaire (its commercial chamber for a trader). Give the court that made the"
            " judgment.")]
    if kind == "tribunal_judiciaire" and not alsace:
        findings = Findings()
        if debt_is_commercial(case.debtor, on, findings):
            text_fr = (f"Tribunal désigné : « {given} ». Le débiteur est commerçant ou société"
                       " commerciale : sa procédure collective relève du tribunal de commerce"
                       " ou du tribunal des activités économiques, non du tribunal judiciaire.")
            text_en = (f"Named court: {given!r}. The debtor is a trader or a commercial company:"
                       " its collective proceedings belong to the tribunal de commerce or the"
                       " tribunal des activités économiques, not the tribunal judiciaire.")
            if not findings.warnings:
                return None, [field_error(
                    PATH, "insolvency_court_kind_mismatch",
                    prose(text_fr + " Indiquez le tribunal qui a rendu le jugement."),
                    text_en + " Give the court that made the judgment.")]
            return JudgmentCourt(prose(given), (Warning(
                "insolvency_court_kind_uncertain",
                prose(text_fr + " La qualité du débiteur est incertaine (activité libérale ou"
                      " agricole) : vérifiez sur le jugement."),
                text_en + " The debtor's status is uncertain (liberal or agricultural"
                " activity): check it against the judgment.", path=PATH),)), []

    if kind == "tribunal_de_commerce" and tae is not None:
        named = str(tae["name"])
        return JudgmentCourt(named, (_renamed(
            given, named, judgment, on,
            f"{with_article(named)} remplace le tribunal de commerce dans son ressort depuis le"
            f" {fr.date_long(start)} (loi n° 2023-1059 du 20 novembre 2023, art. 26 ; arrêté du"
            " 5 juillet 2024)",
            f"the {named} replaces the tribunal de commerce in its ressort since"
            f" {start.isoformat()} (loi 2023-1059 art. 26; arrêté of 5 July 2024)"),)), []
    if kind == "tribunal_des_activites_economiques":
        if tae is not None:
            return JudgmentCourt(str(tae["name"])), []
        if later_tae is not None:
            named = f"Tribunal de commerce {of_place(str(later_tae['seat']))}"
            return JudgmentCourt(named, (_renamed(
                given, named, judgment, on,
                f"les tribunaux des activités économiques n’existaient pas encore (ils siègent"
                f" depuis le {fr.date_long(start)})",
                f"the tribunaux des activités économiques did not exist yet (they sit from"
                f" {start.isoformat()})"),)), []
        if on > end:
            return JudgmentCourt(prose(given), (Warning(
                "insolvency_court_unverified",
                prose(f"Tribunal désigné : « {given} ». L’expérimentation des tribunaux des"
                      f" activités économiques prend fin le {fr.date_long(end)} : leur sort"
                      f" au {on_text} n’est pas connu de cet outil. Vérifiez sur le jugement."),
                f"Named court: {given!r}. The tribunaux des activités économiques experiment"
                f" ends on {end.isoformat()}: what they are on {on.isoformat()} is unknown to"
                " this tool. Check it against the judgment.", path=PATH),)), []
        return None, [_unknown(
            given, f"aucun tribunal des activités économiques ne siégeait dans cette ville au"
            f" {on_text}, date du jugement {judgment[0]} (arrêté du 5 juillet 2024).",
            f"no tribunal des activités économiques sat in that town on {on.isoformat()}, the"
            f" date of the {judgment[1]} judgment (arrêté of 5 July 2024).")]
    return JudgmentCourt(prose(given)), []


OPENING = ("d’ouverture", "opening")
CLOSURE = ("de clôture", "closure")
