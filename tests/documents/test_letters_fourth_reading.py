"""The practitioner's fourth reading of the amicable letters (issue 12, findings 1-11), read
back from the PDF of the golden cases (tests/golden/*.case.json) and of variants."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from service.contract import load_request
from service.documents.generate import generate
from service.documents.registry import KINDS
from tests import pdfcheck
from tests.factories import copy_raw

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
_CACHE: dict[str, Any] = {}


def fixture(name: str) -> tuple[str, dict[str, Any], dict[str, Any]]:
    data = json.loads((GOLDEN / f"{name}.case.json").read_text(encoding="utf-8"))
    return str(data["kind"]), data["case"], dict(data.get("options") or {})


def render(runtime, kind: str, raw: dict[str, Any], options: dict[str, Any]):
    case, opts = load_request({"case": raw, "options": {**options, "sign": False}}, KINDS[kind])
    return generate(kind, case, opts, runtime)


def golden(runtime, name: str):
    """The golden case's document, rendered once per test session."""
    if name not in _CACHE:
        kind, raw, options = fixture(name)
        _CACHE[name] = render(runtime, kind, raw, options)
    return _CACHE[name]


def flat(doc) -> str:
    return pdfcheck.flat(doc.content)


def without_reminders(raw: dict[str, Any], kind: str) -> dict[str, Any]:
    out = copy_raw(raw)
    out["reminders"] = [r for r in out.get("reminders", []) if r["kind"] != kind]
    return out


# ------------------------------------------------------------ 1: the lawyer's RIN reminder

COUNSEL = ("Je vous informe que vous avez la faculté de consulter l’avocat de votre choix et vous"
           " invite, si vous confiez ce dossier à un conseil, à me faire connaître son nom.")


def test_fr1_lawyer_letter_reminds_the_debtor_it_may_consult_a_lawyer(runtime):
    text = flat(golden(runtime, "mise_en_demeure-avocat"))
    assert COUNSEL in text
    # before the closing formula
    assert text.index(COUNSEL) < text.index("Je vous prie d’agréer")
    assert "faculté de consulter" not in flat(golden(runtime, "mise_en_demeure"))
    assert "faculté de consulter" not in flat(golden(runtime, "mise_en_demeure-commissaire"))


# ------------------------------------------------------- 2: the étude identifies the creditor

def test_fr2_commissaire_letter_identifies_the_creditor_with_form_capital_rcs_and_seat(runtime):
    text = flat(golden(runtime, "mise_en_demeure-commissaire"))
    assert ("Mandatée par la société Atelier Dupont (SARL au capital de 10 000,00 €),"
            " immatriculée sous le n° 732 829 320 au RCS de Lyon, dont le siège social est situé"
            " 12 rue de la République, 69002 Lyon, notre étude procède au recouvrement amiable de"
            " sa créance") in text


def test_fr2_capital_left_out_when_the_case_does_not_give_it(runtime):
    kind, raw, options = fixture("mise_en_demeure-commissaire")
    raw = copy_raw(raw)
    raw["creditor"].pop("share_capital", None)
    text = flat(render(runtime, kind, raw, options))
    assert "Mandatée par la société Atelier Dupont (SARL), immatriculée sous le n°" in text


# ------------------------------------------------------------------ 3: the échéancier's copies

@pytest.mark.parametrize("name,first", [("echeancier", "30 novembre 2026"),
                                        ("echeancier-consumer", "15 décembre 2026")])
def test_fr3_protocol_in_two_originals_and_leaves_the_debtor_date_blank(runtime, name, first):
    # fifth reading 3 reversed the « un exemplaire original » of this finding: two originals
    # (C. civ. 1375); tests/documents/test_echeancier_fifth_reading.py reads both copies
    doc = golden(runtime, name)
    text = flat(doc)
    assert "établi en un exemplaire original" not in text
    assert "établi en deux exemplaires originaux, signés par le créancier" in text
    assert ("en conserve un et retourne l’autre au créancier au plus tard le"
            f" {first}, date de la première échéance.") in text
    assert "copie revêtue des deux signatures" not in text
    assert "avant le" not in text and "par les deux parties" not in text
    last = pdfcheck.pages(doc.content)
    words = pdfcheck.words(doc.content, page=last)
    page_width = 595
    # the creditor's « Fait à Lyon, le 20 novembre 2026. » in the left column, the debtor's
    # « Fait à …, le … » blank in the right one
    fait = [(x0, y0) for w, x0, y0, _, _ in words if w == "Fait"]
    assert len(fait) == 2
    left, right = sorted(fait)
    assert left[0] < page_width / 2 < right[0] and abs(left[1] - right[1]) < 2
    line = [w for w, x0, y0, _, _ in words if abs(y0 - right[1]) < 2 and x0 >= right[0]]
    assert "Lyon," not in line and any("…" in w for w in line)
    creditor_line = [w for w, x0, y0, _, _ in words
                     if abs(y0 - left[1]) < 2 and x0 < right[0]]
    assert " ".join(creditor_line) == "Fait à Lyon, le 20 novembre 2026."


