"""Mise en demeure (formal notice) from the creditor, a commissaire de justice or a lawyer.

What it says (shared/reference/legal.md §2.4; no statutory list exists, the judge assesses a
« sufficient interpellation », so it carries every element practice expects): the words « mise
en demeure »; the debtor's identity and address; each invoice with its number, date and amount;
what remains due after payments; the penalties and 40 € indemnities (professional debtor) or
legal interest (consumer); the reminders already made; the situation (dispute, solution
offered); a precise deadline moved to the next working day; the next step (injonction de
payer); the signatory's name and title. When a third party writes for the creditor (amicable
recovery, CPCE L124-1, R124-4) it states who it is, that it acts for the creditor, and the
L111-8 rule on recovery costs. It never says that it interrupts prescription: it does not
(Cass. com. 18 May 2022, n° 20-23.204).
"""

from __future__ import annotations

from marshmallow import Schema, fields

from service import fr
from service.contract.options import IssuerLetterOptions, IssuerLetterOptionsSchema
from service.documents import common, letters
from service.documents.base import DocumentPlan, Html, KindSpec
from service.documents.facts import CaseFacts
from service.documents.parties import designation
from service.errors import FieldError, field_error
from service.model import Case

Options = IssuerLetterOptions


class MiseEnDemeureOptionsSchema(IssuerLetterOptionsSchema):
    """The letter options and ``issuer``: creditor (default), commissaire_de_justice, avocat."""


class MiseEnDemeureDetailsSchema(Schema):
    issuer = fields.String(required=True)
    deadline = fields.String(required=True, metadata={"format": "date"})
    deadline_text = fields.String(required=True, metadata={
        "description": "the deadline as the letter words it (« 30 novembre 2026 »)"})
    deadline_extended = fields.Boolean(required=True)


def check(case: Case, facts: CaseFacts, options: Options) -> list[FieldError]:
    errors = letters.require_signatory(case, need_title=True)
    errors += letters.require_company_mentions(case.creditor, "case.creditor")
    issuer = options.issuer
    if issuer == "commissaire_de_justice":
        iss = case.issuer
        if iss is None:
            errors.append(field_error("case.issuer", "required",
                                      "Identité du commissaire de justice manquante.",
                                      "The commissaire de justice's identity is missing."))
        else:
            if iss.kind != "commissaire_de_justice":
                errors.append(field_error("case.issuer.kind", "issuer_kind_mismatch",
                                          "case.issuer.kind doit valoir « commissaire_de_justice »"
                                          " pour options.issuer = commissaire_de_justice.",
                                          "case.issuer.kind must be commissaire_de_justice for"
                                          " options.issuer = commissaire_de_justice."))
            if iss.address is None:
                errors.append(field_error("case.issuer.address", "required",
                                          "Adresse de l’étude manquante.",
                                          "The issuer's address is missing."))
    elif issuer == "avocat":
        if case.lawyer is None and not (case.issuer and case.issuer.kind == "avocat"):
            errors.append(field_error("case.lawyer", "required",
                                      "Identité de l’avocat manquante (case.lawyer).",
                                      "The lawyer's identity is missing (case.lawyer)."))
        elif case.lawyer is None and case.issuer is not None and case.issuer.address is None:
            errors.append(field_error("case.issuer.address", "required",
                                      "Adresse de l’avocat manquante.",
                                      "The lawyer's address is missing."))
    return errors


def _agent_texts(case: Case, issuer: str, sender_name: str) -> tuple[str | None, str | None]:
    if issuer == "creditor":
        return None, None
    creditor = designation(case.creditor)
    who = ("en qualité de commissaire de justice, mandaté" if issuer == "commissaire_de_justice"
           else "en qualité d’avocat, mandaté")
    intro = fr.typo(
        f"Nous intervenons, {who} à cette fin, pour le compte de {creditor}, notre client(e), "
        "au titre du recouvrement amiable de la créance décrite ci-après."
    )
    notice = None
    if issuer == "commissaire_de_justice":
        notice = fr.typo(
            f"{sender_name} exerce une activité de recouvrement amiable pour le compte d’autrui"
            " (articles L124-1 et R124-1 et suivants du code des procédures civiles"
            " d’exécution). Conformément à l’article L111-8 de ce code, les frais de recouvrement"
            " entrepris sans titre exécutoire restent à la charge du créancier, sauf s’ils"
            " concernent un acte dont l’accomplissement est prescrit par la loi ; toute"
            " stipulation contraire est réputée non écrite, sauf disposition législative"
            " contraire. Le créancier qui justifie du caractère nécessaire des démarches"
            " entreprises peut toutefois demander au juge de l’exécution de laisser tout ou"
            " partie de ces frais à la charge du débiteur de mauvaise foi. Les sommes réclamées"
            " ci-dessus ne comprennent aucun frais de recouvrement amiable."
        )
    return intro, notice


