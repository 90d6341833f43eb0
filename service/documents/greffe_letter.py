"""The cover letter filing a requête en injonction de payer at the greffe (shared by the kind
``lettre_greffe`` and ``options.cover_letter`` of ``injonction_de_payer``, which puts it in
front of the requête in the same PDF).

What it says (legal review 2026-12, part (c) item 3): addressed to the greffe (« Madame, Monsieur
le Greffier »: the requête is filed there, CPC 1407), for presentation to the court's president;
the parties and the reference; the filing (CPC 1405 s.); the enclosures — the requête, the
bordereau, each numbered pièce (1407) and, when a non-lawyer agent files, its special power
(416); before a tribunal de commerce (or TAE), the consignation of the costs within fifteen days
on pain of lapse (1425) with the amount from the dated fee data and how it is paid — the
figure only when the data says it is verified (otherwise the letter asks the greffe for the
amount: the lapse hangs on it), nothing where the fee is unknown, with a warning; the
address, and e-mail, where the greffe notifies an opposition (1418; under décret n° 2026-96
it notifies only oppositions); the request to return the certified copy bearing the formule
exécutoire and the pièces (1410).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from service import fr
from service.documents import common, letters
from service.documents.base import Html
from service.documents.facts import CaseFacts
from service.documents.parties import designation, role_word
from service.documents.pieces import REQUETE_TITLE
from service.errors import CaseInvalid, FieldError, field_error
from service.law.courts.naming import of_court
from service.model import Address, Case, Warning
from service.pdf.cerfa_maps import find_form
from service.postage import AddressBlock, name_on_two_lines
from service.postage import address_lines as nf_address_lines

FEE_PAYMENTS = ("cheque", "virement", "online")
SALUTATION = "Madame, Monsieur le Greffier"


def to_president(title: str) -> str:
    """« au président du tribunal de commerce de Lyon »: the office the requête is presented
    to, named by its function (CPC 1406's word), not « Monsieur le Président » (the holder's
    gender is unknown)."""
    return re.sub(r"^(?:Madame ou )?Monsieur le Président", "au président", title)
FILED_BY = ("creditor", "issuer", "avocat")


def lawyer_files(case: Case, filed_by: str) -> bool:
    """The creditor's avocat (case.lawyer) files: his letterhead, footer and signature."""
    return filed_by == "avocat" and case.lawyer is not None


def agent_files(case: Case, filed_by: str) -> bool:
    return (filed_by == "issuer" and case.issuer is not None) or lawyer_files(case, filed_by)


def needs_power(case: Case, filed_by: str) -> bool:
    """CPC 416: an agent other than an avocat or a commissaire de justice shows its power."""
    return filed_by == "issuer" and case.issuer is not None and case.issuer.kind == "mandataire"


_SHORT = (("tribunal des activités économiques", "TAE"), ("tribunal judiciaire", "TJ"),
          ("tribunal de commerce", "TC"))


def greffe_name(court: str) -> str:
    """« Greffe du tribunal de commerce de Lyon », « Greffe de la chambre commerciale … »,
    shortened to the usual initials when the line would exceed the 38 characters of an address
    line (NF Z10-011): the fallback when the name fits on no two lines of the window."""
    name = "Greffe " + of_court(court)
    for long, short in _SHORT:
        if len(name) <= 38:
            break
        name = re.sub(long, short, name, flags=re.IGNORECASE)
    return name


def greffe_lines(court: str) -> tuple[str, str | None]:
    """The greffe as the window names it (seventh reading 3): written out in full, on two lines
    when it does not fit on one (« GREFFE DU TRIBUNAL » / « DES ACTIVITES ECONOMIQUES DE
    LYON »); an official addressee is not an acronym. Abbreviated (:func:`greffe_name`) only
    when no two lines hold it."""
    full = "Greffe " + of_court(court)
    two = name_on_two_lines(full)
    if two is not None:
        return two
    return greffe_name(court), None


def greffe_block(court: str, address: Address) -> AddressBlock:
    """The window block of the greffe at ``address``: the name on two lines when it needs them
    and the block keeps within the 6 lines of NF Z10-011, else on one abbreviated line."""
    first, second = greffe_lines(court)
    try:
        return nf_address_lines(first, address, path="case.court.address",
                                name_path="case.court.name", name_continued=second)
    except CaseInvalid as e:
        if second is None or any(err.code != "address_too_many_lines" for err in e.errors):
            raise
    return nf_address_lines(greffe_name(court), address, path="case.court.address",
                            name_path="case.court.name")


