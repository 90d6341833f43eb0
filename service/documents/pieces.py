"""The pièces behind a filing: whether they go, their warnings, the bordereau that lists them
(its context and its ``Html`` part), and the court named in its heading.

The pièces themselves are prepared once per request (:attr:`CaseFacts.pieces`, with the
runtime's evidence limits) and bundled by :func:`service.pdf.compose.compose`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from babel.dates import format_date

from service import fr
from service.contract.options import Options
from service.documents import common
from service.documents.base import Html, Pieces, pieces_wanted
from service.documents.facts import CaseFacts
from service.documents.parties import designation, party_gender, short_designation
from service.model import Case, Warning
from service.pdf.evidence import Piece

TITLE = "Bordereau de communication de pièces"
# A requête en injonction de payer is not contradictory: its pièces are produced to the judge
# (CPC 1407), not communicated to an adversary, and its parties are creditor and debtor.
REQUETE_TITLE = "Bordereau des pièces justificatives"
TEMPLATE = "bordereau/bordereau.html"
STYLESHEETS = ("css/letter.css", "css/bordereau.css")


def attached_pieces(case: Case, facts: CaseFacts, options: Options) -> tuple[Piece, ...]:
    """The pièces that go behind this filing: ``options.attach_evidence`` (its default is the
    kind's), a PDF output and evidence in the case; else none."""
    return facts.pieces if pieces_wanted(case, options) else ()


def piece_warnings(pieces: Sequence[Piece]) -> list[Warning]:
    return [w for p in pieces for w in p.warnings]


# « article 9 », « art. L441-10 », « n° 3 » are never cut at a line end (visual review C10)
_ARTICLE = re.compile(r"\b(articles?|art\.) +(?=[LRDA]?\.? ?\d)", re.IGNORECASE)


def keep_numbers(text: str) -> str:
    """French spacing (fr.typo) plus a no-break space between « article » and its number."""
    return _ARTICLE.sub(lambda m: m.group(1) + fr.NBSP, fr.typo(text))


def piece_rows(pieces: Sequence[Piece]) -> list[dict[str, Any]]:
    return [{"number": p.number, "title": keep_numbers(p.title),
             "date": fr.date_short(p.date) if p.date else "—", "pages": p.pages}
            for p in pieces]


def piece_details(pieces: Sequence[Piece]) -> list[dict[str, Any]]:
    """The answer's list of pièces."""
    return [{"number": p.number, "title": p.title, "pages": p.pages,
             "date": p.date.isoformat() if p.date else None} for p in pieces]


def court_heading(case: Case, facts: CaseFacts) -> tuple[str | None, list[Warning]]:
    """The court named by the case, else the one the rules give (None when undecidable), with
    the warning that a court derived from the debtor's address is only a generic name."""
    if case.court is not None:
        return case.court.name, []
    if facts.decompte.totals.total_due <= 0:
        return None, []
    choice = facts.court_or_none
    if choice is None:
        return None, []
    return choice.court_name, [choice.naming_warning] if choice.naming_warning else []


def _feminine(case: Case) -> bool:
    return party_gender(case.creditor) == "f"


def communicated_by(case: Case, *, requete: bool, lawyer: bool = True) -> str:
    """« Pièces communiquées par la société Atelier Dupont, demanderesse, représentée par
    Maître …, avocat au barreau de Lyon » (legal review B1)."""
    role = ("créancière" if _feminine(case) else "créancier") if requete else (
        "demanderesse" if _feminine(case) else "demandeur")
    verb = "produites" if requete else "communiquées"
    text = f"Pièces {verb} par {short_designation(case.creditor)}, {role}"
    if case.lawyer is not None and lawyer:
        text += (f", représentée par {case.lawyer.name}, avocat au {_bar(case.lawyer.bar)}"
                 if _feminine(case) else
                 f", représenté par {case.lawyer.name}, avocat au {_bar(case.lawyer.bar)}")
    return fr.typo(text)


def _bar(bar: str) -> str:
    return bar[:1].lower() + bar[1:] if bar.lower().startswith("barreau") else bar


def court_in_text(name: str) -> str:
    """« Tribunal des activités économiques de Lyon » after « devant le »: lower case."""
    return name[:1].lower() + name[1:] if name.startswith("Tribunal ") else name


def hearing_line(case: Case) -> str | None:
    """« Audience du mardi 19 janvier 2027 à 9 h 30 » when the case names the hearing."""
    h = case.hearing
    if h is None:
        return None
    day = format_date(h.date, "EEEE d MMMM y", locale="fr")
    if h.date.day == 1:
        day = day.replace(" 1 ", " 1er ", 1)
    hours, _, minutes = h.time.partition(":")
    at = (f"{int(hours)} heure{'s' if int(hours) > 1 else ''}" if int(minutes or 0) == 0
          else f"{int(hours)} h {int(minutes):02d}")
    return f"Audience du {day} à {at}"


def signatory(case: Case, *, lawyer: bool = True) -> tuple[str, str, str]:
    """Who signs the bordereau, in which quality, and where (visual review C9): the lawyer
    when one represents the creditor (his office's town), else the creditor's signatory or
    legal representative (``signatory.place``, else the creditor's town)."""
    creditor = case.creditor
    if case.lawyer is not None and lawyer:
        lw = case.lawyer
        on_behalf = f", pour {short_designation(creditor)}"
        return (lw.name, f"Avocat au {_bar(lw.bar)}{on_behalf}",
                lw.address.city or creditor.address.city or "")
    place = (case.signatory.place if case.signatory and case.signatory.place
             else creditor.address.city or "")
    if case.signatory is not None:
        name, title = case.signatory.name, case.signatory.title
    elif creditor.representative is not None:
        name, title = creditor.representative.name, creditor.representative.title
    else:
        return creditor.display_name, "", place
    quality = (f"{title}, pour {short_designation(creditor)}" if title and creditor.is_company
               else (title or (f"pour {short_designation(creditor)}" if creditor.is_company
                               else "")))
    return name, quality, place


def bordereau_context(case: Case, pieces: Sequence[Piece], *, court: str | None,
                      purpose: str | None, draft: str | None, seal: bool,
                      requete: bool = False, lawyer_signs: bool | None = None,
                      officer_signs: bool = False) -> dict[str, Any]:
    """``lawyer_signs``: whether ``case.lawyer`` files and signs; None: yes for a summons or a
    bordereau alone when the case names a lawyer, no for a requête (its signer is decided by
    the requête: pass True when the lawyer files it). ``officer_signs``: the officer of the
    commissaire de justice ``case.issuer`` files and signs the requête, so its bordereau."""
    lawyer = (not requete) if lawyer_signs is None else lawyer_signs
    name, quality, place = signatory(case, lawyer=lawyer)
    iss = case.issuer
    if officer_signs and iss is not None and iss.signatory is not None:
        name = iss.signatory.name
        quality = f"Commissaire de justice, pour {short_designation(case.creditor)}"
        place = (iss.address.city if iss.address is not None else None) or place
    total_pages = sum(p.pages for p in pieces)
    count = len(pieces)
    verb = "produite" if requete else "communiquée"
    plural = "s" if count > 1 else ""
    return {
        "meta": common.document_meta(case, title=f"{TITLE} — {case.reference}",
                                     subject=f"{TITLE}, dossier {case.reference}", keyword="pièces"),
        "footer": fr.typo(f"{REQUETE_TITLE if requete else TITLE} —"
                          f" {case.creditor.display_name} c/ {case.debtor.display_name}"
                          f" — Réf.\u00a0{case.reference}"),
        "title": REQUETE_TITLE if requete else TITLE,
        "labels": ("Créancier", "Débiteur") if requete else ("Demandeur", "Défendeur"),
        "verb": "produite" if requete else "communiquée",
        "draft": draft,
        "court": court,
        "purpose": purpose,
        "creditor_designation": designation(case.creditor, "deed"),
        "debtor_designation": designation(case.debtor, "deed"),
        "reference": case.reference,
        "rows": piece_rows(pieces),
        "total_pages": total_pages,
        "total_line": fr.typo(f"Total : {count} pièce{plural} {verb}{plural},"
                              f" {total_pages} page{'s' if total_pages > 1 else ''}"),
        "communicated_by": communicated_by(case, requete=requete, lawyer=lawyer),
        "hearing": None if requete else hearing_line(case),
        "rg_line": None,  # the standalone bordereau's « N° RG : … » (bordereau.py)
        "signatory_name": name,
        "signatory_quality": fr.typo(quality),
        "place": place,
        "date": fr.date_long(case.as_of),
        "seal": seal,
        # the table of parts of the whole file, filled by the composer behind front documents
        "composition": None,
        "composition_pages": None,
    }


def pieces_part(case: Case, pieces: Sequence[Piece], *, court: str | None, purpose: str | None,
                title: str, draft: str | None = None, requete: bool = False,
                lawyer_signs: bool | None = None, officer_signs: bool = False) -> Pieces:
    """The pièces behind a filing, after their bordereau (no seal anchor); ``requete``: the
    pièces of a requête en injonction de payer (creditor and debtor, pièces produced)."""
    bordereau = Html(TEMPLATE, bordereau_context(case, pieces, court=court, purpose=purpose,
                                                 draft=draft, seal=False, requete=requete,
                                                 lawyer_signs=lawyer_signs,
                                                 officer_signs=officer_signs),
                     stylesheets=STYLESHEETS, bookmark=REQUETE_TITLE if requete else TITLE)
    return Pieces(tuple(pieces), bordereau, reference=case.reference, title=title)
