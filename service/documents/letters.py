"""What every letter shares: sender, recipient block, date, deadline, décompte, payment."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

from num2words import num2words

from service import fr
from service.contract.options import LetterOptions
from service.documents import common
from service.documents.facts import CaseFacts
from service.documents.parties import footer_mentions, group_siren, party_identity
from service.errors import FieldError, field_error
from service.law.deadlines import Deadline, compute_deadline
from service.model import Address, Case, Party, Warning
from service.pdf.render import generated_image_url
from service.postage import Mailing
from service.postage import address_lines as nf_address_lines
from service.postage.channel import CHANNEL_INFO, check_channel


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
        return SenderInfo(name=lw.name, kind_label="Avocat", extra=extra,
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


# LRAR: indicative delivery J+2 (La Poste, « 48 heures »; shared/reference/lrar.md [V-3p]).
EXPECTED_DELIVERY_DAYS = 2


def letter_deadline(case: Case, delivery_days: int = 0) -> Deadline:
    """The payment date the letter fixes: the grace period counted after the expected
    delivery (``delivery_days`` after the letter's date), moved to the next working day. A
    letter's deadline is not a procedural one: CPC 640-642 are not cited (M2)."""
    return compute_deadline(case.as_of + timedelta(days=delivery_days),
                            days=case.grace_period_days,
                            department=case.debtor.address.department)


def of(name: str) -> str:
    """« de » elided before a vowel: « d’Atelier Dupont », « de Martin »."""
    return ("d’" if name[:1].lower() in "aeiouyàâéèêîôû" else "de ") + name


def one_line_address(a: Address | None) -> str:
    return common.one_line(a) if a is not None else ""


def lawyer_title(bar: str) -> str:
    """« Barreau de Lyon » -> « Avocat au barreau de Lyon »."""
    b = bar.strip()
    if b.lower().startswith("barreau"):
        return "Avocat au b" + b[1:]
    return f"Avocat, {b}"


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
            parts.append(f"RCS {iss.rcs_city} {group_siren(iss.siren)}" if iss.rcs_city
                         else f"SIREN {group_siren(iss.siren)}")
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
            channel: str | None = None) -> Mailing:
    """The letter sent from ``sender`` to the debtor (``channel``: how it travels)."""
    d = case.debtor
    return Mailing(registered=registered, recipient_name=d.display_name,
                   recipient_address=d.address, recipient_attention=recipient_attention(d),
                   recipient_path="case.debtor.address", sender_name=sender.name,
                   sender_address=sender.address, sender_path=sender.path, channel=channel)


def base_context(case: Case, facts: CaseFacts, *, sender: SenderInfo, title: str,
                 subject: str, object_line: str, lrar: bool | str,
                 delivery_days: int = 0) -> LetterContext:
    """The context every letter template uses (see templates/partials/*.html)."""
    decompte = facts.decompte
    recipient_lines, address_warnings = recipient_block(case)
    deadline = letter_deadline(case, delivery_days)
    place = (case.signatory.place if case.signatory and case.signatory.place
             else sender.address.city or case.creditor.address.city or "")
    unverified = common.decompte_unverified(decompte)
    indemnity = facts.flat_indemnity
    payment, images = payment_context(case, decompte.totals.total_due)
    ctx: dict[str, Any] = {
        "meta": common.document_meta(case, title=title, subject=subject, keyword="recouvrement",
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
        "reminders": common.reminders_list(case),
        "dispute_summary": fr.typo(case.dispute.summary) if case.dispute else None,
        "proposed_solution": fr.typo(case.dispute.proposed_solution) if case.dispute else None,
        "payment": payment,
        "has_payments": decompte.totals.paid > 0,
        "closing": "Nous vous prions d’agréer, " + salutation(case.debtor)
                   + ", l’expression de nos salutations distinguées.",
    }
    return LetterContext(ctx, tuple(address_warnings), deadline, images)


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
