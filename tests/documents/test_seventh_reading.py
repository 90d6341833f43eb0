"""The practitioner's seventh reading, read back from the PDF: a reminder can only have
claimed the invoices already due on its date (a courriel of 10 June cannot have claimed an
invoice issued on 15 June), and one sent before any of them fell due claimed none."""

from __future__ import annotations

import pytest

from service.contract import load_request
from service.documents.generate import generate
from service.documents.registry import KINDS
from tests import pdfcheck
from tests.factories import copy_raw, example_raw, private_creditor_raw


def text(runtime, kind, raw, **options) -> str:
    case, opts = load_request({"case": raw, "options": {"sign": False, **options}}, KINDS[kind])
    return pdfcheck.flat(generate(kind, case, opts, runtime).content)


def _no_mise_en_demeure(raw: dict) -> dict:
    raw = copy_raw(raw)
    raw["reminders"] = [r for r in raw["reminders"] if r["kind"] == "relance"]
    return raw


@pytest.mark.parametrize("level", [2, 3])
def test_sv7_letters_a_reminder_names_the_invoices_due_on_its_date(runtime, level):
    # the example: F-2026-0117 due 3 June, F-2026-0152 issued 15 June; courriel of 10 June
    raw = _no_mise_en_demeure(example_raw())
    flat = text(runtime, "relance", raw, level=level)
    if level == 2:
        assert "10 juin 2026 (courriel, facture F-2026-0117)" in flat
        assert "20 juillet 2026 (appel téléphonique)" in flat
    else:
        assert "courriel du 10 juin 2026, facture F-2026-0117 ;" in flat


def test_sv7_letters_the_private_creditor_too(runtime):
    flat = text(runtime, "relance", _no_mise_en_demeure(private_creditor_raw()), level=2)
    assert "10 juin 2026 (courriel, facture F-2026-0117)" in flat


def test_sv7_letters_mise_en_demeure_and_filings(runtime):
    flat = text(runtime, "mise_en_demeure", _no_mise_en_demeure(example_raw()))
    assert "relance par courriel du 10 juin 2026 (facture F-2026-0117) ;" in flat
    assert "appel téléphonique du 20 juillet 2026 ;" in flat
    flat = text(runtime, "assignation", example_raw())
    assert "relance par courriel du 10 juin 2026, facture F-2026-0117 ;" in flat


def test_sv7_letters_a_reminder_before_every_due_date_is_not_recalled(runtime):
    raw = _no_mise_en_demeure(example_raw())
    raw["reminders"].insert(0, {"date": "2026-05-20", "kind": "relance", "channel": "email"})
    flat = text(runtime, "mise_en_demeure", raw)
    assert "20 mai 2026" not in flat
    assert "réclamée à plusieurs reprises" in flat


def test_sv7_letters_no_scope_when_every_invoice_was_due(runtime):
    raw = _no_mise_en_demeure(example_raw())
    raw["reminders"] = [r for r in raw["reminders"] if r["date"] > "2026-07-15"]
    flat = text(runtime, "mise_en_demeure", raw)
    assert "(facture F-2026-0117)" not in flat and "facture F-2026-0117 ;" not in flat


def test_sv7_letters_a_long_scope_is_counted_not_listed(runtime):
    raw = _no_mise_en_demeure(example_raw())
    base = raw["invoices"][0]
    raw["invoices"] = [{**base, "number": f"F-2026-01{n:02d}"} for n in range(10, 15)] \
        + raw["invoices"][1:]
    raw["payments"] = []
    flat = text(runtime, "mise_en_demeure", raw)
    assert "relance par courriel du 10 juin 2026 (les 5 factures alors échues) ;" in flat


def test_sv7_letters_a_time_barred_invoice_left_out_is_not_named_in_the_reminders(runtime):
    """The reminders' scope is the claim's invoices: an invoice a letter leaves out (M16) is
    not named there either (tests/documents/test_time_barred_letters.py has the case)."""
    from tests.documents.test_time_barred_letters import render as barred
    flat = pdfcheck.flat(barred(runtime, "mise_en_demeure").content)
    assert "F-2024-0500" not in flat
