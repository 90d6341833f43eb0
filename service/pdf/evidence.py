"""Evidence items (``case.evidence[]``) turned into numbered pièces, safely.

Every item is decoded (strict base64), sniffed from its magic bytes (a ``media_type`` that lies
is refused), then parsed **in a forked child process under a time limit** so that a hostile or
pathological file can neither hang nor crash the worker:

* PDFs are read with pypdf, refused when truncated, corrupt, encrypted or empty, rebuilt page by
  page (the catalog, with its ``/OpenAction``, ``/AA``, JavaScript name tree, embedded files and
  form scripts, is left behind) and scrubbed of active content (JavaScript, ``/Launch`` and
  other dangerous actions, file attachments, multimedia annotations), with one warning per item
  and kind of content removed. Every stream is decoded under a byte budget and every image's
  declared size is checked, so a decompression bomb is refused.
* JPEG and PNG images become one A4 page each (portrait or landscape like the image, EXIF
  orientation applied, fitted within 10 mm margins). A JPEG is embedded as is (no
  recompression); other images are embedded losslessly (Flate).

Any failure raises :class:`~service.errors.CaseInvalid` listing **every** faulty item, each
named by its path (``case.evidence[3]``, ``case.evidence[3].content_base64`` or
``case.evidence[3].media_type``) with a distinct code and a French and English message.

Defaults (all overridable through the environment, see :meth:`EvidenceLimits.from_environ`):
50 items, 300 pages in total, 40 MiB decoded in total, 20 MiB per item, 60 Mpx per image,
256 MiB of decoded PDF streams per item, 10 s of parsing per item, 1 GiB of extra address
space for the parsing child.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import logging
import math
import multiprocessing
import os
import re
import resource
import signal
import warnings as pywarnings
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from typing import Any, NamedTuple

from PIL import Image, ImageFile, ImageOps
from pypdf import PdfReader, PdfWriter, apply_configuration
from pypdf.errors import LimitReachedError
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
)

from service.errors import CaseInvalid, FieldError, field_error
from service.model import Evidence, Warning

MiB = 1024 * 1024

#: Media types accepted, mapped to the kind sniffed from the bytes.
MEDIA_TYPES: dict[str, str] = {
    "application/pdf": "pdf",
    "image/jpeg": "jpeg",
    "image/png": "png",
}
_KIND_LABEL = {
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

A4_PORTRAIT = (595.2756, 841.8898)  # points (210 x 297 mm)
IMAGE_MARGIN_PT = 28.3465  # 10 mm


@dataclass(frozen=True)
class EvidenceLimits:
    """Limits applied to ``case.evidence[]`` (documented defaults)."""

    max_items: int = 50
    max_total_pages: int = 300
    max_total_bytes: int = 40 * MiB
    max_item_bytes: int = 20 * MiB
    max_image_pixels: int = 60_000_000
    max_decoded_bytes: int = 256 * MiB
    parse_timeout_s: float = 10.0
    max_parse_memory_bytes: int = 1024 * MiB

    _ENV = {
        "max_items": "RECOUVRE_EVIDENCE_MAX_ITEMS",
        "max_total_pages": "RECOUVRE_EVIDENCE_MAX_TOTAL_PAGES",
        "max_total_bytes": "RECOUVRE_EVIDENCE_MAX_TOTAL_BYTES",
        "max_item_bytes": "RECOUVRE_EVIDENCE_MAX_ITEM_BYTES",
        "max_image_pixels": "RECOUVRE_EVIDENCE_MAX_IMAGE_PIXELS",
        "max_decoded_bytes": "RECOUVRE_EVIDENCE_MAX_DECODED_BYTES",
        "parse_timeout_s": "RECOUVRE_EVIDENCE_PARSE_TIMEOUT_S",
        "max_parse_memory_bytes": "RECOUVRE_EVIDENCE_MAX_PARSE_MEMORY_BYTES",
    }

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> EvidenceLimits:
        """Read ``RECOUVRE_EVIDENCE_*`` variables; unset or empty ones keep the default.

        A malformed or non-positive value raises ``ValueError`` (a deployment error).
        """
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for attr, key in cls._ENV.items():
            raw = (env.get(key) or "").strip()
            if not raw:
                continue
            value: float = float(raw) if attr == "parse_timeout_s" else int(raw)
            if value <= 0:
                raise ValueError(f"{key} must be positive, got {raw!r}")
            values[attr] = value
        return cls(**values)


@dataclass(frozen=True)
class Piece:
    """One pièce: a sanitised, self-contained PDF and what the bordereau says about it.

    ``pdfa_compatible`` is true only for pages we built ourselves (images): an uploaded PDF is
    never assumed PDF/A-conformant, whatever it claims.
    """

    number: int
    title: str
    date: date | None
    pdf: bytes
    pages: int
    source_media_type: str
    warnings: tuple[Warning, ...] = ()
    pdfa_compatible: bool = False


# ---------------------------------------------------------------------------------------------
# Messages


_MESSAGES: dict[str, tuple[str, str]] = {
    "evidence_too_many_items": (
        "Trop de pièces : {count} fournies, {limit} au maximum.",
        "Too many evidence items: {count} given, at most {limit}.",
    ),
    "evidence_base64_invalid": (
        "Le contenu de la pièce n’est pas du base64 valide (détail technique\u00a0: {detail}).",
        "The item's content is not valid base64 ({detail}).",
    ),
    "evidence_media_type_unsupported": (
        "Type de fichier « {media_type} » non accepté : PDF, JPEG ou PNG seulement.",
        "Media type '{media_type}' is not accepted: PDF, JPEG or PNG only.",
    ),
    "evidence_media_type_mismatch": (
        "Le fichier est un {actual} et non un {declared} comme annoncé par media_type.",
        "The file is a {actual}, not a {declared} as media_type declares.",
    ),
    "evidence_too_large": (
        "Pièce trop volumineuse : {size} octets décodés, {limit} au maximum.",
        "Item too large: {size} decoded bytes, at most {limit}.",
    ),
    "evidence_total_too_large": (
        "Pièces trop volumineuses au total : {size} octets décodés, {limit} au maximum.",
        "Evidence too large in total: {size} decoded bytes, at most {limit}.",
    ),
    "evidence_too_many_pages": (
        "Trop de pages : {pages}, {limit} au maximum pour l’ensemble des pièces.",
        "Too many pages: {pages}, at most {limit} for all the evidence together.",
    ),
    "evidence_pdf_corrupt": (
        "PDF illisible, tronqué ou endommagé (détail technique\u00a0: {detail}).",
        "Unreadable, truncated or damaged PDF ({detail}).",
    ),
    "evidence_pdf_encrypted": (
        "PDF chiffré ou protégé par mot de passe : fournissez-le sans protection.",
        "Encrypted or password-protected PDF: supply it without protection.",
    ),
    "evidence_pdf_empty": (
        "Le PDF ne contient aucune page.",
        "The PDF has no page.",
    ),
    "evidence_pdf_bomb": (
        "PDF refusé : son contenu décompressé ou sa structure dépasse les limites"
        " (détail technique\u00a0: {detail}).",
        "PDF refused: its decompressed content or its structure exceeds the limits ({detail}).",
    ),
    "evidence_image_corrupt": (
        "Image illisible, tronquée ou endommagée (détail technique\u00a0: {detail}).",
        "Unreadable, truncated or damaged image ({detail}).",
    ),
    "evidence_image_bomb": (
        "Image refusée : {pixels} pixels, {limit} au maximum.",
        "Image refused: {pixels} pixels, at most {limit}.",
    ),
    "evidence_parse_timeout": (
        "L’analyse de la pièce a dépassé le temps autorisé ({seconds} s).",
        "Analysing the item took longer than allowed ({seconds} s).",
    ),
    "evidence_parse_failed": (
        "L’analyse de la pièce a échoué (fichier refusé).",
        "Analysing the item failed (file refused).",
    ),
}

_WARNINGS: dict[str, tuple[str, str]] = {
    "evidence_javascript_removed": (
        "Le code JavaScript de la pièce a été supprimé.",
        "JavaScript was removed from the item.",
    ),
    "evidence_launch_removed": (
        "Les actions de lancement d’application (/Launch) de la pièce ont été supprimées.",
        "Application launch actions (/Launch) were removed from the item.",
    ),
    "evidence_embedded_files_removed": (
        "Les fichiers joints intégrés à la pièce ont été supprimés.",
        "Embedded file attachments were removed from the item.",
    ),
    "evidence_active_content_removed": (
        "Des actions automatiques ou contenus actifs de la pièce ont été supprimés "
        "(formulaires, multimédia, liens vers d’autres fichiers).",
        "Automatic actions or active content were removed from the item "
        "(forms, multimedia, links to other files).",
    ),
}


def _error(path: str, code: str, **params: Any) -> FieldError:
    fr, en = _MESSAGES[code]
    return field_error(path, code, fr.format(**params), en.format(**params))


def _warning(path: str, code: str) -> Warning:
    fr, en = _WARNINGS[code]
    return Warning(code=code, message_fr=fr, message_en=en, path=path)


# ---------------------------------------------------------------------------------------------
# Decoding and sniffing (parent side: cheap)

_B64_WS = re.compile(rb"[ \t\r\n]+")


def _decode_base64(text: str) -> tuple[bytes | None, str]:
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


# ---------------------------------------------------------------------------------------------
# Child-side work


class _Job(NamedTuple):
    index: int
    kind: str  # pdf | jpeg | png
    data: bytes


class _Ok(NamedTuple):
    pdf: bytes
    pages: int
    warnings: tuple[str, ...]  # warning codes
    pdfa_compatible: bool


class _Fail(NamedTuple):
    suffix: str  # "" or ".content_base64" / ".media_type"
    code: str
    params: dict[str, Any]


class _ItemError(Exception):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


# Actions that run code, reach outside the document or submit data.
_DANGEROUS_ACTIONS = {
    "/JavaScript": "evidence_javascript_removed",
    "/Launch": "evidence_launch_removed",
    "/GoToE": "evidence_embedded_files_removed",
    "/ImportData": "evidence_active_content_removed",
    "/SubmitForm": "evidence_active_content_removed",
    "/RichMediaExecute": "evidence_active_content_removed",
    "/Rendition": "evidence_active_content_removed",
    "/Movie": "evidence_active_content_removed",
    "/Sound": "evidence_active_content_removed",
    "/GoToR": "evidence_active_content_removed",
}
_REMOVED_ANNOTS = {
    "/FileAttachment": "evidence_embedded_files_removed",
    "/Screen": "evidence_active_content_removed",
    "/Movie": "evidence_active_content_removed",
    "/Sound": "evidence_active_content_removed",
    "/RichMedia": "evidence_active_content_removed",
    "/3D": "evidence_active_content_removed",
}
# pypdf recovers silently from these; for evidence they mean lost content.
_FATAL_PYPDF_WARNINGS = ("EOF marker", "might be truncated", "not defined", "Invalid parent xref")
_PASSTHROUGH_FILTERS = {"/DCTDecode", "/DCT", "/JPXDecode"}
_DECODED_FILTERS = {"/FlateDecode", "/Fl", "/LZWDecode", "/LZW", "/RunLengthDecode", "/RL",
                    "/ASCII85Decode", "/A85", "/ASCIIHexDecode", "/AHx"}


class _LogCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def _pypdf_log() -> Iterator[_LogCollector]:
    collector = _LogCollector()
    logger = logging.getLogger("pypdf")
    logger.addHandler(collector)
    try:
        yield collector
    finally:
        logger.removeHandler(collector)


def _dictionaries(start: PdfObject | None,
                  children: Callable[[DictionaryObject], list[PdfObject | None]]
                  ) -> Iterator[DictionaryObject]:
    """Each dictionary reachable from ``start`` once: references resolved, arrays flattened,
    ``children`` of each dictionary followed (cycles and shared objects visited once)."""
    seen: set[int] = set()
    stack = [start]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            item = item.get_object()
        if isinstance(item, ArrayObject):
            stack.extend(item)
            continue
        if not isinstance(item, DictionaryObject) or id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        stack.extend(children(item))


def _action_codes(action: PdfObject | None,
                  memo: dict[int, set[str]] | None = None) -> set[str]:
    """Warning codes for the dangerous actions in an action dict and its /Next chain.

    ``memo`` (by indirect action object, which the writer keeps alive, so its id stays its
    own) answers again for an action shared by several references without walking its chain
    again; each reference still gets the full answer. Only an indirect object can be shared.
    A hostile file with many distinct chains is bounded by the parser's time limit."""
    if not isinstance(action, IndirectObject):
        memo = None
    start = action.get_object() if isinstance(action, IndirectObject) else action
    if memo is not None and id(start) in memo:
        return memo[id(start)]
    codes: set[str] = set()
    for item in _dictionaries(action, lambda d: [d["/Next"]] if "/Next" in d else []):
        kind = item.get("/S")
        if kind in _DANGEROUS_ACTIONS:
            codes.add(_DANGEROUS_ACTIONS[kind])
        elif "/JS" in item:
            codes.add("evidence_javascript_removed")
    if memo is not None:
        memo[id(start)] = codes
    return codes