def check(case: Case, facts: CaseFacts, filed_by: str) -> list[FieldError]:
    errors = letters.require_signatory(case, need_title=True)
    if filed_by == "issuer" and (case.issuer is None or case.issuer.address is None):
        errors.append(field_error("case.issuer", "required",
                                  "Mandataire déposant la requête manquant, ou sans adresse"
                                  " (case.issuer).",
                                  "The agent filing the requête is missing or has no address"
                                  " (case.issuer)."))
    if filed_by == "avocat" and case.lawyer is None:
        errors.append(field_error("case.lawyer", "required",
                                  "Avocat déposant la requête manquant (case.lawyer).",
                                  "The avocat filing the requête is missing (case.lawyer)."))
    if case.court is None or case.court.address is None:
        errors.append(field_error("case.court.address", "required",
                                  "Adresse du greffe manquante (case.court.address) : la lettre"
                                  " lui est adressée.",
                                  "The greffe's address is missing (case.court.address): the"
                                  " letter is addressed to it."))
    return errors


def _agent(case: Case, filed_by: str) -> tuple[letters.SenderInfo, dict[str, Any], str]:
    """The filing agent's letterhead, signature and footer (its own mentions, for the
    creditor: as the lawyer's or the étude's mise en demeure)."""
    principal = case.creditor.display_name
    if lawyer_files(case, filed_by):
        assert case.lawyer is not None
        lw = case.lawyer
        sender = letters.issuer_sender(case, "avocat")
        signatory: dict[str, Any] = {
            "name": letters.lawyer_own_name(lw.name),
            "title": letters.lawyer_title(lw.bar, letters.lawyer_noun(lw)),
            "for_whom": f"pour {principal}"}
        kind = "avocat"
    else:
        iss = case.issuer
        assert iss is not None and iss.address is not None
        kind = iss.kind
        sender = letters.SenderInfo(
            name=iss.name, kind_label={"avocat": "Avocat",
                                       "commissaire_de_justice": "Commissaire de justice"}.get(
                                           iss.kind), extra=[],
            lines=common.address_lines(iss.address), email=iss.email, phone=iss.phone,
            address=iss.address, path="case.issuer.address")
        person = iss.signatory
        if person is None:
            signatory = {"name": iss.name, "title": {"avocat": "Avocat"}.get(iss.kind,
                                                                             "Mandataire"),
                         "for_whom": f"pour {principal}"}
        else:
            # the office named once: not under a person who is the office himself
            office = "" if person.name.casefold() == iss.name.casefold() else f"{iss.name}, "
            signatory = {"name": person.name, "title": person.title,
                         "for_whom": f"{office}pour {principal}"}
    footer = fr.typo(f"{letters.issuer_mentions(case, kind, sender)} — pour le compte"
                     f" {letters.of(principal)}")
    return sender, signatory, footer


