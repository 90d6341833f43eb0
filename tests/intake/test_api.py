"""POST /v1/cases/from-invoices over HTTP: the cases it answers are accepted by /v1/decompte and
render a mise en demeure; broken inputs get their 422 (413, 415) as problem+json."""

from __future__ import annotations

import base64
import io
import json
import subprocess
from decimal import Decimal

import pytest

from service.app import create_app
from service.config import Settings
from service.jsonio import parse_json
from tests.intake import build
from tests.intake.build import Inv

DEFAULTS = {
    "reference": "DOS-2026-0042",
    "as_of": "2026-11-20",
    "creditor": {"activity": "commercial",
                 "representative": {"name": "Marie Dupont", "title": "Gérante"}},
    "debtor": {"activity": "commercial"},
    "signatory": {"name": "Marie Dupont", "title": "Gérante", "place": "Lyon"},
    "reminders": [{"date": "2026-09-01", "kind": "relance", "channel": "letter"}],
    "terms": {"late_penalty_rate": None, "flat_indemnity": True,
              "reference": "Conditions générales de vente, article 9"},
}


def post_files(client, files, case=None, mapping=None):
    data = {"files": [(io.BytesIO(content), name) for name, content in files]}
    if case is not None:
        data["case"] = json.dumps(case)
    if mapping is not None:
        data["mapping"] = json.dumps(mapping)
    return client.post("/v1/cases/from-invoices", data=data, content_type="multipart/form-data")


def codes(resp):
    return [e["code"] for e in resp.json["errors"]]


@pytest.fixture(scope="module")
def two_invoices():
    first = build.facturx_pdf(Inv())
    second = build.facturx_pdf(Inv(number="F-2026-0152", issue=Inv().issue.replace(month=6, day=15),
                                   due=Inv().due.replace(month=7, day=15),
                                   lines=[("Pose et finitions", Decimal("1250.00"))],
                                   prepaid=Decimal("300.00")), profile="basic")
    return first, second


def test_factur_x_pdfs_give_a_case_that_the_decompte_accepts(client, two_invoices):
    first, second = two_invoices
    # the later invoice first: the case lists them in due-date order
    r = post_files(client, [("F-0152.pdf", second), ("F-0117.pdf", first)], case=DEFAULTS)
    assert r.status_code == 200, r.json
    assert r.mimetype == "application/json"
    (case,) = r.json["cases"]
    assert [i["number"] for i in case["invoices"]] == ["F-2026-0117", "F-2026-0152"]
    assert case["reference"] == "DOS-2026-0042"
    assert case["payments"] == [{"date": "2026-06-15", "amount": "300.00",
                                 "invoice": "F-2026-0152", "method": "acompte"}]
    assert [e["title"] for e in case["evidence"]] == ["Facture n° F-2026-0117",
                                                      "Facture n° F-2026-0152"]
    assert base64.b64decode(case["evidence"][0]["content_base64"]) == first
    warnings = {w["code"]: w for w in r.json["warnings"]}
    assert warnings["payment_dated_issue_date"]["path"] == "case.payments[0].date"
    assert "input_required" not in warnings, warnings
    d = client.post("/v1/decompte", data=json.dumps({"case": case}),
                    content_type="application/json")
    assert d.status_code == 200, d.json
    totals = d.json["totals"]
    assert totals["amount"] == "6300.00" and totals["paid"] == "300.00"
    assert totals["outstanding"] == "6000.00" and totals["indemnities"] == "80.00"


def test_the_case_renders_a_mise_en_demeure_with_the_invoice_as_read(client, two_invoices,
                                                                     tmp_path):
    first, _ = two_invoices
    r = post_files(client, [("F-0117.pdf", first)], case=DEFAULTS)
    (case,) = r.json["cases"]
    doc = client.post("/v1/documents/mise_en_demeure",
                      data=json.dumps({"case": case, "options": {"sign": False}}),
                      content_type="application/json", headers={"Accept": "application/pdf"})
    assert doc.status_code == 200, doc.json
    pdf = tmp_path / "mise-en-demeure.pdf"
    pdf.write_bytes(doc.data)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          check=True, text=True).stdout
    for expected in ("F-2026-0117", "Atelier Dupont", "MARTIN BATIMENT", "Marie Dupont",
                     "4 800,00"):
        assert expected in text, expected


