"""Prescription (limitation) of each invoice's action in payment.

- 5 years between professionals, or a trader and a non-trader (C. com. L110-4 I), from the
  due date;
- 2 years for a *professional's* action against a consumer (C. consom. L218-2), from the day
  the goods were delivered or the work or service performed (``invoices[].performed_on``:
  Cass. 1re civ. 19 May 2021, n° 20-12.520; Cass. 3e civ. 1 March 2023, n° 21-23.176); when
  that date is missing, from the invoice's issue date (the prudent reading: the earliest date
  the case gives), with the warning ``performance_date_unknown``;
- 5 years otherwise (C. civ. 2224), from the due date — including a private person's claim
  against a consumer: L218-2 covers only « l'action des professionnels ».

A mise en demeure does not interrupt prescription (Cass. com. 18 May 2022, n° 20-23.204), nor
does filing a requête en injonction de payer (only service of the ordonnance does: Cass. 1re
civ. 9 Sept. 2020). Service of an assignation (référé included) interrupts it (C. civ. 2241),
as does the debtor's acknowledgement (2240) or an enforcement measure (2244). The case carries
none of those, and payments are not read as acknowledgements (the prudent side), so the dates
below are the latest safe dates absent any interruption.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from service import fr
from service.fr import typo
from service.law.deadlines import add_months
from service.law.parameters import names, value_at
from service.model import Case, Invoice, Warning

NEAR = timedelta(days=180)


@dataclass(frozen=True)
class PrescriptionStatus:
    invoice: str
    regime: str  # commercial | consumer | civil
    years: int
    basis: str
    expires_on: date  # last day to act
    expired: bool
    near: bool
    runs_from: date | None = None  # the day the period starts from
    start_basis: str = "due_date"  # due_date | performed_on | issue_date
    index: int = 0  # position in case.invoices

    def as_dict(self) -> dict[str, object]:
        return {"invoice": self.invoice, "index": self.index, "regime": self.regime,
                "years": self.years, "basis": self.basis,
                "runs_from": self.runs_from.isoformat() if self.runs_from else None,
                "start_basis": self.start_basis, "expires_on": self.expires_on.isoformat(),
                "expired": self.expired, "near": self.near}


@dataclass(frozen=True)
class TimeBarred:
    """An invoice whose prescription is acquired: court filings must refuse it
    (``prescription_acquired`` naming ``path``); letters leave it out of the claim."""

    index: int  # position in case.invoices
    invoice: str  # its number
    expires_on: date  # the last day one could act
    years: int
    basis: str

    @property
    def path(self) -> str:
        return f"case.invoices[{self.index}]"

    def as_dict(self) -> dict[str, object]:
        return {"index": self.index, "invoice": self.invoice, "path": self.path,
                "expires_on": self.expires_on.isoformat(), "years": self.years,
                "basis": self.basis}


_BASIS = {"commercial": "C. com. art. L110-4 I", "consumer": "C. consom. art. L218-2",
          "civil": "C. civ. art. 2224"}


def regime_of(case: Case) -> str:
    """consumer: a professional's claim against a consumer (L218-2); commercial: a trader is a
    party (L110-4); civil otherwise, a private person's claim against a consumer included."""
    creditor_is_professional = not (case.creditor.type == "individual"
                                    and case.creditor.is_consumer)
    if case.debtor.is_consumer:
        return "consumer" if creditor_is_professional else "civil"
    trader = {"commercial", "artisanal"}
    if case.creditor.activity in trader or case.debtor.activity in trader:
        return "commercial"
    return "civil"


def _runs_from(regime: str, inv: Invoice) -> tuple[date, str]:
    if regime == "consumer":
        if inv.performed_on is not None:
            return inv.performed_on, "performed_on"
        return inv.issue_date, "issue_date"
    return inv.due_date, "due_date"


