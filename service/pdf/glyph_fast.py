"""WeasyPrint's ``draw_first_line`` with its per-glyph loop read from Pango's array in one go.

``weasyprint/draw/text.py``'s ``draw_first_line`` writes a line of text to the PDF as a ``TJ``
string, glyph by glyph: for each glyph it reads ``glyph_info.glyph`` and three fields of
``glyph_info.geometry`` through cffi (each access a new cdata object), then looks the glyph up
in the font's ``widths`` and ``to_unicode`` dictionaries. About 160 lines and 5 000 glyphs a
letter: 4–5 % of its CPU. The version here makes the same calls on the stream in the same
order with the same values:

- the runs and their fonts are walked first (``stream.add_font`` called for the same runs in
  the same order, as WeasyPrint calls it when the font changes); a line in a font with SVG,
  PNG or COLR glyphs (emoji), or under a Pango older than 1.48.2, is drawn by WeasyPrint's
  own loop (:func:`_weasyprint_glyphs`, a copy of it);
- otherwise each run's ``PangoGlyphInfo`` array (glyph, width, x offset, y offset, attributes:
  five 32-bit fields) is unpacked with :mod:`struct` into integers, the values cffi gives;
- every number is written with WeasyPrint's expression, in its order of operations (same
  floating-point values, same text in the stream); ``x_advance``, used only for emoji, is not
  summed on the lines without them.

Nothing is kept between lines but the font's own dictionaries, as in WeasyPrint.
:func:`install` replaces the function in ``weasyprint.draw.text`` (called by ``draw_text``);
SVG text (``weasyprint.svg.text``) imports it inside its function, so it gets this one too.
tests/pdf/test_glyph_fast.py compares a letter's PDF with and without, and fails if
WeasyPrint's function changes.
"""

from __future__ import annotations

import hashlib
import inspect
import struct
from typing import Any

from weasyprint.draw import text as draw_text_module
from weasyprint.logger import LOGGER
from weasyprint.text.ffi import FROM_UNITS, TO_UNITS, ffi, pango
from weasyprint.text.line_break import get_last_word_end

# sha256 of the WeasyPrint function replaced here; a release that changes it fails the test
# (then compare the new ``draw_first_line`` with the one below before updating the digest)
WEASYPRINT_DRAW_FIRST_LINE_SHA256 = (
    "1bb8eae6d88e71b17096a034656f3be17da8f1f513c78536c1c38d971927638b")

_original = draw_text_module.draw_first_line
_GLYPH_INFO = struct.Struct("=Iiii4x")  # PangoGlyphInfo: glyph, geometry (3 x gint32), attr
_EMPTY = pango.PANGO_GLYPH_EMPTY
_UNKNOWN = pango.PANGO_GLYPH_UNKNOWN_FLAG
_PIECES = "_recouvre_glyph_pieces"
# Pango before 1.48.2 needs WeasyPrint's font-size workaround: its own loop then (tests set it)
_OLD_PANGO = pango.pango_version() < 14802


def weasyprint_draw_first_line_digest() -> str:
    return hashlib.sha256(inspect.getsource(_original).encode()).hexdigest()


