"""Issue 12: page layout points a practitioner noticed on the goldens (SL1 the échéancier's two
originals numbered each on its own, SL2 the requête's blank quarter page (measured, kept), SL3 the facture
rectificative's table on page 2). Every check reads the PDF from the outside: page count, page
numbers and lines from pdftotext -bbox word boxes (tests/pdfcheck.py, tests/layout_rules.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests import layout_rules, pdfcheck
from tests.documents.test_letters_layout import render

MM = pdfcheck.MM
GOLDEN = Path(__file__).resolve().parents[1] / "golden"
_CACHE: dict[str, bytes] = {}


def golden_pdf(runtime, name: str) -> bytes:
    if name not in _CACHE:
        d = json.loads((GOLDEN / f"{name}.case.json").read_text())
        _CACHE[name] = render(runtime, d["kind"], d["case"], **d.get("options", {})).content
    return _CACHE[name]


def page_number(pdf: bytes, page: int) -> str:
    """The page number at the right of the footer (below the body, right of 160 mm)."""
    return " ".join(w for w, x0, y0, _x1, _y1 in pdfcheck.words(pdf, page)
                    if y0 > layout_rules.BODY_BOTTOM_MM * MM and x0 > 160 * MM)


def page_text(pdf: bytes, page: int) -> str:
    return " ".join(w[0] for w in pdfcheck.words(pdf, page))


# --------------------------------------------------------------------------- SL1


@pytest.mark.parametrize("name", ["echeancier", "echeancier-consumer"])
def test_sl1_each_original_of_the_echeancier_is_numbered_on_its_own(runtime, name):
    pdf = golden_pdf(runtime, name)
    pages = [p for p in range(1, pdfcheck.pages(pdf) + 1)
             if layout_rules.SHEET_MARK not in page_text(pdf, p)]
    starts = [p for p in pages if "Exemplaire n° 1 sur 2" in page_text(pdf, p)
              or "Exemplaire n° 2 sur 2" in page_text(pdf, p)]
    assert len(starts) == 2, starts
    first = [p for p in pages if p < starts[1]]
    second = [p for p in pages if p >= starts[1]]
    for original in (first, second):
        n = len(original)
        assert [page_number(pdf, p) for p in original] == [f"{i}/{n}" for i in range(1, n + 1)]
    # each original ends on the page that carries both signature blocks
    signing = [lines[0].page for lines in layout_rules.body_lines(pdf)
               if any(x.text.startswith("Le créancier Le débiteur") for x in lines)]
    assert signing == [first[-1], second[-1]]


def _creditor_block(pdf: bytes, page: int) -> list[str]:
    """The creditor's signature block: the left column from « Le créancier Le débiteur » down."""
    lines = [lines for lines in layout_rules.body_lines(pdf) if lines and lines[0].page == page][0]
    top = next(x.top_mm for x in lines if x.text.startswith("Le créancier Le débiteur"))
    rows: dict[int, list[tuple[float, str]]] = {}
    for word, x0, y0, _x1, y1 in pdfcheck.words(pdf, page):
        if y0 >= top * MM - 1 and y1 <= layout_rules.BODY_BOTTOM_MM * MM and x0 < 105 * MM:
            rows.setdefault(round(y1 / MM * 2), []).append((x0, word))
    return [" ".join(w for _x, w in sorted(r)) for _k, r in sorted(rows.items())]


@pytest.mark.parametrize("name", ["echeancier", "echeancier-consumer"])
def test_sl1_both_originals_carry_the_same_creditor_signature_block(runtime, name):
    pdf = golden_pdf(runtime, name)
    ends = [lines[0].page for lines in layout_rules.body_lines(pdf)
            if any(x.text.startswith("Le créancier Le débiteur") for x in lines)]
    assert len(ends) == 2
    one, two = (_creditor_block(pdf, p) for p in ends)
    assert one == two
    assert any(x.startswith("Fait à Lyon, le 20 novembre 2026") for x in one)


# --------------------------------------------------------------------------- SL2


