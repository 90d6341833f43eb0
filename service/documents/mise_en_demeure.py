"""Mise en demeure (formal notice) from the creditor, a commissaire de justice or a lawyer.

What it says (shared/reference/legal.md §2.4; no statutory list exists, the judge assesses a
« sufficient interpellation », so it carries every element practice expects): the words « mise
en demeure »; the debtor's identity and address; each invoice with its number, date and amount;
what remains due after payments; the penalties and 40 € indemnities (professional debtor) or
legal interest (consumer); the reminders already made; the situation (dispute, solution
offered); a precise deadline moved to the next working day; the next step (injonction de
payer); the signatory's name and title. When a third party writes for the creditor (amicable
recovery) it states who it is and that it acts for the creditor; a commissaire de justice
acts under his own statute (ordonnance n° 2016-728), not CPCE L124-1 (which covers persons « non
soumises à un statut professionnel »), and reproduces L111-8 al. 2 and 3 verbatim as good
practice, with the GDPR art. 14 notice owed at the first communication. It never says that
it interrupts prescription: it does not
(Cass. com. 18 May 2022, n° 20-23.204).
"""

from __future__ import annotations

import re
from datetime import date

from marshmallow import Schema, fields

from service import fr
from service.contract.options import IssuerLetterOptions, IssuerLetterOptionsSchema
from service.documents import common, consumer_interest, letters
from service.documents.base import DocumentPlan, Html, KindSpec
from service.documents.facts import CaseFacts
from service.documents.parties import designation, short_designation
from service.errors import FieldError, field_error
from service.law import parameters
from service.law.parameters import names
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


_COMPANY_PREFIX = re.compile(r"^(SELARL|SELAS|SELAFA|SELCA|SCP|SAS|SASU|SARL|SA|SNC)\b")


def check(case: Case, facts: CaseFacts, options: Options) -> list[FieldError]:
    issuer = options.issuer
    # the étude and the lawyer sign their own letter: the creditor's signatory is not needed
    errors = letters.require_signatory(case, need_title=True) if issuer == "creditor" else []
    errors += letters.require_company_mentions(case.creditor, "case.creditor")
    errors += letters.channel_errors(case, options)
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
            if iss.signatory is None:
                errors.append(field_error("case.issuer.signatory", "required",
                                          "Nom du commissaire de justice signataire manquant : la"
                                          " lettre de l’étude est signée par un officier nommé.",
                                          "Name of the signing commissaire de justice missing: the"
                                          " étude's letter is signed by a named officer."))
            if (iss.legal_form or _COMPANY_PREFIX.match(iss.name)) and not iss.siren:
                errors.append(field_error("case.issuer.siren", "required",
                                          "SIREN de la société d’exercice manquant (mention"
                                          " obligatoire sur ses correspondances, art. R123-237"
                                          " C. com.).",
                                          "The practice company's SIREN is missing (required on"
                                          " its letters, Commercial Code art. R123-237)."))
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


def l111_8_text(on: date) -> str:
    """CPCE L111-8 al. 2 and 3, verbatim, as dated data (service/law/parameters)."""
    return str(parameters.value_at(names.CPCE_L111_8, on).value)


