"""The practitioner's second reading of the letters (December 2026, findings LR1-LR17, part 1),
read back from the PDF."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from service.contract import load_request
from service.documents.generate import generate
from service.documents.registry import KINDS
from service.law.deadlines import add_postal_days, expected_presentation
from tests import pdfcheck
from tests.factories import consumer_raw, example_raw

VISUAL = Path(__file__).resolve().parents[1] / "fixtures" / "visual"


def render(runtime, kind, raw, **options):
    case, opts = load_request({"case": raw, "options": {"sign": False, **options}}, KINDS[kind])
    return generate(kind, case, opts, runtime)


def visual(name):
    raw = json.loads((VISUAL / f"{name}.case.json").read_text(encoding="utf-8"))
    return raw.get("case", raw)


def flat(doc) -> str:
    """The text on one line, French hyphenation cuts joined."""
    return re.sub(r"\s+", " ", pdfcheck.flat(doc.content))


def with_officer(raw):
    raw["issuer"].update({"signatory": {"name": "Maître Jean Roche",
                                        "title": "Commissaire de justice associé"},
                          "legal_form": "SELARL", "siren": "552100554",
                          "rcs_city": "Villeurbanne"})
    return raw


def codes(doc) -> list[str]:
    return [w["code"] for w in doc.warnings]


# --------------------------------------------------------------------------- 1 deadline

def test_lr1_presentation_counts_postal_working_days():
    # Friday 20/11/2026: Saturday 21 is a postal day, Sunday 22 is not -> Monday 23
    assert add_postal_days(date(2026, 11, 20), 2) == date(2026, 11, 23)
    # Tuesday 10/11/2026: Wednesday 11 is the Armistice -> Thursday 12, Friday 13
    assert add_postal_days(date(2026, 11, 10), 2) == date(2026, 11, 13)
    # Thursday 24/12: Christmas, then Saturday 26 and Monday 28
    assert add_postal_days(date(2026, 12, 24), 2) == date(2026, 12, 28)
    p = expected_presentation(date(2026, 11, 20), domestic=True)
    assert (p.on, p.days, p.sourced) == (date(2026, 11, 23), 2, True)
    assert not expected_presentation(date(2026, 11, 20), domestic=False).sourced


@pytest.mark.parametrize("issuer", ["creditor", "avocat", "commissaire_de_justice"])
def test_lr1_mise_en_demeure_deadline_from_first_presentation_in_postal_days(runtime, issuer):
    raw = example_raw()
    if issuer == "commissaire_de_justice":
        raw = with_officer(visual("wide"))
    doc = render(runtime, "mise_en_demeure", raw, issuer=issuer)
    text = flat(doc)
    # 20/11 (Friday) -> presented Monday 23/11 -> + 8 days = Tuesday 1/12 (the old count, J+2
    # in calendar days from Sunday 22/11, gave 30/11)
    assert "au plus tard le 1er décembre 2026, ce qui vous laisse un délai de huit (8) jours" \
           " après la première présentation prévisible de la présente lettre" in text
    assert "30 novembre 2026" not in text and "distribution prévisible" not in text
    assert doc.details["deadline"] == "2026-12-01"


def test_lr1_letter_dated_before_a_holiday(runtime):
    raw = example_raw()
    raw["as_of"] = "2026-11-10"  # Tuesday; Wednesday 11 November is the Armistice
    doc = render(runtime, "mise_en_demeure", raw)
    # presented Friday 13/11 -> + 8 = Saturday 21/11 -> Monday 23/11 (was Friday 20/11)
    assert "au plus tard le 23 novembre 2026" in flat(doc)
    assert doc.details["deadline"] == "2026-11-23"
    assert doc.details["deadline_extended"] is True


def test_lr1_letter_abroad_runs_from_the_first_presentation_and_warns(runtime):
    doc = render(runtime, "mise_en_demeure", visual("abroad"))
    text = flat(doc)
    assert "au plus tard le 10 décembre 2026, ou, si la présente lettre vous est présentée pour" \
           " la première fois après le 2 décembre 2026, dans les huit (8) jours de cette" \
           " première présentation" in text
    assert "presentation_date_assumed" in codes(doc)
    assert "prévisible" not in text


# --------------------------------------------------------------------------- 2 RCS town

def test_lr2_rcs_printed_with_the_greffe_town(runtime):
    raw = visual("wide")  # debtor rcs_city « Villeurbanne »
    raw["creditor"]["rcs_city"] = "Villeurbanne"
    doc = render(runtime, "mise_en_demeure", raw)
    text = flat(doc)
    assert "immatriculée sous le n° 404 833 048 au RCS de Lyon" in text
    assert "RCS Lyon 732 829 320" in text  # the creditor's footer (R123-237)
    assert "Villeurbanne 732" not in text and "RCS de Villeurbanne" not in text
    assert "RCS Villeurbanne" not in text
    assert codes(doc).count("rcs_city_unknown") >= 1  # the warning stays
    # the étude's footer (its own rcs_city « Villeurbanne »)
    cj = flat(render(runtime, "mise_en_demeure", with_officer(visual("wide")),
                     issuer="commissaire_de_justice"))
    assert "RCS Lyon 552 100 554" in cj and "Villeurbanne 552" not in cj


def test_lr2_company_seated_abroad_gets_no_french_rcs(runtime):
    doc = render(runtime, "mise_en_demeure", visual("abroad"))
    text = flat(doc)
    start = text.index("Votre société, Martin Bâtiment")  # fourth reading 6
    designation = text[start:text.index("reste redevable", start)]
    assert "RCS" not in designation and "immatriculée" not in designation
    assert "404 833 048" not in text
    assert "RCS Lyon 732 829 320" in text  # the French creditor keeps its own


# --------------------------------------------------------------------------- 3 seat

def test_lr3_seat_without_delivery_point_lines(runtime):
    doc = render(runtime, "mise_en_demeure", example_raw())
    text = flat(doc)
    assert "dont le siège social est situé 45 avenue Roger Salengro, 69100 Villeurbanne," in text
    assert "situé Bâtiment B" not in text


def test_lr3_seat_is_the_legal_address_when_given(runtime):
    raw = example_raw()
    raw["debtor"]["legal_address"] = {"street": "3 place Bellecour", "postal_code": "69002",
                                      "city": "Lyon", "country": "FR"}
    text = flat(render(runtime, "mise_en_demeure", raw))
    assert "dont le siège social est situé 3 place Bellecour, 69002 Lyon," in text


# --------------------------------------------------------------------------- 8 place

def test_lr8_agent_letter_dated_from_the_agents_town(runtime):
    raw = with_officer(visual("many"))  # signatory.place « Villefranche-sur-Saône »
    for issuer in ("avocat", "commissaire_de_justice"):
        text = flat(render(runtime, "mise_en_demeure", raw, issuer=issuer))
        assert "Lyon, le 20 novembre 2026" in text
        assert "Villefranche-sur-Saône, le" not in text
    # the creditor's own letter keeps its signatory's place
    text = flat(render(runtime, "mise_en_demeure", raw))
    assert "Villefranche-sur-Saône, le 20 novembre 2026" in text


# --------------------------------------------------------------------------- 9 « Société … »

def test_lr9_name_beginning_with_societe_printed_whole(runtime):
    # already fixed by parties.short_designation (s21-fixb): verified on the letter
    text = flat(render(runtime, "mise_en_demeure", visual("many"), issuer="avocat"))
    assert "régler à la Société Nouvelle des Établissements" in text
    assert "la Société Nouvelle des Établissements Menuiserie" in text
    assert "saisira" in text
    assert "société Nouvelle" not in text and "société Société" not in text


# --------------------------------------------------------------------------- 14 comma

def test_lr14_consumer_relance_no_comma_between_verb_and_object(runtime):
    raw = consumer_raw()
    raw["reminders"] = [r for r in raw.get("reminders", []) if r["kind"] != "mise_en_demeure"]
    for level in (2, 3):
        text = flat(render(runtime, "relance", raw, level=level))
        assert not re.search(r"de régler[^.]{0,40}au plus tard le \d+\S* \w+ \d{4}, la somme",
                             text)
        assert "Nous vous demandons de régler la somme de 4 500,00 €" in text
        assert re.search(r"montant en principal restant dû, (sans délai et )?au plus tard le"
                         r" \d+\S* \w+ \d{4}\.", text)


# --------------------------------------------------------------------------- 16 one term

def test_lr16_one_term_for_the_registered_letter(runtime):
    raw = visual("many")  # 40 invoices: a C4 letter with its address sheet
    for kind, opts in (("mise_en_demeure", {}), ("relance", {"level": 3})):
        doc = render(runtime, kind, raw if kind == "mise_en_demeure" else example_raw(), **opts)
        text = flat(doc).lower()
        assert "accusé de réception" not in text
        assert "lettre recommandée avec demande d’avis de réception" in text
    sheet = render(runtime, "mise_en_demeure", raw)
    assert "feuille porte-adresse" in pdfcheck.text(sheet.content).lower()


# --------------------------------------------------------------------------- 17 lawyer

@pytest.mark.parametrize(("civility", "noun"), [("Mme", "Avocate"), (None, "Avocat")])
def test_lr17_lawyer_names_herself_without_maitre(runtime, civility, noun):
    raw = visual("many")  # lawyer « Maître Sophie Garnier »
    if civility:
        raw["lawyer"]["civility"] = civility
    doc = render(runtime, "mise_en_demeure", raw, issuer="avocat")
    text = flat(doc)
    assert "Maître Sophie Garnier" not in text and "MAÎTRE" not in text.upper().replace(
        "MAÎTRE D", "")
    assert f"Sophie GARNIER {noun} au barreau de Lyon" in text
    assert "N/Réf." in text and "Nos réf." not in text
