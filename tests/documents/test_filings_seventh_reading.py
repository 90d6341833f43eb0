"""The practitioner's sixth reading of the filings, fixed in the seventh round (issue 12, the
last three points): the étude's delivery address, the party's gender in the argument, the
greffe's name written out in the window. Read back from the PDF of the golden cases and of
variants."""

from __future__ import annotations

from typing import Any

from tests import pdfcheck
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
    c = raw["creditor"]
    for key in ("legal_form", "share_capital", "siren", "rcs_city", "vat_number",
                "representative"):
        c.pop(key, None)
    c.update({"type": "individual", "civility": "Mme", "first_name": "Anne",
              "last_name": "Dupont"})
    text = flat(render(runtime, kind, raw, options))
    assert "Domicile de la débitrice connu de la créancière : 45 avenue" in text
    # the CPC 1413 mentions the deed carries keep the statute's masculine
    assert "avertir le débiteur qu’à défaut d’opposition" in text
    kind, raw, options = golden_fixture("lettre_greffe")
    text = flat(render(runtime, kind, _consumer(copy_raw(raw), "Mme"), options))
    assert "toute opposition formée par la débitrice" in text
    company = flat(golden(runtime, "lettre_greffe"))
    assert "toute opposition formée par le débiteur" in company


def test_sv2_a_woman_declaring_late_asks_to_be_relevee(runtime):
    kind, raw, options = golden_fixture("declaration_de_creance")
    raw = copy_raw(raw)
    c = raw["creditor"]
    for key in ("legal_form", "share_capital", "siren", "rcs_city", "vat_number",
                "representative"):
        c.pop(key, None)
    c.update({"type": "individual", "civility": "Mme", "first_name": "Anne",
              "last_name": "Dupont"})
    raw["as_of"] = "2027-01-20"  # after the R622-24 time limit of 16/12/2026
    text = flat(render(runtime, kind, raw, options))
    assert "La créancière sollicite en conséquence d’être relevée de la forclusion" in text


# --------------------------------------------- 3: the greffe's name in full in the window

MM = pdfcheck.MM
WINDOW = (95.0, 44.5, 195.0, 89.5)  # mm, the DL window (tests/documents/test_letters_window)


def window_lines(doc) -> list[str]:
    """The lines printed in the window of page 1, read from the word boxes."""
    x0, y0, x1, y1 = WINDOW
    rows: dict[int, list[tuple[float, str]]] = {}
    for w, a, b, c, d in pdfcheck.words(doc.content, page=1):
        a, b, c, d = a / MM, b / MM, c / MM, d / MM
        if a >= x0 and c <= x1 and b >= y0 and d <= y1:
            rows.setdefault(round(b * 2), []).append((a, w))
    return [" ".join(w for _, w in sorted(row)) for _, row in sorted(rows.items())]


def test_sv3_greffe_window_writes_the_court_out_on_two_lines(runtime):
    lines = window_lines(golden(runtime, "lettre_greffe"))
    assert lines == ["GREFFE DU TRIBUNAL", "DES ACTIVITES ECONOMIQUES DE LYON",
                     "44 RUE DE BONNEL", "69003 LYON"]
    assert all(len(line) <= 38 for line in lines) and len(lines) <= 6
    assert "TAE" not in " ".join(lines).split()


def test_sv3_a_full_greffe_address_keeps_the_name_within_six_lines(runtime):
    kind, raw, options = golden_fixture("lettre_greffe")
    raw = copy_raw(raw)
    raw["court"]["address"].update({"delivery_point": "Service des requêtes",
                                    "building": "Bâtiment A", "locality": "Part-Dieu"})
    lines = window_lines(render(runtime, kind, raw, options))
    assert lines[:2] == ["GREFFE DU TRIBUNAL", "DES ACTIVITES ECONOMIQUES DE LYON"]
    assert len(lines) == 6 and all(len(line) <= 38 for line in lines)
    # lines that cannot be merged: the name is abbreviated rather than a seventh line
    raw["court"]["address"].update({"delivery_point": "Service des injonctions de payer",
                                    "building": "Palais de justice, bâtiment A",
                                    "locality": "Quartier de la Part-Dieu Villette"})
    lines = window_lines(render(runtime, kind, raw, options))
    assert lines[0] == "GREFFE DU TAE DE LYON" and len(lines) == 6


def test_sv3_other_court_names_are_cut_before_their_complement():
    from service.documents.greffe_letter import greffe_lines

    assert greffe_lines("Tribunal judiciaire de Strasbourg") == (
        "GREFFE DU TRIBUNAL JUDICIAIRE", "DE STRASBOURG")
    assert greffe_lines("Chambre commerciale du tribunal judiciaire de Strasbourg") == (
        "GREFFE DE LA CHAMBRE COMMERCIALE", "DU TRIBUNAL JUDICIAIRE DE STRASBOURG")
    # what fits on one line stays on one
    assert greffe_lines("Tribunal de commerce de Lyon") == (
        "Greffe du tribunal de commerce de Lyon", None)
