"""Invitation to the simplified small-claims procedure (procédure simplifiée de recouvrement des
petites créances), from a commissaire de justice, with its acceptance and refusal forms.

The law (CPCE L125-1, R125-1 to R125-8, read in legal.md source S2; shared/reference/legal.md
§2.7):

- only a commissaire de justice runs it, at the creditor's request (L125-1), for a contractual
  or statutory claim of at most 5 000 € in principal and interest (R125-1; a dated parameter);
  a named officer signs;
- sent by registered letter with acknowledgement of receipt or by electronic message (L125-1,
  R125-2 I): ``options.channel`` = ``lrar`` or ``lre_qualifiee``;
- the letter gives (R125-2 I) the officer's name and address, the creditor's name or company
  name and address or seat, the basis and amount in principal and interest with each element
  of the debt; (II) reproduces L111-2, L111-3, L125-1 CPCE and C. civ. 2238 — verbatim, from
  the dated texts of :mod:`service.law.texts`; (III) says the debtor may accept or refuse, has
  one month from the sending to accept (form or signing the letter), may refuse by the form or
  any other means, that silence is a refusal and that the creditor may then go to court;
- all costs fall on the creditor (L125-1); no payment before the officer records the outcome
  (R125-7), so the letter carries no payment details.

The letter and forms follow a model fixed by arrêté (R125-2 IV) that could not be read: the
answer says so (a warning), the document does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from marshmallow import Schema, fields

from service import fr
from service.contract.options import CommonOptionsSchema, Options
from service.contract.plan import channel_field
from service.documents import common, consumer_interest, letters
from service.documents.base import DocumentPlan, Html, KindSpec
from service.documents.facts import CaseFacts
from service.documents.parties import party_identity, seat, short_designation
from service.errors import FieldError, field_error
from service.law.deadlines import Deadline
from service.law.decompte import Decompte
from service.law.parameters import WARN_STATUSES
from service.law.small_claims import acceptance_deadline, eligibility
from service.law.texts import SMALL_CLAIMS_TEXTS, LegalText, legal_text
from service.model import Case, Warning
from service.postage.channel import CHANNEL_INFO, check_channel

CHANNELS = ("lrar", "lre_qualifiee")


def check_case(case: Case, channel: str) -> list[FieldError]:
    """What the case lacks for the invitation (the amount is checked on the décompte)."""
    errors: list[FieldError] = []
    iss = case.issuer
    if iss is None:
        errors.append(field_error(
            "case.issuer", "required",
            "La procédure simplifiée de recouvrement des petites créances est mise en œuvre par"
            " un commissaire de justice (art. L. 125-1 CPCE) : case.issuer manquant.",
            "The small-claims procedure is run by a commissaire de justice (CPCE art. L125-1):"
            " case.issuer is missing."))
    else:
        if iss.kind != "commissaire_de_justice":
            errors.append(field_error(
                "case.issuer.kind", "issuer_kind_mismatch",
                "Seul un commissaire de justice peut mettre en œuvre cette procédure (art."
                " L. 125-1 CPCE) : case.issuer.kind doit valoir « commissaire_de_justice ».",
                "Only a commissaire de justice may run this procedure (CPCE art. L125-1):"
                " case.issuer.kind must be commissaire_de_justice."))
        if iss.address is None:
            errors.append(field_error(
                "case.issuer.address", "required",
                "Adresse du commissaire de justice manquante (mention de l’art. R. 125-2 I 1°).",
                "The commissaire de justice's address is missing (CPCE art. R125-2 I 1°)."))
        if iss.signatory is None or not iss.signatory.name:
            errors.append(field_error(
                "case.issuer.signatory", "required",
                "Nom du commissaire de justice signataire manquant : un officier nommé signe"
                " l’invitation.",
                "The signing commissaire de justice's name is missing: a named officer signs"
                " the invitation."))
    if (case.debtor.address.country or "FR").upper() != "FR":
        errors.append(field_error(
            "case.debtor.address.country", "debtor_not_in_france",
            "Débiteur domicilié hors de France : la procédure est mise en œuvre par un"
            " commissaire de justice du ressort de la cour d’appel du domicile ou de la"
            " résidence du débiteur (art. R. 125-1 CPCE), ce qui suppose un débiteur en France.",
            "Debtor living outside France: the procedure is run by a commissaire de justice of"
            " the cour d'appel area of the debtor's domicile or residence (CPCE art. R125-1)."))
    errors += check_channel(case, channel, allowed=CHANNELS,
                            rule_fr="lettre recommandée avec demande d’avis de réception ou"
                                    " message électronique, art. L. 125-1 et R. 125-2 CPCE",
                            rule_en="registered letter or electronic message, CPCE arts L125-1"
                                    " and R125-2")
    return errors


def check_amount(decompte: Decompte) -> list[FieldError]:
    errors = common.require_something_due(decompte)
    e = eligibility(decompte)
    if not e.eligible:
        errors.append(field_error(
            "case.invoices", "small_claim_over_ceiling",
            f"Créance de {fr.money(e.principal_and_interest)} en principal et intérêts au"
            f" {fr.date_long(decompte.as_of)} : la procédure simplifiée de recouvrement des"
            f" petites créances est limitée à {fr.money(e.ceiling.value)} (art. R. 125-1 du"
            f" code des procédures civiles d’exécution) ; dépassement de {fr.money(e.excess)}.",
            f"Claim of {e.principal_and_interest} € in principal and interest on"
            f" {decompte.as_of.isoformat()}: the small-claims procedure is limited to"
            f" {e.ceiling.value} € (CPCE art. R125-1); {e.excess} € over."))
    return errors


def _officer(case: Case) -> dict[str, Any]:
    iss = case.issuer
    assert iss is not None and iss.address is not None and iss.signatory is not None
    # LR18: telephone and e-mail each on its line
    contact = [x for x in (iss.phone and f"Tél. {iss.phone}", iss.email) if x]
    person = iss.signatory.name + (f", {iss.signatory.title}" if iss.signatory.title else "")
    return {"name": iss.name, "person": person, "lines": common.address_lines(iss.address),
            "one_line": common.one_line(iss.address), "email": iss.email,
            "contact": contact}


# a practice company named by its form takes the article: « la SELARL …, la SCP … »
_COMPANY_FORMS = ("SELARL", "SELAS", "SELAFA", "SELCA", "SCP", "SAS", "SASU", "SARL", "SA ")


def _with_article(name: str) -> str:
    return f"la {name}" if name.upper().startswith(_COMPANY_FORMS) else name


def _electronic_recipient(case: Case) -> list[str]:
    """The addressee of an electronic registered letter (fourth reading 8): its name, its seat
    or domicile (who it is, not a postal routing), and the e-mail address the letter is
    delivered to (check_channel requires it)."""
    d = case.debtor
    assert d.email is not None
    return [d.display_name, *common.address_lines(seat(d)), "Remise électronique à :", d.email]


def _costs(indemnity: bool) -> str:
    """Fourth reading 7: the procedure's costs stay with the creditor (L125-1), which does not
    contradict the flat indemnity claimed: that is due by law from the late payment alone
    (C. com. L441-10 II, D441-5), whatever procedure follows."""
    costs = ("sont à la charge exclusive du créancier (article L. 125-1 du code des procédures"
             " civiles d’exécution) : aucuns frais de procédure ne vous sont réclamés.")
    if not indemnity:
        return fr.typo("Les frais de toute nature qu’occasionne la présente procédure " + costs)
    return fr.typo("L’indemnité forfaitaire pour frais de recouvrement indiquée ci-dessus est"
                   " due de plein droit, du seul fait du retard de paiement (articles L441-10 II"
                   " et D441-5 du code de commerce). Elle est distincte des frais de la présente"
                   " procédure, qui " + costs)


def build(case: Case, facts: CaseFacts, *, channel: str) -> dict[str, Any]:
    """The template context, the answer's details and the warnings of the invitation."""
    decompte = facts.decompte
    iss = case.issuer
    assert iss is not None and iss.signatory is not None and iss.address is not None
    info = CHANNEL_INFO[channel]
    sender = letters.issuer_sender(case, "commissaire_de_justice")
    title = f"Procédure simplifiée de recouvrement des petites créances — {case.reference}"
    letter = letters.base_context(
        case, facts, sender=sender, title=title,
        subject=f"Invitation à la procédure simplifiée de recouvrement, dossier {case.reference}",
        object_line=fr.typo(
            "Invitation à participer à la procédure simplifiée de recouvrement des petites"
            f" créances — facture{'s' if len(case.invoices) > 1 else ''} n°"
            f" {', '.join(i.number for i in case.invoices)}"),
        lrar=info.heading or False)
    ctx = letter.context
    address_warnings = letter.warnings
    electronic = info.electronic
    if electronic:  # fourth reading 8: the letter goes to an e-mail address, not a window
        ctx["recipient_lines"] = _electronic_recipient(case)
    ctx["electronic"] = electronic
    ctx["payment"] = None  # R125-7: no payment before the officer records the outcome
    ctx["place"] = iss.address.city or ctx["place"]
    # LR6: the étude's R123-237 mentions, as its mise en demeure prints them (same helper)
    ctx["footer"] = fr.typo(letters.issuer_mentions(case, "commissaire_de_justice", sender)
                            + f" — agissant à la demande {letters.of(case.creditor.display_name)}")
    e = eligibility(decompte)
    deadline = acceptance_deadline(case.as_of, department=case.debtor.address.department)
    creditor_ident = party_identity(case.creditor)
    creditor_name = case.creditor.display_name
    consumer = decompte.regime == "consumer"
    texts = [legal_text(name, case.as_of) for name in SMALL_CLAIMS_TEXTS]
    officer = _officer(case)
    debtor_name = case.debtor.display_name
    run_by = _with_article(iss.name)  # LR6: « par la SELARL …, à la demande d’… »
    ctx.update({
        "intro": fr.typo(
            f"Mandatée par {short_designation(case.creditor)}, notre étude met en œuvre à"
            " votre égard la procédure simplifiée de recouvrement des petites créances prévue à"
            " l’article L. 125-1 du code des procédures civiles d’exécution, en vue du paiement"
            " de la créance décrite ci-dessous. Par la présente lettre, nous vous invitons à"
            " participer à cette procédure."),
        "officer": officer,
        "creditor": {"name": creditor_name, "legal_line": creditor_ident["legal_line"],
                     "seat_label": "siège social" if case.creditor.is_company else "adresse",
                     "address_one_line": creditor_ident["address_one_line"]},
        "basis": fr.typo(
            "La créance a une cause contractuelle : elle résulte "
            + ("des factures suivantes, émises" if len(case.invoices) > 1
               else "de la facture suivante, émise")
            + f" par {creditor_name} en exécution des relations contractuelles des parties"
            # the contract, not its late-payment clause (eleventh reading 1)
            + (f" ({common.contract_name(case)})" if case.terms.reference else "")
            + ", et demeurée" + ("s" if len(case.invoices) > 1 else "") + " impayée"
            + ("s" if len(case.invoices) > 1 else "") + " :"),
        "interest_label": ("Intérêts au taux de l’intérêt légal (articles 1231-6 et 1344-1 du"
                           " code civil)" if consumer else
                           "Pénalités de retard (article L441-10 du code de commerce)"),
        "principal_and_interest": fr.money(e.principal_and_interest),
        "other_sums": e.other > 0,
        "other_label": "Autres sommes : indemnité forfaitaire pour frais de recouvrement"
                       " (articles L441-10 et D441-5 du code de commerce)",
        "rate_note": fr.typo(
            f"Calcul arrêté au {fr.date_long(case.as_of)} : "
            + common.letter_rate_description(decompte, case)  # LR5: the figures applied
            + " ; intérêts simples calculés jour par jour (base 365 jours) sur le principal"
              " restant dû."),
        "costs": _costs(e.other > 0),
        "deadline": fr.date_long(deadline.end),
        "deadline_extended": deadline.extended,
        "next_steps": fr.typo(
            "Si vous acceptez de participer, nous vous proposerons un accord sur le montant et"
            " les modalités du paiement (article R. 125-4). Votre accord, constaté par nos soins,"
            " suspend la prescription (article 2238 du code civil). En cas d’accord du créancier"
            " et de vous-même sur le montant et les modalités du paiement, nous délivrerons un"
            " titre exécutoire (articles L. 111-3 5° et L. 125-1 du code des procédures civiles"
            " d’exécution)."),
        # fourth reading 9: the code named, never « du même code » after the code civil
        "no_payment": fr.typo(
            "Conformément à l’article R. 125-7 du code des procédures civiles d’exécution, aucun"
            " paiement ne peut avoir lieu avant que le commissaire de justice ait constaté"
            " l’issue de la procédure."),
        "texts_notice": "Les articles L. 111-2, L. 111-3 et L. 125-1 du code des procédures"
                        " civiles d’exécution et l’article 2238 du code civil sont reproduits"
                        " ci-après, suivis des formulaires d’acceptation et de refus.",
        "closing": "Nous vous prions d’agréer, " + ctx["salutation"]
                   + ", l’expression de nos salutations distinguées.",
        "signatory": {"name": iss.signatory.name,
                      "title": iss.signatory.title or "Commissaire de justice",
                      "for_whom": iss.name},
        "texts": [{"heading": t.heading, "paragraphs": t.display_paragraphs} for t in texts],
        "debtor_name": debtor_name,
        "invoice_numbers": ", ".join(i.number for i in case.invoices),
        "forms": [
            {"title": "Formulaire d’acceptation",
             "declaration": fr.typo(
                 "Déclare ACCEPTER de participer à la procédure simplifiée de recouvrement des"
                 f" petites créances mise en œuvre par {run_by}, à la demande"
                 f" {letters.of(creditor_name)}, et être joignable aux coordonnées ci-dessous pour recevoir"
                 " la proposition d’accord sur le montant et les modalités du paiement."),
             "contact": True,
             "return_to": fr.typo(
                 f"À retourner au plus tard le {fr.date_long(deadline.end)}"
                 f" ({_deadline_note(deadline)}) à {iss.name}, {officer['one_line']}, par"
                 " courrier postal" + (f", ou par voie électronique à {iss.email}"
                                       if iss.email else "")
                 + ". L’absence de réponse dans ce délai vaut refus.")},
            {"title": "Formulaire de refus",
             "declaration": fr.typo(
                 "Déclare REFUSER de participer à la procédure simplifiée de recouvrement des"
                 f" petites créances mise en œuvre par {run_by}, à la demande"
                 f" {letters.of(creditor_name)}."),
             "contact": False,
             "return_to": fr.typo(
                 f"À remettre ou à adresser à {iss.name}, {officer['one_line']}"
                 + (f" ({iss.email})" if iss.email else "")
                 + ". Le refus peut aussi être manifesté par tout autre moyen ; l’absence de"
                   " réponse dans le délai d’un mois vaut refus implicite. En cas de refus, le"
                   " créancier pourra saisir le juge afin d’obtenir un titre exécutoire.")},
        ],
    })
    warnings: list[Warning] = list(address_warnings)
    warnings.append(Warning(
        "petites_creances_model_not_checked",
        "La lettre et les formulaires doivent être rédigés conformément aux modèles fixés par"
        " arrêté du garde des sceaux (art. R. 125-2 IV CPCE) ; ce modèle n’a pas pu être"
        " consulté : vérifiez la conformité avant l’envoi.",
        "The letter and forms must follow the models set by an arrêté of the Minister of Justice"
        " (CPCE art. R125-2 IV); that model could not be read: check conformity before"
        " sending."))
    warnings.append(Warning(
        "petites_creances_territoriality_not_checked",
        "Le commissaire de justice doit relever du ressort de la cour d’appel du domicile ou de"
        " la résidence du débiteur (art. R. 125-1 CPCE) : non vérifié par Recouvre.",
        "The commissaire de justice must be within the cour d'appel area of the debtor's"
        " domicile or residence (CPCE art. R125-1): not checked by Recouvre.",
        path="case.issuer.address"))
    unsure = [t for t in texts if t.source.status in WARN_STATUSES]
    if unsure:
        warnings.append(_snapshot_warning(unsure))
    details = {
        "channel": channel,
        "sent_on": case.as_of.isoformat(),
        "acceptance_deadline": deadline.end.isoformat(),
        "acceptance_deadline_nominal": deadline.nominal_end.isoformat(),
        "acceptance_deadline_extended": deadline.extended,
        "principal": str(e.principal), "interest": str(e.interest),
        "other_sums": str(e.other),
        "principal_and_interest": str(e.principal_and_interest),
        "ceiling": {"eur": str(e.ceiling.value), "valid_from": e.ceiling.valid_from.isoformat(),
                    "status": e.ceiling.status, "source": e.ceiling.reference.title},
        "texts": [t.as_dict() for t in texts],
    }
    return {"context": ctx, "details": details, "warnings": warnings, "title": title,
            "sender": sender, "images": {}}


