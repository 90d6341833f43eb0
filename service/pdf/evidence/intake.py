"""Intake, parent side (cheap): accepted media types, strict base64, sniffing by magic bytes,
and the records that cross the process boundary (a job in, a result out)."""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any, NamedTuple

#: Media types accepted, mapped to the kind sniffed from the bytes.
MEDIA_TYPES: dict[str, str] = {
    "application/pdf": "pdf",
    "image/jpeg": "jpeg",
    "image/png": "png",
}
KIND_LABEL = {
    "pdf": "PDF",
    "jpeg": "JPEG",
    "png": "PNG",
    "gif": "GIF",
    "tiff": "TIFF",
    "webp": "WebP",
    "bmp": "BMP",
    "heic": "HEIC",
    "zip": "ZIP/Office",
    "html": "HTML/XML",
}


_B64_WS = re.compile(rb"[ \t\r\n]+")


def decode_base64(text: str) -> tuple[bytes | None, str]:
    """Strict decoding; ASCII whitespace (line wraps) is the only tolerance."""
    if text.lstrip()[:5].lower() == "data:":
        return None, "data: URL prefix / préfixe data: — send the bare base64"
    try:
        raw = text.encode("ascii")
    except UnicodeEncodeError:
        return None, "non-ASCII character / caractère non ASCII"
    raw = _B64_WS.sub(b"", raw)
    if not raw:
        return None, "empty / vide"
    try:
        return base64.b64decode(raw, validate=True), ""
    except (binascii.Error, ValueError) as exc:
        return None, str(exc)


def sniff(data: bytes) -> str:
    """The file's real kind from its magic bytes: pdf, jpeg, png, another label, or unknown."""
    head = data[:1024]
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if b"%PDF-" in head:
        return "pdf"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[:2] == b"BM":
        return "bmp"
    if data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"mif1", b"avif"):
        return "heic"
    if data[:4] == b"PK\x03\x04":
        return "zip"
    if head.lstrip()[:1] == b"<":
        return "html"
    return "unknown"


class Job(NamedTuple):
    # shadows tuple.index(), which nothing calls on a Job: the field name is the protocol's
    index: int  # type: ignore[assignment]
    kind: str  # pdf | jpeg | png
    data: bytes


class Ok(NamedTuple):
    pdf: bytes
    pages: int
    warnings: tuple[str, ...]  # warning codes
    pdfa_compatible: bool


class Fail(NamedTuple):
    suffix: str  # "" or ".content_base64" / ".media_type"
    code: str
    params: dict[str, Any]
