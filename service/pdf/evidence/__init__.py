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

Defaults (all overridable through the environment, see :class:`service.config.Settings`):
50 items, 300 pages in total, 40 MiB decoded in total, 20 MiB per item, 60 Mpx per image,
256 MiB of decoded PDF streams per item, 10 s of parsing per item, 1 GiB of extra address
space for the parsing child.

The package face is :func:`prepare_pieces` (with :class:`Piece` and :class:`EvidenceLimits`);
behind it: ``messages`` (the catalogue), ``intake`` (decode, sniff), ``isolate`` (the parsing
child), ``scrub`` (PDFs), ``images`` (JPEG/PNG to PDF) and ``geometry`` (page boxes).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from service.config import EvidenceLimits
from service.errors import CaseInvalid, FieldError
from service.model import Evidence, Warning
from service.pdf.evidence.intake import KIND_LABEL, MEDIA_TYPES, Fail, Job, Ok, decode_base64, sniff
from service.pdf.evidence.isolate import run_isolated
from service.pdf.evidence.messages import error, warning

__all__ = ["MEDIA_TYPES", "EvidenceLimits", "Piece", "prepare_pieces", "sniff"]


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


def prepare_pieces(evidence: Sequence[Evidence], limits: EvidenceLimits, *,
                   path: str = "case.evidence") -> list[Piece]:
    """Turn ``case.evidence[]`` into pièces numbered 1..n, or raise CaseInvalid for all faults."""
    if len(evidence) > limits.max_items:
        raise CaseInvalid([error(path, "evidence_too_many_items", count=len(evidence),
                                  limit=limits.max_items)])
    errors: dict[int, list[FieldError]] = {}
    jobs: list[Job] = []
    total_bytes = 0
    for index, item in enumerate(evidence):
        item_path = f"{path}[{index}]"
        declared = MEDIA_TYPES.get((item.media_type or "").split(";")[0].strip().lower())
        if declared is None:
            errors[index] = [error(f"{item_path}.media_type", "evidence_media_type_unsupported",
                                    media_type=item.media_type)]
            continue
        if len(item.content_base64) * 3 // 4 > limits.max_item_bytes + 3:
            errors[index] = [error(f"{item_path}.content_base64", "evidence_too_large",
                                    size=f"~{len(item.content_base64) * 3 // 4}",
                                    limit=limits.max_item_bytes)]
            continue
        data, problem = decode_base64(item.content_base64)
        if data is None:
            errors[index] = [error(f"{item_path}.content_base64", "evidence_base64_invalid",
                                    detail=problem)]
            continue
        if len(data) > limits.max_item_bytes:
            errors[index] = [error(f"{item_path}.content_base64", "evidence_too_large",
                                    size=len(data), limit=limits.max_item_bytes)]
            continue
        total_bytes += len(data)
        actual = sniff(data)
        if actual != declared:
            if actual in KIND_LABEL:
                errors[index] = [error(f"{item_path}.media_type", "evidence_media_type_mismatch",
                                        actual=KIND_LABEL[actual],
                                        declared=KIND_LABEL[declared])]
            elif declared == "pdf":
                errors[index] = [error(f"{item_path}.content_base64", "evidence_pdf_corrupt",
                                        detail="no %PDF- header")]
            else:
                errors[index] = [error(f"{item_path}.content_base64", "evidence_image_corrupt",
                                        detail=f"not a {KIND_LABEL[declared]} file")]
            continue
        jobs.append(Job(index, declared, data))

    aggregate: list[FieldError] = []
    if total_bytes > limits.max_total_bytes:
        aggregate.append(error(path, "evidence_total_too_large", size=total_bytes,
                                limit=limits.max_total_bytes))
        jobs = []  # do not spend time parsing what will be refused anyway

    results = run_isolated(jobs, limits) if jobs else {}
    pieces: list[Piece] = []
    total_pages = 0
    for index, item in enumerate(evidence):
        result = results.get(index)
        item_path = f"{path}[{index}]"
        if isinstance(result, Fail):
            errors[index] = [error(item_path + result.suffix, result.code, **result.params)]
        elif isinstance(result, Ok):
            total_pages += result.pages
            pieces.append(Piece(
                number=index + 1,
                title=item.title,
                date=item.date,
                pdf=result.pdf,
                pages=result.pages,
                source_media_type=item.media_type.split(";")[0].strip().lower(),
                warnings=tuple(warning(item_path, code) for code in result.warnings),
                pdfa_compatible=result.pdfa_compatible,
            ))
    if total_pages > limits.max_total_pages:
        aggregate.append(error(path, "evidence_too_many_pages", pages=total_pages,
                                limit=limits.max_total_pages))
    if errors or aggregate:
        ordered = [e for index in sorted(errors) for e in errors[index]]
        raise CaseInvalid(ordered + aggregate)
    return pieces
