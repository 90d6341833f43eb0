"""EPC QR code (« SEPA QR », EPC069-12 v002) that banking apps scan to prefill a transfer."""

from __future__ import annotations

import io
from decimal import Decimal
from functools import lru_cache

import segno
from PIL import Image

# SEPA-zone IBAN prefixes (EEA + CH, GB, MC, SM, VA, AD): the EPC QR is for SEPA credit
# transfers only.
SEPA = frozenset((
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IS IT LI LT LU LV MT NL NO PL PT RO SE SI SK"
    " CH GB MC SM VA AD GI"
).split())
MAX_AMOUNT = Decimal("999999999.99")
QR_SCALE = 4  # pixels per module


def payload(*, name: str, iban: str, bic: str | None, amount: Decimal, text: str) -> str | None:
    """The EPC069-12 payload, or None when a transfer QR does not apply (non-SEPA, amount)."""
    if iban[:2] not in SEPA or not Decimal("0.01") <= amount <= MAX_AMOUNT:
        return None
    lines = [
        "BCD",  # service tag
        "002",  # version
        "1",  # character set: UTF-8
        "SCT",  # SEPA credit transfer
        bic or "",
        _clip(name, 70),
        iban,
        f"EUR{amount.quantize(Decimal('0.01'))}",
        "",  # purpose
        "",  # structured reference (none)
        _clip(text, 140),  # unstructured remittance information
    ]
    return "\n".join(lines)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    while len(text.encode("utf-8")) > limit * 2 or len(text) > limit:
        text = text[:-1]
    return text


@lru_cache(maxsize=256)
def png(data: str) -> bytes:
    """The QR code as an 8-bit greyscale PNG, four pixels per module.

    WeasyPrint draws a bitmap far faster than an SVG path. It converts a 1-bit or palette PNG
    to RGB before re-encoding it at every render; a greyscale one stays greyscale (a third of
    the bytes to encode). Four pixels per module keep the modules sharp even where a viewer or
    printer smooths scaled images despite ``image-rendering: crisp-edges`` (/Interpolate false).
    """
    code = segno.make(data, error="m", micro=False, encoding="utf-8", boost_error=False)
    rows = [bytes(0 if dark else 255 for dark in row) for row in code.matrix_iter(border=2)]
    image = Image.frombytes("L", (len(rows[0]), len(rows)), b"".join(rows))
    image = image.resize((image.width * QR_SCALE, image.height * QR_SCALE), Image.Resampling.NEAREST)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
