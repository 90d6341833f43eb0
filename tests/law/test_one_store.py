"""Issue 11, point 8 (one store of dated legal data) and point 10 (courts split by concern):
the court data, the La Poste tariffs and the legal-form classification are parameters of the
tree, read through its one loader, and the documents say what the tree holds."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from service.contract import load_request
from service.documents.generate import generate
from service.documents.registry import KINDS
from service.errors import CaseInvalid
from service.law import courts
from service.law.courts import data
from service.law.legal_forms import activity_for_legal_form, has_nature
from service.law.parameters import load, names
from service.paths import ROOT
from tests import pdfcheck
from tests.documents.test_bordereau import evidence
from tests.documents.test_insolvency_guard import insolvent_raw
from tests.factories import example_raw, inv, make_case

SERVICE = ROOT / "service"


def render(runtime, kind, raw, **options):
    case, opts = load_request({"case": raw, "options": options}, KINDS[kind])
    return generate(kind, case, opts, runtime)


@pytest.fixture(scope="module")
def greffe_letter(runtime):
    raw = example_raw()
    raw["evidence"] = evidence()
    return render(runtime, "lettre_greffe", raw)


def test_i11_8_the_tae_the_letter_names_is_the_trees(greffe_letter):
    """Lyon in 2026: the TAE of the tree's list, dated by the tree's experiment."""
    tae = {c["seat"]: c for c in load(names.TAE_COURTS).values[-1].value["courts"]}
    assert len(tae) == 12
    start, end = data.tae_experiment()
    assert (start, end) == (date(2025, 1, 1), date(2028, 12, 31))
    text = pdfcheck.flat(greffe_letter.content)
    assert "au président du " + tae["Lyon"]["name"][0].lower() + tae["Lyon"]["name"][1:] \
        in text
    # the free-form requête is filed (no Cerfa installed: second reading 2)
    assert "Cerfa" not in text and "la requête en injonction de payer ;" in text


def test_i11_8_the_court_data_has_a_status_and_a_reference_per_value():
    for name in (names.TAE_COURTS, names.TAE_EXPERIMENT, names.ALSACE_MOSELLE, names.OVERSEAS,
                 names.ARTISANS_COMMERCIAL_COURT, names.TRIBUNAL_JUDICIAIRE,
                 names.ECONOMIC_JUSTICE_CONTRIBUTION_THRESHOLD, names.LEGAL_FORMS,
                 names.REGISTERED_LETTER, names.REGISTERED_COMPENSATION):
        for v in load(name).values:
            assert v.status and v.reference.title, (name, v.valid_from)
    threshold = load(names.ECONOMIC_JUSTICE_CONTRIBUTION_THRESHOLD).values[0]
    assert threshold.value == Decimal("50000.00") and threshold.status == "secondary"
    assert load(names.ARTISANS_COMMERCIAL_COURT).at(date(2021, 12, 31)).value is False
    assert load(names.ARTISANS_COMMERCIAL_COURT).at(date(2022, 1, 1)).value is True


def test_i11_8_a_date_the_court_data_does_not_cover_is_still_a_422():
    """Before the tree's first value (the tribunal judiciaire, 1 January 2020): a 422 at
    case.as_of, as when the date came from courts_data.yaml."""
    case = make_case([inv("F-1", "1000.00", "2019-06-01")], as_of="2019-12-31")
    with pytest.raises(CaseInvalid) as exc:
        courts.choose_court(case, claim_amount=Decimal("1000.00"))
    (error,) = exc.value.errors
    assert (error.path, error.code) == ("case.as_of", "date_not_supported")
    assert "01/01/2020" in error.message_fr
    assert data.supported_from() == date(2020, 1, 1)


def test_i11_8_one_legal_form_table_decides_the_activity_and_the_court(runtime):
    """« SCP »: liberal by the table (the contract derives the activity), civil by the same
    table (the court): the tribunal judiciaire's form 12948*06 in the letter."""
    assert activity_for_legal_form("S.C.P.") == "liberal"
    assert has_nature("SCP Martin et associés", "civil")
    assert has_nature("SELARL Cabinet", "liberal_commercial")
    assert not has_nature("SAS", "civil")
    raw = example_raw()
    raw["evidence"] = evidence()
    raw["debtor"]["legal_form"] = "SCP"
    raw["debtor"].pop("activity", None)
    raw["court"] = {"name": "Tribunal judiciaire de Lyon",
                    "address": {"street": "67 rue Servient", "postal_code": "69003",
                                "city": "Lyon"}}
    doc = render(runtime, "lettre_greffe", raw)
    text = pdfcheck.flat(doc.content)
    assert "Cerfa" not in text and "la requête en injonction de payer ;" in text
    assert "GREFFE DU TRIBUNAL JUDICIAIRE DE LYON" in text or "GREFFE DU TJ DE LYON" in text


def test_i11_8_the_price_of_the_letter_is_the_trees_grid(runtime):
    raw = insolvent_raw()
    doc = render(runtime, "declaration_de_creance", raw)
    p = doc.postage
    grid = load(names.REGISTERED_LETTER).at(date.fromisoformat(raw["as_of"])).value
    steps = load(names.LETTER_WEIGHTS).values[-1].value["steps_g"]
    assert p["weight_step_g"] in steps
    expected = (Decimal(grid["prices"][p["level"]][p["weight_step_g"]])
                + Decimal(grid["avis_de_reception"]["value"]))
    assert Decimal(p["price_eur"]) == expected
    assert "LETTRE RECOMMANDÉE AVEC DEMANDE D’AVIS DE RÉCEPTION" in pdfcheck.flat(doc.content)


def test_i11_8_french_formatting_only_in_fr():
    """No local NBSP constant, date pattern or half-up rounding outside service/fr.py."""
    found = []
    for path in SERVICE.rglob("*.py"):
        rel = str(path.relative_to(ROOT))
        if rel == "service/fr.py":
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in (r"^\s*_?N?NBSP\s*=", r":%d/%m/%Y\}", r"strftime\(['\"]%d/%m/%Y",
                        r"def _(eur|fr_date|money_fr)\b", r"quantize\(CENT, rounding=ROUND_HALF_UP\)"):
            if re.search(pattern, text, re.MULTILINE):
                found.append((rel, pattern))
    assert not found, found


def test_i11_10_courts_is_a_package_of_small_modules_with_one_face(greffe_letter):
    folder = SERVICE / "law" / "courts"
    assert not (SERVICE / "law" / "courts.py").exists()
    modules = {p.stem: len(p.read_text(encoding="utf-8").splitlines())
               for p in folder.glob("*.py")}
    assert {"choice", "rules", "fees", "data", "naming", "kinds", "findings"} <= set(modules)
    assert max(modules.values()) < 400, modules
    assert set(courts.__all__) >= {"CourtChoice", "choose_court"}
    # the same choice reaches the document: the TAE and its president, the 1425 fee
    text = pdfcheck.flat(greffe_letter.content)
    # the fee of the tree reaches the answer; unconfirmed, never the letter (second reading 3)
    assert "tribunal des activités économiques de Lyon" in text and "25,19" not in text
    assert greffe_letter.details["court_fee_eur"] == "25.19"
