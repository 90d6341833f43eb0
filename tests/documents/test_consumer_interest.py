"""Third reading, item 1: against a consumer, the documents word the start of the legal
interest as the décompte computes it (API.md rule 3), and a filing refuses a start resting on an
unknown receipt of the mise en demeure. Each test reads the PDF back (or the 422)."""

from __future__ import annotations

import json
import re

import pytest

from service.contract import load_case, load_request
from service.documents import consumer_interest
from service.documents.generate import generate
from service.documents.registry import KINDS
from service.errors import CaseInvalid
from service.law.decompte import compute_decompte
from tests import pdfcheck
from tests.documents.test_amicable import OFFICER
from tests.documents.test_drafts import tj
from tests.factories import MDE_PRESENTED, consumer_raw, copy_raw

NOTICE = "case.reminders[3].received_on"  # the consumer case's mise en demeure of 1 Oct. 2026
KNOWN = ("à compter du 6 octobre 2026, lendemain de la première présentation de la mise en"
         " demeure du 1er octobre 2026")
UNKNOWN = ("à compter du 2 octobre 2026, lendemain de la date de la mise en demeure du 1er"
           " octobre 2026")


def render(runtime, kind, raw, **options):
    case, opts = load_request({"case": raw, "options": {"sign": False, **options}}, KINDS[kind])
    return generate(kind, case, opts, runtime)


def text_of(doc) -> str:
    return re.sub(r"\s+", " ", pdfcheck.flat(doc.content))


def codes(doc) -> set[str]:
    return {w["code"] for w in doc.warnings}


def filing_raw(kind: str, received_on: str | None) -> dict:
    raw = consumer_raw(received_on=received_on)
    if kind in ("assignation", "refere_provision"):
        return tj(raw)
    raw.pop("court", None)  # the example's commercial court is a 422 for a consumer (A4)
    if kind == "petites_creances":
        raw["issuer"]["signatory"] = dict(OFFICER)
    return raw


def _no_doubt(text: str) -> None:
    """Nothing of the API's warning leaks into a document."""
    for words in ("à compter de la réception de la mise en demeure", "à confirmer",
                  "UNVERIFIED", "non vérifi", "inconnue", "n’étant pas connue"):
        assert words not in text, words


FILINGS = ["assignation", "refere_provision", "injonction_de_payer", "petites_creances"]


@pytest.mark.parametrize("kind", FILINGS)
def test_tr1_a_consumer_filing_without_the_receipt_is_a_422_naming_received_on(runtime, kind):
    with pytest.raises(CaseInvalid) as exc:
        render(runtime, kind, filing_raw(kind, None))
    errors = {(e.path, e.code): e for e in exc.value.errors}
    err = errors[(NOTICE, "mise_en_demeure_receipt_required")]
    assert "mise en demeure du 1er octobre 2026" in err.message_fr
    assert NOTICE in err.message_fr and NOTICE in err.message_en
    assert "1344-1" in err.message_fr and "2026-10-01" in err.message_en


def test_tr1_the_api_answers_the_422_and_validate_names_it(client):
    raw = filing_raw("injonction_de_payer", None)
    body = json.dumps({"case": raw, "options": {"sign": False}}, default=str)
    r = client.post("/v1/documents/injonction_de_payer", data=body,
                    content_type="application/json")
    assert r.status_code == 422 and r.mimetype == "application/problem+json"
    assert {(e["path"], e["code"]) for e in r.json["errors"]} >= {
        (NOTICE, "mise_en_demeure_receipt_required")}
    body = json.dumps({"case": raw, "kind": "assignation"}, default=str)
    r = client.post("/v1/validate", data=body, content_type="application/json")
    assert r.status_code == 200 and r.json["valid"] is False
    assert (NOTICE, "mise_en_demeure_receipt_required") in {
        (e["path"], e["code"]) for e in r.json["errors"]}
    # a letter stays possible: the doubt is a warning of the answer
    body = json.dumps({"case": consumer_raw(), "kind": "mise_en_demeure"}, default=str)
    r = client.post("/v1/validate", data=body, content_type="application/json")
    assert r.json["valid"] is True
    assert "mise_en_demeure_receipt_unknown" in {w["code"] for w in r.json["warnings"]}


@pytest.mark.parametrize("kind", FILINGS)
def test_tr1_the_same_filing_with_the_receipt_is_rendered(runtime, kind):
    doc = render(runtime, kind, filing_raw(kind, MDE_PRESENTED))
    assert pdfcheck.pages(doc.content) >= 1
    assert "mise_en_demeure_receipt_unknown" not in codes(doc)