def _snapshot_warning(texts: list[LegalText]) -> Warning:
    """Third reading 6d: the reproduced texts whose wording in force could not be read (their
    data says ``unverified``) are named; their words stay as read, never rewritten."""
    headings = [t.heading[:1].lower() + t.heading[1:] for t in texts]
    fr_names = (", ".join(headings[:-1]) + " et " + headings[-1]) if len(headings) > 1 \
        else headings[0]
    huissier = all("huissier" in " ".join(t.paragraphs) for t in texts)
    says_fr = ", qui emploie « huissier de justice »" if huissier else ""
    says_en = " that says « huissier de justice »" if huissier else ""
    why_fr = (" (la profession est celle de commissaire de justice depuis le 1er juillet 2022)"
              if huissier else "")
    why_en = (" (the profession has been that of commissaire de justice since 1 July 2022)"
              if huissier else "")
    return Warning(
        "legal_text_snapshot",
        fr.typo(f"Textes reproduits d’après une copie du texte officiel de date inconnue"
                f" (postérieure à mai 2022){says_fr} : {fr_names}. Leur rédaction en vigueur"
                f"{why_fr} n’a pu être lue dans aucune source : vérifiez la version en vigueur"
                " sur Légifrance avant l’envoi ; Recouvre ne réécrit pas un texte qu’il n’a pas"
                " lu."),
        f"Texts reproduced from a copy of the official text of unknown date (after May"
        f" 2022){says_en}: {', '.join(t.name for t in texts)}. Their wording in force{why_en}"
        " could not be read in any source: check the version in force on Légifrance before"
        " sending; Recouvre does not rewrite a text it has not read.")


