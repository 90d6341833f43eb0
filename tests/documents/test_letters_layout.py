"""The letters' layout (issue 19 points 2-4, visual review 2026-12): page breaks checked on the
long and 40-invoice cases for every posted letter (tests/layout_rules.py), the signing space
and the seal, the running head, the page number, the size of the legal mentions,
hyphenation, the abbreviated address lines and the C4 address sheet. Everything is read back
from the PDF (pdftotext -bbox word boxes, the seal's annotation, a raster of the fold marks)."""

from __future__ import annotations

import copy
import json
import subprocess
import tempfile
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from service.contract import load_request
from service.documents.generate import generate
from service.documents.registry import KINDS
from tests import layout_rules, pdfcheck
from tests.documents import test_letters_window as window

MM = pdfcheck.MM
ROOT = Path(__file__).resolve().parents[1]
VISUAL = ROOT / "fixtures" / "visual"
GOLDEN = ROOT / "golden"
OFFICER = {"signatory": {"name": "Maître Jean Roche", "title": "Commissaire de justice associé"},
           "legal_form": "SELARL", "share_capital": "20000", "siren": "552100554",
           "rcs_city": "Lyon", "mandate_reference": "MAND-2026-118"}
# every posted letter: the relances 1-3 and the mise en demeure from each issuer
LETTERS = [("relance", {"level": 1}), ("relance", {"level": 2}), ("relance", {"level": 3}),
           ("mise_en_demeure", {"issuer": "creditor"}),
           ("mise_en_demeure", {"issuer": "commissaire_de_justice"}),
           ("mise_en_demeure", {"issuer": "avocat"})]
_CACHE: dict[str, object] = {}


def render(runtime, kind, raw, **options):
    options.setdefault("sign", False)
    case, opts = load_request({"case": raw, "options": options}, KINDS[kind])
    return generate(kind, case, opts, runtime)


def visual(name: str, kind: str, options: dict) -> dict:
    raw = json.loads((VISUAL / f"{name}.case.json").read_text())
    if kind == "relance":
        raw["reminders"] = [r for r in raw.get("reminders", []) if r["kind"] != "mise_en_demeure"]
    if options.get("issuer") == "commissaire_de_justice":
        raw["issuer"].update(copy.deepcopy(OFFICER))
    return raw


def letter(runtime, name, kind, options):
    key = f"{name}-{kind}-{sorted(options.items())}"
    if key not in _CACHE:
        _CACHE[key] = render(runtime, kind, visual(name, kind, options), **options)
    return _CACHE[key]


def golden(runtime, name, **extra):
    d = json.loads((GOLDEN / f"{name}.case.json").read_text())
    return render(runtime, d["kind"], d["case"], **{**d.get("options", {}), **extra})


CASES = [(name, kind, options) for name in ("long", "many") for kind, options in LETTERS]
IDS = [f"{n}-{k}-{'-'.join(str(v) for v in o.values())}" for n, k, o in CASES]


# --------------------------------------------------------------------------- page breaks


@pytest.mark.parametrize("name,kind,options", CASES, ids=IDS)
def test_P2_total_row_keeps_the_last_invoice_rows(runtime, name, kind, options):
    pages = layout_rules.body_lines(letter(runtime, name, kind, options).content)
    assert layout_rules.total_keeps_rows(pages) == []


@pytest.mark.parametrize("name,kind,options", CASES, ids=IDS)
def test_P3_closing_keeps_the_last_body_paragraph(runtime, name, kind, options):
    pages = layout_rules.body_lines(letter(runtime, name, kind, options).content)
    assert layout_rules.closing_keeps_body(pages) == []


@pytest.mark.parametrize("name,kind,options", CASES, ids=IDS)
def test_P5_long_table_starts_where_it_is_and_repeats_its_header(runtime, name, kind, options):
    pages = layout_rules.body_lines(letter(runtime, name, kind, options).content)
    assert layout_rules.no_hole_before_a_table(pages) == []
    assert layout_rules.rows_under_header(pages) == []


@pytest.mark.parametrize("name,kind,options", CASES, ids=IDS)
def test_P10_decompte_note_and_lead_ins_stay_with_their_table(runtime, name, kind, options):
    pages = layout_rules.body_lines(letter(runtime, name, kind, options).content)
    assert layout_rules.note_keeps_table(pages) == []
    assert layout_rules.lead_in_keeps_table(pages) == []


@pytest.mark.parametrize("name,kind,options", CASES, ids=IDS)
def test_issue19_no_page_holds_only_two_lines(runtime, name, kind, options):
    pages = layout_rules.body_lines(letter(runtime, name, kind, options).content)
    assert layout_rules.no_short_page(pages) == []