def _catalog_warnings(reader: PdfReader) -> set[str]:
    """What the source catalog carries that the page-by-page rebuild leaves behind."""
    codes: set[str] = set()
    root = reader.trailer["/Root"].get_object()
    names = root.get("/Names")
    names = names.get_object() if names is not None else None
    if isinstance(names, DictionaryObject):
        if "/JavaScript" in names:
            codes.add("evidence_javascript_removed")
        if "/EmbeddedFiles" in names:
            codes.add("evidence_embedded_files_removed")
    if "/OpenAction" in root:
        codes |= _action_codes(root["/OpenAction"])
    if "/AA" in root:
        aa = root["/AA"].get_object()
        codes |= _action_codes(ArrayObject(aa.values())) or {
            "evidence_active_content_removed"}
    form = root.get("/AcroForm")
    form = form.get_object() if form is not None else None
    if isinstance(form, DictionaryObject):
        if "/XFA" in form:
            codes.add("evidence_active_content_removed")
        codes |= _field_action_codes(form.get("/Fields"))
    return codes


def _field_action_codes(fields: PdfObject | None) -> set[str]:
    """Scripts of the form fields (the rebuild keeps widgets' appearances, not their fields)."""
    codes: set[str] = set()
    for item in _dictionaries(fields, lambda d: [d.get("/Kids")]):
        for key in ("/A", "/AA"):
            action = item.get(key)
            action = action.get_object() if action is not None else None
            if key == "/AA" and isinstance(action, DictionaryObject):
                action = ArrayObject(action.values())
            codes |= _action_codes(action)
    return codes


