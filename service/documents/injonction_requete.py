"""The free-form « Requête en injonction de payer (art. 1405 s. CPC) », written from HTML.

Used whenever the official Cerfa PDF of the court is not in ``forms/cerfa`` (legal review I1):
no Cerfa logo, no state marks, no form number. The blocks follow the form's order — court,
creditor, agent, debtor, request, 1408 referral, sums, 750-1 statement, date and signature —
and carry the mentions of CPC 54, 57 and 1407: the court, the parties as art. 54 3° and 57 want
them, the exact amount with its breakdown and ground, the pièces through their bordereau (only
when there are pièces), the date and the signatory's full name. The detailed décompte follows
as an annex in the same HTML, so the whole may be a tagged PDF (``options.pdf_variant``).
"""

from __future__ import annotations

from typing import Any

from service import fr
from service.documents import common
from service.documents.facts import CaseFacts
from service.documents.injonction_claim import Agent, Claim
from service.documents.parties import designation, legal_address, role_word
from service.law.courts import CourtChoice
from service.model import Case

TEMPLATE = "injonction/requete.html"
STYLESHEETS = ("css/letter.css", "css/annex.css", "css/requete.css")
_COMMERCIAL_COURTS = ("tribunal_de_commerce", "tribunal_des_activites_economiques")


def addressee(choice: CourtChoice) -> str:
    """« Monsieur le Président du tribunal des activités économiques de Lyon »; in Bas-Rhin,
    Haut-Rhin and Moselle the commercial chamber of the tribunal judiciaire: « Monsieur le
    Président du tribunal judiciaire de Strasbourg, chambre commerciale » (legal review I5: the
    requête reaches the chamber through the tribunal; whether its own president or the TJ's
    decides is unsure, this address fits both)."""
    if choice.jurisdiction == "chambre_commerciale_tj":
        name = choice.court_name
        return fr.typo(f"Madame ou Monsieur le Président du {name[:1].lower()}{name[1:]}")
    return fr.typo(choice.president_title)


def fee_note(choice: CourtChoice) -> str | None:
    """CPC 1425 (written « devant le tribunal de commerce »): printed before a tribunal de
    commerce or a TAE whose fee is known; never before the commercial chamber of a TJ nor where
    the fee is unknown (legal review I5; the API warns ``court_fee_unknown``)."""
    if choice.jurisdiction not in _COMMERCIAL_COURTS or choice.court_fee.get("amount_eur") is None:
        return None
    return ("Les frais de la procédure sont avancés par le demandeur, qui les consigne au greffe"
            " dans les quinze jours de la présente demande, à peine de caducité de celle-ci (article 1425 du"
            " code de procédure civile).")


def mandate_rule(agent: Agent) -> str:
    """CPC 416 as it applies to this agent (legal review I7, second reading 8): the avocat is
    dispensed from proving his power; whether a commissaire de justice is, for a requête, is
    not settled (the API warns ``mandate_dispensation_unsure``): he shows it."""
    if agent.kind == "avocat":
        return fr.typo(f"{agent.name}, avocat, est dispensé de justifier d’un pouvoir (article"
                       " 416 du code de procédure civile).")
    return fr.typo(f"{agent.name} justifie de son mandat (article 416 du code de procédure"
                   " civile).")


def context(case: Case, facts: CaseFacts, choice: CourtChoice, claim: Claim, *,
            meta: dict[str, str]) -> dict[str, Any]:
    rows = [claim.principal, claim.interest] + ([claim.costs] if claim.costs else [])
    reminders = common.reminders_list(case)
    return {
        "meta": meta,
        "footer": fr.typo(f"Requête en injonction de payer — {case.creditor.display_name} c/"
                          f" {case.debtor.display_name} — Réf.\u00a0{case.reference}"),
        "draft": None,
        "addressee": addressee(choice),
        "court": choice.court_name,
        "court_address": legal_address(choice.court_address) if choice.court_address else None,
        "creditor": designation(case.creditor, "deed"),
        "agent": claim.agent,
        "mandate_rule": mandate_rule(claim.agent) if claim.agent is not None else None,
        "debtor": designation(case.debtor, "deed"),
        "debtor_is_company": case.debtor.is_company,
        # the object argues about the named parties: their gender (seventh reading 2)
        "claimant": role_word(case.creditor, "le demandeur", "la demanderesse"),
        "claimant_pronoun": role_word(case.creditor, "il", "elle"),
        "debtor_role": role_word(case.debtor, "le débiteur", "la débitrice"),
        "of_debtor": role_word(case.debtor, "du débiteur", "de la débitrice"),
        "has_pieces": bool(case.evidence),
        "referral_1408": claim.referral_1408,
        "rows": [{"nature": r.nature, "amount": r.amount, "basis": r.basis,
                  "documents": r.documents} for r in rows],
        "total": claim.total,
        "besides": claim.besides,
        "amicable_ground": claim.amicable_ground,
        "reminders": reminders,
        "place": claim.place,
        "date": claim.date,
        "signatory": claim.signatory,
        "fee_note": fee_note(choice),
    }