@pytest.mark.parametrize("name", ["relance-2", "relance-3", "mise_en_demeure-consumer",
                                  "mise_en_demeure-commissaire", "mise_en_demeure-avocat"])
def test_issue19_goldens_keep_every_rule(runtime, name):
    assert layout_rules.faults(golden(runtime, name).content) == {}


# --------------------------------------------------------------------------- signature, seal


def seal_rect(pdf: bytes) -> tuple[int, tuple[float, float, float, float]]:
    """(1-based page, (x0, y0, x1, y1) in mm from the top-left) of the visible seal."""
    reader = PdfReader(BytesIO(pdf))
    for number, page in enumerate(reader.pages, start=1):
        height = float(page.mediabox.height)
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            if a.get("/FT") == "/Sig" or a.get("/Subtype") == "/Widget":
                x0, y0, x1, y1 = (float(v) for v in a["/Rect"])
                return number, (x0 / MM, (height - y1) / MM, x1 / MM, (height - y0) / MM)
    raise AssertionError("no visible seal")


def mm_words(pdf: bytes, page: int):
    return [(w, x0 / MM, y0 / MM, x1 / MM, y1 / MM)
            for w, x0, y0, x1, y1 in pdfcheck.words(pdf, page)]


@pytest.mark.parametrize("name,who,title", [
    ("mise_en_demeure", "Dupont", "Gérante"),
    ("mise_en_demeure-commissaire", "Roche", "associé"),
    ("mise_en_demeure-avocat", "GARNIER", "Lyon")])
def test_L3_room_to_sign_under_name_and_title_seal_beside_it(runtime, name, who, title):
    doc = golden(runtime, name, sign=True)
    page, (sx0, sy0, sx1, sy1) = seal_rect(doc.content)
    assert page == doc.pages
    words = mm_words(doc.content, page)
    name_word = max((w for w in words if w[0] == who and w[4] < 265), key=lambda w: w[2])
    # the last line of the signature block (title, « pour le compte de … »), right column
    left = min(w[1] for w in words if abs(w[4] - name_word[4]) < 0.5 and w[1] > 100)
    block = [w for w in words if w[1] >= left - 0.5 and name_word[2] <= w[2] < name_word[2] + 15]
    assert any(w[0] == title for w in block), block
    bottom = max(w[4] for w in block)
    column = (left - 1, 192.0)
    # 20 mm at least free of any ink under the title, across the signing column
    below = [w for w in words if w[3] > column[0] and w[1] < column[1] and bottom < w[2] < bottom + 20]
    assert below == [], below
    # the seal is beside that space, not in the column where the hand signs
    assert sx1 <= column[0], (sx1, column)
    assert sy1 > bottom and sy0 < bottom + 20
    assert 78 <= sx1 - sx0 <= 82 and sy1 - sy0 >= 19


def test_L4_seal_text_fills_its_box_at_7pt_or_more_dates_whole(runtime):
    doc = golden(runtime, "mise_en_demeure", sign=True)
    page, (x0, y0, x1, y1) = seal_rect(doc.content)
    inside = [w for w in mm_words(doc.content, page)
              if x0 <= w[1] and w[3] <= x1 + 0.5 and y0 <= w[2] and w[4] <= y1 + 0.5]
    lines: dict[int, list] = {}
    for w in inside:
        lines.setdefault(round(w[4] * 4), []).append(w)
    rows = [sorted(v, key=lambda w: w[1]) for _, v in sorted(lines.items())]
    texts = [" ".join(w[0] for w in row) for row in rows]
    assert texts[0].startswith("CERTIFICAT DE TEST")
    assert texts[-1] == "Ne vaut pas signature manuscrite du signataire."
    # Liberation Sans word boxes are ~1.05 em tall: 7 pt at least
    assert min(w[4] - w[2] for w in inside) * 72 / 25.4 >= 7 * 1.03
    # across the box: the longest line reaches at least 85 % of its inner width
    widest = max(row[-1][3] - row[0][1] for row in rows)
    assert widest >= 0.85 * (x1 - x0 - 2 * 2.5 * 25.4 / 72), widest
    # no orphan word; « 1er décembre » (any date) never split from its month
    # (pdftotext may give a stamp line as one box: count the words of its text)
    assert all(len(text.split(" ")) > 1 for text in texts), texts
    flat = " ".join(texts).replace("\u00a0", " ")
    months = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
              "septembre", "octobre", "novembre", "décembre")
    for row in texts:
        last = row.split(" ")[-1]
        assert not last.isdigit() and last != "1er", row
    # the letter is dated 20 November 2026 (as_of), sealed today: the box names both
    assert "document daté du 20 novembre 2026, scellé le" in flat
    assert any(m in flat.split("scellé le", 1)[1] for m in months)


