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


_ = pdfcheck
