"""Lettre au greffe: the cover letter filing a requête en injonction de payer (the text is
written by :mod:`service.documents.greffe_letter`, which ``injonction_de_payer`` shares)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from marshmallow import Schema, fields

from service.contract.fields import Choice, Money
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
    fee_amount: Decimal | None = None


class LettreGreffeOptionsSchema(CommonOptionsSchema):
    options_class = LettreGreffeOptions
    filed_by = Choice(greffe_letter.FILED_BY, load_default="creditor", metadata={
        "description": "who files: the creditor (default), its agent case.issuer (a"
                       " mandataire encloses its special power, CPC 416) or its avocat"
                       " case.lawyer (his letterhead, footer and signature)"})
    fee_payment = Choice(greffe_letter.FEE_PAYMENTS, load_default="cheque", metadata={
        "description": "how the CPC 1425 costs are paid (tribunal de commerce / TAE only; the"
                       " request lapses when they are not paid within fifteen days of it):"
                       " cheque (default), enclosed with the letter; online, already paid"
                       " through the greffe's online service (the letter says so); virement,"
                       " a transfer once the greffe gives its bank details (warning"
                       " greffe_fees_not_enclosed)"})
    fee_amount = Money(allow_none=True, load_default=None, metadata={
        "description": "the greffe fee paid, printed in the letter (« un chèque de 33,47 € »);"
                       " none (default): the letter announces the payment without a figure"
                       " unless the fee data is verified, and warns"
                       " greffe_fees_amount_unknown (enclose the current tariff)"})


class LettreGreffeDetailsSchema(Schema):
    court = fields.String(required=True)
    consignation = fields.Boolean(required=True, metadata={
        "description": "the letter states the CPC 1425 consignation (amount known)"})
    court_fee_eur = fields.String(allow_none=True, required=True)
    court_fee_printed = fields.Boolean(required=True, metadata={
        "description": "the letter prints the fee's figure (options.fee_amount, else the"
                       " fee data when verified; otherwise it announces the payment without a"
                       " figure, warning greffe_fees_amount_unknown)"})
    pieces = fields.Integer(required=True)
    special_power = fields.Boolean(required=True)


def check(case: Case, facts: CaseFacts, options: LettreGreffeOptions) -> list[FieldError]:
    return greffe_letter.check(case, facts, options.filed_by)


def plan(case: Case, facts: CaseFacts, options: LettreGreffeOptions) -> DocumentPlan:
    part, warnings, details = greffe_letter.cover_letter(
        case, facts, filed_by=options.filed_by, fee_payment=options.fee_payment,
        fee_amount=options.fee_amount)
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
                " enclosures, the CPC 1425 costs paid with the request where they apply"
                " (options.fee_payment, options.fee_amount), the address for notice of an"
                " opposition, the return of the pièces",
    options_schema=LettreGreffeOptionsSchema,
    details_schema=LettreGreffeDetailsSchema,
    check=check,
    plan=plan,
    posted_by_lrar="no",
)
