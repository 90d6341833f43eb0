"""Bordereau de communication de pièces, alone (kind ``bordereau``) or behind a court filing.

The pièces come from ``case.evidence[]`` through :func:`service.pdf.evidence.prepare_pieces`
(sanitised, numbered 1..n; a hostile or broken item is a 422 naming ``case.evidence[i]``) and
are appended, stamped and bookmarked, by :func:`service.pdf.bundle.assemble_bundle`. The
bordereau itself is an HTML page rendered with the letter stylesheet: court and case heading,
parties, reference, then one row per pièce (number, title, date, page count).

Helpers used by the filings (``injonction_de_payer``, ``refere_provision``, ``assignation``):
:func:`attach_evidence`, :func:`evidence_pieces`, :func:`render_bordereau`,
:func:`bundle_with_pieces`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from service import fr
from service.documents import common
from service.documents.base import DocumentPlan, KindSpec, option_flag
from service.errors import CaseInvalid, FieldError, field_error
from service.law.decompte import Decompte
from service.model import Address, Case, Party, Warning
from service.pdf.bundle import assemble_bundle
from service.pdf.evidence import Piece, prepare_pieces

TITLE = "Bordereau de communication de pièces"
# A requête en injonction de payer is not contradictory: its pièces are produced to the judge
# (CPC 1407), not communicated to an adversary, and its parties are creditor and debtor.
REQUETE_TITLE = "Bordereau des pièces justificatives"


def attach_evidence(options: dict[str, Any], spec: KindSpec) -> bool:
    """``options.attach_evidence``, else the kind's default (court filings attach the pièces
    unless told not to)."""
    return option_flag(options, "attach_evidence", spec.attach_evidence_default)


def evidence_pieces(case: Case) -> list[Piece]:
    """The pièces of ``case.evidence`` (CaseInvalid naming ``case.evidence[i]`` on a bad item)."""
    if not case.evidence:
        return []
    from service.runtime import get_runtime

    return prepare_pieces(case.evidence, get_runtime().evidence_limits, path="case.evidence")


def piece_warnings(pieces: Sequence[Piece]) -> list[Warning]:
    return [w for p in pieces for w in p.warnings]


def group_siren(siren: str) -> str:
    """« 732829320 » -> « 732 829 320 » with no-break spaces, so that the number is never cut
    at the end of a line (a SIRET keeps its 5 last digits grouped)."""
    s = siren.replace(" ", "")
    return fr.NBSP.join(s[i:i + 3] for i in range(0, 9, 3)) + (s[9:] and fr.NBSP + s[9:])


def title_in_text(title: str) -> str:
    """A representative's title inside a sentence: « Gérante » -> « gérante » (French writes
    titles in lower case in running text); acronyms (« PDG ») are kept."""
    if len(title) > 1 and title[0].isupper() and title[1].islower():
        return title[0].lower() + title[1:]
    return title


def legal_address(a: Address | None) -> str:
    """An address as it is written in a deed: no delivery point (« service comptabilité »)."""
    if a is None:
        return ""
    return common.one_line(replace(a, delivery_point=None))


def party_designation(p: Party) -> str:
    """A party as CPC arts 54 3° and 648 want it named in a court document.

    Company: name, form, capital, RCS, seat and legal representative; individual: names,
    date and place of birth, nationality, profession, domicile.
    """
    if p.is_company:
        form = p.legal_form or ""
        if form and p.share_capital is not None:
            form += f" au capital de {fr.money(p.share_capital)}"
        bits = [f"la société {p.name}"] + ([form] if form else [])
        if p.siren:
            siren = group_siren(p.siren)
            bits.append(f"immatriculée au RCS de {p.rcs_city} sous le n° {siren}" if p.rcs_city
                        else f"SIREN {siren}")
        text = ", ".join(bits) + f", dont le siège social est situé {legal_address(p.address)}"
        if p.representative:
            title = (f", {title_in_text(p.representative.title)}" if p.representative.title
                     else "")
            # « domicilié » agrees with « représentant légal », whoever holds the office
            text += (f", prise en la personne de son représentant légal, {p.representative.name}"
                     f"{title}, domicilié en cette qualité audit siège")
        else:
            text += ", prise en la personne de son représentant légal domicilié en cette qualité"\
                    " audit siège"
    else:
        bits = [p.display_name]
        ident = common.party_identity(p)["person"]
        if ident:
            bits.append(ident)
        text = ", ".join(bits) + f", demeurant {legal_address(p.address)}"
    text = fr.typo(text.replace("n° ", "n°\u00a0"))
    return text[:1].upper() + text[1:]


def piece_rows(pieces: Sequence[Piece]) -> list[dict[str, Any]]:
    return [{"number": p.number, "title": p.title, "date": fr.date_short(p.date) if p.date else "—",
             "pages": p.pages} for p in pieces]


def court_heading(case: Case) -> tuple[str | None, list[Warning]]:
    """The court named by the case, else the one the rules give (None when undecidable), with
    the warning that a court derived from the debtor's address is only a generic name."""
    if case.court is not None:
        return case.court.name, []
    from service.law.courts import choose_court
    from service.law.decompte import compute_decompte

    try:
        due = compute_decompte(case).totals.total_due
        if due <= 0:
            return None, []
        choice = choose_court(case, claim_amount=due)
    except CaseInvalid:
        return None, []
    return choice.court_name, [w for w in choice.warnings if w.code == "court_not_named"]


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
        "creditor_designation": party_designation(case.creditor),
        "debtor_designation": party_designation(case.debtor),
        "reference": case.reference,
        "rows": piece_rows(pieces),
        "total_pages": sum(p.pages for p in pieces),
        "place": place,
        "date": fr.date_long(case.as_of),
        "seal": seal,
    }


