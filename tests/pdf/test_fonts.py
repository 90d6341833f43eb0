"""The embedded Liberation Sans of pièce stamps and Cerfa fields, read back from the outside."""

from __future__ import annotations

import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from service.pdf import fonts
from tests import pdfcheck

TEXT = "Réf. « DOS-2026/042 » : 1 234,56\u202f€ — Œuvre n° 7"
MISSING = "漢"  # not in Liberation Sans: drawn and extracted as « ? »
SIZE = 12.0


def _page_with(text: str, chars: str | None = None) -> bytes:
    """One A4 page showing ``text`` at (72, 700) with the font embedded for ``chars``."""
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    font_ref = fonts.embed(writer, text if chars is None else chars)
    content = DecodedStreamObject()
    content.set_data(f"BT /F1 {SIZE} Tf 72 700 Td <{fonts.sans().hex(text)}> Tj ET".encode())
    page[NameObject("/Contents")] = writer._add_object(content)
    page[NameObject("/Resources")] = DictionaryObject({
        NameObject("/Font"): DictionaryObject({NameObject("/F1"): font_ref})})
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _pdffonts(pdf: bytes, tmp_path: Path) -> list[list[str]]:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True).stdout
    return [line.split() for line in out.decode().splitlines()[2:]]


def _font_dicts(pdf: bytes) -> tuple[DictionaryObject, DictionaryObject, DictionaryObject]:
    page = PdfReader(BytesIO(pdf)).pages[0]
    type0 = page["/Resources"]["/Font"]["/F1"].get_object()
    cid_font = type0["/DescendantFonts"][0].get_object()
    return type0, cid_font, cid_font["/FontDescriptor"].get_object()


def test_embedded_with_unicode_and_the_text_reads_back(tmp_path: Path) -> None:
    pdf = _page_with(TEXT + " " + MISSING)
    ((name, *kind, encoding, emb, sub, uni, _, _),) = _pdffonts(pdf, tmp_path)
    assert name.endswith("+LiberationSans") and " ".join(kind) == "CID TrueType"
    assert (encoding, emb, sub, uni) == ("Identity-H", "yes", "yes", "yes")
    assert pdfcheck.flat(pdf).strip() == TEXT.replace("\u202f", " ") + " ?"  # poppler: NNBSP -> space
    assert pdfcheck.qpdf_check(pdf).returncode == 0


def test_what_pdf_a_needs_is_there() -> None:
    type0, cid_font, descriptor = _font_dicts(_page_with(TEXT))
    assert type0["/Subtype"] == "/Type0" and type0["/Encoding"] == "/Identity-H"
    assert "/ToUnicode" in type0
    assert cid_font["/Subtype"] == "/CIDFontType2" and cid_font["/CIDToGIDMap"] == "/Identity"
    assert "/FontFile2" in descriptor and "/CIDSet" not in descriptor  # optional in PDF/A-2/3
    assert descriptor["/FontName"] == cid_font["/BaseFont"] == type0["/BaseFont"]


def test_glyph_ids_and_widths_are_those_of_the_embedded_program() -> None:
    _, cid_font, descriptor = _font_dicts(_page_with(TEXT))
    program = TTFont(BytesIO(descriptor["/FontFile2"].get_object().get_data()))
    cmap, order = program.getBestCmap(), program.getGlyphOrder()
    scale = 1000 / program["head"].unitsPerEm
    widths = dict(zip(cid_font["/W"][::2], (w[0] for w in cid_font["/W"][1::2]), strict=True))
    for char in set(TEXT):
        gid = fonts.sans().gid(char)
        assert order[gid] == cmap[ord(char)], char  # the code drawn is the program's glyph
        assert widths[gid] == round(program["hmtx"][order[gid]][0] * scale), char


def test_the_drawn_width_is_the_measured_width() -> None:
    word = "Œuvre"
    pdf = _page_with(word)
    ((found, x_min, _, x_max, _),) = pdfcheck.words(pdf)
    assert found == word
    assert x_max - x_min == pytest.approx(fonts.sans().width(word, SIZE), abs=0.05)


def test_same_characters_same_bytes_and_subsets_follow_the_characters() -> None:
    assert _page_with(TEXT) == _page_with(TEXT)
    small = _font_dicts(_page_with("abc"))[0]["/BaseFont"]
    large = _font_dicts(_page_with("abc", chars="abc" + TEXT))[0]["/BaseFont"]
    assert small != large
    assert _font_dicts(_page_with("abc", chars="cba"))[0]["/BaseFont"] == small