def plan(case: Case, facts: CaseFacts, options: Options) -> DocumentPlan:
    decompte = facts.decompte
    issuer = options.issuer
    sender = letters.issuer_sender(case, issuer)
    registered, lrar_mention = letters.registered(options, default=True)
    numbers = ", ".join(i.number for i in case.invoices)
    plural = len(case.invoices) > 1
    title = f"Mise en demeure de payer — {case.reference}"
    letter = letters.base_context(
        case, facts, sender=sender, title=title,
        subject=f"Mise en demeure de payer, dossier {case.reference}",
        object_line=f"Mise en demeure de payer — facture{'s' if plural else ''} n° {numbers}",
        lrar=lrar_mention,
    )
    ctx = letter.context
    debtor = designation(case.debtor)
    creditor_name = case.creditor.display_name
    we = "notre client(e)" if issuer != "creditor" else "notre société" \
        if case.creditor.is_company else "nous"
    claim_intro = fr.typo(
        f"{debtor[0].upper() + debtor[1:]}, reste redevable envers "
        f"{we if issuer == 'creditor' else creditor_name} "
        f"de la somme en principal de {fr.money(decompte.totals.outstanding)} au titre "
        f"{'des factures suivantes, émises' if plural else 'de la facture suivante, émise'} en"
        f" exécution {'de nos' if issuer == 'creditor' else 'des'} relations contractuelles"
        + (f" ({case.terms.reference})" if case.terms.reference else "")
        + " et demeurée" + ("s" if plural else "") + " impayée" + ("s" if plural else "")
        + " à ce jour :"
    )
    if decompte.regime == "consumer":
        accessories = ("Conformément aux articles 1231-6 et 1344-1 du code civil, la présente mise"
                       " en demeure fait courir les intérêts au taux de l’intérêt légal sur les"
                       " sommes dues" + (", qui courent déjà depuis notre précédente mise en"
                                         " demeure" if decompte.interest_start else "")
                       + ". Le décompte ci-dessous arrête la créance à la date de la présente.")
        consumer_note = None
    else:
        accessories = ("Conformément à l’article L441-10 du code de commerce"
                       + (f" et à nos conditions ({case.terms.reference})"
                          if case.terms.reference else "")
                       + ", les sommes impayées à leur échéance portent de plein droit, sans"
                         " qu’un rappel soit nécessaire, des "
                       + common.rate_description(decompte, case)
                       + (", et chaque facture payée en retard ouvre droit à une indemnité"
                          " forfaitaire pour frais de recouvrement de "
                          + ctx["indemnity_amount"] + " (article D441-5 du code de commerce)"
                          if case.terms.flat_indemnity else "")
                       + ".")
        consumer_note = None
    next_step = ("À défaut de règlement intégral dans ce délai, " + (
        "notre client(e) saisira" if issuer != "creditor" else "nous saisirons")
        + " sans autre avis la juridiction compétente d’une requête en injonction de payer"
          " (articles 1405 et suivants du code de procédure civile), ou l’assignerons en paiement,"
          " afin d’obtenir un titre exécutoire ; les sommes dues continueront de produire"
          " intérêts ou pénalités jusqu’à complet paiement.")
    agent_intro, agent_notice = _agent_texts(case, issuer, sender.name)
    for_whom = None
    if issuer != "creditor":
        for_whom = f"pour {creditor_name}"
    ctx.update({
        "agent": issuer != "creditor",
        "agent_intro": agent_intro,
        "agent_notice": agent_notice,
        "claim_intro": claim_intro,
        "accessories_text": fr.typo(accessories),
        "next_step": fr.typo(next_step),
        "consumer_interest_note": consumer_note,
        "signatory": letters.signatory(case, for_whom=for_whom),
    })
    if issuer != "creditor":
        contact = " — ".join(x for x in (sender.phone and f"Tél. {sender.phone}", sender.email) if x)
        ctx["footer"] = fr.typo(" — ".join(x for x in (
            sender.name, ", ".join(sender.lines), contact,
            f"agissant pour le compte de {creditor_name}") if x))
    if issuer == "avocat" and case.lawyer is not None:
        ctx["signatory"] = {"name": case.lawyer.name, "title": f"Avocat, {case.lawyer.bar}",
                            "for_whom": for_whom}
    elif issuer == "commissaire_de_justice" and case.issuer is not None:
        # the étude writes and signs; the creditor's representative does not sign its letter
        person = case.issuer.signatory
        ctx["signatory"] = (
            {"name": person.name, "title": person.title or "Commissaire de justice",
             "for_whom": f"{case.issuer.name}, {for_whom}"} if person is not None else
            {"name": case.issuer.name, "title": "Commissaire de justice", "for_whom": for_whom})
    deadline = letter.deadline
    details = {"issuer": issuer, "deadline": deadline.end.isoformat(),
               "deadline_text": ctx["deadline"], "deadline_extended": deadline.extended}
    return DocumentPlan(
        parts=(Html("mise_en_demeure/letter.html", ctx, images=letter.images,
                    anchors=("seal", "recipient")),),
        filename=f"mise-en-demeure_{case.reference}.pdf",
        signature_reason=f"Mise en demeure — dossier {case.reference}",
        mailing=letters.mailing(case, sender, registered=registered),
        warnings=letter.warnings,
        details=details,
        legacy={"issuer": issuer, "deadline": deadline.end.isoformat(),
                "deadline_extended": deadline.extended},
    )


SPEC = KindSpec(
    name="mise_en_demeure",
    template_version="mise_en_demeure@1",
    description="Formal notice with every expected mention, from the creditor, a commissaire"
                " de justice or a lawyer",
    options_schema=MiseEnDemeureOptionsSchema,
    details_schema=MiseEnDemeureDetailsSchema,
    check=check,
    plan=plan,
    posted_by_lrar="yes",
    pursues_debtor=True,
)
