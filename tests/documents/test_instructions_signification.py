"""Kind ``instructions_signification``: serving the ordonnance within its time limit."""

from __future__ import annotations

import pytest

from service.contract import load_request
from service.documents.generate import generate
from service.documents.registry import KINDS
from service.errors import CaseInvalid
from tests import pdfcheck
from tests.factories import example_raw


def ordonnance_raw(**ordo):
    raw = example_raw()
    raw["ordonnance"] = {"date": "2026-09-15", "number": "2026/1234",
                         "court": "tribunal de commerce de Lyon", **ordo}
    raw["issuer"] = {"kind": "commissaire_de_justice", "name": "SELARL Lex Exécution",
                     "address": {"street": "8 quai Jean Moulin", "postal_code": "69001",
                                 "city": "Lyon"},
                     "signatory": {"name": "Me Hélène Garnier",
                                   "title": "Commissaire de justice associée"},
                     "mandate_reference": "LE-2026-778"}
    return raw


def render(runtime, raw, **options):
    case, opts = load_request({"case": raw, "options": options},
                              KINDS["instructions_signification"])
    return generate("instructions_signification", case, opts, runtime)


@pytest.fixture(scope="module")
def doc(runtime):
    return render(runtime, ordonnance_raw())


def test_an_ordonnance_of_15_september_2026_is_served_by_15_december(doc):
    assert doc.details["service_deadline"] == "2026-12-15"
    assert doc.details["service_months"] == 3
    assert doc.details["service_months_status"] == "secondary"
    assert "2026-96" in doc.details["service_months_source"]
    text = pdfcheck.flat(doc.content)
    assert "au plus tard le 15 décembre 2026" in text and "trois (3) mois" in text
    assert "non avenue" in text and "1411" in text and "2026-96" in text
    # the unconfirmed source is said in the answer, not in the letter
    assert "parameter_unverified" in [w["code"] for w in doc.warnings]
    assert "V-SECONDARY" not in text


def test_an_ordonnance_before_september_2026_has_six_months(runtime):
    raw = ordonnance_raw(date="2026-08-14")
    doc = render(runtime, raw)
    assert doc.details["service_deadline"] == "2027-02-14"
    assert doc.details["enforcement_from"] is None
    text = pdfcheck.flat(doc.content)
    assert "six (6) mois" in text and "14 février 2027" in text
    assert "1422" not in text and "2026-96" not in text


def test_the_1413_mentions_and_service_to_the_person(doc):
    text = pdfcheck.flat(doc.content)
    for mention in ("1413", "à peine de nullité", "sommer le débiteur soit de payer",
                    "former opposition", "un mois", "tribunal de commerce de Lyon",
                    "prendre connaissance au greffe", "1416", "signification à personne",
                    "SELARL LEX EXECUTION", "ME HELENE GARNIER", "LE-2026-778", "2026/1234",
                    "Martin Bâtiment", "Atelier Dupont", "Marie Dupont", "formule exécutoire"):
        assert mention in text, mention
    assert "demande de formule exécutoire" not in text.lower()


def test_enforcement_may_start_two_months_after_service(runtime):
    doc = render(runtime, ordonnance_raw(served_on="2026-10-02"))
    assert doc.details["enforcement_from"] == "2026-12-03"
    text = pdfcheck.flat(doc.content)
    assert "2 octobre 2026" in text and "à compter du 3 décembre 2026" in text and "1422" in text


def test_without_ordonnance_or_commissaire_it_is_a_422(runtime):
    raw = example_raw()
    raw.pop("ordonnance", None)
    raw.pop("issuer", None)
    with pytest.raises(CaseInvalid) as exc:
        render(runtime, raw)
    paths = [e.path for e in exc.value.errors]
    assert "case.ordonnance" in paths and "case.issuer" in paths


def test_a_lapsed_ordonnance_warns(runtime):
    raw = ordonnance_raw(date="2026-05-04")
    raw["as_of"] = "2026-11-20"
    doc = render(runtime, raw)
    assert doc.details["service_deadline"] == "2026-11-04"
    assert "service_deadline_past" in [w["code"] for w in doc.warnings]
