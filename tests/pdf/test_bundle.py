"""assemble_bundle: order, stamps, bookmarks, labels, PDF/A claim; checked from the outside."""

from __future__ import annotations

import re
import subprocess
import tempfile
from datetime import datetime, timedelta, timezone
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from service.model import Evidence
from service.pdf.bundle import BAND_PT, BundleResult, assemble_bundle
from service.pdf.evidence import EvidenceLimits, Piece, prepare_pieces
from tests.pdf import evidence_samples as s

LIMITS = EvidenceLimits()
REFERENCE = "DOS-2026/042"
TEXTS_1 = s.piece_texts("Contrat", 2)
TEXTS_2 = s.piece_texts("Facture", 3)
TEXTS_5 = s.piece_texts("Relevé tourné", 2)


@pytest.fixture(scope="module")
def pieces() -> list[Piece]:
    return prepare_pieces([
        Evidence("Contrat", "application/pdf", s.b64(s.text_pdf(TEXTS_1))),
        Evidence("Facture F-100", "application/pdf", s.b64(s.text_pdf(TEXTS_2))),
        s.item(s.jpeg(1200, 800), "image/jpeg", "Photo du chantier"),
        s.item(s.png(500, 900), "image/png", "Capture d’écran"),
        Evidence("Relevé", "application/pdf", s.b64(s.text_pdf(TEXTS_5, rotate=90))),
    ], LIMITS)


@pytest.fixture(scope="module")
def bundle(pieces: list[Piece]) -> BundleResult:
    front = [("Bordereau de communication de pièces", s.front_pdf())]
    return assemble_bundle(front, pieces, reference=REFERENCE, title="Pièces — DOS-2026/042")


def run(*args: str, pdf: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "bundle.pdf")
        path.write_bytes(pdf)
        done = subprocess.run([a if a != "{}" else str(path) for a in args],
                              capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr + done.stdout
    return done.stdout


def page_text(pdf: bytes, page: int) -> str:
    """pdftotext of one page (1-based), whitespace-normalised."""
    text = run("pdftotext", "-f", str(page), "-l", str(page), "-enc", "UTF-8", "{}", "-", pdf=pdf)
    return " ".join(text.split())


def words(pdf: bytes, page: int) -> tuple[float, list[tuple[str, float, float]]]:
    """Page height and (word, yMin, yMax) with y measured from the top (pdftotext -bbox)."""
    html = run("pdftotext", "-bbox", "-f", str(page), "-l", str(page), "{}", "-", pdf=pdf)
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', html).group(1))  # type: ignore[union-attr]
    found = re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">'
                       r"([^<]*)</word>", html)
    return height, [(w, float(y0), float(y1)) for y0, y1, w in found]


def flatten_outline(reader: PdfReader, items: list, depth: int = 0) -> list[tuple]:  # type: ignore[type-arg]
    out: list[tuple] = []  # type: ignore[type-arg]
    for entry in items:
        if isinstance(entry, list):
            out += flatten_outline(reader, entry, depth + 1)
        else:
            out.append((depth, entry.title, reader.get_destination_page_number(entry)))
    return out


def test_page_count_is_the_sum(bundle: BundleResult, pieces: list[Piece]) -> None:
    reader = PdfReader(BytesIO(bundle.pdf))
    assert [p.pages for p in pieces] == [2, 3, 1, 1, 2]
    assert len(reader.pages) == bundle.pages == 1 + sum(p.pages for p in pieces) == 10


def test_bookmarks(bundle: BundleResult) -> None:
    reader = PdfReader(BytesIO(bundle.pdf))
    top = [(title, page) for depth, title, page in flatten_outline(reader, reader.outline)
           if depth == 0]
    expected = [
        ("Bordereau de communication de pièces", 0),
        ("Pièce n° 1 — Contrat", 1),
        ("Pièce n° 2 — Facture F-100", 3),
        ("Pièce n° 3 — Photo du chantier", 6),
        ("Pièce n° 4 — Capture d’écran", 7),
        ("Pièce n° 5 — Relevé", 8),
    ]
    assert top == expected == bundle.outline
    nested = [e for e in flatten_outline(reader, reader.outline) if e[0] == 1]
    assert nested and nested[0][2] == 0  # the bordereau's own headings, under its bookmark


def test_page_labels_and_title(bundle: BundleResult) -> None:
    reader = PdfReader(BytesIO(bundle.pdf))
    assert reader.page_labels == ["i", "P1-1", "P1-2", "P2-1", "P2-2", "P2-3", "P3-1", "P4-1",
                                  "P5-1", "P5-2"]
    assert reader.metadata is not None and reader.metadata.title == "Pièces — DOS-2026/042"


