"""Fourth reading of the filings (issue 12), findings 3, 5, 7, 8, 9, 15 and 16: each read back
from the PDF of the golden case it was found in."""

from __future__ import annotations

import copy
import json
import re
from decimal import Decimal
from typing import Any

import pytest

from service.contract import load_request
from service.documents.generate import generate
from service.documents.registry import KINDS
from service.errors import CaseInvalid
from service.golden import GOLDEN_DIR
from tests import pdfcheck
from tests.factories import example_raw

MM = pdfcheck.MM


def fixture(name: str) -> tuple[str, dict[str, Any], dict[str, Any]]:
    data = json.loads((GOLDEN_DIR / f"{name}.case.json").read_text(encoding="utf-8"),
                      parse_float=Decimal)
    return data["kind"], data["case"], dict(data.get("options") or {})


def render(runtime, kind: str, raw: dict[str, Any], **options: Any):
    options.setdefault("sign", False)
    case, opts = load_request({"case": raw, "options": options}, KINDS[kind])
    return generate(kind, case, opts, runtime)


def render_fixture(runtime, name: str, **extra: Any):
    kind, raw, options = fixture(name)
    return render(runtime, kind, raw, **{**options, **extra})


def laid(doc) -> str:
    """The layout text, whitespace collapsed: a table row reads in its order."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", pdfcheck.text(doc.content, layout=True))


@pytest.fixture(scope="module")
def rectificative(runtime):
    return render_fixture(runtime, "facture_rectificative")


@pytest.fixture(scope="module")
def small_claims(runtime):
    return render_fixture(runtime, "petites_creances")


@pytest.fixture(scope="module")
def small_claims_lre(runtime):
    return render_fixture(runtime, "petites_creances-lre")


# ------------------------------------------------------------------ 3: facture rectificative


def test_fr3_rectifying_invoice_states_each_rate_and_the_rectified_ttc_total(rectificative):
    text = laid(rectificative)
    assert "dont TVA Taux Impayé TTC" in text  # the rate column (CGI ann. II 242 nonies A)
    assert re.search(r"F-2026-0117 4 800,00 € 800,00 € 20 % 3 000,00 €", text), text
    assert re.search(r"F-2026-0152 1 500,00 € 250,00 € 20 % 1 500,00 €", text)
    # tenth reading: only the tax is rectified (CGI 272, 1), the net price stays due
    assert "TVA à 20 % 0,00 € −750,00 €" in text
    assert ("Total TTC rectifié (TVA seule ; le prix hors taxes de 3 750,00 € demeure dû)"
            " −750,00 €") in text
    assert "−3 750,00 €" not in text and "−4 500,00 €" not in text
    rates = {i["number"]: i["vat_rate"] for i in rectificative.details["invoices"]}
    assert rates == {"F-2026-0117": "0.2000", "F-2026-0152": "0.2000"}
    assert "vat_rate_derived" in [w["code"] for w in rectificative.warnings]


def test_fr3_an_invoice_at_no_single_rate_is_a_422(runtime):
    kind, raw, options = fixture("facture_rectificative")
    raw = copy.deepcopy(raw)
    raw["invoices"][1]["amount_excl_tax"] = "1000.00"
    raw["invoices"][1]["amount_incl_tax"] = "1157.33"  # 15.733 %: several rates
    with pytest.raises(CaseInvalid) as exc:
        render(runtime, kind, raw, **options)
    found = [(e.path, e.code) for e in exc.value.errors]
    assert ("case.invoices[1].amount_excl_tax", "vat_rate_not_single") in found


def test_fr3_no_officer_of_the_closed_debtor_is_named(runtime, rectificative):
    text = pdfcheck.flat(rectificative.content)
    client = text[text.index("Client :"):text.index("Date :")]
    assert "45 avenue Roger Salengro, 69100 Villeurbanne." in client
    assert "Paul Martin" not in text and "représentée" not in client
    # addressed to the former liquidator, the customer is still named without its officer
    former = render_fixture(runtime, "facture_rectificative",
                            addressee_after_closure="former_liquidator")
    assert "Paul Martin" not in pdfcheck.flat(former.content)
    # while the debtor is in business (an officer's report), its president still represents it
    doc = render(runtime, "facture_rectificative", example_raw(), number="AV-1",
                 invoices=["F-2026-0152"], vat_chargeability="debits",
                 report={"date": "2026-10-20", "officer": "Me Hélène Garnier"})
    assert "représentée par son président, M. Paul Martin" in pdfcheck.flat(doc.content)


# ------------------------------------------------------------------ 16: its salutation


def test_fr16_rectifying_invoice_opens_as_it_closes_in_the_creditors_person(runtime,
                                                                             rectificative):
    text = pdfcheck.flat(rectificative.content)
    opening = text.index("Madame, Monsieur, Vous trouverez ci-dessous notre facture"
                         " rectificative n° AV-2026-0007.")
    assert opening < text.index("Émetteur :")
    assert "Nous vous prions d’agréer, Madame, Monsieur, l’expression de nos salutations" in text
    # the mise en demeure of the same company creditor also says « nous »
    _, raw, _ = fixture("facture_rectificative")
    mise = render(runtime, "mise_en_demeure", example_raw())
    assert "Nous vous prions d’agréer" in pdfcheck.flat(mise.content)
    # to the former liquidator: « Maître » at both ends
    former = pdfcheck.flat(render_fixture(runtime, "facture_rectificative",
                                          addressee_after_closure="former_liquidator").content)
    assert "Maître, Vous trouverez ci-dessous" in former
    assert "Nous vous prions d’agréer, Maître, l’expression" in former
    assert "Madame, Monsieur" not in former


# ------------------------------------------------------------------ 5: déclaration de créance


def test_fr5_declaration_states_the_penalties_by_period_and_rate(runtime):
    doc = render_fixture(runtime, "declaration_de_creance")
    text = laid(doc)
    assert "Du Au Jours Base Taux annuel Montant" in text
    for row in ("F-2026-0117 04/06/2026 30/06/2026 27 4 800,00 € 12,15 % 43,14 €",
                "F-2026-0117 01/07/2026 01/07/2026 1 4 800,00 € 12,40 % 1,63 €",
                "F-2026-0117 02/07/2026 05/10/2026 96 3 000,00 € 12,40 % 97,84 €",
                "F-2026-0152 16/07/2026 05/10/2026 82 1 500,00 € 12,40 % 41,79 €"):
        assert row in text, row
    assert "détail par période ci-dessous" in pdfcheck.flat(doc.content)


# ------------------------------------------------------------------ 7, 9: petites créances


def test_fr7_the_fees_sentence_keeps_the_indemnity_apart_from_the_procedures_costs(
        small_claims, small_claims_lre):
    for doc in (small_claims, small_claims_lre):
        text = pdfcheck.flat(doc.content)
        assert ("Autres sommes : indemnité forfaitaire pour frais de recouvrement (articles"
                " L441-10 et D441-5") in text and "80,00 €" in text  # still claimed
        assert ("L’indemnité forfaitaire pour frais de recouvrement indiquée ci-dessus est due"
                " de plein droit, du seul fait du retard de paiement (articles L441-10 II et"
                " D441-5 du code de commerce). Elle est distincte des frais de la présente"
                " procédure, qui sont à la charge exclusive du créancier (article L. 125-1") in text
        assert "aucuns frais ne vous sont réclamés à ce titre" not in text


def test_fr9_r125_7_names_its_code_after_the_code_civil(small_claims, small_claims_lre):
    for doc in (small_claims, small_claims_lre):
        text = pdfcheck.flat(doc.content)
        assert ("Conformément à l’article R. 125-7 du code des procédures civiles d’exécution,"
                " aucun paiement") in text
        assert "du même code" not in text
        assert ("(articles L. 111-3 5° et L. 125-1 du code des procédures civiles"
                " d’exécution)") in text


# ------------------------------------------------------------------ 8: the LRE invitation


def _recipient_words(doc) -> str:
    """The words of page 1 in the recipient block's box (x 101-189 mm, y 50-84 mm)."""
    return " ".join(w for w, x0, y0, x1, y1 in pdfcheck.words(doc.content, 1)
                    if 100 * MM <= x0 <= 190 * MM and 48 * MM <= y0 <= 86 * MM)


