"""Facture rectificative: the rectifying invoice that cancels the VAT of invoices that became
definitively irrecoverable, so that the creditor recovers it (CGI art. 272, 1).

What it says: the creditor's invoice mentions, its own number (``options.number``) and date;
the addressee — the debtor, or its liquidator « ès qualités » while the debtor's liquidation
is open; once the liquidation is closed the liquidator's functions have ended, and the invoice
goes to the debtor (``options.addressee_after_closure``: ``debtor``, the default, or
``former_liquidator``, addressed to the former liquidator without « ès qualités »), with the
warning ``liquidator_functions_ended``; for each original invoice named by
``options.invoices``: its number and date, the amount still unpaid, the VAT cancelled and the
amount excluding tax it corresponds to; the ground (the closing judgment for lack of assets,
``debtor.insolvency`` closed with ``closure: insuffisance_actif``, its court named as it stood
on the closing day by ``service.law.courts.judgments``; or an officer's report,
``options.report``); the mention that it rectifies the original invoices.

When the VAT fell due (eighth reading 1, ``options.vat_chargeability``, required): art. 272, 1
gives back only tax that was « perçue », and the customer's right to deduct arises when the tax
becomes chargeable at the supplier's (art. 271, I, 2). ``delivery`` (goods: chargeable on
delivery) and ``debits`` (services under the option for the débits, art. 269, 2, c) say which in
the document; ``receipts`` (services, VAT on receipts) is a 422 ``vat_not_chargeable``: no VAT
was paid on the unpaid part, there is nothing to rectify. Absent, a 422
``vat_chargeability_required``: the case does not say, and the kind does not guess.

The rule (stated in the document): partial payments are apportioned between price and VAT —
VAT cancelled = (TTC − HT) × outstanding / TTC, rounded half-up to the cent per invoice; the
excluding-tax amount is the outstanding less that VAT. The BOFiP reference is unconfirmed data
(``vat_irrecoverable_reference``): an API warning, never in the document.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from marshmallow import Schema, fields

from service import fr
from service.contract.case import Base, nested
from service.contract.fields import Choice, Text, date_field
from service.contract.options import LetterOptions, LetterOptionsSchema
from service.documents import letters
from service.documents.base import DocumentPlan, Html, KindSpec
from service.documents.facts import CaseFacts
from service.documents.parties import designation
from service.errors import FieldError, field_error
from service.law.courts.judgments import CLOSURE, judgment_court
from service.law.insolvency import procedure_name
from service.law.parameters import names, value_at
from service.model import Case, Insolvency, Warning
from service.postage import Mailing
from service.postage import address_lines as nf_address_lines


def vat_rate(amount_excl_tax: Decimal, amount_incl_tax: Decimal) -> Decimal | None:
    """The one VAT rate an invoice's own amounts show (fourth reading 3: the rate is an invoice
    mention, CGI ann. II art. 242 nonies A), as a fraction to four decimals (0.2000, 0.0550):
    the rate whose tax on the amount excluding tax, rounded half-up to the cent, is the
    invoice's tax; None when no such rate exists (an invoice at several rates, or amounts that
    do not agree)."""
    if amount_excl_tax <= 0:
        return None
    vat = amount_incl_tax - amount_excl_tax
    rate = (vat / amount_excl_tax).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    if rate < 0 or fr.round_cents(amount_excl_tax * rate) != vat:
        return None
    return rate


def vat_cancelled(amount_excl_tax: Decimal, amount_incl_tax: Decimal,
                  outstanding: Decimal) -> Decimal:
    """(TTC − HT) × outstanding / TTC, rounded half-up to the cent."""
    if amount_incl_tax <= 0 or outstanding <= 0:
        return Decimal("0.00")
    vat = amount_incl_tax - amount_excl_tax
    return fr.round_cents(vat * outstanding / amount_incl_tax)


@dataclass(frozen=True)
class Report:
    date: Any
    officer: str


class ReportSchema(Base):
    date = date_field(required=True)
    officer = Text(max_length=200, required=True, metadata={
        "description": "the commissaire de justice who drew the report (procès-verbal de"
                       " carence / de recherches infructueuses)"})


@dataclass(frozen=True)
class RectificativeOptions(LetterOptions):
    number: str = ""
    invoices: Sequence[str] = ()
    report: dict[str, Any] | None = None
    addressee_after_closure: str = "debtor"
    vat_chargeability: str | None = None


ADDRESSEES_AFTER_CLOSURE = ("debtor", "former_liquidator")
VAT_CHARGEABILITIES = ("delivery", "debits", "receipts")
# eighth reading 1: when the VAT of the unpaid part fell due, as the document states it — the
# tax cancelled (CGI 272, 1: tax « perçue ») and the customer's deduction (CGI 271, I, 2)
CHARGEABILITY_PAID = {  # the tax cancelled, in the ground's sentence
    "delivery": "acquittée lors de la livraison des biens",
    "debits": "acquittée d’après les débits",
}
CHARGEABILITY_DUE = {  # when it fell due, in the deduction's sentence: (when, its code)
    "delivery": ("lors de la livraison des biens", "du code général des impôts"),
    # the article's divisions kept on one line: « 269, 2, c », « 271, I, 2 »
    "debits": (f"d’après les débits, sur l’option prévue à l’article 269,{fr.NBSP}2,{fr.NBSP}c"
               " du code général des impôts", "du même code"),
}


class RectificativeOptionsSchema(LetterOptionsSchema):
    options_class = RectificativeOptions
    number = Text(max_length=40, required=True, metadata={
        "description": "the rectifying invoice's own number, in the creditor's sequence"
                       " (required)"})
    invoices = fields.List(Text(max_length=60), required=True, metadata={
        "description": "the numbers of the irrecoverable invoices (required)"})
    report = nested(ReportSchema, allow_none=True, load_default=None, metadata={
        "description": "{date, officer}: the officer's report of no assets, when the ground is"
                       " not the closing judgment for lack of assets"})
    addressee_after_closure = Choice(ADDRESSEES_AFTER_CLOSURE, load_default="debtor", metadata={
        "description": "once the debtor's liquidation is closed (its liquidator's functions"
                       " have ended): `debtor` (default), the invoice is addressed to the"
                       " debtor at its seat; `former_liquidator`, to the former liquidator,"
                       " without « ès qualités ». While the liquidation is open it goes to the"
                       " liquidator ès qualités and this option is not read"})
    vat_chargeability = Choice(VAT_CHARGEABILITIES, load_default=None, metadata={
        "description": "required — when the VAT of the invoices fell due / exigibilité de la"
                       " TVA des factures initiales: `delivery`, supplies of goods, chargeable"
                       " on delivery (« exigible lors de la livraison »); `debits`, services or"
                       " building works under the supplier's option for the débits (« option"
                       " pour les débits », CGI art. 269, 2, c); `receipts`, services with VAT"
                       " on receipts (« TVA sur les encaissements »): no VAT was paid on the"
                       " unpaid part, nothing to rectify (CGI art. 272, 1), a 422"
                       " `vat_not_chargeable`. Absent: a 422 `vat_chargeability_required`"})


class RectificativeDetailsSchema(Schema):
    number = fields.String(required=True)
    invoices = fields.List(fields.Dict(), required=True, metadata={
        "description": "per invoice: number, outstanding, vat_rate (the fraction the invoice's"
                       " HT and TTC amounts give, 0.2000), vat_cancelled, excl_tax_cancelled"})
    vat_cancelled = fields.String(required=True, metadata={"description": "total, euros"})
    ground = fields.String(required=True)
    vat_chargeability = fields.String(required=True, metadata={
        "description": "delivery or debits: when the cancelled VAT fell due (options)"})


def _closed_liquidation(ins: Insolvency | None) -> bool:
    """The debtor's liquidation was closed (the contract keeps ``closed_on`` <= ``as_of``)."""
    return ins is not None and ins.procedure == "liquidation_judiciaire" \
        and ins.closed_on is not None


