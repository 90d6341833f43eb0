"""Reading PDFs from the outside: text (pdftotext), word boxes, qpdf, PDF/A markers, QR codes."""

from __future__ import annotations

import re
import subprocess
import tempfile
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import IndirectObject

MM = 72 / 25.4  # points per millimetre


def _tmp(pdf: bytes) -> Path:
    with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False) as f:
        f.write(pdf)
    return Path(f.name)


def text(pdf: bytes, *, layout: bool = False) -> str:
    path = _tmp(pdf)
    try:
        args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(path), "-"]
        return subprocess.run(args, check=True, capture_output=True).stdout.decode("utf-8")
    finally:
        path.unlink()


def body(pdf: bytes, *, bottom_mm: float = 24) -> str:
    """The text of every page without its bottom ``bottom_mm`` (the running footer and page
    counter), pages joined: a paragraph split by a page break reads as one."""
    path = _tmp(pdf)
    try:
        out = []
        for n in range(1, pages(pdf) + 1):
            box = PdfReader(BytesIO(pdf)).pages[n - 1].mediabox
            w, h = int(float(box.width)), int(float(box.height) - bottom_mm * MM)
            args = ["pdftotext", "-enc", "UTF-8", "-f", str(n), "-l", str(n), "-x", "0", "-y",
                    "0", "-W", str(w), "-H", str(h), str(path), "-"]
            out.append(subprocess.run(args, check=True, capture_output=True).stdout
                       .decode("utf-8"))
        return re.sub(r"[\s\u00a0\u202f]+", " ", " ".join(out))
    finally:
        path.unlink()


def flat(pdf: bytes) -> str:
    """Text with all whitespace (including no-break spaces) collapsed to single spaces, and the
    words that French hyphenation cut at a line end joined again: WeasyPrint's hyphenation
    character is U+2010 (a hyphen typed in the text, « ci-dessous », is U+002D and stays)."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", re.sub(r"\u2010\s+", "", text(pdf)))


def words(pdf: bytes, page: int = 1) -> list[tuple[str, float, float, float, float]]:
    """(word, xMin, yMin, xMax, yMax) in points from the top-left, via pdftotext -bbox."""
    path = _tmp(pdf)
    try:
        out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path),
                              "-"], check=True, capture_output=True).stdout.decode("utf-8")
    finally:
        path.unlink()
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                       r"([^<]*)</word>", out)
    return [(w, float(a), float(b), float(c), float(d)) for a, b, c, d, w in found]


def qpdf_check(pdf: bytes) -> subprocess.CompletedProcess[bytes]:
    path = _tmp(pdf)
    try:
        return subprocess.run(["qpdf", "--check", str(path)], capture_output=True)
    finally:
        path.unlink()


def pages(pdf: bytes) -> int:
    return len(PdfReader(BytesIO(pdf)).pages)


def unembedded_fonts(pdf: bytes) -> list[str]:
    """Names of fonts with no embedded program, anywhere in the file (pages and annotations)."""
    reader = PdfReader(BytesIO(pdf))
    missing: list[str] = []
    seen: set[int] = set()

    def visit(obj, depth=0):
        if depth > 40:
            return
        if isinstance(obj, IndirectObject):
            if obj.idnum in seen:
                return
            seen.add(obj.idnum)
            obj = obj.get_object()
        if isinstance(obj, dict):
            if obj.get("/Type") == "/Font":
                sub = obj.get("/Subtype")
                if sub == "/Type0":
                    for d in obj.get("/DescendantFonts", []):
                        visit(d, depth + 1)
                elif sub != "/Type3":
                    desc = obj.get("/FontDescriptor")
                    desc = desc.get_object() if desc is not None else None
                    if desc is None or not any(k in desc for k in ("/FontFile", "/FontFile2",
                                                                    "/FontFile3")):
                        missing.append(str(obj.get("/BaseFont")))
            for v in obj.values():
                visit(v, depth + 1)
        elif isinstance(obj, list):
            for v in obj:
                visit(v, depth + 1)

    visit(reader.trailer["/Root"])
    return missing


def pdfa_markers(pdf: bytes) -> dict[str, object]:
    reader = PdfReader(BytesIO(pdf))
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8") if "/Metadata" in root else ""
    part = re.search(r'pdfaid:part(?:="|>)(\d)', xmp)
    conf = re.search(r'pdfaid:conformance(?:="|>)(\w)', xmp)
    intents = root.get("/OutputIntents") or []
    return {"part": part.group(1) if part else None, "conformance": conf.group(1) if conf else None,
            "output_intent": bool(intents), "encrypted": reader.is_encrypted}


def decode_qr(pdf: bytes, page: int) -> list[str]:
    import pypdfium2
    import zxingcpp

    doc = pypdfium2.PdfDocument(pdf)
    image = doc[page - 1].render(scale=4).to_pil()
    return [r.text for r in zxingcpp.read_barcodes(image)]


_MONTH = ("janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre"
          "|décembre")


def line_cuts(pdf: bytes) -> list[str]:
    """Places where a line of the laid-out text cuts what French typography keeps together:
    « n° » and its number, a date's day, month and year, the groups of a SIREN."""
    lines = [line.strip() for line in text(pdf, layout=True).splitlines()]
    lines = [line for line in lines if line]
    cuts = []
    for end, start in zip(lines, lines[1:], strict=False):
        if (re.search(r"\bn°$", end) or re.search(r"\b(\d{1,2}|1er)$", end)
                and re.match(_MONTH, start) or re.search(rf"\b({_MONTH})$", end)
                and re.match(r"\d{4}\b", start) or re.search(r"\b\d{3}$", end)
                and re.match(r"\d{3}\b", start)):
            cuts.append(f"{end} / {start}")
    return cuts


def object_words(pdf: bytes) -> list[list[tuple[str, float, float, float, float]]]:
    """The Objet's words as laid out, line by line, on the first page that has one: since P4
    it sits in the left column under the references, beside the window (x < 92 mm), so its
    lines are read from the word boxes of that column, not from the page's layout text."""
    for page in (1, 2):  # a C4 letter has its address sheet first
        boxes = words(pdf, page)
        label = next((w for w in boxes if w[0] == "Objet" and w[1] < 30 * MM), None)
        if label:
            break
    else:
        raise AssertionError("no Objet")
    column = [w for w in boxes if w[1] >= label[3] and w[3] < 92 * MM and w[2] >= label[2] - MM]
    lines: list[list[tuple[str, float, float, float, float]]] = []
    for w in sorted(column, key=lambda w: w[4]):  # a superscript (« 2e ») shares its line
        if lines and w[2] < max(x[4] for x in lines[-1]) - MM:
            lines[-1].append(w)
        elif not lines or w[2] - max(x[4] for x in lines[-1]) < 2.5 * MM:  # the next line
            lines.append([w])
        else:
            break
    return [sorted(line, key=lambda w: w[1]) for line in lines]


def object_line(pdf: bytes) -> str:
    """The Objet of the letter as laid out (its continuation lines joined; a line cut after a
    hyphen, « ci-/dessous », joined without a space)."""
    out = ""
    for line in object_words(pdf):
        text = ""
        for i, w in enumerate(line):  # a superscript (« 2e ») is set smaller, glued to its number
            glued = i and w[4] - w[2] < 0.8 * (line[i - 1][4] - line[i - 1][2])
            text += w[0] if not i or glued else " " + w[0]
        out += text if not out or out.endswith("-") else " " + text
    return out
