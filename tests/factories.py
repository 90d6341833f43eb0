"""Small builders of domain objects and raw case JSON for the tests."""

from __future__ import annotations

import copy
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from service.model import (
    Address,
    Case,
    Invoice,
    Party,
    Payment,
    Reminder,
    Representative,
    Signatory,
    SuppliedRate,
    Terms,
)

# The contract's example lives in shared/spec beside the checkout; a copy is committed for
# machines that have only the repository (tests/test_contract checks the two are identical).
_SHARED = Path(__file__).resolve().parents[2] / "shared" / "spec" / "case.example.json"
EXAMPLE = _SHARED if _SHARED.exists() else Path(__file__).parent / "fixtures" / "case.example.json"


def example_raw(*, evidence: bool = False) -> dict[str, Any]:
    """The contract's example case (``shared/spec/case.example.json``), evidence stripped."""
    raw = json.loads(EXAMPLE.read_text(encoding="utf-8"), parse_float=Decimal)
    if not evidence:
        raw.pop("evidence", None)
    return raw


# the first presentation of the consumer case's mise en demeure of 1 October 2026 (a Thursday):
# a court filing against a consumer needs it (third reading 1)
MDE_PRESENTED = "2026-10-05"


def consumer_raw(*, received_on: str | None = None) -> dict[str, Any]:
    """The example case against a consumer, with a mise en demeure of 1 October 2026
    (``received_on`` when given: a filing needs it, :data:`MDE_PRESENTED`)."""
    raw = example_raw()
    raw["debtor"] = {
        "type": "individual", "civility": "Mme", "first_name": "Claire", "last_name": "Lefèvre",
        "activity": "consumer",
        "address": {"street": "8 rue Félix Poulat", "postal_code": "38000", "city": "Grenoble"},
    }
    raw["reminders"].append({"date": "2026-10-01", "kind": "mise_en_demeure", "channel": "lrar"})
    if received_on is not None:
        raw["reminders"][-1]["received_on"] = received_on
    return raw


def private_creditor_raw(*, received_on: str | None = None) -> dict[str, Any]:
    raw = consumer_raw(received_on=received_on)
    raw["creditor"] = {
        "type": "individual", "civility": "M.", "first_name": "Jean", "last_name": "Moreau",
        "activity": "consumer",
        "address": {"street": "3 place Bellecour", "postal_code": "69002", "city": "Lyon"},
        "bank": {"iban": "FR7630006000011234567890189"},
    }
    raw["signatory"] = {"name": "Jean Moreau", "title": "Créancier", "place": "Lyon"}
    return raw


def copy_raw(raw: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(raw)


ADDR = Address(street="1 rue de la Paix", postal_code="75002", city="Paris")


def company(name: str = "Client SAS", activity: str = "commercial") -> Party:
    return Party(type="company", name=name, address=ADDR, activity=activity,  # type: ignore[arg-type]
                 legal_form="SAS", siren="732829320",
                 representative=Representative("Paul Martin", "Président"))


def consumer() -> Party:
    return Party(type="individual", name="Claire Lefèvre", address=ADDR, activity="consumer",
                 first_name="Claire", last_name="Lefèvre", civility="Mme")


def private_person() -> Party:
    return Party(type="individual", name="Jean Moreau", address=ADDR, activity="consumer",
                 first_name="Jean", last_name="Moreau")


def inv(number: str, amount: str, due: str, issued: str | None = None) -> Invoice:
    due_d = date.fromisoformat(due)
    return Invoice(number=number, issue_date=date.fromisoformat(issued) if issued else due_d,
                   due_date=due_d, amount_incl_tax=Decimal(amount))


def pay(day: str, amount: str, invoice: str | None = None) -> Payment:
    return Payment(date=date.fromisoformat(day), amount=Decimal(amount), invoice=invoice)


def mde(day: str) -> Reminder:
    return Reminder(date=date.fromisoformat(day), kind="mise_en_demeure", channel="lrar")


def make_case(
    invoices: list[Invoice],
    *,
    as_of: str,
    payments: list[Payment] | None = None,
    debtor: Party | None = None,
    creditor: Party | None = None,
    rate: str | None = None,
    flat_indemnity: bool = True,
    reminders: list[Reminder] | None = None,
    supplied: list[SuppliedRate] | None = None,
) -> Case:
    return Case(
        reference="T-1",
        as_of=date.fromisoformat(as_of),
        creditor=creditor or company("Fournisseur SARL"),
        debtor=debtor or company(),
        invoices=tuple(invoices),
        payments=tuple(payments or ()),
        terms=Terms(late_penalty_rate=Decimal(rate) if rate else None,
                    flat_indemnity=flat_indemnity, rates=tuple(supplied or ())),
        reminders=tuple(reminders or ()),
        signatory=Signatory("Marie Dupont", "Gérante", "Paris"),
    )
