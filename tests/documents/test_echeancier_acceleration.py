"""The échéancier's acceleration clause (issue 12, third reading item 5): after the déchéance du
terme only the principal part of the balance bears penalties (B2B) or legal interest (consumer),
from the day after the notice period; accrued penalties or interest and the 40 € indemnity fall
due but bear nothing (no capitalisation). Every clause is read back from the PDF text."""

from __future__ import annotations

import re

import pytest

from service.contract import load_request
from service.documents.generate import generate
from service.documents.registry import KINDS
from tests import pdfcheck
from tests.factories import consumer_raw, example_raw

PLAN = {"count": 3, "first_date": "2026-11-28", "periodicity": "monthly"}


def render(runtime, raw, **options):
    case, opts = load_request({"case": raw, "options": {"plan": PLAN, **options}},
                              KINDS["echeancier"])
    return generate("echeancier", case, opts, runtime)


def body(pdf: bytes) -> str:
    """The body text (no running footers nor headers), whitespace collapsed, hyphenation
    joined."""
    text = re.sub(r"(Mme Claire LEFÈVRE|Martin Bâtiment) — DOS-2026-0042 — 20 novembre 2026",
                  "", pdfcheck.body(pdf))
    text = re.sub(r"\u2010\s+", "", text)
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


def article(text: str, number: int) -> str:
    start = text.index(f"Article {number} — ")
    return text[start:text.index(f"Article {number + 1} — ", start)]


@pytest.fixture(scope="module")
def b2b(runtime):
    return body(render(runtime, example_raw()).content)


@pytest.fixture(scope="module")
def consumer(runtime):
    return body(render(runtime, consumer_raw()).content)


def test_tr5_b2b_penalties_after_acceleration_run_on_the_principal_only(b2b):
    clause = article(b2b, 5)
    assert ("seul le principal restant dû reconnu à l’article 1er, déduction faite des"
            " versements imputés sur ce principal conformément à l’article 3, portera pénalités"
            " de retard au taux prévu par l’article L441-10 du code de commerce") in clause
    # the old clause made the whole balance (penalties and indemnity included) bear penalties
    assert "solde restant dû deviendra immédiatement exigible, sans autre formalité, et portera" \
        not in clause
    assert "totalité du solde restant dû deviendra immédiatement exigible, sans autre" \
        not in clause


def test_tr5_b2b_penalties_start_the_day_after_the_notice_period(b2b):
    clause = article(b2b, 5)
    assert ("Si cette mise en demeure reste sans effet pendant quinze (15) jours à compter de"
            " sa première présentation (ou de sa réception, s’il s’agit d’une lettre recommandée"
            " électronique), la déchéance du terme sera encourue le lendemain du dernier jour de"
            " ce délai") in clause
    assert "De ce jour à complet paiement, seul le principal" in clause
    assert "à compter de la mise en demeure" not in clause


def test_tr5_b2b_no_capitalisation_of_penalties_nor_of_the_indemnity(b2b):
    clause = article(b2b, 5)
    assert ("les pénalités de retard échues et l’indemnité forfaitaire reconnues à l’article"
            " 1er, exigibles avec le solde, ne porteront elles-mêmes ni pénalités ni intérêts.") \
        in clause


def test_tr5_plan_waiver_is_not_revived_by_the_acceleration(b2b, consumer):
    for text in (b2b, consumer):
        waiver = article(text, 4)
        assert ("jusqu’à la déchéance du terme prévue à l’article 5, aucun intérêt, aucune"
                " pénalité ni aucuns frais ne s’ajoutent à la somme reconnue à l’article 1er ;"
                " si la déchéance est encourue, rien n’est dû à ce titre pour la période qui la"
                " précède.") in waiver.replace("Jusqu’à", "jusqu’à")
    assert "consenti à titre gratuit : jusqu’à la déchéance du terme" in article(consumer, 4)


def test_tr5_consumer_legal_interest_on_the_principal_from_the_decheance(consumer):
    clause = article(consumer, 5)
    assert ("la déchéance du terme sera encourue le lendemain du dernier jour de ce délai"
            in clause)
    assert ("De ce jour à complet paiement, seul le principal restant dû reconnu à l’article"
            " 1er, déduction faite des versements imputés sur ce principal conformément à"
            " l’article 3, portera intérêts au taux de l’intérêt légal (article 1231-6 du code"
            " civil)") in clause
    assert ("les intérêts échus reconnus à l’article 1er, exigibles avec le solde, ne porteront"
            " eux-mêmes aucun intérêt.") in clause
    assert "à compter de la mise en demeure" not in clause
    # no penalty wording for a consumer; the interest-first imputation (1343-1) stays
    assert "pénalité" not in clause and "L441-10" not in clause and "indemnité" not in clause
    assert "d’abord sur les intérêts, puis sur le principal (article 1343-1" \
        in article(consumer, 3)


def test_tr5_notice_days_option_sets_the_period_before_the_decheance(runtime):
    clause = article(body(render(runtime, example_raw(), notice_days=30).content), 5)
    assert ("sans effet pendant trente (30) jours à compter de sa première présentation (ou de"
            " sa réception, s’il s’agit d’une lettre recommandée électronique), la déchéance du"
            " terme sera encourue le lendemain du dernier jour de ce délai") in clause


def test_tr5_balance_without_principal_bears_nothing(runtime):
    raw = example_raw()
    raw["payments"] = [
        {"date": "2026-08-03", "amount": "4800.00", "invoice": "F-2026-0117",
         "method": "virement"},
        {"date": "2026-08-03", "amount": "1500.00", "invoice": "F-2026-0152",
         "method": "virement"}]
    doc = render(runtime, raw)
    assert doc.metadata()["decompte"]["totals"]["outstanding"] == "0.00"
    clause = article(body(doc.content), 5)
    assert ("Ce solde ne comprenant aucune somme en principal, il ne portera ni pénalités ni"
            " intérêts.") in clause
    assert "seul le principal" not in clause


def test_tr5_accrued_clause_agrees_in_gender_and_number():
    from service.documents.echeancier import _accrued_clause

    assert _accrued_clause(consumer=False, interest=False, indemnity=True) == (
        " ; l’indemnité forfaitaire reconnue à l’article 1er, exigible avec le solde, ne portera"
        " elle-même ni pénalités ni intérêts")
    assert _accrued_clause(consumer=False, interest=True, indemnity=False) == (
        " ; les pénalités de retard échues reconnues à l’article 1er, exigibles avec le solde,"
        " ne porteront elles-mêmes ni pénalités ni intérêts")
    assert _accrued_clause(consumer=True, interest=False, indemnity=False) == ""
