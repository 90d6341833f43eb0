"""The bundled Liberation Sans, embedded in the PDFs we write with pypdf.

Text drawn outside WeasyPrint — the pièce stamps of a bundle (:mod:`service.pdf.bundle`) and
the values of Cerfa fields (:mod:`service.pdf.cerfa`) — is set in Liberation Sans Regular,
embedded by :func:`embed` as a Type0 font (CIDFontType2, Identity-H): the subset program as
FontFile2, ``/CIDToGIDMap /Identity``, ``/W`` widths and a ToUnicode CMap, which is what PDF/A
asks of an embedded font and what makes the text extractable.

The subset keeps the glyph ids of the full font (``retain_gids``), so a character's code in a
content stream is its glyph id in the full font: text is measured and encoded with
:func:`sans` before, and independently of, the subset that a document embeds. Characters the
font lacks are drawn, measured and extracted as « ? ». A subset is made once per set of glyphs
(cached) and is byte-for-byte the same for the same characters.

The pièce stamps use the bold face (``bold=True`` everywhere below: its own metrics, subset and
font object); the Cerfa values keep the regular face.

The seal's visible stamp is pyHanko's business (:func:`service.pdf.sign.prepare_stamp_font`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO

from fontTools import subset as ft_subset
from fontTools.ttLib import TTFont
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from service.paths import LIBERATION_SANS, LIBERATION_SANS_BOLD

BASE_FONT = "LiberationSans"
BOLD_FONT = "LiberationSans-Bold"
FALLBACK = "?"


@dataclass(frozen=True)
class Font:
    """Liberation Sans Regular's metrics in thousandths of an em, by glyph id of the full font."""

    cmap: Mapping[int, int]  # code point -> glyph id
    advances: Sequence[int]  # glyph id -> advance width
    ascent: int
    descent: int
    cap_height: int
    bbox: tuple[int, int, int, int]

    def has(self, char: str) -> bool:
        return ord(char) in self.cmap

    def gid(self, char: str) -> int:
        """The glyph drawing ``char``: the fallback « ? » when the font lacks it."""
        return self.cmap.get(ord(char)) or self.cmap[ord(FALLBACK)]

    def advance(self, text: str) -> int:
        """Width of ``text`` in thousandths of an em."""
        return sum(self.advances[self.gid(c)] for c in text)

    def width(self, text: str, size: float) -> float:
        """Width of ``text`` in points at ``size`` points."""
        return self.advance(text) * size / 1000

    def hex(self, text: str) -> str:
        """``text`` encoded for a ``<...> Tj`` with this font (Identity-H: 2-byte glyph ids)."""
        return "".join(f"{self.gid(c):04X}" for c in text)


def _path(bold: bool) -> str:
    return str(LIBERATION_SANS_BOLD if bold else LIBERATION_SANS)


@lru_cache(maxsize=2)
def sans(bold: bool = False) -> Font:
    """The metrics of the bundled Liberation Sans Regular, or Bold (read once per process)."""
    tt = TTFont(_path(bold), lazy=True)
    upem = tt["head"].unitsPerEm

    def scale(value: float) -> int:
        return round(value * 1000 / upem)

    order = tt.getGlyphOrder()
    ids = {name: gid for gid, name in enumerate(order)}
    hmtx, head, hhea, os2 = tt["hmtx"], tt["head"], tt["hhea"], tt["OS/2"]
    return Font(
        cmap={cp: ids[name] for cp, name in tt.getBestCmap().items()},
        advances=tuple(scale(hmtx[name][0]) for name in order),
        ascent=scale(hhea.ascent),
        descent=scale(hhea.descent),
        cap_height=scale(getattr(os2, "sCapHeight", 0)) or 700,
        bbox=(scale(head.xMin), scale(head.yMin), scale(head.xMax), scale(head.yMax)),
    )


def glyphs(chars: Iterable[str], bold: bool = False) -> frozenset[int]:
    """The glyph ids that draw ``chars`` (with .notdef and the fallback « ? »)."""
    font = sans(bold)
    return frozenset({font.gid(c) for c in chars} | {0, font.gid(FALLBACK)})


@lru_cache(maxsize=16)
def subset(gids: frozenset[int], bold: bool = False) -> bytes:
    """The TrueType program cut down to ``gids``, glyph ids kept, unhinted, no layout tables."""
    options = ft_subset.Options()
    options.retain_gids = True
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.layout_features = []
    options.hinting = False
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "FFTM"]
    tt = TTFont(_path(bold), recalcTimestamp=False)
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(gids=sorted(gids))
    subsetter.subset(tt)
    out = BytesIO()
    tt.save(out)
    return out.getvalue()


def embed(writer: PdfWriter, chars: Iterable[str], bold: bool = False) -> IndirectObject:
    """Add to ``writer`` a Type0 font covering ``chars``; returns its reference.

    ``chars`` is any iterable of characters (a string will do): what a document draws with the
    font. Draw with ``sans().hex(text)``; characters the font lacks show as « ? ».
    """
    font = sans(bold)
    known = sorted({c for c in chars if font.has(c)} | {FALLBACK})
    gids = glyphs(known, bold)
    program = subset(gids, bold)
    digest = hashlib.sha256(program).digest()
    name = NameObject(f"/{''.join(chr(65 + b % 26) for b in digest[:6])}+"
                      f"{BOLD_FONT if bold else BASE_FONT}")

    descriptor = DictionaryObject({
        NameObject("/Type"): NameObject("/FontDescriptor"),
        NameObject("/FontName"): name,
        NameObject("/Flags"): NumberObject(4 | (1 << 18 if bold else 0)),  # symbolic; ForceBold
        NameObject("/FontBBox"): ArrayObject(NumberObject(v) for v in font.bbox),
        NameObject("/ItalicAngle"): NumberObject(0),
        NameObject("/Ascent"): NumberObject(font.ascent),
        NameObject("/Descent"): NumberObject(font.descent),
        NameObject("/CapHeight"): NumberObject(font.cap_height),
        NameObject("/StemV"): NumberObject(140 if bold else 80),
        NameObject("/FontFile2"): _stream(writer, program,
                                          {NameObject("/Length1"): NumberObject(len(program))}),
    })
    widths = ArrayObject()
    for gid in sorted(gids):
        widths += [NumberObject(gid), ArrayObject([NumberObject(font.advances[gid])])]
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
        NameObject("/ToUnicode"): _stream(writer, _to_unicode(font, known)),
    })
    return writer._add_object(type0)


def _to_unicode(font: Font, chars: Sequence[str]) -> bytes:
    """The ToUnicode CMap: glyph id -> character, for characters the font has."""
    lines = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
        "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange",
    ]
    pairs = sorted((font.gid(c), c) for c in chars)
    for start in range(0, len(pairs), 100):
        chunk = pairs[start:start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{gid:04X}> <{char.encode('utf-16-be').hex().upper()}>" for gid, char in chunk]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")


def _stream(writer: PdfWriter, data: bytes,
            entries: Mapping[NameObject, NumberObject] | None = None) -> IndirectObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    stream.update(entries or {})
    return writer._add_object(stream.flate_encode())
