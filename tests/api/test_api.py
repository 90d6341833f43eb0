"""The HTTP API: contract, problem details, documents as JSON and as PDF, auth, docs."""

from __future__ import annotations

import base64
import hashlib
import json

from service.app import create_app
from service.config import Settings
from tests import pdfcheck
from tests.factories import copy_raw, example_raw


def post(client, path, body, **kw):
    return client.post(path, data=json.dumps(body, default=str), content_type="application/json",
                       **kw)


def test_health_and_readiness(client):
    assert client.get("/healthz").json == {"status": "ok"}
    r = client.get("/readyz")
    assert r.status_code == 200, r.json
    checks = r.json["checks"]
    assert set(checks) == {"fonts", "templates", "cerfa", "signing_key", "warm_up"}
    assert all(c["status"] == "ok" for c in checks.values())
    assert "password" not in json.dumps(r.json).lower()


def test_decompte_answers_the_statement_in_the_api_shape(client):
    r = post(client, "/v1/decompte", {"case": example_raw()})
    assert r.status_code == 200
    d = r.json
    assert d["as_of"] == "2026-11-20" and d["regime"] == "professional"
    inv = d["invoices"][0]
    assert {"number", "due_date", "amount", "paid", "outstanding", "interest", "indemnity",
            "periods"} <= set(inv)
    assert inv["periods"][0] == {"from": "2026-06-04", "to": "2026-06-30", "days": 27,
                                 "principal": "4800.00", "rate": "0.1215", "amount": "43.14",
                                 "half_year": "2026-S1", "rate_source": "ecb_plus_10",
                                 "rate_status": "corroborated"}
    assert d["totals"] == {"amount": "6300.00", "paid": "1800.00", "outstanding": "4500.00",
                           "interest": "254.72", "interest_paid": "0.00", "indemnities": "80.00",
                           "total_due": "4834.72"}
    assert isinstance(d["warnings"], list)


def test_json_numbers_are_read_as_decimals_not_floats(client):
    raw = example_raw()
    raw["invoices"][0]["amount_incl_tax"] = 4800.1  # a JSON number with one decimal
    body = json.dumps({"case": raw}, default=str).replace('"4800.1"', "4800.1")
    r = client.post("/v1/decompte", data=body, content_type="application/json")
    assert r.status_code == 200 and r.json["invoices"][0]["amount"] == "4800.10"


def test_invalid_case_is_a_422_problem_listing_every_path_in_two_languages(client):
    raw = copy_raw(example_raw())
    raw["invoices"][1]["due_date"] = "2026-01-01"
    raw["creditor"]["bank"]["iban"] = "FR00"
    raw["debtor"]["siren"] = "111111111"
    r = post(client, "/v1/decompte", {"case": raw})
    assert r.status_code == 422 and r.mimetype == "application/problem+json"
    body = r.json
    assert body["status"] == 422 and body["title"] and body["type"]
    paths = {e["path"] for e in body["errors"]}
    assert paths == {"case.invoices[1].due_date", "case.creditor.bank.iban", "case.debtor.siren"}
    assert all(e["message_fr"] and e["message_en"] for e in body["errors"])


def test_unreadable_json_wrong_type_and_too_large(app, client):
    r = client.post("/v1/decompte", data="{not json", content_type="application/json")
    assert r.status_code == 400 and r.mimetype == "application/problem+json"
    r = client.post("/v1/decompte", data="NaN", content_type="application/json")
    assert r.status_code == 400
    r = client.post("/v1/decompte", data="<case/>", content_type="application/xml")
    assert r.status_code == 415 and r.mimetype == "application/problem+json"
    big = b'{"case": "' + b"x" * (3 * 1024 * 1024) + b'"}'
    r = client.post("/v1/decompte", data=big, content_type="application/json")
    assert r.status_code == 413 and r.mimetype == "application/problem+json"
    r = post(client, "/v1/decompte", ["not", "an", "object"])
    assert r.status_code == 422


def test_unknown_route_and_method_are_problems(client):
    assert client.get("/v1/nothing").mimetype == "application/problem+json"
    assert client.get("/v1/decompte").status_code == 405


