"""Draft summonses (``refere_provision``, ``assignation``): their options, answer and plan.

:func:`draft_paragraphs` writes the whole deed as a list of :class:`Para` (style + text);
the PDF template (``templates/drafts/assignation.html``) and the DOCX writer
(:mod:`service.documents.docx_writer`) only lay that list out, so the two cannot diverge.

Mentions (shared/reference/legal.md §2.2, §2.3, §2.5, §2.6):

* CPC 648: date of the deed (left blank for the commissaire de justice), the requesting party
  (individual: names, profession, domicile, nationality, date and place of birth; company:
  form, name, seat, legal representative), the commissaire de justice (placeholder), the
  addressee;
* CPC 54: court seised, subject, claimant's identity, and before the tribunal judiciaire for a
  claim up to 5 000 € the prior amicable attempt or the reason for dispensation (54 5°, 750-1);
* CPC 56: hearing place, day and time (and room); facts and law; the pièces in a bordereau;
  how to appear, and the warning that a defendant who does not appear may be judged on the
  claimant's evidence alone;
* TJ: 752 (lawyer compulsory: constitution d’avocat, 15 days to appoint one, art. 763) or 753
  (how the defendant may be assisted or represented, art. 762); TC: 855 (how to be
  represented, art. 853) and the 861-2 reminder (payment terms by a simple requête to the
  greffe after informing the claimant by LRAR);
* référé-provision: CPC 835 al. 2 (TJ) or 873 al. 2 (TC): obligation not seriously disputable.

The service's electronic seal is never presented as the party's or the officer's signature:
the drafts are sealed invisibly and carry « PROJET — NON SIGNIFIÉ » on every page.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields

from service import fr
from service.contract.options import FilingOptionsSchema, Options
from service.documents import common, drafts_layout
from service.documents import pieces as pieces_mod
from service.documents.base import DocumentPlan, Html, KindSpec
from service.documents.drafts_checks import check, draft_warnings
from service.documents.drafts_deed import draft_paragraphs
from service.documents.drafts_text import WATERMARK, DraftKind
from service.documents.facts import CaseFacts
from service.model import Case

__all__ = ["DraftOptionsSchema", "DraftDetailsSchema", "check", "draft_paragraphs",
           "draft_plan", "draft_spec", "draft_warnings"]

STYLESHEETS = ("css/letter.css", "css/draft.css")

class DraftOptionsSchema(FilingOptionsSchema):
    """The filing options (``strict_pieces``); ``draft`` (the watermark) and
    ``attach_evidence`` default to true, ``format`` may be ``docx``."""

    draft_default = True
    attach_evidence_default = True


class DraftCourtSchema(Schema):
    name = fields.String(required=True)
    jurisdiction = fields.String(required=True)
    department = fields.String(allow_none=True, required=True)


class DraftHearingSchema(Schema):
    date = fields.String(allow_none=True, required=True, metadata={"format": "date"})
    time = fields.String(allow_none=True, required=True)


class DraftDetailsSchema(Schema):
    court = fields.Nested(DraftCourtSchema, required=True)
    lawyer_required = fields.Boolean(required=True)
    hearing = fields.Nested(DraftHearingSchema, required=True)
    draft = fields.Boolean(required=True, metadata={"description": "watermarked"})
    pieces = fields.Integer(required=True)


TITLES = {"refere_provision": "Assignation en référé-provision",
          "assignation": "Assignation en paiement"}


def draft_plan(case: Case, facts: CaseFacts, options: Options, kind: DraftKind) -> DocumentPlan:
    choice = facts.court
    paras = draft_paragraphs(case, facts, kind)
    watermark = WATERMARK if options.draft else None
    title = f"{TITLES[kind]} — {case.reference}"
    pieces = pieces_mod.attached_pieces(case, facts, options)
    meta = common.document_meta(
        case, title=title, subject=f"Projet d’{TITLES[kind].lower()}, dossier {case.reference}",
        keyword="assignation")
    footer = fr.typo(f"{TITLES[kind]} — {case.creditor.display_name} c/"
                     f" {case.debtor.display_name} — Réf.\u00a0{case.reference}")
    ctx = {"meta": meta, "footer": footer, "draft": watermark, "blocks": drafts_layout.blocks(paras)}
    parts: list[Any] = [Html("drafts/assignation.html", ctx, stylesheets=STYLESHEETS,
                             bookmark=TITLES[kind], anchors=("seal", "recipient"))]
    if pieces:
        parts.append(pieces_mod.pieces_part(
            case, pieces, court=choice.court_name,
            purpose=f"Pièces communiquées à l’appui de l’{TITLES[kind].lower()}", title=title,
            draft=watermark))
    warnings = draft_warnings(case, choice, kind) + pieces_mod.piece_warnings(pieces)
    details = {
        "court": {"name": choice.court_name, "jurisdiction": choice.jurisdiction,
                  "department": choice.department},
        "lawyer_required": choice.lawyer_required_merits,
        "hearing": {"date": case.hearing.date.isoformat() if case.hearing else None,
                    "time": case.hearing.time if case.hearing else None},
        "draft": watermark is not None,
        "pieces": len(pieces) if pieces else len(case.evidence),
    }
    return DocumentPlan(
        parts=tuple(parts),
        docx=tuple(paras),
        docx_meta={"meta": meta, "header": watermark, "footer": footer},
        filename=f"{'refere-provision' if kind == 'refere_provision' else 'assignation'}"
                 f"_{case.reference}.pdf",
        signature_reason=f"Projet d’{TITLES[kind].lower()} — dossier {case.reference}",
        warnings=tuple(warnings),
        details=details,
        legacy=details,
    )


def draft_spec(kind: DraftKind, description: str) -> KindSpec:
    """The registry entry of a draft kind: both are written here and differ only by name."""

    def plan(case: Case, facts: CaseFacts, options: Options) -> DocumentPlan:
        return draft_plan(case, facts, options, kind)

    camel = "".join(w.capitalize() for w in kind.split("_"))
    # one class per kind: each kind publishes its own Options.<kind> and Details.<kind>
    options_schema = type(f"{camel}OptionsSchema", (DraftOptionsSchema,),
                          {"__doc__": DraftOptionsSchema.__doc__})
    details_schema = type(f"{camel}DetailsSchema", (DraftDetailsSchema,), {})
    return KindSpec(
        name=kind,
        template_version=f"{kind}@1",
        description=description,
        options_schema=options_schema,
        details_schema=details_schema,
        check=check,
        plan=plan,
        posted_by_lrar="no",
        pursues_debtor=True,
        formats=("pdf", "docx"),
    )
