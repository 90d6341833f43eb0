"""The visible seal: its font (embedded, PDF/A), its French text and its box style."""

from __future__ import annotations

import logging
import math
import textwrap
from datetime import datetime
from io import BytesIO
from pathlib import Path

from babel.dates import format_datetime
from fontTools import subset as ft_subset
from fontTools.ttLib import TTFont
from fontTools.ttLib.scaleUpem import scale_upem
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.stamp import TextStampStyle

from service.clock import PARIS

STAMP_FONT_SIZE = 10
# Characters the stamp font keeps: Latin-1, Latin Extended-A (names), typographic
# punctuation (dashes, quotes, ellipsis, narrow no-break space) and the euro sign.
_STAMP_UNICODES = [
    *range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x2010, 0x2028),
    0x202F, 0x2039, 0x203A, 0x20AC,
]  # fmt: skip


def prepare_stamp_font(path: Path) -> bytes:
    """The stamp font, ready for pyHanko: subset, unhinted, scaled to 1000 units per em.

    pyHanko 0.38 writes the CIDFont /W widths and TJ adjustments in the font's own units,
    while PDF reads them as thousandths of an em: with a 2048-unit TrueType font such as
    Liberation Sans every glyph would advance twice too far. Scaling the font to 1000 units
    per em makes both agree. Subsetting once here also makes the per-signature parse cheap.
    """
    font = TTFont(str(path))
    options = ft_subset.Options()
    options.hinting = False
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.drop_tables = [*options.drop_tables, "FFTM"]
    subsetter = ft_subset.Subsetter(options=options)
    subsetter.populate(unicodes=_STAMP_UNICODES)
    subset_log = logging.getLogger("fontTools.subset")
    previous_level = subset_log.level
    subset_log.setLevel(logging.WARNING)  # its INFO chatter lists every glyph
    try:
        subsetter.subset(font)
    finally:
        subset_log.setLevel(previous_level)
    if font["head"].unitsPerEm != 1000:
        scale_upem(font, 1000)
    buffer = BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def french_datetime(moment: datetime) -> str:
    """« 20\u00a0novembre\u00a02026 à 14\u00a0h\u00a005 (heure de Paris) », « 1er » for the first."""
    day = "'1er'" if moment.astimezone(PARIS).day == 1 else "d"
    pattern = f"{day}\u00a0MMMM\u00a0y 'à' H\u00a0'h'\u00a0mm"
    return f"{format_datetime(moment, pattern, tzinfo=PARIS, locale='fr')} (heure de Paris)"


def stamp_text(signer_name: str, moment: datetime, *, test_certificate: bool) -> str:
    """What the seal says: who sealed, when, what it proves and what it does not."""
    paragraphs = []
    if test_certificate:
        paragraphs.append("CERTIFICAT DE TEST — sans valeur probante")
    paragraphs += [
        "Cachet électronique de scellement",
        f"Apposé par {signer_name}, émetteur du document, le {french_datetime(moment)}.",
        "Atteste que le document n’a pas été modifié depuis son émission.",
        # the letter may be signed by the creditor, the étude or the lawyer: the seal replaces
        # none of their hands (visual review, seal box)
        "Ne vaut pas signature manuscrite du signataire.",
    ]
    return "\n".join(paragraphs)


def stamp_style(text: str, width_pt: float, height_pt: float,
                font: GlyphAccumulatorFactory) -> TextStampStyle:
    """The text wrapped so that its block has roughly the box's proportions; pyHanko then
    shrinks it to fit. Liberation Sans averages ~0.42 em per character, leading 1.2 em."""
    ratio = width_pt / height_pt
    width = max(24, round(math.sqrt(len(text) * 1.2 * ratio / 0.42)))
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines += textwrap.wrap(paragraph, width=width, break_on_hyphens=False) or [""]
    return TextStampStyle(
        stamp_text="\n".join(lines).replace("%", "%%"),
        text_box_style=TextBoxStyle(
            font=font, font_size=STAMP_FONT_SIZE, leading=round(STAMP_FONT_SIZE * 1.2)
        ),
        border_width=1,
    )
