"""The practitioner's third reading, minor findings (item 6 a–d) and LR15 (second reading: a
debtor in Brussels), read back from the PDF."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from service.contract import load_request
from service.documents.generate import generate
from service.documents.registry import KINDS
from service.law.parameters import names
from service.law.texts import legal_text
from tests import pdfcheck
from tests.documents.test_bordereau import evidence
from tests.factories import copy_raw, example_raw, private_creditor_raw

VISUAL = Path(__file__).resolve().parents[1] / "fixtures" / "visual"
MM = 72 / 25.4
ON = date(2026, 11, 20)


def render(runtime, kind, raw, **options):
    case, opts = load_request({"case": raw, "options": {"sign": False, **options}}, KINDS[kind])
    return generate(kind, case, opts, runtime)


def flat(doc) -> str:
    return pdfcheck.flat(doc.content)


def codes(doc) -> list[str]:
    return [w["code"] for w in doc.warnings]


def object_line(doc) -> str:
    """The Objet as laid out in the letter's left column (pdfcheck reads its word boxes)."""
    return pdfcheck.object_line(doc.content)


def with_reminders(n: int) -> dict:
    """The example case with its first ``n`` reminders (email, phone, letter)."""
    raw = copy_raw(example_raw())
    raw["reminders"] = raw["reminders"][:n]
    return raw


def brussels() -> dict:
    raw = json.loads((VISUAL / "abroad.case.json").read_text(encoding="utf-8"))
    return raw.get("case", raw)


# ------------------------------------------------------------------ 6a: « un simple oubli »

def test_tr6a_relance_1_without_reminders_supposes_an_oversight(runtime):
    doc = render(runtime, "relance", with_reminders(0), level=1)
    text = flat(doc)
    assert "Sauf erreur ou omission de notre part, le règlement des factures suivantes" in text
    assert "Ce retard tient sans doute à un simple oubli. Nous vous remercions" in text
    assert "Malgré" not in text and "relance_level_inconsistent" not in codes(doc)


def test_tr6a_relance_1_after_reminders_cites_them_instead_of_an_oversight(runtime):
    doc = render(runtime, "relance", example_raw(), level=1)
    text = flat(doc)
    assert "simple oubli" not in text
    assert ("Malgré nos relances des 10 juin 2026 (courriel, facture F-2026-0117), 20 juillet"
            " 2026 (appel"
            " téléphonique) et 1er septembre 2026 (courrier), le règlement des factures"
            " suivantes, arrivées à échéance, ne nous est toujours pas parvenu :") in text
    assert "Nous vous remercions de bien vouloir procéder au règlement de la somme de" in text
    # one reminder: the singular sentence the relances already build; a private person: « ma »
    one = flat(render(runtime, "relance", with_reminders(1), level=1))
    assert "Malgré notre relance du 10 juin 2026 (courriel, facture F-2026-0117), le règlement" \
        in one
    assert "simple oubli" not in one
    raw = private_creditor_raw()
    raw["reminders"] = with_reminders(1)["reminders"]
    mine = flat(render(runtime, "relance", raw, level=1))
    assert "Malgré ma relance du" in mine and "ne m’est toujours pas parvenu" in mine
    assert "simple oubli" not in mine


# ------------------------------------------------------------------ 6b: numbering vs the file

@pytest.mark.parametrize("level,reminders,title,numbered", [
    (2, 1, "2e relance pour factures impayées", True),
    (2, 0, "2e relance pour factures impayées", True),
    (2, 2, "Nouvelle relance pour factures impayées", False),
    (2, 3, "Nouvelle relance pour factures impayées", False),
    (3, 2, "3e et dernière relance avant mise en demeure", True),
    (3, 3, "Dernière relance avant mise en demeure", False),
])
def test_tr6b_the_relance_number_never_contradicts_the_reminders_on_file(
        runtime, level, reminders, title, numbered):
    doc = render(runtime, "relance", with_reminders(reminders), level=level)
    assert object_line(doc).startswith(title + " — F-2026-0117"), object_line(doc)
    assert doc.details["relances_on_file"] == reminders
    assert doc.details["numbered"] is numbered
    assert ("relance_level_inconsistent" in codes(doc)) is (not numbered)
    if not numbered:
        text = flat(doc)
        assert "2e relance" not in text and "3e et dernière" not in text
        w = next(w for w in doc.warnings if w["code"] == "relance_level_inconsistent")
        assert w["path"] == "options.level" and f"déjà {reminders} relances" in w["message_fr"]


