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
from tests.factories import MDE_PRESENTED, consumer_raw, example_raw

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
    for mention in ("GREFFE DU TRIBUNAL", "DES ACTIVITES ECONOMIQUES DE LYON", "44 RUE DE BONNEL",
                    "au président du tribunal des activités économiques de Lyon",
                    "Atelier Dupont c/ Martin Bâtiment", "DOS-2026-0042", "1405",
                    "la requête en injonction de payer ;",
                    "bordereau des pièces", "pièce n° 1 : Facture F-2026-0117 du 04/05/2026",
                    "pièce n° 2 : Procès-verbal de réception", "1410", "formule exécutoire",
                    "pièces produites", "Marie Dupont"):
        assert mention in text, mention
    assert "pouvoir spécial" not in text
    assert doc.details["pieces"] == 2 and doc.details["special_power"] is False


def test_the_1425_costs_are_enclosed_even_with_an_unconfirmed_fee(doc):
    # paid with the request, not once the greffe answers (seventh reading 3)
    text = pdfcheck.flat(doc.content)
    assert "1425" in text and "je joins à la présente le règlement des frais" in text
    assert doc.details["consignation"] is True and doc.details["court_fee_eur"] == "25.19"
    assert "greffe_fees_amount_unknown" in [w["code"] for w in doc.warnings]


def test_sr3_an_unverified_fee_is_never_printed_the_greffe_gives_it(doc):
    text = pdfcheck.flat(doc.content)
    assert "25,19" not in text and "chèque de" not in text
    assert "m’indiquer le montant de ces frais" not in text and "1425" in text
    assert "par chèque à l’ordre du greffe du tribunal des activités économiques de Lyon" in text
    assert doc.details["court_fee_printed"] is False
    warning = next(w for w in doc.warnings if w["code"] == "greffe_fees_amount_unknown")
    assert "25,19" in str(warning)


def test_sr3_a_verified_fee_keeps_its_figure(runtime, monkeypatch):
    from service.law.courts import choice as choice_mod
    verified = {"amount_eur": "30.00", "status": "verified", "source": "test tariff",
                "uncertain": False, "alternatives": []}
    monkeypatch.setattr(choice_mod, "court_fee", lambda *a, **k: verified)
    doc = render(runtime, greffe_raw())
    text = pdfcheck.flat(doc.content)
    assert "un chèque de 30,00 € à l’ordre du greffe" in text
    assert "m’indiquer le montant" not in text and doc.details["court_fee_printed"] is True
    assert "greffe_fees_amount_unknown" not in [w["code"] for w in doc.warnings]


def test_sr2_the_standalone_letter_names_the_free_form_requete_no_cerfa(doc):
    text = pdfcheck.flat(doc.content)
    assert "Cerfa" not in text and "12946" not in text
    assert "la requête en injonction de payer ;" in text


def test_sr8_the_avocat_files_with_his_own_footer_and_signs_once(runtime):
    doc = render(runtime, greffe_raw(), filed_by="avocat")
    pages = pdfcheck.text(doc.content).split("\f")
    text = pdfcheck.flat(doc.content)
    assert "AVOCAT" in pages[0] and "Toque 1234" in pages[0]
    # the lawyer's footer on every page, none of the creditor's company mentions
    for page in (p for p in pages if p.strip()):
        assert "Sophie GARNIER — 20 rue de la Bourse, 69002 Lyon" in page
        assert "capital" not in page.split("Sophie GARNIER — 20 rue")[1]
    assert "RCS Lyon 732" not in text and "TVA FR44" not in text
    sign = text.split("considération distinguée.")[1].split(" — ")[0]
    # named once in the signature, as she names herself (second reading 17)
    assert sign.count("Sophie GARNIER") == 1 and "Maître" not in sign
    assert "Sophie GARNIER Avocat au barreau de Lyon pour Atelier Dupont" in sign
    assert "s.garnier@avocat.example" in text.split("toute opposition")[1]


