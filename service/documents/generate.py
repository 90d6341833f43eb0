"""The one entry point the API, the batch and the CLI call: case + kind → signed document.

options (the kind's schema) → facts (décompte, statement, court, pièces: once) → kind checks →
plan (data) → compose (render, fill, merge, bundle; with this runtime) → seal → postage →
answer (dumped through the kind's details schema).
"""

from __future__ import annotations

import base64
import hashlib
import re
import time
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from service import metrics
from service.contract import load_options
from service.contract.options import Options
from service.documents.address_sheet import post_flat
from service.documents.base import DocumentPlan, KindSpec
from service.documents.facts import CaseFacts
from service.documents.filing_checks import FILING_KINDS, filing_warnings
from service.documents.registry import check_kind, get_kind
from service.errors import CaseInvalid, field_error
from service.law.parameters import ParameterNotFound
from service.model import Case
from service.pdf.compose import compose
from service.pdf.sign import SignatureBox
from service.postage import post
from service.postage.channel import CHANNEL_INFO, delivery
from service.runtime import Runtime

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class GeneratedDocument:
    kind: str
    reference: str
    filename: str
    media_type: str
    content: bytes
    pages: int
    template_version: str
    signature: dict[str, Any] | None
    postage: dict[str, Any] | None
    decompte: dict[str, Any]
    warnings: list[dict[str, str]]
    details: dict[str, Any] = field(default_factory=dict)  # the kind's, by its details_schema
    # the top-level fields of the first API (kept: the contract extends, never renames)
    extra: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def sha256(self) -> str:  # read by the answer, its headers and the batch manifest
        return hashlib.sha256(self.content).hexdigest()

    def metadata(self) -> dict[str, Any]:
        """The JSON answer without the content (also the X-Recouvre-* headers' source)."""
        out = {
            "kind": self.kind, "reference": self.reference, "filename": self.filename,
            "media_type": self.media_type, "sha256": self.sha256, "pages": self.pages,
            "template_version": self.template_version, "signature": self.signature,
            "postage": self.postage, "decompte": self.decompte, "warnings": self.warnings,
        }
        for key, value in self.extra.items():
            out.setdefault(key, value)
        out["details"] = self.details
        return out

    def as_json(self) -> dict[str, Any]:
        out = self.metadata()
        out["content_base64"] = base64.b64encode(self.content).decode("ascii")
        return out