def draw_first_line(stream: Any, textbox: Any, text_overflow: Any, block_ellipsis: Any,
                    matrix: Any) -> list[Any]:
    """Draw the given ``textbox`` line to the document ``stream`` (WeasyPrint 70's, with the
    glyph loop of :func:`_glyphs`)."""
    # Don’t draw lines with only invisible characters.
    if not textbox.text.strip():
        return []

    if textbox.style['font_size'] < 1e-6:  # default float precision used by pydyf
        return []

    pango.pango_layout_set_single_paragraph_mode(textbox.pango_layout.layout, True)

    if text_overflow == 'ellipsis' or block_ellipsis != 'none':
        assert textbox.pango_layout.max_width is not None
        max_width = textbox.pango_layout.max_width
        pango.pango_layout_set_width(
            textbox.pango_layout.layout, int(max_width * TO_UNITS))
        if text_overflow == 'ellipsis':
            pango.pango_layout_set_ellipsize(
                textbox.pango_layout.layout, pango.PANGO_ELLIPSIZE_END)
        else:
            if block_ellipsis == 'auto':
                ellipsis = '…'
            else:
                assert block_ellipsis[0] == 'string'
                ellipsis = block_ellipsis[1]

            # Remove last word if hyphenated.
            new_text = textbox.pango_layout.text
            if new_text.endswith(textbox.style['hyphenate_character']):
                last_word_end = get_last_word_end(
                    new_text[:-len(textbox.style['hyphenate_character'])],
                    textbox.style['lang'])
                if last_word_end:
                    new_text = new_text[:last_word_end]

            textbox.pango_layout.set_text(new_text + ellipsis)

    first_line, index = textbox.pango_layout.get_first_line()

    if block_ellipsis != 'none':
        while index:
            last_word_end = get_last_word_end(
                textbox.pango_layout.text[:-len(ellipsis)],
                textbox.style['lang'])
            if last_word_end is None:
                break
            new_text = textbox.pango_layout.text[:last_word_end]
            textbox.pango_layout.set_text(new_text + ellipsis)
            first_line, index = textbox.pango_layout.get_first_line()

    stream.set_text_matrix(*matrix.values)

    # The runs and their fonts, with add_font called as WeasyPrint's loop calls it.
    runs: list[tuple[Any, Any, Any, float]] = []
    previous_pango_font = None
    font: Any = None
    font_size: float = 0
    special = _OLD_PANGO
    run = first_line.runs[0]
    while run != ffi.NULL:
        glyph_item = run.data
        run = run.next
        pango_font = glyph_item.item.analysis.font
        if pango_font != previous_pango_font:
            previous_pango_font = pango_font
            font, font_size = stream.add_font(pango_font)
            runs.append((glyph_item, pango_font, font, font_size))
            if font.svg or font.png or font.colr:
                special = True
        else:
            runs.append((glyph_item, pango_font, None, font_size))
    if special:
        return _weasyprint_glyphs(stream, textbox, runs)
    _glyphs(stream, textbox, runs)
    return []


def _glyphs(stream: Any, textbox: Any, runs: list[tuple[Any, Any, Any, float]]) -> None:
    """The glyph loop for fonts without SVG, PNG or COLR glyphs (no emoji, no x_advance)."""
    string = ''
    utf8_text = None
    font: Any = None
    widths: dict[int, int] = {}
    to_unicode: dict[int, str] = {}
    hex_format = '04x'
    font_size: float = 0
    pieces: dict[tuple[int, int, int, int], str] = {}
    unpack = _GLYPH_INFO.iter_unpack
    for glyph_item, pango_font, new_font, run_font_size in runs:
        glyph_string = glyph_item.glyphs
        num_glyphs = glyph_string.num_glyphs
        if new_font is not None:
            font = new_font
            font_size = run_font_size
            if string:
                stream.show_text(string)
            string = ''
            stream.set_font_size(font.hash, 1 if font.bitmap else font_size)
            widths = font.widths
            to_unicode = font.to_unicode
            hex_format = '02x' if font.bitmap else '04x'
            pieces = _pieces(font, font_size)
        string += '<'
        infos = unpack(ffi.buffer(glyph_string.glyphs, _GLYPH_INFO.size * num_glyphs))
        for i, info in enumerate(infos):
            piece = pieces.get(info)
            if piece is not None:  # this glyph, advance and offsets drawn before: same text
                string += piece
                continue
            glyph_id, width, x_offset, y_offset = info

            # Display zero-width empty glyph.
            if glyph_id == _EMPTY:
                string += f'>{-width / font_size}<'
                continue

            # Display .notdef and log warning for missing glyphs.
            known = True
            if glyph_id & _UNKNOWN:
                known = False
                codepoint = glyph_id - _UNKNOWN
                LOGGER.warning(
                    '.notdef glyph rendered for Unicode string unsupported by fonts: '
                    '"%s" (U+%04X)', chr(codepoint), codepoint)
                glyph_id = font.get_unused_glyph_id(codepoint)
                widths[glyph_id] = round(width * 1000 * FROM_UNITS / font_size)
                if 0 not in widths:
                    widths[0] = widths[glyph_id]

            # Create mapping between glyphs and Unicode codepoints.
            if glyph_id not in to_unicode:
                clusters = glyph_string.log_clusters
                offset = glyph_item.item.offset
                t1 = clusters[i]
                if glyph_item.item.analysis.level % 2:  # rtl
                    t2 = glyph_item.item.length if i == 0 else clusters[i-1]
                else:
                    t2 = glyph_item.item.length if i == num_glyphs-1 else clusters[i+1]
                utf8_text = utf8_text or textbox.pango_layout.text.encode()
                to_unicode[glyph_id] = utf8_text[offset+t1:offset+t2].decode()

            # Set horizontal and vertical offsets.
            offset = x_offset / font_size
            if y_offset:
                known = False
                rise = y_offset / 1000
                if string[-1] == '<':
                    string = string[:-1]
                else:
                    string += '>'
                if string:
                    stream.show_text(string)
                stream.set_text_rise(-rise)
                string = ''
                if offset:
                    string = f'{-offset}'
                string += f'<{glyph_id:{hex_format}}>'
                stream.show_text(string)
                stream.set_text_rise(0)
                string = '<'
                piece = ''
            else:
                piece = f'>{-offset}<' if offset else ''
                piece += f'{glyph_id:{hex_format}}'

            # Get glyph logical widths.
            logical_width = widths.get(glyph_id)
            if logical_width is None:
                pango.pango_font_get_glyph_extents(
                    pango_font, glyph_id, stream.ink_rect, stream.logical_rect)
                logical_width = widths[glyph_id] = round(
                    stream.logical_rect.width * 1000 * FROM_UNITS / font_size)

            # Set kerning, word spacing, letter spacing.
            kerning = logical_width + offset - width * 1000 * FROM_UNITS / font_size
            if kerning:
                piece += f'>{int(kerning)}<'
            string += piece
            if known:
                pieces[info] = piece

        # Close the last glyphs list, remove if empty.
        if string[-1] == '<':
            string = string[:-1]
        else:
            string += '>'

    # Draw text.
    stream.show_text(string)


