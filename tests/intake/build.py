"""Test inputs written here: CII XML for the Factur-X profiles (EN 16931, BASIC), Factur-X
PDFs made with the factur-x library from a small PDF, and CSV exports."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

import facturx
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

SAMPLES = Path(__file__).parent / "samples"

GUIDELINES = {
    "en16931": "urn:cen.eu:en16931:2017",
    "basic": "urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic",
}


@dataclass
class Party:
    name: str
    siren: str | None = None
    siret: str | None = None
    vat: str | None = None
    street: str | None = None
    line_two: str | None = None
    postcode: str | None = None
    city: str | None = None
    country: str = "FR"
    email: str | None = None
    phone: str | None = None
    legal_info: str | None = None


SELLER = Party("Atelier Dupont", siren="732829320", vat="FR44732829320",
               street="12 rue de la République", postcode="69002", city="Lyon",
               email="compta@atelier-dupont.example", phone="+33 4 72 00 00 00",
               legal_info="SARL au capital de 10 000 €, RCS Lyon 732 829 320")
BUYER = Party("Martin Bâtiment", siret="40483304800022", vat="FR83404833048",
              street="45 avenue Roger Salengro", line_two="Bâtiment B", postcode="69100",
              city="Villeurbanne", email="fournisseurs@martin-batiment.example")


@dataclass
class Inv:
    number: str = "F-2026-0117"
    type_code: str = "380"
    issue: date = date(2026, 5, 4)
    due: date | None = date(2026, 6, 3)
    terms: str | None = "Paiement à 30 jours"
    delivery: date | None = date(2026, 4, 30)
    lines: list[tuple[str, Decimal]] = field(default_factory=lambda: [
        ("Menuiseries — chantier rue Garibaldi", Decimal("3000.00")),
        ("Pose", Decimal("1000.00"))])
    prepaid: Decimal | None = None
    currency: str = "EUR"
    seller: Party = field(default_factory=lambda: SELLER)
    buyer: Party = field(default_factory=lambda: BUYER)
    iban: str | None = "FR7630006000011234567890189"
    bic: str | None = "AGRIFRPP"
    preceding: str | None = None
    payee: str | None = None

    @property
    def excl(self) -> Decimal:
        return sum((a for _, a in self.lines), Decimal("0"))

    @property
    def tax(self) -> Decimal:
        return (self.excl * Decimal("0.20")).quantize(Decimal("0.01"))

    @property
    def incl(self) -> Decimal:
        return self.excl + self.tax


def _d(d: date) -> str:
    return f'<udt:DateTimeString format="102">{d.strftime("%Y%m%d")}</udt:DateTimeString>'


def _party(tag: str, p: Party, profile: str, seller: bool) -> str:
    e = escape
    out = [f"<ram:{tag}>"]
    out.append(f"<ram:Name>{e(p.name)}</ram:Name>")
    if seller and p.legal_info and profile == "en16931":
        out.append(f"<ram:Description>{e(p.legal_info)}</ram:Description>")
    if p.siren or p.siret:
        scheme, value = ("0002", p.siren) if p.siren else ("0009", p.siret)
        out.append(f'<ram:SpecifiedLegalOrganization><ram:ID schemeID="{scheme}">{value}'
                   "</ram:ID></ram:SpecifiedLegalOrganization>")
    if profile == "en16931" and (p.phone or p.email):
        out.append("<ram:DefinedTradeContact>")
        if p.phone:
            out.append("<ram:TelephoneUniversalCommunication><ram:CompleteNumber>"
                       f"{e(p.phone)}</ram:CompleteNumber></ram:TelephoneUniversalCommunication>")
        if p.email:
            out.append("<ram:EmailURIUniversalCommunication><ram:URIID>"
                       f"{e(p.email)}</ram:URIID></ram:EmailURIUniversalCommunication>")
        out.append("</ram:DefinedTradeContact>")
    out.append("<ram:PostalTradeAddress>")
    if p.postcode:
        out.append(f"<ram:PostcodeCode>{p.postcode}</ram:PostcodeCode>")
    if p.street:
        out.append(f"<ram:LineOne>{e(p.street)}</ram:LineOne>")
    if p.line_two:
        out.append(f"<ram:LineTwo>{e(p.line_two)}</ram:LineTwo>")
    if p.city:
        out.append(f"<ram:CityName>{e(p.city)}</ram:CityName>")
    out.append(f"<ram:CountryID>{p.country}</ram:CountryID></ram:PostalTradeAddress>")
    if p.email and profile != "en16931":
        out.append(f'<ram:URIUniversalCommunication><ram:URIID schemeID="EM">{e(p.email)}'
                   "</ram:URIID></ram:URIUniversalCommunication>")
    if p.vat:
        out.append(f'<ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">{p.vat}</ram:ID>'
                   "</ram:SpecifiedTaxRegistration>")
    out.append(f"</ram:{tag}>")
    return "".join(out)


def cii(inv: Inv | None = None, profile: str = "en16931") -> bytes:
    """A CII invoice of the given Factur-X profile, valid against its XSD."""
    inv = inv or Inv()
    e = escape
    lines = []
    for n, (name, amount) in enumerate(inv.lines, start=1):
        lines.append(
            "<ram:IncludedSupplyChainTradeLineItem>"
            f"<ram:AssociatedDocumentLineDocument><ram:LineID>{n}</ram:LineID>"
            "</ram:AssociatedDocumentLineDocument>"
            f"<ram:SpecifiedTradeProduct><ram:Name>{e(name)}</ram:Name></ram:SpecifiedTradeProduct>"
            "<ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice>"
            f"<ram:ChargeAmount>{amount}</ram:ChargeAmount></ram:NetPriceProductTradePrice>"
            "</ram:SpecifiedLineTradeAgreement>"
            '<ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="C62">1'
            "</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>"
            "<ram:SpecifiedLineTradeSettlement><ram:ApplicableTradeTax><ram:TypeCode>VAT"
            "</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>20"
            "</ram:RateApplicablePercent></ram:ApplicableTradeTax>"
            "<ram:SpecifiedTradeSettlementLineMonetarySummation>"
            f"<ram:LineTotalAmount>{amount}</ram:LineTotalAmount>"
            "</ram:SpecifiedTradeSettlementLineMonetarySummation></ram:SpecifiedLineTradeSettlement>"
            "</ram:IncludedSupplyChainTradeLineItem>")
    delivery = ""
    if inv.delivery:
        delivery = ("<ram:ActualDeliverySupplyChainEvent><ram:OccurrenceDateTime>"
                    f"{_d(inv.delivery)}</ram:OccurrenceDateTime></ram:ActualDeliverySupplyChainEvent>")
    means = ""
    if inv.iban:
        bic = ""
        if inv.bic and profile == "en16931":
            bic = ("<ram:PayeeSpecifiedCreditorFinancialInstitution><ram:BICID>"
                   f"{inv.bic}</ram:BICID></ram:PayeeSpecifiedCreditorFinancialInstitution>")
        means = ("<ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>58</ram:TypeCode>"
                 "<ram:PayeePartyCreditorFinancialAccount>"
                 f"<ram:IBANID>{inv.iban}</ram:IBANID></ram:PayeePartyCreditorFinancialAccount>"
                 f"{bic}</ram:SpecifiedTradeSettlementPaymentMeans>")
    terms = ""
    if inv.terms or inv.due:
        terms = "<ram:SpecifiedTradePaymentTerms>"
        if inv.terms:
            terms += f"<ram:Description>{e(inv.terms)}</ram:Description>"
        if inv.due:
            terms += f"<ram:DueDateDateTime>{_d(inv.due)}</ram:DueDateDateTime>"
        terms += "</ram:SpecifiedTradePaymentTerms>"
    prepaid = inv.prepaid or Decimal("0.00")
    payee = f"<ram:PayeeTradeParty><ram:Name>{e(inv.payee)}</ram:Name></ram:PayeeTradeParty>" \
        if inv.payee else ""
    preceding = ""
    if inv.preceding:
        preceding = ("<ram:InvoiceReferencedDocument><ram:IssuerAssignedID>"
                     f"{e(inv.preceding)}</ram:IssuerAssignedID></ram:InvoiceReferencedDocument>")
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rsm:CrossIndustryInvoice'
        ' xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"'
        ' xmlns:qdt="urn:un:unece:uncefact:data:standard:QualifiedDataType:100"'
        ' xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"'
        ' xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">\n'
        "<rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter>"
        f"<ram:ID>{GUIDELINES[profile]}</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>"
        "</rsm:ExchangedDocumentContext>\n"
        f"<rsm:ExchangedDocument><ram:ID>{e(inv.number)}</ram:ID>"
        f"<ram:TypeCode>{inv.type_code}</ram:TypeCode>"
        f"<ram:IssueDateTime>{_d(inv.issue)}</ram:IssueDateTime></rsm:ExchangedDocument>\n"
        "<rsm:SupplyChainTradeTransaction>\n" + "\n".join(lines) + "\n"
        "<ram:ApplicableHeaderTradeAgreement>"
        + _party("SellerTradeParty", inv.seller, profile, True)
        + _party("BuyerTradeParty", inv.buyer, profile, False)
        + "</ram:ApplicableHeaderTradeAgreement>\n"
        f"<ram:ApplicableHeaderTradeDelivery>{delivery}</ram:ApplicableHeaderTradeDelivery>\n"
        "<ram:ApplicableHeaderTradeSettlement>"
        f"<ram:InvoiceCurrencyCode>{inv.currency}</ram:InvoiceCurrencyCode>{payee}{means}"
        f"<ram:ApplicableTradeTax><ram:CalculatedAmount>{inv.tax}</ram:CalculatedAmount>"
        f"<ram:TypeCode>VAT</ram:TypeCode><ram:BasisAmount>{inv.excl}</ram:BasisAmount>"
        "<ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>20"
        "</ram:RateApplicablePercent></ram:ApplicableTradeTax>"
        f"{terms}"
        "<ram:SpecifiedTradeSettlementHeaderMonetarySummation>"
        f"<ram:LineTotalAmount>{inv.excl}</ram:LineTotalAmount>"
        f"<ram:TaxBasisTotalAmount>{inv.excl}</ram:TaxBasisTotalAmount>"
        f'<ram:TaxTotalAmount currencyID="{inv.currency}">{inv.tax}</ram:TaxTotalAmount>'
        f"<ram:GrandTotalAmount>{inv.incl}</ram:GrandTotalAmount>"
        f"<ram:TotalPrepaidAmount>{prepaid}</ram:TotalPrepaidAmount>"
        f"<ram:DuePayableAmount>{inv.incl - prepaid}</ram:DuePayableAmount>"
        "</ram:SpecifiedTradeSettlementHeaderMonetarySummation>"
        f"{preceding}"
        "</ram:ApplicableHeaderTradeSettlement>\n"
        "</rsm:SupplyChainTradeTransaction>\n</rsm:CrossIndustryInvoice>\n")
    return xml.encode("utf-8")


def small_pdf(text: str = "Facture") -> bytes:
    """A one-page PDF with a line of text (Helvetica), written with pypdf."""
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"),
                             NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject(
        {NameObject("/F1"): writer._add_object(font)})})
    safe = text.encode("latin-1", "replace").decode("latin-1").replace("(", "[").replace(")", "]")
    stream = DecodedStreamObject()
    stream.set_data(f"BT /F1 14 Tf 72 770 Td ({safe}) Tj ET".encode("latin-1"))
    page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def facturx_pdf(inv: Inv | None = None, profile: str = "en16931") -> bytes:
    """A Factur-X PDF: the factur-x library embeds the CII XML (checked against its XSD)."""
    inv = inv or Inv()
    return facturx.generate_from_binary(small_pdf(f"Facture {inv.number}"), cii(inv, profile),
                                        flavor="factur-x", level=profile, check_xsd=True)


def csv_bytes(rows: list[list[str]], *, sep: str = ";", encoding: str = "utf-8") -> bytes:
    def cell(c: str) -> str:
        return f'"{c}"' if sep in c or '"' in c else c
    return ("\r\n".join(sep.join(cell(c) for c in r) for r in rows) + "\r\n").encode(encoding)
