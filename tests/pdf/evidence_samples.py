"""Sample evidence files built in code (no binaries in the repository).

Plain PDFs are written by hand with the standard Helvetica font (fast and exact: the text
drawn is known); hostile variants are derived with pypdf; images come from Pillow; the
PDF/A front document (a bordereau stand-in) from WeasyPrint.
"""

from __future__ import annotations

import base64
import functools
import struct
import zlib
from io import BytesIO

from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from service.model import Evidence
from service.paths import LIBERATION_SANS

A4 = (595.28, 841.89)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def item(data: bytes, media_type: str, title: str = "Pièce") -> Evidence:
    return Evidence(title=title, media_type=media_type, content_base64=b64(data))


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF from object bodies numbered 1..n (object 1 is the catalog)."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
            ).encode()
    return bytes(out)


def text_pdf(texts: list[str], size: tuple[float, float] = A4, rotate: int = 0) -> bytes:
    """One page per text (Helvetica 12 pt, WinAnsi), drawn near the top and the bottom edge.

    The second line sits 10 pt above the bottom edge, exactly where the stamp band would go,
    to prove that the stamp never covers content.
    """
    count = len(texts)
    font_obj = 3 + 2 * count
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        (f"<< /Type /Pages /Kids [{' '.join(f'{3 + 2 * i} 0 R' for i in range(count))}] "
         f"/Count {count} >>").encode(),
    ]
    for i, text in enumerate(texts):
        content = (b"BT /F1 12 Tf 1 0 0 1 50 " + f"{size[1] - 60:.2f}".encode() + b" Tm ("
                   + _escape(text) + b") Tj ET\nBT /F1 9 Tf 1 0 0 1 50 10 Tm (pied "
                   + str(i + 1).encode() + b") Tj ET\n")
        rot = f" /Rotate {rotate}" if rotate else ""
        objects.append((f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {size[0]} {size[1]}]{rot} "
                        f"/Resources << /Font << /F1 {font_obj} 0 R >> >> "
                        f"/Contents {4 + 2 * i} 0 R >>").encode())
        objects.append(f"<< /Length {len(content)} >>\nstream\n".encode() + content
                       + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                   b"/Encoding /WinAnsiEncoding >>")
    return raw_pdf(objects)


def piece_texts(label: str, pages: int) -> list[str]:
    return [f"{label} — contenu de la page {i + 1} : facture n° {100 + i}, « été » 1 250,00 €"
            for i in range(pages)]


def jpeg(width: int, height: int, orientation: int | None = None, quality: int = 85) -> bytes:
    """Four coloured quadrants (red TL, green TR, blue BL, yellow BR) to check orientation."""
    image = _quadrants(width, height)
    out = BytesIO()
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    image.save(out, "JPEG", quality=quality, exif=exif.tobytes())
    return out.getvalue()


def png(width: int, height: int, mode: str = "RGB") -> bytes:
    image = _quadrants(width, height)
    if mode == "RGBA":
        image = image.convert("RGBA")
        image.putalpha(200)
    out = BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _quadrants(width: int, height: int) -> Image.Image:
    image = Image.new("RGB", (width, height), (255, 255, 0))
    half_w, half_h = width // 2, height // 2
    image.paste((255, 0, 0), (0, 0, half_w, half_h))
    image.paste((0, 255, 0), (half_w, 0, width, half_h))
    image.paste((0, 0, 255), (0, half_h, half_w, height))
    return image


def noise_png(width: int, height: int) -> bytes:
    """A PNG that is slow to process (incompressible pixels)."""
    import os

    image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    out = BytesIO()
    image.save(out, "PNG", compress_level=0)
    return out.getvalue()


