"""The visible seal: its font (embedded, PDF/A), its French text and its box style."""

from __future__ import annotations

import logging
from datetime import date, datetime
from fractions import Fraction
from io import BytesIO
from pathlib import Path

from babel.dates import format_date, format_datetime
from fontTools import subset as ft_subset
from fontTools.ttLib import TTFont
from fontTools.ttLib.scaleUpem import scale_upem
from pyhanko.pdf_utils import layout
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


def french_date(day: date) -> str:
    """« 20\u00a0novembre\u00a02026 », « 1er\u00a0décembre\u00a02026 »: never split."""
    first = "'1er'" if day.day == 1 else "d"
    return format_date(day, f"{first}\u00a0MMMM\u00a0y", locale="fr")


def stamp_text(signer_name: str, moment: datetime, *, test_certificate: bool,
               document_date: date | None = None) -> str:
    """What the seal says: who sealed, when, what it proves and what it does not.

    The date shown is the sealing moment (the one the signature carries). When the letter
    bears another date (``document_date``, the case's ``as_of``), the box names both, so it
    never seems to contradict the letter: « Document daté du 20 novembre 2026, scellé le … ».
    """
    paragraphs = []
    if test_certificate:
        paragraphs.append("CERTIFICAT DE TEST — sans valeur probante")
    when = french_datetime(moment)
    if document_date is not None and document_date != moment.astimezone(PARIS).date():
        sealed = f"document daté du {french_date(document_date)}, scellé le {when}."
    else:
        sealed = f"document scellé le {when}."
    paragraphs += [
        f"Cachet électronique de scellement de {signer_name}, émetteur du {sealed}",
        "Atteste que le document n’a pas été modifié depuis son scellement.",
        # the letter may be signed by the creditor, the étude or the lawyer: the seal replaces
        # none of their hands (visual review, seal box)
        "Ne vaut pas signature manuscrite du signataire.",
    ]
    return "\n".join(paragraphs)


class StampMetrics:
    """Advance widths of the prepared stamp font (1000 units per em), to wrap the seal's text
    to the box's width before pyHanko draws it."""

    def __init__(self, font_bytes: bytes) -> None:
        font = TTFont(BytesIO(font_bytes))
        cmap = font.getBestCmap()
        hmtx = font["hmtx"]
        self._advance = {chr(code): hmtx[name][0] for code, name in cmap.items()}
        self._default = hmtx[".notdef"][0] if ".notdef" in hmtx.metrics else 500

    def width(self, text: str, size: float) -> float:
        """Width of ``text`` in points at ``size`` points (no kerning: a little wide)."""
        return sum(self._advance.get(c, self._default) for c in text) * size / 1000


# the seal's text: 7 pt at least (visual review T9, L4), up to 8.5 pt when it fits
STAMP_SIZES = (8.5, 8.0, 7.5, 7.0)
STAMP_LEADING = 1.2
STAMP_PADDING_PT = 2.5  # inside the border, each side
_SAFETY = 1.0  # the plain advance widths (no kerning) already err on the wide side


def wrap_stamp(text: str, width_pt: float, height_pt: float,
               metrics: StampMetrics) -> tuple[float, list[str]]:
    """The largest size of :data:`STAMP_SIZES` whose lines fill the box's width and whose
    block fits its height; each paragraph wrapped greedily, then its last line given a second
    word if it had only one (no orphan word). Spaces are split, no-break spaces are not (a
    date stays whole). At the smallest size the text is returned as wrapped even if tall:
    pyHanko then shrinks it."""
    usable_w = (width_pt - 2 * STAMP_PADDING_PT) * _SAFETY
    usable_h = height_pt - 2 * STAMP_PADDING_PT
    lines: list[str] = []
    for size in STAMP_SIZES:
        lines = []
        for paragraph in text.split("\n"):
            lines += _wrap(paragraph, usable_w, size, metrics)
        if len(lines) * size * STAMP_LEADING <= usable_h:
            return size, lines
    return STAMP_SIZES[-1], lines


def _wrap(paragraph: str, width: float, size: float, metrics: StampMetrics) -> list[str]:
    words = paragraph.split(" ")
    lines: list[list[str]] = [[]]
    for word in words:
        candidate = " ".join([*lines[-1], word])
        if lines[-1] and metrics.width(candidate, size) > width:
            lines.append([word])
        else:
            lines[-1].append(word)
    if len(lines) > 1 and len(lines[-1]) == 1 and len(lines[-2]) > 2:
        moved = [lines[-2][-1], *lines[-1]]
        if metrics.width(" ".join(moved), size) <= width:
            lines[-2] = lines[-2][:-1]
            lines[-1] = moved
    return [" ".join(line) for line in lines]


def stamp_style(text: str, width_pt: float, height_pt: float,
                font: GlyphAccumulatorFactory, metrics: StampMetrics) -> TextStampStyle:
    """The seal's text, wrapped across the whole box at 7 pt or more, left-aligned, drawn by
    pyHanko without scaling when it fits (it shrinks the block only if it does not)."""
    size, lines = wrap_stamp(text, width_pt, height_pt, metrics)
    return TextStampStyle(
        stamp_text="\n".join(lines).replace("%", "%%"),
        text_box_style=TextBoxStyle(
            font=font, font_size=size,  # type: ignore[arg-type]
            leading=Fraction(str(round(size * STAMP_LEADING, 2))),  # type: ignore[arg-type]
            box_layout_rule=layout.SimpleBoxLayoutRule(
                x_align=layout.AxisAlignment.ALIGN_MIN, y_align=layout.AxisAlignment.ALIGN_MID,
                margins=layout.Margins.uniform(0)),
        ),
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MIN, y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins.uniform(STAMP_PADDING_PT)),
        border_width=1,
    )
