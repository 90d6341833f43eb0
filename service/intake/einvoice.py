"""EN 16931 semantics shared by the CII and UBL readers: from the business terms to a record.

Each reader fills an :class:`Extract` (the business terms, BT-n, as text or values, with the
element each came from); :func:`to_record` applies the rules once:

- BT-1 number, BT-2 issue date; BT-3 type: a credit note (381 and kin) lowers what is due;
- BT-9 due date, else the payment terms (BT-20) read from the issue date, with a warning;
  neither is a 422 (an invoice without a due date cannot be pursued as it stands);
- BT-5 currency must be EUR;
- BT-109 / BT-112 amounts excluding / including tax; BT-113 prepaid amount → a payment on
  that invoice, dated as the file says or else the issue date, with a warning;
- BT-72 actual delivery date → ``performed_on`` (else the end of the invoicing period,
  BT-74, with a warning);
- the first lines' names (BT-153) → ``description``;
- seller → creditor, buyer → debtor; payee account (BT-84 IBAN, BT-86 BIC) → creditor.bank.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from service import fr
from service.intake import values
from service.intake.model import FileFault, IntakeInvalid, InvoiceRecord, Notice, Source, fault

INVOICE_TYPES = {"380", "383", "384", "386", "389", "751", "875", "876", "877"}
CREDIT_TYPES = {"381", "261", "262", "296", "308", "396", "420", "458", "532"}
MAX_LINES_IN_DESCRIPTION = 3
DESCRIPTION_LIMIT = 300


@dataclass
class Term:
    """One business term: its text and where it was read (element path, source line)."""

    text: str | None
    element: str
    line: int | None = None


@dataclass
class Extract:
    number: Term
    type_code: Term
    issue_date: Term
    currency: Term
    due_date: Term
    terms: Term
    excl: Term
    incl: Term
    prepaid: Term
    prepaid_date: Term
    delivery: Term
    period_end: Term
    lines: list[str] = field(default_factory=list)
    seller: dict[str, Any] | None = None
    buyer: dict[str, Any] | None = None
    payee_name: str | None = None
    iban: str | None = None
    bic: str | None = None
    preceding: list[str] = field(default_factory=list)
    date_parser: Any = None  # text -> date (raises ValueError)
    profile: str | None = None


def _f(src: Source, t: Term, code: str, fr: str, en: str) -> FileFault:
    return fault(src, code, fr, en, element=t.element, line=t.line)


def to_record(x: Extract, src: Source) -> InvoiceRecord:
    faults: list[FileFault] = []
    notices: list[Notice] = []
    parse_day = x.date_parser

    def read_day(t: Term, bt: str) -> date | None:
        try:
            return parse_day(t.text) if t.text else None
        except ValueError as exc:
            faults.append(_f(src, t, "invalid_date", f"date illisible ({bt}) : « {t.text} ».",
                             f"unreadable date ({bt}): '{t.text}' ({exc})."))
            return None

    def read_amount(t: Term, bt: str) -> Decimal | None:
        try:
            v = values.xml_amount(t.text)
        except ValueError:
            faults.append(_f(src, t, "invalid_amount", f"montant illisible ({bt}) : « {t.text} ».",
                             f"unreadable amount ({bt}): '{t.text}'."))
            return None
        if v is not None and v < 0:
            faults.append(_f(src, t, "negative_amount", f"montant négatif ({bt}) : {v}.",
                             f"negative amount ({bt}): {v}."))
            return None
        return v

    number = values.clean(x.number.text)
    if not number:
        faults.append(_f(src, x.number, "required", "numéro de facture (BT-1) absent.",
                         "invoice number (BT-1) missing."))
    code = (x.type_code.text or "380").strip()
    if code in CREDIT_TYPES:
        kind = "credit_note"
    elif code in INVOICE_TYPES:
        kind = "invoice"
    else:
        kind = "invoice"
        faults.append(_f(src, x.type_code, "unsupported_document_type",
                         f"type de document {code} (BT-3) : ni une facture ni un avoir.",
                         f"document type {code} (BT-3): neither an invoice nor a credit note."))
    currency = (x.currency.text or "").strip().upper()
    if currency and currency != "EUR":
        faults.append(_f(src, x.currency, "currency_not_eur",
                         f"devise {currency} (BT-5) : seules les factures en euros sont reprises.",
                         f"currency {currency} (BT-5): only invoices in euros are taken."))
    issue = read_day(x.issue_date, "BT-2")
    if issue is None and not any(f.element == x.issue_date.element for f in faults):
        faults.append(_f(src, x.issue_date, "required", "date d’émission (BT-2) absente.",
                         "issue date (BT-2) missing."))
    due = read_day(x.due_date, "BT-9")
    if due is None and issue is not None and kind == "invoice" and x.due_date.text is None:
        read = values.due_from_terms(x.terms.text, issue) if x.terms.text else None
        if read is None:
            if x.terms.text:
                faults.append(_f(src, x.terms, "payment_terms_unreadable",
                                 f"ni échéance (BT-9) ni conditions de paiement lisibles (BT-20 :"
                                 f" « {x.terms.text[:120]} ») : indiquez l’échéance.",
                                 f"no due date (BT-9) and unreadable payment terms (BT-20: "
                                 f"'{x.terms.text[:120]}'): give the due date."))
            else:
                faults.append(_f(src, x.due_date, "due_date_missing",
                                 "ni échéance (BT-9) ni conditions de paiement (BT-20).",
                                 "neither a due date (BT-9) nor payment terms (BT-20)."))
        else:
            due, how_fr, how_en = read
            terms = (x.terms.text or "")[:120]
            notices.append(Notice(
                "due_date_from_payment_terms",
                f"Facture {number} ({src.name}) : pas d’échéance (BT-9) ; échéance du"
                f" {fr.date_long(due)} déduite des conditions de paiement « {terms} »"
                f" ({how_fr}). Vérifiez-la.",
                f"Invoice {number} ({src.name}): no due date (BT-9); due date {due.isoformat()}"
                f" read from the payment terms '{terms}' ({how_en}). Check it.",
                file=src.name))
    if due is None and kind == "credit_note":
        due = issue
    excl = read_amount(x.excl, "BT-109")
    incl = read_amount(x.incl, "BT-112")
    if incl is None and not any(f.element == x.incl.element for f in faults):
        faults.append(_f(src, x.incl, "required", "montant TTC (BT-112) absent.",
                         "amount including tax (BT-112) missing."))
    prepaid = read_amount(x.prepaid, "BT-113")
    prepaid_date = read_day(x.prepaid_date, "date du paiement anticipé")
    performed = read_day(x.delivery, "BT-72")
    if performed is None and x.delivery.text is None:
        end = read_day(x.period_end, "BT-74")
        if end is not None:
            performed = end
            notices.append(Notice(
                "performed_on_from_invoicing_period",
                f"Facture {number} ({src.name}) : pas de date de livraison (BT-72) ; la fin de la"
                f" période de facturation (BT-74, {fr.date_long(end)}) est retenue comme date"
                " d’exécution (performed_on).",
                f"Invoice {number} ({src.name}): no delivery date (BT-72); the end of the invoicing"
                f" period (BT-74, {end.isoformat()}) is taken as performed_on.",
                file=src.name))
    if faults:
        raise IntakeInvalid(list(faults))
    assert number and issue and due and incl is not None
    names = [n for n in (values.clean(line) for line in x.lines) if n]
    description = None
    if names:
        description = "\u202f; ".join(names[:MAX_LINES_IN_DESCRIPTION])
        if len(names) > MAX_LINES_IN_DESCRIPTION:
            description += f" (et {len(names) - MAX_LINES_IN_DESCRIPTION} autre(s) ligne(s))"
        if len(description) > DESCRIPTION_LIMIT:
            description = description[: DESCRIPTION_LIMIT - 1].rstrip() + "…"
    bank = None
    if x.iban:
        bank = values.prune({"iban": x.iban.replace(" ", "").upper(),
                             "bic": (x.bic or "").replace(" ", "").upper() or None})
    if x.payee_name and x.seller and values.clean(x.payee_name) != x.seller.get("name"):
        notices.append(Notice(
            "payee_differs_from_seller",
            f"Facture {number} ({src.name}) : le bénéficiaire du paiement (BG-10, « {x.payee_name} »)"
            " n’est pas le vendeur ; si la créance a été cédée ou affacturée, c’est lui le créancier."
            " Vérifiez case.creditor.",
            f"Invoice {number} ({src.name}): the payee (BG-10, '{x.payee_name}') is not the seller;"
            " if the claim was assigned or factored, the payee is the creditor. Check case.creditor.",
            path="case.creditor", file=src.name))
    return InvoiceRecord(
        source=src, kind=kind, number=number, issue_date=issue, due_date=due,  # type: ignore[arg-type]
        amount_incl_tax=incl, amount_excl_tax=excl, description=description,
        performed_on=performed, prepaid=prepaid if prepaid else None, prepaid_date=prepaid_date,
        seller=x.seller, buyer=x.buyer, bank=bank, preceding=tuple(x.preceding),
        profile=x.profile, notices=notices)


def party(*, name: str | None, ids: list[tuple[str | None, str | None]], vat: str | None,
          address: dict[str, Any] | None, email: str | None, phone: str | None = None,
          legal_info: str | None = None) -> dict[str, Any]:
    """A contract party from an EN 16931 party. With a SIREN, SIRET or VAT number it is a
    company; without, its type is left for the user to say (a consumer has none either)."""
    p: dict[str, Any] = {"name": values.clean(name, 300)}
    p.update(values.company_ids(ids, vat))
    if any(k in p for k in ("siren", "siret", "vat_number")):
        p = {"type": "company", **p}
    p.update(values.legal_mentions(legal_info))
    p["address"] = address
    p["email"] = values.clean(email, 254)
    p["phone"] = values.clean(phone, 40)
    return values.prune(p)
