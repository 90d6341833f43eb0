"""The requête's values for an official Cerfa form, by the semantic keys of its field map.

Used only when the official PDF and its map are in ``forms/cerfa`` (12946*02 for the tribunal de
commerce, the TAE and the commercial chamber of the TJ; 12948*06 for the tribunal judiciaire).
Keys a map does not have are skipped by the filler.
"""

from __future__ import annotations

from service import fr
from service.documents.injonction_claim import Claim
from service.documents.parties import group_siren, legal_address
from service.law.courts import CourtChoice
from service.model import Case, Party


def _party_values(prefix: str, p: Party) -> dict[str, str | bool]:
    v: dict[str, str | bool] = {f"{prefix}.is_company": p.is_company,
                                f"{prefix}.is_individual": not p.is_company}
    address = legal_address(p.address)
    if p.is_company:
        v[f"{prefix}.name"] = p.name
        v[f"{prefix}.legal_form"] = p.legal_form or ""
        if p.siren:
            siren = group_siren(p.siren)
            v[f"{prefix}.siren"] = f"RCS {p.rcs_city} {siren}" if p.rcs_city else siren
        if p.representative:
            rep = p.representative.name + (f", {p.representative.title}"
                                           if p.representative.title else "")
            v[f"{prefix}.representative"] = rep
        v[f"{prefix}.registered_office" if prefix == "creditor" else f"{prefix}.address"] = address
    else:
        v[f"{prefix}.name"] = (p.last_name or p.name).upper()
        if p.first_name:
            v[f"{prefix}.first_names"] = p.first_name
        v[f"{prefix}.address"] = address
        if prefix == "creditor":
            v["creditor.profession"] = p.profession or ""
            v["creditor.nationality"] = p.nationality or ""
            if p.birth_date:
                v["creditor.birth"] = fr.date_short(p.birth_date) + (
                    f" à {p.birth_place}" if p.birth_place else "")
    return v


def form_values(case: Case, claim: Claim, choice: CourtChoice) -> dict[str, str | bool]:
    """Semantic key -> value for the form's field map (keys absent from a map are skipped)."""
    v: dict[str, str | bool] = {"court.name": choice.court_name}
    if choice.court_address is not None:
        v["court.address"] = legal_address(choice.court_address)
    v.update(_party_values("creditor", case.creditor))
    v.update(_party_values("debtor", case.debtor))
    if claim.agent is not None:
        v["agent.name"] = claim.agent.name
        v["agent.capacity"] = claim.agent.capacity
        v["agent.address"] = claim.agent.address
    v["referral_1408.requested"] = claim.referral_1408 is not None
    if claim.referral_1408:
        v["referral_1408.court"] = claim.referral_1408
    v["sums.principal.amount"] = claim.principal.amount
    v["sums.principal.basis"] = claim.principal.basis
    v["sums.principal.documents"] = claim.principal.documents
    v["sums.interest.legal"] = claim.interest_legal
    v["sums.interest.contractual"] = claim.interest_contractual
    if claim.interest_rate_box is not None:
        v["sums.interest.rate"] = claim.interest_rate_box
    if claim.interest_from is not None:
        v["sums.interest.from_date"] = claim.interest_from
    v["sums.interest.amount"] = claim.interest.amount
    v["sums.interest.basis"] = claim.interest.basis
    v["sums.interest.documents"] = claim.interest.documents
    v["sums.penalty_clause.amount"] = "Néant"
    if claim.costs is not None:
        v["sums.costs.amount"] = claim.costs.amount
        v["sums.costs.basis"] = claim.costs.basis
        v["sums.costs.documents"] = claim.costs.documents
    else:
        v["sums.costs.amount"] = "Néant"
    v["sums.total"] = claim.total
    if claim.amicable_ground is not None:
        v["amicable.dispensed"] = True
        # the reminders are listed in the annex: the box keeps to the ground, which fits it
        v["amicable.details"] = claim.amicable_ground + (
            " Démarches amiables : voir l’annexe." if case.reminders else "")
    v["signature.place"] = claim.place
    v["signature.date"] = claim.date
    v["signature.name"] = claim.signatory
    return {k: fr.typo(val) if isinstance(val, str) else val for k, val in v.items()}
