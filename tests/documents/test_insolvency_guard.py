"""Collective proceedings: while open on ``as_of``, every kind that pursues the debtor is a 422
naming ``case.debtor.insolvency`` (C. com. L622-21); the décompte still answers, and warns."""

from __future__ import annotations

import pytest

from service.contract import load_request
from service.documents.generate import generate
from service.documents.registry import KINDS
from service.errors import CaseInvalid
from tests.factories import example_raw

# the kinds the contract lists as pursuing the debtor (API.md, « Document kinds »)
PURSUING = {"relance", "mise_en_demeure", "petites_creances", "echeancier",
            "injonction_de_payer", "refere_provision", "assignation"}


def insolvent_raw(**insolvency):
    raw = example_raw()
    raw["debtor"]["insolvency"] = {
        "procedure": "redressement_judiciaire", "opened_on": "2026-10-06",
        "bodacc_published_on": "2026-10-16", "court": "Tribunal de commerce de Lyon",
        "mandataire": {"name": "SELARL MJ Synergie", "address": {
            "street": "3 rue Servient", "postal_code": "69003", "city": "Lyon"}},
        **insolvency}
    return raw


def test_the_flag_marks_exactly_the_pursuing_kinds():
    flagged = {name for name, spec in KINDS.items() if spec.pursues_debtor}
    assert flagged == PURSUING & set(KINDS)


@pytest.mark.parametrize("kind", sorted(PURSUING & set(KINDS)))
def test_a_pursuing_kind_is_refused_while_the_proceedings_are_open(runtime, kind):
    options: dict = {"level": 2} if kind == "relance" else {}
    if kind == "echeancier":
        options["plan"] = {"count": 3, "first_date": "2026-12-15"}
    case, opts = load_request({"case": insolvent_raw(), "options": options}, KINDS[kind])
    with pytest.raises(CaseInvalid) as exc:
        generate(kind, case, opts, runtime)
    errors = [e for e in exc.value.errors if e.path == "case.debtor.insolvency"]
    assert errors and errors[0].code == "insolvency_open"
    assert "L622-21" in errors[0].message_fr and "redressement judiciaire" in errors[0].message_fr
    assert "d’un redressement judiciaire ouvert le 6 octobre 2026" in errors[0].message_fr


def test_the_api_answers_422_naming_the_field(client):
    r = client.post("/v1/documents/mise_en_demeure", json={"case": insolvent_raw()})
    assert r.status_code == 422
    assert r.mimetype == "application/problem+json"
    assert "case.debtor.insolvency" in r.get_data(as_text=True)


def test_closed_proceedings_no_longer_stop_the_letter(runtime):
    raw = insolvent_raw(closed_on="2026-11-10", closure="extinction_passif")
    case, opts = load_request({"case": raw, "options": {}}, KINDS["mise_en_demeure"])
    doc = generate("mise_en_demeure", case, opts, runtime)
    assert doc.pages >= 1


def test_the_decompte_answers_and_warns(client):
    r = client.post("/v1/decompte", json={"case": insolvent_raw()})
    assert r.status_code == 200
    body = r.get_json()
    codes = [w["code"] for w in body["warnings"]]
    assert "insolvency_open" in codes
    assert body["insolvency"]["open"] is True


def _consumer_insolvent(postal_code: str, city: str, court: str) -> dict:
    raw = insolvent_raw(procedure="liquidation_judiciaire", court=court)
    raw["debtor"] = {**raw["debtor"], "type": "individual", "civility": "M.",
                     "first_name": "Paul", "last_name": "Martin", "activity": "consumer",
                     "address": {"street": "3 rue du Dôme", "postal_code": postal_code,
                                 "city": city}}
    raw["debtor"].pop("siren", None)
    raw["debtor"].pop("name", None)
    return raw


@pytest.mark.parametrize("kind", ["declaration_de_creance", "decompte", "mise_en_demeure"])
def test_a_consumer_outside_alsace_moselle_cannot_be_in_collective_proceedings(client, kind):
    """C. com. L620-2, L631-2, L640-2: Book VI proceedings are for businesses; a natural person
    who is none of them only under the faillite civile of L670-1 (Moselle, Bas-Rhin, Haut-Rhin)."""
    raw = _consumer_insolvent("38000", "Grenoble", "Tribunal judiciaire de Grenoble")
    r = client.post(f"/v1/documents/{kind}", json={"case": raw})
    assert r.status_code == 422, r.get_data(as_text=True)
    body = r.get_json()
    found = [e for e in body["errors"] if e["path"] == "case.debtor.insolvency"]
    assert found and found[0]["code"] == "insolvency_consumer"
    assert "L670-1" in found[0]["message_fr"]


def test_a_consumer_in_alsace_moselle_faillite_civile_is_declared(client):
    raw = _consumer_insolvent("67000", "Strasbourg", "Tribunal judiciaire de Strasbourg")
    r = client.post("/v1/documents/declaration_de_creance", json={"case": raw})
    assert r.status_code == 200, r.get_data(as_text=True)
