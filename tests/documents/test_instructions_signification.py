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
                         "court": "tribunal des activités économiques de Lyon", **ordo}
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
                    "former opposition", "un mois", "tribunal des activités économiques de Lyon",
                    "1416", "signification à personne",
                    "SELARL LEX EXECUTION", "ME HELENE GARNIER", "LE-2026-778", "2026/1234",
                    "Martin Bâtiment", "Atelier Dupont", "Marie Dupont", "formule exécutoire"):
        assert mention in text, mention
    assert "demande de formule exécutoire" not in text.lower()


def test_sr1_an_ordonnance_already_served_is_not_served_again(runtime):
    # a letter asking to serve and saying service took place contradicts itself: a 422 whose
    # message gives the date enforcement may start (two months after service, CPC 1422)
    with pytest.raises(CaseInvalid) as exc:
        render(runtime, ordonnance_raw(served_on="2026-10-02"))
    error = next(e for e in exc.value.errors if e.path == "case.ordonnance.served_on")
    assert error.code == "already_served"
    assert "2 octobre 2026" in error.message_fr and "3 décembre 2026" in error.message_fr
    doc = render(runtime, ordonnance_raw())
    text = pdfcheck.flat(doc.content)
    assert "La signification ayant eu lieu" not in text and "signifier l’ordonnance" in text
    assert "m’indiquer la date de la signification" in text and "1422" in text
    assert doc.details["enforcement_from"] is None
    # ninth reading 4: « rendue depuis le 1er septembre » is poor French: « rendue après le 31 août
    # 2026 » (the decree applies to orders made from 1 September); « n’avise … qu’en cas
    # d’opposition »
    assert "rendue après le 31 août 2026" in text and "rendue depuis" not in text
    assert "n’avise le créancier qu’en cas d’opposition" in text


def test_sr1_the_opposition_court_is_the_court_of_the_case_not_a_former_one(runtime):
    # Lyon has a TAE since 1 January 2025 and case.court says so: « tribunal de commerce de
    # Lyon » in the 1413 mention would void the deed
    with pytest.raises(CaseInvalid) as exc:
        render(runtime, ordonnance_raw(court="tribunal de commerce de Lyon"))
    error = next(e for e in exc.value.errors if e.path == "case.ordonnance.court")
    assert error.code == "ordonnance_court_mismatch"
    assert "compétente est le tribunal des activités économiques de Lyon" in error.message_fr
    # no court given: the case's
    raw = ordonnance_raw()
    raw["ordonnance"].pop("court")
    text = pdfcheck.flat(render(runtime, raw).content)
    assert "doit être portée (tribunal des activités économiques de Lyon)" in text
    assert "tribunal de commerce" not in text


def test_sr1_the_copy_is_remise_and_the_debtor_s_registered_office_is_given(doc):
    text = pdfcheck.flat(doc.content)
    assert "que le greffe m’a remise (" in text and "m’a remises" not in text
    # one rule for every document (third reading): the seat without service and building lines
    assert "Siège social du débiteur : 45 avenue Roger Salengro, 69100 Villeurbanne." in text
    assert "Bâtiment B, 45" not in text
    assert "Service comptabilité fournisseurs" not in text.split("Mentions de l’acte")[1]


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


def test_sxf1_1416_execution_measure_counts_only_failing_a_personal_service(runtime):
    """Sixth reading 1: CPC 1416 — the first execution measure starts the period only « à
    défaut » of a deed served on the debtor in person."""
    from tests.documents.test_letters_fourth_reading import flat, golden

    text = flat(golden(runtime, "instructions_signification"))
    assert ("qu’à compter du premier acte signifié à personne ou, à défaut, de la première"
            " mesure d’exécution") in text
