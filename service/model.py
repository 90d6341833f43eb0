"""Plain domain data: what the contract layer produces and every rule consumes.

Every amount is a ``Decimal`` and every date a ``datetime.date``. Nothing here knows about
HTTP, JSON or PDF; the marshmallow schemas in :mod:`service.contract` build these objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

PartyType = Literal["company", "individual"]
Activity = Literal["commercial", "artisanal", "liberal", "agricultural", "consumer"]
ReminderKind = Literal["relance", "mise_en_demeure"]
Channel = Literal["email", "phone", "letter", "lrar", "lre", "sms", "visit"]
IssuerKind = Literal["creditor", "commissaire_de_justice", "avocat", "mandataire"]
ImputationRule = Literal["principal_first", "interest_first"]
BelowFloor = Literal["floor", "default_rate"]
# how a document travels (options.channel; service.postage.channel describes each)
POSTAL_CHANNELS: tuple[str, ...] = ("lrar", "lre_qualifiee", "lettre_suivie", "lettre_simple")
Procedure = Literal["sauvegarde", "redressement_judiciaire", "liquidation_judiciaire"]
Closure = Literal["insuffisance_actif", "extinction_passif"]

# a field named ``date`` hides the type inside its class body: later fields use this name
Day = date


@dataclass(frozen=True)
class Address:
    street: str | None = None
    postal_code: str | None = None
    city: str | None = None
    delivery_point: str | None = None
    building: str | None = None
    locality: str | None = None
    cedex: str | None = None
    country: str = "FR"

    @property
    def department(self) -> str | None:
        """French department code from the postal code ("69", "2A", "971"...), if French."""
        if self.country != "FR" or not self.postal_code:
            return None
        pc = self.postal_code
        if pc.startswith("97") or pc.startswith("98"):
            return pc[:3]
        if pc.startswith("20"):
            return "2A" if int(pc) < 20200 else "2B"
        return pc[:2]


@dataclass(frozen=True)
class Representative:
    name: str
    title: str | None = None


@dataclass(frozen=True)
class Bank:
    iban: str
    bic: str | None = None


@dataclass(frozen=True)
class Mandataire:
    """The mandataire judiciaire (or liquidateur) to whom claims are declared."""

    name: str
    address: Address | None = None
    email: str | None = None


@dataclass(frozen=True)
class Insolvency:
    """Collective proceedings opened against the debtor (C. com. Livre VI)."""

    procedure: Procedure
    opened_on: date  # the opening judgment (takes effect at 0 h that day: R621-4, R631-7, R641-1)
    bodacc_published_on: date | None = None
    court: str | None = None
    mandataire: Mandataire | None = None
    closed_on: date | None = None
    closure: Closure | None = None


@dataclass(frozen=True)
class LreConsent:
    """A consumer's prior consent to qualified electronic registered letters (CPCE L100)."""

    date: date
    reference: str | None = None


@dataclass(frozen=True)
class Party:
    type: PartyType
    name: str
    address: Address
    activity: Activity
    email: str | None = None
    phone: str | None = None
    representative: Representative | None = None
    # the registered office (company) or domicile (person) where a deed is served, when the
    # postal ``address`` is not one (CEDEX, PO box, accounts department): CPC 648, 690
    legal_address: Address | None = None
    # company
    legal_form: str | None = None
    share_capital: Decimal | None = None
    siren: str | None = None
    siret: str | None = None
    rcs_city: str | None = None
    vat_number: str | None = None
    # individual
    civility: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    birth_date: date | None = None
    birth_place: str | None = None
    nationality: str | None = None
    profession: str | None = None
    # creditor
    bank: Bank | None = None
    # debtor
    insolvency: Insolvency | None = None
    lre_consent: LreConsent | None = None

    @property
    def is_consumer(self) -> bool:
        return self.activity == "consumer"

    @property
    def is_company(self) -> bool:
        return self.type == "company"

    @property
    def display_name(self) -> str:
        """Name as printed: the company name, or « Civility First LAST » for a person."""
        if self.type == "individual" and self.last_name:
            parts = [self.civility, self.first_name, self.last_name.upper()]
            return " ".join(p for p in parts if p)
        return self.name