STYLESHEETS = ("css/letter.css", "css/bordereau.css")


def render_bordereau(case: Case, pieces: Sequence[Piece], *, court: str | None,
                     purpose: str | None, draft: str | None = None, pdfa: bool = True,
                     requete: bool = False) -> bytes:
    """The bordereau page(s) alone, for a filing's bundle (no seal anchor); ``requete``: the
    pièces of a requête en injonction de payer (creditor and debtor, pièces produced)."""
    from service.runtime import get_runtime

    renderer = get_runtime().renderer
    ctx = bordereau_context(case, pieces, court=court, purpose=purpose, draft=draft, seal=False,
                            requete=requete)
    return renderer.render(renderer.html("bordereau/bordereau.html", ctx), pdfa=pdfa,
                           stylesheets=STYLESHEETS).pdf


def bundle_with_pieces(front: Sequence[tuple[str, bytes]], pieces: Sequence[Piece],
                       case: Case, *, title: str) -> bytes:
    """Front documents (bookmark title, PDF) then the stamped pièces: one unsigned PDF."""
    return assemble_bundle(list(front), list(pieces), reference=case.reference, title=title).pdf


# ---------------------------------------------------------------------------- the kind


def check(case: Case, options: dict[str, Any]) -> list[FieldError]:
    if not case.evidence:
        return [field_error("case.evidence", "required",
                            "Aucune pièce (case.evidence) : le bordereau de communication de"
                            " pièces en exige au moins une.",
                            "No evidence (case.evidence): the bordereau needs at least one item.")]
    return []


def plan(case: Case, decompte: Decompte, options: dict[str, Any]) -> DocumentPlan:
    pieces = evidence_pieces(case)
    court, court_warnings = court_heading(case)
    draft = "PROJET" if option_flag(options, "draft", SPEC.draft_default) else None
    ctx = bordereau_context(case, pieces, court=court, purpose=None, draft=draft, seal=True)
    title = f"{TITLE} — {case.reference}"

    def finish(pdf: bytes) -> bytes:
        return bundle_with_pieces([(TITLE, pdf)], pieces, case, title=title)

    return DocumentPlan(
        template="bordereau/bordereau.html",
        stylesheets=STYLESHEETS,
        context=ctx,
        filename=f"bordereau-pieces_{case.reference}.pdf",
        title=title,
        signature_reason=f"{TITLE} — dossier {case.reference}",
        postage=None,
        warnings=court_warnings + piece_warnings(pieces),
        extra={"pieces": [{"number": p.number, "title": p.title, "pages": p.pages,
                           "date": p.date.isoformat() if p.date else None} for p in pieces],
               "court": {"name": court} if court else None},
        finish=finish,
    )


SPEC = KindSpec(
    name="bordereau",
    template_version="bordereau@1",
    description="Bordereau de communication de pièces followed by the stamped, bookmarked pièces",
    options={"draft": "watermark « PROJET » (default false)"},
    check=check,
    plan=plan,
    posted_by_lrar="no",
)