def _closed_for_lack(ins: Insolvency | None) -> bool:
    return ins is not None and ins.closed_on is not None and ins.closure == "insuffisance_actif"


def check(case: Case, facts: CaseFacts, options: RectificativeOptions) -> list[FieldError]:
    errors = letters.require_signatory(case, need_title=True)
    errors += letters.require_company_mentions(case.creditor, "case.creditor")
    known = {inv.number for inv in case.invoices}
    for i, number in enumerate(options.invoices):
        if number not in known:
            errors.append(field_error(f"options.invoices[{i}]", "unknown_invoice",
                                      f"Facture « {number} » absente de case.invoices.",
                                      f"Invoice {number!r} is not in case.invoices."))
    named = set(options.invoices)
    for i, inv in enumerate(case.invoices):
        if inv.number in named and inv.amount_excl_tax is None:
            errors.append(field_error(
                f"case.invoices[{i}].amount_excl_tax", "required",
                "Montant hors taxes manquant : la TVA à annuler ne peut être calculée.",
                "The amount excluding VAT is missing: the VAT to cancel cannot be computed."))
        elif inv.number in named and inv.amount_excl_tax is not None \
                and vat_rate(inv.amount_excl_tax, inv.amount_incl_tax) is None:
            errors.append(field_error(
                f"case.invoices[{i}].amount_excl_tax", "vat_rate_not_single",
                fr.typo(f"Facture « {inv.number} » : aucun taux de TVA unique ne donne sa TVA"
                        f" ({fr.money(inv.amount_incl_tax - inv.amount_excl_tax)}) sur son"
                        f" montant hors taxes ({fr.money(inv.amount_excl_tax)}). La facture"
                        " rectificative mentionne le taux de chaque ligne (CGI, ann. II, art."
                        " 242 nonies A) ; une facture à plusieurs taux appelle une ligne par"
                        " taux, que le dossier ne décrit pas : vérifiez les montants ou"
                        " établissez cette facture rectificative hors de Recouvre."),
                f"Invoice {inv.number!r}: no single VAT rate gives its VAT on its amount"
                " excluding tax. A rectifying invoice states each line's rate (CGI ann. II"
                " art. 242 nonies A); an invoice at several rates needs one line per rate,"
                " which the case does not describe: check the amounts or issue this"
                " rectifying invoice outside Recouvre."))
    errors += _check_chargeability(options.vat_chargeability)
    if not options.invoices:
        errors.append(field_error("options.invoices", "required",
                                  "Aucune facture désignée.", "No invoice named."))
    ins = case.debtor.insolvency
    closed_for_lack = _closed_for_lack(ins)
    if closed_for_lack and ins is not None and ins.closed_on is not None:
        errors += judgment_court(case, ins.closed_on, CLOSURE)[1]
    if options.addressee_after_closure == "former_liquidator" and not (
            _closed_liquidation(ins) and ins is not None and ins.mandataire is not None
            and ins.mandataire.address is not None):
        errors.append(field_error(
            "options.addressee_after_closure", "no_former_liquidator",
            "Pas d’ancien liquidateur à qui adresser la facture : il faut une liquidation"
            " judiciaire clôturée (case.debtor.insolvency.closed_on) et le nom et l’adresse de"
            " son liquidateur (case.debtor.insolvency.mandataire).",
            "No former liquidator to address the invoice to: this needs a closed liquidation"
            " (case.debtor.insolvency.closed_on) and its liquidator's name and address"
            " (case.debtor.insolvency.mandataire)."))
    if not closed_for_lack and options.report is None:
        errors.append(field_error(
            "options.report", "required",
            "Motif de l’irrécouvrabilité manquant : jugement de clôture pour insuffisance"
            " d’actif (case.debtor.insolvency.closed_on, closure « insuffisance_actif ») ou"
            " procès-verbal d’un commissaire de justice (options.report).",
            "The ground is missing: the closing judgment for lack of assets"
            " (case.debtor.insolvency closed_on and closure insuffisance_actif) or an officer's"
            " report (options.report)."))
    if not case.creditor.vat_number:
        errors.append(field_error("case.creditor.vat_number", "required",
                                  "Numéro de TVA du créancier manquant (mention de facture).",
                                  "The creditor's VAT number is missing (an invoice mention)."))
    return errors


