"""What every letter shares: sender, recipient block, date, deadline, décompte, payment."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from num2words import num2words

from service import fr
from service.contract.options import LetterOptions
from service.documents import common
from service.documents.facts import CaseFacts
from service.documents.parties import (
    civility_gender,
    footer_mentions,
    party_identity,
    registration_text,
    seat,
)
from service.errors import CaseInvalid, FieldError, field_error
from service.law.deadlines import Deadline, Presentation, compute_deadline, expected_presentation
from service.law.decompte import Decompte
from service.model import Address, Case, Lawyer, Party, Warning
from service.pdf.render import generated_image_url
from service.postage import AddressBlock, Mailing
from service.postage import address_lines as nf_address_lines
from service.postage.address import fold
from service.postage.address import rules as postage_rules
from service.postage.channel import CHANNEL_INFO, check_channel
from service.postage.tariffs import is_domestic


@dataclass(frozen=True)
class SenderInfo:
    name: str
    kind_label: str | None
    extra: list[str]
    lines: list[str]
    email: str | None
    phone: str | None
    address: Address
    path: str  # JSON path of the sender's address, for postage errors

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind_label": self.kind_label, "extra": self.extra,
                "lines": self.lines, "email": self.email, "phone": self.phone}


def creditor_sender(case: Case) -> SenderInfo:
    c = case.creditor
    ident = party_identity(c)
    extra = ident["legal"][:1] if c.is_company else []
    return SenderInfo(name=ident["name"], kind_label=None, extra=extra,
                      lines=ident["address_lines"], email=c.email, phone=c.phone,
                      address=c.address, path="case.creditor.address")


def issuer_sender(case: Case, issuer_kind: str) -> SenderInfo:
    if issuer_kind == "creditor":
        return creditor_sender(case)
    if issuer_kind == "avocat" and case.lawyer is not None:
        lw = case.lawyer
        extra = [lw.bar] + ([f"Toque {lw.toque}"] if lw.toque else [])
        return SenderInfo(name=lawyer_own_name(lw.name), kind_label=lawyer_noun(lw), extra=extra,
                          lines=common.address_lines(lw.address), email=lw.email,
                          phone=lw.phone, address=lw.address, path="case.lawyer.address")
    iss = case.issuer
    assert iss is not None and iss.address is not None
    label = "Commissaire de justice" if issuer_kind == "commissaire_de_justice" else "Avocat"
    return SenderInfo(name=iss.name, kind_label=label, extra=[],
                      lines=common.address_lines(iss.address), email=iss.email, phone=iss.phone,
                      address=iss.address, path="case.issuer.address")


def recipient_attention(debtor: Party) -> str | None:
    """Line 2 of the window block: the service (delivery point), else the representative."""
    if debtor.address.delivery_point:
        return None  # the address's own delivery point takes line 2
    if debtor.is_company and debtor.representative:
        return debtor.representative.name
    return None


def signer_attention(debtor: Party) -> str | None:
    """Line 2 of the window block of a document the debtor's representative signs (fourth
    reading 9): « À l’attention de Paul Martin, Président » when the address goes to a service
    (a delivery point), the title dropped if the line would not fit; None otherwise."""
    rep = debtor.representative
    if not (debtor.is_company and rep and debtor.address.delivery_point):
        return None
    limit = int(postage_rules()["max_chars_per_line"])
    named = f"{rep.name}, {rep.title}" if rep.title else rep.name
    for line in (f"À l’attention de {named}", named):
        if len(fold(line)) <= limit:
            return line
    return rep.name


def signer_recipient(case: Case) -> tuple[AddressBlock | None, str | None]:
    """The window block addressed to the debtor's signer (:func:`signer_attention`) and its
    attention line; (None, None) when there is none or the block would not fit the norm (the
    letter then keeps the ordinary block)."""
    d = case.debtor
    attention = signer_attention(d)
    if attention is None:
        return None, None
    try:
        block = nf_address_lines(d.display_name, d.address, attention=attention,
                                 path="case.debtor.address")
    except CaseInvalid:
        return None, None
    return block, attention


def recipient_block(case: Case) -> tuple[list[str], list[Any]]:
    d = case.debtor
    block = nf_address_lines(d.display_name, d.address, attention=recipient_attention(d),
                             path="case.debtor.address")
    return list(block.lines), list(block.warnings)


def salutation(debtor: Party) -> str:
    civ = (debtor.civility or "").strip().lower().rstrip(".")
    if debtor.type == "individual":
        if civ in ("m", "monsieur", "mr"):
            return "Monsieur"
        if civ in ("mme", "madame", "mlle", "mademoiselle"):
            return "Madame"
    return "Madame, Monsieur"


def letter_presentation(case: Case) -> Presentation:
    """The expected first presentation of the registered letter posted on the letter's date:
    in postal working days (Monday to Saturday, no public holiday), J+2 in France (parameter
    ``poste.registered_delivery_days``, lrar.md §1.1), an unsourced assumption abroad."""
    a = case.debtor.address
    return expected_presentation(case.as_of, domestic=is_domestic(a.country),
                                 department=a.department)


def letter_deadline(case: Case, presentation: Presentation | None = None) -> Deadline:
    """The payment date the letter fixes: the grace period counted after the expected first
    presentation (or after the letter's date), moved to the next working day. A letter's
    deadline is not a procedural one: CPC 640-642 are not cited (M2)."""
    start = presentation.on if presentation is not None else case.as_of
    return compute_deadline(start, days=case.grace_period_days,
                            department=case.debtor.address.department)


def presentation_warning(case: Case, presentation: Presentation) -> Warning | None:
    """A letter abroad: its first presentation is an assumption (no delay is sourced)."""
    if presentation.sourced:
        return None
    when = fr.date_long(presentation.on)
    return Warning(
        code="presentation_date_assumed",
        message_fr=fr.typo(
            f"Lettre recommandée à l’étranger ({case.debtor.address.country}) : aucun délai"
            " d’acheminement sourcé ; la date limite suppose une première présentation le"
            f" {when} ({presentation.days} jours ouvrables postaux, hypothèse prudente non"
            " vérifiée), et la lettre fait courir le délai de la première présentation si elle"
            " est plus tardive."),
        message_en=(f"Registered letter abroad ({case.debtor.address.country}): no delivery delay"
                    f" is sourced; the deadline assumes a first presentation on"
                    f" {presentation.on.isoformat()} ({presentation.days} postal working days),"
                    " and the letter runs the period from the first presentation if later."),
        path="case.debtor.address.country")


def debtor_abroad(case: Case) -> bool:
    """The debtor's seat or domicile (``legal_address``, else its address) is outside France:
    a letter then names no French procedure (LR15)."""
    return seat(case.debtor).country.upper() != "FR"


def abroad_procedure_warning(case: Case) -> Warning:
    """LR15: why a letter to a debtor abroad threatens « la juridiction compétente » without
    naming the injonction de payer of CPC 1405 s. (the court choice's ``debtor_abroad``)."""
    country = seat(case.debtor).country.upper()
    where = "legal_address" if case.debtor.legal_address is not None else "address"
    return Warning(
        code="debtor_abroad",
        message_fr=fr.typo(
            f"Débiteur établi à l’étranger ({country}) : la lettre annonce la saisine de la"
            " juridiction compétente sans nommer l’injonction de payer des articles 1405 et"
            " suivants du code de procédure civile. La compétence internationale des"
            " juridictions françaises, la signification à l’étranger et l’injonction de payer"
            " européenne (règlement (CE) n° 1896/2006) ne sont pas traitées par Recouvre."),
        message_en=(f"Debtor established abroad ({country}): the letter announces a claim before"
                    " the competent court without naming the CPC 1405 injonction de payer. The"
                    " international jurisdiction of French courts, service abroad and the"
                    " European order for payment (Regulation (EC) No 1896/2006) are outside this"
                    " tool."),
        path=f"case.debtor.{where}.country")


def letter_place(case: Case, sender: SenderInfo) -> str:
    """The place of the date line: where the writer is. An agent (étude, lawyer) writes from
    its own town, never from the creditor signatory's ``place`` (second reading 8)."""
    if sender.kind_label is None and case.signatory and case.signatory.place:
        return case.signatory.place
    return sender.address.city or case.creditor.address.city or ""


def of(name: str) -> str:
    """« de » elided before a vowel: « d’Atelier Dupont », « de Martin »."""
    return ("d’" if name[:1].lower() in "aeiouyàâéèêîôû" else "de ") + name


def one_line_address(a: Address | None) -> str:
    return common.one_line(a) if a is not None else ""


_HONORIFICS = ("maître", "maitre", "me", "me.")


def lawyer_is_woman(lw: Lawyer) -> bool:
    """From ``civility`` only (« Mme »): a first name does not say it reliably."""
    return civility_gender(lw.civility) == "f"


def lawyer_noun(lw: Lawyer) -> str:
    return "Avocate" if lawyer_is_woman(lw) else "Avocat"


def lawyer_own_name(name: str) -> str:
    """How a lawyer names herself in her letterhead and signature (second reading 17): no
    « Maître » (a title others give her), the surname in capitals: « Maître Sophie Garnier » ->
    « Sophie GARNIER ». A name already with a word in capitals is kept as given."""
    words = name.split()
    while len(words) > 1 and words[0].lower() in _HONORIFICS:
        words = words[1:]
    if len(words) > 1 and not any(w.isupper() and len(w) > 1 for w in words):
        words[-1] = words[-1].upper()
    return " ".join(words)


def lawyer_title(bar: str, noun: str = "Avocat") -> str:
    """« Barreau de Lyon » -> « Avocat au barreau de Lyon » (« Avocate … » for a woman)."""
    b = bar.strip()
    if b.lower().startswith("barreau"):
        return f"{noun} au b" + b[1:]
    return f"{noun}, {b}"


def issuer_mentions(case: Case, issuer_kind: str, sender: SenderInfo) -> str:
    """The footer of a letter written by the étude or the lawyer: name, and for a practice
    company its form, capital, registered office and RCS (C. com. R123-237), contact."""
    parts = [sender.name]
    iss = case.issuer
    if issuer_kind == "commissaire_de_justice" and iss is not None:
        if iss.legal_form:
            cap = (f" au capital de {fr.money(iss.share_capital)}"
                   if iss.share_capital is not None else "")
            parts.append(f"{iss.legal_form}{cap}")
        parts.append(f"siège social : {', '.join(sender.lines)}")
        if iss.siren:
            parts.append(registration_text(iss.siren, iss.rcs_city, on=case.as_of))
    else:
        parts.append(", ".join(sender.lines))
    contact = " — ".join(x for x in (sender.phone and f"Tél. {sender.phone}", sender.email) if x)
    if contact:
        parts.append(contact)
    return fr.typo(" — ".join(parts))


def grace_words(days: int) -> str:
    return f"{num2words(days, lang='fr')} ({days})"


def signatory(case: Case, *, for_whom: str | None = None) -> dict[str, Any]:
    s = case.signatory
    if s is not None:
        return {"name": s.name, "title": s.title, "for_whom": for_whom}
    rep = case.creditor.representative
    assert rep is not None  # checked by require_signatory
    return {"name": rep.name, "title": rep.title, "for_whom": for_whom}


def require_signatory(case: Case, *, need_title: bool) -> list[FieldError]:
    s = case.signatory
    if s is None:
        if case.creditor.representative is not None and not need_title:
            return []
        return [field_error("case.signatory", "required",
                            "Signataire manquant : nom et qualité de la personne qui signe.",
                            "Signatory missing: name and title of the person signing.")]
    if need_title and not s.title:
        return [field_error("case.signatory.title", "required",
                            "Qualité du signataire manquante (gérant, président, mandataire…).",
                            "Signatory's title missing (manager, president, agent...).")]
    return []


def require_company_mentions(party: Party, path: str) -> list[FieldError]:
    """R123-237 C. com.: a company's letters carry its registration number and legal form."""
    if not party.is_company:
        return []
    errors = []
    if not party.siren:
        errors.append(field_error(f"{path}.siren", "required",
                                  "SIREN de la société manquant (mention obligatoire sur ses"
                                  " correspondances, art. R123-237 C. com.).",
                                  "Company SIREN missing (required on its letters, Commercial"
                                  " Code art. R123-237)."))
    if not party.legal_form:
        errors.append(field_error(f"{path}.legal_form", "required",
                                  "Forme juridique manquante (art. R123-237 C. com.).",
                                  "Legal form missing (Commercial Code art. R123-237)."))
    return errors


@dataclass(frozen=True)
class LetterContext:
    """What :func:`base_context` gives a letter: its template context, the warnings of its
    address block, its payment deadline and the generated images its template shows."""

    context: dict[str, Any]
    warnings: tuple[Warning, ...]
    deadline: Deadline
    images: Mapping[str, bytes] = field(default_factory=dict)
    presentation: Presentation | None = None  # a registered letter's expected presentation


def registered(options: LetterOptions, default: bool) -> tuple[bool, bool | str]:
    """(post it registered, the mention printed at the head): ``options.channel`` when given
    (its heading, e.g. « Lettre recommandée électronique qualifiée »), else
    ``options.postage.registered`` or the kind's ``default``, the LRAR mention following unless
    ``options.lrar`` says otherwise."""
    if options.channel is not None:
        info = CHANNEL_INFO[options.channel]
        return info.registered, info.heading or False
    reg = options.postage.registered
    if reg is None:
        reg = default
    mention = options.lrar
    return reg, reg if mention is None else mention


def channel_errors(case: Case, options: LetterOptions) -> list[FieldError]:
    """An LRE to a non-professional without consent, or without the debtor's e-mail."""
    return check_channel(case, options.channel) if options.channel else []


def mailing(case: Case, sender: SenderInfo, *, registered: bool,
            channel: str | None = None, attention: str | None = None) -> Mailing:
    """The letter sent from ``sender`` to the debtor (``channel``: how it travels;
    ``attention``: line 2 of the address when the letter sets its own, as
    :func:`signer_recipient`)."""
    d = case.debtor
    return Mailing(registered=registered, recipient_name=d.display_name,
                   recipient_address=d.address,
                   recipient_attention=attention or recipient_attention(d),
                   recipient_path="case.debtor.address", sender_name=sender.name,
                   sender_address=sender.address, sender_path=sender.path, channel=channel)


def base_context(case: Case, facts: CaseFacts, *, sender: SenderInfo, title: str,
                 subject: str, object_line: str, lrar: bool | str,
                 presented: bool = False, keyword: str = "recouvrement",
                 recipient: AddressBlock | None = None, claim: bool = True) -> LetterContext:
    """The context every letter template uses (see templates/partials/*.html).

    ``recipient``: the window block of another addressee than the debtor (a greffe, a
    mandataire, a commissaire de justice); ``claim=False``: a letter that does not state the
    case's claim as of ``as_of`` (no décompte, totals nor payment keys); ``presented``: the
    deadline runs from the registered letter's expected first presentation."""
    if recipient is None:
        recipient_lines, address_warnings = recipient_block(case)
    else:
        recipient_lines, address_warnings = list(recipient.lines), list(recipient.warnings)
    presentation = letter_presentation(case) if presented else None
    deadline = letter_deadline(case, presentation)
    if presentation is not None:
        late = presentation_warning(case, presentation)
        if late is not None:
            address_warnings.append(late)
    place = letter_place(case, sender)
    ctx: dict[str, Any] = {
        "meta": common.document_meta(case, title=title, subject=subject, keyword=keyword,
                                     author=sender.name),
        "footer": footer_mentions(case.creditor),
        "draft": None,
        "sender": sender.as_dict(),
        "lrar": (lrar if isinstance(lrar, str) else common.REASON_LRAR) if lrar else None,
        "recipient_lines": recipient_lines,
        "addressee": case.debtor.display_name,  # the running head of continuation pages
        "place": place,
        "letter_date": fr.date_long(case.as_of),
        "as_of": fr.date_long(case.as_of),
        "reference": case.reference,
        "their_reference": None,
        "mandate_reference": None,
        "object": object_line,
        "attachments": None,
        "salutation": salutation(case.debtor),
        "closing": "Nous vous prions d’agréer, " + salutation(case.debtor)
                   + ", l’expression de nos salutations distinguées.",
    }
    images: dict[str, bytes] = {}
    if claim:
        claim_keys, images = _claim_context(case, facts, deadline)
        ctx.update(claim_keys)
    if presentation is not None:
        ctx["presentation_sourced"] = presentation.sourced
        ctx["presentation_date"] = fr.date_long(presentation.on)
    return LetterContext(ctx, tuple(address_warnings), deadline, images, presentation)


def _claim_context(case: Case, facts: CaseFacts,
                   deadline: Deadline) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The keys of a letter that states the case's claim (base_context's ``claim=True``)."""
    decompte = facts.decompte
    unverified = common.decompte_unverified(decompte)
    indemnity = facts.flat_indemnity
    payment, images = payment_context(case, decompte.totals.total_due)
    return {
        "invoices": common.invoice_rows(decompte),
        "totals": common.totals(decompte),
        "regime": decompte.regime,
        "rate_description": common.letter_rate_description(decompte, case),
        "unverified": unverified,
        "indemnity_amount": fr.money(indemnity),
        "terms_reference": case.terms.reference,
        "deadline": fr.date_long(deadline.end),
        "deadline_extended": deadline.extended,
        "grace_days_words": grace_words(case.grace_period_days),
        "reminders": common.reminders_list(
            case, [line.invoice for line in decompte.invoices]),
        "dispute_summary": fr.typo(case.dispute.summary) if case.dispute else None,
        "proposed_solution": fr.typo(case.dispute.proposed_solution) if case.dispute else None,
        "payment": payment,
        "has_payments": decompte.totals.paid > 0,
    }, images


def payment_context(case: Case, amount: Decimal) -> tuple[dict[str, Any] | None,
                                                          dict[str, bytes]]:
    """Transfer details and the EPC QR code for ``amount``: the block (its ``qr_url`` an
    ``asset:gen/…`` URL) and the image it shows, for the letter's ``Html.images``."""
    block = common.payment_block(case, amount)
    images: dict[str, bytes] = {}
    if block is not None and block.get("qr_png"):
        png = block.pop("qr_png")
        name, url = generated_image_url(png)
        images[name] = png
        block["qr_url"] = url
    elif block is not None:
        block["qr_url"] = None  # no QR code for this amount (outside the EPC range)
    return block, images


# --------------------------------------------------------------------------- what letters say

def in_person(case: Case) -> bool:
    """A private person writes in the first person singular (R7): « je », « mes relances »,
    « Réf. », signed with the name alone."""
    c = case.creditor
    return c.type == "individual" and c.is_consumer


def own_signatory(case: Case, block: dict[str, Any]) -> dict[str, Any]:
    """The signature of a private person signing his own letter carries no title (« Créancier »
    is not one, R7); someone signing for him keeps his."""
    if not in_person(case):
        return block
    c = case.creditor
    own = {" ".join(x for x in (c.first_name, c.last_name) if x).casefold(),
           c.display_name.casefold()}
    title = (block.get("title") or "").strip().casefold()
    if block["name"].casefold() in own or title in ("créancier", "créancière", "creancier"):
        return {**block, "title": None}
    return block


def amount_or_zero(value: str) -> str:
    """T8: an amount column shows an amount, « 0,00 € » for nothing (« — » is kept for a date
    that does not exist)."""
    return fr.money(Decimal(0)) if value == "—" else value


@dataclass(frozen=True)
class LetterInvoices:
    """The invoices a letter names (L12): ``listed`` the unpaid ones (their table and the
    Objet), ``claimed`` those on which something is still due (the décompte: an invoice paid
    late may still bear penalties and the 40 € indemnity)."""

    listed: list[dict[str, Any]]
    claimed: list[dict[str, Any]]
    numbers: list[str]
    amount: Decimal
    paid: Decimal
    paid_late: list[str] = field(default_factory=list)  # paid off, still bearing accessories
    paid_late_indemnity: bool = False


def letter_invoices(decompte: Decompte) -> LetterInvoices:
    rows = common.invoice_rows(decompte)
    for row in rows:
        row["paid"] = amount_or_zero(row["paid"])
        row["indemnity"] = amount_or_zero(row["indemnity"])
    pairs = list(zip(decompte.invoices, rows, strict=True))
    unpaid = [(line, row) for line, row in pairs if line.outstanding > 0]
    claimed = [row for line, row in pairs
               if line.outstanding > 0 or line.interest > 0 or line.indemnity > 0]
    late = [line for line in decompte.invoices
            if line.outstanding <= 0 and (line.interest > 0 or line.indemnity > 0)]
    return LetterInvoices(
        listed=[row for _, row in unpaid], claimed=claimed,
        numbers=[line.invoice.number for line, _ in unpaid],
        amount=sum((line.invoice.amount_incl_tax for line, _ in unpaid), Decimal(0)),
        paid=sum((line.paid for line, _ in unpaid), Decimal(0)),
        paid_late=[line.invoice.number for line in late],
        paid_late_indemnity=any(line.indemnity > 0 for line in late))


def paid_late_sentence(invoices: LetterInvoices, regime: str) -> str | None:
    """Why an invoice the letter does not list as unpaid is in its décompte (L12): « Les
    factures n° A et B, réglées après leur échéance, figurent au décompte ci-dessous pour les
    seules pénalités de retard et indemnités forfaitaires qu’elles ont fait naître. »"""
    numbers = invoices.paid_late
    if not numbers:
        return None
    many = len(numbers) > 1
    listed = numbers[0] if not many else ", ".join(numbers[:-1]) + " et " + numbers[-1]
    if regime == "consumer":
        what = "seuls intérêts au taux légal"
    elif invoices.paid_late_indemnity:
        what = ("seules pénalités de retard et indemnités forfaitaires" if many
                else "seules pénalités de retard et l’indemnité forfaitaire")
    else:
        what = "seules pénalités de retard"
    if many:
        return (f"Les factures n° {listed}, réglées après leur échéance, figurent au décompte"
                f" ci-dessous pour les {what} qu’elles ont fait naître.")
    return (f"La facture n° {listed}, réglée après son échéance, figure au décompte ci-dessous"
            f" pour les {what} qu’elle a fait naître.")


_GENERAL_TERMS = re.compile(r"^\s*(conditions\s+générales\b[^,(]*)", re.IGNORECASE)


def contract_basis(reference: str | None, *, whose: str) -> str:
    """What the invoices' contract is governed by (fourth reading 5): « , régies par nos
    conditions générales de vente, » when ``terms.reference`` names general terms
    (« Conditions générales de vente, article 9 »), the article itself being cited only where
    the penalties are stated; nothing when the reference names no such document. ``whose``:
    « nos », « mes », or a complement (« de notre mandante », « du créancier »)."""
    found = _GENERAL_TERMS.match(reference or "")
    if not found:
        return ""
    terms = " ".join(found.group(1).split()).lower()
    owner = f"{whose} {terms}" if whose in ("nos", "mes") else f"les {terms} {whose}"
    return f", régies par {owner},"


# above this many invoices the Objet names the first and the last only (L13)
OBJECT_MAX_NUMBERS = 6


def _natural(number: str) -> list[Any]:
    return [(0, int(t), "") if t.isdigit() else (1, 0, t) for t in re.split(r"(\d+)", number)]


def invoice_numbers_text(numbers: list[str], *, with_numero: bool) -> str:
    """« n° F-1, F-2 » or, beyond :data:`OBJECT_MAX_NUMBERS`, « n° F-2025-2000 à F-2025-2039
    (40 factures, détail ci-dessous) » (L13)."""
    mark = "n° " if with_numero else ""
    if len(numbers) <= OBJECT_MAX_NUMBERS:
        return mark + ", ".join(numbers)
    ordered = sorted(numbers, key=_natural)
    return (f"n° {ordered[0]} à {ordered[-1]} ({len(numbers)} factures, détail"
            " ci-dessous)")


def use_letter_invoices(ctx: dict[str, Any], invoices: LetterInvoices, *,
                        singular: bool) -> None:
    """Put the unpaid invoices, their totals and the décompte's rows in a letter's context."""
    ctx["invoices"] = invoices.listed
    ctx["decompte_rows"] = invoices.claimed
    ctx["totals"] = {**ctx["totals"], "amount": fr.money(invoices.amount),
                     "paid": fr.money(invoices.paid)}
    ctx["has_payments"] = invoices.paid > 0
    ctx["paid_late_note"] = paid_late_sentence(invoices, ctx["regime"])
    ctx["in_person"] = singular
    ctx["reference_label"] = "Réf." if singular else "Nos réf."
    if singular:
        ctx["closing"] = ("Je vous prie d’agréer, " + ctx["salutation"]
                          + ", l’expression de mes salutations distinguées.")
