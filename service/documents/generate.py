"""The one entry point the API, the batch and the CLI call: case + kind → signed document.

validation (kind checks) → décompte → context (plan) → render → finish (bundle) → sign →
postage → answer.
"""

from __future__ import annotations

import base64
import hashlib
import re
import time
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from service import metrics
from service.documents.base import DocumentPlan
from service.documents.registry import check_kind, get_kind
from service.errors import CaseInvalid, field_error
from service.law.decompte import compute_decompte
from service.law.parameters import ParameterNotFound
from service.model import Case
from service.pdf.sign import SignatureBox
from service.postage import postage_metadata
from service.postage.channel import delivery_answer
from service.runtime import Runtime
from service.statement import statement_from

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
        out.update(self.extra)
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


def generate(kind: str, case: Case, options: dict[str, Any], runtime: Runtime) -> GeneratedDocument:
    started = time.perf_counter()
    spec = get_kind(kind)
    try:
        check_kind(kind, case, options)
        decompte = compute_decompte(case)
        plan: DocumentPlan = spec.plan(case, decompte, options)
    except ParameterNotFound as exc:
        # a dated value (rate, threshold, fee) the data does not cover on this date: the
        # caller's case, not a bug — say which value and which date instead of a 500
        raise CaseInvalid([field_error(
            "case.as_of", "parameter_not_covered",
            f"Aucune valeur de « {exc.name} » ne couvre le {case.as_of.isoformat()} dans les"
            " données juridiques du service.",
            f"No value of '{exc.name}' covers {case.as_of.isoformat()} in the service's legal"
            " data.")]) from None
    stmt = statement_from(case, decompte)  # décompte + prescription, computed once
    warnings = list(stmt["warnings"])  # the décompte's, then the prescription's
    warnings += [w.as_dict() for w in plan.warnings]

    if options.get("format") == "docx" and plan.docx is not None:
        content = plan.docx()
        doc = GeneratedDocument(
            kind=kind, reference=case.reference,
            filename=safe_filename(plan.filename.rsplit(".", 1)[0]) + ".docx", media_type=DOCX,
            content=content, pages=0, template_version=spec.template_version, signature=None,
            postage=None, decompte=stmt, warnings=_dedupe(warnings),
            extra=plan.extra,
        )
        metrics.observe_document(kind, 0, time.perf_counter() - started)
        return doc

    anchors: dict[str, Any] = {}
    if plan.render_pdf is not None:
        pdf = plan.render_pdf()
        pages = _count_pages(pdf)
    else:
        html = runtime.renderer.html(plan.template, plan.context)
        rendered = runtime.renderer.render(html, stylesheets=plan.stylesheets,
                                           pdfa=options.get("pdfa", True),
                                           anchors=("seal", "recipient"))
        pdf, pages, anchors = rendered.pdf, rendered.pages, dict(rendered.anchors)
    if plan.finish is not None:
        pdf = plan.finish(pdf)
        pages = _count_pages(pdf)

    signature = None
    if options.get("sign", True):
        seal = anchors.get("seal")
        box = SignatureBox(page=seal.page, x1=seal.x1, y1=seal.y1, x2=seal.x2, y2=seal.y2) \
            if seal is not None else None
        pdf, info = runtime.signer.sign(
            pdf, level=options.get("signature_level", "PAdES-B-B"), visible=box,
            reason=plan.signature_reason, location=None,
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
    if plan.postage is not None:
        pp = plan.postage
        po = options.get("postage") or {}
        postage = postage_metadata(
            pages=pages, letter_date=case.as_of, recipient_name=pp.recipient_name,
            recipient_address=pp.recipient_address, recipient_attention=pp.recipient_attention,
            recipient_path=pp.recipient_path, sender_name=pp.sender_name,
            sender_address=pp.sender_address, sender_path=pp.sender_path,
            registered=pp.registered, level=po.get("level", "R1"),
            avis_de_reception=po.get("avis_de_reception", True),
            duplex=po.get("duplex", False), address_sheet=po.get("address_sheet", False),
            tracking_number=po.get("tracking_number"),
        )
        warnings += postage.get("warnings", [])
    if anchors.get("recipient") is not None:
        a = anchors["recipient"]
        plan.extra.setdefault("layout", {})["recipient_box_pt"] = [
            round(a.x1, 2), round(a.y1, 2), round(a.x2, 2), round(a.y2, 2)]

    delivery = plan.extra.pop("_delivery", None)
    doc = GeneratedDocument(
        kind=kind, reference=case.reference, filename=safe_filename(plan.filename),
        media_type=PDF, content=pdf, pages=pages, template_version=spec.template_version,
        signature=signature, postage=postage, decompte=stmt,
        warnings=_dedupe(warnings), extra=plan.extra,
    )
    if delivery is not None:  # how the letter travels, for the posting provider
        po = options.get("postage") or {}
        doc.extra["delivery"] = delivery_answer(
            case=case, filename=doc.filename, sha256=doc.sha256, pages=pages, postage=postage,
            duplex=po.get("duplex", False), address_sheet=po.get("address_sheet", False),
            **delivery)
    metrics.observe_document(kind, pages, time.perf_counter() - started)
    return doc


def _dedupe(items: list[dict[str, str]]) -> list[dict[str, str]]:
    seen = set()
    out = []
    for w in items:
        key = (w.get("code"), w.get("message_en"), w.get("path"))
        if key not in seen:
            seen.add(key)
            out.append(w)
    return out


def _count_pages(pdf: bytes) -> int:
    from io import BytesIO

    from pypdf import PdfReader

    return len(PdfReader(BytesIO(pdf)).pages)


__all__ = ["GeneratedDocument", "generate", "safe_filename", "CaseInvalid"]
