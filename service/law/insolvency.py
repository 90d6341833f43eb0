"""The debtor's collective proceedings (sauvegarde, redressement, liquidation judiciaire).

- Open on a day: the opening judgment takes effect from 0 h on the day it is pronounced
  (C. com. R621-4, R631-7, R641-1: « prend effet à compter de sa date »; acts of that day are
  deemed to follow it, Cass. com. 17 Feb. 2021, n° 20-18.759), until the closing judgment
  (``closed_on``), which ends it from its own date.
- Interest: the opening judgment stops legal, contractual and late-payment interest
  (C. com. L622-28 al. 1, applied to the redressement by L631-14 and to the liquidation by
  L641-3). Since it takes effect at 0 h, the last day that earns interest is the day before
  the opening judgment: the claim to declare (L622-24, R622-23) is the décompte on that day.
  The exception for loans of a year or more does not concern invoices. The décompte applies
  this stop whenever ``debtor.insolvency`` has opened by ``as_of`` (the stop is definitive,
  whatever the outcome), and counts no 40 € indemnity for a pre-opening invoice falling due
  from the opening on (L441-10 II, last sentence; payment was forbidden, L622-7).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from service import fr
from service.errors import FieldError, field_error
from service.fr import typo
from service.law.courts import data as court_data
from service.law.decompte import Decompte, compute_decompte
from service.model import Case, Warning

# the procedure's French name and whether it is feminine: « une procédure de sauvegarde
# ouverte », « un redressement judiciaire ouvert », « une liquidation judiciaire ouverte »
_PROCEDURE_FR = {"sauvegarde": ("procédure de sauvegarde", True),
                 "redressement_judiciaire": ("redressement judiciaire", False),
                 "liquidation_judiciaire": ("liquidation judiciaire", True)}


def procedure_name(procedure: str) -> str:
    """« redressement judiciaire »."""
    return _PROCEDURE_FR[procedure][0]


def procedure_with_article(procedure: str) -> str:
    """« une procédure de sauvegarde », « un redressement judiciaire »."""
    name, feminine = _PROCEDURE_FR[procedure]
    return f"{'une' if feminine else 'un'} {name}"


def opened_word(procedure: str) -> str:
    """The past participle agreeing with the procedure: « ouverte » or « ouvert »."""
    return "ouverte" if _PROCEDURE_FR[procedure][1] else "ouvert"
INTEREST_STOP_BASIS = "C. com. art. L622-28 (L631-14, L641-3) ; R621-4, R631-7, R641-1"


def insolvency_open(case: Case, as_of: date | None = None) -> bool:
    """True when the debtor's collective proceedings are open on ``as_of`` (default
    ``case.as_of``): opened on or before that day and not closed by then."""
    ins = case.debtor.insolvency
    on = as_of or case.as_of
    if ins is None or ins.opened_on > on:
        return False
    return ins.closed_on is None or ins.closed_on > on


def interest_until(case: Case) -> date | None:
    """The last day that earns interest: the eve of the opening judgment (None: no proceedings)."""
    ins = case.debtor.insolvency
    return ins.opened_on - timedelta(days=1) if ins else None


def decompte_at_opening(case: Case) -> Decompte:
    """The claim as it stood when the proceedings opened, for the proof of claim: the décompte
    on the eve of the opening judgment (interest stops: L622-28), over the invoices issued
    before it and the payments made before it. Invoices not yet due then appear with their
    principal and no interest (« sommes à échoir », R622-23). Invoices issued from the opening
    day on are post-opening claims (L622-17), not declared: they are left out, with the warning
    ``invoice_after_opening``. Raises ValueError when the debtor has no proceedings."""
    ins = case.debtor.insolvency
    if ins is None:
        raise ValueError("the debtor has no insolvency proceedings")
    eve = ins.opened_on - timedelta(days=1)
    kept = tuple(inv for inv in case.invoices if inv.issue_date <= eve)
    numbers = {inv.number for inv in kept}
    warnings = []
    for i, inv in enumerate(case.invoices):
        if inv.number not in numbers:
            warnings.append(Warning(
                "invoice_after_opening",
                typo(f"Facture {inv.number} émise le {fr.date_short(inv.issue_date)}, à compter du"
                     " jugement d’ouverture : créance postérieure (C. com. art. L622-17), non"
                     " déclarée au passif."),
                f"Invoice {inv.number} issued on {inv.issue_date.isoformat()}, from the opening"
                " judgment on: a post-opening claim (Commercial Code art. L622-17), not declared.",
                path=f"case.invoices[{i}]",
            ))
    payments = tuple(p for p in case.payments
                     if p.date <= eve and (p.invoice is None or p.invoice in numbers))
    reminders = tuple(r for r in case.reminders if r.date <= eve)
    reminders = tuple(replace(r, received_on=None) if r.received_on and r.received_on > eve else r
                      for r in reminders)
    at_opening = replace(case, as_of=eve, invoices=kept, payments=payments, reminders=reminders)
    d = compute_decompte(at_opening)
    return replace(d, warnings=d.warnings + tuple(warnings))


def consumer_insolvency_errors(case: Case) -> list[FieldError]:
    """A consumer is in collective proceedings only under the faillite civile of
    Alsace-Moselle: the sauvegarde, redressement and liquidation judiciaires of Book VI of the
    Code de commerce open against traders, craftsmen, farmers, independent professionals and
    legal persons (C. com. L620-2, L631-2, L640-2), and against other natural persons only when
    domiciled in the Moselle, Bas-Rhin or Haut-Rhin (L670-1). Elsewhere a consumer's
    over-indebtedness is the Code de la consommation's procedure, which this service does not
    cover: a 422 ``insolvency_consumer`` rather than documents built on a procedure that
    cannot exist."""
    ins = case.debtor.insolvency
    if ins is None or not case.debtor.is_consumer:
        return []
    try:
        dept = case.debtor.address.department
    except ValueError:
        dept = None
    on = max(ins.opened_on, court_data.supported_from())
    if dept is not None and dept in court_data.alsace_moselle(on)["departments"]:
        return []
    return [field_error(
        "case.debtor.insolvency", "insolvency_consumer",
        typo("Un particulier (débiteur « consumer ») ne fait l’objet d’une procédure de"
             " sauvegarde, de redressement ou de liquidation judiciaire que s’il est domicilié"
             " en Moselle, dans le Bas-Rhin ou le Haut-Rhin (faillite civile, C. com."
             " art. L670-1) ; ailleurs ces procédures visent les entreprises (art. L620-2,"
             " L631-2, L640-2), et le surendettement des particuliers (code de la consommation)"
             " n’est pas couvert par ce service. Vérifiez debtor.activity, debtor.address et"
             " debtor.insolvency."),
        "A consumer is in safeguard, reorganisation or liquidation proceedings only when"
        " domiciled in the Moselle, Bas-Rhin or Haut-Rhin (faillite civile, Commercial Code art."
        " L670-1); elsewhere these proceedings are for businesses (art. L620-2, L631-2, L640-2),"
        " and consumer over-indebtedness (Consumer Code) is not covered by this service. Check"
        " debtor.activity, debtor.address and debtor.insolvency.")]


def insolvency_warnings(case: Case) -> list[Warning]:
    ins = case.debtor.insolvency
    if ins is None or not insolvency_open(case):
        return []
    name = procedure_with_article(ins.procedure)
    opened = opened_word(ins.procedure)
    eve = ins.opened_on - timedelta(days=1)
    return [Warning(
        "insolvency_open",
        typo(f"Le débiteur fait l’objet d’{name} {opened} le {fr.date_short(ins.opened_on)} : les"
             " poursuites individuelles sont arrêtées (C. com. art. L622-21) et le jugement"
             " d’ouverture a arrêté le cours des intérêts et pénalités (art. L622-28), dont le"
             f" dernier jour est le {fr.date_short(eve)} : ce décompte les arrête à cette date pour les"
             " factures antérieures, et ne compte pas l’indemnité forfaitaire des factures"
             " échues depuis (art. L441-10 II). Seuls la déclaration de créance et les documents"
             " adressés au mandataire judiciaire restent possibles."),
        f"The debtor is in {ins.procedure.replace('_', ' ')} proceedings opened on"
        f" {ins.opened_on.isoformat()}: individual actions are stayed (Commercial Code art."
        " L622-21) and the opening judgment stopped interest and penalties (art. L622-28), the"
        f" last day earning being {eve.isoformat()}: this statement stops them there for the"
        " invoices issued before, and counts no flat indemnity for those falling due since"
        " (art. L441-10 II). Only the proof of claim and letters to the mandataire remain.",
        path="case.debtor.insolvency",
    )]


def insolvency_state(case: Case) -> dict[str, object] | None:
    ins = case.debtor.insolvency
    if ins is None:
        return None
    return {"procedure": ins.procedure, "open": insolvency_open(case),
            "opened_on": ins.opened_on.isoformat(),
            "interest_until": (ins.opened_on - timedelta(days=1)).isoformat(),
            "basis": INTEREST_STOP_BASIS}
