"""Page 1 of a PDF as a PNG (pypdfium2): the preview the page for people shows."""

from __future__ import annotations

import threading
from io import BytesIO

import pypdfium2 as pdfium

MIN_WIDTH, MAX_WIDTH, DEFAULT_WIDTH = 200, 1600, 800
_LOCK = threading.Lock()  # PDFium is not thread-safe (a threaded server may call us twice)


def first_page_png(pdf: bytes, width: int = DEFAULT_WIDTH) -> bytes:
    """Render page 1 at ``width`` pixels (clamped to 200..1600) on white, as PNG bytes."""
    width = max(MIN_WIDTH, min(MAX_WIDTH, int(width)))
    with _LOCK:
        document = pdfium.PdfDocument(pdf)
        try:
            page = document[0]
            bitmap = page.render(scale=width / page.get_width(), fill_color=(255, 255, 255, 255))
            image = bitmap.to_pil().convert("RGB")
            page.close()
        finally:
            document.close()
    out = BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
