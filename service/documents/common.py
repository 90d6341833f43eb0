"""Context pieces shared by every letter and filing: addresses, invoices, décompte, payment
(parties are named in :mod:`service.documents.parties`).

Builders return plain dicts of strings and small dicts; templates only lay them out. Amounts
are formatted here (``service.fr``), so every document prints them the same way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from service import fr
from service.clock import PARIS
from service.documents import consumer_interest, epc
from service.errors import FieldError, field_error
from service.law.decompte import Decompte, InvoiceLine, round_cents
from service.law.parameters import WARN_STATUSES
from service.model import Address, Case, Invoice

REASON_LRAR = "Lettre recommandée avec demande d’avis de réception"


def address_lines(a: Address | None) -> list[str]:
    """Postal lines as printed in a document (mixed case, not the NF Z10-011 block)."""
    if a is None:
        return []
    last = " ".join(p for p in (a.postal_code, a.city, a.cedex and _cedex(a.cedex)) if p)
    lines = [a.delivery_point, a.building, a.street, a.locality, last]
    if a.country != "FR":
        from babel import Locale

        lines.append(Locale("fr").territories.get(a.country, a.country).upper())
    return [x for x in lines if x]


def _cedex(value: str) -> str:
    v = value.strip()
    return v if v.upper().startswith("CEDEX") else f"CEDEX {v}"


def one_line(a: Address | None) -> str:
    """The address in a sentence: the country by its French name as written in prose
    (« …, 1050 Bruxelles, Belgique », LR15), not in the capitals of a postal block."""
    if a is None:
        return ""
    lines = address_lines(a)
    if a.country != "FR":
        from babel import Locale

        lines[-1] = Locale("fr").territories.get(a.country, a.country)
    return ", ".join(lines)


def invoice_rows(decompte: Decompte) -> list[dict[str, Any]]:
    rows = []
    for line in decompte.invoices:
        inv = line.invoice
        rows.append({
            "number": inv.number,
            "issue_date": fr.date_short(inv.issue_date),
            "due_date": fr.date_short(inv.due_date),
            "description": inv.description or "",
            "amount": fr.money(inv.amount_incl_tax),
            "paid": fr.money(line.paid) if line.paid else "—",
            "payments": payment_entries(line, decompte.regime),
            "outstanding": fr.money(line.outstanding),
            "interest": fr.money(line.interest),
            "indemnity": fr.money(line.indemnity) if line.indemnity else "—",
            "interest_from": fr.date_short(line.interest_start) if line.interest_start else "—",
            "periods": [
                {"from": fr.date_short(p.start), "to": fr.date_short(p.end), "days": p.days,
                 "principal": fr.money(p.principal), "rate": fr.percent(p.rate),
                 # LR13: each period's amount, so a penalty total can be traced
                 "amount": fr.money(round_cents(p.exact_amount))}
                for p in line.periods
            ],
        })
    return rows


def payment_entries(line: InvoiceLine, regime: str) -> list[dict[str, str]]:
    """The payments set against one invoice's principal, each with its date (CPC 1407,
    C. com. R622-23: the décompte shows how the invoice's amount came down to what is claimed;
    seventh reading 1). ``amount`` is the part that lowered the principal, so the amounts add
    up to the invoice's ``paid``; ``note`` says what a payment first paid of the interest or
    penalties accrued (C. civ. 1343-1), else is empty."""
    accrued = "intérêts" if regime == "consumer" else "pénalités"
    return [{"date": fr.date_short(imp.date), "amount": fr.money(imp.amount),
             "note": (f"outre {fr.money(imp.interest)} imputés sur les {accrued}"
                      if imp.interest else "")}
            for imp in line.imputations if imp.amount > 0 or imp.interest > 0]


# an invoice number is a whole token: letters, digits, « - », « _ » and « / » belong to it, so
# « F-1 » is not found in « Facture F-12 » nor in « F-1/2 »
_TOKEN_CHAR = r"[\w/-]"


def invoice_pieces(case: Case) -> dict[str, list[int]]:
    """Invoice number -> the numbers (1..n) of the pièces whose title names that invoice."""
    out: dict[str, list[int]] = {}
    for inv in case.invoices:
        pattern = re.compile(rf"(?<!{_TOKEN_CHAR}){re.escape(inv.number)}(?!{_TOKEN_CHAR})")
        out[inv.number] = [i for i, ev in enumerate(case.evidence, start=1)
                           if pattern.search(ev.title)]
    return out


# a pièce producing general terms or the contract: its title says so
TERMS_TITLE = re.compile(r"conditions\s+g[ée]n[ée]rales|\bCG[VU]?\b|\bcontrat\b|\bdevis\b",
                         re.IGNORECASE)


def terms_pieces(case: Case) -> list[int]:
    """The numbers (1..n) of the pièces producing the general terms or the contract: a title
    naming them (« Conditions générales de vente », « CGV », « Contrat », « Devis ») or
    containing ``case.terms.reference``."""
    ref = (case.terms.reference or "").lower()
    return [i for i, ev in enumerate(case.evidence, start=1)
            if TERMS_TITLE.search(ev.title) or (ref and ref in ev.title.lower())]


def totals(decompte: Decompte) -> dict[str, Any]:
    t = decompte.totals
    return {
        "amount": fr.money(t.amount), "paid": fr.money(t.paid),
        "outstanding": fr.money(t.outstanding), "interest": fr.money(t.interest),
        "indemnities": fr.money(t.indemnities), "total_due": fr.money(t.total_due),
        "total_due_words": fr.amount_in_words(t.total_due),
        "has_interest": t.interest > 0, "has_indemnities": t.indemnities > 0,
        "has_payments": t.paid > 0,
        "total_due_raw": t.total_due, "outstanding_raw": t.outstanding,
    }


def decompte_unverified(decompte: Decompte) -> bool:
    """Whether a value the décompte used rests on a source still to be confirmed (the documents
    then say so under the décompte)."""
    return any(s.status in WARN_STATUSES for s in decompte.sources)


def rate_description(decompte: Decompte, case: Case) -> str:
    """How the interest or penalties are computed, in one French sentence."""
    if decompte.regime == "consumer":
        col = ("taux applicable aux créanciers personnes physiques"
               if decompte.rate_basis == "legal_private" else "taux applicable dans les autres cas")
        # the start as the décompte counts it (third reading 1), else the rule
        start = consumer_interest.start_phrase(decompte, case) or "à compter de la mise en demeure"
        return (f"intérêts au taux de l’intérêt légal ({col}, fixé par semestre) {start}"
                " (articles 1231-6 et 1344-1 du code civil)")
    if decompte.rate_basis == "contractual":
        return (f"pénalités de retard au taux contractuel de {fr.percent(case.terms.late_penalty_rate)}"
                " l’an, qui ne peut être inférieur à trois fois le taux de l’intérêt légal"
                " (article L441-10 II du code de commerce)")
    # L441-10 II, as the second reading (6) asked: which rate, which date for which half-year
    return ("pénalités de retard au taux appliqué par la Banque centrale européenne à son"
            " opération de refinancement la plus récente, en vigueur au 1er janvier pour le"
            " premier semestre et au 1er juillet pour le second, majoré de dix points (article"
            " L441-10 II du code de commerce)")


def applied_rates(decompte: Decompte) -> list[str]:
    """The annual rates the décompte applied, in order, each once (« 12,15 % »)."""
    rates: list[str] = []
    for line in decompte.invoices:
        for p in line.periods:
            if fr.percent(p.rate) not in rates:
                rates.append(fr.percent(p.rate))
    return rates


def letter_rate_description(decompte: Decompte, case: Case, *, cite: bool = True) -> str:
    """:func:`rate_description` as the letters word it (R6, D6): the half-year rule said
    plainly and the figures of the rates applied. ``cite=False`` leaves out « (article
    L441-10 II du code de commerce) » for a sentence that already cites the article (LR18)."""
    rates = applied_rates(decompte)
    figures = (", soit " + (" puis ".join(rates) if len(rates) < 4 else
                            ", ".join(rates[:-1]) + " puis " + rates[-1]) + " l’an") if rates else ""
    if decompte.regime == "consumer":
        # tenth reading: the figure too, for a document that shows no period table (the
        # échéancier): the consumer acknowledges interest he can check
        return rate_description(decompte, case) + figures
    if decompte.rate_basis == "contractual":
        text = rate_description(decompte, case)
        return text if cite else _uncited(text)
    text = ("pénalités de retard au taux de refinancement de la Banque centrale européenne majoré"
            " de dix points, le taux en vigueur au 1er janvier s’appliquant au premier semestre et"
            " celui en vigueur au 1er juillet au second (article L441-10 II du code de commerce)"
            + figures)
    return text if cite else _uncited(text)


def _uncited(text: str) -> str:
    return text.replace(" (article L441-10 II du code de commerce)", "")


def late_payment_reminder(decompte: Decompte, case: Case, *, singular: bool,
                          indemnity_amount: str) -> str | None:
    """The paragraph that founds the late-payment penalties and the flat indemnity between
    professionals (C. com. L441-10 II, D441-5), cited once each (LR4, LR18): the relances of
    every level print it; ``None`` for a consumer, who owes neither."""
    if decompte.regime == "consumer":
        return None
    terms = case.terms.reference
    text = (("Je vous rappelle" if singular else "Nous vous rappelons")
            + " que, conformément à " + ("mes" if singular else "nos") + " conditions de paiement"
            + (f" ({terms})" if terms else "")
            + ", tout retard de paiement fait courir de plein droit des "
            + letter_rate_description(decompte, case))
    if case.terms.flat_indemnity:
        text += (", ainsi qu’une indemnité forfaitaire pour frais de recouvrement de"
                 f" {indemnity_amount} par facture (article D441-5 du code de commerce)")
    return fr.typo(text + ".")


def payment_block(case: Case, amount: Decimal) -> dict[str, Any] | None:
    bank = case.creditor.bank
    if bank is None:
        return None
    iban = " ".join(bank.iban[i:i + 4] for i in range(0, len(bank.iban), 4))
    payload = epc.payload(name=case.creditor.name, iban=bank.iban, bic=bank.bic, amount=amount,
                          text=case.reference)
    return {"iban": iban, "bic": bank.bic, "holder": case.creditor.name,
            "reference": case.reference, "amount": fr.money(amount), "epc_payload": payload,
            "qr_png": epc.png(payload) if payload else None}


# beyond this many invoices a reminder's scope is counted, not listed
SCOPE_MAX_LISTED = 3


_CLAUSE_SUFFIX = re.compile(r",?\s*(?:article|art\.)\s*[\w.-]+\s*$", re.IGNORECASE)


def contract_name(case: Case) -> str | None:
    """The contract as the basis of the principal: ``terms.reference`` without the clause it
    points to (« Conditions générales de vente, article 9 » → « Conditions générales de vente »;
    tenth reading: article 9 is the late-payment clause, not the basis of the price). The
    penalties keep the whole reference."""
    ref = case.terms.reference
    if not ref:
        return None
    return _CLAUSE_SUFFIX.sub("", ref).strip() or ref


def reminder_scope(invoices: Sequence[Invoice], on: date) -> list[str] | None:
    """The invoices of the claim a reminder sent on ``on`` can have claimed: those already
    due that day (seventh reading: a reminder of 10 June cannot have claimed an invoice issued
    on 15 June). None when that is every invoice (nothing to say), [] when none was due yet."""
    due = [inv.number for inv in invoices if inv.due_date < on]
    return None if len(due) == len(invoices) else due


def _scope_label(scope: list[str]) -> str:
    if len(scope) == 1:
        return f"facture {scope[0]}"
    if len(scope) <= SCOPE_MAX_LISTED:
        return "factures " + ", ".join(scope[:-1]) + " et " + scope[-1]
    return f"les {len(scope)} factures alors échues"


def reminders_list(case: Case, invoices: Sequence[Invoice] | None = None
                   ) -> list[dict[str, str]]:
    """The reminders on file, in date order, as the documents recall them: each with
    ``scope``, « (facture F-1) » when it can only have claimed some of the invoices of the
    claim (``invoices``, default the case's: those due on its date), "" when it concerned them
    all. A reminder sent before any of them fell due claimed none of this debt: it is left
    out."""
    claimed = case.invoices if invoices is None else tuple(invoices)
    channel = {"email": "courriel", "phone": "appel téléphonique", "letter": "courrier",
               "lrar": "lettre recommandée avec demande d’avis de réception", "sms": "SMS",
               "visit": "visite"}
    kinds = {"relance": "relance", "mise_en_demeure": "mise en demeure"}
    out = []
    for r in sorted(case.reminders, key=lambda r: r.date):
        scope = reminder_scope(claimed, r.date)
        if scope == []:
            continue
        label = fr.typo(_scope_label(scope)) if scope else ""
        out.append({"date": fr.date_long(r.date), "kind": kinds[r.kind],
                    "channel": channel[r.channel], "note": r.note or "",
                    "scope": label, "scope_paren": f" ({label})" if label else "",
                    "scope_comma": f", {label}" if label else ""})
    return out


_NOTICE_TITLE = re.compile(r"mise\s+en\s+demeure", re.IGNORECASE)


def notice_pieces(case: Case) -> list[int]:
    """The numbers (1..n) of the pièces whose title names a « mise en demeure » (the letter,
    its avis de réception), cited where the deed recalls it; none when the case holds more than
    one mise en demeure (which pièce is which would be a guess)."""
    if sum(1 for r in case.reminders if r.kind == "mise_en_demeure") != 1:
        return []
    return [i for i, ev in enumerate(case.evidence, start=1) if _NOTICE_TITLE.search(ev.title)]


def created_iso(d: date) -> str:
    """The document's creation timestamp: noon, Paris time, on the case's as_of date."""
    return datetime.combine(d, time(12, 0), tzinfo=PARIS).isoformat()


def document_meta(case: Case, *, title: str, subject: str, keyword: str,
                  author: str | None = None) -> dict[str, str]:
    """The PDF's metadata (title, author, subject, keywords, creation date, language), written
    by the renderer: the creation date comes from ``as_of`` so the output is reproducible."""
    return {"title": title, "author": author or case.creditor.display_name, "subject": subject,
            "keywords": f"{case.reference}, {keyword}, {case.debtor.display_name}",
            "created": created_iso(case.as_of), "lang": "fr"}


def require_something_due(decompte: Decompte) -> list[FieldError]:
    """Nothing due after the payments: no claim to write (a 422, not an empty letter)."""
    if decompte.totals.total_due <= 0:
        return [field_error("case.invoices", "nothing_due",
                            "Rien n’est dû au vu des paiements : aucun document à produire.",
                            "Nothing is due after the payments: no document to produce.")]
    return []
