"""Kind ``lettre_greffe`` and ``options.cover_letter`` of ``injonction_de_payer``."""

from __future__ import annotations

import pytest

from service.contract import load_request
from service.documents.generate import generate
from service.documents.greffe_letter import greffe_name
from service.documents.registry import KINDS
from service.errors import CaseInvalid
from tests import pdfcheck
from tests.documents.test_bordereau import evidence
from tests.factories import consumer_raw, example_raw

AGENT = {"kind": "mandataire", "name": "Recouvre Conseil SAS",
         "address": {"street": "20 rue Childebert", "postal_code": "69002", "city": "Lyon"},
         "email": "depot@recouvre-conseil.example",
         "signatory": {"name": "Julien Morel", "title": "Chargé de recouvrement"}}


def greffe_raw(**extra):
    raw = example_raw()
    raw["evidence"] = evidence()
    raw.update(extra)
    return raw


def render(runtime, raw, kind="lettre_greffe", **options):
    case, opts = load_request({"case": raw, "options": options}, KINDS[kind])
    return generate(kind, case, opts, runtime)


@pytest.fixture(scope="module")
def doc(runtime):
    return render(runtime, greffe_raw())


def test_the_letter_names_the_court_the_parties_and_each_enclosure(doc):
    text = pdfcheck.flat(doc.content)
    for mention in ("GREFFE DU TAE DE LYON", "44 RUE DE BONNEL",
                    "Monsieur le Président du tribunal des activités économiques de Lyon",
                    "Atelier Dupont c/ Martin Bâtiment", "DOS-2026-0042", "1405",
                    "requête en injonction de payer (formulaire Cerfa n° 12946*02)",
                    "bordereau des pièces", "pièce n° 1 : Facture F-2026-0117 du 04/05/2026",
                    "pièce n° 2 : Procès-verbal de réception", "1410", "formule exécutoire",
                    "pièces produites", "Marie Dupont"):
        assert mention in text, mention
    assert "pouvoir spécial" not in text
    assert doc.details["pieces"] == 2 and doc.details["special_power"] is False


def test_the_1425_consignation_gives_the_dated_fee_and_the_cheque(doc):
    text = pdfcheck.flat(doc.content)
    assert "1425" in text and "quinze jours" in text and "caducité" in text
    assert "chèque de 25,19 €" in text
    assert doc.details["consignation"] is True and doc.details["court_fee_eur"] == "25.19"
    assert "court_fee_unverified" in [w["code"] for w in doc.warnings]


def test_payment_by_transfer(runtime):
    doc = render(runtime, greffe_raw(), fee_payment="virement")
    assert "par virement" in pdfcheck.flat(doc.content)


def test_the_opposition_is_notified_to_the_filer(doc):
    text = pdfcheck.flat(doc.content)
    assert "Toute opposition" in text and "12 rue de la République, 69002 Lyon" in text
    assert "compta@atelier-dupont.example" in text


def test_a_mandataire_encloses_its_special_power_and_takes_the_notices(runtime):
    doc = render(runtime, greffe_raw(issuer=AGENT), filed_by="issuer")
    text = pdfcheck.flat(doc.content)
    assert "pouvoir spécial" in text and "416" in text and doc.details["special_power"]
    assert "depot@recouvre-conseil.example" in text and "Julien Morel" in text


def test_no_consignation_before_the_tribunal_judiciaire(runtime):
    raw = consumer_raw()
    raw["evidence"] = evidence()
    raw["court"] = {"name": "Tribunal judiciaire de Lyon", "address": {
        "street": "67 rue Servient", "postal_code": "69003", "city": "Lyon"}}
    doc = render(runtime, raw)
    text = pdfcheck.flat(doc.content)
    assert "1425" not in text and doc.details["consignation"] is False
    assert "Tribunal judiciaire" in doc.details["court"] or "tribunal judiciaire" in text


def test_without_the_greffe_address_it_is_a_422(runtime):
    raw = greffe_raw()
    raw["court"] = {"name": "Tribunal des activités économiques de Lyon"}
    with pytest.raises(CaseInvalid) as exc:
        render(runtime, raw)
    assert "case.court.address" in [e.path for e in exc.value.errors]


def test_greffe_name_fits_an_address_line():
    assert greffe_name("Tribunal de commerce de Lyon") == "Greffe du Tribunal de commerce de Lyon"
    assert greffe_name("Tribunal des activités économiques de Lyon") == "Greffe du TAE de Lyon"


def test_cover_letter_option_puts_it_first_in_the_injonction(runtime):
    plain = render(runtime, greffe_raw(), kind="injonction_de_payer")
    with_letter = render(runtime, greffe_raw(), kind="injonction_de_payer", cover_letter=True)
    assert with_letter.pages == plain.pages + 2  # the letter's two pages, then the requête
    first = pdfcheck.text(with_letter.content).split("\f")[0]
    assert "Madame, Monsieur le Président" in first and "1425" in first
