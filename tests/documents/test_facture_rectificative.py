"""Kind ``facture_rectificative``: cancelling the VAT of irrecoverable invoices (CGI 272, 1)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from service.contract import load_request
from service.documents.facture_rectificative import vat_cancelled
from service.documents.generate import generate
from service.documents.registry import KINDS
from service.errors import CaseInvalid
from tests import pdfcheck
from tests.documents.test_insolvency_guard import insolvent_raw
from tests.factories import example_raw


def closed_raw():
    return insolvent_raw(procedure="liquidation_judiciaire", closed_on="2026-11-10",
                         closure="insuffisance_actif")


def render(runtime, raw, **options):
    options = {"number": "AV-2026-0007", "invoices": ["F-2026-0117", "F-2026-0152"],
               "vat_chargeability": "debits", **options}
    case, opts = load_request({"case": raw, "options": options}, KINDS["facture_rectificative"])
    return generate("facture_rectificative", case, opts, runtime)


@pytest.fixture(scope="module")
def doc(runtime):
    return render(runtime, closed_raw())


def test_the_vat_cancelled_is_the_unpaid_share_of_each_invoice(doc):
    # F-0117: 4 800 TTC, 800 VAT, 1 800 paid → 3 000 unpaid → 800 × 3000/4800 = 500.00
    # F-0152: 1 500 TTC, 250 VAT, unpaid → 250.00
    by_number = {i["number"]: i for i in doc.details["invoices"]}
    assert by_number["F-2026-0117"]["vat_cancelled"] == "500.00"
    assert by_number["F-2026-0117"]["excl_tax_cancelled"] == "2500.00"
    assert by_number["F-2026-0152"]["vat_cancelled"] == "250.00"
    assert doc.details["vat_cancelled"] == "750.00"
    text = pdfcheck.flat(doc.content)
    assert "-750,00 €" in text or "−750,00 €" in text


def test_rounding_is_half_up_per_invoice():
    # 20 % VAT on 100.00 HT; 33.33 unpaid of 120.00: 20 × 33.33 / 120 = 5.555 → 5.56
    assert vat_cancelled(Decimal("100.00"), Decimal("120.00"), Decimal("33.33")) == Decimal("5.56")
    assert vat_cancelled(Decimal("100.00"), Decimal("120.00"), Decimal("0")) == Decimal("0.00")


def test_every_mention_is_read_back(doc):
    text = pdfcheck.flat(doc.content)
    for mention in ("Facture rectificative n° AV-2026-0007", "272, 1", "rectifie",
                    "F-2026-0117", "04/05/2026", "F-2026-0152", "15/06/2026",
                    "FR44732829320", "insuffisance d’actif", "10 novembre 2026",
                    "Martin Bâtiment", "VILLEURBANNE",
                    "arrondie au centime", "Marie Dupont"):
        assert mention in text, mention
    assert "BOI-TVA" not in text  # the unconfirmed reference stays in the answer
    assert "vat_reference_unverified" in [w["code"] for w in doc.warnings]


def test_an_officer_report_is_the_other_ground_and_the_debtor_the_addressee(runtime):
    doc = render(runtime, example_raw(), invoices=["F-2026-0152"],
                 report={"date": "2026-10-20", "officer": "Me Hélène Garnier"})
    text = pdfcheck.flat(doc.content)
    assert "procès-verbal dressé le 20 octobre 2026 par Me Hélène Garnier" in text
    assert "MARTIN BATIMENT" in text or "MARTIN BÂTIMENT" in text
    assert doc.details["vat_cancelled"] == "250.00"


def test_without_ground_or_with_an_unknown_invoice_it_is_a_422(runtime):
    with pytest.raises(CaseInvalid) as exc:
        render(runtime, example_raw(), invoices=["F-9"])
    paths = [e.path for e in exc.value.errors]
    assert "options.report" in paths and "options.invoices[0]" in paths


def test_a_named_invoice_without_its_amount_excluding_vat_is_a_422(runtime):
    raw = closed_raw()
    raw["invoices"][1].pop("amount_excl_tax", None)
    with pytest.raises(CaseInvalid) as exc:
        render(runtime, raw)
    assert [e.path for e in exc.value.errors] == ["case.invoices[1].amount_excl_tax"]


def test_fv8_window_keeps_the_building_line_of_the_postal_address(doc):
    # the seat rule (no service/building lines) is for running text; the window is postal
    window = pdfcheck.flat(doc.content)
    assert "BATIMENT B" in window
    assert "situé 45 avenue Roger Salengro, 69100 Villeurbanne" in window


def test_fv1_doctrine_mention_per_invoice_and_reversal_closing(doc):
    text = pdfcheck.flat(doc.content)
    for mention in (
            "F-2026-0117 (Menuiseries — chantier rue Garibaldi), du 04/05/2026 : facture"
            " demeurée impayée pour la somme de 2 500,00 € (prix net) et pour la somme de"
            " 500,00 € (TVA correspondante) qui ne peut faire l’objet d’une déduction",
            "F-2026-0152 (Pose et finitions), du 15/06/2026 : facture demeurée impayée pour la"
            " somme de 1 250,00 € (prix net) et pour la somme de 250,00 € (TVA"
            " correspondante)",
            "vous devez reverser, à concurrence de 750,00 €, la TVA que vous avez déduite au"
            " titre de ces factures ; cette facture rectificative n’appelle aucun paiement"):
        assert mention in text, mention
    # eighth reading 1: the warning gave way to options.vat_chargeability
    assert "vat_on_receipts_check" not in [w["code"] for w in doc.warnings]
    assert "encaissement" not in text


# ------------------------------------------------- eighth reading (letters, findings 1 and 5)


def _problem(client, **options):
    """The 422 of POST /v1/documents/facture_rectificative, as a client reads it."""
    options = {"number": "AV-2026-0007", "invoices": ["F-2026-0117", "F-2026-0152"], **options}
    r = client.post("/v1/documents/facture_rectificative",
                    data=json.dumps({"case": closed_raw(), "options": options}, default=str),
                    content_type="application/json")
    assert r.status_code == 422 and r.mimetype == "application/problem+json", r.json
    return r.json["errors"]


def test_sv8_1_debits_says_the_vat_was_paid_on_the_debits_and_deducted_then(doc):
    text = pdfcheck.flat(doc.content)
    assert ("annule la taxe sur la valeur ajoutée afférente à la part restée impayée, acquittée"
            " d’après les débits (article 272, 1 du code général des impôts).") in text
    assert ("La taxe étant exigible d’après les débits, sur l’option prévue à l’article 269, 2,"
            " c du code général des impôts, votre droit à la déduire est né à cette exigibilité"
            " (article 271, I, 2 du même code) : vous devez reverser, à concurrence de 750,00 €,"
            " la TVA que vous avez déduite au titre de ces factures ; cette facture rectificative"
            " n’appelle aucun paiement.") in text
    assert doc.details["vat_chargeability"] == "debits"


def test_sv8_1_delivery_says_the_vat_fell_due_on_delivery(runtime):
    doc = render(runtime, closed_raw(), vat_chargeability="delivery")
    text = pdfcheck.flat(doc.content)
    assert ("afférente à la part restée impayée, acquittée lors de la livraison des biens"
            " (article 272, 1 du code général des impôts).") in text
    assert ("La taxe étant exigible lors de la livraison des biens, votre droit à la déduire"
            " est né à cette exigibilité (article 271, I, 2 du code général des impôts) : vous"
            " devez reverser, à concurrence de 750,00 €") in text
    assert "débits" not in text


def test_sv8_1_to_the_liquidator_the_customer_reverses_what_it_deducted(runtime):
    raw = insolvent_raw(procedure="liquidation_judiciaire")  # open: to the liquidator
    doc = render(runtime, raw, report={"date": "2026-10-20", "officer": "Me Hélène Garnier"})
    text = pdfcheck.flat(doc.content)
    assert ("le droit du client à la déduire est né à cette exigibilité (article 271, I, 2 du"
            " même code) : le client doit reverser, à concurrence de 750,00 €, la TVA qu’il a"
            " déduite au titre de ces factures") in text


def test_sv8_1_without_the_chargeability_is_a_422_naming_the_option(client):
    errors = _problem(client)
    assert [(e["path"], e["code"]) for e in errors] == [("options.vat_chargeability",
                                                         "vat_chargeability_required")]
    assert "« debits »" in errors[0]["message_fr"]


def test_sv8_1_vat_on_receipts_is_a_422_nothing_to_rectify(client):
    errors = _problem(client, vat_chargeability="receipts")
    assert [(e["path"], e["code"]) for e in errors] == [("options.vat_chargeability",
                                                         "vat_not_chargeable")]
    assert "La TVA sur les encaissements n’a pas été acquittée sur la part impayée : il n’y a" \
        " rien à rectifier" in errors[0]["message_fr"]


def test_sv8_1_the_option_is_published_with_its_three_values(client):
    kind = next(k for k in client.get("/v1/kinds").json["kinds"]
                if k["kind"] == "facture_rectificative")
    text = kind["options"]["vat_chargeability"]
    for value in ("`delivery`", "`debits`", "`receipts`", "vat_chargeability_required"):
        assert value in text, value
    field = KINDS["facture_rectificative"].options_schema().fields["vat_chargeability"]
    assert field.metadata["enum"] == ["delivery", "debits", "receipts"]


def test_sv8_5_article_272_paragraph_1_never_272_1(doc):
    text = pdfcheck.flat(doc.content)
    assert "272-1" not in text
    assert "(article 272, 1 du code général des impôts)" in text
    # nor in what the API says: the warnings and the kind's description
    assert "272-1" not in json.dumps(doc.warnings, ensure_ascii=False)
    assert "272, 1" in KINDS["facture_rectificative"].description


# ------------------------------------------------------------------ ninth reading (1 and 2)


def test_sv9_1_the_rectifying_invoice_is_no_release_of_the_debt(doc):
    """A VAT regularisation (CGI 272, 1), not a remise de dette (C. civ. 1350-2 would free the
    guarantors): said in the document; the HT column is what was not recovered."""
    text = pdfcheck.flat(doc.content)
    assert ("Elle est établie pour la seule régularisation de la TVA (article 272, 1 du code"
            " général des impôts) : elle ne vaut ni remise de dette ni renonciation à la"
            " créance, qui demeure due.") in text
    assert "HT annulé" not in text and "HT impayé" in text
    # tenth reading: the unpaid net price is shown as it is, not cancelled
    assert "−2 500,00 €" not in text and "−3 750,00 €" not in text
    laid_out = [" ".join(line.split()) for line in pdfcheck.text(doc.content, layout=True)
                .splitlines()]
    assert "Total 4 500,00 € 3 750,00 € −750,00 €" in laid_out


def test_sv9_2_the_customer_reverses_only_what_it_deducted(doc):
    text = pdfcheck.flat(doc.content)
    assert "à concurrence de 750,00 €, la TVA que vous avez déduite au titre de ces" in text
    assert "que vous aviez déduite" not in text