# ------------------------------------------------------------------ the kind (registry entry)


@dataclass(frozen=True)
class PetitesCreancesOptions(Options):
    channel: str = "lrar"


class PetitesCreancesOptionsSchema(CommonOptionsSchema):
    options_class = PetitesCreancesOptions
    channel = channel_field(load_default="lrar")


class CeilingSchema(Schema):
    eur = fields.String(required=True)
    valid_from = fields.String(required=True, metadata={"format": "date"})
    status = fields.String(required=True)
    source = fields.String(required=True)


class TextSourceSchema(Schema):
    text = fields.String(required=True)
    heading = fields.String(required=True)
    valid_from = fields.String(required=True, metadata={"format": "date"})
    status = fields.String(required=True)
    source = fields.String(required=True)
    href = fields.String()


class PetitesCreancesDetailsSchema(Schema):
    channel = fields.String(required=True)
    sent_on = fields.String(required=True, metadata={
        "format": "date", "description": "the sending the month runs from (the letter's date)"})
    acceptance_deadline = fields.String(required=True, metadata={
        "format": "date", "description": "last day to accept (R125-2 III 2°), moved to the next"
                                         " working day"})
    acceptance_deadline_nominal = fields.String(required=True, metadata={"format": "date"})
    acceptance_deadline_extended = fields.Boolean(required=True)
    principal = fields.String(required=True)
    interest = fields.String(required=True)
    other_sums = fields.String(required=True)
    principal_and_interest = fields.String(required=True, metadata={
        "description": "compared with the ceiling (R125-1)"})
    ceiling = fields.Nested(CeilingSchema, required=True)
    texts = fields.List(fields.Nested(TextSourceSchema), required=True)


