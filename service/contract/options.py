"""Document options (``{"case": ..., "options": ...}``): the options every kind shares, which
each kind extends with its own schema (``KindSpec.options_schema``).

A schema loads into a frozen options object with every default applied, once: the kinds and
the pipeline read ``options.sign``, ``options.postage.level``… and never a default of their own.
``draft`` and ``attach_evidence`` accept null (then the kind's default, a class attribute of
its schema).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, ClassVar

from marshmallow import post_load

from service.contract.case import Base, nested
from service.contract.fields import Choice, Text, bool_field, int_field
from service.contract.plan import channel_field

SIGNATURE_LEVELS = ("PAdES-B-B", "PAdES-B-T", "PAdES-B-LT")
# WeasyPrint's variants: PDF/A-3b (the default), PDF/A-3a (tagged: structure tree, reading
# order), PDF/UA-1 (tagged, accessible; no PDF/A claim). Tagged variants are for documents
# rendered wholly from HTML (not a Cerfa form nor pièces, which carry no tags).
PDF_VARIANTS = ("pdf/a-3b", "pdf/a-3a", "pdf/ua-1")
ISSUERS = ("creditor", "commissaire_de_justice", "avocat")


@dataclass(frozen=True)
class PostageOptions:
    level: str = "R1"
    avis_de_reception: bool = True
    duplex: bool = False
    address_sheet: bool | None = None  # None: yes when the letter goes in a C4 (W7)
    registered: bool | None = None  # None: the kind's default
    tracking_number: str | None = None


@dataclass(frozen=True)
class Options:
    """The options every kind reads; a kind's own options subclass it."""

    sign: bool = True
    signature_level: str = "PAdES-B-B"
    pdfa: bool = True
    pdf_variant: str = "pdf/a-3b"
    draft: bool = False
    format: str = "pdf"
    postage: PostageOptions = field(default_factory=PostageOptions)
    attach_evidence: bool = False
    # the schema that loaded these options (its kind's defaults were applied)
    loaded_by: type | None = field(default=None, compare=False, repr=False)

    def as_dict(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "loaded_by"}
        out["postage"] = {f.name: getattr(self.postage, f.name) for f in fields(self.postage)}
        return out


class PostageOptionsSchema(Base):
    level = Choice(("R1", "R2", "R3"), load_default="R1")
    avis_de_reception = bool_field(load_default=True)
    duplex = bool_field(load_default=False)
    address_sheet = bool_field(allow_none=True, load_default=None, metadata={
        "description": "put an address sheet (feuille porte-adresse) in front of the letter,"
                       " its block where the C4 window shows it; default (null): yes when the"
                       " letter alone exceeds 5 sheets and goes flat in a C4 envelope"})
    registered = bool_field(allow_none=True, load_default=None, metadata={
        "description": "post as a registered letter; default per kind (relance level 3, mise en"
                       " demeure: yes)"})
    tracking_number = Text(max_length=20, allow_none=True, load_default=None)

    @post_load
    def make(self, data: dict[str, Any], **_: Any) -> PostageOptions:
        return PostageOptions(**data)


class CommonOptionsSchema(Base):
    """The options of every kind. A kind's schema derives from it, adds its fields, names its
    options class and, where they differ, its ``draft`` / ``attach_evidence`` defaults."""

    options_class: ClassVar[type[Options]] = Options
    draft_default: ClassVar[bool] = False
    attach_evidence_default: ClassVar[bool] = False

    sign = bool_field(load_default=True)
    signature_level = Choice(SIGNATURE_LEVELS, load_default="PAdES-B-B")
    pdfa = bool_field(load_default=True)
    pdf_variant = Choice(PDF_VARIANTS, load_default="pdf/a-3b", metadata={
        "description": "with pdfa true: pdf/a-3b (default), pdf/a-3a or pdf/ua-1 (tagged PDF,"
                       " for documents rendered wholly from HTML, the free-form requête included: not"
                       " an official Cerfa form nor a document with its pièces)"})
    draft = bool_field(allow_none=True, load_default=None, metadata={
        "description": "watermark; null or absent: the kind's default"})
    format = Choice(("pdf", "docx"), load_default="pdf")
    postage = nested(PostageOptionsSchema, load_default=PostageOptions)
    attach_evidence = bool_field(allow_none=True, load_default=None, metadata={
        "description": "court filings: append the bordereau and the pièces; null or absent:"
                       " the kind's default"})

    @post_load
    def make(self, data: dict[str, Any], **_: Any) -> Options:
        if data.get("draft") is None:
            data["draft"] = self.draft_default
        if data.get("attach_evidence") is None:
            data["attach_evidence"] = self.attach_evidence_default
        if isinstance(data.get("postage"), dict):  # load_default is not loaded
            data["postage"] = PostageOptions(**data["postage"])
        return self.options_class(**data, loaded_by=type(self))


# ---------------------------------------------------------------------------- shared extensions


@dataclass(frozen=True)
class LetterOptions(Options):
    lrar: bool | None = None  # None: as registered
    channel: str | None = None  # None: lrar when registered, else lettre_simple


class LetterOptionsSchema(CommonOptionsSchema):
    options_class = LetterOptions
    lrar = bool_field(allow_none=True, load_default=None, metadata={
        "description": "print « Lettre recommandée avec demande d’avis de réception » (default: as"
                       " postage.registered)"})
    channel = channel_field(load_default=None)


@dataclass(frozen=True)
class DemandLetterOptions(LetterOptions):
    """A letter that demands payment of the claim from the debtor (relance, mise en demeure)."""

    include_time_barred: bool = False


class DemandLetterOptionsSchema(LetterOptionsSchema):
    options_class = DemandLetterOptions
    include_time_barred = bool_field(load_default=False, metadata={
        "description": "claim the invoices whose prescription is acquired on as_of too (default"
                       " false: they are left out of the sum claimed, with the warning"
                       " time_barred_excluded); when true, the letter threatens no court action"})


@dataclass(frozen=True)
class IssuerLetterOptions(DemandLetterOptions):
    issuer: str = "creditor"


class IssuerLetterOptionsSchema(DemandLetterOptionsSchema):
    options_class = IssuerLetterOptions
    issuer = Choice(ISSUERS, load_default="creditor")


@dataclass(frozen=True)
class FilingOptions(Options):
    """The options of a court filing (requête, référé, assignation)."""

    strict_pieces: bool = False


class FilingOptionsSchema(CommonOptionsSchema):
    options_class = FilingOptions
    strict_pieces = bool_field(load_default=False, metadata={
        "description": "court filings: a claimed invoice no pièce produces, or general terms"
                       " cited (terms.reference) and not produced, is a 422 piece_missing"
                       " instead of a warning (default false)"})


__all__ = ["CommonOptionsSchema", "FilingOptions", "FilingOptionsSchema", "IssuerLetterOptions",
           "IssuerLetterOptionsSchema",
           "LetterOptions", "LetterOptionsSchema", "Options", "PostageOptions",
           "PostageOptionsSchema", "SIGNATURE_LEVELS", "ISSUERS", "int_field", "Text",
           "Choice", "bool_field"]
