"""The greffe fee of the requête and the thresholds of the procedure (lawyer, amicable attempt)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from service import fr
from service.law.courts import data
from service.law.courts.findings import Findings
from service.law.courts.kinds import Jurisdiction
from service.law.parameters import ParameterNotFound, ParameterValue, load, names, value_at


def fee_alternatives() -> tuple[dict[str, str], ...]:
    """The other TC fee amounts the sources give (``metadata.alternatives`` of the parameter)."""
    return tuple(
        {"amount_eur": str(v.value), "status": v.status, "source": v.source_text()}
        for v in load(names.COURT_FEE_INJONCTION_TC).alternatives
    )


def court_fee(kind: Jurisdiction, dept: str | None, on: date, d: Findings) -> dict[str, Any]:
    if kind == "tribunal_judiciaire":
        tj = value_at(names.COURT_FEE_INJONCTION_TJ, on)
        d.params.append(tj)
        return {
            "amount_eur": str(tj.value),
            "status": tj.status,
            "source": tj.source_text(),
            "uncertain": tj.status != "verified",
            "alternatives": [],
        }
    overseas = dept in data.overseas(on)["mixed_commercial_court_departments"]
    if kind == "chambre_commerciale_tj" or overseas:
        d.warn(
            "court_fee_unknown",
            "Frais de greffe non documentés pour cette juridiction (les sources ne couvrent que"
            " le tribunal de commerce et le tribunal judiciaire) : à vérifier auprès du greffe.",
            "Greffe fee not documented for this court (the sources cover only the tribunal de"
            " commerce and the tribunal judiciaire): ask the greffe.", requete=True)
        return {
            "amount_eur": None,
            "status": "unverified",
            "source": "No source read for the greffe of this court (legal.md §2.12 covers the"
            " tribunal de commerce and the tribunal judiciaire only)",
            "uncertain": True,
            "alternatives": [],
        }
    pv: ParameterValue | None
    try:
        pv = value_at(names.COURT_FEE_INJONCTION_TC, on)
    except ParameterNotFound:
        pv = None
    alternatives = list(fee_alternatives())
    if pv is None:
        return {
            "amount_eur": None,
            "status": "unverified",
            "source": f"No tariff known for {on.isoformat()}",
            "uncertain": True,
            "alternatives": alternatives,
        }
    d.params.append(pv)
    d.cite("CPC art. 1425")
    seen = sorted({Decimal(a["amount_eur"]) for a in alternatives} | {pv.value})
    d.warn(
        "court_fee_uncertain",
        f"Frais de greffe de l'injonction de payer au tribunal de commerce : {fr.money(pv.value)}"
        f" retenus par défaut, montant incertain (les sources donnent de {fr.money(seen[0])}"
        f" à {fr.money(seen[-1])}). À avancer au greffe dans les 15 jours de la demande, à peine"
        " de caducité (CPC art. 1425).",
        f"Greffe fee for the injonction de payer at the commercial court: {pv.value} EUR by"
        f" default, uncertain (sources range from {seen[0]} to {seen[-1]} EUR). To be paid to"
        " the greffe within 15 days of the request, or the request lapses (CPC art. 1425).", requete=True)
    return {
        "amount_eur": str(pv.value),
        "status": pv.status,
        "source": pv.source_text(),
        "uncertain": True,
        "alternatives": alternatives,
    }


def threshold(name: str, on: date, d: Findings) -> Decimal | None:
    try:
        pv = value_at(name, on)
    except ParameterNotFound:
        return None
    d.params.append(pv)
    value: Decimal = pv.value
    return value