def test_every_piece_page_is_stamped(bundle: BundleResult) -> None:
    assert "Pièce n° 2 — page 1/3 — Réf. DOS-2026/042" in page_text(bundle.pdf, 4)
    stamps = [(1, 1, 2), (1, 2, 2), (2, 1, 3), (2, 2, 3), (2, 3, 3), (3, 1, 1), (4, 1, 1),
              (5, 1, 2), (5, 2, 2)]
    for page, (number, index, count) in enumerate(stamps, start=2):
        text = page_text(bundle.pdf, page)
        assert f"Pièce n° {number} — page {index}/{count} — Réf. {REFERENCE}" in text
    assert "Pièce n°" not in page_text(bundle.pdf, 1).replace("pièces", "")


def test_original_text_reads_back_unchanged(bundle: BundleResult) -> None:
    reader = PdfReader(BytesIO(bundle.pdf))
    originals = {1: TEXTS_1[0], 2: TEXTS_1[1], 3: TEXTS_2[0], 4: TEXTS_2[1], 5: TEXTS_2[2],
                 8: TEXTS_5[0], 9: TEXTS_5[1]}
    for index, text in originals.items():
        extracted = reader.pages[index].extract_text()
        assert text in extracted.splitlines()
        assert text in page_text(bundle.pdf, index + 1)


@pytest.mark.parametrize(("page", "stamp"), [
    (2, "Pièce n° 1 — page 1/2 — Réf. DOS-2026/042"),
    (4, "Pièce n° 2 — page 1/3 — Réf. DOS-2026/042"),
    (10, "Pièce n° 5 — page 2/2 — Réf. DOS-2026/042"),  # a page that was rotated
])
def test_stamp_sits_in_the_band_and_covers_no_content(bundle: BundleResult, page: int,
                                                      stamp: str) -> None:
    height, found = words(bundle.pdf, page)
    band_top = height - BAND_PT  # pdftotext measures y from the top
    in_band = [w for w, y0, _ in found if y0 >= band_top]
    above = [w for w, _, y1 in found if y1 <= band_top]
    assert len(in_band) + len(above) == len(found)  # nothing straddles the band's edge
    assert " ".join(in_band) == stamp
    # the sample draws "pied N" 10 pt above the page edge: it moved above the band
    assert "pied" in above and len(above) > 10


def test_rotated_page_is_upright_and_images_keep_orientation(bundle: BundleResult) -> None:
    reader = PdfReader(BytesIO(bundle.pdf))
    rotated = reader.pages[8]
    assert rotated.rotation == 0 and rotated.mediabox.width > rotated.mediabox.height
    photo, capture = reader.pages[6].mediabox, reader.pages[7].mediabox
    assert photo.width > photo.height and capture.height > capture.width
    assert round(float(capture.width)) == 595 and round(float(capture.height)) == 842


def test_qpdf_check_passes(bundle: BundleResult) -> None:
    out = run("qpdf", "--check", "{}", pdf=bundle.pdf)
    assert "No syntax or stream encoding errors" in out


def _fonts_embedded(reader: PdfReader) -> bool:
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            if font["/Subtype"] == "/Type0":
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font["/FontDescriptor"].get_object()
            if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                return False
    return True


def test_pdfa_claimed_only_when_every_input_allows(pieces: list[Piece]) -> None:
    front = [("Bordereau", s.front_pdf())]
    images_only = assemble_bundle(front, pieces[2:4], reference=REFERENCE, title="Images")
    reader = PdfReader(BytesIO(images_only.pdf))
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data()
    assert images_only.pdfa is True
    assert re.search(rb'pdfaid:part(="|>)3', xmp) and re.search(rb'pdfaid:conformance(="|>)B', xmp)
    assert b"<rdf:li xml:lang=\"x-default\">Images</rdf:li>" in xmp
    assert "/OutputIntents" in root and reader.trailer.get("/ID") is not None
    assert "/Filter" not in root["/Metadata"].get_object()
    assert _fonts_embedded(reader) and not reader.is_encrypted

    with_upload = assemble_bundle(front, pieces[:3], reference=REFERENCE, title="Mixte")
    root = PdfReader(BytesIO(with_upload.pdf)).trailer["/Root"]
    assert with_upload.pdfa is False and "/OutputIntents" not in root
    assert "/Metadata" not in root or b"pdfaid" not in root["/Metadata"].get_object().get_data()

    plain_front = [("Bordereau", s.front_pdf(pdfa=False))]
    not_pdfa = assemble_bundle(plain_front, pieces[2:4], reference=REFERENCE, title="x")
    assert not_pdfa.pdfa is False
    assert "/OutputIntents" not in PdfReader(BytesIO(not_pdfa.pdf)).trailer["/Root"]


