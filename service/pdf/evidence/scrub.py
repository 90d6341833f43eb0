"""An uploaded PDF rebuilt page by page and scrubbed of active content, under byte budgets.

Runs in the parsing child (service.pdf.evidence.isolate)."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from io import BytesIO
from typing import Any, cast

from pypdf import PdfReader, PdfWriter, apply_configuration
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    PdfObject,
    StreamObject,
)

from service.config import EvidenceLimits
from service.pdf.evidence.geometry import normalise_geometry
from service.pdf.evidence.intake import Ok
from service.pdf.evidence.messages import ItemError

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
    root = cast(DictionaryObject, reader.trailer["/Root"].get_object())
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
        aa = cast(DictionaryObject, root["/AA"].get_object())
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
        return int(cast(Any, value or 0))
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
            obj = cast(PdfObject, obj.get_object())  # None is no container: skipped below
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
                    raise ItemError("evidence_pdf_bomb",
                                     detail=f"image {pixels} px > {limits.max_image_pixels}")
            decoded_total += _decoded_size(obj)
            if decoded_total > limits.max_decoded_bytes:
                raise ItemError("evidence_pdf_bomb",
                                 detail=f"> {limits.max_decoded_bytes} bytes decoded")

        # Everything reachable, back-references included: a widget's /Parent is the form
        # field that carries the field scripts (/AA: keystroke, format, calculate).
        stack.extend(obj.values())
    return codes


def _raise_if_damaged(log: _LogCollector) -> None:
    fatal = [m for m in log.messages if any(f in m for f in _FATAL_PYPDF_WARNINGS)]
    if fatal:
        raise ItemError("evidence_pdf_corrupt", detail=fatal[0][:120])


def sanitise_pdf(data: bytes, limits: EvidenceLimits) -> Ok:
    start = data.find(b"%PDF-", 0, 1024)
    data = data[start:]  # offsets count from the header (junk before it is tolerated)
    tail = data[-2048:].rstrip(b"\x00\t\n\f\r ")
    if b"%%EOF" not in tail[-1024:]:
        raise ItemError("evidence_pdf_corrupt", detail="no %%EOF marker: truncated file")
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
            raise ItemError("evidence_pdf_encrypted")
        count = len(reader.pages)
        _raise_if_damaged(log)
        if count == 0:
            raise ItemError("evidence_pdf_empty")
        if count > limits.max_total_pages:
            raise ItemError("evidence_too_many_pages", pages=count,
                             limit=limits.max_total_pages)
        codes = _catalog_warnings(reader)
        writer = PdfWriter()
        for page in reader.pages:
            writer.add_page(page)
        codes |= _scrub(writer, limits)
        for page in writer.pages:
            normalise_geometry(page)
        _raise_if_damaged(log)
        out = BytesIO()
        writer.write(out)
    return Ok(out.getvalue(), count, tuple(sorted(codes)), False)
