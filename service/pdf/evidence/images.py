"""JPEG and PNG images turned into one A4 page each (EXIF orientation applied).

Runs in the parsing child (service.pdf.evidence.isolate)."""

from __future__ import annotations

import hashlib
import re
import warnings as pywarnings
import zlib
from io import BytesIO

from PIL import Image, ImageFile, ImageOps

from service.config import EvidenceLimits
from service.pdf.evidence.geometry import A4_PORTRAIT, IMAGE_MARGIN_PT, fmt
from service.pdf.evidence.intake import Ok
from service.pdf.evidence.messages import ItemError

# EXIF orientation -> affine map from the stored image's unit square to the displayed one
# (a, b, c, d, e, f as in a PDF ``cm``), and whether width and height swap.
_ORIENTATION: dict[int, tuple[tuple[int, int, int, int, int, int], bool]] = {
    1: ((1, 0, 0, 1, 0, 0), False),
    2: ((-1, 0, 0, 1, 1, 0), False),
    3: ((-1, 0, 0, -1, 1, 1), False),
    4: ((1, 0, 0, -1, 0, 1), False),
    5: ((0, -1, -1, 0, 1, 1), True),
    6: ((0, -1, 1, 0, 0, 1), True),
    7: ((0, 1, 1, 0, 0, 0), True),
    8: ((0, 1, -1, 0, 1, 0), True),
}


def _image_page_pdf(width: int, height: int, colorspace: str, filter_name: str, data: bytes,
                    orientation: int) -> bytes:
    """A one-page A4 PDF showing the image, written directly (deterministic, fast)."""
    unit, swapped = _ORIENTATION.get(orientation, _ORIENTATION[1])
    shown_w, shown_h = (height, width) if swapped else (width, height)
    page_w, page_h = A4_PORTRAIT if shown_h >= shown_w else A4_PORTRAIT[::-1]
    scale = min((page_w - 2 * IMAGE_MARGIN_PT) / shown_w, (page_h - 2 * IMAGE_MARGIN_PT) / shown_h)
    box_w, box_h = shown_w * scale, shown_h * scale
    x, y = (page_w - box_w) / 2, (page_h - box_h) / 2
    a, b, c, d, e, f = unit
    matrix = (a * box_w, b * box_h, c * box_w, d * box_h, e * box_w + x, f * box_h + y)
    content = ("q " + " ".join(fmt(v) for v in matrix) + " cm /Im0 Do Q\n").encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {fmt(page_w)} {fmt(page_h)}] "
         "/Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>").encode(),
        (f"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} "
         f"/ColorSpace /{colorspace} /BitsPerComponent 8 /Filter /{filter_name} "
         f"/Length {len(data)} >>\nstream\n").encode() + data + b"\nendstream",
        f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"endstream",
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    ident = hashlib.md5(data, usedforsecurity=False).hexdigest()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /ID [<{ident}> <{ident}>] >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)


def image_to_pdf(data: bytes, kind: str, limits: EvidenceLimits) -> Ok:
    # Child process only: these globals do not leak into the worker. WeasyPrint sets
    # LOAD_TRUNCATED_IMAGES on import; a truncated image must fail here instead.
    Image.MAX_IMAGE_PIXELS = limits.max_image_pixels
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with pywarnings.catch_warnings():
            pywarnings.simplefilter("error", Image.DecompressionBombWarning)
            image: Image.Image = Image.open(BytesIO(data), formats=["JPEG" if kind == "jpeg" else "PNG"])
            width, height = image.size
            if width * height > limits.max_image_pixels:
                raise ItemError("evidence_image_bomb", pixels=width * height,
                                 limit=limits.max_image_pixels)
            if width == 0 or height == 0:
                raise ItemError("evidence_image_corrupt", detail="empty image")
            image.load()  # decodes everything: a truncated or corrupt file fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ItemError("evidence_image_bomb", pixels=_declared_pixels(str(exc)),
                         limit=limits.max_image_pixels) from exc
    except (OSError, SyntaxError, ValueError, zlib.error) as exc:
        raise ItemError("evidence_image_corrupt", detail=str(exc)[:120]) from exc

    orientation = image.getexif().get(0x0112, 1)
    if kind == "jpeg" and image.mode in ("RGB", "L") and orientation in _ORIENTATION:
        colorspace = "DeviceRGB" if image.mode == "RGB" else "DeviceGray"
        return Ok(_image_page_pdf(width, height, colorspace, "DCTDecode", data, orientation),
                   1, (), True)

    image = ImageOps.exif_transpose(image) or image
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.convert("I").point(lambda v: v * (1 / 257)).convert("L")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))  # PDF/A-1 has no transparency: flatten
        image = flat
    elif image.mode not in ("RGB", "L"):
        image = image.convert("L" if image.mode == "1" else "RGB")
    colorspace = "DeviceRGB" if image.mode == "RGB" else "DeviceGray"
    pixels = zlib.compress(image.tobytes(), 6)
    pdf = _image_page_pdf(image.width, image.height, colorspace, "FlateDecode", pixels, 1)
    return Ok(pdf, 1, (), True)


def _declared_pixels(message: str) -> int:
    match = re.search(r"\((\d+) pixels\)", message)
    return int(match.group(1)) if match else 0
