"""Page geometry: A4, number formatting for content streams, sane page boxes."""

from __future__ import annotations

import math
from typing import Any, cast

from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
)

from service.pdf.evidence.messages import ItemError

A4_PORTRAIT = (595.2756, 841.8898)  # points (210 x 297 mm)
IMAGE_MARGIN_PT = 28.3465  # 10 mm

_MAX_PAGE_SIDE_PT = 14_400  # PDF's own limit (200 inches)


def fmt(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _box(value: PdfObject | None) -> tuple[float, float, float, float] | None:
    value = value.get_object() if isinstance(value, IndirectObject) else value
    if not isinstance(value, ArrayObject) or len(value) != 4:
        return None
    try:
        x0, y0, x1, y1 = (float(v.get_object()) for v in value)
    except (TypeError, ValueError, AttributeError):
        return None
    finite = all(math.isfinite(v) for v in (x0, y0, x1, y1))
    width, height = abs(x1 - x0), abs(y1 - y0)
    if not finite or not (1 <= width <= _MAX_PAGE_SIDE_PT and 1 <= height <= _MAX_PAGE_SIDE_PT):
        return None
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def normalise_geometry(page: DictionaryObject) -> None:
    """Give every page a sane MediaBox (A4 when missing), a usable CropBox and Rotate."""
    media = _box(page.get("/MediaBox"))
    if media is None:
        if page.get("/MediaBox") is not None:
            raise ItemError("evidence_pdf_corrupt", detail="invalid page size (/MediaBox)")
        media = (0.0, 0.0, *A4_PORTRAIT)
    page[NameObject("/MediaBox")] = ArrayObject(FloatObject(fmt(v)) for v in media)
    crop = _box(page.get("/CropBox"))
    if crop is not None:
        crop = (max(crop[0], media[0]), max(crop[1], media[1]),
                min(crop[2], media[2]), min(crop[3], media[3]))
    if crop is None or crop[2] - crop[0] < 1 or crop[3] - crop[1] < 1:
        if "/CropBox" in page:
            del page["/CropBox"]
    else:
        page[NameObject("/CropBox")] = ArrayObject(FloatObject(fmt(v)) for v in crop)
    rotate = page.get("/Rotate")
    rotate = rotate.get_object() if isinstance(rotate, IndirectObject) else rotate
    if rotate is not None:
        try:
            page[NameObject("/Rotate")] = NumberObject(int(cast(Any, rotate)) % 360 // 90 * 90)
        except (TypeError, ValueError):
            del page["/Rotate"]
