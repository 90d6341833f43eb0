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
    # where in an uploaded file (POST /v1/cases/from-invoices)
    file = fields.String(metadata={"description": "the uploaded file's name"})
    row = fields.Integer(metadata={"description": "CSV line number (header = 1)"})
    column = fields.String(metadata={"description": "CSV column"})
    element = fields.String(metadata={"description": "XML element"})
    line = fields.Integer(metadata={"description": "XML line"})


class ProblemSchema(Schema):
    """RFC 9457 problem details, with the French title and detail beside the English ones."""

    type = fields.String(required=True)
    title = fields.String(required=True)
    title_fr = fields.String()
    status = fields.Integer(required=True)
    detail = fields.String()
    detail_fr = fields.String()
    instance = fields.String(metadata={"description": "urn:request:<X-Request-ID>"})
    code = fields.String(metadata={"description": "machine-readable reason, stable across"
                                                  " releases (e.g. no_worker, queue_full)"})
    errors = fields.List(fields.Nested(FieldErrorSchema))


class PeriodSchema(Schema):
    from_ = fields.String(data_key="from", metadata={"format": "date"})
    to = fields.String(metadata={"format": "date"})
    days = fields.Integer()
    principal = fields.String()
    rate = fields.String()
    amount = fields.String()
    half_year = fields.String(metadata={"example": "2026-S2"})
    rate_source = fields.String(metadata={"enum": [
        "ecb_plus_10", "contractual", "contractual_floor", "default_rate_below_floor",
        "legal_private", "legal_other"]})
    rate_status = fields.String(metadata={
        "description": "weakest status of the data the rate rests on: verified, corroborated,"
                       " contractual, supplied, secondary, unverified, estimate"})


class InvoiceLineSchema(Schema):
    number = fields.String()
    issue_date = fields.String(metadata={"format": "date"})
    due_date = fields.String(metadata={"format": "date"})
    amount = fields.String()
    paid = fields.String()
    outstanding = fields.String()
    interest = fields.String()
    interest_paid = fields.String(metadata={
        "description": "interest that payments paid first (C. civ. 1343-1)"})
    indemnity = fields.String()
    interest_from = fields.String(allow_none=True)
    periods = fields.List(fields.Nested(PeriodSchema))
    payments = fields.List(fields.Dict())


class TotalsSchema(Schema):
    amount = fields.String()
    paid = fields.String()
    outstanding = fields.String()
    interest = fields.String()
    interest_paid = fields.String()
    indemnities = fields.String()
    total_due = fields.String()


class HalfYearRateSchema(Schema):
    half_year = fields.String()
    rate = fields.String()
    source = fields.String()
    status = fields.String()


class RulesSchema(Schema):
    regime = fields.String(metadata={"enum": ["professional", "consumer"]})
    imputation = fields.String(metadata={"enum": ["principal_first", "interest_first"]})
    imputation_basis = fields.String()
    interest_start = fields.String(metadata={"enum": [
        "due_date", "mise_en_demeure_received", "mise_en_demeure_sent", "none"]})
    mise_en_demeure_date = fields.String(allow_none=True, metadata={"format": "date"})
    mise_en_demeure_received_on = fields.String(allow_none=True, metadata={"format": "date"})
    rate_basis = fields.String()
    contractual_rate = fields.String(allow_none=True)
    below_floor = fields.String(allow_none=True, metadata={"enum": ["floor", "default_rate", None]})
    below_floor_applied = fields.Boolean()
    rates = fields.List(fields.Nested(HalfYearRateSchema))


class TimeBarredSchema(Schema):
    index = fields.Integer()
    invoice = fields.String()
    path = fields.String()
    expires_on = fields.String(metadata={"format": "date"})
    years = fields.Integer()
    basis = fields.String()


class InsolvencyStateSchema(Schema):
    procedure = fields.String()
    open = fields.Boolean()
    opened_on = fields.String(metadata={"format": "date"})
    interest_until = fields.String(metadata={"format": "date"})
    basis = fields.String()


