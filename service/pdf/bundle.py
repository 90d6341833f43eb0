"""The evidence bundle: front documents (bordereau...) then the stamped pièces, as one PDF.

:func:`assemble_bundle` merges, in order, the front documents (our own renders, taken as they
are) and the pièces prepared by :func:`service.pdf.evidence.prepare_pieces`. Every page of
pièce *k* is stamped « Pièce n° k — page i/n — Réf. {reference} » in a 30 pt band at the foot
of the page. The stamp never covers the content: the page content is first scaled down
(uniformly, anchored at the top, centred) into the page minus the band and clipped to its
original visible area; the page keeps its size. The stamp is real text (extractable) drawn
with an embedded subset of Liberation Sans. A page's ``/Rotate`` is folded into its content so
that the stamp reads upright.

The bundle has one top-level bookmark per front document (its own outline nested below) and
per pièce (« Pièce n° k — title »), page labels (front pages i, ii, iii...; pièce pages
``P{k}-{i}``) and a document title. PDF/A is claimed (``pdfaid`` XMP and the OutputIntent of
the first front document) only when every front document declares PDF/A and every pièce is
known PDF/A-compatible (built from an image); otherwise no claim is made at all.

The bundle is **not** signed here: signing comes last (engineering reference §3.3) and must
not be followed by any rewrite.

:func:`assemble_bundle` returns a :class:`BundleResult` (bytes plus page count, top-level
outline and PDF/A flag) rather than bare bytes, so that callers and tests can check the facts
without re-parsing the PDF.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from xml.sax.saxutils import escape

from fontTools import subset as ft_subset
from fontTools.ttLib import TTFont
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
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

from service.paths import LIBERATION_SANS
from service.pdf.evidence import Piece

PRODUCER = "Recouvre (pypdf)"
BAND_PT = 30.0  # height of the stamp band at the foot of each pièce page
STAMP_SIZE_PT = 8.0
STAMP_BASELINE_PT = 12.0
STAMP_SIDE_MARGIN_PT = 14.0
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


# ---------------------------------------------------------------------------------------------
# Stamp font: a subset of Liberation Sans embedded as a Type0/CIDFontType2 font


@dataclass(frozen=True)
class _FontData:
    program: bytes  # subset TrueType
    gids: dict[str, int]  # character -> glyph id (= CID, Identity mapping)
    widths: dict[int, int]  # glyph id -> advance in 1/1000 em
    bbox: tuple[int, int, int, int]
    ascent: int
    descent: int
    cap_height: int
    glyph_count: int
    tag: str


@functools.lru_cache(maxsize=1)
def _font_cmap() -> frozenset[str]:
    font = TTFont(str(LIBERATION_SANS), lazy=True)
    return frozenset(chr(cp) for cp in font.getBestCmap())


@functools.lru_cache(maxsize=16)
def _font_data(charset: frozenset[str]) -> _FontData:
    font = TTFont(str(LIBERATION_SANS))
    options = ft_subset.Options()
    options.layout_features = []
    options.hinting = False
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.drop_tables += ["FFTM", "GSUB", "GPOS", "GDEF", "kern"]
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(charset)))
    subsetter.subset(font)
    out = BytesIO()
    font.save(out)
    scale = 1000 / font["head"].unitsPerEm
    cmap = font.getBestCmap()
    order = font.getReverseGlyphMap()
    hmtx = font["hmtx"]
    gids = {chr(cp): order[name] for cp, name in cmap.items() if chr(cp) in charset}
    widths = {order[name]: round(hmtx[name][0] * scale) for name in font.getGlyphOrder()}
    head, os2 = font["head"], font["OS/2"]
    bbox = tuple(round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax))
    digest = sum(ord(c) for c in "".join(sorted(charset))) % (26**6)
    tag = "".join(chr(65 + (digest // 26**i) % 26) for i in range(6))
    return _FontData(
        program=out.getvalue(),
        gids=gids,
        widths=widths,
        bbox=bbox,  # type: ignore[arg-type]
        ascent=round(os2.sTypoAscender * scale),
        descent=round(os2.sTypoDescender * scale),
        cap_height=round(getattr(os2, "sCapHeight", 0) * scale) or 700,
        glyph_count=len(font.getGlyphOrder()),
        tag=tag,
    )


def _stream(writer: PdfWriter, data: bytes, entries: dict[str, PdfObject] | None = None,
            compress: bool = True) -> IndirectObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    for key, value in (entries or {}).items():
        stream[NameObject(key)] = value
    obj: StreamObject = stream.flate_encode() if compress else stream
    return writer._add_object(obj)


def _to_unicode(font: _FontData) -> bytes:
    lines = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
        "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange",
    ]
    pairs = sorted((gid, char) for char, gid in font.gids.items())
    for start in range(0, len(pairs), 100):
        chunk = pairs[start:start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{gid:04X}> <{char.encode('utf-16-be').hex().upper()}>" for gid, char in chunk]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")


def _add_font(writer: PdfWriter, font: _FontData) -> IndirectObject:
    name = NameObject(f"/{font.tag}+LiberationSans")
    file_ref = _stream(writer, font.program, {"/Length1": NumberObject(len(font.program))})
    cidset = bytearray((font.glyph_count + 7) // 8)
    for gid in range(font.glyph_count):
        cidset[gid // 8] |= 0x80 >> (gid % 8)
    descriptor = DictionaryObject({
        NameObject("/Type"): NameObject("/FontDescriptor"),
        NameObject("/FontName"): name,
        NameObject("/Flags"): NumberObject(4),
        NameObject("/FontBBox"): ArrayObject(NumberObject(v) for v in font.bbox),
        NameObject("/ItalicAngle"): NumberObject(0),
        NameObject("/Ascent"): NumberObject(font.ascent),
        NameObject("/Descent"): NumberObject(font.descent),
        NameObject("/CapHeight"): NumberObject(font.cap_height),
        NameObject("/StemV"): NumberObject(80),
        NameObject("/FontFile2"): file_ref,
        NameObject("/CIDSet"): _stream(writer, bytes(cidset)),
    })
    widths = ArrayObject()
    for gid in sorted(font.widths):
        widths += [NumberObject(gid), ArrayObject([NumberObject(font.widths[gid])])]
    cid_font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/CIDFontType2"),
        NameObject("/BaseFont"): name,
        NameObject("/CIDSystemInfo"): DictionaryObject({
            NameObject("/Registry"): TextStringObject("Adobe"),
            NameObject("/Ordering"): TextStringObject("Identity"),
            NameObject("/Supplement"): NumberObject(0),
        }),
        NameObject("/FontDescriptor"): writer._add_object(descriptor),
        NameObject("/CIDToGIDMap"): NameObject("/Identity"),
        NameObject("/W"): widths,
    })
    type0 = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type0"),
        NameObject("/BaseFont"): name,
        NameObject("/Encoding"): NameObject("/Identity-H"),
        NameObject("/DescendantFonts"): ArrayObject([writer._add_object(cid_font)]),
        NameObject("/ToUnicode"): _stream(writer, _to_unicode(font)),
    })
    return writer._add_object(type0)


def _encode(text: str, font: _FontData) -> tuple[str, float]:
    """Hex string of glyph ids and the advance width in 1/1000 em (unknown chars -> '?')."""
    gids = [font.gids.get(char, font.gids["?"]) for char in text]
    return "".join(f"{gid:04X}" for gid in gids), float(sum(font.widths[g] for g in gids))


# ---------------------------------------------------------------------------------------------
# Page geometry


Matrix = tuple[float, float, float, float, float, float]


def _multiply(first: Matrix, then: Matrix) -> Matrix:
    """The matrix applying ``first`` then ``then`` (PDF row-vector convention)."""
    a, b, c, d, e, f = first
    a2, b2, c2, d2, e2, f2 = then
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _fmt(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _page_matrix(box: tuple[float, float, float, float], rotation: int) -> tuple[Matrix, float,
                                                                                  float]:
    """Matrix from user space to the shrunk, upright page; and the new page width and height."""
    x0, y0, x1, y1 = box
    width, height = x1 - x0, y1 - y0
    upright: Matrix
    if rotation == 90:
        upright, width, height = (0, -1, 1, 0, -y0, x1), height, width
    elif rotation == 180:
        upright = (-1, 0, 0, -1, x1, y1)
    elif rotation == 270:
        upright, width, height = (0, 1, -1, 0, y1, -x0), height, width
    else:
        upright = (1, 0, 0, 1, -x0, -y0)
    scale = max(height - BAND_PT, 1.0) / height
    shrink: Matrix = (scale, 0, 0, scale, (width - scale * width) / 2, height - scale * height)
    return _multiply(upright, shrink), width, height


def _number(value: PdfObject) -> float:
    return float(value.get_object() if isinstance(value, IndirectObject) else value)


def _transform_annotations(page: DictionaryObject, matrix: Matrix) -> None:
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
            corners = [_apply(matrix, x, y) for x in (x_a, x_b) for y in (y_a, y_b)]
            xs, ys = [p[0] for p in corners], [p[1] for p in corners]
            annot[NameObject("/Rect")] = ArrayObject(
                FloatObject(_fmt(v)) for v in (min(xs), min(ys), max(xs), max(ys)))
        quads = annot.get("/QuadPoints")
        quads = quads.get_object() if quads is not None else None
        if isinstance(quads, ArrayObject) and len(quads) % 2 == 0:
            values = [_number(v) for v in quads]
            moved: list[FloatObject] = []
            for i in range(0, len(values), 2):
                moved += [FloatObject(_fmt(v)) for v in _apply(matrix, values[i], values[i + 1])]
            annot[NameObject("/QuadPoints")] = ArrayObject(moved)


def _page_font_dict(writer: PdfWriter, page: DictionaryObject) -> DictionaryObject:
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else None
    if not isinstance(resources, DictionaryObject):
        resources = DictionaryObject()
        page[NameObject("/Resources")] = resources
    fonts = resources.get("/Font")
    fonts = fonts.get_object() if fonts is not None else None
    if not isinstance(fonts, DictionaryObject):
        fonts = DictionaryObject()
        resources[NameObject("/Font")] = fonts
    return fonts


def _stamp_page(writer: PdfWriter, page: DictionaryObject, text: str, font: _FontData,
                font_ref: IndirectObject, closing: IndirectObject) -> None:
    box_obj = page.get("/CropBox") or page.get("/MediaBox")
    box_values = [_number(v) for v in box_obj.get_object()]  # type: ignore[union-attr]
    box = (min(box_values[0], box_values[2]), min(box_values[1], box_values[3]),
           max(box_values[0], box_values[2]), max(box_values[1], box_values[3]))
    rotation = int(_number(page.get("/Rotate", 0))) % 360
    rotation = rotation if rotation in (90, 180, 270) else 0
    matrix, width, height = _page_matrix(box, rotation)

    hex_text, advance = _encode(text, font)
    size = STAMP_SIZE_PT
    available = width - 2 * STAMP_SIDE_MARGIN_PT
    if advance * size / 1000 > available:
        size = max(available * 1000 / advance, 3.0)
    x = (width - advance * size / 1000) / 2
    stamp = (f"q 0.2 g BT {_FONT_RESOURCE} {_fmt(size)} Tf 1 0 0 1 {_fmt(x)} "
             f"{_fmt(STAMP_BASELINE_PT)} Tm <{hex_text}> Tj ET Q\n").encode()
    x0, y0, x1, y1 = box
    opening = (" ".join(_fmt(v) for v in matrix) + " cm "
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
    root = reader.trailer["/Root"].get_object()
    metadata = root.get("/Metadata")
    if metadata is None or "/OutputIntents" not in root:
        return None
    xmp = metadata.get_object().get_data()
    part, conformance = _PDFAID.search(xmp), _CONFORMANCE.search(xmp)
    if not part or not conformance:
        return None
    return part.group(1).decode(), conformance.group(1).decode().upper()


def _xmp(title: str, part: str, conformance: str) -> bytes:
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" '
        f'pdfaid:part="{part}" pdfaid:conformance="{conformance}"/>\n'
        '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" '
        f'pdf:Producer="{escape(PRODUCER)}"/>\n'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        '<dc:title><rdf:Alt><rdf:li xml:lang="x-default">'
        f"{escape(title)}</rdf:li></rdf:Alt></dc:title></rdf:Description>\n"
        "</rdf:RDF>\n</x:xmpmeta>\n"
        '<?xpacket end="r"?>'
    ).encode()


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

    charset = _BASE_CHARSET | (frozenset(reference) & _font_cmap())
    font = _font_data(charset)
    reference_text = "".join(c if c in font.gids else "?" for c in reference)
    font_ref = _add_font(writer, font)
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
            text = stamp_text(piece.number, offset + 1, count, reference_text)
            _stamp_page(writer, writer.pages[start + offset], text, font, font_ref, closing)
        writer.set_page_label(start, end - 1, style="/D", prefix=f"P{piece.number}-", start=1)
    if front_pages:
        writer.set_page_label(0, front_pages - 1, style="/r", start=1)

    claim = claims[0] if claims else None
    pdfa = (
        claim is not None
        and all(c is not None for c in claims)
        and all(piece.pdfa_compatible for piece in pieces)
    )
    writer.add_metadata({"/Title": title, "/Producer": PRODUCER})
    root = writer.root_object
    if pdfa and first_front is not None and claim is not None:
        front_root = first_front.trailer["/Root"].get_object()
        root[NameObject("/OutputIntents")] = front_root["/OutputIntents"].clone(writer)
        root[NameObject("/Metadata")] = _stream(
            writer, _xmp(title, *claim),
            {"/Type": NameObject("/Metadata"), "/Subtype": NameObject("/XML")}, compress=False)
    if first_front is not None:
        lang = first_front.trailer["/Root"].get_object().get("/Lang")
        if lang is not None:
            root[NameObject("/Lang")] = TextStringObject(str(lang.get_object()))
    root[NameObject("/PageMode")] = NameObject("/UseOutlines")
    writer.generate_file_identifiers()
    out = BytesIO()
    writer.write(out)
    return BundleResult(pdf=out.getvalue(), pages=len(writer.pages), outline=outline,
                        pdfa=pdfa)


def warm_up() -> None:
    """Subset the stamp font now (about 0.1 s, cached per process): call at worker start."""
    _font_data(_BASE_CHARSET)
