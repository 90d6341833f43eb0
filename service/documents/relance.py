"""Relance (reminder letter), levels 1 to 3: courteous, then firmer, then the last one."""

from __future__ import annotations

from dataclasses import dataclass

from marshmallow import Schema, fields

from service import fr
from service.contract.fields import fail, int_field
from service.contract.options import LetterOptions, LetterOptionsSchema
from service.documents import common, letters
from service.documents.base import DocumentPlan, Html, KindSpec
from service.documents.facts import CaseFacts
from service.errors import FieldError, field_error
from service.model import Case

OBJECTS = {
    1: "Rappel — facture{s} arrivée{s} à échéance",
    2: "2e relance pour facture impayée",
    3: "3e et dernière relance avant mise en demeure",
}


def _level(value: int) -> None:
    if value not in (1, 2, 3):
        raise fail("invalid_choice", "Niveau de relance : 1, 2 ou 3.", "Reminder level: 1, 2 or 3.")


@dataclass(frozen=True)
class RelanceOptions(LetterOptions):
    level: int = 1


class RelanceOptionsSchema(LetterOptionsSchema):
    options_class = RelanceOptions
    level = int_field(required=True, validate=_level, metadata={
        "enum": [1, 2, 3], "description": "1 (courteous), 2 or 3 (the last one); required"})


class RelanceDetailsSchema(Schema):
    level = fields.Integer(required=True)
    deadline = fields.String(required=True, metadata={"format": "date"})
    deadline_text = fields.String(required=True, metadata={
        "description": "the deadline as the letter words it (« 30 novembre 2026 »)"})
    deadline_extended = fields.Boolean(required=True)


def check(case: Case, facts: CaseFacts, options: RelanceOptions) -> list[FieldError]:
    errors = letters.require_signatory(case, need_title=False)
    errors += letters.require_company_mentions(case.creditor, "case.creditor")
    for i, r in enumerate(case.reminders):
        if r.kind == "mise_en_demeure":
            # after a formal notice, a reminder contradicts it (R3): the next step is the court
            errors.append(field_error(
                f"case.reminders[{i}]", "relance_after_mise_en_demeure",
                f"Une mise en demeure a déjà été adressée le {fr.date_long(r.date)} : une relance"
                " ne peut plus suivre ; la suite est une action en justice.",
                f"A formal notice was already sent on {r.date.isoformat()}: a reminder cannot"
                " follow it; the next step is a court claim."))
            break
    errors += letters.channel_errors(case, options)
    return errors


def reminder_sentence(case: Case) -> str:
    """« Malgré nos relances des 10 juin 2026 (courriel), 20 juillet 2026 (téléphone) et
    1er septembre 2026 (courrier), » built from ``reminders[]`` (R1, R2)."""
    items = common.reminders_list(case)
    if not items:
        return "Malgré notre précédent rappel,"
    bits = [f"{r['date']} ({r['channel']})" for r in items]
    if len(bits) == 1:
        return f"Malgré notre relance du {bits[0]},"
    return "Malgré nos relances des " + ", ".join(bits[:-1]) + " et " + bits[-1] + ","


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
    # R9: announce the mise en demeure, not « sans autre avis » as well
    return ("Sans règlement intégral à cette date, nous vous adresserons une mise en demeure"
            " par lettre recommandée avec demande d’avis de réception ; à défaut de paiement à"
            " son terme, nous saisirons la juridiction compétente d’une requête en injonction de"
            " payer (articles 1405 et suivants du code de procédure civile).")


def plan(case: Case, facts: CaseFacts, options: RelanceOptions) -> DocumentPlan:
    level = options.level
    registered, lrar_mention = letters.registered(options, default=level == 3)
    sender = letters.creditor_sender(case)
    n = len(case.invoices)
    obj = OBJECTS[level].format(s="s" if n > 1 else "")
    obj = f"{obj} — {', '.join(i.number for i in case.invoices)}"
    title = f"{OBJECTS[level].format(s='s' if n > 1 else '')} — {case.reference}"
    letter = letters.base_context(case, facts, sender=sender, title=title,
                                  subject=f"Relance de niveau {level}, dossier {case.reference}",
                                  object_line=obj, lrar=lrar_mention)
    ctx = letter.context
    images = dict(letter.images)
    ctx.update({
        "level": level,
        "reminder_sentence": reminder_sentence(case),
        "next_step": _next_step(level, case),
        "signatory": letters.signatory(case),
        "flat_indemnity": case.terms.flat_indemnity,
    })
    if level == 1 and ctx["payment"] is not None:
        # the courteous reminder asks for the principal only: so does its QR code
        ctx["payment"], images = letters.payment_context(case, facts.decompte.totals.outstanding)
    details = {"level": level, "deadline": letter.deadline.end.isoformat(),
               "deadline_text": ctx["deadline"], "deadline_extended": letter.deadline.extended}
    return DocumentPlan(
        parts=(Html("relance/letter.html", ctx, images=images, anchors=("seal", "recipient")),),
        filename=f"relance-{level}_{case.reference}.pdf",
        signature_reason=f"Relance de niveau {level} — dossier {case.reference}",
        mailing=letters.mailing(case, sender, registered=registered, channel=options.channel),
        warnings=letter.warnings,
        details=details,
        # the first API put ``level`` and ``deadline`` (then the French wording) at the top
        legacy={"level": level, "deadline": details["deadline"]},
    )


SPEC = KindSpec(
    name="relance",
    template_version="relance@1",
    description="Reminder letter, levels 1 (courteous) to 3 (last before formal notice)",
    options_schema=RelanceOptionsSchema,
    details_schema=RelanceDetailsSchema,
    check=check,
    plan=plan,
    posted_by_lrar="level 3 by default, others as simple letters",
    pursues_debtor=True,
)
