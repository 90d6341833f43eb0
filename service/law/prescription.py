"""Prescription (limitation) warnings for each invoice.

- 5 years between professionals, or a trader and a non-trader (C. com. L110-4 I);
- 2 years for a professional's action against a consumer (C. consom. L218-2);
- 5 years otherwise (C. civ. 2224).
The period runs from the due date (the day the creditor could claim). A mise en demeure does
not interrupt it (Cass. com. 18 May 2022, n° 20-23.204); an acknowledgement by the debtor, a
court claim (référé included), a conservatory or enforcement measure do (C. civ. 2240-2244) —
the case does not carry those, so the dates below are the latest safe dates absent any
interruption.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from service.law.deadlines import add_months
from service.law.parameters import value_at
from service.model import Case, Warning

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

    def as_dict(self) -> dict[str, object]:
        return {"invoice": self.invoice, "regime": self.regime, "years": self.years,
                "basis": self.basis, "expires_on": self.expires_on.isoformat(),
                "expired": self.expired, "near": self.near}


_BASIS = {"commercial": "C. com. art. L110-4 I", "consumer": "C. consom. art. L218-2",
          "civil": "C. civ. art. 2224"}


def regime_of(case: Case) -> str:
    if case.debtor.is_consumer:
        return "consumer"
    trader = {"commercial", "artisanal"}
    if case.creditor.activity in trader or case.debtor.activity in trader:
        return "commercial"
    return "civil"


def prescription(case: Case, *, on: date | None = None) -> list[PrescriptionStatus]:
    on = on or case.as_of
    regime = regime_of(case)
    out = []
    for inv in case.invoices:
        years = int(value_at("prescription_years", inv.due_date).value[regime])
        expires = add_months(inv.due_date, 12 * years)
        out.append(PrescriptionStatus(
            invoice=inv.number, regime=regime, years=years, basis=_BASIS[regime],
            expires_on=expires, expired=on > expires, near=not on > expires and expires - on <= NEAR,
        ))
    return out


def prescription_warnings(case: Case, *, on: date | None = None) -> list[Warning]:
    out = []
    for i, st in enumerate(prescription(case, on=on)):
        path = f"case.invoices[{i}].due_date"
        if st.expired:
            out.append(Warning(
                "prescription_acquired",
                f"Facture {st.invoice} : l'action en paiement semble prescrite depuis le"
                f" {st.expires_on:%d/%m/%Y} ({st.years} ans, {st.basis}), sauf interruption"
                " (reconnaissance de dette, action en justice…). Une mise en demeure"
                " n'interrompt pas la prescription.",
                f"Invoice {st.invoice}: the claim appears time-barred since"
                f" {st.expires_on.isoformat()} ({st.years} years, {st.basis}) unless interrupted"
                " (acknowledgement, court action...). A formal notice does not interrupt it.",
                path=path,
            ))
        elif st.near:
            out.append(Warning(
                "prescription_near",
                f"Facture {st.invoice} : prescription acquise le {st.expires_on:%d/%m/%Y}"
                f" ({st.years} ans, {st.basis}). Seule une action en justice ou une"
                " reconnaissance du débiteur l'interrompt ; une mise en demeure ne suffit pas.",
                f"Invoice {st.invoice}: time-barred on {st.expires_on.isoformat()}"
                f" ({st.years} years, {st.basis}). Only a court action or the debtor's"
                " acknowledgement interrupts it; a formal notice does not.",
                path=path,
            ))
    return out