def test_sr8_an_office_named_as_its_signatory_is_named_once(runtime):
    agent = {**AGENT, "kind": "avocat", "name": "Maître Sophie Garnier",
             "signatory": {"name": "Maître Sophie Garnier", "title": "Avocat"}}
    doc = render(runtime, greffe_raw(issuer=agent), filed_by="issuer")
    sign = pdfcheck.flat(doc.content).split("considération distinguée.")[1]
    assert sign.count("Maître Sophie Garnier") == 1 + sign.count("Maître Sophie Garnier —")
    assert "pour Atelier Dupont" in sign


def test_payment_by_transfer(runtime):
    doc = render(runtime, greffe_raw(), fee_payment="virement")
    assert "par virement" in pdfcheck.flat(doc.content)


def test_the_opposition_is_notified_to_the_filer(doc):
    text = pdfcheck.flat(doc.content)
    assert "toute opposition" in text and "12 rue de la République, 69002 Lyon" in text
    assert "compta@atelier-dupont.example" in text


def test_a_mandataire_encloses_its_special_power_and_takes_the_notices(runtime):
    doc = render(runtime, greffe_raw(issuer=AGENT), filed_by="issuer")
    text = pdfcheck.flat(doc.content)
    assert "pouvoir spécial" in text and "416" in text and doc.details["special_power"]
    assert "depot@recouvre-conseil.example" in text and "Julien Morel" in text


def test_no_consignation_before_the_tribunal_judiciaire(runtime):
    raw = consumer_raw(received_on=MDE_PRESENTED)
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
    # the fallback when the name fits on no two lines (seventh reading 3: greffe_lines)
    assert greffe_name("Tribunal de commerce de Lyon") == "Greffe du tribunal de commerce de Lyon"
    assert greffe_name("Tribunal des activités économiques de Lyon") == "Greffe du TAE de Lyon"


def test_cover_letter_option_puts_it_first_in_the_injonction(runtime):
    plain = render(runtime, greffe_raw(), kind="injonction_de_payer")
    with_letter = render(runtime, greffe_raw(), kind="injonction_de_payer", cover_letter=True)
    letter = render(runtime, greffe_raw())
    # the letter's pages (one since the P4 head), then the requête
    assert with_letter.pages == plain.pages + letter.pages
    first = pdfcheck.text(with_letter.content).split("\f")[0]
    assert "Madame, Monsieur le Greffier" in first and "1425" in first


def test_cover_letter_without_pieces_is_merged_in_front_of_the_requete(runtime):
    """A requête filed without pièces has two front parts and no bundle: the letter and the
    requête are still one PDF (it was a ValueError, a 500, on main)."""
    raw = greffe_raw()
    raw.pop("evidence", None)
    plain = render(runtime, raw, kind="injonction_de_payer")
    with_letter = render(runtime, raw, kind="injonction_de_payer", cover_letter=True)
    assert with_letter.pages > plain.pages
    pages = pdfcheck.text(with_letter.content).split("\f")
    assert "Madame, Monsieur le Greffier" in pages[0]
    assert any("REQUÊTE EN INJONCTION DE PAYER" in p for p in pages[1:])
    assert pdfcheck.qpdf_check(with_letter.content).returncode == 0


def test_fv3_the_fees_are_consigned_within_fifteen_days_of_the_requete(runtime, doc):
    # seventh reading 3: enclosed with the request, never on the greffe's answer
    text = pdfcheck.flat(doc.content)
    assert "dès réception de votre demande" not in text
    assert "dès que vous me l’aurez indiqué" not in text
    assert ("je joins à la présente le règlement des frais de procédure, par chèque à l’ordre du"
            " greffe du tribunal des activités économiques de Lyon.") in text
    transfer = pdfcheck.flat(render(runtime, greffe_raw(), fee_payment="virement").content)
    assert "dans les quinze jours de la présente demande" in transfer
    assert "de votre demande" not in transfer


def test_fv4_the_filer_asks_the_greffe_to_notify_any_opposition(doc):
    text = pdfcheck.flat(doc.content)
    assert ("Je vous remercie de bien vouloir me notifier toute opposition formée par le"
            " débiteur à l’adresse suivante : Atelier Dupont, 12 rue de la République") in text
    assert "voudra bien" not in text