def _cj_notice(case: Case, facts: CaseFacts, creditor: str) -> list[str]:
    """What the étude adds: L111-8 al. 2-3 verbatim, what the claim includes, GDPR art. 14."""
    iss = case.issuer
    assert iss is not None
    quoted = " ".join(l111_8_text(case.as_of).split("\n"))
    paras = [fr.typo("Conformément à l’article L111-8, alinéas 2 et 3, du code des procédures"
                     f" civiles d’exécution : « {fr.apostrophes(quoted)} »")]
    if facts.decompte.regime != "consumer" and facts.decompte.totals.indemnities > 0:
        paras.append(fr.typo(
            "Les sommes réclamées ci-dessus ne comprennent aucuns frais de recouvrement amiable, à"
            " l’exception de l’indemnité forfaitaire pour frais de recouvrement de "
            f"{fr.money(facts.flat_indemnity)} par facture, que la loi met à la charge du débiteur"
            " professionnel (articles L441-10 II et D441-5 du code de commerce)."))
    else:
        paras.append("Les sommes réclamées ci-dessus ne comprennent aucuns frais de recouvrement"
                     " amiable.")
    contact = ", ".join(x for x in (
        letters.one_line_address(iss.address), iss.email) if x)
    paras.append(fr.typo(
        f"Données personnelles : {iss.name}, {contact}, traite les données vous concernant"
        f" (identité, coordonnées, éléments de la créance), que lui a communiquées {creditor},"
        " pour le recouvrement de cette créance, sur le fondement de l’intérêt légitime de sa"
        " mandante (article 6, 1, f, du règlement (UE) 2016/679). Elles sont destinées à l’étude"
        " et à sa mandante et, le cas échéant, aux juridictions et auxiliaires de justice ; elles"
        " sont conservées le temps du recouvrement, puis pendant la durée de prescription des"
        " actions qui s’y rattachent. Vous disposez d’un droit d’accès, de rectification,"
        " d’effacement, de limitation et d’opposition, que vous pouvez exercer auprès de l’étude,"
        " et du droit d’introduire une réclamation auprès de la CNIL."))
    return paras


def debtor_subject(case: Case) -> str:
    """The debtor as the subject of « … reste redevable », in the second person (fourth reading
    6): « Vous restez redevable » to a person, « Votre société, Martin Bâtiment (SAS),
    immatriculée …, reste redevable » to a company."""
    d = case.debtor
    if not d.is_company:
        return "Vous restez redevable"
    named = designation(d)
    prefix = "la société "
    if named.startswith(prefix):
        named = named[len(prefix):]
    return f"Votre société, {named}, reste redevable"


def _amicable_attempt_first(facts: CaseFacts) -> bool:
    """The claim goes to the tribunal judiciaire and does not exceed the CPC 750-1 threshold:
    an assignation needs a prior amicable attempt (the court choice's own reading)."""
    court = facts.court_or_none
    return (court is not None and court.jurisdiction == "tribunal_judiciaire"
            and court.amicable_threshold is not None
            and facts.decompte.totals.total_due <= court.amicable_threshold)


