"""The practitioner's sixth reading of the filings, fixed in the seventh round (issue 12, the
last three points): the étude's delivery address, the party's gender in the argument, the
greffe's name written out in the window. Read back from the PDF of the golden cases and of
variants."""

from __future__ import annotations

from typing import Any

from tests.documents.test_letters_fourth_reading import fixture as golden_fixture
from tests.documents.test_letters_fourth_reading import flat, golden, render
from tests.factories import copy_raw

# ------------------------------------------- 1: the étude is told where to find the debtor

SEAT = "Siège social du débiteur : 45 avenue Roger Salengro, 69100 Villeurbanne."
DELIVERY = ("Adresse de délivrance : Bâtiment B (service comptabilité fournisseurs), 45 avenue"
            " Roger Salengro, 69100 Villeurbanne.")


def test_sv1_instructions_give_the_etude_the_delivery_lines_of_the_seat(runtime):
    text = flat(golden(runtime, "instructions_signification"))
    # the seat stays the seat; the building and the service follow as directions
    assert f"{SEAT} {DELIVERY} Je vous remercie de procéder" in text
    # the deed's designation keeps no delivery-point line (the rule of the other filings)
    deed = flat(golden(runtime, "assignation"))
    assert "dont le siège social est situé 45 avenue Roger Salengro, 69100 Villeurbanne" in deed
    assert "Bâtiment B" not in deed


def test_sv1_no_delivery_line_when_the_postal_address_is_elsewhere(runtime):
    kind, raw, options = golden_fixture("instructions_signification")
    raw = copy_raw(raw)
    raw["debtor"]["legal_address"] = {"street": "3 rue Garibaldi", "postal_code": "69006",
                                      "city": "Lyon", "country": "FR"}
    raw["debtor"]["address"].update({"street": None, "locality": "BP 1234",
                                     "cedex": "CEDEX 09", "building": None})
    text = flat(render(runtime, kind, raw, options))
    assert "Siège social du débiteur : 3 rue Garibaldi, 69006 Lyon. Je vous remercie" in text
    assert "Adresse de délivrance" not in text and "BP 1234" not in text.split("Objet")[-1]


def test_sv1_a_person_s_flat_is_given_with_her_home(runtime):
    kind, raw, options = golden_fixture("instructions_signification")
    raw = _consumer(copy_raw(raw), "Mme")
    raw["debtor"]["address"].update({"building": "Résidence Les Tilleuls",
                                     "delivery_point": "Appartement 12"})
    raw["ordonnance"].pop("court", None)  # a consumer's ordonnance: the tribunal judiciaire's
    raw.pop("court", None)
    text = flat(render(runtime, kind, raw, options))
    assert ("Adresse de délivrance : Résidence Les Tilleuls (appartement 12), 45 avenue Roger"
            " Salengro, 69100 Villeurbanne.") in text


def _consumer(raw: dict[str, Any], civility: str | None) -> dict[str, Any]:
    """The golden debtor made a natural person (consumer) of the given civility."""
    d = raw["debtor"]
    for key in ("legal_form", "share_capital", "siren", "siret", "rcs_city", "vat_number",
                "representative"):
        d.pop(key, None)
    d.update({"type": "individual", "activity": "consumer", "name": "Claire Lefèvre",
              "first_name": "Claire", "last_name": "Lefèvre", "civility": civility})
    d["address"].update({"building": None, "delivery_point": None})
    return raw


# ---------------------------------- 2: the argument agrees with the party it is about

def _with_debtor_civility(name: str, civility: str | None) -> tuple[str, dict[str, Any],
                                                                    dict[str, Any]]:
    kind, raw, options = golden_fixture(name)
    raw = copy_raw(raw)
    raw["debtor"]["civility"] = civility
    if civility == "M.":
        raw["debtor"]["first_name"] = "Claude"
    return kind, raw, options


def test_sv2_assignation_argues_about_mme_lefevre_in_the_feminine(runtime):
    text = flat(golden(runtime, "assignation-tj-avocat"))
    assert "Mme Claire LEFÈVRE est donc tenue de payer le prix des prestations" in text
    assert "Le défendeur est donc tenu" not in text
    # the statutory warnings keep the generic masculine (CPC 56, 760, 761)
    assert "le défendeur est tenu de constituer avocat" in text


def test_sv2_assignation_keeps_the_masculine_for_a_man_and_an_unknown_civility(runtime):
    text = flat(render(runtime, *_with_debtor_civility("assignation-tj-avocat", "M.")))
    assert "M. Claude LEFÈVRE est donc tenu de payer le prix" in text
    text = flat(render(runtime, *_with_debtor_civility("assignation-tj-avocat", None)))
    assert "Le défendeur est donc tenu de payer le prix" in text


def test_sv2_assignation_against_a_company_names_the_company(runtime):
    text = flat(golden(runtime, "assignation"))
    assert "La société Martin Bâtiment est donc tenue de payer le prix des prestations" in text
    assert "laisser à la charge du demandeur les frais non compris dans les dépens qu’il a dû" \
        in text


def test_sv2_requete_against_mme_lefevre_says_la_debitrice(runtime):
    text = flat(golden(runtime, "injonction_de_payer-consumer"))
    assert ("expose que la débitrice lui doit les sommes détaillées ci-après" in text
            and "rendre à l’encontre de la débitrice une ordonnance" in text)
    assert "le débiteur lui doit" not in text
    text = flat(render(runtime, *_with_debtor_civility("injonction_de_payer-consumer", "M.")))
    assert "expose que le débiteur lui doit" in text
    assert "rendre à l’encontre du débiteur une ordonnance" in text
    company = flat(golden(runtime, "injonction_de_payer"))
    assert "Le demandeur expose que le débiteur lui doit" in company


def test_sv2_a_woman_claimant_is_la_demanderesse(runtime):
    kind, raw, options = golden_fixture("assignation-tj-avocat")
    raw = copy_raw(raw)
    c = raw["creditor"]
    for key in ("legal_form", "share_capital", "siren", "rcs_city", "vat_number",
                "representative"):
        c.pop(key, None)
    c.update({"type": "individual", "civility": "Mme", "first_name": "Anne",
              "last_name": "Dupont", "profession": "artisan menuisier",
              "nationality": "française", "birth_date": "1980-03-02", "birth_place": "Lyon"})
    text = flat(render(runtime, kind, raw, options))
    assert ("laisser à la charge de la demanderesse les frais non compris dans les dépens"
            " qu’elle a dû exposer") in text


def test_sv2_greffe_and_etude_letters_name_la_debitrice(runtime):
    kind, raw, options = golden_fixture("instructions_signification")
    raw = _consumer(copy_raw(raw), "Mme")
    raw["ordonnance"].pop("court", None)
    raw.pop("court", None)
    text = flat(render(runtime, kind, raw, options))
    assert "Domicile de la débitrice connu du créancier : 45 avenue Roger Salengro" in text
    # the CPC 1413 mentions the deed carries keep the statute's masculine
    assert "avertir le débiteur qu’il peut prendre connaissance" in text
    kind, raw, options = golden_fixture("lettre_greffe")
    text = flat(render(runtime, kind, _consumer(copy_raw(raw), "Mme"), options))
    assert "toute opposition formée par la débitrice" in text
    company = flat(golden(runtime, "lettre_greffe"))
    assert "toute opposition formée par le débiteur" in company