def test_several_front_documents_and_unusual_reference(pieces: list[Piece]) -> None:
    front = [("Requête", s.front_pdf("Requête en injonction de payer", pages=2)),
             ("Bordereau", s.front_pdf())]
    result = assemble_bundle(front, pieces[2:3], reference="Réf/ŽÅ-日本", title="Dossier")
    reader = PdfReader(BytesIO(result.pdf))
    # a pièce keeps the number prepare_pieces gave it
    assert result.outline == [("Requête", 0), ("Bordereau", 2), ("Pièce n° 3 — Photo du chantier",
                                                                   3)]
    assert reader.page_labels == ["i", "ii", "iii", "P3-1"]
    # glyphs the embedded font lacks are replaced, never drawn as .notdef
    assert "Pièce n° 3 — page 1/1 — Réf. Réf/ŽÅ-??" in page_text(result.pdf, 4)
    assert _fonts_embedded(reader)


def test_link_annotations_follow_the_shrunk_content() -> None:
    [piece] = prepare_pieces([s.item(s.launch_pdf(), "application/pdf")], LIMITS)
    result = assemble_bundle([("Bordereau", s.front_pdf())], [piece], reference="R",
                             title="Liens")
    annots = PdfReader(BytesIO(result.pdf)).pages[1]["/Annots"]
    rect = [float(v) for v in annots[0].get_object()["/Rect"]]
    width, height = s.A4
    scale = (height - BAND_PT) / height  # content shrunk, anchored at the top, centred
    shift = (width - scale * width) / 2
    expected = [50 * scale + shift, 700 * scale + BAND_PT, 300 * scale + shift,
                800 * scale + BAND_PT]
    assert rect == pytest.approx(expected, abs=0.01)


def test_ten_pieces_of_five_pages_make_a_51_page_bundle() -> None:
    """Numbering, labels and bookmarks stay right past pièce n° 9 (timing: bench/bundle.py)."""
    items = [s.item(s.text_pdf(s.piece_texts(f"Document {k}", 5)), "application/pdf",
                    f"Document {k}") for k in range(1, 11)]
    pieces = prepare_pieces(items, LIMITS)
    result = assemble_bundle([("Bordereau", s.front_pdf())], pieces, reference=REFERENCE,
                             title="Dix pièces")
    reader = PdfReader(BytesIO(result.pdf))
    assert result.pages == len(reader.pages) == 51
    assert result.outline == [("Bordereau", 0)] + [(f"Pièce n° {k} — Document {k}", 1 + 5 * (k - 1))
                                                   for k in range(1, 11)]
    assert reader.page_labels[-6:] == ["P9-5", "P10-1", "P10-2", "P10-3", "P10-4", "P10-5"]
    last = page_text(result.pdf, 51)
    assert f"Pièce n° 10 — page 5/5 — Réf. {REFERENCE}" in last
    assert s.piece_texts("Document 10", 5)[4] in last


def _front_with_metadata() -> bytes:
    import weasyprint

    html = ("<!doctype html><html lang='fr'><head><meta charset='utf-8'>"
            "<title>Bordereau — DOS-2026/042</title><meta name='author' content='Atelier Dupont'>"
            "<meta name='description' content='Bordereau, dossier DOS-2026/042'>"
            "<meta name='keywords' content='DOS-2026/042, pièces, Martin &amp; Fils'>"
            "<meta name='dcterms.created' content='2026-11-20T12:00:00+01:00'>"
            "<meta name='dcterms.modified' content='2026-11-20T12:00:00+01:00'>"
            f"<style>@font-face {{ font-family: L; src: url({s.LIBERATION_SANS.as_uri()}) }}"
            "body { font-family: L }</style></head><body><p>Liste des pièces.</p></body></html>")
    return weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/a-3b")


def _xmp_values(xmp: bytes) -> dict[str, str]:
    import xml.etree.ElementTree as ET

    ns = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
          "dc": "http://purl.org/dc/elements/1.1/", "pdf": "http://ns.adobe.com/pdf/1.3/",
          "xmp": "http://ns.adobe.com/xap/1.0/"}
    tree = ET.fromstring(xmp.decode("utf-8").split("?>", 1)[1].rsplit("<?xpacket", 1)[0])
    out = {}
    for key, path in (("title", ".//dc:title//rdf:li"), ("creator", ".//dc:creator//rdf:li"),
                      ("description", ".//dc:description//rdf:li"), ("keywords", ".//pdf:Keywords"),
                      ("created", ".//xmp:CreateDate"), ("modified", ".//xmp:ModifyDate"),
                      ("producer", ".//pdf:Producer")):
        found = tree.find(path, ns)
        if found is not None and found.text:
            out[key] = found.text
    return out


