"""Document options (``{"case": ..., "options": ...}``), common to every kind."""

from __future__ import annotations

from typing import Any

from marshmallow import post_load

from service.contract.case import Base, nested
from service.contract.fields import Choice, Text, bool_field, int_field
from service.contract.plan import PlanSchema, channel_field

SIGNATURE_LEVELS = ("PAdES-B-B", "PAdES-B-T", "PAdES-B-LT")


class PostageOptionsSchema(Base):
    level = Choice(("R1", "R2", "R3"), load_default="R1")
    avis_de_reception = bool_field(load_default=True)
    duplex = bool_field(load_default=False)
    address_sheet = bool_field(load_default=False)
    registered = bool_field(allow_none=True, metadata={
        "description": "post as a registered letter; default per kind (relance level 3, mise en"
                       " demeure: yes)"})
    tracking_number = Text(max_length=20, allow_none=True)


class OptionsSchema(Base):
    sign = bool_field(load_default=True)
    signature_level = Choice(SIGNATURE_LEVELS, load_default="PAdES-B-B")
    pdfa = bool_field(load_default=True)
    draft = bool_field(allow_none=True)
    format = Choice(("pdf", "docx"), load_default="pdf")
    postage = nested(PostageOptionsSchema, load_default=dict)
    attach_evidence = bool_field(allow_none=True)
    level = int_field(allow_none=True, metadata={"description": "relance level: 1, 2 or 3"})
    issuer = Choice(("creditor", "commissaire_de_justice", "avocat"), load_default="creditor")
    flatten = bool_field(load_default=True)
    referral_1408 = Text(max_length=200, allow_none=True, metadata={
        "description": "injonction de payer: ask, under CPC art. 1408, that the case be sent to the"
                       " named court if the debtor opposes the order; the court's name (empty:"
                       " the box stays unticked)"})
    lrar = bool_field(allow_none=True, metadata={
        "description": "print « Lettre recommandée avec accusé de réception » (default per kind)"})
    channel = channel_field()
    plan = nested(PlanSchema, allow_none=True, metadata={
        "description": "echeancier: {count, first_date, periodicity} or {instalments: [{date,"
                       " amount}]}"})
    notice_days = int_field(allow_none=True, metadata={
        "description": "echeancier: days the notice before acceleration leaves (default 15)"})

    @post_load
    def fill(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        postage = data.get("postage") or {}
        for key, default in (("level", "R1"), ("avis_de_reception", True), ("duplex", False),
                             ("address_sheet", False)):
            postage.setdefault(key, default)
        data["postage"] = postage
        return data