def _check_chargeability(chargeability: str | None) -> list[FieldError]:
    """Eighth reading 1: the document states when the VAT fell due; the case must say it."""
    if chargeability is None:
        return [field_error(
            "options.vat_chargeability", "vat_chargeability_required",
            "Exigibilité de la TVA des factures initiales manquante : « delivery » (livraison de"
            " biens, TVA exigible lors de la livraison), « debits » (prestations de services,"
            " option pour le paiement de la TVA d’après les débits) ou « receipts » (prestations"
            " de services, TVA sur les encaissements). La TVA n’est récupérable que si elle a"
            " été acquittée sur la part impayée (article 272, 1 du code général des impôts).",
            "When the original invoices' VAT fell due is missing: delivery (goods, VAT"
            " chargeable on delivery), debits (services under the option for the débits) or"
            " receipts (services, VAT on receipts). The VAT is recoverable only if it was paid"
            " on the unpaid part (CGI art. 272, 1).")]
    if chargeability == "receipts":
        return [field_error(
            "options.vat_chargeability", "vat_not_chargeable",
            "La TVA sur les encaissements n’a pas été acquittée sur la part impayée : il n’y a"
            " rien à rectifier (l’article 272, 1 du code général des impôts ne vise que la taxe"
            " perçue, et le client n’a pu la déduire, son droit à déduction naissant à"
            " l’exigibilité chez le prestataire, article 271, I, 2 du même code).",
            "VAT on receipts was not paid on the unpaid part: there is nothing to rectify (CGI"
            " art. 272, 1 only concerns tax that was paid, and the customer could not deduct"
            " it: its right to deduct arises when the tax becomes chargeable at the supplier's,"
            " art. 271, I, 2).")]
    return []


