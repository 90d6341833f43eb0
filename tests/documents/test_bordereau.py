"""Kind ``bordereau``: the bordereau page, then the stamped pièces, one signed PDF."""

from __future__ import annotations

import base64
from io import BytesIO

import pytest
from PIL import Image
from pypdf import PdfReader
from weasyprint import HTML

from service.contract import load_request
from service.documents.generate import generate
from service.documents.registry import KINDS
from service.errors import CaseInvalid
from service.pdf.verify import verify_pdf
from tests import pdfcheck
from tests.factories import example_raw


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def two_page_pdf() -> bytes:
    return HTML(string="<p>Facture F-2026-0117 : menuiseries</p>"
                       "<p style='page-break-before: always'>Conditions de paiement</p>").write_pdf()


def png() -> bytes:
    buf = BytesIO()
    Image.new("RGB", (900, 600), (230, 240, 250)).save(buf, "PNG")
    return buf.getvalue()


def evidence() -> list[dict[str, str]]:
    return [
        {"title": "Facture F-2026-0117", "date": "2026-05-04", "media_type": "application/pdf",
         "content_base64": b64(two_page_pdf())},
        {"title": "Procès-verbal de réception", "date": "2026-04-30", "media_type": "image/png",
         "content_base64": b64(png())},
    ]


def render(runtime, raw, **options):
    case, opts = load_request({"case": raw, "options": options}, KINDS["bordereau"])
    return generate("bordereau", case, opts, runtime)


@pytest.fixture(scope="module")
def doc(runtime):
    raw = example_raw()
    raw["evidence"] = evidence()
    return render(runtime, raw)


def test_bordereau_lists_the_pieces_then_appends_them_stamped(doc):
    # 1 bordereau page + 2 pages of pièce 1 + 1 page (the image) of pièce 2
    assert doc.pages == pdfcheck.pages(doc.content) == 4
    reader = PdfReader(BytesIO(doc.content))
    first = pdfcheck.flat(doc.content).split("Pièce n° 1 — page 1/2")[0]
    for mention in ["BORDEREAU DE COMMUNICATION DE PIÈCES", "TRIBUNAL DES ACTIVITÉS ÉCONOMIQUES DE LYON",
                    "La société Atelier Dupont", "La société Martin Bâtiment", "DOS-2026-0042",
                    "Facture F-2026-0117", "04/05/2026", "Procès-verbal de réception", "30/04/2026",
                    "2 pièces communiquées"]:
        assert mention in first, mention
    texts = [" ".join(p.extract_text().split()) for p in reader.pages]
    assert "Pièce n° 1 — page 1/2 — Réf. DOS-2026-0042" in texts[1]
    assert "menuiseries" in texts[1]
    assert "Pièce n° 1 — page 2/2" in texts[2] and "Conditions de paiement" in texts[2]
    assert "Pièce n° 2 — page 1/1" in texts[3]
    outline = [(item.title, reader.get_destination_page_number(item))
               for item in reader.outline if not isinstance(item, list)]
    assert outline == [("Bordereau de communication de pièces", 0),
                       ("Pièce n° 1 — Facture F-2026-0117", 1),
                       ("Pièce n° 2 — Procès-verbal de réception", 3)]
    assert reader.page_labels == ["i", "P1-1", "P1-2", "P2-1"]
    assert doc.extra["pieces"][0]["pages"] == 2 and doc.extra["pieces"][1]["pages"] == 1


def test_bordereau_is_sealed_on_its_own_page_and_valid(doc, runtime):
    (report,) = verify_pdf(doc.content, runtime.signer.trust_roots)
    assert report.ok, report.summary
    assert pdfcheck.qpdf_check(doc.content).returncode == 0
    reader = PdfReader(BytesIO(doc.content))
    widgets = [(i, [float(v) for v in a.get_object()["/Rect"]])
               for i, page in enumerate(reader.pages) for a in page.get("/Annots") or []
               if a.get_object().get("/FT") == "/Sig"]
    assert [i for i, _ in widgets] == [0]  # the visible seal sits on the bordereau page
    x1, y1, x2, y2 = widgets[0][1]
    assert x2 - x1 > 100 and y2 - y1 > 30


def test_bordereau_without_evidence_is_a_422_naming_case_evidence(runtime):
    with pytest.raises(CaseInvalid) as info:
        render(runtime, example_raw())
    assert [e.path for e in info.value.errors] == ["case.evidence"]


def test_broken_evidence_is_a_422_naming_the_item(runtime):
    raw = example_raw()
    raw["evidence"] = evidence()
    raw["evidence"][1]["content_base64"] = "!!!not base64!!!"
    with pytest.raises(CaseInvalid) as info:
        render(runtime, raw)
    assert any(e.path.startswith("case.evidence[1]") for e in info.value.errors)


def test_bordereau_wording_and_typography(doc):
    first = pdfcheck.flat(doc.content).split("Pièce n° 1 — page 1/2")[0]
    assert ("Chaque page des pièces porte en pied le numéro de la pièce, sa pagination et la"
            " référence du dossier.") in first
    assert "Pièce n° k" not in first and "i/n" not in first  # no placeholder letters
    assert "son président, M. Paul Martin, domicilié en cette qualité audit siège" in first
    assert "DEMANDEUR" in first and "DÉFENDEUR" in first  # a bordereau between parties
    assert pdfcheck.line_cuts(doc.content) == []  # « 404 833 048 » was cut at a line end


def test_court_derived_from_the_debtor_address_is_a_generic_name_with_a_warning(runtime, doc):
    assert not any(w["code"] == "court_not_named" for w in doc.warnings)  # the case names it
    raw = example_raw()
    raw["evidence"] = evidence()[1:]
    raw.pop("court", None)
    unnamed = render(runtime, raw, sign=False)
    (warning,) = [w for w in unnamed.warnings if w["code"] == "court_not_named"]
    assert warning["path"] == "case.court"
    assert unnamed.extra["court"]["name"].upper() in pdfcheck.flat(unnamed.content)


def test_the_bundle_keeps_the_bordereau_metadata_and_language(doc):
    reader = PdfReader(BytesIO(doc.content))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Bordereau de communication de pièces — DOS-2026-0042"
    assert meta.author == "Atelier Dupont"
    assert meta.subject == "Bordereau de communication de pièces, dossier DOS-2026-0042"
    assert meta.keywords == "DOS-2026-0042, pièces, Martin Bâtiment"
    assert meta["/CreationDate"].startswith("D:20261120120000+01'00")  # noon, Paris, on as_of
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    assert pdfcheck.qpdf_check(doc.content).returncode == 0
