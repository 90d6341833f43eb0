"""The OpenAPI document against what the service really answers, and the findings of the
contract fuzzing (schemathesis), each kept as a test."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema_rs
import pytest

from service.api.openapi import example_case
from tests.factories import example_raw


def post(client, path, body, **kw):
    return client.post(path, data=json.dumps(body, default=str), content_type="application/json",
                       **kw)


@pytest.fixture(scope="module")
def spec(app):
    return app.test_client().get("/openapi.json").json


def validator(spec, name):
    return jsonschema_rs.Draft202012Validator(
        {"$ref": f"#/components/schemas/{name}", "components": spec["components"]})


@pytest.mark.parametrize("kind,options", [("mise_en_demeure", {}), ("relance", {"level": 2}),
                                          ("assignation", {})])
def test_document_answers_match_the_published_schema(client, spec, kind, options):
    r = post(client, f"/v1/documents/{kind}", {"case": example_raw(), "options": options})
    assert r.status_code == 200, r.json
    validator(spec, "DocumentAnswer").validate(r.json)


def test_operational_answers_match_their_schemas(client, spec):
    validator(spec, "Readiness").validate(client.get("/readyz").json)
    validator(spec, "Kinds").validate(client.get("/v1/kinds").json)
    validator(spec, "Health").validate(client.get("/healthz").json)
    validator(spec, "Decompte").validate(post(client, "/v1/decompte",
                                              {"case": example_raw()}).json)


def test_problems_match_the_problem_schema_with_french_detail(client, spec):
    raw = example_raw()
    raw["creditor"]["siren"] = "111111111"
    r = post(client, "/v1/decompte", {"case": raw})
    assert r.status_code == 422 and r.json["detail_fr"].startswith("1 champ(s) en erreur")
    validator(spec, "Problem").validate(r.json)
    r = client.delete("/v1/decompte")
    validator(spec, "Problem").validate(r.json)


def test_kind_is_an_enum_and_every_kind_has_its_options_component(spec):
    from service.documents.registry import KINDS

    post_doc = spec["paths"]["/v1/documents/{kind}"]["post"]
    (kind,) = [p for p in post_doc["parameters"] if p["name"] == "kind"]
    assert set(kind["schema"]["enum"]) == set(KINDS)
    for name in KINDS:
        assert f"Options.{name}" in spec["components"]["schemas"]


def test_every_status_is_documented_with_its_media_type(spec):
    ops = spec["paths"]
    doc = ops["/v1/documents/{kind}"]["post"]["responses"]
    assert {"200", "400", "401", "403", "413", "415", "422", "503"} <= set(doc)
    assert {"application/json", "application/pdf"} <= set(doc["200"]["content"])
    assert set(doc["422"]["content"]) == {"application/problem+json"}
    assert "application/zip" in ops["/v1/batch"]["post"]["responses"]["200"]["content"]
    assert "text/plain; version=0.0.4" in ops["/metrics"]["get"]["responses"]["200"]["content"]
    assert set(ops["/readyz"]["get"]["responses"]) == {"200", "503"}


def test_required_text_is_non_blank_and_identifiers_have_their_shape(spec):
    import re

    party = spec["components"]["schemas"]["Party"]["properties"]
    signatory = spec["components"]["schemas"]["Signatory"]["properties"]
    name = signatory["name"]
    assert name["minLength"] == 1
    assert not re.search(name["pattern"], "   ") and re.search(name["pattern"], " Marie ")
    assert re.search(party["siren"]["pattern"], "732 829 320")
    assert not re.search(party["siren"]["pattern"], "73282932A")
    assert not re.search(spec["components"]["schemas"]["Bank"]["properties"]["iban"]["pattern"],
                         "not an iban")


def test_the_request_example_is_the_contract_example_and_valid(client, spec):
    shared = shared_example()
    if shared is not None:
        expected = json.loads(shared.read_text(encoding="utf-8"))
        expected.pop("evidence", None)  # placeholders, not base64
        assert example_case() == expected, f"copy {shared} into service/api/case.example.json"
    body = spec["paths"]["/v1/decompte"]["post"]["requestBody"]["content"]["application/json"]
    assert post(client, "/v1/decompte", body["example"]).status_code == 200


def shared_example():
    """shared/spec/case.example.json beside the checkout (CI) or above the worktrees."""
    here = Path(__file__).resolve()
    for root in (here.parents[2], here.parents[3]):
        path = root.parent / "shared" / "spec" / "case.example.json"
        if path.is_file():
            return path
    return None


# --- findings of the fuzzing, each a test -----------------------------------------------------

def test_validate_with_a_kind_that_is_not_a_string_is_a_200_not_a_500(client):
    for kind in ({}, [], 3, True):
        r = post(client, "/v1/validate", {"case": example_raw(), "kind": kind})
        assert r.status_code == 200, r.get_data(as_text=True)
        assert r.json["valid"] is False and r.json["errors"][0]["path"] == "kind"


def test_a_405_names_the_allowed_methods(client):
    for method in ("TRACE", "PUT", "DELETE"):
        r = client.open("/v1/decompte", method=method)
        assert r.status_code == 405 and r.mimetype == "application/problem+json"
        assert "POST" in r.headers["Allow"]
    r = client.open("/healthz", method="TRACE")
    assert r.status_code == 405 and "GET" in r.headers["Allow"]


def test_booleans_are_json_booleans_not_0_or_1(client):
    r = post(client, "/v1/decompte", {"case": example_raw()})
    assert r.status_code == 200
    r = post(client, "/v1/documents/mise_en_demeure",
             {"case": example_raw(), "options": {"lrar": 0}})
    assert r.status_code == 422 and r.json["errors"][0]["path"] == "options.lrar"
    raw = example_raw()
    raw["terms"]["flat_indemnity"] = 1
    r = post(client, "/v1/decompte", {"case": raw})
    assert r.status_code == 422 and r.json["errors"][0]["path"] == "case.terms.flat_indemnity"


def test_blank_optional_text_of_any_length_is_absent_as_published(client, spec):
    import re

    raw = example_raw()
    raw["debtor"]["siren"] = " " * 21  # longer than 20, blank: absent
    assert post(client, "/v1/decompte", {"case": raw}).status_code == 200
    assert re.search(spec["components"]["schemas"]["Party"]["properties"]["siren"]["pattern"],
                     " " * 21)


def test_amounts_and_rates_as_json_numbers_are_published(client, spec):
    raw = example_raw()
    raw["terms"]["rates"] = [{"kind": "ecb_mro", "rate": 0, "valid_from": "2000-01-01"}]
    assert post(client, "/v1/decompte", {"case": raw}).status_code == 200
    rate = spec["components"]["schemas"]["SuppliedRate"]["properties"]["rate"]
    assert "number" in rate["type"] and rate["maximum"] == 1


def test_null_options_are_the_defaults_as_published(client, spec):
    r = post(client, "/v1/documents/mise_en_demeure", {"case": example_raw(), "options": None})
    assert r.status_code == 200
    body = spec["paths"]["/v1/documents/{kind}"]["post"]["requestBody"]["content"]
    assert {"type": "null"} in body["application/json"]["schema"]["properties"]["options"]["anyOf"]


def test_kinds_with_their_own_option_and_answer_schemas_get_their_components(monkeypatch,
                                                                             runtime):
    from marshmallow import Schema, fields

    from service.api import openapi
    from service.app import create_app
    from service.config import Settings

    class RelanceOptions(Schema):
        level = fields.Integer(required=True)

    class LetterDetails(Schema):
        deadline = fields.String()

    class Spec:
        def __init__(self, options, details):
            self.options_schema, self.details_schema = options, details

    monkeypatch.setattr(openapi, "kinds", lambda: {
        "relance": Spec(RelanceOptions, LetterDetails),
        "mise_en_demeure": Spec(None, LetterDetails), "decompte": Spec(None, None)})
    app = create_app(Settings(warm_up=False), runtime=runtime)
    spec = app.test_client().get("/openapi.json").json
    comps = spec["components"]["schemas"]
    assert comps["Options.relance"]["required"] == ["level"]
    assert comps["Options.mise_en_demeure"]["$ref"] == "#/components/schemas/Options"
    assert comps["Details.mise_en_demeure"] == {"$ref": "#/components/schemas/Details.relance"}
    assert "Details.decompte" not in comps
    details = comps["DocumentAnswer"]["properties"]["details"]["anyOf"]
    assert {"$ref": "#/components/schemas/Details.relance"} in details
    post_doc = spec["paths"]["/v1/documents/{kind}"]["post"]
    options = post_doc["requestBody"]["content"]["application/json"]["schema"]["properties"]
    assert {"$ref": "#/components/schemas/Options.relance"} in options["options"]["anyOf"]
