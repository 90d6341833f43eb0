"""Issue 11, point 10: every letter builds its head and signature context through
``letters.base_context``, so a key the partials read reaches each of them."""

from __future__ import annotations

import pytest

from service.contract import load_request
from service.documents import letters
from service.documents.generate import generate
from service.documents.registry import KINDS
from tests import pdfcheck
from tests.documents.test_bordereau import evidence
from tests.documents.test_facture_rectificative import closed_raw
from tests.documents.test_insolvency_guard import insolvent_raw
from tests.documents.test_instructions_signification import ordonnance_raw
from tests.factories import example_raw

MARK = "RÉF-PARTAGÉE-4711"


def _greffe_raw():
    raw = example_raw()
    raw["evidence"] = evidence()
    return raw


CASES = {
    "declaration_de_creance": (insolvent_raw, {}),
    "facture_rectificative": (closed_raw, {"number": "AV-2026-0007",
                                           "invoices": ["F-2026-0117", "F-2026-0152"],
                                           "vat_chargeability": "debits"}),
    "instructions_signification": (ordonnance_raw, {}),
    "lettre_greffe": (_greffe_raw, {}),
}


@pytest.fixture
def marked(monkeypatch):
    """The shared context patched to print another reference in the head (« Nos réf. »)."""
    shared = letters.base_context

    def base_context(*args, **kwargs):
        base = shared(*args, **kwargs)
        base.context["reference"] = MARK
        return base

    monkeypatch.setattr(letters, "base_context", base_context)


@pytest.mark.parametrize("kind", sorted(CASES))
@pytest.mark.usefixtures("marked")
def test_i11_10_a_key_set_by_base_context_reaches_the_letter(runtime, kind):
    """Each of the four letters, once hand-built, prints the reference the shared context
    sets."""
    make_raw, options = CASES[kind]
    case, opts = load_request({"case": make_raw(), "options": options}, KINDS[kind])
    doc = generate(kind, case, opts, runtime)
    head = pdfcheck.words(doc.content, page=1)
    assert MARK in [w[0] for w in head], kind


@pytest.mark.usefixtures("marked")
def test_i11_10_the_injonction_cover_letter_shares_the_context_too(runtime):
    case, opts = load_request({"case": _greffe_raw(), "options": {"cover_letter": True}},
                              KINDS["injonction_de_payer"])
    doc = generate("injonction_de_payer", case, opts, runtime)
    first = pdfcheck.text(doc.content).split("\f")[0]
    assert MARK in first and "Madame, Monsieur le Greffier" in first
