"""The words the two draft summonses share: the blanks, the CPC texts they reproduce in full
(861-2, 832) and the small helpers that write names, dates and hours in a deed's style."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from service import fr
from service.documents import consumer_interest
from service.documents.parties import missing_identity, short_designation
from service.law.decompte import Decompte
from service.model import Case

DraftKind = Literal["refere_provision", "assignation"]
WATERMARK = "PROJET — NON SIGNIFIÉ"
BLANK = "…………………………"
_MONTHS = ("janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre"
           "|décembre")
# « 20 novembre 2026 » is never cut between its day and its month, nor its month and its year
DATE_SPACES = re.compile(rf"\b(\d{{1,2}}|1er) ({_MONTHS}) (\d{{4}})\b")
# CPC texts reproduced in the deeds, as in force (Légifrance, via francois76/legifrance,
# source/code_de_procédure_civile/code_de_procédure_civile.md at 697f9a61): art. 861-2 (required
# by art. 855 in a payment claim before the TC/TAE) and art. 832 (required by art. 753 before the
# TJ, and printed in a TJ référé by prudence).
ARTICLE_861_2 = (
    "« Sans préjudice des dispositions de l’article 68, la demande incidente tendant à l’octroi"
    " d’un délai de paiement en application de l’article 1343-5 du code civil peut être formée"
    " par requête faite, remise ou adressée au greffe, où elle est enregistrée. L’auteur de cette"
    " demande doit justifier avant l’audience que l’adversaire en a eu connaissance par lettre"
    " recommandée avec demande d’avis de réception. Les pièces que la partie invoque à l’appui"
    " de sa demande de délai de paiement sont jointes à la requête.",
    "L’auteur de cette demande incidente peut ne pas se présenter à l’audience, conformément au"
    " second alinéa de l’article 446-1. Dans ce cas, le juge ne fait droit aux demandes"
    " présentées contre cette partie que s’il les estime régulières, recevables et bien"
    " fondées. »",
)
ARTICLE_832 = (
    "« Sans préjudice des dispositions de l’article 68, la demande incidente tendant à l’octroi"
    " d’un délai de paiement en application de l’article 1343-5 du code civil peut être formée"
    " par courrier remis ou adressé au greffe. Les pièces que la partie souhaite invoquer à"
    " l’appui de sa demande sont jointes à son courrier. La demande est communiquée aux autres"
    " parties, à l’audience, par le juge, sauf la faculté pour ce dernier de la leur faire"
    " notifier par le greffier, accompagnée des pièces jointes, par lettre recommandée avec"
    " demande d’avis de réception.",
    "L’auteur de cette demande incidente peut ne pas se présenter à l’audience, conformément au"
    " second alinéa de l’article 446-1. Dans ce cas, le juge ne fait droit aux demandes"
    " présentées contre cette partie que s’il les estime régulières, recevables et bien"
    " fondées. »",
)


def hearing_time(raw: str) -> str:
    """« 09:30 » -> « 9 h 30 », « 14:00 » -> « 14 heures »."""
    hours, _, minutes = raw.partition(":")
    h = int(hours)
    m = int(minutes or 0)
    return f"{h} heure{'s' if h > 1 else ''}" if m == 0 else f"{h} h {m:02d}"


def pieces_ref(numbers: list[int]) -> str:
    """« pièce n° 1 », « pièces n° 4 et 5 », « pièces n° 1, 2 et 3 »; empty for none."""
    if not numbers:
        return ""
    if len(numbers) == 1:
        return f"pièce n°\u00a0{numbers[0]}"
    return ("pièces n°\u00a0" + ", ".join(str(n) for n in numbers[:-1])
            + f" et {numbers[-1]}")


def invoice_piece_ref(pieces: dict[str, list[int]], number: str) -> str:
    found = pieces.get(number)
    if not found:
        return ""
    if len(found) == 1:
        return f" (pièce n°\u00a0{found[0]})"
    return " (pièces n°\u00a0" + ", ".join(str(n) for n in found) + ")"


def ucfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


def short_name(case: Case, who: str) -> str:
    """« la société Atelier Dupont », « la Société Nouvelle des … » (never « la société
    Société … » nor a name cut), « Mme Claire LEFÈVRE »."""
    return short_designation(case.creditor if who == "creditor" else case.debtor)


# a pièce that is a reception report: its title says so, and whether it records reserves
_RECEPTION = re.compile(r"proc[eè]s[- ]verbal\s+de\s+r[ée]ception", re.IGNORECASE)
_WITHOUT_RESERVE = re.compile(r"sans\s+r[ée]serve", re.IGNORECASE)
_RESERVE = re.compile(r"r[ée]serve", re.IGNORECASE)


@dataclass(frozen=True)
class Reception:
    number: int  # the pièce's number in the bordereau
    date: date
    without_reserve: bool  # the title says « sans réserve »
    works: bool  # the title names « travaux » (a building site's reception, C. civ. 1792-6)
    # every invoice's work was performed on or before the report (``performed_on``): only then
    # does the act tie the report to the invoices (seventh reading 4)
    covers_invoices: bool


_WORKS = re.compile(r"\btravaux\b", re.IGNORECASE)


def reception_report(case: Case) -> Reception | None:
    """The first dated pièce titled « Procès-verbal de réception… », unless its title records
    reserves (« avec réserves »): the act then says nothing of the reception. « Sans réserve » is
    written only when the title says so: the service cannot read the report itself."""
    for i, ev in enumerate(case.evidence, start=1):
        if not (ev.date and _RECEPTION.search(ev.title)):
            continue
        without = bool(_WITHOUT_RESERVE.search(ev.title))
        if _RESERVE.search(ev.title) and not without:
            return None
        covers = all(inv.performed_on is not None and inv.performed_on <= ev.date
                     for inv in case.invoices)
        return Reception(i, ev.date, without, bool(_WORKS.search(ev.title)), covers)
    return None


def reception_fact(reception: Reception, debtor: str) -> str:
    """What the report proves, as its pièce says it (seventh reading 4): « les travaux ont été
    réceptionnés sans réserve le 30 avril 2026 » — the report tied to the invoices (« les
    prestations facturées ont été réceptionnées par … ») only when every invoice's work was
    performed by its date (``performed_on``); a report that may predate part of the work
    invoiced is never presented as the reception of each invoice."""
    reserve = " sans réserve" if reception.without_reserve else ""
    when = fr.date_long(reception.date)
    if reception.covers_invoices:
        return f"les prestations facturées ont été réceptionnées par {debtor}{reserve} le {when}"
    if reception.works:
        return f"les travaux ont été réceptionnés{reserve} le {when}"
    return f"la réception a été prononcée{reserve} le {when}"


def consumer_start(case: Case, decompte: Decompte) -> str:
    """From when the legal interest runs (C. civ. 1231-6, 1344-1), as the décompte counts it:
    « à compter du …, lendemain de la première présentation de la mise en demeure du … »
    (third reading 1: the filings refuse an unknown receipt, ``consumer_interest``); a blank
    when no mise en demeure makes it run."""
    return consumer_interest.start_phrase(decompte, case) or f"à compter du {BLANK}"


def missing_claimant_identity(case: Case) -> list[str]:
    """What CPC 54 3° a and 648 want of an individual claimant and the case does not give."""
    return [label for _, label, _ in missing_identity(case.creditor)]


def bar_lower(bar: str) -> str:
    """« Barreau de Lyon » -> « barreau de Lyon » (after « avocat au »)."""
    return bar[:1].lower() + bar[1:] if bar.lower().startswith("barreau") else bar