# --------------------------------------------------------------------------- head, foot, type


def test_L15_running_head_on_continuation_pages(runtime):
    doc = letter(runtime, "long", "mise_en_demeure", {"issuer": "creditor"})
    expected = ("Compagnie Générale de Construction et de Réhabilitation du Grand Lyon"
                " Métropole — DOS-2026-0042 — 20 novembre 2026")
    for page in range(1, doc.pages + 1):
        head = " ".join(w[0] for w in mm_words(doc.content, page) if w[4] < 20)
        if page == 1:
            assert "DOS-2026-0042" not in head
        else:
            assert head.replace("\u00a0", " ") == expected, (page, head)
    doc = golden(runtime, "relance-2")
    head = " ".join(w[0] for w in mm_words(doc.content, 2) if w[4] < 20).replace("\u00a0", " ")
    assert head == "Martin Bâtiment — DOS-2026-0042 — 20 novembre 2026"


def test_T11_page_number_on_the_footer_baseline(runtime):
    doc = golden(runtime, "mise_en_demeure")
    for page in (1, 2):
        foot = [w for w in mm_words(doc.content, page) if w[2] > 271]
        number = next(w for w in foot if w[0] == f"{page}/2")
        first_line = min(w[4] for w in foot if w is not number)
        assert abs(number[4] - first_line) < 0.2, (number, first_line)


def _height(words, token):
    return max(w[4] - w[2] for w in words if w[0] == token)


def test_T9_legal_mentions_to_the_debtor_at_9pt_or_more(runtime):
    doc = golden(runtime, "relance-1")
    words = [w for p in range(1, doc.pages + 1) for w in mm_words(doc.content, p)]
    body = _height(words, "Madame,")  # 10.5 pt, the same face
    assert _height(words, "rappelons") >= body * 9 / 10.5 - 0.05  # L441-10 / D441-5
    doc = golden(runtime, "mise_en_demeure-commissaire")
    words = [w for p in range(1, doc.pages + 1) for w in mm_words(doc.content, p)]
    body = _height(words, "Madame,")
    assert _height(words, "arrêté") >= body * 9 / 10.5 - 0.05  # « Décompte arrêté au … »
    assert _height(words, "L111-8,") >= body * 9 / 10.5 - 0.05  # CPCE L111-8 / R124-4 notice


def test_T6_french_hyphenation_is_on(runtime):
    doc = letter(runtime, "long", "mise_en_demeure", {"issuer": "creditor"})
    ends = [w[0] for p in range(1, doc.pages + 1) for w in mm_words(doc.content, p)
            if w[0].endswith("\u2010")]
    assert ends, "no word hyphenated at a line end"
    # the effect: in the full justified lines of the body, word spaces stay under 6 pt (10.5 pt
    # text, a normal space 2.6 pt) but on a line that ends before a group kept whole (a date
    # « 30 novembre 2026 », P11, which hyphenation cannot cut): at most one such line
    loose: list[float] = []
    widest = 0.0
    for page in range(1, doc.pages + 1):
        rows: dict[int, list] = {}
        body = [w for w in mm_words(doc.content, page) if w[2] > 20 and w[4] < 271]
        full = [w for w in body if w[4] - w[2] > 3.0]  # a raised ordinal (« er ») is smaller
        for w in full:
            rows.setdefault(round(w[4] * 2), []).append(w)
        for w in body:  # the raised ordinal goes back to the line it is raised in (T1)
            if w not in full:
                centre = (w[2] + w[4]) / 2
                for row in rows.values():
                    if row[0][2] <= centre <= row[0][4]:
                        row.append(w)
                        break
        for row in rows.values():
            row.sort(key=lambda w: w[1])
            if len(row) < 6 or row[0][1] > 21 or row[-1][3] < 185:
                continue
            gaps = [(b[1] - a[3]) * 72 / 25.4 for a, b in zip(row, row[1:], strict=False)]
            if max(gaps) < 15:  # a text line, not a table row
                widest = max(widest, *gaps)
                if max(gaps) > 6.0:
                    loose.append(max(gaps))
    assert widest > 0 and len(loose) <= 1 and max(loose, default=0) < 9.5, loose


# --------------------------------------------------------------------------- envelope


