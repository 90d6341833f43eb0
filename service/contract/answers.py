"""Schemas of the answers (documentation and the published JSON Schemas only)."""

from __future__ import annotations

from marshmallow import Schema, fields


class WarningSchema(Schema):
    code = fields.String(required=True)
    message_fr = fields.String(required=True)
    message_en = fields.String(required=True)
    path = fields.String()


class FieldErrorSchema(Schema):
    path = fields.String(required=True, metadata={"example": "case.invoices[1].due_date"})
    code = fields.String(required=True)
    message_fr = fields.String(required=True)
    message_en = fields.String(required=True)


class ProblemSchema(Schema):
    """RFC 9457 problem details, with the French title and detail beside the English ones."""

    type = fields.String(required=True)
    title = fields.String(required=True)
    title_fr = fields.String()
    status = fields.Integer(required=True)
    detail = fields.String()
    detail_fr = fields.String()
    instance = fields.String(metadata={"description": "urn:request:<X-Request-ID>"})
    errors = fields.List(fields.Nested(FieldErrorSchema))


class PeriodSchema(Schema):
    from_ = fields.String(data_key="from", metadata={"format": "date"})
    to = fields.String(metadata={"format": "date"})
    days = fields.Integer()
    principal = fields.String()
    rate = fields.String()
    amount = fields.String()


class InvoiceLineSchema(Schema):
    number = fields.String()
    issue_date = fields.String(metadata={"format": "date"})
    due_date = fields.String(metadata={"format": "date"})
    amount = fields.String()
    paid = fields.String()
    outstanding = fields.String()
    interest = fields.String()
    indemnity = fields.String()
    interest_from = fields.String(allow_none=True)
    periods = fields.List(fields.Nested(PeriodSchema))
    payments = fields.List(fields.Dict())


class TotalsSchema(Schema):
    amount = fields.String()
    paid = fields.String()
    outstanding = fields.String()
    interest = fields.String()
    indemnities = fields.String()
    total_due = fields.String()


class DecompteSchema(Schema):
    as_of = fields.String(metadata={"format": "date"})
    regime = fields.String(metadata={"enum": ["professional", "consumer"]})
    rate_basis = fields.String()
    invoices = fields.List(fields.Nested(InvoiceLineSchema))
    totals = fields.Nested(TotalsSchema)
    unapplied_payments = fields.String()
    sources = fields.List(fields.Dict())
    prescription = fields.List(fields.Dict())
    warnings = fields.List(fields.Nested(WarningSchema))


class SignatureSchema(Schema):
    level = fields.String()
    signer = fields.String()
    signed_at = fields.String()
    certificate_sha256 = fields.String()
    test_certificate = fields.Boolean()


class TariffSchema(Schema):
    valid_from = fields.String(metadata={"format": "date"})
    source = fields.String()
    status = fields.String()
    base_eur = fields.String(allow_none=True)
    avis_de_reception_eur = fields.String(allow_none=True)
    references = fields.List(fields.String())


class TrackingNumberSchema(Schema):
    number = fields.String(required=True)
    format = fields.String(required=True)
    country = fields.String()


class PostageSchema(Schema):
    service = fields.String()
    level = fields.String(allow_none=True)
    avis_de_reception = fields.Boolean()
    pages = fields.Integer()
    sheets = fields.Integer()
    duplex = fields.Boolean()
    address_sheet = fields.Boolean()
    envelope = fields.String()
    weight_g = fields.Integer()
    weight_step_g = fields.Integer(allow_none=True)
    weight_margin_g = fields.Integer(allow_none=True)
    weight_status = fields.String(allow_none=True)
    price_eur = fields.String(allow_none=True)
    tariff = fields.Nested(TariffSchema, allow_none=True)
    compensation_eur = fields.String(allow_none=True)
    recipient_lines = fields.List(fields.String())
    sender_lines = fields.List(fields.String())
    tracking_number = fields.Nested(TrackingNumberSchema, allow_none=True)
    warnings = fields.List(fields.Nested(WarningSchema))


class DocumentAnswerSchema(Schema):
    kind = fields.String()
    reference = fields.String()
    filename = fields.String()
    media_type = fields.String()
    content_base64 = fields.String()
    sha256 = fields.String()
    pages = fields.Integer()
    template_version = fields.String()
    signature = fields.Nested(SignatureSchema, allow_none=True)
    postage = fields.Nested(PostageSchema, allow_none=True)
    decompte = fields.Nested(DecompteSchema)
    warnings = fields.List(fields.Nested(WarningSchema))


class ValidationResultSchema(Schema):
    valid = fields.Boolean(required=True)
    errors = fields.List(fields.Nested(FieldErrorSchema))
    warnings = fields.List(fields.Nested(WarningSchema))