def check(case: Case, facts: CaseFacts, options: PetitesCreancesOptions) -> list[FieldError]:
    errors = check_case(case, options.channel or "lrar")
    if not errors:
        errors += check_amount(facts.decompte)
    # the invitation claims the interest and may end in an enforceable title (third reading 1)
    return errors + consumer_interest.receipt_errors(case, facts.decompte)


def plan(case: Case, facts: CaseFacts, options: PetitesCreancesOptions) -> DocumentPlan:
    channel = options.channel or "lrar"
    out = build(case, facts, channel=channel)
    return DocumentPlan(
        parts=(Html("petites_creances/letter.html", out["context"],
                    stylesheets=("css/letter.css", "css/amicable.css"), images=out["images"],
                    anchors=("seal", "recipient")),),
        filename=f"petites-creances_{case.reference}.pdf",
        signature_reason=f"Procédure simplifiée de recouvrement — dossier {case.reference}",
        mailing=letters.mailing(case, out["sender"], registered=True, channel=channel),
        warnings=tuple(out["warnings"]),
        details=out["details"],
    )


SPEC = KindSpec(
    name="petites_creances",
    template_version="petites_creances@1",
    description="Commissaire de justice's invitation to the simplified small-claims procedure"
                " (CPCE L125-1, R125-1 to R125-8), with the acceptance and refusal forms; at"
                " most 5 000 € in principal and interest",
    options_schema=PetitesCreancesOptionsSchema,
    details_schema=PetitesCreancesDetailsSchema,
    check=check,
    plan=plan,
    pursues_debtor=True,
    posted_by_lrar="yes (LRAR or qualified LRE)",
)


def _deadline_note(deadline: Deadline) -> str:
    """Why the form's date is that day (fifth reading 7), from the deadline engine's own result:
    « délai d’un mois expirant le dimanche 20 décembre 2026, reporté au lundi 21 décembre
    2026 », a public holiday named (« vendredi 25 décembre 2026, jour férié (Noël) »); without an
    extension, « un mois à compter de l’envoi de l’invitation »."""
    if not deadline.extended:
        return "un mois à compter de l’envoi de l’invitation"
    first = deadline.extended_because[0] if deadline.extended_because else ""
    holiday = f", jour férié ({first})" if first and first not in ("samedi", "dimanche") else ""
    return (f"délai d’un mois expirant le {fr.date_with_weekday(deadline.nominal_end)}{holiday},"
            f" reporté au {fr.date_with_weekday(deadline.end)}")
