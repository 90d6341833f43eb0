"""Third reading, items 4 and 6e: the collective-proceedings documents name the court of the
judgment as it stood on its day (a « tribunal de commerce » of a town with a tribunal des
activités économiques is named as the TAE), in lower case in running text; after the closure
of the liquidation, the facture rectificative is no longer addressed to the liquidator « ès
qualités »."""

from __future__ import annotations

from datetime import date

import pytest

from service.contract import load_request
from service.documents.generate import generate
from service.documents.registry import KINDS
from service.errors import CaseInvalid
from service.law.courts.judgments import OPENING, judgment_court
from service.law.courts.naming import of_court, with_article
from tests import pdfcheck
from tests.documents.test_insolvency_guard import insolvent_raw

RECTIFY = {"number": "AV-2026-0007", "invoices": ["F-2026-0117", "F-2026-0152"],
           "vat_chargeability": "debits"}


def declaration(runtime, raw, **options):
    case, opts = load_request({"case": raw, "options": options}, KINDS["declaration_de_creance"])
    return generate("declaration_de_creance", case, opts, runtime)


def rectificative(runtime, raw, **options):
    case, opts = load_request({"case": raw, "options": {**RECTIFY, **options}},
                              KINDS["facture_rectificative"])
    return generate("facture_rectificative", case, opts, runtime)


def closed_raw(**insolvency):
    return insolvent_raw(procedure="liquidation_judiciaire", closed_on="2026-11-10",
                         closure="insuffisance_actif", **insolvency)


def codes(doc):
    return [w["code"] for w in doc.warnings]


def refused(render, runtime, raw, **options):
    with pytest.raises(CaseInvalid) as exc:
        render(runtime, raw, **options)
    return {e.path: e.code for e in exc.value.errors}


# ------------------------------------------------------------------------ item 4: the court


def test_tr4_the_declaration_names_the_tae_that_replaced_the_commercial_court(runtime):
    doc = declaration(runtime, insolvent_raw())  # « Tribunal de commerce de Lyon », 6/10/2026
    text = pdfcheck.flat(doc.content)
    assert "le tribunal des activités économiques de Lyon a ouvert un redressement" in text
    assert "tribunal de commerce" not in text.lower()
    warning = next(w for w in doc.warnings if w["code"] == "insolvency_court_renamed")
    assert warning["path"] == "case.debtor.insolvency.court"
    assert "1er janvier 2025" in warning["message_fr"]


def test_tr4_the_facture_rectificative_names_the_closing_court_in_lower_case(runtime):
    doc = rectificative(runtime, closed_raw())
    text = pdfcheck.flat(doc.content)
    assert ("jugement du 10 novembre 2026 du tribunal des activités économiques de Lyon"
            " prononçant la clôture") in text
    assert "Tribunal de commerce" not in text and "du Tribunal" not in text
    assert "insolvency_court_renamed" in codes(doc)


def test_tr4_a_court_without_a_tae_is_named_as_given_without_warning(runtime):
    doc = declaration(runtime, insolvent_raw(court="Tribunal de commerce de Grenoble"))
    text = pdfcheck.flat(doc.content)
    assert "le tribunal de commerce de Grenoble a ouvert" in text
    assert not any(c.startswith("insolvency_court") for c in codes(doc))


def test_tr4_a_tae_where_none_sat_is_a_422(runtime):
    raw = insolvent_raw(court="Tribunal des activités économiques de Grenoble")
    assert refused(declaration, runtime, raw)["case.debtor.insolvency.court"] == \
        "insolvency_court_unknown"
    raw = closed_raw(court="Cour d’appel de Lyon")
    assert refused(rectificative, runtime, raw)["case.debtor.insolvency.court"] == \
        "insolvency_court_unknown"


def test_tr4_a_judicial_court_for_a_commercial_company_is_a_422(runtime):
    raw = insolvent_raw(court="Tribunal judiciaire de Lyon")  # Martin Bâtiment, SAS
    assert refused(declaration, runtime, raw)["case.debtor.insolvency.court"] == \
        "insolvency_court_kind_mismatch"
    raw = closed_raw(court="Tribunal judiciaire de Lyon")
    assert refused(rectificative, runtime, raw)["case.debtor.insolvency.court"] == \
        "insolvency_court_kind_mismatch"


def test_tr4_a_commercial_court_in_alsace_moselle_is_a_422(runtime):
    raw = insolvent_raw(court="Tribunal de commerce de Strasbourg")
    raw["debtor"]["address"].update(postal_code="67000", city="Strasbourg")
    raw["debtor"].pop("legal_address", None)
    assert refused(declaration, runtime, raw)["case.debtor.insolvency.court"] == \
        "insolvency_court_kind_mismatch"