# --------------------------------------------------------- 4: penalties named as penalties

@pytest.mark.parametrize("name", ["relance-2", "relance-3", "mise_en_demeure",
                                  "mise_en_demeure-avocat", "mise_en_demeure-commissaire"])
def test_fr4_professional_decompte_note_speaks_of_penalties(runtime, name):
    text = flat(golden(runtime, name))
    assert ("Pénalités calculées jour par jour (intérêts simples) sur le principal restant dû"
            " (base 365 jours), arrondies au centime par facture.") in text
    assert "Intérêts simples calculés" not in text


def test_fr4_consumer_letter_keeps_interest(runtime):
    text = flat(golden(runtime, "mise_en_demeure-consumer"))
    assert "Intérêts simples calculés jour par jour sur le principal restant dû" in text
    assert "Pénalités calculées" not in text


def _imputation_header(doc) -> str:
    """The payments table's header, its cells wrapped on three lines in the layout text."""
    lines = pdfcheck.text(doc.content, layout=True).splitlines()
    at = next(i for i, x in enumerate(lines) if "Imputé sur le" in x)
    return " ".join(lines[at:at + 3])


def test_fr4_decompte_imputes_on_penalties_between_professionals(runtime):
    doc = golden(runtime, "decompte")
    header = _imputation_header(doc)
    assert "pénalités" in header and "intérêts" not in header
    assert "Pénalités calculées en intérêts simples, jour par jour" in flat(doc)
    consumer = _imputation_header(golden(runtime, "decompte-consumer"))
    assert "intérêts" in consumer and "pénalités" not in consumer


# ------------------------------------------------------------ 5: the basis of the debt

@pytest.mark.parametrize("name,basis", [
    ("mise_en_demeure", "émises en exécution de nos relations contractuelles, régies par nos"
                        " conditions générales de vente, et demeurées impayées"),
    ("mise_en_demeure-consumer", "émises en exécution de nos relations contractuelles, régies"
                                 " par nos conditions générales de vente, et demeurées"),
    ("mise_en_demeure-avocat", "émises en exécution des relations contractuelles, régies par les"
                               " conditions générales de vente de la société Atelier Dupont,"),
    ("mise_en_demeure-commissaire", "émises en exécution des relations contractuelles, régies par"
                                    " les conditions générales de vente de notre mandante,"),
    ("echeancier", "émises en exécution des relations contractuelles des parties, régies par les"
                   " conditions générales de vente du créancier, dont le détail"),
    ("echeancier-consumer", "émises en exécution des relations contractuelles des parties, régies"
                            " par les conditions générales de vente du créancier, dont le"),
])
def test_fr5_general_terms_are_the_basis_and_the_article_stays_with_penalties(
        runtime, name, basis):
    text = flat(golden(runtime, name))
    assert basis in text
    assert "relations contractuelles (Conditions" not in text
    assert "conditions du créancier (Conditions générales de vente, article 9), dont" not in text
    if name in ("mise_en_demeure", "echeancier"):  # the penalty clause keeps its article
        # once per original: the protocol is in two (fifth reading 3)
        originals = 2 if name == "echeancier" else 1
        assert text.count("(Conditions générales de vente, article 9)") == originals


def test_fr5_no_general_terms_named_when_the_reference_names_none(runtime):
    kind, raw, options = fixture("mise_en_demeure")
    raw = copy_raw(raw)
    raw["terms"]["reference"] = "contrat cadre du 3 mars 2025, clause 4"
    text = flat(render(runtime, kind, raw, options))
    assert "émises en exécution de nos relations contractuelles et demeurées impayées" in text
    assert "(contrat cadre du 3 mars 2025, clause 4)" in text  # in the penalties sentence


# ------------------------------------------------------- 6: « vous » and « à nouveau »

def test_fr6_consumer_notice_speaks_to_her_and_says_it_is_a_second_notice(runtime):
    text = flat(golden(runtime, "mise_en_demeure-consumer"))
    assert "Madame, Vous restez redevable envers notre société de la somme en principal" in text
    assert "Mme Claire LEFÈVRE, demeurant" not in text
    assert "nous vous mettons à nouveau en demeure de nous régler" in text


