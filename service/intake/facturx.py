"""Factur-X / ZUGFeRD 2 PDFs: the embedded CII XML, found with the factur-x library.

The XML is looked for under the names the standards give it (``factur-x.xml``,
``zugferd-invoice.xml``, ``xrechnung.xml``), parsed with the safe parser of
:mod:`service.intake.xml`, checked against the XSD of the profile it declares and read as
CII. The PDF itself becomes the case's pièce « Facture n° … ».
"""

from __future__ import annotations

import base64
import dataclasses
import io
import logging
import re

import facturx as facturx_lib
from pypdf import PdfReader

from service.config import EvidenceLimits
from service.intake import cii, xml
from service.intake.model import FileFault, IntakeInvalid, InvoiceRecord, Source, fault

XML_NAMES = ["factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml"]
MAX_XML_BYTES = 10 * 1024 * 1024  # an invoice's XML is a few dozen kB

# the library logs every attachment it skips as a warning; the answer says what matters
logging.getLogger("factur-x").setLevel(logging.ERROR)


def embedded_xml(pdf: bytes, src: Source) -> bytes:
    """The Factur-X XML of ``pdf``, or a 422 naming the file."""
    try:
        _name, data = facturx_lib.get_xml_from_pdf(pdf, check_xsd=False, filenames=XML_NAMES)
    except Exception as exc:  # noqa: BLE001 - pypdf and the library raise many kinds on bad PDFs
        text = str(exc)[:160]
        encrypted = "encrypt" in text.lower() or "password" in text.lower()
        raise IntakeInvalid([fault(
            src, "pdf_encrypted" if encrypted else "pdf_unreadable",
            ("PDF chiffré : envoyez la facture sans mot de passe." if encrypted
             else f"PDF illisible ({text})."),
            ("encrypted PDF: send the invoice without a password." if encrypted
             else f"unreadable PDF ({text})."))]) from None
    if not data:
        attached = _attachment_names(pdf)
        found = [n for n in attached if n.lower() in XML_NAMES]
        if found:
            raise IntakeInvalid([fault(
                src, "facturx_xml_unreadable",
                f"le XML joint « {found[0]} » n’est pas une facture CII lisible (XML mal formé"
                " ou d’un autre type).",
                f"the embedded '{found[0]}' is not a readable CII invoice (malformed XML or"
                " another kind).")])
        raise IntakeInvalid([fault(
            src, "facturx_xml_missing",
            "ce PDF ne contient pas de XML Factur-X / ZUGFeRD (factur-x.xml) : ce n’est pas une"
            " facture électronique. Saisissez la facture (CSV) ou joignez son XML.",
            "this PDF has no Factur-X / ZUGFeRD XML (factur-x.xml) embedded: it is not an"
            " e-invoice. Enter the invoice (CSV) or send its XML.")])
    if len(data) > MAX_XML_BYTES:
        raise IntakeInvalid([fault(src, "facturx_xml_too_large",
                                   f"XML Factur-X de {len(data)} octets, {MAX_XML_BYTES} au plus.",
                                   f"Factur-X XML of {len(data)} bytes, at most {MAX_XML_BYTES}.")])
    return bytes(data)


def vet_pdfs(pdfs: list[tuple[Source, bytes]],
             evidence_limits: EvidenceLimits) -> dict[int, list[FileFault]]:
    """The faults of the PDFs that the evidence bundle would refuse, by file index.

    Every PDF goes first through :func:`service.pdf.evidence.prepare_pieces`: parsed in a
    child process under its time and memory limits, as the bundle will parse it; only a PDF
    that passes is then read here, in this process, for its XML. So a hostile PDF never
    reaches pypdf in the server's own process, and a Factur-X that is accepted is a pièce the
    bundle will take.
    """
    if not pdfs:
        return {}
    from service.errors import CaseInvalid
    from service.model import Evidence
    from service.pdf.evidence import prepare_pieces

    items = [Evidence(title=src.name, media_type="application/pdf",
                      content_base64=base64.b64encode(data).decode("ascii")) for src, data in pdfs]
    limits = dataclasses.replace(evidence_limits, max_items=max(evidence_limits.max_items, len(items)))
    try:
        prepare_pieces(items, limits, path="pdf")
    except CaseInvalid as exc:
        out: dict[int, list[FileFault]] = {}
        for e in exc.errors:
            m = re.match(r"pdf\[(\d+)\]", e.path)
            # without an index: a limit on the whole set (total size or pages)
            src = pdfs[0][0] if m is None else pdfs[int(m.group(1))][0]
            out.setdefault(src.index, []).append(fault(src, e.code, e.message_fr, e.message_en))
        return out
    return {}


def _attachment_names(pdf: bytes) -> list[str]:
    try:
        return [str(n) for n in PdfReader(io.BytesIO(pdf)).attachments]
    except Exception:  # noqa: BLE001 - only to explain a missing XML better
        return []


def read_facturx(pdf: bytes, src: Source) -> InvoiceRecord:
    root = xml.parse(embedded_xml(pdf, src), src)
    if root.tag == f"{{{xml.ZUGFERD1_NS}}}CrossIndustryDocument":
        raise IntakeInvalid([fault(
            src, "zugferd1_unsupported",
            "XML ZUGFeRD 1.0 : seules les factures Factur-X / ZUGFeRD 2 (CII D16B) sont lues.",
            "ZUGFeRD 1.0 XML: only Factur-X / ZUGFeRD 2 (CII D16B) invoices are read.")])
    if root.tag != f"{{{xml.CII_NS}}}CrossIndustryInvoice":
        raise IntakeInvalid([fault(src, "facturx_xml_missing",
                                   "le XML joint n’est pas une facture CII.",
                                   "the embedded XML is not a CII invoice.")])
    record = cii.read_cii(root, src)
    record.pdf = pdf
    return record