def test_tr4_the_commercial_chamber_takes_its_own_article(runtime):
    raw = insolvent_raw(court="Chambre commerciale du tribunal judiciaire de Strasbourg")
    raw["debtor"]["address"].update(postal_code="67000", city="Strasbourg")
    raw["debtor"].pop("legal_address", None)
    text = pdfcheck.flat(declaration(runtime, raw).content)
    assert "la chambre commerciale du tribunal judiciaire de Strasbourg a ouvert" in text
    assert with_article("Tribunal judiciaire de Metz, chambre commerciale") == \
        "le tribunal judiciaire de Metz, chambre commerciale"
    assert of_court("Chambre commerciale du tribunal judiciaire de Metz") == \
        "de la chambre commerciale du tribunal judiciaire de Metz"
    assert of_court("Tribunal des activités économiques du Havre") == \
        "du tribunal des activités économiques du Havre"


def test_tr4_a_tae_named_for_a_judgment_before_2025_is_the_commercial_court():
    raw = insolvent_raw(court="Tribunal des activités économiques du Havre")
    case, _ = load_request({"case": raw, "options": {}}, KINDS["declaration_de_creance"])
    court, errors = judgment_court(case, date(2024, 6, 3), OPENING)
    assert not errors and court is not None
    assert court.with_article == "le tribunal de commerce du Havre"
    assert [w.code for w in court.warnings] == ["insolvency_court_renamed"]
    court, errors = judgment_court(case, date(2025, 6, 3), OPENING)
    assert court is not None and court.name == "Tribunal des activités économiques du Havre"
    assert not court.warnings


def test_tr4_the_town_is_read_from_an_abbreviated_or_qualified_name():
    raw = insolvent_raw(court="TC de Lyon (chambre des procédures collectives)")
    case, _ = load_request({"case": raw, "options": {}}, KINDS["declaration_de_creance"])
    court, errors = judgment_court(case, date(2026, 10, 6), OPENING)
    assert court is not None and court.of == "du tribunal des activités économiques de Lyon"


# -------------------------------------------------------------- item 6e: the addressee


def test_tr6e_after_the_closure_the_facture_goes_to_the_debtor_not_the_liquidator(runtime):
    doc = rectificative(runtime, closed_raw())
    text = pdfcheck.flat(doc.content)
    assert "ès qualités" not in text and "SELARL MJ SYNERGIE" not in text
    assert "Destinataire" not in text  # the customer is the addressee
    window = " ".join(w[0] for w in pdfcheck.words(doc.content, 1) if w[1] > 280 and 130 < w[2] < 260)
    assert "MARTIN" in window and "VILLEURBANNE" in window
    assert "COMPTABILITE" not in window  # its seat, not its former accounts department
    warning = next(w for w in doc.warnings if w["code"] == "liquidator_functions_ended")
    assert "10 novembre 2026" in warning["message_fr"]
    assert warning["path"] == "case.debtor.insolvency.closed_on"


def test_tr6e_the_former_liquidator_is_addressed_without_es_qualites(runtime):
    doc = rectificative(runtime, closed_raw(), addressee_after_closure="former_liquidator")
    text = pdfcheck.flat(doc.content)
    assert "ès qualités" not in text
    assert "Destinataire : SELARL MJ Synergie, ancien liquidateur judiciaire de Martin Bâtiment" \
        in text.replace("\u00a0", " ").replace("\u202f", " ")
    assert "SELARL MJ SYNERGIE" in text and "LIQUIDATION CLOSE MARTIN BATIMENT" in text
    assert "liquidator_functions_ended" in codes(doc)


def test_tr6e_while_the_liquidation_is_open_the_liquidator_es_qualites_stays(runtime):
    raw = insolvent_raw(procedure="liquidation_judiciaire")
    doc = rectificative(runtime, raw, report={"date": "2026-10-20", "officer": "Me Garnier"})
    text = pdfcheck.flat(doc.content)
    assert "SELARL MJ Synergie, ès qualités de liquidateur judiciaire de Martin Bâtiment" in text
    assert "liquidator_functions_ended" not in codes(doc)


def test_tr6e_a_former_liquidator_without_a_closed_liquidation_is_a_422(runtime):
    raw = insolvent_raw(procedure="liquidation_judiciaire")
    errors = refused(rectificative, runtime, raw, addressee_after_closure="former_liquidator",
                     report={"date": "2026-10-20", "officer": "Me Garnier"})
    assert errors == {"options.addressee_after_closure": "no_former_liquidator"}
