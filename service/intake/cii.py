"""UN/CEFACT Cross Industry Invoice (CII D16B, the XML of Factur-X / ZUGFeRD 2): EN 16931 terms.

``read_cii`` checks the document against the XSD of the profile it declares (BT-24: MINIMUM,
BASIC WL, BASIC, EN 16931, EXTENDED; the XSDs of the factur-x library) and reads it through
:mod:`service.intake.einvoice`.
"""

from __future__ import annotations

from typing import Any

import facturx

from service.intake import einvoice, values, xml
from service.intake.einvoice import Extract, Term
from service.intake.model import InvoiceRecord, Source

NS = dict(facturx.facturx.XML_NAMESPACES["factur-x"])
DOC = "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument"
TX = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction"
AGREEMENT = TX + "/ram:ApplicableHeaderTradeAgreement"
DELIVERY = TX + "/ram:ApplicableHeaderTradeDelivery"
SETTLEMENT = TX + "/ram:ApplicableHeaderTradeSettlement"
TOTALS = SETTLEMENT + "/ram:SpecifiedTradeSettlementHeaderMonetarySummation"


def _term(r: xml.Reader, path: str) -> Term:
    el = r.one(path)
    element, line = r.where(el)
    text = None
    if el is not None:
        text = " ".join((el if isinstance(el, str) else (el.text or "")).split()) or None
    return Term(text, element or path.replace(TX, "…").replace(DOC, "…"), line)


def _date_term(r: xml.Reader, path: str) -> Term:
    t = _term(r, path + "/udt:DateTimeString")
    el = r.one(path + "/udt:DateTimeString")
    if el is not None and el.get("format") not in (None, "102"):
        t.text = f"{t.text}@{el.get('format')}"
    return t


def _cii_date(text: str | None) -> Any:
    if text and "@" in text:
        value, fmt = text.split("@", 1)
        return values.cii_day(value, fmt)
    return values.cii_day(text, "102")


def _party(r: xml.Reader, node: Any, *, seller: bool) -> dict[str, Any] | None:
    if node is None:
        return None
    ids: list[tuple[str | None, str | None]] = []
    for el in r.all("ram:SpecifiedLegalOrganization/ram:ID", node) + r.all("ram:GlobalID", node):
        ids.append((el.get("schemeID"), el.text))
    for el in r.all("ram:ID", node):
        ids.append((el.get("schemeID"), el.text))
    vat = None
    for el in r.all("ram:SpecifiedTaxRegistration/ram:ID", node):
        if (el.get("schemeID") or "").upper() == "VA":
            vat = el.text
    addr_node = r.one("ram:PostalTradeAddress", node)
    address = None
    if addr_node is not None:
        address = values.address(
            [r.text("ram:LineOne", addr_node), r.text("ram:LineTwo", addr_node),
             r.text("ram:LineThree", addr_node)],
            r.text("ram:PostcodeCode", addr_node), r.text("ram:CityName", addr_node),
            r.text("ram:CountryID", addr_node))
    email = r.text("ram:DefinedTradeContact/ram:EmailURIUniversalCommunication/ram:URIID", node)
    for el in r.all("ram:URIUniversalCommunication/ram:URIID", node):
        if (el.get("schemeID") or "").upper() == "EM" and el.text and "@" in el.text:
            email = email or el.text.strip()
    phone = r.text("ram:DefinedTradeContact/ram:TelephoneUniversalCommunication/ram:CompleteNumber",
                   node)
    return einvoice.party(
        name=r.text("ram:Name", node), ids=ids, vat=vat, address=address, email=email,
        phone=phone if seller else None,
        legal_info=r.text("ram:Description", node) if seller else None)


def extract(root: Any, src: Source, profile: str | None) -> Extract:
    r = xml.Reader(root, NS, src)
    terms = SETTLEMENT + "/ram:SpecifiedTradePaymentTerms"
    means = SETTLEMENT + "/ram:SpecifiedTradeSettlementPaymentMeans"
    x = Extract(
        number=_term(r, DOC + "/ram:ID"),
        type_code=_term(r, DOC + "/ram:TypeCode"),
        issue_date=_date_term(r, DOC + "/ram:IssueDateTime"),
        currency=_term(r, SETTLEMENT + "/ram:InvoiceCurrencyCode"),
        due_date=_date_term(r, terms + "/ram:DueDateDateTime"),
        terms=_term(r, terms + "/ram:Description"),
        excl=_term(r, TOTALS + "/ram:TaxBasisTotalAmount"),
        incl=_term(r, TOTALS + "/ram:GrandTotalAmount"),
        prepaid=_term(r, TOTALS + "/ram:TotalPrepaidAmount"),
        # EXTENDED (and the French CTC profile) may say when an advance was received; that
        # date is a qdt:FormattedDateTimeType (qdt:DateTimeString, not udt)
        prepaid_date=_term(r, SETTLEMENT + "/ram:SpecifiedAdvancePayment"
                           "/ram:FormattedReceivedDateTime/qdt:DateTimeString"),
        delivery=_date_term(r, DELIVERY + "/ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime"),
        period_end=_date_term(r, SETTLEMENT + "/ram:BillingSpecifiedPeriod/ram:EndDateTime"),
        date_parser=_cii_date, profile=profile,
    )
    x.lines = [n.text or "" for n in r.all(
        TX + "/ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedTradeProduct/ram:Name")]
    x.seller = _party(r, r.one(AGREEMENT + "/ram:SellerTradeParty"), seller=True)
    x.buyer = _party(r, r.one(AGREEMENT + "/ram:BuyerTradeParty"), seller=False)
    x.payee_name = r.text(SETTLEMENT + "/ram:PayeeTradeParty/ram:Name")
    for m in r.all(means):
        iban = r.text("ram:PayeePartyCreditorFinancialAccount/ram:IBANID", m)
        if iban:
            x.iban = iban
            x.bic = r.text("ram:PayeeSpecifiedCreditorFinancialInstitution/ram:BICID", m)
            break
    x.preceding = [t.text.strip() for t in r.all(
        SETTLEMENT + "/ram:InvoiceReferencedDocument/ram:IssuerAssignedID") if t.text]
    return x


def read_cii(root: Any, src: Source) -> InvoiceRecord:
    """A CII invoice (root already parsed): XSD of its profile, then the EN 16931 terms."""
    level = xml.cii_level(root, src)
    xml.check(root, xml.cii_schema(level), src, f"Factur-X {xml.PROFILES.get(level, level)}")
    return einvoice.to_record(extract(root, src, xml.PROFILES.get(level, level)), src)