def test_fr6_company_notice_says_votre_societe_and_a_first_notice_no_a_nouveau(runtime):
    text = flat(golden(runtime, "mise_en_demeure"))
    assert ("Votre société, Martin Bâtiment (SAS), immatriculée sous le n° 404 833 048 au RCS de"
            " Lyon, dont le siège social est situé 45 avenue Roger Salengro, 69100 Villeurbanne,"
            " représentée par son président, M. Paul Martin, reste redevable envers notre"
            " société") in text
    assert "à nouveau" not in text  # no earlier mise en demeure on file
    for name in ("mise_en_demeure-avocat", "mise_en_demeure-commissaire"):
        agent = flat(golden(runtime, name))
        assert "Votre société, Martin Bâtiment (SAS)" in agent
        assert "reste redevable envers la société Atelier Dupont" in agent


def test_fr6_a_nouveau_follows_the_file_not_the_regime(runtime):
    kind, raw, options = fixture("mise_en_demeure-consumer")
    text = flat(render(runtime, kind, without_reminders(raw, "mise_en_demeure"), options))
    assert "nous vous mettons en demeure de nous régler" in text and "à nouveau" not in text


# ------------------------------------------------- 7: CPC 750-1 before the assignation

def test_fr7_consumer_notice_under_5000_names_the_prior_amicable_attempt(runtime):
    text = flat(golden(runtime, "mise_en_demeure-consumer"))
    assert ("d’une requête en injonction de payer (articles 1405 et suivants du code de procédure"
            " civile), ou, après la tentative préalable de résolution amiable qu’exige l’article"
            " 750-1 du même code, vous ferons assigner en paiement") in text


def test_fr7_commercial_court_or_larger_claim_without_the_750_1_clause(runtime):
    assert "750-1" not in flat(golden(runtime, "mise_en_demeure"))  # tribunal de commerce
    kind, raw, options = fixture("mise_en_demeure-consumer")
    raw = copy_raw(raw)
    raw["invoices"][1]["amount_incl_tax"] = "3500.00"  # above 5 000 € in all
    text = flat(render(runtime, kind, raw, options))
    assert "750-1" not in text and "ou vous ferons assigner en paiement" in text


# ----------------------------------------------------------- 8: who designated the invoice

@pytest.mark.parametrize("name", ["decompte", "decompte-consumer"])
def test_fr8_decompte_says_the_invoice_named_in_the_payment(runtime, name):
    text = flat(golden(runtime, name))
    assert "désigné par le débiteur" not in text
    assert "imputé sur la facture désignée au paiement" in text


# ---------------------------------------------- 9: the protocol goes to its signatory

def _window(doc) -> list[str]:
    lines = pdfcheck.text(doc.content, layout=True).splitlines()
    start = next(i for i, x in enumerate(lines) if x.strip().endswith("MARTIN BATIMENT"))
    # the window is the right column: the left one (references, Objet) shares its lines
    return [re.split(r"\s{3,}", x.strip())[-1] for x in lines[start:start + 6]]


def test_fr9_protocol_to_a_service_is_addressed_to_the_president(runtime):
    doc = golden(runtime, "echeancier")
    window = _window(doc)
    assert window[:3] == ["MARTIN BATIMENT", "PAUL MARTIN, PRESIDENT",
                          "SERVICE COMPTABILITE FOURNISSEURS"]
    # the letters keep the service alone on line 2
    assert "PAUL MARTIN" not in " ".join(_window(golden(runtime, "mise_en_demeure")))


# -------------------------------------------------- 10: one deadline rule for LRARs

def test_fr10_relance_3_and_mise_en_demeure_of_the_same_day_share_the_deadline(runtime):
    relance, notice = golden(runtime, "relance-3"), golden(runtime, "mise_en_demeure")
    assert "au plus tard le 1er décembre 2026" in flat(relance)
    assert "30 novembre 2026" not in flat(relance)
    assert relance.details["deadline"] == notice.details["deadline"] == "2026-12-01"
    # an ordinary letter still counts from its date
    kind, raw, options = fixture("relance-3")
    simple = render(runtime, kind, raw, {**options, "postage": {"registered": False},
                                         "lrar": False})
    assert simple.details["deadline"] == "2026-11-30"


# ------------------------------------------------------------- 11: typography

@pytest.mark.parametrize("name", ["echeancier", "echeancier-consumer"])
def test_fr11_unpaid_invoice_shows_zero_paid_and_aucuns_frais(runtime, name):
    doc = golden(runtime, name)
    row = next(x for x in pdfcheck.text(doc.content, layout=True).splitlines()
               if x.strip().startswith("F-2026-0152") and "15/06/2026" in x)
    assert re.sub(r"\s+", " ", row.strip()).endswith("1 500,00 € 0,00 € 1 500,00 €")
    text = flat(doc)
    assert "ni aucuns frais ne s’ajoutent" in text and "aucun frais ne s’ajoute" not in text
