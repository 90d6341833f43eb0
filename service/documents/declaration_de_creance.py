"""Déclaration de créance (proof of claim) to the mandataire judiciaire (C. com. L622-24,
R622-23, R622-24; applied to the redressement by L631-14 and R631-27, to the liquidation by
L641-3 and R641-25).

What it says: the creditor and the debtor, the proceedings (court, opening judgment); the claim
as it stood on the opening judgment — principal, interest and penalties to the eve of it (the
judgment stops them from 0 h on its own day, L622-28 and R621-4), indemnities — with the sums
still to fall due then and their due dates (R622-23 1°), the securities, if any, or the
unsecured rank, the court seised of a pending lawsuit, if any (R622-23 3°), the pièces that
prove the claim; the deadline of two months from the BODACC publication (R622-24, four months
for a creditor outside metropolitan France), and, once it is past, the request to be relieved
of the time bar within six months of the publication (L622-26). Signed by the creditor or the
agent it names (L622-24 al. 2); posted by LRAR.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from marshmallow import Schema, fields

from service import fr
from service.contract.fields import Text
from service.contract.options import LetterOptions, LetterOptionsSchema, bool_field
from service.documents import common, letters
from service.documents.base import DocumentPlan, Html, KindSpec
from service.documents.facts import CaseFacts
from service.documents.parties import designation, role_word, short_designation
from service.errors import FieldError, field_error
from service.law.courts.judgments import OPENING, judgment_court
from service.law.deadlines import add_months
from service.law.insolvency import (
    INTEREST_STOP_BASIS,
    decompte_at_opening,
    insolvency_open,
    opened_word,
    procedure_name,
    procedure_with_article,
)
from service.model import Case, Warning
from service.postage import Mailing
from service.postage import address_lines as nf_address_lines

RECIPIENT_TITLE = {"liquidation_judiciaire": "liquidateur judiciaire"}


@dataclass(frozen=True)
class DeclarationOptions(LetterOptions):
    securities: Sequence[str] = ()
    pending_lawsuit: str | None = None
    strict_pieces: bool = False


class DeclarationOptionsSchema(LetterOptionsSchema):
    """The letter options, the securities and the pending lawsuit, if any."""

    options_class = DeclarationOptions
    securities = fields.List(Text(max_length=300), load_default=list, metadata={
        "description": "securities and privileges of the claim (« clause de réserve de"
                       " propriété, art. 5 des CGV », « cautionnement de M. X du … »); none:"
                       " declared as an unsecured (chirographaire) claim"})
    pending_lawsuit = Text(max_length=300, allow_none=True, load_default=None, metadata={
        "description": "the court seised of a lawsuit on the claim, if any (R622-23 3°)"})
    strict_pieces = bool_field(load_default=False, metadata={
        "description": "a retention-of-title clause (options.securities) that no pièce produces"
                       " (general terms or contract in case.evidence) is a 422 piece_missing"
                       " instead of a warning (default false)"})


class DeclarationDetailsSchema(Schema):
    deadline = fields.String(allow_none=True, required=True, metadata={
        "format": "date", "description": "last day to declare (R622-24); null: no BODACC date"})
    deadline_text = fields.String(allow_none=True, required=True)
    late = fields.Boolean(required=True, metadata={
        "description": "as_of is past the deadline: the letter asks for relief (L622-26)"})
    relief_deadline = fields.String(allow_none=True, required=True, metadata={"format": "date"})
    interest_until = fields.String(required=True, metadata={
        "format": "date", "description": "last day earning interest: the eve of the opening"})
    amount_declared = fields.String(required=True, metadata={"description": "decimal, euros"})
    amount_due = fields.String(required=True, metadata={"description": "fallen due at opening"})
    amount_to_fall_due = fields.String(required=True)
    secured = fields.Boolean(required=True, metadata={
        "description": "declared with a security or privilege (options.securities other than a"
                       " retention-of-title clause); false: wholly unsecured (chirographaire)"})
    retention_of_title = fields.Boolean(required=True, metadata={
        "description": "a retention-of-title clause is relied on: a right to claim the goods"
                       " (L624-9, L624-16), not a security; the claim itself stays unsecured"})


def check(case: Case, facts: CaseFacts, options: DeclarationOptions) -> list[FieldError]:
    errors = letters.require_signatory(case, need_title=True)
    errors += letters.require_company_mentions(case.creditor, "case.creditor")
    ins = case.debtor.insolvency
    if ins is None:
        return errors + [field_error(
            "case.debtor.insolvency", "required",
            "Procédure collective du débiteur manquante (case.debtor.insolvency).",
            "The debtor's collective proceedings are missing (case.debtor.insolvency).")]
    if not insolvency_open(case):
        errors.append(field_error(
            "case.debtor.insolvency", "insolvency_not_open",
            "La procédure collective n’est pas ouverte au " + fr.date_long(case.as_of) + ".",
            f"The collective proceedings are not open on {case.as_of.isoformat()}."))
    if ins.mandataire is None or ins.mandataire.address is None:
        errors.append(field_error(
            "case.debtor.insolvency.mandataire", "required",
            "Nom et adresse du mandataire judiciaire manquants : la déclaration lui est"
            " adressée (C. com. art. L622-24).",
            "The mandataire judiciaire's name and address are missing: the claim is declared"
            " to it (Commercial Code art. L622-24)."))
    if not ins.court:
        errors.append(field_error(
            "case.debtor.insolvency.court", "required",
            "Tribunal de la procédure collective manquant.",
            "The court of the collective proceedings is missing."))
    errors += judgment_court(case, ins.opened_on, OPENING)[1]
    if options.strict_pieces:
        errors += [field_error(w.path or "options.securities", w.code, w.message_fr,
                               w.message_en)
                   for w in retention_piece_missing(case, options.securities)]
    return errors


def declaration_deadline(case: Case) -> date | None:
    """R622-24: two months from the BODACC publication of the opening judgment, two more for a
    creditor outside metropolitan France (CPC 641: same-numbered day)."""
    ins = case.debtor.insolvency
    if ins is None or ins.bodacc_published_on is None:
        return None
    addr = case.creditor.address
    outside = addr.country != "FR" or (addr.department or "").startswith("97")
    return add_months(ins.bodacc_published_on, 4 if outside else 2)


def relief_deadline(case: Case) -> date | None:
    """L622-26 al. 3: the action for relief lies within six months of the publication."""
    ins = case.debtor.insolvency
    if ins is None or ins.bodacc_published_on is None:
        return None
    return add_months(ins.bodacc_published_on, 6)


_RETENTION = re.compile(r"r[ée]serve\s+de\s+propri[ée]t[ée]", re.IGNORECASE)
# a security's text that names the stipulation it rests on
_SOURCE = re.compile(r"\bCGV\b|conditions\s+g[ée]n[ée]rales|\bcontrat\b|\bdevis\b|\bart(icle|\.)",
                     re.IGNORECASE)


def is_retention(text: str) -> bool:
    return bool(_RETENTION.search(text))


def retention_piece_missing(case: Case, given: Sequence[str]) -> list[Warning]:
    """``piece_missing`` for each retention-of-title clause relied on while no pièce produces
    the general terms or the contract that stipulate it: the clause must have been agreed in
    writing at the latest on delivery (C. com. L624-16), and that writing is what the
    mandataire and the juge-commissaire ask for."""
    if common.terms_pieces(case):
        return []
    return [Warning(
        "piece_missing",
        fr.typo("La clause de réserve de propriété invoquée n’est produite par aucune pièce :"
                " aucun titre de case.evidence ne désigne les conditions générales de vente ou"
                " le contrat qui la stipulent. Cette clause doit avoir été convenue par écrit au"
                " plus tard au moment de la livraison (art. L624-16 C. com.) : joignez cet"
                " écrit."),
        "The retention-of-title clause relied on is produced by no pièce: no case.evidence"
        " title names the general terms or the contract that stipulate it. The clause must"
        " have been agreed in writing at the latest on delivery (Commercial Code art."
        " L624-16): attach that writing.", path=f"options.securities[{i}]")
        for i, text in enumerate(given) if is_retention(text)]


def _securities(case: Case, given: Sequence[str]
                ) -> tuple[list[str], dict[str, Any] | None, list[Warning]]:
    """The securities as printed (a retention-of-title clause apart), the retention-of-title
    paragraph's data (None: no such clause) and the warnings. A « clause de réserve de
    propriété » is no security of the claim: it grounds the claim to the goods found in kind
    (C. com. L624-16), so the claim is declared unsecured (chirographaire) for all that no
    other security covers. It is printed with the stipulation it rests on
    (``case.terms.reference``, the CGV or the contract) and the pièce producing it; the
    declaration does not preserve the right to the goods, which is claimed within three
    months of the BODACC publication (C. com. L624-9)."""
    printed, clauses, warnings = [], [], []
    found = False
    reference = case.terms.reference
    for i, text in enumerate(given):
        if is_retention(text):
            found = True
            if _SOURCE.search(text):
                pass  # the text names the stipulation itself
            elif reference:
                text = f"{text} (stipulée par : {reference})"
            else:
                warnings.append(Warning(
                    "retention_of_title_source_missing",
                    fr.typo("Clause de réserve de propriété déclarée sans la stipulation qui la"
                            " prévoit : citez les conditions générales de vente ou le contrat"
                            " (options.securities ou case.terms.reference)."),
                    "Retention-of-title clause declared without the term that provides it:"
                    " name the general terms or the contract (options.securities or"
                    " case.terms.reference).", path=f"options.securities[{i}]"))
            clauses.append(fr.typo(text))
            continue
        printed.append(fr.typo(text))
    retention = None
    if found:
        ins = case.debtor.insolvency
        bodacc = ins.bodacc_published_on if ins else None
        claim_by = add_months(bodacc, 3) if bodacc else None
        numbers = common.terms_pieces(case)
        cited = (None if not numbers else fr.typo(
            f"pièce n° {numbers[0]}" if len(numbers) == 1
            else "pièces n° " + ", ".join(str(n) for n in numbers)))
        # ninth reading 2: to whom the revendication goes, or the right is lost when the three
        # months have run (R624-13; in a liquidation, the liquidator: R641-31)
        to = ("au liquidateur (article R641-31 du code de commerce)"
              if ins is not None and ins.procedure == "liquidation_judiciaire" else
              "à l’administrateur judiciaire s’il en a été désigné ou, à défaut, au débiteur,"
              " avec copie au mandataire judiciaire (article R624-13 du code de commerce)")
        retention = {"claim_by": fr.date_long(claim_by) if claim_by else None,
                     "clauses": clauses, "pieces": cited,
                     "addressee": fr.typo("par lettre recommandée avec demande d’avis de"
                                          f" réception adressée {to}")}
        warnings += retention_piece_missing(case, given)
        by_fr = f", soit au plus tard le {fr.date_long(claim_by)}" if claim_by else ""
        by_en = f", i.e. by {claim_by.isoformat()}" if claim_by else ""
        warnings.append(Warning(
            "retention_of_title_claim",
            fr.typo("La déclaration de créance ne préserve pas le droit sur les biens vendus avec"
                    " réserve de propriété : leur revendication s’exerce dans les trois mois de"
                    f" la publication du jugement d’ouverture au BODACC (art. L624-9 C. com.)"
                    f"{by_fr}. Les biens incorporés dans un autre bien ne peuvent être"
                    " revendiqués en nature que si leur séparation peut se faire sans dommage"
                    " (art. L624-16 C. com.)."),
            "The proof of claim does not preserve the right to goods sold under retention of"
            " title: they are claimed within three months of the BODACC publication of the"
            f" opening judgment (Commercial Code art. L624-9){by_en}. Goods incorporated into"
            " another may be claimed in kind only if they can be separated without damage"
            " (art. L624-16).", path="options.securities"))
    return printed, retention, warnings


def plan(case: Case, facts: CaseFacts, options: DeclarationOptions) -> DocumentPlan:
    ins = case.debtor.insolvency
    assert ins is not None and ins.mandataire is not None and ins.mandataire.address is not None
    mj = ins.mandataire
    mj_address = mj.address
    assert mj_address is not None
    at_opening = decompte_at_opening(case)
    eve = at_opening.as_of
    sender = letters.creditor_sender(case)
    registered, lrar = letters.registered(options, default=True)
    block = nf_address_lines(mj.name, mj_address, path="case.debtor.insolvency.mandataire.address")
    court, _ = judgment_court(case, ins.opened_on, OPENING)
    assert court is not None  # check() requires the court and refuses one it cannot name
    warnings: list[Warning] = [*at_opening.warnings, *court.warnings]

    due_rows, future_rows = [], []
    due_total = Decimal(0)
    future_total = Decimal(0)
    for line in at_opening.invoices:
        inv = line.invoice
        if line.outstanding <= 0 and line.interest <= 0 and line.indemnity <= 0:
            continue
        row = {"number": inv.number, "issue_date": fr.date_short(inv.issue_date),
               "due_date": fr.date_short(inv.due_date), "principal": fr.money(line.outstanding),
               "interest": fr.money(line.interest),
               "indemnity": fr.money(line.indemnity) if line.indemnity else "—",
               # the amount invoiced and the payments before the judgment, dated: how the
               # invoice came down to the principal declared (R622-23; seventh reading 1)
               "amount": fr.money(inv.amount_incl_tax),
               "payments": common.payment_entries(line, at_opening.regime)}
        if inv.due_date < ins.opened_on:
            due_rows.append(row)
            due_total += line.outstanding + line.interest + line.indemnity
        else:
            future_rows.append(row)
            future_total += line.outstanding
    declared = due_total + future_total
    # fourth reading 5: the penalties declared with their periods and rates (R622-23 1°: the
    # elements of the amount), the table the décompte, the mise en demeure and the drafts print
    due_numbers = {r["number"] for r in due_rows}
    periods = [dict(p, number=row["number"]) for row in common.invoice_rows(at_opening)
               if row["number"] in due_numbers for p in row["periods"]]

    deadline = declaration_deadline(case)
    relief = relief_deadline(case)
    late = deadline is not None and case.as_of > deadline
    if deadline is None:
        warnings.append(Warning(
            "bodacc_date_missing",
            "Date de publication au BODACC inconnue (case.debtor.insolvency."
            "bodacc_published_on) : le délai de déclaration de deux mois (art. R622-24 C. com.)"
            " n’a pas pu être calculé ; déclarez sans attendre.",
            "BODACC publication date unknown (case.debtor.insolvency.bodacc_published_on): the"
            " two-month deadline (Commercial Code art. R622-24) could not be computed; declare"
            " without delay.", path="case.debtor.insolvency.bodacc_published_on"))
    if late:
        warnings.append(Warning(
            "declaration_late",
            f"Délai de déclaration expiré le {fr.date_long(deadline)} : la lettre demande le"
            " relevé de forclusion, qui se présente par requête au juge-commissaire"
            f" (art. L622-26 C. com.) au plus tard le {fr.date_long(relief)}.",
            f"The deadline to declare expired on {deadline.isoformat() if deadline else ''}:"
            " the letter asks for relief from foreclosure, by application to the"
            f" juge-commissaire (Commercial Code art. L622-26) by"
            f" {relief.isoformat() if relief else ''}.",
            path="case.debtor.insolvency.bodacc_published_on"))

    procedure = procedure_name(ins.procedure)
    recipient_title = RECIPIENT_TITLE.get(ins.procedure, "mandataire judiciaire")
    creditor = designation(case.creditor)
    debtor = designation(case.debtor)
    title = f"Déclaration de créance — {case.debtor.display_name}"
    object_line = (f"Déclaration de créance — {procedure} de {case.debtor.display_name}"
                   f" {opened_word(ins.procedure)} le {fr.date_long(ins.opened_on)}")
    securities, retention, more = _securities(case, options.securities)
    warnings += more
    pieces = [ev.title + (f" du {fr.date_short(ev.date)}" if ev.date else "")
              for ev in case.evidence] or [
        f"Facture n° {line.invoice.number} du {fr.date_short(line.invoice.issue_date)}"
        for line in at_opening.invoices]
    # the claim is the one at the opening judgment, not the case's as of as_of: claim=False
    base = letters.base_context(case, facts, sender=sender, title=title, subject=object_line,
                                object_line=fr.typo(object_line), lrar=bool(lrar),
                                keyword="déclaration de créance", recipient=block, claim=False)
    ctx: dict[str, Any] = base.context
    ctx.update({
        "attachments": f"{len(pieces)} pièce{'s' if len(pieces) > 1 else ''} justificative"
                       f"{'s' if len(pieces) > 1 else ''}",
        "salutation": "Maître",
        "recipient_title": recipient_title,
        "procedure": procedure_with_article(ins.procedure),
        # between professionals the late-payment penalties (L441-10), legal interest for a
        # consumer (second reading 9)
        "interest_label": ("Intérêts au taux légal" if at_opening.regime == "consumer"
                           else "Pénalités de retard"),
        # « le tribunal des activités économiques de Lyon »: the court on the opening day
        "court": court.with_article,
        "opened_on": fr.date_long(ins.opened_on),
        "bodacc": fr.date_long(ins.bodacc_published_on) if ins.bodacc_published_on else None,
        "creditor": fr.typo(creditor),
        "debtor": fr.typo(debtor),
        "eve": fr.date_long(eve),
        "due_rows": due_rows,
        "due_payments": any(r["payments"] for r in due_rows),
        "future_rows": future_rows,
        "due_total": fr.money(due_total),
        "future_total": fr.money(future_total),
        "declared": fr.money(declared),
        "declared_words": fr.amount_in_words(declared),
        "rate_description": common.rate_description(at_opening, case),
        "periods": periods,
        "securities": securities,
        "retention": retention,
        # the creditor declaring, in her or his gender (seventh reading 2)
        "claimant": role_word(case.creditor, "le créancier", "la créancière"),
        "relieved": role_word(case.creditor, "relevé", "relevée"),
        "pending_lawsuit": fr.typo(options.pending_lawsuit) if options.pending_lawsuit else None,
        "pieces": [fr.typo(p) for p in pieces],
        "deadline": fr.date_long(deadline) if deadline else None,
        "late": late,
        "relief": fr.date_long(relief) if relief else None,
        # fifth reading 2: a claim without an enforceable title is certified sincere by the
        # creditor (no article cited: the reference file does not source it)
        "certification": fr.typo(_first_upper(short_designation(case.creditor))
                                 + " certifie sincère et véritable la présente créance de"
                                 f" {fr.money(declared)}."),
        "closing": "Je vous prie d’agréer, Maître, l’expression de mes salutations distinguées.",
        "signatory": letters.signatory(case, for_whom=f"pour {case.creditor.display_name}"),
    })
    details = {
        "deadline": deadline.isoformat() if deadline else None,
        "deadline_text": ctx["deadline"], "late": late,
        "relief_deadline": relief.isoformat() if relief else None,
        "interest_until": eve.isoformat(), "amount_declared": str(declared),
        "amount_due": str(due_total), "amount_to_fall_due": str(future_total),
        "secured": bool(securities),
        "retention_of_title": retention is not None,
    }
    return DocumentPlan(
        parts=(Html("declaration_de_creance/letter.html", ctx, anchors=("seal", "recipient")),),
        filename=f"declaration-de-creance_{case.reference}.pdf",
        signature_reason=f"Déclaration de créance — dossier {case.reference}",
        mailing=Mailing(registered=registered, recipient_name=mj.name,
                        recipient_address=mj_address, recipient_attention=None,
                        recipient_path="case.debtor.insolvency.mandataire.address",
                        sender_name=sender.name, sender_address=sender.address,
                        sender_path=sender.path),
        warnings=(*base.warnings, *warnings), details=details)


SPEC = KindSpec(
    name="declaration_de_creance",
    template_version="declaration_de_creance@1",
    description="Proof of claim to the mandataire judiciaire (C. com. L622-24, R622-23,"
                " R622-24) while debtor.insolvency is open; " + INTEREST_STOP_BASIS,
    options_schema=DeclarationOptionsSchema,
    details_schema=DeclarationDetailsSchema,
    check=check,
    plan=plan,
    posted_by_lrar="yes",
)


def _first_upper(text: str) -> str:
    """« la société Atelier Dupont » -> « La société Atelier Dupont »."""
    return text[:1].upper() + text[1:]