def _pieces(font: Any, font_size: float) -> dict[tuple[int, int, int, int], str]:
    """The text already written for (glyph, width, x offset, y offset) in this font at this
    size, kept on WeasyPrint's ``Font`` (one per document, like its ``widths``): the same
    four integers give the same text, since the glyph's width and Unicode mapping never change
    once set."""
    tables: dict[float, dict[tuple[int, int, int, int], str]] | None = getattr(
        font, _PIECES, None)
    if tables is None:
        tables = {}
        setattr(font, _PIECES, tables)
    table = tables.get(font_size)
    if table is None:
        table = tables[font_size] = {}
    return table


def _weasyprint_glyphs(stream: Any, textbox: Any,
                       runs: list[tuple[Any, Any, Any, float]]) -> list[Any]:
    """WeasyPrint 70's glyph loop, unchanged but for the runs walked beforehand (emoji fonts,
    old Pango)."""
    from io import BytesIO
    from xml.etree import ElementTree

    from PIL import Image
    from weasyprint.images import RasterImage, SVGImage
    from weasyprint.text.fonts import get_hb_object_data

    string = ''
    x_advance = 0
    emojis = []
    font: Any = None
    font_size: Any = 0
    for glyph_item, pango_font, new_font, run_font_size in runs:
        # Get Pango objects.
        glyph_string = glyph_item.glyphs
        glyphs_info = glyph_string.glyphs
        num_glyphs = glyph_string.num_glyphs
        clusters = glyph_string.log_clusters
        utf8_text = None

        if new_font is not None:
            font, font_size = new_font, run_font_size

            # Workaround for https://gitlab.gnome.org/GNOME/pango/-/issues/530.
            # This is also needed by raster emoji fonts, see #2800.
            if pango.pango_version() < 14802 or font.png:
                font_size = textbox.style['font_size']

            # Go through the run glyphs.
            if string:
                stream.show_text(string)
            string = ''
            stream.set_font_size(font.hash, 1 if font.bitmap else font_size)
        string += '<'
        for i, glyph_info in enumerate(glyphs_info[0:num_glyphs]):
            glyph_id = glyph_info.glyph
            width = glyph_info.geometry.width

            # Display zero-width empty glyph.
            if glyph_id == pango.PANGO_GLYPH_EMPTY:
                string += f'>{-width / font_size}<'
                continue

            # Display .notdef and log warning for missing glyphs.
            if glyph_id & pango.PANGO_GLYPH_UNKNOWN_FLAG:
                codepoint = glyph_id - pango.PANGO_GLYPH_UNKNOWN_FLAG
                LOGGER.warning(
                    '.notdef glyph rendered for Unicode string unsupported by fonts: '
                    '"%s" (U+%04X)', chr(codepoint), codepoint)
                glyph_id = font.get_unused_glyph_id(codepoint)
                font.widths[glyph_id] = round(width * 1000 * FROM_UNITS / font_size)
                if 0 not in font.widths:
                    font.widths[0] = font.widths[glyph_id]

            # Create mapping between glyphs and Unicode codepoints.
            if glyph_id not in font.to_unicode:
                # Get positions of the glyph in the UTF-8 string.
                offset = glyph_item.item.offset
                t1 = clusters[i]
                if glyph_item.item.analysis.level % 2:  # rtl
                    t2 = glyph_item.item.length if i == 0 else clusters[i-1]
                else:
                    t2 = glyph_item.item.length if i == num_glyphs-1 else clusters[i+1]
                utf8_text = utf8_text or textbox.pango_layout.text.encode()
                font.to_unicode[glyph_id] = utf8_text[offset+t1:offset+t2].decode()

            # Set horizontal and vertical offsets.
            offset = glyph_info.geometry.x_offset / font_size
            rise = glyph_info.geometry.y_offset / 1000
            if rise:
                if string[-1] == '<':
                    string = string[:-1]
                else:
                    string += '>'
                if string:
                    stream.show_text(string)
                stream.set_text_rise(-rise)
                string = ''
                if offset:
                    string = f'{-offset}'
                string += f'<{glyph_id:02x}>' if font.bitmap else f'<{glyph_id:04x}>'
                stream.show_text(string)
                stream.set_text_rise(0)
                string = '<'
            else:
                if offset:
                    string += f'>{-offset}<'
                string += f'{glyph_id:02x}' if font.bitmap else f'{glyph_id:04x}'

            # Get glyph logical widths.
            if glyph_id in font.widths:
                logical_width = font.widths[glyph_id]
            else:
                pango.pango_font_get_glyph_extents(
                    pango_font, glyph_id, stream.ink_rect, stream.logical_rect)
                logical_width = font.widths[glyph_id] = round(
                    stream.logical_rect.width * 1000 * FROM_UNITS / font_size)

            # Set kerning, word spacing, letter spacing.
            kerning = logical_width + offset - width * 1000 * FROM_UNITS / font_size
            if kerning:
                string += f'>{int(kerning)}<'

            # Create list of emojis.
            if font.svg:
                svg_data = get_hb_object_data(font.hb_face, 'svg', glyph_id)
                if svg_data:
                    # Do as explained in specification
                    # https://learn.microsoft.com/typography/opentype/spec/svg
                    tree = ElementTree.fromstring(svg_data)
                    if tree.get('id') != f'glyph{glyph_id}':
                        defs = ElementTree.Element('defs')
                        for child in list(tree):
                            defs.append(child)
                            tree.remove(child)
                        tree.append(defs)
                        ElementTree.SubElement(
                            tree, 'use', attrib={'href': f'#glyph{glyph_id}'})
                    if 'viewBox' not in tree.attrib:
                        tree.attrib['viewBox'] = f'0 0 {font.upem} {font.upem}'
                    image = SVGImage(tree, None, None, None)
                    a = d = 1
                    emojis.append([image, font, a, d, x_advance, 0])
            elif font.png:
                png_data = get_hb_object_data(font.hb_font, 'png', glyph_id)
                if png_data:
                    pillow_image = Image.open(BytesIO(png_data))
                    image_id = f'{font.hash}{glyph_id}'
                    raster = RasterImage(pillow_image, image_id, png_data)
                    d = logical_width / 1000
                    a = pillow_image.width / pillow_image.height * d
                    pango.pango_font_get_glyph_extents(
                        pango_font, glyph_id, stream.ink_rect,
                        stream.logical_rect)
                    f = -stream.logical_rect.y
                    f = f * FROM_UNITS / font_size - font_size
                    emojis.append([raster, font, a, d, x_advance, f])
            elif font.colr:
                svg_data = get_hb_object_data(font.hb_font, 'colr', glyph_id)
                if svg_data:
                    tree = ElementTree.fromstring(svg_data)
                    image = SVGImage(tree, None, None, None)
                    a = d = 1
                    e = x_advance - kerning
                    emojis.append([image, font, a, d, e, -textbox.baseline])

            x_advance += (logical_width + offset - kerning) / 1000

        # Close the last glyphs list, remove if empty.
        if string[-1] == '<':
            string = string[:-1]
        else:
            string += '>'

    # Draw text.
    stream.show_text(string)

    return emojis


def install() -> None:
    """Idempotent; called once per process by the renderer."""
    draw_text_module.draw_first_line = draw_first_line


def uninstall() -> None:
    """WeasyPrint's own function again (for the tests that compare both)."""
    draw_text_module.draw_first_line = _original


def installed() -> bool:
    return draw_text_module.draw_first_line is draw_first_line
