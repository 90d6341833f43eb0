"""Payment-plan agreement and acknowledgement of debt (protocole d'échéancier et reconnaissance
de dette), sent to the debtor for signature.

What it says (shared/reviews/legal-review-2026-12.md part (c) item 2):

- the parties, and the debt acknowledged on ``as_of`` broken down, invoice by invoice (the
  letters' décompte table, eighth reading 2), into principal, penalties or interest and
  indemnity; the acknowledgement interrupts prescription and a new
  period of the same length starts (C. civ. 2240, 2231: both read in an official copy);
- the instalments (``options.plan``: count + first date + periodicity, or explicit dates and
  amounts), adding up to the total to the cent, on working days
  (:mod:`service.law.instalments`), and how to pay them, with an EPC QR code for the first;
- the imputation rule (C. civ. 1342-10 between invoices; interest first under 1343-1 against a
  consumer or when ``terms.imputation`` says so);
- nothing is added during the plan (free of charge: against a consumer, deferred payment of an
  existing debt must be free of charge or it risks being a credit agreement);
- acceleration of the whole balance after a missed instalment, only after a formal notice with
  a deadline (``options.notice_days``, 15 by default) has remained without effect; from the day
  after that deadline only the principal part bears penalties or legal interest, the accrued
  ones and the indemnity bearing none (no capitalisation, see :func:`_acceleration`);
- the creditor's undertaking not to sue while the plan is kept;
- both signature blocks, the debtor's with the handwritten « bon pour » mention in words and
  figures;
- in two originals (C. civ. 1375, fifth reading 3): the PDF carries the protocol twice, each
  stating its number, with both signature blocks and the handwritten mention.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from marshmallow import Schema, fields

from service import fr
from service.contract.case import nested
from service.contract.fields import fail, int_field
from service.contract.options import CommonOptionsSchema, Options
from service.contract.plan import PlanSchema, channel_field
from service.documents import common, epc, letters
from service.documents.base import DocumentPlan, Html, KindSpec
from service.documents.facts import CaseFacts
from service.documents.parties import designation
from service.errors import FieldError
from service.law.decompte import Decompte
from service.law.instalments import (
    PERIODICITY_FR,
    Instalment,
    PlanRequest,
    explicit_schedule,
    regular_schedule,
)
from service.model import Case, Warning
from service.pdf.render import generated_image_url
from service.postage.channel import CHANNEL_INFO, check_channel

DEFAULT_NOTICE_DAYS = 15
# fifth reading 3: the label at the head of each original (C. civ. 1375 al. 2)
ORIGINALS = ("Exemplaire n° 1 sur 2 — à conserver par le débiteur",
             "Exemplaire n° 2 sur 2 — à retourner signé au créancier")
PERIODICITY_PLURAL_FR = {"monthly": "mensuelles", "weekly": "hebdomadaires",
                         "quarterly": "trimestrielles"}


def schedule(case: Case, decompte: Decompte, plan: PlanRequest) -> list[Instalment]:
    total = decompte.totals.total_due
    department = case.debtor.address.department
    if plan.explicit:
        return explicit_schedule(total, plan.instalments, plan_date=case.as_of,
                                 department=department)
    assert plan.count is not None and plan.first_date is not None
    return regular_schedule(total, count=plan.count, first_date=plan.first_date,
                            periodicity=plan.periodicity or "monthly", plan_date=case.as_of,
                            department=department)


def interest_first(case: Case, decompte: Decompte) -> bool:
    return decompte.regime == "consumer" or \
        getattr(case.terms, "imputation", "principal_first") == "interest_first"


def _clauses(case: Case, decompte: Decompte, plan: PlanRequest, items: list[Instalment],
             notice_days: int, channel_heading: str | None) -> dict[str, str]:
    consumer = decompte.regime == "consumer"
    accessories = "les intérêts" if consumer else "les pénalités de retard et l’indemnité forfaitaire"
    if interest_first(case, decompte):
        within = (f"d’abord sur {accessories}, puis sur le principal (article 1343-1 du code"
                  " civil)")
    else:
        within = (f"d’abord sur le principal, puis sur {accessories}, ce que le créancier"
                  " accepte par dérogation à l’article 1343-1 du code civil")
    imputation = ("Chaque versement s’impute sur les factures dans l’ordre de leurs échéances,"
                  " de la plus ancienne à la plus récente (article 1342-10 du code civil), et,"
                  f" pour chaque facture, {within}.")
    # Nothing accrues before the déchéance, and nothing does afterwards for that period: the
    # plan's waiver is not revived by the acceleration (the case data holds no such clause).
    until = ("jusqu’à la déchéance du terme prévue à l’article 5, aucun intérêt, aucune pénalité"
             " ni aucuns frais ne s’ajoutent à la somme reconnue à l’article 1er ; si la déchéance"
             " est encourue, rien n’est dû à ce titre pour la période qui la précède.")
    free = ("Le présent échéancier est consenti à titre gratuit : " + until if consumer
            else until[0].upper() + until[1:])
    acceleration = _acceleration(case, decompte, notice_days)
    # fifth reading 8: « introduire » an action, « pratiquer » a measure
    # sixth reading 1: the undertaking lasts until the déchéance of article 5, not the first
    # day an instalment is late (the balance is not yet due then)
    undertaking = ("Tant que la déchéance du terme n’est pas encourue dans les conditions de"
                   " l’article 5, le créancier s’engage à"
                   " n’introduire aucune action en justice et à ne pratiquer aucune mesure"
                   " conservatoire ou d’exécution en recouvrement de la somme reconnue à"
                   " l’article 1er, et à suspendre toute démarche de recouvrement.")
    prescription = ("Conformément à l’article 2240 du code civil, la présente reconnaissance par"
                    " le débiteur du droit du créancier interrompt le délai de prescription ;"
                    " un nouveau délai de même durée que l’ancien court à compter de sa"
                    " signature (article 2231 du même code).")
    early = ("Le débiteur peut, à tout moment, payer par anticipation tout ou partie du solde"
             " restant dû, sans frais ; un paiement anticipé partiel s’impute sur les dernières"
             " échéances.")
    final = ("Le présent protocole n’emporte pas novation de la créance. Le paiement de la"
             " dernière échéance éteint la dette reconnue à l’article 1er. Le créancier"
             " retournera au débiteur, à sa demande, une quittance.")
    return {k: fr.typo(v) for k, v in {
        "imputation": imputation, "free": free, "acceleration": acceleration,
        "undertaking": undertaking, "prescription": prescription, "early": early,
        "final": final}.items()}


def _acceleration(case: Case, decompte: Decompte, notice_days: int) -> str:
    """Article 5. Prudent reading (issue 12, third reading item 5): after the déchéance, only the
    principal part of the balance bears penalties (B2B, L441-10) or legal interest (consumer),
    from the day the déchéance is incurred; accrued penalties or interest and the 40 € indemnity
    become payable without bearing any (no capitalisation clause, C. civ. 1343-2)."""
    consumer = decompte.regime == "consumer"
    totals = decompte.totals
    # fifth reading 2: a consumer receives an electronic registered letter only if she
    # accepted it (the rule's source is UNVERIFIED in reference/lrar.md: no article is named)
    notice_by = ("lettre recommandée avec demande d’avis de réception ou, si le débiteur a"
                 " accepté de la recevoir par voie électronique, par lettre recommandée"
                 " électronique" if consumer else
                 "lettre recommandée avec demande d’avis de réception ou lettre recommandée"
                 " électronique")
    # fifth reading 1: the period runs from the first presentation, so that an unclaimed
    # letter cannot block the acceleration; an electronic one from its receipt
    trigger = (
        "À défaut de paiement d’une seule échéance à sa date, le créancier adressera au débiteur"
        f" une mise en demeure de la régler, par {notice_by}. Si cette mise en demeure reste"
        f" sans effet pendant {letters.grace_words(notice_days)} jours à compter de sa"
        " première présentation (ou de sa réception, s’il s’agit d’une lettre recommandée"
        " électronique), la déchéance du terme sera encourue le lendemain du dernier jour de ce"
        " délai, sans autre formalité : le solde restant dû deviendra immédiatement exigible.")
    if consumer:
        late = "intérêts au taux de l’intérêt légal (article 1231-6 du code civil)"
    else:
        late = ("pénalités de retard au taux prévu par l’article L441-10 du code de commerce"
                + (f" et par les conditions du créancier ({case.terms.reference})"
                   if case.terms.reference else ""))
    if totals.outstanding <= 0:
        return (trigger + " Ce solde ne comprenant aucune somme en principal, il ne portera "
                + ("aucun intérêt." if consumer else "ni pénalités ni intérêts."))
    return (trigger + " De ce jour à complet paiement, seul le principal restant dû reconnu à"
            " l’article 1er, déduction faite des versements imputés sur ce principal"
            f" conformément à l’article 3, portera {late}"
            + _accrued_clause(consumer=consumer, interest=totals.interest > 0,
                              indemnity=totals.indemnities > 0) + ".")


def _accrued_clause(*, consumer: bool, interest: bool, indemnity: bool) -> str:
    """What was accrued on ``as_of`` falls due with the balance but bears nothing itself."""
    names = ([("les intérêts échus" if consumer else "les pénalités de retard échues")]
             if interest else [])
    names += ["l’indemnité forfaitaire"] if indemnity else []
    if not names:
        return ""
    if len(names) == 1 and indemnity:
        agreed, due, verb, itself = "reconnue", "exigible", "portera", "elle-même"
    elif consumer:  # interest is masculine: masculine plural, with or without the indemnity
        agreed, due, verb, itself = "reconnus", "exigibles", "porteront", "eux-mêmes"
    else:
        agreed, due, verb, itself = "reconnues", "exigibles", "porteront", "elles-mêmes"
    bears = "aucun intérêt" if consumer else "ni pénalités ni intérêts"
    return (f" ; {' et '.join(names)} {agreed} à l’article 1er, {due} avec le solde, ne {verb}"
            f" {itself} {bears}")


def _first_payment(case: Case, first: Instalment) -> dict[str, Any] | None:
    bank = case.creditor.bank
    if bank is None:
        return None
    iban = " ".join(bank.iban[i:i + 4] for i in range(0, len(bank.iban), 4))
    reference = f"{case.reference} echeance 1"
    payload = epc.payload(name=case.creditor.name, iban=bank.iban, bic=bank.bic,
                          amount=first.amount, text=reference)
    return {"iban": iban, "bic": bank.bic, "holder": case.creditor.name,
            "reference": f"{case.reference} — échéance n° 1",
            "amount": fr.money(first.amount), "epc_payload": payload,
            "qr_png": epc.png(payload) if payload else None}


def build(case: Case, facts: CaseFacts, *, plan: PlanRequest, channel: str,
          notice_days: int = DEFAULT_NOTICE_DAYS) -> dict[str, Any]:
    """The template context, the answer's details and warnings (raises CaseInvalid for a plan
    that does not add up or a date before the plan)."""
    decompte = facts.decompte
    items = schedule(case, decompte, plan)
    info = CHANNEL_INFO[channel]
    sender = letters.creditor_sender(case)
    title = f"Protocole d’échéancier et reconnaissance de dette — {case.reference}"
    # fourth reading 9: the protocol goes to the person who signs it for the debtor
    recipient, attention = letters.signer_recipient(case)
    letter = letters.base_context(
        case, facts, sender=sender, title=title, recipient=recipient,
        subject=f"Échéancier et reconnaissance de dette, dossier {case.reference}",
        object_line=fr.typo("Protocole d’échéancier et reconnaissance de dette — facture"
                            + ("s" if len(case.invoices) > 1 else "") + " n° "
                            + ", ".join(i.number for i in case.invoices)),
        lrar=info.heading or False)
    ctx = letter.context
    for row in ctx["invoices"]:  # fourth reading 11: « 0,00 € » as in the letters
        row["paid"] = letters.amount_or_zero(row["paid"])
    warnings: list[Warning] = list(letter.warnings)
    total = decompte.totals.total_due
    consumer = decompte.regime == "consumer"
    moved = [i for i in items if i.moved]
    rows = [{"number": i.number, "date": fr.date_long(i.date), "amount": fr.money(i.amount),
             "moved_from": (f"reportée du {_weekday(i.nominal_date)} "
                            f"{fr.date_long(i.nominal_date)}") if i.moved else None}
            for i in items]
    if plan.explicit:
        how = f"en {len(items)} échéance{'s' if len(items) > 1 else ''}"
    else:
        assert plan.periodicity is not None
        how = (f"en {len(items)} échéances {PERIODICITY_PLURAL_FR[plan.periodicity]}"
               if len(items) > 1 else "en une échéance")
    creditor_ident = designation(case.creditor)
    debtor_ident = designation(case.debtor)
    payment = _first_payment(case, items[0])
    images: dict[str, bytes] = {}
    if payment is not None:
        png = payment.pop("qr_png", None)
        payment["qr_url"] = None
        if png:
            name, url = generated_image_url(png)
            images[name] = png
            payment["qr_url"] = url
    rep = case.debtor.representative
    debtor_sign = ({"name": rep.name, "title": rep.title, "for_whom": case.debtor.name}
                   if case.debtor.is_company and rep else
                   {"name": case.debtor.display_name, "title": None, "for_whom": None})
    total_words = fr.amount_in_words(total)
    ctx.update({
        "creditor_designation": fr.typo(creditor_ident[0].upper() + creditor_ident[1:]),
        "debtor_designation": fr.typo(debtor_ident[0].upper() + debtor_ident[1:]),
        "acknowledgement": fr.typo(
            f"Le débiteur reconnaît devoir au créancier, au {fr.date_long(case.as_of)}, la somme"
            f" de {fr.money(total)} ({total_words}), au titre "
            + ("des factures suivantes" if len(case.invoices) > 1 else "de la facture suivante")
            # fourth reading 5: the general terms govern the contract; the article stays where
            # the penalties are stated (article 5)
            + (", émises" if len(case.invoices) > 1 else ", émise")
            + " en exécution des relations contractuelles des parties"
            + (letters.contract_basis(case.terms.reference, whose="du créancier") or ",")
            + " dont le détail est le suivant :"),
        # eighth reading 2: the sum acknowledged per invoice is the letters' décompte table
        # (partials/decompte.html, without its periods); the indemnity keeps its ground
        "indemnity_note": fr.typo(
            "Chaque facture non réglée à son échéance ouvre droit à une indemnité forfaitaire"
            f" pour frais de recouvrement de {ctx['indemnity_amount']} (article D441-5 du code"
            " de commerce).") if decompte.totals.indemnities > 0 else None,
        "plan_intro": fr.typo(
            f"Le débiteur s’engage à payer la somme de {fr.money(total)} {how}, aux dates et"
            " pour les montants suivants :"),
        "schedule": rows,
        "schedule_total": fr.money(sum((i.amount for i in items), Decimal(0))),
        "moved_note": ("Les échéances qui tomberaient un samedi, un dimanche ou un jour férié"
                       " sont reportées au premier jour ouvrable suivant." if moved else None),
        "payment_intro": fr.typo(
            "Chaque échéance est payée par virement sur le compte du créancier ci-dessous, en"
            f" rappelant la référence « {case.reference} » et le numéro de l’échéance. Le QR"
            " code permet de régler la première échéance depuis une application bancaire."
            if payment and payment.get("qr_url") else
            "Chaque échéance est payée par virement sur le compte du créancier ci-dessous, en"
            f" rappelant la référence « {case.reference} » et le numéro de l’échéance."),
        "payment": payment,
        **_clauses(case, decompte, plan, items, notice_days, info.heading),
        "total_words": total_words,
        "total_due": fr.money(total),
        "handwritten": fr.typo(f"« Bon pour reconnaissance de dette de la somme de {total_words}"
                               f" ({fr.money(total)}) et pour accord sur l’échéancier »"),
        "creditor_sign": letters.signatory(case, for_whom=f"pour {case.creditor.display_name}"),
        "debtor_sign": debtor_sign,
        # fifth reading 3 (C. civ. 1375): obligations on both sides (instalments, the
        # creditor's undertaking not to sue), so one original per party, each stating their
        # number; the template repeats the protocol for each (README, « Échéancier »)
        "originals": [fr.typo(label) for label in ORIGINALS],
        "copies": fr.typo(
            "Le présent protocole est établi en deux exemplaires originaux, signés par le"
            " créancier. Le débiteur les complète, date et signe tous deux, en conserve un et"
            f" retourne l’autre au créancier au plus tard le {fr.date_long(items[0].date)}, date"
            " de la première échéance. Le protocole prend effet à la date de la signature du"
            " débiteur."),
    })
    if consumer and len(items) > 1 and (items[-1].date - case.as_of).days > 92:
        warnings.append(Warning(
            "payment_plan_consumer_over_three_months",
            "Échéancier de plus de trois mois accordé à un consommateur : il doit rester"
            " gratuit (aucun intérêt ni frais), faute de quoi il pourrait relever du crédit à la"
            " consommation ; le présent document n’en ajoute aucun.",
            "Payment plan over three months granted to a consumer: it must stay free of charge"
            " (no interest or fee), or it may fall under consumer-credit rules; this document"
            " adds none.", path="options.plan"))
    details = {
        "channel": channel,
        "total": str(total),
        "count": len(items),
        "periodicity": None if plan.explicit else plan.periodicity,
        "notice_days": notice_days,
        "imputation": "interest_first" if interest_first(case, decompte) else "principal_first",
        "schedule": [i.as_dict() for i in items],
    }
    return {"context": ctx, "details": details, "warnings": warnings, "title": title,
            "sender": sender, "schedule": items, "images": images, "attention": attention}


_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def _weekday(d: date) -> str:
    return _WEEKDAYS[d.weekday()]


__all__ = ["SPEC", "PlanRequest", "build", "schedule", "PERIODICITY_FR"]


# ------------------------------------------------------------------ the kind (registry entry)


@dataclass(frozen=True)
class EcheancierOptions(Options):
    plan: PlanRequest | None = None
    notice_days: int = DEFAULT_NOTICE_DAYS
    channel: str = "lrar"


def _notice_days(value: int) -> None:
    if not 8 <= value <= 60:
        raise fail("out_of_range", "Délai de la mise en demeure préalable à la déchéance du"
                   " terme : entre 8 et 60 jours.", "Notice period before acceleration: 8 to 60"
                   " days.")


class EcheancierOptionsSchema(CommonOptionsSchema):
    options_class = EcheancierOptions
    plan = nested(PlanSchema, required=True, metadata={
        "description": "{count, first_date, periodicity: monthly|weekly|quarterly} or"
                       " {instalments: [{date, amount}]} adding up to the total due"})
    notice_days = int_field(load_default=DEFAULT_NOTICE_DAYS, validate=_notice_days, metadata={
        "description": "days the mise en demeure before acceleration leaves (8 to 60)"})
    channel = channel_field(load_default="lrar")


class InstalmentAnswerSchema(Schema):
    number = fields.Integer(required=True)
    date = fields.String(required=True, metadata={"format": "date"})
    amount = fields.String(required=True)
    nominal_date = fields.String(metadata={
        "format": "date", "description": "before the move off a weekend or public holiday"})
    moved_because = fields.List(fields.String())


class EcheancierDetailsSchema(Schema):
    channel = fields.String(required=True)
    total = fields.String(required=True, metadata={"description": "the total due on as_of"})
    count = fields.Integer(required=True)
    periodicity = fields.String(allow_none=True, required=True)
    notice_days = fields.Integer(required=True)
    imputation = fields.String(required=True)
    schedule = fields.List(fields.Nested(InstalmentAnswerSchema), required=True, metadata={
        "description": "each instalment {number, date, amount}; they add up to total"})


def check(case: Case, facts: CaseFacts, options: EcheancierOptions) -> list[FieldError]:
    errors = letters.require_signatory(case, need_title=True)
    errors += letters.require_company_mentions(case.creditor, "case.creditor")
    errors += check_channel(case, options.channel or "lrar")
    errors += common.require_something_due(facts.decompte)
    return errors


def plan(case: Case, facts: CaseFacts, options: EcheancierOptions) -> DocumentPlan:
    channel = options.channel or "lrar"
    assert options.plan is not None
    out = build(case, facts, plan=options.plan, channel=channel,
                notice_days=options.notice_days)
    info = CHANNEL_INFO[channel]
    return DocumentPlan(
        parts=(Html("echeancier/protocol.html", out["context"],
                    stylesheets=("css/letter.css", "css/amicable.css"), images=out["images"],
                    anchors=("seal", "recipient")),),
        filename=f"echeancier_{case.reference}.pdf",
        signature_reason=f"Échéancier et reconnaissance de dette — dossier {case.reference}",
        mailing=letters.mailing(case, out["sender"], registered=info.registered,
                                channel=channel, attention=out["attention"]),
        warnings=tuple(out["warnings"]),
        details=out["details"],
    )


SPEC = KindSpec(
    name="echeancier",
    template_version="echeancier@1",
    description="Payment-plan agreement and acknowledgement of debt: the debt broken down on"
                " as_of, instalments adding up to it, acceleration, undertaking not to sue",
    options_schema=EcheancierOptionsSchema,
    details_schema=EcheancierDetailsSchema,
    check=check,
    plan=plan,
    pursues_debtor=True,
    posted_by_lrar="yes",
)