def _num(value: PdfObject | None) -> int:
    value = value.get_object() if isinstance(value, IndirectObject) else value
    try:
        return int(value or 0)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return 0


def _decoded_size(stream: StreamObject) -> int:
    """Decoded size of a stream; pypdf's configured limits raise LimitReachedError.

    Image codecs pypdf passes through (DCT, JPX) count their encoded size; streams with other
    codecs (CCITT, JBIG2) are not decoded here and count their declared length.
    """
    filters = stream.get("/Filter")
    filters = filters.get_object() if isinstance(filters, IndirectObject) else filters
    names = list(filters) if isinstance(filters, ArrayObject) else [filters] if filters else []
    if all(name in _DECODED_FILTERS or name in _PASSTHROUGH_FILTERS for name in names):
        return len(stream.get_data())
    return _num(stream.get("/Length"))


def _scrub(writer: PdfWriter, limits: EvidenceLimits) -> set[str]:
    """Remove active content from everything reachable from the pages; check bomb limits."""
    codes: set[str] = set()
    seen: set[int] = set()
    actions: dict[int, set[str]] = {}  # codes by action object (shared actions walked once)
    decoded_total = 0
    stack: list[PdfObject] = [page for page in writer.pages]
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            obj = obj.get_object()
        if isinstance(obj, ArrayObject):
            if id(obj) not in seen:
                seen.add(id(obj))
                stack.extend(obj)
            continue
        if not isinstance(obj, DictionaryObject) or id(obj) in seen:
            continue
        seen.add(id(obj))

        if "/AA" in obj:
            aa = obj["/AA"].get_object()
            found = _action_codes(ArrayObject(aa.values())) if isinstance(
                aa, DictionaryObject) else set()
            codes |= found or {"evidence_active_content_removed"}
            del obj["/AA"]
        if "/A" in obj:
            # each reference is judged on its own: an action shared by two links must be
            # cut from both (a walk shared across objects once let the second one keep it)
            found = _action_codes(obj["/A"], actions)
            if found:
                codes |= found
                del obj["/A"]
        if "/JS" in obj:  # a script reached some other way
            codes.add("evidence_javascript_removed")
            del obj["/JS"]
        if obj.get("/Type") == "/Filespec" and "/EF" in obj:
            codes.add("evidence_embedded_files_removed")
            del obj["/EF"]
        if "/Annots" in obj and obj.get("/Type") == "/Page":
            annots = obj["/Annots"].get_object()
            if isinstance(annots, ArrayObject):
                kept = ArrayObject()
                for ref in annots:
                    annot = ref.get_object()
                    subtype = annot.get("/Subtype") if isinstance(annot, DictionaryObject) else None
                    if subtype in _REMOVED_ANNOTS:
                        codes.add(_REMOVED_ANNOTS[subtype])
                    else:
                        kept.append(ref)
                obj[NameObject("/Annots")] = kept

        if isinstance(obj, StreamObject):
            if obj.get("/Subtype") == "/Image":
                pixels = _num(obj.get("/Width")) * _num(obj.get("/Height"))
                if pixels > limits.max_image_pixels:
                    raise _ItemError("evidence_pdf_bomb",
                                     detail=f"image {pixels} px > {limits.max_image_pixels}")
            decoded_total += _decoded_size(obj)
            if decoded_total > limits.max_decoded_bytes:
                raise _ItemError("evidence_pdf_bomb",
                                 detail=f"> {limits.max_decoded_bytes} bytes decoded")

        # Everything reachable, back-references included: a widget's /Parent is the form
        # field that carries the field scripts (/AA: keystroke, format, calculate).
        stack.extend(obj.values())
    return codes