def test_tr6b_a_first_reminder_after_relances_is_flagged_not_numbered(runtime):
    doc = render(runtime, "relance", example_raw(), level=1)  # three relances on file
    # sixth reading 2: after three relances, no « Rappel » (it reads as a first letter)
    assert object_line(doc).startswith("Relance — factures impayées")
    assert "relance_level_inconsistent" in codes(doc)
    assert doc.details["numbered"] is False and doc.details["relances_on_file"] == 3
    assert "relance_level_inconsistent" not in codes(
        render(runtime, "relance", with_reminders(0), level=1))


# ------------------------------------------------------------------ 6c: the greffe letter

def _greffe_raw():
    raw = copy_raw(example_raw())
    raw["evidence"] = evidence()
    return raw


@pytest.mark.parametrize("kind,options", [("lettre_greffe", {}),
                                          ("injonction_de_payer", {"cover_letter": True})])
def test_tr6c_greffe_letter_addresses_the_greffe_in_one_form(runtime, kind, options):
    doc = render(runtime, kind, _greffe_raw(), **options)
    letter = pdfcheck.flat(doc.content)
    if kind == "injonction_de_payer":
        letter = letter.split("REQUÊTE EN INJONCTION DE PAYER")[0]
    assert "Madame, Monsieur le Greffier, J’ai l’honneur de vous adresser" in letter
    assert ("Je vous prie d’agréer, Madame, Monsieur le Greffier, l’expression de ma"
            " considération distinguée.") in letter
    assert ("afin qu’elle soit présentée au président du tribunal des activités économiques de"
            " Lyon") in letter
    # no second form of address: neither « Monsieur le Président » nor « À l’attention »
    assert "Monsieur le Président" not in letter and "attention" not in letter
    assert letter.count("Madame, Monsieur") == 2


def test_tr6c_commercial_chamber_president_named_by_function(runtime):
    raw = _greffe_raw()
    raw["debtor"]["address"] = {"street": "3 quai Kléber", "postal_code": "67000",
                                "city": "Strasbourg"}
    raw["debtor"]["rcs_city"] = "Strasbourg"
    raw["court"] = {"name": "Tribunal judiciaire de Strasbourg (chambre commerciale)",
                    "address": {"street": "19 quai Finkwiller", "postal_code": "67000",
                                "city": "Strasbourg"}}
    text = flat(render(runtime, "lettre_greffe", raw))
    assert "présentée au président de la chambre commerciale du tribunal judiciaire de" \
           " Strasbourg" in text
    assert "Monsieur le Président" not in text


# ------------------------------------------------------------------ 6d: the reproduced texts

def test_tr6d_texts_kept_as_read_and_their_wording_in_force_flagged(runtime):
    doc = render(runtime, "petites_creances", example_raw() | {
        "issuer": {**example_raw()["issuer"],
                   "signatory": {"name": "Maître Jean Roche",
                                 "title": "Commissaire de justice associé"}}})
    body = pdfcheck.body(doc.content).replace("’", "'")
    body = re.sub(r"[\s\u00a0\u202f]+", " ", re.sub(r"\u2010\s+", "", body))
    # the words as read in the snapshot, never rewritten (no invented « commissaire » version)
    l125 = legal_text(names.CPCE_L125_1, ON)
    for p in l125.paragraphs:
        assert re.sub(r"\s+", " ", p) in body
    assert "constaté par l'huissier de justice, suspend la prescription" in body
    # « huissier de justice » only inside the reproduced texts, never in our own wording
    own, reproduced = body.split("Textes reproduits en application")[0], body
    assert "huissier" not in own and "huissier de justice" in reproduced
    statuses = {t["text"]: t["status"] for t in doc.details["texts"]}
    assert statuses == {"textes.cpce_l111_2": "verified", "textes.cpce_l111_3": "unverified",
                        "textes.cpce_l125_1": "unverified", "textes.civ_2238": "unverified"}
    w = next(w for w in doc.warnings if w["code"] == "legal_text_snapshot")
    for heading in ("article L. 111-3 du code des procédures civiles d’exécution",
                    "article L. 125-1 du code des procédures civiles d’exécution",
                    "article 2238 du code civil"):
        assert heading in w["message_fr"]
    assert "L. 111-2" not in w["message_fr"] and "Légifrance" in w["message_fr"]
    assert "UNVERIFIED" not in pdfcheck.flat(doc.content)
    assert legal_text(names.CIV_2238, ON).source.status == "unverified"