def test_fr8_lre_invitation_names_the_delivery_email_and_offers_no_emargement(
        small_claims, small_claims_lre):
    block = _recipient_words(small_claims_lre)
    assert "fournisseurs@martin-batiment.example" in block
    assert "COMPTABILITE" not in block and "Martin Bâtiment" in block
    text = pdfcheck.flat(small_claims_lre.content)
    assert "émargement" not in text.lower()
    assert ("par le retour du formulaire d’acceptation ci-joint, signé, par courrier postal ou"
            " par voie électronique (etude@actes-recouvrement.example)") in text
    # the paper letter keeps its window block and the signing of the letter (R125-2 III 2°)
    paper = pdfcheck.flat(small_claims.content)
    assert "soit par émargement de la présente lettre" in paper
    assert "fournisseurs@martin-batiment.example" not in _recipient_words(small_claims)


# ------------------------------------------------------------------ 15: titles in running text


@pytest.mark.parametrize("name", ["lettre_greffe", "instructions_signification",
                                  "pouvoir_special", "declaration_de_creance",
                                  "facture_rectificative"])
def test_fr15_representatives_named_by_their_title_in_lower_case(runtime, name):
    text = pdfcheck.flat(render_fixture(runtime, name).content)
    # the running text: the signature captions (« Marie Dupont, Gérante » under « Le mandant »)
    # keep the title as a caption
    text = text[:text.index("Fait à")] if "Fait à" in text else text
    assert "représentée par sa gérante, Mme Marie Dupont" in text
    assert "Marie Dupont, Gérante" not in text and "Paul Martin, Président" not in text
    if name != "facture_rectificative":  # a closed liquidation names no officer (3)
        assert "représentée par son président, M. Paul Martin" in text