def bomb_png(width: int = 100_000, height: int = 100_000) -> bytes:
    """A tiny PNG declaring huge dimensions (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND",
                                                                                      b"")


def truncated_pdf() -> bytes:
    data = text_pdf(piece_texts("Tronqué", 3))
    return data[: int(len(data) * 0.6)]


def garbage() -> bytes:
    return bytes(range(7, 250)) * 40


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(BytesIO(text_pdf(["Secret"]))))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _writer_bytes(writer: PdfWriter) -> bytes:
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def javascript_pdf() -> bytes:
    """/OpenAction JavaScript, a document-level script and a page /AA script."""
    writer = PdfWriter(clone_from=PdfReader(BytesIO(text_pdf(["Avec script"]))))
    script = DictionaryObject({
        NameObject("/S"): NameObject("/JavaScript"),
        NameObject("/JS"): TextStringObject("app.alert('document script');"),
    })
    writer.root_object[NameObject("/Names")] = DictionaryObject({
        NameObject("/JavaScript"): DictionaryObject({
            NameObject("/Names"): ArrayObject([TextStringObject("doc"),
                                               writer._add_object(script)]),
        })
    })
    writer.root_object[NameObject("/OpenAction")] = DictionaryObject({
        NameObject("/S"): NameObject("/JavaScript"),
        NameObject("/JS"): TextStringObject("app.alert('open');"),
    })
    writer.pages[0][NameObject("/AA")] = DictionaryObject({
        NameObject("/O"): DictionaryObject({
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('page');"),
        })
    })
    return _writer_bytes(writer)


def launch_pdf() -> bytes:
    """A link annotation whose action launches a program."""
    writer = PdfWriter(clone_from=PdfReader(BytesIO(text_pdf(["Avec lancement"]))))
    annot = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"),
        NameObject("/Subtype"): NameObject("/Link"),
        NameObject("/Rect"): ArrayObject([FloatObject(50), FloatObject(700), FloatObject(300),
                                          FloatObject(800)]),
        NameObject("/A"): DictionaryObject({
            NameObject("/S"): NameObject("/Launch"),
            NameObject("/F"): TextStringObject("calc.exe"),
        }),
    })
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annot)])
    return _writer_bytes(writer)


def shared_launch_pdf() -> bytes:
    """Two link annotations whose /A is one shared (indirect) launch action."""
    writer = PdfWriter(clone_from=PdfReader(BytesIO(text_pdf(["Avec deux liens"]))))
    action = writer._add_object(DictionaryObject({
        NameObject("/S"): NameObject("/Launch"),
        NameObject("/F"): TextStringObject("calc.exe"),
    }))
    annots = []
    for top in (700, 600):
        annots.append(writer._add_object(DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([FloatObject(50), FloatObject(top - 50),
                                              FloatObject(300), FloatObject(top)]),
            NameObject("/A"): action,
        })))
    writer.pages[0][NameObject("/Annots")] = ArrayObject(annots)
    return _writer_bytes(writer)


def form_script_pdf() -> bytes:
    """A form field whose calculate script hides behind its widget's /Parent."""
    writer = PdfWriter(clone_from=PdfReader(BytesIO(text_pdf(["Avec formulaire"]))))
    field = DictionaryObject({
        NameObject("/FT"): NameObject("/Tx"),
        NameObject("/T"): TextStringObject("total"),
        NameObject("/AA"): DictionaryObject({
            NameObject("/C"): DictionaryObject({
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("event.value = app.launchURL('x');"),
            })
        }),
    })
    field_ref = writer._add_object(field)
    widget = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"),
        NameObject("/Subtype"): NameObject("/Widget"),
        NameObject("/Rect"): ArrayObject([NumberObject(50), NumberObject(500), NumberObject(200),
                                          NumberObject(520)]),
        NameObject("/Parent"): field_ref,
    })
    widget_ref = writer._add_object(widget)
    field[NameObject("/Kids")] = ArrayObject([widget_ref])
    writer.pages[0][NameObject("/Annots")] = ArrayObject([widget_ref])
    writer.root_object[NameObject("/AcroForm")] = DictionaryObject({
        NameObject("/Fields"): ArrayObject([field_ref])})
    return _writer_bytes(writer)


def embedded_file_pdf() -> bytes:
    """A document-level attachment and a file-attachment annotation."""
    writer = PdfWriter(clone_from=PdfReader(BytesIO(text_pdf(["Avec pièce jointe"]))))
    writer.add_attachment("payload.exe", b"MZ\x90\x00 not really")
    embedded = DecodedStreamObject()
    embedded.set_data(b"hidden")
    embedded[NameObject("/Type")] = NameObject("/EmbeddedFile")
    annot = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"),
        NameObject("/Subtype"): NameObject("/FileAttachment"),
        NameObject("/Rect"): ArrayObject([NumberObject(10), NumberObject(10), NumberObject(30),
                                          NumberObject(30)]),
        NameObject("/FS"): DictionaryObject({
            NameObject("/Type"): NameObject("/Filespec"),
            NameObject("/F"): TextStringObject("hidden.txt"),
            NameObject("/EF"): DictionaryObject({NameObject("/F"): writer._add_object(embedded)}),
        }),
    })
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annot)])
    return _writer_bytes(writer)


def flate_bomb_pdf(decoded_bytes: int) -> bytes:
    """A one-page PDF whose content stream inflates to ``decoded_bytes`` (spaces)."""
    packed = zlib.compress(b" " * decoded_bytes, 9)
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        f"<< /Length {len(packed)} /Filter /FlateDecode >>\nstream\n".encode() + packed
        + b"\nendstream",
    ])


@functools.lru_cache(maxsize=4)
def front_pdf(title: str = "Bordereau de communication de pièces", pages: int = 1,
              pdfa: bool = True) -> bytes:
    """A WeasyPrint document standing in for the lead's bordereau render."""
    import weasyprint

    body = "".join(
        f"<h1>{title} ({i + 1})</h1><p>Liste des pièces communiquées.</p>"
        + ("<div style='page-break-after: always'></div>" if i < pages - 1 else "")
        for i in range(pages)
    )
    html = (
        "<!doctype html><html lang='fr'><head><meta charset='utf-8'>"
        f"<title>{title}</title><style>@font-face {{ font-family: L; src: url({LIBERATION_SANS.as_uri()}) }}"
        "body { font-family: L }</style></head>"
        f"<body>{body}</body></html>"
    )
    options = {"pdf_variant": "pdf/a-3b"} if pdfa else {}
    return weasyprint.HTML(string=html).write_pdf(**options)
