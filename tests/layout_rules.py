"""Page-break rules of a letter, checked from the outside on pdftotext -bbox word boxes
(issue 19 point 3, visual review P2, P3, P5, P10): the body of each page as lines, and one
function per rule returning the faults it finds (an empty list: the rule holds).

The body is what lies between the running head (above 20 mm) and the footer (below 271 mm).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tests import pdfcheck

MM = pdfcheck.MM
BODY_TOP_MM = 20.0
BODY_BOTTOM_MM = 271.0
# a page other than the last whose body ends above this has left a hole (P5: a table that
# jumps to the next page); the row rules below may leave up to three rows' worth
HOLE_MM = 225.0
_INVOICE_ROW = re.compile(r"^F-\d{4}-\d{3,4}\b")
_CLOSING = re.compile(r"^(Nous vous prions|Je vous prie) d’agréer")


@dataclass(frozen=True)
class Line:
    page: int
    top_mm: float
    bottom_mm: float
    text: str


SHEET_MARK = "FEUILLE PORTE-ADRESSE"


def body_lines(pdf: bytes) -> list[list[Line]]:
    """Each page's body as lines (words sharing a baseline, left to right), top to bottom;
    an address sheet in front (W7) is not a page of the letter and is left out."""
    out: list[list[Line]] = []
    for page in range(1, pdfcheck.pages(pdf) + 1):
        if page == 1 and SHEET_MARK in " ".join(w[0] for w in pdfcheck.words(pdf, 1)):
            continue
        rows: dict[int, list[tuple[float, float, float, str]]] = {}
        for word, x0, y0, _x1, y1 in pdfcheck.words(pdf, page):
            if y0 >= BODY_TOP_MM * MM and y1 <= BODY_BOTTOM_MM * MM:
                rows.setdefault(round(y1 / MM * 2), []).append((x0, y0, y1, word))
        lines = []
        for _key, words in sorted(rows.items()):
            words.sort()
            lines.append(Line(page, min(w[1] for w in words) / MM, max(w[2] for w in words) / MM,
                              " ".join(w[3] for w in words)))
        out.append(lines)
    return out


def total_keeps_rows(pages: list[list[Line]]) -> list[str]:
    """P2: a « Total » / « Sous-totaux » row has an invoice row above it on its page."""
    faults = []
    for lines in pages:
        for i, line in enumerate(lines):
            if line.text.startswith(("Total ", "Sous-totaux")) and not any(
                    _INVOICE_ROW.match(prev.text) for prev in lines[:i]):
                faults.append(f"p{line.page}: « {line.text[:40]} » without an invoice row")
    return faults


def rows_under_header(pages: list[list[Line]]) -> list[str]:
    """P5: a table continued on a page starts there under its repeated header."""
    return [f"p{lines[0].page}: starts with a table row « {lines[0].text[:40]} »"
            for lines in pages[1:] if lines and _INVOICE_ROW.match(lines[0].text)]


def no_hole_before_a_table(pages: list[list[Line]]) -> list[str]:
    """P5: no page but the last ends high (a table sent whole to the next page). A page followed
    by the closing page may end high: the closing keeps the last body paragraph with it (P3),
    and that block (paragraph, formula, name, title, the room to sign) may not fit below."""
    return [f"p{lines[-1].page}: body ends at {lines[-1].bottom_mm:.0f} mm"
            for lines, after in zip(pages[:-1], pages[1:], strict=True)
            if lines and lines[-1].bottom_mm < HOLE_MM
            and not (after is pages[-1] and any(_CLOSING.match(x.text) for x in after[:6]))]


def lead_in_keeps_table(pages: list[list[Line]]) -> list[str]:
    """Issue 19 point 3: no page ends on a lead-in sentence (« … comme suit : »)."""
    return [f"p{lines[-1].page}: ends on « {lines[-1].text[-50:]} »"
            for lines in pages[:-1] if lines and lines[-1].text.rstrip().endswith(":")]


def note_keeps_table(pages: list[list[Line]]) -> list[str]:
    """P10: the « Décompte arrêté au … » note never opens a page (it follows its table)."""
    return [f"p{lines[0].page}: opens on the décompte note"
            for lines in pages[1:] if lines and lines[0].text.startswith("Décompte arrêté au")]


def closing_keeps_body(pages: list[list[Line]]) -> list[str]:
    """P3: the closing formula has a body paragraph above it on its page (never the closing,
    the name and the seal alone on a last sheet)."""
    faults = []
    for lines in pages:
        for i, line in enumerate(lines):
            if _CLOSING.match(line.text) and i < 2:
                faults.append(f"p{line.page}: the closing opens the page")
    return faults


def no_short_page(pages: list[list[Line]], minimum: int = 3) -> list[str]:
    """No page holds only one or two lines (of a list, of a table, of a paragraph)."""
    return [f"p{i + 1}: {len(lines)} line(s)" for i, lines in enumerate(pages)
            if len(lines) < minimum]


RULES = (total_keeps_rows, rows_under_header, no_hole_before_a_table, lead_in_keeps_table,
         note_keeps_table, closing_keeps_body, no_short_page)


def faults(pdf: bytes) -> dict[str, list[str]]:
    """Every rule's faults on ``pdf``, by rule name (only the rules that fail)."""
    pages = body_lines(pdf)
    found = {rule.__name__: rule(pages) for rule in RULES}
    return {name: f for name, f in found.items() if f}
