"""Case fields added to the contract in December 2026 (API.md « Case fields »): each loads, is
checked (dates coherent, enums) and a fault is named by its JSON path in both languages."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from service.contract import load_case
from service.errors import CaseInvalid
from tests.factories import consumer_raw, copy_raw, example_raw


def faults(raw) -> dict[str, str]:
    with pytest.raises(CaseInvalid) as exc:
        load_case(raw)
    for e in exc.value.errors:
        assert e.message_fr and e.message_en and e.message_fr != e.message_en
    return {e.path: e.code for e in exc.value.errors}


def full_raw():
    raw = consumer_raw()
    raw["invoices"][0]["performed_on"] = "2026-04-30"
    raw["reminders"][-1]["received_on"] = "2026-10-03"
    raw["reminders"].append({"date": "2026-10-20", "kind": "relance", "channel": "lre"})
    raw["terms"].update(imputation="interest_first", below_floor="default_rate")
    raw["issuer"].update(
        legal_form="SELARL", share_capital="50000.00", siren="732829320", rcs_city="Lyon",
        mandate_reference="MAND-2026-17",
        signatory={"name": "Maître Louise Bernard", "title": "Commissaire de justice"})
    raw["debtor"].update(
        birth_date="1980-02-03", birth_place="Grenoble", nationality="française",
        profession="enseignante",
        insolvency={"procedure": "liquidation_judiciaire", "opened_on": "2026-09-01",
                    "bodacc_published_on": "2026-09-12", "court": "Tribunal judiciaire de Grenoble",
                    "mandataire": {"name": "SELARL MJ Alpes",
                                   "address": {"street": "1 place Verdun", "postal_code": "38000",
                                               "city": "Grenoble"},
                                   "email": "mj@alpes.example"},
                    "closed_on": "2026-11-10", "closure": "insuffisance_actif"},
        lre_consent={"date": "2026-01-10", "reference": "consentement-LRE-42"})
    raw["ordonnance"] = {"date": "2026-10-15", "number": "IP 26/1234",
                         "court": "Tribunal judiciaire de Grenoble", "served_on": "2026-11-02"}
    return raw


def test_new_fields_load_into_the_model():
    case = load_case(full_raw())
    assert case.invoices[0].performed_on == date(2026, 4, 30)
    mde = case.first_mise_en_demeure
    assert mde is not None and mde.received_on == date(2026, 10, 3)
    assert case.reminders[-1].channel == "lre"
    assert (case.terms.imputation, case.terms.below_floor) == ("interest_first", "default_rate")
    assert case.issuer.signatory.name == "Maître Louise Bernard"
    assert (case.issuer.legal_form, case.issuer.share_capital, case.issuer.rcs_city) == (
        "SELARL", Decimal("50000.00"), "Lyon")
    ins = case.debtor.insolvency
    assert ins.procedure == "liquidation_judiciaire" and ins.mandataire.address.city == "Grenoble"
    assert ins.closure == "insuffisance_actif" and ins.closed_on == date(2026, 11, 10)
    assert case.debtor.lre_consent.reference == "consentement-LRE-42"
    assert case.ordonnance.served_on == date(2026, 11, 2)
    assert case.debtor.birth_place == "Grenoble"


def test_defaults_of_the_new_terms():
    terms = load_case(example_raw()).terms
    assert (terms.imputation, terms.below_floor) == ("principal_first", "floor")


def test_every_channel_of_the_contract_is_accepted():
    for channel in ("email", "phone", "letter", "lrar", "lre", "sms", "visit"):
        raw = example_raw()
        raw["reminders"][0]["channel"] = channel
        assert load_case(raw).reminders[0].channel == channel
    raw = example_raw()
    raw["reminders"][0]["channel"] = "pigeon"
    assert faults(raw) == {"case.reminders[0].channel": "invalid_choice"}


def test_enums_of_the_new_fields():
    raw = full_raw()
    raw["terms"]["imputation"] = "interest_last"
    raw["terms"]["below_floor"] = "zero"
    raw["debtor"]["insolvency"]["procedure"] = "faillite"
    raw["debtor"]["insolvency"]["closure"] = "autre"
    raw["issuer"]["kind"] = "huissier"
    assert faults(raw) == {
        "case.terms.imputation": "invalid_choice", "case.terms.below_floor": "invalid_choice",
        "case.debtor.insolvency.procedure": "invalid_choice",
        "case.debtor.insolvency.closure": "invalid_choice", "case.issuer.kind": "invalid_choice"}


def test_dates_must_be_coherent():
    raw = full_raw()
    raw["reminders"][0]["received_on"] = "2026-06-01"  # before it was sent (10 June)
    raw["reminders"][1]["received_on"] = "2026-12-01"  # after as_of
    raw["invoices"][1]["performed_on"] = "2026-12-24"  # after as_of
    raw["debtor"]["insolvency"]["bodacc_published_on"] = "2026-08-01"  # before the opening
    raw["ordonnance"]["served_on"] = "2026-10-01"  # before the ordonnance
    assert faults(raw) == {
        "case.reminders[0].received_on": "received_before_sent",
        "case.reminders[1].received_on": "after_as_of",
        "case.invoices[1].performed_on": "after_as_of",
        "case.debtor.insolvency.bodacc_published_on": "before_opening",
        "case.ordonnance.served_on": "served_before_made"}


def test_birth_date_before_as_of():
    raw = full_raw()
    raw["debtor"]["birth_date"] = "2027-01-01"
    assert faults(raw) == {"case.debtor.birth_date": "after_as_of"}


def test_insolvency_closure_needs_its_date_and_dates_after_as_of_are_refused():
    raw = full_raw()
    del raw["debtor"]["insolvency"]["closed_on"]
    assert faults(raw) == {"case.debtor.insolvency.closed_on": "required"}
    raw = full_raw()
    raw["debtor"]["insolvency"].update(opened_on="2026-12-01", bodacc_published_on=None,
                                       closed_on=None, closure=None)
    raw["ordonnance"]["date"] = "2026-12-02"
    raw["ordonnance"]["served_on"] = None
    raw["debtor"]["lre_consent"]["date"] = "2027-01-01"
    assert faults(raw) == {"case.debtor.insolvency.opened_on": "after_as_of",
                           "case.debtor.lre_consent.date": "after_as_of",
                           "case.ordonnance.date": "after_as_of"}


def test_unknown_fields_stay_a_422_in_the_new_objects_and_on_the_creditor():
    raw = full_raw()
    raw["debtor"]["insolvency"]["judge"] = "X"
    raw["ordonnance"]["numero"] = "1"
    raw["creditor"]["insolvency"] = {"procedure": "sauvegarde", "opened_on": "2026-01-01"}
    raw["debtor"]["lre_consent"]["when"] = "2026-01-01"
    assert faults(raw) == {"case.debtor.insolvency.judge": "unknown_field",
                           "case.ordonnance.numero": "unknown_field",
                           "case.creditor.insolvency": "unknown_field",
                           "case.debtor.lre_consent.when": "unknown_field"}


def test_issuer_siren_is_checked_and_mandataire_is_an_issuer_kind():
    raw = full_raw()
    raw["issuer"]["siren"] = "123456789"
    assert faults(raw) == {"case.issuer.siren": "invalid_siren"}
    raw = copy_raw(example_raw())
    raw["issuer"] = {"kind": "mandataire", "name": "Recouvra SAS"}
    assert load_case(raw).issuer.kind == "mandataire"


def shared_example() -> Path | None:
    here = Path(__file__).resolve()
    for base in here.parents:
        p = base / "shared" / "spec" / "case.example.json"
        if p.exists():
            return p
    return None


@pytest.mark.skipif(shared_example() is None, reason="no shared/spec beside the checkout")
def test_the_shared_contract_example_still_validates():
    path = shared_example()
    assert path is not None
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw.pop("evidence", None)  # placeholders, not base64
    case = load_case(raw)
    assert case.reference == "DOS-2026-0042"


def test_decompte_endpoint_warns_of_open_proceedings_and_lists_time_barred(client):
    raw = full_raw()
    raw["debtor"]["insolvency"].update(closed_on=None, closure=None)
    r = client.post("/v1/decompte", json={"case": raw})
    assert r.status_code == 200
    body = r.get_json()
    (w,) = [w for w in body["warnings"] if w["code"] == "insolvency_open"]
    assert w["path"] == "case.debtor.insolvency"
    assert body["insolvency"] == {"procedure": "liquidation_judiciaire", "open": True,
                                  "opened_on": "2026-09-01", "interest_until": "2026-08-31",
                                  "basis": body["insolvency"]["basis"]}
    assert body["time_barred"] == [] and body["rules"]["imputation"] == "interest_first"
