"""Relance (reminder letter), levels 1 to 3: courteous, then firmer, then the last one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from marshmallow import Schema, fields

from service import fr
from service.contract.fields import fail, int_field
from service.contract.options import DemandLetterOptions, DemandLetterOptionsSchema
from service.documents import common, letters
from service.documents.base import DocumentPlan, Html, KindSpec
from service.documents.facts import CaseFacts
from service.errors import FieldError, field_error
from service.model import Case, Invoice, Warning

OBJECTS = {
    1: "Rappel — facture{s} arrivée{s} à échéance",
    2: "2e relance pour facture{s} impayée{s}",
    3: "3e et dernière relance avant mise en demeure",
}
# third reading 6b: the title of a letter whose level the file already reached names no number
# sixth reading 2: a « Rappel » after relances on file reads as a first letter
UNNUMBERED_OBJECTS = {
    1: "Relance — facture{s} impayée{s}",
    2: "Nouvelle relance pour facture{s} impayée{s}",
    3: "Dernière relance avant mise en demeure",
}


def _level(value: int) -> None:
    if value not in (1, 2, 3):
        raise fail("invalid_choice", "Niveau de relance : 1, 2 ou 3.", "Reminder level: 1, 2 or 3.")


@dataclass(frozen=True)
class RelanceOptions(DemandLetterOptions):
    level: int = 1


class RelanceOptionsSchema(DemandLetterOptionsSchema):
    options_class = RelanceOptions
    level = int_field(required=True, validate=_level, metadata={
        "enum": [1, 2, 3], "description": "1 (courteous), 2 or 3 (the last one); required"})


class RelanceDetailsSchema(Schema):
    level = fields.Integer(required=True)
    deadline = fields.String(required=True, metadata={"format": "date"})
    deadline_text = fields.String(required=True, metadata={
        "description": "the deadline as the letter words it (« 30 novembre 2026 »)"})
    deadline_extended = fields.Boolean(required=True)
    relances_on_file = fields.Integer(required=True, metadata={
        "description": "reminders of kind relance in case.reminders (any channel)"})
    numbered = fields.Boolean(required=True, metadata={
        "description": "whether the subject line numbers the relance (« 2e », « 3e »): only"
                       " while fewer relances than the level are on file, else"
                       " « Nouvelle relance » / « Dernière relance » and the warning"
                       " relance_level_inconsistent"})


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
    if options.level == 1 and facts.decompte.totals.outstanding <= 0:
        # the courteous reminder asks for unpaid invoices; penalties alone are for levels 2-3
        errors.append(field_error(
            "case.invoices", "nothing_outstanding",
            "Toutes les factures sont réglées : une relance de niveau 1 n’a rien à rappeler.",
            "Every invoice is paid: a level 1 reminder has nothing to remind of."))
    return errors


def relances_on_file(case: Case) -> int:
    """How many reminders of kind ``relance`` the file already holds (any channel)."""
    return sum(1 for r in case.reminders if r.kind == "relance")


def level_consistent(case: Case, level: int) -> bool:
    """Third reading 6b: a relance of level N follows at most N - 1 relances on file; from N on
    file, its number (« 2e », « 3e ») would be false."""
    return relances_on_file(case) < level


_ORDINALS = {1: ("le premier rappel", "the first reminder"),
             2: ("la 2e relance", "the second reminder"),
             3: ("la 3e relance", "the third reminder")}


def _level_warning(case: Case, level: int) -> Warning:
    n = relances_on_file(case)
    fr_ord, en_ord = _ORDINALS[level]
    return Warning(
        "relance_level_inconsistent",
        fr.typo(f"Le dossier compte déjà {n} relance{'s' if n > 1 else ''} (case.reminders) : la"
                f" lettre de niveau {level} ne peut pas être {fr_ord}. Son objet ne porte donc"
                " pas de numéro ; vérifiez le niveau choisi, ou adressez une mise en demeure."),
        f"The file already holds {n} reminder{'s' if n > 1 else ''} of kind relance"
        f" (case.reminders): the level {level} letter cannot be {en_ord}. Its subject line"
        " therefore carries no number; check the level, or send a formal notice.",
        path="options.level")


def reminder_sentence(case: Case, *, singular: bool = False,
                      invoices: Sequence[Invoice] | None = None) -> str:
    """« Malgré nos relances des 10 juin 2026 (courriel), 20 juillet 2026 (téléphone) et
    1er septembre 2026 (courrier), » built from ``reminders[]`` (R1, R2, L14); « mes » when a
    private person writes (R7)."""
    items = common.reminders_list(case, invoices)
    our = "mes" if singular else "nos"
    if not items:
        return f"Malgré {'mon' if singular else 'notre'} précédent rappel,"
    bits = [f"{r['date']} ({r['channel']}{', ' + r['scope'] if r['scope'] else ''})"
            for r in items]
    if len(bits) == 1:
        return f"Malgré {'ma' if singular else 'notre'} relance du {bits[0]},"
    return f"Malgré {our} relances des " + ", ".join(bits[:-1]) + " et " + bits[-1] + ","


_CONSUMER_INTEREST = ("qui fera courir les intérêts au taux légal (articles 1231-6 et 1344-1 du"
                      " code civil)")
# eighth reading 3: between professionals, levels 2 and 3 say the penalties keep running, so
# that paying the sum asked (arrêtée au as_of) does not read as full payment; one wording, the
# mise en demeure's
_PENALTIES_RUN = ("les pénalités de retard (article L441-10 II du code de commerce) continueront"
                  " de courir jusqu’au complet paiement")


def _next_step(level: int, case: Case, *, singular: bool, court: bool = True) -> str:
    """``court``: false when time-barred invoices are claimed (options.include_time_barred):
    the letter then threatens no court action. A debtor abroad: the court is not named by
    a French procedure (LR15)."""
    send = "je vous adresserai" if singular else "nous vous adresserons"
    if level == 1:
        if singular:
            return ("Sans règlement à cette date, je vous adresserai une nouvelle relance. Je reste"
                    " à votre disposition pour toute question relative à cette facturation.")
        return ("Sans règlement à cette date, nous serions amenés à vous adresser une nouvelle"
                " relance. Notre service comptable reste à votre disposition pour toute question"
                " relative à cette facturation.")
    if level == 2:
        return (f"À défaut de règlement dans ce délai, {send} une dernière relance, puis une mise"
                f" en demeure, et {_PENALTIES_RUN}."
                if not case.debtor.is_consumer else
                f"À défaut de règlement dans ce délai, {send} une dernière relance, puis une mise"
                f" en demeure, {_CONSUMER_INTEREST}.")
    # R9: announce the mise en demeure, not « sans autre avis » as well
    interest = f", {_CONSUMER_INTEREST}" if case.debtor.is_consumer else ""
    running = "" if case.debtor.is_consumer else f" {_PENALTIES_RUN[0].upper()}{_PENALTIES_RUN[1:]}."
    if not court:
        return (f"Sans règlement intégral à cette date, {send} une mise en demeure par lettre"
                f" recommandée avec demande d’avis de réception{interest}.{running}")
    procedure = (" afin d’obtenir un titre exécutoire" if letters.debtor_abroad(case) else
                 " d’une requête en injonction de payer (articles 1405 et suivants du code de"
                 " procédure civile)")
    return (f"Sans règlement intégral à cette date, {send} une mise en demeure par lettre"
            f" recommandée avec demande d’avis de réception{interest} ; à défaut de paiement à"
            f" son terme, {'je saisirai' if singular else 'nous saisirons'} la juridiction"
            f" compétente{procedure}.{running}")


def plan(case: Case, facts: CaseFacts, options: RelanceOptions) -> DocumentPlan:
    level = options.level
    decompte = facts.decompte
    registered, lrar_mention = letters.registered(options, default=level == 3)
    sender = letters.creditor_sender(case)
    singular = letters.in_person(case)
    invoices = letters.letter_invoices(decompte)  # L12: the unpaid invoices only
    numbers = invoices.numbers or [i.number for i in case.invoices]
    consistent = level_consistent(case, level)
    objects = OBJECTS if consistent else UNNUMBERED_OBJECTS  # third reading 6b
    head = objects[level].format(s="s" if len(numbers) > 1 else "")  # L14
    obj = f"{head} — {letters.invoice_numbers_text(numbers, with_numero=False)}"  # L13
    letter = letters.base_context(case, facts, sender=sender, title=f"{head} — {case.reference}",
                                  subject=f"Relance de niveau {level}, dossier {case.reference}",
                                  object_line=obj, lrar=lrar_mention,
                                  # fourth reading 10: a registered letter's deadline runs
                                  # from its expected first presentation, as the mise en demeure
                                  presented=registered)
    ctx = letter.context
    images = dict(letter.images)
    letters.use_letter_invoices(ctx, invoices, singular=singular)
    # R4: a consumer owes no interest before a mise en demeure (C. civ. 1231-6, 1344-1): the
    # letter asks for the principal, without a table of zeros
    principal_only = decompte.regime == "consumer" and decompte.totals.interest == 0
    ctx.update({
        "level": level,
        "reminder_sentence": reminder_sentence(
            case, singular=singular, invoices=[line.invoice for line in decompte.invoices]),
        # third reading 6a: « un simple oubli » only when nothing shows an earlier reminder
        "already_reminded": bool(case.reminders),
        "next_step": _next_step(level, case, singular=singular,
                                court=not facts.time_barred_claimed),
        "signatory": letters.own_signatory(case, letters.signatory(case)),
        "flat_indemnity": case.terms.flat_indemnity,
        "principal_only": principal_only,
        "outstanding_words": fr.amount_in_words(decompte.totals.outstanding),
        # LR4: the penalties and indemnity claimed at levels 2-3 are founded as at level 1
        "legal_reminder": (None if principal_only else common.late_payment_reminder(
            decompte, case, singular=singular, indemnity_amount=ctx["indemnity_amount"])),
    })
    if (level == 1 or principal_only) and ctx["payment"] is not None:
        # the courteous reminder asks for the principal only: so does its QR code
        ctx["payment"], images = letters.payment_context(case, decompte.totals.outstanding)
    details = {"level": level, "deadline": letter.deadline.end.isoformat(),
               "deadline_text": ctx["deadline"], "deadline_extended": letter.deadline.extended,
               "relances_on_file": relances_on_file(case), "numbered": consistent and level > 1}
    warnings = (*letter.warnings, *(() if consistent else (_level_warning(case, level),)),
                *((letters.abroad_procedure_warning(case),)
                  if level == 3 and not facts.time_barred_claimed and letters.debtor_abroad(case)
                  else ()))
    return DocumentPlan(
        parts=(Html("relance/letter.html", ctx, images=images, anchors=("seal", "recipient")),),
        filename=f"relance-{level}_{case.reference}.pdf",
        signature_reason=f"Relance de niveau {level} — dossier {case.reference}",
        mailing=letters.mailing(case, sender, registered=registered, channel=options.channel),
        warnings=warnings,
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