@pytest.mark.parametrize("kind", ["assignation", "refere_provision"])
def test_tr1_a_draft_names_the_start_the_decompte_counts_from(runtime, kind):
    text = text_of(render(runtime, kind, filing_raw(kind, MDE_PRESENTED)))
    assert f"à compter de la mise en demeure, soit en l’espèce {KNOWN}." in text
    # the periods table of the same deed starts that day: 3 000 € × 2,75 % × 46 / 365 = 10,40 €
    assert re.search(r"06/10/2026 20/11/2026 46 ", text), text
    _no_doubt(text)


def test_tr1_the_requete_names_the_start_the_decompte_counts_from(runtime):
    doc = render(runtime, "injonction_de_payer", filing_raw("injonction_de_payer", MDE_PRESENTED),
                 flatten=False)
    text = text_of(doc)
    assert ("Intérêts au taux légal à compter du 06/10/2026, lendemain de la première"
            " présentation de la mise en demeure du 01/10/2026 (art. 1231-6 et 1344-1 C. civ.)"
            ) in text
    assert "Intérêts au taux légal à compter de la mise en demeure (art." not in text
    _no_doubt(text)


def test_tr1_the_small_claims_invitation_names_the_start(runtime):
    text = text_of(render(runtime, "petites_creances",
                          filing_raw("petites_creances", MDE_PRESENTED)))
    assert KNOWN + " (articles 1231-6 et 1344-1 du code civil)" in text
    _no_doubt(text)


def test_tr1_a_letter_with_the_receipt_names_its_date(runtime):
    text = text_of(render(runtime, "mise_en_demeure", consumer_raw(received_on=MDE_PRESENTED)))
    assert ("Les intérêts au taux de l’intérêt légal courent sur les sommes dues " + KNOWN
            + " (articles 1231-6 et 1344-1 du code civil).") in text
    _no_doubt(text)
    text = text_of(render(runtime, "decompte", consumer_raw(received_on=MDE_PRESENTED)))
    assert "Débiteur consommateur : intérêts au taux de l’intérêt légal " + KNOWN in text
    _no_doubt(text)


def test_tr1_a_letter_without_the_receipt_names_the_day_after_its_date(runtime):
    doc = render(runtime, "mise_en_demeure", consumer_raw())
    text = text_of(doc)
    assert ("Les intérêts au taux de l’intérêt légal courent sur les sommes dues " + UNKNOWN
            + " (articles 1231-6 et 1344-1 du code civil).") in text
    assert "depuis la mise en demeure du 1er octobre 2026" not in text
    # the table counts from then: a row « 02/10/2026 20/11/2026 50 » read on the word boxes
    rows = [[x[0] for x in sorted(pdfcheck.words(doc.content, page), key=lambda x: x[1])
             if abs(x[2] - w[2]) < 1] for page in (1, 2)
            for w in pdfcheck.words(doc.content, page) if w[0] == "02/10/2026"]
    assert any(r[r.index("02/10/2026"):][:3] == ["02/10/2026", "20/11/2026", "50"]
               for r in rows), rows
    _no_doubt(text)
    # the doubt stays in the API answer
    assert "mise_en_demeure_receipt_unknown" in codes(doc)
    doc = render(runtime, "decompte", consumer_raw())
    text = text_of(doc)
    assert "Débiteur consommateur : intérêts au taux de l’intérêt légal " + UNKNOWN + " (C." in text
    _no_doubt(text)
    assert "mise_en_demeure_receipt_unknown" in codes(doc)


def test_tr1_the_consumer_echeancier_names_the_day_counted_from(runtime):
    doc = render(runtime, "echeancier", consumer_raw(),
                 plan={"instalments": [{"date": "2026-12-15", "amount": "2000.00"},
                                       {"date": "2027-01-15", "amount": "2516.95"}]})
    text = text_of(doc)
    assert ("intérêts au taux de l’intérêt légal (taux applicable dans les autres cas, fixé par"
            " semestre) " + UNKNOWN + " (articles 1231-6 et 1344-1 du code civil)") in text
    _no_doubt(text)


def _phrase(raw: dict) -> str | None:
    case = load_case(raw)
    return consumer_interest.start_phrase(compute_decompte(case), case)


def test_tr1_the_start_phrase_follows_the_channel_and_later_invoices():
    """An LRE or a hand-delivered notice is « reçue », an LRAR « présentée »; an invoice due
    after the notice took effect earns from the day after its due date (rule 4)."""
    raw = consumer_raw(received_on=MDE_PRESENTED)
    raw["reminders"][3]["channel"] = "lre"
    assert _phrase(raw) == ("à compter du 6 octobre 2026, lendemain de la réception de la mise"
                            " en demeure du 1er octobre 2026")
    later = copy_raw(consumer_raw(received_on=MDE_PRESENTED))
    later["invoices"][-1]["due_date"] = "2026-10-20"
    assert _phrase(later) == (KNOWN + ", et, pour une facture échue depuis, à compter du"
                              " lendemain de son échéance")
