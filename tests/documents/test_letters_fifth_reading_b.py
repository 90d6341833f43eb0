"""The practitioner's fifth reading of the letters and the décompte (findings 4, 6 and 7), read
back from the PDF of the golden cases (tests/golden/*.case.json) and of variants."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from service.contract import load_request
from service.documents.generate import generate
from service.documents.registry import KINDS
from tests import pdfcheck
from tests.factories import copy_raw

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
_CACHE: dict[str, Any] = {}


def fixture(name: str) -> tuple[str, dict[str, Any], dict[str, Any]]:
    data = json.loads((GOLDEN / f"{name}.case.json").read_text(encoding="utf-8"))
    return str(data["kind"]), data["case"], dict(data.get("options") or {})


def render(runtime, kind: str, raw: dict[str, Any], options: dict[str, Any]):
    case, opts = load_request({"case": raw, "options": {**options, "sign": False}}, KINDS[kind])
    return generate(kind, case, opts, runtime)


def golden(runtime, name: str):
    """The golden case's document, rendered once per test session."""
    if name not in _CACHE:
        kind, raw, options = fixture(name)
        _CACHE[name] = render(runtime, kind, raw, options)
    return _CACHE[name]


def flat(doc) -> str:
    return pdfcheck.flat(doc.content)


# ------------------------------------- 4: the indemnity is due for each invoice unpaid when due

@pytest.mark.parametrize("name", ["mise_en_demeure", "mise_en_demeure-avocat",
                                  "mise_en_demeure-commissaire"])
def test_fv4_notice_grants_the_indemnity_for_each_invoice_unpaid_at_its_due_date(runtime, name):
    text = flat(golden(runtime, name))
    assert "payée en retard" not in text
    assert ("chaque facture non réglée à son échéance ouvre droit à une indemnité forfaitaire"
            " pour frais de recouvrement de 40,00 €") in text


def test_fv4_decompte_grants_the_indemnity_per_invoice_unpaid_at_its_due_date(runtime):
    text = flat(golden(runtime, "decompte"))
    assert "payée en retard" not in text
    assert ("indemnité forfaitaire pour frais de recouvrement par facture non réglée à son"
            " échéance (C. com. art. L441-10 II et D441-5)") in text


@pytest.mark.parametrize("name", ["relance-1", "relance-2", "relance-3", "decompte-consumer"])
def test_fv4_no_other_letter_says_paid_late(runtime, name):
    assert "payée en retard" not in flat(golden(runtime, name))


# ------------------------------- 6: principal first is the creditor's waiver of C. civ. 1343-1

def test_fv6_decompte_principal_first_is_the_creditors_waiver_of_article_1343_1(runtime):
    text = flat(golden(runtime, "decompte"))
    assert ("; il s’impute sur le principal, le créancier renonçant à l’imputation prioritaire"
            " sur les pénalités échues (C. civ. art. 1343-1).") in text


def test_fv6_consumer_decompte_keeps_interest_first(runtime):
    text = flat(golden(runtime, "decompte-consumer"))
    assert ("il paie d’abord les intérêts échus et non payés à sa date, puis le principal"
            " (C. civ. art. 1343-1).") in text
    assert "renonçant" not in text


def test_fv6_interest_first_on_request_between_professionals_states_no_waiver(runtime):
    kind, raw, options = fixture("decompte")
    raw = copy_raw(raw)
    raw.setdefault("terms", {})["imputation"] = "interest_first"
    text = flat(render(runtime, kind, raw, options))
    assert "renonçant" not in text
    assert "puis le principal (C. civ. art. 1343-1)." in text


# ------------------------------------- 7: the creditor certifies the décompte above the signature

def _signature_page(pdf: bytes) -> list[tuple[str, float, float, float, float]]:
    for page in range(1, pdfcheck.pages(pdf) + 1):
        boxes = pdfcheck.words(pdf, page)
        if any(w == "Établi" for w, *_ in boxes):
            return boxes
    raise AssertionError("no signature block")


@pytest.mark.parametrize("name", ["decompte", "decompte-consumer"])
def test_fv7_decompte_is_certified_true_just_above_the_signature(runtime, name):
    doc = golden(runtime, name)
    assert "Certifié sincère et véritable." in flat(doc)
    boxes = _signature_page(doc.content)
    certified = next(b for b in boxes if b[0] == "Certifié")
    made = next(b for b in boxes if b[0] == "Établi")
    signer = next(b for b in boxes if b[0] == "Dupont" and b[2] > made[2])
    # same column, the certification line right above « Établi à … » and the signer's name
    assert abs(certified[1] - made[1]) < 1
    assert certified[2] < made[2] < signer[2]
    assert made[2] - certified[2] < 30
    # the added line does not push the totals and the signature onto a third page
    assert pdfcheck.pages(doc.content) == 2
