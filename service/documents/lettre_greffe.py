"""Lettre au greffe: the cover letter filing a requête en injonction de payer (the text is
written by :mod:`service.documents.greffe_letter`, which ``injonction_de_payer`` shares)."""

from __future__ import annotations

from dataclasses import dataclass

from marshmallow import Schema, fields

from service.contract.fields import Choice
from service.contract.options import CommonOptionsSchema, Options
from service.documents import greffe_letter
from service.documents.base import DocumentPlan, KindSpec
from service.documents.facts import CaseFacts
from service.documents.filing_checks import piece_missing_warnings
from service.errors import FieldError
from service.model import Case


@dataclass(frozen=True)
class LettreGreffeOptions(Options):
    filed_by: str = "creditor"
    fee_payment: str = "cheque"


class LettreGreffeOptionsSchema(CommonOptionsSchema):
    options_class = LettreGreffeOptions
    filed_by = Choice(greffe_letter.FILED_BY, load_default="creditor", metadata={
        "description": "who files: the creditor (default), its agent case.issuer (a"
                       " mandataire encloses its special power, CPC 416) or its avocat"
                       " case.lawyer (his letterhead, footer and signature)"})
    fee_payment = Choice(greffe_letter.FEE_PAYMENTS, load_default="cheque", metadata={
        "description": "how the CPC 1425 costs are paid (tribunal de commerce / TAE): an"
                       " enclosed cheque (default) or a transfer on the greffe's request"})


class LettreGreffeDetailsSchema(Schema):
    court = fields.String(required=True)
    consignation = fields.Boolean(required=True, metadata={
        "description": "the letter states the CPC 1425 consignation (amount known)"})
    court_fee_eur = fields.String(allow_none=True, required=True)
    court_fee_printed = fields.Boolean(required=True, metadata={
        "description": "the letter prints the fee's figure (only when the fee data is"
                       " verified; otherwise it asks the greffe for the amount, warning"
                       " court_fee_unverified)"})
    pieces = fields.Integer(required=True)
    special_power = fields.Boolean(required=True)


def check(case: Case, facts: CaseFacts, options: LettreGreffeOptions) -> list[FieldError]:
    return greffe_letter.check(case, facts, options.filed_by)


def plan(case: Case, facts: CaseFacts, options: LettreGreffeOptions) -> DocumentPlan:
    part, warnings, details = greffe_letter.cover_letter(
        case, facts, filed_by=options.filed_by, fee_payment=options.fee_payment)
    # the letter files the requête's pièces: an invoice claimed with none is said here too
    # (fourth reading 6), as for every filing
    warnings += piece_missing_warnings(case, facts)
    return DocumentPlan(
        parts=(part,), filename=f"lettre-greffe_{case.reference}.pdf",
        signature_reason=f"Lettre au greffe — dossier {case.reference}",
        warnings=tuple(warnings), details=details)


SPEC = KindSpec(
    name="lettre_greffe",
    template_version="lettre_greffe@1",
    description="Cover letter filing a requête en injonction de payer at the greffe: the"
                " enclosures, the CPC 1425 consignation where it applies, the address for"
                " notice of an opposition, the return of the pièces",
    options_schema=LettreGreffeOptionsSchema,
    details_schema=LettreGreffeDetailsSchema,
    check=check,
    plan=plan,
    posted_by_lrar="no",
)