def test_bundle_keeps_the_front_metadata_and_xmp_says_the_same(pieces: list[Piece]) -> None:
    front = _front_with_metadata()
    result = assemble_bundle([("Bordereau", front), ("Autre", s.front_pdf())], pieces[2:4],
                             reference=REFERENCE, title="Bordereau — DOS-2026/042")
    assert result.pdfa is True
    reader = PdfReader(BytesIO(result.pdf))
    info = dict(reader.metadata or {})
    front_info = dict(PdfReader(BytesIO(front)).metadata or {})
    assert info.pop("/Producer") == "Recouvre (pypdf)"
    front_info.pop("/Producer")
    assert info == front_info
    assert info["/Author"] == "Atelier Dupont"
    assert info["/Keywords"] == "DOS-2026/042, pièces, Martin & Fils"
    assert info["/CreationDate"].startswith("D:20261120120000+01'00")
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    xmp = _xmp_values(reader.trailer["/Root"]["/Metadata"].get_object().get_data())
    created, modified = xmp.pop("created"), xmp.pop("modified")
    assert xmp == {"title": info["/Title"], "creator": info["/Author"],
                   "description": info["/Subject"], "keywords": info["/Keywords"],
                   "producer": "Recouvre (pypdf)"}
    # the same instants as the Info dates (XMP writes them in UTC)
    noon_paris = datetime(2026, 11, 20, 12, 0, tzinfo=timezone(timedelta(hours=1)))
    assert datetime.fromisoformat(created) == datetime.fromisoformat(modified) == noon_paris
    assert _info_date(info["/CreationDate"]) == _info_date(info["/ModDate"]) == noon_paris
    assert "No syntax or stream encoding errors" in run("qpdf", "--check", "{}", pdf=result.pdf)


def _info_date(text: str) -> datetime:
    from pyhanko.pdf_utils.generic import parse_pdf_date

    return parse_pdf_date(text)


def test_pdf_dates_are_pdf_date_strings() -> None:
    from service.pdf.bundle import pdf_date

    assert pdf_date("2026-11-20T12:00:00+01:00") == "D:20261120120000+01'00'"
    assert pdf_date("2026-07-01T12:00:00+00:00") == "D:20260701120000Z"


def _stamp_fonts(pdf: bytes, page: int) -> set[str]:
    found: set[str] = set()

    def visit(text, _cm, _tm, font, _size) -> None:  # type: ignore[no-untyped-def]
        if "Pièce" in text and font:
            found.add(str(font.get("/BaseFont", "")).split("+")[-1])

    PdfReader(BytesIO(pdf)).pages[page - 1].extract_text(visitor_text=visit)
    return found


MM = 72 / 25.4


@pytest.mark.parametrize("page", [
    2,  # a text PDF, portrait
    7,  # a JPEG photo (a scan), landscape
    8,  # a PNG screenshot, portrait
    10,  # a PDF page that was rotated: landscape
])
def test_c8_the_stamp_is_bold_9_pt_in_the_printable_area_and_over_no_content(
        bundle: BundleResult, page: int) -> None:
    html = run("pdftotext", "-bbox", "-f", str(page), "-l", str(page), "{}", "-", pdf=bundle.pdf)
    size = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', html)
    assert size is not None
    width, height = float(size.group(1)), float(size.group(2))
    boxes = [(w, float(a), float(b), float(c), float(d)) for a, b, c, d, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        html)]
    band_top = height - BAND_PT
    stamp = [b for b in boxes if b[2] >= band_top]
    assert " ".join(w for w, *_ in stamp).startswith("Pièce n°")
    for _w, x0, y0, x1, y1 in stamp:
        # pdftotext's box is ascent + descent of Liberation Sans: 1.117 em (8 pt: 8.9 pt high)
        assert (y1 - y0) / 1.117 >= 9.0 - 0.01
        # at least 6 mm from every edge (it was 4.2 mm from the bottom)
        assert x0 >= 6 * MM and width - x1 >= 6 * MM and height - y1 >= 6 * MM
    # over no content: everything else ends above the band
    assert all(box[4] <= band_top for box in boxes if box not in stamp)
    assert _stamp_fonts(bundle.pdf, page) == {"LiberationSans-Bold"}