def test_json_numbers_of_the_case_part_stay_numbers(client, two_invoices):
    first, _ = two_invoices
    case = dict(DEFAULTS, terms={"late_penalty_rate": "0.12"})
    body = json.dumps({k: v for k, v in case.items()}).replace('"0.12"', "0.120")
    data = {"files": [(io.BytesIO(first), "f.pdf")], "case": body}
    r = client.post("/v1/cases/from-invoices", data=data, content_type="multipart/form-data")
    assert r.status_code == 200, r.json
    assert b'"late_penalty_rate": 0.120' in r.data
    assert parse_json(r.data)["cases"][0]["terms"]["late_penalty_rate"] == Decimal("0.120")


def test_what_only_the_user_can_supply_is_named_by_path(client, two_invoices):
    first, _ = two_invoices
    r = post_files(client, [("f.pdf", first)])
    assert r.status_code == 200, r.json
    paths = {w["path"] for w in r.json["warnings"] if w["code"] == "input_required"}
    assert paths == {"case.debtor.activity", "case.signatory"}
    assert {w["path"] for w in r.json["warnings"]} >= {"case.reminders", "case.reference"}
    assert all(w["case_index"] == 0 for w in r.json["warnings"])
    # supplying exactly those makes the case valid
    case = r.json["cases"][0]
    case["debtor"]["activity"] = "commercial"
    case["signatory"] = {"name": "Marie Dupont", "title": "Gérante"}
    v = client.post("/v1/validate", data=json.dumps({"case": case, "kind": "mise_en_demeure"}),
                    content_type="application/json")
    assert v.json["valid"], v.json


def test_a_pdf_without_factur_x_xml_is_a_422_naming_the_file(client):
    r = post_files(client, [("scan.pdf", build.small_pdf("Facture"))])
    assert r.status_code == 422 and r.mimetype == "application/problem+json"
    (err,) = r.json["errors"]
    assert err["code"] == "facturx_xml_missing" and err["path"] == "files[0]"
    assert err["file"] == "scan.pdf" and "scan.pdf" in err["message_fr"]


def test_xml_failing_its_schema_is_a_422_naming_the_element(client):
    xml = build.cii(Inv()).replace(b"<ram:TypeCode>380</ram:TypeCode>",
                                   b"<ram:Typecode>380</ram:Typecode>")
    r = post_files(client, [("ok.xml", build.cii(Inv(number="A-1"))), ("bad.xml", xml)])
    assert r.status_code == 422
    (err,) = r.json["errors"]
    assert err["code"] == "xml_schema_invalid" and err["path"] == "files[1]"
    assert "Typecode" in err["message_en"] and err["line"] > 1
    assert "ExchangedDocument" in err["element"]


def test_a_csv_row_with_a_bad_date_and_another_with_a_bad_amount_each_named(client):
    rows = [["debtor_name", "invoice_number", "issue_date", "due_date", "amount_incl_tax"],
            ["Client A", "F-1", "01/02/2026", "31/02/2026", "1 200,00"],
            ["Client A", "F-2", "01/02/2026", "03/03/2026", "12O,00"]]
    r = post_files(client, [("export.csv", build.csv_bytes(rows))])
    assert r.status_code == 422
    errs = {(e["path"], e["code"]) for e in r.json["errors"]}
    assert errs == {("files[0].rows[2].due_date", "invalid_date"),
                    ("files[0].rows[3].amount_incl_tax", "invalid_amount")}
    assert all(e["file"] == "export.csv" for e in r.json["errors"])


def test_two_invoices_with_the_same_number_are_a_422(client):
    r = post_files(client, [("a.xml", build.cii(Inv())), ("b.xml", build.cii(Inv()))])
    assert r.status_code == 422 and codes(r) == ["duplicate_invoice"]
    assert r.json["errors"][0]["path"] == "files[1]"
    assert "a.xml" in r.json["errors"][0]["message_en"]


def test_not_multipart_is_a_415_and_an_unknown_file_type_too(client):
    r = client.post("/v1/cases/from-invoices", data="{}", content_type="application/json")
    assert r.status_code == 415 and r.mimetype == "application/problem+json"
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    r = post_files(client, [("photo.png", png)])
    assert r.status_code == 415 and codes(r) == ["unsupported_file_type"]


