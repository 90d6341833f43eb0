"""Bordereau de communication de pièces, alone (kind ``bordereau``).

The pièces come from ``case.evidence[]`` (prepared once per request, :attr:`CaseFacts.pieces`:
sanitised, numbered 1..n; a hostile or broken item is a 422 naming ``case.evidence[i]``) and
are appended, stamped and bookmarked, behind the bordereau: court and case heading, parties,
reference, then one row per pièce (number, title, date, page count). What the filings share
with it lives in :mod:`service.documents.pieces`.
"""

from __future__ import annotations

from dataclasses import dataclass

from marshmallow import Schema, fields

from service import fr
from service.contract.options import CommonOptionsSchema, Options, Text
from service.documents import pieces as pieces_mod
from service.documents.base import DocumentPlan, Html, KindSpec, Pieces
from service.documents.facts import CaseFacts
from service.errors import FieldError, field_error
from service.model import Case


@dataclass(frozen=True)
class BordereauOptions(Options):
    procedure: str | None = None
    rg: str | None = None


class BordereauOptionsSchema(CommonOptionsSchema):
    """The common options (``draft``: watermark « PROJET », default false), and the procedure
    the pièces are communicated in (legal review B1)."""

    options_class = BordereauOptions
    procedure = Text(max_length=200, allow_none=True, load_default=None, metadata={
        "description": "the procedure the pièces are communicated in, printed « Procédure : … »"
                       " (e.g. « assignation en paiement, audience du 19 janvier 2027 »)"})
    rg = Text(max_length=40, allow_none=True, load_default=None, metadata={
        "description": "the case's number at the court (RG), printed « N° RG : … » under the"
                       " hearing line (a blank line to fill in when not given)"})


class BordereauPieceSchema(Schema):
    number = fields.Integer(required=True)
    title = fields.String(required=True)
    pages = fields.Integer(required=True)
    date = fields.String(allow_none=True, metadata={"format": "date"})


class CourtNameSchema(Schema):
    name = fields.String(required=True)


class BordereauDetailsSchema(Schema):
    pieces = fields.List(fields.Nested(BordereauPieceSchema), required=True)
    court = fields.Nested(CourtNameSchema, allow_none=True, required=True)


def check(case: Case, facts: CaseFacts, options: Options) -> list[FieldError]:
    if not case.evidence:
        return [field_error("case.evidence", "required",
                            "Aucune pièce (case.evidence) : le bordereau de communication de"
                            " pièces en exige au moins une.",
                            "No evidence (case.evidence): the bordereau needs at least one item.")]
    return []


def plan(case: Case, facts: CaseFacts, options: Options) -> DocumentPlan:
    assert isinstance(options, BordereauOptions)
    pieces = facts.pieces
    court, court_warnings = pieces_mod.court_heading(case, facts)
    draft = "PROJET" if options.draft else None
    purpose = fr.typo(f"Procédure : {options.procedure}") if options.procedure else None
    # the seal's caption and box only on a sealed bordereau (fourth reading 11)
    ctx = pieces_mod.bordereau_context(case, pieces, court=court, purpose=purpose, draft=draft,
                                       seal=options.sign)
    # fifth reading 6: a bordereau communicated during a case carries its RG number (a blank
    # to fill in when the option does not give it) and names the proceedings it belongs to,
    # when the court is known (named by the case, or by the rules without a naming warning)
    ctx["rg_line"] = fr.typo(f"N° RG : {options.rg or '……………………'}")
    if court is not None and not court_warnings:
        ctx["communicated_by"] += fr.typo(
            f", dans l’instance pendante devant le {pieces_mod.court_in_text(court)}")
    title = f"{pieces_mod.TITLE} — {case.reference}"
    details = {"pieces": pieces_mod.piece_details(pieces),
               "court": {"name": court} if court else None}
    return DocumentPlan(
        parts=(Html(pieces_mod.TEMPLATE, ctx, stylesheets=pieces_mod.STYLESHEETS,
                    bookmark=pieces_mod.TITLE, anchors=("seal", "recipient")),
               Pieces(pieces, None, reference=case.reference, title=title)),
        filename=f"bordereau-pieces_{case.reference}.pdf",
        signature_reason=f"{pieces_mod.TITLE} — dossier {case.reference}",
        warnings=tuple(court_warnings + pieces_mod.piece_warnings(pieces)),
        details=details,
        legacy=details,
    )


SPEC = KindSpec(
    name="bordereau",
    template_version="bordereau@1",
    description="Bordereau de communication de pièces followed by the stamped, bookmarked pièces",
    options_schema=BordereauOptionsSchema,
    details_schema=BordereauDetailsSchema,
    check=check,
    plan=plan,
    posted_by_lrar="no",
)
