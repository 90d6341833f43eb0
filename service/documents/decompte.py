"""The décompte de créance as a document: a dated statement of account usable as a pièce and by
a commissaire de justice (the enforcement deeds ask for « le décompte distinct des sommes
réclamées en principal, frais et intérêts échus ainsi que l'indication du taux des intérêts »:
CPCE R221-1 1°, and R211-1 3° for the saisie-attribution; legal-review part (c) item 5).

Per invoice: the principal, each dated payment and what it paid (principal, interest), every
period with its dates, days, base, rate and where the rate comes from, the indemnity; then the
totals and the rule applied (regime, imputation, floor reading, day count, rounding). Its figures
are the décompte's (:func:`service.law.decompte.compute_decompte`), the same as
``POST /v1/decompte``, formatted; landscape pages for the period table.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from marshmallow import Schema, fields

from service import fr
from service.contract.options import CommonOptionsSchema, Options
from service.documents import common, consumer_interest
from service.documents.base import DocumentPlan, Html, KindSpec
from service.documents.facts import CaseFacts
from service.documents.parties import footer_mentions, party_identity
from service.errors import FieldError
from service.law.decompte import Decompte, Period, round_cents
from service.law.parameters import ParameterValue
from service.law.rates import HalfYear
from service.model import Case

_L441_10_II = f" — C.{fr.NBSP}com. art.{fr.NBSP}L441-10{fr.NBSP}II"


def pct(rate: Decimal) -> str:
    """« 12,40 % », with up to four decimals when the rate needs them (« 12,345 % »)."""
    p = (rate * 100).normalize()
    text = format(p, "f")
    whole, _, dec = text.partition(".")
    dec = (dec + "00")[:max(2, len(dec))]
    return f"{int(whole):,}".replace(",", fr.NNBSP) + "," + dec + fr.NBSP + "%"


def _half_label(half: HalfYear) -> str:
    return f"{'1er' if half.half == 1 else '2d'} semestre {half.year}"


def _ref_day(half: HalfYear) -> str:
    return f"{'1er janvier' if half.half == 1 else '1er juillet'} {half.year}"


def _source_value(decompte: Decompte, name: str, on: date) -> ParameterValue | None:
    found = None
    for s in decompte.sources:
        if s.name == name and s.valid_from <= on and (found is None
                                                      or s.valid_from > found.valid_from):
            found = s
    return found


def _period_source(case: Case, decompte: Decompte, period: Period) -> str:
    """Where the rate of ``period`` comes from, in French (the references themselves, with
    their statuses, are in the answer's ``decompte.sources``)."""
    half = HalfYear.of(period.start)
    source = getattr(period, "source", None)
    if source is None:  # derive it from the regime
        basis = decompte.rate_basis
        if basis == "contractual":
            contractual = case.terms.late_penalty_rate
            source = "contractual" if period.rate == contractual else "contractual_floor"
        else:
            source = basis
    if source in ("ecb_plus_10", "default_rate_below_floor"):
        ecb = _source_value(decompte, "ecb_mro_rate", half.start)
        ecb_txt = f" ({pct(ecb.value)})" if ecb is not None else ""
        text = (f"Taux de refinancement BCE au {_ref_day(half)}{ecb_txt} + 10 points"
                + _L441_10_II)
        if source == "default_rate_below_floor":
            text = "Taux contractuel sous le plancher légal : " + text[0].lower() + text[1:]
        return text
    if source == "contractual":
        ref = f" ({case.terms.reference})" if case.terms.reference else ""
        return f"Taux contractuel{ref} — C. com. art. L441-10 II"
    if source == "contractual_floor":
        legal = _source_value(decompte, "legal_rate_other", half.start)
        legal_txt = f" ({pct(legal.value)})" if legal is not None else ""
        return (f"Plancher : 3 × taux de l’intérêt légal, {_half_label(half)}{legal_txt}"
                + _L441_10_II)
    if source in ("legal_private", "legal_other"):
        col = ("créancier personne physique" if source == "legal_private"
               else "autres cas")
        return (f"Taux de l’intérêt légal, {_half_label(half)} ({col}) — C. civ. art. 1231-6"
                " et 1344-1")
    return "Voir les sources du décompte"


def _rules_text(case: Case, decompte: Decompte) -> list[str]:
    rules = getattr(decompte, "rules", None)
    consumer = decompte.regime == "consumer"
    out = []
    if consumer:
        # the day counted from and what it is the day after (third reading 1)
        start = (consumer_interest.start_phrase(decompte, case)
                 or "à compter de la mise en demeure, qui n’a pas encore été adressée")
        out.append("Débiteur consommateur : intérêts au taux de l’intérêt légal " + start
                   + " (C. civ. art. 1231-6, 1344 et 1344-1) ; pas d’indemnité forfaitaire.")
    else:
        out.append("Débiteur professionnel : " + common.rate_description(decompte, case)
                   + ", dues de plein droit à compter du lendemain de la date d’échéance de"
                   " chaque facture ; indemnité forfaitaire pour frais de recouvrement par"
                   " facture non réglée à son échéance (C. com. art. L441-10 II et D441-5)"
                   + ("" if case.terms.flat_indemnity else ", non réclamée ici") + ".")
    imputation = getattr(rules, "imputation", None) or (
        "interest_first" if consumer or getattr(case.terms, "imputation", None)
        == "interest_first" else "principal_first")
    if imputation == "interest_first":
        out.append("Imputation : un paiement désignant une facture s’y impute, sinon sur la"
                   " facture échue la plus ancienne (C. civ. art. 1342-10) ; il paie d’abord"
                   " les intérêts échus et non payés à sa date, puis le principal (C. civ."
                   " art. 1343-1).")
    else:
        out.append("Imputation : un paiement désignant une facture s’y impute, sinon sur la"
                   " facture échue la plus ancienne (C. civ. art. 1342-10) ; il s’impute sur"
                   " le principal, le créancier renonçant à l’imputation prioritaire sur les"
                   + (" intérêts échus" if consumer else " pénalités échues")
                   + " (C. civ. art. 1343-1).")
    below = getattr(rules, "below_floor", None)
    if decompte.rate_basis == "contractual":
        if below == "default_rate":
            out.append("Taux contractuel inférieur à trois fois le taux de l’intérêt légal :"
                       " le taux légal supplétif (BCE + 10 points) s’applique pour les"
                       " semestres concernés (lecture retenue de l’art. L441-10 II).")
        else:
            out.append("Taux contractuel inférieur à trois fois le taux de l’intérêt légal :"
                       " porté à ce plancher pour les semestres concernés (art. L441-10 II).")
    # fourth reading 4: between professionals the sums are penalties, computed as simple interest
    out.append(("Intérêts simples, jour par jour" if consumer else
                "Pénalités calculées en intérêts simples, jour par jour")
               + " : chaque jour compté produit principal × taux"
               " ÷ 365 (année bissextile comprise) ; un paiement du jour t réduit le principal"
               " à compter du jour t + 1 ; les périodes vont du premier au dernier jour compté"
               " inclus. Montants arrondis au centime une fois par facture ; les montants par"
               " période sont indicatifs et arrondis séparément.")
    return [fr.typo(x) for x in out]


def invoice_sections(case: Case, decompte: Decompte) -> list[dict[str, Any]]:
    sections = []
    for line in decompte.invoices:
        inv = line.invoice
        payments = []
        for imp in line.imputations:
            interest = getattr(imp, "interest", Decimal(0))
            payments.append({
                "date": fr.date_short(imp.date),
                "amount": fr.money(imp.amount + interest),
                "principal": fr.money(imp.amount),
                "interest": fr.money(interest) if interest else "—",
                # fourth reading 8: the case says which invoice, not who designated it
                "how": "imputé sur la facture désignée au paiement" if imp.named
                       else "imputé par ancienneté (art. 1342-10)",
            })
        periods = [{
            "from": fr.date_short(p.start), "to": fr.date_short(p.end), "days": p.days,
            "principal": fr.money(p.principal), "rate": pct(p.rate),
            "source": _period_source(case, decompte, p),
            "amount": fr.money(round_cents(p.exact_amount)),
        } for p in line.periods]
        interest_paid = getattr(line, "interest_paid", Decimal(0))
        sections.append({
            "number": inv.number,
            "issue_date": fr.date_short(inv.issue_date),
            "due_date": fr.date_short(inv.due_date),
            "description": inv.description or "",
            "amount": fr.money(inv.amount_incl_tax),
            "paid": fr.money(line.paid),
            "outstanding": fr.money(line.outstanding),
            "interest": fr.money(line.interest),
            "interest_paid": fr.money(interest_paid) if interest_paid else None,
            "indemnity": fr.money(line.indemnity),
            "has_indemnity": line.indemnity > 0,
            "total": fr.money(line.outstanding + line.interest + line.indemnity),
            "interest_from": fr.date_short(line.interest_start) if line.interest_start else None,
            "payments": payments,
            "periods": periods,
        })
    return sections


def build(case: Case, decompte: Decompte) -> dict[str, Any]:
    """The template context and the answer's details of the décompte document."""
    consumer = decompte.regime == "consumer"
    title = f"Décompte de créance au {fr.date_long(case.as_of)} — {case.reference}"
    creditor = party_identity(case.creditor)
    debtor = party_identity(case.debtor)
    place = (case.signatory.place if case.signatory and case.signatory.place
             else case.creditor.address.city or "")
    signer = case.signatory or case.creditor.representative
    ctx: dict[str, Any] = {
        "meta": common.document_meta(case, title=title, subject=f"Décompte de créance, dossier"
                                     f" {case.reference}", keyword="décompte"),
        "footer": footer_mentions(case.creditor),
        "draft": None,
        "title": "Décompte de créance",
        "as_of": fr.date_long(case.as_of),
        "reference": case.reference,
        "creditor": creditor,
        "debtor": debtor,
        "regime_label": "débiteur consommateur" if consumer else "entre professionnels",
        "interest_label": "Intérêts au taux légal" if consumer else "Pénalités de retard",
        "imputed_interest_header": ("Imputé sur les intérêts" if consumer
                                    else "Imputé sur les pénalités"),
        "interest_due_label": ("Intérêts au taux légal échus restant dus" if consumer
                               else "Pénalités de retard échues restant dues"),
        "interest_paid_label": ("Intérêts déjà payés par imputation" if consumer
                                else "Pénalités de retard déjà payées par imputation"),
        "invoices": invoice_sections(case, decompte),
        "totals": common.totals(decompte),
        "interest_paid_total": (fr.money(decompte.totals.interest_paid)
                                if decompte.totals.interest_paid else None),
        "show_indemnity": decompte.totals.indemnities > 0 or not consumer,
        "rules": _rules_text(case, decompte),
        "unapplied": fr.money(decompte.unapplied) if decompte.unapplied else None,
        "place": place,
        "letter_date": fr.date_long(case.as_of),
        "signatory": ({"name": signer.name, "title": signer.title} if signer else None),
        # LR11: the 40 € indemnity it charges is a recovery cost: said as the exception
        "costs_note": fr.typo(
            "Le présent décompte ne comprend ni frais de procédure, ni dépens, ni frais de"
            " recouvrement amiable"
            + (", à l’exception de l’indemnité forfaitaire pour frais de recouvrement (art."
               " L441-10 II et D441-5 C. com.)" if decompte.totals.indemnities > 0 else "")
            + "."),
    }
    details = {"as_of": case.as_of.isoformat(), "regime": decompte.regime,
               "periods": sum(len(line.periods) for line in decompte.invoices)}
    return {"context": ctx, "details": details, "warnings": [], "title": title}


# ------------------------------------------------------------------ the kind (registry entry)


class DecompteOptionsSchema(CommonOptionsSchema):
    """The common options only."""


class DecompteDetailsSchema(Schema):
    as_of = fields.String(required=True, metadata={"format": "date"})
    regime = fields.String(required=True)
    periods = fields.Integer(required=True, metadata={"description": "period rows printed"})


def check(case: Case, facts: CaseFacts, options: Options) -> list[FieldError]:
    return []


def plan(case: Case, facts: CaseFacts, options: Options) -> DocumentPlan:
    out = build(case, facts.decompte)
    return DocumentPlan(
        parts=(Html("decompte/statement.html", out["context"],
                    stylesheets=("css/letter.css", "css/amicable.css", "css/decompte.css"),
                    anchors=("seal",)),),
        filename=f"decompte_{case.reference}.pdf",
        signature_reason=f"Décompte de créance — dossier {case.reference}",
        details=out["details"],
    )


SPEC = KindSpec(
    name="decompte",
    template_version="decompte@1",
    description="Décompte de créance as a document: per invoice the payments and their"
                " imputation, every period with its days, base, rate and source, indemnities,"
                " totals and the rule applied (landscape)",
    options_schema=DecompteOptionsSchema,
    details_schema=DecompteDetailsSchema,
    check=check,
    plan=plan,
    posted_by_lrar="no",
)