def plan(case: Case, facts: CaseFacts, options: Options) -> DocumentPlan:
    decompte = facts.decompte
    issuer = options.issuer
    agent = issuer != "creditor"
    sender = letters.issuer_sender(case, issuer)
    registered, lrar_mention = letters.registered(options, default=True)
    singular = not agent and letters.in_person(case)  # a private person writes « je » (R7)
    invoices = letters.letter_invoices(decompte)  # L12: the unpaid invoices only
    listed = invoices.numbers or [i.number for i in case.invoices]
    plural = len(listed) > 1
    numbers = letters.invoice_numbers_text(listed, with_numero=True)  # L13
    title = f"Mise en demeure de payer — {case.reference}"
    letter = letters.base_context(
        case, facts, sender=sender, title=title,
        subject=f"Mise en demeure de payer, dossier {case.reference}",
        object_line=f"Mise en demeure de payer — facture{'s' if plural else ''} {numbers}",
        lrar=lrar_mention, presented=True,
    )
    ctx = letter.context
    letters.use_letter_invoices(ctx, invoices, singular=singular)
    creditor = short_designation(case.creditor)  # « la société Atelier Dupont »
    creditor_of = letters.of(case.creditor.display_name)  # « d’Atelier Dupont »
    lawyer = issuer == "avocat"
    owed_to = creditor if agent else ("notre société" if case.creditor.is_company
                                      else "moi" if singular else "nous")
    their_terms = ("de notre mandante" if issuer == "commissaire_de_justice"
                   else f"de {creditor}" if lawyer else "")
    claim_intro = fr.typo(
        debtor_subject(case) + f" envers {owed_to} "
        f"de la somme en principal de {fr.money(decompte.totals.outstanding)} au titre "
        f"{'des factures suivantes, émises' if plural else 'de la facture suivante, émise'} en"
        f" exécution {'de nos' if not agent else 'des'} relations contractuelles"
        + letters.contract_basis(case.terms.reference,
                                 whose=(their_terms if agent else "mes" if singular
                                        else "nos"))
        + " et demeurée" + ("s" if plural else "") + " impayée" + ("s" if plural else "")
        + " à ce jour :"
    )
    # fourth reading 6: a second formal notice says so (« à nouveau »)
    again = " à nouveau" if any(r.kind == "mise_en_demeure" and r.date < case.as_of
                                for r in case.reminders) else ""
    if decompte.regime == "consumer":
        start = consumer_interest.start_phrase(decompte, case)  # as counted (third reading 1)
        if again and start:
            accessories = ("Les intérêts au taux de l’intérêt légal courent sur les sommes dues"
                           f" {start} (articles 1231-6 et 1344-1 du code civil). Le décompte"
                           " ci-dessous arrête la créance à la date de la présente.")
        else:
            accessories = ("Conformément aux articles 1231-6 et 1344-1 du code civil, la présente"
                           " mise en demeure fait courir les intérêts au taux de l’intérêt légal"
                           " sur les sommes dues. Le décompte ci-dessous arrête la créance à la"
                           " date de la présente.")
        running = "les intérêts au taux légal"
    else:
        terms = case.terms.reference
        accessories = ("Conformément à l’article L441-10 II du code de commerce"
                       + ((f" et à {'mes' if singular else 'nos'} conditions ({terms})"
                           if not agent
                           else f" et aux conditions {their_terms} ({terms})") if terms else "")
                       + ", les sommes impayées à leur échéance portent de plein droit, sans"
                         " qu’un rappel soit nécessaire, des "
                       + common.letter_rate_description(decompte, case, cite=False)
                       + (", et chaque facture non réglée à son échéance ouvre droit à une indemnité"
                          " forfaitaire pour frais de recouvrement de "
                          + ctx["indemnity_amount"] + " (article D441-5 du code de commerce)"
                          if case.terms.flat_indemnity else "")
                       + ".")
        running = "les pénalités de retard (article L441-10 II du code de commerce)"
    summons = ("fera" if agent else "ferai" if singular else "ferons") + " assigner en paiement"
    if _amicable_attempt_first(facts):  # fourth reading 7: CPC 750-1 before the assignation
        summons = (", après la tentative préalable de résolution amiable qu’exige l’article"
                   " 750-1 du même code, vous " + summons)
    else:
        summons = " vous " + summons
    procedure = (" la juridiction compétente d’une requête en injonction de payer (articles 1405"
                 " et suivants du code de procédure civile), ou" + summons
                 + ", afin d’obtenir un titre exécutoire ; " + running
                 + " continueront de courir jusqu’au complet paiement.")
    if letters.debtor_abroad(case):  # LR15: no French procedure named (warning debtor_abroad)
        procedure = (" la juridiction compétente afin d’obtenir un titre exécutoire ; " + running
                     + " continueront de courir jusqu’au complet paiement.")
    who_seizes = (f"{creditor} saisira" if lawyer else
                  "notre mandante saisira" if agent else
                  "je saisirai" if singular else "nous saisirons")
    next_step = ("À défaut de règlement intégral dans ce délai, " + who_seizes + " sans autre avis"
                 + procedure)
    if facts.time_barred_claimed:  # options.include_time_barred: no threat of a court action
        next_step = ("À défaut de règlement intégral dans ce délai, " + running
                     + " continueront de courir jusqu’au complet paiement.")
    if lawyer:
        demand = f"je vous mets{again} en demeure de régler à {creditor}"
        pay_to = (f"Le règlement est à effectuer directement entre les mains de {creditor}"
                  + (", par virement sur son compte ci-dessous." if ctx["payment"] else "."))
    elif agent:
        demand = f"nous vous mettons{again} en demeure de régler à notre mandante"
        pay_to = ("Le règlement est à effectuer directement entre les mains de notre mandante"
                  + (", par virement sur son compte ci-dessous." if ctx["payment"] else "."))
    else:
        demand = (f"je vous mets{again} en demeure de me régler" if singular
                  else f"nous vous mettons{again} en demeure de nous régler")
        pay_to = None
    agent_intro = None
    counsel_notice = None
    agent_notice: list[str] = []
    if issuer == "commissaire_de_justice":
        # fourth reading 2: the creditor identified (form, capital, RCS, seat; CPCE R124-4 2°)
        mandator = designation(case.creditor, capital=True, representative=False)
        agent_intro = (f"Mandatée par {mandator}, notre étude procède au recouvrement amiable de"
                       " sa créance, décrite ci-après.")
        agent_notice = _cj_notice(case, facts, creditor)
    elif lawyer:
        agent_intro = (f"Je vous écris en qualité de conseil de {creditor}, au sujet de sa créance"
                       " décrite ci-après.")
        # fourth reading 1: the lawyer writing to the other party reminds it that it may
        # consult a lawyer and asks for its counsel's name (a rule of the profession)
        counsel_notice = ("Je vous informe que vous avez la faculté de consulter l’avocat de"
                          " votre choix et vous invite, si vous confiez ce dossier à un conseil,"
                          " à me faire connaître son nom.")
        ctx["closing"] = ("Je vous prie d’agréer, " + ctx["salutation"]
                          + ", l’expression de mes salutations distinguées.")
    ctx.update({
        "agent": agent,
        "agent_intro": fr.typo(agent_intro) if agent_intro else None,
        "agent_notice": agent_notice,
        "counsel_notice": counsel_notice,
        "claim_intro": claim_intro,
        "accessories_text": fr.typo(accessories),
        "next_step": fr.typo(next_step),
        "demand": demand,
        "pay_to": fr.typo(pay_to) if pay_to else None,
        "consumer_interest_note": None,
        "signatory": letters.own_signatory(case, letters.signatory(case)),
        "mandate_reference": (case.issuer.mandate_reference
                              if issuer == "commissaire_de_justice" and case.issuer else None),
    })
    if lawyer:
        ctx["reference_label"] = "N/Réf."  # the lawyer writes in the first person (L9)
    if agent:
        ctx["footer"] = fr.typo(" — ".join(x for x in (
            letters.issuer_mentions(case, issuer, sender),
            f"pour le compte {creditor_of}") if x))
    if lawyer and case.lawyer is not None:
        lw = case.lawyer
        ctx["signatory"] = {"name": letters.lawyer_own_name(lw.name),
                            "title": letters.lawyer_title(lw.bar, letters.lawyer_noun(lw)),
                            "for_whom": None}
    elif lawyer and case.issuer is not None:
        ctx["signatory"] = {"name": (case.issuer.signatory.name if case.issuer.signatory
                                     else case.issuer.name),
                            "title": "Avocat", "for_whom": None}
    elif issuer == "commissaire_de_justice" and case.issuer is not None:
        person = case.issuer.signatory
        assert person is not None  # checked
        ctx["signatory"] = {"name": person.name,
                            "title": person.title or "Commissaire de justice",
                            "for_whom": case.issuer.name}
    deadline = letter.deadline
    details = {"issuer": issuer, "deadline": deadline.end.isoformat(),
               "deadline_text": ctx["deadline"], "deadline_extended": deadline.extended}
    return DocumentPlan(
        parts=(Html("mise_en_demeure/letter.html", ctx, images=letter.images,
                    anchors=("seal", "recipient")),),
        filename=f"mise-en-demeure_{case.reference}.pdf",
        signature_reason=f"Mise en demeure — dossier {case.reference}",
        mailing=letters.mailing(case, sender, registered=registered, channel=options.channel),
        warnings=(*letter.warnings,
                  *((letters.abroad_procedure_warning(case),)
                    if letters.debtor_abroad(case) and not facts.time_barred_claimed else ())),
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
