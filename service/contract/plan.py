"""``options.plan`` of the échéancier and ``options.channel`` of posted letters."""

from __future__ import annotations

from typing import Any

from marshmallow import post_load, validates_schema

from service.contract.case import Base, many
from service.contract.fields import Choice, Money, date_field, fail, int_field
from service.law.instalments import MAX_INSTALMENTS, PERIODICITIES, PlanRequest
from service.model import POSTAL_CHANNELS as CHANNELS


class InstalmentSchema(Base):
    date = date_field(required=True)
    amount = Money(required=True)


class PlanSchema(Base):
    """Either ``count`` + ``first_date`` (+ ``periodicity``, monthly by default), or
    ``instalments``: [{date, amount}] that add up to the total due."""

    count = int_field(allow_none=True, metadata={"description": f"1 to {MAX_INSTALMENTS}"})
    first_date = date_field(allow_none=True)
    periodicity = Choice(PERIODICITIES, allow_none=True, load_default="monthly")
    instalments = many(InstalmentSchema, allow_none=True)

    @validates_schema
    def one_form(self, data: dict[str, Any], **_: Any) -> None:
        explicit = data.get("instalments")
        regular = data.get("count") is not None or data.get("first_date") is not None
        if explicit and regular:
            raise fail("plan_ambiguous",
                       "Donnez soit count et first_date, soit instalments, pas les deux.",
                       "Give either count and first_date, or instalments, not both.")
        if not explicit:
            missing = [k for k in ("count", "first_date") if data.get(k) is None]
            if missing:
                raise fail("plan_incomplete",
                           "Échéancier incomplet : count et first_date, ou instalments.",
                           f"Incomplete plan: missing {', '.join(missing)} (or give"
                           " instalments).")

    @post_load
    def make(self, data: dict[str, Any], **_: Any) -> PlanRequest:
        items = tuple((i["date"], i["amount"]) for i in data.get("instalments") or ())
        if items:
            return PlanRequest(instalments=items)
        return PlanRequest(count=data["count"], first_date=data["first_date"],
                           periodicity=data.get("periodicity") or "monthly")


def channel_field(**kwargs: Any) -> Choice:
    return Choice(CHANNELS, allow_none=True, metadata={
        "description": "how the letter travels: lrar (default for registered kinds) |"
                       " lre_qualifiee (qualified electronic registered letter; to a"
                       " consumer only with case.debtor.lre_consent) | lettre_suivie |"
                       " lettre_simple"}, **kwargs)