def safe_filename(name: str) -> str:
    """ASCII, no path separators or control characters (Content-Disposition, ZIP entries)."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.")
    return text[:120] or "document"


def generate(kind: str, case: Case, options: Options | Mapping[str, Any],
             runtime: Runtime) -> GeneratedDocument:
    """``options``: loaded by the kind's schema (:func:`service.contract.load_request` with the
    kind), or the raw ``options`` object, loaded here. ``runtime`` renders every part, limits
    the evidence and seals."""
    started = time.perf_counter()
    spec = get_kind(kind)
    if isinstance(options, Options):
        if options.loaded_by is not spec.options_schema:
            raise TypeError(f"options loaded by {options.loaded_by!r}, not by {kind}'s schema:"
                            " load them with load_request(body, get_kind(kind))")
    else:
        options = load_options(options, spec)
    facts = CaseFacts(case, evidence_limits=runtime.evidence_limits,
                      exclude_time_barred=not getattr(options, "include_time_barred", True))
    try:
        check_kind(spec, case, facts, options)
        plan: DocumentPlan = spec.plan(case, facts, options)
        stmt = facts.statement  # décompte + prescription, computed once
    except ParameterNotFound as exc:
        # a dated value (rate, threshold, fee) the data does not cover on this date: the
        # caller's case, not a bug — say which value and which date instead of a 500
        raise CaseInvalid([field_error(
            "case.as_of", "parameter_not_covered",
            f"Aucune valeur de « {exc.name} » ne couvre le {case.as_of.isoformat()} dans les"
            " données juridiques du service.",
            f"No value of '{exc.name}' covers {case.as_of.isoformat()} in the service's legal"
            " data.")]) from None
    warnings = list(stmt["warnings"])  # the décompte's, then the prescription's
    warnings += [w.as_dict() for w in plan.warnings]
    if spec.name in FILING_KINDS:  # what every filing warns of (filing_checks)
        warnings += [w.as_dict() for w in filing_warnings(case, facts)]
    details = _details(spec, plan)
    extra = dict(plan.legacy)

    if options.format == "docx" and plan.docx is not None:
        from service.documents.docx_writer import write_docx

        content = write_docx(plan.docx, **plan.docx_meta)
        doc = GeneratedDocument(
            kind=kind, reference=case.reference,
            filename=safe_filename(plan.filename.rsplit(".", 1)[0]) + ".docx", media_type=DOCX,
            content=content, pages=0, template_version=spec.template_version, signature=None,
            postage=None, decompte=stmt, warnings=_dedupe(warnings), details=details,
            extra=extra,
        )
        metrics.observe_document(kind, 0, time.perf_counter() - started)
        return doc

    composed = compose(plan.parts, runtime.renderer, pdfa=options.pdfa,
                       variant=options.pdf_variant)
    letter_pages, sheet, sheet_warnings = composed.pages, False, []
    if plan.mailing is not None and not CHANNEL_INFO[plan.mailing.travels_by].electronic:
        # W7: above 5 sheets the letter goes flat in a C4: no fold marks, an address sheet
        posted = post_flat(plan.parts, composed, plan.mailing, options.postage,
                           runtime.renderer, pdfa=options.pdfa, variant=options.pdf_variant)
        composed, sheet, letter_pages = posted.composed, posted.address_sheet, posted.letter_pages
        sheet_warnings = [w.as_dict() for w in posted.warnings]
    pdf, pages, anchors = composed.pdf, composed.pages, composed.anchors

    signature = None
    if options.sign:
        seal = anchors.get("seal")
        box = SignatureBox(page=seal.page, x1=seal.x1, y1=seal.y1, x2=seal.x2, y2=seal.y2) \
            if seal is not None else None
        pdf, info = runtime.signer.sign(
            pdf, level=options.signature_level, visible=box,
            reason=plan.signature_reason, location=None, document_date=case.as_of,
        )
        signature = info.as_dict()
        if info.test_certificate:
            warnings.append({
                "code": "test_certificate",
                "message_fr": "Document scellé avec un certificat de TEST : configurez le"
                              " certificat de production (RECOUVRE_SIGNING_P12).",
                "message_en": "Sealed with a TEST certificate: configure the production"
                              " certificate (RECOUVRE_SIGNING_P12).",
            })

    postage = None
    if plan.mailing is not None and not CHANNEL_INFO[plan.mailing.travels_by].electronic:
        # a sheet printed in front (C4), or asked for a letter that stays DL: the provider's
        # own (optional) sheet, counted as before
        postage = post(plan.mailing, options.postage, pages=letter_pages, letter_date=case.as_of,
                       address_sheet=sheet or options.postage.address_sheet is True)
        warnings += sheet_warnings + postage.get("warnings", [])
    if anchors.get("recipient") is not None:
        a = anchors["recipient"]
        extra["layout"] = {"recipient_box_pt": [
            round(a.x1, 2), round(a.y1, 2), round(a.x2, 2), round(a.y2, 2)]}

    doc = GeneratedDocument(
        kind=kind, reference=case.reference, filename=safe_filename(plan.filename),
        media_type=PDF, content=pdf, pages=pages, template_version=spec.template_version,
        signature=signature, postage=postage, decompte=stmt,
        warnings=_dedupe(warnings), details=details, extra=extra,
    )
    if plan.mailing is not None:  # how it travels: what a posting or LRE provider needs
        doc.extra["delivery"] = delivery(plan.mailing, case, options.postage, postage,
                                         filename=doc.filename, sha256=doc.sha256, pages=pages)
    metrics.observe_document(kind, pages, time.perf_counter() - started)
    return doc


def _details(spec: KindSpec, plan: DocumentPlan) -> dict[str, Any]:
    """The plan's details, dumped through the kind's published schema (a field the schema does
    not declare is a bug, caught here rather than sent)."""
    schema = spec.details_schema()
    undeclared = set(plan.details) - set(schema.fields)
    if undeclared:
        raise TypeError(f"{spec.name}: details {sorted(undeclared)} not in its details_schema")
    dumped: dict[str, Any] = schema.dump(plan.details)
    return dumped


def _dedupe(items: list[dict[str, str]]) -> list[dict[str, str]]:
    seen = set()
    out = []
    for w in items:
        key = (w.get("code"), w.get("message_en"), w.get("path"))
        if key not in seen:
            seen.add(key)
            out.append(w)
    return out


__all__ = ["GeneratedDocument", "generate", "safe_filename", "CaseInvalid"]
