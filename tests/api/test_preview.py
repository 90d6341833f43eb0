"""POST /v1/documents/{kind}/preview: page 1 of the document as a PNG."""

from __future__ import annotations

import io
import json

from PIL import Image

from tests.factories import example_raw


def post(client, path, body):
    return client.post(path, data=json.dumps(body, default=str), content_type="application/json")


def test_preview_is_page_one_as_png_at_the_asked_width(client):
    r = post(client, "/v1/documents/mise_en_demeure/preview?width=400", {"case": example_raw()})
    assert r.status_code == 200, r.data[:500]
    assert r.mimetype == "image/png"
    assert r.headers["Cache-Control"] == "no-store"
    image = Image.open(io.BytesIO(r.data))
    assert image.format == "PNG" and image.width == 400
    assert 560 <= image.height <= 570  # A4 portrait: 400 × 297/210
    assert int(r.headers["X-Recouvre-Pages"]) == 2
    # a page with text on it, not a blank sheet
    assert image.convert("L").getextrema()[0] < 80


def test_preview_of_a_docx_draft_renders_its_pdf(client):
    r = post(client, "/v1/documents/assignation/preview?width=300",
             {"case": example_raw(), "options": {"format": "docx"}})
    assert r.status_code == 200 and r.mimetype == "image/png"
    assert Image.open(io.BytesIO(r.data)).width == 300


def test_preview_refuses_what_the_document_refuses(client):
    case = example_raw()
    case["invoices"][1]["due_date"] = "2026-13-45"
    r = post(client, "/v1/documents/mise_en_demeure/preview", {"case": case})
    assert r.status_code == 422 and r.mimetype == "application/problem+json"
    assert [e["path"] for e in r.json["errors"]] == ["case.invoices[1].due_date"]

    r = post(client, "/v1/documents/no_such_kind/preview", {"case": example_raw()})
    assert r.status_code == 422 and r.json["errors"][0]["path"] == "kind"


def test_preview_width_is_bounded(client):
    for width in ("0", "99999", "abc", "-5"):
        r = post(client, f"/v1/documents/relance/preview?width={width}",
                 {"case": example_raw(), "options": {"level": 1}})
        assert r.status_code == 422, width
        assert r.json["errors"][0]["path"] == "width"
        assert r.json["errors"][0]["message_fr"].startswith("Largeur invalide")


def test_preview_is_in_the_openapi_document(client):
    op = client.get("/openapi.json").json["paths"]["/v1/documents/{kind}/preview"]["post"]
    assert "image/png" in op["responses"]["200"]["content"]
