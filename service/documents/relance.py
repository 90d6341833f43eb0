"""Relance (reminder letter), levels 1 to 3: courteous, then firmer, then the last one."""

from __future__ import annotations

from typing import Any

from service import fr
from service.documents import letters
from service.documents.base import DocumentPlan, KindSpec, PostagePlan
from service.errors import FieldError, field_error
from service.law.decompte import Decompte
from service.model import Case

OBJECTS = {
    1: "Rappel — facture{s} arrivée{s} à échéance",
    2: "2e relance pour facture impayée",
    3: "3e et dernière relance avant mise en demeure",
}


def check(case: Case, options: dict[str, Any]) -> list[FieldError]:
    errors = letters.require_signatory(case, need_title=False)
    level = options.get("level")
    if level is None:
        errors.append(field_error("options.level", "required",
                                  "Niveau de relance manquant : 1, 2 ou 3.",
                                  "Reminder level missing: 1, 2 or 3."))
    elif level not in (1, 2, 3):
        errors.append(field_error("options.level", "invalid_choice",
                                  "Niveau de relance : 1, 2 ou 3.", "Reminder level: 1, 2 or 3."))
    errors += letters.require_company_mentions(case.creditor, "case.creditor")
    return errors


def _next_step(level: int, case: Case) -> str:
    if level == 1:
        return ("Sans règlement à cette date, nous serions amenés à vous adresser une nouvelle"
                " relance. Notre service comptable reste à votre disposition pour toute question"
                " relative à cette facturation.")
    if level == 2:
        return ("À défaut de règlement dans ce délai, nous vous adresserons une dernière relance,"
                " puis une mise en demeure, et les pénalités de retard continueront de courir"
                " jusqu’au complet paiement."
                if not case.debtor.is_consumer else
                "À défaut de règlement dans ce délai, nous vous adresserons une dernière relance,"
                " puis une mise en demeure, qui fera courir les intérêts au taux légal.")
    return ("Sans règlement intégral à cette date, nous vous adresserons une mise en demeure,"
            " puis saisirons la juridiction compétente d’une requête en injonction de payer"
            " (articles 1405 et suivants du code de procédure civile), sans autre avis.")


def plan(case: Case, decompte: Decompte, options: dict[str, Any]) -> DocumentPlan:
    level = int(options["level"])
    registered = options["postage"].get("registered")
    if registered is None:
        registered = level == 3
    lrar_mention = options.get("lrar")
    if lrar_mention is None:
        lrar_mention = registered
    sender = letters.creditor_sender(case)
    n = len(case.invoices)
    obj = OBJECTS[level].format(s="s" if n > 1 else "")
    obj = f"{obj} — {', '.join(i.number for i in case.invoices)}"
    title = f"{OBJECTS[level].format(s='s' if n > 1 else '')} — {case.reference}"
    ctx = letters.base_context(case, decompte, sender=sender, title=title,
                               subject=f"Relance de niveau {level}, dossier {case.reference}",
                               object_line=obj, lrar=bool(lrar_mention))
    reminders = [r for r in case.reminders]
    previous = max((r.date for r in reminders), default=None)
    ctx.update({
        "level": level,
        "previous_reminder": fr.date_long(previous) if previous else "précédemment",
        "next_step": _next_step(level, case),
        "signatory": letters.signatory(case),
        "flat_indemnity": case.terms.flat_indemnity,
    })
    if level == 1 and ctx["payment"] is not None:
        # the courteous reminder asks for the principal only: so does its QR code
        ctx["payment"] = letters.payment_context(case, decompte.totals.outstanding)
    warnings = ctx.pop("_address_warnings")
    ctx.pop("_deadline")
    d = case.debtor
    return DocumentPlan(
        template="relance/letter.html",
        context=ctx,
        filename=f"relance-{level}_{case.reference}.pdf",
        title=title,
        signature_reason=f"Relance de niveau {level} — dossier {case.reference}",
        postage=PostagePlan(
            registered=registered, recipient_name=d.display_name, recipient_address=d.address,
            recipient_attention=letters.recipient_attention(d), recipient_path="case.debtor.address",
            sender_name=sender.name, sender_address=sender.address, sender_path=sender.path,
        ),
        warnings=list(warnings),
        extra={"level": level, "deadline": ctx["deadline"]},
    )


SPEC = KindSpec(
    name="relance",
    template_version="relance@1",
    description="Reminder letter, levels 1 (courteous) to 3 (last before formal notice)",
    options={"level": "1, 2 or 3 (required)",
             "postage.registered": "default: true for level 3 only"},
    check=check,
    plan=plan,
    posted_by_lrar="level 3 by default, others as simple letters",
)