def plan(case: Case, facts: CaseFacts, options: RectificativeOptions) -> DocumentPlan:
    lines = {line.invoice.number: line for line in facts.decompte.invoices}
    rows, out, mentions = [], [], []
    total_vat = total_ht = total_out = Decimal("0.00")
    by_rate: dict[Decimal, list[Decimal]] = {}  # rate -> [HT cancelled, VAT cancelled]
    for number in options.invoices:
        line = lines[number]
        inv = line.invoice
        excl_tax = inv.amount_excl_tax
        assert excl_tax is not None  # check() refuses a named invoice without its HT amount
        vat = vat_cancelled(excl_tax, inv.amount_incl_tax, line.outstanding)
        ht = line.outstanding - vat
        rate = vat_rate(excl_tax, inv.amount_incl_tax)
        assert rate is not None  # check() refuses an invoice without one rate
        sums = by_rate.setdefault(rate, [Decimal("0.00"), Decimal("0.00")])
        sums[0] += ht
        sums[1] += vat
        total_vat += vat
        total_ht += ht
        total_out += line.outstanding
        # fifth reading 1: the doctrine's mention per invoice, with its number, libellé, date
        label = f" ({inv.description})" if inv.description else ""
        mentions.append(fr.typo(
            f"{inv.number}{label}, du {fr.date_short(inv.issue_date)} : facture demeurée"
            f" impayée pour la somme de {fr.money(ht)} (prix net) et pour la somme de"
            f" {fr.money(vat)} (TVA correspondante) qui ne peut faire l’objet d’une"
            " déduction (article 272 du code général des impôts)."))
        rows.append({"number": inv.number, "date": fr.date_short(inv.issue_date),
                     "ttc": fr.money(inv.amount_incl_tax),
                     "vat": fr.money(inv.amount_incl_tax - excl_tax),
                     "rate": fr.percent_short(rate),
                     "paid": fr.money(line.paid) if line.paid else "—",
                     "outstanding": fr.money(line.outstanding), "ht": fr.money(ht),
                     "vat_cancelled": fr.money(-vat)})
        out.append({"number": inv.number, "outstanding": str(line.outstanding),
                    "vat_rate": str(rate), "vat_cancelled": str(vat),
                    "excl_tax_cancelled": str(ht)})
    ins = case.debtor.insolvency
    court_warnings: tuple[Warning, ...] = ()
    if _closed_for_lack(ins) and ins is not None and ins.closed_on is not None:
        # « du tribunal des activités économiques de Lyon »: the court on the closing day
        court, _ = judgment_court(case, ins.closed_on, CLOSURE)
        court_warnings = court.warnings if court else ()
        ground = fr.typo(f"jugement du {fr.date_long(ins.closed_on)}"
                         + (f" {court.of}" if court else "")
                         + " prononçant la clôture de la liquidation judiciaire pour"
                           " insuffisance d’actif")
    else:
        rep = options.report
        assert rep is not None
        ground = fr.typo(f"procès-verbal dressé le {fr.date_long(rep['date'])} par"
                         f" {rep['officer']}, commissaire de justice, constatant l’absence de"
                         " biens saisissables")
    liquidator = ins.mandataire if ins is not None and ins.procedure == \
        "liquidation_judiciaire" and ins.mandataire and ins.mandataire.address else None
    closed = _closed_liquidation(ins)
    # fourth reading 3: once the liquidation is closed, the company's former officer is not
    # named as representing it (prudent reading: the company is dissolved, C. civ. 1844-7 7°)
    customer = fr.typo(designation(case.debtor, representative=not closed))
    if closed and options.addressee_after_closure == "debtor":
        liquidator = None
    block = None  # the debtor's own window block (base_context's default)
    debtor_name = case.debtor.display_name
    if liquidator is not None:
        name = liquidator.name
        assert liquidator.address is not None
        if closed:  # functions ended: the former liquidator, never « ès qualités »
            attention = f"Liquidation close {debtor_name}"
            addressee = fr.typo(f"{name}, ancien liquidateur judiciaire de {debtor_name}")
        else:
            attention = f"Liquidation {debtor_name}"
            addressee = fr.typo(f"{name}, ès qualités de liquidateur judiciaire de"
                                f" {debtor_name}")
        block = nf_address_lines(name, liquidator.address, attention=attention[:38],
                                 path="case.debtor.insolvency.mandataire.address")
        to_addr, to_path = liquidator.address, "case.debtor.insolvency.mandataire.address"
    else:
        name = debtor_name
        addressee = customer
        to_addr, to_path = case.debtor.address, "case.debtor.address"
        if closed:  # no accounts department after the closure: the seat, but as a postal
            # address (fifth reading 8: the seat rule without service/building lines is for
            # running text; the window keeps the building line the case gives)
            to_addr = case.debtor.legal_address or replace(case.debtor.address,
                                                           delivery_point=None)
            to_path = "case.debtor.legal_address" if case.debtor.legal_address \
                else "case.debtor.address"
            block = nf_address_lines(name, to_addr, path=to_path)
    bofip = value_at(names.VAT_IRRECOVERABLE_REFERENCE, case.as_of)
    sender = letters.creditor_sender(case)
    registered, lrar = letters.registered(options, default=True)
    title = f"Facture rectificative n° {options.number}"
    # the letter states the invoices it rectifies, not the claim: claim=False
    base = letters.base_context(
        case, facts, sender=sender, title=title, subject=title,
        object_line=fr.typo(f"{title} — annulation de la TVA de créances irrécouvrables"),
        lrar=bool(lrar), keyword="facture", recipient=block, claim=False)
    if closed and ins is not None and ins.closed_on is not None:
        court_warnings += (_functions_ended(ins, ins.closed_on, liquidator is not None),)
    warnings: list[Warning] = [*base.warnings, *court_warnings, Warning(
        "vat_reference_unverified",
        f"Doctrine administrative non confirmée ({bofip.value}) : vérifiez la référence BOFiP"
        " et le moment où la créance devient définitivement irrécouvrable avant d’imputer la"
        " TVA.",
        f"Administrative doctrine unconfirmed ({bofip.value}): check the BOFiP reference and"
        " when the claim becomes definitively irrecoverable before deducting the VAT.",
        path="options.invoices")]
    ctx: dict[str, Any] = base.context
    chargeability = options.vat_chargeability
    assert chargeability in CHARGEABILITY_PAID  # check() refuses none and « receipts »
    due, code = CHARGEABILITY_DUE[chargeability]
    singular = letters.in_person(case)
    # the liquidator (in office or former) is a mandataire judiciaire: « Maître »
    salutation = "Maître" if liquidator is not None else letters.salutation(case.debtor)
    warnings.append(Warning(
        "vat_rate_derived",
        fr.typo("Taux de TVA imprimé déduit des montants hors taxes et TTC de chaque facture"
                " initiale (" + ", ".join(sorted({r["rate"] for r in rows})) + ") : vérifiez"
                " qu’il est bien celui de la facture initiale."),
        "The VAT rate printed is derived from each original invoice's amounts excluding and"
        " including tax: check that it is the original invoice's rate.",
        path="case.invoices"))
    ctx.update({
        "number": options.number,
        "creditor": fr.typo(designation(case.creditor)),
        "vat_number": case.creditor.vat_number,
        "debtor_vat": case.debtor.vat_number,
        # LR12: the customer's identification (CGI 242 nonies A I), even when the invoice is
        # addressed to the liquidator ès qualités
        "customer": customer,
        # the « Destinataire » line: only when it is not the customer
        "destinataire": addressee if liquidator is not None else None,
        # the running head of continuation pages
        "addressee": addressee if liquidator is not None else debtor_name,
        "rows": rows, "ground": ground, "mentions": mentions,
        # fifth reading 1: the customer reverses the VAT it deducted (the liquidator, when
        # addressed, is not the one who deducted it)
        # eighth reading 1: the tax cancelled was paid when it fell due, and the customer's
        # right to deduct it arose then (CGI 271, I, 2): the sentence says which regime
        "chargeability": fr.typo(CHARGEABILITY_PAID[chargeability]),
        "reverse": fr.typo(f"La taxe étant exigible {due}, "
                           + ("le droit du client à la déduire" if liquidator is not None
                              else "votre droit à la déduire")
                           + f" est né à cette exigibilité (article 271,{fr.NBSP}I,{fr.NBSP}2 {code}) : "
                           # ninth reading 2: to the extent it was deducted, which only
                           # the customer knows
                           + ("le client doit reverser, à concurrence de {}, la TVA qu’il a"
                              " déduite au titre de ces factures"
                              if liquidator is not None else
                              "vous devez reverser, à concurrence de {}, la TVA que vous avez"
                              " déduite au titre de ces factures")
                           .format(fr.money(total_vat))
                           + " ; cette facture rectificative n’appelle aucun paiement."
                           # ninth reading 1: a VAT regularisation, not a release of the debt
                           # (a remise de dette would free the guarantors, C. civ. 1350-2)
                           + " Elle est établie pour la seule régularisation de la TVA"
                           f" (article 272,{fr.NBSP}1 du code général des impôts) : elle ne vaut"
                           " ni remise de dette ni renonciation à la créance, qui demeure due."),
        "total_out": fr.money(total_out), "total_ht": fr.money(total_ht),
        "total_vat": fr.money(-total_vat),
        # fourth reading 3: the rectified amounts per rate and the rectified TTC total; tenth
        # reading: only the tax is rectified (CGI 272, 1), the net price stays due — the HT
        # rectified is nil and the TTC rectified is the VAT cancelled
        "per_rate": [{"rate": fr.percent_short(r), "ht": fr.money(Decimal("0.00")),
                      "vat": fr.money(-sums[1])} for r, sums in sorted(by_rate.items(),
                                                                       reverse=True)],
        "total_ttc": fr.money(-total_vat),
        "price_kept": fr.typo(f"TVA seule ; le prix hors taxes de {fr.money(total_ht)}"
                              " demeure dû"),
        # fourth reading 16: an opening that matches the closing, in the person of the
        # creditor's other letters (« nous » for a company, « je » for a private person, R7)
        "salutation": salutation,
        "intro": fr.typo(f"Vous trouverez ci-dessous {'ma' if singular else 'notre'} facture"
                         f" rectificative n° {options.number}."),
        "closing": (f"Je vous prie d’agréer, {salutation}, l’expression de mes salutations"
                    " distinguées." if singular else
                    f"Nous vous prions d’agréer, {salutation}, l’expression de nos"
                    " salutations distinguées."),
        "signatory": letters.signatory(case, for_whom=case.creditor.display_name
                                       if case.creditor.is_company else None),
    })
    return DocumentPlan(
        parts=(Html("facture_rectificative/letter.html", ctx, anchors=("seal", "recipient")),),
        filename=f"facture-rectificative_{options.number}.pdf",
        signature_reason=title,
        mailing=Mailing(registered=registered, recipient_name=name, recipient_address=to_addr,
                        recipient_attention=None, recipient_path=to_path,
                        sender_name=sender.name, sender_address=sender.address,
                        sender_path=sender.path),
        warnings=tuple(warnings),
        details={"number": options.number, "invoices": out, "vat_cancelled": str(total_vat),
                 "ground": ground, "vat_chargeability": chargeability})


