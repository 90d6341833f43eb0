"""M16 in the letters (issue 12 point 5): a demand letter leaves an invoice whose prescription is
acquired on as_of out of the claim, with the warning time_barred_excluded, unless
options.include_time_barred — and then it threatens no court action."""

import json
from pathlib import Path

import pytest

from service.contract import load_request
from service.documents.generate import generate
from service.documents.registry import KINDS
from tests import pdfcheck

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def old_consumer_raw() -> dict:
    raw = json.loads((GOLDEN / "mise_en_demeure-consumer.case.json").read_text())["case"]
    # a consumer's two years ran out on 1 July 2026 (C. consom. L218-2, from the works)
    raw["invoices"].append({"number": "F-2024-0500", "issue_date": "2024-06-15",
                            "due_date": "2024-07-01", "performed_on": "2024-06-15",
                            "amount_excl_tax": "500.00", "amount_incl_tax": "600.00",
                            "description": "Réparation de volets"})
    return raw


def render(runtime, kind, **options):
    options.setdefault("sign", False)
    raw = old_consumer_raw()
    if kind == "relance":  # a relance comes before any mise en demeure
        raw["reminders"] = [r for r in raw["reminders"] if r.get("kind") != "mise_en_demeure"]
    case, opts = load_request({"case": raw, "options": options}, KINDS[kind])
    return generate(kind, case, opts, runtime)


@pytest.mark.parametrize("kind,options", [("mise_en_demeure", {}), ("relance", {"level": 3})])
def test_m16_a_letter_leaves_the_time_barred_invoice_out_of_the_claim(runtime, kind, options):
    doc = render(runtime, kind, **options)
    text = pdfcheck.flat(doc.content)
    assert "F-2024-0500" not in text
    assert "F-2026-0117" in text
    excluded = [w for w in doc.warnings if w["code"] == "time_barred_excluded"]
    assert excluded and "F-2024-0500" in excluded[0]["message_fr"]
    assert "injonction de payer" in text  # the court action stays announced for the rest


@pytest.mark.parametrize("kind,options", [("mise_en_demeure", {}), ("relance", {"level": 3})])
def test_m16_include_time_barred_claims_it_without_threat_of_court(runtime, kind, options):
    doc = render(runtime, kind, include_time_barred=True, **options)
    text = pdfcheck.flat(doc.content)
    assert "F-2024-0500" in text
    assert "injonction de payer" not in text and "assigner" not in text
    assert "saisir" not in text
    assert not [w for w in doc.warnings if w["code"] == "time_barred_excluded"]
    assert [w for w in doc.warnings if w["code"] == "prescription_acquired"]


def test_m16_the_option_is_published_for_demand_letters_only():
    for kind in ("mise_en_demeure", "relance"):
        assert "include_time_barred" in KINDS[kind].options_schema().fields
    for kind in ("declaration_de_creance", "facture_rectificative", "injonction_de_payer"):
        assert "include_time_barred" not in KINDS[kind].options_schema().fields