def _requete_pages(pdf: bytes) -> list[list[layout_rules.Line]]:
    """The requête's own pages, up to the one with « Date et signature » (the annexes follow)."""
    out = []
    for lines in layout_rules.body_lines(pdf):
        out.append(lines)
        if any("Date et signature" in x.text for x in lines):
            return out
    raise AssertionError("no signature section")


_HEADING = re.compile(r"^\d+ ")
SIGN_BOX_MM = 18.0


@pytest.mark.parametrize("name", ["injonction_de_payer", "injonction_de_payer-consumer"])
def test_sl2_requete_blank_only_where_the_signed_chain_cannot_fit(runtime, name):
    """Not fixed (second reading 4 keeps the signature on the page of the last row and the
    total): the blank at the foot of page 1 is only the room the signed chain would need, and
    the page-break rules hold."""
    pages = _requete_pages(golden_pdf(runtime, name))
    assert len(pages) == 2
    first, last = pages
    free = layout_rules.BODY_BOTTOM_MM - first[-1].bottom_mm
    # page 2 opens on the repeated header, then the chain: last row → signature
    assert last[0].text.startswith("Nature de la somme")
    # from the last row down to the foot of the 18 mm signature box (requete.css), whose
    # « Signature » caption sits 1 mm under its top
    sign = next(x for x in last if x.text.startswith("Fait à ") and x.text.endswith("Signature"))
    chain = sign.top_mm + SIGN_BOX_MM - 1 - last[1].top_mm
    assert free < chain, (free, chain)
    # the total and « Outre les dépens » stay with the last row; the signature has them above it
    total = next(i for i, x in enumerate(last) if x.text.startswith("Total de la demande"))
    assert last[total + 1].text.startswith("Outre les dépens") and total >= 2
    assert any("Date et signature" in x.text for x in last[total:])
    # no section heading is the last line of a page; no lead-in ends a page; no short page
    assert all(not _HEADING.match(p[-1].text) for p in pages[:-1])
    assert layout_rules.lead_in_keeps_table(pages) == []
    assert layout_rules.no_short_page(pages) == []


# --------------------------------------------------------------------------- SL3


def test_sl3_facture_rectificative_keeps_its_tables_on_page_1(runtime):
    pdf = golden_pdf(runtime, "facture_rectificative")
    one = page_text(pdf, 1)
    assert "Facture initiale" in one and "Montants rectifiés" in one
    assert "Total TTC rectifié" in one
    pages = layout_rules.body_lines(pdf)
    # page 1 used to end at 245 mm (26 mm blank) with the rectified table sent to page 2
    assert pages[0][-1].bottom_mm > layout_rules.BODY_BOTTOM_MM - 12, pages[0][-1]
    # what follows on page 2 is running text and the closing, never a table row cut off
    assert not any(x.text.startswith(("Montants rectifiés", "TVA à", "Total TTC"))
                   for x in pages[1])
    assert any(x.text.startswith("Nous vous prions d’agréer") for x in pages[-1][1:])


def test_sl1_seal_stamp_on_original_1_and_the_same_room_left_on_original_2(runtime):
    """One PAdES seal for the whole PDF: its stamp under the creditor's block of original 1;
    original 2 shows the same block with the same room, blank (README, page layout)."""
    from tests.documents.test_letters_layout import golden, seal_rect
    pdf = golden(runtime, "echeancier", sign=True).content
    signing = [lines for lines in layout_rules.body_lines(pdf)
               if any(x.text.startswith("Le créancier Le débiteur") for x in lines)]
    assert len(signing) == 2
    page, (sx0, sy0, sx1, sy1) = seal_rect(pdf)
    assert page == signing[0][0].page
    tops = [next(x.top_mm for x in lines if x.text.startswith("Le créancier Le débiteur"))
            for lines in signing]
    offset = sy0 - tops[0]
    assert sx1 < 105 and sy1 - sy0 >= 19
    # on original 2, the creditor's column is free of any word where original 1 has the stamp
    two = signing[1][0].page
    room = [w for w, x0, y0, _x1, y1 in pdfcheck.words(pdf, two)
            if x0 < sx1 * MM and y1 > (tops[1] + offset) * MM and y0 < (tops[1] + offset
                                                                       + sy1 - sy0) * MM]
    assert room == [], room