def test_validate_answers_200_either_way(client):
    r = post(client, "/v1/validate", {"case": example_raw(), "kind": "mise_en_demeure"})
    assert r.status_code == 200 and r.json["valid"] is True
    raw = copy_raw(example_raw())
    del raw["signatory"]
    r = post(client, "/v1/validate", {"case": raw, "kind": "mise_en_demeure"})
    assert r.status_code == 200 and r.json["valid"] is False
    assert [e["path"] for e in r.json["errors"]] == ["case.signatory"]
    r = post(client, "/v1/validate", {"case": raw, "kind": "nonsense"})
    assert r.json["valid"] is False and r.json["errors"][0]["path"] == "kind"


def test_document_as_json(client):
    r = post(client, "/v1/documents/mise_en_demeure", {"case": example_raw()})
    assert r.status_code == 200, r.json
    d = r.json
    pdf = base64.b64decode(d["content_base64"])
    assert pdf.startswith(b"%PDF") and hashlib.sha256(pdf).hexdigest() == d["sha256"]
    assert d["kind"] == "mise_en_demeure" and d["reference"] == "DOS-2026-0042"
    assert d["filename"] == "mise-en-demeure_DOS-2026-0042.pdf"
    assert d["template_version"] == "mise_en_demeure@1" and d["pages"] == pdfcheck.pages(pdf)
    assert set(d["signature"]) == {"level", "signer", "signed_at", "certificate_sha256",
                                   "test_certificate"}
    assert d["postage"]["recipient_lines"][-1] == "69100 VILLEURBANNE"
    assert d["decompte"]["totals"]["total_due"] == "4834.72"
    assert any(w["code"] == "test_certificate" for w in d["warnings"])


def test_document_as_raw_pdf_with_metadata_headers(client):
    r = post(client, "/v1/documents/relance", {"case": example_raw(), "options": {"level": 2}},
             headers={"Accept": "application/pdf", "X-Request-ID": "abc-123"})
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    assert r.data.startswith(b"%PDF")
    assert r.headers["X-Recouvre-Sha256"] == hashlib.sha256(r.data).hexdigest()
    assert r.headers["X-Recouvre-Pages"] == str(pdfcheck.pages(r.data))
    assert json.loads(r.headers["X-Recouvre-Postage"])["service"] == "lettre_simple"
    assert 'filename="relance-2_DOS-2026-0042.pdf"' in r.headers["Content-Disposition"]
    assert r.headers["X-Request-ID"] == "abc-123"


def test_document_errors(client):
    r = post(client, "/v1/documents/relance", {"case": example_raw()})
    assert r.status_code == 422 and r.json["errors"][0]["path"] == "options.level"
    r = post(client, "/v1/documents/unknown", {"case": example_raw()})
    assert r.status_code == 422 and r.json["errors"][0]["path"] == "kind"
    r = post(client, "/v1/documents/mise_en_demeure",
             {"case": example_raw(), "options": {"signature_level": "PAdES-B-T"}})
    assert r.status_code == 422  # no timestamp server configured


def test_kinds_and_openapi_and_docs(client):
    kinds = {k["kind"]: k for k in client.get("/v1/kinds").json["kinds"]}
    assert kinds["mise_en_demeure"]["template_version"] == "mise_en_demeure@1"
    spec = client.get("/openapi.json").json
    assert spec["openapi"].startswith("3.1")
    assert {"/v1/decompte", "/v1/validate", "/v1/documents/{kind}", "/v1/kinds"} <= set(
        spec["paths"])
    assert "Case" in spec["components"]["schemas"]
    page = client.get("/docs")
    assert page.status_code == 200 and b"/v1/decompte" in page.data
    assert "recouvre_http_requests_total" in client.get("/metrics").get_data(as_text=True)


def test_api_keys_when_configured(runtime):
    app = create_app(Settings(api_keys=frozenset({"s3cret"})), runtime=runtime)
    c = app.test_client()
    body = json.dumps({"case": example_raw()}, default=str)
    r = c.post("/v1/decompte", data=body, content_type="application/json")
    assert r.status_code == 401 and r.mimetype == "application/problem+json"
    r = c.post("/v1/decompte", data=body, content_type="application/json",
               headers={"X-API-Key": "wrong"})
    assert r.status_code == 403 and "s3cret" not in r.get_data(as_text=True)
    r = c.post("/v1/decompte", data=body, content_type="application/json",
               headers={"Authorization": "Bearer s3cret"})
    assert r.status_code == 200
    assert c.get("/healthz").status_code == 200
    assert "s3cret" not in repr(Settings(api_keys=frozenset({"s3cret"})))