class DecompteSchema(Schema):
    as_of = fields.String(metadata={"format": "date"})
    regime = fields.String(metadata={"enum": ["professional", "consumer"]})
    rate_basis = fields.String()
    rules = fields.Nested(RulesSchema, allow_none=True)
    invoices = fields.List(fields.Nested(InvoiceLineSchema))
    totals = fields.Nested(TotalsSchema)
    unapplied_payments = fields.String()
    sources = fields.List(fields.Dict())
    prescription = fields.List(fields.Dict())
    time_barred = fields.List(fields.Nested(TimeBarredSchema), metadata={
        "description": "invoices whose prescription is acquired on as_of"})
    insolvency = fields.Nested(InsolvencyStateSchema, allow_none=True)
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


class LayoutSchema(Schema):
    recipient_box_pt = fields.List(fields.Float(), metadata={
        "description": "the recipient block's box on page 1 (x1, y1, x2, y2, PDF points)"})


class DeliveryDocumentSchema(Schema):
    filename = fields.String()
    sha256 = fields.String(metadata={"description": "of the returned bytes: compare with the"
                                                    " provider's proof"})
    pages = fields.Integer()
    media_type = fields.String()


class DeliverySchema(Schema):
    """How the document travels (options.channel) and what a posting or LRE provider needs."""

    channel = fields.String(metadata={"enum": ["lrar", "lre_qualifiee", "lettre_suivie",
                                               "lettre_simple"]})
    label = fields.String()
    label_en = fields.String()
    registered = fields.Boolean()
    electronic = fields.Boolean()
    legal_basis = fields.String(allow_none=True)
    reference = fields.String(metadata={"description": "≤ 30 characters of [A-Za-z0-9 _-]"})
    document = fields.Nested(DeliveryDocumentSchema)
    recipient = fields.Dict(metadata={"description": "name, status (professionnel |"
                                                     " particulier), company, siren, civility,"
                                                     " first_name, last_name, email, phone,"
                                                     " country_code, lines, lre_consent"})
    sender = fields.Dict()
    price = fields.Dict(allow_none=True, metadata={"description": "eur and tariff, when a dated"
                                                                  " tariff is known"})
    price_note = fields.String(allow_none=True)
    providers = fields.Dict(metadata={"description": "maileva, merci_facteur, ar24: each"
                                                     " {available, endpoint, fields…,"
                                                     " unconfirmed[]} or {available: false,"
                                                     " note}"})


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
    delivery = fields.Nested(DeliverySchema, metadata={"description": "posted kinds: how it"
                                                                      " travels"})
    decompte = fields.Nested(DecompteSchema)
    warnings = fields.List(fields.Nested(WarningSchema))
    details = fields.Dict(metadata={
        "description": "what the kind adds: the Details.<kind> schema of its kind"})
    layout = fields.Nested(LayoutSchema, metadata={"description": "letters: the window box"})
    # the kind fields of the first API, at the top level (also under ``details``)
    level = fields.Integer(metadata={"description": "relance"})
    deadline = fields.String(metadata={"format": "date", "description": "letters"})
    deadline_extended = fields.Boolean(metadata={"description": "mise en demeure"})
    issuer = fields.String(metadata={"description": "mise en demeure"})
    court = fields.Dict(allow_none=True, metadata={"description": "court filings"})
    form = fields.String(metadata={
        "description": "injonction de payer: free_form, or the official Cerfa filled"})
    court_fees = fields.Dict(metadata={"description": "injonction de payer"})
    lawyer_required = fields.Boolean()
    lawyer_required_after_opposition = fields.Boolean()
    legal_basis = fields.List(fields.String())
    hearing = fields.Dict(metadata={"description": "draft summonses"})
    draft = fields.Boolean(metadata={"description": "draft summonses: watermarked"})
    pieces = fields.Raw(metadata={
        "description": "bordereau: the list of pièces; filings: how many are attached",
        "oneOf": [{"type": "integer"}, {"type": "array", "items": {"type": "object"}}]})


class ValidationResultSchema(Schema):
    valid = fields.Boolean(required=True)
    errors = fields.List(fields.Nested(FieldErrorSchema))
    warnings = fields.List(fields.Nested(WarningSchema))
