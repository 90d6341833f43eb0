"""The case contract: the example loads; every fault is reported at once with its path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.api.openapi import json_schemas
from service.contract import load_case, load_request
from service.errors import CaseInvalid
from service.paths import SCHEMAS
from tests.factories import EXAMPLE, copy_raw, example_raw


def faults(raw) -> dict[str, str]:
    with pytest.raises(CaseInvalid) as exc:
        load_case(raw)
    for e in exc.value.errors:
        assert e.message_fr and e.message_en and e.message_fr != e.message_en
    return {e.path: e.code for e in exc.value.errors}


def test_committed_example_copy_is_the_contract_example():
    copy = Path(__file__).resolve().parents[1] / "fixtures" / "case.example.json"
    assert json.loads(copy.read_text()) == json.loads(EXAMPLE.read_text())


def test_example_case_loads_with_decimal_amounts():
    case = load_case(example_raw(evidence=True))
    assert case.invoices[0].amount_incl_tax == __import__("decimal").Decimal("4800.00")
    assert case.debtor.activity == "commercial" and case.creditor.bank.iban.startswith("FR76")
    assert len(case.evidence) == 2


def test_every_fault_is_listed_with_its_path():
    raw = copy_raw(example_raw())
    raw["invoices"][1]["due_date"] = "2026-01-01"  # before its issue date
    raw["invoices"][0]["amount_incl_tax"] = "12.345"  # three decimals
    raw["creditor"]["siren"] = "123456789"  # Luhn fails
    raw["creditor"]["bank"]["iban"] = "FR7630006000011234567890188"  # check digits fail
    raw["creditor"]["bank"]["bic"] = "XX"
    raw["debtor"]["address"]["postal_code"] = "6910"
    raw["payments"][0]["invoice"] = "F-9999"  # unknown invoice
    raw["payments"].append({"date": "2026-12-01", "amount": "10.00"})  # after as_of
    raw["invoices"].append(dict(raw["invoices"][0], amount_incl_tax="10.00", amount_excl_tax=None))
    raw["terms"]["late_penalty_rate"] = "12"  # 1200 %
    raw["debtor"]["sirne"] = "typo"
    raw["payments"][0]["amount"] = "-5"
    got = faults(raw)
    assert got == {
        "case.invoices[1].due_date": "due_before_issue",
        "case.invoices[0].amount_incl_tax": "too_many_decimals",
        "case.creditor.siren": "invalid_siren",
        "case.creditor.bank.iban": "invalid_iban",
        "case.creditor.bank.bic": "invalid_bic",
        "case.debtor.address.postal_code": "invalid_postal_code",
        "case.payments[0].amount": "amount_not_positive",
        "case.payments[1].date": "after_as_of",
        "case.invoices[2].number": "duplicate_invoice",
        "case.terms.late_penalty_rate": "rate_out_of_range",
        "case.debtor.sirne": "unknown_field",
    } | {k: v for k, v in got.items() if k == "case.payments[0].invoice"}
    assert got.get("case.payments[0].invoice") in (None, "unknown_invoice")


def test_an_unknown_field_named_with_a_superscript_digit_is_a_422_not_a_500():
    raw = copy_raw(example_raw())
    raw["debtor"]["address"]["²"] = 0  # « ² ».isdigit() is true, int("²") fails
    assert faults(raw)["case.debtor.address.²"] == "unknown_field"


def test_payment_naming_an_unknown_invoice():
    raw = copy_raw(example_raw())
    raw["payments"][0]["invoice"] = "F-9999"
    assert faults(raw) == {"case.payments[0].invoice": "unknown_invoice"}


def test_missing_mandatory_fields_and_wrong_types():
    raw = copy_raw(example_raw())
    del raw["debtor"]["address"]
    del raw["invoices"][0]["number"]
    raw["invoices"][1]["issue_date"] = "15/06/2026"
    raw["grace_period_days"] = "8"
    raw["creditor"]["vat_number"] = "FR00000000000"
    got = faults(raw)
    assert got["case.debtor.address"] == "required"
    assert got["case.invoices[0].number"] == "required"
    assert got["case.invoices[1].issue_date"] == "invalid_date"
    assert got["case.grace_period_days"] == "invalid_type"
    assert got["case.creditor.vat_number"] == "invalid_vat"


def test_activity_is_derived_from_the_legal_form_or_required():
    raw = copy_raw(example_raw())
    del raw["debtor"]["activity"]
    assert load_case(raw).debtor.activity == "commercial"  # SAS
    raw["debtor"]["legal_form"] = "SCI"
    assert faults(raw) == {"case.debtor.activity": "required"}


def test_siret_and_vat_must_match_the_siren():
    raw = copy_raw(example_raw())
    raw["creditor"]["siret"] = "40483304800022"  # valid SIRET of another SIREN
    assert faults(raw) == {"case.creditor.siret": "siret_siren_mismatch"}


def test_as_of_defaults_to_today():
    from service.clock import today_paris

    raw = copy_raw(example_raw())
    del raw["as_of"]
    raw["payments"] = []
    raw["reminders"] = []
    assert load_case(raw).as_of == today_paris()


def test_request_envelope_errors_are_reported_together():
    with pytest.raises(CaseInvalid) as exc:
        load_request({"case": {"reference": "X"}, "options": {"level": "two"}, "extra": 1})
    paths = {e.path for e in exc.value.errors}
    assert {"extra", "options.level", "case.creditor", "case.debtor", "case.invoices"} <= paths


def test_published_json_schemas_are_current():
    for name, schema in json_schemas().items():
        path = SCHEMAS / f"{name}.schema.json"
        assert path.exists(), f"run python -m service.api.openapi to write {path.name}"
        assert json.loads(path.read_text()) == schema, f"{path.name} is stale: regenerate it"


def test_case_json_schema_describes_the_contract_fields():
    schema = json_schemas()["Case"]
    assert {"reference", "creditor", "debtor", "invoices", "terms"} <= set(schema["properties"])
    assert schema["additionalProperties"] is False