def prescription(case: Case, *, on: date | None = None) -> list[PrescriptionStatus]:
    on = on or case.as_of
    regime = regime_of(case)
    out = []
    for i, inv in enumerate(case.invoices):
        start, start_basis = _runs_from(regime, inv)
        years = int(value_at(names.PRESCRIPTION_YEARS, start).value[regime])
        expires = add_months(start, 12 * years)
        out.append(PrescriptionStatus(
            invoice=inv.number, regime=regime, years=years, basis=_BASIS[regime],
            expires_on=expires, expired=on > expires, near=not on > expires and expires - on <= NEAR,
            runs_from=start, start_basis=start_basis, index=i,
        ))
    return out


def time_barred(case: Case, *, on: date | None = None) -> list[TimeBarred]:
    """The invoices whose prescription is acquired on ``on`` (default ``case.as_of``)."""
    return [TimeBarred(st.index, st.invoice, st.expires_on, st.years, st.basis)
            for st in prescription(case, on=on) if st.expired]


_NEAR_FR = (" Ni une mise en demeure ni le dépôt d’une requête en injonction de payer ne"
            " l’interrompent (seule la signification de l’ordonnance le ferait, et elle doit"
            " intervenir avant cette date) : l’interrompent la signification d’une assignation,"
            " même en référé (C. civ. art. 2241), ou une reconnaissance de dette du débiteur"
            " (C. civ. art. 2240).")
_NEAR_EN = (" Neither a formal notice nor filing a requête en injonction de payer interrupts it"
            " (only service of the order would, and it must happen before that date): service of"
            " an assignation, référé included (Civil Code art. 2241), or the debtor's"
            " acknowledgement of the debt (art. 2240) does.")


def prescription_warnings(case: Case, *, on: date | None = None) -> list[Warning]:
    out = []
    for st in prescription(case, on=on):
        i = st.index
        path = f"case.invoices[{i}]"
        if st.expired:
            out.append(Warning(
                "prescription_acquired",
                typo(f"Facture {st.invoice} : l’action en paiement est prescrite depuis le"
                     f" {fr.date_short(st.expires_on + timedelta(days=1))} ({st.years} ans, {st.basis}),"
                     " sauf interruption (reconnaissance de dette, assignation signifiée…)."
                     " Aucune procédure judiciaire ne peut la viser ; un courrier ne peut la"
                     " réclamer qu’à titre amiable. Une mise en demeure n’interrompt pas la"
                     " prescription."),
                f"Invoice {st.invoice}: the claim is time-barred since"
                f" {(st.expires_on + timedelta(days=1)).isoformat()} ({st.years} years,"
                f" {st.basis}) unless interrupted (acknowledgement, assignation served...). No"
                " court filing may include it; a letter may only ask for it amicably. A formal"
                " notice does not interrupt prescription.",
                path=path,
            ))
        elif st.near:
            out.append(Warning(
                "prescription_near",
                typo(f"Facture {st.invoice} : prescription acquise le"
                     f" {fr.date_short(st.expires_on + timedelta(days=1))} ({st.years} ans, {st.basis} ;"
                     f" dernier jour pour agir : {fr.date_short(st.expires_on)}).{_NEAR_FR}"),
                f"Invoice {st.invoice}: time-barred on"
                f" {(st.expires_on + timedelta(days=1)).isoformat()} ({st.years} years,"
                f" {st.basis}; last day to act: {st.expires_on.isoformat()}).{_NEAR_EN}",
                path=path,
            ))
        if st.regime == "consumer" and st.start_basis == "issue_date":
            out.append(Warning(
                "performance_date_unknown",
                typo(f"Facture {st.invoice} : date de livraison ou d’exécution de la prestation"
                     " inconnue. Contre un consommateur, la prescription de deux ans court à"
                     " compter de cette date (Cass. 1re civ., 19 mai 2021, n° 20-12.520) ; elle"
                     " est comptée ici, par prudence, à partir de la date d’émission de la"
                     f" facture ({fr.date_short(st.runs_from)}). Indiquez invoices[].performed_on."),
                f"Invoice {st.invoice}: delivery or performance date unknown. Against a consumer"
                " the two years run from that date (Cass. 1re civ. 19 May 2021, n° 20-12.520);"
                " they are counted here, prudently, from the invoice's issue date"
                f" ({st.runs_from.isoformat() if st.runs_from else ''}). Give"
                " invoices[].performed_on.",
                path=f"case.invoices[{i}].performed_on",
            ))
    return out
