"""The evidence bundle: front documents (bordereau...) then the stamped pièces, as one PDF.

:func:`assemble_bundle` merges, in order, the front documents (our own renders, taken as they
are) and the pièces prepared by :func:`service.pdf.evidence.prepare_pieces`. Every page of
pièce *k* is stamped « Pièce n° k — page i/n — Réf. {reference} » in bold 9.5 pt, in a 36 pt
band at the foot of the page, at least 6 mm from every edge. The stamp never covers the
content: the page content is first scaled down (uniformly, anchored at the top, centred) into
the page minus the band and clipped to its original visible area; the page keeps its size.
The stamp is real text (extractable) drawn with an embedded subset of Liberation Sans Bold
(:mod:`service.pdf.fonts`). A page's ``/Rotate`` is folded into its content so that the stamp
reads upright.

The bundle has one top-level bookmark per front document (its own outline nested below) and
per pièce (« Pièce n° k — title »), page labels (front pages i, ii, iii...; pièce pages
``P{k}-{i}``) and a document title. PDF/A is claimed (``pdfaid`` XMP and the OutputIntent of
the first front document) only when every front document declares PDF/A and every pièce is
known PDF/A-compatible (built from an image); otherwise no claim is made at all.

The bundle's document information is the first front document's (author, subject, keywords,
creation and modification dates) with the given title and our producer, and its ``/Lang``;
when PDF/A is claimed the XMP packet carries the same values (dc:title, dc:creator,
dc:description, pdf:Keywords, xmp:CreateDate, xmp:ModifyDate, pdf:Producer).

The bundle is **not** signed here: signing comes last (engineering reference §3.3) and must
not be followed by any rewrite.

:func:`assemble_bundle` returns a :class:`BundleResult` (bytes plus page count, top-level
outline and PDF/A flag) rather than bare bytes, so that callers and tests can check the facts
without re-parsing the PDF.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from typing import Any, cast

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PdfReadError
from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.constants import PageLabelStyle
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)
from pypdf.xmp import XmpInformation

from service.pdf import fonts
from service.pdf.evidence import Piece
from service.pdf.evidence.geometry import fmt as _fmt

PRODUCER = "Recouvre (pypdf)"
# The stamp (visual review C8): bold, 9.5 pt, black, in a 36 pt (12.7 mm) band at the foot of
# the page that the shrunk content never enters; its glyphs stay at least 6 mm (17 pt) from
# every edge, out of the 4–5 mm office printers cannot print. Baseline 22 pt: the descenders
# end about 20 pt (7 mm) above the bottom edge, the capitals about 29 pt, under the band's top.
BAND_PT = 36.0  # height of the stamp band at the foot of each pièce page
STAMP_SIZE_PT = 9.5
STAMP_MIN_SIZE_PT = 9.0  # a long reference on a narrow page shrinks the stamp down to this
STAMP_BASELINE_PT = 22.0
STAMP_SIDE_MARGIN_PT = 20.0
STAMP_BOLD = True
_FONT_RESOURCE = "/RcvStamp"

# Characters always present in the stamp font (so the common case hits the cache).
_BASE_CHARSET = frozenset(
    "".join(chr(c) for c in range(0x20, 0x7F))
    + "àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ°«»—–’‘“”…€\u00a0\u202f"
)


@dataclass(frozen=True)
class BundleResult:
    """The assembled bundle and the facts a caller needs without re-parsing it.

    ``outline`` lists the top-level bookmarks as (title, 0-based page index).
    """

    pdf: bytes
    pages: int
    outline: list[tuple[str, int]]
    pdfa: bool


def stamp_text(number: int, page: int, pages: int, reference: str) -> str:
    """The text stamped on page ``page`` (1-based) of pièce ``number``."""
    return f"Pièce n° {number} — page {page}/{pages} — Réf. {reference}"


def _stream(writer: PdfWriter, data: bytes, entries: dict[str, PdfObject] | None = None,
            compress: bool = True) -> IndirectObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    for key, value in (entries or {}).items():
        stream[NameObject(key)] = value
    obj: StreamObject = stream.flate_encode() if compress else stream
    return writer._add_object(obj)


# ---------------------------------------------------------------------------------------------
# Page geometry


def _page_matrix(box: tuple[float, float, float, float], rotation: int
                 ) -> tuple[Transformation, float, float]:
    """Matrix from user space to the shrunk, upright page; and the new page width and height."""
    x0, y0, x1, y1 = box
    width, height = x1 - x0, y1 - y0
    if rotation == 90:
        upright, width, height = Transformation((0, -1, 1, 0, -y0, x1)), height, width
    elif rotation == 180:
        upright = Transformation((-1, 0, 0, -1, x1, y1))
    elif rotation == 270:
        upright, width, height = Transformation((0, 1, -1, 0, y1, -x0)), height, width
    else:
        upright = Transformation((1, 0, 0, 1, -x0, -y0))
    scale = max(height - BAND_PT, 1.0) / height
    shrink = Transformation((scale, 0, 0, scale, (width - scale * width) / 2,
                             height - scale * height))
    return upright.transform(shrink), width, height


def _number(value: PdfObject) -> float:
    return float(cast(Any, value.get_object() if isinstance(value, IndirectObject) else value))


def _transform_annotations(page: DictionaryObject, matrix: Transformation) -> None:
    annots = page.get("/Annots")
    annots = annots.get_object() if annots is not None else None
    if not isinstance(annots, ArrayObject):
        return
    for ref in annots:
        annot = ref.get_object()
        if not isinstance(annot, DictionaryObject):
            continue
        rect = annot.get("/Rect")
        rect = rect.get_object() if rect is not None else None
        if isinstance(rect, ArrayObject) and len(rect) == 4:
            x_a, y_a, x_b, y_b = (_number(v) for v in rect)
            corners = [matrix.apply_on((x, y)) for x in (x_a, x_b) for y in (y_a, y_b)]
            xs, ys = [p[0] for p in corners], [p[1] for p in corners]
            annot[NameObject("/Rect")] = ArrayObject(
                FloatObject(_fmt(v)) for v in (min(xs), min(ys), max(xs), max(ys)))
        quads = annot.get("/QuadPoints")
        quads = quads.get_object() if quads is not None else None
        if isinstance(quads, ArrayObject) and len(quads) % 2 == 0:
            values = [_number(v) for v in quads]
            moved: list[FloatObject] = []
            for i in range(0, len(values), 2):
                moved += [FloatObject(_fmt(v)) for v in matrix.apply_on((values[i], values[i + 1]))]
            annot[NameObject("/QuadPoints")] = ArrayObject(moved)


def _page_font_dict(writer: PdfWriter, page: DictionaryObject) -> DictionaryObject:
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else None
    if not isinstance(resources, DictionaryObject):
        resources = DictionaryObject()
        page[NameObject("/Resources")] = resources
    font_dict = resources.get("/Font")
    font_dict = font_dict.get_object() if font_dict is not None else None
    if not isinstance(font_dict, DictionaryObject):
        font_dict = DictionaryObject()
        resources[NameObject("/Font")] = font_dict
    return font_dict


def _stamp_page(writer: PdfWriter, page: DictionaryObject, text: str, font_ref: IndirectObject,
                closing: IndirectObject) -> None:
    box_obj = page.get("/CropBox") or page.get("/MediaBox")
    box_values = [_number(v) for v in box_obj.get_object()]  # type: ignore[union-attr]
    box = (min(box_values[0], box_values[2]), min(box_values[1], box_values[3]),
           max(box_values[0], box_values[2]), max(box_values[1], box_values[3]))
    rotation = int(_number(page.get("/Rotate", 0))) % 360
    rotation = rotation if rotation in (90, 180, 270) else 0
    matrix, width, height = _page_matrix(box, rotation)

    font = fonts.sans(STAMP_BOLD)
    size = STAMP_SIZE_PT
    available = width - 2 * STAMP_SIDE_MARGIN_PT
    if font.width(text, size) > available:
        size = max(available * 1000 / font.advance(text), STAMP_MIN_SIZE_PT)
    # still too wide at the smallest size (a very long reference on a narrow page): the
    # reference is shortened, the pièce number and its pagination never
    while font.width(text, size) > available and " — Réf. " in text and len(text) > 20:
        text = text[:-2] + "…" if text.endswith("…") else text[:-1] + "…"
    hex_text, advance = font.hex(text), font.advance(text)
    x = (width - advance * size / 1000) / 2
    stamp = (f"q 0 g BT {_FONT_RESOURCE} {_fmt(size)} Tf 1 0 0 1 {_fmt(x)} "
             f"{_fmt(STAMP_BASELINE_PT)} Tm <{hex_text}> Tj ET Q\n").encode()
    x0, y0, x1, y1 = box
    opening = (" ".join(_fmt(v) for v in matrix.ctm) + " cm "
               f"{_fmt(x0)} {_fmt(y0)} {_fmt(x1 - x0)} {_fmt(y1 - y0)} re W n\n")
    contents = page.get("/Contents")
    original: list[PdfObject] = []
    if contents is not None:
        resolved = contents.get_object()
        if isinstance(resolved, ArrayObject):
            original = list(resolved)
        elif isinstance(resolved, StreamObject):
            original = [contents]
    page[NameObject("/Contents")] = ArrayObject([
        _stream(writer, stamp, compress=False),
        _stream(writer, b"q " + opening.encode(), compress=False),
        *original,
        closing,
    ])
    _page_font_dict(writer, page)[NameObject(_FONT_RESOURCE)] = font_ref
    _transform_annotations(page, matrix)
    page[NameObject("/MediaBox")] = ArrayObject(
        [NumberObject(0), NumberObject(0), FloatObject(_fmt(width)), FloatObject(_fmt(height))])
    for key in ("/CropBox", "/TrimBox", "/BleedBox", "/ArtBox", "/Rotate"):
        if key in page:
            del page[key]


# ---------------------------------------------------------------------------------------------
# PDF/A


_PDFAID = re.compile(rb"pdfaid:part(?:=[\"']|>)\s*(\d)")
_CONFORMANCE = re.compile(rb"pdfaid:conformance(?:=[\"']|>)\s*([ABUabu])")


def _pdfa_claim(reader: PdfReader) -> tuple[str, str] | None:
    """(part, conformance) when the document declares PDF/A and has an OutputIntent."""
    root = cast(DictionaryObject, reader.trailer["/Root"].get_object())
    metadata = root.get("/Metadata")
    if metadata is None or "/OutputIntents" not in root:
        return None
    xmp = metadata.get_object().get_data()
    part, conformance = _PDFAID.search(xmp), _CONFORMANCE.search(xmp)
    if not part or not conformance:
        return None
    return part.group(1).decode(), conformance.group(1).decode().upper()


# Document-information entries carried from the first front document into the bundle, with
# their XMP equivalents (PDF/A: Info and XMP must agree; ISO 19005-3 §6.6.2.3)
INFO_KEYS = ("/Author", "/Subject", "/Keywords", "/CreationDate", "/ModDate")


def pdf_date(iso: str) -> str:
    """« 2026-11-20T12:00:00+01:00 » -> « D:20261120120000+01'00' » (a PDF date string)."""
    return str(generic.pdf_date(datetime.fromisoformat(iso)))


def _parsed_date(value: str) -> datetime | None:
    """A PDF date string as a datetime; None when it cannot be read."""
    try:
        return generic.parse_pdf_date(value.strip())
    except (PdfReadError, ValueError):
        return None


def _xmp(info: dict[str, str], part: str, conformance: str) -> bytes:
    """The bundle's XMP packet: the PDF/A identification and the same metadata as ``info``
    (the document information dictionary, whose dates are already known to be readable)."""
    xmp = XmpInformation.create()
    xmp.pdf_producer = info["/Producer"]
    if "/Title" in info:
        xmp.dc_title = {"x-default": info["/Title"]}
    if "/Author" in info:
        xmp.dc_creator = [info["/Author"]]
    if "/Subject" in info:
        xmp.dc_description = {"x-default": info["/Subject"]}
    if "/Keywords" in info:
        xmp.pdf_keywords = info["/Keywords"]
    if "/CreationDate" in info:
        xmp.xmp_create_date = _parsed_date(info["/CreationDate"])
    if "/ModDate" in info:
        xmp.xmp_modify_date = _parsed_date(info["/ModDate"])
    xmp.pdfaid_part = part
    xmp.pdfaid_conformance = conformance
    return xmp.stream.get_data()


def _front_info(reader: PdfReader, title: str) -> dict[str, str]:
    """The bundle's document information: the first front document's (title, author, subject,
    keywords, dates; a date that cannot be read is dropped), the given title, our producer."""
    info: dict[str, str] = {"/Title": title, "/Producer": PRODUCER}
    front: Mapping[str, Any] = reader.metadata or {}
    for key in INFO_KEYS:
        value = front.get(key)
        if value is None:
            continue
        text = str(value.get_object() if isinstance(value, IndirectObject) else value)
        if key.endswith("Date") and _parsed_date(text) is None:
            continue
        info[key] = text
    return info


# ---------------------------------------------------------------------------------------------
# Assembly


def assemble_bundle(front: Sequence[tuple[str, bytes]], pieces: Sequence[Piece], *,
                    reference: str, title: str) -> BundleResult:
    """Merge the front documents and the stamped pièces into one PDF (unsigned)."""
    writer = PdfWriter()
    writer.pdf_header = "%PDF-1.7"
    outline: list[tuple[str, int]] = []
    claims: list[tuple[str, str] | None] = []
    first_front: PdfReader | None = None

    for bookmark, data in front:
        reader = PdfReader(BytesIO(data))
        first_front = first_front or reader
        claims.append(_pdfa_claim(reader))
        outline.append((bookmark, len(writer.pages)))
        writer.append(reader, outline_item=bookmark, import_outline=True)
    front_pages = len(writer.pages)

    font_ref = fonts.embed(writer, _BASE_CHARSET | frozenset(reference), STAMP_BOLD)
    closing = _stream(writer, b"\nQ\n", compress=False)
    piece_ranges: list[tuple[int, int, Piece]] = []
    for piece in pieces:
        start = len(writer.pages)
        label = f"Pièce n° {piece.number} — {piece.title}"
        outline.append((label, start))
        writer.append(PdfReader(BytesIO(piece.pdf)), outline_item=label, import_outline=False)
        piece_ranges.append((start, len(writer.pages), piece))

    for start, end, piece in piece_ranges:
        count = end - start
        for offset in range(count):
            text = stamp_text(piece.number, offset + 1, count, reference)
            _stamp_page(writer, writer.pages[start + offset], text, font_ref, closing)
        writer.set_page_label(start, end - 1, style=PageLabelStyle.DECIMAL, prefix=f"P{piece.number}-",
                              start=1)
    if front_pages:
        writer.set_page_label(0, front_pages - 1, style=PageLabelStyle.LOWERCASE_ROMAN, start=1)

    claim = claims[0] if claims else None
    pdfa = (
        claim is not None
        and all(c is not None for c in claims)
        and all(piece.pdfa_compatible for piece in pieces)
    )
    info = (_front_info(first_front, title) if first_front is not None
            else {"/Title": title, "/Producer": PRODUCER})
    writer.add_metadata(info)
    root = writer.root_object
    if pdfa and first_front is not None and claim is not None:
        front_root = cast(DictionaryObject, first_front.trailer["/Root"].get_object())
        root[NameObject("/OutputIntents")] = front_root["/OutputIntents"].clone(writer)
        root[NameObject("/Metadata")] = _stream(
            writer, _xmp(info, *claim),
            {"/Type": NameObject("/Metadata"), "/Subtype": NameObject("/XML")}, compress=False)
    if first_front is not None:
        lang = cast(DictionaryObject, first_front.trailer["/Root"].get_object()).get("/Lang")
        if lang is not None:
            root[NameObject("/Lang")] = TextStringObject(str(lang.get_object()))
    root[NameObject("/PageMode")] = NameObject("/UseOutlines")
    # A file identifier derived from the inputs, not random: the same case gives the same bytes.
    digest = hashlib.sha256(title.encode("utf-8") + b"\0" + reference.encode("utf-8"))
    for _bookmark, data in front:
        digest.update(hashlib.sha256(data).digest())
    for piece in pieces:
        digest.update(f"{piece.number}\0{piece.title}\0".encode() + hashlib.sha256(piece.pdf).digest())
    file_id = ByteStringObject(digest.digest()[:16])
    writer._ID = ArrayObject((file_id, file_id))
    out = BytesIO()
    writer.write(out)
    return BundleResult(pdf=out.getvalue(), pages=len(writer.pages), outline=outline,
                        pdfa=pdfa)


def load_stamp_font() -> None:
    """Subset the stamp font now (about 0.1 s, cached per process): call at worker start."""
    fonts.subset(fonts.glyphs(_BASE_CHARSET, STAMP_BOLD), STAMP_BOLD)