def _functions_ended(ins: Insolvency, closed_on: Any, to_former: bool) -> Warning:
    when = fr.date_long(closed_on)
    if to_former:
        what_fr = ("la facture est adressée à l’ancien liquidateur, sans « ès qualités »"
                   " (options.addressee_after_closure = « former_liquidator »)")
        what_en = ("the invoice is addressed to the former liquidator, without « ès qualités »"
                   " (options.addressee_after_closure = former_liquidator)")
    else:
        what_fr = ("la facture est adressée au débiteur, à son siège (case.debtor) ; une"
                   " société radiée peut ne plus y recevoir son courrier : options."
                   "addressee_after_closure = « former_liquidator » l’adresse à l’ancien"
                   " liquidateur, sans « ès qualités »")
        what_en = ("the invoice is addressed to the debtor at its seat (case.debtor); a company"
                   " struck off may no longer receive mail there: options."
                   "addressee_after_closure = former_liquidator addresses it to the former"
                   " liquidator, without « ès qualités »")
    return Warning(
        "liquidator_functions_ended",
        fr.typo(f"{procedure_name(ins.procedure).capitalize()} clôturée le {when} : les"
                " fonctions du liquidateur ont pris fin avec la clôture (lecture prudente, non"
                f" vérifiée sur un texte) ; {what_fr}."),
        f"Liquidation closed on {closed_on.isoformat()}: the liquidator's functions ended with"
        f" the closure (prudent reading, not checked against a text); {what_en}.",
        path="case.debtor.insolvency.closed_on")


SPEC = KindSpec(
    name="facture_rectificative",
    template_version="facture_rectificative@1",
    description="Rectifying invoice cancelling the VAT of invoices that became irrecoverable"
                " (CGI art. 272, 1); options.invoices names them, options.vat_chargeability"
                " says when their VAT fell due",
    options_schema=RectificativeOptionsSchema,
    details_schema=RectificativeDetailsSchema,
    check=check,
    plan=plan,
    posted_by_lrar="yes",
)