_MAX_PAGE_SIDE_PT = 14_400  # PDF's own limit (200 inches)


def _box(value: PdfObject | None) -> tuple[float, float, float, float] | None:
    value = value.get_object() if isinstance(value, IndirectObject) else value
    if not isinstance(value, ArrayObject) or len(value) != 4:
        return None
    try:
        x0, y0, x1, y1 = (float(v.get_object()) for v in value)  # type: ignore[arg-type]
    except (TypeError, ValueError, AttributeError):
        return None
    finite = all(math.isfinite(v) for v in (x0, y0, x1, y1))
    width, height = abs(x1 - x0), abs(y1 - y0)
    if not finite or not (1 <= width <= _MAX_PAGE_SIDE_PT and 1 <= height <= _MAX_PAGE_SIDE_PT):
        return None
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _normalise_geometry(page: DictionaryObject) -> None:
    """Give every page a sane MediaBox (A4 when missing), a usable CropBox and Rotate."""
    media = _box(page.get("/MediaBox"))
    if media is None:
        if page.get("/MediaBox") is not None:
            raise _ItemError("evidence_pdf_corrupt", detail="invalid page size (/MediaBox)")
        media = (0.0, 0.0, *A4_PORTRAIT)
    page[NameObject("/MediaBox")] = ArrayObject(FloatObject(_fmt(v)) for v in media)
    crop = _box(page.get("/CropBox"))
    if crop is not None:
        crop = (max(crop[0], media[0]), max(crop[1], media[1]),
                min(crop[2], media[2]), min(crop[3], media[3]))
    if crop is None or crop[2] - crop[0] < 1 or crop[3] - crop[1] < 1:
        if "/CropBox" in page:
            del page["/CropBox"]
    else:
        page[NameObject("/CropBox")] = ArrayObject(FloatObject(_fmt(v)) for v in crop)
    rotate = page.get("/Rotate")
    rotate = rotate.get_object() if isinstance(rotate, IndirectObject) else rotate
    if rotate is not None:
        try:
            page[NameObject("/Rotate")] = NumberObject(int(rotate) % 360 // 90 * 90)
        except (TypeError, ValueError):
            del page["/Rotate"]


def _raise_if_damaged(log: _LogCollector) -> None:
    fatal = [m for m in log.messages if any(f in m for f in _FATAL_PYPDF_WARNINGS)]
    if fatal:
        raise _ItemError("evidence_pdf_corrupt", detail=fatal[0][:120])


def _sanitise_pdf(data: bytes, limits: EvidenceLimits) -> _Ok:
    start = data.find(b"%PDF-", 0, 1024)
    data = data[start:]  # offsets count from the header (junk before it is tolerated)
    tail = data[-2048:].rstrip(b"\x00\t\n\f\r ")
    if b"%%EOF" not in tail[-1024:]:
        raise _ItemError("evidence_pdf_corrupt", detail="no %%EOF marker: truncated file")
    cap = max(limits.max_decoded_bytes, 1)
    with _pypdf_log() as log, apply_configuration(
        zlib_maximum_output_length=cap,
        lzw_maximum_output_length=cap,
        run_length_maximum_output_length=cap,
        array_based_stream_maximum_output_length=cap,
        stream_decoding_work_maximum_length=max(cap, 300_000_000),
        page_tree_maximum_entries=max(limits.max_total_pages * 4, 1000),
    ):
        reader = PdfReader(BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise _ItemError("evidence_pdf_encrypted")
        count = len(reader.pages)
        _raise_if_damaged(log)
        if count == 0:
            raise _ItemError("evidence_pdf_empty")
        if count > limits.max_total_pages:
            raise _ItemError("evidence_too_many_pages", pages=count,
                             limit=limits.max_total_pages)
        codes = _catalog_warnings(reader)
        writer = PdfWriter()
        for page in reader.pages:
            writer.add_page(page)
        codes |= _scrub(writer, limits)
        for page in writer.pages:
            _normalise_geometry(page)
        _raise_if_damaged(log)
        out = BytesIO()
        writer.write(out)
    return _Ok(out.getvalue(), count, tuple(sorted(codes)), False)


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


def _fmt(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


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
    content = ("q " + " ".join(_fmt(v) for v in matrix) + " cm /Im0 Do Q\n").encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {_fmt(page_w)} {_fmt(page_h)}] "
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


def _image_to_pdf(data: bytes, kind: str, limits: EvidenceLimits) -> _Ok:
    # Child process only: these globals do not leak into the worker. WeasyPrint sets
    # LOAD_TRUNCATED_IMAGES on import; a truncated image must fail here instead.
    Image.MAX_IMAGE_PIXELS = limits.max_image_pixels
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with pywarnings.catch_warnings():
            pywarnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(BytesIO(data), formats=["JPEG" if kind == "jpeg" else "PNG"])
            width, height = image.size
            if width * height > limits.max_image_pixels:
                raise _ItemError("evidence_image_bomb", pixels=width * height,
                                 limit=limits.max_image_pixels)
            if width == 0 or height == 0:
                raise _ItemError("evidence_image_corrupt", detail="empty image")
            image.load()  # decodes everything: a truncated or corrupt file fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _ItemError("evidence_image_bomb", pixels=_declared_pixels(str(exc)),
                         limit=limits.max_image_pixels) from exc
    except (OSError, SyntaxError, ValueError, zlib.error) as exc:
        raise _ItemError("evidence_image_corrupt", detail=str(exc)[:120]) from exc

    orientation = image.getexif().get(0x0112, 1)
    if kind == "jpeg" and image.mode in ("RGB", "L") and orientation in _ORIENTATION:
        colorspace = "DeviceRGB" if image.mode == "RGB" else "DeviceGray"
        return _Ok(_image_page_pdf(width, height, colorspace, "DCTDecode", data, orientation),
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
    return _Ok(pdf, 1, (), True)


def _declared_pixels(message: str) -> int:
    match = re.search(r"\((\d+) pixels\)", message)
    return int(match.group(1)) if match else 0


def _process(job: _Job, limits: EvidenceLimits) -> _Ok | _Fail:
    try:
        if job.kind == "pdf":
            return _sanitise_pdf(job.data, limits)
        return _image_to_pdf(job.data, job.kind, limits)
    except _ItemError as exc:
        suffix = "" if exc.code == "evidence_too_many_pages" else ".content_base64"
        return _Fail(suffix, exc.code, exc.params)
    except LimitReachedError as exc:
        return _Fail(".content_base64", "evidence_pdf_bomb", {"detail": str(exc)[:120]})
    except MemoryError:
        code = "evidence_pdf_bomb" if job.kind == "pdf" else "evidence_image_bomb"
        params = {"detail": "memory limit"} if job.kind == "pdf" else {
            "pixels": "?", "limit": limits.max_image_pixels}
        return _Fail(".content_base64", code, params)
    except RecursionError:
        return _Fail(".content_base64", "evidence_pdf_corrupt", {"detail": "nesting too deep"})
    except Exception as exc:  # any other parser failure on hostile input is the input's fault
        code = "evidence_pdf_corrupt" if job.kind == "pdf" else "evidence_image_corrupt"
        return _Fail(".content_base64", code,
                     {"detail": f"{type(exc).__name__}: {str(exc)[:100]}"})


def _child_main(jobs: list[_Job], limits: EvidenceLimits, conn: Any) -> None:
    # Watchdog: if the parent vanished, never outlive the time budget.
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    signal.alarm(int(math.ceil(limits.parse_timeout_s * len(jobs))) + 5)
    _limit_memory(limits.max_parse_memory_bytes)
    try:
        for job in jobs:
            conn.send((job.index, _process(job, limits)))
    finally:
        conn.close()


def _limit_memory(extra: int) -> None:
    """Cap the child's address space at its current size plus ``extra`` bytes."""
    try:
        with open("/proc/self/statm") as fh:
            current = int(fh.read().split()[0]) * resource.getpagesize()
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        target = current + extra
        if hard != resource.RLIM_INFINITY:
            target = min(target, hard)
        if soft == resource.RLIM_INFINITY or target < soft:
            resource.setrlimit(resource.RLIMIT_AS, (target, hard))
    except (OSError, ValueError):
        pass  # no /proc or no permission: the time limit still applies


def _run_isolated(jobs: list[_Job], limits: EvidenceLimits) -> dict[int, _Ok | _Fail]:
    """Process the jobs in order in a forked child; each job has ``parse_timeout_s``.

    On a timeout (or a crash) the child is killed, the job in progress is failed and a fresh
    child takes the remaining jobs.
    """
    ctx = multiprocessing.get_context("fork")
    results: dict[int, _Ok | _Fail] = {}
    pending = list(jobs)
    while pending:
        receiver, sender = ctx.Pipe(duplex=False)
        child = ctx.Process(target=_child_main, args=(pending, limits, sender), daemon=False)
        child.start()
        sender.close()
        try:
            while pending:
                job = pending[0]
                if not receiver.poll(limits.parse_timeout_s):
                    results[job.index] = _Fail("", "evidence_parse_timeout",
                                               {"seconds": _fmt(limits.parse_timeout_s)})
                    pending.pop(0)
                    break
                try:
                    index, result = receiver.recv()
                except (EOFError, OSError):
                    results[job.index] = _Fail("", "evidence_parse_failed", {})
                    pending.pop(0)
                    break
                results[index] = result
                pending.pop(0)
        finally:
            if child.is_alive():
                child.kill()
            child.join()
            receiver.close()
    return results


# ---------------------------------------------------------------------------------------------
# Public entry point


def prepare_pieces(evidence: Sequence[Evidence], limits: EvidenceLimits, *,
                   path: str = "case.evidence") -> list[Piece]:
    """Turn ``case.evidence[]`` into pièces numbered 1..n, or raise CaseInvalid for all faults."""
    if len(evidence) > limits.max_items:
        raise CaseInvalid([_error(path, "evidence_too_many_items", count=len(evidence),
                                  limit=limits.max_items)])
    errors: dict[int, list[FieldError]] = {}
    jobs: list[_Job] = []
    total_bytes = 0
    for index, item in enumerate(evidence):
        item_path = f"{path}[{index}]"
        declared = MEDIA_TYPES.get((item.media_type or "").split(";")[0].strip().lower())
        if declared is None:
            errors[index] = [_error(f"{item_path}.media_type", "evidence_media_type_unsupported",
                                    media_type=item.media_type)]
            continue
        if len(item.content_base64) * 3 // 4 > limits.max_item_bytes + 3:
            errors[index] = [_error(f"{item_path}.content_base64", "evidence_too_large",
                                    size=f"~{len(item.content_base64) * 3 // 4}",
                                    limit=limits.max_item_bytes)]
            continue
        data, problem = _decode_base64(item.content_base64)
        if data is None:
            errors[index] = [_error(f"{item_path}.content_base64", "evidence_base64_invalid",
                                    detail=problem)]
            continue
        if len(data) > limits.max_item_bytes:
            errors[index] = [_error(f"{item_path}.content_base64", "evidence_too_large",
                                    size=len(data), limit=limits.max_item_bytes)]
            continue
        total_bytes += len(data)
        actual = sniff(data)
        if actual != declared:
            if actual in _KIND_LABEL:
                errors[index] = [_error(f"{item_path}.media_type", "evidence_media_type_mismatch",
                                        actual=_KIND_LABEL[actual],
                                        declared=_KIND_LABEL[declared])]
            elif declared == "pdf":
                errors[index] = [_error(f"{item_path}.content_base64", "evidence_pdf_corrupt",
                                        detail="no %PDF- header")]
            else:
                errors[index] = [_error(f"{item_path}.content_base64", "evidence_image_corrupt",
                                        detail=f"not a {_KIND_LABEL[declared]} file")]
            continue
        jobs.append(_Job(index, declared, data))

    aggregate: list[FieldError] = []
    if total_bytes > limits.max_total_bytes:
        aggregate.append(_error(path, "evidence_total_too_large", size=total_bytes,
                                limit=limits.max_total_bytes))
        jobs = []  # do not spend time parsing what will be refused anyway

    results = _run_isolated(jobs, limits) if jobs else {}
    pieces: list[Piece] = []
    total_pages = 0
    for index, item in enumerate(evidence):
        result = results.get(index)
        item_path = f"{path}[{index}]"
        if isinstance(result, _Fail):
            errors[index] = [_error(item_path + result.suffix, result.code, **result.params)]
        elif isinstance(result, _Ok):
            total_pages += result.pages
            pieces.append(Piece(
                number=index + 1,
                title=item.title,
                date=item.date,
                pdf=result.pdf,
                pages=result.pages,
                source_media_type=item.media_type.split(";")[0].strip().lower(),
                warnings=tuple(_warning(item_path, code) for code in result.warnings),
                pdfa_compatible=result.pdfa_compatible,
            ))
    if total_pages > limits.max_total_pages:
        aggregate.append(_error(path, "evidence_too_many_pages", pages=total_pages,
                                limit=limits.max_total_pages))
    if errors or aggregate:
        ordered = [e for index in sorted(errors) for e in errors[index]]
        raise CaseInvalid(ordered + aggregate)
    return pieces
