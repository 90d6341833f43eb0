"""The pièces behind a filing: whether they go, their warnings, the bordereau that lists them
(its context and its ``Html`` part), and the court named in its heading.

The pièces themselves are prepared once per request (:attr:`CaseFacts.pieces`, with the
runtime's evidence limits) and bundled by :func:`service.pdf.compose.compose`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from service import fr
from service.contract.options import Options
from service.documents import common
from service.documents.base import Html, Pieces, pieces_wanted
from service.documents.facts import CaseFacts
from service.documents.parties import designation
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


def piece_rows(pieces: Sequence[Piece]) -> list[dict[str, Any]]:
    return [{"number": p.number, "title": p.title, "date": fr.date_short(p.date) if p.date else "—",
             "pages": p.pages} for p in pieces]


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


def bordereau_context(case: Case, pieces: Sequence[Piece], *, court: str | None,
                      purpose: str | None, draft: str | None, seal: bool,
                      requete: bool = False) -> dict[str, Any]:
    place = (case.signatory.place if case.signatory and case.signatory.place
             else case.creditor.address.city or "")
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
        "total_pages": sum(p.pages for p in pieces),
        "place": place,
        "date": fr.date_long(case.as_of),
        "seal": seal,
    }


def pieces_part(case: Case, pieces: Sequence[Piece], *, court: str | None, purpose: str | None,
                title: str, draft: str | None = None, requete: bool = False) -> Pieces:
    """The pièces behind a filing, after their bordereau (no seal anchor); ``requete``: the
    pièces of a requête en injonction de payer (creditor and debtor, pièces produced)."""
    bordereau = Html(TEMPLATE, bordereau_context(case, pieces, court=court, purpose=purpose,
                                                 draft=draft, seal=False, requete=requete),
                     stylesheets=STYLESHEETS, bookmark=REQUETE_TITLE if requete else TITLE)
    return Pieces(tuple(pieces), bordereau, reference=case.reference, title=title)