@dataclass(frozen=True)
class Invoice:
    number: str
    issue_date: date
    due_date: date
    amount_incl_tax: Decimal
    amount_excl_tax: Decimal | None = None
    description: str | None = None
    performed_on: date | None = None  # delivery or completion (consumer prescription runs from it)


@dataclass(frozen=True)
class Payment:
    date: date
    amount: Decimal
    invoice: str | None = None
    method: str | None = None


@dataclass(frozen=True)
class SuppliedRate:
    """A rate the caller supplies for dates the bundled data does not cover."""

    kind: Literal["ecb_mro", "legal_private", "legal_other", "late_penalty"]
    valid_from: date
    rate: Decimal
    source: str | None = None


@dataclass(frozen=True)
class Terms:
    late_penalty_rate: Decimal | None = None
    flat_indemnity: bool = True
    reference: str | None = None
    rates: tuple[SuppliedRate, ...] = ()
    imputation: ImputationRule = "principal_first"  # between professionals (consumer: interest first)
    below_floor: BelowFloor = "floor"  # a contractual rate under 3 × the legal rate becomes...


@dataclass(frozen=True)
class Reminder:
    date: date
    kind: ReminderKind
    channel: Channel
    note: str | None = None
    received_on: Day | None = None  # first presentation or receipt: a notice takes effect then


@dataclass(frozen=True)
class Dispute:
    summary: str | None = None
    proposed_solution: str | None = None


@dataclass(frozen=True)
class Signatory:
    name: str
    title: str | None = None
    place: str | None = None


@dataclass(frozen=True)
class Issuer:
    kind: IssuerKind
    name: str
    address: Address | None = None
    email: str | None = None
    phone: str | None = None
    siren: str | None = None
    mandate_reference: str | None = None
    signatory: Signatory | None = None  # who signs for the étude (commissaire de justice)
    legal_form: str | None = None
    share_capital: Decimal | None = None
    rcs_city: str | None = None


@dataclass(frozen=True)
class Court:
    name: str
    address: Address | None = None


@dataclass(frozen=True)
class Hearing:
    date: date
    time: str
    address: Address
    room: str | None = None


@dataclass(frozen=True)
class Lawyer:
    name: str
    bar: str
    address: Address
    toque: str | None = None
    email: str | None = None
    phone: str | None = None
    civility: str | None = None  # « Mme » / « M. »: « Avocate » / « Avocat » (none: « Avocat »)


@dataclass(frozen=True)
class Evidence:
    title: str
    media_type: str
    content_base64: str
    date: date | None = None


@dataclass(frozen=True)
class Ordonnance:
    """The ordonnance portant injonction de payer, once made."""

    date: date
    number: str | None = None
    court: str | None = None
    served_on: Day | None = None


@dataclass(frozen=True)
class Case:
    reference: str
    as_of: date
    creditor: Party
    debtor: Party
    invoices: tuple[Invoice, ...]
    payments: tuple[Payment, ...] = ()
    terms: Terms = field(default_factory=Terms)
    reminders: tuple[Reminder, ...] = ()
    dispute: Dispute | None = None
    grace_period_days: int = 8
    signatory: Signatory | None = None
    issuer: Issuer | None = None
    court: Court | None = None
    hearing: Hearing | None = None
    lawyer: Lawyer | None = None
    evidence: tuple[Evidence, ...] = ()
    ordonnance: Ordonnance | None = None

    @property
    def first_mise_en_demeure(self) -> Reminder | None:
        mdes = [r for r in self.reminders if r.kind == "mise_en_demeure"]
        return min(mdes, key=lambda r: r.date) if mdes else None


@dataclass(frozen=True)
class Warning:
    """A non-blocking remark, in both languages, carried in every answer."""

    code: str
    message_fr: str
    message_en: str
    path: str | None = None

    def as_dict(self) -> dict[str, str]:
        d = {"code": self.code, "message_fr": self.message_fr, "message_en": self.message_en}
        if self.path:
            d["path"] = self.path
        return d