def test_no_file_is_a_422_and_a_bad_case_part_a_400(client):
    r = client.post("/v1/cases/from-invoices", data={"case": "{}"},
                    content_type="multipart/form-data")
    assert r.status_code == 422 and r.json["errors"][0]["path"] == "files"
    data = {"files": [(io.BytesIO(build.cii(Inv())), "a.xml")], "case": "{not json"}
    r = client.post("/v1/cases/from-invoices", data=data, content_type="multipart/form-data")
    assert r.status_code == 400 and r.json["errors"][0]["path"] == "case"


def test_limits_on_files_sizes_and_rows_are_413(runtime):
    app = create_app(Settings(max_body_bytes=2 * 1024 * 1024, intake_max_files=2,
                              intake_max_file_bytes=20_000, intake_max_rows=3, warm_up=False),
                     runtime=runtime)
    client = app.test_client()
    xml = build.cii(Inv())
    r = post_files(client, [(f"{i}.xml", xml) for i in range(3)])
    assert r.status_code == 413 and codes(r) == ["too_many_files"]
    r = post_files(client, [("big.xml", xml + b" " * 20_000)])
    assert r.status_code == 413 and codes(r) == ["file_too_large"]
    rows = [["debtor_name", "invoice_number", "issue_date", "due_date", "amount_incl_tax"]] + [
        ["A", f"F-{n}", "2026-01-01", "2026-02-01", "10"] for n in range(4)]
    r = post_files(client, [("rows.csv", build.csv_bytes(rows))])
    assert r.status_code == 413 and codes(r) == ["too_many_rows"]


def test_a_bad_value_in_the_case_part_is_named_in_the_case_part(client):
    case = dict(DEFAULTS, creditor={"activity": "commercial", "siren": "123456789"})
    r = post_files(client, [("a.xml", build.cii(Inv()))], case=case)
    assert r.status_code == 422
    assert [(e["path"], e["code"]) for e in r.json["errors"]] == [
        ("case.creditor.siren", "invalid_siren")]


def test_the_factur_x_pdf_is_stamped_as_a_piece_of_the_bordereau(client, two_invoices, tmp_path):
    first, _ = two_invoices
    r = post_files(client, [("F-0117.pdf", first)], case=DEFAULTS)
    (case,) = r.json["cases"]
    doc = client.post("/v1/documents/bordereau",
                      data=json.dumps({"case": case, "options": {"sign": False}}),
                      content_type="application/json")
    assert doc.status_code == 200, doc.json
    assert "evidence_embedded_files_removed" in [w["code"] for w in doc.json["warnings"]]
    pdf = tmp_path / "bordereau.pdf"
    pdf.write_bytes(base64.b64decode(doc.json["content_base64"]))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          check=True, text=True).stdout
    assert "Facture n° F-2026-0117" in text  # the bordereau lists it
    piece = text.split("\f")[-2]
    assert "Facture F-2026-0117" in piece and "Pièce n° 1" in piece


def test_the_case_and_mapping_parts_may_be_files_as_curl_sends_them(client):
    rows = [["Client", "N°", "Émise", "Échue", "TTC"],
            ["SARL Martin", "2026-77", "2026-02-01", "2026-03-03", "1234,56"]]
    mapping = {"Client": "debtor_name", "N°": "invoice_number", "Émise": "issue_date",
               "Échue": "due_date", "TTC": "amount_incl_tax"}
    data = {"files": [(io.BytesIO(build.csv_bytes(rows)), "export.csv")],
            "case": (io.BytesIO(json.dumps(DEFAULTS).encode()), "defaults.json"),
            "mapping": (io.BytesIO(json.dumps(mapping).encode()), "m.json")}
    r = client.post("/v1/cases/from-invoices", data=data, content_type="multipart/form-data")
    assert r.status_code == 200, r.json
    (case,) = r.json["cases"]
    assert case["reference"] == "DOS-2026-0042" and case["invoices"][0]["number"] == "2026-77"
    assert case["signatory"]["name"] == "Marie Dupont"
