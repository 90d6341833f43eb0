"""The case contract (``shared/spec/case.example.json`` and ``API.md``) as marshmallow schemas.

Loading a case gives a :class:`service.model.Case` or raises a ``ValidationError`` whose
messages :func:`service.contract.errors.to_field_errors` turns into bilingual field errors.
Field names are the public contract: add fields, never rename one.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from marshmallow import Schema, ValidationError, fields, post_load, pre_load, validates_schema
from stdnum import bic as std_bic
from stdnum import iban as std_iban
from stdnum.eu import vat as std_vat
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import siren as std_siren
from stdnum.fr import siret as std_siret

from service import model
from service.contract.fields import (
    NOT_LIST,
    NOT_OBJECT,
    Choice,
    Money,
    RateField,
    Text,
    bool_field,
    date_field,
    int_field,
    msg,
    std_messages,
)
from service.law.legal_forms import activity_for_legal_form

UNKNOWN = msg("unknown_field", "Champ inconnu (faute de frappe ?).", "Unknown field (typo?).")
ACTIVITIES = ("commercial", "artisanal", "liberal", "agricultural", "consumer")
CHANNELS = ("email", "phone", "letter", "lrar", "lre", "sms", "visit")
PROCEDURES = ("sauvegarde", "redressement_judiciaire", "liquidation_judiciaire")
CLOSURES = ("insuffisance_actif", "extinction_passif")
ISO_COUNTRY = re.compile(r"^[A-Z]{2}$")
FR_POSTCODE = re.compile(r"^(?:0[1-9]|[1-8]\d|9[0-8]|2[AB])\d{3}$")
FR_POSTCODE_NUMERIC = re.compile(r"^\d{5}$")
TIME = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$")


class Base(Schema):
    error_messages = {"unknown": UNKNOWN, "type": NOT_OBJECT}

    class Meta:
        ordered = True


def nested(schema: type[Schema], **kwargs: Any) -> fields.Nested:
    kwargs.setdefault("error_messages", std_messages({"type": NOT_OBJECT}))
    return fields.Nested(schema, **kwargs)


def many(schema: type[Schema], **kwargs: Any) -> fields.List:
    kwargs.setdefault("error_messages", std_messages({"invalid": NOT_LIST}))
    return fields.List(nested(schema), **kwargs)


class AddressSchema(Base):
    delivery_point = Text(max_length=120, allow_none=True)
    building = Text(max_length=120, allow_none=True)
    street = Text(max_length=120, allow_none=True)
    locality = Text(max_length=120, allow_none=True)
    postal_code = Text(max_length=16, required=True)
    city = Text(max_length=120, required=True)
    cedex = Text(max_length=16, allow_none=True)
    country = Text(max_length=2, load_default="FR", allow_none=True)

    @validates_schema(skip_on_field_errors=False)
    def check(self, data: dict[str, Any], **_: Any) -> None:
        country = (data.get("country") or "FR").upper()
        if not ISO_COUNTRY.match(country):
            raise ValidationError(
                {"country": [msg("invalid_country", "Code pays ISO 3166 alpha-2 attendu (FR, BE…).",
                                 "ISO 3166 alpha-2 country code expected (FR, BE...).")]}
            )
        pc = data.get("postal_code")
        if country == "FR" and pc and not (FR_POSTCODE_NUMERIC.match(pc) and FR_POSTCODE.match(pc)):
            raise ValidationError(
                {"postal_code": [msg("invalid_postal_code",
                                     "Code postal français invalide : cinq chiffres attendus.",
                                     "Invalid French postal code: five digits expected.")]}
            )
        if country == "FR" and not (data.get("street") or data.get("locality")):
            raise ValidationError(
                {"street": [msg("required", "Voie (numéro et rue) ou lieu-dit manquant.",
                                "Street (number and street) or locality missing.")]}
            )

    @post_load
    def make(self, data: dict[str, Any], **_: Any) -> model.Address:
        data["country"] = (data.get("country") or "FR").upper()
        return model.Address(**data)


class RepresentativeSchema(Base):
    name = Text(max_length=200, required=True)
    title = Text(max_length=120, allow_none=True)

    @post_load
    def make(self, data: dict[str, Any], **_: Any) -> model.Representative:
        return model.Representative(**data)


class BankSchema(Base):
    iban = Text(max_length=42, required=True)
    bic = Text(max_length=11, allow_none=True)

    @validates_schema(skip_on_field_errors=True)
    def check(self, data: dict[str, Any], **_: Any) -> None:
        errors: dict[str, list[str]] = {}
        try:
            data["iban"] = std_iban.validate(data["iban"])
        except StdnumError:
            errors["iban"] = [msg("invalid_iban", "IBAN invalide (clé de contrôle ou format).",
                                  "Invalid IBAN (check digits or format).")]
        if data.get("bic"):
            try:
                data["bic"] = std_bic.validate(data["bic"])
            except StdnumError:
                errors["bic"] = [msg("invalid_bic", "BIC invalide.", "Invalid BIC.")]
        if errors:
            raise ValidationError(errors)

    @post_load
    def make(self, data: dict[str, Any], **_: Any) -> model.Bank:
        return model.Bank(iban=std_iban.compact(data["iban"]),
                          bic=std_bic.compact(data["bic"]) if data.get("bic") else None)


class MandataireSchema(Base):
    name = Text(max_length=300, required=True)
    address = nested(AddressSchema, allow_none=True)
    email = Text(max_length=254, allow_none=True)

    @post_load
    def make(self, data: dict[str, Any], **_: Any) -> model.Mandataire:
        return model.Mandataire(**data)


class InsolvencySchema(Base):
    procedure = Choice(PROCEDURES, required=True)
    opened_on = date_field(required=True, metadata={
        "description": "date of the opening judgment (it takes effect at 0 h that day)"})
    bodacc_published_on = date_field(allow_none=True)
    court = Text(max_length=300, allow_none=True)
    mandataire = nested(MandataireSchema, allow_none=True)
    closed_on = date_field(allow_none=True)
    closure = Choice(CLOSURES, allow_none=True)

    @validates_schema(skip_on_field_errors=True)
    def check(self, data: dict[str, Any], **_: Any) -> None:
        errors: dict[str, list[str]] = {}
        opened = data["opened_on"]
        bodacc = data.get("bodacc_published_on")
        closed = data.get("closed_on")
        if bodacc is not None and bodacc < opened:
            errors["bodacc_published_on"] = [msg(
                "before_opening", "Publication au BODACC antérieure au jugement d’ouverture.",
                "BODACC publication before the opening judgment.")]
        if closed is not None and closed < opened:
            errors["closed_on"] = [msg(
                "before_opening", "Clôture antérieure au jugement d’ouverture.",
                "Closure before the opening judgment.")]
        if data.get("closure") and closed is None:
            errors["closed_on"] = [msg(
                "required", "Date du jugement de clôture manquante (closure est renseigné).",
                "Closing judgment date missing (closure is given).")]
        if errors:
            raise ValidationError(errors)

    @post_load
    def make(self, data: dict[str, Any], **_: Any) -> model.Insolvency:
        return model.Insolvency(**data)


class LreConsentSchema(Base):
    date = date_field(required=True)
    reference = Text(max_length=200, allow_none=True)

    @post_load
    def make(self, data: dict[str, Any], **_: Any) -> model.LreConsent:
        return model.LreConsent(**data)


class PartySchema(Base):
    type = Choice(("company", "individual"), required=True)
    name = Text(max_length=300, allow_none=True)
    activity = Choice(ACTIVITIES, allow_none=True)
    address = nested(AddressSchema, required=True)
    legal_address = nested(AddressSchema, allow_none=True, metadata={
        "description": "registered office (company) or domicile (person) where a deed is"
                       " served, when the postal address is not one (CEDEX, PO box): court"
                       " filings use it (CPC 648, 690)"})
    email = Text(max_length=254, allow_none=True)
    phone = Text(max_length=40, allow_none=True)
    representative = nested(RepresentativeSchema, allow_none=True)
    legal_form = Text(max_length=80, allow_none=True)
    share_capital = Money(allow_zero=True, allow_none=True)
    siren = Text(max_length=20, allow_none=True)
    siret = Text(max_length=20, allow_none=True)
    rcs_city = Text(max_length=80, allow_none=True)
    vat_number = Text(max_length=20, allow_none=True)
    civility = Text(max_length=20, allow_none=True)
    first_name = Text(max_length=120, allow_none=True)
    last_name = Text(max_length=120, allow_none=True)
    birth_date = date_field(allow_none=True)
    birth_place = Text(max_length=120, allow_none=True)
    nationality = Text(max_length=60, allow_none=True)
    profession = Text(max_length=120, allow_none=True)
    bank = nested(BankSchema, allow_none=True)

    @validates_schema(skip_on_field_errors=False)
    def check(self, data: dict[str, Any], **_: Any) -> None:
        errors: dict[str, list[str]] = {}
        kind = data.get("type")
        if kind == "company" and not data.get("name"):
            errors["name"] = [msg("required", "Dénomination sociale manquante.",
                                  "Company name missing.")]
        if kind == "individual" and not (data.get("name") or data.get("last_name")):
            errors["last_name"] = [msg("required", "Nom de famille manquant.", "Last name missing.")]
        if data.get("siren"):
            try:
                data["siren"] = std_siren.validate(data["siren"])
            except StdnumError:
                errors["siren"] = [msg("invalid_siren", "SIREN invalide (9 chiffres, clé de Luhn).",
                                       "Invalid SIREN (9 digits, Luhn check).")]
        if data.get("siret"):
            try:
                data["siret"] = std_siret.validate(data["siret"])
                if data.get("siren") and "siren" not in errors and not data["siret"].startswith(
                    data["siren"]
                ):
                    errors["siret"] = [msg("siret_siren_mismatch",
                                           "Le SIRET ne commence pas par le SIREN.",
                                           "The SIRET does not start with the SIREN.")]
            except StdnumError:
                errors["siret"] = [msg("invalid_siret", "SIRET invalide (14 chiffres, clé).",
                                       "Invalid SIRET (14 digits, check digit).")]
        if data.get("vat_number"):
            try:
                data["vat_number"] = std_vat.validate(data["vat_number"])
                siren = data.get("siren")
                vat = data["vat_number"]
                if siren and "siren" not in errors and vat.startswith("FR") and vat[4:] != siren:
                    errors["vat_number"] = [msg("vat_siren_mismatch",
                                                "Le numéro de TVA ne correspond pas au SIREN.",
                                                "The VAT number does not match the SIREN.")]
            except StdnumError:
                errors["vat_number"] = [msg("invalid_vat", "Numéro de TVA intracommunautaire"
                                            " invalide.", "Invalid EU VAT number.")]
        if not data.get("activity") and kind is not None:
            derived = activity_for_legal_form(data.get("legal_form")) if kind == "company" else None
            if derived is None:
                errors["activity"] = [msg(
                    "required",
                    "Activité du débiteur/créancier manquante et non déductible de la forme"
                    " juridique (commercial, artisanal, liberal, agricultural, consumer).",
                    "Activity missing and not derivable from the legal form (commercial,"
                    " artisanal, liberal, agricultural, consumer).",
                )]
            else:
                data["activity"] = derived
        if kind == "company" and data.get("activity") == "consumer":
            errors["activity"] = [msg("company_consumer",
                                      "Une société ne peut pas être un consommateur.",
                                      "A company cannot be a consumer.")]
        if errors:
            raise ValidationError(errors)

    @post_load
    def make(self, data: dict[str, Any], **_: Any) -> model.Party:
        if not data.get("name"):
            data["name"] = " ".join(p for p in (data.get("first_name"), data.get("last_name")) if p)
        return model.Party(**data)


class DebtorSchema(PartySchema):
    """The debtor: a party, plus its collective proceedings and its consent to the LRE."""

    insolvency = nested(InsolvencySchema, allow_none=True)
    lre_consent = nested(LreConsentSchema, allow_none=True, metadata={
        "description": "a consumer's prior consent to qualified electronic registered letters"
                       " (CPCE L100)"})


class InvoiceSchema(Base):
    number = Text(max_length=60, required=True)
    issue_date = date_field(required=True)
    due_date = date_field(required=True)
    amount_excl_tax = Money(allow_none=True)
    amount_incl_tax = Money(required=True)
    description = Text(max_length=2000, allow_none=True)
    performed_on = date_field(allow_none=True, metadata={
        "description": "the day the goods were delivered or the work or service completed;"
                       " prescription against a consumer runs from it"})

    @validates_schema(skip_on_field_errors=True)
    def check(self, data: dict[str, Any], **_: Any) -> None:
        errors: dict[str, list[str]] = {}
        if data["due_date"] < data["issue_date"]:
            errors["due_date"] = [msg("due_before_issue",
                                      "L'échéance précède la date d'émission de la facture.",
                                      "The due date is before the invoice's issue date.")]
        excl = data.get("amount_excl_tax")
        if excl is not None and excl > data["amount_incl_tax"]:
            errors["amount_excl_tax"] = [msg("excl_above_incl",
                                             "Montant HT supérieur au montant TTC.",
                                             "Amount excluding tax above amount including tax.")]
        if errors:
            raise ValidationError(errors)

    @post_load
    def make(self, data: dict[str, Any], **_: Any) -> model.Invoice:
        return model.Invoice(**data)


class PaymentSchema(Base):
    date = date_field(required=True)
    amount = Money(required=True)
    invoice = Text(max_length=60, allow_none=True)
    method = Text(max_length=60, allow_none=True)

    @post_load
    def make(self, data: dict[str, Any], **_: Any) -> model.Payment:
        return model.Payment(**data)


class SuppliedRateSchema(Base):
    kind = Choice(("ecb_mro", "legal_private", "legal_other"), required=True)
    valid_from = date_field(required=True)
    rate = RateField(required=True)
    source = Text(max_length=300, allow_none=True)

    @post_load
    def make(self, data: dict[str, Any], **_: Any) -> model.SuppliedRate:
        return model.SuppliedRate(**data)


class TermsSchema(Base):
    late_penalty_rate = RateField(allow_none=True)
    flat_indemnity = bool_field(load_default=True)
    reference = Text(max_length=300, allow_none=True)
    rates = many(SuppliedRateSchema, load_default=list)
    imputation = Choice(("principal_first", "interest_first"), load_default="principal_first",
                        allow_none=True, metadata={
        "description": "between professionals, whether a partial payment pays the accrued"
                       " penalties first (C. civ. 1343-1); always interest_first against a"
                       " consumer"})
    below_floor = Choice(("floor", "default_rate"), load_default="floor", allow_none=True,
                         metadata={
        "description": "what a contractual rate under 3 × the legal rate becomes (L441-10 II):"
                       " the floor, or the default rate (ECB + 10 points)"})

    @post_load
    def make(self, data: dict[str, Any], **_: Any) -> model.Terms:
        data["rates"] = tuple(data.get("rates") or ())
        if data.get("flat_indemnity") is None:
            data["flat_indemnity"] = True
        data["imputation"] = data.get("imputation") or "principal_first"
        data["below_floor"] = data.get("below_floor") or "floor"
        return model.Terms(**data)


class ReminderSchema(Base):
    date = date_field(required=True)
    kind = Choice(("relance", "mise_en_demeure"), required=True)
    channel = Choice(CHANNELS, required=True)
    note = Text(max_length=1000, allow_none=True, metadata={
        "description": "internal: never quoted to the debtor"})
    received_on = date_field(allow_none=True, metadata={
        "description": "first presentation or receipt; a mise en demeure takes effect then"
                       " (a court filing against a consumer needs it on the first one)"})

    @validates_schema(skip_on_field_errors=True)
    def check(self, data: dict[str, Any], **_: Any) -> None:
        received = data.get("received_on")
        if received is not None and received < data["date"]:
            raise ValidationError({"received_on": [msg(
                "received_before_sent", "Date de réception antérieure à la date d’envoi.",
                "Receipt date before the date sent.")]})

    @post_load
    def make(self, data: dict[str, Any], **_: Any) -> model.Reminder:
        return model.Reminder(**data)


class DisputeSchema(Base):
    summary = Text(max_length=3000, allow_none=True)
    proposed_solution = Text(max_length=3000, allow_none=True)

    @post_load
    def make(self, data: dict[str, Any], **_: Any) -> model.Dispute:
        return model.Dispute(**data)


class SignatorySchema(Base):
    name = Text(max_length=200, required=True)
    title = Text(max_length=120, allow_none=True)
    place = Text(max_length=120, allow_none=True)

    @post_load
    def make(self, data: dict[str, Any], **_: Any) -> model.Signatory:
        return model.Signatory(**data)


class IssuerSchema(Base):
    kind = Choice(("creditor", "commissaire_de_justice", "avocat", "mandataire"), required=True)
    name = Text(max_length=300, required=True)
    address = nested(AddressSchema, allow_none=True)
    email = Text(max_length=254, allow_none=True)
    phone = Text(max_length=40, allow_none=True)
    siren = Text(max_length=20, allow_none=True)
    mandate_reference = Text(max_length=120, allow_none=True)
    signatory = nested(SignatorySchema, allow_none=True, metadata={
        "description": "who signs a letter sent by this issuer (a named commissaire de justice"
                       " of the étude: required by the kinds a commissaire de justice sends)"})
    legal_form = Text(max_length=80, allow_none=True)
    share_capital = Money(allow_zero=True, allow_none=True)
    rcs_city = Text(max_length=80, allow_none=True)

    @validates_schema(skip_on_field_errors=True)
    def check(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("siren"):
            try:
                data["siren"] = std_siren.validate(data["siren"])
            except StdnumError:
                raise ValidationError({"siren": [msg(
                    "invalid_siren", "SIREN invalide (9 chiffres, clé de Luhn).",
                    "Invalid SIREN (9 digits, Luhn check).")]}) from None

    @post_load
    def make(self, data: dict[str, Any], **_: Any) -> model.Issuer:
        return model.Issuer(**data)


class CourtSchema(Base):
    name = Text(max_length=300, required=True)
    address = nested(AddressSchema, allow_none=True)

    @post_load
    def make(self, data: dict[str, Any], **_: Any) -> model.Court:
        return model.Court(**data)


class HearingSchema(Base):
    date = date_field(required=True)
    time = Text(max_length=5, required=True, metadata={"pattern": TIME.pattern})
    room = Text(max_length=200, allow_none=True)
    address = nested(AddressSchema, required=True)

    @validates_schema(skip_on_field_errors=True)
    def check(self, data: dict[str, Any], **_: Any) -> None:
        if not TIME.match(data["time"]):
            raise ValidationError({"time": [msg("invalid_time", "Heure invalide : HH:MM attendu.",
                                                "Invalid time: HH:MM expected.")]})

    @post_load
    def make(self, data: dict[str, Any], **_: Any) -> model.Hearing:
        return model.Hearing(**data)


class LawyerSchema(Base):
    name = Text(max_length=200, required=True)
    bar = Text(max_length=120, required=True)
    toque = Text(max_length=20, allow_none=True)
    address = nested(AddressSchema, required=True)
    email = Text(max_length=254, allow_none=True)
    phone = Text(max_length=40, allow_none=True)
    civility = Text(max_length=20, allow_none=True, metadata={
        "description": "« Mme » or « M. »: the letters say « Avocate » or « Avocat » (absent:"
                       " « Avocat »)"})

    @post_load
    def make(self, data: dict[str, Any], **_: Any) -> model.Lawyer:
        return model.Lawyer(**data)


class EvidenceSchema(Base):
    title = Text(max_length=300, required=True)
    date = date_field(allow_none=True)
    media_type = Choice(("application/pdf", "image/jpeg", "image/png"), required=True)
    content_base64 = fields.String(
        required=True,
        error_messages=std_messages(),
        metadata={"description": "the file, base64-encoded (checked by the kinds that use it)"},
    )

    @post_load
    def make(self, data: dict[str, Any], **_: Any) -> model.Evidence:
        return model.Evidence(**data)


class OrdonnanceSchema(Base):
    date = date_field(required=True)
    number = Text(max_length=80, allow_none=True)
    court = Text(max_length=300, allow_none=True)
    served_on = date_field(allow_none=True)

    @validates_schema(skip_on_field_errors=True)
    def check(self, data: dict[str, Any], **_: Any) -> None:
        served = data.get("served_on")
        if served is not None and served < data["date"]:
            raise ValidationError({"served_on": [msg(
                "served_before_made", "Signification antérieure à l’ordonnance.",
                "Service before the ordonnance was made.")]})

    @post_load
    def make(self, data: dict[str, Any], **_: Any) -> model.Ordonnance:
        return model.Ordonnance(**data)


class CaseSchema(Base):
    reference = Text(max_length=80, required=True)
    as_of = date_field(allow_none=True, metadata={"description": "defaults to today (Paris)"})
    creditor = nested(PartySchema, required=True)
    debtor = nested(DebtorSchema, required=True)
    invoices = many(InvoiceSchema, required=True)
    payments = many(PaymentSchema, load_default=list)
    terms = nested(TermsSchema, load_default=dict)
    reminders = many(ReminderSchema, load_default=list)
    dispute = nested(DisputeSchema, allow_none=True)
    grace_period_days = int_field(load_default=8)
    signatory = nested(SignatorySchema, allow_none=True)
    issuer = nested(IssuerSchema, allow_none=True)
    court = nested(CourtSchema, allow_none=True)
    hearing = nested(HearingSchema, allow_none=True)
    lawyer = nested(LawyerSchema, allow_none=True)
    evidence = many(EvidenceSchema, load_default=list)
    ordonnance = nested(OrdonnanceSchema, allow_none=True, metadata={
        "description": "the ordonnance portant injonction de payer once made"})

    @pre_load
    def default_as_of(self, data: Any, **_: Any) -> Any:
        if isinstance(data, dict) and data.get("as_of") is None:
            data = dict(data)
            data["as_of"] = self.context_today().isoformat()
        return data

    @staticmethod
    def context_today() -> date:
        from service.clock import today_paris

        return today_paris()

    @validates_schema(skip_on_field_errors=False, pass_original=True)
    def cross_checks(self, data: dict[str, Any], original: Any = None, **_: Any) -> None:
        errors: dict[str, Any] = {}
        as_of: date | None = data.get("as_of")
        invoices = data.get("invoices")
        # Invoice numbers are read from the original input, so a duplicate is reported even
        # when another invoice of the list has a fault of its own.
        raw_invoices = original.get("invoices") if isinstance(original, dict) else None
        numbers: set[str] = set()
        if isinstance(raw_invoices, list):
            if not raw_invoices:
                errors["invoices"] = [msg("empty", "Au moins une facture est requise.",
                                          "At least one invoice is required.")]
            seen: dict[str, int] = {}
            for i, item in enumerate(raw_invoices):
                number = item.get("number") if isinstance(item, dict) else None
                if not isinstance(number, str) or not number.strip():
                    continue
                number = number.strip()
                numbers.add(number)
                if number in seen:
                    errors.setdefault("invoices", {}).setdefault(i, {})["number"] = [msg(
                        "duplicate_invoice",
                        f"Numéro de facture en double (déjà en position {seen[number]}).",
                        f"Duplicate invoice number (already at index {seen[number]}).",
                    )]
                seen.setdefault(number, i)
        if isinstance(invoices, list):
            for i, inv in enumerate(invoices):
                if isinstance(inv, model.Invoice) and as_of and inv.issue_date > as_of:
                    errors.setdefault("invoices", {}).setdefault(i, {})["issue_date"] = [msg(
                        "after_as_of", "Facture émise après la date du décompte (as_of).",
                        "Invoice issued after the statement date (as_of).",
                    )]
        for i, p in enumerate(data.get("payments") or []):
            if not isinstance(p, model.Payment):
                continue
            if as_of and p.date > as_of:
                errors.setdefault("payments", {}).setdefault(i, {})["date"] = [msg(
                    "after_as_of", "Paiement postérieur à la date du décompte (as_of).",
                    "Payment dated after the statement date (as_of).",
                )]
            if p.invoice is not None and p.invoice not in numbers:
                errors.setdefault("payments", {}).setdefault(i, {})["invoice"] = [msg(
                    "unknown_invoice", "Le paiement vise une facture absente du dossier.",
                    "The payment names an invoice that is not in the case.",
                )]
        for i, r in enumerate(data.get("reminders") or []):
            if isinstance(r, model.Reminder) and as_of and r.date > as_of:
                errors.setdefault("reminders", {}).setdefault(i, {})["date"] = [msg(
                    "after_as_of", "Relance postérieure à la date du décompte (as_of).",
                    "Reminder dated after the statement date (as_of).",
                )]
            elif isinstance(r, model.Reminder) and as_of and r.received_on and r.received_on > as_of:
                errors.setdefault("reminders", {}).setdefault(i, {})["received_on"] = [msg(
                    "after_as_of", "Réception postérieure à la date du décompte (as_of).",
                    "Receipt dated after the statement date (as_of).",
                )]
        if isinstance(invoices, list):
            for i, inv in enumerate(invoices):
                if isinstance(inv, model.Invoice) and as_of and inv.performed_on \
                        and inv.performed_on > as_of:
                    errors.setdefault("invoices", {}).setdefault(i, {})["performed_on"] = [msg(
                        "after_as_of", "Exécution postérieure à la date du décompte (as_of).",
                        "Performance dated after the statement date (as_of).",
                    )]
        for who in ("creditor", "debtor"):
            party = data.get(who)
            if isinstance(party, model.Party) and as_of and party.birth_date \
                    and party.birth_date >= as_of:
                errors.setdefault(who, {})["birth_date"] = [msg(
                    "after_as_of", "Date de naissance postérieure à la date du décompte (as_of).",
                    "Birth date after the statement date (as_of).",
                )]
        debtor = data.get("debtor")
        if isinstance(debtor, model.Party) and as_of:
            ins = debtor.insolvency
            if ins is not None:
                for name in ("opened_on", "bodacc_published_on", "closed_on"):
                    value = getattr(ins, name)
                    if value is not None and value > as_of:
                        errors.setdefault("debtor", {}).setdefault("insolvency", {})[name] = [msg(
                            "after_as_of", "Date postérieure à la date du décompte (as_of).",
                            "Date after the statement date (as_of).",
                        )]
            if debtor.lre_consent is not None and debtor.lre_consent.date > as_of:
                errors.setdefault("debtor", {}).setdefault("lre_consent", {})["date"] = [msg(
                    "after_as_of", "Consentement postérieur à la date du décompte (as_of).",
                    "Consent dated after the statement date (as_of).",
                )]
        ordo = data.get("ordonnance")
        if isinstance(ordo, model.Ordonnance) and as_of:
            for name in ("date", "served_on"):
                value = getattr(ordo, name)
                if value is not None and value > as_of:
                    errors.setdefault("ordonnance", {})[name] = [msg(
                        "after_as_of", "Date postérieure à la date du décompte (as_of).",
                        "Date after the statement date (as_of).",
                    )]
        gp = data.get("grace_period_days")
        if isinstance(gp, int) and not 1 <= gp <= 90:
            errors["grace_period_days"] = [msg(
                "out_of_range", "Délai de grâce entre 1 et 90 jours.",
                "Grace period between 1 and 90 days.",
            )]
        if errors:
            raise ValidationError(errors)

    @post_load
    def make(self, data: dict[str, Any], **_: Any) -> model.Case:
        for key in ("invoices", "payments", "reminders", "evidence"):
            data[key] = tuple(data.get(key) or ())
        data["terms"] = data.get("terms") or model.Terms()
        if isinstance(data["terms"], dict):
            data["terms"] = model.Terms()
        return model.Case(**data)
