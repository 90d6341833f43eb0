"""The December 2026 reviews of the drafts, the bordereau and the pièces (legal review F, A, B1,
I11; visual review C, P, T): one test per finding, each reading the document from the outside."""

from __future__ import annotations

import pytest

from service.contract import load_request
from service.documents.generate import generate
from service.documents.registry import KINDS
from service.errors import CaseInvalid
from tests.documents.test_bordereau import evidence
from tests.factories import copy_raw, example_raw


def render(runtime, kind, raw, **options):
    case, opts = load_request({"case": raw, "options": options}, KINDS[kind])
    return generate(kind, case, opts, runtime)


def with_evidence(raw=None):
    raw = copy_raw(raw or example_raw())
    raw["evidence"] = evidence()  # « Facture F-2026-0117 », « Procès-verbal de réception »
    return raw


def _missing(doc) -> dict[str, str]:
    return {w["path"]: w["message_fr"] for w in doc.warnings if w["code"] == "piece_missing"}


@pytest.mark.parametrize("kind", ["refere_provision", "assignation", "injonction_de_payer"])
def test_i11_f5_an_invoice_or_terms_without_a_piece_is_a_warning_on_every_filing(runtime, kind):
    doc = render(runtime, kind, with_evidence())
    missing = _missing(doc)
    # F-2026-0152 has no pièce, the CGV cited (article 9) are not produced; F-2026-0117 has one
    assert set(missing) == {"case.invoices[1]", "case.terms.reference"}
    assert "F-2026-0152" in missing["case.invoices[1]"]
    assert "Conditions générales de vente, article 9" in missing["case.terms.reference"]


def test_i11_f5_no_warning_once_every_invoice_and_the_terms_are_produced(runtime):
    raw = with_evidence()
    raw["evidence"] += [dict(raw["evidence"][0], title="Facture F-2026-0152"),
                        dict(raw["evidence"][0], title="Conditions générales de vente")]
    assert _missing(render(runtime, "refere_provision", raw)) == {}


@pytest.mark.parametrize("kind", ["refere_provision", "assignation"])
def test_i11_f5_strict_pieces_makes_a_missing_piece_a_422(runtime, kind):
    with pytest.raises(CaseInvalid) as exc:
        render(runtime, kind, with_evidence(), strict_pieces=True)
    found = {(e.path, e.code) for e in exc.value.errors}
    assert found == {("case.invoices[1]", "piece_missing"),
                     ("case.terms.reference", "piece_missing")}


def test_i11_strict_pieces_is_declared_by_the_filing_kinds():
    for kind in ("refere_provision", "assignation"):
        assert "strict_pieces" in KINDS[kind].options_schema().fields