def test_W6_long_names_abbreviated_before_being_cut(runtime):
    doc = letter(runtime, "long", "mise_en_demeure", {"issuer": "creditor"})
    lines = doc.postage["recipient_lines"]
    assert lines[0] == "CIE GLE CONSTRUCTION REHABILITATION GD"
    assert "DIR ADMIN FINANCIERE SCE COMPTA FOURN" in lines
    text = " ".join(w[0] for w in pdfcheck.words(doc.content, 1))
    assert "CIE GLE CONSTRUCTION REHABILITATION GD" in text
    assert any(w["code"] == "address_line_shortened" for w in doc.warnings)


def _ink(pdf: bytes, page: int, box_mm: tuple[float, float, float, float]) -> int:
    """The darkest grey level (0 black, 255 white) in a box of a page rastered at 150 dpi."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-gray", "-r", "150", "-f", str(page), "-l", str(page),
                        "-png", str(src), str(Path(tmp) / "p")], check=True)
        image = Image.open(next(Path(tmp).glob("p*.png"))).convert("L")
        scale = 150 / 25.4
        x0, y0, x1, y1 = (round(v * scale) for v in box_mm)
        return int(image.crop((x0, y0, x1, y1)).getextrema()[0])


FOLD_ONE = (4.0, 97.5, 10.0, 100.5)  # the mark at 99 mm, x 5-9 mm
FOLD_TWO = (4.0, 196.5, 10.0, 199.5)


def test_W7_c4_letter_gets_an_address_sheet_and_no_fold_marks(runtime):
    doc = letter(runtime, "many", "mise_en_demeure", {"issuer": "creditor"})
    postage = doc.postage
    assert postage["envelope"] == "C4" and postage["address_sheet"] is True
    assert postage["sheets"] == doc.pages  # the sheet is counted, once
    assert any(w["code"] == "address_sheet_window_unverified" for w in doc.warnings)
    sheet = mm_words(doc.content, 1)
    assert "PORTE-ADRESSE" in " ".join(w[0] for w in sheet)
    tokens = {t for line in postage["recipient_lines"] for t in line.split()}
    block = [w for w in sheet if w[0] in tokens and w[1] > 100]
    assert {w[0] for w in block} == tokens
    for w in block:  # the C4 block zone of address_rules.yaml
        assert w[1] >= 109.5 and w[3] <= 189.5 and w[2] >= 45 and w[4] <= 73.5, w
    assert not [w for w in sheet if w not in block and w[3] > 100 and w[2] < 100]
    # the letter after it: page 1 of n - 1, no fold marks (posted flat)
    letter_pages = doc.pages - 1
    assert f"1/{letter_pages}" in [w[0] for w in mm_words(doc.content, 2)]
    assert _ink(doc.content, 2, FOLD_ONE) > 250 and _ink(doc.content, 2, FOLD_TWO) > 250
    # without the sheet: still flat, still no fold marks, one page less
    without = render(runtime, "mise_en_demeure", visual("many", "mise_en_demeure", {}),
                     postage={"address_sheet": False})
    assert without.pages == letter_pages and without.postage["address_sheet"] is False
    assert without.postage["sheets"] == letter_pages
    assert _ink(without.content, 1, FOLD_ONE) > 250
    # a DL letter keeps its fold marks and gets no sheet
    dl = golden(runtime, "mise_en_demeure")
    assert dl.postage["envelope"] == "DL" and dl.postage["address_sheet"] is False
    assert _ink(dl.content, 1, FOLD_ONE) < 230 and _ink(dl.content, 1, FOLD_TWO) < 230
    # asked for on a DL letter: none printed (page 1 is placed for the DL window), the
    # provider's optional sheet counted as before
    asked = golden(runtime, "mise_en_demeure", postage={"address_sheet": True})
    assert asked.pages == dl.pages and asked.postage["sheets"] == dl.pages + 1
    assert "PORTE-ADRESSE" not in pdfcheck.flat(asked.content)


# --------------------------------------------------------------------------- sheets (P4, P3)


def _window_faults(doc) -> list[str]:
    """The DL window rules of tests/documents/test_letters_window.py on page 1: every word of
    the block inside the window with 3 mm to spare, no other ink within 3 mm of it."""
    lines, block, others = window.measure(doc)
    x0, y0, x1, y1 = window.WINDOW
    spare = window.SPARE
    faults = [f"{w[0]} outside" for w in block
              if not (w[1] >= x0 + spare and w[3] <= x1 - spare
                      and w[2] >= y0 + spare and w[4] <= y1 - spare)]
    faults += [f"{w[0]} in the window" for w in others
               if w[1] < x1 + spare and w[3] > x0 - spare and w[2] < y1 + spare and w[4] > y0 - spare]
    printed = {w[0] for w in block}
    return faults + [f"{t} missing" for line in lines for t in line.split() if t not in printed]


def _signing_space(doc, title: str) -> tuple[float, float, float]:
    """(free mm under ``title``, the last line of the signature block, across the signing
    column; the seal's height and bottom in mm): the seal is on the last page, left of the
    column, level with the space it is as high as."""
    page, (sx0, sy0, sx1, sy1) = seal_rect(doc.content)
    assert page == doc.pages
    words = mm_words(doc.content, page)
    mark = max((w for w in words if w[0] == title and w[4] < 265), key=lambda w: w[2])
    left = min(w[1] for w in words if abs(w[4] - mark[4]) < 0.5 and w[1] > 100)
    below = [w[2] for w in words if w[3] > left - 1 and w[2] > mark[4]]
    free = min(below, default=297.0) - mark[4]
    assert sx1 <= left - 1 and sy0 < mark[4] + 2  # beside the space, not in the column
    return free, sy1 - sy0, sy1


def test_p4_relance1_one_page(runtime):
    """P4: the courteous reminder on one sheet (the references and the object beside the
    window, the date above it, a compact payment box), with every rule the letters keep."""
    doc = golden(runtime, "relance-1", sign=True)
    assert pdfcheck.pages(doc.content) == 1
    assert layout_rules.faults(doc.content) == {}
    assert _window_faults(doc) == []
    words = mm_words(doc.content, 1)
    # the L441-10 / D441-5 reminder still at 9 pt (T9), the transfer details and QR code kept
    assert _height(words, "rappelons") >= _height(words, "Madame,") * 9 / 10.5 - 0.05
    assert pdfcheck.decode_qr(doc.content, 1)
    text = pdfcheck.flat(doc.content)
    for kept in ("IBAN : FR76 3000 6000 0112 3456 7890 189", "BIC : AGRIFRPP",
                 "Montant : 4 500,00 €", "Référence à rappeler : DOS-2026-0042",
                 "article D441-5 du code de commerce", "Sans règlement à cette date"):
        assert kept in text, kept
    # 20-25 mm to sign under the title, all of it above the footer (271 mm)
    free, space, seal_bottom = _signing_space(doc, "Gérante")
    assert free >= 20 and 20 <= space <= 25 and seal_bottom <= 271
    # the references and the object left of the window, level with it; the date above it;
    # the body's first line at full measure below the window's played bottom edge
    ref = next(w for w in words if w[0] == "DOS-2026-0042" and w[2] < 100)
    objet = next(w for w in words if w[0] == "Objet")
    date = next(w for w in words if w[0] == "novembre" and w[2] < 100)
    assert ref[3] < 92 and objet[3] < 92 and 44.5 < objet[2] < 89.5
    assert date[4] < 41.5
    first = min(w[2] for w in words if w[0] == "Malgré")  # the body's first line
    assert first >= 96
    # the fold marks where they were
    assert _ink(doc.content, 1, FOLD_ONE) < 230 and _ink(doc.content, 1, FOLD_TWO) < 230


def test_p3_commissaire_de_justice_two_pages(runtime):
    """P3: the commissaire de justice's mise en demeure on two sheets, every notice kept at
    9 pt (L111-8 quoted, costs, GDPR art. 14) and the closing with the last of them."""
    doc = golden(runtime, "mise_en_demeure-commissaire", sign=True)
    assert pdfcheck.pages(doc.content) == 2
    assert layout_rules.faults(doc.content) == {}
    assert _window_faults(doc) == []
    text = pdfcheck.flat(doc.content)
    for kept in ("MISE EN DEMEURE", "Conformément à l’article L111-8", "règlement (UE) 2016/679",
                 "réclamation auprès de la CNIL", "Maître Jean Roche",
                 "Nous vous prions d’agréer, Madame, Monsieur"):
        assert kept in text, kept
    words = [w for p in (1, 2) for w in mm_words(doc.content, p)]
    body = _height(words, "Madame,")
    for token in ("L111-8,", "Données", "2016/679)."):
        assert _height(words, token) >= body * 9 / 10.5 - 0.05, token
    # the GDPR notice's last line and the closing on the same page, the seal with them
    page2 = mm_words(doc.content, 2)
    assert any(w[0] == "CNIL." for w in page2) and any(w[0] == "d’agréer," for w in page2)
    free, space, seal_bottom = _signing_space(doc, "associés")
    assert free >= 20 and 20 <= space <= 25 and seal_bottom <= 271