# ------------------------------------------------------------------ LR15: a debtor in Brussels

def test_lr15_belgian_block_postcode_before_town_country_last(runtime):
    doc = render(runtime, "relance", brussels(), level=3)
    words = pdfcheck.words(doc.content, 1)
    rows: dict[int, list[str]] = {}
    for w in words:
        if 100 * MM <= w[1] <= 190 * MM and 50 * MM <= w[2] <= 85 * MM:
            rows.setdefault(round(w[2] / MM), []).append(w[0])
    lines = [" ".join(v) for _, v in sorted(rows.items())]
    assert lines[-3:] == ["IXELLES", "1050 BRUXELLES", "BELGIQUE"], lines
    assert lines.index("45 AVENUE LOUISE") < lines.index("1050 BRUXELLES")
    assert doc.postage["recipient_lines"][-1] == "BELGIQUE"


@pytest.mark.parametrize("kind,options", [("mise_en_demeure", {}),
                                          ("relance", {"level": 3})])
def test_lr15_debtor_abroad_no_french_procedure_named(runtime, kind, options):
    doc = render(runtime, kind, brussels(), **options)
    text = flat(doc)
    assert "1405" not in text and "injonction de payer" not in text
    assert "la juridiction compétente afin d’obtenir un titre exécutoire" in text
    w = next(w for w in doc.warnings if w["code"] == "debtor_abroad")
    assert "1896/2006" in w["message_fr"] and w["path"] == "case.debtor.address.country"
    # a debtor in France keeps the injonction de payer
    home = render(runtime, kind, example_raw(), **options)
    assert "injonction de payer (articles 1405 et suivants" in flat(home)
    assert "debtor_abroad" not in codes(home)


def test_lr15_the_seat_in_a_sentence_names_the_country_in_prose(runtime):
    doc = render(runtime, "mise_en_demeure", brussels())
    text = flat(doc)
    assert "dont le siège social est situé 45 avenue Louise, Ixelles, 1050 Bruxelles," \
           " Belgique, représentée" in text
    assert "BELGIQUE, représentée" not in text
    # the postal block keeps the capitals of a country line
    assert doc.postage["recipient_lines"][-2:] == ["1050 BRUXELLES", "BELGIQUE"]


def test_tr6c_requete_addresses_the_president_in_both_genders(runtime):
    """The requête does not guess the president's gender: « À Madame ou Monsieur le Président
    du … » and « qu’il plaise à Madame ou Monsieur le Président » (third reading 6c, carried to
    the requête)."""
    text = pdfcheck.flat(render(runtime, "injonction_de_payer", example_raw()).content)
    assert "À Madame ou Monsieur le Président du tribunal" in text
    assert "qu’il plaise à Madame ou Monsieur le Président" in text
    assert "À Monsieur le Président" not in text


def test_sx2_a_level_1_letter_after_relances_is_no_rappel(runtime):
    """Sixth reading 2: with relances on file a level-1 letter is titled « Relance — factures
    impayées », without them « Rappel — factures arrivées à échéance »."""
    assert object_line(render(runtime, "relance", example_raw(), level=1)).startswith(
        "Relance — factures impayées")
    assert object_line(render(runtime, "relance", with_reminders(0), level=1)).startswith(
        "Rappel — factures arrivées à échéance")