def cover_letter(case: Case, facts: CaseFacts, *, filed_by: str, fee_payment: str,
                 cerfa: bool | None = None, seal: bool = True,
                 fee_amount: Decimal | None = None) -> tuple[Html, list[Warning], dict[str, Any]]:
    """The letter's part, its warnings and the answer's details (CaseInvalid when the case
    lacks what the letter needs: another kind's ``options.cover_letter`` calls it unchecked).

    ``cerfa``: whether the requête is on the official form; None decides as the requête does
    (the form's PDF installed in forms/cerfa), so that the letter names what is filed."""
    errors = check(case, facts, filed_by)
    if errors:
        raise CaseInvalid(errors)
    choice = facts.court
    assert case.court is not None and case.court.address is not None
    warnings: list[Warning] = []
    if cerfa is None:
        cerfa = find_form(choice.cerfa_form) is not None
    agent = agent_files(case, filed_by)
    footer: str | None = None
    if agent:
        sender, signatory, footer = _agent(case, filed_by)
    else:
        sender = letters.creditor_sender(case)
        signatory = letters.signatory(case, for_whom=case.creditor.display_name
                                      if case.creditor.is_company else None)
    block = greffe_block(choice.court_name, case.court.address)
    fee = choice.court_fee
    amount = Decimal(fee["amount_eur"]) if fee.get("amount_eur") else None
    consignation = choice.is_commercial
    # the figure the lapse of CPC 1425 hangs on is printed only when the data says verified
    fee_verified = fee.get("status") == "verified" and not fee.get("uncertain", True)
    if consignation and amount is None:
        warnings.append(Warning(
            "court_fee_unknown",
            "Montant des frais de procédure inconnu pour cette juridiction : la lettre ne"
            " mentionne pas la consignation de l’article 1425 du code de procédure civile ;"
            " renseignez-vous auprès du greffe et versez-les dans les quinze jours de la"
            " demande, à peine de caducité.",
            "The procedure costs of this court are unknown: the letter leaves out the CPC 1425"
            " consignation; ask the greffe and pay within fifteen days, or the requête lapses.",
            path="case.court"))
    # the costs go with the request (seventh reading 3): CPC 1425 makes it lapse when they are
    # not paid within fifteen days of it, whatever the greffe answers. The figure printed is
    # the user's (options.fee_amount), else the tree's when verified; never an unsourced one
    figure = fee_amount if fee_amount is not None else (amount if fee_verified else None)
    if consignation and amount is not None and figure is None:
        warnings.append(Warning(
            "greffe_fees_amount_unknown",
            f"Montant des frais de greffe non renseigné (options.fee_amount) : la lettre annonce"
            f" leur règlement sans en donner le chiffre, le tarif retenu par défaut"
            f" ({fr.money(amount)}, {fee.get('source')}) n’étant pas confirmé. Joignez le"
            " règlement du tarif en vigueur, à vérifier auprès du greffe, et indiquez son"
            " montant dans options.fee_amount : faute de paiement dans les quinze jours de la"
            " demande, la requête est caduque (article 1425 du code de procédure civile).",
            f"Greffe fee amount not given (options.fee_amount): the letter announces the"
            f" payment without a figure, the default tariff ({amount} EUR, {fee.get('source')})"
            " being unconfirmed. Enclose the current tariff, checked with the greffe, and give"
            " it in options.fee_amount: unpaid within fifteen days of the request, the requête"
            " lapses (CPC 1425).", path="options.fee_amount"))
    if consignation and amount is not None and fee_payment == "virement":
        warnings.append(Warning(
            "greffe_fees_not_enclosed",
            "Règlement par virement : les quinze jours de l’article 1425 du code de procédure"
            " civile courent du dépôt de la requête, non de la réponse du greffe ; un chèque"
            " joint ou le paiement en ligne évite la caducité.",
            "Payment by transfer: the fifteen days of CPC 1425 run from the filing, not from"
            " the greffe's answer; an enclosed cheque or the online payment avoids the lapse.",
            path="options.fee_payment"))
    if fee_amount is not None and not (consignation and amount is not None):
        warnings.append(Warning(
            "greffe_fees_not_applicable",
            "Frais de greffe donnés (options.fee_amount) pour une juridiction où la lettre ne"
            " mentionne pas la consignation de l’article 1425 du code de procédure civile :"
            " montant non imprimé.",
            "Greffe fee given (options.fee_amount) for a court where the letter states no CPC"
            " 1425 consignation: amount not printed.", path="options.fee_amount"))
    pieces = [{"number": i, "title": fr.typo(ev.title),
               "date": fr.date_short(ev.date) if ev.date else None}
              for i, ev in enumerate(case.evidence, start=1)]
    if not pieces:
        warnings.append(Warning(
            "no_evidence",
            "Aucune pièce fournie (case.evidence) : la lettre n’annonce aucune pièce (CPC art."
            " 1407).", "No evidence supplied (case.evidence): the letter lists no pièce (CPC"
            " art. 1407).", path="case.evidence"))
    power = needs_power(case, filed_by)
    contact_email = sender.email
    title = f"Dépôt d’une requête en injonction de payer — {case.reference}"
    # a filing letter: the claim is in the requête it covers (claim=False)
    base = letters.base_context(
        case, facts, sender=sender, title=title, subject=title,
        object_line=fr.typo(f"Requête en injonction de payer — {case.creditor.display_name}"
                            f" c/ {case.debtor.display_name}"),
        lrar=False, keyword="injonction de payer", recipient=block, claim=False)
    ctx: dict[str, Any] = base.context
    ctx.update({
        "president": to_president(choice.president_title),
        "court": choice.court_name[:1].lower() + choice.court_name[1:],
        "creditor": fr.typo(designation(case.creditor)),
        "debtor": fr.typo(designation(case.debtor)),
        "by_debtor": role_word(case.debtor, "par le débiteur", "par la débitrice"),
        "agent": agent,
        "agent_name": sender.name,
        "total_due": fr.money(facts.decompte.totals.total_due),
        "cerfa": choice.cerfa_form if cerfa else None,
        "pieces": pieces,
        # the requête's own bordereau, by its own title (fourth reading 10)
        "bordereau": REQUETE_TITLE[:1].lower() + REQUETE_TITLE[1:],
        "power": power,
        # a company agent holds the power, not the employee who signs (seventh reading 2)
        "power_holder": (case.issuer.name if power and case.issuer is not None
                         and case.issuer.signatory is not None
                         and case.issuer.signatory.name.casefold()
                         != case.issuer.name.casefold() else None),
        "consignation": consignation and amount is not None,
        "fee": fr.money(figure) if figure is not None else None,
        "fee_payment": fee_payment,
        "notice_address": fr.typo(", ".join([sender.name] + sender.lines)),
        "notice_email": contact_email,
        # third reading 6c: the letter goes to the greffe, where the requête is filed (CPC
        # 1407), not to the président it is presented to: one form of address, whoever holds
        # the office
        "salutation": SALUTATION,
        "creditor_name": case.creditor.display_name,
        "closing": f"Je vous prie d’agréer, {SALUTATION}, l’expression de ma considération"
                   " distinguée.",
        "signatory": signatory,
    })
    if footer is not None:
        ctx["footer"] = footer
    details = {"court": choice.court_name, "consignation": ctx["consignation"],
               "court_fee_eur": str(amount) if amount is not None and consignation else None,
               "court_fee_printed": ctx["consignation"] and ctx["fee"] is not None,
               "pieces": len(pieces), "special_power": power}
    return (Html("lettre_greffe/letter.html", ctx, bookmark="Lettre au greffe",
                 anchors=("seal",) if seal else ()), [*base.warnings, *warnings], details)
